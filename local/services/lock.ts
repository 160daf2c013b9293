/**
 * LockService stand-in whose locks really exclude across OS processes that
 * share the workspace folder.
 *
 * Reference pages:
 *  - https://developers.google.com/apps-script/reference/lock/lock-service
 *  - https://developers.google.com/apps-script/reference/lock/lock
 *  - https://developers.google.com/apps-script/guides/services/quotas
 *    (script runtime 6 min / execution)
 *
 * A held lock is a file <workspace>/locks/<scope>.lock holding the owner's
 * executionId, pid, thread and expiry. It is created with an exclusive
 * create (open 'wx') inside withFileMutex, so the read-modify-write of
 * "is it free? take it" is atomic across processes.
 */
import fs from 'node:fs';
import {threadId} from 'node:worker_threads';
import {
  ExecutionContext,
  gasError,
  processAlive,
  sleepSync,
  withFileMutex,
} from '../core';
import {safeFileName} from './store';

type GasLock = GoogleAppsScript.Lock.Lock;

/**
 * getDocumentLock() returns null where there is no containing document
 * ("If this method is called outside of the context of a containing
 * document ... null is returned", lock-service reference). A time-driven run
 * of an editor add-on has no current document (SPEC S6), so it is null there.
 */
export type LockServiceApi = Omit<
  Pick<
    GoogleAppsScript.Lock.LockService,
    'getDocumentLock' | 'getScriptLock' | 'getUserLock'
  >,
  'getDocumentLock'
> & {getDocumentLock(): GasLock | null};

/**
 * Lock.waitLock's exception when the timeout passes. Not on the reference
 * page (it only says "timing out with an exception"); this is the message
 * Apps Script users report verbatim, e.g. in public issue trackers and code
 * that matches on it.
 */
export const LOCK_TIMEOUT_MESSAGE =
  'Lock timeout: another process was holding the lock for too long.';

/**
 * Apps Script releases a script's locks when the script ends ("Locks are
 * released automatically when the script terminates", Lock.releaseLock
 * reference), and no execution outlives the 6-minute runtime limit (quotas
 * page, "Script runtime: 6 min / execution"). So a lock older than that is
 * free even if its holder's process is still alive.
 */
export const MAX_HOLD_MS = 6 * 60 * 1000;

interface LockRecord {
  owner: string;
  pid: number;
  threadId: number;
  user: string;
  scope: string;
  acquiredAt: number;
  expiresAt: number;
}

export function createLockService(ctx: ExecutionContext): LockServiceApi {
  const record = (method: string) => ctx.calls.record('LockService', method);
  return {
    getDocumentLock() {
      record('getDocumentLock');
      const doc = ctx.activeSpreadsheetId;
      if (doc === null) return null;
      return newLock(ctx, `document-${safeFileName(doc)}`);
    },
    getScriptLock() {
      record('getScriptLock');
      return newLock(ctx, 'script');
    },
    getUserLock() {
      record('getUserLock');
      // "prevents the current user from concurrently running a section of
      // code": keyed by the user the script runs as.
      return newLock(ctx, `user-${safeFileName(ctx.effectiveUser)}`);
    },
  };
}

function newLock(ctx: ExecutionContext, scope: string): GasLock {
  return new FileLock(ctx, scope) as unknown as GasLock;
}

/** Outcome of one attempt to take the lock file. */
type Attempt = {taken: true} | {taken: false; holder: LockRecord};

