import {holidayCalendar} from '../../src/domain/calendar';
import {
  absentAgencies,
  absentResponseDue,
  age17Date,
  age18Date,
  bookPanel,
  cadenceDates,
  checkConsent,
  checkReviewDate,
  dateBefore,
  emergencyNoticeDue,
  escalationDate,
  healthAssessmentDue,
  isPanelDate,
  leadTimeDates,
  maxReviewMonths,
  needsTransitionPlanning,
  nextPanelDates,
  outcomeNoteDue,
  panelDates,
  papersOutDate,
  signaturesDue,
  submissionDeadline,
  withinContractWindow,
} from '../../src/domain/deadlines';
import {Profile} from '../../src/domain/profiles';
import {cal, cbc, harp, kent, leics, pairs, stability} from './fixtures';

const KENT_2026 = [
  '2026-01-06',
  '2026-02-03',
  '2026-03-03',
  '2026-04-07',
  '2026-05-05',
  '2026-06-02',
  '2026-07-07',
  '2026-08-04',
  '2026-09-01',
  '2026-10-06',
  '2026-11-03',
  '2026-12-01',
];

function booked(r: ReturnType<typeof bookPanel>) {
  if (!r.ok)
    throw new Error(`expected a booking, got ${JSON.stringify(r.errors)}`);
  return r.booking;
}

function refused(r: ReturnType<typeof bookPanel>) {
  if (r.ok)
    throw new Error(`expected an error, got ${JSON.stringify(r.booking)}`);
  return r.errors;
}

describe('D2: panel dates', () => {
  it('D2: Kent meets on the first Tuesday of each month, including months whose 1st is a Tuesday', () => {
    expect(cadenceDates(kent(), '2026-01-01', '2026-12-31')).toEqual(KENT_2026);
    // September and December 2026 begin on a Tuesday.
    expect(cadenceDates(kent(), '2026-09-01', '2026-09-30')).toEqual([
      '2026-09-01',
    ]);
    expect(cadenceDates(kent(), '2026-12-01', '2026-12-31')).toEqual([
      '2026-12-01',
    ]);
    // A range starting after the month's first Tuesday moves to the next month.
    expect(cadenceDates(kent(), '2026-01-07', '2026-03-03')).toEqual([
      '2026-02-03',
      '2026-03-03',
    ]);
  });

  it('D2: HARP meets weekly on Wednesday', () => {
    expect(cadenceDates(harp(), '2026-01-01', '2026-01-31')).toEqual([
      '2026-01-07',
      '2026-01-14',
      '2026-01-21',
      '2026-01-28',
    ]);
    expect(cadenceDates(harp(), '2026-01-14', '2026-01-14')).toEqual([
      '2026-01-14',
    ]);
  });

  it('D2: CBC meets weekly on the day set', () => {
    expect(cadenceDates(cbc(), '2026-01-01', '2026-01-20')).toEqual([
      '2026-01-06',
      '2026-01-13',
      '2026-01-20',
    ]);
    expect(
      cadenceDates(
        cbc({cadence: 'weekly Thursday'}),
        '2026-01-01',
        '2026-01-10',
      ),
    ).toEqual(['2026-01-01', '2026-01-08']);
  });

  it('D2: Leicestershire meets on a list of dates (Settings or the Panels tab)', () => {
    const p = leics({panelDates: '2026-01-15, 2026-02-12'});
    expect(cadenceDates(p, '2026-01-01', '2026-12-31')).toEqual([]);
    const panels = [{panelDate: '2026-03-12', status: 'scheduled' as const}];
    expect(panelDates(p, panels, '2026-01-01', '2026-12-31')).toEqual([
      '2026-01-15',
      '2026-02-12',
      '2026-03-12',
    ]);
    expect(panelDates(p, panels, '2026-02-01', '2026-02-28')).toEqual([
      '2026-02-12',
    ]);
  });

  it('D2: a cancelled date is skipped', () => {
    const panels = [{panelDate: '2026-02-03', status: 'cancelled' as const}];
    expect(panelDates(kent(), panels, '2026-01-01', '2026-03-31')).toEqual([
      '2026-01-06',
      '2026-03-03',
    ]);
    expect(isPanelDate('2026-02-03', kent(), panels)).toBe(false);
    expect(isPanelDate('2026-03-03', kent(), panels)).toBe(true);
    const listed = leics({panelDates: '2026-01-15, 2026-02-12'});
    expect(
      panelDates(
        listed,
        [{panelDate: '2026-01-15', status: 'cancelled'}],
        '2026-01-01',
        '2026-12-31',
      ),
    ).toEqual(['2026-02-12']);
  });

  it('D2: an extra date on the Panels tab is added to the cadence', () => {
    const panels = [{panelDate: '2026-01-20', status: 'scheduled' as const}];
    expect(panelDates(kent(), panels, '2026-01-01', '2026-02-28')).toEqual([
      '2026-01-06',
      '2026-01-20',
      '2026-02-03',
    ]);
  });

  it('D2: the next panel dates from a day', () => {
    expect(nextPanelDates(kent(), [], '2026-01-07', 3)).toEqual([
      '2026-02-03',
      '2026-03-03',
      '2026-04-07',
    ]);
    expect(nextPanelDates(kent(), [], '2026-02-03', 1)).toEqual(['2026-02-03']);
    expect(nextPanelDates(leics(), [], '2026-01-01', 3)).toEqual([]);
  });
});

