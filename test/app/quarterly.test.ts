/**
 * F13 (with F3, F4, F5, F7, F9, F11, S3, S5, S6): the Quarterly tab on the
 * BUILT bundle. Cases are made through the real use cases; every figure is
 * worked by hand in the comment next to it:
 *
 *   line quarter cost = round-half-up(annual × active days ÷ days in the FY)
 *   then split per agency by largest remainder (F3; ties to the earlier
 *   agency in the profile order SCS, EDU, HEALTH).
 *
 * FY 2025-26 and FY 2026-27 both have 365 days. 2025-26 Q4 is
 * 1 Jan–31 Mar 2026 (90 days); 2026-27 Q1 is 1 Apr–30 Jun 2026 (91 days).
 * People are fictional.
 */
import {mutateWorkbook, readWorkbook} from '../../local/sheets/store';
import {quarterlyCsv, percentText, poundsText} from '../../src/app/quarterly';
import {QuarterRow} from '../../src/domain/finance';
import {
  alertArgs,
  build,
  MEMBERS,
  referralArgs,
  Tracker,
  tracker,
} from './helpers';

const ADMIN = 'admin@example.org';
const CHAIR = 'chair@example.org';
const FIN = 'finance@example.org';
const EDU_REP = 'edu.rep@example.org';
const HEALTH_REP = 'health.rep@example.org';
const SW1 = 'sw1@example.org';
const SW2 = 'sw2@example.org';

/** A provider name typed with a leading '=' (and quotes and a comma). */
const EVIL_PROVIDER = '=HYPERLINK("https://evil.example","Pine Lodge")';

beforeAll(() => build());

interface CaseSpec {
  referrer: string;
  childRef: string;
  alertAt: string;
  shareAt: string;
  provider: string;
  paymentArrangement: string;
  costLines: unknown[];
}

/** Alert → shared → assessed → referred (booked for the panel of 3 March 2026). */
function referredCase(t: Tracker, c: CaseSpec): string {
  const a = t.ok<{caseId: string}>(
    'submitAlert',
    alertArgs({
      child: {
        childRef: c.childRef,
        initials: 'AB',
        dateOfBirth: '2013-05-20',
        legalStatus: 'S20',
      },
    }),
    c.referrer,
    c.alertAt,
  );
  t.ok('shareAlert', {caseId: a.caseId}, ADMIN, c.shareAt);
  for (const [agency, who] of [
    ['EDU', EDU_REP],
    ['HEALTH', HEALTH_REP],
  ]) {
    t.ok(
      'recordAssessment',
      {
        caseId: a.caseId,
        agency,
        status: 'completed',
        supportsPlacement: true,
        inPrincipleAgreed: true,
      },
      who,
      '2026-01-20T09:00',
    );
  }
  t.ok(
    'submitReferral',
    referralArgs(a.caseId, {
      placement: {
        provider: c.provider,
        ofstedRegistered: true,
        termsAccepted: true,
        startDate: '2026-03-02',
      },
      costLines: c.costLines,
      paymentArrangement: c.paymentArrangement,
    }),
    c.referrer,
    '2026-01-28T09:00',
  );
  return a.caseId;
}

function endorse(t: Tracker, caseId: string, at = '2026-03-03T12:00'): void {
  t.ok(
    'recordDecision',
    {
      caseId,
      panelDate: '2026-03-03',
      outcome: 'endorsed',
      rationale: 'Needs met by the placement.',
      reviewDate: '2027-02-28',
      actions: [],
    },
    CHAIR,
    at,
  );
}

/** The columns checked, in the tab's units (pence, bp, ISO). */
type Shown = [
  string, // quarter
  string, // caseId
  string, // lineId
  string, // kind
  string, // agency
  number | null, // weeklyPence
  number | null, // annualPence
  number | null, // activeDays
  number, // quarterPence
  number | null, // shareBp
  string, // payer
  number, // rechargePence
  boolean, // highCost
  string, // status
  string | null, // frozenAt
];

function shown(rows: Array<Record<string, unknown>>): Shown[] {
  return rows.map(
    r =>
      [
        r.quarter,
        r.caseId,
        r.lineId,
        r.kind,
        r.agency,
        r.weeklyPence,
        r.annualPence,
        r.activeDays,
        r.quarterPence,
        r.shareBp,
        r.payer,
        r.rechargePence,
        r.highCost,
        r.status,
        r.frozenAt,
      ] as Shown,
  );
}

const Q4 = '2025-26 Q4';
const Q1 = '2026-27 Q1';
const A = 'JRAP-2026-0001';
const B = 'JRAP-2026-0002';

/**
 * 2025-26 Q4, before any change. Case A (lead SCS pays and recharges; high
 * cost: £5,500 a week > £5,000) costs from the alert-shared date 6 Jan 2026
 * (F7: earlier than the placement start 2 Mar): 6 Jan–31 Mar = 26+28+31 = 85
 * days. Case B (each agency pays the provider) from 13 Jan: 19+28+31 = 78.
 */
