/**
 * ScriptApp stand-in: installable triggers of an editor add-on, persisted in
 * <workspace>/triggers/triggers.json, plus helpers (not Apps Script APIs) for
 * the scenario runner and the local app's clock: dueTriggers and markFired.
 *
 * Reference pages:
 *  - https://developers.google.com/apps-script/reference/script/script-app
 *  - https://developers.google.com/apps-script/reference/script/clock-trigger-builder
 *  - https://developers.google.com/apps-script/reference/script/spreadsheet-trigger-builder
 *  - https://developers.google.com/apps-script/reference/script/trigger
 *  - https://developers.google.com/apps-script/guides/triggers/installable
 *    ("An add-on can use a time-driven trigger once per hour at most."; "A
 *    given account cannot see triggers installed from a second account";
 *    a recurring 9 AM trigger fires at a time Apps Script picks between 9
 *    and 10 AM and keeps from day to day)
 *  - https://developers.google.com/workspace/add-ons/concepts/editor-triggers
 *    ("Each add-on can only have one trigger of each type, per user, per
 *    document"; "Add-ons can only create triggers for the file in which the
 *    add-on is used"; time-driven triggers at most hourly)
 *  - https://developers.google.com/apps-script/guides/services/quotas
 *    ("Triggers: 20 / user / script")
 */
import crypto from 'node:crypto';
import {ExecutionContext, Workspace, gasError} from '../core';
import {SCRIPT_TIME_ZONE} from './session';
import {JsonFile} from './store';
import {instantOf, resolveZone, wallClock} from './time-zone';

type S = typeof GoogleAppsScript.Script;
type GasTrigger = GoogleAppsScript.Script.Trigger;
type GasClockBuilder = GoogleAppsScript.Script.ClockTriggerBuilder;
type GasSheetBuilder = GoogleAppsScript.Script.SpreadsheetTriggerBuilder;
type GasTriggerBuilder = GoogleAppsScript.Script.TriggerBuilder;

export type ScriptAppApi = Pick<
  GoogleAppsScript.Script.ScriptApp,
  | 'AuthMode'
  | 'EventType'
  | 'TriggerSource'
  | 'WeekDay'
  | 'newTrigger'
  | 'getProjectTriggers'
  | 'getUserTriggers'
  | 'deleteTrigger'
>;

export const AuthMode = {
  NONE: 'NONE',
  CUSTOM_FUNCTION: 'CUSTOM_FUNCTION',
  LIMITED: 'LIMITED',
  FULL: 'FULL',
} as unknown as S['AuthMode'];

export type EventTypeName =
  'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_FORM_SUBMIT' | 'ON_CHANGE';

export const EventType = {
  CLOCK: 'CLOCK',
  ON_OPEN: 'ON_OPEN',
  ON_EDIT: 'ON_EDIT',
  ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
  ON_CHANGE: 'ON_CHANGE',
  ON_EVENT_UPDATED: 'ON_EVENT_UPDATED',
} as unknown as S['EventType'];

export const TriggerSource = {
  SPREADSHEETS: 'SPREADSHEETS',
  CLOCK: 'CLOCK',
  FORMS: 'FORMS',
  DOCUMENTS: 'DOCUMENTS',
  CALENDAR: 'CALENDAR',
} as unknown as S['TriggerSource'];

const WEEKDAYS = [
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
] as const;

export const WeekDay = Object.fromEntries(
  WEEKDAYS.map(d => [d, d]),
) as unknown as typeof GoogleAppsScript.Base.Weekday;

/** Quotas page: "Triggers 20 / user / script". Message as users report it. */
export const MAX_TRIGGERS_PER_USER = 20;
export const TOO_MANY_TRIGGERS_MESSAGE =
  'This script has too many triggers. Triggers must be deleted from the script before more can be added.';

/**
 * The platform's message for a second time-driven trigger of an add-on in
 * one document for one user, as users report it verbatim. For the other
 * event types the same sentence with the type's name is assumed (chosen;
 * not confirmed).
 */
