/**
 * PropertiesService stand-in: three stores persisted as JSON files under
 * <workspace>/properties/, read fresh on each call and written atomically
 * under a cross-process mutex.
 *
 * Reference pages:
 *  - https://developers.google.com/apps-script/reference/properties/properties-service
 *  - https://developers.google.com/apps-script/reference/properties/properties
 *  - https://developers.google.com/apps-script/guides/properties
 *  - https://developers.google.com/apps-script/guides/services/quotas
 *    ("Properties value size 9 KB / val", "Properties total storage
 *    500 KB / property store")
 */
import {ExecutionContext, gasError} from '../core';
import {JsonFile, safeFileName, utf8Bytes} from './store';

type GasProperties = GoogleAppsScript.Properties.Properties;
type PropertyMap = Record<string, string>;

/**
 * getDocumentProperties(): "When document properties are not available this
 * method returns null" (properties-service reference); a time-driven run of
 * an editor add-on has no open document (SPEC S6).
 */
export type PropertiesServiceApi = Omit<
  Pick<
    GoogleAppsScript.Properties.PropertiesService,
    'getDocumentProperties' | 'getScriptProperties' | 'getUserProperties'
  >,
  'getDocumentProperties'
> & {getDocumentProperties(): GasProperties | null};

/** Quotas page: 9 KB per value. Measured in UTF-8 bytes of the value. */
export const PROPERTY_VALUE_LIMIT_BYTES = 9 * 1024;
/** Quotas page: 500 KB per property store, keys plus values. */
export const PROPERTY_STORE_LIMIT_BYTES = 500 * 1024;

/**
 * Not on Google's pages; chosen from what scripts report. The store-quota
 * message is reported verbatim by many Apps Script users. For an oversized
 * single value users report "Argument too large: value" (the same message
 * CacheService uses); we could not confirm it from a Google page.
 */
export const VALUE_TOO_LARGE_MESSAGE = 'Argument too large: value';
export const STORE_QUOTA_MESSAGE =
  'You have exceeded the property storage quota. Please remove some properties and try again.';

export function createPropertiesService(
  ctx: ExecutionContext,
): PropertiesServiceApi {
  const record = (method: string) =>
    ctx.calls.record('PropertiesService', method);
  return {
    getScriptProperties() {
      record('getScriptProperties');
      // "shared among all users of a script, add-on, or web app"
      return propertiesFor(ctx, 'script');
    },
    getUserProperties() {
      record('getUserProperties');
      // "the current user of a script": the user the script runs as (the
      // trigger owner in a trigger run).
      return propertiesFor(ctx, `user-${safeFileName(ctx.effectiveUser)}`);
    },
    getDocumentProperties() {
      record('getDocumentProperties');
      const doc = ctx.activeSpreadsheetId;
      if (doc === null) return null;
      return propertiesFor(ctx, `document-${safeFileName(doc)}`);
    },
  };
}

function propertiesFor(ctx: ExecutionContext, store: string): GasProperties {
  const file = ctx.workspace.path('properties', `${store}.json`);
  return new FileProperties(ctx, new JsonFile<PropertyMap>(file, () => ({})))
    .self;
}

class FileProperties implements Pick<
  GasProperties,
  | 'getProperty'
  | 'getProperties'
  | 'getKeys'
  | 'setProperty'
  | 'setProperties'
  | 'deleteProperty'
  | 'deleteAllProperties'
> {
  readonly self = this as unknown as GasProperties;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly store: JsonFile<PropertyMap>,
  ) {}

  private record(method: string): void {
    this.ctx.calls.record('PropertiesService', `Properties.${method}`);
  }

  getProperty(key: string): string | null {
    this.record('getProperty');
    const map = this.store.read();
    return Object.prototype.hasOwnProperty.call(map, String(key))
      ? map[String(key)]
      : null;
  }

  /** "returns a copy of the stored data, not a live view" (guide). */
  getProperties(): PropertyMap {
    this.record('getProperties');
    return {...this.store.read()};
  }

  getKeys(): string[] {
    this.record('getKeys');
    return Object.keys(this.store.read());
  }

  setProperty(key: string, value: string): GasProperties {
    this.record('setProperty');
    this.write(map => ({...map, ...stringified({[key]: value})}));
    return this.self;
  }

  setProperties(properties: PropertyMap, deleteAllOthers = false) {
    this.record('setProperties');
    const given = stringified(properties);
    this.write(map => (deleteAllOthers ? given : {...map, ...given}));
    return this.self;
  }

  deleteProperty(key: string): GasProperties {
    this.record('deleteProperty');
    this.store.update(map => {
      const next = {...map};
      delete next[String(key)];
      return next;
    });
    return this.self;
  }

  deleteAllProperties(): GasProperties {
    this.record('deleteAllProperties');
    this.store.update(() => ({}));
    return this.self;
  }

  /** Apply a change, refusing it whole if it breaks a quota. */
  private write(change: (map: PropertyMap) => PropertyMap): void {
    this.store.update(map => {
      const next = change(map);
      this.checkQuotas(next);
      return next;
    });
  }

  private checkQuotas(map: PropertyMap): void {
    let total = 0;
    for (const [k, v] of Object.entries(map)) {
      const valueBytes = utf8Bytes(v);
      if (valueBytes > PROPERTY_VALUE_LIMIT_BYTES) {
        throw gasError(this.ctx, VALUE_TOO_LARGE_MESSAGE);
      }
      total += utf8Bytes(k) + valueBytes;
    }
    if (total > PROPERTY_STORE_LIMIT_BYTES) {
      throw gasError(this.ctx, STORE_QUOTA_MESSAGE);
    }
  }
}

/**
 * "The Properties service stores all data as strings ... Data types that are
 * not already strings are automatically converted to strings" (guide).
 */
function stringified(props: Record<string, unknown>): PropertyMap {
  const out: PropertyMap = {};
  for (const [k, v] of Object.entries(props)) out[String(k)] = String(v);
  return out;
}
