/**
 * The admin's and chair's sidebars in the local app: build agenda, panel
 * decision, outcome note, preview of the reminder run, quarterly finance and
 * set-up / upgrade. Each one: a refused submission naming its rule (by its
 * field where it has one; a caller without the role in the summary) that
 * writes nothing, then the happy path ending with the record in the
 * tracker; a free-text injection lands as text; axe-core finds no serious
 * violation; screenshots go to docs/images/forms/.
 *
 * One server and one browser for the file; the tests run in order and the
 * clock only moves forward. Earlier records are made through the bundle
 * (app.ok); an admin's edits of the sheet itself (cancelling a panel on the
 * Panels tab, a tab lost) are test-only entry points added to a copy of
 * the bundle. People are fictional.
 */
import {Frame} from 'playwright-core';
import {LocalApp, startApp} from './harness';
import {
  ADMIN,
  CHAIR,
  EDU_REP,
  FINANCE,
  HEALTH_REP,
  INJECT_FORMULA,
  INJECT_HTML,
  SW1,
  axeSidebar,
  chooseCase,
  control,
  expectFieldError,
  expectNoInjectedMarkup,
  expectNothingWritten,
  expectSummaryError,
  fill,
  formShot,
  group,
  openForm,
  referredCase,
  resultFacts,
  resultHeading,
  row,
  rowsOf,
  submit,
  summaryItems,
  waitLoaded,
  watchDialogs,
  writeMark,
} from './forms-kit';

jest.setTimeout(120_000);

/** An admin editing the sheet by hand, as test-only entry points. */
const EXTRA_CODE = `
function cancelPanelForTest(date) {
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Panels');
  var header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
  sheet.appendRow(header.map(function (h) {
    return h === 'panelDate' ? date : h === 'status' ? 'cancelled' : '';
  }));
}
function deleteTabForTest(name) {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  ss.deleteSheet(ss.getSheetByName(name));
}
`;

let app: LocalApp;
let dialogs: string[];
let caseId: string;

beforeAll(async () => {
  app = await startApp({
    profile: 'kent-jrap',
    at: '2026-01-05T09:00',
    viewport: {width: 1280, height: 1000},
    extraCode: EXTRA_CODE,
  });
  dialogs = watchDialogs(app);
  // Referred on 28 January: booked for the panel of 3 March 2026.
  caseId = await referredCase(app, 'SCS-43001');
});

afterAll(async () => {
  await app?.close();
});

describe('Build agenda — AgendaForm', () => {
  let frame: Frame;

  beforeAll(async () => {
    await app.setClock('2026-02-18T09:00', false);
  });

  it('D2: a panel cancelled after the form was opened is refused by "Panel"; nothing is written', async () => {
    frame = await openForm(app, 'Build agenda', 'Build the agenda', ADMIN);
    const panel = control(frame, 'Panel');
    expect(await panel.inputValue()).toBe('2026-03-03');
    await fill(frame, 'Panel', '2026-04-07');
    expect(await axeSidebar(frame)).toEqual([]);
    // Meanwhile another admin cancels that panel on the Panels tab.
    await app.ok('cancelPanelForTest', '2026-04-07', {as: ADMIN});
    const before = await writeMark(app);
    expect(await submit(app, frame, 'Build the agenda')).toBe('refused');
    const text = await expectFieldError(
      frame,
      panel,
      'D2',
      /There is no panel on 2026-04-07\. The next panel is on Tuesday 3 March 2026\./,
    );
    expect(await summaryItems(frame)).toEqual([text]);
    await expectNothingWritten(app, before);
    await formShot(app, 'AgendaForm-refused');
  });

  it('happy path: the agenda for 3 March is on the Agenda tab', async () => {
    await fill(frame, 'Panel', '2026-03-03');
    expect(await submit(app, frame, 'Build the agenda')).toBe('result');
    expect(await resultHeading(frame)).toBe('Agenda built: 1 case');
    expect(await resultFacts(frame)).toMatchObject({
      Panel: 'Tuesday 3 March 2026',
      'Starts at': '10:00',
    });
    const table = frame.getByRole('table', {
      name: 'Agenda for Tuesday 3 March 2026',
    });
    expect(await table.getByRole('rowheader').allTextContents()).toEqual([
      caseId,
    ]);
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'AgendaForm');
    const items = await rowsOf(app, 'Agenda', r => r.caseId === caseId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({kind: 'new', slotStart: '10:00'});
  });
});

