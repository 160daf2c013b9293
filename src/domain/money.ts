/**
 * Money is integer pence; shares are basis points (10000 bp = 100%).
 */

export type Pence = number;
export type BasisPoints = number;

export const FULL_SHARE_BP = 10_000;

export function isWholePence(value: unknown): value is Pence {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function isWholeBasisPoints(value: unknown): value is BasisPoints {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * F3: split a sum of pence by shares with largest-remainder rounding. Each
 * party gets the floor of its exact share; the pennies left over go one
 * each to the largest fractional remainders (ties to the earlier party in
 * the given order). The parts always add up to the total, and each part is
 * within 1p of its exact share. Shares must be non-negative and add up to
 * 10000 bp (F2 is checked by the caller).
 */
export function splitPence<K extends string>(
  totalPence: Pence,
  sharesBp: ReadonlyArray<readonly [K, BasisPoints]>,
): Map<K, Pence> {
  const sign = totalPence < 0 ? -1 : 1;
  const total = Math.abs(totalPence);
  const shareSum = sharesBp.reduce((s, [, bp]) => s + bp, 0);
  const parts = sharesBp.map(([key, bp], index) => {
    // Exact integer arithmetic: total * bp fits in 2^53 for any real budget.
    const numerator = total * bp;
    return {
      key,
      index,
      floor: Math.floor(numerator / shareSum),
      remainder: numerator % shareSum,
    };
  });
  let left = total - parts.reduce((s, p) => s + p.floor, 0);
  const byRemainder = [...parts].sort(
    (a, b) => b.remainder - a.remainder || a.index - b.index,
  );
  for (const part of byRemainder) {
    if (left <= 0) break;
    if (part.remainder > 0) {
      part.floor += 1;
      left -= 1;
    }
  }
  return new Map(parts.map(p => [p.key, sign * p.floor]));
}

/** F4: annual pence of a weekly cost on its own weeks basis. */
export function annualPence(weeklyPence: Pence, weeksPerYear: number): Pence {
  return weeklyPence * weeksPerYear;
}

/**
 * Round half up (away from zero for halves) a rational number of pence
 * given as numerator / denominator, exactly, with integers.
 */
export function roundHalfUpDiv(numerator: number, denominator: number): Pence {
  const sign = Math.sign(numerator) * Math.sign(denominator) || 1;
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const q = Math.floor(n / d);
  const r = n - q * d;
  return sign * (2 * r >= d ? q + 1 : q);
}

/** '£1,234.56' (and '-£12.00'). */
export function formatPence(pence: Pence): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

/** '50%', '33.33%' */
export function formatBasisPoints(bp: BasisPoints): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  return frac === 0
    ? `${whole}%`
    : `${whole}.${String(frac).padStart(2, '0')}%`;
}

/**
 * Parse what a person types as pounds ('1,234.56', '£1234', '12.5') into
 * pence; undefined when it is not a sum of whole pence.
 */
export function parsePounds(text: string): Pence | undefined {
  const t = text.trim().replace(/^£/, '').replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
}

/** Parse a percentage ('33.33', '33.33%') into basis points. */
export function parsePercent(text: string): BasisPoints | undefined {
  const t = text.trim().replace(/%$/, '').trim();
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
}
