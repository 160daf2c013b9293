import {Workspace} from '../../local/core';
import {
  ADDON_FREQUENCY_MESSAGE,
  ADDON_OTHER_FILE_MESSAGE,
  TOO_MANY_TRIGGERS_MESSAGE,
  createScriptApp,
  dueTriggers,
  markFired,
  readTriggers,
  tooManyAddOnTriggersMessage,
} from '../../local/services/script-app';
import {
  ADMIN,
  DOC,
  newContext,
  tempWorkspace,
  thrown,
} from './services-fixtures';

const T0 = Date.parse('2026-01-05T09:00:00Z'); // a Monday, GMT

describe('ScriptApp triggers', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = tempWorkspace();
  });

  it('installs a daily trigger and lists it with its details', () => {
    const app = createScriptApp(newContext(ws));
    const t = app
      .newTrigger('runDaily')
      .timeBased()
      .everyDays(1)
      .atHour(7)
      .nearMinute(15)
      .create();
    expect(t.getHandlerFunction()).toBe('runDaily');
    expect(t.getEventType()).toBe(app.EventType.CLOCK);
    expect(t.getTriggerSource()).toBe(app.TriggerSource.CLOCK);
    expect(t.getUniqueId()).toMatch(/^\d{19}$/);

    const [rec] = readTriggers(ws);
    expect(rec).toMatchObject({
      uid: t.getUniqueId(),
      handler: 'runDaily',
      type: 'CLOCK',
      owner: ADMIN,
      documentId: DOC,
      schedule: {everyDays: 1, atHour: 7, nearMinute: 15},
      lastFiredAt: null,
    });
    // Created at the modelled clock, which includes the builder calls' cost.
    expect(Date.parse(rec.createdAt) - T0).toBeLessThan(5000);
    expect(app.getProjectTriggers().map(x => x.getUniqueId())).toEqual([
      t.getUniqueId(),
    ]);
  });

  it('allows one trigger of each type per user per document (editor add-on)', () => {
    const app = createScriptApp(newContext(ws));
    app.newTrigger('runDaily').timeBased().everyDays(1).atHour(7).create();
    const e = thrown(() =>
      app.newTrigger('runDaily').timeBased().everyDays(1).atHour(7).create(),
    );
    expect(e.message).toBe(
      'This add-on has created too many time-based triggers in this document for this Google user account.',
    );
    expect(e.message).toBe(tooManyAddOnTriggersMessage('CLOCK'));
    // Another type, another document, another user: each allowed.
    app.newTrigger('onEditHandler').forSpreadsheet(DOC).onEdit().create();
    createScriptApp(newContext(ws, {activeSpreadsheetId: 'doc-2'}))
      .newTrigger('runDaily')
      .timeBased()
      .everyDays(1)
      .create();
    createScriptApp(newContext(ws, {activeUser: 'b@example.org'}))
      .newTrigger('runDaily')
      .timeBased()
      .everyDays(1)
      .create();
    expect(readTriggers(ws)).toHaveLength(4);
  });

  it('refuses add-on time triggers more often than hourly, and other files', () => {
    const app = createScriptApp(newContext(ws));
    expect(
      thrown(() => app.newTrigger('f').timeBased().everyMinutes(30).create())
        .message,
    ).toBe(ADDON_FREQUENCY_MESSAGE);
    expect(
      thrown(() =>
        app.newTrigger('f').forSpreadsheet('someone-elses').onOpen().create(),
      ).message,
    ).toBe(ADDON_OTHER_FILE_MESSAGE);
    app.newTrigger('f').timeBased().everyHours(1).create();
  });

  it('caps a user at 20 triggers for the script', () => {
    for (let i = 0; i < 20; i++) {
      createScriptApp(newContext(ws, {activeSpreadsheetId: `doc-${i}`}))
        .newTrigger('runDaily')
        .timeBased()
        .everyDays(1)
        .create();
    }
    const app = createScriptApp(newContext(ws, {activeSpreadsheetId: 'doc-x'}));
    expect(
      thrown(() => app.newTrigger('runDaily').timeBased().everyDays(1).create())
        .message,
    ).toBe(TOO_MANY_TRIGGERS_MESSAGE);
  });

  it('shows each user only their own triggers and deletes them', () => {
    const mine = createScriptApp(newContext(ws));
    const theirs = createScriptApp(
      newContext(ws, {activeUser: 'b@example.org'}),
    );
    const t = mine.newTrigger('runDaily').timeBased().everyDays(1).create();
    theirs.newTrigger('runDaily').timeBased().everyDays(1).create();
    expect(mine.getProjectTriggers()).toHaveLength(1);
    expect(mine.getUserTriggers({getId: () => DOC} as never)).toHaveLength(1);
    expect(mine.getUserTriggers({getId: () => 'other'} as never)).toHaveLength(
      0,
    );

    theirs.deleteTrigger(t); // not theirs: nothing happens
    expect(readTriggers(ws)).toHaveLength(2);
    mine.deleteTrigger(mine.getProjectTriggers()[0]);
    expect(mine.getProjectTriggers()).toHaveLength(0);
    expect(theirs.getProjectTriggers()).toHaveLength(1);
    // Installing again after removal leaves one (SPEC A4).
    mine.newTrigger('runDaily').timeBased().everyDays(1).create();
    expect(mine.getProjectTriggers()).toHaveLength(1);
  });

  it('lets a time-driven run find and delete its own trigger', () => {
    const t = createScriptApp(newContext(ws))
      .newTrigger('runDaily')
      .timeBased()
      .everyDays(1)
      .create();
    const run = createScriptApp(
      newContext(ws, {mode: 'trigger', activeUser: '', effectiveUser: ADMIN}),
    );
    const found = run
      .getProjectTriggers()
      .find(x => x.getUniqueId() === t.getUniqueId())!;
    run.deleteTrigger(found);
    expect(readTriggers(ws)).toEqual([]);
  });
});