describe('Panel decision — DecisionForm', () => {
  let frame: Frame;

  beforeAll(async () => {
    await app.setClock('2026-03-03T12:00', false);
  });

  it('D9: an endorsement without a review date is refused by "Review date"; nothing is written', async () => {
    frame = await openForm(
      app,
      'Record decision',
      'Record the decision',
      CHAIR,
    );
    await chooseCase(app, frame, 'Case', caseId);
    expect(await control(frame, 'Panel date').inputValue()).toBe('2026-03-03');
    await fill(frame, 'Attending for SCS', CHAIR);
    await fill(frame, 'Attending for EDU', EDU_REP);
    await fill(frame, 'Attending for HEALTH', HEALTH_REP);
    await fill(group(frame, 'Outcome'), 'Endorsed', true);
    await fill(frame, 'Rationale', INJECT_FORMULA);
    await frame.getByRole('button', {name: 'Add an action'}).click();
    const action = row(frame, 'Action 1');
    await fill(action, 'What is to be done', INJECT_HTML);
    await fill(action, 'Owner’s email', ADMIN);
    await fill(action, 'Due date', '2026-03-10');
    // The review date is required, with its latest date shown (D9).
    const review = control(frame, 'Review date');
    expect(
      await frame
        .getByText(/by Tuesday 2 March 2027 at the latest \(D9\)/)
        .isVisible(),
    ).toBe(true);
    await review.fill('2027-02-28');
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'DecisionForm', group(frame, 'The decision'));

    await review.fill('');
    const before = await writeMark(app);
    expect(await submit(app, frame, 'Record the decision')).toBe('refused');
    const text = await expectFieldError(frame, review, 'D9');
    expect(await summaryItems(frame)).toEqual([text]);
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(
      app,
      'DecisionForm-refused',
      group(frame, 'Review and approval period'),
    );
    await expectNothingWritten(app, before);
  });

  it('happy path: the decision and its action are in Decisions and Actions, as exact text', async () => {
    await fill(frame, 'Review date', '2027-02-28');
    expect(await submit(app, frame, 'Record the decision')).toBe('result');
    expect(await resultHeading(frame)).toBe('Decision recorded');
    const facts = await resultFacts(frame);
    expect(facts).toMatchObject({
      'Case ID': caseId,
      Outcome: 'Endorsed',
      'Review date': 'Sunday 28 February 2027',
    });
    const decisionId = facts['Decision ID'];
    const [decision] = await rowsOf(
      app,
      'Decisions',
      r => r.decisionId === decisionId,
    );
    expect(decision).toMatchObject({
      caseId,
      outcome: 'endorsed',
      rationale: INJECT_FORMULA,
      decidedBy: CHAIR,
    });
    const [act] = await rowsOf(
      app,
      'Actions',
      r => r.decisionId === decisionId,
    );
    expect(act).toMatchObject({description: INJECT_HTML, ownerEmail: ADMIN});
    const [c] = await rowsOf(app, 'Cases', r => r.caseId === caseId);
    expect(c.status).toBe('active');
    expect(await axeSidebar(frame)).toEqual([]);
    await expectNoInjectedMarkup(app, frame, dialogs, [
      ['Decisions', INJECT_FORMULA],
      ['Actions', INJECT_HTML],
    ]);
  });
});

