/**
 * npm run scenarios:generate — writes scenarios/<profile>-year.json: a year of
 * each panel, 40 fictional cases, simulated day by day on the built bundle
 * (see local/simulate-year.ts). `npm test` replays these files with the
 * scenario runner and checks the reminders they produce.
 */
import fs from 'node:fs';
import path from 'node:path';
import {simulateYear} from '../simulate-year';

const profiles = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['kent-jrap', 'cbc-arp', 'herts-harp', 'leics-jfp'];
for (const profile of profiles) {
  const started = Date.now();
  const year = simulateYear({profile});
  if (year.failures.length) {
    console.error(`${profile}: ${year.failures.length} step(s) failed:`);
    for (const f of year.failures.slice(0, 10))
      console.error(JSON.stringify(f));
    process.exitCode = 1;
  }
  const file = path.join('scenarios', `${profile}-year.json`);
  fs.writeFileSync(file, JSON.stringify(year.scenario, null, 1) + '\n');
  console.log(
    `${file}: ${year.scenario.steps.length} steps, ${Math.round((Date.now() - started) / 1000)} s`,
  );
}
