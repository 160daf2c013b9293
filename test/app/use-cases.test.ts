/**
 * The server side of the forms, on the built bundle: refused input writes
 * nothing and names field and rule; S3 injection lands as text; S5 roles;
 * S6 stale forms and repeated submissions; D3 booking told to the referrer.
 */
import {readWorkbook} from '../../local/sheets';
import {
  alertArgs,
  build,
  kentCaseToReferral,
  referralArgs,
  tracker,
  Tracker,
} from './helpers';

beforeAll(build);

/** The workbook's write counter: unchanged means nothing was written. */
function version(t: Tracker): number {
  return readWorkbook(t.session.workspace, t.session.spreadsheetId).version;
}

function expectRefusedWithoutWrite(
  t: Tracker,
  fn: string,
  args: unknown,
  as: string,
  at: string,
  field: string,
  rule: string,
) {
  const before = version(t);
  const out = t.call(fn, args, as, at);
  expect(out.ok).toBe(false);
  expect(out.errors).toEqual(
    expect.arrayContaining([
      expect.objectContaining({field, rule, message: expect.any(String)}),
    ]),
  );
  expect(out.exception).toBeUndefined();
  expect(version(t)).toBe(before);
  return out;
}

describe('refused input writes nothing', () => {
  it('§3: an unknown case ID', () => {
    const t = tracker({});
    expectRefusedWithoutWrite(
      t,
      'submitReferral',
      referralArgs('JRAP-2026-9999'),
      'sw1@example.org',
      '2026-01-28T09:00',
      'caseId',
      '§3',
    );
  });

  it('§3: a closed case', () => {
    const t = tracker({});
    const caseId = kentCaseToReferral(t);
    t.ok(
      'closeCase',
      {caseId, reason: 'withdrawn'},
      'admin@example.org',
      '2026-01-29T09:00',
    );
    expectRefusedWithoutWrite(
      t,
      'recordAssessment',
      {caseId, agency: 'EDU', status: 'completed'},
      'edu.rep@example.org',
      '2026-01-30T09:00',
      'caseId',
      '§3',
    );
    expectRefusedWithoutWrite(
      t,
      'submitReferral',
      referralArgs(caseId),
      'sw1@example.org',
      '2026-01-30T09:00',
      'caseId',
      '§3',
    );
  });

  it('S6: a stale form (the case changed since the form was opened)', () => {
    const t = tracker({});
    const a = t.ok<{caseId: string; rowVersion: number}>(
      'submitAlert',
      alertArgs(),
      'sw1@example.org',
      '2026-01-05T09:00',
    );
    t.ok(
      'shareAlert',
      {caseId: a.caseId},
      'admin@example.org',
      '2026-01-06T09:00',
    );
    const out = expectRefusedWithoutWrite(
      t,
      'submitReferral',
      {...referralArgs(a.caseId), expectedVersion: a.rowVersion},
      'sw1@example.org',
      '2026-01-28T09:00',
      'expectedVersion',
      'S6',
    );
    expect(out.errors[0].message).toContain('changed by someone else');
  });

  it('S5: a caller without the role', () => {
    const t = tracker({});
    const caseId = kentCaseToReferral(t);
    expectRefusedWithoutWrite(
      t,
      'recordDecision',
      {
        caseId,
        panelDate: '2026-03-03',
        outcome: 'endorsed',
        rationale: 'x',
        reviewDate: '2027-01-01',
      },
      'sw1@example.org',
      '2026-03-03T12:00',
      'user',
      'S5',
    );
    expectRefusedWithoutWrite(
      t,
      'shareAlert',
      {caseId},
      'sw1@example.org',
      '2026-03-03T12:00',
      'user',
      'S5',
    );
    expectRefusedWithoutWrite(
      t,
      'buildAgenda',
      {},
      'edu.rep@example.org',
      '2026-03-03T12:00',
      'user',
      'S5',
    );
    // An agency representative updates only their own agency's assessment.
    expectRefusedWithoutWrite(
      t,
      'recordAssessment',
      {caseId, agency: 'HEALTH', status: 'completed'},
      'edu.rep@example.org',
      '2026-03-03T12:00',
      'agency',
      'S5',
    );
  });

  it('S5: a referrer cannot open or change another referrer’s case, and sees only their own', () => {
    const t = tracker({});
    const caseId = kentCaseToReferral(t, {referrer: 'sw1@example.org'});
    t.ok('submitAlert', alertArgs(), 'sw2@example.org', '2026-01-05T10:00');
    const other = t.call(
      'getCase',
      {caseId},
      'sw2@example.org',
      '2026-01-29T09:00',
    );
    expect(other.ok).toBe(false);
    expect(other.errors[0]).toMatchObject({field: 'caseId', rule: 'S5'});
    expectRefusedWithoutWrite(
      t,
      'submitReferral',
      referralArgs(caseId),
      'sw2@example.org',
      '2026-01-29T09:00',
      'caseId',
      '§3',
    );
    const mine = t.ok<Array<{caseId: string}>>(
      'getMyCases',
      undefined,
      'sw2@example.org',
      '2026-01-29T09:00',
    );
    expect(mine.map(c => c.caseId)).toEqual(['JRAP-2026-0002']);
    const all = t.ok<Array<{caseId: string}>>(
      'getMyCases',
      undefined,
      'admin@example.org',
      '2026-01-29T09:00',
    );
    expect(all).toHaveLength(2);
  });

  it('D12: a 16-year-old’s alert without their own consent is refused; with a best-interest decision it is accepted', () => {
    const t = tracker({});
    const child = {
      childRef: 'SCS-1',
      initials: 'KL',
      dateOfBirth: '2009-06-01',
      legalStatus: 'S20',
    };
    expectRefusedWithoutWrite(
      t,
      'submitAlert',
      alertArgs({child}),
      'sw1@example.org',
      '2026-01-05T09:00',
      'consent.youngPersonConsent',
      'D12',
    );
    const ok = t.call(
      'submitAlert',
      alertArgs({
        child,
        consent: {
          mentalCapacity: 'lacksCapacity',
          bestInterestDecisionDate: '2025-12-01',
        },
      }),
      'sw1@example.org',
      '2026-01-05T09:00',
    );
    expect(ok.ok).toBe(true);
  });

  it('F1/F2: a referral whose shares do not add up, or with one funding agency on a joint panel, is refused', () => {
    const t = tracker({});
    const caseId = kentCaseToReferral(t);
    const bad = referralArgs(caseId, {
      costLines: [
        {
          kind: 'care',
          weeklyPence: 100000,
          weeksPerYear: 52,
          sharesBp: {SCS: 5000, HEALTH: 4000},
        },
      ],
    });
    expectRefusedWithoutWrite(
      t,
      'submitReferral',
      bad,
      'sw1@example.org',
      '2026-01-29T09:00',
      'costLines.0.sharesBp',
      'F2',
    );
    const single = referralArgs(caseId, {
      costLines: [
        {
          kind: 'care',
          weeklyPence: 100000,
          weeksPerYear: 52,
          sharesBp: {SCS: 10000},
        },
      ],
    });
    expectRefusedWithoutWrite(
      t,
      'submitReferral',
      single,
      'sw1@example.org',
      '2026-01-29T09:00',
      'costLines',
      'F1',
    );
  });
});

