import {spawn, ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {buildSync} from 'esbuild';
import {Workspace, endExecution} from '../../local/core';
import {
  LOCK_TIMEOUT_MESSAGE,
  MAX_HOLD_MS,
  createLockService,
} from '../../local/services/lock';
import {DOC, newContext, tempWorkspace, thrown} from './services-fixtures';

describe('LockService', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = tempWorkspace();
  });

  it('has no document lock in a time-driven run (SPEC S6)', () => {
    const ctx = newContext(ws, {mode: 'trigger'});
    expect(createLockService(ctx).getDocumentLock()).toBeNull();
    expect(createLockService(ctx).getScriptLock()).not.toBeNull();
  });

  it('excludes a second execution and times out with the platform message', () => {
    const a = newContext(ws);
    const b = newContext(ws, {activeUser: 'other@example.org'});
    const lockA = createLockService(a).getDocumentLock()!;
    lockA.waitLock(1000);
    expect(lockA.hasLock()).toBe(true);

    const lockB = createLockService(b).getDocumentLock()!;
    const before = b.now();
    expect(lockB.tryLock(200)).toBe(false);
    expect(b.now() - before).toBeGreaterThanOrEqual(200); // modelled wait
    const e = thrown(() => lockB.waitLock(100));
    expect(e.message).toBe(LOCK_TIMEOUT_MESSAGE);
    expect(e.name).toBe('Exception');
    expect(lockB.hasLock()).toBe(false);

    lockA.releaseLock();
    expect(lockA.hasLock()).toBe(false);
    expect(lockB.tryLock(0)).toBe(true);
  });

  it('scopes document locks per document and user locks per user', () => {
    const a = newContext(ws);
    const other = newContext(ws, {activeSpreadsheetId: 'another-doc'});
    createLockService(a).getDocumentLock()!.waitLock(10);
    expect(createLockService(other).getDocumentLock()!.tryLock(0)).toBe(true);

    createLockService(a).getUserLock().waitLock(10);
    const sameUser = newContext(ws);
    const otherUser = newContext(ws, {activeUser: 'b@example.org'});
    expect(createLockService(sameUser).getUserLock().tryLock(0)).toBe(false);
    expect(createLockService(otherUser).getUserLock().tryLock(0)).toBe(true);
  });

  it('is re-entrant within one execution', () => {
    const ctx = newContext(ws);
    const service = createLockService(ctx);
    const lock = service.getScriptLock();
    lock.waitLock(10);
    lock.waitLock(10);
    expect(service.getScriptLock().tryLock(0)).toBe(true);
    expect(lock.hasLock()).toBe(true);
  });

  it('releases every lock at the end of the execution', () => {
    const ctx = newContext(ws);
    createLockService(ctx).getDocumentLock()!.waitLock(10);
    createLockService(ctx).getScriptLock().waitLock(10);
    endExecution(ctx);
    expect(
      fs.readdirSync(ws.path('locks')).filter(f => f.endsWith('.lock')),
    ).toEqual([]);
    const next = newContext(ws);
    expect(createLockService(next).getDocumentLock()!.tryLock(0)).toBe(true);
  });

  it('frees a lock held past the 6-minute execution limit', () => {
    const file = ws.path('locks', 'script.lock');
    const now = Date.now();
    fs.writeFileSync(
      file,
      JSON.stringify({
        owner: 'a-long-dead-execution',
        pid: process.pid, // alive, so only the expiry frees it
        threadId: -1,
        user: 'x@example.org',
        scope: 'script',
        acquiredAt: now - MAX_HOLD_MS - 1000,
        expiresAt: now - 1000,
      }),
    );
    const ctx = newContext(ws);
    expect(createLockService(ctx).getScriptLock().tryLock(0)).toBe(true);
  });
});

describe('LockService across OS processes', () => {
  let dir: string;
  let child: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-lock-procs-'));
    child = buildChild(dir);
  });

  it('gives every increment of a shared counter to exactly one process', async () => {
    const ws = new Workspace(path.join(dir, 'ws-count'));
    const counter = path.join(dir, 'counter.txt');
    fs.writeFileSync(counter, '0');
    const processes = 4;
    const each = 15;
    const codes = await Promise.all(
      Array.from({length: processes}, () =>
        exited(runChild(child, [ws.dir, counter, String(each), 'count'])),
      ),
    );
    expect(codes).toEqual(Array(processes).fill(0));
    expect(Number(fs.readFileSync(counter, 'utf8'))).toBe(processes * each);
  });

  it('hands the lock of a SIGKILLed holder to the next waiter', async () => {
    const ws = new Workspace(path.join(dir, 'ws-kill'));
    const signal = path.join(dir, 'held.txt');
    const holder = runChild(child, [ws.dir, signal, '1', 'hold']);
    await waitFor(() => fs.existsSync(signal), 20_000);

    const ctx = newContext(ws, {activeSpreadsheetId: DOC});
    const lock = createLockService(ctx).getDocumentLock()!;
    expect(lock.tryLock(100)).toBe(false);

    holder.kill('SIGKILL');
    await exited(holder);
    expect(lock.tryLock(5000)).toBe(true);
    endExecution(ctx);
  });
});

/**
 * Bundle a small child script (TypeScript cannot run directly in node 20):
 * "count" takes the document lock N times, each time reading the counter,
 * sleeping and writing counter+1; "hold" takes it, signals, and sleeps.
 */
function buildChild(dir: string): string {
  const local = path.resolve(__dirname, '../../local');
  const entry = path.join(dir, 'child.ts');
  fs.writeFileSync(
    entry,
    `
import fs from 'node:fs';
import {Workspace, createContext, endExecution, sleepSync} from ${JSON.stringify(path.join(local, 'core'))};
import {createLockService} from ${JSON.stringify(path.join(local, 'services/lock'))};

const [dir, file, n, mode] = process.argv.slice(2);
const workspace = new Workspace(dir);
const context = () => createContext({
  workspace, activeUser: 'child-' + process.pid + '@example.org',
  activeSpreadsheetId: ${JSON.stringify(DOC)}, startAt: Date.now(),
});
if (mode === 'hold') {
  const ctx = context();
  createLockService(ctx).getDocumentLock()!.waitLock(10000);
  fs.writeFileSync(file, 'held');
  sleepSync(120000);
} else {
  for (let i = 0; i < Number(n); i++) {
    const ctx = context();
    const lock = createLockService(ctx).getDocumentLock()!;
    lock.waitLock(30000);
    const value = Number(fs.readFileSync(file, 'utf8'));
    sleepSync(1 + Math.floor(Math.random() * 3));
    fs.writeFileSync(file, String(value + 1));
    lock.releaseLock();
    endExecution(ctx);
  }
}
`,
  );
  const outfile = path.join(dir, 'child.mjs');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

function runChild(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function exited(p: ChildProcess): Promise<number | null> {
  return new Promise(resolve => {
    if (p.exitCode !== null || p.signalCode !== null) resolve(p.exitCode);
    else p.on('exit', code => resolve(code));
  });
}

async function waitFor(ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 20));
  }
}