export function tooManyAddOnTriggersMessage(type: EventTypeName): string {
  const kind: Record<EventTypeName, string> = {
    CLOCK: 'time-based',
    ON_OPEN: 'open',
    ON_EDIT: 'edit',
    ON_CHANGE: 'change',
    ON_FORM_SUBMIT: 'form submit',
  };
  return `This add-on has created too many ${kind[type]} triggers in this document for this Google user account.`;
}

/**
 * Chosen messages (the pages state these rules but not the exceptions):
 * an add-on trigger more frequent than hourly, a trigger for another file,
 * a clock trigger with no schedule, a spreadsheet trigger with no event.
 */
export const ADDON_FREQUENCY_MESSAGE =
  'Add-ons may not create time-based triggers that run more than once per hour.';
export const ADDON_OTHER_FILE_MESSAGE =
  'Add-ons can only create triggers for the file in which the add-on is used.';
export const NO_SCHEDULE_MESSAGE =
  'The trigger has no schedule: call everyDays, everyHours, everyWeeks, at or after before create().';
export const NO_EVENT_MESSAGE =
  'The trigger has no event: call onOpen, onEdit, onChange or onFormSubmit before create().';

export interface Schedule {
  everyMinutes?: number;
  everyHours?: number;
  everyDays?: number;
  everyWeeks?: number;
  onWeekDay?: string;
  atHour?: number;
  nearMinute?: number;
  timezone?: string;
  /** One-shot: epoch ms. */
  at?: number;
  /** One-shot: ms after creation. */
  after?: number;
}

export interface TriggerRecord {
  uid: string;
  handler: string;
  type: EventTypeName;
  source: 'CLOCK' | 'SPREADSHEETS';
  /** The spreadsheet for spreadsheet triggers; null for clock triggers. */
  sourceId: string | null;
  /** The effective user who created it; it runs as them. */
  owner: string;
  /** The document the add-on ran in when the trigger was created. */
  documentId: string | null;
  schedule: Schedule | null;
  createdAt: string;
  lastFiredAt: string | null;
}

interface TriggerFile {
  triggers: TriggerRecord[];
}

function triggerFile(workspace: Workspace): JsonFile<TriggerFile> {
  return new JsonFile(workspace.path('triggers', 'triggers.json'), () => ({
    triggers: [],
  }));
}

/** Every installed trigger, every user (for reports and the local app). */
export function readTriggers(workspace: Workspace): TriggerRecord[] {
  return triggerFile(workspace).read().triggers;
}

export function createScriptApp(ctx: ExecutionContext): ScriptAppApi {
  const record = (method: string) => ctx.calls.record('ScriptApp', method);
  const mine = () =>
    readTriggers(ctx.workspace).filter(t => t.owner === ctx.effectiveUser);
  return {
    AuthMode,
    EventType,
    TriggerSource,
    WeekDay,

    newTrigger(functionName: string) {
      record('newTrigger');
      return new LocalTriggerBuilder(ctx, String(functionName)).self;
    },

    /** "Gets all installable triggers associated with the current project and current user." */
    getProjectTriggers() {
      record('getProjectTriggers');
      return mine().map(t => localTrigger(ctx, t));
    },

    /** The current user's triggers in the given document, this add-on only. */
    getUserTriggers(doc: {getId(): string}) {
      record('getUserTriggers');
      const id = doc.getId();
      return mine()
        .filter(t => t.documentId === id || t.sourceId === id)
        .map(t => localTrigger(ctx, t));
    },

    /** Removes one of the current user's triggers; unknown ids are ignored (chosen). */
    deleteTrigger(trigger: GasTrigger) {
      record('deleteTrigger');
      const uid = trigger.getUniqueId();
      triggerFile(ctx.workspace).update(f => ({
        triggers: f.triggers.filter(
          t => !(t.uid === uid && t.owner === ctx.effectiveUser),
        ),
      }));
    },
  };
}

class LocalTriggerBuilder implements Pick<
  GasTriggerBuilder,
  'timeBased' | 'forSpreadsheet'
