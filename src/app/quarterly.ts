/**
 * The Quarterly tab (F13, with F3, F4, F5, F7, F9, F11): what each agency
 * owes for each placement in each UK financial quarter. Finance reads it;
 * only the add-on writes it (setup protects the tab for admins and finance,
 * the people the add-on writes as).
 *
 * rebuildQuarterly (admin or finance) — under the write lock, ONE read of
 * Cases, CostLines, Changes, Quarterly and the configuration; the domain
 * (src/domain/finance.ts, where the rounding is stated once and tested)
 * computes the rows; ONE commit deletes every row that is not frozen and
 * appends the new rows, formatted by column type (£, %, dates), with
 * _System's 'quarterlyRebuiltAt' and an Audit row. Frozen rows are never
 * touched. Then ONE structural batch refreshes the chart (below). The number
 * of service calls does not depend on the number of cases or cost lines.
 *
 * What counts as funding (read from the tabs the other use cases write):
 * - A case's funding agreement versions are its CostLines rows with status
 *   'endorsed' (proposed, superseded and rejected lines never count). The
 *   first version is in force once the panel endorsed it; it applies from
 *   the case's cost start date (F7, backdated by the domain).
 * - A version written by a change form (its lines carry the changeId) is in
 *   force only when changeInForce holds (F9): the change is endorsed by the
 *   panel and by every affected agency — affectedAgencies between the
 *   version before it and this one, as the change form worked them out. It
 *   applies from the change's effectiveDate, however far back (F7); a
 *   backdated change into a frozen quarter becomes adjustment rows.
 * - A version the panel decided without a change form (new lines at a
 *   review) is in force as endorsed, from the date the decision gave it.
 * - A line stops after its end date; an additional line after its step-down
 *   date (F5, in the domain). A line with no end date stops at the case's
 *   placementEndDate, and nothing is charged after a closed case's
 *   closedDate.
 * - Each CostLines row has its own lineId. A line copied unchanged into the
 *   next version (same kind, description, cost, weeks, dates and shares)
 *   keeps the lineId it first had, so a change that leaves it alone neither
 *   splits its row nor rounds it twice; a changed line gets its own row.
 * - High cost (F11) is the case's flag; the payer is the lead agency (which
 *   recharges the others) unless the case says each agency pays.
 * - Quarters shown: from the earliest charged day to the quarter holding
 *   today (the whole of it), plus any quarter receiving adjustments.
 *
 * freezeQuarter (admin or finance) — only a closed quarter (it ended before
 * today). Rebuilds first, then stores that quarter's rows with status
 * 'frozen' and frozenAt, in the same single commit; the quarter is added to
 * _System 'frozenQuarters' (a comma list; a row with status 'frozen' also
 * marks its quarter frozen, so the list and the tab back each other up).
 * A frozen row is never recomputed or rewritten: a later backdated change
 * shows as adjustment rows in the next open quarter (the domain's ledger),
 * and the frozen rows also get a protected range ('Panel Tracker: frozen
 * <quarter>') that only the spreadsheet's owner can edit.
 *
 * The chart ('Spend per agency per quarter', a column chart on the
 * Quarterly tab, to the right of the table): its data lives on a hidden
 * helper tab '_QuarterlyChart' that the add-on writes and nobody else needs
 * to — a summary block 'Quarter' + one column per agency, one row per
 * quarter, in pounds, taken from the total rows (frozen ones included). The
 * helper tab is created with the chart in one batch (so finding the tab by
 * its title finds the chart; the chart's id is recorded in the helper tab's
 * protection description) and refreshed on every rebuild with the chart's
 * subtitle saying when the tab was last rebuilt. The chart is secondary: if
 * it cannot be refreshed (someone deleted it by hand), the rows are still
 * committed and the answer says what to do.
 *
 * exportQuarterlyCsv (admin or finance) — the tab as it stands (not
 * recomputed), optionally one quarter, as RFC 4180 CSV for finance systems:
 * money in pounds with two decimals, shares in percent, dates ISO, every
 * text field escaped per S3 (a leading =, +, -, @, tab or CR gets an
 * apostrophe) before quoting. The Drive port of this add-on (drive.file)
 * has no file-creation call, so the CSV is returned, not saved.
 *
 * Rebuilding after a decision is not automatic: a decision stays a small
 * write, and the chart's subtitle and _System say when the tab was rebuilt.
 */
