/**
 * What every use case needs: the dependencies, the environment read from the
 * configuration tabs (profile, holidays, members, the caller's roles), typed
 * access to the snapshot, a write plan, ID counters and the submissions
 * ledger that makes a repeated submission create nothing new.
 */
import {
  holidayCalendar,
  HolidayCalendar,
  IsoDate,
  londonDateTime,
} from '../domain/calendar';
import {Agency, Profile, resolveProfile} from '../domain/profiles';
import {
  CaseRecord,
  MemberRecord,
  Role,
  Row,
  splitCodes,
} from '../domain/records';
import {FieldError, fieldError, fail, Result} from '../domain/result';
import {
  AuditEntry,
  Clock,
  DocumentProperties,
  Documents,
  DriveFiles,
  emptyPlan,
  Mailer,
  Snapshot,
  Structure,
  Table,
  Tracker,
  Triggers,
  Ui,
  WriteLock,
  WritePlan,
} from '../ports';

export interface Deps {
  tracker: Tracker;
  lock: WriteLock;
  clock: Clock;
  /** The caller's email, lower-case; '' when Apps Script cannot tell. */
  user: string;
  mailer?: Mailer;
  triggers?: Triggers;
  ui?: Ui;
  documents?: Documents;
  drive?: DriveFiles;
  structure?: Structure;
  documentProperties?: DocumentProperties | null;
}

export const CONFIG_TABS = [
  'Settings',
  'Agencies',
  'Members',
  'Holidays',
  '_System',
];

/** A use case's answer: a value, or field errors naming their rule. */
export type Outcome<T> = Result<T>;

export function refuse<T = never>(
  field: string,
  rule: string,
  message: string,
): Result<T> {
  return fail([fieldError(field, rule, message)]);
}

// ---------------------------------------------------------------------------
// The snapshot, typed
// ---------------------------------------------------------------------------

export class Tables {
  constructor(readonly snapshot: Snapshot) {}

  table(tab: string): Table {
    const t = this.snapshot.tables[tab];
    if (!t) throw new Error(`tab ${tab} was not read`);
    return t;
  }

  rows<T>(tab: string): T[] {
    return this.table(tab).rows as unknown as T[];
  }

  /** Rows matching a predicate, with their sheet row numbers. */
  where<T>(
    tab: string,
    pred: (row: T) => boolean,
  ): Array<{record: T; rowNumber: number}> {
    const t = this.table(tab);
    const out: Array<{record: T; rowNumber: number}> = [];
    t.rows.forEach((row, i) => {
      if (pred(row as unknown as T))
        out.push({record: row as unknown as T, rowNumber: t.rowNumbers[i]});
    });
    return out;
  }

  first<T>(
    tab: string,
    pred: (row: T) => boolean,
  ): {record: T; rowNumber: number} | undefined {
    return this.where(tab, pred)[0];
  }

  caseById(
    caseId: string,
  ): {record: CaseRecord; rowNumber: number} | undefined {
    return this.first<CaseRecord>('Cases', c => c.caseId === caseId);
  }

  /** The _System key/value rows. */
  system(key: string): {value: string; rowNumber: number} | undefined {
    const hit = this.first<{key: string; value: string}>(
      '_System',
      r => r.key === key,
    );
    return hit
      ? {value: String(hit.record.value), rowNumber: hit.rowNumber}
      : undefined;
  }
}

// ---------------------------------------------------------------------------
// The environment: profile, holidays, who is calling, today
// ---------------------------------------------------------------------------

export interface Env {
  presetId: string;
  profile: Profile;
  cal: HolidayCalendar;
  members: MemberRecord[];
  user: string;
  roles: Set<Role>;
  /** The caller's agency, from Members. */
  agency: string;
  today: IsoDate;
  /** Europe/London 'YYYY-MM-DDTHH:MM'. */
  nowIso: string;
}

export function londonNow(clock: Clock): {today: IsoDate; nowIso: string} {
  const t = londonDateTime(clock.now());
  return {today: t.date, nowIso: `${t.date}T${t.time}`};
}

/** Settings rows → raw settings (the profile's preset id under 'profile'). */
export function settingsOf(tables: Tables): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of tables.rows<{key: string; value: unknown}>('Settings')) {
    if (r.key) out[String(r.key).trim()] = r.value;
  }
  return out;
}

