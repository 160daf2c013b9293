/**
 * A year of a panel, simulated day by day on the built bundle: 40 fictional
 * cases move from alert to decision and review while the installed daily
 * trigger fires every morning. Every call is recorded, so the year can also
 * be written out as a scenario file (scenarios/<profile>-year.json) and
 * replayed with `npm run scenario`.
 */
import {
  addDays,
  addMonths,
  dayOfWeek,
  IsoDate,
  isoDate,
} from '../src/domain/calendar';
import {presetAgencies, presetSettings} from '../src/domain/profiles';
import {formatAt, parseAt} from './clock';
import {readTabs} from './report';
import {Scenario, ScenarioStep} from './scenario';
import {TrackerSession} from './tracker-session';

export const YEAR_START = '2026-01-05';
export const YEAR_END = '2026-12-31';

const INITIALS = ['QX', 'ZV', 'JW', 'KY', 'XQ', 'VZ', 'WJ', 'YK'];

export interface YearOptions {
  profile: string;
  bundlePath?: string;
  cases?: number;
  start?: IsoDate;
  end?: IsoDate;
}

export interface YearResult {
  session: TrackerSession;
  scenario: Scenario;
  failures: Array<{step: ScenarioStep; errors: unknown}>;
  tab(name: string): Array<Record<string, unknown>>;
}

function members(profile: string) {
  const codes = presetAgencies(profile).map(a => a.code);
  const all = [
    {
      email: 'admin@example.org',
      name: 'Ada Admin',
      role: 'admin',
      agency: 'SCS',
    },
    {
      email: 'chair@example.org',
      name: 'Cal Chair',
      role: 'chair',
      agency: 'SCS',
    },
    {
      email: 'scs.rep@example.org',
      name: 'Sol Social',
      role: 'member',
      agency: 'SCS',
    },
    {
      email: 'edu.rep@example.org',
      name: 'Eddie Edu',
      role: 'member',
      agency: 'EDU',
    },
    {
      email: 'health.rep@example.org',
      name: 'Hana Health',
      role: 'member',
      agency: 'HEALTH',
    },
    {
      email: 'finance@example.org',
      name: 'Fin Ance',
      role: 'finance',
      agency: 'SCS',
    },
  ];
  return all.filter(m => codes.includes(m.agency));
}

/** Leicestershire lists its dates: the second Thursday of each month. */
function leicsDates(): string[] {
  const out: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const first = isoDate(2026, m, 1);
    const thursday = addDays(first, ((4 - dayOfWeek(first) + 7) % 7) + 7);
    out.push(thursday);
  }
  for (let m = 1; m <= 3; m++) {
    const first = isoDate(2027, m, 1);
    out.push(addDays(first, ((4 - dayOfWeek(first) + 7) % 7) + 7));
  }
  return out;
}

export function scenarioSettings(profile: string): Record<string, unknown> {
  const base: Record<string, unknown> = {
    escalationContacts: {
      SCS: ['ad.scs@example.org'],
      HEALTH: ['icb.escalation@example.org'],
      EDU: ['head.sen@example.org'],
    },
  };
  if (profile === 'leics-jfp') base.panelDates = leicsDates().join(', ');
  return base;
}

interface CasePlan {
  i: number;
  alertDay: IsoDate;
  caseId?: string;
  referrer: string;
  emergency: boolean;
  slowHealth: boolean;
  dob: IsoDate;
  endWeeks: number | null;
}

