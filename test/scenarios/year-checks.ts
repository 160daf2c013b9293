/**
 * Checks of a year's scenario report (A1, S1 and the reminder dates of D5,
 * D7–D11, D13, D14). Each expected reminder is derived from the tracker's
 * own records at the end of the year — independently of the reminder code —
 * and must appear in the Reminders log exactly once per recipient, sent on
 * the day it is due (the daily trigger runs every morning).
 */
import {
  addDays,
  ageOn,
  birthdayAt,
  formatLongDate,
  formatUkDate,
} from '../../src/domain/calendar';
import {Report} from '../../local/report';

type Row = Record<string, unknown>;

export function rows(report: Report, tab: string): Row[] {
  const [header, ...data] = (report.tabs[tab] ?? [[]]) as unknown[][];
  return data.map(r =>
    Object.fromEntries((header as string[]).map((h, i) => [h, r[i]])),
  );
}

export interface Expected {
  rule: string;
  caseId: string;
  kind: string;
  dueDate: string;
  sendOn: string;
  recipients: string[];
}

const day = (v: unknown) => String(v ?? '').slice(0, 10);

export function expectedReminders(
  report: Report,
  opts: {
    end: string;
    leadWeeks?: number[];
    escalationDays?: number;
    contractEndWeeks?: number | null;
  },
): Expected[] {
  const cases = rows(report, 'Cases');
  const decisions = rows(report, 'Decisions');
  const members = rows(report, 'Members').filter(m => m.active);
  const agencies = rows(report, 'Agencies');
  const admins = members
    .filter(m => m.role === 'admin')
    .map(m => String(m.email));
  const reps = (agency: string) => {
    const list = members
      .filter(
        m => m.agency === agency && (m.role === 'member' || m.role === 'chair'),
      )
      .map(m => String(m.email));
    return list.length ? list : admins;
  };
  const escalation = (agency: string) =>
    String(agencies.find(a => a.code === agency)?.escalationContacts ?? '')
      .split(/[,\s]+/)
      .filter(Boolean);
  const leadWeeks = opts.leadWeeks ?? [8, 4, 1];
  const out: Expected[] = [];
  const inYear = (d: string) => d <= opts.end;

  for (const c of cases) {
    const caseId = String(c.caseId);
    const mine = decisions.filter(d => d.caseId === caseId);
    const endorsements = mine.filter(d =>
      String(d.outcome).startsWith('endorsed'),
    );
    const firstEndorsed = endorsements[0];
    const lastEndorsed = endorsements[endorsements.length - 1];
    // D9: the review reminders at the lead times, after the endorsement that set the date.
    if (
      c.status === 'active' &&
      c.reviewDate &&
      lastEndorsed &&
      lastEndorsed.reviewDate === c.reviewDate
    ) {
      for (const w of leadWeeks) {
        const sendOn = addDays(String(c.reviewDate), -7 * w);
        if (sendOn > day(lastEndorsed.panelDate) && inYear(sendOn)) {
          out.push({
            rule: 'D9',
            caseId,
            kind: `reviewDue-${w}w`,
            dueDate: String(c.reviewDate),
            sendOn,
            recipients: [String(c.referrerEmail), ...admins],
          });
        }
      }
    }
    // D14: a new application before the approval period ends.
    if (
      c.status === 'active' &&
      c.approvalEndDate &&
      lastEndorsed &&
      lastEndorsed.approvalEndDate === c.approvalEndDate
    ) {
      for (const w of leadWeeks) {
        const sendOn = addDays(String(c.approvalEndDate), -7 * w);
        if (sendOn > day(lastEndorsed.panelDate) && inYear(sendOn)) {
          out.push({
            rule: 'D14',
            caseId,
            kind: `newApplicationDue-${w}w`,
            dueDate: String(c.approvalEndDate),
            sendOn,
            recipients: [String(c.referrerEmail), ...admins],
          });
        }
      }
    }
    // D10: contract ending within contractEndWeeks.
    if (
      opts.contractEndWeeks &&
      c.status === 'active' &&
      c.placementEndDate &&
      firstEndorsed
    ) {
      const sendOn = addDays(
        String(c.placementEndDate),
        -7 * opts.contractEndWeeks,
      );
      if (sendOn > day(firstEndorsed.panelDate) && inYear(sendOn)) {
        out.push({
          rule: 'D10',
          caseId,
          kind: 'contractEnding',
          dueDate: String(c.placementEndDate),
          sendOn,
          recipients: [String(c.referrerEmail), ...admins],
        });
      }
    }
    // D11: turning 17 while the case is active.
    if (c.status === 'active' && c.dateOfBirth && firstEndorsed) {
      const birthday = birthdayAt(String(c.dateOfBirth), 17);
      if (
        birthday > day(firstEndorsed.panelDate) &&
        inYear(birthday) &&
        ageOn(String(c.dateOfBirth), birthday) === 17
      ) {
        out.push({
          rule: 'D11',
          caseId,
          kind: 'age17',
          dueDate: birthday,
          sendOn: birthday,
          recipients: [String(c.referrerEmail), ...reps('HEALTH'), ...admins],
        });
      }
    }
  }
  // D5: health assessments completed late: overdue the day after the due date; escalation after escalationDays.
  for (const a of rows(report, 'Assessments').filter(
    x => x.agency === 'HEALTH' && x.dueDate,
  )) {
    const c = cases.find(x => x.caseId === a.caseId)!;
    const due = String(a.dueDate);
    const done = a.completedDate ? String(a.completedDate) : '9999-12-31';
    const parties = [
      String(c.referrerEmail),
      ...reps(String(c.leadAgency)),
      ...String(c.agenciesToAssess)
        .split(/[,\s]+/)
        .filter(Boolean)
        .flatMap(reps),
      ...admins,
    ];
    if (addDays(due, 1) <= done && inYear(addDays(due, 1))) {
      out.push({
        rule: 'D5',
        caseId: String(a.caseId),
        kind: 'healthAssessmentOverdue',
        dueDate: due,
        sendOn: addDays(due, 1),
        recipients: parties,
      });
    }
    const esc = addDays(due, opts.escalationDays ?? 14);
    if (esc <= done && inYear(esc)) {
      out.push({
        rule: 'D5',
        caseId: String(a.caseId),
        kind: 'healthAssessmentEscalation',
        dueDate: due,
        sendOn: esc,
        recipients: [
          ...escalation('HEALTH'),
          ...escalation(String(c.leadAgency)),
        ],
      });
    }
  }
  // D7: signatures still outstanding the day after they were due.
  for (const s of rows(report, 'Signatures').filter(
    x => !x.signedDate && x.dueDate,
  )) {
    const sendOn = addDays(String(s.dueDate), 1);
    if (inYear(sendOn))
      out.push({
        rule: 'D7',
        caseId: String(s.caseId),
        kind: 'signatureOverdue',
        dueDate: String(s.dueDate),
        sendOn,
        recipients: reps(String(s.agency)),
      });
  }
  // D8: agencies not notified of an emergency placement, on the deadline.
  for (const n of rows(report, 'Notifications').filter(
    x => !x.notifiedDate && x.dueDate,
  )) {
    const c = cases.find(x => x.caseId === n.caseId)!;
    if (inYear(String(n.dueDate)))
      out.push({
        rule: 'D8',
        caseId: String(n.caseId),
        kind: 'emergencyNoticeDue',
        dueDate: String(n.dueDate),
        sendOn: String(n.dueDate),
        recipients: [String(c.referrerEmail), ...admins],
      });
  }
  // D13: an absent agency is asked the morning after the panel; if it answers late, escalation.
  for (const d of decisions.filter(x => x.responseDue)) {
    const audit = rows(report, 'Audit').filter(
      a => a.recordId === d.decisionId && a.action === 'respondToDecision',
    );
    const agencyCodes = rows(report, 'Agencies')
      .filter(a => a.funding)
      .map(a => String(a.code));
    const attended = String(d.attendees ?? '')
      .split(';')
      .map(x => x.split(':')[0].trim());
    if (!d.attendees) continue;
    const absent = agencyCodes.filter(a => !attended.includes(a));
    for (const agency of absent) {
      const responded = audit.length ? day(audit[0].timestamp) : '9999-12-31';
      const responseDue = String(d.responseDue);
      out.push({
        rule: 'D13',
        caseId: String(d.caseId),
        kind: 'absentResponseDue',
        dueDate: responseDue,
        sendOn: addDays(day(d.panelDate), 1),
        recipients: reps(agency),
      });
      if (
        addDays(responseDue, 1) <= responded &&
        inYear(addDays(responseDue, 1))
      ) {
        out.push({
          rule: 'D13',
          caseId: String(d.caseId),
          kind: 'absentResponseOverdue',
          dueDate: responseDue,
          sendOn: addDays(responseDue, 1),
          recipients: escalation(agency),
        });
      }
    }
  }
  return out;
}

/** Every piece of a child's identity that must never be in an email (S1). */
export function childTokens(report: Report): string[] {
  const tokens: string[] = [];
  for (const c of rows(report, 'Cases')) {
    for (const key of ['childRef', 'needsSummary', 'localOptionsEvidence'])
      if (c[key]) tokens.push(String(c[key]));
    if (c.dateOfBirth) {
      const dob = String(c.dateOfBirth);
      tokens.push(
        dob,
        formatUkDate(dob),
        formatLongDate(dob).replace(/^\w+ /, ''),
      );
    }
  }
  return tokens;
}

export function initials(report: Report): string[] {
  return rows(report, 'Cases')
    .map(c => String(c.initials ?? ''))
    .filter(Boolean);
}
