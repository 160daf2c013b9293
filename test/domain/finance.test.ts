/**
 * F13 quarterly tab (with F3, F4, F5, F7, F8, F9, F11). Every figure below is
 * worked by hand in the comment next to it:
 *   line quarter cost = round-half-up(annual × active days ÷ days in the FY),
 *   split per agency by largest remainder (F3, ties to the earlier agency in
 *   the profile order SCS, EDU, HEALTH).
 * FY 2026-27 (1 Apr 2026 – 31 Mar 2027) has 365 days: Q1 91, Q2 92, Q3 92, Q4 90.
 * FY 2027-28 (1 Apr 2027 – 31 Mar 2028) has 366 days: Q4 holds 29 Feb 2028 (91 days).
 */
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  dayNumber,
  fromDayNumber,
} from '../../src/domain/calendar';
import {
  activeDaysInQuarter,
  adjustments,
  FinanceLine,
  FinancePlacement,
  financialYearOf,
  freezeQuarter,
  FrozenQuarters,
  FundingVersion,
  lineQuarterPence,
  lineSegments,
  nextQuarter,
  parseQuarterLabel,
  quarterOf,
  quarterRange,
  QuarterRow,
  quarterRows,
  quartersBetween,
  totalRows,
} from '../../src/domain/finance';
import {checkNotice} from '../../src/domain/funding';
import {Profile} from '../../src/domain/profiles';

const ORDER = ['SCS', 'EDU', 'HEALTH'];

function line(lineId: string, over: Partial<FinanceLine> = {}): FinanceLine {
  return {
    lineId,
    kind: 'care',
    weeklyPence: 100_000,
    weeksPerYear: 52,
    startDate: '2026-04-01',
    endDate: null,
    stepDownDate: null,
    sharesBp: {SCS: 6000, HEALTH: 4000},
    ...over,
  };
}

function version(
  n: number,
  effectiveFrom: string | null,
  lines: FinanceLine[],
  inForce = true,
): FundingVersion {
  return {version: n, effectiveFrom, inForce, lines};
}

function placement(over: Partial<FinancePlacement> = {}): FinancePlacement {
  return {
    caseId: 'JRAP-2026-0001',
    provider: 'Oak House School',
    leadAgency: 'SCS',
    paymentArrangement: 'leadAgencyPaysAndRecharges',
    costStartDate: '2026-04-01',
    placementStartDate: '2026-04-01',
    highCost: false,
    versions: [version(1, '2026-04-01', [line('L1')])],
    ...over,
  };
}

function rows(
  placements: FinancePlacement[],
  from: string,
  to = from,
  frozen?: FrozenQuarters,
): QuarterRow[] {
  return quarterRows(placements, {
    fromQuarter: from,
    toQuarter: to,
    frozen,
    agencyOrder: ORDER,
  });
}

/** The figures of the rows of one quarter, as "line agency → pence". */
function pence(
  all: QuarterRow[],
  quarter: string,
  kind?: string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of all) {
    if (
      r.quarter !== quarter ||
      (kind ? r.kind !== kind : r.kind === 'total' || r.kind === 'adjustment')
    )
      continue;
    out[
      `${r.caseId ? r.caseId + ' ' : ''}${r.lineId ? r.lineId + ' ' : ''}${r.agency}`
    ] = r.quarterPence;
  }
  return out;
}

function only<T>(items: T[], what: string): T {
  if (items.length !== 1)
    throw new Error(`expected one ${what}, got ${items.length}`);
  return items[0];
}

describe('F13 financial years and quarters', () => {
  it('F13: a financial year runs 1 April to 31 March; FY 2027-28 has 366 days (29 Feb 2028)', () => {
    expect(financialYearOf('2026-04-01')).toEqual({
      startYear: 2026,
      label: '2026-27',
      start: '2026-04-01',
      end: '2027-03-31',
      days: 365,
    });
    expect(financialYearOf('2026-03-31').label).toBe('2025-26');
    expect(financialYearOf('2028-02-29')).toMatchObject({
      label: '2027-28',
      days: 366,
    });
    expect(financialYearOf('2099-04-01')).toMatchObject({
      label: '2099-00',
      days: 365,
    }); // 2100 is not leap
  });

  it('F13: UK quarters are Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar', () => {
    expect(quarterOf('2026-04-01')).toEqual({
      label: '2026-27 Q1',
      fyStartYear: 2026,
      q: 1,
      start: '2026-04-01',
      end: '2026-06-30',
      days: 91,
      fyDays: 365,
    });
    expect(quarterOf('2026-09-30')).toMatchObject({
      label: '2026-27 Q2',
      start: '2026-07-01',
      days: 92,
    });
    expect(quarterOf('2026-10-01')).toMatchObject({
      label: '2026-27 Q3',
      end: '2026-12-31',
      days: 92,
    });
    expect(quarterOf('2027-01-01')).toMatchObject({
      label: '2026-27 Q4',
      end: '2027-03-31',
      days: 90,
    });
    expect(quarterOf('2028-02-29')).toMatchObject({
      label: '2027-28 Q4',
      days: 91,
      fyDays: 366,
    });
    expect(nextQuarter(quarterOf('2027-03-31')).label).toBe('2027-28 Q1');
    expect(
      quartersBetween('2026-02-15', '2026-07-01').map(q => q.label),
    ).toEqual(['2025-26 Q4', '2026-27 Q1', '2026-27 Q2']);
    expect(parseQuarterLabel('2026-27 Q3')).toEqual(quarterOf('2026-11-05'));
    expect(parseQuarterLabel('2026-28 Q1')).toBeUndefined();
    expect(parseQuarterLabel('2026-27 Q5')).toBeUndefined();
    expect(parseQuarterLabel('Q1 2026')).toBeUndefined();
  });

  it('F13: active days in a quarter count both ends and clip to the quarter', () => {
    const q1 = quarterOf('2026-04-01');
    expect(activeDaysInQuarter('2026-04-01', null, q1)).toBe(91);
    expect(activeDaysInQuarter('2026-05-11', null, q1)).toBe(51); // 21 in May + 30 in June
    expect(activeDaysInQuarter('2026-01-01', '2026-04-01', q1)).toBe(1);
    expect(activeDaysInQuarter('2026-07-01', null, q1)).toBe(0);
    expect(activeDaysInQuarter('2026-04-10', '2026-04-09', q1)).toBe(0);
  });

  it('F13: a quarter cost is rounded half up, once', () => {
    // £1.83 a week × 39 weeks = 7,137p a year; 1 day of a 366-day year:
    // 7,137 ÷ 366 = 19.5 → 20p (half up), 2 days: 39p exactly.
    expect(lineQuarterPence(7137, 1, 366)).toBe(20);
    expect(lineQuarterPence(7137, 2, 366)).toBe(39);
    // 5,200,000 × 91 ÷ 365 = 1,296,438.356… → 1,296,438 (down)
    expect(lineQuarterPence(5_200_000, 91, 365)).toBe(1_296_438);
    // 5,200,000 × 92 ÷ 365 = 1,310,684.93… → 1,310,685 (up)
    expect(lineQuarterPence(5_200_000, 92, 365)).toBe(1_310_685);
  });
});