export function agenciesOf(tables: Tables): Agency[] {
  return tables
    .rows<{
      code: string;
      name: string;
      funding: boolean;
      escalationContacts: string;
    }>('Agencies')
    .filter(a => a.code)
    .map(a => ({
      code: String(a.code).trim().toUpperCase(),
      name: a.name,
      funding: a.funding === true,
      escalationContacts: a.escalationContacts
        .split(/[,;\s]+/)
        .map(e => e.trim().toLowerCase())
        .filter(e => e.includes('@')),
    }));
}

export function loadEnv(tables: Tables, deps: Deps): Result<Env> {
  const settings = settingsOf(tables);
  const presetId = String(settings.profile ?? '');
  if (!presetId) {
    return fail([
      fieldError(
        'profile',
        '§6',
        'The tracker is not set up yet: an admin must run "Set up / upgrade the tracker" from the add-on menu.',
      ),
    ]);
  }
  const {profile: _p, ...overrides} = settings;
  const agencies = agenciesOf(tables);
  const profile = resolveProfile({
    presetId,
    settings: overrides,
    agencies: agencies.length > 0 ? agencies : undefined,
  });
  if (!profile.ok) return profile;
  const holidays = tables.rows<{date: IsoDate | null; status: string}>(
    'Holidays',
  );
  const cal = holidayCalendar({
    added: holidays
      .filter(h => h.date && h.status !== 'notHoliday')
      .map(h => h.date!),
    removed: holidays
      .filter(h => h.date && h.status === 'notHoliday')
      .map(h => h.date!),
  });
  const members = tables
    .rows<MemberRecord>('Members')
    .filter(m => m.email)
    .map(m => ({
      ...m,
      email: m.email.trim().toLowerCase(),
      agency: String(m.agency ?? '').toUpperCase(),
    }));
  const mine = members.filter(m => m.active && m.email === deps.user);
  const {today, nowIso} = londonNow(deps.clock);
  return {
    ok: true,
    value: {
      presetId,
      profile: profile.value,
      cal,
      members,
      user: deps.user,
      roles: new Set(mine.map(m => m.role)),
      agency: mine.find(m => m.agency)?.agency ?? '',
      today,
      nowIso,
    },
  };
}

// ---------------------------------------------------------------------------
// S5: roles
// ---------------------------------------------------------------------------

export function isAdmin(env: Env): boolean {
  return env.roles.has('admin');
}

export function isAdminOrChair(env: Env): boolean {
  return env.roles.has('admin') || env.roles.has('chair');
}

function roleList(roles: Role[]): string {
  return roles.length === 1
    ? `the ${roles[0]} role`
    : `one of the roles ${roles.join(', ')}`;
}

/** S5: the caller must be signed in and hold one of the roles. */
export function requireRole(
  env: Env,
  roles: Role[],
  what: string,
): FieldError[] {
  if (!env.user) {
    return [
      fieldError(
        'user',
        'S5',
        'We could not tell who you are: sign in to Google with your council account and try again.',
      ),
    ];
  }
  if (roles.some(r => env.roles.has(r))) return [];
  return [
    fieldError(
      'user',
      'S5',
      `Only people with ${roleList(roles)} on the Members tab can ${what}.`,
    ),
  ];
}

export function requireSignedIn(env: Env): FieldError[] {
  return env.user
    ? []
    : [
        fieldError(
          'user',
          'S5',
          'We could not tell who you are: sign in to Google with your council account and try again.',
        ),
      ];
}

/** S5: referrers see only their own cases; admins and chairs see all; agency reps the cases their agency is part of. */
export function canSeeCase(env: Env, c: CaseRecord): boolean {
  if (isAdminOrChair(env) || env.roles.has('finance')) return true;
  if (c.referrerEmail.toLowerCase() === env.user) return true;
  if (env.roles.has('member') && env.agency) {
    return (
      c.leadAgency === env.agency ||
      splitCodes(c.agenciesToAssess).includes(env.agency)
    );
  }
  return false;
}

/** S5: only the case's referrer (or an admin or chair) changes a case. */
export function canChangeCase(env: Env, c: CaseRecord): boolean {
  return isAdminOrChair(env) || c.referrerEmail.toLowerCase() === env.user;
}

