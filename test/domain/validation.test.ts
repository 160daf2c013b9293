import {
  validateAlert,
  validateAssessment,
  validateChange,
  validateDecision,
  validateEmergency,
  validateReferral,
} from '../../src/domain/validation';
import {Profile, Provision} from '../../src/domain/profiles';
import {
  alertInput,
  assessmentInput,
  cbc,
  changeInput,
  costLineInput,
  decisionInput,
  emergencyInput,
  errorsOf,
  expectError,
  harp,
  kent,
  leics,
  referralInput,
  TODAY,
  valueOf,
  withPath,
} from './fixtures';

type Input = Record<string, unknown>;
const ctx = (profile: Profile = kent(), today = TODAY) => ({profile, today});

/** Every error of a failed result as [field, rule], sorted. */
const fieldsOf = (r: {ok: boolean}) =>
  errorsOf(r as never)
    .map(e => `${e.field}|${e.rule}`)
    .sort();

// ---------------------------------------------------------------------------

describe('validateAlert (part 1)', () => {
  const sixteenToday = '2010-01-05';

  it('§3: a complete Kent alert is accepted', () => {
    const a = valueOf(validateAlert(alertInput(), ctx()));
    expect(a.child.childRef).toBe('CR-889914');
    expect(a.agenciesToAssess).toEqual(['EDU', 'HEALTH']);
  });

  it('D12: a young person of 16+ must give their own consent', () => {
    const input = withPath(alertInput(), 'child.dateOfBirth', sixteenToday);
    expectError(
      validateAlert(input, ctx()),
      'consent.youngPersonConsent',
      'D12',
    );
    valueOf(
      validateAlert(
        withPath(input, 'consent', {youngPersonConsent: true}),
        ctx(),
      ),
    );
  });

  it('D12: 16+ lacking capacity is accepted only with a best-interest decision date', () => {
    const input = withPath(alertInput(), 'child.dateOfBirth', sixteenToday);
    const lacks = withPath(input, 'consent', {mentalCapacity: 'lacksCapacity'});
    expectError(
      validateAlert(lacks, ctx()),
      'consent.bestInterestDecisionDate',
      'D12',
    );
    valueOf(
      validateAlert(
        withPath(lacks, 'consent.bestInterestDecisionDate', '2025-12-15'),
        ctx(),
      ),
    );
  });

  it('D12: flat consent keys are read like the consent group', () => {
    const input: Input = {
      ...withPath(alertInput(), 'consent', undefined),
      youngPersonConsent: true,
    };
    valueOf(
      validateAlert(withPath(input, 'child.dateOfBirth', sixteenToday), ctx()),
    );
  });

  it('D12: under 16, Kent needs a parent’s consent', () => {
    expectError(
      validateAlert(withPath(alertInput(), 'consent', {}), ctx()),
      'consent.parentConsent',
      'D12',
    );
    expectError(
      validateAlert(
        withPath(alertInput(), 'consent.parentConsent', false),
        ctx(leics()),
      ),
      'consent.parentConsent',
      'D12',
    );
  });

  it('D12: under 16, CBC (no parent-consent requirement) accepts the alert', () => {
    const input = withPath(
      withPath(alertInput(), 'consent', {}),
      'agenciesToAssess',
      undefined,
    );
    valueOf(
      validateAlert(
        withPath(input, 'localOptionsExhausted', undefined),
        ctx(cbc()),
      ),
    );
  });

  it('§3: Kent needs local options exhausted, with evidence', () => {
    expectError(
      validateAlert(
        withPath(alertInput(), 'localOptionsExhausted', false),
        ctx(),
      ),
      'localOptionsExhausted',
      '§3',
    );
    expectError(
      validateAlert(
        withPath(alertInput(), 'localOptionsEvidence', undefined),
        ctx(),
      ),
      'localOptionsEvidence',
      '§3',
    );
  });

  it('§3: agencies must be agencies of the panel', () => {
    expectError(
      validateAlert(withPath(alertInput(), 'leadAgency', 'POLICE'), ctx()),
      'leadAgency',
      '§3',
    );
    expectError(
      validateAlert(
        withPath(alertInput(), 'agenciesToAssess', ['EDU', 'POLICE']),
        ctx(),
      ),
      'agenciesToAssess.1',
      '§3',
    );
    expectError(
      validateAlert(alertInput(), ctx(cbc())),
      'agenciesToAssess.0',
      '§3',
    );
  });

  it('§3: the date of birth cannot be in the future, nor 25+ years ago', () => {
    expectError(
      validateAlert(
        withPath(alertInput(), 'child.dateOfBirth', '2026-01-06'),
        ctx(),
      ),
      'child.dateOfBirth',
      '§3',
    );
    expectError(
      validateAlert(
        withPath(alertInput(), 'child.dateOfBirth', '2000-01-01'),
        ctx(),
      ),
      'child.dateOfBirth',
      '§3',
    );
  });
});

