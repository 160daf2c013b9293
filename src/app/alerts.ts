/**
 * Referral alert (part 1): a referrer raises it; the panel administrator
 * shares it with the agencies, which starts their assessments (D5) and the
 * date costs may be backdated to (F7).
 */
import {formatLongDate} from '../domain/calendar';
import {healthAssessmentDue} from '../domain/deadlines';
import {costStartDate} from '../domain/funding';
import {fundingAgencies} from '../domain/profiles';
import {AssessmentRecord, CaseRecord, Row, splitCodes} from '../domain/records';
import {fail, Result} from '../domain/result';
import {validateAlert} from '../domain/validation';
import {
  caseForChange,
  Deps,
  isAdmin,
  PlanBuilder,
  previousSubmission,
  refuse,
  requireRole,
  requireSignedIn,
  submissionIdOf,
  writeUseCase,
} from './kit';

export interface AlertResult {
  caseId: string;
  status: string;
  rowVersion: number;
  agenciesToAssess: string[];
  message: string;
  nextSteps: string[];
}

export function submitAlert(deps: Deps, input: unknown): Result<AlertResult> {
  const submissionId = submissionIdOf(input);
  return writeUseCase(deps, ['Cases', '_Submissions'], (tables, env) => {
    const plan = new PlanBuilder(tables, env);
    const seen = previousSubmission<AlertResult>(
      tables,
      submissionId,
      'submitAlert',
    );
    if (seen)
      return seen.ok ? {ok: true, value: {plan, value: seen.value}} : seen;
    const signedIn = requireSignedIn(env);
    if (signedIn.length) return fail(signedIn);
    const checked = validateAlert(input, {
      profile: env.profile,
      today: env.today,
    });
    if (!checked.ok) return checked;
    const a = checked.value;
    const member = env.members.find(m => m.email === env.user);
    // A referrer submits as themselves; an admin may submit for someone else.
    const referrerEmail =
      isAdmin(env) && a.referrer.email ? a.referrer.email : env.user;
    const joint = env.profile.minFundingAgencies > 1;
    const agenciesToAssess =
      a.agenciesToAssess ??
      (joint
        ? fundingAgencies(env.profile)
            .map(x => x.code)
            .filter(c => c !== a.leadAgency)
        : []);
    const caseId = plan.nextCaseId();
    const record: Partial<CaseRecord> = {
      caseId,
      status: 'alert',
      childRef: a.child.childRef,
      initials: a.child.initials,
      dateOfBirth: a.child.dateOfBirth,
      legalStatus: a.child.legalStatus,
      hasEhcp: a.child.hasEhcp,
      leadAgency: a.leadAgency,
      referrerEmail,
      referrerName:
        a.referrer.name ??
        (referrerEmail === env.user ? member?.name : undefined) ??
        referrerEmail,
      referrerAgency:
        a.referrer.agency ??
        (referrerEmail === env.user ? member?.agency : undefined) ??
        a.leadAgency,
      referrerRole: a.referrer.role ?? '',
      agenciesToAssess: agenciesToAssess.join(', '),
      parentConsent: a.consent.parentConsent ?? false,
      youngPersonConsent: a.consent.youngPersonConsent ?? false,
      mentalCapacity: a.consent.mentalCapacity ?? '',
      bestInterestDecisionDate: a.consent.bestInterestDecisionDate ?? null,
      needsSummary: a.needsSummary,
      localOptionsExhausted: a.localOptionsExhausted ?? false,
      localOptionsEvidence: a.localOptionsEvidence ?? '',
      proposedProvision: a.proposedProvision,
      knownWeeklyPence: a.knownWeeklyPence ?? null,
      emergency: a.emergency,
      alertDate: env.today,
      rowVersion: 1,
      updatedAt: env.nowIso,
    };
    const nextSteps = agenciesToAssess.length
      ? [
          `The panel administrator shares the alert with ${agenciesToAssess.join(', ')} to start their assessments.`,
          'When the assessments and in-principle agreements are in, submit the referral (part 2) for this case.',
        ]
      : [
          'Submit the referral (part 2) for this case with the placement and its costs.',
        ];
    const value: AlertResult = {
      caseId,
      status: 'alert',
      rowVersion: 1,
      agenciesToAssess,
      message: `Referral alert ${caseId} received on ${formatLongDate(env.today)}.`,
      nextSteps,
    };
    plan
      .append('Cases', record as Row)
      .audit(
        'submitAlert',
        caseId,
        `Alert submitted; lead ${a.leadAgency}; to assess ${agenciesToAssess.join(', ') || 'none'}; provision ${a.proposedProvision}${a.emergency ? '; emergency' : ''}`,
      )
      .recordSubmission(submissionId, 'submitAlert', caseId, value);
    return {ok: true, value: {plan, value}};
  });
}

export interface ShareResult {
  caseId: string;
  alertSharedDate: string;
  assessmentsRequested: Array<{agency: string; dueDate: string | null}>;
  message: string;
}

/**
 * The admin shares the alert with the agencies: Assessments rows are
 * requested (health's due in healthAssessmentDays, D5) and the shared date
 * is recorded (F7).
 */
export function shareAlert(deps: Deps, input: unknown): Result<ShareResult> {
  const caseId = String((input as {caseId?: unknown})?.caseId ?? '').trim();
  return writeUseCase(deps, ['Cases', 'Assessments'], (tables, env) => {
    const allowed = requireRole(
      env,
      ['admin'],
      'share an alert with the agencies',
    );
    if (allowed.length) return fail(allowed);
    if (!caseId) return refuse('caseId', '§3', 'Case ID is required.');
    const hit = caseForChange(tables, env, caseId);
    if (!hit.ok) return hit;
    const c = hit.value.record;
    if (c.alertSharedDate) {
      return refuse(
        'caseId',
        '§3',
        `The alert for ${caseId} was already shared on ${formatLongDate(c.alertSharedDate)}.`,
      );
    }
    const plan = new PlanBuilder(tables, env);
    const existing = tables
      .rows<AssessmentRecord>('Assessments')
      .filter(x => x.caseId === caseId);
    const requested: Array<{agency: string; dueDate: string | null}> = [];
    for (const agency of splitCodes(c.agenciesToAssess)) {
      if (existing.some(x => x.agency === agency)) continue;
      const dueDate =
        agency === env.profile.healthAgency
          ? healthAssessmentDue(env.today, env.profile)
          : null;
      requested.push({agency, dueDate});
      plan.append('Assessments', {
        caseId,
        agency,
        status: 'requested',
        requestedDate: env.today,
        dueDate,
        updatedBy: env.user,
      });
    }
    plan
      .touchCase(hit.value, {
        alertSharedDate: env.today,
        status: c.status === 'alert' ? 'assessing' : c.status,
        costStartDate: costStartDate(env.today, c.placementStartDate),
      })
      .audit(
        'shareAlert',
        caseId,
        `Alert shared; assessments requested from ${requested.map(r => r.agency).join(', ') || 'none'}`,
      );
    const health = requested.find(r => r.agency === env.profile.healthAgency);
    return {
      ok: true,
      value: {
        plan,
        value: {
          caseId,
          alertSharedDate: env.today,
          assessmentsRequested: requested,
          message:
            `Alert ${caseId} shared with ${requested.map(r => r.agency).join(', ') || 'no agency'} on ${formatLongDate(env.today)}.` +
            (health?.dueDate
              ? ` The ${health.agency} assessment is due by ${formatLongDate(health.dueDate)}.`
              : ''),
        },
      },
    };
  });
}
