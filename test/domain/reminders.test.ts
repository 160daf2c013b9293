import {
  addDays,
  formatLongDate,
  formatUkDate,
  IsoDate,
} from '../../src/domain/calendar';
import {CaseRecord} from '../../src/domain/records';
import {
  dueReminders,
  ReminderItem,
  reminderKey,
  ReminderSnapshot,
  ruleOfKind,
} from '../../src/domain/reminders';
import {
  action,
  agendaItem,
  assessment,
  caseRecord,
  cbc,
  decision,
  kent,
  notification,
  panel,
  PEOPLE,
  signature,
  snapshot,
} from './fixtures';

const CASE = 'JRAP-2026-0007';

const due = (s: ReminderSnapshot, today: IsoDate, kind?: string) =>
  dueReminders(s, today).filter(i => kind === undefined || i.kind === kind);

/** The D5 overdue and escalation items only. */
const d5 = (s: ReminderSnapshot, today: IsoDate) =>
  due(s, today).filter(i => i.kind.startsWith('healthAssessment'));

const recipients = (items: ReminderItem[]) =>
  items.map(i => i.recipient).sort();

/**
 * What is wrong with a day's items, as sentences (none expected): a key
 * that is not caseId|kind|dueDate|recipient, a duplicate key, an item sent
 * before its day, and (S1) a text carrying a child's reference, initials,
 * date of birth or needs.
 */
function problemsOf(
  items: ReminderItem[],
  cases: CaseRecord[],
  today: IsoDate,
): string[] {
  const problems: string[] = [];
  const forbidden = cases.flatMap(c => [
    c.childRef,
    c.initials,
    c.needsSummary,
    c.needsSummary.slice(0, 20),
    ...(c.dateOfBirth
      ? [
          c.dateOfBirth,
          formatUkDate(c.dateOfBirth),
          formatLongDate(c.dateOfBirth),
          formatLongDate(c.dateOfBirth).replace(/^\w+ /, ''),
        ]
      : []),
  ]);
  for (const i of items) {
    const where = `${today} ${i.key}`;
    if (
      i.key !== reminderKey(i.caseId, i.kind, i.dueDate, i.recipient, i.ref)
    ) {
      problems.push(`${where}: key is not caseId|kind|dueDate|recipient`);
    }
    if (i.key.split('|').length !== 4) {
      problems.push(`${where}: key has not 4 parts`);
    }
    if (!/^[^@\s|]+@[^@\s|]+$/.test(i.recipient)) {
      problems.push(`${where}: recipient is not an email`);
    }
    if (i.sendOn > today) problems.push(`${where}: sent before ${i.sendOn}`);
    if (!i.text) problems.push(`${where}: no text`);
    for (const f of forbidden) {
      if (i.text.includes(f))
        problems.push(`${where}: S1 text contains "${f}"`);
    }
  }
  if (new Set(items.map(i => i.key)).size !== items.length) {
    problems.push(`${today}: duplicate keys`);
  }
  const r = items.map(i => i.recipient);
  if (r.join() !== [...r].sort().join()) {
    problems.push(`${today}: not sorted by recipient`);
  }
  return problems;
}

// ---------------------------------------------------------------------------

