/**
 * A1: given a snapshot of all records and today's date, the reminder items
 * due — one per recipient, each with the idempotency key that the daily run
 * logs so no item is ever sent twice (caseId|kind|dueDate|recipient).
 *
 * Items carry no identifiable data (S1): the case ID, what is due and when.
 * An item is due from its send date on; once sent it is logged and never
 * sent again, so a missed run catches up the next day. For lead-time
 * reminders (D9, D14) only the latest lead time reached is sent.
 */
import {
  addDays,
  ageOn,
  formatLongDate,
  HolidayCalendar,
  IsoDate,
} from './calendar';
import {
  age17Date,
  escalationDate,
  healthAssessmentDue,
  leadTimeDates,
  papersOutDate,
} from './deadlines';
import {Profile} from './profiles';
import {
  ActionRecord,
  AgendaItem,
  AssessmentRecord,
  CaseRecord,
  DecisionRecord,
  MemberRecord,
  NotificationRecord,
  PanelRecord,
  SignatureRecord,
  splitCodes,
} from './records';

export type ReminderKind =
  | 'assessmentRequested'
  | 'healthAssessmentOverdue'
  | 'healthAssessmentEscalation'
  | 'outcomeNoteDue'
  | 'signatureOverdue'
  | 'emergencyNoticeDue'
  | `reviewDue-${number}w`
  | 'contractEnding'
  | 'age17'
  | 'absentResponseDue'
  | 'absentResponseOverdue'
  | 'escalated'
  | `newApplicationDue-${number}w`
  | 'actionDue'
  | 'agendaPack'
  | 'agendaNotBuilt';

/** The SPEC rule behind each kind of reminder. */
export const REMINDER_RULES: Record<string, string> = {
  assessmentRequested: 'D5',
  healthAssessmentOverdue: 'D5',
  healthAssessmentEscalation: 'D5',
  outcomeNoteDue: 'D6',
  signatureOverdue: 'D7',
  emergencyNoticeDue: 'D8',
  reviewDue: 'D9',
  contractEnding: 'D10',
  age17: 'D11',
  absentResponseDue: 'D13',
  absentResponseOverdue: 'D13',
  escalated: 'P2',
  newApplicationDue: 'D14',
  actionDue: 'A1',
  agendaPack: 'A3',
  agendaNotBuilt: 'A3',
};

export function ruleOfKind(kind: string): string {
  return REMINDER_RULES[kind.replace(/-\d+w$/, '')] ?? 'A1';
}

export interface ReminderItem {
  key: string;
  /** A case ID, or PANEL-<date> for a panel's agenda pack. */
  caseId: string;
  kind: ReminderKind;
  /** The date the item is about (the due date, review date, panel date). */
  dueDate: IsoDate;
  recipient: string;
  /** The first day the item is sent. */
  sendOn: IsoDate;
  /** Goes to an agency's escalation contacts. */
  escalation: boolean;
  /** One line, no identifiable data (S1). */
  text: string;
  /** The tab and record the item is about, for the link to the row. */
  tab: string;
  /**
   * Which record of the case the item is about (an action, an agency), so
   * two items of one kind, case, date and recipient are two keys.
   */
  ref?: string;
}

export interface ReminderSnapshot {
  profile: Profile;
  cal: HolidayCalendar;
  cases: CaseRecord[];
  assessments: AssessmentRecord[];
  decisions: DecisionRecord[];
  actions: ActionRecord[];
  signatures: SignatureRecord[];
  notifications: NotificationRecord[];
  panels: PanelRecord[];
  agenda: AgendaItem[];
  members: MemberRecord[];
}

/** The idempotency key: caseId|kind|dueDate|recipient (kind#ref when a case has several). */
export const reminderKey = (
  caseId: string,
  kind: string,
  dueDate: IsoDate,
  recipient: string,
  ref?: string,
) => `${caseId}|${kind}${ref ? `#${ref}` : ''}|${dueDate}|${recipient}`;

/** Who receives what: roles from the Members tab, contacts from the Agencies tab. */
export class Audience {
  constructor(private readonly s: ReminderSnapshot) {}

  private active(): MemberRecord[] {
    return this.s.members.filter(m => m.active && m.email);
  }

  admins(): string[] {
    return this.active()
      .filter(m => m.role === 'admin')
      .map(m => m.email);
  }

  chairs(): string[] {
    return this.active()
      .filter(m => m.role === 'chair')
      .map(m => m.email);
  }