/** The case, if it exists and the caller may change it; otherwise why not. */
export function caseForChange(
  tables: Tables,
  env: Env,
  caseId: string,
  opts: {allowClosed?: boolean; expectedVersion?: number} = {},
): Result<{record: CaseRecord; rowNumber: number}> {
  const hit = tables.caseById(caseId);
  if (!hit || !canSeeCase(env, hit.record)) {
    // The same answer whether the case does not exist or is someone else's (S5).
    return refuse(
      'caseId',
      '§3',
      `There is no case ${caseId} that you can open. Check the case ID.`,
    );
  }
  if (!canChangeCase(env, hit.record)) {
    return refuse(
      'caseId',
      'S5',
      `Only the referrer of ${caseId}, an admin or a chair can change this case.`,
    );
  }
  if (!opts.allowClosed && hit.record.status === 'closed') {
    return refuse(
      'caseId',
      '§3',
      `Case ${caseId} is closed and cannot be changed.`,
    );
  }
  return checkVersion(hit, opts.expectedVersion);
}

/** S6: a form opened on an older version of the case must not overwrite newer data. */
export function checkVersion<T extends {record: CaseRecord}>(
  hit: T,
  expectedVersion?: number,
): Result<T> {
  if (
    expectedVersion !== undefined &&
    expectedVersion !== (hit.record.rowVersion ?? 0)
  ) {
    return refuse(
      'expectedVersion',
      'S6',
      `Case ${hit.record.caseId} was changed by someone else after you opened this form (at ${hit.record.updatedAt ?? 'an unknown time'}). Close the form, open it again and check before submitting.`,
    );
  }
  return {ok: true, value: hit};
}

// ---------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------

/** Collects the writes of a use case; nothing is written until commit. */
export class PlanBuilder {
  readonly plan: WritePlan = emptyPlan();
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly tables: Tables,
    private readonly env: Env,
  ) {}

  update(tab: string, rowNumber: number, values: Row): this {
    this.plan.updates.push({tab, rowNumber, values});
    return this;
  }

  append(tab: string, ...rows: Row[]): this {
    const existing = this.plan.appends.find(a => a.tab === tab);
    if (existing) existing.rows.push(...rows);
    else this.plan.appends.push({tab, rows: [...rows]});
    return this;
  }

  delete(tab: string, rowNumbers: number[]): this {
    if (rowNumbers.length) this.plan.deletes.push({tab, rowNumbers});
    return this;
  }

  audit(action: string, recordId: string, summary: string): this {
    const entry: AuditEntry = {
      user: this.env.user || 'unknown',
      action,
      recordId,
      summary,
    };
    this.plan.audit.push(entry);
    return this;
  }

  /** Bump a case's version and stamp it, with other changed values. */
  touchCase(
    hit: {record: CaseRecord; rowNumber: number},
    values: Partial<CaseRecord> = {},
  ): this {
    return this.update('Cases', hit.rowNumber, {
      ...(values as Row),
      rowVersion: (hit.record.rowVersion ?? 0) + 1,
      updatedAt: this.env.nowIso,
    });
  }

  /**
   * The next number of a counter kept in _System (S6: issued under the
   * lock, so no two records share an ID).
   */
  nextNumber(counter: string): number {
    const key = `counter:${counter}`;
    const current =
      this.counters.get(key) ?? Number(this.tables.system(key)?.value ?? 0);
    const next = current + 1;
    this.counters.set(key, next);
    return next;
  }

  /** Case IDs: <PANEL>-<YYYY>-<NNNN> (SPEC section 2). */
  nextCaseId(): string {
    const year = this.env.today.slice(0, 4);
    const prefix = `${this.env.profile.idPrefix}-${year}`;
    return `${prefix}-${String(this.nextNumber(prefix)).padStart(4, '0')}`;
  }

  /** Record a submission in the ledger with the answer given. */
  recordSubmission(
    submissionId: string | undefined,
    action: string,
    recordId: string,
    result: unknown,
  ): this {
    if (!submissionId) return this;
    return this.append('_Submissions', {
      submissionId,
      action,
      recordId,
      user: this.env.user,
      at: this.env.nowIso,
      result: JSON.stringify(result),
    });
  }

  /** The plan, with counters written back to _System. */
  build(): WritePlan {
    for (const [key, value] of this.counters) {
      const hit = this.tables.system(key);
      if (hit) this.update('_System', hit.rowNumber, {value: String(value)});
      else this.append('_System', {key, value: String(value)});
    }
    return this.plan;
  }
}

/** A submission seen before: the answer it got the first time. */
export function previousSubmission<T>(
  tables: Tables,
  submissionId: string | undefined,
  action: string,
): Result<T> | undefined {
  if (!submissionId) return undefined;
  const hit = tables.first<{
    submissionId: string;
    action: string;
    result: string;
  }>(
    '_Submissions',
    r => r.submissionId === submissionId && r.action === action,
  );
  if (!hit) return undefined;
  try {
    return {ok: true, value: JSON.parse(hit.record.result) as T};
  } catch {
    return {ok: true, value: {} as T};
  }
}

