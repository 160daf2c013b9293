/**
 * Logger stand-in: lines are collected per execution and echoed nowhere
 * (read them with loggedLines(ctx)).
 * Reference: https://developers.google.com/apps-script/reference/base/logger
 * ("log(format, values): Writes a formatted string to the logging console,
 * using the format and values provided. The string can include multiple %s
 * placeholders, which are replaced with corresponding values from the list
 * of arguments, converted to strings.")
 */
import {ExecutionContext} from '../core';

type GasLogger = GoogleAppsScript.Base.Logger;
export type LoggerApi = Pick<GasLogger, 'log' | 'getLog' | 'clear'>;

const linesByContext = new WeakMap<ExecutionContext, string[]>();

/** What the execution logged, one entry per Logger.log call. */
export function loggedLines(ctx: ExecutionContext): string[] {
  let lines = linesByContext.get(ctx);
  if (!lines) {
    lines = [];
    linesByContext.set(ctx, lines);
  }
  return lines;
}

export function createLogger(ctx: ExecutionContext): LoggerApi {
  const lines = loggedLines(ctx);
  const logger: LoggerApi = {
    log(format: unknown, ...values: unknown[]) {
      ctx.calls.record('Logger', 'log');
      lines.push(formatLine(format, values));
      return logger as GasLogger;
    },
    /** "Returns a complete list of messages in the current log." */
    getLog() {
      ctx.calls.record('Logger', 'getLog');
      return lines.join('\n');
    },
    clear() {
      ctx.calls.record('Logger', 'clear');
      lines.length = 0;
    },
  };
  return logger;
}

/** %s placeholders take the values in order; a lone value is stringified. */
export function formatLine(format: unknown, values: unknown[]): string {
  if (values.length === 0) return show(format);
  let i = 0;
  return String(format).replace(/%s/g, () =>
    i < values.length ? show(values[i++]) : '%s',
  );
}

/**
 * Objects are shown as JSON (chosen: Apps Script prints Java-style maps such
 * as {a=1.0}; JSON is closer to what a reader of the local log wants).
 */
function show(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') {
    if (typeof (value as Date).toISOString === 'function') return String(value);
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
