/**
 * Cost lines as typed (pounds and percentages as text) → the domain's cost
 * lines (integer pence, basis points), and the live figures a person sees
 * while typing: per line and in total, each agency's weekly and annual pence
 * (F3, F4), whether the default formula applies (F6), the high-cost flag
 * (F11) and the minimum number of funding agencies (F1). Every figure comes
 * from the domain's own functions (splitLine, fundingTotals, checkShares …),
 * so the page shows exactly what the server will record. No DOM here.
 */
import {
  checkMinFundingAgencies,
  checkShares,
  checkWeeksPerYear,
  fundingTotals,
  FundingTotals,
  isHighCost,
  ResolvedLine,
  splitLine,
} from '../domain/funding';
import {
  annualPence,
  BasisPoints,
  formatBasisPoints,
  parsePercent,
  parsePounds,
  Pence,
} from '../domain/money';
import {describeFormula, fundingAgencies, Profile} from '../domain/profiles';
import type {FieldError} from '../domain/result';
import {given, Values} from './values';

/** One cost line as the person typed it. */
export interface CostRowRaw {
  kind: string;
  description: string;
  /** Pounds, as typed ('1,250.00', '£900'). */
  weekly: string;
  weeks: string;
  startDate: string;
  endDate: string;
  reason: string;
  stepDownDate: string;
  /** Agency code → percentage as typed ('33.33'). */
  shares: Record<string, string>;
}

export const WEEK_OPTIONS = ['38', '39', '52'];

export function emptyRow(profile: Profile): CostRowRaw {
  return {
    kind: 'care',
    description: '',
    weekly: '',
    weeks: '52',
    startDate: '',
    endDate: '',
    reason: '',
    stepDownDate: '',
    shares: Object.fromEntries(fundingAgencies(profile).map(a => [a.code, ''])),
  };
}

/** The funding agencies' codes: one share input each. */
export function shareAgencies(profile: Profile): string[] {
  return fundingAgencies(profile).map(a => a.code);
}

/** The rows of a cost line group, read from the page's inputs by id. */
export function readCostRows(
  v: Values,
  group: string,
  profile: Profile,
): CostRowRaw[] {
  const rows: CostRowRaw[] = [];
  for (let i = 0; i < v.count(group); i++) {
    const p = `${group}.${i}`;
    rows.push({
      kind: v.text(`${p}.kind`),
      description: v.text(`${p}.description`),
      weekly: v.text(`${p}.weeklyPence`),
      weeks: v.text(`${p}.weeksPerYear`),
      startDate: v.text(`${p}.startDate`),
      endDate: v.text(`${p}.endDate`),
      reason: v.text(`${p}.reason`),
      stepDownDate: v.text(`${p}.stepDownDate`),
      shares: Object.fromEntries(
        shareAgencies(profile).map(a => [a, v.text(`${p}.sharesBp.${a}`)]),
      ),
    });
  }
  return rows;
}

/** Pence as a pounds input shows it: 125000 → '1250.00'. */
export function penceToInput(pence: Pence): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Basis points as a percentage input shows them: 3334 → '33.34'. */
export function bpToInput(bp: BasisPoints): string {
  return formatBasisPoints(bp).replace(/%$/, '');
}

/** A stored (resolved) line, as the editor's rows: what a change starts from. */
export function rowFromLine(
  line: Pick<
    ResolvedLine,
    | 'kind'
    | 'description'
    | 'weeklyPence'
    | 'weeksPerYear'
    | 'startDate'
    | 'endDate'
    | 'reason'
    | 'stepDownDate'
    | 'sharesBp'
  >,
  profile: Profile,
): CostRowRaw {
  return {
    kind: line.kind,
    description: line.description ?? '',
    weekly: penceToInput(line.weeklyPence),
    weeks: String(line.weeksPerYear),
    startDate: line.startDate ?? '',
    endDate: line.endDate ?? '',
    reason: line.reason ?? '',
    stepDownDate: line.stepDownDate ?? '',
    shares: Object.fromEntries(
      shareAgencies(profile).map(a => [
        a,
        line.sharesBp[a] ? bpToInput(line.sharesBp[a]) : '',
      ]),
    ),
  };
}

