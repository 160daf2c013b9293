import {FieldError, Result} from '../../src/domain/result';
import {
  AlertSchema,
  AssessmentSchema,
  ChangeSchema,
  DecisionSchema,
  EmergencySchema,
  fieldLabel,
  normalise,
  parseForm,
  ReferralSchema,
} from '../../src/domain/schemas';
import {
  validateAlert,
  validateAssessment,
  validateChange,
  validateDecision,
  validateEmergency,
  validateReferral,
} from '../../src/domain/validation';
import {
  alertInput,
  assessmentInput,
  changeInput,
  decisionInput,
  emergencyInput,
  errorsOf,
  expectError,
  kent,
  referralInput,
  TODAY,
  valueOf,
  withPath,
} from './fixtures';

type Input = Record<string, unknown>;

interface FormUnderTest {
  name: string;
  valid: () => Input;
  parse: (input: unknown) => Result<unknown>;
  validate: (input: unknown) => Result<unknown>;
}

const ctx = () => ({profile: kent(), today: TODAY});

const FORMS: Record<string, FormUnderTest> = {
  AlertSchema: {
    name: 'AlertSchema',
    valid: alertInput,
    parse: i => parseForm(AlertSchema, normalise.alert(i)),
    validate: i => validateAlert(i, ctx()),
  },
  ReferralSchema: {
    name: 'ReferralSchema',
    valid: referralInput,
    parse: i => parseForm(ReferralSchema, normalise.referral(i)),
    validate: i =>
      validateReferral(i, {...ctx(), provision: 'residentialSchool'}),
  },
  ChangeSchema: {
    name: 'ChangeSchema',
    valid: changeInput,
    parse: i => parseForm(ChangeSchema, normalise.change(i)),
    validate: i => validateChange(i, ctx()),
  },
  EmergencySchema: {
    name: 'EmergencySchema',
    valid: emergencyInput,
    parse: i => parseForm(EmergencySchema, normalise.emergency(i)),
    validate: i => validateEmergency(i, ctx()),
  },
  AssessmentSchema: {
    name: 'AssessmentSchema',
    valid: assessmentInput,
    parse: i => parseForm(AssessmentSchema, normalise.plain(i)),
    validate: i => validateAssessment(i, ctx()),
  },
  DecisionSchema: {
    name: 'DecisionSchema',
    valid: decisionInput,
    parse: i => parseForm(DecisionSchema, normalise.decision(i)),
    validate: i =>
      validateDecision(i, {
        ...ctx(),
        provision: 'residentialSchool',
        placementStartDate: '2026-02-09',
      }),
  },
};

/** [what is wrong, path, value (undefined: remove), field, rule] */
type BadCase = [string, string, unknown, string, string];

