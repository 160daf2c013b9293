/**
 * Panel profiles (SPEC section 6). A profile is a preset of settings
 * (sheets-template/profiles.json); every value can be overridden on the
 * Settings tab, which holds the same human-readable forms an admin would type
 * ("14 calendar days", "first Tuesday monthly", "SCS 50%, EDU 50%").
 */
import * as z from 'zod/mini';
import presetsJson from '../../sheets-template/profiles.json';
import {IsoDate, isIsoDate, parseWeekday, WEEKDAYS} from './calendar';
import {BasisPoints, FULL_SHARE_BP, parsePercent} from './money';
import {FieldError, fieldError, Result, ok, fail} from './result';

export const PROVISIONS = [
  'residential',
  'residentialSchool',
  'residentialWithHealth',
  'residentialHealthEducationCare',
  'fostering',
  'supportPackage',
  'therapy',
  'secure',
  'respite',
  'stayingPut',
  'careLeaverSupport',
] as const;
export type Provision = (typeof PROVISIONS)[number];

/** When panels meet (D2). */
export type Cadence =
  | {kind: 'monthly'; weekday: number; nth: number}
  | {kind: 'weekly'; weekday: number}
  | {kind: 'list'};

/** A deadline before a panel (D3, D4). */
export type DayOffset =
  | {kind: 'calendarDays'; days: number}
  | {kind: 'workingDays'; days: number}
  | {kind: 'weekdayBefore'; weekday: number};

export interface Agency {
  code: string;
  name: string;
  /** An advisory agency (HARP's education adviser) takes no share. */
  funding: boolean;
  escalationContacts: string[];
}

export interface Profile {
  id: string;
  panelName: string;
  council: string;
  idPrefix: string;
  agencies: Agency[];
  minFundingAgencies: number;
  cadence: Cadence;
  panelStartTime: string;
  panelDates: IsoDate[];
  submissionDeadline: DayOffset;
  papersOut: DayOffset;
  slotMinutes: number;
  maxCasesPerPanel: number | null;
  outcomeNoteWorkingDays: number;
  signatureDays: number;
  healthAssessmentDays: number | null;
  healthAgency: string;
  escalationDays: number;
  noticeMonths: number | null;
  maxReviewMonths: number | null;
  reviewMonthsByProvision: Partial<Record<Provision, number>>;
  reviewLeadWeeks: number[];
  contractEndWeeks: number | null;
  highCostWeeklyPence: number | null;
  highCostQuarterlyReview: boolean;
  defaultFormula: Array<[string, BasisPoints]>;
  absentResponseWorkingDays: number;
  requireParentConsent: boolean;
  requireLocalOptionsExhausted: boolean;
  requireTermsAccepted: boolean;
  emergencyRequiresChair: boolean;
  allowCustomWeeks: boolean;
  retentionYears: number;
  dailyRunHour: number;
  runBudgetSeconds: number;
}

// ---------------------------------------------------------------------------
// Parsers for the human-readable forms
// ---------------------------------------------------------------------------

const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: -1,
};

/** 'first Tuesday monthly' | 'weekly Wednesday' | 'dates list' */
export function parseCadence(text: string): Cadence | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'list' || t === 'dates list' || t === 'date list')
    return {kind: 'list'};
  let m = /^weekly(?: on)? (\w+)$/.exec(t) ?? /^(\w+) weekly$/.exec(t);
  if (m) {
    const weekday = parseWeekday(m[1]);
    return weekday === undefined ? undefined : {kind: 'weekly', weekday};
  }
  m = /^(\w+) (\w+)(?: of the month| monthly| of each month| each month)$/.exec(
    t,
  );
  if (m && m[1] in ORDINALS) {
    const weekday = parseWeekday(m[2]);
    return weekday === undefined
      ? undefined
      : {kind: 'monthly', weekday, nth: ORDINALS[m[1]]};
  }
  return undefined;
}