describe('D5: health assessment overdue and escalated', () => {
  // Alert shared 6 January: due 28 days later, on 3 February 2026.
  const s = () =>
    snapshot({
      cases: [caseRecord({status: 'assessing', alertSharedDate: '2026-01-06'})],
      assessments: [assessment({agency: 'HEALTH', status: 'requested'})],
    });

  it('D5: nothing is sent on the due date itself', () => {
    expect(d5(s(), '2026-02-03')).toEqual([]);
  });

  it('D5: when the alert is shared, the agency asked to assess is told', () => {
    expect(due(s(), '2026-01-05', 'assessmentRequested')).toEqual([]);
    const items = due(s(), '2026-01-06', 'assessmentRequested');
    expect(recipients(items)).toEqual([PEOPLE.healthRep]);
    expect(items[0].key).toBe(
      `${CASE}|assessmentRequested#HEALTH|${items[0].dueDate}|${PEOPLE.healthRep}`,
    );
    expect(ruleOfKind('assessmentRequested')).toBe('D5');
  });

  it('D5: the day after the due date, all parties to the case are told it is overdue', () => {
    const items = due(s(), '2026-02-04', 'healthAssessmentOverdue');
    expect(recipients(items)).toEqual(
      [
        PEOPLE.admin,
        PEOPLE.chair,
        PEOPLE.eduRep,
        PEOPLE.healthRep,
        PEOPLE.scsRep,
        PEOPLE.referrer,
      ].sort(),
    );
    expect(items[0]).toMatchObject({
      caseId: CASE,
      dueDate: '2026-02-03',
      sendOn: '2026-02-04',
      escalation: false,
      tab: 'Assessments',
    });
    expect(items.map(i => i.key)).toContain(
      `${CASE}|healthAssessmentOverdue|2026-02-03|${PEOPLE.referrer}`,
    );
    expect(due(s(), '2026-02-04', 'healthAssessmentEscalation')).toEqual([]);
    expect(ruleOfKind('healthAssessmentOverdue')).toBe('D5');
  });

  it('D5: still overdue escalationDays (14) later, the escalation contacts of health and the lead agency are told', () => {
    expect(due(s(), '2026-02-16', 'healthAssessmentEscalation')).toEqual([]);
    const items = due(s(), '2026-02-17', 'healthAssessmentEscalation');
    expect(recipients(items)).toEqual(
      [PEOPLE.healthEscalation, PEOPLE.scsEscalation].sort(),
    );
    expect(
      items.every(
        i =>
          i.escalation &&
          i.dueDate === '2026-02-03' &&
          i.sendOn === '2026-02-17',
      ),
    ).toBe(true);
    expect(items.map(i => i.key)).toContain(
      `${CASE}|healthAssessmentEscalation|2026-02-03|${PEOPLE.healthEscalation}`,
    );
    expect(ruleOfKind('healthAssessmentEscalation')).toBe('D5');
  });

  it('D5: without escalation contacts on the Agencies tab, the chairs and admins are told', () => {
    const items = due(
      {...s(), profile: kent()},
      '2026-02-17',
      'healthAssessmentEscalation',
    );
    expect(recipients(items)).toEqual([PEOPLE.admin, PEOPLE.chair].sort());
  });

  it('D5: a completed or declined assessment sends nothing', () => {
    for (const status of ['completed', 'declined'] as const) {
      const snap = {
        ...s(),
        assessments: [assessment({agency: 'HEALTH', status})],
      };
      expect(due(snap, '2026-02-20')).toEqual([]);
    }
  });

  it('D5: a due date recorded on the assessment wins', () => {
    const snap = {
      ...s(),
      assessments: [
        assessment({
          agency: 'HEALTH',
          status: 'inProgress',
          dueDate: '2026-02-10',
        }),
      ],
    };
    expect(d5(snap, '2026-02-04')).toEqual([]);
    expect(due(snap, '2026-02-11', 'healthAssessmentOverdue')[0].dueDate).toBe(
      '2026-02-10',
    );
  });

  it('D5: a panel without a health deadline (CBC) sends nothing', () => {
    expect(d5({...s(), profile: cbc()}, '2026-03-01')).toEqual([]);
  });

  it('D5: a closed case sends nothing', () => {
    const snap = {
      ...s(),
      cases: [caseRecord({status: 'closed', alertSharedDate: '2026-01-06'})],
    };
    expect(due(snap, '2026-03-01')).toEqual([]);
  });
});

