/**
 * Java SimpleDateFormat patterns, as Utilities.formatDate takes them:
 * https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String)
 * -> https://docs.oracle.com/javase/7/docs/api/java/text/SimpleDateFormat.html
 *
 * Letter runs are fields, text in single quotes is literal ('' is a quote),
 * every other character is copied. English names, as Apps Script prints.
 * Supported letters: G y M L d D E u a H k K h m s S z Z X. Others (Y w W F)
 * throw a local error, since the product does not use them.
 */
import {
  WallClock,
  Zone,
  longZoneName,
  pad,
  resolveZone,
  shortZoneName,
  wallClock,
} from './time-zone';

/** English month and day names (Utilities.formatDate, Sheets number formats). */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

type Token = {field: string; count: number} | {literal: string};

export function formatDate(ms: number, timeZone: string, pattern: string) {
  const zone = resolveZone(timeZone);
  const clock = wallClock(ms, zone);
  return tokenize(pattern)
    .map(t =>
      'literal' in t ? t.literal : field(t.field, t.count, clock, ms, zone),
    )
    .join('');
}

/** Split a pattern into field runs and literals (quoted or not). */
export function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const {text, next} = quoted(pattern, i);
      tokens.push({literal: text});
      i = next;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      tokens.push({field: c, count: j - i});
      i = j;
    } else {
      tokens.push({literal: c});
      i++;
    }
  }
  return tokens;
}

/** A quoted section starting at `start`; '' inside or alone is a quote. */
function quoted(pattern: string, start: number): {text: string; next: number} {
  if (pattern[start + 1] === "'") return {text: "'", next: start + 2};
  let text = '';
  let i = start + 1;
  while (i < pattern.length) {
    if (pattern[i] === "'") {
      if (pattern[i + 1] === "'") {
        text += "'";
        i += 2;
        continue;
      }
      return {text, next: i + 1};
    }
    text += pattern[i++];
  }
  throw new Error(`Unterminated quote in pattern "${pattern}"`);
}

function field(
  letter: string,
  count: number,
  c: WallClock,
  ms: number,
  zone: Zone,
): string {
  switch (letter) {
    case 'G':
      return c.year > 0 ? 'AD' : 'BC';
    case 'y':
      return year(c.year, count);
    case 'M':
    case 'L':
      return month(c.month, count);
    case 'd':
      return pad(c.day, count);
    case 'D':
      return pad(dayOfYear(c), count);
    case 'E':
      return count >= 4 ? DAYS[c.weekday] : DAYS[c.weekday].slice(0, 3);
    case 'u':
      return pad(c.weekday === 0 ? 7 : c.weekday, count);
    case 'a':
      return c.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(c.hour, count);
    case 'k':
      return pad(c.hour === 0 ? 24 : c.hour, count);
    case 'K':
      return pad(c.hour % 12, count);
    case 'h':
      return pad(c.hour % 12 === 0 ? 12 : c.hour % 12, count);
    case 'm':
      return pad(c.minute, count);
    case 's':
      return pad(c.second, count);
    case 'S':
      return pad(c.millisecond, count);
    case 'z':
      return count >= 4 ? longZoneName(ms, zone) : shortZoneName(ms, zone);
    case 'Z':
      return offset(c.offsetMinutes, false);
    case 'X':
      return isoOffset(c.offsetMinutes, count);
    default:
      throw new Error(`Illegal pattern character '${letter}'`);
  }
}

/** yy: last two digits; otherwise the full year padded to the count. */
function year(y: number, count: number): string {
  const display = y > 0 ? y : 1 - y;
  if (count === 2) return pad(display % 100, 2);
  return pad(display, count);
}

function month(m: number, count: number): string {
  if (count >= 4) return MONTHS[m - 1];
  if (count === 3) return MONTHS[m - 1].slice(0, 3);
  return pad(m, count);
}

function dayOfYear(c: WallClock): number {
  const start = Date.UTC(c.year, 0, 1);
  return Math.round((Date.UTC(c.year, c.month - 1, c.day) - start) / 864e5) + 1;
}

/** Z: RFC 822 "+0100". */
function offset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = pad(Math.floor(abs / 60), 2);
  const mm = pad(abs % 60, 2);
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

/** X: ISO 8601 "Z", "+01", "+0100", "+01:00" for X, XX, XXX. */
function isoOffset(minutes: number, count: number): string {
  if (minutes === 0) return 'Z';
  if (count === 1) return offset(minutes, false).slice(0, 3);
  return offset(minutes, count >= 3);
}
