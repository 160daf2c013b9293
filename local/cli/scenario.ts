/**
 * npm run scenario -- FILE.json [--out OUT.json] [--workspace DIR] [--xlsx]
 *
 * Plays a scenario against the built bundle (dist/Code.js, rebuilt first if
 * the sources are newer) in a fresh workspace and prints or writes the JSON
 * report of SPEC section 7.
 */
import fs from 'node:fs';
import path from 'node:path';
import {ensureBuilt} from '../build-check';
import {runScenario, Scenario, writeXlsx} from '../scenario';

function usage(): never {
  console.error(
    'usage: npm run scenario -- FILE.json [--out OUT.json] [--workspace DIR] [--xlsx] [--quiet]',
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find(
    a =>
      !a.startsWith('--') &&
      !['--out', '--workspace'].includes(args[args.indexOf(a) - 1]),
  );
  if (!file) usage();
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scenario = JSON.parse(fs.readFileSync(file, 'utf8')) as Scenario;
  ensureBuilt();
  const quiet = args.includes('--quiet');
  const workspaceDir = option('--workspace');
  const report = runScenario(scenario, {
    workspaceDir,
    log: quiet ? undefined : line => console.error(line),
  });
  if (args.includes('--xlsx') || workspaceDir) {
    const xlsx = await writeXlsx(report);
    if (xlsx && !quiet) console.error(`tracker written to ${xlsx}`);
  }
  const json = JSON.stringify(report, null, 2);
  const out = option('--out');
  if (out) {
    fs.mkdirSync(path.dirname(path.resolve(out)), {recursive: true});
    fs.writeFileSync(out, json);
  } else {
    process.stdout.write(json + '\n');
  }
}

main().catch(e => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
