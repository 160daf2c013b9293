/**
 * Shared set-up for the domain tests (not a test itself): resolved panel
 * profiles, a holiday calendar, record builders with sensible defaults and
 * valid form inputs. Every person here is fictional (example.org).
 */
import {holidayCalendar, HolidayCalendar} from '../../src/domain/calendar';
import {Agency, Profile, resolveProfile} from '../../src/domain/profiles';
import {
  ActionRecord,
  AgendaItem,
  AssessmentRecord,
  CaseRecord,
  ChangeRecord,
  DecisionRecord,
  MemberRecord,
  NotificationRecord,
  PanelRecord,
  SignatureRecord,
} from '../../src/domain/records';
import {FieldError, Result} from '../../src/domain/result';
import {ReminderSnapshot} from '../../src/domain/reminders';

// ---------------------------------------------------------------------------
// Profiles and calendar
// ---------------------------------------------------------------------------

export const PRESET_IDS = [
  'kent-jrap',
  'cbc-arp',
  'herts-harp',
  'leics-jfp',
  'herts-stability',
] as const;
export type PresetName = (typeof PRESET_IDS)[number];

/** resolveProfile, unwrapped: throws (failing the test) if it does not resolve. */
export function profileOf(
  presetId: string,
  settings?: Record<string, unknown>,
  agencies?: Agency[],
): Profile {
  const r = resolveProfile({presetId, settings, agencies});
  if (!r.ok) {
    throw new Error(
      `profile ${presetId} did not resolve: ${JSON.stringify(r.errors)}`,
    );
  }
  return r.value;
}

export const kent = (settings?: Record<string, unknown>) =>
  profileOf('kent-jrap', settings);
export const cbc = (settings?: Record<string, unknown>) =>
  profileOf('cbc-arp', settings);
export const harp = (settings?: Record<string, unknown>) =>
  profileOf('herts-harp', settings);
export const leics = (settings?: Record<string, unknown>) =>
  profileOf('leics-jfp', settings);
export const stability = (settings?: Record<string, unknown>) =>
  profileOf('herts-stability', settings);

/** England & Wales bank holidays by rule, no admin changes. */
export const cal: HolidayCalendar = holidayCalendar();

// ---------------------------------------------------------------------------
// Fictional people
// ---------------------------------------------------------------------------

export const PEOPLE = {
  admin: 'admin@example.org',
  chair: 'chair@example.org',
  referrer: 'sw1@example.org',
  scsRep: 'scs.rep@example.org',
  eduRep: 'edu.rep@example.org',
  healthRep: 'health.rep@example.org',
  finance: 'finance@example.org',
  scsEscalation: 'scs.director@example.org',
  eduEscalation: 'edu.head@example.org',
  healthEscalation: 'health.officer@example.org',
  actionOwner: 'owner1@example.org',
} as const;

export function member(overrides: Partial<MemberRecord> = {}): MemberRecord {
  return {
    email: PEOPLE.scsRep,
    name: 'Sol Rep',
    role: 'member',
    agency: 'SCS',
    active: true,
    ...overrides,
  };
}

/** Admin, chair, one member per Kent agency, a finance officer. */
export function kentMembers(): MemberRecord[] {
  return [
    member({
      email: PEOPLE.admin,
      name: 'Ada Admin',
      role: 'admin',
      agency: '',
    }),
    member({
      email: PEOPLE.chair,
      name: 'Cara Chair',
      role: 'chair',
      agency: 'SCS',
    }),
    member({
      email: PEOPLE.scsRep,
      name: 'Sol Rep',
      role: 'member',
      agency: 'SCS',
    }),
    member({
      email: PEOPLE.eduRep,
      name: 'Eddie Rep',
      role: 'member',
      agency: 'EDU',
    }),
    member({
      email: PEOPLE.healthRep,
      name: 'Hana Rep',
      role: 'member',
      agency: 'HEALTH',
    }),
    member({
      email: PEOPLE.finance,
      name: 'Fin Officer',
      role: 'finance',
      agency: 'SCS',
    }),
  ];
}

/** Kent's agencies as on an Agencies tab, with escalation contacts. */
export function kentAgenciesWithEscalation(): Agency[] {
  return [
    {
      code: 'SCS',
      name: "Specialist Children's Services",
      funding: true,
      escalationContacts: [PEOPLE.scsEscalation],
    },
    {
      code: 'EDU',
      name: 'Education (SEN)',
      funding: true,
      escalationContacts: [PEOPLE.eduEscalation],
    },
    {
      code: 'HEALTH',
      name: 'Health',
      funding: true,
      escalationContacts: [PEOPLE.healthEscalation],
    },
  ];
}