const BAD: Record<string, BadCase[]> = {
  AlertSchema: [
    [
      'wrong type: date of birth as a number',
      'child.dateOfBirth',
      20120314,
      'child.dateOfBirth',
      '§3',
    ],
    [
      'wrong type: emergency as text',
      'emergency',
      'yes please',
      'emergency',
      '§3',
    ],
    [
      'wrong type: agencies to assess as a number',
      'agenciesToAssess',
      7,
      'agenciesToAssess',
      '§3',
    ],
    [
      'wrong type: known weekly cost as text',
      'knownWeeklyPence',
      'lots',
      'knownWeeklyPence',
      'F4',
    ],
    [
      'wrong value: provision not in the list',
      'proposedProvision',
      'castle',
      'proposedProvision',
      '§3',
    ],
    [
      'wrong value: initials too long',
      'child.initials',
      'ABCDEFGHIJKL',
      'child.initials',
      '§3',
    ],
    [
      'wrong value: referrer email',
      'referrer.email',
      'not-an-email',
      'referrer.email',
      '§3',
    ],
    [
      'wrong value: mental capacity',
      'consent.mentalCapacity',
      'unsure',
      'consent.mentalCapacity',
      '§3',
    ],
    ['missing: needs summary', 'needsSummary', undefined, 'needsSummary', '§3'],
    ['missing: lead agency', 'leadAgency', undefined, 'leadAgency', '§3'],
    [
      'missing: child reference',
      'child.childRef',
      undefined,
      'child.childRef',
      '§3',
    ],
    [
      'missing: provision',
      'proposedProvision',
      undefined,
      'proposedProvision',
      '§3',
    ],
    [
      'blank: legal status is spaces',
      'child.legalStatus',
      '   ',
      'child.legalStatus',
      '§3',
    ],
    [
      'impossible date: 2026-02-30',
      'child.dateOfBirth',
      '2026-02-30',
      'child.dateOfBirth',
      '§3',
    ],
    [
      'impossible date: best-interest decision',
      'consent.bestInterestDecisionDate',
      '2025-13-01',
      'consent.bestInterestDecisionDate',
      '§3',
    ],
    [
      'money not whole pence: 12.5',
      'knownWeeklyPence',
      12.5,
      'knownWeeklyPence',
      'F4',
    ],
    ['money negative', 'knownWeeklyPence', -100, 'knownWeeklyPence', 'F4'],
  ],
  ReferralSchema: [
    ['wrong type: case ID as a number', 'caseId', 7, 'caseId', '§3'],
    ['wrong value: case ID format', 'caseId', 'case seven', 'caseId', '§3'],
    [
      'wrong type: cost lines as text',
      'costLines',
      'two lines',
      'costLines',
      '§3',
    ],
    [
      'wrong type: weeks per year as text',
      'costLines.0.weeksPerYear',
      '38',
      'costLines.0.weeksPerYear',
      'F4',
    ],
    [
      'wrong type: weekly pence as text',
      'costLines.1.weeklyPence',
      '3000.00',
      'costLines.1.weeklyPence',
      'F4',
    ],
    [
      'wrong type: Ofsted registered as text',
      'placement.ofstedRegistered',
      'yes',
      'placement.ofstedRegistered',
      '§3',
    ],
    [
      'wrong value: cost kind',
      'costLines.0.kind',
      'luxury',
      'costLines.0.kind',
      '§3',
    ],
    [
      'wrong value: payment arrangement',
      'paymentArrangement',
      'someone pays',
      'paymentArrangement',
      '§3',
    ],
    [
      'wrong value: recharge frequency',
      'rechargeFrequency',
      'yearly',
      'rechargeFrequency',
      '§3',
    ],
    ['missing: case ID', 'caseId', undefined, 'caseId', '§3'],
    [
      'missing: management approval date',
      'managementApproval.date',
      undefined,
      'managementApproval.date',
      '§3',
    ],
    [
      'missing: provider',
      'placement.provider',
      undefined,
      'placement.provider',
      '§3',
    ],
    ['missing: cost lines', 'costLines', undefined, 'costLines', '§3'],
    ['missing: no cost line at all', 'costLines', [], 'costLines', '§3'],
    [
      'impossible date: 2026-02-30',
      'managementApproval.date',
      '2026-02-30',
      'managementApproval.date',
      '§3',
    ],
    [
      'impossible date: placement start',
      'placement.startDate',
      '2026-02-30',
      'placement.startDate',
      '§3',
    ],
    [
      'impossible date: requested panel',
      'requestedPanelDate',
      '2026-02-30',
      'requestedPanelDate',
      '§3',
    ],
    [
      'money not whole pence: 12.5',
      'costLines.0.weeklyPence',
      12.5,
      'costLines.0.weeklyPence',
      'F4',
    ],
    [
      'money per agency not whole pence',
      'costLines.1.agencyPence',
      {SCS: 12.5},
      'costLines.1.agencyPence.SCS',
      'F3',
    ],
    [
      'share not whole basis points: 3333.5',
      'costLines.1.sharesBp',
      {SCS: 3333.5, HEALTH: 6666.5},
      'costLines.1.sharesBp.SCS',
      'F2',
    ],
    [
      'share above 10000 bp',
      'costLines.0.sharesBp',
      {EDU: 12000},
      'costLines.0.sharesBp.EDU',
      'F2',
    ],
    [
      'share as text',
      'costLines.0.sharesBp',
      {EDU: '100%'},
      'costLines.0.sharesBp.EDU',
      'F2',
    ],
  ],
  ChangeSchema: [
    [
      'wrong type: change type as a number',
      'changeType',
      3,
      'changeType',
      '§3',
    ],
    ['wrong value: change type', 'changeType', 'moreMoney', 'changeType', '§3'],
    [
      'wrong type: endorsements as text',
      'endorsements',
      'all agreed',
      'endorsements',
      '§3',
    ],
    ['missing: reason', 'reason', undefined, 'reason', '§3'],
    [
      'missing: effective date',
      'effectiveDate',
      undefined,
      'effectiveDate',
      '§3',
    ],
    ['missing: case ID', 'caseId', undefined, 'caseId', '§3'],
    [
      'impossible date: 2026-02-30',
      'effectiveDate',
      '2026-02-30',
      'effectiveDate',
      '§3',
    ],
    [
      'impossible date: notice date',
      'noticeDate',
      '2026-04-31',
      'noticeDate',
      '§3',
    ],
    [
      'impossible date: endorsement',
      'endorsements',
      {SCS: '2026-02-30'},
      'endorsements.SCS',
      '§3',
    ],
    [
      'money not whole pence: 12.5',
      'costLines.0.weeklyPence',
      12.5,
      'costLines.0.weeklyPence',
      'F4',
    ],
    [
      'share not whole basis points: 3333.5',
      'costLines.0.sharesBp',
      {SCS: 3333.5, HEALTH: 6666.5},
      'costLines.0.sharesBp.SCS',
      'F2',
    ],
  ],
  EmergencySchema: [
    [
      'wrong type: notified agencies as text',
      'notifiedAgencies',
      'EDU',
      'notifiedAgencies',
      '§3',
    ],
    [
      'wrong type: start date as a number',
      'placementStartDate',
      20260102,
      'placementStartDate',
      '§3',
    ],
    ['wrong value: case ID format', 'caseId', 'seven', 'caseId', '§3'],
    [
      'missing: placement start date',
      'placementStartDate',
      undefined,
      'placementStartDate',
      '§3',
    ],
    ['missing: approved by', 'approvedBy', undefined, 'approvedBy', '§3'],
    [
      'missing: notified agency code',
      'notifiedAgencies',
      [{date: '2026-01-05'}],
      'notifiedAgencies.0.agency',
      '§3',
    ],
    [
      'impossible date: 2026-02-30',
      'placementStartDate',
      '2026-02-30',
      'placementStartDate',
      '§3',
    ],
    [
      'impossible date: notification',
      'notifiedAgencies',
      [{agency: 'EDU', date: '2026-02-30'}],
      'notifiedAgencies.0.date',
      '§3',
    ],
    [
      'impossible date: child DOB',
      'child',
      {
        childRef: 'CR-1',
        initials: 'XQ',
        dateOfBirth: '2026-02-30',
        legalStatus: 'S20',
      },
      'child.dateOfBirth',
      '§3',
    ],
  ],
  AssessmentSchema: [
    [
      'wrong type: supports placement as text',
      'supportsPlacement',
      'yes',
      'supportsPlacement',
      '§3',
    ],
    ['wrong value: status', 'status', 'done', 'status', '§3'],
    ['wrong value: agency code', 'agency', 'health team', 'agency', '§3'],
    ['missing: agency', 'agency', undefined, 'agency', '§3'],
    ['missing: status', 'status', undefined, 'status', '§3'],
    [
      'impossible date: 2026-02-30',
      'completedDate',
      '2026-02-30',
      'completedDate',
      '§3',
    ],
    [
      'share not whole basis points: 3333.5',
      'inPrincipleShareBp',
      3333.5,
      'inPrincipleShareBp',
      'F2',
    ],
    [
      'share above 100%',
      'inPrincipleShareBp',
      10001,
      'inPrincipleShareBp',
      'F2',
    ],
    [
      'wrong type: share as text',
      'inPrincipleShareBp',
      '50%',
      'inPrincipleShareBp',
      '§3',
    ],
  ],
  DecisionSchema: [
    ['wrong type: actions as text', 'actions', 'do things', 'actions', '§3'],
    ['wrong type: rationale as a number', 'rationale', 42, 'rationale', '§3'],
    ['wrong value: outcome', 'outcome', 'approved', 'outcome', '§3'],
    [
      'wrong value: action owner email',
      'actions.0.ownerEmail',
      'owner',
      'actions.0.ownerEmail',
      '§3',
    ],
    ['missing: outcome', 'outcome', undefined, 'outcome', '§3'],
    ['missing: rationale', 'rationale', undefined, 'rationale', '§3'],
    ['missing: panel date', 'panelDate', undefined, 'panelDate', '§3'],
    [
      'missing: action due date',
      'actions.0.dueDate',
      undefined,
      'actions.0.dueDate',
      '§3',
    ],
    [
      'impossible date: 2026-02-30',
      'panelDate',
      '2026-02-30',
      'panelDate',
      '§3',
    ],
    [
      'impossible date: review date',
      'reviewDate',
      '2027-02-29',
      'reviewDate',
      '§3',
    ],
    [
      'impossible date: approval end',
      'approvalEndDate',
      '2026-06-31',
      'approvalEndDate',
      '§3',
    ],
    [
      'money not whole pence: 12.5',
      'costLines.0.weeklyPence',
      12.5,
      'costLines.0.weeklyPence',
      'F4',
    ],
    [
      'share not whole basis points: 3333.5',
      'costLines.0.sharesBp',
      {SCS: 3333.5, HEALTH: 6666.5},
      'costLines.0.sharesBp.SCS',
      'F2',
    ],
  ],
};

