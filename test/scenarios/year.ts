/**
 * Replays scenarios/<profile>-year.json with the scenario runner (the same
 * path as `npm run scenario`) and checks what the daily run sent over the
 * year: A1 (each item once, one digest per recipient per day), the dates of
 * D5, D7–D11, D13, D14 and S1 (no child data in any mail).
 */
import fs from 'node:fs';
import path from 'node:path';
import {Report} from '../../local/report';
import {runScenario, Scenario} from '../../local/scenario';
import {build, ROOT} from '../app/helpers';
import {childTokens, expectedReminders, initials, rows} from './year-checks';

export function yearSuite(
  profile: string,
  opts: {contractEndWeeks?: number | null; rules: string[]},
): void {
  let report: Report;
  beforeAll(() => {
    build();
    const scenario = JSON.parse(
      fs.readFileSync(
        path.join(ROOT, 'scenarios', `${profile}-year.json`),
        'utf8',
      ),
    ) as Scenario;
    report = runScenario(scenario, {
      bundlePath: path.join(ROOT, 'dist/Code.js'),
    });
  }, 600_000);

  it('A1: every step of the year succeeds and the daily trigger ran every day', () => {
    expect(report.setup.ok).toBe(true);
    expect(
      report.steps
        .filter(s => !s.ok)
        .map(s => ({call: s.call, at: s.at, errors: s.errors})),
    ).toEqual([]);
    expect(report.triggerRuns.length).toBeGreaterThanOrEqual(360);
    expect(report.triggerRuns.filter(r => !r.ok)).toEqual([]);
  });

  it(`${opts.rules.join(', ')}: each expected reminder is sent once, to each recipient, on the day it is due`, () => {
    const log = rows(report, 'Reminders').filter(r => r.status === 'sent');
    const expected = expectedReminders(report, {
      end: '2026-12-31',
      contractEndWeeks: opts.contractEndWeeks,
    });
    const counts = Object.fromEntries(
      opts.rules.map(rule => [
        rule,
        expected.filter(e => e.rule === rule).length,
      ]),
    );
    for (const rule of opts.rules)
      expect(`${rule}: ${counts[rule]}`).not.toBe(`${rule}: 0`);
    for (const e of expected) {
      for (const to of new Set(e.recipients)) {
        const sent = log.filter(
          r =>
            r.caseId === e.caseId &&
            r.kind === e.kind &&
            r.dueDate === e.dueDate &&
            r.recipient === to,
        );
        expect({
          ...e,
          to,
          sent: sent.map(r => String(r.sentAt).slice(0, 10)),
        }).toEqual({...e, to, sent: [e.sendOn]});
      }
    }
  });

  it('A1: no item is sent twice, and nobody gets more than one digest a day', () => {
    const log = rows(report, 'Reminders').filter(r => r.status === 'sent');
    expect(new Set(log.map(r => r.key)).size).toBe(log.length);
    const perDay = new Map<string, number>();
    for (const m of report.mail) {
      const key = `${m.to}|${m.sentAt.slice(0, 10)}`;
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
    expect([...perDay.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // The daily run did send over the year (a weekly panel of ~30 cases
    // sends well over 50 digests).
    expect(report.mail.length).toBeGreaterThan(50);
  });

  it('S1: no mail carries a child’s reference, initials, date of birth or needs', () => {
    const tokens = childTokens(report);
    const inits = initials(report);
    for (const m of report.mail) {
      const text = `${m.subject}\n${m.body}\n${m.html ?? ''}`;
      for (const t of tokens)
        expect(text.includes(t) ? `${m.subject}: ${t}` : '').toBe('');
      for (const i of inits)
        expect(
          new RegExp(`\\b${i}\\b`).test(text) ? `${m.subject}: ${i}` : '',
        ).toBe('');
    }
  });

  it('A5: the Health tab shows the last run and who owns the trigger', () => {
    const health = Object.fromEntries(
      rows(report, 'Health').map(r => [r.key, r.value]),
    );
    expect(health).toMatchObject({
      outcome: 'ok',
      triggerOwner: 'admin@example.org',
      errors: '0',
    });
    expect(String(health.lastRun).slice(0, 10)).toBe('2027-01-01');
  });
}
