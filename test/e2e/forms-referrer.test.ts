/**
 * The referrer's sidebar forms in the local app (`npm start`), used as a
 * social worker would: the referral alert (part 1), the referral (part 2),
 * the emergency placement notice and the change form (part 4). Each one:
 * a refused submission that names its rule by the field and writes nothing,
 * then the happy path ending with the record in the tracker; injection
 * payloads typed into free text land as text (S3, S4); axe-core finds no
 * serious violation; screenshots go to docs/images/forms/. And S5: a
 * referrer is never offered, and cannot open, another referrer's case.
 *
 * One server and one browser for the file; the tests run in order and the
 * clock only moves forward. Earlier records are made through the bundle
 * (app.ok), not by clicking through every form. People are fictional.
 */
import {Frame} from 'playwright-core';
import {LocalApp, startApp} from './harness';
import {
  INJECT_FORMULA,
  INJECT_HTML,
  SW1,
  SW2,
  alertArgs,
  assessedCase,
  axeSidebar,
  chooseCase,
  control,
  endorsedCase,
  expectFieldError,
  expectNoInjectedMarkup,
  expectNothingWritten,
  fill,
  formShot,
  group,
  openForm,
  optionValues,
  resultFacts,
  resultHeading,
  row,
  rowsOf,
  runFromSidebar,
  submit,
  summaryItems,
  watchDialogs,
  writeMark,
} from './forms-kit';

jest.setTimeout(120_000);

let app: LocalApp;
let dialogs: string[];

beforeAll(async () => {
  app = await startApp({
    profile: 'kent-jrap',
    at: '2026-01-05T09:00',
    viewport: {width: 1280, height: 1000},
  });
  dialogs = watchDialogs(app);
});

afterAll(async () => {
  await app?.close();
});

describe('Referral alert (part 1) — AlertForm', () => {
  let frame: Frame;

  it('D12: a 16-year-old without their own consent is refused by the field; nothing is written', async () => {
    frame = await openForm(
      app,
      'Referral alert (part 1)',
      'Submit the alert',
      SW1,
    );
    await fill(frame, "Child's reference", 'SCS-41001');
    await fill(frame, "Child's initials", 'QZ');
    await fill(frame, 'Date of birth', '2009-06-01');
    await fill(frame, 'Legal status', 'Section 20');
    await fill(
      frame,
      'The child has an education, health and care plan (EHCP)',
      true,
    );
    await fill(
      frame,
      'A parent or carer consents to the agencies assessing the child',
      true,
    );
    await fill(
      frame,
      'Flexible local packages have been exhausted and there are no appropriate local facilities',
      true,
    );
    await fill(frame, 'Evidence that local options are exhausted', INJECT_HTML);
    await fill(frame, 'Your role', 'Social worker');
    await fill(frame, "Summary of the child's needs", INJECT_FORMULA);
    await fill(frame, 'Proposed provision', 'Residential special school');
    await fill(frame, 'Known weekly cost (£)', '1,450.50');
    // The young person is 16: the form asks for their own consent (D12).
    const youngConsent = control(
      frame,
      'The young person consents to the referral and the assessments',
    );
    expect(await youngConsent.isVisible()).toBe(true);
    expect(
      await frame.getByText(/The young person is 16 today/).isVisible(),
    ).toBe(true);
    await youngConsent.setChecked(true);
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'AlertForm', group(frame, 'Consent'));

    await youngConsent.setChecked(false);
    const before = await writeMark(app);
    expect(await submit(app, frame, 'Submit the alert')).toBe('refused');
    const text = await expectFieldError(
      frame,
      youngConsent,
      'D12',
      /must consent themselves/,
    );
    expect(await summaryItems(frame)).toEqual([text]);
    expect(await axeSidebar(frame)).toEqual([]);
    await expectNothingWritten(app, before);
    await formShot(app, 'AlertForm-refused', frame.locator('#error-summary'));
  });

  it('happy path: the alert is in Cases, the injection payloads as exact text', async () => {
    await fill(
      frame,
      'The young person consents to the referral and the assessments',
      true,
    );
    expect(await submit(app, frame, 'Submit the alert')).toBe('result');
    expect(await resultHeading(frame)).toBe('Referral alert received');
    const facts = await resultFacts(frame);
    expect(facts['Case ID']).toMatch(/^JRAP-2026-\d{4}$/);
    expect(facts['Agencies asked to assess']).toBe('EDU, HEALTH');
    expect(await axeSidebar(frame)).toEqual([]);

    const [c] = await rowsOf(app, 'Cases', r => r.caseId === facts['Case ID']);
    expect(c).toMatchObject({
      status: 'alert',
      childRef: 'SCS-41001',
      initials: 'QZ',
      referrerEmail: SW1,
      leadAgency: 'SCS',
      needsSummary: INJECT_FORMULA,
      localOptionsEvidence: INJECT_HTML,
      youngPersonConsent: 'TRUE',
      knownWeeklyPence: '£1,450.50',
    });
    await expectNoInjectedMarkup(app, frame, dialogs, [
      ['Cases', INJECT_FORMULA],
      ['Cases', INJECT_HTML],
    ]);
  });
});