/** Kent with escalation contacts on the Agencies tab. */
export const kentWithEscalation = () =>
  profileOf('kent-jrap', undefined, kentAgenciesWithEscalation());

// ---------------------------------------------------------------------------
// The child of every fixture (fictional, and checked against S1)
// ---------------------------------------------------------------------------

export const CHILD = {
  childRef: 'CR-889914',
  initials: 'XQ',
  dateOfBirth: '2012-03-14',
  legalStatus: 'S20',
  needsSummary:
    'Needs waking night support and a therapeutic education setting near family',
} as const;

// ---------------------------------------------------------------------------
// Record builders
// ---------------------------------------------------------------------------

export function caseRecord(overrides: Partial<CaseRecord> = {}): CaseRecord {
  // Built from a plain object so a bookkeeping column added to or dropped
  // from the record type does not break every test.
  const defaults = {
    caseId: 'JRAP-2026-0007',
    status: 'active',
    childRef: CHILD.childRef,
    initials: CHILD.initials,
    dateOfBirth: CHILD.dateOfBirth,
    legalStatus: CHILD.legalStatus,
    hasEhcp: true,
    leadAgency: 'SCS',
    referrerEmail: PEOPLE.referrer,
    referrerName: 'Sam Worker',
    referrerAgency: 'SCS',
    referrerRole: 'Social worker',
    agenciesToAssess: 'EDU, HEALTH',
    parentConsent: true,
    youngPersonConsent: false,
    mentalCapacity: '',
    bestInterestDecisionDate: null,
    needsSummary: CHILD.needsSummary,
    localOptionsExhausted: true,
    localOptionsEvidence: 'Two local schools declined',
    proposedProvision: 'residentialSchool',
    knownWeeklyPence: null,
    emergency: false,
    emergencyApprovedBy: '',
    alertDate: '2026-01-05',
    alertSharedDate: '2026-01-06',
    costStartDate: null,
    referralDate: null,
    currentPanelDate: null,
    provider: '',
    placementStartDate: null,
    placementEndDate: null,
    paymentArrangement: '',
    rechargeFrequency: '',
    fundingVersion: null,
    weeklyTotalPence: null,
    highCost: false,
    formulaInForce: false,
    reviewDate: null,
    approvalEndDate: null,
    transitionFlag: false,
    folderId: '',
    closedDate: null,
    rowVersion: 1,
    updatedAt: null,
  } as const;
  return {...defaults, ...overrides};
}

export function assessment(
  overrides: Partial<AssessmentRecord> = {},
): AssessmentRecord {
  // Built from a plain object so a bookkeeping column added to or dropped
  // from the record type does not break every test.
  const defaults = {
    caseId: 'JRAP-2026-0007',
    agency: 'HEALTH',
    status: 'requested',
    requestedDate: '2026-01-06',
    dueDate: null,
    completedDate: null,
    supportsPlacement: false,
    inPrincipleAgreed: false,
    inPrincipleShareBp: null,
    declineReason: '',
    updatedBy: '',
    rowVersion: 1,
  } as const;
  return {...defaults, ...overrides};
}

export function decision(
  overrides: Partial<DecisionRecord> = {},
): DecisionRecord {
  // Built from a plain object so a bookkeeping column added to or dropped
  // from the record type does not break every test.
  const defaults = {
    decisionId: 'DEC-1',
    caseId: 'JRAP-2026-0007',
    panelDate: '2026-02-03',
    changeId: '',
    outcome: 'endorsed',
    rationale: 'Meets assessed needs',
    conditions: '',
    reviewDate: '2027-01-31',
    approvalEndDate: null,
    outcomeNoteDue: null,
    outcomeNoteIssued: null,
    signaturesDue: null,
    fundingVersion: 1,
    attendees: '',
    pendingAgencies: '',
    responseDue: null,
    escalatedTo: '',
    pdfUrl: '',
    pdfFileId: '',
    noteVersion: null,
    decidedBy: PEOPLE.chair,
  } as const;
  return {...defaults, ...overrides};
}

