/**
 * App tests run the BUILT bundle (dist/Code.js) in the local workspace, as
 * Apps Script would: every call a fresh execution, as a person, at a time.
 * People here are fictional.
 */
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {parseAt} from '../../local/clock';
import {presetAgencies} from '../../src/domain/profiles';
import {readTabs} from '../../local/report';
import {CallOutcome, TrackerSession} from '../../local/tracker-session';

export const ROOT = path.resolve(__dirname, '../..');

/** Build dist/ and build/local/ once per test file (atomic writes make parallel builds safe). */
export function build(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.config.mjs')], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

export const MEMBERS = [
  {email: 'admin@example.org', name: 'Ada Admin', role: 'admin', agency: 'SCS'},
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

export interface Tracker {
  session: TrackerSession;
  call(fn: string, args: unknown, as: string, at: string): CallOutcome;
  /** call() that must succeed; returns the result. */
  ok<T = Record<string, unknown>>(
    fn: string,
    args: unknown,
    as: string,
    at: string,
  ): T;
  tab(name: string): Array<Record<string, unknown>>;
  raw(name: string): unknown[][];
}

export function tracker(opts: {
  profile?: string;
  members?: typeof MEMBERS;
  settings?: Record<string, unknown>;
  at?: string;
  dir?: string;
  mailQuota?: number;
}): Tracker {
  const agencies = presetAgencies(opts.profile ?? 'kent-jrap').map(a => a.code);
  const members =
    opts.members ?? MEMBERS.filter(m => agencies.includes(m.agency));
  const session = TrackerSession.create({
    dir: opts.dir,
    owner: 'admin@example.org',
    bundlePath: path.join(ROOT, 'dist/Code.js'),
    mailQuota: opts.mailQuota,
  });
  const call = (fn: string, args: unknown, as: string, at: string) =>
    session.call(fn, args === undefined ? [] : [args], {as, at: parseAt(at)});
  const setup = call(
    'setupTracker',
    {profile: opts.profile ?? 'kent-jrap', members, settings: opts.settings},
    'admin@example.org',
    opts.at ?? '2026-01-05T08:00',
  );
  if (!setup.ok)
    throw new Error(`setup failed: ${JSON.stringify(setup.errors)}`);
  const t: Tracker = {
    session,
    call,
    ok(fn, args, as, at) {
      const o = call(fn, args, as, at);
      if (!o.ok)
        throw new Error(`${fn} as ${as} failed: ${JSON.stringify(o.errors)}`);
      return o.result as never;
    },
    raw: name => readTabs(session.workspace, session.spreadsheetId)[name] ?? [],
    tab(name) {
      const [header, ...rows] = t.raw(name) as unknown[][];
      return rows.map(r =>
        Object.fromEntries((header as string[]).map((h, i) => [h, r[i]])),
      );
    },
  };
  return t;
}

/** A valid Kent referral alert for a fictional child. */
export function alertArgs(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    child: {
      childRef: 'SCS-20001',
      initials: 'AB',
      dateOfBirth: '2013-05-20',
      legalStatus: 'S20',
      hasEhcp: true,
    },
    referrer: {name: 'Sam Worker', agency: 'SCS', role: 'Social worker'},
    leadAgency: 'SCS',
    agenciesToAssess: ['EDU', 'HEALTH'],
    consent: {parentConsent: true},
    needsSummary: 'Needs a residential school with care.',
    localOptionsExhausted: true,
    localOptionsEvidence: 'Local packages tried.',
    proposedProvision: 'residentialSchool',
    ...overrides,
  };
}

/** A valid Kent referral (part 2) for a case. */
export function referralArgs(
  caseId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    caseId,
    managementApproval: {
      name: 'Mo Manager',
      email: 'manager@example.org',
      date: '2026-01-27',
    },
    placement: {
      provider: 'Oakfield School',
      ofstedRegistered: true,
      termsAccepted: true,
      startDate: '2026-03-02',
    },
    costLines: [
      {
        kind: 'education',
        description: 'School fees',
        weeklyPence: 300000,
        weeksPerYear: 38,
        sharesBp: {EDU: 10000},
      },
      {
        kind: 'care',
        description: 'Residential care',
        weeklyPence: 250000,
        weeksPerYear: 52,
        sharesBp: {SCS: 6000, HEALTH: 4000},
      },
    ],
    ...overrides,
  };
}

/** Alert → shared → assessed → referred, for Kent; returns the case ID. */
export function kentCaseToReferral(
  t: Tracker,
  opts: {referrer?: string; childRef?: string; day?: string} = {},
): string {
  const sw = opts.referrer ?? 'sw1@example.org';
  const a = t.ok<{caseId: string}>(
    'submitAlert',
    alertArgs({
      child: {
        childRef: opts.childRef ?? 'SCS-20001',
        initials: 'AB',
        dateOfBirth: '2013-05-20',
        legalStatus: 'S20',
      },
    }),
    sw,
    '2026-01-05T09:00',
  );
  t.ok(
    'shareAlert',
    {caseId: a.caseId},
    'admin@example.org',
    '2026-01-06T09:00',
  );
  t.ok(
    'recordAssessment',
    {
      caseId: a.caseId,
      agency: 'EDU',
      status: 'completed',
      inPrincipleAgreed: true,
    },
    'edu.rep@example.org',
    '2026-01-20T09:00',
  );
  t.ok(
    'recordAssessment',
    {
      caseId: a.caseId,
      agency: 'HEALTH',
      status: 'completed',
      inPrincipleAgreed: true,
    },
    'health.rep@example.org',
    '2026-01-21T09:00',
  );
  t.ok(
    'submitReferral',
    referralArgs(a.caseId),
    sw,
    opts.day ?? '2026-01-28T09:00',
  );
  return a.caseId;
}