// ---------------------------------------------------------------------------

describe('Referral (part 2) — ReferralForm', () => {
  let frame: Frame;
  let caseId: string;

  beforeAll(async () => {
    caseId = await assessedCase(app, 'SCS-41002');
    await app.setClock('2026-01-12T10:00', false);
  });

  it('F2: cost-line shares that do not add up to 100% are refused by the shares; nothing is written', async () => {
    frame = await openForm(
      app,
      'Referral (part 2)',
      'Submit the referral',
      SW1,
    );
    await chooseCase(app, frame, 'Case', caseId);
    expect(await frame.locator('#assessments-info').textContent()).toContain(
      'EDU: assessment completed, agreed in principle.',
    );
    await fill(frame, 'Approving manager’s name', 'Robin Ashdown');
    await fill(frame, 'Approving manager’s email', 'robin.ashdown@example.org');
    await fill(frame, 'Date approved', '2026-01-09');
    await fill(frame, 'Provider', INJECT_FORMULA);
    await fill(frame, 'Setting', 'Juniper House School');
    await fill(
      frame,
      'The setting is registered with Ofsted and its latest report has been checked',
      true,
    );
    await fill(
      frame,
      'The setting has been visited by the appropriate practitioner',
      true,
    );
    await fill(
      frame,
      'The provider accepts the council’s terms and conditions',
      true,
    );
    await fill(frame, 'Placement start date', '2026-03-02');

    await frame.getByRole('button', {name: 'Add an option'}).click();
    const option = row(frame, 'Option 1');
    await fill(option, 'Option', 'Juniper House School: 38-week residential');
    await fill(option, 'This is the recommended option', true);
    await fill(option, 'Rationale', INJECT_HTML);

    const line = row(frame, 'Cost line 1');
    await fill(line, 'Kind of cost', 'education');
    await fill(line, 'Description', 'School fees and residential care');
    await fill(line, 'Weekly cost (£)', '1,500.00');
    await fill(line, 'Weeks per year', '38');
    await fill(line, "SCS share (%) — Specialist Children's Services", '50');
    await fill(line, 'EDU share (%) — Education (SEN)', '30');
    await fill(line, 'HEALTH share (%) — Health', '20');
    // Per-agency weekly and annual pence as the person types (F3, F4).
    const table = line.getByRole('table', {name: 'Line 1 by agency'});
    const cells = await table
      .locator('tbody tr')
      .evaluateAll(rs =>
        rs.map(r =>
          Array.from(r.children).map(c => (c.textContent ?? '').trim()),
        ),
      );
    expect(cells).toEqual([
      ['SCS', '50%', '£750.00', '£28,500.00'],
      ['EDU', '30%', '£450.00', '£17,100.00'],
      ['HEALTH', '20%', '£300.00', '£11,400.00'],
      ['Total', '100%', '£1,500.00', '£57,000.00'],
    ]);
    const shares = group(line, 'Share of this line for each agency');
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'ReferralForm', shares);

    await fill(line, 'HEALTH share (%) — Health', '30');
    // The live figures say so at once: the line cannot be split.
    expect(
      await line.getByText('Line 1 cannot be split yet:').isVisible(),
    ).toBe(true);

    const before = await writeMark(app);
    expect(await submit(app, frame, 'Submit the referral')).toBe('refused');
    const text = await expectFieldError(frame, shares, 'F2', /add up to 110%/);
    expect(await summaryItems(frame)).toEqual([`Cost line 1: ${text}`]);
    await expectNothingWritten(app, before);
    await formShot(app, 'ReferralForm-refused', shares);
  });

  it('happy path: the referral is in Cases, Referrals and CostLines, booked by D3', async () => {
    await fill(row(frame, 'Cost line 1'), 'HEALTH share (%) — Health', '20');
    expect(await submit(app, frame, 'Submit the referral')).toBe('result');
    expect(await resultHeading(frame)).toBe('Referral received');
    const facts = await resultFacts(frame);
    expect(facts).toMatchObject({
      'Case ID': caseId,
      'Booked for the panel on': 'Tuesday 3 February 2026',
      'Deadline it met': 'Tuesday 20 January 2026',
      'Weekly total': '£1,500.00',
      'Annual total': '£57,000.00',
    });

    const [c] = await rowsOf(app, 'Cases', r => r.caseId === caseId);
    expect(c).toMatchObject({status: 'referred', provider: INJECT_FORMULA});
    const [ref] = await rowsOf(app, 'Referrals', r => r.caseId === caseId);
    expect(ref).toMatchObject({
      managerName: 'Robin Ashdown',
      provider: INJECT_FORMULA,
      rationale: INJECT_HTML,
    });
    const lines = await rowsOf(app, 'CostLines', r => r.caseId === caseId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      kind: 'education',
      weeksPerYear: '38',
      weeklyPence: '£1,500.00',
      annualPence: '£57,000.00',
      share_SCS: '50.00%',
      share_EDU: '30.00%',
      share_HEALTH: '20.00%',
    });
    await expectNoInjectedMarkup(app, frame, dialogs, [
      ['Referrals', INJECT_FORMULA],
      ['Referrals', INJECT_HTML],
    ]);
  });
});