describe('F13 quarter rows', () => {
  it('F13: a 52-week care line split 60/40 in Q1', () => {
    // £1,000.00/week × 52 = £52,000.00 a year = 5,200,000p (F4).
    // Q1 2026-27 (1 Apr–30 Jun) has 91 days of 365:
    // 5,200,000 × 91 ÷ 365 = 1,296,438.356… → 1,296,438p.
    // F3 60/40: SCS 777,862.8 → 777,862 r .8; HEALTH 518,575.2 → 518,575 r .2;
    // the 1p left goes to SCS (largest remainder): 777,863 + 518,575 = 1,296,438.
    const out = rows([placement()], '2026-27 Q1');
    expect(out).toEqual([
      {
        quarter: '2026-27 Q1',
        quarterStart: '2026-04-01',
        quarterEnd: '2026-06-30',
        caseId: 'JRAP-2026-0001',
        provider: 'Oak House School',
        lineId: 'L1',
        kind: 'care',
        agency: 'HEALTH',
        weeklyPence: 40_000, // 40% of £1,000
        annualPence: 2_080_000, // 40% of 5,200,000
        activeDays: 91,
        quarterPence: 518_575,
        shareBp: 4000,
        payer: 'SCS',
        rechargePence: 518_575, // the lead agency SCS pays and recharges HEALTH
        highCost: false,
        status: 'open',
        frozenAt: null,
      },
      expect.objectContaining({
        lineId: 'L1',
        agency: 'SCS',
        weeklyPence: 60_000,
        annualPence: 3_120_000,
        quarterPence: 777_863,
        shareBp: 6000,
        payer: 'SCS',
        rechargePence: 0,
      }),
      expect.objectContaining({
        kind: 'total',
        caseId: '',
        agency: 'HEALTH',
        quarterPence: 518_575,
        rechargePence: 518_575,
      }),
      expect.objectContaining({
        kind: 'total',
        caseId: '',
        agency: 'SCS',
        quarterPence: 777_863,
        rechargePence: 0,
      }),
    ]);
  });

  it('F13: a 52-week care line and a 38-week education line with different splits, totals per agency', () => {
    // Care: as above, Q1 1,296,438p → SCS 777,863, HEALTH 518,575.
    // Education: £1,500.00/week × 38 = £57,000.00 = 5,700,000p a year, accrued
    // over all 365 days of the FY (F4: each line on its own weeks basis).
    // Q1: 5,700,000 × 91 ÷ 365 = 1,421,095.89… → 1,421,096p.
    // Split SCS 30 / EDU 70: SCS 426,328.8 → 426,328 r .8; EDU 994,767.2 → 994,767 r .2;
    // 1p left to SCS: 426,329 + 994,767 = 1,421,096.
    // Weekly 150,000 → SCS 45,000 / EDU 105,000; annual → 1,710,000 / 3,990,000.
    const p = placement({
      versions: [
        version(1, '2026-04-01', [
          line('L1'),
          line('L2', {
            kind: 'education',
            weeklyPence: 150_000,
            weeksPerYear: 38,
            sharesBp: {SCS: 3000, EDU: 7000},
          }),
        ]),
      ],
    });
    const out = rows([p], '2026-27 Q1');
    expect(pence(out, '2026-27 Q1')).toEqual({
      'JRAP-2026-0001 L1 HEALTH': 518_575,
      'JRAP-2026-0001 L1 SCS': 777_863,
      'JRAP-2026-0001 L2 EDU': 994_767,
      'JRAP-2026-0001 L2 SCS': 426_329,
    });
    const edu = only(
      out.filter(r => r.lineId === 'L2' && r.agency === 'EDU'),
      'row',
    );
    expect(edu).toMatchObject({
      kind: 'education',
      weeklyPence: 105_000,
      annualPence: 3_990_000,
      shareBp: 7000,
    });
    // Totals are sums of the rounded rows: SCS 777,863 + 426,329 = 1,204,192;
    // EDU 994,767; HEALTH 518,575. EDU and HEALTH owe SCS (the lead) their part.
    expect(
      out
        .filter(r => r.kind === 'total')
        .map(r => [r.agency, r.quarterPence, r.rechargePence]),
    ).toEqual([
      ['EDU', 994_767, 994_767],
      ['HEALTH', 518_575, 518_575],
      ['SCS', 1_204_192, 0],
    ]);
  });

  it('F13: the four quarters of FY 2026-27 add up to the annual cost here', () => {
    // Q1 91 d → 1,296,438; Q2 92 d → 1,310,684.93 → 1,310,685; Q3 the same;
    // Q4 90 d → 1,282,191.78 → 1,282,192. Sum = 5,200,000 (not guaranteed in
    // general: each quarter is rounded once and totals add rounded figures).
    const out = rows([placement()], '2026-27 Q1', '2026-27 Q4');
    const byQuarter = out
      .filter(r => r.kind === 'care')
      .reduce<Record<string, number>>(
        (acc, r) => ({
          ...acc,
          [r.quarter]: (acc[r.quarter] ?? 0) + r.quarterPence,
        }),
        {},
      );
    expect(byQuarter).toEqual({
      '2026-27 Q1': 1_296_438,
      '2026-27 Q2': 1_310_685,
      '2026-27 Q3': 1_310_685,
      '2026-27 Q4': 1_282_192,
    });
  });

  it('F13: a placement starting mid-quarter is charged from its start', () => {
    // Start 11 May 2026: Q1 days = 21 (11–31 May) + 30 (June) = 51.
    // 5,200,000 × 51 ÷ 365 = 726,575.34… → 726,575p.
    // 60/40: SCS 435,945 (exact), HEALTH 290,630 (exact).
    const p = placement({
      costStartDate: '2026-05-11',
      placementStartDate: '2026-05-11',
      versions: [
        version(1, '2026-05-11', [line('L1', {startDate: '2026-05-11'})]),
      ],
    });
    const out = rows([p], '2026-27 Q1');
    expect(
      out
        .filter(r => r.kind === 'care')
        .map(r => [r.agency, r.activeDays, r.quarterPence]),
    ).toEqual([
      ['HEALTH', 51, 290_630],
      ['SCS', 51, 435_945],
    ]);
  });

  it('F7: costs are backdated to the alert-shared date when it is before the placement start', () => {
    // Alert shared 2 Mar 2026, placement starts 20 Apr 2026, funding agreed
    // later: cost start = 2 Mar 2026 (F7), in Q4 of FY 2025-26 (365 days).
    // £700/week × 52 = 3,640,000p a year, SCS 50 / EDU 50.
    // Q4 2025-26: 2–31 Mar = 30 days: 3,640,000 × 30 ÷ 365 = 299,178.08 → 299,178
    //   → 149,589 each.
    // Q1 2026-27: 91 days: 3,640,000 × 91 ÷ 365 = 907,506.85 → 907,507
    //   → 453,753.5 each: the odd penny goes to SCS (tie → first in profile order).
    // The additional line starting 1 Jun 2026 (after the placement start) keeps
    // its own start and is not backdated.
    const p = placement({
      costStartDate: '2026-03-02',
      placementStartDate: '2026-04-20',
      versions: [
        version(1, '2026-06-10' /* endorsed at panel; backdated anyway */, [
          line('L1', {
            weeklyPence: 70_000,
            startDate: '2026-04-20',
            sharesBp: {SCS: 5000, EDU: 5000},
          }),
          line('L2', {
            kind: 'additional',
            weeklyPence: 10_000,
            startDate: '2026-06-01',
            endDate: '2026-12-31',
            stepDownDate: '2026-12-31',
            sharesBp: {SCS: 5000, EDU: 5000},
          }),
        ]),
      ],
    });
    expect(lineSegments(p, ORDER).map(s => [s.lineId, s.from, s.to])).toEqual([
      ['L1', '2026-03-02', null],
      ['L2', '2026-06-01', '2026-12-31'],
    ]);
    const out = rows([p], '2025-26 Q4', '2026-27 Q1');
    expect(pence(out, '2025-26 Q4')).toEqual({
      'JRAP-2026-0001 L1 EDU': 149_589,
      'JRAP-2026-0001 L1 SCS': 149_589,
    });
    expect(out.find(r => r.quarter === '2025-26 Q4')).toMatchObject({
      activeDays: 30,
      quarterStart: '2026-01-01',
    });
    expect(pence(out, '2026-27 Q1')).toMatchObject({
      'JRAP-2026-0001 L1 EDU': 453_753,
      'JRAP-2026-0001 L1 SCS': 453_754,
    });
    // L2: 1–30 Jun = 30 days; £100 × 52 = 520,000p a year; 520,000 × 30 ÷ 365 =
    // 42,739.73 → 42,740 → 21,370 each.
    expect(
      out
        .filter(r => r.lineId === 'L2')
        .map(r => [r.agency, r.activeDays, r.quarterPence]),
    ).toEqual([
      ['EDU', 30, 21_370],
      ['SCS', 30, 21_370],
    ]);
    expect(quarterRange([p], '2026-08-01')).toEqual({
      fromQuarter: '2025-26 Q4',
      toQuarter: '2026-27 Q2',
    });
  });

  it('F7: without a placement start date every line of the first version is backdated; nothing before the cost start', () => {
    const p = placement({
      costStartDate: '2026-03-02',
      placementStartDate: null,
      versions: [
        version(1, null, [
          line('L1', {startDate: '2026-04-20'}),
          line('L2', {startDate: '2026-01-01'}),
        ]),
      ],
    });
    expect(lineSegments(p).map(s => s.from)).toEqual([
      '2026-03-02',
      '2026-03-02',
    ]);
    // With no cost start date the line's own start date governs.
    const own = placement({
      costStartDate: null,
      versions: [version(1, null, [line('L1', {startDate: '2026-04-20'})])],
    });
    expect(lineSegments(own).map(s => s.from)).toEqual(['2026-04-20']);
    const undated = placement({
      costStartDate: null,
      versions: [version(1, null, [line('L1', {startDate: null})])],
    });
    expect(lineSegments(undated)).toEqual([]);
  });

  it('F9: a decrease counts only once endorsed, then from its effective date, mid-quarter', () => {
    // v1: £1,000/week 52 weeks, SCS 60 / HEALTH 40. v2 (decrease): £800/week
    // from 15 Aug 2026, a new line L2. Q2 2026-27 = 1 Jul–30 Sep (92 days).
    const v2Lines = [
      line('L2', {weeklyPence: 80_000, startDate: '2026-08-15'}),
    ];
    const pending = placement({
      versions: [
        version(1, '2026-04-01', [line('L1')]),
        version(2, '2026-08-15', v2Lines, false),
      ],
    });
    // Not yet endorsed by every affected agency and the panel: ignored.
    // L1 all 92 days: 5,200,000 × 92 ÷ 365 = 1,310,684.93 → 1,310,685
    //   → SCS 786,411 (786,411.0 exact), HEALTH 524,274 (524,274.0 exact).
    expect(pence(rows([pending], '2026-27 Q2'), '2026-27 Q2')).toEqual({
      'JRAP-2026-0001 L1 HEALTH': 524_274,
      'JRAP-2026-0001 L1 SCS': 786_411,
    });
    const endorsed = placement({
      versions: [
        version(1, '2026-04-01', [line('L1')]),
        version(2, '2026-08-15', v2Lines, true),
      ],
    });
    // L1 1 Jul–14 Aug = 31 + 14 = 45 days: 5,200,000 × 45 ÷ 365 = 641,095.89 → 641,096;
    //   60/40: SCS 384,657.6 → 384,657 r .6, HEALTH 256,438.4 → 256,438 r .4, +1p SCS
    //   → 384,658 + 256,438 = 641,096.
    // L2 15 Aug–30 Sep = 17 + 30 = 47 days: £800 × 52 = 4,160,000p a year;
    //   4,160,000 × 47 ÷ 365 = 535,671.23 → 535,671; SCS 321,402.6 → 321,403 (+1p),
    //   HEALTH 214,268.4 → 214,268; 321,403 + 214,268 = 535,671.
    const out = rows([endorsed], '2026-27 Q2');
    expect(
      out
        .filter(r => r.kind === 'care')
        .map(r => [r.lineId, r.agency, r.activeDays, r.quarterPence]),
    ).toEqual([
      ['L1', 'HEALTH', 45, 256_438],
      ['L1', 'SCS', 45, 384_658],
      ['L2', 'HEALTH', 47, 214_268],
      ['L2', 'SCS', 47, 321_403],
    ]);
    // Totals: SCS 384,658 + 321,403 = 706,061; HEALTH 256,438 + 214,268 = 470,706.
    expect(pence(out, '2026-27 Q2', 'total')).toEqual({
      HEALTH: 470_706,
      SCS: 706_061,
    });
    expect(
      only(
        out.filter(r => r.lineId === 'L2' && r.agency === 'SCS'),
        'row',
      ).weeklyPence,
    ).toBe(48_000);
  });

  it('F8: an agency withdrawal after 3 months’ notice changes the split from its effective date', () => {
    // £2,000/week × 52 = 10,400,000p a year; v1 SCS 50 / EDU 25 / HEALTH 25,
    // SCS leads and recharges. HEALTH gives notice on 15 Oct 2026: the earliest
    // effective date is 15 Oct + 3 calendar months = 15 Jan 2027 (F8); v2 from
    // then: SCS 60 / EDU 40.
    const notice = '2026-10-15';
    const effective = addMonths(notice, 3);
    expect(effective).toBe('2027-01-15');
    expect(
      checkNotice(notice, effective, {noticeMonths: 3} as Profile),
    ).toEqual([]);
    expect(
      checkNotice(notice, '2027-01-14', {noticeMonths: 3} as Profile)[0].rule,
    ).toBe('F8');
    const p = placement({
      versions: [
        version(1, '2026-04-01', [
          line('L1', {
            weeklyPence: 200_000,
            sharesBp: {SCS: 5000, EDU: 2500, HEALTH: 2500},
          }),
        ]),
        version(2, effective, [
          line('L2', {
            weeklyPence: 200_000,
            startDate: effective,
            sharesBp: {SCS: 6000, EDU: 4000},
          }),
        ]),
      ],
    });
    const out = rows([p], '2026-27 Q3', '2026-27 Q4');
    // Q3 (92 days, notice period): 10,400,000 × 92 ÷ 365 = 2,621,369.86 → 2,621,370;
    //   SCS 1,310,685 exact; EDU and HEALTH 655,342.5 each: the 1p tie goes to EDU
    //   (earlier in the profile order) → 655,343 / 655,342.
    expect(pence(out, '2026-27 Q3')).toEqual({
      'JRAP-2026-0001 L1 EDU': 655_343,
      'JRAP-2026-0001 L1 HEALTH': 655_342,
      'JRAP-2026-0001 L1 SCS': 1_310_685,
    });
    // Q4 (90 days): v1 1–14 Jan = 14 days: 10,400,000 × 14 ÷ 365 = 398,904.11 → 398,904
    //   → SCS 199,452, EDU 99,726, HEALTH 99,726 (exact).
    // v2 15 Jan–31 Mar = 17 + 28 + 31 = 76 days: 10,400,000 × 76 ÷ 365 = 2,165,479.45
    //   → 2,165,479; SCS 1,299,287.4 → 1,299,287, EDU 866,191.6 → 866,192 (+1p).
    expect(pence(out, '2026-27 Q4')).toEqual({
      'JRAP-2026-0001 L1 EDU': 99_726,
      'JRAP-2026-0001 L1 HEALTH': 99_726,
      'JRAP-2026-0001 L1 SCS': 199_452,
      'JRAP-2026-0001 L2 EDU': 866_192,
      'JRAP-2026-0001 L2 SCS': 1_299_287,
    });
    // HEALTH owes SCS only for 1–14 Jan; EDU owes 99,726 + 866,192 = 965,918.
    expect(
      out
        .filter(r => r.quarter === '2026-27 Q4' && r.kind === 'total')
        .map(r => [r.agency, r.rechargePence]),
    ).toEqual([
      ['EDU', 965_918],
      ['HEALTH', 99_726],
      ['SCS', 0],
    ]);
    expect(out.some(r => r.agency === 'HEALTH' && r.lineId === 'L2')).toBe(
      false,
    );
  });

  it('F13: a leap financial year divides by 366 (FY 2027-28 holds 29 Feb 2028)', () => {
    // Q4 2027-28 = Jan 31 + Feb 29 + Mar 31 = 91 days of 366:
    // 5,200,000 × 91 ÷ 366 = 1,292,896.17 → 1,292,896; 60/40: SCS 775,737.6 → 775,738 (+1p),
    // HEALTH 517,158.4 → 517,158.
    // Compare Q4 2026-27: 90 days of 365: 1,282,191.78 → 1,282,192.
    // Whole FY 2027-28: 91, 92, 92, 91 days → 1,292,896 + 1,307,104 + 1,307,104 + 1,292,896 = 5,200,000.
    const out = rows([placement()], '2026-27 Q4', '2027-28 Q4');
    const care = (q: string) =>
      out.filter(r => r.quarter === q && r.kind === 'care');
    expect(
      care('2027-28 Q4').map(r => [r.agency, r.activeDays, r.quarterPence]),
    ).toEqual([
      ['HEALTH', 91, 517_158],
      ['SCS', 91, 775_738],
    ]);
    expect(care('2026-27 Q4').reduce((s, r) => s + r.quarterPence, 0)).toBe(
      1_282_192,
    );
    const fy = out.filter(
      r => r.kind === 'care' && r.quarter.startsWith('2027-28'),
    );
    expect(fy.reduce((s, r) => s + r.quarterPence, 0)).toBe(5_200_000);
  });

  it('F13: 29 February 2028 is a charged day: a line ending on it, and one starting on it', () => {
    // FY 2027-28 has 366 days. £1,000/week × 52 = 5,200,000p a year (F4).
    // L1 ends on 29 Feb 2028 (inclusive): Q4 1 Jan–29 Feb = 31 + 29 = 60 days:
    //   5,200,000 × 60 ÷ 366 = 852,459.02 → 852,459; 60/40: SCS 511,475.4 → 511,475,
    //   HEALTH 340,983.6 → 340,983 r .6, the spare 1p to HEALTH → 340,984.
    // A version 2 effective on 29 Feb 2028 (line L2) replaces L1 from that day,
    // so 29 Feb is charged once, to L2:
    //   L1 1 Jan–28 Feb = 31 + 28 = 59 days: 5,200,000 × 59 ÷ 366 = 838,251.37 → 838,251;
    //     SCS 502,950.6 → 502,951 (+1p), HEALTH 335,300.4 → 335,300.
    //   L2 29 Feb + 31 Mar = 32 days: 5,200,000 × 32 ÷ 366 = 454,644.81 → 454,645;
    //     SCS 272,787.0, HEALTH 181,858.0 (exact). 59 + 32 = 91 days, the whole quarter.
    const ending = placement({
      costStartDate: '2027-04-01',
      placementStartDate: '2027-04-01',
      versions: [
        version(1, '2027-04-01', [
          line('L1', {startDate: '2027-04-01', endDate: '2028-02-29'}),
        ]),
      ],
    });
    expect(
      rows([ending], '2027-28 Q4')
        .filter(r => r.kind === 'care')
        .map(r => [r.agency, r.activeDays, r.quarterPence]),
    ).toEqual([
      ['HEALTH', 60, 340_984],
      ['SCS', 60, 511_475],
    ]);
    const changed = placement({
      costStartDate: '2027-04-01',
      placementStartDate: '2027-04-01',
      versions: [
        version(1, '2027-04-01', [line('L1', {startDate: '2027-04-01'})]),
        version(2, '2028-02-29', [line('L2', {startDate: '2028-02-29'})]),
      ],
    });
    expect(
      rows([changed], '2027-28 Q4')
        .filter(r => r.kind === 'care')
        .map(r => [r.lineId, r.agency, r.activeDays, r.quarterPence]),
    ).toEqual([
      // L1 and L2 have the same cost and split but different lineIds: each its own row.
      ['L1', 'HEALTH', 59, 335_300],
      ['L1', 'SCS', 59, 502_951],
      ['L2', 'HEALTH', 32, 181_858],
      ['L2', 'SCS', 32, 272_787],
    ]);
  });

  it('F5: an additional line stops at its step-down date (inclusive) before its end date', () => {
    // Additional £500/week × 52 = 2,600,000p a year, SCS 50 / HEALTH 50, end
    // 30 Sep 2026, step-down 30 Apr 2026: charged 1–30 Apr = 30 days:
    // 2,600,000 × 30 ÷ 365 = 213,698.63 → 213,699 → SCS 106,850 (tie, first), HEALTH 106,849.
    // A care line's step-down date is ignored (F5 is about additional lines).
    const p = placement({
      versions: [
        version(1, '2026-04-01', [
          line('L1', {stepDownDate: '2026-04-30'}),
          line('L2', {
            kind: 'additional',
            weeklyPence: 50_000,
            endDate: '2026-09-30',
            stepDownDate: '2026-04-30',
            sharesBp: {SCS: 5000, HEALTH: 5000},
          }),
        ]),
      ],
    });
    const out = rows([p], '2026-27 Q1', '2026-27 Q2');
    expect(
      out
        .filter(r => r.lineId === 'L2')
        .map(r => [r.quarter, r.agency, r.activeDays, r.quarterPence]),
    ).toEqual([
      ['2026-27 Q1', 'HEALTH', 30, 106_849],
      ['2026-27 Q1', 'SCS', 30, 106_850],
    ]);
    expect(
      out.filter(r => r.lineId === 'L1' && r.quarter === '2026-27 Q2'),
    ).toHaveLength(2);
    expect(lineSegments(p).map(s => s.to)).toEqual([null, '2026-04-30']);
  });

  it('F13: an ended line stops on its end date (inclusive)', () => {
    // End 10 May 2026: 1 Apr–10 May = 30 + 10 = 40 days:
    // 5,200,000 × 40 ÷ 365 = 569,863.01 → 569,863 → SCS 341,917.8 → 341,918 (+1p), HEALTH 227,945.
    const p = placement({
      versions: [
        version(1, '2026-04-01', [line('L1', {endDate: '2026-05-10'})]),
      ],
    });
    const out = rows([p], '2026-27 Q1', '2026-27 Q2');
    expect(pence(out, '2026-27 Q1')).toEqual({
      'JRAP-2026-0001 L1 HEALTH': 227_945,
      'JRAP-2026-0001 L1 SCS': 341_918,
    });
    expect(out.filter(r => r.quarter === '2026-27 Q2')).toEqual([]);
  });

  it('F13: when each agency pays the provider, each is its own payer and nobody recharges; F11 flag is carried', () => {
    const p = placement({
      paymentArrangement: 'eachAgencyPaysProvider',
      highCost: true,
    });
    const out = rows([p], '2026-27 Q1');
    expect(
      out
        .filter(r => r.kind === 'care')
        .map(r => [r.agency, r.payer, r.rechargePence, r.highCost]),
    ).toEqual([
      ['HEALTH', 'HEALTH', 0, true],
      ['SCS', 'SCS', 0, true],
    ]);
    // '' (not recorded) is the form's default: the lead agency pays and recharges.
    const unset = rows([placement({paymentArrangement: ''})], '2026-27 Q1');
    expect(unset.find(r => r.agency === 'HEALTH')).toMatchObject({
      payer: 'SCS',
      rechargePence: 518_575,
    });
  });

  it('F13: a line kept under the same lineId through a version change costs the same as if unchanged', () => {
    // v2 from 15 May repeats L1 unchanged and adds L2: L1's two pieces have the
    // same cost and split, so they are rounded once on 91 days (1,296,438).
    const p = placement({
      versions: [
        version(1, '2026-04-01', [line('L1')]),
        version(2, '2026-05-15', [
          line('L1'),
          line('L2', {weeklyPence: 10_000, startDate: '2026-05-15'}),
        ]),
      ],
    });
    const out = rows([p], '2026-27 Q1');
    expect(pence(out, '2026-27 Q1')).toMatchObject({
      'JRAP-2026-0001 L1 HEALTH': 518_575,
      'JRAP-2026-0001 L1 SCS': 777_863,
    });
    expect(out.filter(r => r.lineId === 'L1').map(r => r.activeDays)).toEqual([
      91, 91,
    ]);
    // A later version backdated before an earlier one's date overrides it from its own date.
    const backdated = placement({
      versions: [
        version(1, '2026-04-01', [line('L1')]),
        version(2, '2026-06-01', [line('L2', {startDate: null})]),
        version(3, '2026-05-01', [line('L3', {startDate: null})]),
      ],
    });
    expect(lineSegments(backdated).map(s => [s.lineId, s.from, s.to])).toEqual([
      ['L1', '2026-04-01', '2026-04-30'],
      ['L3', '2026-05-01', null],
    ]);
  });

  it('F13: rows are sorted by quarter, case, line and agency, with the totals last in each quarter', () => {
    const a = placement({
      caseId: 'JRAP-2026-0002',
      versions: [version(1, '2026-04-01', [line('B'), line('A')])],
    });
    const b = placement({caseId: 'JRAP-2026-0001'});
    const out = rows([a, b], '2026-27 Q1', '2026-27 Q2');
    const keys = out.map(
      r =>
        `${r.quarter}|${r.kind === 'total' ? 'z' : 'a'}|${r.caseId}|${r.lineId}|${r.agency}`,
    );
    expect(keys).toEqual([...keys].sort());
    expect(out.slice(0, 2).map(r => r.caseId)).toEqual([
      'JRAP-2026-0001',
      'JRAP-2026-0001',
    ]);
    expect(rows([b, a], '2026-27 Q1', '2026-27 Q2')).toEqual(out);
    expect(() => rows([b], 'Q1')).toThrow(/not a financial quarter/);
  });
});

