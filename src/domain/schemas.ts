/**
 * The forms of SPEC section 3 as zod/mini schemas; their types are inferred
 * from them. parseForm() turns a schema's issues into field errors that name
 * the field, the SPEC rule and say what is wrong in a referrer's words.
 *
 * These schemas check shape (types, required fields, real dates, whole
 * pence, whole basis points). The rules that need the profile or today's
 * date (F1–F12, D3, D9, D12 …) are in funding.ts and deadlines.ts and are
 * combined with these in validation.ts.
 */
import * as z from 'zod/mini';
import {isIsoDate} from './calendar';
import {PROVISIONS} from './profiles';
import {CHANGE_TYPES, COST_KINDS, OUTCOMES} from './records';
import {FieldError, FORM_RULE, Result, ok, fail} from './result';

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

const rule = (id: string) => ({params: {rule: id}});

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export const isoDate = z.string().check(
  z.refine(isIsoDate, {
    message: 'must be a real date written YYYY-MM-DD',
    ...rule(FORM_RULE),
  }),
);

/**
 * Free text is kept exactly as typed (S3: a tab- or CR-led answer reads back
 * as typed); only its emptiness is judged on the trimmed text.
 */
const text = (max = 2000) =>
  z.string().check(
    z.refine(v => v.trim().length > 0, {message: 'is required'}),
    z.maxLength(max, `must be at most ${max} characters`),
  );

export const email = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address'),
  );

export const agencyCode = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'must be an agency code such as SCS'),
  );

export const caseId = z
  .string()
  .check(
    z.trim(),
    z.regex(
      /^[A-Z][A-Z0-9]{1,9}-\d{4}-\d{4,}$/,
      'must be a case ID such as JRAP-2026-0007',
    ),
  );

/** Whole pence, never negative. */
const pence = (ruleId: string) =>
  z.number().check(
    z.refine(n => Number.isSafeInteger(n), {
      message: 'must be a whole number of pence',
      ...rule(ruleId),
    }),
    z.refine(n => n >= 0, {message: 'must not be negative', ...rule(ruleId)}),
  );

/** Whole basis points from 0 to 10000. */
const basisPoints = z.number().check(
  z.refine(n => Number.isSafeInteger(n), {
    message: 'must be a whole number of basis points (10000 = 100%)',
    ...rule('F2'),
  }),
  z.refine(n => n >= 0 && n <= 10000, {
    message: 'must be between 0 and 10000 basis points',
    ...rule('F2'),
  }),
);

const submissionId = z.optional(
  z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
);
const expectedVersion = z.optional(z.int());
const bool = z.boolean();

// ---------------------------------------------------------------------------
// Referral alert (part 1)
// ---------------------------------------------------------------------------

