/**
 * The local workspace's shared base: the execution context every stand-in
 * receives, the one service-call counter, the modelled Apps Script clock, and
 * the file primitives that make a workspace folder live and shared between
 * processes (atomic JSON writes, a cross-process mutex, synchronous sleep).
 *
 * Apps Script's services are synchronous, so everything here is synchronous.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {modelledCostMs} from './cost-model';

/** How the script was started: a person in the document, or a time trigger. */
export type ExecutionMode = 'interactive' | 'trigger';

/** The vm realm's constructors, so values handed to the bundle are its own. */
export interface Realm {
  Date: DateConstructor;
  Error: ErrorConstructor;
}

/**
 * An exception as Apps Script's V8 runtime raises it from a service: an Error
 * named "Exception" (printed "Exception: <message>"), created in the bundle's
 * realm so `e instanceof Error` holds there.
 */
export function gasError(
  ctx: ExecutionContext,
  message: string,
  name = 'Exception',
): Error {
  const e = new ctx.realm.Error(message);
  e.name = name;
  return e;
}

export interface ExecutionContext {
  readonly workspace: Workspace;
  readonly executionId: string;
  /**
   * The person running the script. Empty string where Apps Script hides it.
   * https://developers.google.com/apps-script/reference/base/session#getActiveUser()
   */
  readonly activeUser: string;
  /** Whose authority the script runs under (the trigger owner for triggers). */
  readonly effectiveUser: string;
  readonly mode: ExecutionMode;
  /**
   * The document the add-on runs in; null in a time-driven run, which has no
   * current document (SPEC S6, A4).
   */
  readonly activeSpreadsheetId: string | null;
  readonly calls: CallCounter;
  readonly realm: Realm;
  /** The scenario clock: start time plus the modelled time spent so far. */
  now(): number;
  /** Advance the modelled clock (Utilities.sleep, lock waits). */
  advance(ms: number): void;
  /** Run at the end of the execution (locks are released, as Apps Script does). */
  onEnd(fn: () => void): void;
  /** What the script showed a person: menus, sidebars, dialogs, alerts, toasts. */
  readonly ui: UiEvent[];
  /** The folder holding the built add-on (dist/), for HtmlService files. */
  readonly distDir: string;
}

/** Something Ui or HtmlService showed; the local app renders these. */
export type UiEvent =
  | {
      kind: 'menu';
      title: string;
      items: Array<{caption: string; functionName: string} | {separator: true}>;
    }
  | {kind: 'sidebar'; title: string; html: string; width: number}
  | {
      kind: 'dialog';
      title: string;
      html: string;
      width: number;
      height: number;
      modal: boolean;
    }
  | {kind: 'alert'; title: string; message: string}
  | {kind: 'toast'; title: string; message: string};

/** Counts every stand-in call by service and method; models its time. */
export class CallCounter {
  private readonly counts = new Map<string, number>();
  private modelledMs = 0;

  constructor(private readonly onCall?: (ms: number) => void) {}