> {
  readonly self = this as unknown as GasTriggerBuilder;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly handler: string,
  ) {}

  timeBased(): GasClockBuilder {
    this.ctx.calls.record('ScriptApp', 'TriggerBuilder.timeBased');
    return new LocalClockTriggerBuilder(this.ctx, this.handler).self;
  }

  forSpreadsheet(sheet: string | {getId(): string}): GasSheetBuilder {
    this.ctx.calls.record('ScriptApp', 'TriggerBuilder.forSpreadsheet');
    const id = typeof sheet === 'string' ? sheet : sheet.getId();
    return new LocalSpreadsheetTriggerBuilder(this.ctx, this.handler, id).self;
  }
}

class LocalClockTriggerBuilder implements Pick<
  GasClockBuilder,
  | 'after'
  | 'at'
  | 'atHour'
  | 'create'
  | 'everyDays'
  | 'everyHours'
  | 'everyMinutes'
  | 'everyWeeks'
  | 'inTimezone'
  | 'nearMinute'
  | 'onWeekDay'
> {
  readonly self = this as unknown as GasClockBuilder;
  private readonly schedule: Schedule = {};

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly handler: string,
  ) {}

  private set(method: string, change: Schedule): GasClockBuilder {
    this.ctx.calls.record('ScriptApp', `ClockTriggerBuilder.${method}`);
    Object.assign(this.schedule, change);
    return this.self;
  }

  after(durationMilliseconds: number) {
    return this.set('after', {after: Number(durationMilliseconds)});
  }
  at(date: GoogleAppsScript.Base.Date) {
    return this.set('at', {at: date.getTime()});
  }
  atHour(hour: number) {
    return this.set('atHour', {atHour: Number(hour)});
  }
  everyDays(n: number) {
    return this.set('everyDays', {everyDays: Number(n)});
  }
  everyHours(n: number) {
    return this.set('everyHours', {everyHours: Number(n)});
  }
  everyMinutes(n: number) {
    return this.set('everyMinutes', {everyMinutes: Number(n)});
  }
  everyWeeks(n: number) {
    return this.set('everyWeeks', {everyWeeks: Number(n)});
  }
  inTimezone(timezone: string) {
    return this.set('inTimezone', {timezone: String(timezone)});
  }
  nearMinute(minute: number) {
    return this.set('nearMinute', {nearMinute: Number(minute)});
  }
  onWeekDay(day: GoogleAppsScript.Base.Weekday) {
    return this.set('onWeekDay', {onWeekDay: String(day)});
  }

  create(): GasTrigger {
    this.ctx.calls.record('ScriptApp', 'ClockTriggerBuilder.create');
    checkClockSchedule(this.ctx, this.schedule);
    return installTrigger(this.ctx, {
      handler: this.handler,
      type: 'CLOCK',
      source: 'CLOCK',
      sourceId: null,
      schedule: {...this.schedule},
    });
  }
}

class LocalSpreadsheetTriggerBuilder implements Pick<
  GasSheetBuilder,
  'create' | 'onChange' | 'onEdit' | 'onFormSubmit' | 'onOpen'
> {
  readonly self = this as unknown as GasSheetBuilder;
  private type: EventTypeName | null = null;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly handler: string,
    private readonly spreadsheetId: string,
  ) {}

  private on(method: string, type: EventTypeName): GasSheetBuilder {
    this.ctx.calls.record('ScriptApp', `SpreadsheetTriggerBuilder.${method}`);
    this.type = type;
    return this.self;
  }

  onChange() {
    return this.on('onChange', 'ON_CHANGE');
  }
  onEdit() {
    return this.on('onEdit', 'ON_EDIT');
  }
  onFormSubmit() {
    return this.on('onFormSubmit', 'ON_FORM_SUBMIT');
  }
  onOpen() {
    return this.on('onOpen', 'ON_OPEN');
  }

  create(): GasTrigger {
    this.ctx.calls.record('ScriptApp', 'SpreadsheetTriggerBuilder.create');
    if (this.type === null) throw gasError(this.ctx, NO_EVENT_MESSAGE);
    const active = this.ctx.activeSpreadsheetId;
    if (active !== null && active !== this.spreadsheetId) {
      throw gasError(this.ctx, ADDON_OTHER_FILE_MESSAGE);
    }
    return installTrigger(this.ctx, {
      handler: this.handler,
      type: this.type,
      source: 'SPREADSHEETS',
      sourceId: this.spreadsheetId,
      schedule: null,
    });
  }
}

