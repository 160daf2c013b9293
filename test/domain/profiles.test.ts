import {
  parseCadence,
  parseDayOffset,
  parseFormula,
  presetIds,
  resolveProfile,
  settingText,
  SETTINGS,
  fundingAgencies,
  agencyCodes,
  Profile,
} from '../../src/domain/profiles';
import {
  cbc,
  errorsOf,
  expectError,
  harp,
  kent,
  leics,
  PRESET_IDS,
  profileOf,
  stability,
  valueOf,
} from './fixtures';

describe('§6: presets', () => {
  it('§6: offers the five presets', () => {
    expect(presetIds().sort()).toEqual([...PRESET_IDS].sort());
  });

  for (const id of PRESET_IDS) {
    it(`§6: ${id} resolves without errors`, () => {
      const p = valueOf(resolveProfile({presetId: id}));
      expect(p.id).toBe(id);
      expect(p.defaultFormula.reduce((s, [, bp]) => s + bp, 0)).toBe(10_000);
    });
  }

  it('§6: an unknown preset is an error naming the profile', () => {
    expectError(resolveProfile({presetId: 'nowhere-panel'}), 'profile', '§6');
  });

  it('§6: kent-jrap has the SPEC section 6 values', () => {
    const p = kent();
    expect(agencyCodes(p)).toEqual(['SCS', 'EDU', 'HEALTH']);
    expect(fundingAgencies(p).map(a => a.code)).toEqual([
      'SCS',
      'EDU',
      'HEALTH',
    ]);
    expect(p.minFundingAgencies).toBe(2);
    expect(p.cadence).toEqual({kind: 'monthly', weekday: 2, nth: 1});
    expect(p.submissionDeadline).toEqual({kind: 'calendarDays', days: 14});
    expect(p.papersOut).toEqual({kind: 'calendarDays', days: 14});
    expect(p.slotMinutes).toBe(20);
    expect(p.outcomeNoteWorkingDays).toBe(5);
    expect(p.healthAssessmentDays).toBe(28);
    expect(p.noticeMonths).toBe(3);
    expect(p.maxReviewMonths).toBe(12);
    expect(p.reviewMonthsByProvision).toEqual({});
    expect(p.contractEndWeeks).toBeNull();
    expect(p.highCostWeeklyPence).toBeNull();
    expect(p.signatureDays).toBe(7);
    expect(p.reviewLeadWeeks).toEqual([8, 4, 1]);
    expect(p.absentResponseWorkingDays).toBe(3);
    expect(p.requireParentConsent).toBe(true);
    expect(p.maxCasesPerPanel).toBeNull();
  });

  it('§6: cbc-arp has the SPEC section 6 values', () => {
    const p = cbc();
    expect(agencyCodes(p)).toEqual(['SCS']);
    expect(p.minFundingAgencies).toBe(1);
    expect(p.cadence.kind).toBe('weekly');
    expect(p.panelStartTime).toBe('09:30');
    expect(p.submissionDeadline).toEqual({kind: 'workingDays', days: 3});
    expect(p.papersOut).toEqual({kind: 'workingDays', days: 2});
    expect(p.slotMinutes).toBe(15);
    expect(p.outcomeNoteWorkingDays).toBe(5);
    expect(p.healthAssessmentDays).toBeNull();
    expect(p.noticeMonths).toBeNull();
    expect(p.maxReviewMonths).toBeNull();
    expect(p.contractEndWeeks).toBe(8);
    expect(p.reviewLeadWeeks).toEqual([8, 4, 1]);
    expect(p.defaultFormula).toEqual([['SCS', 10_000]]);
  });

  it('§6: herts-harp has the SPEC section 6 values (EDU advises, does not fund)', () => {
    const p = harp();
    expect(agencyCodes(p)).toEqual(['SCS', 'EDU']);
    expect(fundingAgencies(p).map(a => a.code)).toEqual(['SCS']);
    expect(p.minFundingAgencies).toBe(1);
    expect(p.cadence).toEqual({kind: 'weekly', weekday: 3});
    expect(p.panelStartTime).toBe('09:30');
    expect(p.submissionDeadline).toEqual({kind: 'weekdayBefore', weekday: 5});
    expect(p.papersOut).toEqual({kind: 'workingDays', days: 2});
    expect(p.slotMinutes).toBe(10);
    expect(p.outcomeNoteWorkingDays).toBe(5);
    expect(p.healthAssessmentDays).toBeNull();
    expect(p.noticeMonths).toBeNull();
    expect(p.maxReviewMonths).toBeNull();
    expect(p.reviewMonthsByProvision.residential).toBe(3);
    expect(p.reviewMonthsByProvision.stayingPut).toBe(3);
    expect(p.reviewMonthsByProvision.fostering).toBeUndefined();
    expect(p.contractEndWeeks).toBeNull();
    expect(p.highCostQuarterlyReview).toBe(true);
  });

  it('§6: leics-jfp has the SPEC section 6 values', () => {
    const p = leics();
    expect(agencyCodes(p)).toEqual(['SCS', 'EDU', 'HEALTH']);
    expect(p.minFundingAgencies).toBe(2);
    expect(p.cadence).toEqual({kind: 'list'});
    expect(p.submissionDeadline).toEqual({kind: 'workingDays', days: 7});
    expect(p.papersOut).toEqual({kind: 'workingDays', days: 5});
    expect(p.slotMinutes).toBe(20);
    expect(p.outcomeNoteWorkingDays).toBe(3);
    expect(p.healthAssessmentDays).toBeNull();
    expect(p.noticeMonths).toBeNull();
    expect(p.maxReviewMonths).toBeNull();
    expect(p.contractEndWeeks).toBeNull();
  });

  it('§6: herts-stability has at most 5 cases per panel', () => {
    const p = stability();
    expect(agencyCodes(p)).toEqual(['SCS']);
    expect(p.minFundingAgencies).toBe(1);
    expect(p.maxCasesPerPanel).toBe(5);
    expect(p.slotMinutes).toBe(15);
    expect(p.cadence.kind).toBe('weekly');
    expect(p.submissionDeadline).toEqual({kind: 'workingDays', days: 2});
    expect(p.papersOut).toEqual({kind: 'workingDays', days: 2});
    expect(p.outcomeNoteWorkingDays).toBe(5);
    expect(p.healthAssessmentDays).toBeNull();
    expect(p.noticeMonths).toBeNull();
    expect(p.contractEndWeeks).toBeNull();
    expect(p.maxReviewMonths).toBeNull();
  });
});