import {formatUkDate, IsoDate} from '../domain/calendar';
import {
  freezeQuarter as freezeRows,
  FinanceLine,
  FinancePlacement,
  FrozenQuarters,
  FundingVersion,
  parseQuarterLabel,
  quarterRange,
  QuarterRow,
  QuarterRowKind,
  quarterRows,
} from '../domain/finance';
import {
  affectedAgencies,
  changeInForce,
  costStartDate,
  resolveStoredLines,
} from '../domain/funding';
import {Pence} from '../domain/money';
import {agencyCodes} from '../domain/profiles';
import {
  CaseRecord,
  ChangeRecord,
  changeFromRow,
  CostLine,
  costLineFromRow,
  Row,
} from '../domain/records';
import {fail, Result} from '../domain/result';
import {escapeFormulaText} from '../domain/template';
import {SheetShape} from './setup-requests';
import {
  CONFIG_TABS,
  Deps,
  Env,
  loadEnv,
  PlanBuilder,
  previousSubmission,
  readUseCase,
  refuse,
  requireRole,
  submissionIdOf,
  Tables,
} from './kit';

export const QUARTERLY_TAB = 'Quarterly';
export const FROZEN_QUARTERS_KEY = 'frozenQuarters';
export const REBUILT_AT_KEY = 'quarterlyRebuiltAt';
/** The hidden tab holding the chart's data. */
export const CHART_TAB = '_QuarterlyChart';
export const CHART_TITLE = 'Spend per agency per quarter';
const CHART_DESCRIPTION = `Panel Tracker: ${CHART_TAB}`;
const FROZEN_DESCRIPTION = 'Panel Tracker: frozen ';
/** Chart ids the add-on picks: this + the helper tab's sheetId. */
const CHART_ID_BASE = 1_301_300;

const FINANCE_ROLES: Array<'admin' | 'finance'> = ['admin', 'finance'];
const TABS = ['Cases', 'CostLines', 'Changes', QUARTERLY_TAB];

export interface AdjustmentSummary {
  quarter: string;
  caseId: string;
  lineId: string;
  agency: string;
  activeDays: number | null;
  quarterPence: Pence;
  rechargePence: Pence;
}

export interface QuarterlyResult {
  /** Quarters on the tab, in order. */
  quarters: string[];
  /** Rows on the tab after the rebuild (frozen ones included). */
  rows: number;
  /** Rows written by this rebuild (everything not frozen). */
  written: number;
  /** Quarter → agency → pence owed (the total rows). */
  totalsByAgencyByQuarter: Record<string, Record<string, Pence>>;
  /** Adjustment rows in open quarters (backdated changes to frozen quarters). */
  adjustments: AdjustmentSummary[];
  frozenQuarters: string[];
  rebuiltAt: string;
  /**
   * What happened to the chart: created, updated, not refreshed (see the
   * message), no structure access (no Structure port), or unchanged (a
   * repeated submission answered from the ledger).
   */
  chart:
    | 'created'
    | 'updated'
    | 'not refreshed'
    | 'no structure access'
    | 'unchanged';
  message: string;
}

export interface FreezeResult extends QuarterlyResult {
  quarter: string;
  frozenRows: number;
  frozenAt: string;
}

export interface CsvExport {
  fileName: string;
  csv: string;
  rows: number;
}

// ---------------------------------------------------------------------------
// Tabs → the domain's input
// ---------------------------------------------------------------------------

const minIso = (a: IsoDate | null, b: IsoDate | null): IsoDate | null =>
  a === null ? b : b === null ? a : a <= b ? a : b;

/** What makes two lines of consecutive versions the same line. */
function sameLineKey(l: CostLine): string {
  const shares = Object.keys(l.sharesBp)
    .filter(a => l.sharesBp[a] > 0)
    .sort()
    .map(a => `${a}:${l.sharesBp[a]}`)
    .join(',');
  return [
    l.kind,
    l.description,
    l.weeklyPence,
    l.weeksPerYear,
    l.startDate ?? '',
    l.endDate ?? '',
    l.stepDownDate ?? '',
    shares,
  ].join('|');
}

function iso(v: unknown): IsoDate | null {
  return typeof v === 'string' && v ? v : null;
}

/**
 * Each case with endorsed funding as the domain's FinancePlacement: its
 * versions, which of them are in force (F9), and their lines.
 */