// prettier-ignore
const Q4_ROWS = (status: string, frozenAt: string | null): Shown[] => {
  const s = status;
  return [
    // A education £3,000 × 38 = £114,000 a year: 11,400,000 × 85 ÷ 365 =
    // 2,654,794.52 → 2,654,795, all EDU; EDU owes it to SCS (recharge).
    [Q4, A, `${A}-V1-L1`, 'education', 'EDU', 300000, 11400000, 85, 2654795, 10000, 'SCS', 2654795, true, s, frozenAt],
    // A care £2,500 × 52 = £130,000: 13,000,000 × 85 ÷ 365 = 3,027,397.26 →
    // 3,027,397; 40% = 1,210,958.8, 60% = 1,816,438.2 → the spare penny to
    // the larger remainder (HEALTH): 1,210,959 / 1,816,438. Weekly split
    // 100,000 / 150,000; annual 5,200,000 / 7,800,000.
    [Q4, A, `${A}-V1-L2`, 'care', 'HEALTH', 100000, 5200000, 85, 1210959, 4000, 'SCS', 1210959, true, s, frozenAt],
    [Q4, A, `${A}-V1-L2`, 'care', 'SCS', 150000, 7800000, 85, 1816438, 6000, 'SCS', 0, true, s, frozenAt],
    // B care £1,000 × 52 = £52,000: 5,200,000 × 78 ÷ 365 = 1,111,232.88 →
    // 1,111,233; 50/50 = 555,616.5 each → the tie goes to SCS (profile
    // order): SCS 555,617, HEALTH 555,616. Each pays the provider itself.
    [Q4, B, `${B}-V1-L1`, 'care', 'HEALTH', 50000, 2600000, 78, 555616, 5000, 'HEALTH', 0, false, s, frozenAt],
    [Q4, B, `${B}-V1-L1`, 'care', 'SCS', 50000, 2600000, 78, 555617, 5000, 'SCS', 0, false, s, frozenAt],
    // B additional £200 × 52 = £10,400: 1,040,000 × 78 ÷ 365 = 222,246.58 → 222,247.
    [Q4, B, `${B}-V1-L2`, 'additional', 'SCS', 20000, 1040000, 78, 222247, 10000, 'SCS', 0, false, s, frozenAt],
    // Totals: EDU 2,654,795; HEALTH 1,210,959 + 555,616 = 1,766,575 (only
    // A's part is recharged); SCS 1,816,438 + 555,617 + 222,247 = 2,594,302.
    [Q4, '', '', 'total', 'EDU', null, null, null, 2654795, null, '', 2654795, false, s, frozenAt],
    [Q4, '', '', 'total', 'HEALTH', null, null, null, 1766575, null, '', 1210959, false, s, frozenAt],
    [Q4, '', '', 'total', 'SCS', null, null, null, 2594302, null, '', 0, false, s, frozenAt],
  ];
};

/**
 * 2026-27 Q1 (91 days) before the change: A education 11,400,000 × 91 ÷ 365
 * = 2,842,191.78 → 2,842,192; A care 13,000,000 × 91 ÷ 365 = 3,241,095.89
 * → 3,241,096, 60% = 1,944,657.6 and 40% = 1,296,438.4 → the penny to SCS:
 * 1,944,658 / 1,296,438; B care 5,200,000 × 91 ÷ 365 = 1,296,438.36 →
 * 1,296,438 = 648,219 × 2; B additional steps down on 31 May (F5): 1 Apr–31
 * May = 61 days, 1,040,000 × 61 ÷ 365 = 173,808.22 → 173,808.
 */
// prettier-ignore
const Q1_BEFORE_CHANGE: Shown[] = [
  [Q1, A, `${A}-V1-L1`, 'education', 'EDU', 300000, 11400000, 91, 2842192, 10000, 'SCS', 2842192, true, 'open', null],
  [Q1, A, `${A}-V1-L2`, 'care', 'HEALTH', 100000, 5200000, 91, 1296438, 4000, 'SCS', 1296438, true, 'open', null],
  [Q1, A, `${A}-V1-L2`, 'care', 'SCS', 150000, 7800000, 91, 1944658, 6000, 'SCS', 0, true, 'open', null],
  [Q1, B, `${B}-V1-L1`, 'care', 'HEALTH', 50000, 2600000, 91, 648219, 5000, 'HEALTH', 0, false, 'open', null],
  [Q1, B, `${B}-V1-L1`, 'care', 'SCS', 50000, 2600000, 91, 648219, 5000, 'SCS', 0, false, 'open', null],
  [Q1, B, `${B}-V1-L2`, 'additional', 'SCS', 20000, 1040000, 61, 173808, 10000, 'SCS', 0, false, 'open', null],
  // EDU 2,842,192; HEALTH 1,296,438 + 648,219 = 1,944,657 (recharge
  // 1,296,438); SCS 1,944,658 + 648,219 + 173,808 = 2,766,685.
  [Q1, '', '', 'total', 'EDU', null, null, null, 2842192, null, '', 2842192, false, 'open', null],
  [Q1, '', '', 'total', 'HEALTH', null, null, null, 1944657, null, '', 1296438, false, 'open', null],
  [Q1, '', '', 'total', 'SCS', null, null, null, 2766685, null, '', 0, false, 'open', null],
];