  /** Record one call, e.g. record('SpreadsheetApp', 'Range.getValues', cells). */
  record(service: string, method: string, units = 0): void {
    const key = `${service}.${method}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const ms = modelledCostMs(service, method, units);
    this.modelledMs += ms;
    this.onCall?.(ms);
  }

  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  get modelledTimeMs(): number {
    return this.modelledMs;
  }

  byMethod(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort());
  }

  count(service: string, method?: string): number {
    let n = 0;
    for (const [k, v] of this.counts) {
      if (method ? k === `${service}.${method}` : k.startsWith(`${service}.`)) {
        n += v;
      }
    }
    return n;
  }
}

/** The folder a workspace lives in, and where each service keeps its state. */
export class Workspace {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    for (const sub of Workspace.folders) {
      fs.mkdirSync(path.join(this.dir, sub), {recursive: true});
    }
  }

  static readonly folders = [
    'spreadsheets',
    'properties',
    'cache',
    'locks',
    'mail',
    'drive',
    'triggers',
  ] as const;

  path(folder: (typeof Workspace.folders)[number], ...parts: string[]): string {
    return path.join(this.dir, folder, ...parts);
  }

  /** Workspace-wide settings (the installed tracker's id, the mail quota). */
  readState(): WorkspaceState {
    return readJson<WorkspaceState>(path.join(this.dir, 'state.json'), {});
  }

  updateState(change: (s: WorkspaceState) => WorkspaceState): WorkspaceState {
    const file = path.join(this.dir, 'state.json');
    return withFileMutex(`${file}.mutex`, () => {
      const next = change(readJson<WorkspaceState>(file, {}));
      writeJsonAtomic(file, next);
      return next;
    });
  }
}

export interface WorkspaceState {
  /** The spreadsheet the add-on is installed in (the tracker). */
  activeSpreadsheetId?: string;
  /** MailApp's daily recipient quota for this workspace (default 100). */
  mailQuota?: number;
  [key: string]: unknown;
}

export interface ContextOptions {
  workspace: Workspace;
  activeUser: string;
  effectiveUser?: string;
  mode?: ExecutionMode;
  /** Defaults to the workspace's installed tracker in interactive mode. */
  activeSpreadsheetId?: string | null;
  /** Epoch ms at which the execution starts. */
  startAt: number;
  realm?: Realm;
  /** Defaults to <cwd>/dist. */
  distDir?: string;
}

export function createContext(options: ContextOptions): ExecutionContext {
  const mode = options.mode ?? 'interactive';
  const activeSpreadsheetId =
    mode === 'trigger'
      ? null
      : options.activeSpreadsheetId !== undefined
        ? options.activeSpreadsheetId
        : (options.workspace.readState().activeSpreadsheetId ?? null);
  let elapsed = 0;
  const endHooks: Array<() => void> = [];
  const calls = new CallCounter(ms => {
    elapsed += ms;
  });
  return {
    workspace: options.workspace,
    executionId: crypto.randomUUID(),
    activeUser: options.activeUser,
    effectiveUser: options.effectiveUser ?? options.activeUser,
    mode,
    activeSpreadsheetId,
    calls,
    realm: options.realm ?? {Date, Error},
    now: () => options.startAt + elapsed,
    advance: (ms: number) => {
      elapsed += Math.max(0, ms);
    },
    onEnd: fn => {
      endHooks.push(fn);
    },
    ui: [],
    distDir: options.distDir ?? path.resolve('dist'),
    // Not part of the interface: the loader calls endExecution(ctx).
    ...({endHooks} as object),
  } as ExecutionContext;
}

/** Run the end-of-execution hooks (release locks, persist). */
export function endExecution(ctx: ExecutionContext): void {
  const hooks = (ctx as unknown as {endHooks: Array<() => void>}).endHooks;
  while (hooks.length > 0) {
    const fn = hooks.shift()!;
    try {
      fn();
    } catch (e) {
      console.error('end-of-execution hook failed:', e);
    }
  }
}

// ---------------------------------------------------------------------------
// File primitives
// ---------------------------------------------------------------------------

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Block the thread for real (Apps Script's APIs are synchronous). */
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

export function readJson<T>(file: string, fallback: T): T {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw e;
  }
}

/**
 * Write JSON so that a reader, or a process killed mid-way, sees either the
 * old file or the new one, never half of it: write a temporary file, fsync,
 * rename over the target.
 */
export function writeJsonAtomic(file: string, data: unknown): void {
  writeFileAtomic(file, JSON.stringify(data));
}

export function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
): void {
  fs.mkdirSync(path.dirname(file), {recursive: true});
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(
      fd,
      typeof content === 'string' ? Buffer.from(content) : content,
    );
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/**
 * A short cross-process critical section (milliseconds, not a user-level
 * lock): an exclusive lock file holding the owner's pid. A lock file whose
 * process is gone, or older than `staleMs`, is taken over, so a process
 * killed inside the section does not wedge the workspace.
 */
export function withFileMutex<T>(
  lockFile: string,
  fn: () => T,
  timeoutMs = 30_000,
  staleMs = 10_000,
): T {
  fs.mkdirSync(path.dirname(lockFile), {recursive: true});
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, `${process.pid} ${Date.now()}`);
      fs.closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (isStaleLock(lockFile, staleMs)) {
        try {
          fs.unlinkSync(lockFile);
        } catch {
          // another process removed it first
        }
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`local workspace: timed out waiting for ${lockFile}`);
      }
      sleepSync(delay);
      delay = Math.min(delay * 2, 20);
    }
  }
  try {
    return fn();
  } finally {
    try {
      fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  }
}

function isStaleLock(lockFile: string, staleMs: number): boolean {
  let text: string;
  let mtime: number;
  try {
    text = fs.readFileSync(lockFile, 'utf8');
    mtime = fs.statSync(lockFile).mtimeMs;
  } catch {
    return false;
  }
  const pid = Number(text.split(' ')[0]);
  if (pid && !processAlive(pid)) return true;
  return Date.now() - mtime > staleMs;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A stable random id of the given length, for spreadsheets, files, triggers. */
export function newId(length = 44): string {
  const alphabet =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bytes = crypto.randomBytes(length);
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[bytes[i] % alphabet.length];
  return s;
}
