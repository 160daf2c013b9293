/**
 * Referral (part 2): the placement, its costs and their split, management
 * approval — checked (F1–F7, F11, F12) and booked for the panel it can still
 * reach (D3), the referrer told which and why.
 */
import {formatLongDate} from '../domain/calendar';
import {
  checkReadyForAgenda,
  costStartDate,
  fundingAgenciesOf,
} from '../domain/funding';
import {agencyCodes} from '../domain/profiles';
import {AssessmentRecord} from '../domain/records';
import {fail, Result} from '../domain/result';
import {validateReferral} from '../domain/validation';
import {formatPence} from '../domain/money';
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
import {book, costLineRows, ensurePanelRow} from './panels';

export interface ReferralResult {
  caseId: string;
  panelDate: string;
  deadline: string;
  papersOut: string;
  /** Why the case goes to a later panel than asked for, if it does (D3). */
  reason: string | null;
  weeklyTotalPence: number;
  annualTotalPence: number;
  highCost: boolean;
  formulaInForce: boolean;
  costStartDate: string | null;
  message: string;
  nextSteps: string[];
}

export function submitReferral(
  deps: Deps,
  input: unknown,
): Result<ReferralResult> {
  const submissionId = submissionIdOf(input);
  const caseId = String((input as {caseId?: unknown})?.caseId ?? '').trim();
  return writeUseCase(
    deps,
    [
      'Cases',
      'Assessments',
      'CostLines',
      'Referrals',
      'Panels',
      'Changes',
      '_Submissions',
    ],
    (tables, env) => {
      const plan = new PlanBuilder(tables, env);
      const seen = previousSubmission<ReferralResult>(
        tables,
        submissionId,
        'submitReferral',
      );
      if (seen)
        return seen.ok ? {ok: true, value: {plan, value: seen.value}} : seen;
      const signedIn = requireSignedIn(env);
      if (signedIn.length) return fail(signedIn);
      if (!caseId)
        return refuse(
          'caseId',
          '§3',
          'Case ID is required: submit the referral alert (part 1) first.',
        );
      const version = (input as {expectedVersion?: unknown})?.expectedVersion;
      const hit = caseForChange(tables, env, caseId, {
        expectedVersion: typeof version === 'number' ? version : undefined,
      });
      if (!hit.ok) return hit;
      const c = hit.value.record;
      if (!['alert', 'assessing', 'referred'].includes(c.status)) {
        return refuse(
          'caseId',
          '§3',
          `Case ${caseId} is ${c.status}: a referral can only be made for a new case. Use the change form for an active placement.`,
        );
      }
      const checked = validateReferral(input, {
        profile: env.profile,
        today: env.today,
        provision: c.proposedProvision,
      });
      if (!checked.ok) return checked;
      const r = checked.value;
      const form = r.form;
      // F12: each other funding agency assessed and agreed in principle.
      const ready = checkReadyForAgenda({
        fundingAgencies: fundingAgenciesOf(r.lines),
        leadAgency: c.leadAgency,
        assessments: tables
          .rows<AssessmentRecord>('Assessments')
          .filter(a => a.caseId === caseId),
        inPrincipleOnReferral: form.inPrincipleAgreement,
      });
      if (ready.length) return fail(ready);
      // D3: the panel it can reach; an emergency keeps its panel with the chair's approval.
      const emergency = c.emergency || form.emergency === true;
      const chairApproved =
        Boolean(form.chairApproval) || env.roles.has('chair');
      const emergencyApproved =
        emergency && (!env.profile.emergencyRequiresChair || chairApproved);
      const booked = book(tables, env, {
        requestedPanelDate: form.requestedPanelDate,
        emergencyApproved,
        caseId,
      });
      if (!booked.ok) return fail(booked.errors);
      const b = booked.booking;
      // F7: costs commence from the earlier of the alert-shared date and the placement start.
      const start = costStartDate(
        c.alertSharedDate,
        form.placement.startDate ?? null,
      );
      const agencies = agencyCodes(env.profile);
      // A resubmission before panel replaces the proposed lines.
      const previous = tables.where<Record<string, unknown>>(
        'CostLines',
        l => l.caseId === caseId && l.version === 1 && l.status === 'proposed',
      );
      for (const p of previous)
        plan.update('CostLines', p.rowNumber, {status: 'superseded'});
      plan.append(
        'CostLines',
        ...costLineRows(caseId, 1, r.lines, {
          status: 'proposed',
          effectiveDate: start,
          agencies,
        }),
      );
      const recommended = form.optionsConsidered?.find(o => o.recommended);
      plan.append('Referrals', {
        caseId,
        submittedDate: env.today,
        submittedBy: env.user,
        managerName: form.managementApproval.name,
        managerEmail: form.managementApproval.email ?? '',
        approvalDate: form.managementApproval.date,
        leadOfficer: form.leadOfficer ?? c.referrerName,
        provider: form.placement.provider,
        setting: form.placement.setting ?? '',
        ofstedUrn: form.placement.ofstedUrn ?? '',
        ofstedRegistered: form.placement.ofstedRegistered ?? false,
        cqcRequired: form.placement.cqcRequired,
        cqcRegistered: form.placement.cqcRegistered ?? false,
        visited: form.placement.visited ?? false,
        termsAccepted: form.placement.termsAccepted ?? false,
        startDate: form.placement.startDate ?? null,
        endDate: form.placement.endDate ?? null,
        optionsConsidered: (form.optionsConsidered ?? [])
          .map(o => `${o.recommended ? '[recommended] ' : ''}${o.description}`)
          .join('\n'),
        recommendedOption: recommended?.description ?? '',
        rationale: recommended?.rationale ?? '',
        paymentArrangement: form.paymentArrangement,
        rechargeFrequency: form.rechargeFrequency,
        requestedPanelDate: form.requestedPanelDate ?? null,
        bookedPanelDate: b.panelDate,
        evidenceLinks: Object.entries(form.evidenceLinks ?? {})
          .map(([agency, link]) => `${agency} ${link}`)
          .join('\n'),
        inPrincipleAgreements: Object.entries(form.inPrincipleAgreement ?? {})
          .filter(([, yes]) => yes)
          .map(([a]) => a)
          .join(', '),
      });
      plan.touchCase(hit.value, {
        status: 'referred',
        referralDate: env.today,
        currentPanelDate: b.panelDate,
        provider: form.placement.provider,
        placementStartDate: form.placement.startDate ?? null,
        placementEndDate: form.placement.endDate ?? null,
        paymentArrangement: form.paymentArrangement,
        rechargeFrequency: form.rechargeFrequency,
        fundingVersion: 1,
        weeklyTotalPence: r.weeklyTotalPence,
        highCost: r.highCost,
        formulaInForce: r.formulaInForce,
        costStartDate: start,
        emergency,
        emergencyApprovedBy: b.emergencyOverride
          ? (form.chairApproval?.name ?? env.user)
          : c.emergencyApprovedBy,
      });
      ensurePanelRow(tables, plan, b.panelDate, env.profile, env.cal);
      const heard = b.emergencyOverride
        ? `It goes to the panel on ${formatLongDate(b.panelDate)} as an emergency approved by the chair, although the deadline (${formatLongDate(b.deadline)}) has passed.`
        : b.reason
          ? `${b.reason} It goes to the panel on ${formatLongDate(b.panelDate)}.`
          : `It is booked for the panel on ${formatLongDate(b.panelDate)}: it met the deadline of ${formatLongDate(b.deadline)}.`;
      const value: ReferralResult = {
        caseId,
        panelDate: b.panelDate,
        deadline: b.deadline,
        papersOut: b.papersOut,
        reason: b.reason,
        weeklyTotalPence: r.weeklyTotalPence,
        annualTotalPence: r.annualTotalPence,
        highCost: r.highCost,
        formulaInForce: r.formulaInForce,
        costStartDate: start,
        message: `Referral for ${caseId} received. ${heard}`,
        nextSteps: [
          `Papers go to panel members on ${formatLongDate(b.papersOut)}.`,
          ...(r.formulaInForce
            ? [
                'The default funding formula applies until the agencies agree a split (F6).',
              ]
            : []),
          ...(r.highCost
            ? [
                `The weekly cost of ${formatPence(r.weeklyTotalPence)} is above the high-cost threshold (F11).`,
              ]
            : []),
          'You will present the case at panel; the outcome note follows within the agreed working days.',
        ],
      };
      plan
        .audit(
          'submitReferral',
          caseId,
          `Referral submitted; ${r.lines.length} cost line(s), weekly ${formatPence(r.weeklyTotalPence)}; booked for ${b.panelDate}${b.reason ? ' (later panel: deadline or capacity)' : ''}${r.highCost ? '; high cost' : ''}`,
        )
        .recordSubmission(submissionId, 'submitReferral', caseId, value);
      return {ok: true, value: {plan, value}};
    },
  );
}
