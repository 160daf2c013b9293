import fc from 'fast-check';
import {
  annualPence,
  formatBasisPoints,
  formatPence,
  isWholeBasisPoints,
  isWholePence,
  parsePercent,
  parsePounds,
  roundHalfUpDiv,
  splitPence,
} from '../../src/domain/money';

/** Random share vectors of 1–6 parties summing to exactly 10000 bp. */
const sharesArb = fc
  .array(fc.integer({min: 0, max: 10_000}), {minLength: 0, maxLength: 5})
  .map(cuts => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const points = [0, ...sorted, 10_000];
    return points
      .slice(1)
      .map((p, i) => [`A${i}`, p - points[i]] as [string, number]);
  });

describe('F3: splitPence (largest remainder)', () => {
  it('F3: parts always add up to the total and each is within 1p of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({min: -1_000_000_000, max: 1_000_000_000}),
        sharesArb,
        (total, shares) => {
          expect(shares.reduce((s, [, bp]) => s + bp, 0)).toBe(10_000);
          const split = splitPence(total, shares);
          expect(split.size).toBe(shares.length);
          let sum = 0;
          for (const [key, bp] of shares) {
            const part = split.get(key)!;
            expect(Number.isSafeInteger(part)).toBe(true);
            sum += part;
            // |part - total*bp/10000| < 1, in exact integers.
            expect(Math.abs(part * 10_000 - total * bp)).toBeLessThan(10_000);
          }
          expect(sum).toBe(total);
        },
      ),
      {numRuns: 2000},
    );
  });

  it('F3: a zero share gets nothing; a full share gets everything', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 100_000_000}), total => {
        const split = splitPence(total, [
          ['SCS', 10_000],
          ['EDU', 0],
        ]);
        expect(split.get('SCS')).toBe(total);
        expect(split.get('EDU')).toBe(0);
      }),
    );
  });

  it('F3: thirds of £100.00 give the odd penny to the largest remainder, ties to the first', () => {
    const split = splitPence(10_000, [
      ['SCS', 3334],
      ['EDU', 3333],
      ['HEALTH', 3333],
    ]);
    expect(Object.fromEntries(split)).toEqual({
      SCS: 3334,
      EDU: 3333,
      HEALTH: 3333,
    });
    const tie = splitPence(100, [
      ['SCS', 3333],
      ['EDU', 3333],
      ['HEALTH', 3334],
    ]);
    // Exact: 33.33, 33.33, 33.34 → floors 33, 33, 33; one penny left, to
    // the largest remainder (HEALTH 0.34).
    expect(Object.fromEntries(tie)).toEqual({SCS: 33, EDU: 33, HEALTH: 34});
    const even = splitPence(1, [
      ['SCS', 5000],
      ['EDU', 5000],
    ]);
    expect(Object.fromEntries(even)).toEqual({SCS: 1, EDU: 0});
  });

  it('F3: splits a weekly cost of £1,234.57 50/50 exactly', () => {
    const split = splitPence(123_457, [
      ['SCS', 5000],
      ['HEALTH', 5000],
    ]);
    expect(split.get('SCS')! + split.get('HEALTH')!).toBe(123_457);
    expect([split.get('SCS'), split.get('HEALTH')]).toEqual([61_729, 61_728]);
  });
});

describe('F4: annual cost', () => {
  it('F4: annual pence = weekly pence × weeks per year', () => {
    expect(annualPence(200_000, 38)).toBe(7_600_000);
    expect(annualPence(200_000, 39)).toBe(7_800_000);
    expect(annualPence(150_001, 52)).toBe(7_800_052);
  });
});

describe('whole pence and basis points', () => {
  it('knows whole pence and whole basis points', () => {
    expect(isWholePence(1250)).toBe(true);
    expect(isWholePence(12.5)).toBe(false);
    expect(isWholePence('1250')).toBe(false);
    expect(isWholePence(NaN)).toBe(false);
    expect(isWholeBasisPoints(3333)).toBe(true);
    expect(isWholeBasisPoints(3333.5)).toBe(false);
  });

  it('rounds half up exactly', () => {
    expect(roundHalfUpDiv(5, 2)).toBe(3);
    expect(roundHalfUpDiv(4, 3)).toBe(1);
    expect(roundHalfUpDiv(-5, 2)).toBe(-3);
    expect(roundHalfUpDiv(7, 7)).toBe(1);
  });

  it('formats pence and basis points for people', () => {
    expect(formatPence(123_456)).toBe('£1,234.56');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(-1200)).toBe('-£12.00');
    expect(formatPence(100_000_000)).toBe('£1,000,000.00');
    expect(formatBasisPoints(5000)).toBe('50%');
    expect(formatBasisPoints(3333)).toBe('33.33%');
    expect(formatBasisPoints(3305)).toBe('33.05%');
  });

  it('parses pounds typed by a person into whole pence', () => {
    expect(parsePounds('£1,234.56')).toBe(123_456);
    expect(parsePounds('12.5')).toBe(1250);
    expect(parsePounds('1234')).toBe(123_400);
    expect(parsePounds('12.345')).toBeUndefined();
    expect(parsePounds('twelve')).toBeUndefined();
    expect(parsePounds('-5')).toBeUndefined();
  });

  it('parses percentages into basis points', () => {
    expect(parsePercent('33.33%')).toBe(3333);
    expect(parsePercent('50')).toBe(5000);
    expect(parsePercent('12.5 %')).toBe(1250);
    expect(parsePercent('33.335')).toBeUndefined();
  });
});
