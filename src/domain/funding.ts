/**
 * Funding rules F1–F12: shares, splits, annual costs, additional costs, the
 * default formula, backdating, notice, endorsement of changes, high cost and
 * what must be agreed before a referral reaches an agenda.
 */
import {addMonths, formatLongDate, IsoDate, minDate} from './calendar';
import {
  annualPence,
  BasisPoints,
  formatPence,
  FULL_SHARE_BP,
  Pence,
  splitPence,
} from './money';
import {fundingAgencies, Profile} from './profiles';
import {AssessmentRecord, ChangeRecord, CostKind, CostLine} from './records';
import {FieldError, fieldError} from './result';
import {CostLineInput} from './schemas';

/** A cost line with its split worked out (F2–F6). */
export interface ResolvedLine {
  kind: CostKind;
  description: string;
  weeklyPence: Pence;
  weeksPerYear: number;
  annualPence: Pence;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  reason: string;
  stepDownDate: IsoDate | null;
  sharesBp: Record<string, BasisPoints>;
  /** F3: weekly pence per agency, summing to weeklyPence. */
  agencyWeeklyPence: Record<string, Pence>;
  /** F4: annual pence per agency, summing to annualPence. */
  agencyAnnualPence: Record<string, Pence>;
  /** F6: the profile's default formula was applied to this line. */
  formulaApplied: boolean;
}

export interface FundingTotals {
  weeklyPence: Pence;
  annualPence: Pence;
  agencyWeeklyPence: Record<string, Pence>;
  agencyAnnualPence: Record<string, Pence>;
}

/** Agencies in a fixed order: the profile's order, then any others. */
function orderedShares(
  sharesBp: Record<string, BasisPoints>,
  order: string[],
): Array<[string, BasisPoints]> {
  const known = order
    .filter(a => a in sharesBp)
    .map(a => [a, sharesBp[a]] as [string, BasisPoints]);
  const others = Object.keys(sharesBp)
    .filter(a => !order.includes(a))
    .sort()
    .map(a => [a, sharesBp[a]] as [string, BasisPoints]);
  return [...known, ...others];
}

/** F3: weekly and annual pence per agency for a line with valid shares. */
export function splitLine(
  weeklyPence: Pence,
  weeksPerYear: number,
  sharesBp: Record<string, BasisPoints>,
  agencyOrder: string[],
): {weekly: Record<string, Pence>; annual: Record<string, Pence>} {
  const shares = orderedShares(sharesBp, agencyOrder);
  const weekly = Object.fromEntries(splitPence(weeklyPence, shares));
  // The annual split is its own largest-remainder split of the annual
  // total, so the agencies' annual pence add up to the line's annual cost.
  const annual = Object.fromEntries(
    splitPence(annualPence(weeklyPence, weeksPerYear), shares),
  );
  return {weekly, annual};
}

/** F4: 38, 39 or 52 weeks, or 1–52 where the profile allows custom weeks. */
export function checkWeeksPerYear(
  weeks: number,
  profile: Profile,
  field: string,
): FieldError[] {
  if (profile.allowCustomWeeks) {
    return weeks >= 1 && weeks <= 52
      ? []
      : [fieldError(field, 'F4', 'Weeks per year must be from 1 to 52.')];
  }
  return [38, 39, 52].includes(weeks)
    ? []
    : [
        fieldError(
          field,
          'F4',
          `Weeks per year must be 38, 39 or 52 (education is often 38 or 39, care 52); ${weeks} is not allowed on this panel.`,
        ),
      ];
}

/** F2: the shares of a line add up to exactly 10000 bp, funding agencies only. */
export function checkShares(
  sharesBp: Record<string, BasisPoints>,
  profile: Profile,
  field: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const funding = fundingAgencies(profile).map(a => a.code);
  for (const agency of Object.keys(sharesBp)) {
    if (!funding.includes(agency) && sharesBp[agency] !== 0) {
      const known = profile.agencies.some(a => a.code === agency);
      errors.push(
        fieldError(
          `${field}.${agency}`,
          'F2',
          known
            ? `${agency} advises this panel but does not fund placements, so it cannot take a share.`
            : `${agency} is not an agency of this panel (agencies: ${funding.join(', ')}).`,
        ),
      );
    }
  }
  const sum = Object.values(sharesBp).reduce((s, bp) => s + bp, 0);
  if (sum !== FULL_SHARE_BP) {
    errors.push(
      fieldError(
        field,
        'F2',
        `Shares add up to ${(sum / 100).toFixed(2).replace(/[.]00$/, '')}%; they must add up to exactly 100%.`,
      ),
    );
  }
  return errors;
}

