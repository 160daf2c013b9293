/**
 * Helpers of the sidebar form tests (forms-*.test.ts), on top of harness.ts:
 * open a form from the add-on menu, find its controls by their labels as a
 * person reads them, submit and wait for the outcome, check that a refusal
 * names its rule next to its field and in the summary, snapshot the row
 * counts (nothing written), watch for injected markup running, run axe-core
 * inside the sidebar's own document, and save the README's screenshots
 * under docs/images/forms/.
 *
 * Everything set up before a form is used goes through the bundle
 * (LocalApp.ok → POST /api/run), as a scenario step would. People, children
 * and providers here are fictional.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {Frame, Locator} from 'playwright-core';
import {readWorkbook} from '../../local/sheets';
import {LocalApp, ROOT, setControl} from './harness';

export const FORM_SHOTS = path.join(ROOT, 'docs', 'images', 'forms');

export const ADMIN = 'admin@example.org';
export const CHAIR = 'chair@example.org';
export const EDU_REP = 'edu.rep@example.org';
export const HEALTH_REP = 'health.rep@example.org';
export const FINANCE = 'finance@example.org';
export const SW1 = 'sw1@example.org';
export const SW2 = 'sw2@example.org';

/** S3: a formula the sheet must never evaluate. */
export const INJECT_FORMULA = '=IMPORTXML("http://x","//a")';
/** S4: markup the sidebar must never parse. */
export const INJECT_HTML = '<img src=x onerror=alert(1)>';

// ---------------------------------------------------------------------------
// Finding controls by label
// ---------------------------------------------------------------------------

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The label as shown, with or without the form's " (required)". */
export function labelled(text: string): RegExp {
  return new RegExp(`^${escapeRe(text)}( \\(required\\))?$`);
}

type Scope = Frame | Locator;

/** The one control labelled `label` in the scope (strict: ambiguity fails). */
export function control(scope: Scope, label: string): Locator {
  return scope.getByLabel(labelled(label));
}

/** A fieldset (group or radio group) by its legend. */
export function group(scope: Scope, legend: string): Locator {
  const name = labelled(legend);
  return scope
    .getByRole('group', {name})
    .or(scope.getByRole('radiogroup', {name}));
}

/** A repeatable row ("Cost line 1", "Action 1") by its title. */
export function row(scope: Scope, title: string): Locator {
  return scope.getByRole('group', {name: title, exact: true});
}

/**
 * Fill the control labelled `label`: text and dates are typed, selects
 * chosen by value or visible text, checkboxes and radios set.
 */
export async function fill(
  scope: Scope,
  label: string,
  value: string | boolean,
): Promise<void> {
  await setControl(control(scope, label), value);
}

/** The values a select offers (without its blank placeholder). */
export async function optionValues(c: Locator): Promise<string[]> {
  return (
    await c
      .locator('option')
      .evaluateAll(os => os.map(o => (o as HTMLOptionElement).value))
  ).filter(Boolean);
}

// ---------------------------------------------------------------------------
// Opening and submitting
// ---------------------------------------------------------------------------

/**
 * Extensions ▸ Panel Tracker ▸ caption, as `as` (signed in through the
 * page); resolves with the sidebar once its form (its submit button) is
 * on the page.
 */
export async function openForm(
  app: LocalApp,
  caption: string,
  submitName: string | RegExp,
  as?: string,
): Promise<Frame> {
  if (as && (await app.signedInAs()) !== as) await app.signIn(as);
  await app.closeSidebar();
  const outcome = await app.runMenu(caption);
  if (outcome.exception) {
    throw new Error(`${caption}: ${outcome.exception.message}`);
  }
  const frame = await app.sidebarFrame();
  await frame
    .getByRole('button', {name: submitName})
    .waitFor({state: 'visible'});
  await waitLoaded(frame);
  return frame;
}

/** The form has loaded its context (nothing is "Loading…" any more). */
export async function waitLoaded(frame: Frame): Promise<void> {
  await frame.waitForFunction(
    () => !document.querySelector('[aria-busy="true"]'),
  );
}

/**
 * Run an action that makes the sidebar call `fn` through
 * google.script.run; resolves once the answer is back and the page is idle.
 */