export function describeCadence(c: Cadence): string {
  if (c.kind === 'list') return 'dates list';
  if (c.kind === 'weekly') return `weekly ${WEEKDAYS[c.weekday]}`;
  const nth = Object.keys(ORDINALS).find(
    k => ORDINALS[k] === c.nth && !/\d/.test(k),
  );
  return `${nth} ${WEEKDAYS[c.weekday]} monthly`;
}

/** '14 calendar days' | '3 working days' | 'Friday before' */
export function parseDayOffset(text: string): DayOffset | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let m = /^(\d+) (calendar|working) days?(?: before)?$/.exec(t);
  if (m) {
    return {
      kind: m[2] === 'calendar' ? 'calendarDays' : 'workingDays',
      days: Number(m[1]),
    };
  }
  m = /^(?:the )?(\w+) before$/.exec(t);
  if (m) {
    const weekday = parseWeekday(m[1]);
    if (weekday !== undefined) return {kind: 'weekdayBefore', weekday};
  }
  return undefined;
}

export function describeDayOffset(o: DayOffset): string {
  if (o.kind === 'weekdayBefore') return `${WEEKDAYS[o.weekday]} before`;
  return `${o.days} ${o.kind === 'calendarDays' ? 'calendar' : 'working'} days`;
}

/** 'SCS 33.34%, EDU 33.33%, HEALTH 33.33%' or {SCS: 3334, …} (bp). */
export function parseFormula(
  value: unknown,
): Array<[string, BasisPoints]> | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (
      !entries.every(([, v]) => Number.isSafeInteger(v) && (v as number) >= 0)
    ) {
      return undefined;
    }
    return entries.map(([k, v]) => [k.trim().toUpperCase(), v as number]);
  }
  if (typeof value !== 'string') return undefined;
  const out: Array<[string, BasisPoints]> = [];
  for (const part of value
    .split(/[,;]/)
    .map(s => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z][\w-]*)\s*[: ]\s*([\d.]+%?)$/.exec(part);
    const bp = m ? parsePercent(m[2]) : undefined;
    if (!m || bp === undefined) return undefined;
    out.push([m[1].toUpperCase(), bp]);
  }
  return out;
}

export function describeFormula(formula: Array<[string, BasisPoints]>): string {
  return formula
    .map(
      ([agency, bp]) =>
        `${agency} ${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`,
    )
    .join(', ');
}

function parseIntList(value: unknown): number[] | undefined {
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value
          .split(/[,;]/)
          .map(s => s.trim())
          .filter(Boolean)
      : typeof value === 'number'
        ? [value]
        : undefined;
  if (!items) return undefined;
  const nums = items.map(Number);
  return nums.every(n => Number.isInteger(n) && n > 0) ? nums : undefined;
}

function parseProvisionMonths(
  value: unknown,
): Partial<Record<Provision, number>> | undefined {
  if (value === '' || value === null || value === undefined) return {};
  const entries: Array<[string, unknown]> =
    typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>)
      : typeof value === 'string'
        ? value
            .split(/[,;]/)
            .map(s => s.trim())
            .filter(Boolean)
            .map(s => {
              const m = /^(\w+)\s*[: ]\s*(\d+)$/.exec(s);
              return m ? [m[1], Number(m[2])] : [s, NaN];
            })
        : [['', NaN]];
  const out: Partial<Record<Provision, number>> = {};
  for (const [k, v] of entries) {
    if (!(PROVISIONS as readonly string[]).includes(k)) return undefined;
    if (!Number.isInteger(v) || (v as number) < 1) return undefined;
    out[k as Provision] = v as number;
  }
  return out;
}

function parseDateList(value: unknown): IsoDate[] | undefined {
  if (value === '' || value === null || value === undefined) return [];
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/[,;\s]+/).filter(Boolean)
      : undefined;
  if (!items || !items.every(isIsoDate)) return undefined;
  return [...new Set(items as IsoDate[])].sort();
}