export function simulateYear(options: YearOptions): YearResult {
  const {profile} = options;
  const count = options.cases ?? 40;
  const start = options.start ?? YEAR_START;
  const end = options.end ?? YEAR_END;
  const preset = presetSettings(profile)!;
  const joint = Number(preset.minFundingAgencies) > 1;
  const agencies = presetAgencies(profile)
    .filter(a => a.funding)
    .map(a => a.code);
  const session = TrackerSession.create({
    owner: 'admin@example.org',
    bundlePath: options.bundlePath,
  });
  const steps: ScenarioStep[] = [];
  const failures: YearResult['failures'] = [];
  const scenario: Scenario = {
    profile,
    members: members(profile),
    settings: scenarioSettings(profile),
    mailQuota: 1500,
    steps,
  };
  const call = (at: string, as: string, fn: string, args?: unknown) => {
    const step: ScenarioStep = {
      at,
      as,
      call: fn,
      ...(args === undefined ? {} : {args}),
    };
    steps.push(step);
    const out = session.call(fn, args === undefined ? [] : [args], {
      as,
      at: parseAt(at),
    });
    if (!out.ok) failures.push({step, errors: out.errors});
    return out;
  };
  const setup = session.call(
    'setupTracker',
    [{profile, members: scenario.members, settings: scenario.settings}],
    {
      as: 'admin@example.org',
      at: parseAt(`${start}T08:00`),
    },
  );
  if (!setup.ok)
    throw new Error(`setup failed: ${JSON.stringify(setup.errors)}`);
  call(`${start}T08:30`, 'admin@example.org', 'installTriggers');

  const weekdayOnOrAfter = (d: IsoDate) => {
    let day = d;
    while (dayOfWeek(day) === 0 || dayOfWeek(day) === 6) day = addDays(day, 1);
    return day;
  };
  const plans: CasePlan[] = Array.from({length: count}, (_, i) => ({
    i,
    alertDay: weekdayOnOrAfter(
      addDays(start, 1 + Math.floor((i * 270) / count)),
    ),
    referrer: `sw${(i % 4) + 1}@example.org`,
    emergency: i % 10 === 3,
    slowHealth: joint && i % 7 === 2,
    // Two children turn 17 during the year; the rest are younger.
    dob:
      i % 13 === 5
        ? isoDate(2009, 2 + (i % 9), 10)
        : isoDate(2012 + (i % 4), 1 + (i % 12), 3 + (i % 25)),
    endWeeks: preset.contractEndWeeks !== '' && i % 3 === 0 ? 20 : null,
  }));
  const byId = new Map<string, CasePlan>();
  const tab = (name: string) => {
    const [header, ...rows] = (readTabs(
      session.workspace,
      session.spreadsheetId,
    )[name] ?? [[]]) as unknown[][];
    return rows.map(r =>
      Object.fromEntries((header as string[]).map((h, k) => [h, r[k]])),
    );
  };
  const provision =
    profile === 'herts-harp'
      ? 'residential'
      : profile === 'cbc-arp'
        ? 'fostering'
        : 'residentialSchool';
  const costLines = (p: CasePlan) =>
    joint
      ? [
          {
            kind: 'education',
            description: 'Education',
            weeklyPence: 180000 + p.i * 1000,
            weeksPerYear: 38,
            sharesBp: {EDU: 10000},
          },
          {
            kind: 'care',
            description: 'Care',
            weeklyPence: 220000 + p.i * 500,
            weeksPerYear: 52,
            sharesBp: {SCS: 6000, HEALTH: 4000},
          },
        ]
      : [
          {
            kind: 'care',
            description: 'Placement',
            weeklyPence: 90000 + p.i * 1000,
            weeksPerYear: 52,
            sharesBp: {[agencies[0]]: 10000},
          },
        ];
  const decided = new Set<string>();
  const deferredOnce = new Set<string>();
  const signLater: Array<{day: IsoDate; caseId: string; agency: string}> = [];
  const todo = new Map<IsoDate, Array<() => void>>();
  const later = (day: IsoDate, fn: () => void) => {
    if (!todo.has(day)) todo.set(day, []);
    todo.get(day)!.push(fn);
  };

  let clock = parseAt(`${start}T08:30`);
  for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) {
    // The daily trigger fires in the morning.
    session.fireTriggers(clock, parseAt(`${day}T07:59`));
    clock = parseAt(`${day}T07:59`);
    const weekday = dayOfWeek(day) >= 1 && dayOfWeek(day) <= 5;
    for (const fn of todo.get(day) ?? []) fn();
    todo.delete(day);
    if (!weekday) continue;
    // New alerts and emergency placements.
    for (const p of plans.filter(x => x.alertDay === day)) {
      const child = {
        childRef: `REF-${profile.slice(0, 3).toUpperCase()}-${1000 + p.i}`,
        initials: INITIALS[p.i % INITIALS.length],
        dateOfBirth: p.dob,
        legalStatus: 'S20',
      };
      if (p.emergency) {
        const out = call(
          `${day}T09:00`,
          p.referrer,
          'notifyEmergencyPlacement',
          {
            child,
            leadAgency: 'SCS',
            proposedProvision: provision,
            placementStartDate: addDays(day, -1),
            provider: `Provider ${p.i}`,
            approvedBy: 'Head of Service',
            notifiedAgencies: joint
              ? [{agency: agencies.find(a => a !== 'SCS')!, date: day}]
              : [],
          },
        );
        if (out.ok) {
          p.caseId = (out.result as {caseId: string}).caseId;
          byId.set(p.caseId, p);
        }
        continue;
      }
      const out = call(`${day}T10:00`, p.referrer, 'submitAlert', {
        submissionId: `alert-${profile}-${p.i}`,
        child,
        referrer: {
          name: `Referrer ${(p.i % 4) + 1}`,
          agency: 'SCS',
          role: 'Social worker',
        },
        leadAgency: 'SCS',
        consent: {
          parentConsent: true,
          ...(p.dob < '2010-01-01' ? {youngPersonConsent: true} : {}),
        },
        needsSummary: `Summary of needs number ${p.i}`,
        localOptionsExhausted: true,
        localOptionsEvidence: 'Local packages were tried.',
        proposedProvision: provision,
      });
      if (!out.ok) continue;
      const caseId = (out.result as {caseId: string}).caseId;
      p.caseId = caseId;
      byId.set(caseId, p);
      const refer = (on: IsoDate) =>
        later(on, () => {
          const startDate = addDays(on, 21);
          call(`${on}T11:00`, p.referrer, 'submitReferral', {
            submissionId: `referral-${profile}-${p.i}`,
            caseId,
            managementApproval: {name: 'Mo Manager', date: addDays(on, -1)},
            placement: {
              provider: `Provider ${p.i}`,
              ofstedRegistered: true,
              termsAccepted: true,
              startDate,
              ...(p.endWeeks
                ? {endDate: addDays(startDate, p.endWeeks * 7)}
                : {}),
            },
            costLines: costLines(p),
            inPrincipleAgreement: Object.fromEntries(
              agencies.map(a => [a, true]),
            ),
          });
        });
      if (joint) {
        const share = addDays(day, 1);
        later(share, () =>
          call(`${share}T09:30`, 'admin@example.org', 'shareAlert', {caseId}),
        );
        const edu = addDays(share, 10);
        later(edu, () =>
          call(`${edu}T14:00`, 'edu.rep@example.org', 'recordAssessment', {
            caseId,
            agency: 'EDU',
            status: 'completed',
            supportsPlacement: true,
            inPrincipleAgreed: true,
          }),
        );
        const health = addDays(share, p.slowHealth ? 50 : 20);
        later(health, () =>
          call(
            `${health}T14:00`,
            'health.rep@example.org',
            'recordAssessment',
            {
              caseId,
              agency: 'HEALTH',
              status: 'completed',
              supportsPlacement: true,
              inPrincipleAgreed: true,
            },
          ),
        );
        refer(addDays(health, 1));
      } else {
        refer(addDays(day, 3));
      }
    }
    // Panels: build the agenda the day before papers go out; decide on the day.
    const panels = tab('Panels');
    for (const panel of panels) {
      if (panel.status === 'cancelled') continue;
      if (
        addDays(String(panel.papersOutDate), -1) === day &&
        !panel.agendaBuiltAt
      ) {
        call(`${day}T16:00`, 'admin@example.org', 'buildAgenda', {
          panelDate: panel.panelDate,
        });
      }
    }
    const nextPanels = (call(
      `${day}T08:05`,
      'admin@example.org',
      'getPanelDates',
      {count: 3},
    ).result ?? []) as Array<{panelDate: string; papersOutDate: string}>;
    for (const np of nextPanels) {
      if (
        addDays(np.papersOutDate, -1) === day &&
        !panels.some(p => p.panelDate === np.panelDate && p.agendaBuiltAt)
      ) {
        call(`${day}T16:00`, 'admin@example.org', 'buildAgenda', {
          panelDate: np.panelDate,
        });
      }
    }
    const items = tab('Agenda').filter(a => a.panelDate === day);
    for (const item of items) {
      const caseId = String(item.caseId);
      const p = byId.get(caseId);
      if (!p || item.kind === 'age17') continue;
      // Central Bedfordshire: some reviews are never reached at panel, so
      // those approvals run out and a new application falls due (D14).
      if (item.kind === 'review' && profile === 'cbc-arp' && p.i % 4 === 2)
        continue;
      const key = `${caseId}|${day}`;
      if (decided.has(key)) continue;
      decided.add(key);
      const defer =
        p.i % 9 === 4 && !deferredOnce.has(caseId) && item.kind === 'new';
      if (defer) deferredOnce.add(caseId);
      const absentHealth = joint && p.i % 5 === 1;
      const months = profile === 'herts-harp' ? 3 : 6;
      const reviewDate = addMonths(day, months);
      const out = call(`${day}T12:00`, 'chair@example.org', 'recordDecision', {
        submissionId: `decision-${caseId}-${day}`,
        caseId,
        panelDate: day,
        outcome: defer ? 'deferred' : 'endorsed',
        rationale: defer
          ? 'More information needed.'
          : 'The placement meets the assessed needs.',
        ...(defer ? {} : {reviewDate}),
        ...(!defer && !joint ? {approvalEndDate: addDays(reviewDate, 14)} : {}),
        actions:
          defer || p.i % 2
            ? []
            : [
                {
                  description: 'Confirm the start with the provider',
                  ownerEmail: p.referrer,
                  dueDate: addDays(day, 14),
                },
              ],
        ...(joint
          ? {
              attendees: Object.fromEntries(
                agencies
                  .filter(a => !(absentHealth && a === 'HEALTH'))
                  .map(a => [a, [`${a.toLowerCase()}.rep@example.org`]]),
              ),
            }
          : {}),
      });
      if (!out.ok || defer) continue;
      // Funding agreement sign-off: most agencies sign within days; some never do.
      // An emergency placement decided before its part-2 referral has no cost
      // lines yet, so no funding agreement to sign (D7).
      for (const agency of p.emergency ? [] : agencies) {
        if (p.i % 6 === 0 && agency === agencies[agencies.length - 1]) continue;
        signLater.push({day: addDays(day, 3), caseId, agency});
      }
      if (absentHealth) {
        const respond = addDays(day, p.i % 10 === 1 ? 10 : 2);
        later(respond, () => {
          const d = tab('Decisions')
            .filter(x => x.caseId === caseId)
            .pop();
          if (d && d.pendingAgencies) {
            call(
              `${respond}T10:00`,
              'health.rep@example.org',
              'respondToDecision',
              {decisionId: d.decisionId, agency: 'HEALTH', response: 'agree'},
            );
          }
        });
      }
    }
    for (const s of signLater.filter(x => x.day === day)) {
      const rep =
        members(profile).find(m => m.agency === s.agency && m.role === 'member')
          ?.email ?? 'chair@example.org';
      call(`${day}T15:00`, rep, 'signFundingAgreement', {
        caseId: s.caseId,
        agency: s.agency,
      });
    }
    clock = parseAt(`${day}T17:00`);
  }
  session.fireTriggers(clock, parseAt(`${addDays(end, 1)}T07:59`));
  steps.push({
    at: formatAt(parseAt(`${addDays(end, 1)}T08:00`)),
    as: 'admin@example.org',
    call: 'getPanelDates',
  });
  return {session, scenario, failures, tab};
}
