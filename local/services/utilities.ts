/**
 * Utilities stand-in.
 * Reference: https://developers.google.com/apps-script/reference/utilities/utilities
 *
 * Enum members are Apps Script enum objects in the real service; here they
 * are their names as strings (String(Utilities.Charset.UTF_8) is 'UTF_8' in
 * both), cast to the declared enum types.
 */
import crypto from 'node:crypto';
import {ExecutionContext, gasError} from '../core';
import {LocalBlob} from './blob';
import {formatDate} from './format-date';

type U = GoogleAppsScript.Utilities.Utilities;
type Byte = GoogleAppsScript.Byte;
type Charset = GoogleAppsScript.Utilities.Charset;
type DigestAlgorithm = GoogleAppsScript.Utilities.DigestAlgorithm;

export type UtilitiesApi = Pick<
  U,
  | 'Charset'
  | 'DigestAlgorithm'
  | 'formatDate'
  | 'getUuid'
  | 'newBlob'
  | 'base64Encode'
  | 'base64Decode'
  | 'base64EncodeWebSafe'
  | 'base64DecodeWebSafe'
  | 'computeDigest'
  | 'sleep'
  | 'parseCsv'
>;

export const Charset = {
  US_ASCII: 'US_ASCII',
  UTF_8: 'UTF_8',
} as unknown as typeof GoogleAppsScript.Utilities.Charset;

export const DigestAlgorithm = {
  MD2: 'MD2',
  MD5: 'MD5',
  SHA_1: 'SHA_1',
  SHA_256: 'SHA_256',
  SHA_384: 'SHA_384',
  SHA_512: 'SHA_512',
} as unknown as typeof GoogleAppsScript.Utilities.DigestAlgorithm;

const NODE_HASH: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

/** sleep(): "The maximum allowed value is 300000 (or 5 minutes)." */
export const MAX_SLEEP_MS = 300_000;

export function createUtilities(ctx: ExecutionContext): UtilitiesApi {
  const record = (method: string, units = 0) =>
    ctx.calls.record('Utilities', method, units);
  const fail = (e: unknown) =>
    gasError(ctx, e instanceof Error ? e.message : String(e));
  return {
    Charset,
    DigestAlgorithm,

    /** Java SimpleDateFormat pattern in any time zone (format-date.ts). */
    formatDate(date, timeZone, format) {
      record('formatDate');
      try {
        return formatDate(timeOf(date), timeZone, format);
      } catch (e) {
        throw fail(e);
      }
    },

    getUuid() {
      record('getUuid');
      return crypto.randomUUID();
    },

    newBlob(data: Byte[] | string, contentType?: string, name?: string) {
      record('newBlob');
      const blob =
        typeof data === 'string'
          ? LocalBlob.fromString(data, contentType, name)
          : LocalBlob.fromBytes(data, contentType, name);
      return blob as unknown as GoogleAppsScript.Base.Blob;
    },

    base64Encode(data: Byte[] | string, charset?: Charset) {
      record('base64Encode');
      return bytesOf(data, charset).toString('base64');
    },

    base64EncodeWebSafe(data: Byte[] | string, charset?: Charset) {
      record('base64EncodeWebSafe');
      // Web-safe alphabet (- and _) with padding kept, as Apps Script does.
      return bytesOf(data, charset)
        .toString('base64')
        .replace(/\+/g, '-')
        .replace(/\//g, '_');
    },

    base64Decode(encoded: string) {
      record('base64Decode');
      return signed(Buffer.from(String(encoded), 'base64'));
    },

    base64DecodeWebSafe(encoded: string) {
      record('base64DecodeWebSafe');
      return signed(Buffer.from(String(encoded), 'base64url'));
    },

    /** Digest as Java bytes (signed, -128..127). */
    computeDigest(
      algorithm: DigestAlgorithm,
      value: Byte[] | string,
      charset?: Charset,
    ) {
      record('computeDigest');
      const hash = NODE_HASH[String(algorithm)];
      if (!hash) {
        throw gasError(ctx, `local Utilities: ${algorithm} is not modelled`);
      }
      const digest = crypto.createHash(hash).update(bytesOf(value, charset));
      return signed(digest.digest());
    },

    /**
     * Advances the modelled clock by the time slept (the cost model charges
     * Utilities.sleep 1 ms per unit), without sleeping for real. Values over
     * the documented 5-minute maximum are clamped (chosen; the page states
     * the maximum, not the error).
     */
    sleep(milliseconds: number) {
      const ms = Math.min(MAX_SLEEP_MS, Math.max(0, Number(milliseconds) || 0));
      record('sleep', ms);
    },

    parseCsv(csv: string, delimiter?: string) {
      record('parseCsv');
      return parseCsv(String(csv), delimiter ?? ',');
    },
  };
}

/** A Date from any realm (the bundle's Date is not the host's). */
function timeOf(date: unknown): number {
  const t =
    date && typeof (date as Date).getTime === 'function'
      ? (date as Date).getTime()
      : NaN;
  if (Number.isNaN(t)) throw new Error('Invalid argument: date');
  return t;
}

function bytesOf(data: Byte[] | string, charset?: Charset): Buffer {
  if (typeof data === 'string') {
    return Buffer.from(
      data,
      String(charset) === 'US_ASCII' ? 'latin1' : 'utf8',
    );
  }
  return Buffer.from(Uint8Array.from(data, b => b & 0xff));
}

function signed(bytes: Uint8Array): Byte[] {
  return Array.from(bytes, b => (b > 127 ? b - 256 : b));
}

/**
 * RFC 4180 CSV: quoted fields may hold the delimiter, newlines and doubled
 * quotes; CRLF or LF ends a record.
 */
export function parseCsv(csv: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quotedCell = false;
  let i = 0;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  while (i < csv.length) {
    const c = csv[i];
    if (quotedCell) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quotedCell = false;
      else cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') quotedCell = true;
    else if (c === delimiter) endCell();
    else if (c === '\n' || c === '\r') {
      endCell();
      rows.push(row);
      row = [];
      if (c === '\r' && csv[i + 1] === '\n') i++;
    } else cell += c;
    i++;
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}
