/**
 * Assessment update: an agency's representative records its assessment's
 * status, whether it supports the placement and its in-principle agreement
 * (F12). A revised due date moves the D5 clock.
 */
import {AssessmentRecord} from '../domain/records';
import {fail, Result} from '../domain/result';
import {validateAssessment} from '../domain/validation';
import {
  canSeeCase,
  checkVersion,
  Deps,
  isAdmin,
  PlanBuilder,
  previousSubmission,
  refuse,
  requireSignedIn,
  submissionIdOf,
  writeUseCase,
} from './kit';

export interface AssessmentResult {
  caseId: string;
  agency: string;
  status: string;
  inPrincipleAgreed: boolean;
  message: string;
}

export function recordAssessment(
  deps: Deps,
  input: unknown,
): Result<AssessmentResult> {
  const submissionId = submissionIdOf(input);
  return writeUseCase(
    deps,
    ['Cases', 'Assessments', '_Submissions'],
    (tables, env) => {
      const plan = new PlanBuilder(tables, env);
      const seen = previousSubmission<AssessmentResult>(
        tables,
        submissionId,
        'recordAssessment',
      );
      if (seen)
        return seen.ok ? {ok: true, value: {plan, value: seen.value}} : seen;
      const signedIn = requireSignedIn(env);
      if (signedIn.length) return fail(signedIn);
      const checked = validateAssessment(input, {
        profile: env.profile,
        today: env.today,
      });
      if (!checked.ok) return checked;
      const a = checked.value;
      // S5: an agency's representative updates their own agency's assessment.
      const isRep =
        (env.roles.has('member') || env.roles.has('chair')) &&
        env.agency === a.agency;
      if (!isAdmin(env) && !isRep) {
        return refuse(
          'agency',
          'S5',
          `Only a representative of ${a.agency} (or an admin) can update ${a.agency}'s assessment.`,
        );
      }
      const hit = tables.caseById(a.caseId);
      if (!hit || !(isAdmin(env) || isRep || canSeeCase(env, hit.record))) {
        return refuse(
          'caseId',
          '§3',
          `There is no case ${a.caseId} that you can open. Check the case ID.`,
        );
      }
      if (hit.record.status === 'closed')
        return refuse(
          'caseId',
          '§3',
          `Case ${a.caseId} is closed and cannot be changed.`,
        );
      const current = checkVersion(hit, a.expectedVersion);
      if (!current.ok) return current;
      const row = tables.first<AssessmentRecord>(
        'Assessments',
        x => x.caseId === a.caseId && x.agency === a.agency,
      );
      const completedDate =
        a.status === 'completed'
          ? (a.completedDate ?? row?.record.completedDate ?? env.today)
          : (a.completedDate ?? null);
      const values = {
        status: a.status,
        completedDate,
        ...(a.dueDate !== undefined ? {dueDate: a.dueDate} : {}),
        ...(a.supportsPlacement !== undefined
          ? {supportsPlacement: a.supportsPlacement}
          : {}),
        ...(a.inPrincipleAgreed !== undefined
          ? {inPrincipleAgreed: a.inPrincipleAgreed}
          : {}),
        ...(a.inPrincipleShareBp !== undefined
          ? {inPrincipleShareBp: a.inPrincipleShareBp}
          : {}),
        ...(a.declineReason !== undefined
          ? {declineReason: a.declineReason}
          : {}),
        updatedBy: env.user,
      };
      if (row) {
        plan.update('Assessments', row.rowNumber, values);
      } else {
        plan.append('Assessments', {
          caseId: a.caseId,
          agency: a.agency,
          requestedDate: env.today,
          ...values,
        });
      }
      const inPrincipleAgreed =
        a.inPrincipleAgreed ?? row?.record.inPrincipleAgreed ?? false;
      const value: AssessmentResult = {
        caseId: a.caseId,
        agency: a.agency,
        status: a.status,
        inPrincipleAgreed,
        message: `${a.agency}'s assessment for ${a.caseId} is now ${a.status}${inPrincipleAgreed ? ', with in-principle agreement to fund' : ''}.`,
      };
      plan
        .touchCase(hit)
        .audit(
          'recordAssessment',
          a.caseId,
          `${a.agency} assessment ${a.status}${a.supportsPlacement !== undefined ? `; supports placement ${a.supportsPlacement ? 'yes' : 'no'}` : ''}${a.inPrincipleAgreed !== undefined ? `; in principle ${a.inPrincipleAgreed ? 'yes' : 'no'}` : ''}`,
        )
        .recordSubmission(submissionId, 'recordAssessment', a.caseId, value);
      return {ok: true, value: {plan, value}};
    },
  );
}