// ---------------------------------------------------------------------------
// The settings: key, the rule it governs, a description, a parser, a default
// ---------------------------------------------------------------------------

const blank = (v: unknown) => v === '' || v === null || v === undefined;

/** A whole number in range, given as a number or as text. */
const intIn = (min: number, max: number) =>
  z
    .pipe(
      z.union([z.number(), z.string().check(z.regex(/^\s*-?\d+\s*$/))]),
      z.transform(v => Number(v)),
    )
    .check(
      z.refine(n => Number.isInteger(n) && n >= min && n <= max, {
        message: `must be a whole number from ${min} to ${max}`,
      }),
    );

const optionalIntIn = (min: number, max: number) =>
  z.union([
    z.pipe(
      z.custom<unknown>(blank),
      z.transform(() => null),
    ),
    intIn(min, max),
  ]);

const yesNo = z.pipe(
  z.union([
    z.boolean(),
    z.string().check(z.regex(/^\s*(true|false|yes|no)\s*$/i)),
  ]),
  z.transform(v =>
    typeof v === 'boolean' ? v : /^\s*(true|yes)\s*$/i.test(v),
  ),
);

const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));

const customParse = <T>(
  parse: (v: unknown) => T | undefined,
  message: string,
) =>
  z.pipe(
    z.unknown(),
    z.transform((v, ctx) => {
      const out = parse(v);
      if (out === undefined) {
        ctx.issues.push({code: 'custom', message, input: v});
        return z.NEVER;
      }
      return out;
    }),
  );

interface SettingDef {
  key: keyof Profile;
  rule: string;
  description: string;
  schema: z.ZodMiniType;
}

