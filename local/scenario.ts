/**
 * The scenario runner (SPEC section 7): plays a scenario against the built
 * bundle in a fresh workspace and reports what happened.
 *
 * A fresh workspace is a blank spreadsheet with the add-on installed; the
 * scenario's profile, members, settings and holidays are applied by calling
 * setupTracker first, as the menu would. Each step runs at its `at` time
 * (Europe/London) as its `as` user. Time-driven triggers that a step
 * installed fire as the clock passes them, as Apps Script would run them
 * (set "fireTriggers": false to turn that off).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {formatAt, parseAt} from './clock';
import {ExecutionContext, Workspace} from './core';
import {appsScriptGlobals} from './globals';
import {runExecution} from './loader';
import {buildReport, Report, StepReport} from './report';
import {dueTriggers, markFired, readTriggers} from './services';
import {createSpreadsheet, exportXlsx} from './sheets';

export interface ScenarioStep {
  at?: string;
  as?: string;
  call: string;
  args?: unknown;
}

export interface Scenario {
  profile: string;
  members?: Array<{
    email: string;
    name?: string;
    role: string;
    agency?: string;
    active?: boolean;
  }>;
  settings?: Record<string, unknown>;
  holidays?: Array<string | {date: string; name?: string; status?: string}>;
  mailQuota?: number;
  fireTriggers?: boolean;
  steps: ScenarioStep[];
}

export interface RunOptions {
  /** Default: a new temporary folder. An existing folder is emptied first. */
  workspaceDir?: string;
  bundlePath?: string;
  distDir?: string;
  /** Write the tracker as .xlsx into the workspace at the end. */
  xlsx?: boolean;
  log?: (line: string) => void;
}

/** Handlers Apps Script calls from a time-driven trigger. */
const TRIGGER_HANDLERS = new Set(['runDaily']);

function firstAdmin(s: Scenario): string {
  const admin = s.members?.find(m => m.role === 'admin') ?? s.members?.[0];
  return (admin?.email ?? 'admin@example.org').trim().toLowerCase();
}

/** What a use case returned, as a report step. */
export function toStep(
  call: string,
  at: string,
  run: {result?: unknown; error?: {message: string}},
  calls: number,
): StepReport {
  if (run.error) {
    return {
      call,
      at,
      ok: false,
      result: null,
      errors: [{field: '', rule: '', message: run.error.message}],
      serviceCalls: calls,
    };
  }
  const r = run.result as
    {ok?: unknown; value?: unknown; errors?: unknown} | undefined;
  if (r && typeof r === 'object' && typeof r.ok === 'boolean') {
    return {
      call,
      at,
      ok: r.ok,
      result: r.ok ? (r.value ?? null) : null,
      errors: Array.isArray(r.errors) ? (r.errors as StepReport['errors']) : [],
      serviceCalls: calls,
    };
  }
  return {
    call,
    at,
    ok: true,
    result: r ?? null,
    errors: [],
    serviceCalls: calls,
  };
}

export function runScenario(
  scenario: Scenario,
  options: RunOptions = {},
): Report {
  const dir =
    options.workspaceDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'panel-tracker-'));
  if (options.workspaceDir) fs.rmSync(dir, {recursive: true, force: true});
  const workspace = new Workspace(dir);
  const bundlePath = path.resolve(options.bundlePath ?? 'dist/Code.js');
  const distDir = path.resolve(options.distDir ?? path.dirname(bundlePath));
  const admin = firstAdmin(scenario);
  const sheet = createSpreadsheet(workspace, {
    name: 'Panel Tracker',
    owner: admin,
  });
  workspace.updateState(s => ({
    ...s,
    activeSpreadsheetId: sheet.id,
    mailQuota: scenario.mailQuota ?? 100,
  }));

  let totalCalls = 0;
  const execute = (o: {
    fn: string;
    args: unknown[];
    as: string;
    at: number;
    trigger?: {uid: string; owner: string};
  }) => {
    const run = runExecution({
      workspace,
      bundlePath,
      distDir,
      activeUser: o.trigger ? o.trigger.owner : o.as,
      effectiveUser: o.trigger ? o.trigger.owner : o.as,
      mode: o.trigger ? 'trigger' : 'interactive',
      at: o.at,
      fn: o.fn,
      args: o.args,
      services: (ctx: ExecutionContext) => appsScriptGlobals(ctx),
    });
    totalCalls += run.ctx.calls.total;
    return run;
  };

  const steps = scenario.steps ?? [];
  let clock = steps[0]?.at
    ? parseAt(steps[0].at) - 60_000
    : Date.parse('2026-01-05T08:59:00Z');
  const setupRun = execute({
    fn: 'setupTracker',
    args: [
      {
        profile: scenario.profile,
        members: scenario.members,
        settings: scenario.settings,
        holidays: scenario.holidays,
      },
    ],
    as: admin,
    at: clock,
  });
  const setup = toStep(
    'setupTracker',
    formatAt(clock),
    setupRun,
    setupRun.ctx.calls.total,
  );
  options.log?.(`setup: ${setup.ok ? 'ok' : JSON.stringify(setup.errors)}`);

  const triggerRuns: StepReport[] = [];
  const fireDue = (until: number) => {
    if (scenario.fireTriggers === false) return;
    for (const due of dueTriggers(workspace, clock, until)) {
      const t = due.trigger;
      markFired(workspace, t.uid, due.at);
      const run = execute({
        fn: t.handler,
        args: [{triggerUid: t.uid, authMode: 'FULL'}],
        as: t.owner,
        at: due.at,
        trigger: {uid: t.uid, owner: t.owner},
      });
      triggerRuns.push(
        toStep(t.handler, formatAt(due.at), run, run.ctx.calls.total),
      );
    }
  };

  const reports: StepReport[] = [];
  for (const step of steps) {
    const at = step.at ? parseAt(step.at) : clock + 60_000;
    fireDue(at);
    clock = at;
    const as = (step.as ?? admin).trim().toLowerCase();
    let trigger: {uid: string; owner: string} | undefined;
    if (TRIGGER_HANDLERS.has(step.call) && !step.as) {
      const t = readTriggers(workspace).find(x => x.handler === step.call);
      if (t) trigger = {uid: t.uid, owner: t.owner};
    }
    const args =
      step.args === undefined
        ? trigger
          ? [{triggerUid: trigger.uid}]
          : []
        : [step.args];
    const run = execute({fn: step.call, args, as, at, trigger});
    const report = toStep(step.call, formatAt(at), run, run.ctx.calls.total);
    reports.push(report);
    options.log?.(
      `${report.at} ${step.call} as ${trigger ? trigger.owner : as}: ${report.ok ? 'ok' : JSON.stringify(report.errors)}`,
    );
  }
  const report = buildReport(workspace, sheet.id, {
    setup,
    steps: reports,
    triggerRuns,
    serviceCalls: totalCalls,
  });
  if (options.xlsx) {
    // ExcelJS writes asynchronously; the CLI awaits it (see writeXlsx).
    report.workspace = dir;
  }
  return report;
}

/** Write the tracker as a real .xlsx a person can open. */
export async function writeXlsx(report: Report): Promise<string | undefined> {
  if (!report.workspace || !report.spreadsheetId) return undefined;
  return exportXlsx(new Workspace(report.workspace), report.spreadsheetId);
}
