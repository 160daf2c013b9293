/**
 * The Quarterly tab (F13, with F3, F4, F5, F7, F9, F11): what each agency owes
 * for each placement in each UK financial quarter, and the freezing of closed
 * quarters.
 *
 * Rounding, stated once: a line's cost in a quarter is
 *   round-half-up(annual pence × days the line is active in the quarter
 *                 ÷ days in that financial year (365, or 366 with a 29 February)),
 * then split per agency by F3 (largest remainder, so the agencies' pence add
 * up to the line's quarter cost exactly). Totals are sums of those rounded
 * figures; nothing is rounded twice. A line accrues daily across the whole
 * financial year whatever its weeks basis (F4): a 38-week education line
 * costs weekly × 38 a year, spread evenly over the year's days.
 *
 * Decisions (see also the comments on lineSegments and adjustments):
 * - Versions (F9). Only versions marked inForce count; one that is not yet
 *   endorsed by every affected agency and the panel is ignored entirely. On a
 *   given day the version that applies is the highest-numbered in-force
 *   version that has started; so a version runs from its effectiveFrom to the
 *   day before the next in-force version's effectiveFrom, and a later version
 *   backdated before an earlier one's effective date overrides it (it was
 *   agreed knowing the earlier one).
 * - Backdating (F7). The first in-force version (the original agreement)
 *   applies from the case's cost start date — the earlier of the alert-shared
 *   date and the placement start — whatever effectiveFrom it carries: a delay
 *   in agreeing funding is backdated (Kent protocol and guidance). Its lines
 *   that start on or before the placement start (or have no start date) are
 *   backdated to the cost start date; a line of that version that starts
 *   after the placement start (support added later on purpose) keeps its own
 *   start. Without a placement start date every line of the first version is
 *   backdated. Nothing is charged before the cost start date. With no cost
 *   start date, lines start on their own start date (or the version's
 *   effectiveFrom); a line with neither has no start and is not charged.
 * - Step-down (F5). An additional line stops at its step-down date when that
 *   is before its end date. Both dates are read as the last day charged
 *   (inclusive, like the end date; F5 validation allows a step-down date
 *   equal to the end date, and then the two agree). The tracker records no
 *   stepped-down amount, so the additional cost simply stops. Step-down dates
 *   on other kinds of line are ignored.
 * - Rows. One row per quarter × case × lineId × agency with a non-zero share.
 *   Each CostLines row has its own lineId, so when a version changes mid
 *   quarter the old and the new line each get a row with their own active
 *   days. Should the same lineId appear in two versions, its pieces in a
 *   quarter are merged into one row: pieces with the same weekly cost, weeks
 *   and shares are rounded once on their summed days (a version change that
 *   leaves a line untouched changes nothing), different pieces are rounded
 *   and split separately and then added; the row shows the latest piece's
 *   weekly, annual and share.
 * - Freezing. A frozen quarter's rows are returned exactly as they were
 *   frozen. What a later backdated change does to a frozen quarter shows up
 *   as adjustment rows in an open quarter (see adjustments).
 *
 * Pure: no clock (today is an argument), no I/O.
 */
import {
  addDays,
  dayNumber,
  daysInMonth,
  IsoDate,
  isLeapYear,
  isoDate,
  isIsoDate,
  parts,
} from './calendar';
import {
  annualPence as annualOf,
  BasisPoints,
  Pence,
  roundHalfUpDiv,
  splitPence,
} from './money';
import {CostKind, CostLine} from './records';
import {fail, fieldError, ok, Result} from './result';

// ---------------------------------------------------------------------------
// Financial years and quarters
// ---------------------------------------------------------------------------

export interface FinancialYear {
  /** The calendar year of 1 April: FY 2026-27 has startYear 2026. */
  startYear: number;
  /** '2026-27' */
  label: string;
  start: IsoDate;
  end: IsoDate;
  /** 365, or 366 when the year holds a 29 February. */
  days: number;
}

export type QuarterNumber = 1 | 2 | 3 | 4;

export interface Quarter {
  /** '2026-27 Q1' */
  label: string;
  fyStartYear: number;
  /** Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar. */
  q: QuarterNumber;
  start: IsoDate;
  end: IsoDate;
  /** Days in the quarter. */
  days: number;
  /** Days in the quarter's financial year (the accrual divisor). */
  fyDays: number;
}

