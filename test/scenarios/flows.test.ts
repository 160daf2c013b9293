/**
 * Every scenario in scenarios/ but the year-long ones (their own suites) is
 * replayed with the scenario runner against the built bundle — the same path
 * as `npm run scenario` — and must succeed step by step. The per-profile
 * "-agenda" scenarios go from the referral alert to a case booked on the
 * agenda of the panel its deadlines allow (D2, D3, P1), on the profile's
 * cadence and start time (SPEC section 6).
 */
import fs from 'node:fs';
import path from 'node:path';
import {Report} from '../../local/report';
import {runScenario, Scenario} from '../../local/scenario';
import {build, ROOT} from '../app/helpers';
import {rows} from './year-checks';

const DIR = path.join(ROOT, 'scenarios');
const files = fs
  .readdirSync(DIR)
  .filter(f => f.endsWith('.json') && !f.endsWith('-year.json'))
  .sort();

const reports = new Map<string, Report>();
function report(file: string): Report {
  if (!reports.has(file)) {
    const scenario = JSON.parse(
      fs.readFileSync(path.join(DIR, file), 'utf8'),
    ) as Scenario;
    reports.set(
      file,
      runScenario(scenario, {bundlePath: path.join(ROOT, 'dist/Code.js')}),
    );
  }
  return reports.get(file)!;
}

beforeAll(build, 120_000);

describe('scenarios/', () => {
  it('holds an alert-to-agenda scenario for each of the four profiles', () => {
    expect(files.filter(f => f.endsWith('-agenda.json')).sort()).toEqual([
      'cbc-arp-agenda.json',
      'herts-harp-agenda.json',
      'kent-jrap-agenda.json',
      'leics-jfp-agenda.json',
    ]);
  });

  it.each(files)('%s: set-up and every step succeed', file => {
    const r = report(file);
    expect(r.setup.ok).toBe(true);
    expect(
      r.steps
        .filter(s => !s.ok)
        .map(s => ({call: s.call, at: s.at, errors: s.errors})),
    ).toEqual([]);
  });
});

/** Where each profile's case must be booked, worked by hand from SPEC §6. */
const BOOKED: Record<
  string,
  {
    caseId: string;
    panelDate: string;
    slotStart: string;
    slotMinutes: number;
    why: string;
  }
> = {
  // Referral 28 Jan; the 3 Feb panel's deadline (14 calendar days, D2) was
  // 20 Jan, so the next first Tuesday: 3 Mar.
  'kent-jrap': {
    caseId: 'JRAP-2026-0001',
    panelDate: '2026-03-03',
    slotStart: '10:00',
    slotMinutes: 20,
    why: 'D2 14 days',
  },
  // Dates list 22 Jan, 26 Feb…; referral 2 Feb is before 26 Feb minus 7
  // working days (17 Feb).
  'leics-jfp': {
    caseId: 'JFP-2026-0001',
    panelDate: '2026-02-26',
    slotStart: '10:00',
    slotMinutes: 20,
    why: 'D2 7 working days',
  },
  // Weekly Tuesday 09:30; referral Wed 7 Jan is before Tue 13 Jan minus 3
  // working days (Thu 8 Jan).
  'cbc-arp': {
    caseId: 'ARP-2026-0001',
    panelDate: '2026-01-13',
    slotStart: '09:30',
    slotMinutes: 15,
    why: 'D2 3 working days',
  },
  // Weekly Wednesday 09:30; referral Thu 8 Jan is before the Friday before
  // Wed 14 Jan (Fri 9 Jan).
  'herts-harp': {
    caseId: 'HARP-2026-0001',
    panelDate: '2026-01-14',
    slotStart: '09:30',
    slotMinutes: 10,
    why: 'D2 Friday before',
  },
};

describe.each(Object.entries(BOOKED))(
  '%s: from alert to a booked agenda item',
  (profile, want) => {
    it(`D2, P1: the case is in slot 1 of the ${want.panelDate} panel (${want.why}), at the profile's start time`, () => {
      const r = report(`${profile}-agenda.json`);
      const agenda = rows(r, 'Agenda').filter(a => a.caseId === want.caseId);
      expect(
        agenda.map(a => [
          a.panelDate,
          a.slot,
          a.slotStart,
          a.slotMinutes,
          a.kind,
        ]),
      ).toEqual([[want.panelDate, 1, want.slotStart, want.slotMinutes, 'new']]);
      const c = rows(r, 'Cases').find(x => x.caseId === want.caseId)!;
      expect([c.status, c.currentPanelDate]).toEqual([
        'referred',
        want.panelDate,
      ]);
      const built = r.steps.find(s => s.call === 'buildAgenda')!;
      expect((built.result as {panelDate: string}).panelDate).toBe(
        want.panelDate,
      );
    });
  },
);

/** The first panel of 2026 and its deadlines, worked by hand from SPEC §6 and D1. */
const FIRST_PANEL: Record<string, [string, string, string]> = {
  // 1st Tuesday; 14 calendar days before for both.
  'kent-jrap': ['2026-01-06', '2025-12-23', '2025-12-23'],
  // Weekly Tuesday; 3 working days back skips New Year's Day: 5, 2, 31 Dec;
  // papers out 2 working days: 5, 2 Jan.
  'cbc-arp': ['2026-01-06', '2025-12-31', '2026-01-02'],
  // Weekly Wednesday; the Friday before; papers out 2 working days: 6, 5 Jan.
  'herts-harp': ['2026-01-07', '2026-01-02', '2026-01-05'],
  // Dates list; 7 working days before 22 Jan = 13 Jan; 5 working days = 15 Jan.
  'leics-jfp': ['2026-01-22', '2026-01-13', '2026-01-15'],
};

describe.each(Object.keys(FIRST_PANEL))('%s-setup.json', profile => {
  const file = `${profile}-setup.json`;
  it('§6, D1: every template tab, the profile in Settings, members, bank holidays and the added day', () => {
    const r = report(file);
    const template = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'sheets-template/tabs.json'), 'utf8'),
    ) as {tabs: Array<{name: string}>};
    for (const tab of template.tabs)
      expect(Object.keys(r.tabs)).toContain(tab.name);
    const settings = Object.fromEntries(
      rows(r, 'Settings').map(s => [s.key, s.value]),
    );
    expect(settings.profile).toBe(profile);
    const scenario = JSON.parse(
      fs.readFileSync(path.join(DIR, file), 'utf8'),
    ) as Scenario;
    expect(
      rows(r, 'Members')
        .map(m => m.email)
        .sort(),
    ).toEqual((scenario.members ?? []).map(m => m.email).sort());
    const holidays = rows(r, 'Holidays').map(h => [h.date, h.status]);
    // The substitute Boxing Day of 2026, and the day the scenario added.
    expect(holidays).toContainEqual(['2026-12-28', 'holiday']);
    expect(holidays).toContainEqual(['2026-12-29', 'holiday']);
  });

  it('D2, D3: the first panel of the year with its submission deadline and papers-out date', () => {
    const r = report(file);
    const dates = r.steps.find(s => s.call === 'getPanelDates')!
      .result as Array<{
      panelDate: string;
      submissionDeadline: string;
      papersOutDate: string;
    }>;
    const [first] = dates;
    expect([
      first.panelDate,
      first.submissionDeadline,
      first.papersOutDate,
    ]).toEqual(FIRST_PANEL[profile]);
  });
});