export function submissionIdOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const id = (input as {submissionId?: unknown}).submissionId;
  return typeof id === 'string' && id.trim() ? id.trim() : undefined;
}

/**
 * The frame of every write use case: under the write lock, read the tabs it
 * needs with the configuration, load the environment, run `decide`, and
 * commit its plan in one batch. A refused input writes nothing.
 */
export function writeUseCase<T>(
  deps: Deps,
  tabs: string[],
  decide: (tables: Tables, env: Env) => Result<{plan: PlanBuilder; value: T}>,
): Result<T> {
  return deps.lock.run(() => {
    const tables = new Tables(
      deps.tracker.read([...new Set([...CONFIG_TABS, ...tabs])]),
    );
    const env = loadEnv(tables, deps);
    if (!env.ok) return env;
    const decided = decide(tables, env.value);
    if (!decided.ok) return decided;
    const plan = decided.value.plan.build();
    if (
      plan.updates.length ||
      plan.appends.length ||
      plan.deletes.length ||
      plan.audit.length
    ) {
      deps.tracker.commit(plan, env.value.nowIso);
    }
    return {ok: true, value: decided.value.value};
  });
}

/** A read-only use case: no lock, one read. */
export function readUseCase<T>(
  deps: Deps,
  tabs: string[],
  answer: (tables: Tables, env: Env) => Result<T>,
): Result<T> {
  const tables = new Tables(
    deps.tracker.read([...new Set([...CONFIG_TABS, ...tabs])]),
  );
  const env = loadEnv(tables, deps);
  if (!env.ok) return env;
  return answer(tables, env.value);
}

// ---------------------------------------------------------------------------
// The lease (S6): exclusion that works without a document
// ---------------------------------------------------------------------------

export const LEASE_KEY = 'lease';

interface Lease {
  owner: string;
  /** Epoch ms. */
  expiresAt: number;
}

function readLease(tables: Tables): {lease: Lease | null; rowNumber?: number} {
  const hit = tables.system(LEASE_KEY);
  if (!hit || !hit.value) return {lease: null, rowNumber: hit?.rowNumber};
  try {
    return {lease: JSON.parse(hit.value) as Lease, rowNumber: hit.rowNumber};
  } catch {
    return {lease: null, rowNumber: hit.rowNumber};
  }
}

/**
 * A time-driven run has no document, so no document lock (S6). The daily
 * run and the structural operations (set-up, archive) exclude each other
 * with a lease row in _System, claimed and released under a brief lock
 * (the script lock, held for two calls only: every council shares it).
 * Form writes never touch what the daily run writes (Reminders, Health) and
 * append their audit rows with appendCells, which Sheets serialises, so
 * they need no lease. A lease whose holder died expires after `ttlMs`.
 */
export function withLease<T>(
  deps: Deps & {briefLock: WriteLock},
  owner: string,
  ttlMs: number,
  fn: () => T,
): {ok: true; value: T} | {ok: false; heldBy: string; until: number} {
  const now = deps.clock.now();
  const claim = deps.briefLock.run(() => {
    const tables = new Tables(deps.tracker.read(['_System']));
    const {lease, rowNumber} = readLease(tables);
    if (lease && lease.owner !== owner && lease.expiresAt > now) return lease;
    const value = JSON.stringify({owner, expiresAt: now + ttlMs});
    const plan = emptyPlan();
    if (rowNumber)
      plan.updates.push({tab: '_System', rowNumber, values: {value}});
    else plan.appends.push({tab: '_System', rows: [{key: LEASE_KEY, value}]});
    deps.tracker.commit(plan, londonNow(deps.clock).nowIso);
    return null;
  });
  if (claim) return {ok: false, heldBy: claim.owner, until: claim.expiresAt};
  try {
    return {ok: true, value: fn()};
  } finally {
    deps.briefLock.run(() => {
      const tables = new Tables(deps.tracker.read(['_System']));
      const {lease, rowNumber} = readLease(tables);
      if (lease?.owner === owner && rowNumber) {
        const plan = emptyPlan();
        plan.updates.push({tab: '_System', rowNumber, values: {value: ''}});
        deps.tracker.commit(plan, londonNow(deps.clock).nowIso);
      }
    });
  }
}