describe('D3: submission deadline per profile', () => {
  it('D3: Kent — 14 calendar days before the panel', () => {
    expect(submissionDeadline('2026-02-03', kent(), cal)).toBe('2026-01-20');
    expect(submissionDeadline('2026-01-06', kent(), cal)).toBe('2025-12-23');
  });

  it('D3: CBC — 3 working days before the panel (skipping bank holidays)', () => {
    // Mon 12, Fri 9, Thu 8.
    expect(submissionDeadline('2026-01-13', cbc(), cal)).toBe('2026-01-08');
    // Mon 5, Fri 2, (Thu 1 Jan is a holiday), Wed 31 Dec.
    expect(submissionDeadline('2026-01-06', cbc(), cal)).toBe('2025-12-31');
    // Easter: Thu 2 April is the working day before Tue 7 April.
    expect(submissionDeadline('2026-04-07', cbc(), cal)).toBe('2026-03-31');
  });

  it('D3: HARP — the Friday before the Wednesday panel', () => {
    expect(submissionDeadline('2026-01-14', harp(), cal)).toBe('2026-01-09');
    expect(submissionDeadline('2026-01-21', harp(), cal)).toBe('2026-01-16');
  });

  it('D3: Leicestershire — 7 working days before the panel', () => {
    expect(submissionDeadline('2026-03-12', leics(), cal)).toBe('2026-03-03');
    // Across Easter 2026: 7 working days before Thu 9 April.
    expect(submissionDeadline('2026-04-09', leics(), cal)).toBe('2026-03-27');
  });

  it('D3: a weekday-before offset never gives the panel day itself', () => {
    expect(
      dateBefore('2026-01-16', {kind: 'weekdayBefore', weekday: 5}, cal),
    ).toBe('2026-01-09');
  });

  it('D3: a referral that meets the deadline is booked for the panel it asks for', () => {
    const b = booked(
      bookPanel({
        today: '2026-01-20',
        requestedPanelDate: '2026-02-03',
        profile: kent(),
        panels: [],
        cal,
      }),
    );
    expect(b).toEqual({
      panelDate: '2026-02-03',
      deadline: '2026-01-20',
      papersOut: '2026-01-20',
      reason: null,
      emergencyOverride: false,
    });
  });

  it('D3: a late referral is booked for the next panel it can meet, and told why', () => {
    const b = booked(
      bookPanel({
        today: '2026-01-21',
        requestedPanelDate: '2026-02-03',
        profile: kent(),
        panels: [],
        cal,
      }),
    );
    expect(b.panelDate).toBe('2026-03-03');
    expect(b.deadline).toBe('2026-02-17');
    expect(b.emergencyOverride).toBe(false);
    expect(b.reason).toContain('Tuesday 3 February 2026');
    expect(b.reason).toContain('Tuesday 20 January 2026');
    // Without a requested date: the next panel it can meet.
    expect(
      booked(bookPanel({today: '2026-01-21', profile: kent(), panels: [], cal}))
        .panelDate,
    ).toBe('2026-03-03');
  });

  it('D3: HARP — a referral on the Monday goes to the following Wednesday', () => {
    const b = booked(
      bookPanel({
        today: '2026-01-12',
        requestedPanelDate: '2026-01-14',
        profile: harp(),
        panels: [],
        cal,
      }),
    );
    expect(b.panelDate).toBe('2026-01-21');
    expect(b.reason).toContain('Wednesday 14 January 2026');
    const onFriday = booked(
      bookPanel({today: '2026-01-09', profile: harp(), panels: [], cal}),
    );
    expect(onFriday.panelDate).toBe('2026-01-14');
    expect(onFriday.reason).toBeNull();
  });

  it('D3: CBC — 3 working days; a referral on the Friday misses Tuesday', () => {
    expect(
      booked(bookPanel({today: '2026-01-07', profile: cbc(), panels: [], cal}))
        .panelDate,
    ).toBe('2026-01-13');
    expect(
      booked(bookPanel({today: '2026-01-09', profile: cbc(), panels: [], cal}))
        .panelDate,
    ).toBe('2026-01-20');
  });

  it('D3: Leicestershire — the next listed date it can meet', () => {
    const p = leics({panelDates: '2026-03-12, 2026-04-16'});
    expect(
      booked(bookPanel({today: '2026-03-03', profile: p, panels: [], cal}))
        .panelDate,
    ).toBe('2026-03-12');
    const late = booked(
      bookPanel({today: '2026-03-04', profile: p, panels: [], cal}),
    );
    expect(late.panelDate).toBe('2026-04-16');
    expect(late.deadline).toBe('2026-04-07');
  });

  it('D3: an emergency approved by the chair keeps the panel despite the missed deadline', () => {
    const b = booked(
      bookPanel({
        today: '2026-01-28',
        requestedPanelDate: '2026-02-03',
        profile: kent(),
        panels: [],
        cal,
        emergencyApproved: true,
      }),
    );
    expect(b.panelDate).toBe('2026-02-03');
    expect(b.emergencyOverride).toBe(true);
    expect(b.reason).toBeNull();
    const notApproved = booked(
      bookPanel({
        today: '2026-01-28',
        requestedPanelDate: '2026-02-03',
        profile: kent(),
        panels: [],
        cal,
        emergencyApproved: false,
      }),
    );
    expect(notApproved.panelDate).toBe('2026-03-03');
    expect(notApproved.emergencyOverride).toBe(false);
  });

  it('D3: an emergency that meets the deadline needs no override', () => {
    const b = booked(
      bookPanel({
        today: '2026-01-09',
        profile: harp(),
        panels: [],
        cal,
        emergencyApproved: true,
      }),
    );
    expect(b.panelDate).toBe('2026-01-14');
    expect(b.emergencyOverride).toBe(false);
  });

  it('D3/P1: a full panel (maxCasesPerPanel) moves the booking to the next panel with room', () => {
    const p = stability();
    const full = new Set(['2026-01-07']);
    const b = booked(
      bookPanel({
        today: '2026-01-05',
        profile: p,
        panels: [],
        cal,
        isFull: d => full.has(d),
      }),
    );
    expect(b.panelDate).toBe('2026-01-14');
    expect(b.reason).toContain('full (5 cases)');
    expect(b.reason).toContain('Wednesday 7 January 2026');
    expect(
      booked(
        bookPanel({
          today: '2026-01-05',
          profile: p,
          panels: [],
          cal,
          isFull: () => false,
        }),
      ).panelDate,
    ).toBe('2026-01-07');
  });

  it('D3: a cancelled panel is not booked', () => {
    const b = booked(
      bookPanel({
        today: '2026-01-10',
        profile: kent(),
        panels: [{panelDate: '2026-02-03', status: 'cancelled'}],
        cal,
      }),
    );
    expect(b.panelDate).toBe('2026-03-03');
  });

  it('D3: a requested panel that has already taken place is refused', () => {
    const errors = refused(
      bookPanel({
        today: '2026-02-04',
        requestedPanelDate: '2026-02-03',
        profile: kent(),
        panels: [],
        cal,
      }),
    );
    expect(pairs(errors)).toEqual([['requestedPanelDate', 'D3']]);
  });

  it('D2: a requested date with no panel is refused with the next dates', () => {
    const errors = refused(
      bookPanel({
        today: '2026-01-05',
        requestedPanelDate: '2026-02-04',
        profile: kent(),
        panels: [],
        cal,
      }),
    );
    expect(pairs(errors)).toEqual([['requestedPanelDate', 'D2']]);
    expect(errors[0].message).toContain('Tuesday 3 February 2026');
  });

  it('D2: a list profile with no dates cannot book', () => {
    const errors = refused(
      bookPanel({today: '2026-01-05', profile: leics(), panels: [], cal}),
    );
    expect(pairs(errors)).toEqual([['requestedPanelDate', 'D2']]);
  });
});