/** F5: an additional cost needs a reason, an end date or duration, and a step-down date. */
export function checkAdditionalLine(
  line: CostLineInput,
  field: string,
): FieldError[] {
  if (line.kind !== 'additional') return [];
  const errors: FieldError[] = [];
  if (!line.reason) {
    errors.push(
      fieldError(
        `${field}.reason`,
        'F5',
        'An additional cost needs a reason: why it is essential and how its impact will be reviewed.',
      ),
    );
  }
  if (!line.endDate && !line.durationWeeks) {
    errors.push(
      fieldError(
        `${field}.endDate`,
        'F5',
        'An additional cost needs an end date or a duration.',
      ),
    );
  }
  if (!line.stepDownDate) {
    errors.push(
      fieldError(
        `${field}.stepDownDate`,
        'F5',
        'An additional cost needs a step-down date.',
      ),
    );
  } else if (line.endDate && line.stepDownDate > line.endDate) {
    errors.push(
      fieldError(
        `${field}.stepDownDate`,
        'F5',
        'The step-down date must be on or before the end date.',
      ),
    );
  }
  return errors;
}

/**
 * Resolve the cost lines of a form: apply the default formula where no split
 * is agreed (F6), check shares (F2), typed per-agency figures (F3), weeks
 * basis (F4) and additional costs (F5).
 */
export function resolveCostLines(
  lines: CostLineInput[],
  profile: Profile,
  fieldPrefix = 'costLines',
): {lines: ResolvedLine[]; formulaInForce: boolean; errors: FieldError[]} {
  const errors: FieldError[] = [];
  const order = profile.agencies.map(a => a.code);
  const formula = Object.fromEntries(profile.defaultFormula);
  const resolved: ResolvedLine[] = [];
  lines.forEach((line, i) => {
    const field = `${fieldPrefix}.${i}`;
    const formulaApplied =
      !line.sharesBp || Object.keys(line.sharesBp).length === 0;
    const sharesBp = formulaApplied ? {...formula} : {...line.sharesBp!};
    const lineErrors = [
      ...checkShares(sharesBp, profile, `${field}.sharesBp`),
      ...checkWeeksPerYear(line.weeksPerYear, profile, `${field}.weeksPerYear`),
      ...checkAdditionalLine(line, field),
    ];
    if (line.weeklyPence <= 0) {
      lineErrors.push(
        fieldError(
          `${field}.weeklyPence`,
          'F4',
          'The weekly cost must be more than £0.00.',
        ),
      );
    }
    if (line.startDate && line.endDate && line.endDate < line.startDate) {
      lineErrors.push(
        fieldError(
          `${field}.endDate`,
          '§3',
          'The end date must be on or after the start date.',
        ),
      );
    }
    errors.push(...lineErrors);
    if (lineErrors.length > 0) return;
    const split = splitLine(
      line.weeklyPence,
      line.weeksPerYear,
      sharesBp,
      order,
    );
    for (const [agency, typed] of Object.entries(line.agencyPence ?? {})) {
      const expected = split.weekly[agency] ?? 0;
      if (Math.abs(typed - expected) > 1) {
        errors.push(
          fieldError(
            `${field}.agencyPence.${agency}`,
            'F3',
            `${agency}'s weekly cost is ${formatPence(typed)} but its share of ${formatPence(line.weeklyPence)} is ${formatPence(expected)}.`,
          ),
        );
      }
    }
    const endDate = line.endDate ?? null;
    resolved.push({
      kind: line.kind,
      description: line.description ?? '',
      weeklyPence: line.weeklyPence,
      weeksPerYear: line.weeksPerYear,
      annualPence: annualPence(line.weeklyPence, line.weeksPerYear),
      startDate: line.startDate ?? null,
      endDate,
      reason: line.reason ?? '',
      stepDownDate: line.stepDownDate ?? null,
      sharesBp: Object.fromEntries(
        Object.entries(sharesBp).filter(([, bp]) => bp !== 0),
      ),
      agencyWeeklyPence: split.weekly,
      agencyAnnualPence: split.annual,
      formulaApplied,
    });
  });
  return {
    lines: resolved,
    formulaInForce: resolved.some(l => l.formulaApplied),
    errors,
  };
}