describe('S3: injection', () => {
  const payloads = [
    '=HYPERLINK("http://example.org/x","click")',
    '+1',
    '-1+1',
    '@SUM(A1)',
    '\t=1+1',
    '\r=1+1',
    '00123',
  ];

  it.each(payloads)(
    'S3: %j typed into a form is stored and read back as the exact text',
    payload => {
      const t = tracker({});
      const a = t.ok<{caseId: string}>(
        'submitAlert',
        alertArgs({
          child: {
            childRef: payload,
            initials: 'MN',
            dateOfBirth: '2013-05-20',
            legalStatus: payload,
          },
          needsSummary: payload,
          localOptionsEvidence: payload,
          referrer: {name: payload, agency: 'SCS', role: payload},
        }),
        'sw1@example.org',
        '2026-01-05T09:00',
      );
      const row = t.tab('Cases').find(c => c.caseId === a.caseId)!;
      for (const key of [
        'childRef',
        'legalStatus',
        'needsSummary',
        'localOptionsEvidence',
        'referrerName',
        'referrerRole',
      ]) {
        expect(row[key]).toBe(payload);
      }
      // Never evaluated: no formula anywhere in the Cases tab, and Sheets shows the text.
      const wb = readWorkbook(t.session.workspace, t.session.spreadsheetId);
      const cases = wb.sheets.find(s => s.name === 'Cases')!;
      expect((cases.formulas ?? []).flat().filter(Boolean)).toEqual([]);
      const header = cases.values[0]!;
      expect(cases.values[1]![header.indexOf('childRef')]).toBe(payload);
    },
  );
});

describe('S6: repeated submissions', () => {
  it('the same submissionId twice creates one record and answers the same', () => {
    const t = tracker({});
    const first = t.ok(
      'submitAlert',
      alertArgs({submissionId: 'abc-1'}),
      'sw1@example.org',
      '2026-01-05T09:00',
    );
    const before = version(t);
    const again = t.ok(
      'submitAlert',
      alertArgs({submissionId: 'abc-1'}),
      'sw1@example.org',
      '2026-01-05T09:00',
    );
    expect(again).toEqual(first);
    expect(version(t)).toBe(before);
    expect(t.tab('Cases')).toHaveLength(1);
  });
});

describe('D3: booking told to the referrer', () => {
  it('D3: a referral after the deadline goes to the next panel it can meet, saying why', () => {
    const t = tracker({});
    const caseId = kentCaseToReferral(t, {day: '2026-01-28T09:00'});
    const referral = t.tab('Referrals')[0];
    expect(referral.bookedPanelDate).toBe('2026-03-03');
    const c = t.tab('Cases')[0];
    expect(c.currentPanelDate).toBe('2026-03-03');
    const again = t.call(
      'submitReferral',
      referralArgs(caseId, {requestedPanelDate: '2026-03-03'}),
      'sw1@example.org',
      '2026-02-16T09:00',
    );
    expect(again.result).toMatchObject({
      panelDate: '2026-03-03',
      deadline: '2026-02-17',
      reason: null,
    });
    const late = t.call(
      'submitReferral',
      referralArgs(caseId, {requestedPanelDate: '2026-03-03'}),
      'sw1@example.org',
      '2026-02-18T09:00',
    );
    expect(late.result).toMatchObject({
      panelDate: '2026-04-07',
      reason: expect.stringContaining(
        'deadline for the panel on Tuesday 3 March 2026 was Tuesday 17 February 2026',
      ),
    });
  });
});
