/**
 * The decision at panel (P2) and what follows from it: the outcome note and
 * signatures due (D6, D7), the review date (D9), an approval period (D14),
 * actions, agencies absent from the panel (D13), deferral to the next panel
 * and escalation.
 */
import {addDays, formatLongDate} from '../domain/calendar';
import {
  absentAgencies,
  absentResponseDue,
  nextPanelDates,
  outcomeNoteDue,
  signaturesDue,
} from '../domain/deadlines';
import {
  fundingAgenciesOf,
  fundingTotals,
  isHighCost,
  resolveStoredLines,
} from '../domain/funding';
import {agencyCodes} from '../domain/profiles';
import {
  ChangeRecord,
  changeFromRow,
  DecisionRecord,
  Row,
  splitCodes,
} from '../domain/records';
import {fail, Result} from '../domain/result';
import {validateDecision} from '../domain/validation';
import {
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
import {caseLines, costLineRows, ensurePanelRow, panelRows} from './panels';
import {formatPence} from '../domain/money';

export interface DecisionResult {
  decisionId: string;
  caseId: string;
  outcome: string;
  reviewDate: string | null;
  outcomeNoteDue: string;
  signaturesDue: string | null;
  pendingAgencies: string[];
  responseDue: string | null;
  quorate: boolean;
  nextPanelDate: string | null;
  message: string;
}

export function recordDecision(
  deps: Deps,
  input: unknown,
): Result<DecisionResult> {
  const submissionId = submissionIdOf(input);
  const caseId = String((input as {caseId?: unknown})?.caseId ?? '').trim();
  return writeUseCase(
    deps,
    [
      'Cases',
      'CostLines',
      'Changes',
      'Decisions',
      'Actions',
      'Signatures',
      'Panels',
      '_Submissions',
    ],
    (tables, env) => {
      const plan = new PlanBuilder(tables, env);
      const seen = previousSubmission<DecisionResult>(
        tables,
        submissionId,
        'recordDecision',
      );
      if (seen)
        return seen.ok ? {ok: true, value: {plan, value: seen.value}} : seen;
      const allowed = requireRole(
        env,
        ['admin', 'chair'],
        'record a panel decision',
      );
      if (allowed.length) return fail(allowed);
      const hit = tables.caseById(caseId);
      if (!hit)
        return refuse(
          'caseId',
          '§3',
          `There is no case ${caseId || '(blank)'}.`,
        );
      const c = hit.record;
      if (c.status === 'closed')
        return refuse('caseId', '§3', `Case ${caseId} is closed.`);
      const decisions = tables
        .rows<DecisionRecord>('Decisions')
        .filter(d => d.caseId === caseId);
      const firstEndorsement = !decisions.some(
        d =>
          (d.outcome === 'endorsed' ||
            d.outcome === 'endorsedWithConditions') &&
          !d.changeId,
      );
      const checked = validateDecision(input, {
        profile: env.profile,
        today: env.today,
        provision: c.proposedProvision,
        placementStartDate: c.placementStartDate,
        isFirstEndorsement: firstEndorsement,
      });
      if (!checked.ok) return checked;
      const d = checked.value.form;
      if (d.panelDate > env.today) {
        return refuse(
          'panelDate',
          'P2',
          `A decision is recorded at or after its panel; the panel of ${formatLongDate(d.panelDate)} has not met yet.`,
        );
      }
      const agencies = agencyCodes(env.profile);
      const endorsed =
        d.outcome === 'endorsed' || d.outcome === 'endorsedWithConditions';
      const decisionId = `${caseId}-D${decisions.length + 1}`;
      const lines = caseLines(tables, caseId, agencies);
      let change: {record: ChangeRecord; rowNumber: number} | undefined;
      if (d.changeId) {
        const row = tables.first<Record<string, unknown>>(
          'Changes',
          r => r.changeId === d.changeId && r.caseId === caseId,
        );
        if (!row)
          return refuse(
            'changeId',
            '§3',
            `There is no change ${d.changeId} on case ${caseId}.`,
          );
        change = {
          record: changeFromRow(row.record as never, agencies),
          rowNumber: row.rowNumber,
        };
      }

      // The funding version this decision is about.
      let version = change?.record.fundingVersion ?? c.fundingVersion ?? 1;
      let versionLines = lines.filter(
        h =>
          h.record.version === version &&
          h.record.status !== 'superseded' &&
          h.record.status !== 'rejected',
      );
      if (checked.value.lines) {
        // Final cost lines decided at panel replace the proposed ones.
        for (const h of versionLines.filter(
          v => v.record.status === 'proposed',
        )) {
          plan.update('CostLines', h.rowNumber, {status: 'superseded'});
        }
        if (!change && !firstEndorsement)
          version = Math.max(0, ...lines.map(h => h.record.version)) + 1;
        const effective =
          change?.record.effectiveDate ??
          (firstEndorsement ? c.costStartDate : d.panelDate);
        plan.append(
          'CostLines',
          ...costLineRows(caseId, version, checked.value.lines, {
            status: endorsed ? 'endorsed' : 'rejected',
            effectiveDate: effective,
            changeId: d.changeId,
            agencies,
          }),
        );
        versionLines = [];
      } else {
        for (const h of versionLines.filter(
          v => v.record.status === 'proposed',
        )) {
          plan.update('CostLines', h.rowNumber, {
            status: endorsed
              ? 'endorsed'
              : d.outcome === 'notEndorsed'
                ? 'rejected'
                : 'proposed',
          });
        }
      }
      const decidedLines =
        checked.value.lines ??
        resolveStoredLines(
          versionLines.map(h => h.record),
          env.profile,
        );
      const funders = fundingAgenciesOf(decidedLines);

      // D13: agencies absent from the panel that the decision affects.
      let pending: string[] = [];
      let quorate = true;
      if (d.attendees) {
        const absent = absentAgencies(env.profile, d.attendees);
        quorate = absent.length === 0;
        const affected = new Set([
          ...funders,
          c.leadAgency,
          ...(d.disputingAgencies ?? []),
        ]);
        pending = absent.filter(a => affected.has(a));
      }
      const responseDue = pending.length
        ? absentResponseDue(d.panelDate, env.profile, env.cal)
        : null;
      const noteDue = outcomeNoteDue(d.panelDate, env.profile, env.cal);
      const sigsDue =
        endorsed && decidedLines.length
          ? signaturesDue(d.panelDate, env.profile)
          : null;
      let nextPanelDate: string | null = null;
      const escalatedTo =
        d.outcome === 'escalated'
          ? d.disputingAgencies?.length
            ? d.disputingAgencies
            : funders.length
              ? funders
              : [c.leadAgency]
          : [];

      // The case moves on.
      const totals = fundingTotals(decidedLines);
      const caseValues: Record<string, unknown> = {};
      if (change) {
        const status = endorsed
          ? 'endorsed'
          : d.outcome === 'notEndorsed'
            ? 'notEndorsed'
            : 'submitted';
        const values: Row = {status};
        if (endorsed) values.panelEndorsedDate = d.panelDate;
        if (d.outcome === 'deferred') {
          nextPanelDate =
            nextPanelDates(
              env.profile,
              panelRows(tables),
              addDays(d.panelDate, 1),
              1,
            )[0] ?? null;
          values.panelDate = nextPanelDate;
        }
        plan.update('Changes', change.rowNumber, values);
        if (endorsed) {
          Object.assign(caseValues, {
            fundingVersion: version,
            weeklyTotalPence: totals.weeklyPence,
            highCost: isHighCost(totals.weeklyPence, env.profile),
            formulaInForce: decidedLines.some(l => l.formulaApplied),
          });
        }
      } else if (endorsed) {
        Object.assign(caseValues, {
          status: 'active',
          fundingVersion: version,
          weeklyTotalPence: totals.weeklyPence,
          highCost: isHighCost(totals.weeklyPence, env.profile),
          ...(checked.value.lines
            ? {formulaInForce: decidedLines.some(l => l.formulaApplied)}
            : {}),
        });
      } else if (d.outcome === 'notEndorsed') {
        Object.assign(caseValues, {
          status: c.status === 'active' ? 'active' : 'notEndorsed',
        });
      } else if (d.outcome === 'deferred') {
        nextPanelDate =
          nextPanelDates(
            env.profile,
            panelRows(tables),
            addDays(d.panelDate, 1),
            1,
          )[0] ?? null;
        Object.assign(caseValues, {currentPanelDate: nextPanelDate});
        if (nextPanelDate)
          ensurePanelRow(tables, plan, nextPanelDate, env.profile, env.cal);
      } else if (d.outcome === 'escalated') {
        Object.assign(caseValues, {status: 'escalated'});
      }
      if (endorsed) {
        if (d.reviewDate) caseValues.reviewDate = d.reviewDate;
        if (d.approvalEndDate) caseValues.approvalEndDate = d.approvalEndDate;
      }
      plan.touchCase(hit, caseValues);

      const decision: DecisionRecord = {
        decisionId,
        caseId,
        panelDate: d.panelDate,
        changeId: d.changeId ?? '',
        outcome: d.outcome,
        rationale: d.rationale,
        conditions: d.conditions ?? '',
        reviewDate: endorsed ? (d.reviewDate ?? null) : null,
        approvalEndDate: endorsed ? (d.approvalEndDate ?? null) : null,
        outcomeNoteDue: noteDue,
        outcomeNoteIssued: null,
        signaturesDue: sigsDue,
        fundingVersion: endorsed ? version : null,
        attendees: Object.entries(d.attendees ?? {})
          .map(([a, who]) => `${a}: ${who.join(', ')}`)
          .join('; '),
        pendingAgencies: pending.join(', '),
        responseDue,
        escalatedTo: escalatedTo.join(', '),
        pdfUrl: '',
        pdfFileId: '',
        noteVersion: null,
        decidedBy: env.user,
      };
      plan.append('Decisions', decision as unknown as Row);
      d.actions.forEach((a, i) =>
        plan.append('Actions', {
          actionId: `${decisionId}-A${i + 1}`,
          caseId,
          decisionId,
          description: a.description,
          ownerEmail: a.ownerEmail,
          dueDate: a.dueDate,
          doneDate: null,
        }),
      );
      // D7: each funding agency signs the funding agreement version.
      if (sigsDue) {
        for (const agency of funders) {
          plan.append('Signatures', {
            caseId,
            version,
            agency,
            dueDate: sigsDue,
            signedBy: '',
            signedDate: null,
          });
        }
      }
      ensurePanelRow(tables, plan, d.panelDate, env.profile, env.cal, {
        status: 'held',
      });

      const parts = [
        `Decision ${decisionId}: ${d.outcome} at the panel of ${formatLongDate(d.panelDate)}.`,
      ];
      if (endorsed && d.reviewDate)
        parts.push(`Review by ${formatLongDate(d.reviewDate)}.`);
      if (endorsed && decidedLines.length)
        parts.push(`Weekly cost ${formatPence(totals.weeklyPence)}.`);
      parts.push(`Outcome note due by ${formatLongDate(noteDue)}.`);
      if (sigsDue)
        parts.push(
          `Funding agreement signatures due by ${formatLongDate(sigsDue)}.`,
        );
      if (pending.length)
        parts.push(
          `${pending.join(', ')} ${pending.length === 1 ? 'was' : 'were'} absent: response due by ${formatLongDate(responseDue!)}.`,
        );
      if (!quorate)
        parts.push('The panel was not quorate (one member per agency).');
      if (nextPanelDate)
        parts.push(
          `Deferred to the panel on ${formatLongDate(nextPanelDate)}.`,
        );
      if (escalatedTo.length)
        parts.push(
          `Escalated to the escalation contacts of ${escalatedTo.join(', ')}.`,
        );
      const value: DecisionResult = {
        decisionId,
        caseId,
        outcome: d.outcome,
        reviewDate: decision.reviewDate,
        outcomeNoteDue: noteDue,
        signaturesDue: sigsDue,
        pendingAgencies: pending,
        responseDue,
        quorate,
        nextPanelDate,
        message: parts.join(' '),
      };
      plan
        .audit(
          'recordDecision',
          decisionId,
          `Outcome ${d.outcome}${d.changeId ? ` on ${d.changeId}` : ''}; panel ${d.panelDate}${pending.length ? `; pending ${pending.join(', ')}` : ''}${d.actions.length ? `; ${d.actions.length} action(s)` : ''}`,
        )
        .recordSubmission(submissionId, 'recordDecision', decisionId, value);
      return {ok: true, value: {plan, value}};
    },
  );
}

export interface ResponseResult {
  decisionId: string;
  agency: string;
  response: 'agree' | 'disagree';
  stillPending: string[];
  message: string;
}

/** D13: an agency absent from the panel responds to a decision affecting it. */
export function respondToDecision(
  deps: Deps,
  input: unknown,
): Result<ResponseResult> {
  const args = (input ?? {}) as {
    decisionId?: unknown;
    agency?: unknown;
    response?: unknown;
    comment?: unknown;
  };
  const decisionId = String(args.decisionId ?? '').trim();
  const agency = String(args.agency ?? '')
    .trim()
    .toUpperCase();
  const response =
    args.response === 'disagree'
      ? 'disagree'
      : args.response === 'agree'
        ? 'agree'
        : null;
  return writeUseCase(deps, ['Cases', 'Decisions'], (tables, env) => {
    const signedIn = requireSignedIn(env);
    if (signedIn.length) return fail(signedIn);
    if (!response)
      return refuse(
        'response',
        '§3',
        "Response must be 'agree' or 'disagree'.",
      );
    const hit = tables.first<DecisionRecord>(
      'Decisions',
      d => d.decisionId === decisionId,
    );
    if (!hit)
      return refuse(
        'decisionId',
        '§3',
        `There is no decision ${decisionId || '(blank)'}.`,
      );
    const pending = splitCodes(hit.record.pendingAgencies);
    if (!pending.includes(agency)) {
      return refuse(
        'agency',
        'D13',
        `${agency || '(blank)'} has no response pending on decision ${decisionId}.`,
      );
    }
    const isRep =
      (env.roles.has('member') || env.roles.has('chair')) &&
      env.agency === agency;
    if (!isAdmin(env) && !isRep) {
      return refuse(
        'agency',
        'S5',
        `Only a representative of ${agency} (or an admin on its behalf) can respond for ${agency}.`,
      );
    }
    const plan = new PlanBuilder(tables, env);
    const stillPending = pending.filter(a => a !== agency);
    // responseDue stays: the record of when the answer was due.
    const values: Row = {pendingAgencies: stillPending.join(', ')};
    if (response === 'disagree') {
      values.outcome = 'escalated';
      values.escalatedTo = [
        ...new Set([...splitCodes(hit.record.escalatedTo), agency]),
      ].join(', ');
      const c = tables.caseById(hit.record.caseId);
      if (c) plan.touchCase(c, {status: 'escalated'});
    }
    plan
      .update('Decisions', hit.rowNumber, values)
      .audit(
        'respondToDecision',
        decisionId,
        `${agency} ${response === 'agree' ? 'agreed with' : 'disputed'} the decision`,
      );
    return {
      ok: true,
      value: {
        plan,
        value: {
          decisionId,
          agency,
          response,
          stillPending,
          message:
            response === 'agree'
              ? `${agency} agreed with decision ${decisionId}.`
              : `${agency} disputed decision ${decisionId}: it is escalated to the escalation contacts.`,
        },
      },
    };
  });
}