interface QuarterInfo extends Quarter {
  index: number;
  startDay: number;
  endDay: number;
}

function fyLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

export function financialYearOf(date: IsoDate): FinancialYear {
  const {year, month} = parts(date);
  const startYear = month >= 4 ? year : year - 1;
  return {
    startYear,
    label: fyLabel(startYear),
    start: isoDate(startYear, 4, 1),
    end: isoDate(startYear + 1, 3, 31),
    days: isLeapYear(startYear + 1) ? 366 : 365,
  };
}

const quarterCache = new Map<number, QuarterInfo>();

/** Quarters are numbered fyStartYear × 4 + (q − 1): consecutive quarters differ by 1. */
function quarterAt(index: number): QuarterInfo {
  const cached = quarterCache.get(index);
  if (cached) return cached;
  const fyStartYear = Math.floor(index / 4);
  const q = (index - fyStartYear * 4 + 1) as QuarterNumber;
  const startMonth = [4, 7, 10, 1][q - 1];
  const year = q === 4 ? fyStartYear + 1 : fyStartYear;
  const start = isoDate(year, startMonth, 1);
  const end = isoDate(year, startMonth + 2, daysInMonth(year, startMonth + 2));
  const startDay = dayNumber(start);
  const endDay = dayNumber(end);
  const info: QuarterInfo = {
    label: `${fyLabel(fyStartYear)} Q${q}`,
    fyStartYear,
    q,
    start,
    end,
    days: endDay - startDay + 1,
    fyDays: isLeapYear(fyStartYear + 1) ? 366 : 365,
    index,
    startDay,
    endDay,
  };
  quarterCache.set(index, info);
  return info;
}

function publicQuarter(info: QuarterInfo): Quarter {
  const {label, fyStartYear, q, start, end, days, fyDays} = info;
  return {label, fyStartYear, q, start, end, days, fyDays};
}

function quarterIndexOf(date: IsoDate): number {
  const {year, month} = parts(date);
  const fyStartYear = month >= 4 ? year : year - 1;
  const q = month >= 4 ? Math.floor((month - 4) / 3) + 1 : 4;
  return fyStartYear * 4 + q - 1;
}

/** The UK financial quarter holding a date. */
export function quarterOf(date: IsoDate): Quarter {
  return publicQuarter(quarterAt(quarterIndexOf(date)));
}

const QUARTER_LABEL = /^(\d{4})-(\d{2}) Q([1-4])$/;

function indexOfLabel(label: string): number | undefined {
  const m = QUARTER_LABEL.exec(label.trim());
  if (!m) return undefined;
  const startYear = Number(m[1]);
  if (Number(m[2]) !== (startYear + 1) % 100) return undefined;
  return startYear * 4 + Number(m[3]) - 1;
}

/** '2026-27 Q1' → the quarter; undefined for anything else ('2026-28 Q1' too). */
export function parseQuarterLabel(label: string): Quarter | undefined {
  const index = indexOfLabel(label);
  return index === undefined ? undefined : publicQuarter(quarterAt(index));
}

function requireIndex(label: string, what: string): number {
  const index = indexOfLabel(label);
  if (index === undefined)
    throw new Error(
      `${what}: not a financial quarter like '2026-27 Q1': ${label}`,
    );
  return index;
}

export function nextQuarter(quarter: Quarter): Quarter {
  return publicQuarter(
    quarterAt(requireIndex(quarter.label, 'nextQuarter') + 1),
  );
}

/** The quarters from the one holding `from` to the one holding `to`, in order. */
export function quartersBetween(from: IsoDate, to: IsoDate): Quarter[] {
  const out: Quarter[] = [];
  for (
    let i = quarterIndexOf(from), last = quarterIndexOf(to);
    i <= last;
    i++
  ) {
    out.push(publicQuarter(quarterAt(i)));
  }
  return out;
}

/**
 * Days a line active from `activeFrom` to `activeTo` (inclusive; null = no
 * end) is active in a quarter; 0 when they do not overlap.
 */
export function activeDaysInQuarter(
  activeFrom: IsoDate,
  activeTo: IsoDate | null,
  quarter: Quarter,
): number {
  const from = Math.max(dayNumber(activeFrom), dayNumber(quarter.start));
  const to = Math.min(
    activeTo === null ? Infinity : dayNumber(activeTo),
    dayNumber(quarter.end),
  );
  return Math.max(0, to - from + 1);
}