describe('§6: Settings override presets', () => {
  it('§6: a setting overrides the preset, key by key, as text or number', () => {
    const p = kent({
      slotMinutes: '30',
      cadence: 'second Wednesday monthly',
      submissionDeadline: '10 working days',
      highCostWeeklyPence: 500_000,
      reviewLeadWeeks: '6, 2',
      maxCasesPerPanel: 8,
      requireParentConsent: 'no',
      panelDates: '2026-03-10, 2026-01-14',
      reviewMonthsByProvision: 'residential 6',
    });
    expect(p.slotMinutes).toBe(30);
    expect(p.cadence).toEqual({kind: 'monthly', weekday: 3, nth: 2});
    expect(p.submissionDeadline).toEqual({kind: 'workingDays', days: 10});
    expect(p.highCostWeeklyPence).toBe(500_000);
    expect(p.reviewLeadWeeks).toEqual([6, 2]);
    expect(p.maxCasesPerPanel).toBe(8);
    expect(p.requireParentConsent).toBe(false);
    expect(p.panelDates).toEqual(['2026-01-14', '2026-03-10']);
    expect(p.reviewMonthsByProvision).toEqual({residential: 6});
    // Untouched keys keep the preset's value.
    expect(p.papersOut).toEqual({kind: 'calendarDays', days: 14});
    expect(p.noticeMonths).toBe(3);
  });

  it('§6: a blank optional setting turns it off', () => {
    const p = kent({noticeMonths: '', healthAssessmentDays: ''});
    expect(p.noticeMonths).toBeNull();
    expect(p.healthAssessmentDays).toBeNull();
  });

  it('F6: the default formula can be set as text or as basis points', () => {
    expect(
      kent({defaultFormula: 'SCS 50%, EDU 25%, HEALTH 25%'}).defaultFormula,
    ).toEqual([
      ['SCS', 5000],
      ['EDU', 2500],
      ['HEALTH', 2500],
    ]);
    expect(
      kent({defaultFormula: {SCS: 4000, EDU: 3000, HEALTH: 3000}})
        .defaultFormula,
    ).toEqual([
      ['SCS', 4000],
      ['EDU', 3000],
      ['HEALTH', 3000],
    ]);
  });

  it('§6: the Agencies tab replaces the preset agencies', () => {
    const p = profileOf('cbc-arp', undefined, [
      {
        code: 'SCS',
        name: 'Social care',
        funding: true,
        escalationContacts: ['lead@example.org'],
      },
    ]);
    expect(p.agencies[0].escalationContacts).toEqual(['lead@example.org']);
  });

  it('§6: settingText writes back what an admin would type, and it reads back the same', () => {
    for (const id of PRESET_IDS) {
      const p = profileOf(id);
      const settings: Record<string, unknown> = {};
      for (const def of SETTINGS) settings[def.key] = settingText(p, def.key);
      const again = profileOf(id, settings);
      const strip = (x: Profile) => ({...x, agencies: []});
      expect(strip(again)).toEqual(strip(p));
    }
  });
});