export class FileLock implements GasLock {
  private readonly file: string;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly scope: string,
  ) {
    this.file = ctx.workspace.path('locks', `${scope}.lock`);
  }

  /**
   * "Returns true if the lock was acquired. This method will return false if
   * tryLock(timeoutInMillis) or waitLock(timeoutInMillis) were never called,
   * timed out before the lock could be retrieved, or if releaseLock() was
   * called." (Lock reference)
   */
  hasLock(): boolean {
    this.ctx.calls.record('LockService', 'Lock.hasLock');
    return this.heldByMe();
  }

  /** "This method has no effect if the lock has not been acquired." */
  releaseLock(): void {
    this.ctx.calls.record('LockService', 'Lock.releaseLock');
    this.release();
  }

  /** "Returns true if the lock was acquired, false otherwise." */
  tryLock(timeoutInMillis: number): boolean {
    this.ctx.calls.record('LockService', 'Lock.tryLock');
    return this.acquire(timeoutInMillis);
  }

  /** Throws LOCK_TIMEOUT_MESSAGE if the lock was not acquired in time. */
  waitLock(timeoutInMillis: number): void {
    this.ctx.calls.record('LockService', 'Lock.waitLock');
    if (!this.acquire(timeoutInMillis)) {
      throw gasError(this.ctx, LOCK_TIMEOUT_MESSAGE);
    }
  }

  /**
   * Poll for the lock until the timeout (real time, since the other holder
   * is a real process), advancing the modelled clock by the time waited.
   */
  private acquire(timeoutMs: number): boolean {
    const timeout = Math.max(0, Number(timeoutMs) || 0);
    const start = Date.now();
    let delay = 2;
    for (;;) {
      const attempt = this.attempt();
      const waited = Date.now() - start;
      if (attempt.taken) {
        this.ctx.advance(waited);
        return true;
      }
      if (isThisThread(attempt.holder)) {
        // Another execution in this very thread holds it (interleaved
        // executions in one process). It cannot release while we block, so
        // waiting for real is pointless: model the full wait and give up.
        this.ctx.advance(timeout);
        return false;
      }
      if (waited >= timeout) {
        this.ctx.advance(waited);
        return false;
      }
      sleepSync(Math.min(delay, timeout - waited));
      delay = Math.min(delay * 2, 25);
    }
  }

  /** One atomic look-and-take under the short file mutex. */
  private attempt(): Attempt {
    return withFileMutex(`${this.file}.mutex`, () => {
      const current = readLockRecord(this.file);
      if (current && current.owner === this.ctx.executionId) {
        return {taken: true}; // re-entrant within one execution
      }
      if (current && isLive(current)) return {taken: false, holder: current};
      if (current || fs.existsSync(this.file)) removeFile(this.file);
      this.createLockFile();
      return {taken: true};
    });
  }

  private createLockFile(): void {
    const now = Date.now();
    const rec: LockRecord = {
      owner: this.ctx.executionId,
      pid: process.pid,
      threadId,
      user: this.ctx.effectiveUser,
      scope: this.scope,
      acquiredAt: now,
      expiresAt: now + MAX_HOLD_MS,
    };
    // 'wx': fails if the file exists, so two takers can never both win.
    const fd = fs.openSync(this.file, 'wx');
    try {
      fs.writeSync(fd, JSON.stringify(rec));
    } finally {
      fs.closeSync(fd);
    }
    this.releaseAtEnd();
  }

  private releaseAtEnd(): void {
    const registered = endHooksRegistered(this.ctx);
    if (registered.has(this.file)) return;
    registered.add(this.file);
    this.ctx.onEnd(() => {
      registered.delete(this.file);
      this.release();
    });
  }

  private heldByMe(): boolean {
    const current = readLockRecord(this.file);
    return (
      current !== null &&
      current.owner === this.ctx.executionId &&
      Date.now() < current.expiresAt
    );
  }

  private release(): void {
    withFileMutex(`${this.file}.mutex`, () => {
      const current = readLockRecord(this.file);
      if (current && current.owner === this.ctx.executionId) {
        removeFile(this.file);
      }
    });
  }
}

/** Lock files this execution will release at its end (one hook per file). */
const hooksByContext = new WeakMap<ExecutionContext, Set<string>>();

function endHooksRegistered(ctx: ExecutionContext): Set<string> {
  let set = hooksByContext.get(ctx);
  if (!set) {
    set = new Set();
    hooksByContext.set(ctx, set);
  }
  return set;
}

/** A holder is live while its process runs and its execution could. */
function isLive(rec: LockRecord): boolean {
  return processAlive(rec.pid) && Date.now() < rec.expiresAt;
}

function isThisThread(rec: LockRecord): boolean {
  return rec.pid === process.pid && rec.threadId === threadId;
}

/** The lock file's record; null if absent or unreadable (a torn write). */
function readLockRecord(file: string): LockRecord | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const rec = JSON.parse(text) as LockRecord;
    return typeof rec.owner === 'string' ? rec : null;
  } catch {
    return null;
  }
}

function removeFile(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // already gone
  }
}
