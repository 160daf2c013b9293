import fc from 'fast-check';
import {
  affectedAgencies,
  changeInForce,
  checkAdditionalLine,
  checkMinFundingAgencies,
  checkNotice,
  checkNotVenueChange,
  checkReadyForAgenda,
  checkShares,
  checkWeeksPerYear,
  costStartDate,
  fundingAgenciesOf,
  fundingTotals,
  isHighCost,
  missingEndorsements,
  resolveCostLines,
  resolveStoredLines,
  splitLine,
} from '../../src/domain/funding';
import {CostLine} from '../../src/domain/records';
import {CostLineInput} from '../../src/domain/schemas';
import {
  assessment,
  cbc,
  changeRecord,
  harp,
  kent,
  leics,
  pairs,
} from './fixtures';

const line = (overrides: Partial<CostLineInput> = {}): CostLineInput => ({
  kind: 'care',
  description: 'Residential care',
  weeklyPence: 300_000,
  weeksPerYear: 52,
  sharesBp: {SCS: 5000, HEALTH: 5000},
  ...overrides,
});

describe('F1: minimum funding agencies', () => {
  it('F1: a Kent case funded by two agencies is accepted', () => {
    expect(
      checkMinFundingAgencies([{sharesBp: {SCS: 5000, HEALTH: 5000}}], kent()),
    ).toEqual([]);
    expect(
      checkMinFundingAgencies(
        [{sharesBp: {EDU: 10_000}}, {sharesBp: {SCS: 10_000}}],
        kent(),
      ),
    ).toEqual([]);
  });

  it('F1: a Kent case funded by one agency is refused and pointed to that agency’s own panel', () => {
    const errors = checkMinFundingAgencies(
      [{sharesBp: {SCS: 10_000, EDU: 0}}],
      kent(),
    );
    expect(pairs(errors)).toEqual([['costLines', 'F1']]);
    expect(errors[0].message).toMatch(/own panel/);
    expect(errors[0].message).toContain('SCS');
  });

  it('F1: no share at all is refused', () => {
    expect(pairs(checkMinFundingAgencies([], leics()))).toEqual([
      ['costLines', 'F1'],
    ]);
  });

  it('F1: a single-agency panel (CBC) accepts one funding agency', () => {
    expect(checkMinFundingAgencies([{sharesBp: {SCS: 10_000}}], cbc())).toEqual(
      [],
    );
    expect(
      checkMinFundingAgencies([{sharesBp: {SCS: 10_000}}], harp()),
    ).toEqual([]);
  });

  it('F1: the field can be named by the caller', () => {
    expect(
      pairs(
        checkMinFundingAgencies(
          [{sharesBp: {SCS: 10_000}}],
          kent(),
          'decision.costLines',
        ),
      ),
    ).toEqual([['decision.costLines', 'F1']]);
  });

  it('F1: only non-zero shares count', () => {
    expect(
      fundingAgenciesOf([
        {sharesBp: {SCS: 10_000, EDU: 0}},
        {sharesBp: {HEALTH: 0, SCS: 10_000}},
      ]),
    ).toEqual(['SCS']);
  });
});

