/**
 * Number formats: how a cell's value is shown (getDisplayValues,
 * FORMATTED_VALUE) and which formats are dates.
 *
 * Pattern syntax: https://developers.google.com/sheets/api/guides/formats
 * ("Date and time format patterns": d, dd, ddd, dddd, m, mm, mmm, mmmm, y,
 * yy, yyyy, h, hh, s, ss, AM/PM, A/P — `m`/`mm` are minutes when they follow
 * an hour or precede seconds; "Number format patterns": 0, #, `.`, `,`, %,
 * `"text"`, `\c`, sections separated by `;` for positive;negative;zero;text,
 * `@` for text). Locale: en_GB (month names, `.` decimal, `,` grouping).
 */
import {DAYS, MONTHS} from '../services/format-date';
import {serialToWallClock} from './dates';

/** What Apps Script reports for a cell with the automatic format. */
export const AUTOMATIC_FORMAT = '0.###############';

export type CellValue = string | number | boolean;

/** Formats the Sheets API's NumberFormat.type maps to, in en_GB. */
export const DEFAULT_PATTERNS: Record<string, string> = {
  TEXT: '@',
  NUMBER: '#,##0.00',
  PERCENT: '0.00%',
  CURRENCY: '£#,##0.00',
  DATE: 'dd/mm/yyyy',
  TIME: 'hh:mm:ss',
  DATE_TIME: 'dd/mm/yyyy hh:mm:ss',
  SCIENTIFIC: '0.00E+00',
};

/** Empty, 'General' or Apps Script's automatic pattern. */
export function isAutomaticFormat(pattern: string | null | undefined): boolean {
  if (!pattern) return true;
  const p = pattern.trim().toLowerCase();
  return p === 'general' || p === AUTOMATIC_FORMAT || p === '0.###';
}

export function isTextFormat(pattern: string | null | undefined): boolean {
  return !!pattern && pattern.trim() === '@';
}

/** The pattern without quoted text, escapes and [bracketed] parts. */
function stripLiterals(pattern: string): string {
  return pattern
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
}

/** Does the pattern show a date, a time or both? */
export function isDateTimeFormat(pattern: string | null | undefined): boolean {
  if (!pattern || isAutomaticFormat(pattern) || isTextFormat(pattern)) {
    return false;
  }
  return /[dmyhs]/i.test(stripLiterals(pattern).split(';')[0]);
}

/** The category a pattern belongs to (for typed input keeping a format). */
export function formatCategory(
  pattern: string | null | undefined,
): 'automatic' | 'text' | 'date' | 'percent' | 'currency' | 'number' {
  if (isAutomaticFormat(pattern)) return 'automatic';
  if (isTextFormat(pattern)) return 'text';
  if (isDateTimeFormat(pattern)) return 'date';
  const bare = stripLiterals(pattern!);
  if (bare.includes('%')) return 'percent';
  if (/[£$€¥]/.test(pattern!)) return 'currency';
  return 'number';
}

/** Display a value under a pattern, as Sheets does in locale en_GB. */
export function formatValue(
  value: CellValue | null | undefined,
  pattern: string | null | undefined,
): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (isAutomaticFormat(pattern) || isTextFormat(pattern)) {
    return formatGeneral(value);
  }
  const sections = splitSections(pattern!);
  let section = sections[0];
  let abs = false;
  if (value < 0 && sections.length > 1) {
    section = sections[1];
    abs = true;
  } else if (value === 0 && sections.length > 2) {
    section = sections[2];
  }
  const v = abs ? Math.abs(value) : value;
  if (isDateTimeFormat(section)) return formatDateTime(v, section);
  return formatNumber(v, section);
}

function splitSections(pattern: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '"') quoted = !quoted;
    if (ch === '\\' && !quoted) {
      cur += ch + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === ';' && !quoted) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * The automatic format: integers in full, other numbers with up to 15
 * significant digits, very large or small ones in scientific notation.
 */