export const SETTINGS: SettingDef[] = [
  {
    key: 'panelName',
    rule: '§6',
    description: 'Name of the panel, as shown in emails and notes',
    schema: text,
  },
  {
    key: 'council',
    rule: '§6',
    description: 'The council running the panel',
    schema: text,
  },
  {
    key: 'idPrefix',
    rule: 'S6',
    description: 'Prefix of case IDs (e.g. JRAP gives JRAP-2026-0001)',
    schema: z
      .string()
      .check(
        z.trim(),
        z.regex(
          /^[A-Z][A-Z0-9]{1,9}$/,
          'must be 2–10 capital letters or digits',
        ),
      ),
  },
  {
    key: 'minFundingAgencies',
    rule: 'F1',
    description:
      'Agencies that must take a share for a case to come to this panel',
    schema: intIn(1, 10),
  },
  {
    key: 'cadence',
    rule: 'D2',
    description:
      "When the panel meets: 'first Tuesday monthly', 'weekly Wednesday' or 'dates list' (dates on the Panels tab)",
    schema: customParse(
      v => (typeof v === 'string' ? parseCadence(v) : undefined),
      "must read like 'first Tuesday monthly', 'weekly Wednesday' or 'dates list'",
    ),
  },
  {
    key: 'panelStartTime',
    rule: 'P1',
    description: 'Time the panel starts (24-hour, e.g. 09:30)',
    schema: z
      .string()
      .check(
        z.trim(),
        z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 09:30'),
      ),
  },
  {
    key: 'panelDates',
    rule: 'D2',
    description:
      "Extra panel dates (YYYY-MM-DD, comma-separated) — for a 'dates list' cadence; dates can also be added on the Panels tab",
    schema: customParse(
      parseDateList,
      'must be dates written YYYY-MM-DD, separated by commas',
    ),
  },
  {
    key: 'submissionDeadline',
    rule: 'D3',
    description:
      "Referral deadline before a panel: '14 calendar days', '3 working days' or 'Friday before'",
    schema: customParse(
      v => (typeof v === 'string' ? parseDayOffset(v) : undefined),
      "must read like '14 calendar days', '3 working days' or 'Friday before'",
    ),
  },
  {
    key: 'papersOut',
    rule: 'D4',
    description:
      "When papers go to members before a panel: '14 calendar days' or '2 working days'",
    schema: customParse(
      v => (typeof v === 'string' ? parseDayOffset(v) : undefined),
      "must read like '14 calendar days' or '2 working days'",
    ),
  },
  {
    key: 'slotMinutes',
    rule: 'P1',
    description: 'Minutes given to each case on the agenda',
    schema: intIn(5, 120),
  },
  {
    key: 'maxCasesPerPanel',
    rule: 'P1',
    description:
      'Most cases one panel hears (blank: no limit); the rest go to the next panel',
    schema: optionalIntIn(1, 100),
  },
  {
    key: 'outcomeNoteWorkingDays',
    rule: 'D6',
    description:
      'Working days after the panel by which the outcome note is due',
    schema: intIn(1, 30),
  },
  {
    key: 'signatureDays',
    rule: 'D7',
    description:
      'Calendar days after the panel by which the funding agreement is signed',
    schema: intIn(1, 60),
  },
  {
    key: 'healthAssessmentDays',
    rule: 'D5',
    description:
      'Days after the alert is shared by which health completes its assessment (blank: none)',
    schema: optionalIntIn(1, 365),
  },
  {
    key: 'healthAgency',
    rule: 'D5',
    description: 'Agency code of health',
    schema: text,
  },
  {
    key: 'escalationDays',
    rule: 'D5',
    description:
      'Days an assessment may stay overdue before escalation contacts are told',
    schema: intIn(1, 365),
  },
  {
    key: 'noticeMonths',
    rule: 'F8',
    description:
      "Months' notice an agency gives before ceasing its contribution (blank: none)",
    schema: optionalIntIn(1, 24),
  },
  {
    key: 'maxReviewMonths',
    rule: 'D9',
    description:
      'Longest time between reviews, in months (blank: set by each decision)',
    schema: optionalIntIn(1, 60),
  },
  {
    key: 'reviewMonthsByProvision',
    rule: 'D9',
    description:
      "Shorter review intervals for some provision types, e.g. 'residential 3, stayingPut 3'",
    schema: customParse(
      parseProvisionMonths,
      "must read like 'residential 3, stayingPut 3' using the provision types of the alert form",
    ),
  },
  {
    key: 'reviewLeadWeeks',
    rule: 'D9',
    description:
      'Weeks before a review date when reminders go out, e.g. 8, 4, 1',
    schema: customParse(
      parseIntList,
      'must be whole numbers of weeks separated by commas',
    ),
  },
  {
    key: 'contractEndWeeks',
    rule: 'D10',
    description:
      'Placements ending within this many weeks of a panel are listed for it (blank: none)',
    schema: optionalIntIn(1, 104),
  },
  {
    key: 'highCostWeeklyPence',
    rule: 'F11',
    description:
      'Weekly cost above which a case is flagged high cost, in pence (blank: no flag)',
    schema: optionalIntIn(1, 1_000_000_000),
  },
  {
    key: 'highCostQuarterlyReview',
    rule: 'F11',
    description: 'High-cost placements are reviewed every quarter',
    schema: yesNo,
  },
  {
    key: 'defaultFormula',
    rule: 'F6',
    description:
      "Shares applied until agencies agree a split, e.g. 'SCS 40%, EDU 30%, HEALTH 30%'",
    schema: customParse(parseFormula, "must read like 'SCS 50%, EDU 50%'"),
  },
  {
    key: 'absentResponseWorkingDays',
    rule: 'D13',
    description: 'Working days an absent agency has to respond to a decision',
    schema: intIn(1, 30),
  },
  {
    key: 'requireParentConsent',
    rule: 'D12',
    description: "Under-16s need a parent's consent on the alert",
    schema: yesNo,
  },
  {
    key: 'requireLocalOptionsExhausted',
    rule: '§3',
    description:
      'The alert must show that local options are exhausted, with evidence',
    schema: yesNo,
  },
  {
    key: 'requireTermsAccepted',
    rule: '§3',
    description:
      "The provider must have accepted the council's terms before referral",
    schema: yesNo,
  },
  {
    key: 'emergencyRequiresChair',
    rule: 'D3',
    description:
      'A late emergency referral joins a panel only with the chair’s approval',
    schema: yesNo,
  },
  {
    key: 'allowCustomWeeks',
    rule: 'F4',
    description:
      'Cost lines may use any weeks basis from 1 to 52 (otherwise 38, 39 or 52)',
    schema: yesNo,
  },
  {
    key: 'retentionYears',
    rule: 'S7',
    description: 'Years after closure before a case is listed for archive',
    schema: intIn(1, 100),
  },
  {
    key: 'dailyRunHour',
    rule: 'A4',
    description: 'Hour of the day (0–23) when the daily reminders run',
    schema: intIn(0, 23),
  },
  {
    key: 'runBudgetSeconds',
    rule: 'A1',
    description:
      'Seconds the daily run may use before stopping cleanly (Apps Script stops at 360)',
    schema: intIn(30, 330),
  },
];

