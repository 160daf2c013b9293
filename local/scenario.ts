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
import {formatAt, parseAt} from './clock';
import {Workspace} from './core';
import {buildReport, Report, StepReport} from './report';
import {readTriggers} from './services';
import {exportXlsx} from './sheets';
import {CallOutcome, TrackerSession} from './tracker-session';

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
  log?: (line: string) => void;
}

/** Handlers Apps Script calls from a time-driven trigger. */
const TRIGGER_HANDLERS = new Set(['runDaily']);

function firstAdmin(s: Scenario): string {
  const admin = s.members?.find(m => m.role === 'admin') ?? s.members?.[0];
  return (admin?.email ?? 'admin@example.org').trim().toLowerCase();
}

function step(at: number, o: CallOutcome): StepReport {
  return {
    call: o.call,
    at: formatAt(at),
    ok: o.ok,
    result: o.result,
    errors: o.errors,
    serviceCalls: o.serviceCalls,
  };
}

export function runScenario(
  scenario: Scenario,
  options: RunOptions = {},
): Report {
  const admin = firstAdmin(scenario);
  const session = TrackerSession.create({
    dir: options.workspaceDir,
    owner: admin,
    bundlePath: options.bundlePath,
    mailQuota: scenario.mailQuota,
  });
  let totalCalls = 0;
  const call = (
    fn: string,
    args: unknown[],
    o: {as: string; at: number; triggerUid?: string},
  ) => {
    const outcome = session.call(fn, args, o);
    totalCalls += outcome.serviceCalls;
    return outcome;
  };

  const steps = scenario.steps ?? [];
  let clock = steps[0]?.at
    ? parseAt(steps[0].at) - 60_000
    : Date.parse('2026-01-05T08:59:00Z');
  const setupOutcome = call(
    'setupTracker',
    [
      {
        profile: scenario.profile,
        members: scenario.members,
        settings: scenario.settings,
        holidays: scenario.holidays,
      },
    ],
    {as: admin, at: clock},
  );
  const setup = step(clock, setupOutcome);
  options.log?.(`setup: ${setup.ok ? 'ok' : JSON.stringify(setup.errors)}`);

  const triggerRuns: StepReport[] = [];
  const reports: StepReport[] = [];
  for (const s of steps) {
    const at = s.at ? parseAt(s.at) : clock + 60_000;
    if (scenario.fireTriggers !== false) {
      for (const fired of session.fireTriggers(clock, at)) {
        totalCalls += fired.serviceCalls;
        triggerRuns.push(step(fired.at, fired));
      }
    }
    clock = at;
    const as = (s.as ?? admin).trim().toLowerCase();
    let triggerUid: string | undefined;
    if (TRIGGER_HANDLERS.has(s.call) && !s.as) {
      triggerUid = readTriggers(session.workspace).find(
        x => x.handler === s.call,
      )?.uid;
    }
    const args =
      s.args === undefined ? (triggerUid ? [{triggerUid}] : []) : [s.args];
    const report = step(at, call(s.call, args, {as, at, triggerUid}));
    reports.push(report);
    options.log?.(
      `${report.at} ${s.call} as ${as}: ${report.ok ? 'ok' : JSON.stringify(report.errors)}`,
    );
  }
  const report = buildReport(session.workspace, session.spreadsheetId, {
    setup,
    steps: reports,
    triggerRuns,
    serviceCalls: totalCalls,
  });
  report.workspace = session.workspace.dir;
  return report;
}

/** Write the tracker as a real .xlsx a person can open. */
export async function writeXlsx(report: Report): Promise<string | undefined> {
  if (!report.workspace || !report.spreadsheetId) return undefined;
  return exportXlsx(new Workspace(report.workspace), report.spreadsheetId);
}