export async function afterCall(
  app: LocalApp,
  fn: string,
  action: () => Promise<unknown>,
): Promise<unknown> {
  const [response] = await Promise.all([
    app.page.waitForResponse(r => {
      if (new URL(r.url()).pathname !== '/api/run') return false;
      try {
        return (r.request().postDataJSON() as {fn?: string}).fn === fn;
      } catch {
        return false;
      }
    }),
    action(),
  ]);
  const body = (await response.json()) as {returned: unknown};
  await app.waitIdle();
  return body.returned;
}

/**
 * Call a server function straight from the sidebar's google.script.run,
 * as someone at the browser's console could; resolves with what the
 * success handler got (or {thrown} from the failure handler).
 */
export async function runFromSidebar(
  app: LocalApp,
  frame: Frame,
  fn: string,
  arg: unknown,
): Promise<unknown> {
  return afterCall(app, fn, () =>
    frame.evaluate(
      ([name, value]) =>
        new Promise(resolve => {
          interface Runner {
            withSuccessHandler(f: (v: unknown) => void): Runner;
            withFailureHandler(f: (e: Error) => void): Runner;
            [fn: string]: unknown;
          }
          const run = (
            window as unknown as {google: {script: {run: Runner}}}
          ).google.script.run
            .withSuccessHandler(resolve)
            .withFailureHandler(e => resolve({thrown: e.message}));
          (run[name as string] as (a: unknown) => void)(value);
        }),
      [fn, arg] as const,
    ),
  );
}

/** Choose a case in a form whose case select reads the case (getCase). */
export async function chooseCase(
  app: LocalApp,
  frame: Frame,
  label: string,
  caseId: string,
): Promise<void> {
  await afterCall(app, 'getCase', () => fill(frame, label, caseId));
  await frame.waitForFunction(() => {
    const info = document.getElementById('caseId-info');
    return info !== null && !/Reading the case/.test(info.textContent ?? '');
  });
}

export type Submitted = 'result' | 'refused';

/**
 * Press the submit button; waits for the result panel or the error
 * summary (client refusals never reach the server; the server's do).
 */
export async function submit(
  app: LocalApp,
  frame: Frame,
  name: string | RegExp,
): Promise<Submitted> {
  await frame.getByRole('button', {name}).click();
  await frame.waitForFunction(() => {
    const form = document.getElementById('form');
    if (form && form.getAttribute('aria-busy') === 'true') return false;
    const summary = document.getElementById('error-summary');
    return (
      document.getElementById('result') !== null ||
      (summary !== null && !summary.hidden)
    );
  });
  await app.waitIdle();
  return (await frame.locator('#result').count()) ? 'result' : 'refused';
}

/** The result panel's facts (dt → dd). */
export async function resultFacts(
  frame: Frame,
): Promise<Record<string, string>> {
  return frame.evaluate(() => {
    const out: Record<string, string> = {};
    document.querySelectorAll('#result dl.facts dt').forEach(dt => {
      out[(dt.textContent ?? '').trim()] = (
        dt.nextElementSibling?.textContent ?? ''
      ).trim();
    });
    return out;
  });
}

export async function resultHeading(frame: Frame): Promise<string> {
  return (
    (await frame.getByRole('heading', {level: 2}).first().textContent()) ?? ''
  ).trim();
}

// ---------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------

/** The texts listed in the error summary. */
export async function summaryItems(frame: Frame): Promise<string[]> {
  const summary = frame.locator('#error-summary');
  if (await summary.isHidden()) return [];
  return (await summary.locator('li').allTextContents()).map(t => t.trim());
}

/**
 * The refusal is shown next to the field `c` (a control, or the fieldset
 * of a group): the control is aria-invalid and described by a visible error
 * text naming `rule`; the summary lists the same text as a link to the
 * field, which moves the focus there. Returns the error text.
 */