  /** Panel members: members and chairs (A3). */
  panelMembers(): string[] {
    return this.active()
      .filter(m => m.role === 'member' || m.role === 'chair')
      .map(m => m.email);
  }

  /** An agency's representatives; the admins if it has none. */
  agencyReps(agency: string): string[] {
    const reps = this.active()
      .filter(
        m => m.agency === agency && (m.role === 'member' || m.role === 'chair'),
      )
      .map(m => m.email);
    return reps.length > 0 ? reps : this.admins();
  }

  /** An agency's escalation contacts; the chairs and admins if none are set. */
  escalation(agency: string): string[] {
    const contacts =
      this.s.profile.agencies.find(a => a.code === agency)
        ?.escalationContacts ?? [];
    return contacts.length > 0
      ? contacts
      : [...this.chairs(), ...this.admins()];
  }

  /** Everyone with a part in a case: referrer, its agencies' representatives, admins. */
  caseParties(c: CaseRecord): string[] {
    const agencies = new Set([c.leadAgency, ...splitCodes(c.agenciesToAssess)]);
    return [
      c.referrerEmail,
      ...[...agencies].flatMap(a => this.agencyReps(a)),
      ...this.admins(),
    ];
  }
}

function uniqueEmails(list: string[]): string[] {
  return [
    ...new Set(
      list.map(e => e.trim().toLowerCase()).filter(e => e.includes('@')),
    ),
  ];
}

const OPEN = new Set(['alert', 'assessing', 'referred', 'active', 'escalated']);