export function financePlacements(
  tables: Tables,
  env: Env,
): FinancePlacement[] {
  const agencies = agencyCodes(env.profile);
  const endorsedByCase = new Map<string, CostLine[]>();
  for (const row of tables.rows<Row>('CostLines')) {
    if (row.status !== 'endorsed' || !row.caseId) continue;
    const line = costLineFromRow(row, agencies);
    const list = endorsedByCase.get(line.caseId);
    if (list) list.push(line);
    else endorsedByCase.set(line.caseId, [line]);
  }
  const changes = new Map<string, ChangeRecord>();
  for (const row of tables.rows<Row>('Changes')) {
    if (!row.changeId) continue;
    const change = changeFromRow(row, agencies);
    changes.set(change.changeId, change);
  }
  const out: FinancePlacement[] = [];
  for (const c of tables.rows<CaseRecord>('Cases')) {
    const lines = endorsedByCase.get(c.caseId);
    if (!c.caseId || !lines) continue;
    const byVersion = new Map<number, CostLine[]>();
    for (const l of lines) {
      const v = Number(l.version) || 1;
      const list = byVersion.get(v);
      if (list) list.push(l);
      else byVersion.set(v, [l]);
    }
    const caseEnd = iso(c.placementEndDate);
    const closedEnd = c.status === 'closed' ? iso(c.closedDate) : null;
    const versions: FundingVersion[] = [];
    let previous: CostLine[] = [];
    let previousIds = new Map<string, string[]>();
    for (const v of [...byVersion.keys()].sort((a, b) => a - b)) {
      const vLines = byVersion.get(v)!;
      const changeId = vLines.find(l => l.changeId)?.changeId ?? '';
      let inForce = true;
      let effectiveFrom = iso(vLines[0].effectiveDate);
      if (changeId) {
        const change = changes.get(changeId);
        if (!change) {
          inForce = false;
        } else {
          const affected = affectedAgencies(
            resolveStoredLines(previous, env.profile),
            resolveStoredLines(vLines, env.profile),
            change.withdrawingAgency || undefined,
          );
          inForce = changeInForce(change, affected);
          effectiveFrom = iso(change.effectiveDate) ?? effectiveFrom;
        }
      }
      const ids = new Map<string, string[]>();
      const financeLines: FinanceLine[] = vLines.map(l => {
        const key = sameLineKey(l);
        const lineId = previousIds.get(key)?.shift() ?? l.lineId;
        const list = ids.get(key);
        if (list) list.push(lineId);
        else ids.set(key, [lineId]);
        return {
          lineId,
          kind: l.kind,
          weeklyPence: Number(l.weeklyPence) || 0,
          weeksPerYear: Number(l.weeksPerYear) || 0,
          startDate: iso(l.startDate),
          endDate: minIso(iso(l.endDate) ?? caseEnd, closedEnd),
          stepDownDate: iso(l.stepDownDate),
          sharesBp: l.sharesBp,
        };
      });
      versions.push({version: v, effectiveFrom, inForce, lines: financeLines});
      previous = vLines;
      previousIds = ids;
    }
    const arrangement = c.paymentArrangement as string;
    out.push({
      caseId: c.caseId,
      provider: String(c.provider ?? ''),
      leadAgency: String(c.leadAgency ?? ''),
      paymentArrangement:
        arrangement === 'eachAgencyPaysProvider' ||
        arrangement === 'leadAgencyPaysAndRecharges'
          ? arrangement
          : '',
      costStartDate:
        iso(c.costStartDate) ??
        costStartDate(iso(c.alertSharedDate), iso(c.placementStartDate)),
      placementStartDate: iso(c.placementStartDate),
      highCost: c.highCost === true,
      versions,
    });
  }
  return out;
}

const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** A row of the Quarterly tab as read back (domain units) → QuarterRow. */
function quarterRowOf(r: Row): QuarterRow {
  const status = String(r.status ?? '');
  return {
    quarter: String(r.quarter ?? '').trim(),
    quarterStart: String(r.quarterStart ?? ''),
    quarterEnd: String(r.quarterEnd ?? ''),
    caseId: String(r.caseId ?? ''),
    provider: String(r.provider ?? ''),
    lineId: String(r.lineId ?? ''),
    kind: String(r.kind ?? '') as QuarterRowKind,
    agency: String(r.agency ?? ''),
    weeklyPence: num(r.weeklyPence),
    annualPence: num(r.annualPence),
    activeDays: num(r.activeDays),
    quarterPence: num(r.quarterPence) ?? 0,
    shareBp: num(r.shareBp),
    payer: String(r.payer ?? ''),
    rechargePence: num(r.rechargePence) ?? 0,
    highCost: r.highCost === true,
    status: status === 'frozen' || status === 'adjustment' ? status : 'open',
    frozenAt: iso(r.frozenAt),
  };
}

interface FrozenState {
  /** Quarter label → its frozen rows. */
  frozen: Record<string, QuarterRow[]>;
  /** Sheet row numbers of the rows kept as they are. */
  keptRowNumbers: number[];
  /** Sheet row numbers of every other row (rewritten by a rebuild). */
  openRowNumbers: number[];
}

/**
 * The frozen quarters: those listed in _System, and any quarter holding a
 * row with status 'frozen'. Frozen rows are kept, everything else is
 * rewritten. A frozen-looking row whose quarter is not a quarter label
 * (typed over by hand) is left where it is and not used.
 */
