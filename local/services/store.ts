/**
 * File helpers shared by the file-backed stand-ins (properties, cache,
 * triggers, mail): a readable, collision-free file name for a scope key, and
 * a JSON file that is read fresh on every call (another process may have
 * written it) and changed under a cross-process mutex.
 */
import crypto from 'node:crypto';
import {readJson, withFileMutex, writeJsonAtomic} from '../core';

/**
 * A file-system-safe name for a key such as an email address or a document
 * id: a readable slug plus a short hash, so "a@b.org" and "a_b.org" differ.
 */
export function safeFileName(key: string): string {
  const slug = key.replace(/[^A-Za-z0-9@._-]/g, '_').slice(0, 80);
  const hash = crypto.createHash('sha1').update(key).digest('hex').slice(0, 8);
  return `${slug}-${hash}`;
}

/** One JSON document on disk. */
export class JsonFile<T> {
  constructor(
    readonly file: string,
    private readonly empty: () => T,
  ) {}

  read(): T {
    return readJson<T>(this.file, this.empty());
  }

  /** Read-modify-write under the file's mutex; returns what was written. */
  update(change: (current: T) => T): T {
    return withFileMutex(`${this.file}.mutex`, () => {
      const next = change(this.read());
      writeJsonAtomic(this.file, next);
      return next;
    });
  }
}

/** Size of a string as Apps Script's quotas measure it: UTF-8 bytes. */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