describe('F2: shares add up to 10000 bp', () => {
  it('F2: shares of a line must add up to exactly 10000 bp', () => {
    expect(
      checkShares(
        {SCS: 3334, EDU: 3333, HEALTH: 3333},
        kent(),
        'costLines.0.sharesBp',
      ),
    ).toEqual([]);
    const under = checkShares(
      {SCS: 3333, EDU: 3333, HEALTH: 3333},
      kent(),
      'costLines.0.sharesBp',
    );
    expect(pairs(under)).toEqual([['costLines.0.sharesBp', 'F2']]);
    expect(under[0].message).toContain('99.99%');
    expect(
      pairs(
        checkShares({SCS: 6000, HEALTH: 5000}, kent(), 'costLines.1.sharesBp'),
      ),
    ).toEqual([['costLines.1.sharesBp', 'F2']]);
  });

  it('F2: an agency that is not on the panel cannot take a share', () => {
    const errors = checkShares(
      {SCS: 5000, POLICE: 5000},
      kent(),
      'costLines.0.sharesBp',
    );
    expect(pairs(errors)).toEqual([['costLines.0.sharesBp.POLICE', 'F2']]);
  });

  it('F2: an advisory agency (HARP education adviser) cannot take a share', () => {
    const errors = checkShares(
      {SCS: 5000, EDU: 5000},
      harp(),
      'costLines.0.sharesBp',
    );
    expect(pairs(errors)).toEqual([['costLines.0.sharesBp.EDU', 'F2']]);
    expect(errors[0].message).toMatch(/advises/);
    expect(
      checkShares({SCS: 10_000, EDU: 0}, harp(), 'costLines.0.sharesBp'),
    ).toEqual([]);
  });

  it('F2: resolveCostLines reports the line whose shares are wrong', () => {
    const r = resolveCostLines(
      [line(), line({sharesBp: {SCS: 5000, HEALTH: 4000}})],
      kent(),
    );
    expect(pairs(r.errors)).toEqual([['costLines.1.sharesBp', 'F2']]);
    expect(r.lines).toHaveLength(1);
  });
});

describe('F3: pence per agency', () => {
  it('F3: pence per agency come from the shares and add up to the line exactly', () => {
    const split = splitLine(100_001, 52, {SCS: 3334, EDU: 3333, HEALTH: 3333}, [
      'SCS',
      'EDU',
      'HEALTH',
    ]);
    expect(Object.values(split.weekly).reduce((a, b) => a + b, 0)).toBe(
      100_001,
    );
    expect(Object.values(split.annual).reduce((a, b) => a + b, 0)).toBe(
      100_001 * 52,
    );
    expect(split.weekly).toEqual({SCS: 33_341, EDU: 33_330, HEALTH: 33_330});
  });

  it('F3: per-agency weekly and annual pence always add up (any line)', () => {
    fc.assert(
      fc.property(
        fc.integer({min: 1, max: 5_000_000}),
        fc.constantFrom(38, 39, 52),
        fc.integer({min: 0, max: 10_000}),
        fc.integer({min: 0, max: 10_000}),
        (weekly, weeks, a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const shares = {SCS: lo, EDU: hi - lo, HEALTH: 10_000 - hi};
          const r = resolveCostLines(
            [
              line({
                weeklyPence: weekly,
                weeksPerYear: weeks,
                sharesBp: shares,
              }),
            ],
            kent(),
          );
          expect(r.errors).toEqual([]);
          const l = r.lines[0];
          const sum = (o: Record<string, number>) =>
            Object.values(o).reduce((x, y) => x + y, 0);
          expect(sum(l.agencyWeeklyPence)).toBe(weekly);
          expect(sum(l.agencyAnnualPence)).toBe(weekly * weeks);
          for (const [agency, bp] of Object.entries(shares)) {
            expect(
              Math.abs(l.agencyWeeklyPence[agency] * 10_000 - weekly * bp),
            ).toBeLessThan(10_000);
          }
        },
      ),
    );
  });

  it('F3: a typed figure within 1p of the split is accepted', () => {
    // 100001 split 50/50 gives 50001 and 50000.
    const r = resolveCostLines(
      [
        line({
          weeklyPence: 100_001,
          agencyPence: {SCS: 50_000, HEALTH: 50_001},
        }),
      ],
      kent(),
    );
    expect(r.errors).toEqual([]);
    expect(r.lines[0].agencyWeeklyPence).toEqual({SCS: 50_001, HEALTH: 50_000});
  });

  it('F3: a typed figure more than 1p off the split is refused', () => {
    const r = resolveCostLines(
      [
        line({
          weeklyPence: 100_001,
          agencyPence: {SCS: 50_003, HEALTH: 49_998},
        }),
      ],
      kent(),
    );
    expect(pairs(r.errors)).toEqual([
      ['costLines.0.agencyPence.SCS', 'F3'],
      ['costLines.0.agencyPence.HEALTH', 'F3'],
    ]);
    expect(r.errors[0].message).toContain('£500.03');
  });

  it('F3: a typed figure for an agency with no share must be (about) zero', () => {
    const r = resolveCostLines([line({agencyPence: {EDU: 500}})], kent());
    expect(pairs(r.errors)).toEqual([['costLines.0.agencyPence.EDU', 'F3']]);
  });
});