/**
 * 2026-27 Q1 once the backdated change (A's care from £2,500 to £3,000 a
 * week from 1 Mar 2026) is in force. Education is copied unchanged into
 * version 2, so it keeps its lineId and its rows do not move.
 * - A care v2 £3,000 × 52 = £156,000: 15,600,000 × 91 ÷ 365 = 3,889,315.07 →
 *   3,889,315 = 60% 2,333,589 + 40% 1,555,726 exactly; weekly 180,000 /
 *   120,000, annual 9,360,000 / 6,240,000.
 * - Adjustments for frozen 2025-26 Q4 (frozen: v1 care 85 days, SCS
 *   1,816,438, HEALTH 1,210,959). Recomputed: v1 care 6 Jan–28 Feb = 54
 *   days, 13,000,000 × 54 ÷ 365 = 1,923,287.67 → 1,923,288 → SCS 1,153,972.8
 *   HEALTH 769,315.2 → SCS 1,153,973, HEALTH 769,315; v2 care 1–31 Mar = 31
 *   days, 15,600,000 × 31 ÷ 365 = 1,324,931.51 → 1,324,932 → SCS 794,959.2,
 *   HEALTH 529,972.8 → SCS 794,959, HEALTH 529,973. So:
 *     v1 care SCS    1,153,973 − 1,816,438 = −662,465 (days 54 − 85 = −31)
 *     v1 care HEALTH   769,315 − 1,210,959 = −441,644 (recharged: −441,644)
 *     v2 care SCS    +794,959 (+31 days)
 *     v2 care HEALTH +529,973 (recharged)
 *   Education: recomputed 54 + 31 = 85 days in one piece = 2,654,795, as
 *   frozen: no adjustment.
 * - Totals: EDU 2,842,192; HEALTH 1,555,726 + 648,219 − 441,644 + 529,973 =
 *   2,292,274 (recharge 1,555,726 − 441,644 + 529,973 = 1,644,055); SCS
 *   2,333,589 + 648,219 + 173,808 − 662,465 + 794,959 = 3,288,110.
 */
// prettier-ignore
const Q1_AFTER_CHANGE: Shown[] = [
  [Q1, A, `${A}-V1-L1`, 'education', 'EDU', 300000, 11400000, 91, 2842192, 10000, 'SCS', 2842192, true, 'open', null],
  [Q1, A, `${A}-V1-L2`, 'adjustment', 'HEALTH', null, null, -31, -441644, null, 'SCS', -441644, true, 'adjustment', null],
  [Q1, A, `${A}-V1-L2`, 'adjustment', 'SCS', null, null, -31, -662465, null, 'SCS', 0, true, 'adjustment', null],
  [Q1, A, `${A}-V2-L2`, 'care', 'HEALTH', 120000, 6240000, 91, 1555726, 4000, 'SCS', 1555726, true, 'open', null],
  [Q1, A, `${A}-V2-L2`, 'adjustment', 'HEALTH', null, null, 31, 529973, null, 'SCS', 529973, true, 'adjustment', null],
  [Q1, A, `${A}-V2-L2`, 'care', 'SCS', 180000, 9360000, 91, 2333589, 6000, 'SCS', 0, true, 'open', null],
  [Q1, A, `${A}-V2-L2`, 'adjustment', 'SCS', null, null, 31, 794959, null, 'SCS', 0, true, 'adjustment', null],
  [Q1, B, `${B}-V1-L1`, 'care', 'HEALTH', 50000, 2600000, 91, 648219, 5000, 'HEALTH', 0, false, 'open', null],
  [Q1, B, `${B}-V1-L1`, 'care', 'SCS', 50000, 2600000, 91, 648219, 5000, 'SCS', 0, false, 'open', null],
  [Q1, B, `${B}-V1-L2`, 'additional', 'SCS', 20000, 1040000, 61, 173808, 10000, 'SCS', 0, false, 'open', null],
  [Q1, '', '', 'total', 'EDU', null, null, null, 2842192, null, '', 2842192, false, 'open', null],
  [Q1, '', '', 'total', 'HEALTH', null, null, null, 2292274, null, '', 1644055, false, 'open', null],
  [Q1, '', '', 'total', 'SCS', null, null, null, 3288110, null, '', 0, false, 'open', null],
];