export async function expectFieldError(
  frame: Frame,
  c: Locator,
  rule: string,
  message?: RegExp,
): Promise<string> {
  expect(await c.getAttribute('aria-invalid')).toBe('true');
  const described = ((await c.getAttribute('aria-describedby')) ?? '').split(
    /\s+/,
  );
  const errorId = described.find(id => id.endsWith('-error'));
  expect(errorId).toBeDefined();
  const error = frame.locator(`[id="${errorId}"]`);
  expect(await error.isVisible()).toBe(true);
  const text = ((await error.textContent()) ?? '').trim();
  expect(text).toContain(`(${rule})`);
  if (message) expect(text).toMatch(message);
  const target = errorId!.slice(0, -'-error'.length);
  const link = frame.locator(`#error-summary a[href="#${cssId(target)}"]`);
  expect(await link.count()).toBe(1);
  expect(await link.textContent()).toContain(text);
  await link.click();
  const focused = await frame.evaluate(() => document.activeElement?.id ?? '');
  expect(focused).toBe(target);
  return text;
}

/** A refusal with no field of its own (S5 on the caller): in the summary. */
export async function expectSummaryError(
  frame: Frame,
  rule: string,
  message?: RegExp,
): Promise<string> {
  const items = await summaryItems(frame);
  expect(items).toEqual(
    expect.arrayContaining([expect.stringContaining(`(${rule})`)]),
  );
  const hit = items.find(t => t.includes(`(${rule})`))!;
  if (message) expect(hit).toMatch(message);
  const heading = await frame
    .locator('#error-summary h2')
    .textContent()
    .then(t => t ?? '');
  expect(heading).toMatch(/^There (is a problem|are \d+ problems)/);
  return hit;
}

function cssId(id: string): string {
  return id.replace(/["\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------
// Nothing written
// ---------------------------------------------------------------------------

export interface WriteMark {
  rows: Record<string, number>;
  version: number;
}

/** Row counts of every tab, and the workbook's write counter. */
export async function writeMark(app: LocalApp): Promise<WriteMark> {
  const state = await app.state();
  return {
    rows: Object.fromEntries(state.tabs.map(t => [t.name, t.rows])),
    version: readWorkbook(app.session.workspace, app.session.spreadsheetId)
      .version,
  };
}

/** Nothing was written since `before`: same rows, same write counter. */
export async function expectNothingWritten(
  app: LocalApp,
  before: WriteMark,
): Promise<void> {
  const after = await writeMark(app);
  expect(after.rows).toEqual(before.rows);
  expect(after.version).toBe(before.version);
}

// ---------------------------------------------------------------------------
// Reading the tracker
// ---------------------------------------------------------------------------

/** A tab's rows (as displayed in the grid) matching a predicate. */
export async function rowsOf(
  app: LocalApp,
  tab: string,
  pred: (r: Record<string, string>) => boolean = () => true,
): Promise<Array<Record<string, string>>> {
  return (await app.readTabObjects(tab)).filter(pred);
}

// ---------------------------------------------------------------------------
// S4: injected markup never runs
// ---------------------------------------------------------------------------

/** Collects every alert/confirm/prompt the page or a sidebar opens. */
export function watchDialogs(app: LocalApp): string[] {
  const seen: string[] = [];
  app.page.on('dialog', d => {
    seen.push(d.message());
    void d.dismiss().catch(() => undefined);
  });
  return seen;
}

/**
 * S3/S4: each [tab, text] is shown in the tracker's grid as exactly that
 * text (a formula not evaluated, markup not parsed); no element was made
 * from it in the grid or the sidebar, and nothing opened an alert.
 */
export async function expectNoInjectedMarkup(
  app: LocalApp,
  frame: Frame | null,
  dialogs: string[],
  shown: Array<[tab: string, text: string]> = [],
): Promise<void> {
  for (const [tab, text] of shown) {
    await app.readTab(tab);
    const cells = app.page.locator('#grid td.cell').filter({hasText: text});
    expect(await cells.count()).toBeGreaterThan(0);
    for (const t of await cells.allTextContents()) expect(t).toBe(text);
    expect(await app.page.locator('#grid img, #grid a').count()).toBe(0);
  }
  if (frame) expect(await frame.locator('img').count()).toBe(0);
  expect(await app.page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
}

// ---------------------------------------------------------------------------
// axe-core in the sidebar
// ---------------------------------------------------------------------------

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core run on the sidebar's own document; serious and critical only. */
export async function axeSidebar(
  frame: Frame,
  impacts: string[] = ['serious', 'critical'],
): Promise<AxeViolation[]> {
  const loaded = await frame.evaluate(
    () => typeof (window as unknown as {axe?: unknown}).axe === 'object',
  );
  if (!loaded) {
    await frame.addScriptTag({
      path: path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'),
    });
  }
  const violations = await frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: Array<{
              id: string;
              impact: string;
              help: string;
              nodes: Array<{target: unknown[]}>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map(n => JSON.stringify(n.target)),
    }));
  });
  return violations.filter(v => impacts.includes(v.impact));
}

