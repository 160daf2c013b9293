/**
 * Typed input: how Sheets reads a string "as if the user typed it into the
 * UI" — ValueInputOption USER_ENTERED
 * (https://developers.google.com/sheets/api/reference/rest/v4/ValueInputOption:
 * "Numbers will stay as numbers, but strings may be converted to numbers,
 * dates, etc. following the same rules that are applied when entering text
 * into a cell via the Google Sheets UI"), which is also what Range.setValues
 * and Sheet.appendRow do with strings
 * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#appendRow(Object):
 * "If a cell's content begins with =, it's interpreted as a formula").
 *
 * Rules modelled, in order (locale en_GB):
 * - a leading apostrophe forces text and is not stored ('=1+1 → "=1+1");
 * - a cell whose format is plain text (`@`) keeps the string as typed — the
 *   UI stores what is typed into a plain-text cell as text, and USER_ENTERED
 *   follows the UI; a `'00123` or `=1+1` stays text there (see also
 *   https://github.com/vlucas/sheetquery/issues/20: '@' "sets cell format to
 *   string and thus putting string values unchanged");
 * - `=…` is a formula;
 * - TRUE / FALSE (any case) are booleans;
 * - numbers: `+1`, `-1`, `00123`, `1,234` (→ `#,##0`), `1e3`;
 * - `12%` → 0.12 (`0%`), `12.5%` → 0.125 (`0.00%`);
 * - `£1,234.56` → 1234.56 (`£#,##0.00`);
 * - dates day-first: `1/2/2026` → 1 Feb 2026 (`dd/mm/yyyy`), `2026-02-01`
 *   (`yyyy-mm-dd`), `1 Feb 2026`, optionally followed by a time; times
 *   `9:30`, `9:30:15`;
 * - `+`/`-` followed by an expression (`-1+1`) is a formula (`=-1+1`);
 * - anything else is text, stored exactly as given. Google Sheets formulas
 *   start with `=` only (https://support.google.com/docs/answer/46977), so
 *   `@SUM(A1)`, a tab-led or a CR-led string stay text: nothing strips the
 *   leading character.
 */
import {isValidDate, wallClockToSerial} from './dates';
import {isSignedExpression} from './formula';
import {formatCategory, isTextFormat} from './number-format';

export type TypedValue =
  | {kind: 'value'; value: string | number | boolean; format?: string}
  | {kind: 'formula'; formula: string};

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const MONTH_NAMES = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];

/** Parse typed input. `currentFormat` is the target cell's number format. */
export function parseTypedInput(
  text: string,
  currentFormat: string | null | undefined,
): TypedValue {
  if (text.startsWith("'")) return {kind: 'value', value: text.slice(1)};
  if (isTextFormat(currentFormat)) return {kind: 'value', value: text};
  if (text.startsWith('=') && text.length > 1) {
    return {kind: 'formula', formula: text};
  }
  const inferred = inferValue(text.trim());
  if (inferred) return keepCompatibleFormat(inferred, currentFormat);
  if (isSignedExpression(text.trim())) {
    return {kind: 'formula', formula: `=${text.trim()}`};
  }
  return {kind: 'value', value: text};
}

/**
 * A cell that already has a format keeps it when the typed value is of the
 * same kind (a number typed into a currency cell stays currency).
 */
function keepCompatibleFormat(
  v: {value: string | number | boolean; format?: string},
  currentFormat: string | null | undefined,
): TypedValue {
  if (!v.format) return {kind: 'value', value: v.value};
  const current = formatCategory(currentFormat);
  const typed = formatCategory(v.format);
  if (current !== 'automatic' && current === typed) {
    return {kind: 'value', value: v.value};
  }
  return {kind: 'value', value: v.value, format: v.format};
}

function inferValue(
  s: string,
): {value: string | number | boolean; format?: string} | null {
  if (s === '') return null;
  if (/^(true|false)$/i.test(s)) return {value: s.toLowerCase() === 'true'};
  return (
    parseNumberText(s) ??
    parsePercent(s) ??
    parseCurrency(s) ??
    parseDateTime(s) ??
    parseTime(s)
  );
}