function expectRefused(
  r: Result<unknown>,
  field: string,
  rule: string,
): FieldError {
  const e = expectError(r, field, rule);
  return e;
}

for (const [schemaName, form] of Object.entries(FORMS)) {
  describe(`§3: ${schemaName}`, () => {
    it('§3: accepts the valid form (parseForm and validate)', () => {
      valueOf(form.parse(form.valid()));
      valueOf(form.validate(form.valid()));
    });

    it('§3: refuses what is not an object', () => {
      for (const input of [null, 'a form', 42, []]) {
        expect(form.parse(input).ok).toBe(false);
        expect(form.validate(input).ok).toBe(false);
      }
      expectRefused(form.parse('a form'), 'form', '§3');
    });

    it('§3: an empty form lists the missing required fields', () => {
      const errors = errorsOf(form.parse({}));
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.field).not.toBe('');
        expect(e.rule).toMatch(/^(§3|[FD]\d+)$/);
        expect(e.message).toMatch(/required|must/);
      }
    });

    for (const [what, path, value, field, rule] of BAD[schemaName]) {
      it(`${rule}: ${schemaName} refuses ${what} (${field})`, () => {
        const input = withPath(form.valid(), path, value);
        expectRefused(form.parse(input), field, rule);
        expectRefused(form.validate(input), field, rule);
      });
    }
  });
}