describe('dueTriggers / markFired', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = tempWorkspace();
  });

  const iso = (ms: number) => new Date(ms).toISOString();

  it('fires a daily 07:15 trigger once a day in local time, across BST', () => {
    createScriptApp(
      newContext(ws, {startAt: Date.parse('2026-03-26T12:00:00Z')}),
    )
      .newTrigger('runDaily')
      .timeBased()
      .everyDays(1)
      .atHour(7)
      .nearMinute(15)
      .create();
    const due = dueTriggers(
      ws,
      Date.parse('2026-03-26T00:00:00Z'),
      Date.parse('2026-03-31T00:00:00Z'),
    );
    expect(due.map(d => iso(d.at))).toEqual([
      '2026-03-27T07:15:00.000Z',
      '2026-03-28T07:15:00.000Z',
      '2026-03-29T06:15:00.000Z', // 07:15 BST
      '2026-03-30T06:15:00.000Z',
    ]);
    expect(due[0].trigger.handler).toBe('runDaily');
  });

  it('is half-open (from, to] and honours everyDays(n)', () => {
    createScriptApp(newContext(ws))
      .newTrigger('every2')
      .timeBased()
      .everyDays(2)
      .atHour(6)
      .create();
    const first = Date.parse('2026-01-06T06:00:00Z');
    expect(dueTriggers(ws, first - 1, first).map(d => d.at)).toEqual([first]);
    expect(dueTriggers(ws, first, first + 1)).toEqual([]);
    const week = dueTriggers(ws, T0, T0 + 7 * 86_400_000).map(d => iso(d.at));
    expect(week).toEqual([
      '2026-01-06T06:00:00.000Z',
      '2026-01-08T06:00:00.000Z',
      '2026-01-10T06:00:00.000Z',
      '2026-01-12T06:00:00.000Z',
    ]);
  });

  it('fires hourly triggers every n hours and ignores spreadsheet triggers', () => {
    const app = createScriptApp(newContext(ws));
    app.newTrigger('hourly').timeBased().everyHours(4).create();
    app.newTrigger('onOpenHandler').forSpreadsheet(DOC).onOpen().create();
    const due = dueTriggers(ws, T0, T0 + 12 * 3_600_000);
    expect(due.map(d => iso(d.at))).toEqual([
      '2026-01-05T10:00:00.000Z',
      '2026-01-05T14:00:00.000Z',
      '2026-01-05T18:00:00.000Z',
    ]);
  });

  it('records when a trigger fired', () => {
    const t = createScriptApp(newContext(ws))
      .newTrigger('runDaily')
      .timeBased()
      .everyDays(1)
      .atHour(7)
      .create();
    const at = Date.parse('2026-01-06T07:00:00Z');
    markFired(ws, t.getUniqueId(), at);
    expect(readTriggers(ws)[0].lastFiredAt).toBe(iso(at));
  });
});