/** Add-on time triggers: a schedule, and nothing more often than hourly. */
function checkClockSchedule(ctx: ExecutionContext, s: Schedule): void {
  const recurring =
    s.everyMinutes !== undefined ||
    s.everyHours !== undefined ||
    s.everyDays !== undefined ||
    s.everyWeeks !== undefined;
  if (!recurring && s.at === undefined && s.after === undefined) {
    throw gasError(ctx, NO_SCHEDULE_MESSAGE);
  }
  if (s.everyMinutes !== undefined || (s.everyHours ?? 1) < 1) {
    throw gasError(ctx, ADDON_FREQUENCY_MESSAGE);
  }
}

/** Check the per-user and per-document limits, then persist atomically. */
function installTrigger(
  ctx: ExecutionContext,
  spec: Pick<
    TriggerRecord,
    'handler' | 'type' | 'source' | 'sourceId' | 'schedule'
  >,
): GasTrigger {
  const rec: TriggerRecord = {
    uid: newTriggerUid(),
    ...spec,
    owner: ctx.effectiveUser,
    documentId: spec.sourceId ?? ctx.activeSpreadsheetId,
    createdAt: new Date(ctx.now()).toISOString(),
    lastFiredAt: null,
  };
  triggerFile(ctx.workspace).update(f => {
    const own = f.triggers.filter(t => t.owner === rec.owner);
    if (own.length >= MAX_TRIGGERS_PER_USER) {
      throw gasError(ctx, TOO_MANY_TRIGGERS_MESSAGE);
    }
    const sameKind = own.filter(
      t => t.documentId === rec.documentId && t.type === rec.type,
    );
    if (sameKind.length > 0) {
      throw gasError(ctx, tooManyAddOnTriggersMessage(rec.type));
    }
    return {triggers: [...f.triggers, rec]};
  });
  return localTrigger(ctx, rec);
}

/** Apps Script trigger ids are long decimal strings. */
function newTriggerUid(): string {
  let s = String(crypto.randomInt(1, 10));
  for (let i = 0; i < 18; i++) s += String(crypto.randomInt(0, 10));
  return s;
}

/** Trigger: https://developers.google.com/apps-script/reference/script/trigger */
function localTrigger(ctx: ExecutionContext, rec: TriggerRecord): GasTrigger {
  const record = (method: string) =>
    ctx.calls.record('ScriptApp', `Trigger.${method}`);
  return {
    getUniqueId() {
      record('getUniqueId');
      return rec.uid;
    },
    getHandlerFunction() {
      record('getHandlerFunction');
      return rec.handler;
    },
    getEventType() {
      record('getEventType');
      return rec.type as unknown as GoogleAppsScript.Script.EventType;
    },
    getTriggerSource() {
      record('getTriggerSource');
      return rec.source as unknown as GoogleAppsScript.Script.TriggerSource;
    },
    /**
     * "the ID specific to the source (e.g. the spreadsheet id)". Chosen: null
     * for a clock trigger, which has no source document.
     */
    getTriggerSourceId() {
      record('getTriggerSourceId');
      return rec.sourceId as string;
    },
  };
}

// ---------------------------------------------------------------------------
// Clock helpers for the scenario runner and the local app (not Apps Script)
// ---------------------------------------------------------------------------

export interface DueTrigger {
  trigger: TriggerRecord;
  /** When it fires, epoch ms. */
  at: number;
}

/**
 * The time-driven triggers that fire in the clock interval (fromMs, toMs],
 * in firing order. Deterministic: a trigger with atHour(h) fires at minute
 * nearMinute (default 0) of hour h in its time zone (inTimezone, default the
 * script's), every everyDays/everyWeeks days from the first such time after
 * it was created; everyHours(n) fires at that minute every n hours from the
 * first whole hour after creation; one-shot at()/after() triggers fire once.
 */