function frozenState(tables: Tables): FrozenState {
  const listed = String(tables.system(FROZEN_QUARTERS_KEY)?.value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(s => parseQuarterLabel(s));
  const frozen: Record<string, QuarterRow[]> = {};
  for (const label of listed) frozen[parseQuarterLabel(label)!.label] = [];
  const table = tables.table(QUARTERLY_TAB);
  const keptRowNumbers: number[] = [];
  const openRowNumbers: number[] = [];
  table.rows.forEach((r, i) => {
    const rowNumber = table.rowNumbers[i];
    if (r.status !== 'frozen') {
      openRowNumbers.push(rowNumber);
      return;
    }
    keptRowNumbers.push(rowNumber);
    const quarter = parseQuarterLabel(String(r.quarter ?? ''));
    if (!quarter) return;
    const row = quarterRowOf(r);
    row.quarter = quarter.label;
    (frozen[quarter.label] ??= []).push(row);
  });
  return {frozen, keptRowNumbers, openRowNumbers};
}

// ---------------------------------------------------------------------------
// The rows
// ---------------------------------------------------------------------------

/** Every row the tab should show (frozen ones included), in order. */
function compute(
  placements: FinancePlacement[],
  frozen: FrozenQuarters,
  env: Env,
): QuarterRow[] {
  return quarterRows(placements, {
    ...quarterRange(placements, env.today),
    frozen,
    agencyOrder: agencyCodes(env.profile),
  });
}

function compareQuarter(a: QuarterRow, b: QuarterRow): number {
  return a.quarterStart < b.quarterStart
    ? -1
    : a.quarterStart > b.quarterStart
      ? 1
      : 0;
}

function summarise(
  all: QuarterRow[],
  written: number,
  frozenQuarters: string[],
  nowIso: string,
): Omit<QuarterlyResult, 'chart' | 'message'> {
  const quarters: string[] = [];
  const seen = new Set<string>();
  const totals: Record<string, Record<string, Pence>> = {};
  const adjustmentRows: AdjustmentSummary[] = [];
  for (const r of [...all].sort(compareQuarter)) {
    if (!seen.has(r.quarter)) {
      seen.add(r.quarter);
      quarters.push(r.quarter);
    }
    if (r.kind === 'total') {
      const t = (totals[r.quarter] ??= {});
      t[r.agency] = (t[r.agency] ?? 0) + r.quarterPence;
    } else if (r.kind === 'adjustment' && r.status !== 'frozen') {
      adjustmentRows.push({
        quarter: r.quarter,
        caseId: r.caseId,
        lineId: r.lineId,
        agency: r.agency,
        activeDays: r.activeDays,
        quarterPence: r.quarterPence,
        rechargePence: r.rechargePence,
      });
    }
  }
  for (const q of frozenQuarters) {
    if (!seen.has(q)) quarters.push(q);
  }
  return {
    quarters,
    rows: all.length,
    written,
    totalsByAgencyByQuarter: totals,
    adjustments: adjustmentRows,
    frozenQuarters: [...frozenQuarters].sort((a, b) =>
      parseQuarterLabel(a)!.start.localeCompare(parseQuarterLabel(b)!.start),
    ),
    rebuiltAt: nowIso,
  };
}

function setSystem(
  tables: Tables,
  plan: PlanBuilder,
  key: string,
  value: string,
): void {
  const hit = tables.system(key);
  if (hit) plan.update('_System', hit.rowNumber, {value});
  else plan.append('_System', {key, value});
}

const asRow = (r: QuarterRow): Row => ({...r}) as unknown as Row;

// ---------------------------------------------------------------------------
// The use cases
// ---------------------------------------------------------------------------

/**
 * The frame of the two writing use cases: under the write lock, one read,
 * `decide`, one commit, then the structural batch (chart, protection) — in
 * the same lock, because a protected range is placed by row position.
 */
function underLock<T>(
  deps: Deps,
  extraTabs: string[],
  decide: (
    tables: Tables,
    env: Env,
  ) => Result<{
    plan: PlanBuilder;
    value: T;
    /** Runs after the commit, still under the lock; not when nothing was written. */
    after: (value: T) => T;
  }>,
): Result<T> {
  return deps.lock.run(() => {
    const tables = new Tables(
      deps.tracker.read([...new Set([...CONFIG_TABS, ...TABS, ...extraTabs])]),
    );
    const env = loadEnv(tables, deps);
    if (!env.ok) return env;
    const decided = decide(tables, env.value);
    if (!decided.ok) return decided;
    const plan = decided.value.plan.build();
    if (
      !plan.updates.length &&
      !plan.appends.length &&
      !plan.deletes.length &&
      !plan.audit.length
    ) {
      return {ok: true, value: decided.value.value};
    }
    deps.tracker.commit(plan, env.value.nowIso);
    return {ok: true, value: decided.value.after(decided.value.value)};
  });
}

function checkRole(env: Env, what: string): Result<never> | null {
  const errors = requireRole(env, FINANCE_ROLES, what);
  return errors.length ? fail(errors) : null;
}

/** F13: rebuild the Quarterly tab (admin or finance). */
export function rebuildQuarterly(deps: Deps): Result<QuarterlyResult> {
  return underLock<QuarterlyResult>(deps, [], (tables, env) => {
    const refused = checkRole(env, 'rebuild the quarterly finance tab');
    if (refused) return refused;
    const state = frozenState(tables);
    const placements = financePlacements(tables, env);
    const rows = compute(placements, state.frozen, env);
    const frozenLabels = Object.keys(state.frozen);
    const open = rows.filter(r => !(r.quarter in state.frozen));
    const plan = new PlanBuilder(tables, env)
      .delete(QUARTERLY_TAB, state.openRowNumbers)
      .append(QUARTERLY_TAB, ...open.map(asRow));
    setSystem(tables, plan, REBUILT_AT_KEY, env.nowIso);
    const all = [...Object.values(state.frozen).flat(), ...open];
    const summary = summarise(all, open.length, frozenLabels, env.nowIso);
    plan.audit(
      'rebuildQuarterly',
      QUARTERLY_TAB,
      `${placements.length} placement(s); ${open.length} row(s) written over ${summary.quarters.length} quarter(s); ${summary.adjustments.length} adjustment row(s); frozen: ${summary.frozenQuarters.join(', ') || 'none'}`,
    );
    return {
      ok: true,
      value: {
        plan,
        value: {
          ...summary,
          chart: 'unchanged',
          message: rebuildMessage(summary),
        },
        after: value => withChart(value, refreshChart(deps, env, all, [])),
      },
    };
  });
}

function withChart<T extends QuarterlyResult>(
  value: T,
  chart: {state: QuarterlyResult['chart']; problem: string | null},
): T {
  return {
    ...value,
    chart: chart.state,
    message: chart.problem
      ? `${value.message} ${chart.problem}`
      : value.message,
  };
}

function rebuildMessage(r: Omit<QuarterlyResult, 'chart' | 'message'>): string {
  const parts = [
    `Quarterly tab rebuilt: ${r.written} row(s) over ${r.quarters.length} quarter(s)` +
      (r.quarters.length
        ? ` (${r.quarters[0]} to ${r.quarters[r.quarters.length - 1]}).`
        : '.'),
  ];
  if (r.frozenQuarters.length)
    parts.push(`Frozen and never recomputed: ${r.frozenQuarters.join(', ')}.`);
  if (r.adjustments.length)
    parts.push(
      `${r.adjustments.length} adjustment row(s) for changes backdated into frozen quarters.`,
    );
  return parts.join(' ');
}

/** F13: freeze a closed quarter (admin or finance). */
export function freezeQuarter(
  deps: Deps,
  input: unknown,
): Result<FreezeResult> {
  const requested = String(
    (input as {quarter?: unknown} | null)?.quarter ?? '',
  ).trim();
  const submissionId = submissionIdOf(input);
  return underLock<FreezeResult>(deps, ['_Submissions'], (tables, env) => {
    const refused = checkRole(env, 'freeze a financial quarter');
    if (refused) return refused;
    // The same form sent twice freezes once and gets the first answer.
    const seen = previousSubmission<FreezeResult>(
      tables,
      submissionId,
      'freezeQuarter',
    );
    if (seen) {
      return seen.ok
        ? {
            ok: true,
            value: {
              plan: new PlanBuilder(tables, env),
              value: seen.value,
              after: v => v,
            },
          }
        : seen;
    }
    const quarter = parseQuarterLabel(requested);
    if (!quarter) {
      return refuse(
        'quarter',
        'F13',
        `'${requested}' is not a financial quarter: write it like '2026-27 Q1' (Q1 April–June … Q4 January–March).`,
      );
    }
    const state = frozenState(tables);
    if (quarter.label in state.frozen) {
      return refuse(
        'quarter',
        'F13',
        `${quarter.label} is already frozen; a frozen quarter is never recomputed.`,
      );
    }
    const placements = financePlacements(tables, env);
    const before = compute(placements, state.frozen, env);
    const frozenNow = freezeRows(before, quarter.label, env.today, env.nowIso);
    if (!frozenNow.ok) return frozenNow;
    const frozen = {...state.frozen, [quarter.label]: frozenNow.value};
    // Recomputed with the quarter frozen: adjustments it now holds are settled.
    const rows = compute(placements, frozen, env);
    const open = rows.filter(r => !(r.quarter in frozen));
    const labels = Object.keys(frozen);
    const plan = new PlanBuilder(tables, env)
      .delete(QUARTERLY_TAB, state.openRowNumbers)
      .append(QUARTERLY_TAB, ...frozenNow.value.map(asRow), ...open.map(asRow));
    const summary = summarise(
      [...Object.values(frozen).flat(), ...open],
      frozenNow.value.length + open.length,
      labels,
      env.nowIso,
    );
    setSystem(
      tables,
      plan,
      FROZEN_QUARTERS_KEY,
      summary.frozenQuarters.join(','),
    );
    setSystem(tables, plan, REBUILT_AT_KEY, env.nowIso);
    plan.audit(
      'freezeQuarter',
      quarter.label,
      `Froze ${quarter.label}: ${frozenNow.value.length} row(s); ${open.length} open row(s) rebuilt`,
    );
    // Where the frozen rows land: after the rows kept, once the others are gone.
    const maxKept = state.keptRowNumbers.reduce((m, n) => Math.max(m, n), 1);
    const lastKept =
      maxKept - state.openRowNumbers.filter(n => n < maxKept).length;
    const all = [...Object.values(frozen).flat(), ...open];
    const value: FreezeResult = {
      ...summary,
      chart: 'unchanged',
      message:
        `${quarter.label} is frozen: ${frozenNow.value.length} row(s) marked 'frozen' at ${env.nowIso.replace('T', ' ')} and protected; they are never recomputed, and a later backdated change shows as an adjustment row in the next open quarter. ` +
        rebuildMessage(summary),
      quarter: quarter.label,
      frozenRows: frozenNow.value.length,
      frozenAt: env.nowIso,
    };
    plan.recordSubmission(submissionId, 'freezeQuarter', quarter.label, value);
    return {
      ok: true,
      value: {
        plan,
        value,
        after: v => {
          const width = tables.table(QUARTERLY_TAB).header.length;
          const protect =
            v.frozenRows > 0
              ? (sheetId: number) => [
                  {
                    addProtectedRange: {
                      protectedRange: {
                        range: {
                          sheetId,
                          startRowIndex: lastKept,
                          endRowIndex: lastKept + v.frozenRows,
                          startColumnIndex: 0,
                          endColumnIndex: Math.max(1, width),
                        },
                        description: `${FROZEN_DESCRIPTION}${quarter.label}`,
                        warningOnly: false,
                        editors: {users: []},
                      },
                    },
                  },
                ]
              : () => [];
          return withChart(v, refreshChart(deps, env, all, [protect]));
        },
      },
    };
  });
}

// ---------------------------------------------------------------------------
// CSV for finance systems (S3)
// ---------------------------------------------------------------------------

export const CSV_COLUMNS = [
  'quarter',
  'quarterStart',
  'quarterEnd',
  'caseId',
  'provider',
  'lineId',
  'kind',
  'agency',
  'weeklyGBP',
  'annualGBP',
  'activeDays',
  'quarterGBP',
  'sharePercent',
  'payer',
  'rechargeGBP',
  'highCost',
  'status',
  'frozenAt',
] as const;

/** Exact pounds from integer pence: -123456 → '-1234.56'. */
export function poundsText(pence: number | null): string {
  if (pence === null) return '';
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(Math.round(pence));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Basis points as a percentage with two decimals: 6000 → '60.00'. */
export function percentText(bp: number | null): string {
  if (bp === null) return '';
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(Math.round(bp));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** RFC 4180: quoted when it holds a quote, comma, CR or LF; quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** S3 first (text only), then RFC 4180 quoting. */
const textField = (v: string) => csvField(escapeFormulaText(v));

/** Rows of the Quarterly tab as CSV (CRLF line ends, header first). */
export function quarterlyCsv(rows: readonly QuarterRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [
        textField(r.quarter),
        textField(r.quarterStart),
        textField(r.quarterEnd),
        textField(r.caseId),
        textField(r.provider),
        textField(r.lineId),
        textField(r.kind),
        textField(r.agency),
        poundsText(r.weeklyPence),
        poundsText(r.annualPence),
        r.activeDays === null ? '' : String(r.activeDays),
        poundsText(r.quarterPence),
        percentText(r.shareBp),
        textField(r.payer),
        poundsText(r.rechargePence),
        r.highCost ? 'TRUE' : 'FALSE',
        textField(r.status),
        textField(r.frozenAt ?? ''),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** F13: the Quarterly tab (or one quarter of it) as CSV for finance systems. */
export function exportQuarterlyCsv(
  deps: Deps,
  input?: unknown,
): Result<CsvExport> {
  const requested = String(
    (input as {quarter?: unknown} | null | undefined)?.quarter ?? '',
  ).trim();
  return readUseCase(deps, [QUARTERLY_TAB], (tables, env) => {
    const refused = checkRole(env, 'export the quarterly finance tab');
    if (refused) return refused;
    const quarter = requested ? parseQuarterLabel(requested) : undefined;
    if (requested && !quarter) {
      return refuse(
        'quarter',
        'F13',
        `'${requested}' is not a financial quarter: write it like '2026-27 Q1'.`,
      );
    }
    const rows = tables
      .rows<Row>(QUARTERLY_TAB)
      .map(quarterRowOf)
      .filter(r => !quarter || r.quarter === quarter.label)
      .sort(compareQuarter);
    const scope = quarter ? quarter.label.replace(' ', '-') : 'all';
    return {
      ok: true,
      value: {
        fileName: `${env.profile.idPrefix}-quarterly-${scope}-${env.today}.csv`,
        csv: quarterlyCsv(rows),
        rows: rows.length,
      },
    };
  });
}

// ---------------------------------------------------------------------------
// The chart (Sheets API requests through the Structure port)
// ---------------------------------------------------------------------------

type Request = Record<string, unknown>;

interface ChartBlock {
  agencies: string[];
  /** Header row, then one row per quarter. */
  rows: Array<Array<string | number>>;
}

/** The helper tab's block: quarters down, agencies across, pounds. */
export function chartBlock(
  rows: readonly QuarterRow[],
  agencyOrder: readonly string[],
): ChartBlock {
  const byQuarter = new Map<string, Map<string, Pence>>();
  const seenAgencies = new Set<string>();
  for (const r of [...rows].sort(compareQuarter)) {
    if (r.kind !== 'total') continue;
    let q = byQuarter.get(r.quarter);
    if (!q) {
      q = new Map();
      byQuarter.set(r.quarter, q);
    }
    q.set(r.agency, (q.get(r.agency) ?? 0) + r.quarterPence);
    seenAgencies.add(r.agency);
  }
  const agencies = [
    ...agencyOrder,
    ...[...seenAgencies].filter(a => !agencyOrder.includes(a)).sort(),
  ];
  return {
    agencies,
    rows: [
      ['Quarter', ...agencies],
      ...[...byQuarter].map(([label, q]) => [
        label,
        ...agencies.map(a => (q.get(a) ?? 0) / 100),
      ]),
    ],
  };
}

function blockCells(block: ChartBlock): Request[] {
  return block.rows.map((row, r) => ({
    values: row.map((v, c) =>
      typeof v === 'number'
        ? {
            userEnteredValue: {numberValue: v},
            userEnteredFormat: {
              numberFormat: {type: 'CURRENCY', pattern: '£#,##0.00'},
            },
          }
        : {
            userEnteredValue: {stringValue: v},
            ...(r === 0 || c === 0
              ? {
                  userEnteredFormat: {
                    numberFormat: {type: 'TEXT', pattern: '@'},
                  },
                }
              : {}),
          },
    ),
  }));
}

function chartSpec(
  helperId: number,
  block: ChartBlock,
  subtitle: string,
): Request {
  const column = (c: number) => ({
    sourceRange: {
      sources: [
        {
          sheetId: helperId,
          startRowIndex: 0,
          endRowIndex: block.rows.length,
          startColumnIndex: c,
          endColumnIndex: c + 1,
        },
      ],
    },
  });
  return {
    title: CHART_TITLE,
    subtitle,
    basicChart: {
      chartType: 'COLUMN',
      legendPosition: 'BOTTOM_LEGEND',
      headerCount: 1,
      axis: [
        {position: 'BOTTOM_AXIS', title: 'Financial quarter'},
        {position: 'LEFT_AXIS', title: 'Owed by the agency (£)'},
      ],
      domains: [{domain: column(0)}],
      series: block.agencies.map((_, i) => ({
        series: column(i + 1),
        targetAxis: 'LEFT_AXIS',
      })),
    },
  };
}

function chartIdOf(shape: SheetShape): number | null {
  const prefix = `${CHART_DESCRIPTION} (chart `;
  for (const p of shape.protectedRanges) {
    if (!p.description.startsWith(prefix)) continue;
    const id = Number(p.description.slice(prefix.length).replace(/\)$/, ''));
    if (Number.isSafeInteger(id)) return id;
  }
  return null;
}

/** Write the block into the helper tab (clearing what was there), growing it if needed. */
function writeBlock(
  helper: {sheetId: number; rowCount: number; columnCount: number},
  block: ChartBlock,
): Request[] {
  const requests: Request[] = [];
  const width = block.agencies.length + 1;
  const rows = helper.rowCount;
  const columns = helper.columnCount;
  if (block.rows.length > rows) {
    requests.push({
      appendDimension: {
        sheetId: helper.sheetId,
        dimension: 'ROWS',
        length: block.rows.length - rows + 40,
      },
    });
  }
  if (width > columns) {
    requests.push({
      appendDimension: {
        sheetId: helper.sheetId,
        dimension: 'COLUMNS',
        length: width - columns,
      },
    });
  }
  requests.push({
    updateCells: {
      range: {
        sheetId: helper.sheetId,
        startRowIndex: 0,
        endRowIndex: Math.max(rows, block.rows.length + 40),
        startColumnIndex: 0,
        endColumnIndex: Math.max(columns, width),
      },
      rows: blockCells(block),
      fields: 'userEnteredValue,userEnteredFormat.numberFormat',
    },
  });
  return requests;
}

/** Create the helper tab, its block and the chart on the Quarterly tab. */
function createChart(
  shapes: SheetShape[],
  quarterly: SheetShape,
  block: ChartBlock,
  subtitle: string,
): Request[] {
  const helperId = Math.max(0, ...shapes.map(s => s.sheetId)) + 1;
  const chartId = CHART_ID_BASE + helperId;
  const helper = {
    sheetId: helperId,
    rowCount: Math.max(200, block.rows.length + 40),
    columnCount: Math.max(10, block.agencies.length + 1),
  };
  const anchorColumn = Math.min(
    Math.max(quarterly.header.length, 1) + 1,
    Math.max(0, quarterly.columnCount - 1),
  );
  return [
    {
      addSheet: {
        properties: {
          sheetId: helperId,
          title: CHART_TAB,
          hidden: true,
          gridProperties: {
            rowCount: helper.rowCount,
            columnCount: helper.columnCount,
            frozenRowCount: 1,
          },
        },
      },
    },
    {
      addProtectedRange: {
        protectedRange: {
          range: {sheetId: helperId},
          description: `${CHART_DESCRIPTION} (chart ${chartId})`,
          warningOnly: true,
        },
      },
    },
    ...writeBlock(helper, block),
    {
      addChart: {
        chart: {
          chartId,
          spec: chartSpec(helperId, block, subtitle),
          position: {
            overlayPosition: {
              anchorCell: {
                sheetId: quarterly.sheetId,
                rowIndex: 1,
                columnIndex: anchorColumn,
              },
              offsetXPixels: 0,
              offsetYPixels: 0,
              widthPixels: 720,
              heightPixels: 360,
            },
          },
        },
      },
    },
  ];
}

/**
 * Refresh (or create) the chart, with any extra structural requests that
 * must go in the same batch (the frozen rows' protection). Best effort after
 * the rows are committed: a refresh that fails is tried once as a
 * re-creation, then the extra requests alone.
 */
function refreshChart(
  deps: Deps,
  env: Env,
  rows: readonly QuarterRow[],
  extras: Array<(quarterlySheetId: number) => Request[]>,
): {state: QuarterlyResult['chart']; problem: string | null} {
  const structure = deps.structure;
  if (!structure) return {state: 'no structure access', problem: null};
  const shapes = structure.describe();
  const quarterly = shapes.find(s => s.title === QUARTERLY_TAB);
  if (!quarterly) {
    return {
      state: 'not refreshed',
      problem:
        'The Quarterly tab is missing: an admin must run "Set up / upgrade the tracker".',
    };
  }
  const extra = extras.flatMap(e => e(quarterly.sheetId));
  const block = chartBlock(rows, agencyCodes(env.profile));
  const subtitle = `Quarterly tab rebuilt ${formatUkDate(env.today)} ${env.nowIso.slice(11, 16)}`;
  const helper = shapes.find(s => s.title === CHART_TAB);
  const chartId = helper ? chartIdOf(helper) : null;
  const attempts: Array<{
    state: QuarterlyResult['chart'];
    requests: Request[];
  }> = [];
  if (helper && chartId !== null) {
    attempts.push({
      state: 'updated',
      requests: [
        ...extra,
        ...writeBlock(helper, block),
        {
          updateChartSpec: {
            chartId,
            spec: chartSpec(helper.sheetId, block, subtitle),
          },
        },
      ],
    });
  }
  attempts.push({
    state: 'created',
    requests: [
      ...extra,
      ...(helper ? [{deleteSheet: {sheetId: helper.sheetId}}] : []),
      ...createChart(shapes, quarterly, block, subtitle),
    ],
  });
  if (extra.length) attempts.push({state: 'not refreshed', requests: extra});
  let problem: string | null = null;
  for (const attempt of attempts) {
    try {
      structure.apply(attempt.requests);
      return {
        state: attempt.state,
        problem:
          attempt.state === 'not refreshed'
            ? `The chart could not be refreshed (${problem}). Delete the chart on the Quarterly tab and the hidden ${CHART_TAB} tab, then rebuild to draw it again.`
            : null,
      };
    } catch (e) {
      problem = e instanceof Error ? e.message : String(e);
    }
  }
  return {
    state: 'not refreshed',
    problem: `The chart could not be refreshed (${problem}). Delete the chart on the Quarterly tab and the hidden ${CHART_TAB} tab, then rebuild to draw it again.`,
  };
}
