/**
 * The agency representative's sidebar forms in the local app: the
 * assessment update and the funding agreement sign-off. Each one: refused
 * submissions that name their rule by the field and write nothing (the
 * server's S5 shown the same way as the form's own checks), then the happy
 * path ending with the record in the tracker; a free-text injection lands
 * as text; axe-core finds no serious violation; screenshots go to
 * docs/images/forms/.
 *
 * One server and one browser for the file; the clock only moves forward.
 * Earlier records are made through the bundle (app.ok). People are
 * fictional.
 */
import {Frame} from 'playwright-core';
import {LocalApp, startApp} from './harness';
import {
  ADMIN,
  EDU_REP,
  INJECT_FORMULA,
  SW1,
  axeSidebar,
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
  rowsOf,
  sharedCase,
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

describe('Assessment update — AssessmentForm', () => {
  let frame: Frame;
  let caseId: string;
  let other: string;

  beforeAll(async () => {
    caseId = await sharedCase(app, 'SCS-42001');
    // A case EDU is not asked to assess: not offered to EDU's representative.
    const {caseId: id} = await app.ok<{caseId: string}>(
      'submitAlert',
      {
        child: {
          childRef: 'SCS-42002',
          initials: 'RW',
          dateOfBirth: '2012-02-02',
          legalStatus: 'Child in need',
        },
        referrer: {name: 'Sam Worker', agency: 'SCS', role: 'Social worker'},
        leadAgency: 'SCS',
        agenciesToAssess: ['HEALTH'],
        consent: {parentConsent: true},
        needsSummary: 'Therapeutic support at home.',
        localOptionsExhausted: true,
        localOptionsEvidence: 'Local therapy waiting list exhausted.',
        proposedProvision: 'therapy',
      },
      {as: SW1, at: '2026-01-05T11:00'},
    );
    other = id;
    await app.setClock('2026-01-20T10:00', false);
  });

  it('S5: the server refuses an update for another agency, shown by "Your agency"; nothing is written', async () => {
    frame = await openForm(
      app,
      'Assessment update',
      'Record the assessment',
      EDU_REP,
    );
    const cases = await optionValues(control(frame, 'Case'));
    expect(cases).toContain(caseId);
    expect(cases).not.toContain(other);
    await fill(frame, 'Case', caseId);
    const agency = control(frame, 'Your agency');
    expect(await agency.inputValue()).toBe('EDU');
    await fill(group(frame, 'Status'), 'Completed', true);
    await fill(frame, 'Date completed', '2026-01-19');
    await fill(
      group(frame, 'Does the assessment support the proposed placement?'),
      'Yes',
      true,
    );
    const agrees = group(
      frame,
      'Does your agency agree in principle to fund its share?',
    );
    await fill(agrees, 'Yes', true);
    await fill(frame, 'Share agreed in principle (%)', '40');
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'AssessmentForm', group(frame, 'The assessment'));

    // Health's assessment is not Education's to record (S5, by the server).
    await fill(frame, 'Your agency', 'HEALTH');
    const before = await writeMark(app);
    expect(await submit(app, frame, 'Record the assessment')).toBe('refused');
    const text = await expectFieldError(
      frame,
      agency,
      'S5',
      /Only a representative of HEALTH/,
    );
    expect(await summaryItems(frame)).toEqual([text]);
    expect(await frame.locator('#error-summary h2').textContent()).toBe(
      'There is a problem: this was refused',
    );
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(
      app,
      'AssessmentForm-refused',
      frame.locator('#error-summary'),
    );
    await expectNothingWritten(app, before);
  });

  it('F12: declining without a reason is refused by the reason; nothing is written', async () => {
    await fill(frame, 'Your agency', 'EDU');
    await fill(
      group(frame, 'Status'),
      'Declined (not funding or supporting)',
      true,
    );
    await fill(
      group(frame, 'Does your agency agree in principle to fund its share?'),
      'No',
      true,
    );
    const reason = control(frame, 'Why your agency declines');
    expect(await reason.isVisible()).toBe(true);
    expect(await control(frame, 'Share agreed in principle (%)').count()).toBe(
      1,
    );
    expect(
      await control(frame, 'Share agreed in principle (%)').isHidden(),
    ).toBe(true);
    const before = await writeMark(app);
    expect(await submit(app, frame, 'Record the assessment')).toBe('refused');
    const text = await expectFieldError(
      frame,
      reason,
      'F12',
      /give its reason/,
    );
    expect(await summaryItems(frame)).toEqual([text]);
    await expectNothingWritten(app, before);
  });

  it('happy path: the assessment is in Assessments, the reason as exact text', async () => {
    await fill(frame, 'Why your agency declines', INJECT_FORMULA);
    expect(await submit(app, frame, 'Record the assessment')).toBe('result');
    expect(await resultHeading(frame)).toBe('Assessment recorded');
    expect(await resultFacts(frame)).toMatchObject({
      'Case ID': caseId,
      Agency: 'EDU',
      Status: 'Declined (not funding or supporting)',
      'Agreed in principle': 'Not yet',
    });
    const rows = await rowsOf(
      app,
      'Assessments',
      r => r.caseId === caseId && r.agency === 'EDU',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'declined',
      declineReason: INJECT_FORMULA,
      updatedBy: EDU_REP,
      inPrincipleAgreed: 'FALSE',
    });
    expect(await axeSidebar(frame)).toEqual([]);
    await expectNoInjectedMarkup(app, frame, dialogs, [
      ['Assessments', INJECT_FORMULA],
    ]);
  });
});