describe('D4: papers out', () => {
  it('D4: Kent — 14 calendar days before', () => {
    expect(papersOutDate('2026-02-03', kent(), cal)).toBe('2026-01-20');
  });

  it('D4: CBC and HARP — 2 working days before', () => {
    expect(papersOutDate('2026-01-13', cbc(), cal)).toBe('2026-01-09');
    expect(papersOutDate('2026-01-14', harp(), cal)).toBe('2026-01-12');
    // Easter: Tue 7 April ← Thu 2, Wed 1 April.
    expect(papersOutDate('2026-04-07', cbc(), cal)).toBe('2026-04-01');
  });

  it('D4: Leicestershire — 5 working days before', () => {
    expect(papersOutDate('2026-03-12', leics(), cal)).toBe('2026-03-05');
  });
});

describe('D5–D8: due dates', () => {
  it('D5: the health assessment is due 28 calendar days after the alert is shared (Kent)', () => {
    expect(healthAssessmentDue('2026-01-06', kent())).toBe('2026-02-03');
    expect(
      healthAssessmentDue('2026-01-06', kent({healthAssessmentDays: 21})),
    ).toBe('2026-01-27');
  });

  it('D5: panels without a health deadline have none', () => {
    expect(healthAssessmentDue('2026-01-06', cbc())).toBeNull();
    expect(healthAssessmentDue('2026-01-06', harp())).toBeNull();
  });

  it('D5: escalation escalationDays after the due date', () => {
    expect(escalationDate('2026-02-03', kent())).toBe('2026-02-17');
    expect(escalationDate('2026-02-03', kent({escalationDays: 7}))).toBe(
      '2026-02-10',
    );
  });

  it('D6: the outcome note is due 5 working days after the panel (Leicestershire 3)', () => {
    expect(outcomeNoteDue('2026-02-03', kent(), cal)).toBe('2026-02-10');
    expect(outcomeNoteDue('2026-03-12', leics(), cal)).toBe('2026-03-17');
    expect(outcomeNoteDue('2026-12-22', cbc(), cal)).toBe('2026-12-31');
    expect(outcomeNoteDue('2026-04-01', harp(), cal)).toBe('2026-04-10');
  });

  it('D7: funding agreement signatures are due 7 calendar days after the panel', () => {
    expect(signaturesDue('2026-02-03', kent())).toBe('2026-02-10');
    expect(signaturesDue('2026-12-22', kent())).toBe('2026-12-29');
  });

  it('D8: an emergency placement is notified within 5 working days of its start', () => {
    expect(emergencyNoticeDue('2026-01-09', cal)).toBe('2026-01-16');
    expect(emergencyNoticeDue('2026-04-01', cal)).toBe('2026-04-10');
    expect(emergencyNoticeDue('2026-12-23', cal)).toBe('2027-01-04');
    expect(
      emergencyNoticeDue(
        '2026-12-23',
        holidayCalendar({added: ['2026-12-31']}),
      ),
    ).toBe('2027-01-05');
  });
});