/** A money input's text → pence; an error naming the field when it is not money. */
export function moneyField(
  text: string,
  field: string,
  rule: string,
  label: string,
): {pence?: Pence; error?: FieldError} {
  if (!text.trim()) return {};
  // parsePounds drops every comma ('12,5' would be £125): commas are only
  // read where they group thousands.
  const commasOk =
    !text.includes(',') || /^\s*£?\d{1,3}(,\d{3})+(\.\d{1,2})?\s*$/.test(text);
  const pence = commasOk ? parsePounds(text) : undefined;
  if (pence === undefined) {
    return {
      error: {
        field,
        rule,
        message: `${label} must be an amount in pounds and pence, such as 1,250.00.`,
      },
    };
  }
  return {pence};
}

/** A percentage input's text → basis points, or an error naming the field. */
export function percentField(
  text: string,
  field: string,
  rule: string,
  label: string,
): {bp?: BasisPoints; error?: FieldError} {
  if (!text.trim()) return {};
  const bp = parsePercent(text);
  if (bp === undefined || bp > 10000) {
    return {
      error: {
        field,
        rule,
        message: `${label} must be a percentage from 0 to 100, with at most two decimal places (such as 33.33).`,
      },
    };
  }
  return {bp};
}

/**
 * The rows as the domain's cost line input (what is sent), plus the errors
 * found reading them. A line whose share inputs are all empty carries no
 * sharesBp: the profile's default formula applies to it (F6).
 */
export function costLineInputs(
  rows: CostRowRaw[],
  group = 'costLines',
): {lines: Array<Record<string, unknown>>; errors: FieldError[]} {
  const errors: FieldError[] = [];
  const lines = rows.map((row, i) => {
    const p = `${group}.${i}`;
    const n = i + 1;
    const weekly = moneyField(
      row.weekly,
      `${p}.weeklyPence`,
      'F4',
      `Cost line ${n} weekly cost`,
    );
    if (weekly.error) errors.push(weekly.error);
    const sharesBp: Record<string, BasisPoints> = {};
    for (const [agency, text] of Object.entries(row.shares)) {
      const share = percentField(
        text,
        `${p}.sharesBp.${agency}`,
        'F2',
        `Cost line ${n} share for ${agency}`,
      );
      if (share.error) errors.push(share.error);
      else if (share.bp !== undefined) sharesBp[agency] = share.bp;
    }
    const anyShare = Object.values(row.shares).some(t => t.trim() !== '');
    const additional = row.kind === 'additional';
    const weeks = row.weeks.trim() === '' ? undefined : Number(row.weeks);
    return {
      kind: row.kind,
      description: given(row.description),
      weeklyPence: weekly.pence,
      weeksPerYear: weeks,
      startDate: given(row.startDate),
      endDate: given(row.endDate),
      reason: additional ? given(row.reason) : undefined,
      stepDownDate: additional ? given(row.stepDownDate) : undefined,
      // A share typed for one agency and left blank for another: the blank is 0.
      sharesBp: anyShare ? sharesBp : undefined,
    };
  });
  return {lines, errors};
}

// ---------------------------------------------------------------------------
// Live figures
// ---------------------------------------------------------------------------

export interface LineFigures {
  /** ok: figures below are final; incomplete: nothing typed yet; invalid: see problems. */
  state: 'ok' | 'incomplete' | 'invalid';
  /** What stops the figures, in the domain's words, each with its rule. */
  problems: FieldError[];
  formulaApplied: boolean;
  sharesBp: Record<string, BasisPoints>;
  weeklyPence: Pence;
  weeksPerYear: number;
  annualPence: Pence;
  agencyWeeklyPence: Record<string, Pence>;
  agencyAnnualPence: Record<string, Pence>;
}

