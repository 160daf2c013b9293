/**
 * Date serial numbers and time zones.
 *
 * Sheets stores a date-time as a serial number: "the whole number portion of
 * the value (left of the decimal) counts the days since December 30th 1899.
 * The fractional portion (right of the decimal) counts the time as a fraction
 * of one day" — https://developers.google.com/sheets/api/guides/formats#about_date_time_values
 * The serial is wall-clock time in the spreadsheet's time zone; Apps Script
 * converts it to a JavaScript Date in that zone (getValues returns a Date
 * object for date-formatted cells:
 * https://developers.google.com/apps-script/reference/spreadsheet/range#getValues()).
 */

const DAY_MS = 86_400_000;
/** Date.UTC(1899, 11, 30): serial 0 read as if it were UTC. */
const SERIAL_EPOCH_UTC = Date.UTC(1899, 11, 30);

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offsets are cached per zone and hour: DST changes on the hour. */
const offsetCache = new Map<string, number>();

/** The zone's offset from UTC at an instant, in ms (London summer: +3600000). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const hourKey = `${timeZone}|${Math.floor(epochMs / 3_600_000)}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return cached;
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) =>
    Number(parts.find(p => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const wholeSeconds = Math.floor(epochMs / 1000) * 1000;
  const offset = asUtc - wholeSeconds;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(hourKey, offset);
  return offset;
}

/** Epoch ms → serial number in the zone. */
export function epochToSerial(epochMs: number, timeZone: string): number {
  const wall = epochMs + zoneOffsetMs(epochMs, timeZone);
  return (wall - SERIAL_EPOCH_UTC) / DAY_MS;
}

/**
 * Serial number in the zone → epoch ms. A wall-clock time that does not exist
 * (the hour skipped when clocks go forward) lands an hour later, as Sheets
 * shows it.
 */
export function serialToEpoch(serial: number, timeZone: string): number {
  const wall = Math.round(serial * DAY_MS) + SERIAL_EPOCH_UTC;
  let epoch = wall - zoneOffsetMs(wall, timeZone);
  epoch = wall - zoneOffsetMs(epoch, timeZone);
  return epoch;
}

/** Serial → the wall-clock fields it names (no zone involved). */
export function serialToWallClock(serial: number): WallClock {
  const ms = Math.round(serial * DAY_MS) + SERIAL_EPOCH_UTC;
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

/** Wall-clock fields → serial. */
export function wallClockToSerial(w: Partial<WallClock>): number {
  const ms = Date.UTC(
    w.year ?? 1899,
    (w.month ?? 12) - 1,
    w.day ?? 30,
    w.hour ?? 0,
    w.minute ?? 0,
    w.second ?? 0,
    w.millisecond ?? 0,
  );
  return (ms - SERIAL_EPOCH_UTC) / DAY_MS;
}

/** Is this a valid calendar date? */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/** A Date from any realm (`instanceof` fails across vm contexts). */
export function isDateObject(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}