describe('D9: review dates', () => {
  const review = (
    profile: Profile,
    o: Partial<Parameters<typeof checkReviewDate>[0]> = {},
  ) =>
    checkReviewDate({
      reviewDate: '2027-01-31',
      panelDate: '2026-02-03',
      provision: 'residentialSchool',
      placementStartDate: '2026-02-09',
      isFirstEndorsement: true,
      profile,
      ...o,
    });

  it('D9: a review date is required on every endorsement', () => {
    expect(pairs(review(kent(), {reviewDate: undefined}))).toEqual([
      ['reviewDate', 'D9'],
    ]);
    expect(pairs(review(cbc(), {reviewDate: undefined}))).toEqual([
      ['reviewDate', 'D9'],
    ]);
  });

  it('D9: the review date is after the panel', () => {
    expect(pairs(review(kent(), {reviewDate: '2026-02-03'}))).toEqual([
      ['reviewDate', 'D9'],
    ]);
    expect(review(kent(), {reviewDate: '2026-02-04'})).toEqual([]);
  });

  it('D9: Kent — at most 12 months after the placement start', () => {
    expect(review(kent(), {reviewDate: '2027-02-09'})).toEqual([]);
    const errors = review(kent(), {reviewDate: '2027-02-10'});
    expect(pairs(errors)).toEqual([['reviewDate', 'D9']]);
    expect(errors[0].message).toContain('12 months');
  });

  it('D9: Kent — at a later review, at most 12 months after this review', () => {
    const later = {panelDate: '2027-01-05', isFirstEndorsement: false};
    expect(review(kent(), {...later, reviewDate: '2028-01-05'})).toEqual([]);
    expect(pairs(review(kent(), {...later, reviewDate: '2028-01-06'}))).toEqual(
      [['reviewDate', 'D9']],
    );
  });

  it('D9: HARP — residential and staying-put placements are reviewed at most 3-monthly', () => {
    const base = {panelDate: '2026-01-14', placementStartDate: '2026-01-14'};
    for (const provision of ['residential', 'stayingPut'] as const) {
      expect(
        review(harp(), {...base, provision, reviewDate: '2026-04-14'}),
      ).toEqual([]);
      expect(
        pairs(review(harp(), {...base, provision, reviewDate: '2026-04-15'})),
      ).toEqual([['reviewDate', 'D9']]);
    }
    expect(maxReviewMonths(harp(), 'residential')).toBe(3);
    expect(maxReviewMonths(harp(), 'stayingPut')).toBe(3);
  });

  it('D9: HARP — other provision is reviewed on the date the panel sets', () => {
    expect(maxReviewMonths(harp(), 'fostering')).toBeNull();
    expect(
      review(harp(), {
        provision: 'fostering',
        panelDate: '2026-01-14',
        reviewDate: '2027-06-30',
      }),
    ).toEqual([]);
  });

  it('D9: CBC — no limit (per approval)', () => {
    expect(maxReviewMonths(cbc(), 'residential')).toBeNull();
    expect(
      review(cbc(), {provision: 'residential', reviewDate: '2028-12-31'}),
    ).toEqual([]);
  });

  it('D9: the shortest applicable limit wins', () => {
    const p = kent({reviewMonthsByProvision: 'residential 6'});
    expect(maxReviewMonths(p, 'residential')).toBe(6);
    expect(maxReviewMonths(p, 'fostering')).toBe(12);
    expect(maxReviewMonths(p, '')).toBe(12);
  });

  it('D9: reminders go out 8, 4 and 1 weeks before the review date', () => {
    expect(leadTimeDates('2026-06-30', kent().reviewLeadWeeks)).toEqual([
      {weeks: 8, sendOn: '2026-05-05'},
      {weeks: 4, sendOn: '2026-06-02'},
      {weeks: 1, sendOn: '2026-06-23'},
    ]);
    expect(leadTimeDates('2026-06-30', [1, 8, 4, 4])).toEqual([
      {weeks: 8, sendOn: '2026-05-05'},
      {weeks: 4, sendOn: '2026-06-02'},
      {weeks: 1, sendOn: '2026-06-23'},
    ]);
  });
});