describe('D6: outcome note', () => {
  const s = (issued: string | null = null) =>
    snapshot({
      cases: [caseRecord()],
      decisions: [
        decision({
          panelDate: '2026-02-03',
          outcomeNoteDue: '2026-02-10',
          outcomeNoteIssued: issued,
        }),
      ],
      panels: [panel({panelDate: '2026-02-03', status: 'held'})],
    });

  it('D6: on the due date the admins and the panel chair are reminded', () => {
    expect(due(s(), '2026-02-09', 'outcomeNoteDue')).toEqual([]);
    const items = due(s(), '2026-02-10', 'outcomeNoteDue');
    expect(recipients(items)).toEqual([PEOPLE.admin, PEOPLE.chair].sort());
    expect(items[0].key).toBe(
      `${CASE}|outcomeNoteDue#DEC-1|2026-02-10|${items[0].recipient}`,
    );
    expect(ruleOfKind('outcomeNoteDue')).toBe('D6');
  });

  it('D6: an issued note sends nothing', () => {
    expect(due(s('2026-02-06'), '2026-02-10', 'outcomeNoteDue')).toEqual([]);
  });
});

describe('D7: funding agreement signatures', () => {
  const s = (
    signedDate: string | null = null,
    status: 'active' | 'closed' = 'active',
  ) =>
    snapshot({
      cases: [caseRecord({status})],
      signatures: [
        signature({agency: 'EDU', dueDate: '2026-02-10', signedDate}),
      ],
    });

  it('D7: the day after signatures are due, the agency’s representatives are reminded', () => {
    expect(due(s(), '2026-02-10', 'signatureOverdue')).toEqual([]);
    const items = due(s(), '2026-02-11', 'signatureOverdue');
    expect(recipients(items)).toEqual([PEOPLE.eduRep]);
    expect(items[0]).toMatchObject({
      key: `${CASE}|signatureOverdue#V1/EDU|2026-02-10|${PEOPLE.eduRep}`,
      sendOn: '2026-02-11',
    });
    expect(ruleOfKind('signatureOverdue')).toBe('D7');
  });

  it('D7: a signed agreement or a closed case sends nothing', () => {
    expect(due(s('2026-02-09'), '2026-02-11')).toEqual([]);
    expect(due(s(null, 'closed'), '2026-02-11')).toEqual([]);
  });
});

describe('D8: emergency placement notices', () => {
  const s = (notifiedDate: string | null = null) =>
    snapshot({
      cases: [caseRecord({status: 'alert', emergency: true})],
      notifications: [
        notification({agency: 'HEALTH', dueDate: '2026-01-16', notifiedDate}),
      ],
    });

  it('D8: on the due date the referrer and admins are reminded to notify the agency', () => {
    expect(due(s(), '2026-01-15')).toEqual([]);
    const items = due(s(), '2026-01-16', 'emergencyNoticeDue');
    expect(recipients(items)).toEqual([PEOPLE.admin, PEOPLE.referrer].sort());
    expect(items[0].text).toContain('HEALTH');
    expect(ruleOfKind('emergencyNoticeDue')).toBe('D8');
  });

  it('D8: a notified agency sends nothing', () => {
    expect(due(s('2026-01-12'), '2026-01-16')).toEqual([]);
  });
});

