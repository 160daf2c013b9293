/**
 * Each form's full validation: its schema (shape) and the rules that need
 * only the panel profile and today's date. The sidebar runs these as the
 * person types; the server runs them again, then the rules that need the
 * tracker's records (F12, D3 booking, stale forms) in the use cases.
 */
import {ageOn, IsoDate} from './calendar';
import {checkConsent, checkReviewDate} from './deadlines';
import {
  checkMinFundingAgencies,
  checkNotice,
  checkNotVenueChange,
  fundingTotals,
  isHighCost,
  ResolvedLine,
  resolveCostLines,
} from './funding';
import {Profile, Provision} from './profiles';
import {FieldError, fieldError, fail, ok, Result} from './result';
import {
  AlertInput,
  AlertSchema,
  AssessmentInput,
  AssessmentSchema,
  ChangeInput,
  ChangeSchema,
  DecisionInput,
  DecisionSchema,
  EmergencyInput,
  EmergencySchema,
  normalise,
  parseForm,
  ReferralInput,
  ReferralSchema,
} from './schemas';

export interface FormContext {
  profile: Profile;
  today: IsoDate;
}

function agencyErrors(
  codes: Array<[string, string | undefined]>,
  profile: Profile,
): FieldError[] {
  const known = profile.agencies.map(a => a.code);
  return codes
    .filter(([, code]) => code !== undefined && !known.includes(code))
    .map(([field, code]) =>
      fieldError(
        field,
        '§3',
        `${code} is not an agency of this panel (agencies: ${known.join(', ')}).`,
      ),
    );
}

function withRules<T>(
  parsed: Result<T>,
  rules: (value: T) => FieldError[],
): Result<T> {
  if (!parsed.ok) return parsed;
  const errors = rules(parsed.value);
  return errors.length ? fail(errors) : parsed;
}

/** Regulated settings need Ofsted registration before a placement is considered. */
const REGULATED: ReadonlySet<Provision> = new Set([
  'residential',
  'residentialSchool',
  'residentialWithHealth',
  'residentialHealthEducationCare',
  'secure',
  'fostering',
  'respite',
]);

// ---------------------------------------------------------------------------

export function validateAlert(
  input: unknown,
  ctx: FormContext,
): Result<AlertInput> {
  return withRules(parseForm(AlertSchema, normalise.alert(input)), a => {
    const errors: FieldError[] = [
      ...agencyErrors(
        [
          ['leadAgency', a.leadAgency],
          ['referrer.agency', a.referrer.agency],
          ...(a.agenciesToAssess ?? []).map((c, i): [string, string] => [
            `agenciesToAssess.${i}`,
            c,
          ]),
        ],
        ctx.profile,
      ),
    ];
    const dob = a.child.dateOfBirth;
    if (dob > ctx.today) {
      errors.push(
        fieldError(
          'child.dateOfBirth',
          '§3',
          'The date of birth cannot be in the future.',
        ),
      );
    } else if (ageOn(dob, ctx.today) >= 25) {
      errors.push(
        fieldError(
          'child.dateOfBirth',
          '§3',
          'This panel is for children and young people under 25.',
        ),
      );
    } else {
      errors.push(...checkConsent(a.consent, dob, ctx.today, ctx.profile));
    }
    if (ctx.profile.requireLocalOptionsExhausted) {
      if (a.localOptionsExhausted !== true) {
        errors.push(
          fieldError(
            'localOptionsExhausted',
            '§3',
            'An external placement is only considered once flexible local packages are exhausted: confirm this and give the evidence.',
          ),
        );
      } else if (!a.localOptionsEvidence) {
        errors.push(
          fieldError(
            'localOptionsEvidence',
            '§3',
            'Give the evidence that local options are exhausted.',
          ),
        );
      }
    }
    return errors;
  });
}

// ---------------------------------------------------------------------------

export interface CheckedReferral {
  form: ReferralInput;
  lines: ResolvedLine[];
  formulaInForce: boolean;
  weeklyTotalPence: number;
  annualTotalPence: number;
  highCost: boolean;
}

/**
 * Part 2: F1–F6 and F11 on the cost lines, management approval, placement
 * checks (Ofsted, CQC, terms) and the options appraisal. `provision` is the
 * alert's proposed provision, when known.
 */
