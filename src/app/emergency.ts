/**
 * Emergency placement notice: a placement made in an emergency between
 * panels. Every relevant agency must be notified within 5 working days of
 * the placement starting (D8), and a ratification item goes on the next
 * panel's agenda.
 */
import {formatLongDate} from '../domain/calendar';
import {emergencyNoticeDue, nextPanelDates} from '../domain/deadlines';
import {costStartDate} from '../domain/funding';
import {fundingAgencies} from '../domain/profiles';
import {CaseRecord, NotificationRecord, Row} from '../domain/records';
import {fail, Result} from '../domain/result';
import {validateEmergency} from '../domain/validation';
import {
  caseForChange,
  Deps,
  PlanBuilder,
  previousSubmission,
  refuse,
  requireSignedIn,
  submissionIdOf,
  writeUseCase,
} from './kit';
import {ensurePanelRow, panelRows} from './panels';

export interface EmergencyResult {
  caseId: string;
  panelDate: string;
  noticeDueDate: string;
  notified: string[];
  stillToNotify: string[];
  notifiedLate: string[];
  message: string;
}

export function notifyEmergencyPlacement(
  deps: Deps,
  input: unknown,
): Result<EmergencyResult> {
  const submissionId = submissionIdOf(input);
  return writeUseCase(
    deps,
    ['Cases', 'Notifications', 'Panels', '_Submissions'],
    (tables, env) => {
      const plan = new PlanBuilder(tables, env);
      const seen = previousSubmission<EmergencyResult>(
        tables,
        submissionId,
        'notifyEmergencyPlacement',
      );
      if (seen)
        return seen.ok ? {ok: true, value: {plan, value: seen.value}} : seen;
      const signedIn = requireSignedIn(env);
      if (signedIn.length) return fail(signedIn);
      const checked = validateEmergency(input, {
        profile: env.profile,
        today: env.today,
      });
      if (!checked.ok) return checked;
      const e = checked.value;
      // The ratification goes to the next panel, whatever its deadline (D8).
      const [panelDate] = nextPanelDates(
        env.profile,
        panelRows(tables),
        env.today,
        1,
      );
      if (!panelDate) {
        return refuse(
          'placementStartDate',
          'D2',
          'No panel dates are scheduled: ask the panel administrator to add them on the Panels tab.',
        );
      }
      const dueDate = emergencyNoticeDue(e.placementStartDate, env.cal);
      let caseId: string;
      let leadAgency: string;
      if (e.caseId) {
        const hit = caseForChange(tables, env, e.caseId);
        if (!hit.ok) return hit;
        const c = hit.value.record;
        caseId = c.caseId;
        leadAgency = c.leadAgency;
        plan.touchCase(hit.value, {
          emergency: true,
          emergencyApprovedBy: e.approvedBy,
          placementStartDate: e.placementStartDate,
          provider: e.provider ?? c.provider,
          currentPanelDate: panelDate,
          status: c.status === 'active' ? 'active' : 'referred',
          costStartDate: costStartDate(c.alertSharedDate, e.placementStartDate),
        });
      } else {
        const child = e.child!;
        leadAgency = e.leadAgency!;
        caseId = plan.nextCaseId();
        const joint = env.profile.minFundingAgencies > 1;
        const member = env.members.find(m => m.email === env.user);
        const record: Partial<CaseRecord> = {
          caseId,
          status: 'referred',
          childRef: child.childRef,
          initials: child.initials,
          dateOfBirth: child.dateOfBirth,
          legalStatus: child.legalStatus,
          leadAgency,
          referrerEmail: env.user,
          referrerName: member?.name ?? env.user,
          referrerAgency: member?.agency || leadAgency,
          agenciesToAssess: joint
            ? fundingAgencies(env.profile)
                .map(a => a.code)
                .filter(a => a !== leadAgency)
                .join(', ')
            : '',
          proposedProvision: e.proposedProvision ?? '',
          emergency: true,
          emergencyApprovedBy: e.approvedBy,
          alertDate: env.today,
          currentPanelDate: panelDate,
          provider: e.provider ?? '',
          placementStartDate: e.placementStartDate,
          costStartDate: e.placementStartDate,
          rowVersion: 1,
          updatedAt: env.nowIso,
        };
        plan.append('Cases', record as Row);
      }
      // Every relevant agency: the other funding agencies of a joint panel.
      const relevant = fundingAgencies(env.profile)
        .map(a => a.code)
        .filter(a => a !== leadAgency);
      const given = new Map(e.notifiedAgencies.map(n => [n.agency, n.date]));
      const existing = tables.where<NotificationRecord>(
        'Notifications',
        n => n.caseId === caseId,
      );
      const notified: string[] = [];
      const late: string[] = [];
      for (const agency of [...new Set([...relevant, ...given.keys()])]) {
        if (agency === leadAgency) continue;
        const date = given.get(agency) ?? null;
        const row = existing.find(x => x.record.agency === agency);
        if (row) {
          if (date)
            plan.update('Notifications', row.rowNumber, {notifiedDate: date});
        } else {
          plan.append('Notifications', {
            caseId,
            agency,
            placementStartDate: e.placementStartDate,
            dueDate,
            notifiedDate: date,
            approvedBy: e.approvedBy,
          });
        }
        const when = date ?? row?.record.notifiedDate ?? null;
        if (when) notified.push(agency);
        if (when && when > dueDate) late.push(agency);
      }
      const stillToNotify = relevant.filter(a => !notified.includes(a));
      ensurePanelRow(tables, plan, panelDate, env.profile, env.cal);
      const value: EmergencyResult = {
        caseId,
        panelDate,
        noticeDueDate: dueDate,
        notified,
        stillToNotify,
        notifiedLate: late,
        message:
          `Emergency placement for ${caseId} recorded; it goes to the panel on ${formatLongDate(panelDate)} for ratification.` +
          (stillToNotify.length
            ? ` Notify ${stillToNotify.join(', ')} by ${formatLongDate(dueDate)} (5 working days after the placement began).`
            : '') +
          (late.length
            ? ` ${late.join(', ')} ${late.length === 1 ? 'was' : 'were'} notified after that deadline.`
            : ''),
      };
      plan
        .audit(
          'notifyEmergencyPlacement',
          caseId,
          `Emergency placement from ${e.placementStartDate}; ratification at ${panelDate}; notified ${notified.join(', ') || 'none'}; to notify ${stillToNotify.join(', ') || 'none'}`,
        )
        .recordSubmission(
          submissionId,
          'notifyEmergencyPlacement',
          caseId,
          value,
        );
      return {ok: true, value: {plan, value}};
    },
  );
}