describe('D9: review reminders at the lead times', () => {
  // Review 30 June 2026: 8 weeks = 5 May, 4 weeks = 2 June, 1 week = 23 June.
  const s = (status: 'active' | 'referred' = 'active') =>
    snapshot({cases: [caseRecord({status, reviewDate: '2026-06-30'})]});
  const kinds = (today: IsoDate) => [
    ...new Set(due(s(), today).map(i => i.kind)),
  ];

  it('D9: nothing before the first lead time', () => {
    expect(kinds('2026-05-04')).toEqual([]);
  });

  it('D9: only the latest lead time reached is sent (8, 4, 1 weeks)', () => {
    expect(kinds('2026-05-05')).toEqual(['reviewDue-8w']);
    expect(kinds('2026-05-20')).toEqual(['reviewDue-8w']);
    expect(kinds('2026-06-02')).toEqual(['reviewDue-4w']);
    expect(kinds('2026-06-22')).toEqual(['reviewDue-4w']);
    expect(kinds('2026-06-23')).toEqual(['reviewDue-1w']);
    expect(kinds('2026-06-30')).toEqual(['reviewDue-1w']);
    expect(kinds('2026-07-01')).toEqual([]);
  });

  it('D9: each lead time has its own key, to the referrer and admins', () => {
    const items = due(s(), '2026-06-02');
    expect(recipients(items)).toEqual([PEOPLE.admin, PEOPLE.referrer].sort());
    expect(items.map(i => i.key).sort()).toEqual(
      [
        `${CASE}|reviewDue-4w|2026-06-30|${PEOPLE.admin}`,
        `${CASE}|reviewDue-4w|2026-06-30|${PEOPLE.referrer}`,
      ].sort(),
    );
    expect(items[0].sendOn).toBe('2026-06-02');
    expect(ruleOfKind('reviewDue-4w')).toBe('D9');
  });

  it('D9: lead times follow the Settings tab', () => {
    const snap = {...s(), profile: kent({reviewLeadWeeks: '6, 2'})};
    expect([...new Set(due(snap, '2026-05-19').map(i => i.kind))]).toEqual([
      'reviewDue-6w',
    ]);
    expect([...new Set(due(snap, '2026-06-16').map(i => i.kind))]).toEqual([
      'reviewDue-2w',
    ]);
  });

  it('D9: only active cases get review reminders', () => {
    expect(due(s('referred'), '2026-06-02')).toEqual([]);
  });
});

describe('D10: contracts ending', () => {
  const s = () =>
    snapshot({
      profile: cbc(),
      cases: [
        caseRecord({
          caseId: 'ARP-2026-0003',
          agenciesToAssess: '',
          placementEndDate: '2026-03-03',
        }),
      ],
    });

  it('D10: CBC — from 8 weeks before the end date the placement is listed', () => {
    expect(due(s(), '2026-01-05')).toEqual([]);
    const items = due(s(), '2026-01-06', 'contractEnding');
    expect(recipients(items)).toEqual([PEOPLE.admin, PEOPLE.referrer].sort());
    expect(items[0].key).toBe(
      `ARP-2026-0003|contractEnding|2026-03-03|${items[0].recipient}`,
    );
    expect(ruleOfKind('contractEnding')).toBe('D10');
  });

  it('D10: a profile without contractEndWeeks (Kent) sends nothing', () => {
    expect(due({...s(), profile: kent()}, '2026-02-20')).toEqual([]);
  });

  it('D10: an end date already passed sends nothing', () => {
    expect(due(s(), '2026-03-04')).toEqual([]);
  });
});

describe('D11: turning 17', () => {
  const s = (status: 'active' | 'closed' = 'active') =>
    snapshot({cases: [caseRecord({status, dateOfBirth: '2009-02-14'})]});

  it('D11: on the 17th birthday the referrer, health and admins are told', () => {
    expect(due(s(), '2026-02-13')).toEqual([]);
    const items = due(s(), '2026-02-14', 'age17');
    expect(recipients(items)).toEqual(
      [PEOPLE.admin, PEOPLE.healthRep, PEOPLE.referrer].sort(),
    );
    expect(items[0].text).toMatch(/adult continuing care/);
    expect(ruleOfKind('age17')).toBe('D11');
  });

  it('D11: an inactive case sends nothing', () => {
    expect(due(s('closed'), '2026-02-14')).toEqual([]);
  });

  it('S1: the age-17 item does not show the date of birth', () => {
    const items = due(s(), '2026-02-14', 'age17');
    for (const i of items) {
      expect(i.text).not.toContain('2009');
      expect(i.text).not.toContain('14 February');
    }
  });
});

