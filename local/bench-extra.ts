/**
 * Benchmarks of the finance and outcome-note features, measured on the
 * same seeded trackers as the rest of the bench (local/bench.ts): n cases,
 * each with one endorsed 52-week care line (so n cost lines) and an
 * endorsed decision.
 *
 * - generateOutcomeNote (issue 7, P3): one note for a decided case — the
 *   service calls and the modelled time of reading the tracker, composing
 *   the Docs templates, exporting one PDF and sharing it.
 * - rebuildQuarterly (issue 8, F13): the whole Quarterly tab rebuilt from
 *   n cost lines — the service calls must be the same at 100 and 10,000
 *   lines (one read, one commit, one chart batch). The domain's quarterly
 *   computation (src/domain/finance.ts quarterRange + quarterRows, pure) is
 *   also timed here with performance.now on the same n lines, read back
 *   from the seeded tracker; at 10,000 lines it must take under a second.
 */
import {performance} from 'node:perf_hooks';
import {financePlacements} from '../src/app/quarterly';
import {Env, Tables} from '../src/app/kit';
import {
  FinancePlacement,
  quarterRange,
  quarterRows,
} from '../src/domain/finance';
import {agencyCodes, resolveProfile} from '../src/domain/profiles';
import {Row} from '../src/domain/records';
import {Snapshot} from '../src/ports';
import {Measure} from './bench';
import {parseAt} from './clock';
import {listDriveFiles} from './docs/drive-store';
import {readTabs} from './report';
import {CallOutcome, TrackerSession} from './tracker-session';

const ADMIN = 'admin@example.org';
/** The cost lines at which the domain computation has a budget. */
const CPU_BUDGET_LINES = 10_000;
const CPU_BUDGET_MS = 1000;
const TODAY = '2026-06-04';

/** Budgets broken by extraOps, reported by local/cli/bench.ts. */
const failures: string[] = [];

export function extraFailures(): string[] {
  return [...failures];
}

function measured(
  name: string,
  rows: number,
  o: CallOutcome,
  note?: string,
): Measure {
  if (!o.ok)
    throw new Error(
      `${name} at ${rows} rows failed: ${JSON.stringify(o.errors ?? o.exception)}`,
    );
  const mails = o.callsByMethod['MailApp.sendEmail'] ?? 0;
  return {
    name,
    rows,
    calls: o.serviceCalls,
    modelledMs: Math.round(o.modelledMs),
    ...(mails ? {mails} : {}),
    ...(note ? {note} : {}),
  };
}

/** The tracker's tabs read back in domain units, as a Snapshot for the app's mapping. */
function snapshotOf(session: TrackerSession, tabs: string[]): Snapshot {
  const all = readTabs(session.workspace, session.spreadsheetId);
  const tables: Snapshot['tables'] = {};
  for (const tab of tabs) {
    const [header = [], ...values] = (all[tab] ?? []) as unknown[][];
    const names = header.map(String);
    tables[tab] = {
      tab,
      header: names,
      rows: values.map(
        v => Object.fromEntries(names.map((h, i) => [h, v[i]])) as Row,
      ),
      rowNumbers: values.map((_, i) => i + 2),
    };
  }
  return {tables};
}

/**
 * The seeded tracker's cases as the domain's placements, mapped by the same
 * function rebuildQuarterly uses (financePlacements).
 */
function placementsOf(session: TrackerSession): {
  placements: FinancePlacement[];
  agencyOrder: string[];
  lines: number;
} {
  const profile = resolveProfile({presetId: 'kent-jrap', settings: {}});
  if (!profile.ok) throw new Error('bench: kent-jrap profile');
  const snapshot = snapshotOf(session, ['Cases', 'CostLines', 'Changes']);
  const env = {profile: profile.value, today: TODAY} as Env;
  const placements = financePlacements(new Tables(snapshot), env);
  const lines = placements.reduce(
    (n, p) => n + p.versions.reduce((m, v) => m + v.lines.length, 0),
    0,
  );
  return {placements, agencyOrder: agencyCodes(profile.value), lines};
}

/**
 * The pure quarterly computation (quarterRange + quarterRows), timed with
 * performance.now: the first (cold) run and the median of five more.
 */
function domainCpu(session: TrackerSession): {
  lines: number;
  rows: number;
  quarters: number;
  coldMs: number;
  medianMs: number;
  worstMs: number;
} {
  const {placements, agencyOrder, lines} = placementsOf(session);
  const run = () => {
    const started = performance.now();
    const out = quarterRows(placements, {
      ...quarterRange(placements, TODAY),
      agencyOrder,
    });
    return {ms: performance.now() - started, out};
  };
  const cold = run();
  const warm = Array.from({length: 5}, () => run().ms).sort((a, b) => a - b);
  return {
    lines,
    rows: cold.out.length,
    quarters: new Set(cold.out.map(r => r.quarter)).size,
    coldMs: cold.ms,
    medianMs: warm[2],
    worstMs: Math.max(cold.ms, ...warm),
  };
}

export function extraOps(session: TrackerSession, rows: number): Measure[] {
  // (a) One outcome note for a decided case of the seeded tracker (its
  // decision: endorsed at the panel on its start date, 2025-04-01).
  const caseId = 'JRAP-2025-00001';
  const note = session.call(
    'generateOutcomeNote',
    [{caseId, panelDate: '2025-04-01'}],
    {as: ADMIN, at: parseAt(`${TODAY}T10:00`)},
  );
  const made = note.result as {pdfFileId?: string} | null;
  const pdf = listDriveFiles(session.workspace).find(
    f => f.id === made?.pdfFileId,
  );
  const noteText = pdf
    ? `${pdf.pages ?? '?'}-page PDF shared with ${pdf.sharedWith.length} people`
    : undefined;

  // (b) The Quarterly tab rebuilt from the n seeded cost lines.
  const rebuild = session.call('rebuildQuarterly', [], {
    as: ADMIN,
    at: parseAt(`${TODAY}T11:00`),
  });
  const written = (rebuild.result as {written?: number} | null)?.written;
  const cpu = domainCpu(session);
  const cpuNote = `domain CPU ${cpu.coldMs.toFixed(0)} ms cold, ${cpu.medianMs.toFixed(0)} ms median for ${cpu.lines.toLocaleString('en-GB')} lines → ${cpu.rows.toLocaleString('en-GB')} rows over ${cpu.quarters} quarters`;
  console.error(
    `quarterly domain computation (quarterRange + quarterRows), ${cpu.lines} cost lines: ` +
      `${cpu.coldMs.toFixed(1)} ms cold, ${cpu.medianMs.toFixed(1)} ms median of 5, worst ${cpu.worstMs.toFixed(1)} ms` +
      (cpu.lines >= CPU_BUDGET_LINES ? ` (budget < ${CPU_BUDGET_MS} ms)` : ''),
  );
  if (cpu.lines >= CPU_BUDGET_LINES && cpu.worstMs >= CPU_BUDGET_MS) {
    failures.push(
      `the quarterly computation for ${cpu.lines} cost lines took ${cpu.worstMs.toFixed(0)} ms (budget ${CPU_BUDGET_MS} ms)`,
    );
  }
  if (cpu.lines !== rows)
    failures.push(
      `rebuildQuarterly at ${rows} rows saw ${cpu.lines} cost lines, not ${rows}`,
    );

  return [
    measured('generateOutcomeNote (one note)', rows, note, noteText),
    measured(
      'rebuildQuarterly',
      rows,
      rebuild,
      `${written ?? '?'} rows written; ${cpuNote}`,
    ),
  ];
}