export function action(overrides: Partial<ActionRecord> = {}): ActionRecord {
  return {
    actionId: 'ACT-1',
    caseId: 'JRAP-2026-0007',
    decisionId: 'DEC-1',
    description: 'Send the provider contract',
    ownerEmail: PEOPLE.actionOwner,
    dueDate: '2026-02-17',
    doneDate: null,
    ...overrides,
  };
}

export function signature(
  overrides: Partial<SignatureRecord> = {},
): SignatureRecord {
  return {
    caseId: 'JRAP-2026-0007',
    version: 1,
    agency: 'EDU',
    dueDate: '2026-02-10',
    signedBy: '',
    signedDate: null,
    ...overrides,
  };
}

export function notification(
  overrides: Partial<NotificationRecord> = {},
): NotificationRecord {
  return {
    caseId: 'JRAP-2026-0007',
    agency: 'HEALTH',
    placementStartDate: '2026-01-09',
    dueDate: '2026-01-16',
    notifiedDate: null,
    approvedBy: 'Cara Chair',
    ...overrides,
  };
}

export function panel(overrides: Partial<PanelRecord> = {}): PanelRecord {
  return {
    panelDate: '2026-02-03',
    startTime: '10:00',
    submissionDeadline: null,
    papersOutDate: null,
    status: 'scheduled',
    chair: PEOPLE.chair,
    agendaBuiltAt: null,
    ...overrides,
  };
}

export function agendaItem(overrides: Partial<AgendaItem> = {}): AgendaItem {
  return {
    panelDate: '2026-02-03',
    slot: 1,
    slotStart: '10:00',
    slotMinutes: 20,
    caseId: 'JRAP-2026-0007',
    kind: 'new',
    notes: '',
    ...overrides,
  };
}

export function changeRecord(
  overrides: Partial<ChangeRecord> = {},
): ChangeRecord {
  // Built from a plain object so a bookkeeping column added to or dropped
  // from the record type does not break every test.
  const defaults = {
    changeId: 'CHG-1',
    caseId: 'JRAP-2026-0007',
    changeType: 'increase',
    reason: 'More support at night',
    effectiveDate: '2026-04-01',
    noticeDate: null,
    withdrawingAgency: '',
    status: 'submitted',
    submittedBy: PEOPLE.referrer,
    submittedDate: '2026-02-20',
    panelDate: '2026-03-03',
    panelEndorsedDate: null,
    fundingVersion: null,
    endorsements: {},
  } as const;
  return {...defaults, ...overrides};
}

/** An empty snapshot for a profile: add records with the overrides. */
export function snapshot(
  overrides: Partial<ReminderSnapshot> = {},
): ReminderSnapshot {
  return {
    profile: kentWithEscalation(),
    cal,
    cases: [],
    assessments: [],
    decisions: [],
    actions: [],
    signatures: [],
    notifications: [],
    panels: [],
    agenda: [],
    members: kentMembers(),
    ...overrides,
  };
}

// ---------------------------------------------------------------------------
// Valid form inputs (Kent unless said otherwise), today = 2026-01-05
// ---------------------------------------------------------------------------

export const TODAY = '2026-01-05';

export function alertInput(): Record<string, unknown> {
  return {
    submissionId: 'sub-alert-1',
    child: {
      childRef: CHILD.childRef,
      initials: CHILD.initials,
      dateOfBirth: CHILD.dateOfBirth,
      legalStatus: CHILD.legalStatus,
      hasEhcp: true,
    },
    referrer: {
      name: 'Sam Worker',
      email: PEOPLE.referrer,
      agency: 'SCS',
      role: 'Social worker',
    },
    leadAgency: 'SCS',
    agenciesToAssess: ['EDU', 'HEALTH'],
    consent: {parentConsent: true},
    needsSummary: CHILD.needsSummary,
    localOptionsExhausted: true,
    localOptionsEvidence: 'Two local schools and a local package declined',
    proposedProvision: 'residentialSchool',
    knownWeeklyPence: 450000,
    emergency: false,
  };
}

export function costLineInput(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    kind: 'care',
    description: 'Residential care',
    weeklyPence: 300000,
    weeksPerYear: 52,
    sharesBp: {SCS: 5000, HEALTH: 5000},
    ...overrides,
  };
}

