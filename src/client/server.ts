/**
 * google.script.run as promises. Every server function the forms call takes
 * one JSON argument (or none) and answers a Result; a thrown exception
 * arrives through withFailureHandler; an argument Apps Script refuses (a
 * Date) throws at once — all three end as a Result here, so a form shows
 * them the same way.
 */
import {assertWireSafe, exceptionErrors, Result, toResult} from './wire';

type Handler = (value: unknown) => void;

interface ScriptRunner {
  withSuccessHandler(f: Handler): ScriptRunner;
  withFailureHandler(f: Handler): ScriptRunner;
  [fn: string]: unknown;
}

interface GoogleScript {
  script?: {run?: ScriptRunner; host?: {close?: () => void}};
}

function runner(): ScriptRunner | undefined {
  return (globalThis as {google?: GoogleScript}).google?.script?.run;
}

/** Call a server function; resolves with its raw answer, rejects with an Error. */
export function call(fn: string, arg?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const run = runner();
    if (!run) {
      reject(
        new Error(
          'This form must be opened from the Panel Tracker add-on menu in Google Sheets',
        ),
      );
      return;
    }
    try {
      if (arg !== undefined) assertWireSafe(arg);
      const r = run
        .withSuccessHandler(resolve)
        .withFailureHandler(e =>
          reject(e instanceof Error ? e : new Error(String(e))),
        );
      const target = r[fn];
      if (typeof target !== 'function') {
        reject(
          new Error(
            `this version of the tracker has no "${fn}" yet; ask your panel administrator to update the add-on`,
          ),
        );
        return;
      }
      if (arg === undefined) (target as () => void).call(r);
      else (target as (a: unknown) => void).call(r, arg);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/** Call a server function that answers a Result; never rejects. */
export async function callResult<T>(
  fn: string,
  arg?: unknown,
): Promise<Result<T>> {
  try {
    return toResult<T>(await call(fn, arg));
  } catch (e) {
    return {ok: false, errors: exceptionErrors(e)};
  }
}

/** Close the sidebar (google.script.host.close). */
export function closeSidebar(): void {
  (globalThis as {google?: GoogleScript}).google?.script?.host?.close?.();
}
