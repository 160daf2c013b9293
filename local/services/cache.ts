/**
 * CacheService stand-in, file-backed under <workspace>/cache/ like the
 * properties; expiry is measured on the modelled clock (ctx.now()).
 *
 * Reference pages:
 *  - https://developers.google.com/apps-script/reference/cache/cache-service
 *  - https://developers.google.com/apps-script/reference/cache/cache
 *    ("keys up to 250 characters", "up to 100KB of data", "cap of 1,000
 *    entries"; expiration default 10 minutes, maximum 6 hours)
 *  - https://justin.poehnelt.com/posts/exploring-apps-script-cacheservice-limits
 *    (measured: 102,400-byte values, FIFO eviction of ~10% when full)
 */
import {ExecutionContext, gasError} from '../core';
import {JsonFile, safeFileName, utf8Bytes} from './store';

type GasCache = GoogleAppsScript.Cache.Cache;

export type CacheServiceApi = Pick<
  GoogleAppsScript.Cache.CacheService,
  'getDocumentCache' | 'getScriptCache' | 'getUserCache'
>;

export const CACHE_KEY_LIMIT_CHARS = 250;
export const CACHE_VALUE_LIMIT_BYTES = 100 * 1024;
export const CACHE_MAX_ENTRIES = 1000;
export const DEFAULT_EXPIRATION_SECONDS = 600;
export const MAX_EXPIRATION_SECONDS = 21600;

/**
 * Chosen: the reference pages give the limits but not the messages. Scripts
 * and public shims report "Argument too large: value" for a value over
 * 100 KB; the key message is the analogous form and is unconfirmed.
 */
export const CACHE_KEY_TOO_LARGE_MESSAGE = 'Argument too large: key';
export const CACHE_VALUE_TOO_LARGE_MESSAGE = 'Argument too large: value';

interface Entry {
  value: string;
  expiresAt: number;
  createdAt: number;
}
type Entries = Record<string, Entry>;

export function createCacheService(ctx: ExecutionContext): CacheServiceApi {
  const record = (method: string) => ctx.calls.record('CacheService', method);
  return {
    getScriptCache() {
      record('getScriptCache');
      return cacheFor(ctx, 'script');
    },
    getUserCache() {
      record('getUserCache');
      return cacheFor(ctx, `user-${safeFileName(ctx.effectiveUser)}`);
    },
    /** "returns null" outside a containing document (cache-service ref). */
    getDocumentCache() {
      record('getDocumentCache');
      const doc = ctx.activeSpreadsheetId;
      if (doc === null) return null;
      return cacheFor(ctx, `document-${safeFileName(doc)}`);
    },
  };
}

function cacheFor(ctx: ExecutionContext, scope: string): GasCache {
  const file = ctx.workspace.path('cache', `${scope}.json`);
  return new FileCache(ctx, new JsonFile<Entries>(file, () => ({})))
    .self as GasCache;
}

class FileCache implements Pick<
  GasCache,
  'get' | 'getAll' | 'put' | 'putAll' | 'remove' | 'removeAll'
> {
  readonly self = this as unknown as GasCache;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly store: JsonFile<Entries>,
  ) {}

  private record(method: string): void {
    this.ctx.calls.record('CacheService', `Cache.${method}`);
  }

  /** "Gets the cached value for the given key, or null if none is found." */
  get(key: string): string | null {
    this.record('get');
    return this.live()[String(key)]?.value ?? null;
  }

  /** Only the keys found are in the returned object. */
  getAll(keys: string[]): Record<string, string> {
    this.record('getAll');
    const live = this.live();
    const out: Record<string, string> = {};
    for (const k of keys) {
      const entry = live[String(k)];
      if (entry) out[String(k)] = entry.value;
    }
    return out;
  }

  put(key: string, value: string, expirationInSeconds?: number): void {
    this.record('put');
    this.putEntries({[key]: value}, expirationInSeconds);
  }

  putAll(values: Record<string, unknown>, expirationInSeconds?: number): void {
    this.record('putAll');
    this.putEntries(values, expirationInSeconds);
  }

  remove(key: string): void {
    this.record('remove');
    this.removeKeys([key]);
  }

  removeAll(keys: string[]): void {
    this.record('removeAll');
    this.removeKeys(keys);
  }

  private live(): Entries {
    const now = this.ctx.now();
    const out: Entries = {};
    for (const [k, e] of Object.entries(this.store.read())) {
      if (e.expiresAt > now) out[k] = e;
    }
    return out;
  }

  private putEntries(values: Record<string, unknown>, seconds?: number): void {
    const entries = Object.entries(values).map(
      ([k, v]) => [String(k), String(v)] as const,
    );
    for (const [k, v] of entries) this.checkLimits(k, v);
    const now = this.ctx.now();
    const expiresAt = now + expirationSeconds(seconds) * 1000;
    this.store.update(current => {
      const next = withoutExpired(current, now);
      for (const [k, v] of entries) {
        next[k] = {value: v, expiresAt, createdAt: now};
      }
      return evictOldestIfFull(next);
    });
  }

  private removeKeys(keys: string[]): void {
    this.store.update(current => {
      const next = {...current};
      for (const k of keys) delete next[String(k)];
      return next;
    });
  }

  private checkLimits(key: string, value: string): void {
    if (key.length > CACHE_KEY_LIMIT_CHARS) {
      throw gasError(this.ctx, CACHE_KEY_TOO_LARGE_MESSAGE);
    }
    if (utf8Bytes(value) > CACHE_VALUE_LIMIT_BYTES) {
      throw gasError(this.ctx, CACHE_VALUE_TOO_LARGE_MESSAGE);
    }
  }
}

/**
 * Default 600 s; at most 21600 s (6 hours). Chosen: a larger value is
 * clamped to 6 hours and a value below 1 s to 1 s rather than rejected (the
 * reference states the range, not an error).
 */
function expirationSeconds(seconds: number | undefined): number {
  if (seconds === undefined || seconds === null) {
    return DEFAULT_EXPIRATION_SECONDS;
  }
  return Math.min(MAX_EXPIRATION_SECONDS, Math.max(1, Number(seconds) || 1));
}

function withoutExpired(entries: Entries, now: number): Entries {
  const out: Entries = {};
  for (const [k, e] of Object.entries(entries)) {
    if (e.expiresAt > now) out[k] = e;
  }
  return out;
}

/** Over 1,000 entries: drop the oldest tenth, first in first out. */
function evictOldestIfFull(entries: Entries): Entries {
  const keys = Object.keys(entries);
  if (keys.length <= CACHE_MAX_ENTRIES) return entries;
  const byAge = keys.sort(
    (a, b) => entries[a].createdAt - entries[b].createdAt,
  );
  const drop = new Set(byAge.slice(0, CACHE_MAX_ENTRIES / 10));
  const out: Entries = {};
  for (const k of keys) if (!drop.has(k)) out[k] = entries[k];
  return out;
}
