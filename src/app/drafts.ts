/**
 * Draft saving: a half-filled sidebar form survives closing the sidebar. A
 * draft is kept in the person's own user properties (never shared), per
 * tracker and form, within the 9 KB value limit of PropertiesService.
 */
import {fieldError, fail, Result} from '../domain/result';

export interface UserStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export const DRAFT_FORMS = [
  'alert',
  'referral',
  'change',
  'emergency',
  'assessment',
  'decision',
] as const;
const MAX_DRAFT_BYTES = 9000;

function key(trackerId: string, form: string): string {
  return `draft:${trackerId}:${form}`;
}

function formOf(input: unknown): string | null {
  const form = (input as {form?: unknown})?.form;
  return typeof form === 'string' &&
    (DRAFT_FORMS as readonly string[]).includes(form)
    ? form
    : null;
}

function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export function saveDraft(
  store: UserStore,
  trackerId: string,
  input: unknown,
): Result<{saved: boolean; bytes: number}> {
  const form = formOf(input);
  if (!form)
    return fail([
      fieldError(
        'form',
        '§3',
        `Unknown form; drafts are kept for: ${DRAFT_FORMS.join(', ')}.`,
      ),
    ]);
  const text = JSON.stringify((input as {data?: unknown}).data ?? {});
  const bytes = utf8Length(text);
  if (bytes > MAX_DRAFT_BYTES) {
    return fail([
      fieldError(
        'form',
        '§3',
        'This draft is too long to keep (over 9 KB). Shorten the longest answers, or submit the form.',
      ),
    ]);
  }
  store.set(key(trackerId, form), text);
  return {ok: true, value: {saved: true, bytes}};
}

export function loadDraft(
  store: UserStore,
  trackerId: string,
  input: unknown,
): Result<{data: unknown | null}> {
  const form = formOf(input);
  if (!form)
    return fail([
      fieldError(
        'form',
        '§3',
        `Unknown form; drafts are kept for: ${DRAFT_FORMS.join(', ')}.`,
      ),
    ]);
  const text = store.get(key(trackerId, form));
  if (!text) return {ok: true, value: {data: null}};
  try {
    return {ok: true, value: {data: JSON.parse(text)}};
  } catch {
    return {ok: true, value: {data: null}};
  }
}

export function clearDraft(
  store: UserStore,
  trackerId: string,
  input: unknown,
): Result<{cleared: boolean}> {
  const form = formOf(input);
  if (!form)
    return fail([
      fieldError(
        'form',
        '§3',
        `Unknown form; drafts are kept for: ${DRAFT_FORMS.join(', ')}.`,
      ),
    ]);
  store.remove(key(trackerId, form));
  return {ok: true, value: {cleared: true}};
}