/** F4 totals: weekly and annual, per agency and overall. */
export function fundingTotals(
  lines: ReadonlyArray<
    Pick<
      ResolvedLine,
      'weeklyPence' | 'annualPence' | 'agencyWeeklyPence' | 'agencyAnnualPence'
    >
  >,
): FundingTotals {
  const totals: FundingTotals = {
    weeklyPence: 0,
    annualPence: 0,
    agencyWeeklyPence: {},
    agencyAnnualPence: {},
  };
  for (const line of lines) {
    totals.weeklyPence += line.weeklyPence;
    totals.annualPence += line.annualPence;
    for (const [a, p] of Object.entries(line.agencyWeeklyPence)) {
      totals.agencyWeeklyPence[a] = (totals.agencyWeeklyPence[a] ?? 0) + p;
    }
    for (const [a, p] of Object.entries(line.agencyAnnualPence)) {
      totals.agencyAnnualPence[a] = (totals.agencyAnnualPence[a] ?? 0) + p;
    }
  }
  return totals;
}

/** Resolve stored cost lines (already valid) to their splits. */
export function resolveStoredLines(
  lines: CostLine[],
  profile: Profile,
): ResolvedLine[] {
  const order = profile.agencies.map(a => a.code);
  return lines.map(l => {
    const split = splitLine(l.weeklyPence, l.weeksPerYear, l.sharesBp, order);
    return {
      kind: l.kind,
      description: l.description,
      weeklyPence: l.weeklyPence,
      weeksPerYear: l.weeksPerYear,
      annualPence: annualPence(l.weeklyPence, l.weeksPerYear),
      startDate: l.startDate,
      endDate: l.endDate,
      reason: l.reason,
      stepDownDate: l.stepDownDate,
      sharesBp: l.sharesBp,
      agencyWeeklyPence: split.weekly,
      agencyAnnualPence: split.annual,
      formulaApplied: false,
    };
  });
}

/** Agencies taking a non-zero share of any line. */
export function fundingAgenciesOf(
  lines: ReadonlyArray<{sharesBp: Record<string, BasisPoints>}>,
): string[] {
  const set = new Set<string>();
  for (const l of lines) {
    for (const [a, bp] of Object.entries(l.sharesBp)) if (bp > 0) set.add(a);
  }
  return [...set];
}

/**
 * F1: a joint panel needs at least minFundingAgencies agencies with a
 * non-zero share; below that the referral belongs to an agency's own panel.
 */
export function checkMinFundingAgencies(
  lines: ReadonlyArray<{sharesBp: Record<string, BasisPoints>}>,
  profile: Profile,
  field = 'costLines',
): FieldError[] {
  const agencies = fundingAgenciesOf(lines);
  if (agencies.length >= profile.minFundingAgencies) return [];
  const who =
    agencies.length === 0
      ? 'No agency takes'
      : `Only ${agencies.join(' and ')} ${agencies.length === 1 ? 'takes' : 'take'}`;
  return [
    fieldError(
      field,
      'F1',
      `${who} a share, but ${profile.panelName} needs at least ${profile.minFundingAgencies} funding agencies. ` +
        "If only one agency is funding, use that agency's own panel (for social care, the Access to Resources or Children in Care panel).",
    ),
  ];
}

/** F7: costs commence from the earlier of the alert-shared date and the placement start. */
export function costStartDate(
  alertSharedDate: IsoDate | null,
  placementStartDate: IsoDate | null,
): IsoDate | null {
  if (alertSharedDate && placementStartDate)
    return minDate(alertSharedDate, placementStartDate);
  return alertSharedDate ?? placementStartDate ?? null;
}

/** F8: ceasing a contribution needs noticeMonths calendar months' notice. */
export function checkNotice(
  noticeDate: IsoDate | undefined,
  effectiveDate: IsoDate,
  profile: Profile,
): FieldError[] {
  if (profile.noticeMonths === null) return [];
  if (!noticeDate) {
    return [
      fieldError(
        'noticeDate',
        'F8',
        `Give the date notice was given: an agency must give ${profile.noticeMonths} months' notice before it stops contributing.`,
      ),
    ];
  }
  const earliest = addMonths(noticeDate, profile.noticeMonths);
  if (effectiveDate < earliest) {
    return [
      fieldError(
        'effectiveDate',
        'F8',
        `An agency must give ${profile.noticeMonths} months' notice before it stops contributing: with notice given on ${formatLongDate(noticeDate)}, the change can take effect on ${formatLongDate(earliest)} at the earliest.`,
      ),
    ];
  }
  return [];
}

