/**
 * What crosses google.script.run, checked on the client: arguments hold no
 * Date (Apps Script refuses them; dates travel as 'YYYY-MM-DD'), and every
 * answer is read as the server's Result — {ok: true, value} or
 * {ok: false, errors: [{field, rule, message}]} — whatever arrives.
 */
import type {FieldError, Result} from '../domain/result';

export type {FieldError, Result};

/**
 * Throws when a value cannot cross to the server (a Date, a function, a
 * class instance), naming where it is, so a form bug shows up here rather
 * than as a call that silently never answers.
 */
export function assertWireSafe(value: unknown, path = 'argument'): void {
  if (value === null || value === undefined) return;
  const t = typeof value;
  if (t === 'string' || t === 'boolean') return;
  if (t === 'number') {
    if (!Number.isFinite(value))
      throw new TypeError(`${path} is not a finite number.`);
    return;
  }
  if (t !== 'object')
    throw new TypeError(`${path} cannot be sent to the tracker (${t}).`);
  if (value instanceof Date) {
    throw new TypeError(`${path} is a Date; send dates as 'YYYY-MM-DD' text.`);
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertWireSafe(v, `${path}.${i}`));
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(
      `${path} cannot be sent to the tracker (not plain data).`,
    );
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    assertWireSafe(v, `${path}.${k}`);
  }
}

/** A copy without undefined members (what JSON would send anyway). */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(v => compact(v)) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = compact(v);
    }
    return out as T;
  }
  return value;
}

function isFieldError(e: unknown): e is FieldError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as FieldError).message === 'string'
  );
}

/** The server's answer as a Result; anything else becomes an error to show. */
export function toResult<T>(answer: unknown): Result<T> {
  if (answer && typeof answer === 'object' && 'ok' in answer) {
    const a = answer as {ok: unknown; value?: unknown; errors?: unknown};
    if (a.ok === true) return {ok: true, value: a.value as T};
    if (a.ok === false && Array.isArray(a.errors) && a.errors.length > 0) {
      return {
        ok: false,
        errors: a.errors.filter(isFieldError).map(e => ({
          field: typeof e.field === 'string' && e.field ? e.field : 'form',
          rule: typeof e.rule === 'string' ? e.rule : '',
          message: e.message,
        })),
      };
    }
  }
  if (answer === null || answer === undefined) {
    return {
      ok: false,
      errors: [
        {
          field: 'form',
          rule: '',
          message:
            "The tracker's answer could not be read by this form. Check the tracker before trying again, so nothing is entered twice.",
        },
      ],
    };
  }
  return {
    ok: false,
    errors: [
      {
        field: 'form',
        rule: '',
        message: 'The tracker gave an answer this form does not understand.',
      },
    ],
  };
}

/** A thrown exception (withFailureHandler) as an error to show. */
export function exceptionErrors(e: unknown): FieldError[] {
  const raw = e instanceof Error ? e.message : String(e ?? '');
  const message = raw.trim() || 'an unknown error';
  return [
    {
      field: 'form',
      rule: '',
      message: `The tracker could not finish this: ${message.replace(/\.$/, '')}. Your answers are still here; try again in a moment, and tell your panel administrator if it keeps happening.`,
    },
  ];
}

/**
 * Errors found while reading the page (an amount that is not money) come
 * first; a validation error on the same field repeats the same problem in
 * other words ('is required'), so it is dropped.
 */
export function mergeErrors(
  first: FieldError[],
  then: FieldError[],
): FieldError[] {
  const seen = new Set(first.map(e => e.field));
  const out = [...first];
  const keys = new Set(first.map(e => `${e.field}|${e.message}`));
  for (const e of then) {
    if (seen.has(e.field)) continue;
    const key = `${e.field}|${e.message}`;
    if (keys.has(key)) continue;
    keys.add(key);
    out.push(e);
  }
  return out;
}

/** The text shown for an error: its message, then the rule it names. */
export function errorText(e: FieldError): string {
  const message = e.message.trim();
  return e.rule ? `${message} (${e.rule})` : message;
}

/** UTF-8 bytes of a text (drafts must stay under 9 KB). */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export const MAX_DRAFT_BYTES = 9000;
