/**
 * Runs the built bundle (dist/Code.js, the file `clasp push` uploads) in a
 * Node vm context that holds only the Apps Script stand-ins, a console, and
 * a Date whose "now" is the scenario's modelled clock.
 *
 * Apps Script starts every execution afresh: the script's global code runs,
 * then the called function. runExecution does the same in a new context each
 * time (the compiled vm.Script is cached per bundle path and mtime).
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import {
  ExecutionContext,
  ExecutionMode,
  Realm,
  Workspace,
  createContext,
  endExecution,
} from './core';

/** The console the bundle sees: forwards to the host's (or the given) one. */
export type ConsoleLike = Pick<
  Console,
  'log' | 'info' | 'warn' | 'error' | 'debug'
>;

export interface LoadOptions {
  bundlePath: string;
  globals: Record<string, unknown>;
  now: () => number;
  console?: ConsoleLike;
}

export interface LoadedBundle {
  context: vm.Context;
  realm: Realm;
  /** Call a top-level function of the bundle by name. */
  call(fn: string, ...args: unknown[]): unknown;
  /** The bundle's top-level functions (its entry points). */
  exports: string[];
}

export function loadBundle(options: LoadOptions): LoadedBundle {
  const sandbox = createSandbox(options.now, options.console);
  installGlobals(sandbox.context, options.globals);
  return runBundle(sandbox, options.bundlePath);
}

interface Sandbox {
  context: vm.Context;
  realm: Realm;
}

/**
 * A context with nothing but the language built-ins, a forwarding console
 * and a fake Date. The sandbox object has no prototype, so nothing of the
 * host realm is reachable through the global object.
 */
function createSandbox(now: () => number, out?: ConsoleLike): Sandbox {
  const context = vm.createContext(Object.create(null));
  context.console = forwardingConsole(out ?? console);
  installFakeDate(context, now);
  const realm = vm.runInContext('({Date, Error})', context) as Realm;
  return {context, realm};
}

function installGlobals(
  context: vm.Context,
  globals: Record<string, unknown>,
): void {
  for (const [name, value] of Object.entries(globals)) context[name] = value;
}

/**
 * Replace the context's Date with one whose no-argument constructor, Date()
 * and Date.now() read `now()`. Everything else is the context's own Date:
 * parse, UTC, string forms, and the prototype (so instanceof Date holds for
 * every date in the realm).
 */
function installFakeDate(context: vm.Context, now: () => number): void {
  const install = vm.runInContext(
    `(function (now) {
      const RealDate = Date;
      function FakeDate(...args) {
        if (!new.target) return new RealDate(now()).toString();
        return Reflect.construct(RealDate, args.length ? args : [now()], new.target);
      }
      Object.setPrototypeOf(FakeDate, RealDate);
      FakeDate.prototype = RealDate.prototype;
      Object.defineProperty(FakeDate, 'now', {
        value: function now_() { return now(); },
        writable: true,
        configurable: true,
      });
      Object.defineProperty(FakeDate, 'name', {value: 'Date'});
      Object.defineProperty(FakeDate, 'length', {value: 7});
      globalThis.Date = FakeDate;
    })`,
    context,
  ) as (now: () => number) => void;
  install(() => Number(now()));
}

function forwardingConsole(out: ConsoleLike): ConsoleLike {
  return {
    log: (...a: unknown[]) => out.log(...a),
    info: (...a: unknown[]) => out.info(...a),
    warn: (...a: unknown[]) => out.warn(...a),
    error: (...a: unknown[]) => out.error(...a),
    debug: (...a: unknown[]) => out.debug(...a),
  };
}

function runBundle(sandbox: Sandbox, bundlePath: string): LoadedBundle {
  const {context, realm} = sandbox;
  const before = new Set(Object.keys(context));
  compiledBundle(bundlePath).runInContext(context);
  const exports = Object.keys(context).filter(
    name => !before.has(name) && typeof context[name] === 'function',
  );
  return {
    context,
    realm,
    exports,
    call(fn: string, ...args: unknown[]) {
      const f = context[fn];
      if (typeof f !== 'function') {
        throw new Error(`The bundle has no top-level function "${fn}"`);
      }
      return (f as (...a: unknown[]) => unknown)(...args);
    },
  };
}

const scripts = new Map<
  string,
  {mtimeMs: number; size: number; script: vm.Script}
>();

/** The compiled bundle, recompiled only when the file changes. */
function compiledBundle(bundlePath: string): vm.Script {
  const file = path.resolve(bundlePath);
  const stat = fs.statSync(file);
  const cached = scripts.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
    return cached.script;
  }
  const script = new vm.Script(fs.readFileSync(file, 'utf8'), {
    filename: `dist/${path.basename(file)}`,
  });
  scripts.set(file, {mtimeMs: stat.mtimeMs, size: stat.size, script});
  return script;
}

// ---------------------------------------------------------------------------
// One execution
// ---------------------------------------------------------------------------

export interface RunOptions {
  workspace: Workspace;
  bundlePath: string;
  activeUser: string;
  effectiveUser?: string;
  mode?: ExecutionMode;
  /** Defaults as in createContext (the installed tracker, or null for triggers). */
  activeSpreadsheetId?: string | null;
  /** Epoch ms at which the execution starts. */
  at: number;
  fn: string;
  args: unknown[];
  /** The stand-ins, as globals (e.g. createCoreServices plus SpreadsheetApp). */
  services: (ctx: ExecutionContext) => Record<string, unknown>;
  distDir?: string;
  console?: ConsoleLike;
}

export interface RunError {
  name: string;
  message: string;
  stack?: string;
}

export interface RunResult {
  result?: unknown;
  error?: RunError;
  ctx: ExecutionContext;
}

/**
 * Create the execution context, load the bundle with the stand-ins, call
 * the function, and always end the execution (which releases its locks).
 */
export function runExecution(options: RunOptions): RunResult {
  // The bundle's clock is the execution's modelled clock (read only once the
  // bundle runs, after ctx exists).
  const sandbox = createSandbox(() => ctx.now(), options.console);
  const ctx = createContext({
    workspace: options.workspace,
    activeUser: options.activeUser,
    effectiveUser: options.effectiveUser,
    mode: options.mode,
    activeSpreadsheetId: options.activeSpreadsheetId,
    startAt: options.at,
    realm: sandbox.realm,
    distDir: options.distDir,
  });
  try {
    installGlobals(sandbox.context, options.services(ctx));
    const bundle = runBundle(sandbox, options.bundlePath);
    return {result: bundle.call(options.fn, ...options.args), ctx};
  } catch (e) {
    return {error: errorOf(e), ctx};
  } finally {
    endExecution(ctx);
  }
}

/** An error from either realm (instanceof does not cross realms). */
function errorOf(e: unknown): RunError {
  if (e && typeof e === 'object' && 'message' in e) {
    const err = e as {name?: unknown; message?: unknown; stack?: unknown};
    return {
      name: String(err.name ?? 'Error'),
      message: String(err.message),
      stack: typeof err.stack === 'string' ? err.stack : undefined,
    };
  }
  return {name: 'Error', message: String(e)};
}