/** F10: a change of placement venue starts a new alert, not a change form. */
export function checkNotVenueChange(changeType: string): FieldError[] {
  return changeType === 'venueChange'
    ? [
        fieldError(
          'changeType',
          'F10',
          'A change of placement venue is not a change form: submit a new referral alert (part 1) for the new placement.',
        ),
      ]
    : [];
}

/**
 * F9: the agencies a change affects: those whose weekly pence differ between
 * the current and the proposed lines, and a withdrawing agency.
 */
export function affectedAgencies(
  current: ReadonlyArray<Pick<ResolvedLine, 'agencyWeeklyPence'>>,
  proposed: ReadonlyArray<Pick<ResolvedLine, 'agencyWeeklyPence'>>,
  withdrawingAgency?: string,
): string[] {
  const sum = (lines: typeof current) => {
    const out: Record<string, Pence> = {};
    for (const l of lines)
      for (const [a, p] of Object.entries(l.agencyWeeklyPence))
        out[a] = (out[a] ?? 0) + p;
    return out;
  };
  const before = sum(current);
  const after = sum(proposed);
  const agencies = new Set([...Object.keys(before), ...Object.keys(after)]);
  const affected = [...agencies].filter(
    a => (before[a] ?? 0) !== (after[a] ?? 0),
  );
  if (withdrawingAgency && !affected.includes(withdrawingAgency))
    affected.push(withdrawingAgency);
  return affected.sort();
}

/** F9: a change takes effect in finance only once every affected agency and the panel endorsed it. */
export function changeInForce(
  change: ChangeRecord,
  affected: string[],
): boolean {
  return (
    change.status === 'endorsed' &&
    change.panelEndorsedDate !== null &&
    affected.every(a => Boolean(change.endorsements[a]))
  );
}

/** F9: who has yet to endorse a change. */
export function missingEndorsements(
  change: ChangeRecord,
  affected: string[],
): string[] {
  return affected.filter(a => !change.endorsements[a]);
}

/** F11: a weekly total above the threshold flags the case as high cost. */
export function isHighCost(weeklyTotalPence: Pence, profile: Profile): boolean {
  return (
    profile.highCostWeeklyPence !== null &&
    weeklyTotalPence > profile.highCostWeeklyPence
  );
}

/**
 * F12: before a referral can be placed on an agenda, each funding agency
 * other than the lead agency has an assessment (completed, or declined with
 * a reason) and has agreed in principle — on its assessment or as recorded
 * on the referral. The lead agency's own agreement is the referral's
 * management approval.
 */
export function checkReadyForAgenda(input: {
  fundingAgencies: string[];
  leadAgency: string;
  assessments: AssessmentRecord[];
  inPrincipleOnReferral?: Record<string, boolean>;
}): FieldError[] {
  const errors: FieldError[] = [];
  for (const agency of input.fundingAgencies) {
    if (agency === input.leadAgency) continue;
    const a = input.assessments.find(x => x.agency === agency);
    const assessed =
      a !== undefined &&
      (a.status === 'completed' ||
        (a.status === 'declined' && a.declineReason.trim() !== ''));
    if (!assessed) {
      errors.push(
        fieldError(
          `assessments.${agency}`,
          'F12',
          a === undefined
            ? `${agency} has not been asked for an assessment; each funding agency must assess before the referral can go to panel.`
            : `${agency}'s assessment is ${a.status === 'declined' ? 'declined without a reason' : a.status}; it must be completed before the referral can go to panel.`,
        ),
      );
    }
    const agreed =
      (a?.inPrincipleAgreed ?? false) ||
      input.inPrincipleOnReferral?.[agency] === true;
    if (!agreed) {
      errors.push(
        fieldError(
          `inPrincipleAgreement.${agency}`,
          'F12',
          `${agency} has not agreed in principle to fund; in-principle agreement from each funding agency must be in place before panel.`,
        ),
      );
    }
  }
  return errors;
}