describe('the Quarterly tab on a Kent tracker', () => {
  let t: Tracker;
  const rebuild = (at: string) =>
    t.ok<{
      quarters: string[];
      totalsByAgencyByQuarter: Record<string, Record<string, number>>;
      adjustments: unknown[];
      chart: string;
      message: string;
    }>('rebuildQuarterly', undefined, FIN, at);

  beforeAll(() => {
    t = tracker({
      members: MEMBERS,
      settings: {highCostWeeklyPence: 500000},
    });
    const a = referredCase(t, {
      referrer: SW1,
      childRef: 'SCS-30001',
      alertAt: '2026-01-05T09:00',
      shareAt: '2026-01-06T09:00',
      provider: 'Oakfield School',
      paymentArrangement: 'leadAgencyPaysAndRecharges',
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
    });
    const b = referredCase(t, {
      referrer: SW2,
      childRef: 'SCS-30002',
      alertAt: '2026-01-12T09:00',
      shareAt: '2026-01-13T09:00',
      provider: EVIL_PROVIDER,
      paymentArrangement: 'eachAgencyPaysProvider',
      costLines: [
        {
          kind: 'care',
          description: 'Care',
          weeklyPence: 100000,
          weeksPerYear: 52,
          sharesBp: {SCS: 5000, HEALTH: 5000},
        },
        {
          kind: 'additional',
          description: 'Waking night',
          weeklyPence: 20000,
          weeksPerYear: 52,
          sharesBp: {SCS: 10000},
          reason: 'Night support while settling in',
          endDate: '2026-06-30',
          stepDownDate: '2026-05-31',
        },
      ],
    });
    expect([a, b]).toEqual([A, B]);
    t.ok('buildAgenda', {panelDate: '2026-03-03'}, ADMIN, '2026-02-18T09:00');
    endorse(t, A);
    endorse(t, B);
  });

  it('S5: only admins and finance rebuild, freeze or export', () => {
    for (const who of [SW1, EDU_REP]) {
      for (const [fn, args] of [
        ['rebuildQuarterly', undefined],
        ['freezeQuarter', {quarter: Q4}],
        ['exportQuarterlyCsv', {}],
      ] as const) {
        const o = t.call(fn, args, who, '2026-03-04T08:00');
        expect(o.ok).toBe(false);
        expect(o.errors[0].rule).toBe('S5');
      }
    }
    expect(t.tab('Quarterly')).toEqual([]);
  });

  it('F13: rows per placement × line × agency with totals, hand-worked; the chart draws them', () => {
    const r = rebuild('2026-03-04T09:00');
    expect(r.quarters).toEqual([Q4]);
    expect(r.totalsByAgencyByQuarter).toEqual({
      [Q4]: {EDU: 2654795, HEALTH: 1766575, SCS: 2594302},
    });
    expect(r.chart).toBe('created');
    expect(shown(t.tab('Quarterly'))).toEqual(Q4_ROWS('open', null));
    // Provider text is stored as typed, never evaluated (S3).
    expect(t.tab('Quarterly')[3].provider).toBe(EVIL_PROVIDER);
    expect(t.tab('_System').find(s => s.key === 'quarterlyRebuiltAt')).toEqual({
      key: 'quarterlyRebuiltAt',
      value: '2026-03-04T09:00',
    });
    // The chart: one column chart on the Quarterly tab, fed by the hidden
    // helper tab's block (pounds per agency per quarter).
    expect(t.raw('_QuarterlyChart')).toEqual([
      ['Quarter', 'SCS', 'EDU', 'HEALTH'],
      [Q4, 25943.02, 26547.95, 17665.75],
    ]);
    const wb = readWorkbook(t.session.workspace, t.session.spreadsheetId);
    const quarterly = wb.sheets.find(s => s.name === 'Quarterly')!;
    const helper = wb.sheets.find(s => s.name === '_QuarterlyChart')!;
    expect(helper.hidden).toBe(true);
    expect(quarterly.charts).toHaveLength(1);
    const chart = quarterly.charts[0];
    expect(chart.type).toBe('COLUMN');
    expect(chart.options.title).toBe('Spend per agency per quarter');
    expect(chart.options.subtitle).toBe(
      'Quarterly tab rebuilt 04/03/2026 09:00',
    );
    expect(chart.ranges).toEqual([
      {sheetId: helper.sheetId, r0: 0, r1: 2, c0: 0, c1: 1},
      {sheetId: helper.sheetId, r0: 0, r1: 2, c0: 1, c1: 2},
      {sheetId: helper.sheetId, r0: 0, r1: 2, c0: 2, c1: 3},
      {sheetId: helper.sheetId, r0: 0, r1: 2, c0: 3, c1: 4},
    ]);
    // Formatted: £ on money, % on shares, dates as dates.
    const formats = quarterly.formats[1]!;
    const header = t.raw('Quarterly')[0] as string[];
    expect(formats[header.indexOf('quarterPence')]).toBe('£#,##0.00');
    expect(formats[header.indexOf('shareBp')]).toBe('0.00%');
    expect(formats[header.indexOf('quarterStart')]).toBe('dd/mm/yyyy');
  });

  it('F13: only a closed quarter can be frozen', () => {
    const early = t.call(
      'freezeQuarter',
      {quarter: Q4},
      FIN,
      '2026-03-20T09:00',
    );
    expect(early.ok).toBe(false);
    expect(early.errors[0]).toMatchObject({field: 'quarter', rule: 'F13'});
    const bad = t.call(
      'freezeQuarter',
      {quarter: '2025 Q5'},
      FIN,
      '2026-04-02T09:00',
    );
    expect(bad.errors[0]).toMatchObject({field: 'quarter', rule: 'F13'});
  });

  it('F13: freezing marks and protects the closed quarter; the next open quarter is rebuilt', () => {
    const r = t.ok<{
      frozenRows: number;
      quarters: string[];
      message: string;
      chart: string;
    }>(
      'freezeQuarter',
      {quarter: Q4, submissionId: 'freeze-q4'},
      FIN,
      '2026-04-02T09:00',
    );
    expect(r.chart).toBe('updated');
    expect(r.frozenRows).toBe(9);
    expect(r.quarters).toEqual([Q4, Q1]);
    expect(r.message).toMatch(/never recomputed/);
    expect(shown(t.tab('Quarterly'))).toEqual([
      ...Q4_ROWS('frozen', '2026-04-02T09:00'),
      ...Q1_BEFORE_CHANGE,
    ]);
    expect(t.tab('_System').find(s => s.key === 'frozenQuarters')?.value).toBe(
      Q4,
    );
    // The same form sent twice freezes once and gets the first answer (S6).
    const tab = t.tab('Quarterly');
    const replay = t.ok(
      'freezeQuarter',
      {quarter: Q4, submissionId: 'freeze-q4'},
      FIN,
      '2026-04-02T09:01',
    );
    expect(replay).toEqual({...r, chart: 'unchanged'});
    expect(t.tab('Quarterly')).toEqual(tab);
    const again = t.call(
      'freezeQuarter',
      {quarter: Q4},
      FIN,
      '2026-04-03T09:00',
    );
    expect(again.errors[0]).toMatchObject({rule: 'F13'});
    expect(again.errors[0].message).toMatch(/already frozen/);
    // The frozen rows (sheet rows 2–10) carry a protected range of their own.
    const wb = readWorkbook(t.session.workspace, t.session.spreadsheetId);
    const quarterly = wb.sheets.find(s => s.name === 'Quarterly')!;
    const p = wb.protections.find(
      x => x.description === `Panel Tracker: frozen ${Q4}`,
    )!;
    expect(p).toMatchObject({
      sheetId: quarterly.sheetId,
      type: 'RANGE',
      warningOnly: false,
      range: {r0: 1, r1: 10, c0: 0, c1: 18},
    });
  });

  it('F9, F7, F13: a backdated change counts once every affected agency endorsed it; frozen rows stay, an adjustment lands in the next open quarter', () => {
    const frozenBefore = t.tab('Quarterly').slice(0, 9);
    const change = t.ok<{changeId: string; panelDate: string}>(
      'submitChange',
      {
        caseId: A,
        changeType: 'increase',
        reason: 'More care hours needed at night.',
        effectiveDate: '2026-03-01',
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
            weeklyPence: 300000,
            weeksPerYear: 52,
            sharesBp: {SCS: 6000, HEALTH: 4000},
          },
        ],
      },
      SW1,
      '2026-04-10T09:00',
    );
    expect(change.panelDate).toBe('2026-05-05');
    t.ok(
      'endorseChange',
      {changeId: change.changeId, agency: 'SCS'},
      ADMIN,
      '2026-04-10T10:00',
    );
    t.ok(
      'recordDecision',
      {
        caseId: A,
        changeId: change.changeId,
        panelDate: '2026-05-05',
        outcome: 'endorsed',
        rationale: 'Increase agreed.',
        reviewDate: '2027-02-28',
        actions: [],
      },
      CHAIR,
      '2026-05-05T12:00',
    );
    // HEALTH has not endorsed yet (F9): nothing changes.
    const pending = rebuild('2026-05-06T09:00');
    expect(pending.adjustments).toEqual([]);
    expect(shown(t.tab('Quarterly'))).toEqual([
      ...Q4_ROWS('frozen', '2026-04-02T09:00'),
      ...Q1_BEFORE_CHANGE,
    ]);

    t.ok(
      'endorseChange',
      {changeId: change.changeId, agency: 'HEALTH'},
      HEALTH_REP,
      '2026-05-07T09:00',
    );
    const r = rebuild('2026-05-07T10:00');
    expect(r.adjustments).toHaveLength(4);
    expect(r.totalsByAgencyByQuarter[Q1]).toEqual({
      EDU: 2842192,
      HEALTH: 2292274,
      SCS: 3288110,
    });
    const rows = t.tab('Quarterly');
    expect(rows.slice(0, 9)).toEqual(frozenBefore);
    expect(shown(rows)).toEqual([
      ...Q4_ROWS('frozen', '2026-04-02T09:00'),
      ...Q1_AFTER_CHANGE,
    ]);
    // The chart follows (frozen totals included).
    expect(t.raw('_QuarterlyChart')).toEqual([
      ['Quarter', 'SCS', 'EDU', 'HEALTH'],
      [Q4, 25943.02, 26547.95, 17665.75],
      [Q1, 32881.1, 28421.92, 22922.74],
    ]);
    const wb = readWorkbook(t.session.workspace, t.session.spreadsheetId);
    const quarterly = wb.sheets.find(s => s.name === 'Quarterly')!;
    expect(quarterly.charts).toHaveLength(1);
    expect(quarterly.charts[0].options.subtitle).toBe(
      'Quarterly tab rebuilt 07/05/2026 10:00',
    );
  });

  it('a rebuild repeated gives identical rows', () => {
    const before = t.tab('Quarterly');
    const first = rebuild('2026-05-07T11:00');
    const second = rebuild('2026-05-07T11:05');
    expect(t.tab('Quarterly')).toEqual(before);
    expect(second.totalsByAgencyByQuarter).toEqual(
      first.totalsByAgencyByQuarter,
    );
    expect(second.chart).toBe('updated');
  });

  it('the chart is drawn again after someone deletes it by hand', () => {
    mutateWorkbook(t.session.workspace, t.session.spreadsheetId, wb => {
      for (const sheet of wb.sheets) sheet.charts = [];
    });
    const r = rebuild('2026-05-07T12:00');
    expect(r.chart).toBe('created');
    expect(r.message).not.toMatch(/could not/);
    const wb = readWorkbook(t.session.workspace, t.session.spreadsheetId);
    expect(wb.sheets.flatMap(s => s.charts)).toHaveLength(1);
    expect(wb.sheets.filter(s => s.name === '_QuarterlyChart')).toHaveLength(1);
    expect(rebuild('2026-05-07T12:05').chart).toBe('updated');
  });

  it('S3: the CSV for finance systems escapes formula text and quotes per RFC 4180', () => {
    const out = t.ok<{fileName: string; csv: string; rows: number}>(
      'exportQuarterlyCsv',
      {quarter: Q4},
      FIN,
      '2026-05-08T09:00',
    );
    expect(out.fileName).toBe('JRAP-quarterly-2025-26-Q4-2026-05-08.csv');
    expect(out.rows).toBe(9);
    const lines = out.csv.split('\r\n');
    expect(lines[0]).toBe(
      'quarter,quarterStart,quarterEnd,caseId,provider,lineId,kind,agency,weeklyGBP,annualGBP,activeDays,quarterGBP,sharePercent,payer,rechargeGBP,highCost,status,frozenAt',
    );
    expect(lines[1]).toBe(
      `${Q4},2026-01-01,2026-03-31,${A},Oakfield School,${A}-V1-L1,education,EDU,3000.00,114000.00,85,26547.95,100.00,SCS,26547.95,TRUE,frozen,2026-04-02T09:00`,
    );
    expect(lines[4]).toBe(
      `${Q4},2026-01-01,2026-03-31,${B},"'=HYPERLINK(""https://evil.example"",""Pine Lodge"")",${B}-V1-L1,care,HEALTH,500.00,26000.00,78,5556.16,50.00,HEALTH,0.00,FALSE,frozen,2026-04-02T09:00`,
    );
    expect(lines[9]).toBe(
      `${Q4},2026-01-01,2026-03-31,,,,total,SCS,,,,25943.02,,,0.00,FALSE,frozen,2026-04-02T09:00`,
    );
    expect(lines[10]).toBe('');
    const all = t.ok<{csv: string; rows: number}>(
      'exportQuarterlyCsv',
      {},
      ADMIN,
      '2026-05-08T09:00',
    );
    expect(all.rows).toBe(22);
    expect(all.csv).toContain(
      `${Q1},2026-04-01,2026-06-30,${A},Oakfield School,${A}-V1-L2,adjustment,HEALTH,,,-31,-4416.44,,SCS,-4416.44,TRUE,adjustment,`,
    );
    const bad = t.call(
      'exportQuarterlyCsv',
      {quarter: 'Q1'},
      FIN,
      '2026-05-08T09:00',
    );
    expect(bad.errors[0]).toMatchObject({field: 'quarter', rule: 'F13'});
  });
});

