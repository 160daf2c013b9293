/**
 * Tools that run the built bundle rebuild it first when a source is newer
 * than dist/Code.js, so `npm run scenario` never plays stale code.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOURCES = [
  'src',
  'html',
  'sheets-template',
  'appsscript.json',
  'esbuild.config.mjs',
];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p))
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function ensureBuilt(root = process.cwd()): void {
  const bundle = path.join(root, 'dist', 'Code.js');
  const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
  const sources = Math.max(
    ...SOURCES.map(s => newestMtime(path.join(root, s))),
  );
  if (built >= sources) return;
  execFileSync(process.execPath, [path.join(root, 'esbuild.config.mjs')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