// ---------------------------------------------------------------------------

describe('validateReferral (part 2)', () => {
  const referral =
    (
      profile: Profile = kent(),
      provision: Provision | '' = 'residentialSchool',
    ) =>
    (input: Input) =>
      validateReferral(input, {...ctx(profile), provision});

  it('§3: a complete Kent referral is accepted with its totals', () => {
    const r = valueOf(referral()(referralInput()));
    expect(r.weeklyTotalPence).toBe(500_000);
    expect(r.annualTotalPence).toBe(200_000 * 38 + 300_000 * 52);
    expect(r.formulaInForce).toBe(false);
    expect(r.highCost).toBe(false);
    expect(r.lines[1].agencyWeeklyPence).toEqual({
      SCS: 150_000,
      HEALTH: 150_000,
    });
  });

  it('F1: a Kent referral funded by one agency is refused (use that agency’s own panel)', () => {
    const input = withPath(referralInput(), 'costLines', [
      costLineInput({sharesBp: {SCS: 10_000}}),
    ]);
    const e = expectError(referral()(input), 'costLines', 'F1');
    expect(e.message).toMatch(/own panel/);
  });

  it('F1: a CBC referral funded by social care alone is accepted', () => {
    const input = withPath(
      withPath(referralInput(), 'costLines', [
        costLineInput({sharesBp: {SCS: 10_000}}),
      ]),
      'inPrincipleAgreement',
      {SCS: true},
    );
    valueOf(referral(cbc())(input));
  });

  it('F2: a line whose shares do not add up to 100% is refused', () => {
    const input = withPath(referralInput(), 'costLines.1.sharesBp', {
      SCS: 5000,
      HEALTH: 4999,
    });
    expect(fieldsOf(referral()(input))).toEqual(['costLines.1.sharesBp|F2']);
  });

  it('F2: an advisory agency cannot take a share (HARP)', () => {
    const input = withPath(referralInput(), 'costLines', [
      costLineInput({sharesBp: {SCS: 5000, EDU: 5000}}),
    ]);
    expectError(
      referral(
        harp(),
        'fostering',
      )(withPath(input, 'inPrincipleAgreement', undefined)),
      'costLines.0.sharesBp.EDU',
      'F2',
    );
  });

  it('F3: a typed agency figure more than 1p off its share is refused', () => {
    const input = withPath(referralInput(), 'costLines.1.agencyPence', {
      SCS: 150_000,
      HEALTH: 149_000,
    });
    expect(fieldsOf(referral()(input))).toEqual([
      'costLines.1.agencyPence.HEALTH|F3',
    ]);
    valueOf(
      referral()(
        withPath(referralInput(), 'costLines.1.agencyPence', {
          SCS: 150_001,
          HEALTH: 149_999,
        }),
      ),
    );
  });

  it('F4: a weeks basis other than 38, 39 or 52 is refused unless the profile allows it', () => {
    const input = withPath(referralInput(), 'costLines.0.weeksPerYear', 40);
    expect(fieldsOf(referral()(input))).toEqual([
      'costLines.0.weeksPerYear|F4',
    ]);
    valueOf(referral(kent({allowCustomWeeks: 'yes'}))(input));
  });

  it('F5: an additional line without a step-down date is refused', () => {
    const lines = [
      ...(referralInput().costLines as Input[]),
      costLineInput({
        kind: 'additional',
        reason: 'Night support',
        endDate: '2026-08-31',
      }),
    ];
    expect(
      fieldsOf(referral()(withPath(referralInput(), 'costLines', lines))),
    ).toEqual(['costLines.2.stepDownDate|F5']);
    lines[2].stepDownDate = '2026-06-30';
    valueOf(referral()(withPath(referralInput(), 'costLines', lines)));
  });

  it('F6: lines without agreed shares take the default formula and show it is in force', () => {
    const input = withPath(referralInput(), 'costLines', [
      costLineInput({sharesBp: undefined, weeklyPence: 300_000}),
    ]);
    const r = valueOf(referral()(input));
    expect(r.formulaInForce).toBe(true);
    expect(r.lines[0].sharesBp).toEqual({SCS: 3334, EDU: 3333, HEALTH: 3333});
    expect(r.lines[0].agencyWeeklyPence).toEqual({
      SCS: 100_020,
      EDU: 99_990,
      HEALTH: 99_990,
    });
  });

  it('F11: a weekly total above the threshold flags the case as high cost', () => {
    expect(
      valueOf(referral(kent({highCostWeeklyPence: 499_999}))(referralInput()))
        .highCost,
    ).toBe(true);
    expect(
      valueOf(referral(kent({highCostWeeklyPence: 500_000}))(referralInput()))
        .highCost,
    ).toBe(false);
  });

  it('§3: management approval must be given before the referral', () => {
    expectError(
      referral()(
        withPath(referralInput(), 'managementApproval.date', '2026-01-06'),
      ),
      'managementApproval.date',
      '§3',
    );
  });

  it('§3: placement checks — Ofsted for regulated settings, CQC where needed, terms on Kent', () => {
    expectError(
      referral()(
        withPath(referralInput(), 'placement.ofstedRegistered', false),
      ),
      'placement.ofstedRegistered',
      '§3',
    );
    valueOf(
      referral(
        kent(),
        'supportPackage',
      )(withPath(referralInput(), 'placement.ofstedRegistered', false)),
    );
    expectError(
      referral()(withPath(referralInput(), 'placement.cqcRequired', true)),
      'placement.cqcRegistered',
      '§3',
    );
    expectError(
      referral()(
        withPath(referralInput(), 'placement.termsAccepted', undefined),
      ),
      'placement.termsAccepted',
      '§3',
    );
  });

  it('§3: exactly one recommended option, with a rationale', () => {
    expectError(
      referral()(
        withPath(referralInput(), 'optionsConsidered.1.recommended', true),
      ),
      'optionsConsidered',
      '§3',
    );
    expectError(
      referral()(
        withPath(referralInput(), 'optionsConsidered.0.rationale', undefined),
      ),
      'optionsConsidered.0.rationale',
      '§3',
    );
  });

  it('§3: the placement cannot end before it starts', () => {
    expectError(
      referral()(withPath(referralInput(), 'placement.endDate', '2026-01-31')),
      'placement.endDate',
      '§3',
    );
  });

  it('§3: in-principle agreements and evidence name agencies of the panel', () => {
    expectError(
      referral()(
        withPath(referralInput(), 'inPrincipleAgreement.POLICE', true),
      ),
      'inPrincipleAgreement.POLICE',
      '§3',
    );
  });
});