describe('F4: weeks basis, annual cost and totals', () => {
  it('F4: 38, 39 and 52 weeks are accepted; other bases refused unless allowCustomWeeks', () => {
    for (const w of [38, 39, 52])
      expect(checkWeeksPerYear(w, kent(), 'w')).toEqual([]);
    for (const w of [0, 40, 51, 53])
      expect(
        pairs(checkWeeksPerYear(w, kent(), 'costLines.0.weeksPerYear')),
      ).toEqual([['costLines.0.weeksPerYear', 'F4']]);
  });

  it('F4: with allowCustomWeeks any basis from 1 to 52 is accepted, 0 and 53 are not', () => {
    const p = kent({allowCustomWeeks: true});
    for (const w of [1, 26, 40, 52])
      expect(checkWeeksPerYear(w, p, 'w')).toEqual([]);
    for (const w of [0, 53])
      expect(pairs(checkWeeksPerYear(w, p, 'w'))).toEqual([['w', 'F4']]);
  });

  it('F4: each line keeps its own basis; totals are weekly and annual, per agency and overall', () => {
    const r = resolveCostLines(
      [
        line({
          kind: 'education',
          weeklyPence: 200_000,
          weeksPerYear: 38,
          sharesBp: {EDU: 10_000},
        }),
        line({
          kind: 'care',
          weeklyPence: 150_000,
          weeksPerYear: 52,
          sharesBp: {SCS: 6000, HEALTH: 4000},
        }),
      ],
      kent(),
    );
    expect(r.errors).toEqual([]);
    expect(r.lines.map(l => l.annualPence)).toEqual([7_600_000, 7_800_000]);
    const t = fundingTotals(r.lines);
    expect(t.weeklyPence).toBe(350_000);
    expect(t.annualPence).toBe(15_400_000);
    expect(t.agencyWeeklyPence).toEqual({
      EDU: 200_000,
      SCS: 90_000,
      HEALTH: 60_000,
    });
    expect(t.agencyAnnualPence).toEqual({
      EDU: 7_600_000,
      SCS: 4_680_000,
      HEALTH: 3_120_000,
    });
  });

  it('F4: a line with a zero weekly cost is refused', () => {
    const r = resolveCostLines([line({weeklyPence: 0})], kent());
    expect(pairs(r.errors)).toEqual([['costLines.0.weeklyPence', 'F4']]);
  });

  it('F4: a line ending before it starts is refused', () => {
    const r = resolveCostLines(
      [line({startDate: '2026-03-01', endDate: '2026-02-01'})],
      kent(),
    );
    expect(pairs(r.errors)).toEqual([['costLines.0.endDate', '§3']]);
  });

  it('F4: stored lines resolve to the same splits', () => {
    const stored: CostLine = {
      lineId: 'L1',
      caseId: 'JRAP-2026-0007',
      version: 1,
      status: 'endorsed',
      kind: 'education',
      description: 'Education',
      weeklyPence: 100_001,
      weeksPerYear: 39,
      annualPence: 3_900_039,
      startDate: '2026-02-09',
      endDate: null,
      effectiveDate: null,
      reason: '',
      stepDownDate: null,
      changeId: '',
      sharesBp: {EDU: 5000, SCS: 5000},
    };
    const [l] = resolveStoredLines([stored], kent());
    expect(l.annualPence).toBe(3_900_039);
    // Profile order (SCS before EDU) decides the tie.
    expect(l.agencyWeeklyPence).toEqual({SCS: 50_001, EDU: 50_000});
  });
});

