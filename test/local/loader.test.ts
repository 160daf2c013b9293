import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import {Workspace} from '../../local/core';
import {loadBundle, runExecution} from '../../local/loader';
import {createCoreServices, loggedLines} from '../../local/services';

/** A tiny stand-in for dist/Code.js: an IIFE plus top-level entry points. */
const FIXTURE = `
var __app = (function () {
  var state = {loaded: new Date().toISOString()};
  return {
    whoAmI: function () {
      return Session.getActiveUser().getEmail() + ' ' + new Date().toISOString();
    },
    clock: function () {
      var d = new Date();
      return {
        iso: d.toISOString(),
        now: Date.now(),
        parsed: new Date('2020-01-02T03:04:05Z').toISOString(),
        utc: Date.UTC(2020, 0, 1),
        isDate: d instanceof Date,
        called: typeof Date(),
        loaded: state.loaded,
      };
    },
    globals: function () {
      return Object.getOwnPropertyNames(globalThis);
    },
    probe: function () {
      return {
        require: typeof require,
        process: typeof process,
        Buffer: typeof Buffer,
        setTimeout: typeof setTimeout,
        fetch: typeof fetch,
        viaConstructor: (function () {
          try { return typeof globalThis.constructor.constructor('return process')(); }
          catch (e) { return e.name; }
        })(),
      };
    },
    fail: function () {
      var props = PropertiesService.getDocumentProperties();
      return props.getProperty('x');
    },
    boom: function (what) { throw new Error('boom: ' + what); },
    holdLock: function () {
      LockService.getDocumentLock().waitLock(1000);
      Utilities.sleep(2000);
      return LockService.getDocumentLock().hasLock();
    },
    sum: function (a, b) { return {total: a.n + b.n, list: [a.n, b.n]}; },
    say: function (m) { console.log('said', m); Logger.log('logged %s', m); },
  };
})();
function whoAmI(...a) { return __app.whoAmI(...a); }
function clock(...a) { return __app.clock(...a); }
function globals(...a) { return __app.globals(...a); }
function probe(...a) { return __app.probe(...a); }
function fail(...a) { return __app.fail(...a); }
function boom(...a) { return __app.boom(...a); }
function holdLock(...a) { return __app.holdLock(...a); }
function sum(...a) { return __app.sum(...a); }
function say(...a) { return __app.say(...a); }
`;

const AT = Date.parse('2026-01-05T09:00:00Z');

describe('loader', () => {
  let dir: string;
  let bundlePath: string;
  let ws: Workspace;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-loader-'));
    bundlePath = path.join(dir, 'Code.js');
    fs.writeFileSync(bundlePath, FIXTURE);
  });
  beforeEach(() => {
    ws = new Workspace(fs.mkdtempSync(path.join(dir, 'ws-')));
    ws.updateState(s => ({...s, activeSpreadsheetId: 'tracker-1'}));
  });

  const run = (fn: string, args: unknown[] = [], extra = {}) =>
    runExecution({
      workspace: ws,
      bundlePath,
      activeUser: 'sw@example.org',
      at: AT,
      fn,
      args,
      services: ctx => createCoreServices(ctx),
      ...extra,
    });

  it('calls a top-level function with the stand-ins as globals', () => {
    const r = run('whoAmI');
    expect(r.error).toBeUndefined();
    expect(r.result).toMatch(/^sw@example\.org 2026-01-05T09:00:0\d\.\d{3}Z$/);
    expect(r.ctx.calls.count('Session')).toBe(2); // getActiveUser, getEmail
  });

  it("gives the bundle the scenario's clock and an otherwise normal Date", () => {
    const r = run('clock');
    const c = r.result as Record<string, unknown>;
    expect(Date.parse(c.iso as string)).toBeGreaterThanOrEqual(AT);
    expect(Date.parse(c.iso as string)).toBeLessThan(AT + 1000);
    expect(c.now).toBeGreaterThanOrEqual(AT);
    expect(c.loaded).toBe(new Date(AT).toISOString());
    expect(c.parsed).toBe('2020-01-02T03:04:05.000Z');
    expect(c.utc).toBe(Date.UTC(2020, 0, 1));
    expect(c.isDate).toBe(true);
    expect(c.called).toBe('string');
  });

  it('holds only the allowed globals', () => {
    const builtins = new Set(
      vm.runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[],
    );
    const names = (run('globals').result as string[]).filter(
      n => !builtins.has(n),
    );
    expect(names.sort()).toEqual(
      [
        'CacheService',
        'HtmlService',
        'LockService',
        'Logger',
        'MailApp',
        'PropertiesService',
        'ScriptApp',
        'Session',
        'Utilities',
        '__app',
        'boom',
        'clock',
        'fail',
        'globals',
        'holdLock',
        'probe',
        'say',
        'sum',
        'whoAmI',
      ].sort(),
    );
    expect(run('probe').result).toEqual({
      require: 'undefined',
      process: 'undefined',
      Buffer: 'undefined',
      setTimeout: 'undefined',
      fetch: 'undefined',
      viaConstructor: 'ReferenceError', // the context's own Function
    });
  });

  it('returns a thrown error with its message, and a service exception', () => {
    const r = run('boom', ['bad input']);
    expect(r.result).toBeUndefined();
    expect(r.error).toMatchObject({name: 'Error', message: 'boom: bad input'});
    expect(r.error!.stack).toContain('dist/Code.js');

    const t = run('fail', [], {mode: 'trigger', activeUser: ''});
    expect(t.error!.name).toBe('TypeError'); // getDocumentProperties() is null
  });

  it('forwards console output and keeps Logger lines per execution', () => {
    const seen: unknown[][] = [];
    const out = {...console, log: (...a: unknown[]) => seen.push(a)};
    const r = run('say', ['hello'], {console: out});
    expect(seen).toEqual([['said', 'hello']]);
    expect(loggedLines(r.ctx)).toEqual(['logged hello']);
  });

  it('passes arguments in and plain values out', () => {
    expect(run('sum', [{n: 2}, {n: 3}]).result).toEqual({
      total: 5,
      list: [2, 3],
    });
  });

  it('releases the lock at the end of the execution and advances the clock', () => {
    const r = run('holdLock');
    expect(r.result).toBe(true);
    expect(r.ctx.now() - AT).toBeGreaterThanOrEqual(2000);
    expect(
      fs.readdirSync(ws.path('locks')).filter(f => f.endsWith('.lock')),
    ).toEqual([]);
    expect(run('holdLock').result).toBe(true);
  });

  it('loadBundle lists the entry points and calls them', () => {
    const bundle = loadBundle({
      bundlePath,
      globals: {Session: {getActiveUser: () => ({getEmail: () => 'x@y.org'})}},
      now: () => AT,
    });
    expect(bundle.exports.sort()).toEqual(
      [
        'boom',
        'clock',
        'fail',
        'globals',
        'holdLock',
        'probe',
        'say',
        'sum',
        'whoAmI',
      ].sort(),
    );
    expect(bundle.call('whoAmI')).toBe('x@y.org 2026-01-05T09:00:00.000Z');
    const realmDate = new bundle.realm.Date(0);
    expect(realmDate instanceof Date).toBe(false); // the bundle's own realm
    expect(vm.runInContext('Date.now()', bundle.context)).toBe(AT);
    expect(() => bundle.call('nope')).toThrow('no top-level function "nope"');
  });
});