describe('F13 freezing and adjustments', () => {
  const today1 = '2026-07-10';
  const today2 = '2026-10-05';
  const v1 = version(1, '2026-04-01', [line('L1')]);
  // Increase to £1,200/week backdated to 1 Jun 2026 (into frozen Q1).
  const v2 = version(2, '2026-06-01', [
    line('L2', {weeklyPence: 120_000, startDate: '2026-06-01'}),
  ]);
  // Decrease to £900/week backdated to 15 Jun 2026 (into frozen Q1 and Q2).
  const v3 = version(3, '2026-06-15', [
    line('L3', {weeklyPence: 90_000, startDate: '2026-06-15'}),
  ]);

  function freeze(
    all: QuarterRow[],
    label: string,
    today: string,
  ): QuarterRow[] {
    const result = freezeQuarter(all, label, today, `${today}T09:00:00`);
    if (!result.ok) throw new Error(result.errors[0].message);
    return result.value;
  }

  it('F13: only a closed quarter can be frozen, and only once', () => {
    const all = rows([placement()], '2026-27 Q1', '2026-27 Q2');
    const open = freezeQuarter(all, '2026-27 Q1', '2026-06-30', 'x');
    expect(open.ok).toBe(false);
    if (!open.ok)
      expect(open.errors[0]).toMatchObject({field: 'quarter', rule: 'F13'});
    const frozen = freeze(all, '2026-27 Q1', '2026-07-01');
    expect(frozen).toHaveLength(4); // two line rows + two totals
    expect(
      frozen.every(
        r => r.status === 'frozen' && r.frozenAt === '2026-07-01T09:00:00',
      ),
    ).toBe(true);
    const again = freezeQuarter(frozen, '2026-27 Q1', '2026-07-02', 'y');
    expect(again.ok).toBe(false);
    expect(freezeQuarter(all, 'first quarter', '2026-07-02', 'y').ok).toBe(
      false,
    );
  });

  it('F13: a backdated change to a frozen quarter is an adjustment in the next open quarter, stable until that quarter is frozen', () => {
    // 1. Rebuild Q1–Q2 with v1 and freeze Q1 (L1 91 days: SCS 777,863, HEALTH 518,575).
    const q1Frozen = freeze(
      rows([placement({versions: [v1]})], '2026-27 Q1', '2026-27 Q2'),
      '2026-27 Q1',
      today1,
    );
    expect(pence(q1Frozen, '2026-27 Q1')).toEqual({
      'JRAP-2026-0001 L1 HEALTH': 518_575,
      'JRAP-2026-0001 L1 SCS': 777_863,
    });

    // 2. v2 (backdated to 1 Jun) is endorsed; rebuild.
    const p2 = placement({versions: [v1, v2]});
    const frozen1 = {'2026-27 Q1': q1Frozen};
    const second = rows([p2], '2026-27 Q1', '2026-27 Q2', frozen1);
    // Q1 is returned exactly as frozen, never rewritten.
    expect(second.filter(r => r.quarter === '2026-27 Q1')).toEqual(q1Frozen);
    // Q1 recomputed now: L1 1 Apr–31 May = 61 days: 5,200,000 × 61 ÷ 365 = 869,041.10 → 869,041
    //   → SCS 521,424.6 → 521,425 (+1p), HEALTH 347,616.
    // L2 1–30 Jun = 30 days: £1,200 × 52 = 6,240,000; × 30 ÷ 365 = 512,876.71 → 512,877
    //   → SCS 307,726.2 → 307,726, HEALTH 205,150.8 → 205,151 (+1p).
    // Adjustments (recomputed − frozen), in Q2:
    //   L1 SCS 521,425 − 777,863 = −256,438 (−30 days); L1 HEALTH 347,616 − 518,575 = −170,959;
    //   L2 SCS +307,726 (+30 days); L2 HEALTH +205,151.
    //   Net +85,480 = 869,041 + 512,877 − 1,296,438.
    const adj = second.filter(r => r.kind === 'adjustment');
    expect(
      adj.map(r => [
        r.quarter,
        r.lineId,
        r.agency,
        r.activeDays,
        r.quarterPence,
        r.rechargePence,
        r.status,
      ]),
    ).toEqual([
      ['2026-27 Q2', 'L1', 'HEALTH', -30, -170_959, -170_959, 'adjustment'],
      ['2026-27 Q2', 'L1', 'SCS', -30, -256_438, 0, 'adjustment'],
      ['2026-27 Q2', 'L2', 'HEALTH', 30, 205_151, 205_151, 'adjustment'],
      ['2026-27 Q2', 'L2', 'SCS', 30, 307_726, 0, 'adjustment'],
    ]);
    // Q2 itself: L2 all 92 days: 6,240,000 × 92 ÷ 365 = 1,572,821.92 → 1,572,822
    //   → SCS 943,693 (+1p), HEALTH 629,129.
    expect(pence(second, '2026-27 Q2')).toEqual({
      'JRAP-2026-0001 L2 HEALTH': 629_129,
      'JRAP-2026-0001 L2 SCS': 943_693,
    });
    // Q2 totals include the adjustments: SCS 943,693 − 256,438 + 307,726 = 994,981;
    // HEALTH 629,129 − 170,959 + 205,151 = 663,321 (all recharged to SCS).
    expect(
      second
        .filter(r => r.quarter === '2026-27 Q2' && r.kind === 'total')
        .map(r => [r.agency, r.quarterPence, r.rechargePence]),
    ).toEqual([
      ['HEALTH', 663_321, 663_321],
      ['SCS', 994_981, 0],
    ]);

    // 3. Rebuild again with nothing new: the same adjustments, once.
    expect(rows([p2], '2026-27 Q1', '2026-27 Q2', frozen1)).toEqual(second);

    // 4. Freeze Q2 (with its adjustment rows) and rebuild: no new adjustment.
    const q2Frozen = freeze(second, '2026-27 Q2', today2);
    expect(q2Frozen.filter(r => r.kind === 'adjustment')).toHaveLength(4);
    const frozen2 = {...frozen1, '2026-27 Q2': q2Frozen};
    const third = rows([p2], '2026-27 Q1', '2026-27 Q3', frozen2);
    expect(third.filter(r => r.status === 'adjustment')).toEqual([]);
    expect(third.filter(r => r.quarter !== '2026-27 Q3')).toEqual([
      ...q1Frozen,
      ...q2Frozen,
    ]);
    expect(pence(third, '2026-27 Q3')).toEqual({
      'JRAP-2026-0001 L2 HEALTH': 629_129,
      'JRAP-2026-0001 L2 SCS': 943_693,
    });

    // 5. A further change backdated into both frozen quarters lands in Q3, the
    // first open quarter, netted per line and agency across Q1 and Q2:
    // L2 now runs 1–14 Jun = 14 days: 6,240,000 × 14 ÷ 365 = 239,342.47 → 239,342
    //   → SCS 143,605 (143,605.2), HEALTH 95,737 (95,736.8 +1p).
    //   Settled for L2: Q2 adjustment (SCS 307,726, HEALTH 205,151, 30 days) + Q2 rows
    //   (SCS 943,693, HEALTH 629,129, 92 days).
    //   L2 SCS 143,605 − 307,726 − 943,693 = −1,107,814 (14 − 30 − 92 = −108 days);
    //   L2 HEALTH 95,737 − 205,151 − 629,129 = −738,543.
    // L3 (£900 × 52 = 4,680,000 a year): Q1 15–30 Jun = 16 days: 205,150.68 → 205,151
    //   → SCS 123,091 (123,090.6 +1p), HEALTH 82,060; Q2 92 days: 1,179,616.44 → 1,179,616
    //   → SCS 707,770 (707,769.6 +1p), HEALTH 471,846.
    //   L3 SCS 123,091 + 707,770 = 830,861 (108 days); L3 HEALTH 82,060 + 471,846 = 553,906.
    // L1 is unchanged since its adjustment was frozen: nothing.
    const p3 = placement({versions: [v1, v2, v3]});
    const fourth = rows([p3], '2026-27 Q1', '2026-27 Q3', frozen2);
    expect(
      fourth
        .filter(r => r.status === 'adjustment')
        .map(r => [
          r.quarter,
          r.lineId,
          r.agency,
          r.activeDays,
          r.quarterPence,
        ]),
    ).toEqual([
      ['2026-27 Q3', 'L2', 'HEALTH', -108, -738_543],
      ['2026-27 Q3', 'L2', 'SCS', -108, -1_107_814],
      ['2026-27 Q3', 'L3', 'HEALTH', 108, 553_906],
      ['2026-27 Q3', 'L3', 'SCS', 108, 830_861],
    ]);
    expect(fourth.filter(r => r.quarter !== '2026-27 Q3')).toEqual([
      ...q1Frozen,
      ...q2Frozen,
    ]);
  });

  it('F13: an adjustment whose next open quarter is outside the range is still shown', () => {
    const q1Frozen = freeze(
      rows([placement({versions: [v1]})], '2026-27 Q1'),
      '2026-27 Q1',
      today1,
    );
    const out = rows(
      [placement({versions: [v1, v2]})],
      '2026-27 Q1',
      '2026-27 Q1',
      {'2026-27 Q1': q1Frozen},
    );
    expect(new Set(out.map(r => r.quarter))).toEqual(
      new Set(['2026-27 Q1', '2026-27 Q2']),
    );
    expect(out.filter(r => r.kind === 'adjustment')).toHaveLength(4);
  });

  it('F13: frozen rows of a case no longer in the tracker (archived) are not reversed', () => {
    const q1Frozen = freeze(
      rows([placement()], '2026-27 Q1'),
      '2026-27 Q1',
      today1,
    );
    // Another case starting in Q2: nothing of it was owed in frozen Q1.
    const other = placement({
      caseId: 'JRAP-2026-0009',
      costStartDate: '2026-07-01',
      placementStartDate: '2026-07-01',
    });
    const out = rows([other], '2026-27 Q1', '2026-27 Q2', {
      '2026-27 Q1': q1Frozen,
    });
    expect(out.filter(r => r.kind === 'adjustment')).toEqual([]);
    // The bare ledger, told about no cases, reverses them.
    expect(
      adjustments({'2026-27 Q1': q1Frozen}, {}).map(r => r.quarterPence),
    ).toEqual([-518_575, -777_863]);
  });

  it('F13: totals equal the sums of the quarter rows', () => {
    const all = rows([placement()], '2026-27 Q1');
    expect(totalRows(all, quarterOf('2026-04-01'))).toEqual(
      all.filter(r => r.kind === 'total'),
    );
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const BASE_DAY = dayNumber('2025-04-01');

const lineArb = fc
  .record({
    weeklyPence: fc.integer({min: 1, max: 2_000_000}),
    weeksPerYear: fc.constantFrom(38, 39, 52),
    start: fc.integer({min: 0, max: 1500}),
    length: fc.option(fc.integer({min: 0, max: 900}), {nil: null}),
    cuts: fc.tuple(
      fc.integer({min: 0, max: 10_000}),
      fc.integer({min: 0, max: 10_000}),
    ),
    kind: fc.constantFrom(
      'education' as const,
      'care' as const,
      'health' as const,
    ),
  })
  .map(({weeklyPence, weeksPerYear, start, length, cuts, kind}) => {
    const [x, y] = cuts[0] <= cuts[1] ? cuts : [cuts[1], cuts[0]];
    return {
      kind,
      weeklyPence,
      weeksPerYear,
      startDate: fromDayNumber(BASE_DAY + start),
      endDate:
        length === null ? null : fromDayNumber(BASE_DAY + start + length),
      sharesBp: {SCS: x, EDU: y - x, HEALTH: 10_000 - y},
    };
  });

const placementArb = fc
  .record({
    lines: fc.array(lineArb, {minLength: 1, maxLength: 4}),
    lead: fc.constantFrom(...ORDER),
    arrangement: fc.constantFrom(
      'leadAgencyPaysAndRecharges' as const,
      'eachAgencyPaysProvider' as const,
    ),
  })
  .map(({lines, lead, arrangement}) => ({lines, lead, arrangement}));

function toPlacements(
  specs: Array<{
    lines: Array<Omit<FinanceLine, 'lineId' | 'stepDownDate'>>;
    lead: string;
    arrangement: FinancePlacement['paymentArrangement'];
  }>,
): FinancePlacement[] {
  return specs.map((s, i) => ({
    caseId: `JRAP-2026-${String(i + 1).padStart(4, '0')}`,
    provider: `Provider ${i}`,
    leadAgency: s.lead,
    paymentArrangement: s.arrangement,
    costStartDate: null,
    highCost: i % 2 === 0,
    versions: [
      version(
        1,
        null,
        s.lines.map((l, j) => ({
          ...l,
          lineId: `L${j + 1}`,
          stepDownDate: null,
        })),
      ),
    ],
  }));
}

describe('F13 properties', () => {
  it('F3/F13: per-agency quarter pence add up to the line quarter cost; totals are sums of rows', () => {
    fc.assert(
      fc.property(
        fc.array(placementArb, {minLength: 1, maxLength: 4}),
        specs => {
          const placements = toPlacements(specs);
          const quarters = quartersBetween('2025-04-01', '2030-03-31');
          const out = rows(
            placements,
            quarters[0].label,
            quarters[quarters.length - 1].label,
          );
          const problems: string[] = [];
          const byLine = new Map<string, QuarterRow[]>();
          for (const r of out) {
            if (r.kind === 'total') continue;
            const key = `${r.quarter}|${r.caseId}|${r.lineId}`;
            const group = byLine.get(key);
            if (group) group.push(r);
            else byLine.set(key, [r]);
          }
          // Every line active in a quarter has its rows, worked out independently.
          let expectedGroups = 0;
          for (const p of placements) {
            for (const l of p.versions[0].lines) {
              const annual = l.weeklyPence * l.weeksPerYear;
              for (const q of quarters) {
                const from = Math.max(
                  dayNumber(l.startDate!),
                  dayNumber(q.start),
                );
                const to = Math.min(
                  l.endDate ? dayNumber(l.endDate) : Infinity,
                  dayNumber(q.end),
                );
                const days = to - from + 1;
                if (days <= 0) continue;
                expectedGroups++;
                const key = `${q.label}|${p.caseId}|${l.lineId}`;
                const group = byLine.get(key) ?? [];
                const sum = group.reduce((acc, r) => acc + r.quarterPence, 0);
                // Round half up: |sum − annual × days ÷ fyDays| ≤ ½, exactly in integers.
                if (Math.abs(2 * (sum * q.fyDays - annual * days)) > q.fyDays)
                  problems.push(`${key}: ${sum}`);
                if (sum !== lineQuarterPence(annual, days, q.fyDays))
                  problems.push(`${key}: rounding`);
                const positive = Object.keys(l.sharesBp).filter(
                  a => l.sharesBp[a] > 0,
                );
                if (group.length !== positive.length)
                  problems.push(`${key}: agencies`);
                for (const r of group) {
                  // F3: each agency within 1p of its exact share of the line's quarter cost.
                  if (
                    Math.abs(
                      r.quarterPence * 10_000 - sum * l.sharesBp[r.agency],
                    ) >= 10_000
                  ) {
                    problems.push(`${key} ${r.agency}: share`);
                  }
                  if (
                    r.activeDays !== days ||
                    r.shareBp !== l.sharesBp[r.agency]
                  )
                    problems.push(`${key}: days`);
                  const eachPays =
                    p.paymentArrangement === 'eachAgencyPaysProvider';
                  const recharge =
                    !eachPays && r.agency !== p.leadAgency ? r.quarterPence : 0;
                  if (r.rechargePence !== recharge)
                    problems.push(`${key} ${r.agency}: recharge`);
                  if (r.payer !== (eachPays ? r.agency : p.leadAgency))
                    problems.push(`${key}: payer`);
                }
              }
            }
          }
          if (byLine.size !== expectedGroups)
            problems.push(`${byLine.size} lines, expected ${expectedGroups}`);
          // Totals per agency per quarter are the sums of the quarter's rows.
          const sums = new Map<string, [number, number]>();
          const totals = new Map<string, [number, number]>();
          for (const r of out) {
            const map = r.kind === 'total' ? totals : sums;
            const key = `${r.quarter}|${r.agency}`;
            const [qp, rp] = map.get(key) ?? [0, 0];
            map.set(key, [qp + r.quarterPence, rp + r.rechargePence]);
          }
          expect(problems).toEqual([]);
          expect(totals).toEqual(sums);
        },
      ),
      {numRuns: 200},
    );
  });

  it('F13: freezing never loses or duplicates money: frozen + adjustments + open = a fresh rebuild', () => {
    fc.assert(
      fc.property(
        fc.array(placementArb, {minLength: 1, maxLength: 3}),
        fc.integer({min: 1, max: 12}),
        fc.array(
          fc.record({
            at: fc.integer({min: 0, max: 1200}),
            weekly: fc.integer({min: 1, max: 900_000}),
          }),
          {
            maxLength: 3,
          },
        ),
        (specs, freezeCount, changes) => {
          const from = '2025-26 Q1';
          const to = '2029-30 Q4';
          let placements = toPlacements(specs);
          // Freeze the first quarters one by one, a change landing (backdated) after each.
          let frozen: Record<string, QuarterRow[]> = {};
          let label = from;
          for (let i = 0; i < freezeCount; i++) {
            const q = parseQuarterLabel(label)!;
            const built = rows(placements, from, to, frozen);
            frozen = {
              ...frozen,
              [label]: freeze(built, label, addDays(q.end, 1)),
            };
            const change = changes[i];
            if (change) {
              placements = placements.map(p => ({
                ...p,
                versions: [
                  ...p.versions,
                  version(
                    p.versions.length + 1,
                    fromDayNumber(BASE_DAY + change.at),
                    [
                      line(`V${p.versions.length + 1}`, {
                        startDate: null,
                        weeklyPence: change.weekly,
                      }),
                    ],
                  ),
                ],
              }));
            }
            label = nextQuarter(q).label;
          }
          const sum = (all: QuarterRow[]) => {
            const out: Record<string, number> = {};
            for (const r of all) {
              if (r.kind === 'total') continue;
              const key = `${r.caseId}|${r.lineId}|${r.agency}`;
              out[key] = (out[key] ?? 0) + r.quarterPence;
            }
            for (const k of Object.keys(out)) if (out[k] === 0) delete out[k];
            return out;
          };
          const withFrozen = rows(placements, from, to, frozen);
          expect(sum(withFrozen)).toEqual(sum(rows(placements, from, to)));
          // Stable: the same rebuild twice gives the same rows.
          expect(rows(placements, from, to, frozen)).toEqual(withFrozen);
        },
      ),
      {numRuns: 100},
    );
  });

  function freeze(
    all: QuarterRow[],
    label: string,
    today: string,
  ): QuarterRow[] {
    const result = freezeQuarter(all, label, today, `${today}T09:00:00`);
    if (!result.ok) throw new Error(result.errors[0].message);
    return result.value;
  }
});