/**
 * F13: a line's cost for its active days in a quarter, rounded half up:
 * annual × days ÷ days in the financial year.
 */
export function lineQuarterPence(
  annualPence: Pence,
  activeDays: number,
  fyDays: number,
): Pence {
  return roundHalfUpDiv(annualPence * activeDays, fyDays);
}

// ---------------------------------------------------------------------------
// Input: placements and their funding agreement versions
// ---------------------------------------------------------------------------

export type PaymentArrangement =
  'leadAgencyPaysAndRecharges' | 'eachAgencyPaysProvider';

/** The fields of a stored cost line (records.ts) that finance reads. */
export type FinanceLine = Pick<
  CostLine,
  | 'lineId'
  | 'kind'
  | 'weeklyPence'
  | 'weeksPerYear'
  | 'startDate'
  | 'endDate'
  | 'stepDownDate'
  | 'sharesBp'
>;

export interface FundingVersion {
  version: number;
  /**
   * The first day this version applies: a change's effectiveDate. Ignored for
   * the first in-force version when the case has a cost start date (F7). A
   * later version without one is ignored (it cannot be placed in time).
   */
  effectiveFrom: IsoDate | null;
  /** F9: every affected agency and the panel have endorsed it. */
  inForce: boolean;
  lines: readonly FinanceLine[];
}

export interface FinancePlacement {
  caseId: string;
  provider: string;
  leadAgency: string;
  /** '' (not recorded) is read as the form's default, leadAgencyPaysAndRecharges. */
  paymentArrangement: PaymentArrangement | '';
  /** F7: the earlier of the alert-shared date and the placement start (funding.costStartDate). */
  costStartDate: IsoDate | null;
  /** Lines of the first version starting after this keep their own start (see F7 above). */
  placementStartDate?: IsoDate | null;
  /** F11 */
  highCost: boolean;
  versions: readonly FundingVersion[];
}

/** A piece of a cost line: one version's line over the days it is charged. */
export interface LineSegment {
  caseId: string;
  lineId: string;
  version: number;
  kind: CostKind;
  /** First day charged. */
  from: IsoDate;
  /** Last day charged (inclusive); null = open-ended. */
  to: IsoDate | null;
  weeklyPence: Pence;
  weeksPerYear: number;
  /** F4: weekly × weeks. */
  annualPence: Pence;
  sharesBp: Record<string, BasisPoints>;
}

interface Segment extends LineSegment {
  fromDay: number;
  toDay: number;
  /** Non-zero shares in split order (profile order, then alphabetical). */
  shares: Array<[string, BasisPoints]>;
  agencyWeekly: Record<string, Pence>;
  agencyAnnual: Record<string, Pence>;
  /** Equal signatures cost the same per day with the same split. */
  signature: string;
}