describe('D13: absent agencies', () => {
  const s = () =>
    snapshot({
      cases: [caseRecord()],
      decisions: [
        decision({
          panelDate: '2026-02-03',
          pendingAgencies: 'EDU',
          responseDue: '2026-02-06',
        }),
      ],
    });

  it('D13: from the panel day the absent agency is asked to respond', () => {
    expect(due(s(), '2026-02-02')).toEqual([]);
    const items = due(s(), '2026-02-03', 'absentResponseDue');
    expect(recipients(items)).toEqual([PEOPLE.eduRep]);
    expect(items[0]).toMatchObject({
      key: `${CASE}|absentResponseDue#DEC-1/EDU|2026-02-06|${PEOPLE.eduRep}`,
      escalation: false,
    });
    expect(ruleOfKind('absentResponseDue')).toBe('D13');
  });

  it('D13: the day after the response was due, the agency’s escalation contacts are told', () => {
    expect(due(s(), '2026-02-06', 'absentResponseOverdue')).toEqual([]);
    const items = due(s(), '2026-02-07', 'absentResponseOverdue');
    expect(recipients(items)).toEqual([PEOPLE.eduEscalation]);
    expect(items[0]).toMatchObject({
      key: `${CASE}|absentResponseOverdue#DEC-1/EDU|2026-02-06|${PEOPLE.eduEscalation}`,
      escalation: true,
    });
    expect(ruleOfKind('absentResponseOverdue')).toBe('D13');
  });

  it('D13: a decision with no pending agency sends nothing', () => {
    const snap = {
      ...s(),
      decisions: [decision({pendingAgencies: '', responseDue: null})],
    };
    expect(due(snap, '2026-02-07')).toEqual([]);
  });
});

describe('D14: new application before the approval ends', () => {
  // Approval ends 30 September 2026: 8 weeks = 5 Aug, 4 weeks = 2 Sep, 1 week = 23 Sep.
  const s = () =>
    snapshot({cases: [caseRecord({approvalEndDate: '2026-09-30'})]});

  it('D14: reminders at the lead times, only the latest reached', () => {
    expect(due(s(), '2026-08-04')).toEqual([]);
    expect([...new Set(due(s(), '2026-08-05').map(i => i.kind))]).toEqual([
      'newApplicationDue-8w',
    ]);
    expect([...new Set(due(s(), '2026-09-02').map(i => i.kind))]).toEqual([
      'newApplicationDue-4w',
    ]);
    expect([...new Set(due(s(), '2026-09-29').map(i => i.kind))]).toEqual([
      'newApplicationDue-1w',
    ]);
    expect(due(s(), '2026-10-01')).toEqual([]);
  });

  it('D14: to the referrer and admins, keyed by the approval end', () => {
    const items = due(s(), '2026-09-02');
    expect(recipients(items)).toEqual([PEOPLE.admin, PEOPLE.referrer].sort());
    expect(items.map(i => i.key)).toContain(
      `${CASE}|newApplicationDue-4w|2026-09-30|${PEOPLE.referrer}`,
    );
    expect(ruleOfKind('newApplicationDue-4w')).toBe('D14');
  });
});

describe('A1: actions from decisions', () => {
  const s = (
    o: Parameters<typeof action>[0] = {},
    status: 'active' | 'closed' = 'active',
  ) =>
    snapshot({
      cases: [caseRecord({status})],
      actions: [action({dueDate: '2026-02-17', ...o})],
    });

  it('A1: on its due date an action’s owner is reminded', () => {
    expect(due(s(), '2026-02-16')).toEqual([]);
    const items = due(s(), '2026-02-17', 'actionDue');
    expect(recipients(items)).toEqual([PEOPLE.actionOwner]);
    expect(items[0].key).toBe(
      `${CASE}|actionDue#ACT-1|2026-02-17|${PEOPLE.actionOwner}`,
    );
    expect(items[0].text).toContain('ACT-1');
  });

  it('A1: a done action, or one on a closed case, sends nothing', () => {
    expect(due(s({doneDate: '2026-02-15'}), '2026-02-17')).toEqual([]);
    expect(due(s({}, 'closed'), '2026-02-17')).toEqual([]);
  });
});

