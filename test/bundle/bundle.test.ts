/**
 * The file `clasp push` uploads (dist/Code.js) loads in a bare JavaScript
 * context, exposes every entry point of src/main.ts as a real top-level
 * function, uses nothing Apps Script lacks, and stays small (every trigger
 * run and sidebar call loads all of it).
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import {build, ROOT} from '../app/helpers';

const BUNDLE = path.join(ROOT, 'dist/Code.js');
// Apps Script parses the whole project on every execution (each trigger run,
// each sidebar call). 256 KB minified holds the domain, the use cases, zod
// and the template data with room for the next features; `npm run bench`
// reports the size and the load time in a bare V8 context (a few ms).
const BUDGET_BYTES = 256 * 1024;

/** The names src/main.ts exports, from an ESM build's metafile. */
function mainExports(): string[] {
  const result = esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'src/main.ts')],
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'esm',
    write: false,
    metafile: true,
    outfile: 'main.mjs',
    logLevel: 'silent',
  });
  return [...Object.values(result.metafile!.outputs)[0].exports].sort();
}

describe('the Apps Script bundle', () => {
  let code: string;
  beforeAll(() => {
    build();
    code = fs.readFileSync(BUNDLE, 'utf8');
  });

  it('loads in a vm context holding only console, with every export a top-level function', () => {
    const context = vm.createContext({console});
    expect(() =>
      vm.runInContext(code, context, {filename: 'Code.js'}),
    ).not.toThrow();
    const exports = mainExports();
    expect(exports).toEqual(
      expect.arrayContaining([
        'onOpen',
        'onInstall',
        'submitAlert',
        'runDaily',
        'setupTracker',
      ]),
    );
    for (const name of exports)
      expect(`${name}: ${typeof context[name]}`).toBe(`${name}: function`);
    // Loading does no work: no service is touched at load time.
  });

  it('contains nothing Apps Script does not have', () => {
    for (const forbidden of [
      'require(',
      'process.',
      'Buffer',
      'setTimeout',
      'new Function',
      'eval(',
      'fetch(',
      'structuredClone(',
    ]) {
      expect(`${forbidden}: ${code.includes(forbidden)}`).toBe(
        `${forbidden}: false`,
      );
    }
  });

  it(`stays under ${BUDGET_BYTES / 1024} KB`, () => {
    const bytes = Buffer.byteLength(code);
    console.log(`dist/Code.js: ${(bytes / 1024).toFixed(1)} KB`);
    expect(bytes).toBeLessThan(BUDGET_BYTES);
  });

  it('dist/ holds exactly what clasp pushes: Code.js, appsscript.json and the sidebars', () => {
    const files = fs.readdirSync(path.join(ROOT, 'dist')).sort();
    expect(files).toContain('Code.js');
    expect(files).toContain('appsscript.json');
    expect(
      files.every(
        f => f === 'Code.js' || f === 'appsscript.json' || f.endsWith('.html'),
      ),
    ).toBe(true);
    const clasp = JSON.parse(
      fs.readFileSync(path.join(ROOT, '.clasp.json'), 'utf8'),
    );
    expect(clasp.rootDir).toBe('dist');
  });

  it('S2: the manifest asks for exactly the narrowest scopes, V8 and Europe/London', () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'dist/appsscript.json'), 'utf8'),
    );
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.timeZone).toBe('Europe/London');
    expect([...manifest.oauthScopes].sort()).toEqual(
      [
        'https://www.googleapis.com/auth/spreadsheets',
        'https://www.googleapis.com/auth/script.container.ui',
        'https://www.googleapis.com/auth/script.send_mail',
        'https://www.googleapis.com/auth/documents',
        'https://www.googleapis.com/auth/drive.file',
        'https://www.googleapis.com/auth/script.scriptapp',
        'https://www.googleapis.com/auth/userinfo.email',
      ].sort(),
    );
    expect(
      manifest.dependencies.enabledAdvancedServices
        .map((s: {userSymbol: string}) => s.userSymbol)
        .sort(),
    ).toEqual(['Drive', 'Sheets']);
  });
});