describe('Outcome note — OutcomeForm', () => {
  let frame: Frame;

  beforeAll(async () => {
    await app.setClock('2026-03-05T10:00', false);
  });

  it('P3: a panel with no decision on the case is refused by "Panel date"; nothing is written', async () => {
    frame = await openForm(
      app,
      'Generate outcome note…',
      'Make the outcome note',
      ADMIN,
    );
    await fill(frame, 'Case', caseId);
    // The case's panel is filled in for the admin.
    const panelDate = control(frame, 'Panel date');
    expect(await panelDate.inputValue()).toBe('2026-03-03');
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'OutcomeForm');

    await panelDate.fill('2026-02-03');
    const before = await writeMark(app);
    const drive = (await app.state()) as unknown as {driveFiles: number};
    expect(await submit(app, frame, 'Make the outcome note')).toBe('refused');
    const text = await expectFieldError(
      frame,
      panelDate,
      'P3',
      /There is no decision on .* at the panel of Tuesday 3 February 2026/,
    );
    expect(await summaryItems(frame)).toEqual([text]);
    await expectNothingWritten(app, before);
    expect(
      ((await app.state()) as unknown as {driveFiles: number}).driveFiles,
    ).toBe(drive.driveFiles);
  });

  it('happy path: the note is made, its PDF in Drive and linked from Decisions', async () => {
    await control(frame, 'Panel date').fill('2026-03-03');
    expect(await submit(app, frame, 'Make the outcome note')).toBe('result');
    expect(await resultHeading(frame)).toBe('Outcome note made');
    const link = frame.getByRole('link', {name: 'Open the outcome note (PDF)'});
    expect(await link.getAttribute('href')).toMatch(/^https:\/\//);
    const [decision] = await rowsOf(app, 'Decisions', r => r.caseId === caseId);
    expect(decision.pdfUrl).toBe(await link.getAttribute('href'));
    expect(decision.outcomeNoteIssued).not.toBe('');
    const files =
      await app.api<Array<{id: string; type: string; path: string}>>(
        '/api/drive',
      );
    expect(
      files.filter(f => f.type === 'PDF' && f.path.includes(caseId)),
    ).toHaveLength(1);
    expect(await axeSidebar(frame)).toEqual([]);
    await expectNoInjectedMarkup(app, frame, dialogs);
  });
});

describe('Preview the next reminder run — PreviewRun', () => {
  beforeAll(async () => {
    // The action is due on 10 March; the signatures were due by then (D7).
    await app.setClock('2026-03-11T10:00', false);
  });

  it('S5: a referrer is refused the preview (every recipient and case); nothing is shown', async () => {
    const frame = await openForm(
      app,
      'Preview the next reminder run',
      'Preview again',
      SW1,
    );
    await expectSummaryError(frame, 'S5', /Only people with/);
    expect(await frame.locator('.digest').count()).toBe(0);
    expect(await axeSidebar(frame)).toEqual([]);
  });

  it('happy path: the admin sees each email the daily run would send; nothing is sent or written', async () => {
    const before = await writeMark(app);
    const mail = (await app.state()).mail;
    const frame = await openForm(
      app,
      'Preview the next reminder run',
      'Preview again',
      ADMIN,
    );
    const message = await frame.locator('#preview-message').textContent();
    expect(message).toMatch(
      /^The next run would send \d+ items? in \d+ emails?\.$/,
    );
    const to = await frame
      .locator('.digest')
      .evaluateAll(ds => ds.map(d => d.querySelector('p')?.textContent ?? ''));
    // The funding agreement is due from each agency (D7).
    expect(to).toEqual(
      expect.arrayContaining([
        `To: ${ADMIN}`,
        `To: ${EDU_REP}`,
        `To: ${HEALTH_REP}`,
      ]),
    );
    const items = await frame.locator('.digest li').allTextContents();
    expect(items.filter(i => i.startsWith(caseId)).length).toBeGreaterThan(1);
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'PreviewRun');
    await expectNothingWritten(app, before);
    expect((await app.state()).mail).toBe(mail);
  });
});

