import {
  validateAlert,
  validateAssessment,
  validateChange,
  validateDecision,
  validateEmergency,
  validateReferral,
} from '../../src/domain/validation';
import {
  alertPayload,
  assessmentPayload,
  changePayload,
  decisionPayload,
  emergencyPayload,
  referralPayload,
} from '../../src/client/payloads';
import {FieldValue, valuesOf} from '../../src/client/values';
import {cbc, kent} from '../domain/fixtures';

const today = '2026-03-02';
const ctx = {profile: kent(), today};

function errorsOf(r: {
  ok: boolean;
  errors?: Array<{field: string; rule: string}>;
}) {
  return r.ok ? [] : (r.errors ?? []).map(e => `${e.field} ${e.rule}`);
}

const ALERT: Record<string, FieldValue> = {
  'child.childRef': 'LIB-12345',
  'child.initials': 'A.B.',
  'child.dateOfBirth': '2014-05-01',
  'child.legalStatus': 'Section 20',
  'child.hasEhcp': true,
  'consent.parentConsent': true,
  localOptionsExhausted: true,
  localOptionsEvidence: 'Local foster care and a day placement were tried.',
  'referrer.name': 'Sam Worker',
  'referrer.email': 'sw1@example.org',
  'referrer.agency': 'SCS',
  'referrer.role': 'Social worker',
  leadAgency: 'SCS',
  agenciesToAssess: ['EDU', 'HEALTH'],
  needsSummary: 'Complex needs.',
  proposedProvision: 'residentialSchool',
  knownWeeklyPence: '4,250.00',
  emergency: false,
};

describe('referral alert (part 1) as sent', () => {
  it('passes the domain’s validation and carries pence', () => {
    const b = alertPayload(valuesOf(ALERT));
    expect(b.errors).toEqual([]);
    expect(errorsOf(validateAlert(b.data, ctx))).toEqual([]);
    expect(b.data.knownWeeklyPence).toBe(425000);
    expect(b.data.agenciesToAssess).toEqual(['EDU', 'HEALTH']);
    expect(b.data.child).toMatchObject({
      dateOfBirth: '2014-05-01',
      hasEhcp: true,
    });
  });

  it('consent of a young person of 16 or over (D12): required unless they lack capacity', () => {
    const over16 = {
      ...ALERT,
      'child.dateOfBirth': '2009-01-01',
      'consent.youngPersonConsent': false,
      'consent.mentalCapacity': '',
    };
    expect(
      errorsOf(validateAlert(alertPayload(valuesOf(over16)).data, ctx)),
    ).toEqual(['consent.youngPersonConsent D12']);
    const lacks = {
      ...over16,
      'consent.mentalCapacity': 'lacksCapacity',
      'consent.bestInterestDecisionDate': '',
    };
    expect(
      errorsOf(validateAlert(alertPayload(valuesOf(lacks)).data, ctx)),
    ).toEqual(['consent.bestInterestDecisionDate D12']);
    const agreed = {...over16, 'consent.youngPersonConsent': true};
    expect(
      errorsOf(validateAlert(alertPayload(valuesOf(agreed)).data, ctx)),
    ).toEqual([]);
  });

  it('hidden consent questions are not sent (an under-16’s page has none)', () => {
    const b = alertPayload(valuesOf(ALERT));
    expect(b.data.consent).toEqual({parentConsent: true});
  });

  it('Kent requires local options exhausted with evidence', () => {
    const v = valuesOf({...ALERT, localOptionsExhausted: false});
    expect(errorsOf(validateAlert(alertPayload(v).data, ctx))).toEqual([
      'localOptionsExhausted §3',
    ]);
  });

  it('a cost that is not money is an error on that field', () => {
    const b = alertPayload(valuesOf({...ALERT, knownWeeklyPence: 'about 4k'}));
    expect(b.errors.map(e => `${e.field} ${e.rule}`)).toEqual([
      'knownWeeklyPence F4',
    ]);
    expect(b.data.knownWeeklyPence).toBeUndefined();
  });

  it('whitespace-only answers count as blank, other text is sent as typed (S3 is the server’s)', () => {
    const b = alertPayload(
      valuesOf({...ALERT, 'referrer.role': '   ', needsSummary: '=SUM(A1)'}),
    );
    expect((b.data.referrer as Record<string, unknown>).role).toBeUndefined();
    expect(b.data.needsSummary).toBe('=SUM(A1)');
  });
});