describe('S5: a referrer cannot open another referrer’s case', () => {
  it('the pick-list does not offer it, and a direct call is refused with S5; nothing is written', async () => {
    const theirs = await assessedCase(app, 'SCS-41003', SW1);
    const {caseId: mine} = await app.ok<{caseId: string}>(
      'submitAlert',
      alertArgs('SCS-41004'),
      {as: SW2, at: '2026-01-12T10:00'},
    );
    const frame = await openForm(
      app,
      'Referral (part 2)',
      'Submit the referral',
      SW2,
    );
    const offered = await optionValues(control(frame, 'Case'));
    expect(offered).toEqual([mine]);
    expect(offered).not.toContain(theirs);

    // google.script.run straight from the sidebar, as a curious referrer could.
    const before = await writeMark(app);
    const direct = await runFromSidebar(app, frame, 'getCase', {
      caseId: theirs,
    });
    expect(direct).toMatchObject({
      ok: false,
      errors: [expect.objectContaining({field: 'caseId', rule: 'S5'})],
    });
    // The answer does not tell their case from one that does not exist.
    const none = await app.call(
      'getCase',
      {caseId: 'JRAP-2026-9999'},
      {as: SW2},
    );
    expect(none.errors[0].message).toBe(
      (direct as {errors: Array<{message: string}>}).errors[0].message.replace(
        theirs,
        'JRAP-2026-9999',
      ),
    );
    // Nor can the referral be submitted for it.
    const write = await app.call(
      'submitReferral',
      {
        caseId: theirs,
        managementApproval: {name: 'Robin Ashdown', date: '2026-01-09'},
        placement: {
          provider: 'Juniper House School',
          ofstedRegistered: true,
          termsAccepted: true,
        },
        costLines: [
          {
            kind: 'care',
            weeklyPence: 100000,
            weeksPerYear: 52,
            sharesBp: {SCS: 5000, HEALTH: 5000},
          },
        ],
      },
      {as: SW2},
    );
    expect(write.ok).toBe(false);
    expect(write.errors[0]).toMatchObject({field: 'caseId'});
    await expectNothingWritten(app, before);
    // …and their own cases lists only theirs.
    const listed = await app.ok<Array<{caseId: string}>>(
      'getMyCases',
      undefined,
      {
        as: SW2,
      },
    );
    expect(listed.map(c => c.caseId)).toEqual([mine]);
    await app.closeSidebar();
  });
});

