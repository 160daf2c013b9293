/** Scenario times: Europe/London wall-clock 'YYYY-MM-DDTHH:MM'. */
import {londonDateTime, londonInstant} from '../src/domain/calendar';

/** '2026-01-05T09:00' is Europe/London wall-clock time; an offset or Z is honoured. */
export function parseAt(at: string): number {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(at)) return Date.parse(at);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(
    at,
  );
  if (!m)
    throw new Error(
      `scenario: cannot read the time "${at}" (use YYYY-MM-DDTHH:MM)`,
    );
  return (
    londonInstant(m[1], m[2] ? `${m[2]}:${m[3]}` : '09:00') +
    Number(m[4] ?? 0) * 1000
  );
}

export function formatAt(ms: number): string {
  const t = londonDateTime(ms);
  return `${t.date}T${t.time}`;
}
