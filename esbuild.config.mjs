// Build recipe (ARCHITECTURE.md, "Build (verified recipe)"):
//  1. an in-memory ESM build of src/main.ts whose metafile names its exports;
//  2. one IIFE bundle (globalName __app) plus one real top-level `function`
//     per export, so Apps Script can call every entry point by name;
//  3. dist/appsscript.json and the sidebar html (client TypeScript inlined);
//  4. the local workspace's command-line tools into build/local/ (Node only,
//     never uploaded).
// `dist/` is exactly what `clasp push` uploads (.clasp.json rootDir).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const argv = process.argv.slice(2);
const argOf = name => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
// --outdir DIR and --tabs FILE build the add-on against another template
// (the upgrade test builds "the next version" this way).
const dist = path.resolve(argOf('--outdir') ?? path.join(root, 'dist'));
const tabsOverride = argOf('--tabs') && path.resolve(argOf('--tabs'));
const templatePlugin = {
  name: 'template-override',
  setup(build) {
    if (!tabsOverride) return;
    build.onResolve({filter: /sheets-template\/tabs\.json$/}, () => ({path: tabsOverride}));
  },
};
const buildDir = path.join(root, 'build');

/**
 * Write a build output atomically (temporary file, then rename), so a
 * scenario or test reading dist/ while another build runs never sees half a
 * file.
 */
function writeAtomic(file, content) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

const gasOptions = {
  entryPoints: [path.join(root, 'src/main.ts')],
  bundle: true,
  platform: 'neutral',
  target: 'es2020',
  mainFields: ['module', 'main'],
  conditions: ['import', 'default'],
  // Apps Script parses the whole file on every execution (each trigger run,
  // each sidebar call), so the bundle is minified. Error messages carry
  // their own meaning; the names of entry points are kept by the stubs.
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [templatePlugin],
};

/** Names exported by src/main.ts, read from an ESM build's metafile. */
async function exportNames() {
  const result = await esbuild.build({
    ...gasOptions,
    format: 'esm',
    write: false,
    metafile: true,
    outfile: 'main.mjs',
  });
  const [output] = Object.values(result.metafile.outputs);
  return [...output.exports].sort();
}

async function buildGas() {
  const names = await exportNames();
  const result = await esbuild.build({
    ...gasOptions,
    format: 'iife',
    globalName: '__app',
    write: false,
    outfile: 'Code.js',
  });
  const body = result.outputFiles[0].text;
  const stubs = names
    .map(n => `function ${n}(...a) { return __app.${n}(...a); }`)
    .join('\n');
  const code = `${body}\n${stubs}\n`;
  writeAtomic(path.join(dist, 'Code.js'), code);
  writeAtomic(
    path.join(dist, 'appsscript.json'),
    fs.readFileSync(path.join(root, 'appsscript.json')),
  );
  return {names, bytes: Buffer.byteLength(code)};
}

/**
 * Each html/<Name>.html may hold `<!-- CLIENT:entry -->`, replaced by the
 * bundled src/client/<entry>.ts as an inline script, and
 * `<!-- STYLE:name -->`, replaced by html/<name>.css.
 */
async function buildHtml() {
  const htmlDir = path.join(root, 'html');
  if (!fs.existsSync(htmlDir)) return [];
  const written = [];
  for (const file of fs.readdirSync(htmlDir)) {
    if (!file.endsWith('.html')) continue;
    let html = fs.readFileSync(path.join(htmlDir, file), 'utf8');
    // `<!-- STYLE:name -->` becomes html/<name>.css inline: one style sheet
    // for every sidebar (HtmlService serves one file per sidebar).
    html = html.replace(/<!-- STYLE:([\w-]+) -->/g, (_, name) => {
      const css = fs.readFileSync(path.join(htmlDir, `${name}.css`), 'utf8');
      return `<style>\n${css}</style>`;
    });
    const marks = [...html.matchAll(/<!-- CLIENT:([\w-]+) -->/g)];
    for (const [mark, entry] of marks) {
      const result = await esbuild.build({
        entryPoints: [path.join(root, 'src/client', `${entry}.ts`)],
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2019',
        minify: true,
        legalComments: 'none',
        write: false,
        logLevel: 'warning',
      });
      const js = result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
      html = html.replace(mark, () => `<script>\n${js}</script>`);
    }
    writeAtomic(path.join(dist, file), html);
    written.push(file);
  }
  return written;
}

/** Local tools: every local/cli/<name>.ts becomes build/local/<name>.js. */
async function buildLocal() {
  const cliDir = path.join(root, 'local/cli');
  if (!fs.existsSync(cliDir)) return [];
  const entries = fs
    .readdirSync(cliDir)
    .filter(f => f.endsWith('.ts'))
    .map(f => path.join(cliDir, f));
  if (entries.length === 0) return [];
  await esbuild.build({
    entryPoints: entries,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: path.join(buildDir, 'local'),
    sourcemap: true,
    logLevel: 'warning',
  });
  return entries.map(e => path.basename(e, '.ts'));
}

fs.mkdirSync(dist, {recursive: true});
const gas = await buildGas();
const html = await buildHtml();
// dist/ holds exactly what clasp pushes: remove anything not built now.
const keep = new Set(['Code.js', 'appsscript.json', ...html]);
for (const file of fs.readdirSync(dist)) {
  if (!keep.has(file) && !file.endsWith('.tmp')) fs.rmSync(path.join(dist, file), {force: true});
}
const local = argOf('--outdir') ? [] : await buildLocal();
console.log(
  `dist/Code.js ${(gas.bytes / 1024).toFixed(1)} KB, ${gas.names.length} entry points; ` +
    `html: ${html.length}; local tools: ${local.join(', ') || 'none'}`,
);