describe('Emergency placement notice — EmergencyForm', () => {
  let frame: Frame;

  it('D8: an agency notified before the placement began is refused by its date; nothing is written', async () => {
    frame = await openForm(
      app,
      'Emergency placement notice',
      'Send the notice',
      SW1,
    );
    const known = group(frame, 'Is the child already known to the panel?');
    await fill(known, 'No: a child new to the panel', true);
    await fill(frame, "Child's reference", 'SCS-41006');
    await fill(frame, "Child's initials", 'MP');
    await fill(frame, 'Date of birth', '2011-09-30');
    await fill(frame, 'Legal status', 'Police protection');
    await fill(frame, 'Lead agency', 'SCS');
    await fill(frame, 'Provision', 'Residential placement');
    await fill(frame, 'Date the placement began', '2026-01-09');
    await fill(frame, 'Provider', INJECT_HTML);
    await fill(frame, 'Approved by', INJECT_FORMULA);
    await fill(frame, 'EDU has been notified', true);
    await fill(frame, 'Date EDU was notified', '2026-01-12');
    await fill(frame, 'HEALTH has been notified', true);
    await fill(frame, 'Date HEALTH was notified', '2026-01-12');
    expect(
      await frame
        .getByText(
          /Notify them within 5 working days of Friday 9 January 2026 \(D8\)/,
        )
        .isVisible(),
    ).toBe(true);
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'EmergencyForm', group(frame, 'The placement'));

    const eduDate = control(frame, 'Date EDU was notified');
    await eduDate.fill('2026-01-08');
    const before = await writeMark(app);
    expect(await submit(app, frame, 'Send the notice')).toBe('refused');
    const text = await expectFieldError(
      frame,
      eduDate,
      'D8',
      /on or after the day it is made/,
    );
    expect(await summaryItems(frame)).toEqual([text]);
    await expectNothingWritten(app, before);
  });

  it('happy path: the new case and its notifications are in the tracker, with a ratification panel', async () => {
    await control(frame, 'Date EDU was notified').fill('2026-01-12');
    expect(await submit(app, frame, 'Send the notice')).toBe('result');
    expect(await resultHeading(frame)).toBe('Emergency placement recorded');
    const facts = await resultFacts(frame);
    expect(facts).toMatchObject({
      'Ratification at the panel on': 'Tuesday 3 February 2026',
      'Agencies to be notified by (D8)': 'Friday 16 January 2026',
      Notified: 'EDU, HEALTH',
      'Still to notify': 'Nobody',
    });
    const caseId = facts['Case ID'];
    const [c] = await rowsOf(app, 'Cases', r => r.caseId === caseId);
    expect(c).toMatchObject({
      childRef: 'SCS-41006',
      referrerEmail: SW1,
      emergency: 'TRUE',
      emergencyApprovedBy: INJECT_FORMULA,
      provider: INJECT_HTML,
    });
    const notices = await rowsOf(
      app,
      'Notifications',
      r => r.caseId === caseId,
    );
    expect(notices.map(n => [n.agency, n.approvedBy])).toEqual([
      ['EDU', INJECT_FORMULA],
      ['HEALTH', INJECT_FORMULA],
    ]);
    expect(await axeSidebar(frame)).toEqual([]);
    await expectNoInjectedMarkup(app, frame, dialogs, [
      ['Cases', INJECT_FORMULA],
      ['Cases', INJECT_HTML],
    ]);
  });
});