/** Values every profile starts from, before its preset and the Settings tab. */
const BASE_DEFAULTS: Record<string, unknown> = {
  panelDates: '',
  maxCasesPerPanel: '',
  signatureDays: 7,
  healthAssessmentDays: '',
  healthAgency: 'HEALTH',
  escalationDays: 14,
  noticeMonths: '',
  maxReviewMonths: '',
  reviewMonthsByProvision: '',
  reviewLeadWeeks: '8, 4, 1',
  contractEndWeeks: '',
  highCostWeeklyPence: '',
  highCostQuarterlyReview: false,
  absentResponseWorkingDays: 3,
  requireParentConsent: false,
  requireLocalOptionsExhausted: false,
  requireTermsAccepted: false,
  emergencyRequiresChair: true,
  allowCustomWeeks: false,
  retentionYears: 7,
  dailyRunHour: 7,
  runBudgetSeconds: 300,
};

const AgencySchema = z.object({
  code: z
    .string()
    .check(
      z.regex(
        /^[A-Z][A-Z0-9_]{0,15}$/,
        'agency codes are capital letters, e.g. SCS',
      ),
    ),
  name: z.string().check(z.minLength(1)),
  funding: z._default(z.boolean(), true),
  escalationContacts: z._default(z.array(z.email()), []),
});

const PresetSchema = z.looseObject({
  panelName: z.string(),
  idPrefix: z.string(),
  agencies: z.array(AgencySchema).check(z.minLength(1)),
});

export type PresetId = string;

export const PRESETS: Record<
  PresetId,
  Record<string, unknown>
> = presetsJson as Record<PresetId, Record<string, unknown>>;

export function presetIds(): PresetId[] {
  return Object.keys(PRESETS);
}

/** The raw settings of a preset: base defaults overlaid by the preset. */
export function presetSettings(
  presetId: PresetId,
): Record<string, unknown> | undefined {
  const preset = PRESETS[presetId];
  if (!preset) return undefined;
  const {agencies: _agencies, ...rest} = preset;
  return {...BASE_DEFAULTS, ...rest};
}

export function presetAgencies(presetId: PresetId): Agency[] {
  const parsed = PresetSchema.parse(PRESETS[presetId]);
  return parsed.agencies.map(a => AgencySchema.parse(a));
}

/**
 * Resolve a profile from a preset, the Settings tab and the Agencies tab.
 * Settings override the preset key by key; a setting that cannot be read is
 * an error naming the setting and the rule it governs.
 */
