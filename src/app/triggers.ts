/**
 * A4: the daily trigger is installed and removed from the menu. An editor
 * add-on gets one time-driven trigger per user per document, so one daily
 * run does all time-driven work; installing twice leaves one. The Health tab
 * shows who owns it (A5) — add-on triggers send their owner no failure mail.
 */
import {addDays, formatLongDate, IsoDate} from '../domain/calendar';
import {fail, Result} from '../domain/result';
import {emptyPlan, Triggers} from '../ports';
import {Deps, londonNow, readUseCase, requireRole, Tables} from './kit';

export const DAILY_HANDLER = 'runDaily';

export interface TriggerResult {
  installed: boolean;
  owner: string;
  hour: number;
  nextRun: string | null;
  message: string;
}

/** The next time the daily trigger fires: today at the hour if still ahead, else tomorrow. */
export function nextRunAt(
  today: IsoDate,
  nowIso: string,
  hour: number,
): string {
  const at = `${String(hour).padStart(2, '0')}:00`;
  const date = nowIso.slice(11, 16) < at ? today : addDays(today, 1);
  return `${date}T${at}`;
}

function writeHealth(deps: Deps, values: Record<string, string>): void {
  const tables = new Tables(deps.tracker.read(['Health']));
  const plan = emptyPlan();
  for (const [key, value] of Object.entries(values)) {
    const hit = tables.first<{key: string}>('Health', r => r.key === key);
    if (hit)
      plan.updates.push({
        tab: 'Health',
        rowNumber: hit.rowNumber,
        values: {value},
      });
    else plan.appends.push({tab: 'Health', rows: [{key, value}]});
  }
  deps.tracker.commit(plan, londonNow(deps.clock).nowIso);
}

export function installTriggers(
  deps: Deps & {triggers: Triggers},
): Result<TriggerResult> {
  const checked = readUseCase(deps, [], (_t, env) => {
    const allowed = requireRole(env, ['admin'], 'install the daily reminders');
    return allowed.length ? fail(allowed) : {ok: true, value: env};
  });
  if (!checked.ok) return checked;
  const env = checked.value;
  return deps.lock.run(() => {
    for (const t of deps.triggers
      .list()
      .filter(x => x.handler === DAILY_HANDLER))
      deps.triggers.remove(t.uid);
    const hour = env.profile.dailyRunHour;
    const trigger = deps.triggers.installDaily(DAILY_HANDLER, hour);
    const nextRun = nextRunAt(env.today, env.nowIso, hour);
    writeHealth(deps, {
      triggerOwner: trigger.owner,
      triggerHour: String(hour),
      nextRun,
    });
    return {
      ok: true,
      value: {
        installed: true,
        owner: trigger.owner,
        hour,
        nextRun,
        message: `Daily reminders are on: they run every day between ${hour}:00 and ${hour + 1}:00 as ${trigger.owner}, first on ${formatLongDate(nextRun.slice(0, 10))}.`,
      },
    };
  });
}

export function removeTriggers(
  deps: Deps & {triggers: Triggers},
): Result<TriggerResult> {
  const checked = readUseCase(deps, [], (_t, env) => {
    const allowed = requireRole(env, ['admin'], 'remove the daily reminders');
    return allowed.length ? fail(allowed) : {ok: true, value: env};
  });
  if (!checked.ok) return checked;
  return deps.lock.run(() => {
    const mine = deps.triggers.list().filter(x => x.handler === DAILY_HANDLER);
    for (const t of mine) deps.triggers.remove(t.uid);
    if (mine.length) writeHealth(deps, {triggerOwner: '', nextRun: ''});
    return {
      ok: true,
      value: {
        installed: false,
        owner: '',
        hour: checked.value.profile.dailyRunHour,
        nextRun: null,
        message: mine.length
          ? 'Daily reminders are off: your daily trigger for this tracker was removed.'
          : 'You had no daily trigger for this tracker.',
      },
    };
  });
}
