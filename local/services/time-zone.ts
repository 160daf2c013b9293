/**
 * Wall-clock fields of an instant in a time zone, and the reverse, via Intl.
 * Used by Utilities.formatDate and by the trigger schedule.
 *
 * Time zones are Java TimeZone ids as Apps Script takes them
 * (https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String)
 * links java.text.SimpleDateFormat): IANA names, "UTC", "GMT", and custom
 * "GMT+hh:mm" / "GMT-h" ids. Java falls back to GMT for an id it does not
 * know; so do we (chosen to match Java's TimeZone.getTimeZone).
 */

export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday */
  weekday: number;
  /** Minutes east of UTC. */
  offsetMinutes: number;
}

export interface Zone {
  /** The id as given (or 'GMT' if it fell back). */
  id: string;
  /** An IANA name Intl understands, or null for a fixed offset. */
  iana: string | null;
  /** For a fixed-offset zone: minutes east of UTC. */
  fixedOffset: number;
}

const zones = new Map<string, Zone>();

export function resolveZone(id: string): Zone {
  const cached = zones.get(id);
  if (cached) return cached;
  const zone = parseZone(String(id));
  zones.set(id, zone);
  return zone;
}

function parseZone(id: string): Zone {
  const custom = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(id);
  if (custom) {
    const minutes = Number(custom[2]) * 60 + Number(custom[3] ?? 0);
    return {
      id,
      iana: null,
      fixedOffset: custom[1] === '-' ? -minutes : minutes,
    };
  }
  if (id === 'GMT' || id === 'UTC' || id === 'Z') {
    return {id, iana: id === 'GMT' ? null : 'UTC', fixedOffset: 0};
  }
  try {
    new Intl.DateTimeFormat('en-US', {timeZone: id});
    return {id, iana: id, fixedOffset: 0};
  } catch {
    return {id: 'GMT', iana: null, fixedOffset: 0};
  }
}

const fieldFormats = new Map<string, Intl.DateTimeFormat>();

function fieldFormat(iana: string): Intl.DateTimeFormat {
  let f = fieldFormats.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      era: 'short',
    });
    fieldFormats.set(iana, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function wallClock(ms: number, zone: Zone): WallClock {
  if (zone.iana === null) return fixedWallClock(ms, zone.fixedOffset);
  const parts: Record<string, string> = {};
  for (const p of fieldFormat(zone.iana).formatToParts(new Date(ms))) {
    parts[p.type] = p.value;
  }
  const yearOfEra = Number(parts.year);
  const year = parts.era === 'BC' ? 1 - yearOfEra : yearOfEra;
  const fields = {
    year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
  const asUtc = utcOf(fields);
  return {
    ...fields,
    weekday: WEEKDAYS.indexOf(parts.weekday),
    offsetMinutes: Math.round((asUtc - ms) / 60000),
  };
}

function fixedWallClock(ms: number, offsetMinutes: number): WallClock {
  const d = new Date(ms + offsetMinutes * 60000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
    offsetMinutes,
  };
}

function utcOf(f: {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}): number {
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, f.millisecond);
  return d.getTime();
}

/**
 * The instant at which the zone's wall clock shows the given local time.
 * In a spring-forward gap the later offset wins; in a fall-back overlap the
 * first occurrence.
 */
export function instantOf(
  local: {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
  },
  zone: Zone,
): number {
  const asUtc = utcOf({...local, second: 0, millisecond: 0});
  const first = asUtc - wallClock(asUtc, zone).offsetMinutes * 60000;
  const second = asUtc - wallClock(first, zone).offsetMinutes * 60000;
  return Math.min(first, second);
}

/** Java-style short names ("GMT", "BST", "EST"), falling back to GMT±hh:mm. */
export function shortZoneName(ms: number, zone: Zone): string {
  if (zone.iana === null) return customZoneName(zone.fixedOffset, zone.id);
  for (const locale of ['en-US', 'en-GB']) {
    const name = zoneNamePart(ms, zone.iana, locale, 'short');
    if (name && !/^GMT[+-]/.test(name)) return name;
  }
  return customZoneName(wallClock(ms, zone).offsetMinutes, zone.id);
}

/** Java-style long names ("Greenwich Mean Time", "British Summer Time"). */
export function longZoneName(ms: number, zone: Zone): string {
  if (zone.iana === null) return customZoneName(zone.fixedOffset, zone.id);
  const name = zoneNamePart(ms, zone.iana, 'en-US', 'long');
  if (name && !/^GMT[+-]/.test(name)) return name;
  return customZoneName(wallClock(ms, zone).offsetMinutes, zone.id);
}

function zoneNamePart(
  ms: number,
  iana: string,
  locale: string,
  style: 'short' | 'long',
): string | undefined {
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: iana,
    timeZoneName: style,
  }).formatToParts(new Date(ms));
  return parts.find(p => p.type === 'timeZoneName')?.value;
}

function customZoneName(offsetMinutes: number, id: string): string {
  if (offsetMinutes === 0) return id === 'UTC' ? 'UTC' : 'GMT';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `GMT${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

export function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + s.padStart(width, '0');
}
