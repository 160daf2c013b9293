/**
 * The daily run (A1–A5) on the built bundle: never twice, never lost —
 * under a double run, a day without mail quota, a run killed between two
 * sends, and the time budget; installed once; preview shows what is sent.
 */
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {parseAt} from '../../local/clock';
import {readSentMail, readTriggers} from '../../local/services';
import {deleteSpreadsheet} from '../../local/sheets';
import {build, kentCaseToReferral, ROOT, tracker, Tracker} from './helpers';

beforeAll(build);

/** A case endorsed on 3 March with `n` actions to different people, due 10 March. */
function withActions(
  n: number,
  opts: {mailQuota?: number; settings?: Record<string, unknown>} = {},
): Tracker {
  const t = tracker({mailQuota: opts.mailQuota, settings: opts.settings});
  const caseId = kentCaseToReferral(t);
  t.ok(
    'recordDecision',
    {
      caseId,
      panelDate: '2026-03-03',
      outcome: 'endorsed',
      rationale: 'Meets the needs.',
      reviewDate: '2027-02-01',
      actions: Array.from({length: n}, (_, i) => ({
        description: `Action ${i}`,
        ownerEmail: `owner${i}@example.org`,
        dueDate: '2026-03-10',
      })),
      attendees: {
        SCS: ['chair@example.org'],
        EDU: ['edu.rep@example.org'],
        HEALTH: ['health.rep@example.org'],
      },
    },
    'chair@example.org',
    '2026-03-03T12:00',
  );
  return t;
}

function sentLog(t: Tracker) {
  return t.tab('Reminders').filter(r => r.status === 'sent');
}

function runAt(t: Tracker, at: string) {
  return t.ok<{
    itemsSent: number;
    mailsSent: number;
    deferred: number;
    outcome: string;
  }>('runDaily', undefined, 'admin@example.org', at);
}

describe('the daily run', () => {
  it('A1: a second run on the same day sends nothing', () => {
    const t = withActions(3);
    const first = runAt(t, '2026-03-10T07:00');
    expect(first.mailsSent).toBeGreaterThanOrEqual(3);
    const second = runAt(t, '2026-03-10T09:00');
    expect(second).toMatchObject({itemsSent: 0, mailsSent: 0});
    const log = sentLog(t);
    expect(new Set(log.map(r => r.key)).size).toBe(log.length);
    expect(readSentMail(t.session.workspace)).toHaveLength(first.mailsSent);
  });

  it('A1: items that become due later the same day wait for tomorrow (one digest per recipient per day)', () => {
    const t = withActions(1);
    runAt(t, '2026-03-10T07:00');
    // A new action for the same owner, due today, recorded after the run.
    t.ok(
      'recordDecision',
      {
        caseId: 'JRAP-2026-0001',
        panelDate: '2026-03-03',
        outcome: 'endorsed',
        rationale: 'Addendum.',
        reviewDate: '2027-02-01',
        actions: [
          {
            description: 'Another',
            ownerEmail: 'owner0@example.org',
            dueDate: '2026-03-10',
          },
        ],
      },
      'chair@example.org',
      '2026-03-10T10:00',
    );
    const again = runAt(t, '2026-03-10T11:00');
    expect(again.deferred).toBeGreaterThanOrEqual(1);
    expect(
      readSentMail(t.session.workspace).filter(
        m => m.to === 'owner0@example.org',
      ),
    ).toHaveLength(1);
    runAt(t, '2026-03-11T07:00');
    expect(
      readSentMail(t.session.workspace).filter(
        m => m.to === 'owner0@example.org',
      ),
    ).toHaveLength(2);
  });

  it('A2: with no mail quota everything is deferred and shown; once the quota is back each deferred item is sent once', () => {
    const t = withActions(4, {mailQuota: 0});
    const dry = runAt(t, '2026-03-10T07:00');
    expect(dry).toMatchObject({mailsSent: 0, outcome: 'partial'});
    expect(dry.deferred).toBeGreaterThanOrEqual(4);
    const deferred = t.tab('Reminders').filter(r => r.status === 'deferred');
    expect(deferred).toHaveLength(dry.deferred);
    const health = Object.fromEntries(
      t.tab('Health').map(r => [r.key, r.value]),
    );
    expect(health).toMatchObject({
      deferred: String(dry.deferred),
      deferredReasons: expect.stringContaining('mail quota used up'),
    });
    t.session.workspace.updateState(s => ({...s, mailQuota: 100}));
    runAt(t, '2026-03-11T07:00');
    const log = t.tab('Reminders');
    for (const d of deferred)
      expect(log.filter(r => r.key === d.key).map(r => r.status)).toEqual([
        'sent',
      ]);
    expect(log.filter(r => r.status === 'deferred')).toEqual([]);
    expect(new Set(log.map(r => r.key)).size).toBe(log.length);
    expect(runAt(t, '2026-03-12T07:00').itemsSent).toBe(0);
  });

  it('A1: a run killed between two sends, then run again: nothing lost, nothing sent twice', () => {
    const t = withActions(6);
    const preview = t.ok<{digests: Array<{to: string}>}>(
      'previewDailyRun',
      undefined,
      'admin@example.org',
      '2026-03-10T06:59',
    );
    expect(preview.digests.length).toBeGreaterThanOrEqual(6);
    const killed = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'build/local/call.js'),
        '--workspace',
        t.session.workspace.dir,
        '--as',
        'admin@example.org',
        '--at',
        '2026-03-10T07:00',
        'runDaily',
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TZ: 'Europe/London',
          PANEL_TRACKER_KILL_AFTER_MAILS: '2',
        },
      },
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(readSentMail(t.session.workspace)).toHaveLength(2);
    // The killed run's lease expires; the next run picks up where it stopped.
    const rerun = runAt(t, '2026-03-10T07:10');
    expect(rerun.mailsSent).toBe(preview.digests.length - 2);
    const mail = readSentMail(t.session.workspace);
    expect(mail.map(m => m.to).sort()).toEqual(
      preview.digests.map(d => d.to).sort(),
    );
    const log = sentLog(t);
    expect(new Set(log.map(r => r.key)).size).toBe(log.length);
  });

  it('A1: the run stops cleanly before its time budget and the next run continues', () => {
    const t = withActions(60, {settings: {runBudgetSeconds: 30}});
    const first = runAt(t, '2026-03-10T07:00');
    expect(first.outcome).toBe('partial');
    expect(first.mailsSent).toBeGreaterThan(0);
    expect(first.mailsSent).toBeLessThan(60);
    const health = Object.fromEntries(
      t.tab('Health').map(r => [r.key, r.value]),
    );
    expect(health.deferredReasons).toContain('time budget reached');
    const second = runAt(t, '2026-03-11T07:00');
    expect(first.mailsSent + second.mailsSent).toBeGreaterThanOrEqual(60);
    const owners = new Set(
      readSentMail(t.session.workspace)
        .map(m => m.to)
        .filter(to => to.startsWith('owner')),
    );
    expect(owners.size).toBe(60);
  });

  it('A1: "Preview the next run" shows exactly what the run then sends, without sending', () => {
    const t = withActions(2);
    const preview = t.ok<{
      digests: Array<{to: string; subject: string; text: string}>;
    }>('previewDailyRun', undefined, 'admin@example.org', '2026-03-10T06:00');
    expect(readSentMail(t.session.workspace)).toHaveLength(0);
    runAt(t, '2026-03-10T07:00');
    const mail = readSentMail(t.session.workspace);
    expect(
      mail.map(m => ({to: m.to, subject: m.subject, body: m.body.trim()})),
    ).toEqual(
      preview.digests.map(d => ({
        to: d.to,
        subject: d.subject,
        body: d.text.trim(),
      })),
    );
  });

  it('S5: only an admin may run the reminders by hand', () => {
    const t = withActions(1);
    const refused = t.call(
      'runDaily',
      undefined,
      'sw1@example.org',
      '2026-03-10T07:00',
    );
    expect(refused.ok).toBe(false);
    expect(refused.errors[0]).toMatchObject({rule: 'S5'});
  });
});