// ---------------------------------------------------------------------------

describe('validateChange (part 4)', () => {
  const withdrawal = (o: Input = {}): Input => ({
    caseId: 'JRAP-2026-0007',
    changeType: 'agencyWithdrawal',
    reason: 'Health need met in the community',
    withdrawingAgency: 'HEALTH',
    noticeDate: '2026-01-05',
    effectiveDate: '2026-04-05',
    ...o,
  });

  it('§3: a complete change form is accepted', () => {
    const c = valueOf(validateChange(changeInput(), ctx()));
    expect(c.lines?.[0].weeklyPence).toBe(350_000);
  });

  it('F10: a venue change is refused with a pointer to a new alert', () => {
    const r = validateChange(
      {...changeInput(), changeType: 'venueChange'},
      ctx(),
    );
    const e = expectError(r, 'changeType', 'F10');
    expect(e.message).toMatch(/alert/);
    expect(errorsOf(r)).toHaveLength(1);
    // Even when nothing else is filled in.
    expectError(
      validateChange({changeType: 'venueChange'}, ctx()),
      'changeType',
      'F10',
    );
  });

  it('F8: withdrawal with 3 months’ notice is accepted', () => {
    const c = valueOf(validateChange(withdrawal(), ctx()));
    expect(c.lines).toBeNull();
  });

  it('F8: withdrawal with less than 3 months’ notice is refused', () => {
    expectError(
      validateChange(withdrawal({effectiveDate: '2026-04-04'}), ctx()),
      'effectiveDate',
      'F8',
    );
    expectError(
      validateChange(withdrawal({noticeDate: undefined}), ctx()),
      'noticeDate',
      'F8',
    );
    expectError(
      validateChange(withdrawal({withdrawingAgency: ''}), ctx()),
      'withdrawingAgency',
      '§3',
    );
  });

  it('F8: other change types need no notice', () => {
    valueOf(
      validateChange({...changeInput(), effectiveDate: '2026-01-06'}, ctx()),
    );
  });

  it('F9: an endorsement cannot be dated in the future', () => {
    expectError(
      validateChange(
        withPath(changeInput(), 'endorsements.SCS', '2026-01-06'),
        ctx(),
      ),
      'endorsements.SCS',
      'F9',
    );
  });

  it('F2: the new cost lines are checked', () => {
    expectError(
      validateChange(
        withPath(changeInput(), 'costLines.0.sharesBp', {
          SCS: 5000,
          HEALTH: 5001,
        }),
        ctx(),
      ),
      'costLines.0.sharesBp',
      'F2',
    );
  });

  it('§3: a change other than a withdrawal gives the new cost lines', () => {
    expectError(
      validateChange(withPath(changeInput(), 'costLines', undefined), ctx()),
      'costLines',
      '§3',
    );
  });
});