describe('D10: contracts ending near a panel', () => {
  it('D10: CBC lists placements ending within 8 weeks of a panel', () => {
    const p = cbc();
    expect(withinContractWindow('2026-01-06', '2026-01-06', p)).toBe(true);
    expect(withinContractWindow('2026-03-03', '2026-01-06', p)).toBe(true);
    expect(withinContractWindow('2026-03-04', '2026-01-06', p)).toBe(false);
    expect(withinContractWindow('2026-01-05', '2026-01-06', p)).toBe(false);
  });

  it('D10: a profile without contractEndWeeks lists none', () => {
    expect(withinContractWindow('2026-01-20', '2026-01-06', kent())).toBe(
      false,
    );
  });

  it('D10: the window follows the Settings tab', () => {
    expect(
      withinContractWindow(
        '2026-02-03',
        '2026-01-06',
        kent({contractEndWeeks: 4}),
      ),
    ).toBe(true);
    expect(
      withinContractWindow(
        '2026-02-04',
        '2026-01-06',
        kent({contractEndWeeks: 4}),
      ),
    ).toBe(false);
  });
});

describe('D11: turning 17 and transition', () => {
  it('D11: the 17th and 18th birthdays', () => {
    expect(age17Date('2009-02-14')).toBe('2026-02-14');
    expect(age18Date('2009-02-14')).toBe('2027-02-14');
    expect(age17Date('2008-02-29')).toBe('2025-03-01');
  });

  it('D11: a placement that runs past 18 is flagged for transition planning', () => {
    expect(
      needsTransitionPlanning('2009-02-14', '2027-08-31', '2026-01-05'),
    ).toBe(true);
    expect(
      needsTransitionPlanning('2009-02-14', '2026-12-31', '2026-01-05'),
    ).toBe(false);
    // Already 18: no longer a transition to plan.
    expect(
      needsTransitionPlanning('2009-02-14', '2027-08-31', '2027-03-01'),
    ).toBe(false);
  });

  it('D11: an open-ended placement is flagged once the young person is 17', () => {
    expect(needsTransitionPlanning('2009-02-14', null, '2026-02-14')).toBe(
      true,
    );
    expect(needsTransitionPlanning('2009-02-14', null, '2026-02-13')).toBe(
      false,
    );
  });
});