export interface LiveFigures {
  lines: LineFigures[];
  /** Totals over the lines whose figures are complete (F4). */
  totals: FundingTotals;
  /** Every line's figures are complete. */
  complete: boolean;
  /** "SCS 33.34%, EDU 33.33%, HEALTH 33.33%" */
  formulaText: string;
  /** Numbers (1-based) of the lines on the default formula (F6). */
  formulaLines: number[];
  highCost: boolean;
  highCostWeeklyPence: Pence | null;
  /** F1 once every line is complete: too few agencies take a share. */
  fundingProblems: FieldError[];
}

function lineFigures(
  row: CostRowRaw,
  profile: Profile,
  field: string,
): LineFigures {
  const order = profile.agencies.map(a => a.code);
  const formula = Object.fromEntries(profile.defaultFormula);
  const anyShare = Object.values(row.shares).some(t => t.trim() !== '');
  const base: LineFigures = {
    state: 'incomplete',
    problems: [],
    formulaApplied: !anyShare,
    sharesBp: {},
    weeklyPence: 0,
    weeksPerYear: Number(row.weeks) || 0,
    annualPence: 0,
    agencyWeeklyPence: {},
    agencyAnnualPence: {},
  };
  const problems: FieldError[] = [];
  const weekly = moneyField(
    row.weekly,
    `${field}.weeklyPence`,
    'F4',
    'The weekly cost',
  );
  if (weekly.error) problems.push(weekly.error);
  const sharesBp: Record<string, BasisPoints> = {};
  if (anyShare) {
    for (const [agency, text] of Object.entries(row.shares)) {
      const share = percentField(
        text,
        `${field}.sharesBp.${agency}`,
        'F2',
        `The share for ${agency}`,
      );
      if (share.error) problems.push(share.error);
      else sharesBp[agency] = share.bp ?? 0;
    }
  } else {
    Object.assign(sharesBp, formula);
  }
  const weeks = Number(row.weeks);
  if (row.weeks.trim() === '' || !Number.isInteger(weeks)) {
    problems.push({
      field: `${field}.weeksPerYear`,
      rule: 'F4',
      message: 'Give the weeks per year this cost is paid for.',
    });
  } else {
    problems.push(
      ...checkWeeksPerYear(weeks, profile, `${field}.weeksPerYear`),
    );
  }
  if (problems.every(p => !p.field.includes('.sharesBp'))) {
    problems.push(...checkShares(sharesBp, profile, `${field}.sharesBp`));
  }
  if (weekly.pence !== undefined && weekly.pence <= 0) {
    problems.push({
      field: `${field}.weeklyPence`,
      rule: 'F4',
      message: 'The weekly cost must be more than £0.00.',
    });
  }
  if (problems.length) return {...base, state: 'invalid', problems, sharesBp};
  if (weekly.pence === undefined) return {...base, sharesBp};
  const split = splitLine(weekly.pence, weeks, sharesBp, order);
  return {
    state: 'ok',
    problems: [],
    formulaApplied: !anyShare,
    sharesBp,
    weeklyPence: weekly.pence,
    weeksPerYear: weeks,
    annualPence: annualPence(weekly.pence, weeks),
    agencyWeeklyPence: split.weekly,
    agencyAnnualPence: split.annual,
  };
}

export function liveFigures(
  rows: CostRowRaw[],
  profile: Profile,
  group = 'costLines',
): LiveFigures {
  const lines = rows.map((row, i) =>
    lineFigures(row, profile, `${group}.${i}`),
  );
  const okLines = lines.filter(l => l.state === 'ok');
  const totals = fundingTotals(okLines);
  const complete = lines.length > 0 && okLines.length === lines.length;
  return {
    lines,
    totals,
    complete,
    formulaText: describeFormula(profile.defaultFormula),
    formulaLines: lines
      .map((l, i) => (l.formulaApplied ? i + 1 : 0))
      .filter(n => n > 0),
    highCost: isHighCost(totals.weeklyPence, profile),
    highCostWeeklyPence: profile.highCostWeeklyPence,
    fundingProblems: complete
      ? checkMinFundingAgencies(okLines, profile, group)
      : [],
  };
}