describe('F5: additional cost lines', () => {
  const additional = (o: Partial<CostLineInput> = {}) =>
    line({
      kind: 'additional',
      description: '2:1 staffing',
      reason:
        'Escalating risk at night; reviewed monthly against incident logs',
      endDate: '2026-08-31',
      stepDownDate: '2026-06-30',
      ...o,
    });

  it('F5: an additional cost with a reason, an end date and a step-down date is accepted', () => {
    expect(checkAdditionalLine(additional(), 'costLines.0')).toEqual([]);
    expect(
      checkAdditionalLine(
        additional({endDate: undefined, durationWeeks: 12}),
        'costLines.0',
      ),
    ).toEqual([]);
  });

  it('F5: an additional cost needs a reason, an end date or duration, and a step-down date', () => {
    const errors = checkAdditionalLine(
      additional({
        reason: undefined,
        endDate: undefined,
        stepDownDate: undefined,
      }),
      'costLines.2',
    );
    expect(pairs(errors)).toEqual([
      ['costLines.2.reason', 'F5'],
      ['costLines.2.endDate', 'F5'],
      ['costLines.2.stepDownDate', 'F5'],
    ]);
  });

  it('F5: the step-down date cannot be after the end date', () => {
    expect(
      pairs(
        checkAdditionalLine(
          additional({stepDownDate: '2026-09-30'}),
          'costLines.0',
        ),
      ),
    ).toEqual([['costLines.0.stepDownDate', 'F5']]);
  });

  it('F5: core (non-additional) lines need none of these', () => {
    expect(checkAdditionalLine(line(), 'costLines.0')).toEqual([]);
  });

  it('F5: resolveCostLines applies F5', () => {
    const r = resolveCostLines(
      [line(), additional({stepDownDate: undefined})],
      kent(),
    );
    expect(pairs(r.errors)).toEqual([['costLines.1.stepDownDate', 'F5']]);
  });
});

describe('F6: default formula', () => {
  it('F6: a line without agreed shares gets the profile’s default formula, and the case shows it', () => {
    const r = resolveCostLines(
      [line({sharesBp: undefined, weeklyPence: 100_000})],
      kent(),
    );
    expect(r.errors).toEqual([]);
    expect(r.formulaInForce).toBe(true);
    expect(r.lines[0].formulaApplied).toBe(true);
    expect(r.lines[0].sharesBp).toEqual({SCS: 3334, EDU: 3333, HEALTH: 3333});
    expect(r.lines[0].agencyWeeklyPence).toEqual({
      SCS: 33_340,
      EDU: 33_330,
      HEALTH: 33_330,
    });
  });

  it('F6: an empty share map also means no agreed split', () => {
    const r = resolveCostLines([line({sharesBp: {}})], kent());
    expect(r.formulaInForce).toBe(true);
  });

  it('F6: agreed shares replace the formula', () => {
    const r = resolveCostLines([line()], kent());
    expect(r.formulaInForce).toBe(false);
    expect(r.lines[0].formulaApplied).toBe(false);
  });

  it('F6: the formula set on the Settings tab is the one applied', () => {
    const r = resolveCostLines(
      [line({sharesBp: undefined})],
      kent({defaultFormula: 'SCS 50%, EDU 25%, HEALTH 25%'}),
    );
    expect(r.lines[0].sharesBp).toEqual({SCS: 5000, EDU: 2500, HEALTH: 2500});
  });
});

describe('F7: costs commence', () => {
  it('F7: costs commence from the earlier of the alert-shared date and the placement start', () => {
    expect(costStartDate('2026-01-06', '2026-02-09')).toBe('2026-01-06');
    expect(costStartDate('2026-03-01', '2026-02-09')).toBe('2026-02-09');
    expect(costStartDate(null, '2026-02-09')).toBe('2026-02-09');
    expect(costStartDate('2026-01-06', null)).toBe('2026-01-06');
    expect(costStartDate(null, null)).toBeNull();
  });
});

