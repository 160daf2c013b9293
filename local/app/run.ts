/**
 * One execution for the local app: a TrackerSession call, plus the value a
 * sidebar's success handler receives (through JSON, as google.script.run
 * hands it over) and the lines the execution logged.
 */
import {ConsoleLike} from '../loader';
import {CallOutcome, TrackerSession} from '../tracker-session';

export interface AppOutcome extends CallOutcome {
  /** console.log / Logger lines of this execution. */
  logs: string[];
}

export function runInteractive(
  session: TrackerSession,
  fn: string,
  args: unknown[],
  options: {as: string; at: number},
): AppOutcome {
  const logs: string[] = [];
  const line =
    (level: string) =>
    (...parts: unknown[]) => {
      logs.push(
        `${level}${parts.map(p => (typeof p === 'string' ? p : safeJson(p))).join(' ')}`,
      );
    };
  const console: ConsoleLike = {
    log: line(''),
    info: line(''),
    debug: line(''),
    warn: line('warning: '),
    error: line('error: '),
  };
  const outcome = session.call(fn, args, {
    as: options.as.trim().toLowerCase(),
    at: options.at,
    console,
  });
  return {
    ...outcome,
    returned: outcome.exception ? null : wireValue(outcome.returned),
    logs,
  };
}

/**
 * A server function's return value as the client receives it: through JSON
 * (undefined becomes null). A Date anywhere in it makes the whole value
 * arrive as null, as Apps Script does — return ISO strings instead.
 */
export function wireValue(value: unknown): unknown {
  if (value === undefined || containsDate(value, new Set())) return null;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function containsDate(value: unknown, seen: Set<unknown>): boolean {
  if (value === null || typeof value !== 'object') return false;
  // Values come from the bundle's vm realm: `instanceof Date` does not hold.
  if (Object.prototype.toString.call(value) === '[object Date]') return true;
  if (seen.has(value)) return false;
  seen.add(value);
  return Object.values(value as Record<string, unknown>).some(v =>
    containsDate(v, seen),
  );
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