describe('§3: messages', () => {
  it('§3: a missing field says it is required, in plain words', () => {
    const e = expectError(
      parseForm(
        AlertSchema,
        normalise.alert(withPath(alertInput(), 'needsSummary', undefined)),
      ),
      'needsSummary',
      '§3',
    );
    expect(e.message).toBe('Summary of needs is required.');
  });

  it('§3: an impossible date says it must be a real date', () => {
    const e = expectError(
      parseForm(
        AlertSchema,
        normalise.alert(
          withPath(alertInput(), 'child.dateOfBirth', '2026-02-30'),
        ),
      ),
      'child.dateOfBirth',
      '§3',
    );
    expect(e.message).toMatch(/Date of birth must be a real date/);
  });

  it('§3: labels cost line fields by their line number', () => {
    expect(fieldLabel('costLines.0.weeklyPence')).toBe(
      'Cost line 1 weekly cost',
    );
    expect(fieldLabel('costLines.1.sharesBp.EDU')).toBe(
      'Cost line 2 share for EDU',
    );
  });
});

describe('§3: normalisation of what arrives', () => {
  it('§3: alert flat keys (childRef at the top level) are accepted like the nested group', () => {
    const nested = alertInput();
    const child = nested.child as Input;
    const referrer = nested.referrer as Input;
    const flat: Input = {...nested};
    delete flat.child;
    delete flat.referrer;
    delete flat.consent;
    Object.assign(flat, child, {
      referrerName: referrer.name,
      referrerEmail: referrer.email,
      referrerAgency: referrer.agency,
      referrerRole: referrer.role,
      parentConsent: true,
    });
    const a = valueOf(parseForm(AlertSchema, normalise.alert(flat)));
    const b = valueOf(parseForm(AlertSchema, normalise.alert(nested)));
    expect(a).toEqual(b);
    expect(a.child.childRef).toBe('CR-889914');
    expect(a.referrer.email).toBe('sw1@example.org');
    valueOf(validateAlert(flat, ctx()));
  });

  it("§3: '' (an empty form field) is treated as missing", () => {
    const errors = errorsOf(
      parseForm(
        AlertSchema,
        normalise.alert({
          ...withPath(alertInput(), 'child', undefined),
          childRef: '',
          initials: 'XQ',
          dateOfBirth: '2012-03-14',
          legalStatus: 'S20',
        }),
      ),
    );
    expect(errors.find(e => e.field === 'child.childRef')).toMatchObject({
      rule: '§3',
      message: "Child's reference is required.",
    });
    // An optional field left '' is simply absent.
    const ok = valueOf(
      parseForm(
        AlertSchema,
        normalise.alert({
          ...alertInput(),
          knownWeeklyPence: '',
          agenciesToAssess: '',
        }),
      ),
    );
    expect(ok.knownWeeklyPence).toBeUndefined();
    expect(ok.agenciesToAssess).toBeUndefined();
    // null likewise.
    const n = valueOf(
      parseForm(
        AlertSchema,
        normalise.alert({...alertInput(), knownWeeklyPence: null}),
      ),
    );
    expect(n.knownWeeklyPence).toBeUndefined();
  });

  it('§3: agencies to assess may be typed as a comma-separated list, and codes are upper-cased', () => {
    const a = valueOf(
      parseForm(
        AlertSchema,
        normalise.alert({...alertInput(), agenciesToAssess: 'edu, health'}),
      ),
    );
    expect(a.agenciesToAssess).toEqual(['EDU', 'HEALTH']);
  });

  it('§3: local options may come as a group {exhausted, evidence}', () => {
    const input = alertInput();
    delete input.localOptionsExhausted;
    delete input.localOptionsEvidence;
    input.localOptions = {
      exhausted: true,
      evidence: 'All local packages tried',
    };
    const a = valueOf(parseForm(AlertSchema, normalise.alert(input)));
    expect(a.localOptionsExhausted).toBe(true);
    expect(a.localOptionsEvidence).toBe('All local packages tried');
  });

  it('§3: referral placement fields may be flat (placementStartDate → placement.startDate)', () => {
    const input = referralInput();
    const placement = input.placement as Input;
    delete input.placement;
    Object.assign(input, {
      ...placement,
      placementStartDate: placement.startDate,
    });
    delete input.startDate;
    const r = valueOf(parseForm(ReferralSchema, normalise.referral(input)));
    expect(r.placement.provider).toBe('Hillside School');
    expect(r.placement.startDate).toBe('2026-02-09');
  });

  it('F2: cost line shares may arrive as `shares`', () => {
    const input = withPath(referralInput(), 'costLines.1.sharesBp', undefined);
    (input.costLines as Input[])[1].shares = {SCS: 6000, HEALTH: 4000};
    const r = valueOf(parseForm(ReferralSchema, normalise.referral(input)));
    expect(r.costLines[1].sharesBp).toEqual({SCS: 6000, HEALTH: 4000});
  });

  it('F2: agency codes used as share keys are trimmed and upper-cased', () => {
    const input = withPath(referralInput(), 'costLines.1.sharesBp', {
      scs: 5000,
      ' health ': 5000,
    });
    const r = valueOf(parseForm(ReferralSchema, normalise.referral(input)));
    expect(r.costLines[1].sharesBp).toEqual({SCS: 5000, HEALTH: 5000});
  });

  it('F12: in-principle agreement may arrive as a list of agencies', () => {
    const r = valueOf(
      parseForm(
        ReferralSchema,
        normalise.referral({
          ...referralInput(),
          inPrincipleAgreement: ['EDU', 'HEALTH'],
        }),
      ),
    );
    expect(r.inPrincipleAgreement).toEqual({EDU: true, HEALTH: true});
  });

  it('F9: change endorsements may arrive as a list of {agency, date}', () => {
    const c = valueOf(
      parseForm(
        ChangeSchema,
        normalise.change({
          ...changeInput(),
          endorsements: [
            {agency: 'SCS', date: '2026-01-02'},
            {agency: 'HEALTH', date: '2026-01-03'},
          ],
        }),
      ),
    );
    expect(c.endorsements).toEqual({SCS: '2026-01-02', HEALTH: '2026-01-03'});
  });

  it('D8: notified agencies may arrive as a map, and a new child as flat keys', () => {
    const input: Input = {
      ...emergencyInput(),
      notifiedAgencies: {EDU: '2026-01-05', HEALTH: '2026-01-05'},
      caseId: '',
      childRef: 'CR-889914',
      initials: 'XQ',
      dateOfBirth: '2012-03-14',
      legalStatus: 'S20',
      leadAgency: 'SCS',
    };
    const e = valueOf(parseForm(EmergencySchema, normalise.emergency(input)));
    expect(e.caseId).toBeUndefined();
    expect(e.child?.childRef).toBe('CR-889914');
    expect(e.notifiedAgencies).toEqual([
      {agency: 'EDU', date: '2026-01-05'},
      {agency: 'HEALTH', date: '2026-01-05'},
    ]);
    valueOf(validateEmergency(input, ctx()));
  });

  it('D13: decision attendees may arrive as text per agency or as a list of people', () => {
    const text = valueOf(
      parseForm(
        DecisionSchema,
        normalise.decision({
          ...decisionInput(),
          attendees: {
            SCS: 'scs.rep@example.org, chair@example.org',
            EDU: 'edu.rep@example.org',
          },
        }),
      ),
    );
    expect(text.attendees).toEqual({
      SCS: ['scs.rep@example.org', 'chair@example.org'],
      EDU: ['edu.rep@example.org'],
    });
    const list = valueOf(
      parseForm(
        DecisionSchema,
        normalise.decision({
          ...decisionInput(),
          attendees: [
            {agency: 'SCS', email: 'scs.rep@example.org'},
            {agency: 'HEALTH', name: 'Hana Rep'},
          ],
        }),
      ),
    );
    expect(list.attendees).toEqual({
      SCS: ['scs.rep@example.org'],
      HEALTH: ['Hana Rep'],
    });
  });

  it('§3: defaults fill what a form may leave out', () => {
    const input = alertInput();
    delete input.emergency;
    delete input.referrer;
    const a = valueOf(parseForm(AlertSchema, normalise.alert(input)));
    expect(a.emergency).toBe(false);
    expect(a.referrer).toEqual({});
    const r = valueOf(
      parseForm(
        ReferralSchema,
        normalise.referral(
          withPath(referralInput(), 'rechargeFrequency', undefined),
        ),
      ),
    );
    expect(r.rechargeFrequency).toBe('quarterly');
    const d = valueOf(
      parseForm(
        DecisionSchema,
        normalise.decision(withPath(decisionInput(), 'actions', undefined)),
      ),
    );
    expect(d.actions).toEqual([]);
  });

  it('S3: free text is kept exactly as typed (whitespace too), emails are normalised', () => {
    const a = valueOf(
      parseForm(
        AlertSchema,
        normalise.alert(
          withPath(
            withPath(alertInput(), 'needsSummary', '  needs  '),
            'referrer.email',
            'SW1@Example.org',
          ),
        ),
      ),
    );
    expect(a.needsSummary).toBe('  needs  ');
    expect(a.referrer.email).toBe('sw1@example.org');
    const blank = parseForm(
      AlertSchema,
      normalise.alert(withPath(alertInput(), 'needsSummary', '   ')),
    );
    expect(blank.ok).toBe(false);
  });
});