describe('Sign funding agreement — SignForm', () => {
  let frame: Frame;
  let caseId: string;

  beforeAll(async () => {
    // A decision with its outcome note: signatures are due (D7).
    caseId = await endorsedCase(app, 'SCS-42003');
    await app.ok(
      'generateOutcomeNote',
      {caseId, panelDate: '2026-03-03'},
      {as: ADMIN, at: '2026-03-05T10:00'},
    );
    await app.setClock('2026-03-06T10:00', false);
  });

  it('S5: signing for another agency is refused by "Signing for"; nothing is written', async () => {
    frame = await openForm(
      app,
      'Sign funding agreement…',
      'Sign the agreement',
      EDU_REP,
    );
    await fill(frame, 'Case', caseId);
    const agency = control(frame, 'Signing for');
    expect(await agency.inputValue()).toBe('EDU');
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'SignForm');

    await fill(frame, 'Signing for', 'HEALTH');
    const before = await writeMark(app);
    expect(await submit(app, frame, 'Sign the agreement')).toBe('refused');
    const text = await expectFieldError(
      frame,
      agency,
      'S5',
      /Only a representative of HEALTH/,
    );
    expect(await summaryItems(frame)).toEqual([text]);
    await expectNothingWritten(app, before);
  });

  it('happy path: EDU’s signature is in Signatures', async () => {
    const due = await rowsOf(app, 'Signatures', r => r.caseId === caseId);
    expect(due.map(s => [s.agency, s.signedBy]).sort()).toEqual([
      ['EDU', ''],
      ['HEALTH', ''],
      ['SCS', ''],
    ]);
    await fill(frame, 'Signing for', 'EDU');
    expect(await submit(app, frame, 'Sign the agreement')).toBe('result');
    expect(await resultHeading(frame)).toBe('Funding agreement signed');
    expect(await frame.locator('#result .message').textContent()).toMatch(
      /^EDU signed version 1 of the funding agreement of .* Still to sign: (SCS, HEALTH|HEALTH, SCS)\.$/,
    );
    const [signed] = await rowsOf(
      app,
      'Signatures',
      r => r.caseId === caseId && r.agency === 'EDU',
    );
    expect(signed.signedBy).toBe(EDU_REP);
    expect(signed.signedDate).not.toBe('');
    expect(await axeSidebar(frame)).toEqual([]);
    await expectNoInjectedMarkup(app, frame, dialogs);
  });
});
