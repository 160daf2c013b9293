/**
 * S6: under concurrent submissions from separate processes, every record is
 * written, no two get the same ID, every write is audited; a form write
 * racing the daily run loses nothing.
 */
import {spawn} from 'node:child_process';
import path from 'node:path';
import {readSentMail, readTriggers} from '../../local/services';
import {alertArgs, build, ROOT, tracker} from './helpers';

beforeAll(build);

interface Outcome {
  ok: boolean;
  result: {caseId?: string} | null;
  errors: unknown[];
}

/** Run one entry point in its own OS process (build/local/call.js). */
function callInProcess(
  dir: string,
  fn: string,
  args: unknown,
  as: string,
  at: string,
  trigger?: string,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const argv = [
      path.join(ROOT, 'build/local/call.js'),
      '--workspace',
      dir,
      '--as',
      as,
      '--at',
      at,
    ];
    if (trigger) argv.push('--trigger', trigger);
    argv.push(fn);
    if (args !== undefined) argv.push(JSON.stringify(args));
    const child = spawn(process.execPath, argv, {
      cwd: ROOT,
      env: {...process.env, TZ: 'Europe/London'},
    });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('error', reject);
    child.on('close', code => {
      if (code !== 0) reject(new Error(`call.js ${fn} exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as Outcome);
    });
  });
}

describe('concurrency', () => {
  it('S6: 50 submissions from separate processes at once give 50 rows, 50 distinct IDs and 50 Audit rows', async () => {
    const t = tracker({profile: 'kent-jrap'});
    const dir = t.session.workspace.dir;
    const outcomes = await Promise.all(
      Array.from({length: 50}, (_, i) =>
        callInProcess(
          dir,
          'submitAlert',
          alertArgs({
            submissionId: `sub-${i}`,
            child: {
              childRef: `SCS-${40000 + i}`,
              initials: 'EF',
              dateOfBirth: '2014-02-02',
              legalStatus: 'S20',
            },
          }),
          `sw${i % 7}@example.org`,
          '2026-02-02T10:00',
        ),
      ),
    );
    expect(outcomes.filter(o => !o.ok)).toEqual([]);
    const ids = outcomes.map(o => o.result!.caseId!);
    expect(new Set(ids).size).toBe(50);
    const cases = t.tab('Cases');
    expect(cases).toHaveLength(50);
    expect(new Set(cases.map(c => c.caseId)).size).toBe(50);
    expect(new Set(cases.map(c => c.childRef))).toEqual(
      new Set(Array.from({length: 50}, (_, i) => `SCS-${40000 + i}`)),
    );
    expect(cases.map(c => c.caseId).sort()).toEqual([...ids].sort());
    expect(t.tab('Audit').filter(a => a.action === 'submitAlert')).toHaveLength(
      50,
    );
    // The counter continues from 50.
    const next = t.ok<{caseId: string}>(
      'submitAlert',
      alertArgs(),
      'sw1@example.org',
      '2026-02-02T11:00',
    );
    expect(next.caseId).toBe('JRAP-2026-0051');
  }, 180_000);

  it('S6: form writes racing the daily run in other processes lose nothing, and the run sends each item once', async () => {
    const t = tracker({profile: 'kent-jrap'});
    const dir = t.session.workspace.dir;
    // Some cases shared the day before, so the daily run has mail to send.
    for (let i = 0; i < 5; i++) {
      const a = t.ok<{caseId: string}>(
        'submitAlert',
        alertArgs({
          child: {
            childRef: `SCS-5000${i}`,
            initials: 'GH',
            dateOfBirth: '2014-02-02',
            legalStatus: 'S20',
          },
        }),
        'sw1@example.org',
        '2026-02-02T09:00',
      );
      t.ok(
        'shareAlert',
        {caseId: a.caseId},
        'admin@example.org',
        '2026-02-02T09:30',
      );
    }
    const installed = t.call(
      'installTriggers',
      undefined,
      'admin@example.org',
      '2026-02-02T12:00',
    );
    expect(installed.ok).toBe(true);
    const uid = readTriggers(t.session.workspace)[0].uid;
    const writes = Array.from({length: 12}, (_, i) =>
      callInProcess(
        dir,
        'submitAlert',
        alertArgs({
          child: {
            childRef: `SCS-6000${i}`,
            initials: 'IJ',
            dateOfBirth: '2014-02-02',
            legalStatus: 'S20',
          },
        }),
        'sw2@example.org',
        '2026-02-03T07:00',
      ),
    );
    const runs = [0, 1, 2].map(() =>
      callInProcess(
        dir,
        'runDaily',
        undefined,
        'admin@example.org',
        '2026-02-03T07:00',
        uid,
      ),
    );
    const [written, ran] = await Promise.all([
      Promise.all(writes),
      Promise.all(runs),
    ]);
    expect(written.every(o => o.ok)).toBe(true);
    expect(ran.every(o => o.ok)).toBe(true);
    expect(t.tab('Cases')).toHaveLength(17);
    expect(new Set(t.tab('Cases').map(c => c.caseId)).size).toBe(17);
    const audit = t.tab('Audit');
    expect(audit.filter(a => a.action === 'submitAlert')).toHaveLength(17);
    // Each reminder item sent exactly once, whichever run sent it.
    const sent = t.tab('Reminders').filter(r => r.status === 'sent');
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map(r => r.key)).size).toBe(sent.length);
    const mail = readSentMail(t.session.workspace);
    const perRecipient = new Map<string, number>();
    for (const m of mail)
      perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
    expect([...perRecipient.values()].every(n => n === 1)).toBe(true);
  }, 180_000);
});