export function referralInput(): Record<string, unknown> {
  return {
    submissionId: 'sub-referral-1',
    caseId: 'JRAP-2026-0007',
    managementApproval: {
      name: 'Mo Manager',
      email: 'manager1@example.org',
      date: '2026-01-02',
    },
    leadOfficer: 'Sam Worker',
    placement: {
      provider: 'Hillside School',
      setting: 'Residential school',
      ofstedUrn: 'SC000001',
      ofstedRegistered: true,
      cqcRequired: false,
      visited: true,
      termsAccepted: true,
      startDate: '2026-02-09',
    },
    optionsConsidered: [
      {
        description: 'Hillside School',
        recommended: true,
        rationale: 'Meets needs, nearest',
      },
      {description: 'Valley College', recommended: false},
    ],
    costLines: [
      costLineInput({
        kind: 'education',
        description: 'Education',
        weeklyPence: 200000,
        weeksPerYear: 38,
        sharesBp: {EDU: 10000},
      }),
      costLineInput(),
    ],
    paymentArrangement: 'leadAgencyPaysAndRecharges',
    rechargeFrequency: 'quarterly',
    requestedPanelDate: '2026-02-03',
    inPrincipleAgreement: {SCS: true, EDU: true, HEALTH: true},
  };
}

export function changeInput(): Record<string, unknown> {
  return {
    submissionId: 'sub-change-1',
    caseId: 'JRAP-2026-0007',
    changeType: 'increase',
    reason: 'Needs two-to-one support at night',
    effectiveDate: '2026-03-01',
    costLines: [costLineInput({weeklyPence: 350000})],
    endorsements: {SCS: '2026-01-02', HEALTH: '2026-01-03'},
  };
}

export function emergencyInput(): Record<string, unknown> {
  return {
    submissionId: 'sub-emergency-1',
    caseId: 'JRAP-2026-0007',
    placementStartDate: '2026-01-02',
    approvedBy: 'Cara Chair',
    notifiedAgencies: [{agency: 'EDU', date: '2026-01-05'}],
  };
}

export function assessmentInput(): Record<string, unknown> {
  return {
    submissionId: 'sub-assessment-1',
    caseId: 'JRAP-2026-0007',
    agency: 'HEALTH',
    status: 'completed',
    completedDate: '2026-01-05',
    supportsPlacement: true,
    inPrincipleAgreed: true,
    inPrincipleShareBp: 5000,
  };
}

export function decisionInput(): Record<string, unknown> {
  return {
    submissionId: 'sub-decision-1',
    caseId: 'JRAP-2026-0007',
    panelDate: '2026-02-03',
    outcome: 'endorsed',
    rationale: 'The placement meets the assessed needs',
    reviewDate: '2027-01-31',
    costLines: [costLineInput()],
    actions: [
      {
        description: 'Send the contract',
        ownerEmail: PEOPLE.actionOwner,
        dueDate: '2026-02-17',
      },
    ],
    attendees: {
      SCS: [PEOPLE.scsRep],
      EDU: [PEOPLE.eduRep],
      HEALTH: [PEOPLE.healthRep],
    },
  };
}

// ---------------------------------------------------------------------------
// Result helpers
// ---------------------------------------------------------------------------

/** The errors of a failed result (fails the test if it succeeded). */
export function errorsOf<T>(r: Result<T>): FieldError[] {
  if (r.ok) {
    throw new Error(
      `expected a failed result, got ok: ${JSON.stringify(r.value)}`,
    );
  }
  return r.errors;
}

/** The value of a successful result (fails the test with its errors if not). */
export function valueOf<T>(r: Result<T>): T {
  if (!r.ok) {
    throw new Error(`expected ok, got errors: ${JSON.stringify(r.errors)}`);
  }
  return r.value;
}

/** The failed result has an error on `field` for `rule` (and a message). */
export function expectError<T>(
  r: Result<T>,
  field: string,
  rule: string,
): FieldError {
  const errors = errorsOf(r);
  const found = errors.find(e => e.field === field && e.rule === rule);
  if (!found) {
    throw new Error(
      `expected an error {field: ${field}, rule: ${rule}}; got ${JSON.stringify(errors)}`,
    );
  }
  expect(found.message.length).toBeGreaterThan(0);
  return found;
}

/** Shorthand for a list of plain field errors (from the rule checks). */
export function pairs(errors: FieldError[]): Array<[string, string]> {
  return errors.map(e => [e.field, e.rule]);
}

/** A deep copy with a value set at a dotted path (creating groups). */
export function withPath(
  input: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(input) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