export function resolveProfile(input: {
  presetId: PresetId;
  settings?: Record<string, unknown>;
  agencies?: Agency[];
}): Result<Profile> {
  const base = presetSettings(input.presetId);
  if (!base) {
    return fail([
      fieldError(
        'profile',
        '§6',
        `Unknown panel profile "${input.presetId}". Choose one of: ${presetIds().join(', ')}.`,
      ),
    ]);
  }
  const raw: Record<string, unknown> = {...base};
  for (const [k, v] of Object.entries(input.settings ?? {})) {
    if (v !== undefined) raw[k] = v;
  }
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {id: input.presetId};
  for (const def of SETTINGS) {
    const parsed = def.schema.safeParse(raw[def.key]);
    if (parsed.success) {
      out[def.key] = parsed.data;
    } else {
      const why = parsed.error.issues[0]?.message ?? 'is not valid';
      errors.push(
        fieldError(
          `settings.${def.key}`,
          def.rule,
          `Setting ${def.key} ${why}.`,
        ),
      );
    }
  }
  const agencies = input.agencies ?? presetAgencies(input.presetId);
  out.agencies = agencies;
  if (errors.length === 0)
    errors.push(...crossCheck(out as unknown as Profile));
  return errors.length > 0 ? fail(errors) : ok(out as unknown as Profile);
}

/** Checks that relate several settings. */
function crossCheck(p: Profile): FieldError[] {
  const errors: FieldError[] = [];
  const codes = p.agencies.map(a => a.code);
  const formulaSum = p.defaultFormula.reduce((s, [, bp]) => s + bp, 0);
  const unknown = p.defaultFormula.filter(([code]) => !codes.includes(code));
  const advisory = p.defaultFormula.filter(
    ([code, bp]) =>
      bp > 0 && p.agencies.some(a => a.code === code && !a.funding),
  );
  if (advisory.length > 0) {
    errors.push(
      fieldError(
        'settings.defaultFormula',
        'F6',
        `Setting defaultFormula gives a share to ${advisory.map(([c]) => c).join(', ')}, which advises this panel but does not fund placements.`,
      ),
    );
  } else if (unknown.length > 0) {
    errors.push(
      fieldError(
        'settings.defaultFormula',
        'F6',
        `Setting defaultFormula names ${unknown.map(([c]) => c).join(', ')}, which is not an agency on the Agencies tab.`,
      ),
    );
  } else if (formulaSum !== FULL_SHARE_BP) {
    errors.push(
      fieldError(
        'settings.defaultFormula',
        'F2',
        `Setting defaultFormula adds up to ${formulaSum / 100}%; it must add up to exactly 100%.`,
      ),
    );
  }
  const funding = p.agencies.filter(a => a.funding).length;
  if (p.minFundingAgencies > funding) {
    errors.push(
      fieldError(
        'settings.minFundingAgencies',
        'F1',
        `Setting minFundingAgencies is ${p.minFundingAgencies} but only ${funding} funding ${funding === 1 ? 'agency is' : 'agencies are'} listed on the Agencies tab.`,
      ),
    );
  }
  return errors;
}

/** The setting's raw form for the Settings tab (what an admin would type). */
export function settingText(
  profile: Profile,
  key: keyof Profile,
): string | number | boolean {
  const v = profile[key];
  switch (key) {
    case 'cadence':
      return describeCadence(profile.cadence);
    case 'submissionDeadline':
    case 'papersOut':
      return describeDayOffset(v as DayOffset);
    case 'defaultFormula':
      return describeFormula(profile.defaultFormula);
    case 'reviewLeadWeeks':
      return profile.reviewLeadWeeks.join(', ');
    case 'panelDates':
      return profile.panelDates.join(', ');
    case 'reviewMonthsByProvision':
      return Object.entries(profile.reviewMonthsByProvision)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
    default:
      return v === null ? '' : (v as string | number | boolean);
  }
}

export function fundingAgencies(profile: Profile): Agency[] {
  return profile.agencies.filter(a => a.funding);
}

export function agencyCodes(profile: Profile): string[] {
  return profile.agencies.map(a => a.code);
}