describe('§6: a bad setting names settings.<key> and its rule', () => {
  const cases: Array<[string, unknown, string]> = [
    ['minFundingAgencies', 0, 'F1'],
    ['cadence', 'every full moon', 'D2'],
    ['panelDates', '2026-02-30', 'D2'],
    ['submissionDeadline', 'soon', 'D3'],
    ['papersOut', 'whenever', 'D4'],
    ['slotMinutes', 'twenty', 'P1'],
    ['slotMinutes', 2.5, 'P1'],
    ['maxCasesPerPanel', 0, 'P1'],
    ['panelStartTime', '9.30am', 'P1'],
    ['outcomeNoteWorkingDays', -1, 'D6'],
    ['signatureDays', 'a week', 'D7'],
    ['healthAssessmentDays', 'four weeks', 'D5'],
    ['escalationDays', 0, 'D5'],
    ['noticeMonths', 'three', 'F8'],
    ['maxReviewMonths', 0, 'D9'],
    ['reviewMonthsByProvision', 'castle 3', 'D9'],
    ['reviewLeadWeeks', 'eight', 'D9'],
    ['contractEndWeeks', 'eight', 'D10'],
    ['highCostWeeklyPence', '£5000', 'F11'],
    ['highCostQuarterlyReview', 'sometimes', 'F11'],
    ['defaultFormula', 'half each', 'F6'],
    ['absentResponseWorkingDays', 0, 'D13'],
    ['requireParentConsent', 'maybe', 'D12'],
    ['emergencyRequiresChair', 'perhaps', 'D3'],
    ['allowCustomWeeks', 'often', 'F4'],
  ];
  for (const [key, value, rule] of cases) {
    it(`${rule}: settings.${key} = ${JSON.stringify(value)} is refused`, () => {
      const e = expectError(
        resolveProfile({presetId: 'kent-jrap', settings: {[key]: value}}),
        `settings.${key}`,
        rule,
      );
      expect(e.message).toContain(key);
    });
  }

  it('F2: the default formula must add up to exactly 100%', () => {
    const r = resolveProfile({
      presetId: 'kent-jrap',
      settings: {defaultFormula: 'SCS 50%, EDU 30%, HEALTH 30%'},
    });
    const e = expectError(r, 'settings.defaultFormula', 'F2');
    expect(e.message).toContain('110');
    expect(errorsOf(r)).toHaveLength(1);
    // Accepted: exactly 100%.
    valueOf(
      resolveProfile({
        presetId: 'kent-jrap',
        settings: {defaultFormula: 'SCS 50%, EDU 30%, HEALTH 20%'},
      }),
    );
  });

  it('F6: the default formula may only name the panel’s agencies', () => {
    expectError(
      resolveProfile({
        presetId: 'cbc-arp',
        settings: {defaultFormula: 'SCS 50%, EDU 50%'},
      }),
      'settings.defaultFormula',
      'F6',
    );
  });

  it('F6: the default formula may only give shares to funding agencies (HARP’s education adviser cannot fund)', () => {
    // SPEC §6: HARP's agencies are "SCS (EDU advisor)"; F2's check refuses
    // any share for an advisory agency, so a formula that gives EDU a share
    // could never be applied (every line left to the formula would fail F2
    // on a share the referrer never typed). A bad setting is an error
    // naming settings.<key> and the rule it governs.
    const r = resolveProfile({
      presetId: 'herts-harp',
      settings: {defaultFormula: 'SCS 50%, EDU 50%'},
    });
    const errors = errorsOf(r).filter(
      e => e.field === 'settings.defaultFormula',
    );
    expect(errors).toHaveLength(1);
    expect(['F6', 'F2']).toContain(errors[0].rule);
    valueOf(
      resolveProfile({
        presetId: 'herts-harp',
        settings: {defaultFormula: 'SCS 100%'},
      }),
    );
  });

  it('F1: minFundingAgencies cannot exceed the funding agencies listed', () => {
    expectError(
      resolveProfile({
        presetId: 'herts-harp',
        settings: {minFundingAgencies: 2},
      }),
      'settings.minFundingAgencies',
      'F1',
    );
    valueOf(
      resolveProfile({
        presetId: 'kent-jrap',
        settings: {minFundingAgencies: 3},
      }),
    );
  });

  it('§6: several bad settings give one error each', () => {
    const errors = errorsOf(
      resolveProfile({
        presetId: 'kent-jrap',
        settings: {slotMinutes: 0, cadence: 'never'},
      }),
    );
    expect(errors.map(e => e.field).sort()).toEqual([
      'settings.cadence',
      'settings.slotMinutes',
    ]);
  });
});