describe('F8: notice to cease a contribution', () => {
  it('F8: an effective date 3 calendar months after the notice is accepted', () => {
    expect(checkNotice('2026-01-15', '2026-04-15', kent())).toEqual([]);
    expect(checkNotice('2026-01-15', '2026-09-01', kent())).toEqual([]);
    // Month-end notice: 30 November + 3 months is 28 February.
    expect(checkNotice('2025-11-30', '2026-02-28', kent())).toEqual([]);
  });

  it('F8: an effective date less than 3 months after the notice is refused', () => {
    const errors = checkNotice('2026-01-15', '2026-04-14', kent());
    expect(pairs(errors)).toEqual([['effectiveDate', 'F8']]);
    expect(errors[0].message).toContain('Wednesday 15 April 2026');
  });

  it('F8: the notice date is required', () => {
    expect(pairs(checkNotice(undefined, '2026-04-14', kent()))).toEqual([
      ['noticeDate', 'F8'],
    ]);
  });

  it('F8: a panel without a notice period (CBC) does not check it', () => {
    expect(checkNotice(undefined, '2026-01-16', cbc())).toEqual([]);
  });

  it('F8: the notice period follows the Settings tab', () => {
    expect(
      pairs(checkNotice('2026-01-15', '2026-06-14', kent({noticeMonths: 6}))),
    ).toEqual([['effectiveDate', 'F8']]);
    expect(
      checkNotice('2026-01-15', '2026-07-15', kent({noticeMonths: 6})),
    ).toEqual([]);
  });
});

describe('F9: endorsement of changes', () => {
  const before = [{agencyWeeklyPence: {SCS: 150_000, HEALTH: 150_000}}];

  it('F9: the agencies affected are those whose pence change, plus a withdrawing agency', () => {
    expect(
      affectedAgencies(before, [
        {agencyWeeklyPence: {SCS: 175_000, HEALTH: 175_000}},
      ]),
    ).toEqual(['HEALTH', 'SCS']);
    expect(
      affectedAgencies(before, [
        {agencyWeeklyPence: {SCS: 200_000, HEALTH: 150_000}},
      ]),
    ).toEqual(['SCS']);
    expect(
      affectedAgencies(
        before,
        [{agencyWeeklyPence: {SCS: 150_000, HEALTH: 150_000}}],
        'EDU',
      ),
    ).toEqual(['EDU']);
    expect(
      affectedAgencies(before, [
        {agencyWeeklyPence: {SCS: 150_000, EDU: 50_000, HEALTH: 100_000}},
      ]),
    ).toEqual(['EDU', 'HEALTH']);
  });

  it('F9: a change is in force when every affected agency and the panel have endorsed it', () => {
    const c = changeRecord({
      status: 'endorsed',
      panelEndorsedDate: '2026-03-03',
      endorsements: {SCS: '2026-02-20', HEALTH: '2026-02-21'},
    });
    expect(changeInForce(c, ['HEALTH', 'SCS'])).toBe(true);
    expect(missingEndorsements(c, ['HEALTH', 'SCS'])).toEqual([]);
  });

  it('F9: a change is not in force while an affected agency has not endorsed it', () => {
    const c = changeRecord({
      status: 'endorsed',
      panelEndorsedDate: '2026-03-03',
      endorsements: {SCS: '2026-02-20'},
    });
    expect(changeInForce(c, ['HEALTH', 'SCS'])).toBe(false);
    expect(missingEndorsements(c, ['HEALTH', 'SCS'])).toEqual(['HEALTH']);
  });

  it('F9: a change is not in force before the panel has endorsed it', () => {
    const c = changeRecord({
      status: 'submitted',
      panelEndorsedDate: null,
      endorsements: {SCS: '2026-02-20', HEALTH: '2026-02-21'},
    });
    expect(changeInForce(c, ['HEALTH', 'SCS'])).toBe(false);
    expect(changeInForce({...c, status: 'endorsed'}, ['HEALTH', 'SCS'])).toBe(
      false,
    );
  });
});

describe('F10: venue change', () => {
  it('F10: a venue change is refused with a pointer to a new alert', () => {
    const errors = checkNotVenueChange('venueChange');
    expect(pairs(errors)).toEqual([['changeType', 'F10']]);
    expect(errors[0].message).toMatch(/alert/);
  });

  it('F10: other change types are accepted', () => {
    for (const t of [
      'increase',
      'decrease',
      'additionalSupport',
      'removeSupport',
      'agencyWithdrawal',
      'settingChangeSameProvider',
    ]) {
      expect(checkNotVenueChange(t)).toEqual([]);
    }
  });
});