/**
 * F8 with F9, F3, F7, F13 through the real use cases: HEALTH withdraws after
 * three calendar months' notice. One care line £2,000 × 52 = £104,000 a year
 * = 10,400,000p, split SCS 50 / EDU 25 / HEALTH 25, lead SCS pays and
 * recharges. Alert shared 6 Jan 2026, placement from 2 Mar: costs from 6 Jan
 * (F7). Notice given 10 Mar 2026 → earliest effective date 10 Jun 2026
 * (10 Mar + 3 months, F8). The change form leaves the cost as it is and
 * shares HEALTH's part between the others in proportion (F3 largest
 * remainder on 5000 : 2500): SCS 6667, EDU 3333.
 */
describe('F8: an agency withdrawal after three months’ notice on the Quarterly tab', () => {
  let t: Tracker;
  let caseId: string;
  let changeId: string;
  let panelDate: string;

  beforeAll(() => {
    t = tracker({members: MEMBERS});
    caseId = referredCase(t, {
      referrer: SW1,
      childRef: 'SCS-50001',
      alertAt: '2026-01-05T09:00',
      shareAt: '2026-01-06T09:00',
      provider: 'Birch House',
      paymentArrangement: 'leadAgencyPaysAndRecharges',
      costLines: [
        {
          kind: 'care',
          description: 'Residential care',
          weeklyPence: 200000,
          weeksPerYear: 52,
          sharesBp: {SCS: 5000, EDU: 2500, HEALTH: 2500},
        },
      ],
    });
    t.ok('buildAgenda', {panelDate: '2026-03-03'}, ADMIN, '2026-02-18T09:00');
    endorse(t, caseId);
  });

  const withdrawal = (effectiveDate: string) => ({
    caseId,
    changeType: 'agencyWithdrawal',
    withdrawingAgency: 'HEALTH',
    reason: 'The health need is now met by the community team.',
    noticeDate: '2026-03-10',
    effectiveDate,
  });

  it('F8: an effective date one day short of three months after the notice is refused, nothing written', () => {
    // 10 Mar 2026 + 3 calendar months = 10 Jun 2026; 9 Jun is too early.
    const early = t.call(
      'submitChange',
      withdrawal('2026-06-09'),
      ADMIN,
      '2026-03-10T09:00',
    );
    expect(early.ok).toBe(false);
    expect(early.errors.map(e => e.rule)).toContain('F8');
    expect(t.tab('Changes')).toEqual([]);
  });

  it('F8, F9, F13: from the effective date the split changes, once every agency (HEALTH included) and the panel endorsed it', () => {
    const change = t.ok<{
      changeId: string;
      panelDate: string;
      affectedAgencies: string[];
    }>('submitChange', withdrawal('2026-06-10'), ADMIN, '2026-03-10T09:00');
    ({changeId, panelDate} = change);
    // Every agency's weekly pence move, and the withdrawing agency endorses too.
    expect(change.affectedAgencies).toEqual(['EDU', 'HEALTH', 'SCS']);
    t.ok('endorseChange', {changeId, agency: 'SCS'}, ADMIN, '2026-03-11T09:00');
    t.ok(
      'endorseChange',
      {changeId, agency: 'EDU'},
      EDU_REP,
      '2026-03-11T09:30',
    );
    t.ok(
      'recordDecision',
      {
        caseId,
        changeId,
        panelDate,
        outcome: 'endorsed',
        rationale: 'Withdrawal with full notice.',
        reviewDate: '2027-02-28',
        actions: [],
      },
      CHAIR,
      `${panelDate}T12:00`,
    );
    const version2 = t
      .tab('CostLines')
      .filter(l => l.caseId === caseId && l.version === 2);
    expect(
      version2.map(l => [
        l.weeklyPence,
        l.share_SCS,
        l.share_EDU,
        l.share_HEALTH,
      ]),
    ).toEqual([[200000, 6667, 3333, 0]]);

    // HEALTH has not endorsed (F9): on 2 Jul 2026 the old split still runs
    // through 2026-27 Q2 (92 days): 10,400,000 × 92 ÷ 365 = 2,621,369.86 →
    // 2,621,370 → SCS 1,310,685, EDU and HEALTH 655,342.5 each → the tie to
    // EDU (profile order): EDU 655,343, HEALTH 655,342.
    const q2 = '2026-27 Q2';
    const line = (q: string) =>
      t
        .tab('Quarterly')
        .filter(r => r.quarter === q && r.kind === 'care')
        .map(r => [r.lineId, r.agency, r.activeDays, r.quarterPence]);
    t.ok('rebuildQuarterly', undefined, FIN, '2026-07-02T09:00');
    expect(line(q2)).toEqual([
      [`${caseId}-V1-L1`, 'EDU', 92, 655343],
      [`${caseId}-V1-L1`, 'HEALTH', 92, 655342],
      [`${caseId}-V1-L1`, 'SCS', 92, 1310685],
    ]);

    t.ok(
      'endorseChange',
      {changeId, agency: 'HEALTH'},
      HEALTH_REP,
      '2026-07-02T10:00',
    );
    t.ok('rebuildQuarterly', undefined, FIN, '2026-07-02T11:00');
    // 2025-26 Q4, 6 Jan–31 Mar = 26 + 28 + 31 = 85 days, unchanged:
    //   10,400,000 × 85 ÷ 365 = 2,421,917.81 → 2,421,918 → SCS 1,210,959,
    //   EDU and HEALTH 605,479.5 each → EDU 605,480, HEALTH 605,479.
    expect(line(Q4)).toEqual([
      [`${caseId}-V1-L1`, 'EDU', 85, 605480],
      [`${caseId}-V1-L1`, 'HEALTH', 85, 605479],
      [`${caseId}-V1-L1`, 'SCS', 85, 1210959],
    ]);
    // 2026-27 Q1: the notice period runs 1 Apr–9 Jun = 30 + 31 + 9 = 70 days:
    //   10,400,000 × 70 ÷ 365 = 1,994,520.55 → 1,994,521 → SCS 997,260.5,
    //   EDU 498,630.25, HEALTH 498,630.25 → the penny to SCS (largest
    //   remainder .5): 997,261 / 498,630 / 498,630.
    //   From 10 Jun (21 days): 10,400,000 × 21 ÷ 365 = 598,356.16 → 598,356
    //   → SCS 66.67% 398,923.95, EDU 33.33% 199,432.05 → SCS 398,924, EDU 199,432.
    expect(line(Q1)).toEqual([
      [`${caseId}-V1-L1`, 'EDU', 70, 498630],
      [`${caseId}-V1-L1`, 'HEALTH', 70, 498630],
      [`${caseId}-V1-L1`, 'SCS', 70, 997261],
      [`${caseId}-V2-L1`, 'EDU', 21, 199432],
      [`${caseId}-V2-L1`, 'SCS', 21, 398924],
    ]);
    // 2026-27 Q2, all 92 days on the new split: 2,621,370 → SCS 1,747,667.38,
    //   EDU 873,702.62 → the penny to EDU: 1,747,667 / 873,703. HEALTH owes nothing.
    expect(line(q2)).toEqual([
      [`${caseId}-V2-L1`, 'EDU', 92, 873703],
      [`${caseId}-V2-L1`, 'SCS', 92, 1747667],
    ]);
    // Totals and recharges to the lead agency SCS:
    //   Q1 EDU 498,630 + 199,432 = 698,062; HEALTH 498,630; SCS 997,261 + 398,924 = 1,396,185.
    const totals = (q: string) =>
      t
        .tab('Quarterly')
        .filter(r => r.quarter === q && r.kind === 'total')
        .map(r => [r.agency, r.quarterPence, r.rechargePence]);
    expect(totals(Q1)).toEqual([
      ['EDU', 698062, 698062],
      ['HEALTH', 498630, 498630],
      ['SCS', 1396185, 0],
    ]);
    expect(totals(q2)).toEqual([
      ['EDU', 873703, 873703],
      ['SCS', 1747667, 0],
    ]);
  });
});