describe('§6: readers of the human-readable settings', () => {
  it('D2: parses cadences', () => {
    expect(parseCadence('first Tuesday monthly')).toEqual({
      kind: 'monthly',
      weekday: 2,
      nth: 1,
    });
    expect(parseCadence('1st Tuesday of the month')).toEqual({
      kind: 'monthly',
      weekday: 2,
      nth: 1,
    });
    expect(parseCadence('last Friday monthly')).toEqual({
      kind: 'monthly',
      weekday: 5,
      nth: -1,
    });
    expect(parseCadence('weekly Wednesday')).toEqual({
      kind: 'weekly',
      weekday: 3,
    });
    expect(parseCadence('Wednesday weekly')).toEqual({
      kind: 'weekly',
      weekday: 3,
    });
    expect(parseCadence('dates list')).toEqual({kind: 'list'});
    expect(parseCadence('fortnightly')).toBeUndefined();
    expect(parseCadence('weekly Funday')).toBeUndefined();
  });

  it('D3: parses day offsets', () => {
    expect(parseDayOffset('14 calendar days')).toEqual({
      kind: 'calendarDays',
      days: 14,
    });
    expect(parseDayOffset('3 working days before')).toEqual({
      kind: 'workingDays',
      days: 3,
    });
    expect(parseDayOffset('Friday before')).toEqual({
      kind: 'weekdayBefore',
      weekday: 5,
    });
    expect(parseDayOffset('the Friday before')).toEqual({
      kind: 'weekdayBefore',
      weekday: 5,
    });
    expect(parseDayOffset('two weeks')).toBeUndefined();
  });

  it('F6: parses formulas', () => {
    expect(parseFormula('SCS 33.34%, EDU 33.33%, HEALTH 33.33%')).toEqual([
      ['SCS', 3334],
      ['EDU', 3333],
      ['HEALTH', 3333],
    ]);
    expect(parseFormula('scs: 100')).toEqual([['SCS', 10_000]]);
    expect(parseFormula({SCS: 3333.5})).toBeUndefined();
    expect(parseFormula('SCS lots')).toBeUndefined();
  });
});