/** Every reminder item due on `today` (not yet filtered by the log). */
export function dueReminders(
  s: ReminderSnapshot,
  today: IsoDate,
): ReminderItem[] {
  const out: ReminderItem[] = [];
  const who = new Audience(s);
  const add = (
    base: Omit<ReminderItem, 'key' | 'recipient'>,
    recipients: string[],
  ) => {
    if (base.sendOn > today) return;
    for (const recipient of uniqueEmails(recipients)) {
      out.push({
        ...base,
        recipient,
        key: reminderKey(
          base.caseId,
          base.kind,
          base.dueDate,
          recipient,
          base.ref,
        ),
      });
    }
  };
  const {profile} = s;
  const open = s.cases.filter(c => OPEN.has(c.status));
  const active = s.cases.filter(c => c.status === 'active');
  const caseById = new Map(s.cases.map(c => [c.caseId, c]));

  // D5: the alert is shared — each agency asked to assess is told.
  for (const a of s.assessments) {
    const c = caseById.get(a.caseId);
    if (
      !c ||
      !OPEN.has(c.status) ||
      a.status !== 'requested' ||
      !a.requestedDate
    )
      continue;
    add(
      {
        caseId: a.caseId,
        kind: 'assessmentRequested',
        ref: a.agency,
        dueDate: a.dueDate ?? a.requestedDate,
        sendOn: a.requestedDate,
        escalation: false,
        text: `${a.agency} is asked to assess for the panel${a.dueDate ? `, by ${formatLongDate(a.dueDate)}` : ''}.`,
        tab: 'Assessments',
      },
      who.agencyReps(a.agency),
    );
  }

  // D5: the health assessment is overdue; still overdue after escalationDays → escalate.
  if (profile.healthAssessmentDays !== null) {
    for (const c of open) {
      if (!c.alertSharedDate) continue;
      const a = s.assessments.find(
        x => x.caseId === c.caseId && x.agency === profile.healthAgency,
      );
      if (!a || a.status === 'completed' || a.status === 'declined') continue;
      const due = a.dueDate ?? healthAssessmentDue(c.alertSharedDate, profile)!;
      add(
        {
          caseId: c.caseId,
          kind: 'healthAssessmentOverdue',
          dueDate: due,
          sendOn: addDays(due, 1),
          escalation: false,
          text: `The ${profile.healthAgency} assessment was due on ${formatLongDate(due)} and is not complete.`,
          tab: 'Assessments',
        },
        who.caseParties(c),
      );
      add(
        {
          caseId: c.caseId,
          kind: 'healthAssessmentEscalation',
          dueDate: due,
          sendOn: escalationDate(due, profile),
          escalation: true,
          text: `Escalation: the ${profile.healthAgency} assessment due on ${formatLongDate(due)} is still not complete after ${profile.escalationDays} days.`,
          tab: 'Assessments',
        },
        [
          ...who.escalation(profile.healthAgency),
          ...who.escalation(c.leadAgency),
        ],
      );
    }
  }

  for (const d of s.decisions) {
    const c = caseById.get(d.caseId);
    if (!c) continue;
    // D6: the outcome note is due.
    if (d.outcomeNoteDue && !d.outcomeNoteIssued) {
      const panel = s.panels.find(p => p.panelDate === d.panelDate);
      add(
        {
          caseId: d.caseId,
          kind: 'outcomeNoteDue',
          ref: d.decisionId,
          dueDate: d.outcomeNoteDue,
          sendOn: d.outcomeNoteDue,
          escalation: false,
          text: `The outcome note for the panel of ${formatLongDate(d.panelDate)} is due by ${formatLongDate(d.outcomeNoteDue)}.`,
          tab: 'Decisions',
        },
        [...who.admins(), ...(panel?.chair ? [panel.chair] : [])],
      );
    }
    // D13: an absent agency's response is due, then overdue (escalated).
    if (d.pendingAgencies && d.responseDue) {
      for (const agency of splitCodes(d.pendingAgencies)) {
        add(
          {
            caseId: d.caseId,
            kind: 'absentResponseDue',
            ref: `${d.decisionId}/${agency}`,
            dueDate: d.responseDue,
            sendOn: d.panelDate,
            escalation: false,
            text: `${agency} was absent from the panel of ${formatLongDate(d.panelDate)}: its response to the decision is needed by ${formatLongDate(d.responseDue)}.`,
            tab: 'Decisions',
          },
          who.agencyReps(agency),
        );
        add(
          {
            caseId: d.caseId,
            kind: 'absentResponseOverdue',
            ref: `${d.decisionId}/${agency}`,
            dueDate: d.responseDue,
            sendOn: addDays(d.responseDue, 1),
            escalation: true,
            text: `Escalation: ${agency}'s response to the decision of ${formatLongDate(d.panelDate)} was due by ${formatLongDate(d.responseDue)} and has not been given.`,
            tab: 'Decisions',
          },
          who.escalation(agency),
        );
      }
    }
    // P2: escalated to the escalation contacts of the agencies in dispute.
    if (d.outcome === 'escalated') {
      const agencies = splitCodes(d.escalatedTo);
      add(
        {
          caseId: d.caseId,
          kind: 'escalated',
          ref: d.decisionId,
          dueDate: d.panelDate,
          sendOn: d.panelDate,
          escalation: true,
          text: `The panel of ${formatLongDate(d.panelDate)} could not agree funding${agencies.length ? ` between ${agencies.join(' and ')}` : ''}: the case is escalated to you.`,
          tab: 'Decisions',
        },
        (agencies.length ? agencies : [c.leadAgency]).flatMap(a =>
          who.escalation(a),
        ),
      );
    }
  }

  // D7: funding agreement signatures outstanding after the due date.
  for (const sig of s.signatures) {
    if (sig.signedDate || !sig.dueDate) continue;
    const c = caseById.get(sig.caseId);
    if (!c || !OPEN.has(c.status)) continue;
    add(
      {
        caseId: sig.caseId,
        kind: 'signatureOverdue',
        ref: `V${sig.version}/${sig.agency}`,
        dueDate: sig.dueDate,
        sendOn: addDays(sig.dueDate, 1),
        escalation: false,
        text: `${sig.agency}'s signature on funding agreement version ${sig.version} was due by ${formatLongDate(sig.dueDate)}.`,
        tab: 'Signatures',
      },
      who.agencyReps(sig.agency),
    );
  }

  // D8: an agency must be told of an emergency placement within 5 working days.
  for (const n of s.notifications) {
    if (n.notifiedDate || !n.dueDate) continue;
    const c = caseById.get(n.caseId);
    if (!c || !OPEN.has(c.status)) continue;
    add(
      {
        caseId: n.caseId,
        kind: 'emergencyNoticeDue',
        ref: n.agency,
        dueDate: n.dueDate,
        sendOn: n.dueDate,
        escalation: false,
        text: `${n.agency} must be notified of the emergency placement by ${formatLongDate(n.dueDate)} (5 working days after it began).`,
        tab: 'Notifications',
      },
      [c.referrerEmail, ...who.admins()],
    );
  }

  for (const c of active) {
    // D9: review reminders at the lead times; only the latest one reached.
    if (c.reviewDate && c.reviewDate >= today) {
      const reached = leadTimeDates(
        c.reviewDate,
        profile.reviewLeadWeeks,
      ).filter(l => l.sendOn <= today);
      const latest = reached[reached.length - 1];
      if (latest) {
        add(
          {
            caseId: c.caseId,
            kind: `reviewDue-${latest.weeks}w`,
            dueDate: c.reviewDate,
            sendOn: latest.sendOn,
            escalation: false,
            text: `The review is due on ${formatLongDate(c.reviewDate)} (${latest.weeks} week${latest.weeks === 1 ? '' : 's'} away): prepare the review for panel.`,
            tab: 'Cases',
          },
          [c.referrerEmail, ...who.admins()],
        );
      }
    }
    // D14: a new application is needed before the approval period ends.
    if (c.approvalEndDate && c.approvalEndDate >= today) {
      const reached = leadTimeDates(
        c.approvalEndDate,
        profile.reviewLeadWeeks,
      ).filter(l => l.sendOn <= today);
      const latest = reached[reached.length - 1];
      if (latest) {
        add(
          {
            caseId: c.caseId,
            kind: `newApplicationDue-${latest.weeks}w`,
            dueDate: c.approvalEndDate,
            sendOn: latest.sendOn,
            escalation: false,
            text: `The approval ends on ${formatLongDate(c.approvalEndDate)}: a new application must reach panel before then.`,
            tab: 'Cases',
          },
          [c.referrerEmail, ...who.admins()],
        );
      }
    }
    // D10: the placement's contract ends within contractEndWeeks.
    if (
      profile.contractEndWeeks !== null &&
      c.placementEndDate &&
      c.placementEndDate >= today
    ) {
      add(
        {
          caseId: c.caseId,
          kind: 'contractEnding',
          dueDate: c.placementEndDate,
          sendOn: addDays(c.placementEndDate, -7 * profile.contractEndWeeks),
          escalation: false,
          text: `The placement's contract ends on ${formatLongDate(c.placementEndDate)}: it is listed for the next panel.`,
          tab: 'Cases',
        },
        [c.referrerEmail, ...who.admins()],
      );
    }
    // D11: turning 17 — commission the adult continuing care assessment.
    if (c.dateOfBirth && ageOn(c.dateOfBirth, today) === 17) {
      const date = age17Date(c.dateOfBirth);
      add(
        {
          caseId: c.caseId,
          kind: 'age17',
          dueDate: date,
          sendOn: date,
          escalation: false,
          text: 'The young person has turned 17: the adult continuing care assessment must be commissioned; the case is on the next agenda.',
          tab: 'Cases',
        },
        [
          c.referrerEmail,
          ...who.agencyReps(profile.healthAgency),
          ...who.admins(),
        ],
      );
    }
  }

  // Actions from decisions, on their due date.
  for (const a of s.actions) {
    if (a.doneDate || !a.dueDate || !a.ownerEmail) continue;
    const c = caseById.get(a.caseId);
    if (c && c.status === 'closed') continue;
    add(
      {
        caseId: a.caseId,
        kind: 'actionDue',
        ref: a.actionId,
        dueDate: a.dueDate,
        sendOn: a.dueDate,
        escalation: false,
        text: `An action from panel (${a.actionId}) is due on ${formatLongDate(a.dueDate)}.`,
        tab: 'Actions',
      },
      [a.ownerEmail],
    );
  }

  // A3: on papers-out day members get the agenda pack.
  for (const p of s.panels) {
    if (p.status === 'cancelled' || p.panelDate < today) continue;
    const out = p.papersOutDate ?? papersOutDate(p.panelDate, profile, s.cal);
    const items = s.agenda.filter(i => i.panelDate === p.panelDate);
    const panelRef = `PANEL-${p.panelDate}`;
    if (p.agendaBuiltAt && items.length > 0) {
      add(
        {
          caseId: panelRef,
          kind: 'agendaPack',
          dueDate: p.panelDate,
          sendOn: out,
          escalation: false,
          text: `Agenda pack for the panel on ${formatLongDate(p.panelDate)}: ${items.length} case${items.length === 1 ? '' : 's'}.`,
          tab: 'Agenda',
        },
        who.panelMembers(),
      );
    } else if (!p.agendaBuiltAt) {
      add(
        {
          caseId: panelRef,
          kind: 'agendaNotBuilt',
          dueDate: p.panelDate,
          sendOn: out,
          escalation: false,
          text: `Papers for the panel on ${formatLongDate(p.panelDate)} go out today but its agenda has not been built.`,
          tab: 'Panels',
        },
        who.admins(),
      );
    }
  }

  return out.sort(
    (a, b) =>
      a.recipient.localeCompare(b.recipient) || a.key.localeCompare(b.key),
  );
}