describe('Change form (part 4) — ChangeForm', () => {
  let frame: Frame;
  let caseId: string;

  beforeAll(async () => {
    // An endorsed placement: referred, on the agenda, endorsed at panel.
    caseId = await endorsedCase(app, 'SCS-41007');
    await app.setClock('2026-03-10T10:00', false);
  });

  it('F10 and F8: a venue change, and a withdrawal without 3 months’ notice, are refused by their fields; nothing is written', async () => {
    frame = await openForm(
      app,
      'Change form (part 4)',
      'Submit the change',
      SW1,
    );
    await chooseCase(app, frame, 'Placement (case)', caseId);
    expect(await frame.locator('#caseId-info').textContent()).toContain(
      'In force now: £5,500.00 a week',
    );
    const type = group(frame, 'Type of change');
    await fill(
      type,
      'Increase in funding (for example more weeks attending)',
      true,
    );
    await fill(frame, 'Reason for the change', INJECT_FORMULA);
    await fill(frame, 'Date the change takes effect', '2026-04-01');
    // The lines in force, to edit: the care line goes up.
    const care = row(frame, 'Cost line 2');
    expect(await control(care, 'Description').inputValue()).toBe(
      'Residential care',
    );
    await fill(care, 'Weekly cost (£)', '2,650.00');
    await fill(frame, 'Date SCS endorsed it', '2026-03-09');
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'ChangeForm', care);

    const before = await writeMark(app);
    // F10: a change of venue is not a change form (said at once, and on submit).
    await fill(type, 'Change of placement venue', true);
    expect(
      await type
        .getByText(/submit a new referral alert \(part 1\).*\(F10\)/)
        .isVisible(),
    ).toBe(true);
    expect(await submit(app, frame, 'Submit the change')).toBe('refused');
    await expectFieldError(frame, type, 'F10', /not a change form/);
    await expectNothingWritten(app, before);

    // F8: an agency ceasing its contribution gives 3 months' notice.
    await fill(type, 'An agency ceases its contribution', true);
    await fill(frame, 'Agency ceasing its contribution', 'HEALTH');
    await fill(frame, 'Date notice was given', '2026-03-09');
    const effective = control(frame, 'Date the change takes effect');
    expect(
      await frame
        .getByText(
          /can take effect on Tuesday 9 June 2026 at the earliest \(F8\)/,
        )
        .isVisible(),
    ).toBe(true);
    expect(await submit(app, frame, 'Submit the change')).toBe('refused');
    const text = await expectFieldError(
      frame,
      effective,
      'F8',
      /3 months' notice/,
    );
    expect(await summaryItems(frame)).toEqual([text]);
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(
      app,
      'ChangeForm-refused',
      group(frame, 'Notice of withdrawal'),
    );
    await expectNothingWritten(app, before);
  });

  it('happy path: the change is in Changes with its new cost lines, the reason as exact text', async () => {
    await fill(
      group(frame, 'Type of change'),
      'Increase in funding (for example more weeks attending)',
      true,
    );
    expect(
      await control(row(frame, 'Cost line 2'), 'Weekly cost (£)').inputValue(),
    ).toBe('2,650.00');
    expect(await submit(app, frame, 'Submit the change')).toBe('result');
    expect(await resultHeading(frame)).toBe('Change form received');
    const facts = await resultFacts(frame);
    expect(facts['Case ID']).toBe(caseId);
    expect(facts['Change ID']).toBeTruthy();
    const [change] = await rowsOf(
      app,
      'Changes',
      r => r.changeId === facts['Change ID'],
    );
    expect(change).toMatchObject({
      caseId,
      changeType: 'increase',
      reason: INJECT_FORMULA,
      status: 'submitted',
      submittedBy: SW1,
    });
    const lines = await rowsOf(
      app,
      'CostLines',
      r => r.changeId === facts['Change ID'],
    );
    expect(lines.map(l => [l.kind, l.description, l.weeklyPence])).toEqual([
      ['education', 'School fees', '£3,000.00'],
      ['care', 'Residential care', '£2,650.00'],
    ]);
    await expectNoInjectedMarkup(app, frame, dialogs, [
      ['Changes', INJECT_FORMULA],
    ]);
  });
});