describe('D12: consent', () => {
  const today = '2026-01-05';
  const sixteen = '2010-01-05';
  const fifteen = '2010-01-06';

  it('D12: a young person of 16+ who consents is accepted', () => {
    expect(
      checkConsent({youngPersonConsent: true}, sixteen, today, kent()),
    ).toEqual([]);
  });

  it('D12: a young person of 16+ needs their own consent, a parent’s is not enough', () => {
    const errors = checkConsent({parentConsent: true}, sixteen, today, kent());
    expect(pairs(errors)).toEqual([['consent.youngPersonConsent', 'D12']]);
    expect(errors[0].message).toContain('16');
    expect(
      pairs(
        checkConsent(
          {youngPersonConsent: false, mentalCapacity: 'hasCapacity'},
          sixteen,
          today,
          cbc(),
        ),
      ),
    ).toEqual([['consent.youngPersonConsent', 'D12']]);
  });

  it('D12: lacking capacity with a best-interest decision date is accepted', () => {
    expect(
      checkConsent(
        {
          mentalCapacity: 'lacksCapacity',
          bestInterestDecisionDate: '2025-12-01',
        },
        sixteen,
        today,
        kent(),
      ),
    ).toEqual([]);
  });

  it('D12: lacking capacity needs the best-interest decision date, not in the future', () => {
    expect(
      pairs(
        checkConsent({mentalCapacity: 'lacksCapacity'}, sixteen, today, kent()),
      ),
    ).toEqual([['consent.bestInterestDecisionDate', 'D12']]);
    expect(
      pairs(
        checkConsent(
          {
            mentalCapacity: 'lacksCapacity',
            bestInterestDecisionDate: '2026-02-01',
          },
          sixteen,
          today,
          kent(),
        ),
      ),
    ).toEqual([['consent.bestInterestDecisionDate', 'D12']]);
  });

  it('D12: under 16, a parent’s consent is needed where the profile requires it', () => {
    expect(pairs(checkConsent({}, fifteen, today, kent()))).toEqual([
      ['consent.parentConsent', 'D12'],
    ]);
    expect(
      pairs(checkConsent({youngPersonConsent: true}, fifteen, today, leics())),
    ).toEqual([['consent.parentConsent', 'D12']]);
    expect(checkConsent({parentConsent: true}, fifteen, today, kent())).toEqual(
      [],
    );
  });

  it('D12: under 16 on a profile that does not require it, no consent check', () => {
    expect(checkConsent({}, fifteen, today, cbc())).toEqual([]);
    expect(
      checkConsent({}, fifteen, today, kent({requireParentConsent: false})),
    ).toEqual([]);
  });
});

describe('D13: absent agencies', () => {
  it('D13: an absent agency’s response is due 3 working days after the panel', () => {
    expect(absentResponseDue('2026-02-03', leics(), cal)).toBe('2026-02-06');
    expect(absentResponseDue('2026-04-01', leics(), cal)).toBe('2026-04-08');
    expect(absentResponseDue('2026-02-05', kent(), cal)).toBe('2026-02-10');
  });

  it('D13: agencies with no member present are absent (quorum: one per agency)', () => {
    expect(
      absentAgencies(kent(), {
        SCS: ['scs.rep@example.org'],
        EDU: [],
        HEALTH: ['health.rep@example.org'],
      }),
    ).toEqual(['EDU']);
    expect(absentAgencies(kent(), {SCS: ['scs.rep@example.org']})).toEqual([
      'EDU',
      'HEALTH',
    ]);
    expect(
      absentAgencies(kent(), {
        SCS: ['a@example.org'],
        EDU: ['b@example.org'],
        HEALTH: ['c@example.org'],
      }),
    ).toEqual([]);
  });
});
