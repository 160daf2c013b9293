/**
 * Change form (part 4): a change of cost to an endorsed placement — an
 * increase, decrease, additional or removed support, a setting change with
 * the same provider, or an agency ceasing its contribution (F8). A change of
 * venue is refused (F10). It goes to panel, and takes effect in finance once
 * every affected agency and the panel have endorsed it (F9).
 */
import {formatLongDate} from '../domain/calendar';
import {
  affectedAgencies,
  missingEndorsements,
  ResolvedLine,
  resolveStoredLines,
  splitLine,
} from '../domain/funding';
import {FULL_SHARE_BP, splitPence} from '../domain/money';
import {agencyCodes} from '../domain/profiles';
import {
  ChangeRecord,
  changeFromRow,
  changeToRow,
  CostLine,
} from '../domain/records';
import {fail, Result} from '../domain/result';
import {validateChange} from '../domain/validation';
import {endorsedColumn} from '../domain/template';
import {
  caseForChange,
  Deps,
  isAdmin,
  PlanBuilder,
  previousSubmission,
  refuse,
  requireSignedIn,
  submissionIdOf,
  writeUseCase,
} from './kit';
import {book, caseLines, costLineRows, ensurePanelRow} from './panels';

export interface ChangeResult {
  changeId: string;
  caseId: string;
  version: number;
  panelDate: string;
  affectedAgencies: string[];
  awaitingEndorsement: string[];
  message: string;
}

/** The lines in force now: the case's funding version, endorsed. */
export function currentLines(
  lines: CostLine[],
  version: number | null,
): CostLine[] {
  const v =
    version ??
    Math.max(
      0,
      ...lines.filter(l => l.status === 'endorsed').map(l => l.version),
    );
  return lines.filter(
    l =>
      l.version === v && (l.status === 'endorsed' || l.status === 'proposed'),
  );
}

/**
 * F8: without new lines, a withdrawal hands the withdrawing agency's share
 * to the others in proportion to their shares (largest remainder in bp).
 */
export function withoutAgency(
  lines: ResolvedLine[],
  agency: string,
  agencyOrder: string[],
): ResolvedLine[] | null {
  const out: ResolvedLine[] = [];
  for (const l of lines) {
    const rest = Object.entries(l.sharesBp).filter(
      ([a, bp]) => a !== agency && bp > 0,
    );
    if (rest.length === 0) return null;
    const sharesBp = Object.fromEntries(splitPence(FULL_SHARE_BP, rest));
    const split = splitLine(
      l.weeklyPence,
      l.weeksPerYear,
      sharesBp,
      agencyOrder,
    );
    out.push({
      ...l,
      sharesBp,
      agencyWeeklyPence: split.weekly,
      agencyAnnualPence: split.annual,
    });
  }
  return out;
}

export function submitChange(deps: Deps, input: unknown): Result<ChangeResult> {
  const submissionId = submissionIdOf(input);
  const caseId = String((input as {caseId?: unknown})?.caseId ?? '').trim();
  return writeUseCase(
    deps,
    ['Cases', 'CostLines', 'Changes', 'Panels', '_Submissions'],
    (tables, env) => {
      const plan = new PlanBuilder(tables, env);
      const seen = previousSubmission<ChangeResult>(
        tables,
        submissionId,
        'submitChange',
      );
      if (seen)
        return seen.ok ? {ok: true, value: {plan, value: seen.value}} : seen;
      const signedIn = requireSignedIn(env);
      if (signedIn.length) return fail(signedIn);
      const checked = validateChange(input, {
        profile: env.profile,
        today: env.today,
      });
      if (!checked.ok) return checked;
      const {form, lines: proposedInput} = checked.value;
      const hit = caseForChange(tables, env, caseId || form.caseId, {
        expectedVersion: form.expectedVersion,
      });
      if (!hit.ok) return hit;
      const c = hit.value.record;
      if (c.status !== 'active') {
        return refuse(
          'caseId',
          '§3',
          `Case ${c.caseId} has no endorsed placement (it is ${c.status}); a change form is for an endorsed placement. Resubmit the referral instead.`,
        );
      }
      const agencies = agencyCodes(env.profile);
      const all = caseLines(tables, c.caseId, agencies).map(h => h.record);
      const current = resolveStoredLines(
        currentLines(all, c.fundingVersion),
        env.profile,
      );
      let proposed = proposedInput;
      if (!proposed) {
        proposed = withoutAgency(current, form.withdrawingAgency!, agencies);
        if (!proposed) {
          return refuse(
            'withdrawingAgency',
            'F1',
            `${form.withdrawingAgency} is the only agency funding a line of ${c.caseId}: give new cost lines saying who funds the placement after the withdrawal.`,
          );
        }
      }
      if (form.changeType === 'agencyWithdrawal' && form.withdrawingAgency) {
        const still = proposed.filter(
          l => (l.sharesBp[form.withdrawingAgency!] ?? 0) > 0,
        );
        if (still.length) {
          return refuse(
            'costLines',
            'F8',
            `${form.withdrawingAgency} is withdrawing its contribution, so it cannot keep a share in the new cost lines.`,
          );
        }
      }
      const version = Math.max(0, ...all.map(l => l.version)) + 1;
      const changeNumber =
        tables.rows<ChangeRecord>('Changes').filter(x => x.caseId === c.caseId)
          .length + 1;
      const changeId = `${c.caseId}-C${changeNumber}`;
      const booked = book(tables, env, {caseId: c.caseId});
      if (!booked.ok) return fail(booked.errors);
      const panelDate = booked.booking.panelDate;
      const affected = affectedAgencies(
        current,
        proposed,
        form.withdrawingAgency,
      );
      const change: ChangeRecord = {
        changeId,
        caseId: c.caseId,
        changeType: form.changeType,
        reason: form.reason,
        effectiveDate: form.effectiveDate,
        noticeDate: form.noticeDate ?? null,
        withdrawingAgency: form.withdrawingAgency ?? '',
        status: 'submitted',
        submittedBy: env.user,
        submittedDate: env.today,
        panelDate,
        panelEndorsedDate: null,
        fundingVersion: version,
        endorsements: {...(form.endorsements ?? {})},
      };
      const awaiting = missingEndorsements(change, affected);
      plan
        .append('Changes', changeToRow(change, agencies))
        .append(
          'CostLines',
          ...costLineRows(c.caseId, version, proposed, {
            status: 'proposed',
            effectiveDate: form.effectiveDate,
            changeId,
            agencies,
          }),
        )
        .touchCase(hit.value);
      ensurePanelRow(tables, plan, panelDate, env.profile, env.cal);
      const value: ChangeResult = {
        changeId,
        caseId: c.caseId,
        version,
        panelDate,
        affectedAgencies: affected,
        awaitingEndorsement: awaiting,
        message:
          `Change ${changeId} (${form.changeType}) from ${formatLongDate(form.effectiveDate)} is booked for the panel on ${formatLongDate(panelDate)}.` +
          (booked.booking.reason ? ` ${booked.booking.reason}` : '') +
          (awaiting.length
            ? ` It takes effect in finance once ${awaiting.join(', ')} ${awaiting.length === 1 ? 'has' : 'have'} endorsed it and the panel endorses it (F9).`
            : ' Every affected agency has endorsed it; it takes effect once the panel endorses it (F9).'),
      };
      plan
        .audit(
          'submitChange',
          changeId,
          `Change ${form.changeType} effective ${form.effectiveDate}; version ${version}; affects ${affected.join(', ') || 'no agency'}; panel ${panelDate}`,
        )
        .recordSubmission(submissionId, 'submitChange', changeId, value);
      return {ok: true, value: {plan, value}};
    },
  );
}