// ---------------------------------------------------------------------------
// Screenshots for the README
// ---------------------------------------------------------------------------

/**
 * Save the sidebar pane as docs/images/forms/<name>.png, with `focus`
 * (a part of the form) scrolled into view; returns the file.
 */
export async function formShot(
  app: LocalApp,
  name: string,
  focus?: Locator,
): Promise<string> {
  fs.mkdirSync(FORM_SHOTS, {recursive: true});
  await app.dismissToasts();
  // No half-highlighted date segment or focus ring in the picture.
  await (
    await app.sidebarFrame()
  ).evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  if (focus) {
    await focus.evaluate(n =>
      n.scrollIntoView({block: 'start', inline: 'nearest'}),
    );
  }
  const file = path.join(FORM_SHOTS, `${name}.png`);
  const png = await app.page
    .locator('#sidebar')
    .screenshot({animations: 'disabled', caret: 'hide'});
  expect(png.length).toBeGreaterThan(5_000);
  // Under load Chromium's anti-aliasing can differ by a shade on a few
  // pixels: keep the committed picture then, so runs do not churn it.
  const old = fs.existsSync(file) ? fs.readFileSync(file) : null;
  if (!old || !samePicture(old, png)) fs.writeFileSync(file, png);
  return file;
}

/** Two PNGs of the same size whose pixels differ by at most a shade. */
function samePicture(a: Buffer, b: Buffer): boolean {
  const pa = pngPixels(a);
  const pb = pngPixels(b);
  if (!pa || !pb || pa.width !== pb.width || pa.height !== pb.height) {
    return false;
  }
  for (let i = 0; i < pa.data.length; i++) {
    if (Math.abs(pa.data[i] - pb.data[i]) > 3) return false;
  }
  return true;
}

/** The pixels of an 8-bit RGB or RGBA, non-interlaced PNG (as Chromium writes). */
function pngPixels(
  buf: Buffer,
): {width: number; height: number; data: Buffer} | null {
  if (buf.toString('latin1', 1, 4) !== 'PNG') return null;
  let width = 0;
  let height = 0;
  let bpp = 0;
  const idat: Buffer[] = [];
  for (let i = 8; i + 8 <= buf.length;) {
    const n = buf.readUInt32BE(i);
    const type = buf.toString('latin1', i + 4, i + 8);
    const chunk = buf.subarray(i + 8, i + 8 + n);
    i += 12 + n;
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      bpp = chunk[9] === 6 ? 4 : chunk[9] === 2 ? 3 : 0;
      if (chunk[8] !== 8 || chunk[12] !== 0 || !bpp) return null;
    } else if (type === 'IDAT') {
      idat.push(chunk);
    }
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const data = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const left = x >= bpp ? data[y * stride + x - bpp] : 0;
      const up = y ? data[(y - 1) * stride + x] : 0;
      const corner = x >= bpp && y ? data[(y - 1) * stride + x - bpp] : 0;
      let p = 0;
      if (filter === 1) p = left;
      else if (filter === 2) p = up;
      else if (filter === 3) p = (left + up) >> 1;
      else if (filter === 4) {
        const q = left + up - corner;
        const dl = Math.abs(q - left);
        const du = Math.abs(q - up);
        const dc = Math.abs(q - corner);
        p = dl <= du && dl <= dc ? left : du <= dc ? up : corner;
      }
      data[y * stride + x] = (v + p) & 255;
    }
  }
  return {width, height, data};
}

