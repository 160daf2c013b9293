/**
 * npm run bench — service calls per operation at 100 and at 10,000 rows,
 * modelled Apps Script time (local/cost-model.ts), bundle size and load time.
 * Exits non-zero when a budget is broken: calls that grow with the rows,
 * submitAlert over 12 calls, a daily run at 10,000 cases over 6 minutes.
 */
import fs from 'node:fs';
import {
  bundleLoad,
  dispatcherOp,
  formOps,
  Measure,
  seededTracker,
  tableOps,
} from '../bench';
import {extraFailures, extraOps} from '../bench-extra';

const SIZES = [100, 10_000];
const BUNDLE = 'dist/Code.js';
const SIX_MINUTES = 6 * 60 * 1000;

const results: Measure[] = [];
for (const n of SIZES) {
  const started = Date.now();
  const session = seededTracker(n, BUNDLE);
  results.push(
    ...tableOps(session, n),
    ...formOps(session, n),
    dispatcherOp(session, n),
    ...extraOps(session, n),
  );
  console.error(
    `seeded and measured ${n} rows in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

const pad = (s: string | number, w: number) => String(s).padEnd(w);
console.log('');
console.log(
  `${pad('operation', 34)}${pad('rows', 8)}${pad('calls', 7)}${pad('mails', 7)}${pad('modelled', 12)}note`,
);
for (const r of results) {
  console.log(
    `${pad(r.name, 34)}${pad(r.rows, 8)}${pad(r.calls, 7)}${pad(r.mails ?? '', 7)}${pad(`${(r.modelledMs / 1000).toFixed(1)} s`, 12)}${r.note ?? ''}`,
  );
}

const failures: string[] = [];
const names = [...new Set(results.map(r => r.name))];
console.log('');
for (const name of names) {
  const [small, large] = SIZES.map(n =>
    results.find(r => r.name === name && r.rows === n)!,
  );
  // Sending mail costs a fixed number of calls per mail; everything else is constant.
  const perMail = (r: Measure) => r.calls - (r.mails ?? 0) * 2;
  const ratio = perMail(large) / perMail(small);
  console.log(
    `${pad(name, 34)}calls at ${SIZES[1]} ÷ calls at ${SIZES[0]}${small.mails || large.mails ? ' (less 2 per mail)' : ''}: ${ratio.toFixed(2)}`,
  );
  if (ratio !== 1)
    failures.push(
      `${name}: service calls grow with the rows (${perMail(small)} → ${perMail(large)})`,
    );
}
const alert = results.filter(r => r.name === 'submitAlert');
if (alert.some(r => r.calls > 12))
  failures.push(
    `submitAlert makes ${Math.max(...alert.map(r => r.calls))} calls (budget 12)`,
  );
const daily = results.find(
  r => r.name.startsWith('runDaily') && r.rows === SIZES[1],
)!;
if (daily.modelledMs >= SIX_MINUTES)
  failures.push(
    `the daily run at ${SIZES[1]} cases models ${daily.modelledMs} ms (limit 6 minutes)`,
  );
failures.push(...extraFailures());
const load = bundleLoad(BUNDLE);
console.log('');
console.log(
  `bundle: ${(load.bytes / 1024).toFixed(1)} KB; load in a vm: ${load.loadMs.toFixed(1)} ms`,
);
console.log(
  'modelled time: per-call costs in local/cost-model.ts (a model for comparing designs, not a measurement)',
);
fs.mkdirSync('test-output', {recursive: true});
fs.writeFileSync(
  'test-output/bench.json',
  JSON.stringify({results, bundle: load}, null, 2),
);
if (failures.length) {
  console.log('');
  for (const f of failures) console.log(`FAIL ${f}`);
  process.exitCode = 1;
} else {
  console.log('all budgets met');
}
