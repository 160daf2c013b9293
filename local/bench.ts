/**
 * The benchmark behind `npm run bench`: service calls per operation at
 * 100 and at 10,000 rows (they must not grow with the rows), the modelled
 * Apps Script time (local/cost-model.ts), bundle size and load time.
 *
 * Trackers are seeded through the product's own Sheets adapter
 * (src/gas/tracker.ts) in one batch; the operations then run on the built
 * bundle exactly as in Apps Script.
 */
import fs from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {addDays, addMonths} from '../src/domain/calendar';
import {Row} from '../src/domain/records';
import {SheetsTracker} from '../src/gas/tracker';
import {parseAt} from './clock';
import {createContext, ExecutionContext} from './core';
import {loadBundle} from './loader';
import {createSheetsService} from './sheets';
import {CallOutcome, TrackerSession} from './tracker-session';

export interface Measure {
  name: string;
  rows: number;
  calls: number;
  modelledMs: number;
  mails?: number;
  note?: string;
}

const ADMIN = 'admin@example.org';
export const MEMBERS = [
  {email: ADMIN, name: 'Ada Admin', role: 'admin', agency: 'SCS'},
  {email: 'chair@example.org', name: 'Cal Chair', role: 'chair', agency: 'SCS'},
  {
    email: 'edu.rep@example.org',
    name: 'Eddie Edu',
    role: 'member',
    agency: 'EDU',
  },
  {
    email: 'health.rep@example.org',
    name: 'Hana Health',
    role: 'member',
    agency: 'HEALTH',
  },
  {
    email: 'finance@example.org',
    name: 'Fin Ance',
    role: 'finance',
    agency: 'SCS',
  },
];

/** Run `fn` with the product's Sheets adapter in this process, counting calls. */
function withAdapter<T>(
  session: TrackerSession,
  fn: (tracker: SheetsTracker, ctx: ExecutionContext) => T,
): T {
  const ctx = createContext({
    workspace: session.workspace,
    activeUser: ADMIN,
    startAt: parseAt('2026-06-01T09:00'),
  });
  const g = globalThis as unknown as {Sheets?: unknown};
  const previous = g.Sheets;
  g.Sheets = createSheetsService(ctx);
  try {
    return fn(new SheetsTracker(session.spreadsheetId), ctx);
  } finally {
    g.Sheets = previous;
  }
}

/** A set-up Kent tracker holding `n` active cases with endorsed funding. */
export function seededTracker(n: number, bundlePath?: string): TrackerSession {
  const session = TrackerSession.create({
    owner: ADMIN,
    bundlePath,
    mailQuota: 1500,
  });
  const setup = session.call(
    'setupTracker',
    [{profile: 'kent-jrap', members: MEMBERS}],
    {as: ADMIN, at: parseAt('2026-06-01T08:00')},
  );
  if (!setup.ok)
    throw new Error(`bench setup failed: ${JSON.stringify(setup.errors)}`);
  const cases: Row[] = [];
  const lines: Row[] = [];
  const decisions: Row[] = [];
  for (let i = 0; i < n; i++) {
    const caseId = `JRAP-2025-${String(i + 1).padStart(5, '0')}`;
    const start = addDays('2025-04-01', i % 300);
    // A few reviews fall due at the lead times so the daily run has mail.
    const reviewDate =
      i % 500 === 0
        ? addDays('2026-06-02', 56)
        : addMonths(start, 12 + (i % 3));
    cases.push({
      caseId,
      status: 'active',
      childRef: `BENCH-${i}`,
      initials: 'ZZ',
      dateOfBirth: addDays('2011-01-01', i % 1500),
      legalStatus: 'S20',
      leadAgency: 'SCS',
      referrerEmail: `sw${i % 50}@example.org`,
      referrerName: `Referrer ${i % 50}`,
      agenciesToAssess: 'EDU, HEALTH',
      needsSummary: 'Benchmark case',
      proposedProvision: 'residentialSchool',
      alertDate: start,
      alertSharedDate: start,
      costStartDate: start,
      referralDate: start,
      currentPanelDate: start,
      provider: `Provider ${i % 200}`,
      placementStartDate: start,
      paymentArrangement: 'leadAgencyPaysAndRecharges',
      rechargeFrequency: 'quarterly',
      fundingVersion: 1,
      weeklyTotalPence: 400000,
      reviewDate,
      rowVersion: 1,
    });
    lines.push({
      lineId: `${caseId}-V1-L1`,
      caseId,
      version: 1,
      status: 'endorsed',
      kind: 'care',
      description: 'Care',
      weeklyPence: 400000,
      weeksPerYear: 52,
      annualPence: 400000 * 52,
      startDate: start,
      effectiveDate: start,
      share_SCS: 6000,
      share_HEALTH: 4000,
    });
    decisions.push({
      decisionId: `${caseId}-D1`,
      caseId,
      panelDate: start,
      outcome: 'endorsed',
      rationale: 'Benchmark',
      reviewDate,
      outcomeNoteDue: addDays(start, 7),
      outcomeNoteIssued: addDays(start, 5),
      fundingVersion: 1,
    });
  }
  withAdapter(session, tracker => {
    tracker.read(['Cases', 'CostLines', 'Decisions']);
    tracker.commit(
      {
        updates: [],
        deletes: [],
        appends: [
          {tab: 'Cases', rows: cases},
          {tab: 'CostLines', rows: lines},
          {tab: 'Decisions', rows: decisions},
        ],
        audit: [],
      },
      '2026-06-01T08:30',
    );
  });
  return session;
}