function parseNumberText(s: string): {value: number; format?: string} | null {
  if (!NUMBER.test(s) || !/\d/.test(s)) return null;
  const value = Number(s.replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  if (s.includes(',')) {
    const decimals = (s.split('.')[1] ?? '').replace(/[eE].*/, '').length;
    return {
      value,
      format: decimals ? `#,##0.${'0'.repeat(decimals)}` : '#,##0',
    };
  }
  if (/[eE]/.test(s)) return {value, format: '0.00E+00'};
  return {value};
}

function parsePercent(s: string): {value: number; format: string} | null {
  const m = /^([+-]?[\d.,]+)\s*%$/.exec(s);
  if (!m) return null;
  const n = parseNumberText(m[1]);
  if (!n) return null;
  const decimals = m[1].includes('.') ? '0.00%' : '0%';
  return {value: Number((n.value / 100).toPrecision(15)), format: decimals};
}

function parseCurrency(s: string): {value: number; format: string} | null {
  const m = /^([+-]?)£\s*([+-]?)([\d.,]+)$/.exec(s);
  if (!m) return null;
  const n = parseNumberText(m[3]);
  if (!n) return null;
  const negative = (m[1] === '-') !== (m[2] === '-');
  return {value: negative ? -n.value : n.value, format: '£#,##0.00'};
}

interface TimeParts {
  hour: number;
  minute: number;
  second: number;
}

function parseTimeParts(s: string): TimeParts | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(s);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = Number(m[3] ?? 0);
  if (m[4]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[4].toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  return {hour, minute, second};
}

function parseTime(s: string): {value: number; format: string} | null {
  const t = parseTimeParts(s);
  if (!t) return null;
  return {
    value: wallClockToSerial({...t}) - wallClockToSerial({}),
    format: 'hh:mm:ss',
  };
}

/** 2-digit years: 00–29 → 2000s, 30–99 → 1900s (as spreadsheets do). */
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length > 2) return n;
  return n < 30 ? 2000 + n : 1900 + n;
}

function parseDatePart(
  s: string,
): {year: number; month: number; day: number; format: string} | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) {
    return {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      format: 'yyyy-mm-dd',
    };
  }
  // en_GB is day-first: 1/2/2026 is 1 February 2026.
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(s);
  if (m) {
    return {
      year: fullYear(m[4]),
      month: Number(m[3]),
      day: Number(m[1]),
      format: 'dd/mm/yyyy',
    };
  }
  m = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -,]*(\d{4})$/.exec(s);
  if (m) {
    const month = monthFromName(m[2]);
    if (!month) return null;
    return {year: Number(m[3]), month, day: Number(m[1]), format: 'd mmm yyyy'};
  }
  return null;
}

function monthFromName(name: string): number | null {
  const lower = name.toLowerCase();
  const i = MONTH_NAMES.findIndex(
    (m, k) =>
      lower === m ||
      lower ===
        [
          'january',
          'february',
          'march',
          'april',
          'may',
          'june',
          'july',
          'august',
          'september',
          'october',
          'november',
          'december',
        ][k] ||
      (m === 'sep' && lower === 'sept'),
  );
  return i < 0 ? null : i + 1;
}

function parseDateTime(s: string): {value: number; format: string} | null {
  const [datePart, ...rest] = s.split(/\s+(?=\d{1,2}:)/);
  const d = parseDatePart(datePart.trim());
  if (!d || !isValidDate(d.year, d.month, d.day)) return null;
  let time: TimeParts = {hour: 0, minute: 0, second: 0};
  let format = d.format;
  if (rest.length) {
    const t = parseTimeParts(rest.join(' ').trim());
    if (!t) return null;
    time = t;
    format = `${d.format} hh:mm:ss`;
  }
  return {
    value: wallClockToSerial({
      year: d.year,
      month: d.month,
      day: d.day,
      ...time,
    }),
    format,
  };
}