function orderedShares(
  sharesBp: Record<string, BasisPoints>,
  order: readonly string[],
): Array<[string, BasisPoints]> {
  const positive = (a: string) => (sharesBp[a] ?? 0) > 0;
  const known = order.filter(
    a => Object.prototype.hasOwnProperty.call(sharesBp, a) && positive(a),
  );
  const others = Object.keys(sharesBp)
    .filter(a => !order.includes(a) && positive(a))
    .sort(compareText);
  return [...known, ...others].map(a => [a, sharesBp[a]]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const maxIso = (a: IsoDate | null, b: IsoDate | null) =>
  a === null ? b : b === null ? a : a >= b ? a : b;
const minIso = (a: IsoDate | null, b: IsoDate | null) =>
  a === null ? b : b === null ? a : a <= b ? a : b;

/** A line of an in-force version over the days it is charged, before pricing. */
interface Span {
  version: number;
  line: FinanceLine;
  from: IsoDate;
  to: IsoDate | null;
}

const hasPositiveShare = (sharesBp: Record<string, BasisPoints>) =>
  Object.keys(sharesBp).some(a => (sharesBp[a] ?? 0) > 0);

/**
 * When each line of a placement is charged: versions (F9), F7 backdating,
 * end and step-down dates (F5). Lines with no positive share are left out.
 */
function spansOf(placement: FinancePlacement): Span[] {
  const inForce = placement.versions
    .filter(v => v.inForce)
    .sort((a, b) => a.version - b.version);
  if (inForce.length === 0) return [];
  const costStart = placement.costStartDate;
  const initial = inForce[0];
  const spans: Span[] = [];
  // Walk from the highest version down: a version applies until the day
  // before the earliest start of any higher version.
  let higherStart: IsoDate | null = null;
  for (let i = inForce.length - 1; i >= 0; i--) {
    const version = inForce[i];
    const isInitial = version === initial;
    const versionFrom = isInitial
      ? (costStart ?? version.effectiveFrom)
      : maxIso(version.effectiveFrom, costStart);
    if (!isInitial && version.effectiveFrom === null) continue;
    const versionTo = higherStart === null ? null : addDays(higherStart, -1);
    if (versionFrom !== null) higherStart = minIso(higherStart, versionFrom);
    if (versionFrom !== null && versionTo !== null && versionTo < versionFrom)
      continue;
    for (const line of version.lines) {
      const backdated =
        isInitial &&
        costStart !== null &&
        (line.startDate === null ||
          !placement.placementStartDate ||
          line.startDate <= placement.placementStartDate);
      const lineStart = backdated ? costStart : line.startDate;
      const from = maxIso(versionFrom, lineStart);
      if (from === null) continue;
      const stepDown = line.kind === 'additional' ? line.stepDownDate : null;
      const to = minIso(versionTo, minIso(line.endDate, stepDown));
      if (to !== null && to < from) continue;
      if (!hasPositiveShare(line.sharesBp)) continue;
      spans.push({version: version.version, line, from, to});
    }
  }
  return spans;
}

/** The spans of a placement, priced: F4 annual cost and the F3 split per agency. */
function segmentsOf(
  placement: FinancePlacement,
  order: readonly string[],
): Segment[] {
  const segments = spansOf(placement).map(({version, line, from, to}) => {
    const shares = orderedShares(line.sharesBp, order);
    const annualPence = annualOf(line.weeklyPence, line.weeksPerYear);
    // F3 (as funding.splitLine): largest remainder on the weekly cost, and
    // separately on the annual cost so that the annual parts add up too.
    // Agencies with no share are left out: they get no row.
    const segment: Segment = {
      caseId: placement.caseId,
      lineId: line.lineId,
      version,
      kind: line.kind,
      from,
      to,
      weeklyPence: line.weeklyPence,
      weeksPerYear: line.weeksPerYear,
      annualPence,
      sharesBp: {...line.sharesBp},
      fromDay: dayNumber(from),
      toDay: to === null ? Infinity : dayNumber(to),
      shares,
      agencyWeekly: Object.fromEntries(splitPence(line.weeklyPence, shares)),
      agencyAnnual: Object.fromEntries(splitPence(annualPence, shares)),
      signature: `${line.kind}|${line.weeklyPence}|${line.weeksPerYear}|${shares.map(([a, bp]) => `${a}:${bp}`).join(',')}`,
    };
    return segment;
  });
  return segments.sort(
    (a, b) =>
      a.fromDay - b.fromDay ||
      compareText(a.lineId, b.lineId) ||
      a.version - b.version,
  );
}

/**
 * The pieces of each cost line of a placement that are charged, with the
 * days they run (versions, F7 backdating, end and step-down dates applied).
 */
export function lineSegments(
  placement: FinancePlacement,
  agencyOrder: readonly string[] = [],
): LineSegment[] {
  return segmentsOf(placement, agencyOrder).map(s => ({
    caseId: s.caseId,
    lineId: s.lineId,
    version: s.version,
    kind: s.kind,
    from: s.from,
    to: s.to,
    weeklyPence: s.weeklyPence,
    weeksPerYear: s.weeksPerYear,
    annualPence: s.annualPence,
    sharesBp: s.sharesBp,
  }));
}

// ---------------------------------------------------------------------------
// Rows of the Quarterly tab
// ---------------------------------------------------------------------------

export type QuarterRowKind = CostKind | 'total' | 'adjustment';
export type QuarterRowStatus = 'open' | 'frozen' | 'adjustment';

/** A row of the Quarterly tab (its column keys, in domain units). */
export interface QuarterRow {
  quarter: string;
  quarterStart: IsoDate;
  quarterEnd: IsoDate;
  /** '' on total rows. */
  caseId: string;
  provider: string;
  lineId: string;
  kind: QuarterRowKind;
  agency: string;
  /** F3: the agency's weekly pence (null on total and adjustment rows). */
  weeklyPence: Pence | null;
  /** F3/F4: the agency's part of the line's annual cost (null on total and adjustment rows). */
  annualPence: Pence | null;
  /** Days charged; on an adjustment row the net change in days charged; null on totals. */
  activeDays: number | null;
  /** The agency's part of the line's quarter cost (F13). */
  quarterPence: Pence;
  shareBp: BasisPoints | null;
  /** Who pays the provider: the lead agency, or the agency itself. */
  payer: string;
  /** What the agency owes the lead agency for this row. */
  rechargePence: Pence;
  highCost: boolean;
  status: QuarterRowStatus;
  frozenAt: string | null;
}

/** Quarter label → the rows frozen in it (an empty list: frozen with no rows). */
export type FrozenQuarters = Readonly<Record<string, readonly QuarterRow[]>>;

const KIND_RANK: Record<QuarterRowKind, number> = {
  education: 0,
  care: 0,
  health: 0,
  additional: 0,
  adjustment: 1,
  total: 2,
};

/** Within a quarter: line and adjustment rows by case, line, agency; then the totals by agency. */
function compareRows(a: QuarterRow, b: QuarterRow): number {
  return (
    compareText(a.quarterStart, b.quarterStart) ||
    Number(a.kind === 'total') - Number(b.kind === 'total') ||
    compareText(a.caseId, b.caseId) ||
    compareText(a.lineId, b.lineId) ||
    compareText(a.agency, b.agency) ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind]
  );
}

interface Piece {
  segment: Segment;
  days: number;
}

/**
 * The line rows (no totals) of some quarters, by quarter index, already in
 * row order: placements by case ID, lines by lineId, agencies by code.
 */
function lineRowsFor(
  placements: readonly FinancePlacement[],
  quarterIndexes: readonly number[],
  order: readonly string[],
): Map<number, QuarterRow[]> {
  const quarters = [...new Set(quarterIndexes)]
    .sort((a, b) => a - b)
    .map(quarterAt);
  const outs = quarters.map((): QuarterRow[] => []);
  const out = new Map<number, QuarterRow[]>(
    quarters.map((q, k) => [q.index, outs[k]]),
  );
  if (quarters.length === 0) return out;
  const sorted = [...placements].sort((a, b) =>
    compareText(a.caseId, b.caseId),
  );
  for (const placement of sorted) {
    const eachPays = placement.paymentArrangement === 'eachAgencyPaysProvider';
    // lineId → per quarter (position in `quarters`) → signature → piece.
    const byLine = new Map<string, Array<Map<string, Piece> | undefined>>();
    for (const segment of segmentsOf(placement, order)) {
      let slots = byLine.get(segment.lineId);
      if (!slots) {
        slots = new Array<Map<string, Piece> | undefined>(quarters.length);
        byLine.set(segment.lineId, slots);
      }
      for (let k = 0; k < quarters.length; k++) {
        const quarter = quarters[k];
        if (quarter.startDay > segment.toDay) break;
        if (quarter.endDay < segment.fromDay) continue;
        const days =
          Math.min(quarter.endDay, segment.toDay) -
          Math.max(quarter.startDay, segment.fromDay) +
          1;
        const pieces = (slots[k] ??= new Map<string, Piece>());
        const piece = pieces.get(segment.signature);
        if (!piece) {
          pieces.set(segment.signature, {segment, days});
        } else {
          piece.days += days;
          if (segment.fromDay > piece.segment.fromDay) piece.segment = segment;
        }
      }
    }
    const lineIds = [...byLine.keys()].sort(compareText);
    for (const lineId of lineIds) {
      const slots = byLine.get(lineId)!;
      for (let k = 0; k < quarters.length; k++) {
        const pieces = slots[k];
        if (!pieces) continue;
        const quarter = quarters[k];
        let pence: Map<string, Pence> | undefined;
        let activeDays = 0;
        let shown: Segment | undefined;
        for (const {segment, days} of pieces.values()) {
          activeDays += days;
          if (!shown || segment.fromDay > shown.fromDay) shown = segment;
          const cost = lineQuarterPence(
            segment.annualPence,
            days,
            quarter.fyDays,
          );
          const split = splitPence(cost, segment.shares);
          if (!pence) {
            pence = split;
          } else {
            for (const [agency, p] of split) {
              pence.set(agency, (pence.get(agency) ?? 0) + p);
            }
          }
        }
        const agencies = [...pence!.keys()].sort(compareText);
        const rows = outs[k];
        for (const agency of agencies) {
          const quarterPence = pence!.get(agency)!;
          rows.push({
            quarter: quarter.label,
            quarterStart: quarter.start,
            quarterEnd: quarter.end,
            caseId: placement.caseId,
            provider: placement.provider,
            lineId,
            kind: shown!.kind,
            agency,
            weeklyPence: shown!.agencyWeekly[agency] ?? 0,
            annualPence: shown!.agencyAnnual[agency] ?? 0,
            activeDays,
            quarterPence,
            shareBp: shown!.sharesBp[agency] ?? 0,
            // Lead pays and recharges unless each agency pays ('' is the form's default).
            payer: eachPays ? agency : placement.leadAgency,
            rechargePence:
              eachPays || agency === placement.leadAgency ? 0 : quarterPence,
            highCost: placement.highCost,
            status: 'open',
            frozenAt: null,
          });
        }
      }
    }
  }
  return out;
}

/** F13: one total row per agency: the sums of the quarter's line and adjustment rows. */
export function totalRows(
  rows: readonly QuarterRow[],
  quarter: Quarter,
): QuarterRow[] {
  const sums = new Map<string, {quarterPence: Pence; rechargePence: Pence}>();
  for (const row of rows) {
    if (row.kind === 'total' || row.quarter !== quarter.label) continue;
    const sum = sums.get(row.agency) ?? {quarterPence: 0, rechargePence: 0};
    sum.quarterPence += row.quarterPence;
    sum.rechargePence += row.rechargePence;
    sums.set(row.agency, sum);
  }
  return [...sums.keys()].sort(compareText).map(agency => ({
    quarter: quarter.label,
    quarterStart: quarter.start,
    quarterEnd: quarter.end,
    caseId: '',
    provider: '',
    lineId: '',
    kind: 'total',
    agency,
    weeklyPence: null,
    annualPence: null,
    activeDays: null,
    quarterPence: sums.get(agency)!.quarterPence,
    shareBp: null,
    payer: '',
    rechargePence: sums.get(agency)!.rechargePence,
    highCost: false,
    status: 'open',
    frozenAt: null,
  }));
}

// ---------------------------------------------------------------------------
// Frozen quarters and adjustments
// ---------------------------------------------------------------------------

/**
 * Adjustment rows for frozen quarters, worked out as a ledger per case ×
 * line × agency:
 *
 *   owed now = Σ over frozen quarters of what the quarter costs when
 *              recomputed with today's versions (`recomputed`)
 *   settled  = Σ over frozen quarters of the frozen line rows
 *              + the adjustment rows already frozen (in any frozen quarter)
 *   adjustment = owed now − settled (quarter pence, recharge, days)
 *
 * A non-zero adjustment is placed in the first quarter that is not frozen
 * after the latest frozen quarter in which the line differs (its frozen row
 * differs from the recomputation, or it carries a frozen adjustment). So:
 * freeze Q1, backdate a change into Q1 → the adjustment appears in Q2; a
 * rebuild recomputes the very same adjustment (nothing is stored until Q2 is
 * frozen); once Q2 is frozen with the adjustment in it, the ledger balances
 * and no adjustment is produced again. A frozen row is never rewritten, and
 * differences from several frozen quarters net into one row per case ×
 * line × agency. Frozen rows of cases outside `cases` (e.g. archived, S7)
 * are left alone rather than reversed. Total rows are ignored.
 */
export function adjustments(
  frozen: FrozenQuarters,
  recomputed: Readonly<Record<string, readonly QuarterRow[]>>,
  cases?: ReadonlySet<string>,
): QuarterRow[] {
  const frozenIndexes = new Set(
    Object.keys(frozen).map(label => requireIndex(label, 'frozen quarter')),
  );
  interface Ledger {
    quarterPence: Pence;
    rechargePence: Pence;
    days: number;
    /** Latest frozen quarter in which the line differs. */
    source: number;
    /** Where provider, payer and high cost are taken from, and its quarter. */
    shown: QuarterRow;
    shownFromRecompute: boolean;
    shownIndex: number;
    /** The quarter being compared, and recomputed − frozen in it. */
    index: number;
    differencePence: Pence;
    differenceRecharge: Pence;
  }
  const ledger = new Map<string, Ledger>();
  const post = (row: QuarterRow, index: number, sign: 1 | -1): Ledger => {
    const key = `${row.caseId}\u0000${row.lineId}\u0000${row.agency}`;
    let entry = ledger.get(key);
    const fromRecompute = sign === 1;
    if (!entry) {
      entry = {
        quarterPence: 0,
        rechargePence: 0,
        days: 0,
        source: -Infinity,
        shown: row,
        shownFromRecompute: fromRecompute,
        shownIndex: index,
        index: -Infinity,
        differencePence: 0,
        differenceRecharge: 0,
      };
      ledger.set(key, entry);
    } else if (
      // Prefer today's row (current provider, payer, flag), the latest one.
      (fromRecompute &&
        (!entry.shownFromRecompute || index > entry.shownIndex)) ||
      (!fromRecompute && !entry.shownFromRecompute && index > entry.shownIndex)
    ) {
      entry.shown = row;
      entry.shownFromRecompute = fromRecompute;
      entry.shownIndex = index;
    }
    entry.quarterPence += sign * row.quarterPence;
    entry.rechargePence += sign * row.rechargePence;
    entry.days += sign * (row.activeDays ?? 0);
    return entry;
  };
  for (const label of Object.keys(frozen)) {
    const index = requireIndex(label, 'frozen quarter');
    // Lines whose frozen row differs from the recomputation in this quarter.
    const touched: Ledger[] = [];
    const compare = (row: QuarterRow, sign: 1 | -1) => {
      const entry = post(row, index, sign);
      if (entry.index !== index) {
        entry.index = index;
        entry.differencePence = 0;
        entry.differenceRecharge = 0;
        touched.push(entry);
      }
      entry.differencePence += sign * row.quarterPence;
      entry.differenceRecharge += sign * row.rechargePence;
    };
    for (const row of frozen[label]) {
      if (row.kind === 'total' || (cases && !cases.has(row.caseId))) continue;
      if (row.kind === 'adjustment') {
        const entry = post(row, index, -1);
        entry.source = Math.max(entry.source, index);
      } else {
        compare(row, -1);
      }
    }
    for (const row of recomputed[label] ?? []) {
      if (row.kind === 'total' || row.kind === 'adjustment') continue;
      compare(row, 1);
    }
    for (const entry of touched) {
      if (entry.differencePence !== 0 || entry.differenceRecharge !== 0) {
        entry.source = Math.max(entry.source, index);
      }
    }
  }
  const rows: QuarterRow[] = [];
  for (const entry of ledger.values()) {
    if (entry.quarterPence === 0 && entry.rechargePence === 0) continue;
    // (A non-zero balance always has a source: a difference or a frozen adjustment.)
    let index = Number.isFinite(entry.source)
      ? entry.source + 1
      : Math.max(...frozenIndexes) + 1;
    while (frozenIndexes.has(index)) index++;
    const quarter = quarterAt(index);
    rows.push({
      quarter: quarter.label,
      quarterStart: quarter.start,
      quarterEnd: quarter.end,
      caseId: entry.shown.caseId,
      provider: entry.shown.provider,
      lineId: entry.shown.lineId,
      kind: 'adjustment',
      agency: entry.shown.agency,
      weeklyPence: null,
      annualPence: null,
      activeDays: entry.days,
      quarterPence: entry.quarterPence,
      shareBp: null,
      payer: entry.shown.payer,
      rechargePence: entry.rechargePence,
      highCost: entry.shown.highCost,
      status: 'adjustment',
      frozenAt: null,
    });
  }
  return rows.sort(compareRows);
}

export interface QuarterRowsOptions {
  /** First quarter shown, e.g. '2026-27 Q1'. */
  fromQuarter: string;
  /** Last quarter shown. A quarter outside the range that receives adjustments is shown too. */
  toQuarter: string;
  /** The rows already frozen, by quarter label (from the tab). */
  frozen?: FrozenQuarters;
  /** Agency order for F3 ties (the profile's agencies); others alphabetical. */
  agencyOrder?: readonly string[];
}

/**
 * F13: the Quarterly tab from fromQuarter to toQuarter. Open quarters are
 * computed from the in-force versions, with adjustment rows for frozen
 * quarters and a total row per agency; frozen quarters are returned exactly
 * as frozen. Sorted by quarter, then case, line and agency, totals last in
 * each quarter. Linear in the number of lines × quarters.
 */
export function quarterRows(
  placements: readonly FinancePlacement[],
  options: QuarterRowsOptions,
): QuarterRow[] {
  const order = options.agencyOrder ?? [];
  const frozen = options.frozen ?? {};
  const first = requireIndex(options.fromQuarter, 'fromQuarter');
  const last = requireIndex(options.toQuarter, 'toQuarter');
  const frozenByIndex = new Map<number, string>();
  for (const label of Object.keys(frozen))
    frozenByIndex.set(requireIndex(label, 'frozen quarter'), label);

  const recomputedByIndex = lineRowsFor(
    placements,
    [...frozenByIndex.keys()],
    order,
  );
  const recomputed: Record<string, QuarterRow[]> = {};
  for (const [index, label] of frozenByIndex)
    recomputed[label] = recomputedByIndex.get(index) ?? [];
  const adjustmentRows = adjustments(
    frozen,
    recomputed,
    new Set(placements.map(p => p.caseId)),
  );

  const shown = new Set<number>();
  for (let i = first; i <= last; i++) shown.add(i);
  const adjustmentsByIndex = new Map<number, QuarterRow[]>();
  for (const row of adjustmentRows) {
    const index = requireIndex(row.quarter, 'adjustment');
    shown.add(index);
    const list = adjustmentsByIndex.get(index);
    if (list) list.push(row);
    else adjustmentsByIndex.set(index, [row]);
  }
  const open = [...shown].filter(i => !frozenByIndex.has(i));
  const computed = lineRowsFor(placements, open, order);

  const out: QuarterRow[] = [];
  for (const index of [...shown].sort((a, b) => a - b)) {
    const label = frozenByIndex.get(index);
    if (label !== undefined) {
      for (const row of frozen[label]) out.push(row);
      continue;
    }
    const lines = computed.get(index) ?? [];
    const extra = adjustmentsByIndex.get(index);
    // Line rows come in row order; adjustments are merged in by sorting.
    const rows = extra ? [...lines, ...extra].sort(compareRows) : lines;
    for (const row of rows) out.push(row);
    for (const row of totalRows(rows, quarterAt(index))) out.push(row);
  }
  return out;
}

/**
 * The quarters a rebuild shows by default: from the quarter of the earliest
 * charged day of any placement to the quarter holding today.
 */
export function quarterRange(
  placements: readonly FinancePlacement[],
  today: IsoDate,
): {fromQuarter: string; toQuarter: string} {
  let earliest = today;
  for (const p of placements) {
    for (const s of spansOf(p)) if (s.from < earliest) earliest = s.from;
  }
  return {
    fromQuarter: quarterOf(earliest).label,
    toQuarter: quarterOf(today).label,
  };
}

/**
 * F13: freeze a closed quarter: its rows (line, adjustment and total rows)
 * with status 'frozen' and the time of freezing. `rows` should be the output
 * of a rebuild (quarterRows) made just before, with the current frozen
 * quarters, so that the adjustments now landing in this quarter are frozen
 * with it. A quarter can be frozen only once it has ended (today is after its
 * last day), and only once. Quarters may be frozen in any order; the
 * adjustment ledger copes.
 */
export function freezeQuarter(
  rows: readonly QuarterRow[],
  quarterLabel: string,
  today: IsoDate,
  frozenAt: string,
): Result<QuarterRow[]> {
  const quarter = parseQuarterLabel(quarterLabel);
  if (!quarter) {
    return fail([
      fieldError(
        'quarter',
        'F13',
        `'${quarterLabel}' is not a financial quarter like '2026-27 Q1'.`,
      ),
    ]);
  }
  if (!isIsoDate(today) || today <= quarter.end) {
    return fail([
      fieldError(
        'quarter',
        'F13',
        `${quarter.label} runs to ${quarter.end}; only a closed quarter can be frozen (from ${addDays(quarter.end, 1)}).`,
      ),
    ]);
  }
  const inQuarter = rows.filter(r => r.quarter === quarter.label);
  if (inQuarter.some(r => r.status === 'frozen')) {
    return fail([
      fieldError(
        'quarter',
        'F13',
        `${quarter.label} is already frozen; a frozen quarter is never recomputed.`,
      ),
    ]);
  }
  return ok(
    inQuarter.map((r): QuarterRow => ({...r, status: 'frozen', frozenAt})),
  );
}