/** Reading a table and writing all its rows back, through the adapter. */
export function tableOps(session: TrackerSession, rows: number): Measure[] {
  return withAdapter(session, (tracker, ctx) => {
    const before = ctx.calls.total;
    const beforeMs = ctx.calls.modelledTimeMs;
    const snapshot = tracker.read(['Cases']);
    const read: Measure = {
      name: 'read a table',
      rows,
      calls: ctx.calls.total - before,
      modelledMs: ctx.calls.modelledTimeMs - beforeMs,
    };
    const t = snapshot.tables.Cases;
    const b2 = ctx.calls.total;
    const m2 = ctx.calls.modelledTimeMs;
    tracker.commit(
      {
        updates: t.rows.map((r, i) => ({
          tab: 'Cases',
          rowNumber: t.rowNumbers[i],
          values: {rowVersion: Number(r.rowVersion ?? 0) + 1},
        })),
        deletes: [],
        appends: [],
        audit: [],
      },
      '2026-06-01T09:00',
    );
    const write: Measure = {
      name: 'write every row of a table',
      rows,
      calls: ctx.calls.total - b2,
      modelledMs: ctx.calls.modelledTimeMs - m2,
    };
    return [read, write];
  });
}

function measure(
  name: string,
  rows: number,
  o: CallOutcome,
  note?: string,
): Measure {
  if (!o.ok)
    throw new Error(
      `${name} at ${rows} rows failed: ${JSON.stringify(o.errors)}`,
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

/** The use cases: a referral alert and a referral on a tracker of n cases. */
export function formOps(session: TrackerSession, rows: number): Measure[] {
  const at = (t: string) => parseAt(`2026-06-02T${t}`);
  const alert = session.call(
    'submitAlert',
    [
      {
        child: {
          childRef: 'NEW-1',
          initials: 'QX',
          dateOfBirth: '2013-05-20',
          legalStatus: 'S20',
        },
        leadAgency: 'SCS',
        agenciesToAssess: ['EDU', 'HEALTH'],
        consent: {parentConsent: true},
        needsSummary: 'Needs',
        localOptionsExhausted: true,
        localOptionsEvidence: 'Tried',
        proposedProvision: 'residentialSchool',
      },
    ],
    {as: 'sw1@example.org', at: at('09:00')},
  );
  const caseId = (alert.result as {caseId: string}).caseId;
  session.call('shareAlert', [{caseId}], {as: ADMIN, at: at('09:10')});
  session.call(
    'recordAssessment',
    [{caseId, agency: 'EDU', status: 'completed', inPrincipleAgreed: true}],
    {as: 'edu.rep@example.org', at: at('09:20')},
  );
  session.call(
    'recordAssessment',
    [{caseId, agency: 'HEALTH', status: 'completed', inPrincipleAgreed: true}],
    {as: 'health.rep@example.org', at: at('09:30')},
  );
  const referral = session.call(
    'submitReferral',
    [
      {
        caseId,
        managementApproval: {name: 'Mo Manager', date: '2026-06-01'},
        placement: {
          provider: 'Oakfield',
          ofstedRegistered: true,
          termsAccepted: true,
        },
        costLines: [
          {
            kind: 'care',
            weeklyPence: 250000,
            weeksPerYear: 52,
            sharesBp: {SCS: 6000, HEALTH: 4000},
          },
        ],
      },
    ],
    {as: 'sw1@example.org', at: at('10:00')},
  );
  return [
    measure('submitAlert', rows, alert),
    measure('submitReferral', rows, referral),
  ];
}

export function dispatcherOp(session: TrackerSession, rows: number): Measure {
  const run = session.call('runDaily', [], {
    as: ADMIN,
    at: parseAt('2026-06-03T07:00'),
  });
  return measure('runDaily (daily dispatcher)', rows, run);
}

/** The bundle's size and the time to load it in a vm holding only console. */
export function bundleLoad(bundlePath: string): {
  bytes: number;
  loadMs: number;
} {
  const bytes = fs.statSync(bundlePath).size;
  const runs = 5;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    loadBundle({
      bundlePath: path.resolve(bundlePath),
      globals: {},
      now: () => Date.now(),
    });
  }
  return {bytes, loadMs: (performance.now() - started) / runs};
}

/** Append rows to a tracker's tabs in one batch through the product's adapter (for seeding tests). */
export function appendRows(
  session: TrackerSession,
  appends: Record<string, Row[]>,
): void {
  withAdapter(session, tracker => {
    tracker.read(Object.keys(appends));
    tracker.commit(
      {
        updates: [],
        deletes: [],
        appends: Object.entries(appends).map(([tab, rows]) => ({tab, rows})),
        audit: [],
      },
      '2026-06-01T08:30',
    );
  });
}