// ---------------------------------------------------------------------------

describe('validateEmergency', () => {
  it('D8: a notice for a placement already made is accepted', () => {
    valueOf(validateEmergency(emergencyInput(), ctx()));
  });

  it('D8: the placement start cannot be in the future', () => {
    expectError(
      validateEmergency(
        {...emergencyInput(), placementStartDate: '2026-01-06'},
        ctx(),
      ),
      'placementStartDate',
      'D8',
    );
  });

  it('D8: an agency is notified on or after the start, and not in the future', () => {
    expectError(
      validateEmergency(
        {
          ...emergencyInput(),
          notifiedAgencies: [{agency: 'EDU', date: '2026-01-01'}],
        },
        ctx(),
      ),
      'notifiedAgencies.0.date',
      'D8',
    );
    expectError(
      validateEmergency(
        {
          ...emergencyInput(),
          notifiedAgencies: [{agency: 'EDU', date: '2026-01-09'}],
        },
        ctx(),
      ),
      'notifiedAgencies.0.date',
      'D8',
    );
  });

  it('§3: the case ID, or the details of a new child with a lead agency', () => {
    expectError(
      validateEmergency({...emergencyInput(), caseId: ''}, ctx()),
      'caseId',
      '§3',
    );
    const newChild = {
      ...emergencyInput(),
      caseId: undefined,
      child: {
        childRef: 'CR-889914',
        initials: 'XQ',
        dateOfBirth: '2012-03-14',
        legalStatus: 'S20',
      },
    };
    expectError(validateEmergency(newChild, ctx()), 'leadAgency', '§3');
    valueOf(validateEmergency({...newChild, leadAgency: 'SCS'}, ctx()));
  });
});

// ---------------------------------------------------------------------------

describe('validateAssessment', () => {
  it('F12: a completed assessment with in-principle agreement is accepted', () => {
    valueOf(validateAssessment(assessmentInput(), ctx()));
  });

  it('F12: an agency that declines must give its reason', () => {
    const declined = {
      ...assessmentInput(),
      status: 'declined',
      inPrincipleAgreed: undefined,
      inPrincipleShareBp: undefined,
    };
    expectError(validateAssessment(declined, ctx()), 'declineReason', 'F12');
    valueOf(
      validateAssessment(
        {...declined, declineReason: 'No health need identified'},
        ctx(),
      ),
    );
  });

  it('F12: a share is only given with an in-principle agreement', () => {
    expectError(
      validateAssessment(
        {...assessmentInput(), inPrincipleAgreed: false},
        ctx(),
      ),
      'inPrincipleShareBp',
      'F12',
    );
  });

  it('§3: the completion date cannot be in the future; the agency must be the panel’s', () => {
    expectError(
      validateAssessment(
        {...assessmentInput(), completedDate: '2026-01-06'},
        ctx(),
      ),
      'completedDate',
      '§3',
    );
    expectError(
      validateAssessment({...assessmentInput(), agency: 'POLICE'}, ctx()),
      'agency',
      '§3',
    );
  });
});

// ---------------------------------------------------------------------------