describe('A3: agenda pack', () => {
  const s = (o: Parameters<typeof panel>[0] = {}) =>
    snapshot({
      panels: [
        panel({
          panelDate: '2026-02-03',
          agendaBuiltAt: '2026-01-19T10:00:00Z',
          ...o,
        }),
      ],
      agenda: [
        agendaItem({panelDate: '2026-02-03', caseId: CASE}),
        agendaItem({
          panelDate: '2026-02-03',
          caseId: 'JRAP-2026-0008',
          slot: 2,
          slotStart: '10:20',
        }),
      ],
    });

  it('A3: on papers-out day (Kent: 14 days before) panel members get the agenda pack', () => {
    expect(due(s(), '2026-01-19')).toEqual([]);
    const items = due(s(), '2026-01-20', 'agendaPack');
    expect(recipients(items)).toEqual(
      [PEOPLE.chair, PEOPLE.eduRep, PEOPLE.healthRep, PEOPLE.scsRep].sort(),
    );
    expect(items[0]).toMatchObject({
      caseId: 'PANEL-2026-02-03',
      dueDate: '2026-02-03',
      sendOn: '2026-01-20',
    });
    expect(items.map(i => i.key)).toContain(
      `PANEL-2026-02-03|agendaPack|2026-02-03|${PEOPLE.chair}`,
    );
    expect(items[0].text).toContain('2 cases');
    expect(ruleOfKind('agendaPack')).toBe('A3');
  });

  it('A3: a papers-out date on the Panels tab wins', () => {
    expect(due(s({papersOutDate: '2026-01-27'}), '2026-01-20')).toEqual([]);
    expect(
      due(s({papersOutDate: '2026-01-27'}), '2026-01-27', 'agendaPack'),
    ).toHaveLength(4);
  });

  it('A3: an agenda not built by papers-out day is flagged to the admins', () => {
    const items = due(s({agendaBuiltAt: null}), '2026-01-20');
    expect(items.map(i => [i.kind, i.recipient])).toEqual([
      ['agendaNotBuilt', PEOPLE.admin],
    ]);
  });

  it('A3: a cancelled or past panel sends nothing', () => {
    expect(due(s({status: 'cancelled'}), '2026-01-20')).toEqual([]);
    expect(due(s(), '2026-02-04')).toEqual([]);
  });
});

describe('P2: escalated decisions', () => {
  it('P2: an escalated decision goes to the escalation contacts of the agencies in dispute', () => {
    const s = snapshot({
      cases: [caseRecord({status: 'escalated'})],
      decisions: [
        decision({
          outcome: 'escalated',
          escalatedTo: 'EDU, HEALTH',
          reviewDate: null,
        }),
      ],
    });
    expect(due(s, '2026-02-02')).toEqual([]);
    const items = due(s, '2026-02-03', 'escalated');
    expect(recipients(items)).toEqual(
      [PEOPLE.eduEscalation, PEOPLE.healthEscalation].sort(),
    );
    expect(items.every(i => i.escalation)).toBe(true);
    expect(items.map(i => i.key)).toContain(
      `${CASE}|escalated#${items[0].ref}|2026-02-03|${PEOPLE.eduEscalation}`,
    );
    expect(ruleOfKind('escalated')).toBe('P2');
  });

  it('P2: with no agencies named, the lead agency’s contacts are told', () => {
    const s = snapshot({
      cases: [caseRecord({status: 'escalated'})],
      decisions: [decision({outcome: 'escalated', escalatedTo: ''})],
    });
    expect(recipients(due(s, '2026-02-03', 'escalated'))).toEqual([
      PEOPLE.scsEscalation,
    ]);
  });
});