describe('Quarterly finance — QuarterForm', () => {
  let frame: Frame;

  beforeAll(async () => {
    await app.setClock('2026-07-10T10:00', false);
  });

  it('happy path: finance rebuilds, then freezes 2026-27 Q1; its rows are frozen on Quarterly', async () => {
    frame = await openForm(
      app,
      'Freeze a quarter…',
      'Freeze the quarter',
      FINANCE,
    );
    const quarter = control(frame, 'Closed quarter');
    expect(await quarter.inputValue()).toBe('2026-27 Q1');
    await frame.getByRole('button', {name: 'Rebuild now'}).click();
    await frame.getByText(/^Quarterly tab rebuilt: \d+ row/).waitFor();
    await app.waitIdle();
    const open = await rowsOf(app, 'Quarterly', r => r.caseId === caseId);
    expect(open.length).toBeGreaterThan(0);
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'QuarterForm');

    expect(await submit(app, frame, 'Freeze the quarter')).toBe('result');
    expect(await resultHeading(frame)).toBe('Quarter frozen');
    const q1 = await rowsOf(
      app,
      'Quarterly',
      r => r.caseId === caseId && r.quarter === '2026-27 Q1',
    );
    expect(q1.length).toBeGreaterThan(0);
    expect(q1.every(r => r.status === 'frozen' && r.frozenAt !== '')).toBe(
      true,
    );
  });

  it('F13: freezing it again is refused by "Closed quarter"; nothing is written', async () => {
    await frame.getByRole('button', {name: 'Back'}).click();
    await frame
      .getByRole('button', {name: 'Freeze the quarter'})
      .waitFor({state: 'visible'});
    await waitLoaded(frame);
    const quarter = control(frame, 'Closed quarter');
    expect(await quarter.inputValue()).toBe('2026-27 Q1');
    const before = await writeMark(app);
    expect(await submit(app, frame, 'Freeze the quarter')).toBe('refused');
    const text = await expectFieldError(
      frame,
      quarter,
      'F13',
      /already frozen/,
    );
    expect(await summaryItems(frame)).toEqual([text]);
    expect(await axeSidebar(frame)).toEqual([]);
    await expectNothingWritten(app, before);
  });
});

describe('Set up / upgrade the tracker — SetupForm', () => {
  beforeAll(async () => {
    // A tab this version needs has gone (deleted by hand).
    await app.ok('deleteTabForTest', 'Health', {as: ADMIN});
  });

  it('S5: a referrer cannot upgrade the tracker; nothing is written', async () => {
    const frame = await openForm(
      app,
      'Set up / upgrade the tracker',
      'Upgrade',
      SW1,
    );
    const before = await writeMark(app);
    expect(await submit(app, frame, 'Upgrade')).toBe('refused');
    await expectSummaryError(frame, 'S5', /Only people with the admin role/);
    expect(await frame.locator('#error-summary h2').textContent()).toBe(
      'There is a problem: this was refused',
    );
    await expectNothingWritten(app, before);
    expect((await app.state()).tabs.map(t => t.name)).not.toContain('Health');
  });

  it('happy path: the admin upgrades; the missing tab is back, every record kept', async () => {
    const before = await writeMark(app);
    const frame = await openForm(
      app,
      'Set up / upgrade the tracker',
      'Upgrade',
      ADMIN,
    );
    expect(
      await frame
        .getByText(
          /This tracker runs the Joint Resource Allocation Panel \(JRAP\) \(Kent\)/,
        )
        .isVisible(),
    ).toBe(true);
    expect(await axeSidebar(frame)).toEqual([]);
    await formShot(app, 'SetupForm');
    expect(await submit(app, frame, 'Upgrade')).toBe('result');
    expect(await resultHeading(frame)).toBe('Tracker upgraded');
    expect(await resultFacts(frame)).toMatchObject({
      Profile: 'kent-jrap',
    });
    expect(
      await frame.getByRole('heading', {name: 'Tabs created'}).isVisible(),
    ).toBe(true);
    expect(await frame.locator('#result ul').first().textContent()).toBe(
      'Health',
    );
    const after = await writeMark(app);
    expect(after.rows.Health).toBeDefined();
    for (const tab of ['Cases', 'Decisions', 'CostLines', 'Quarterly']) {
      expect(after.rows[tab]).toBe(before.rows[tab]);
    }
    const audit = await rowsOf(app, 'Audit', r => r.action === 'setupTracker');
    expect(audit.at(-1)?.user).toBe(ADMIN);
    expect(await axeSidebar(frame)).toEqual([]);
    await expectNoInjectedMarkup(app, frame, dialogs);
  });
});