export interface EndorseResult {
  changeId: string;
  agency: string;
  endorsedDate: string;
  awaitingEndorsement: string[];
  message: string;
}

/** F9: an agency's representative (or an admin on its behalf) endorses a change. */
export function endorseChange(
  deps: Deps,
  input: unknown,
): Result<EndorseResult> {
  const args = (input ?? {}) as {changeId?: unknown; agency?: unknown};
  const changeId = String(args.changeId ?? '').trim();
  const agency = String(args.agency ?? '')
    .trim()
    .toUpperCase();
  return writeUseCase(
    deps,
    ['Cases', 'CostLines', 'Changes'],
    (tables, env) => {
      const signedIn = requireSignedIn(env);
      if (signedIn.length) return fail(signedIn);
      const agencies = agencyCodes(env.profile);
      const hit = tables.first<Record<string, unknown>>(
        'Changes',
        r => r.changeId === changeId,
      );
      if (!hit)
        return refuse(
          'changeId',
          '§3',
          `There is no change ${changeId || '(blank)'}.`,
        );
      const change = changeFromRow(hit.record as never, agencies);
      if (!agencies.includes(agency))
        return refuse(
          'agency',
          '§3',
          `${agency || '(blank)'} is not an agency of this panel.`,
        );
      const isRep =
        (env.roles.has('member') || env.roles.has('chair')) &&
        env.agency === agency;
      if (!isAdmin(env) && !isRep) {
        return refuse(
          'agency',
          'S5',
          `Only a representative of ${agency} (or an admin on its behalf) can endorse for ${agency}.`,
        );
      }
      if (change.status !== 'submitted' && change.status !== 'endorsed') {
        return refuse(
          'changeId',
          '§3',
          `Change ${changeId} is ${change.status} and cannot be endorsed.`,
        );
      }
      const plan = new PlanBuilder(tables, env);
      const lines = caseLines(tables, change.caseId, agencies).map(
        h => h.record,
      );
      const c = tables.caseById(change.caseId)!;
      const current = resolveStoredLines(
        currentLines(lines, c.record.fundingVersion),
        env.profile,
      );
      const proposed = resolveStoredLines(
        lines.filter(l => l.version === change.fundingVersion),
        env.profile,
      );
      const affected = affectedAgencies(
        current,
        proposed,
        change.withdrawingAgency || undefined,
      );
      const endorsed = {
        ...change.endorsements,
        [agency]: change.endorsements[agency] ?? env.today,
      };
      const awaiting = affected.filter(a => !endorsed[a]);
      plan
        .update('Changes', hit.rowNumber, {
          [endorsedColumn(agency)]: endorsed[agency],
        })
        .touchCase(c)
        .audit(
          'endorseChange',
          changeId,
          `${agency} endorsed change ${changeId}`,
        );
      return {
        ok: true,
        value: {
          plan,
          value: {
            changeId,
            agency,
            endorsedDate: endorsed[agency],
            awaitingEndorsement: awaiting,
            message: `${agency} endorsed change ${changeId}.${awaiting.length ? ` Still awaiting ${awaiting.join(', ')}.` : ''}`,
          },
        },
      };
    },
  );
}