describe('A1/S1: a year of a busy tracker', () => {
  /** One case of each situation, all about the same fictional child. */
  const busy = () =>
    snapshot({
      cases: [
        caseRecord({
          caseId: 'JRAP-2026-0001',
          status: 'assessing',
          alertSharedDate: '2026-01-06',
        }),
        caseRecord({
          caseId: 'JRAP-2026-0002',
          dateOfBirth: '2009-05-20',
          reviewDate: '2026-06-30',
          approvalEndDate: '2026-09-30',
          placementEndDate: '2027-08-31',
        }),
        caseRecord({caseId: 'JRAP-2026-0003', status: 'escalated'}),
        caseRecord({
          caseId: 'JRAP-2026-0004',
          status: 'alert',
          emergency: true,
        }),
      ],
      assessments: [assessment({caseId: 'JRAP-2026-0001', agency: 'HEALTH'})],
      decisions: [
        decision({
          caseId: 'JRAP-2026-0002',
          outcomeNoteDue: '2026-02-10',
          pendingAgencies: 'EDU',
          responseDue: '2026-02-06',
        }),
        decision({
          caseId: 'JRAP-2026-0003',
          decisionId: 'DEC-2',
          outcome: 'escalated',
          escalatedTo: 'HEALTH',
        }),
      ],
      actions: [action({caseId: 'JRAP-2026-0002'})],
      signatures: [signature({caseId: 'JRAP-2026-0002'})],
      notifications: [notification({caseId: 'JRAP-2026-0004'})],
      panels: [
        panel({agendaBuiltAt: '2026-01-19T10:00:00Z'}),
        panel({panelDate: '2026-03-03'}),
      ],
      agenda: [agendaItem({caseId: 'JRAP-2026-0002'})],
    });

  it('S1: no item text carries the child’s initials, date of birth, reference or needs; keys are caseId|kind|dueDate|recipient', () => {
    const s = busy();
    const kinds = new Set<string>();
    const problems: string[] = [];
    let count = 0;
    for (let d = '2026-01-01'; d <= '2027-03-01'; d = addDays(d, 1)) {
      const items = dueReminders(s, d);
      count += items.length;
      problems.push(...problemsOf(items, s.cases, d));
      for (const i of items) kinds.add(i.kind.replace(/-\d+w$/, ''));
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThan(100);
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'absentResponseDue',
        'absentResponseOverdue',
        'actionDue',
        'age17',
        'agendaNotBuilt',
        'agendaPack',
        'emergencyNoticeDue',
        'escalated',
        'healthAssessmentEscalation',
        'healthAssessmentOverdue',
        'newApplicationDue',
        'outcomeNoteDue',
        'reviewDue',
        'signatureOverdue',
      ]),
    );
  });

  it('A1: the same day gives the same items (idempotent keys)', () => {
    const s = busy();
    expect(dueReminders(s, '2026-02-17')).toEqual(
      dueReminders(s, '2026-02-17'),
    );
  });

  it('A1: inactive members get nothing and emails are lower-cased', () => {
    const s = busy();
    s.members = s.members.map(m =>
      m.email === PEOPLE.eduRep
        ? {...m, active: false}
        : m.email === PEOPLE.chair
          ? {...m, email: 'Chair@Example.org'}
          : m,
    );
    const items = dueReminders(s, '2026-02-17');
    expect(items.some(i => i.recipient === PEOPLE.eduRep)).toBe(false);
    expect(items.some(i => i.recipient === PEOPLE.chair)).toBe(true);
    expect(items.some(i => /[A-Z]/.test(i.recipient))).toBe(false);
  });
});

describe('A1: idempotency keys', () => {
  it('A1: two actions of one case for one owner on one day are two items, both sent', () => {
    const s = snapshot({
      cases: [caseRecord({status: 'active'})],
      actions: [
        action({
          actionId: 'ACT-1',
          ownerEmail: 'owner1@example.org',
          dueDate: '2026-02-17',
        }),
        action({
          actionId: 'ACT-2',
          ownerEmail: 'owner1@example.org',
          dueDate: '2026-02-17',
        }),
      ],
    });
    const items = due(s, '2026-02-17', 'actionDue');
    expect(items).toHaveLength(2);
    expect(new Set(items.map(i => i.key)).size).toBe(2);
  });
});