export function formatGeneral(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e15 || abs < 1e-9) {
    const [mant, exp] = value.toExponential(5).split('e');
    const m = mant.replace(/\.?0+$/, '');
    const e = Number(exp);
    return `${m}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const rounded = Number(value.toPrecision(15));
  if (Number.isInteger(rounded)) return String(rounded);
  return rounded.toFixed(Math.min(20, decimalsNeeded(rounded)));
}

function decimalsNeeded(v: number): number {
  const s = String(v);
  if (s.includes('e-')) {
    const [m, e] = s.split('e-');
    const frac = m.split('.')[1] ?? '';
    return frac.length + Number(e);
  }
  return (s.split('.')[1] ?? '').length;
}

/** Round half away from zero at `places` decimals, on the decimal value. */
export function roundHalfAway(value: number, places: number): number {
  const factor = 10 ** places;
  const shifted = Number((Math.abs(value) * factor).toPrecision(15));
  return (Math.sign(value) * Math.round(shifted)) / factor;
}

interface NumberPattern {
  prefix: string;
  suffix: string;
  integer: string; // the 0/#/, characters before the point
  fraction: string; // the 0/# characters after the point
  percent: number; // how many % signs
  grouping: boolean;
  scientific: string | null; // the E+00 part
}

function parseNumberPattern(section: string): NumberPattern {
  const p: NumberPattern = {
    prefix: '',
    suffix: '',
    integer: '',
    fraction: '',
    percent: 0,
    grouping: false,
    scientific: null,
  };
  let state: 'prefix' | 'integer' | 'fraction' | 'suffix' = 'prefix';
  const literal = (text: string) => {
    if (state === 'prefix') p.prefix += text;
    else p.suffix += text;
    if (state !== 'prefix') state = 'suffix';
  };
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      literal(section.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? section.length : end;
      continue;
    }
    if (ch === '\\') {
      literal(section[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '[') {
      // [$£-809] shows £; [Red] and other conditions are ignored.
      const end = section.indexOf(']', i);
      const inner = section.slice(i + 1, end < 0 ? undefined : end);
      if (inner.startsWith('$')) literal(inner.slice(1).split('-')[0]);
      i = end < 0 ? section.length : end;
      continue;
    }
    if (ch === '_' || ch === '*') {
      i++; // padding directives: skip the next character
      continue;
    }
    if ((ch === 'E' || ch === 'e') && /^[Ee][+-]?0+/.test(section.slice(i))) {
      const m = /^[Ee][+-]?0+/.exec(section.slice(i))!;
      p.scientific = m[0];
      i += m[0].length - 1;
      state = 'suffix';
      continue;
    }
    if (ch === '0' || ch === '#' || ch === '?') {
      if (state === 'prefix' || state === 'integer') {
        state = 'integer';
        p.integer += ch;
      } else if (state === 'fraction') {
        p.fraction += ch;
      } else {
        p.suffix += ch;
      }
      continue;
    }
    if (ch === ',' && state === 'integer') {
      p.grouping = true;
      continue;
    }
    if (ch === '.' && (state === 'integer' || state === 'prefix')) {
      state = 'fraction';
      continue;
    }
    if (ch === '%') {
      p.percent++;
      literal('%');
      continue;
    }
    literal(ch);
  }
  return p;
}

function formatNumber(value: number, section: string): string {
  const p = parseNumberPattern(section);
  if (!p.integer && !p.fraction) {
    // A pattern of only text, e.g. "-" for zero.
    return p.prefix + p.suffix;
  }
  let v = value * 100 ** p.percent;
  const negative = v < 0;
  v = Math.abs(v);
  const minFrac = (p.fraction.match(/0/g) ?? []).length;
  const maxFrac = p.fraction.length;
  if (p.scientific) {
    const exp = v === 0 ? 0 : Math.floor(Math.log10(v));
    const mant = roundHalfAway(v / 10 ** exp, maxFrac);
    const digits = p.scientific.replace(/[Ee+-]/g, '').length;
    const expText = String(Math.abs(exp)).padStart(digits, '0');
    const sign = exp < 0 ? '-' : p.scientific.includes('+') ? '+' : '';
    const body = `${fixed(mant, minFrac, maxFrac)}E${sign}${expText}`;
    return `${negative ? '-' : ''}${p.prefix}${body}${p.suffix}`;
  }
  const rounded = roundHalfAway(v, maxFrac);
  const [digits, fracPart = ''] = fixed(rounded, minFrac, maxFrac).split('.');
  let intPart = digits;
  const minInt = (p.integer.match(/0/g) ?? []).length;
  if (intPart === '0' && minInt === 0) intPart = '';
  intPart = intPart.padStart(minInt, '0');
  if (p.grouping) intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = fracPart ? `${intPart}.${fracPart}` : intPart;
  const showMinus = negative && rounded !== 0;
  return `${showMinus ? '-' : ''}${p.prefix}${body || '0'}${p.suffix}`;
}

function fixed(v: number, minFrac: number, maxFrac: number): string {
  let s = v.toFixed(maxFrac);
  if (maxFrac > minFrac && s.includes('.')) {
    let end = s.length;
    const point = s.indexOf('.');
    while (end > point + 1 + minFrac && s[end - 1] === '0') end--;
    s = s.slice(0, end);
    if (s.endsWith('.')) s = s.slice(0, -1);
  }
  return s;
}

type DateToken =
  {kind: 'literal'; text: string} | {kind: 'field'; text: string};

function tokenizeDate(section: string): DateToken[] {
  const tokens: DateToken[] = [];
  for (let i = 0; i < section.length;) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      tokens.push({kind: 'literal', text: section.slice(i + 1, stop)});
      i = stop + 1;
      continue;
    }
    if (ch === '\\') {
      tokens.push({kind: 'literal', text: section[i + 1] ?? ''});
      i += 2;
      continue;
    }
    if (ch === '[') {
      const end = section.indexOf(']', i);
      const stop = end < 0 ? section.length : end;
      const inner = section.slice(i + 1, stop).toLowerCase();
      if (/^(h+|m+|s+)$/.test(inner)) {
        tokens.push({kind: 'field', text: `[${inner}]`});
      }
      i = stop + 1;
      continue;
    }
    const rest = section.slice(i);
    const ampm = /^(am\/pm|a\/p)/i.exec(rest);
    if (ampm) {
      tokens.push({kind: 'field', text: ampm[0].toLowerCase()});
      i += ampm[0].length;
      continue;
    }
    const run = /^(d+|m+|y+|h+|s+)/i.exec(rest);
    if (run) {
      tokens.push({kind: 'field', text: run[0].toLowerCase()});
      i += run[0].length;
      continue;
    }
    const frac = /^\.0+/.exec(rest);
    if (frac && tokens.length && /^s+$/.test(tokens[tokens.length - 1].text)) {
      tokens.push({kind: 'field', text: frac[0]});
      i += frac[0].length;
      continue;
    }
    tokens.push({kind: 'literal', text: ch});
    i++;
  }
  return tokens;
}

/** Which `m` tokens mean minutes: after an hour, or before seconds. */
function minuteTokens(tokens: DateToken[]): Set<number> {
  const minutes = new Set<number>();
  const fields = tokens
    .map((t, i) => ({t, i}))
    .filter(x => x.t.kind === 'field');
  fields.forEach((x, k) => {
    if (!/^m{1,2}$/.test(x.t.text)) return;
    const prev = fields[k - 1]?.t.text ?? '';
    const next = fields[k + 1]?.t.text ?? '';
    if (/^h+$|^\[h+\]$/.test(prev) || /^s+$/.test(next)) minutes.add(x.i);
  });
  return minutes;
}

function formatDateTime(serial: number, section: string): string {
  const tokens = tokenizeDate(section);
  const minutes = minuteTokens(tokens);
  const twelveHour = tokens.some(t => t.text === 'am/pm' || t.text === 'a/p');
  const hasFraction = tokens.some(t => t.text.startsWith('.'));
  // Round to the second (or to the shown fraction) before splitting fields.
  const unit = hasFraction ? 1000 : 1;
  const totalSeconds = Math.round(serial * 86400 * unit) / unit;
  const w = serialToWallClock(totalSeconds / 86400);
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  const hour12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  const pad = (n: number, len: number) => String(n).padStart(len, '0');
  return tokens
    .map((t, i) => {
      if (t.kind === 'literal') return t.text;
      const f = t.text;
      if (minutes.has(i))
        return f === 'mm' ? pad(w.minute, 2) : String(w.minute);
      switch (f[0]) {
        case 'd':
          if (f.length === 1) return String(w.day);
          if (f.length === 2) return pad(w.day, 2);
          if (f.length === 3) return DAYS[weekday].slice(0, 3);
          return DAYS[weekday];
        case 'm':
          if (f.length === 1) return String(w.month);
          if (f.length === 2) return pad(w.month, 2);
          if (f.length === 3) return MONTHS[w.month - 1].slice(0, 3);
          if (f.length === 5) return MONTHS[w.month - 1][0];
          return MONTHS[w.month - 1];
        case 'y':
          return f.length <= 2 ? pad(w.year % 100, 2) : String(w.year);
        case 'h': {
          const h = twelveHour ? hour12 : w.hour;
          return f.length === 1 ? String(h) : pad(h, 2);
        }
        case 's':
          return f.length === 1 ? String(w.second) : pad(w.second, 2);
        case '.':
          return `.${pad(w.millisecond, 3).slice(0, f.length - 1)}`;
        case '[':
          return formatElapsed(serial, f);
        case 'a':
          if (f === 'a/p') return w.hour < 12 ? 'a' : 'p';
          return w.hour < 12 ? 'AM' : 'PM';
        default:
          return f;
      }
    })
    .join('');
}

function formatElapsed(serial: number, field: string): string {
  const seconds = Math.round(serial * 86400);
  if (field.startsWith('[h')) return String(Math.floor(seconds / 3600));
  if (field.startsWith('[m')) return String(Math.floor(seconds / 60));
  return String(seconds);
}