export function validateReferral(
  input: unknown,
  ctx: FormContext & {provision?: Provision | ''},
): Result<CheckedReferral> {
  const parsed = parseForm(ReferralSchema, normalise.referral(input));
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  const resolved = resolveCostLines(r.costLines, ctx.profile);
  const errors: FieldError[] = [...resolved.errors];
  if (resolved.errors.length === 0)
    errors.push(...checkMinFundingAgencies(resolved.lines, ctx.profile));
  errors.push(
    ...agencyErrors(
      [
        ...Object.keys(r.evidenceLinks ?? {}).map((c): [string, string] => [
          `evidenceLinks.${c}`,
          c,
        ]),
        ...Object.keys(r.inPrincipleAgreement ?? {}).map(
          (c): [string, string] => [`inPrincipleAgreement.${c}`, c],
        ),
      ],
      ctx.profile,
    ),
  );
  if (r.managementApproval.date > ctx.today) {
    errors.push(
      fieldError(
        'managementApproval.date',
        '§3',
        'Management approval must be given before the referral is submitted.',
      ),
    );
  }
  const p = r.placement;
  if (p.startDate && p.endDate && p.endDate < p.startDate) {
    errors.push(
      fieldError(
        'placement.endDate',
        '§3',
        'The placement end date must be on or after its start date.',
      ),
    );
  }
  if (
    ctx.provision &&
    REGULATED.has(ctx.provision) &&
    p.ofstedRegistered !== true
  ) {
    errors.push(
      fieldError(
        'placement.ofstedRegistered',
        '§3',
        'The setting must be registered with Ofsted (checked against its latest report) before the placement can be considered.',
      ),
    );
  }
  if (p.cqcRequired && p.cqcRegistered !== true) {
    errors.push(
      fieldError(
        'placement.cqcRegistered',
        '§3',
        'This setting needs Care Quality Commission registration: confirm it is registered.',
      ),
    );
  }
  if (ctx.profile.requireTermsAccepted && p.termsAccepted !== true) {
    errors.push(
      fieldError(
        'placement.termsAccepted',
        '§3',
        "The provider must accept the council's terms and conditions before the referral.",
      ),
    );
  }
  if (r.optionsConsidered && r.optionsConsidered.length > 0) {
    const recommended = r.optionsConsidered.filter(o => o.recommended);
    if (recommended.length !== 1) {
      errors.push(
        fieldError(
          'optionsConsidered',
          '§3',
          'Mark exactly one option as recommended.',
        ),
      );
    } else if (!recommended[0].rationale) {
      const i = r.optionsConsidered.indexOf(recommended[0]);
      errors.push(
        fieldError(
          `optionsConsidered.${i}.rationale`,
          '§3',
          'Say why the recommended option is preferred.',
        ),
      );
    }
  }
  if (errors.length) return fail(errors);
  const totals = fundingTotals(resolved.lines);
  return ok({
    form: r,
    lines: resolved.lines,
    formulaInForce: resolved.formulaInForce,
    weeklyTotalPence: totals.weeklyPence,
    annualTotalPence: totals.annualPence,
    highCost: isHighCost(totals.weeklyPence, ctx.profile),
  });
}

// ---------------------------------------------------------------------------

export interface CheckedChange {
  form: ChangeInput;
  lines: ResolvedLine[] | null;
}

/** Part 4: F10 (venue change refused), F8 (notice), F2–F6 on the new lines. */
export function validateChange(
  input: unknown,
  ctx: FormContext,
): Result<CheckedChange> {
  const raw = normalise.change(input) as Record<string, unknown> | undefined;
  if (raw && raw.changeType === 'venueChange')
    return fail(checkNotVenueChange('venueChange'));
  const parsed = parseForm(ChangeSchema, raw);
  if (!parsed.ok) return parsed;
  const c = parsed.value;
  const errors: FieldError[] = [...checkNotVenueChange(c.changeType)];
  errors.push(
    ...agencyErrors(
      [
        ['withdrawingAgency', c.withdrawingAgency],
        ...Object.keys(c.endorsements ?? {}).map((a): [string, string] => [
          `endorsements.${a}`,
          a,
        ]),
      ],
      ctx.profile,
    ),
  );
  if (c.changeType === 'agencyWithdrawal') {
    if (!c.withdrawingAgency) {
      errors.push(
        fieldError(
          'withdrawingAgency',
          '§3',
          'Say which agency is ceasing its contribution.',
        ),
      );
    }
    errors.push(...checkNotice(c.noticeDate, c.effectiveDate, ctx.profile));
  }
  for (const [agency, date] of Object.entries(c.endorsements ?? {})) {
    if (date > ctx.today)
      errors.push(
        fieldError(
          `endorsements.${agency}`,
          'F9',
          'An endorsement cannot be dated in the future.',
        ),
      );
  }
  let lines: ResolvedLine[] | null = null;
  if (c.costLines && c.costLines.length > 0) {
    const resolved = resolveCostLines(c.costLines, ctx.profile);
    errors.push(...resolved.errors);
    lines = resolved.lines;
  } else if (c.changeType !== 'agencyWithdrawal') {
    errors.push(
      fieldError(
        'costLines',
        '§3',
        'Give the new cost lines and shares the change asks for.',
      ),
    );
  }
  return errors.length ? fail(errors) : ok({form: c, lines});
}

// ---------------------------------------------------------------------------