const REFERRAL: Record<string, FieldValue> = {
  caseId: 'JRAP-2026-0001',
  'managementApproval.name': 'Mo Manager',
  'managementApproval.date': '2026-02-27',
  leadOfficer: 'Sam Worker',
  'inPrincipleAgreement.EDU': true,
  'inPrincipleAgreement.HEALTH': true,
  'evidenceLinks.EDU': 'https://docs.example.org/edu',
  'placement.provider': 'Oak House',
  'placement.ofstedRegistered': true,
  'placement.cqcRequired': false,
  'placement.visited': true,
  'placement.termsAccepted': true,
  'placement.startDate': '2026-04-01',
  'optionsConsidered.0.description': 'Oak House',
  'optionsConsidered.0.recommended': true,
  'optionsConsidered.0.rationale': 'Closest to family.',
  'optionsConsidered.1.description': 'Elm School',
  'optionsConsidered.1.recommended': false,
  'costLines.0.kind': 'education',
  'costLines.0.weeklyPence': '2,000.00',
  'costLines.0.weeksPerYear': '38',
  'costLines.0.sharesBp.EDU': '100',
  'costLines.1.kind': 'care',
  'costLines.1.weeklyPence': '3000',
  'costLines.1.weeksPerYear': '52',
  'costLines.1.sharesBp.SCS': '60',
  'costLines.1.sharesBp.HEALTH': '40',
  paymentArrangement: 'leadAgencyPaysAndRecharges',
  rechargeFrequency: 'quarterly',
  requestedPanelDate: '2026-04-07',
  emergency: false,
};
const ROWS = {optionsConsidered: 2, costLines: 2};