describe('S3: quarterlyCsv', () => {
  const row = (provider: string): QuarterRow => ({
    quarter: Q1,
    quarterStart: '2026-04-01',
    quarterEnd: '2026-06-30',
    caseId: A,
    provider,
    lineId: `${A}-V1-L1`,
    kind: 'care',
    agency: 'SCS',
    weeklyPence: 1,
    annualPence: -5,
    activeDays: 0,
    quarterPence: -123456,
    shareBp: 3333,
    payer: 'SCS',
    rechargePence: 0,
    highCost: false,
    status: 'open',
    frozenAt: null,
  });

  it('puts an apostrophe before =, +, -, @, tab and CR, then quotes', () => {
    const providers = [
      '=cmd',
      '+1',
      '-1',
      '@x',
      '\tTab',
      '\rCR',
      'a,b',
      'say "hi"',
      'two\nlines',
      'Plain',
    ];
    const csv = quarterlyCsv(providers.map(row));
    const fields = csv
      .split('\r\n')
      .slice(1, -1)
      .map(l => l.split(',')[4]);
    expect(fields.slice(0, 6)).toEqual([
      "'=cmd",
      "'+1",
      "'-1",
      "'@x",
      "'\tTab",
      '"\'\rCR"',
    ]);
    expect(csv).toContain(',"a,b",');
    expect(csv).toContain(',"say ""hi""",');
    expect(csv).toContain(',"two\nlines",');
    expect(csv).toContain(',Plain,');
    // Numbers are numbers: exact pounds from pence, percent from bp.
    expect(csv.split('\r\n')[1]).toContain(
      ',0.01,-0.05,0,-1234.56,33.33,SCS,0.00,FALSE,open,',
    );
  });

  it('turns pence and basis points into exact text', () => {
    expect([
      poundsText(0),
      poundsText(5),
      poundsText(-5),
      poundsText(123456789),
      poundsText(null),
    ]).toEqual(['0.00', '0.05', '-0.05', '1234567.89', '']);
    expect([percentText(10000), percentText(1), percentText(null)]).toEqual([
      '100.00',
      '0.01',
      '',
    ]);
  });
});