describe('F11: high cost', () => {
  it('F11: a weekly total above highCostWeeklyPence flags the case as high cost', () => {
    const p = kent({highCostWeeklyPence: 500_000});
    expect(isHighCost(500_001, p)).toBe(true);
    expect(isHighCost(500_000, p)).toBe(false);
    expect(isHighCost(100, p)).toBe(false);
  });

  it('F11: with no threshold set nothing is high cost', () => {
    expect(isHighCost(99_999_999, kent())).toBe(false);
  });
});

describe('F12: ready for the agenda', () => {
  const ready = (agency: string) =>
    assessment({
      agency,
      status: 'completed',
      completedDate: '2026-01-20',
      inPrincipleAgreed: true,
    });

  it('F12: each funding agency with a completed assessment and in-principle agreement is ready', () => {
    expect(
      checkReadyForAgenda({
        fundingAgencies: ['SCS', 'EDU', 'HEALTH'],
        leadAgency: 'SCS',
        assessments: [ready('SCS'), ready('EDU'), ready('HEALTH')],
      }),
    ).toEqual([]);
  });

  it('F12: a declined assessment with a reason counts as assessed', () => {
    expect(
      checkReadyForAgenda({
        fundingAgencies: ['SCS', 'HEALTH'],
        leadAgency: 'SCS',
        assessments: [
          ready('SCS'),
          assessment({
            agency: 'HEALTH',
            status: 'declined',
            declineReason: 'No health need identified',
            inPrincipleAgreed: true,
          }),
        ],
      }),
    ).toEqual([]);
  });

  it('F12: a missing, unfinished or unexplained-declined assessment is refused', () => {
    const errors = checkReadyForAgenda({
      fundingAgencies: ['SCS', 'EDU', 'HEALTH'],
      leadAgency: 'SCS',
      assessments: [
        ready('SCS'),
        assessment({
          agency: 'HEALTH',
          status: 'inProgress',
          inPrincipleAgreed: true,
        }),
      ],
    });
    expect(pairs(errors)).toEqual([
      ['assessments.EDU', 'F12'],
      ['inPrincipleAgreement.EDU', 'F12'],
      ['assessments.HEALTH', 'F12'],
    ]);
    const declined = checkReadyForAgenda({
      fundingAgencies: ['SCS', 'HEALTH'],
      leadAgency: 'SCS',
      assessments: [
        ready('SCS'),
        assessment({
          agency: 'HEALTH',
          status: 'declined',
          declineReason: ' ',
          inPrincipleAgreed: true,
        }),
      ],
    });
    expect(pairs(declined)).toEqual([['assessments.HEALTH', 'F12']]);
  });

  it('F12: in-principle agreement may be recorded on the referral instead', () => {
    const base = {
      fundingAgencies: ['SCS', 'EDU'],
      leadAgency: 'SCS',
      assessments: [ready('SCS'), {...ready('EDU'), inPrincipleAgreed: false}],
    };
    expect(pairs(checkReadyForAgenda(base))).toEqual([
      ['inPrincipleAgreement.EDU', 'F12'],
    ]);
    expect(
      checkReadyForAgenda({...base, inPrincipleOnReferral: {EDU: true}}),
    ).toEqual([]);
  });

  it("F12: the lead agency's own referral, with its management approval, stands as its assessment and agreement", () => {
    // Product decision (see checkReadyForAgenda): the lead agency raises the
    // referral and its manager approves it, so only the *other* funding
    // agencies need an Assessments row and an in-principle agreement. A
    // single-agency panel (CBC, HARP) could otherwise never book a case.
    const ready1 = checkReadyForAgenda({
      fundingAgencies: ['SCS', 'HEALTH'],
      leadAgency: 'SCS',
      assessments: [ready('HEALTH')],
    });
    expect(ready1).toEqual([]);
    const single = checkReadyForAgenda({
      fundingAgencies: ['SCS'],
      leadAgency: 'SCS',
      assessments: [],
    });
    expect(single).toEqual([]);
    const otherLead = checkReadyForAgenda({
      fundingAgencies: ['SCS', 'HEALTH'],
      leadAgency: 'HEALTH',
      assessments: [ready('HEALTH')],
    });
    expect(pairs(otherLead)).toEqual([
      ['assessments.SCS', 'F12'],
      ['inPrincipleAgreement.SCS', 'F12'],
    ]);
  });
});
