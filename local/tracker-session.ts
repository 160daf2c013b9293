/**
 * A tracker in a local workspace, driven the way Apps Script drives the
 * add-on: every call runs the built dist/Code.js in a fresh vm execution, as
 * a given person, at a given time. Used by the scenario runner, the local
 * app behind `npm start`, the app tests and the benchmark.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {ExecutionContext, Workspace} from './core';
import {appsScriptGlobals} from './globals';
import {ConsoleLike, runExecution} from './loader';
import {dueTriggers, markFired, readTriggers} from './services';
import {createSpreadsheet, exportXlsx} from './sheets';

export interface CallOutcome {
  call: string;
  ok: boolean;
  result: unknown;
  errors: Array<{field: string; rule: string; message: string}>;
  serviceCalls: number;
  /** Calls by service and method. */
  callsByMethod: Record<string, number>;
  modelledMs: number;
  /** What the call showed a person (menus, sidebars, alerts). */
  ui: ExecutionContext['ui'];
  /** The function's return value exactly as it returned it. */
  returned: unknown;
  /** A thrown exception (a bug or an outage, not a refused input). */
  exception?: {name: string; message: string; stack?: string};
}

export interface CallOptions {
  as: string;
  at: number;
  /** Run as the time-driven trigger with this uid (no active document). */
  triggerUid?: string;
  /** Where the bundle's console goes (default: this process's console). */
  console?: ConsoleLike;
}

/** Map a function's return value onto ok / result / errors. */
export function outcomeOf(
  call: string,
  run: {
    result?: unknown;
    error?: {name: string; message: string; stack?: string};
    ctx: ExecutionContext;
  },
): CallOutcome {
  const base = {
    call,
    serviceCalls: run.ctx.calls.total,
    callsByMethod: run.ctx.calls.byMethod(),
    modelledMs: run.ctx.calls.modelledTimeMs,
    ui: run.ctx.ui,
    returned: run.result,
  };
  if (run.error) {
    return {
      ...base,
      ok: false,
      result: null,
      errors: [{field: '', rule: '', message: run.error.message}],
      exception: run.error,
    };
  }
  const r = run.result as
    {ok?: unknown; value?: unknown; errors?: unknown} | undefined;
  if (r && typeof r === 'object' && typeof r.ok === 'boolean') {
    return {
      ...base,
      ok: r.ok,
      result: r.ok ? (r.value ?? null) : null,
      errors: Array.isArray(r.errors)
        ? (r.errors as CallOutcome['errors'])
        : [],
    };
  }
  return {...base, ok: true, result: r ?? null, errors: []};
}

export class TrackerSession {
  readonly workspace: Workspace;

  private constructor(
    workspace: Workspace,
    readonly spreadsheetId: string,
    readonly bundlePath: string,
    readonly distDir: string,
  ) {
    this.workspace = workspace;
  }

  /** A blank spreadsheet with the add-on installed, in a new or emptied folder. */
  static create(options: {
    dir?: string;
    owner: string;
    bundlePath?: string;
    mailQuota?: number;
    name?: string;
  }): TrackerSession {
    const dir =
      options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'panel-tracker-'));
    if (options.dir) fs.rmSync(dir, {recursive: true, force: true});
    const workspace = new Workspace(dir);
    const sheet = createSpreadsheet(workspace, {
      name: options.name ?? 'Panel Tracker',
      owner: options.owner.toLowerCase(),
    });
    workspace.updateState(s => ({
      ...s,
      activeSpreadsheetId: sheet.id,
      mailQuota: options.mailQuota ?? 100,
    }));
    const bundlePath = path.resolve(options.bundlePath ?? 'dist/Code.js');
    return new TrackerSession(
      workspace,
      sheet.id,
      bundlePath,
      path.dirname(bundlePath),
    );
  }

  /** The tracker of an existing workspace folder. */
  static open(dir: string, bundlePath = 'dist/Code.js'): TrackerSession {
    const workspace = new Workspace(dir);
    const id = workspace.readState().activeSpreadsheetId;
    if (!id) throw new Error(`local workspace ${dir} has no tracker`);
    const bundle = path.resolve(bundlePath);
    return new TrackerSession(workspace, id, bundle, path.dirname(bundle));
  }

  call(fn: string, args: unknown[], options: CallOptions): CallOutcome {
    const owner = options.triggerUid
      ? readTriggers(this.workspace).find(t => t.uid === options.triggerUid)
          ?.owner
      : undefined;
    const user = (owner ?? options.as).toLowerCase();
    const run = runExecution({
      workspace: this.workspace,
      bundlePath: this.bundlePath,
      distDir: this.distDir,
      activeUser: user,
      effectiveUser: user,
      mode: options.triggerUid ? 'trigger' : 'interactive',
      activeSpreadsheetId: options.triggerUid ? null : this.spreadsheetId,
      at: options.at,
      fn,
      args,
      services: (ctx: ExecutionContext) => appsScriptGlobals(ctx),
      console: options.console,
    });
    return outcomeOf(fn, run);
  }

  /**
   * Fire the time-driven triggers due between two instants, as Apps Script
   * would (no active document, the trigger owner as the user).
   */
  fireTriggers(
    fromMs: number,
    toMs: number,
  ): Array<CallOutcome & {at: number}> {
    const out: Array<CallOutcome & {at: number}> = [];
    for (const due of dueTriggers(this.workspace, fromMs, toMs)) {
      markFired(this.workspace, due.trigger.uid, due.at);
      const outcome = this.call(
        due.trigger.handler,
        [{triggerUid: due.trigger.uid, authMode: 'FULL'}],
        {
          as: due.trigger.owner,
          at: due.at,
          triggerUid: due.trigger.uid,
        },
      );
      out.push({...outcome, at: due.at});
    }
    return out;
  }

  exportXlsx(): Promise<string> {
    return exportXlsx(this.workspace, this.spreadsheetId);
  }
}
