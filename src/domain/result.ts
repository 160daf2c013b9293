/**
 * Validation returns values, not exceptions. Every error names the field it
 * is about, the SPEC rule it breaks and a sentence a referrer understands.
 *
 * Rule IDs are those of SPEC section 4 (F1…, D1…, P1…, S1…, A1…). An error
 * about what a form must hold (a missing or malformed field, SPEC section 3)
 * carries '§3'.
 */
export type RuleId = string;

export interface FieldError {
  field: string;
  rule: RuleId;
  message: string;
}

export type Result<T> =
  {ok: true; value: T} | {ok: false; errors: FieldError[]};

export const FORM_RULE = '§3';

export function ok<T>(value: T): Result<T> {
  return {ok: true, value};
}

export function fail<T = never>(errors: FieldError[]): Result<T> {
  return {ok: false, errors};
}

export function fieldError(
  field: string,
  rule: RuleId,
  message: string,
): FieldError {
  return {field, rule, message};
}

/** ok(value) when there are no errors, else fail(errors). */
export function okUnless<T>(errors: FieldError[], value: T): Result<T> {
  return errors.length === 0 ? ok(value) : fail(errors);
}