describe('referral (part 2) as sent', () => {
  it('passes the domain’s validation, with pence and basis points', () => {
    const b = referralPayload(valuesOf(REFERRAL, ROWS), kent(), {
      expectedVersion: 3,
    });
    expect(b.errors).toEqual([]);
    const r = validateReferral(b.data, {
      ...ctx,
      provision: 'residentialSchool',
    });
    expect(errorsOf(r)).toEqual([]);
    expect(b.data.expectedVersion).toBe(3);
    expect(b.data.costLines).toEqual([
      {
        kind: 'education',
        weeklyPence: 200000,
        weeksPerYear: 38,
        sharesBp: {EDU: 10000},
      },
      {
        kind: 'care',
        weeklyPence: 300000,
        weeksPerYear: 52,
        sharesBp: {SCS: 6000, HEALTH: 4000},
      },
    ]);
    if (r.ok) expect(r.value.annualTotalPence).toBe(200000 * 38 + 300000 * 52);
    expect(b.data.evidenceLinks).toEqual({EDU: 'https://docs.example.org/edu'});
    expect(b.data.optionsConsidered).toHaveLength(2);
  });

  it('shares adding up to 90% fail with F2 on that line’s shares', () => {
    const v = valuesOf(
      {...REFERRAL, 'costLines.1.sharesBp.HEALTH': '30'},
      ROWS,
    );
    const r = validateReferral(referralPayload(v, kent()).data, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toContainEqual({
        field: 'costLines.1.sharesBp',
        rule: 'F2',
        message: 'Shares add up to 90%; they must add up to exactly 100%.',
      });
  });

  it('an additional line needs its reason and step-down date (F5)', () => {
    const v = valuesOf({...REFERRAL, 'costLines.1.kind': 'additional'}, ROWS);
    expect(
      errorsOf(validateReferral(referralPayload(v, kent()).data, ctx)),
    ).toEqual([
      'costLines.1.reason F5',
      'costLines.1.endDate F5',
      'costLines.1.stepDownDate F5',
    ]);
  });

  it('the chair’s approval travels only with an emergency', () => {
    const v = valuesOf({...REFERRAL, 'chairApproval.name': 'Cara Chair'}, ROWS);
    expect(referralPayload(v, kent()).data.chairApproval).toBeUndefined();
    const e = valuesOf(
      {...REFERRAL, emergency: true, 'chairApproval.name': 'Cara Chair'},
      ROWS,
    );
    expect(referralPayload(e, kent()).data.chairApproval).toEqual({
      name: 'Cara Chair',
    });
  });
});

describe('change form (part 4) as sent', () => {
  const base: Record<string, FieldValue> = {
    caseId: 'JRAP-2026-0001',
    changeType: 'increase',
    reason: 'More weeks.',
    effectiveDate: '2026-04-01',
    'costLines.0.kind': 'care',
    'costLines.0.weeklyPence': '3500',
    'costLines.0.weeksPerYear': '52',
    'endorsements.EDU': '2026-02-20',
  };

  it('passes validation with the new lines and the endorsements (F9)', () => {
    const b = changePayload(valuesOf(base, {costLines: 1}), kent(), {
      expectedVersion: 5,
    });
    expect(errorsOf(validateChange(b.data, ctx))).toEqual([]);
    expect(b.data.endorsements).toEqual({EDU: '2026-02-20'});
  });

  it('a withdrawal without lines leaves the split to the server; notice is F8', () => {
    const v = valuesOf(
      {
        ...base,
        changeType: 'agencyWithdrawal',
        withdrawingAgency: 'HEALTH',
        noticeDate: '2026-02-01',
        effectiveDate: '2026-04-01',
      },
      {costLines: 0},
    );
    const b = changePayload(v, kent());
    expect(b.data.costLines).toBeUndefined();
    const r = validateChange(b.data, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map(e => `${e.field} ${e.rule}`)).toEqual([
        'effectiveDate F8',
      ]);
  });

  it('a venue change is refused with F10', () => {
    const r = validateChange(
      changePayload(
        valuesOf({...base, changeType: 'venueChange'}, {costLines: 1}),
        kent(),
      ).data,
      ctx,
    );
    expect(errorsOf(r)).toEqual(['changeType F10']);
  });
});

describe('emergency notice as sent', () => {
  it('only ticked agencies are sent; errors map back to their rows', () => {
    const v = valuesOf({
      childKnown: 'existing',
      caseId: 'JRAP-2026-0001',
      placementStartDate: '2026-02-26',
      approvedBy: 'Head of Service',
      'notifiedAgencies.EDU.notified': false,
      'notifiedAgencies.HEALTH.notified': true,
      'notifiedAgencies.HEALTH.date': '2026-02-25',
    });
    const b = emergencyPayload(v, ['EDU', 'HEALTH']);
    expect(b.data.notifiedAgencies).toEqual([
      {agency: 'HEALTH', date: '2026-02-25'},
    ]);
    expect(b.aliases).toEqual({
      'notifiedAgencies.0': 'notifiedAgencies.HEALTH',
    });
    expect(errorsOf(validateEmergency(b.data, ctx))).toEqual([
      'notifiedAgencies.0.date D8',
    ]);
  });

  it('a ticked agency without a date is a D8 error on its date', () => {
    const v = valuesOf({
      'notifiedAgencies.EDU.notified': true,
      placementStartDate: '2026-02-26',
      approvedBy: 'x',
    });
    expect(emergencyPayload(v, ['EDU']).errors).toEqual([
      {
        field: 'notifiedAgencies.EDU.date',
        rule: 'D8',
        message: 'Give the date EDU was notified.',
      },
    ]);
  });

  it('a child new to the panel travels with its lead agency', () => {
    const v = valuesOf({
      childKnown: 'new',
      'child.childRef': 'R1',
      'child.initials': 'C.D.',
      'child.dateOfBirth': '2012-01-01',
      'child.legalStatus': 'Police protection',
      leadAgency: 'SCS',
      placementStartDate: '2026-02-27',
      approvedBy: 'Cara Chair',
    });
    const b = emergencyPayload(v, ['EDU', 'HEALTH']);
    expect(b.data.caseId).toBeUndefined();
    expect(errorsOf(validateEmergency(b.data, ctx))).toEqual([]);
  });
});

describe('assessment update as sent', () => {
  it('yes/no answers and the share in basis points', () => {
    const v = valuesOf({
      caseId: 'JRAP-2026-0001',
      agency: 'EDU',
      status: 'completed',
      completedDate: '2026-02-28',
      supportsPlacement: 'yes',
      inPrincipleAgreed: 'yes',
      inPrincipleShareBp: '33.33',
    });
    const b = assessmentPayload(v, {expectedVersion: 2});
    expect(b.data).toMatchObject({
      supportsPlacement: true,
      inPrincipleAgreed: true,
      inPrincipleShareBp: 3333,
      expectedVersion: 2,
    });
    expect(errorsOf(validateAssessment(b.data, ctx))).toEqual([]);
  });

  it('"not decided yet" is left out; a decline needs its reason (F12)', () => {
    const v = valuesOf({
      caseId: 'JRAP-2026-0001',
      agency: 'EDU',
      status: 'declined',
      supportsPlacement: '',
      declineReason: '',
    });
    const b = assessmentPayload(v);
    expect('supportsPlacement' in b.data).toBe(false);
    expect(errorsOf(validateAssessment(b.data, ctx))).toEqual([
      'declineReason F12',
    ]);
  });
});

describe('decision as sent', () => {
  const base: Record<string, FieldValue> = {
    caseId: 'JRAP-2026-0001',
    panelDate: '2026-03-03',
    'attendees.SCS': 'Cara Chair, Sol Rep',
    outcome: 'endorsed',
    rationale: 'Meets needs.',
    reviewDate: '2026-09-01',
    'actions.0.description': 'Send contract',
    'actions.0.ownerEmail': 'owner1@example.org',
    'actions.0.dueDate': '2026-03-10',
  };

  it('attendees by agency, actions, review date (D9)', () => {
    const b = decisionPayload(valuesOf(base, {actions: 1}), kent());
    const r = validateDecision(b.data, {
      ...ctx,
      today: '2026-03-03',
      placementStartDate: '2026-04-01',
    });
    expect(errorsOf(r)).toEqual([]);
    if (r.ok)
      expect(r.value.form.attendees).toEqual({SCS: ['Cara Chair', 'Sol Rep']});
  });

  it('an endorsement without a review date is D9', () => {
    const b = decisionPayload(
      valuesOf({...base, reviewDate: ''}, {actions: 1}),
      kent(),
    );
    expect(errorsOf(validateDecision(b.data, ctx))).toEqual(['reviewDate D9']);
  });

  it('final lines on a single-agency panel', () => {
    const v = valuesOf(
      {
        ...base,
        'costLines.0.kind': 'care',
        'costLines.0.weeklyPence': '900',
        'costLines.0.weeksPerYear': '52',
      },
      {actions: 1, costLines: 1},
    );
    const b = decisionPayload(v, cbc());
    expect(b.data.costLines).toEqual([
      {kind: 'care', weeklyPence: 90000, weeksPerYear: 52},
    ]);
    expect(
      errorsOf(
        validateDecision(b.data, {
          profile: cbc(),
          today,
          placementStartDate: '2026-04-01',
        }),
      ),
    ).toEqual([]);
  });
});