export function validateEmergency(
  input: unknown,
  ctx: FormContext,
): Result<EmergencyInput> {
  return withRules(
    parseForm(EmergencySchema, normalise.emergency(input)),
    e => {
      const errors: FieldError[] = agencyErrors(
        [
          ['leadAgency', e.leadAgency],
          ...e.notifiedAgencies.map((n, i): [string, string] => [
            `notifiedAgencies.${i}.agency`,
            n.agency,
          ]),
        ],
        ctx.profile,
      );
      if (!e.caseId && !e.child) {
        errors.push(
          fieldError(
            'caseId',
            '§3',
            "Give the case ID, or the child's details for a child new to the panel.",
          ),
        );
      }
      if (e.child && !e.leadAgency) {
        errors.push(
          fieldError(
            'leadAgency',
            '§3',
            'Give the lead agency for a child new to the panel.',
          ),
        );
      }
      if (e.child && e.child.dateOfBirth > ctx.today) {
        errors.push(
          fieldError(
            'child.dateOfBirth',
            '§3',
            'The date of birth cannot be in the future.',
          ),
        );
      }
      if (e.placementStartDate > ctx.today) {
        errors.push(
          fieldError(
            'placementStartDate',
            'D8',
            'An emergency notice is for a placement already made: the start date cannot be in the future.',
          ),
        );
      }
      e.notifiedAgencies.forEach((n, i) => {
        if (n.date > ctx.today)
          errors.push(
            fieldError(
              `notifiedAgencies.${i}.date`,
              'D8',
              'A notification date cannot be in the future.',
            ),
          );
        if (n.date < e.placementStartDate) {
          errors.push(
            fieldError(
              `notifiedAgencies.${i}.date`,
              'D8',
              'An agency is notified of a placement on or after the day it is made.',
            ),
          );
        }
      });
      return errors;
    },
  );
}

// ---------------------------------------------------------------------------

export function validateAssessment(
  input: unknown,
  ctx: FormContext,
): Result<AssessmentInput> {
  return withRules(parseForm(AssessmentSchema, normalise.plain(input)), a => {
    const errors = agencyErrors([['agency', a.agency]], ctx.profile);
    if (a.status === 'declined' && !a.declineReason) {
      errors.push(
        fieldError(
          'declineReason',
          'F12',
          'An agency that declines must give its reason.',
        ),
      );
    }
    if (a.completedDate && a.completedDate > ctx.today) {
      errors.push(
        fieldError(
          'completedDate',
          '§3',
          'The completion date cannot be in the future.',
        ),
      );
    }
    if (a.inPrincipleShareBp !== undefined && a.inPrincipleAgreed === false) {
      errors.push(
        fieldError(
          'inPrincipleShareBp',
          'F12',
          'A share is only given with an in-principle agreement.',
        ),
      );
    }
    return errors;
  });
}

// ---------------------------------------------------------------------------

export interface CheckedDecision {
  form: DecisionInput;
  lines: ResolvedLine[] | null;
}

/**
 * The decision form: P2 outcomes (conditions for endorsedWithConditions,
 * agencies in dispute for an escalation), D9 review date on endorsement,
 * F2–F6 on final cost lines.
 */
export function validateDecision(
  input: unknown,
  ctx: FormContext & {
    provision?: Provision | '';
    placementStartDate?: IsoDate | null;
    isFirstEndorsement?: boolean;
  },
): Result<CheckedDecision> {
  const parsed = parseForm(DecisionSchema, normalise.decision(input));
  if (!parsed.ok) return parsed;
  const d = parsed.value;
  const errors: FieldError[] = agencyErrors(
    [
      ...Object.keys(d.attendees ?? {}).map((a): [string, string] => [
        `attendees.${a}`,
        a,
      ]),
      ...(d.disputingAgencies ?? []).map((a, i): [string, string] => [
        `disputingAgencies.${i}`,
        a,
      ]),
    ],
    ctx.profile,
  );
  const endorsed =
    d.outcome === 'endorsed' || d.outcome === 'endorsedWithConditions';
  if (d.outcome === 'endorsedWithConditions' && !d.conditions) {
    errors.push(
      fieldError(
        'conditions',
        'P2',
        'State the conditions of the endorsement.',
      ),
    );
  }
  if (endorsed) {
    errors.push(
      ...checkReviewDate({
        reviewDate: d.reviewDate,
        panelDate: d.panelDate,
        provision: ctx.provision,
        placementStartDate: ctx.placementStartDate ?? null,
        isFirstEndorsement: ctx.isFirstEndorsement ?? true,
        profile: ctx.profile,
      }),
    );
  }
  if (d.approvalEndDate && d.approvalEndDate <= d.panelDate) {
    errors.push(
      fieldError(
        'approvalEndDate',
        'D14',
        'The approval must end after the panel date.',
      ),
    );
  }
  d.actions.forEach((a, i) => {
    if (a.dueDate < d.panelDate)
      errors.push(
        fieldError(
          `actions.${i}.dueDate`,
          'P2',
          'An action is due on or after the panel date.',
        ),
      );
  });
  let lines: ResolvedLine[] | null = null;
  if (d.costLines && d.costLines.length > 0) {
    const resolved = resolveCostLines(d.costLines, ctx.profile);
    errors.push(...resolved.errors);
    if (resolved.errors.length === 0 && endorsed && !d.changeId) {
      errors.push(...checkMinFundingAgencies(resolved.lines, ctx.profile));
    }
    lines = resolved.lines;
  }
  return errors.length ? fail(errors) : ok({form: d, lines});
}