describe('triggers', () => {
  it('A4: installing twice leaves one trigger; the Health tab shows its owner (A5)', () => {
    const t = tracker({});
    t.ok('installTriggers', undefined, 'admin@example.org', '2026-01-05T09:00');
    t.ok('installTriggers', undefined, 'admin@example.org', '2026-01-05T09:05');
    const triggers = readTriggers(t.session.workspace);
    expect(triggers).toHaveLength(1);
    expect(triggers[0]).toMatchObject({
      handler: 'runDaily',
      owner: 'admin@example.org',
    });
    const health = Object.fromEntries(
      t.tab('Health').map(r => [r.key, r.value]),
    );
    expect(health).toMatchObject({
      triggerOwner: 'admin@example.org',
      nextRun: '2026-01-06T07:00',
    });
    t.ok('removeTriggers', undefined, 'admin@example.org', '2026-01-05T09:10');
    expect(readTriggers(t.session.workspace)).toHaveLength(0);
  });

  it('A4: the trigger runs without an active document, opening the tracker by the ID stored at install', () => {
    const t = withActions(1);
    t.ok('installTriggers', undefined, 'admin@example.org', '2026-03-05T09:00');
    const fired = t.session.fireTriggers(
      parseAt('2026-03-09T08:00'),
      parseAt('2026-03-10T08:00'),
    );
    expect(fired).toHaveLength(1);
    expect(fired[0].ok).toBe(true);
    expect(
      readSentMail(t.session.workspace).some(
        m => m.to === 'owner0@example.org',
      ),
    ).toBe(true);
  });

  it('A4: a trigger whose tracker is gone removes itself and says so', () => {
    const t = tracker({});
    t.ok('installTriggers', undefined, 'admin@example.org', '2026-01-05T09:00');
    deleteSpreadsheet(t.session.workspace, t.session.spreadsheetId);
    const fired = t.session.fireTriggers(
      parseAt('2026-01-06T06:00'),
      parseAt('2026-01-06T08:00'),
    );
    expect(fired).toHaveLength(1);
    expect(fired[0].ok).toBe(false);
    expect(readTriggers(t.session.workspace)).toHaveLength(0);
  });

  it('S5: only an admin installs the daily reminders', () => {
    const t = tracker({});
    const refused = t.call(
      'installTriggers',
      undefined,
      'edu.rep@example.org',
      '2026-01-05T09:00',
    );
    expect(refused.ok).toBe(false);
    expect(readTriggers(t.session.workspace)).toHaveLength(0);
  });
});