export function dueTriggers(
  workspace: Workspace,
  fromMs: number,
  toMs: number,
): DueTrigger[] {
  const due: DueTrigger[] = [];
  for (const t of readTriggers(workspace)) {
    if (t.type !== 'CLOCK' || !t.schedule) continue;
    for (const at of fireTimes(t, fromMs, toMs)) due.push({trigger: t, at});
  }
  return due.sort((a, b) => a.at - b.at);
}

/** Record that a trigger ran (the runner calls this after firing it). */
export function markFired(workspace: Workspace, uid: string, atMs: number) {
  triggerFile(workspace).update(f => ({
    triggers: f.triggers.map(t =>
      t.uid === uid ? {...t, lastFiredAt: new Date(atMs).toISOString()} : t,
    ),
  }));
}

function fireTimes(t: TriggerRecord, from: number, to: number): number[] {
  const s = t.schedule!;
  const created = Date.parse(t.createdAt);
  const inRange = (ms: number) => ms > from && ms <= to && ms > created;
  if (s.at !== undefined || s.after !== undefined) {
    const at = s.at ?? created + (s.after ?? 0);
    const fired = t.lastFiredAt !== null;
    return !fired && at > from && at <= to ? [at] : [];
  }
  if (s.everyMinutes !== undefined) {
    return stepped(created, s.everyMinutes * 60_000, from, to);
  }
  if (s.everyHours !== undefined) {
    const hour = 3_600_000;
    const minute = (s.nearMinute ?? 0) * 60_000;
    const anchor = Math.floor(created / hour) * hour + hour + minute;
    return stepped(anchor - s.everyHours * hour, s.everyHours * hour, from, to);
  }
  return dailyFireTimes(s, created, from, to).filter(inRange);
}

/** start + k*step (k >= 1) within (from, to]. */
function stepped(start: number, step: number, from: number, to: number) {
  const out: number[] = [];
  const k0 = Math.max(1, Math.floor((from - start) / step));
  for (let k = k0; start + k * step <= to; k++) {
    const at = start + k * step;
    if (at > from) out.push(at);
  }
  return out;
}

const DAY = 86_400_000;

/** everyDays(n) / everyWeeks(n): one fire a day at atHour:nearMinute. */
function dailyFireTimes(
  s: Schedule,
  created: number,
  from: number,
  to: number,
): number[] {
  const zone = resolveZone(s.timezone ?? SCRIPT_TIME_ZONE);
  const createdLocal = wallClock(created, zone);
  const hour = s.atHour ?? createdLocal.hour;
  const minute = s.nearMinute ?? 0;
  const weekly = s.everyWeeks !== undefined;
  const stepDays = weekly ? 7 * (s.everyWeeks ?? 1) : (s.everyDays ?? 1);
  const weekday = s.onWeekDay ? WEEKDAYS.indexOf(s.onWeekDay as never) : -1;
  const fireOn = (day: number) => {
    const d = new Date(day);
    const local = {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour,
      minute,
    };
    return instantOf(local, zone);
  };
  const matchesWeekday = (day: number) =>
    !weekly || weekday < 0 || new Date(day).getUTCDay() === weekday;
  let first = Date.UTC(
    createdLocal.year,
    createdLocal.month - 1,
    createdLocal.day,
  );
  while (fireOn(first) <= created || !matchesWeekday(first)) first += DAY;
  const out: number[] = [];
  const startDay = Math.max(first, localDay(from, zone) - DAY);
  const endDay = localDay(to, zone) + DAY;
  for (let day = startDay; day <= endDay; day += DAY) {
    const offset = Math.round((day - first) / DAY);
    if (offset % stepDays !== 0) continue;
    const at = fireOn(day);
    if (at > from && at <= to) out.push(at);
  }
  return out;
}

/** The zone's local calendar day of an instant, as a UTC midnight. */
function localDay(ms: number, zone: ReturnType<typeof resolveZone>): number {
  const c = wallClock(ms, zone);
  return Date.UTC(c.year, c.month - 1, c.day);
}