export const AlertSchema = z.object({
  submissionId,
  child: z.object({
    childRef: text(80),
    initials: z
      .string()
      .check(
        z.trim(),
        z.regex(
          /^[A-Za-z][A-Za-z .'-]{0,9}$/,
          "must be the child's initials (letters, up to 10 characters)",
        ),
      ),
    dateOfBirth: isoDate,
    legalStatus: text(120),
    hasEhcp: z._default(bool, false),
  }),
  referrer: z._default(
    z.object({
      name: z.optional(text(120)),
      email: z.optional(email),
      agency: z.optional(agencyCode),
      role: z.optional(text(120)),
    }),
    {},
  ),
  leadAgency: agencyCode,
  agenciesToAssess: z.optional(z.array(agencyCode)),
  consent: z._default(
    z.object({
      parentConsent: z.optional(bool),
      youngPersonConsent: z.optional(bool),
      mentalCapacity: z.optional(z.enum(['hasCapacity', 'lacksCapacity'])),
      bestInterestDecisionDate: z.optional(isoDate),
    }),
    {},
  ),
  needsSummary: text(4000),
  localOptionsExhausted: z.optional(bool),
  localOptionsEvidence: z.optional(text(4000)),
  proposedProvision: z.enum(PROVISIONS),
  knownWeeklyPence: z.optional(pence('F4')),
  emergency: z._default(bool, false),
});
export type AlertInput = z.infer<typeof AlertSchema>;

// ---------------------------------------------------------------------------
// Cost lines (referral part 2, change form, decision)
// ---------------------------------------------------------------------------

export const CostLineSchema = z.object({
  kind: z.enum(COST_KINDS),
  description: z.optional(text(300)),
  weeklyPence: pence('F4'),
  weeksPerYear: z.number().check(
    z.refine(n => Number.isInteger(n), {
      message: 'must be a whole number of weeks',
      ...rule('F4'),
    }),
  ),
  startDate: z.optional(isoDate),
  endDate: z.optional(isoDate),
  durationWeeks: z.optional(z.int().check(z.positive())),
  reason: z.optional(text(2000)),
  stepDownDate: z.optional(isoDate),
  /** Agency code → share in basis points. Omit to apply the default formula (F6). */
  sharesBp: z.optional(z.record(agencyCode, basisPoints)),
  /** Weekly pence per agency as typed by a person, checked against F3. */
  agencyPence: z.optional(z.record(agencyCode, pence('F3'))),
});
export type CostLineInput = z.infer<typeof CostLineSchema>;

const costLines = z
  .array(CostLineSchema)
  .check(z.minLength(1, 'must have at least one cost line'));

// ---------------------------------------------------------------------------
// Referral (part 2)
// ---------------------------------------------------------------------------

export const ReferralSchema = z.object({
  submissionId,
  expectedVersion,
  caseId,
  managementApproval: z.object({
    name: text(120),
    email: z.optional(email),
    date: isoDate,
  }),
  leadOfficer: z.optional(text(120)),
  placement: z.object({
    provider: text(200),
    setting: z.optional(text(200)),
    ofstedUrn: z.optional(text(20)),
    ofstedRegistered: z.optional(bool),
    cqcRequired: z._default(bool, false),
    cqcRegistered: z.optional(bool),
    visited: z.optional(bool),
    termsAccepted: z.optional(bool),
    startDate: z.optional(isoDate),
    endDate: z.optional(isoDate),
  }),
  optionsConsidered: z.optional(
    z.array(
      z.object({
        description: text(500),
        recommended: z._default(bool, false),
        rationale: z.optional(text(2000)),
      }),
    ),
  ),
  costLines,
  paymentArrangement: z._default(
    z.enum(['leadAgencyPaysAndRecharges', 'eachAgencyPaysProvider']),
    'leadAgencyPaysAndRecharges',
  ),
  rechargeFrequency: z._default(
    z.enum(['monthly', 'quarterly', 'termly']),
    'quarterly',
  ),
  requestedPanelDate: z.optional(isoDate),
  evidenceLinks: z.optional(z.record(agencyCode, text(500))),
  inPrincipleAgreement: z.optional(z.record(agencyCode, bool)),
  emergency: z.optional(bool),
  chairApproval: z.optional(
    z.object({name: text(120), date: z.optional(isoDate)}),
  ),
});
export type ReferralInput = z.infer<typeof ReferralSchema>;

// ---------------------------------------------------------------------------
// Change form (part 4)
// ---------------------------------------------------------------------------

export const ChangeSchema = z.object({
  submissionId,
  expectedVersion,
  caseId,
  changeType: z.enum(CHANGE_TYPES),
  reason: text(4000),
  effectiveDate: isoDate,
  costLines: z.optional(z.array(CostLineSchema)),
  noticeDate: z.optional(isoDate),
  withdrawingAgency: z.optional(agencyCode),
  /** Agency code → the date it endorsed the change. */
  endorsements: z.optional(z.record(agencyCode, isoDate)),
});
export type ChangeInput = z.infer<typeof ChangeSchema>;

// ---------------------------------------------------------------------------
// Emergency placement notice
// ---------------------------------------------------------------------------

export const EmergencySchema = z.object({
  submissionId,
  caseId: z.optional(caseId),
  child: z.optional(
    z.object({
      childRef: text(80),
      initials: z
        .string()
        .check(
          z.trim(),
          z.regex(
            /^[A-Za-z][A-Za-z .'-]{0,9}$/,
            "must be the child's initials",
          ),
        ),
      dateOfBirth: isoDate,
      legalStatus: text(120),
    }),
  ),
  leadAgency: z.optional(agencyCode),
  proposedProvision: z.optional(z.enum(PROVISIONS)),
  placementStartDate: isoDate,
  provider: z.optional(text(200)),
  approvedBy: text(120),
  notifiedAgencies: z._default(
    z.array(z.object({agency: agencyCode, date: isoDate})),
    [],
  ),
});
export type EmergencyInput = z.infer<typeof EmergencySchema>;

// ---------------------------------------------------------------------------
// Assessment update (agency representative)
// ---------------------------------------------------------------------------

export const AssessmentSchema = z.object({
  submissionId,
  expectedVersion,
  caseId,
  agency: agencyCode,
  status: z.enum(['requested', 'inProgress', 'completed', 'declined']),
  completedDate: z.optional(isoDate),
  dueDate: z.optional(isoDate),
  supportsPlacement: z.optional(bool),
  inPrincipleAgreed: z.optional(bool),
  inPrincipleShareBp: z.optional(basisPoints),
  declineReason: z.optional(text(2000)),
});
export type AssessmentInput = z.infer<typeof AssessmentSchema>;

// ---------------------------------------------------------------------------
// Decision (admin or chair, at panel)
// ---------------------------------------------------------------------------

export const DecisionSchema = z.object({
  submissionId,
  caseId,
  panelDate: isoDate,
  changeId: z.optional(text(40)),
  outcome: z.enum(OUTCOMES),
  rationale: text(4000),
  conditions: z.optional(text(4000)),
  costLines: z.optional(z.array(CostLineSchema)),
  reviewDate: z.optional(isoDate),
  approvalEndDate: z.optional(isoDate),
  actions: z._default(
    z.array(
      z.object({description: text(1000), ownerEmail: email, dueDate: isoDate}),
    ),
    [],
  ),
  /** Agency code → who attended for it (emails or names). */
  attendees: z.optional(z.record(agencyCode, z.array(text(200)))),
  /** For an escalation: the agencies in dispute (P2). */
  disputingAgencies: z.optional(z.array(agencyCode)),
});
export type DecisionInput = z.infer<typeof DecisionSchema>;

// ---------------------------------------------------------------------------
// Normalising what arrives (sidebar JSON or a scenario's args)
// ---------------------------------------------------------------------------

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** '' (an empty form field) counts as not given. */
function dropEmpty(value: unknown): unknown {
  if (value === '' || value === null) return undefined;
  if (Array.isArray(value))
    return value.map(dropEmpty).filter(v => v !== undefined);
  if (isObject(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const d = dropEmpty(v);
      if (d !== undefined) out[k] = d;
    }
    return out;
  }
  return value;
}

/** Move flat keys into their group: {childRef} → {child: {childRef}}. */
function group(
  input: Json,
  groupName: string,
  keys: Record<string, string>,
): Json {
  const existing = isObject(input[groupName])
    ? {...(input[groupName] as Json)}
    : {};
  const out: Json = {...input};
  let moved = false;
  for (const [flat, inner] of Object.entries(keys)) {
    if (flat in out && !(inner in existing)) {
      existing[inner] = out[flat];
      delete out[flat];
      moved = true;
    }
  }
  if (moved || isObject(input[groupName])) out[groupName] = existing;
  return out;
}

/** {EDU: '2026-01-07'} → [{agency: 'EDU', date: '2026-01-07'}] */
function recordToList(value: unknown, valueKey: string): unknown {
  if (!isObject(value)) return value;
  return Object.entries(value).map(([agency, v]) => ({agency, [valueKey]: v}));
}

function normaliseCostLines(lines: unknown): unknown {
  if (!Array.isArray(lines)) return lines;
  return lines.map(line => {
    if (!isObject(line)) return line;
    const out: Json = {...line};
    if (out.sharesBp === undefined && isObject(out.shares)) {
      out.sharesBp = out.shares;
      delete out.shares;
    }
    return out;
  });
}

export const normalise = {
  alert(raw: unknown): unknown {
    let v = dropEmpty(raw);
    if (!isObject(v)) return v;
    v = group(v, 'child', {
      childRef: 'childRef',
      initials: 'initials',
      dateOfBirth: 'dateOfBirth',
      legalStatus: 'legalStatus',
      hasEhcp: 'hasEhcp',
    });
    v = group(v as Json, 'referrer', {
      referrerName: 'name',
      referrerEmail: 'email',
      referrerAgency: 'agency',
      referrerRole: 'role',
    });
    v = group(v as Json, 'consent', {
      parentConsent: 'parentConsent',
      youngPersonConsent: 'youngPersonConsent',
      mentalCapacity: 'mentalCapacity',
      bestInterestDecisionDate: 'bestInterestDecisionDate',
    });
    const out = v as Json;
    if (
      out.localOptionsEvidence === undefined &&
      typeof out.evidence === 'string'
    ) {
      out.localOptionsEvidence = out.evidence;
      delete out.evidence;
    }
    if (isObject(out.localOptions)) {
      const lo = out.localOptions;
      out.localOptionsExhausted ??= lo.exhausted;
      out.localOptionsEvidence ??= lo.evidence;
      delete out.localOptions;
    }
    if (typeof out.agenciesToAssess === 'string') {
      out.agenciesToAssess = out.agenciesToAssess
        .split(/[,;\s]+/)
        .filter(Boolean);
    }
    return out;
  },
  referral(raw: unknown): unknown {
    let v = dropEmpty(raw);
    if (!isObject(v)) return v;
    v = group(v, 'placement', {
      provider: 'provider',
      setting: 'setting',
      ofstedUrn: 'ofstedUrn',
      ofstedRegistered: 'ofstedRegistered',
      cqcRequired: 'cqcRequired',
      cqcRegistered: 'cqcRegistered',
      visited: 'visited',
      termsAccepted: 'termsAccepted',
      placementStartDate: 'startDate',
      placementEndDate: 'endDate',
    });
    const out = v as Json;
    out.costLines = normaliseCostLines(out.costLines);
    if (Array.isArray(out.inPrincipleAgreement)) {
      out.inPrincipleAgreement = Object.fromEntries(
        (out.inPrincipleAgreement as unknown[]).map(a => [String(a), true]),
      );
    }
    return out;
  },
  change(raw: unknown): unknown {
    const v = dropEmpty(raw);
    if (!isObject(v)) return v;
    const out = {...v};
    out.costLines = normaliseCostLines(out.costLines);
    if (Array.isArray(out.endorsements)) {
      out.endorsements = Object.fromEntries(
        (out.endorsements as unknown[])
          .filter(isObject)
          .map(e => [String(e.agency), e.date]),
      );
    }
    return out;
  },
  emergency(raw: unknown): unknown {
    const v = dropEmpty(raw);
    if (!isObject(v)) return v;
    const out = {...v};
    if (isObject(out.notifiedAgencies)) {
      out.notifiedAgencies = recordToList(out.notifiedAgencies, 'date');
    }
    if (!out.child && typeof out.childRef === 'string') {
      const g = group(out, 'child', {
        childRef: 'childRef',
        initials: 'initials',
        dateOfBirth: 'dateOfBirth',
        legalStatus: 'legalStatus',
      });
      return g;
    }
    return out;
  },
  plain(raw: unknown): unknown {
    return dropEmpty(raw);
  },
  decision(raw: unknown): unknown {
    const v = dropEmpty(raw);
    if (!isObject(v)) return v;
    const out = {...v};
    out.costLines = normaliseCostLines(out.costLines);
    if (isObject(out.attendees)) {
      out.attendees = Object.fromEntries(
        Object.entries(out.attendees).map(([k, a]) => [
          k,
          Array.isArray(a)
            ? a
            : typeof a === 'string'
              ? a
                  .split(/[,;]/)
                  .map(s => s.trim())
                  .filter(Boolean)
              : a,
        ]),
      );
    } else if (Array.isArray(out.attendees)) {
      const byAgency: Record<string, string[]> = {};
      for (const a of out.attendees) {
        if (isObject(a) && typeof a.agency === 'string') {
          (byAgency[a.agency] ??= []).push(
            String(a.email ?? a.name ?? a.agency),
          );
        }
      }
      out.attendees = byAgency;
    }
    return out;
  },
};

// ---------------------------------------------------------------------------
// Issues → field errors
// ---------------------------------------------------------------------------

/** Plain-English names of fields, for messages. Unlisted fields are derived. */
export const LABELS: Record<string, string> = {
  'child.childRef': "Child's reference",
  'child.initials': "Child's initials",
  'child.dateOfBirth': 'Date of birth',
  'child.legalStatus': 'Legal status',
  'child.hasEhcp': 'Has an EHC plan',
  'referrer.name': "Referrer's name",
  'referrer.email': "Referrer's email",
  'referrer.agency': "Referrer's agency",
  leadAgency: 'Lead agency',
  agenciesToAssess: 'Agencies to assess',
  'consent.parentConsent': "Parent's consent",
  'consent.youngPersonConsent': "Young person's consent",
  'consent.mentalCapacity': 'Mental capacity',
  'consent.bestInterestDecisionDate': 'Best-interest decision date',
  needsSummary: 'Summary of needs',
  localOptionsExhausted: 'Local options exhausted',
  localOptionsEvidence: 'Evidence that local options are exhausted',
  proposedProvision: 'Proposed provision',
  knownWeeklyPence: 'Known weekly cost',
  caseId: 'Case ID',
  'managementApproval.name': "Approving manager's name",
  'managementApproval.email': "Approving manager's email",
  'managementApproval.date': 'Date of management approval',
  'placement.provider': 'Provider',
  'placement.startDate': 'Placement start date',
  'placement.endDate': 'Placement end date',
  'placement.ofstedRegistered': 'Ofsted registration',
  'placement.cqcRegistered': 'CQC registration',
  'placement.termsAccepted': "Provider's acceptance of the terms",
  costLines: 'Cost lines',
  requestedPanelDate: 'Requested panel date',
  changeType: 'Type of change',
  reason: 'Reason',
  effectiveDate: 'Effective date',
  noticeDate: 'Date notice was given',
  withdrawingAgency: 'Withdrawing agency',
  placementStartDate: 'Placement start date',
  approvedBy: 'Approved by',
  agency: 'Agency',
  status: 'Status',
  completedDate: 'Date completed',
  declineReason: 'Reason for declining',
  panelDate: 'Panel date',
  outcome: 'Outcome',
  rationale: 'Rationale',
  conditions: 'Conditions',
  reviewDate: 'Review date',
};

const COST_LINE_LABELS: Record<string, string> = {
  kind: 'kind',
  description: 'description',
  weeklyPence: 'weekly cost',
  weeksPerYear: 'weeks per year',
  startDate: 'start date',
  endDate: 'end date',
  reason: 'reason',
  stepDownDate: 'step-down date',
  sharesBp: 'share',
  agencyPence: 'weekly cost per agency',
};

export function fieldLabel(field: string): string {
  if (LABELS[field]) return LABELS[field];
  const line = /^costLines\.(\d+)(?:\.(\w+))?(?:\.(\w+))?$/.exec(field);
  if (line) {
    const part = line[2] ? (COST_LINE_LABELS[line[2]] ?? line[2]) : '';
    return `Cost line ${Number(line[1]) + 1}${part ? ` ${part}` : ''}${line[3] ? ` for ${line[3]}` : ''}`;
  }
  const last = field.split('.').pop() ?? field;
  const words = last.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The rule an issue without its own rule belongs to, by field. */
function ruleForField(field: string): string {
  if (/\.sharesBp(\.|$)/.test(field)) return 'F2';
  if (/\.agencyPence(\.|$)/.test(field)) return 'F3';
  if (
    /\.(weeklyPence|weeksPerYear)$/.test(field) ||
    field === 'knownWeeklyPence'
  )
    return 'F4';
  return FORM_RULE;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  params?: {rule?: string};
  values?: unknown[];
  expected?: string;
  origin?: string;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function issueToError(issue: Issue, input: unknown): FieldError {
  const field = issue.path.map(String).join('.') || 'form';
  const label = fieldLabel(field);
  const ruleId = issue.params?.rule ?? ruleForField(field);
  const given = valueAt(input, issue.path);
  let message: string;
  if (issue.code === 'invalid_type' && given === undefined) {
    message = `${label} is required.`;
  } else if (issue.code === 'too_small' && issue.origin === 'string') {
    message = `${label} is required.`;
  } else if (issue.code === 'invalid_type') {
    const expected =
      issue.expected === 'number'
        ? 'a number'
        : issue.expected === 'boolean'
          ? 'yes or no'
          : issue.expected === 'array'
            ? 'a list'
            : issue.expected === 'object'
              ? 'a group of answers'
              : `a ${issue.expected}`;
    message = `${label} must be ${expected}.`;
  } else if (issue.code === 'invalid_value' && issue.values) {
    message = `${label} must be one of: ${issue.values.map(String).join(', ')}.`;
  } else if (issue.code === 'unrecognized_keys') {
    message = `${label}: ${issue.message}.`;
  } else {
    message = `${label} ${issue.message.replace(/\.$/, '')}.`;
  }
  return {field, rule: ruleId, message};
}

export interface ParseableSchema<T> {
  safeParse(
    data: unknown,
  ): {success: true; data: T} | {success: false; error: {issues: unknown[]}};
}

/** Validate the shape of a form; every error names its field and rule. */
export function parseForm<T>(
  schema: ParseableSchema<T>,
  input: unknown,
): Result<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const errors = (parsed.error.issues as Issue[]).map(i =>
    issueToError(i, input),
  );
  return fail(dedupe(errors));
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter(e => {
    const key = `${e.field}|${e.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