// ---------------------------------------------------------------------------
// Earlier records, made through the bundle (as a scenario step would)
// ---------------------------------------------------------------------------

/** A Kent alert for a fictional child, as submitAlert takes it. */
export function alertArgs(childRef: string): Record<string, unknown> {
  return {
    child: {
      childRef,
      initials: 'JT',
      dateOfBirth: '2013-04-11',
      legalStatus: 'Care order',
      hasEhcp: true,
    },
    referrer: {name: 'Sam Worker', agency: 'SCS', role: 'Social worker'},
    leadAgency: 'SCS',
    agenciesToAssess: ['EDU', 'HEALTH'],
    consent: {parentConsent: true},
    needsSummary: 'Needs a residential school with waking night care.',
    localOptionsExhausted: true,
    localOptionsEvidence: 'Two local day placements broke down.',
    proposedProvision: 'residentialSchool',
  };
}

/** Alert (by `referrer`, 5 Jan 2026) → shared (6 Jan). */
export async function sharedCase(
  app: LocalApp,
  childRef: string,
  referrer = SW1,
): Promise<string> {
  const {caseId} = await app.ok<{caseId: string}>(
    'submitAlert',
    alertArgs(childRef),
    {as: referrer, at: '2026-01-05T10:00'},
  );
  await app.ok('shareAlert', {caseId}, {as: ADMIN, at: '2026-01-06T09:00'});
  return caseId;
}

/** …then both agencies assessed and agreed in principle (8 Jan). */
export async function assessedCase(
  app: LocalApp,
  childRef: string,
  referrer = SW1,
): Promise<string> {
  const caseId = await sharedCase(app, childRef, referrer);
  for (const [agency, rep] of [
    ['EDU', EDU_REP],
    ['HEALTH', HEALTH_REP],
  ]) {
    await app.ok(
      'recordAssessment',
      {
        caseId,
        agency,
        status: 'completed',
        completedDate: '2026-01-08',
        supportsPlacement: true,
        inPrincipleAgreed: true,
      },
      {as: rep, at: '2026-01-08T15:00'},
    );
  }
  return caseId;
}

/** …then referred on 28 Jan 2026, so booked for the panel of 3 March (D3). */
export async function referredCase(
  app: LocalApp,
  childRef: string,
  referrer = SW1,
): Promise<string> {
  const caseId = await assessedCase(app, childRef, referrer);
  await app.ok(
    'submitReferral',
    {
      caseId,
      managementApproval: {
        name: 'Robin Ashdown',
        email: 'robin.ashdown@example.org',
        date: '2026-01-27',
      },
      placement: {
        provider: 'Larchwood Learning Trust',
        ofstedRegistered: true,
        termsAccepted: true,
        startDate: '2026-03-02',
      },
      costLines: [
        {
          kind: 'education',
          description: 'School fees',
          weeklyPence: 300000,
          weeksPerYear: 38,
          sharesBp: {EDU: 10000},
        },
        {
          kind: 'care',
          description: 'Residential care',
          weeklyPence: 250000,
          weeksPerYear: 52,
          sharesBp: {SCS: 6000, HEALTH: 4000},
        },
      ],
    },
    {as: referrer, at: '2026-01-28T09:00'},
  );
  return caseId;
}

/** …then on the agenda (built 18 Feb) and endorsed at the panel of 3 March. */
export async function endorsedCase(
  app: LocalApp,
  childRef: string,
  referrer = SW1,
): Promise<string> {
  const caseId = await referredCase(app, childRef, referrer);
  await app.ok(
    'buildAgenda',
    {panelDate: '2026-03-03'},
    {as: ADMIN, at: '2026-02-18T09:00'},
  );
  await app.ok(
    'recordDecision',
    {
      caseId,
      panelDate: '2026-03-03',
      outcome: 'endorsed',
      rationale: 'Meets the assessed needs.',
      reviewDate: '2027-02-28',
      attendees: {SCS: [CHAIR], EDU: [EDU_REP], HEALTH: [HEALTH_REP]},
    },
    {as: CHAIR, at: '2026-03-03T12:00'},
  );
  return caseId;
}