describe('validateDecision', () => {
  const decide = (
    input: Input,
    profile: Profile = kent(),
    o: {
      provision?: Provision | '';
      placementStartDate?: string | null;
      isFirstEndorsement?: boolean;
    } = {},
  ) =>
    validateDecision(input, {
      ...ctx(profile, '2026-02-03'),
      provision: 'residentialSchool',
      placementStartDate: '2026-02-09',
      ...o,
    });

  it('P2: an endorsement with a review date is accepted', () => {
    const d = valueOf(decide(decisionInput()));
    expect(d.form.outcome).toBe('endorsed');
    expect(d.lines?.[0].agencyWeeklyPence).toEqual({
      SCS: 150_000,
      HEALTH: 150_000,
    });
  });

  it('D9: an endorsement needs a review date', () => {
    expectError(
      decide(withPath(decisionInput(), 'reviewDate', undefined)),
      'reviewDate',
      'D9',
    );
    expectError(
      decide({
        ...withPath(decisionInput(), 'reviewDate', undefined),
        outcome: 'endorsedWithConditions',
        conditions: 'Monthly reports',
      }),
      'reviewDate',
      'D9',
    );
  });

  it("D9: a review date left '' counts as missing", () => {
    expectError(
      decide({...decisionInput(), reviewDate: ''}),
      'reviewDate',
      'D9',
    );
  });

  it('D9: outcomes that are not endorsements need no review date', () => {
    for (const outcome of ['notEndorsed', 'deferred']) {
      valueOf(
        decide({
          ...withPath(decisionInput(), 'reviewDate', undefined),
          outcome,
        }),
      );
    }
  });

  it('D9: Kent reviews at most 12 months after the placement start', () => {
    expectError(
      decide({...decisionInput(), reviewDate: '2027-02-10'}),
      'reviewDate',
      'D9',
    );
    valueOf(decide({...decisionInput(), reviewDate: '2027-02-09'}));
  });

  it('D9: HARP reviews residential placements at most 3 months ahead', () => {
    const input = {
      ...decisionInput(),
      caseId: 'HARP-2026-0003',
      panelDate: '2026-01-14',
      reviewDate: '2026-04-15',
      costLines: [costLineInput({sharesBp: {SCS: 10_000}})],
      attendees: {SCS: ['scs.rep@example.org']},
    };
    const opts = {
      provision: 'residential' as const,
      placementStartDate: '2026-01-14',
    };
    expectError(decide(input, harp(), opts), 'reviewDate', 'D9');
    valueOf(decide({...input, reviewDate: '2026-04-14'}, harp(), opts));
    valueOf(
      decide({...input, reviewDate: '2026-12-31'}, harp(), {
        ...opts,
        provision: 'fostering',
      }),
    );
  });

  it('D9: CBC sets no review limit', () => {
    const input = {
      ...decisionInput(),
      caseId: 'ARP-2026-0001',
      reviewDate: '2029-01-01',
      costLines: [costLineInput({sharesBp: {SCS: 10_000}})],
      attendees: {SCS: ['scs.rep@example.org']},
    };
    valueOf(decide(input, cbc(), {provision: 'residential'}));
  });

  it('D14: the approval period must end after the panel', () => {
    expectError(
      decide({...decisionInput(), approvalEndDate: '2026-02-03'}),
      'approvalEndDate',
      'D14',
    );
    expectError(
      decide({...decisionInput(), approvalEndDate: '2026-01-31'}),
      'approvalEndDate',
      'D14',
    );
    valueOf(decide({...decisionInput(), approvalEndDate: '2026-08-03'}));
  });

  it('P2: endorsement with conditions states them', () => {
    expectError(
      decide({...decisionInput(), outcome: 'endorsedWithConditions'}),
      'conditions',
      'P2',
    );
    valueOf(
      decide({
        ...decisionInput(),
        outcome: 'endorsedWithConditions',
        conditions: 'Monthly progress reports',
      }),
    );
  });

  it('P2: an escalation names agencies of the panel', () => {
    valueOf(
      decide({
        ...decisionInput(),
        outcome: 'escalated',
        disputingAgencies: ['SCS', 'HEALTH'],
      }),
    );
    expectError(
      decide({
        ...decisionInput(),
        outcome: 'escalated',
        disputingAgencies: ['SCS', 'POLICE'],
      }),
      'disputingAgencies.1',
      '§3',
    );
  });

  it('P2: an action is due on or after the panel date', () => {
    expectError(
      decide(withPath(decisionInput(), 'actions.0.dueDate', '2026-02-02')),
      'actions.0.dueDate',
      'P2',
    );
  });

  it('F1: final lines funded by one agency are refused on a joint panel', () => {
    const input = {
      ...decisionInput(),
      costLines: [costLineInput({sharesBp: {SCS: 10_000}})],
    };
    expectError(decide(input), 'costLines', 'F1');
    // A change decision adjusts existing funding: F1 is not re-checked.
    valueOf(decide({...input, changeId: 'CHG-1'}));
  });

  it('F2: final lines are checked', () => {
    expectError(
      decide(
        withPath(decisionInput(), 'costLines.0.sharesBp', {
          SCS: 4000,
          HEALTH: 5000,
        }),
      ),
      'costLines.0.sharesBp',
      'F2',
    );
  });

  it('D13: attendees name agencies of the panel', () => {
    expectError(
      decide(withPath(decisionInput(), 'attendees.POLICE', ['pc@example.org'])),
      'attendees.POLICE',
      '§3',
    );
  });
});