describe('service calls do not grow with cost lines', () => {
  it('a rebuild makes the same calls for 2 and for 22 cost lines', () => {
    const t = tracker({members: MEMBERS});
    const referred = (
      childRef: string,
      referrer: string,
      costLines: unknown[],
    ) =>
      referredCase(t, {
        referrer,
        childRef,
        alertAt: '2026-01-05T09:00',
        shareAt: '2026-01-06T09:00',
        provider: 'Oakfield School',
        paymentArrangement: 'leadAgencyPaysAndRecharges',
        costLines,
      });
    const small = referred('SCS-40001', SW1, [
      {
        kind: 'education',
        description: 'School fees',
        weeklyPence: 300000,
        weeksPerYear: 38,
        sharesBp: {EDU: 10000},
      },
      {
        kind: 'care',
        description: 'Care',
        weeklyPence: 250000,
        weeksPerYear: 52,
        sharesBp: {SCS: 6000, HEALTH: 4000},
      },
    ]);
    const big = referred(
      'SCS-40002',
      SW2,
      Array.from({length: 20}, (_, i) => ({
        kind: 'care',
        description: `Care part ${i + 1}`,
        weeklyPence: 10000 + i,
        weeksPerYear: 52,
        sharesBp: {SCS: 5000 + i, HEALTH: 5000 - i},
      })),
    );
    t.ok('buildAgenda', {panelDate: '2026-03-03'}, ADMIN, '2026-02-18T09:00');
    endorse(t, small, '2026-03-03T12:00');
    const calls = (at: string) => {
      const o = t.call('rebuildQuarterly', undefined, FIN, at);
      expect(o.ok).toBe(true);
      return {total: o.serviceCalls, byMethod: o.callsByMethod};
    };
    calls('2026-03-03T13:00'); // creates the chart
    const two = calls('2026-03-03T14:00');
    // Education EDU, care HEALTH and SCS, and three totals.
    expect(t.tab('Quarterly')).toHaveLength(6);
    endorse(t, big, '2026-03-03T15:00');
    const twentyTwo = calls('2026-03-03T16:00');
    // 3 + 20 lines × 2 agencies + 3 totals.
    expect(t.tab('Quarterly')).toHaveLength(46);
    expect(twentyTwo).toEqual(two);
  });
});
