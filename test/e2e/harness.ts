/**
 * Browser tests of the local app (`npm start`): the real server
 * (build/local/start.js) runs as a child process on a free port against a
 * temporary workspace set up in this process (TrackerSession +
 * setupTracker), and Debian's chromium, driven by playwright-core, uses the
 * page as a person would.
 *
 *   const app = await startApp({profile: 'kent-jrap'});
 *   await app.signIn('sw1@example.org');
 *   await app.runMenu('Referral alert (part 1)');
 *   const form = await app.sidebarFrame();
 *   await app.fillByLabel('Child reference', 'SCS-1');
 *   ...
 *   await app.close();
 *
 * People here are fictional (example.org).
 */
import {ChildProcess, execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Browser,
  BrowserContext,
  Frame,
  Locator,
  Page,
  chromium,
} from 'playwright-core';
import {parseAt} from '../../local/clock';
import {DemoMember, createDemoWorkspace} from '../../local/app/demo';
import {TrackerSession} from '../../local/tracker-session';

export const ROOT = path.resolve(__dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fail (never skip) when the browser is missing, saying how to get it. */
export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `The e2e tests drive Debian's chromium at ${CHROMIUM}, which is not installed. ` +
        '`.ci/run` installs it (apt-get install -y chromium); do the same, then rerun.',
    );
  }
}

let built = false;
/** Build dist/ and build/local/ once per test file. */
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.config.mjs')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  built = true;
}

export interface StartOptions {
  /** Panel profile for setupTracker (default kent-jrap). */
  profile?: string;
  /** Members for setupTracker (default: the demo members of the profile). */
  members?: DemoMember[];
  settings?: Record<string, unknown>;
  /** The workspace clock at setup, Europe/London 'YYYY-MM-DDTHH:MM'. */
  at?: string;
  mailQuota?: number;
  /**
   * Extra HtmlService pages, Name → html: served at /sidebar/<Name> and
   * readable by HtmlService.createHtmlOutputFromFile(Name). (dist/ is
   * copied to a temporary folder with these added.)
   */
  fixtures?: Record<string, string>;
  /**
   * Apps Script code appended to the copied dist/Code.js (test-only entry
   * points, e.g. one that shows a fixture as a sidebar). Implies a copy.
   */
  extraCode?: string;
  viewport?: {width: number; height: number};
}

export interface RunOutcome {
  call: string;
  ok: boolean;
  result: unknown;
  returned: unknown;
  errors: Array<{field: string; rule: string; message: string}>;
  exception?: {name: string; message: string};
  ui: Array<{kind: string; title?: string; message?: string; html?: string}>;
  serviceCalls: number;
  logs: string[];
  as: string;
}

export interface FiredRun {
  call: string;
  at: string;
  ok: boolean;
  errors: RunOutcome['errors'];
  exception?: {name: string; message: string};
}

export interface MailRow {
  sentAt: string;
  to: string;
  subject: string;
}

/** Start the server on a new workspace and open the page in chromium. */
export async function startApp(options: StartOptions = {}): Promise<LocalApp> {
  requireChromium();
  buildOnce();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-tracker-e2e-'));
  const workspaceDir = path.join(tmp, 'workspace');
  let bundlePath = path.join(ROOT, 'dist', 'Code.js');
  if (options.fixtures || options.extraCode) {
    const dist = path.join(tmp, 'dist');
    fs.mkdirSync(dist);
    for (const f of fs.readdirSync(path.join(ROOT, 'dist'))) {
      if (f.endsWith('.tmp')) continue;
      fs.copyFileSync(path.join(ROOT, 'dist', f), path.join(dist, f));
    }
    for (const [name, html] of Object.entries(options.fixtures ?? {})) {
      fs.writeFileSync(path.join(dist, `${name}.html`), html);
    }
    if (options.extraCode) {
      fs.appendFileSync(path.join(dist, 'Code.js'), `\n${options.extraCode}\n`);
    }
    bundlePath = path.join(dist, 'Code.js');
  }
  const session = createDemoWorkspace({
    dir: workspaceDir,
    bundlePath,
    profile: options.profile,
    members: options.members,
    settings: options.settings,
    mailQuota: options.mailQuota,
    at: options.at ? parseAt(options.at) : undefined,
  });
  const server = await startServer(workspaceDir, bundlePath);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const context = await browser.newContext({
      viewport: options.viewport ?? {width: 1440, height: 900},
      acceptDownloads: true,
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    const page = await context.newPage();
    const app = new LocalApp({
      baseUrl: server.baseUrl,
      tmp,
      workspaceDir,
      session,
      child: server.child,
      serverLog: server.log,
      browser,
      context,
      page,
    });
    await app.goto();
    return app;
  } catch (e) {
    await browser?.close().catch(() => undefined);
    server.child.kill('SIGTERM');
    throw e;
  }
}

async function startServer(
  workspaceDir: string,
  bundlePath: string,
): Promise<{baseUrl: string; child: ChildProcess; log: string[]}> {
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'build', 'local', 'start.js'),
      '--port',
      '0',
      '--workspace',
      workspaceDir,
      '--bundle',
      bundlePath,
    ],
    {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env}},
  );
  const log: string[] = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    log.push(...chunk.split('\n').filter(Boolean));
    if (log.length > 2000) log.splice(0, log.length - 2000);
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the server did not start:\n${log.join('\n')}`));
    }, 30_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /Panel Tracker local app: (http:\/\/127\.0\.0\.1:\d+)/.exec(
        out,
      );
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${log.join('\n')}`));
    });
  });
  return {baseUrl, child, log};
}

export class LocalApp {
  readonly baseUrl: string;
  readonly workspaceDir: string;
  /** The same workspace, opened in this process (for direct reads). */
  readonly session: TrackerSession;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The server's stderr (request log, errors). */
  readonly serverLog: string[];
  private readonly tmp: string;
  private readonly child: ChildProcess;

  constructor(o: {
    baseUrl: string;
    tmp: string;
    workspaceDir: string;
    session: TrackerSession;
    child: ChildProcess;
    serverLog: string[];
    browser: Browser;
    context: BrowserContext;
    page: Page;
  }) {
    this.baseUrl = o.baseUrl;
    this.tmp = o.tmp;
    this.workspaceDir = o.workspaceDir;
    this.session = o.session;
    this.child = o.child;
    this.serverLog = o.serverLog;
    this.browser = o.browser;
    this.context = o.context;
    this.page = o.page;
  }

  // ---------------------------------------------------------------- server

  /** GET (no body) or POST (body) a JSON route of the server. */
  async api<T = unknown>(route: string, body?: unknown): Promise<T> {
    const res = await fetch(this.baseUrl + route, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : {'Content-Type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json()) as T & {error?: string};
    if (!res.ok) throw new Error(`${route}: ${res.status} ${data.error}`);
    return data;
  }

  /**
   * Run an entry point through the server (as POST /api/run does for the
   * page), with one argument like a scenario step; `as` defaults to the
   * signed-in person, `at` to the workspace clock.
   */
  call(
    fn: string,
    arg?: unknown,
    options: {as?: string; at?: string} = {},
  ): Promise<RunOutcome> {
    return this.api<RunOutcome>('/api/run', {
      fn,
      args: arg === undefined ? [] : [arg],
      ...options,
    });
  }

  /** call() that must succeed (ok, no exception); returns the result. */
  async ok<T = Record<string, unknown>>(
    fn: string,
    arg?: unknown,
    options: {as?: string; at?: string} = {},
  ): Promise<T> {
    const o = await this.call(fn, arg, options);
    if (!o.ok || o.exception) {
      throw new Error(
        `${fn} failed: ${o.exception?.message ?? JSON.stringify(o.errors)}`,
      );
    }
    return o.result as T;
  }

  state(): Promise<{
    trackerName: string;
    clock: number;
    clockText: string;
    signedInAs: string;
    members: Array<{email: string; name: string; role: string}>;
    tabs: Array<{name: string; hidden: boolean; rows: number}>;
    triggers: number;
    mail: number;
  }> {
    return this.api('/api/state');
  }

  // ------------------------------------------------------------------ page

  async goto(): Promise<void> {
    await this.page.goto(this.baseUrl);
    await this.page.waitForFunction(
      () => document.body.dataset.ready === 'true',
    );
    await this.waitIdle();
  }

  /** Wait until the page has no request in flight. */
  async waitIdle(): Promise<void> {
    await this.page.waitForFunction(() => document.body.dataset.busy === '0');
  }

  private async afterResponse<T>(
    route: string,
    action: () => Promise<unknown>,
  ): Promise<T> {
    const [response] = await Promise.all([
      this.page.waitForResponse(r => new URL(r.url()).pathname === route),
      action(),
    ]);
    const body = (await response.json()) as T;
    await this.waitIdle();
    return body;
  }

  /** Choose a person in "Signed in as" (a non-member through "Someone else…"). */
  async signIn(email: string): Promise<void> {
    const select = this.page.locator('#signed-in');
    const values = await select
      .locator('option')
      .evaluateAll(os => os.map(o => (o as HTMLOptionElement).value));
    await this.afterResponse('/api/menu', async () => {
      if (values.includes(email)) {
        await select.selectOption(email);
      } else {
        await select.selectOption('__other__');
        await this.page.locator('#other-email').fill(email);
        await this.page
          .locator('#other-form')
          .getByRole('button', {name: 'Sign in'})
          .click();
      }
    });
  }

  async signedInAs(): Promise<string> {
    return this.page.locator('#signed-in').inputValue();
  }

  /** Open Extensions ▸ <add-on> and list the add-on menu's captions. */
  async menuCaptions(): Promise<string[]> {
    await this.openAddonMenu();
    const captions = await this.page
      .locator('#addon-menu-list [role="menuitem"]')
      .allTextContents();
    await this.page.keyboard.press('Escape');
    return captions.map(c => c.trim());
  }

  /** Open Extensions ▸ <add-on> (left open). */
  async openAddonMenu(): Promise<void> {
    await this.page.locator('#menu-extensions').click();
    const list = this.page.locator('#addon-menu-list');
    if (await list.isHidden()) {
      await this.page.locator('#addon-menu-button').click();
    }
    await list.waitFor({state: 'visible'});
  }

  /** Click Extensions ▸ <add-on> ▸ caption; resolves with the run's outcome. */
  async runMenu(caption: string): Promise<RunOutcome> {
    await this.openAddonMenu();
    return this.afterResponse<RunOutcome>('/api/run', () =>
      this.page
        .locator('#addon-menu-list')
        .getByRole('menuitem', {name: caption, exact: true})
        .click(),
    );
  }

  /**
   * Extensions ▸ Run a function…: run any entry point as the signed-in
   * person, with an optional JSON argument, as the page does.
   */
  async runFunction(fn: string, arg?: unknown): Promise<RunOutcome> {
    await this.page.locator('#menu-extensions').click();
    await this.afterResponse('/api/functions', () =>
      this.page.locator('#run-function-open').click(),
    );
    await this.page.locator('#run-fn').selectOption(fn);
    await this.page
      .locator('#run-arg')
      .fill(arg === undefined ? '' : JSON.stringify(arg));
    return this.afterResponse<RunOutcome>('/api/run', () =>
      this.page
        .locator('#run-function-form')
        .getByRole('button', {name: 'Run'})
        .click(),
    );
  }

  /** The sidebar's document (waits for the sidebar and its scripts' load). */
  async sidebarFrame(): Promise<Frame> {
    const handle = await this.page.waitForSelector('#sidebar iframe', {
      state: 'attached',
    });
    const frame = await handle.contentFrame();
    if (!frame) throw new Error('the sidebar has no document');
    await frame.waitForLoadState('load');
    return frame;
  }

  async sidebarTitle(): Promise<string | null> {
    if (await this.page.locator('#sidebar').isHidden()) return null;
    return this.page.locator('#sidebar-title').textContent();
  }

  /**
   * Fill the control labelled `label` in the sidebar (or the given frame):
   * text and dates are filled, selects chosen by value or label, checkboxes
   * and radios set to Boolean(value).
   */
  async fillByLabel(
    label: string | RegExp,
    value: string | number | boolean,
    frame?: Frame,
  ): Promise<void> {
    const scope = frame ?? (await this.sidebarFrame());
    const control = scope.getByLabel(label, {exact: typeof label === 'string'});
    await setControl(
      control,
      typeof value === 'number' ? String(value) : value,
    );
  }

  /** Click a button (by its accessible name) in the sidebar and wait for its call. */
  async clickInSidebar(name: string | RegExp, frame?: Frame): Promise<void> {
    const scope = frame ?? (await this.sidebarFrame());
    await scope.getByRole('button', {name}).click();
    await this.waitIdle();
  }

  /** Text of the open alert box (null if none). */
  async alertText(): Promise<{title: string; message: string} | null> {
    const box = this.page.locator('[role="alertdialog"]');
    if ((await box.count()) === 0) return null;
    return {
      title: (await box.locator('h2').textContent()) ?? '',
      message: (await box.locator('.modal-message').textContent()) ?? '',
    };
  }

  async dismissAlert(): Promise<void> {
    await this.page
      .locator('[role="alertdialog"]')
      .getByRole('button', {name: 'OK'})
      .click();
  }

  // ----------------------------------------------------------------- clock

  /** The clock shown, as 'YYYY-MM-DDTHH:MM' (Europe/London). */
  async clock(): Promise<string> {
    return (
      (await this.page.locator('#clock-text').getAttribute('data-at')) ?? ''
    );
  }

  /** Set the clock through the page; triggers due in between fire unless fire=false. */
  async setClock(at: string, fire = true): Promise<FiredRun[]> {
    await this.page.locator('#clock-set-open').click();
    await this.page.locator('#clock-input').fill(at);
    await this.page.locator('#clock-fire').setChecked(fire);
    const res = await this.afterResponse<{fired: FiredRun[]}>(
      '/api/clock',
      () =>
        this.page
          .locator('#clock-set-form')
          .getByRole('button', {name: 'Set time'})
          .click(),
    );
    return res.fired;
  }

  /** Press +1 hour / +1 day / +1 week; returns the trigger runs it caused. */
  async advance(step: 'hour' | 'day' | 'week'): Promise<FiredRun[]> {
    const res = await this.afterResponse<{fired: FiredRun[]}>(
      '/api/clock',
      () => this.page.getByRole('button', {name: `+1 ${step}`}).click(),
    );
    return res.fired;
  }

  // ----------------------------------------------------------------- views

  /**
   * Show a tab and read its grid as displayed: the header row and every
   * non-empty row, trimmed to the header's width.
   */
  async readTab(name: string): Promise<string[][]> {
    const tab = this.page.locator(`#tabs [data-tab="${cssEscape(name)}"]`);
    if ((await tab.count()) === 0) {
      await this.page.locator('#toggle-hidden').click();
    }
    await tab.click();
    await this.page.waitForFunction(
      n => document.getElementById('grid')?.dataset.tab === n,
      name,
    );
    await this.waitIdle();
    return this.gridValues();
  }

  /** readTab as objects keyed by the header. */
  async readTabObjects(name: string): Promise<Array<Record<string, string>>> {
    const [header, ...rows] = await this.readTab(name);
    return rows.map(r => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  }

  /** The grid currently shown (display values). */
  async gridValues(): Promise<string[][]> {
    const rows = await this.page.evaluate(() =>
      Array.from(document.querySelectorAll('#grid tr[data-row]')).map(tr =>
        Array.from(tr.querySelectorAll('.cell')).map(
          c => (c as HTMLElement).dataset.v ?? '',
        ),
      ),
    );
    const header = rows[0] ?? [];
    let width = header.length;
    while (width > 0 && !header[width - 1]) width--;
    return rows
      .map(r => r.slice(0, width))
      .filter((r, i) => i === 0 || r.some(v => v !== ''));
  }

  /** Open the Outbox view; its rows, newest first. */
  async outbox(): Promise<MailRow[]> {
    await this.showView('outbox');
    return this.page.evaluate(() =>
      Array.from(document.querySelectorAll('.mail-row')).map(tr => {
        const cells = tr.querySelectorAll('td');
        return {
          sentAt: cells[0]?.textContent ?? '',
          to: cells[1]?.textContent ?? '',
          subject: cells[2]?.textContent ?? '',
        };
      }),
    );
  }

  /** In the Outbox, open the first mail whose subject matches; its body text. */
  async openMail(subject: string | RegExp): Promise<string> {
    await this.showView('outbox');
    await this.page
      .locator('.mail-row')
      .filter({hasText: subject})
      .first()
      .getByRole('button')
      .click();
    return (await this.page.locator('.mail-body').textContent()) ?? '';
  }

  /** Open the Drive view; its rows. */
  async drive(): Promise<string[][]> {
    await this.showView('drive');
    return this.page.evaluate(() =>
      Array.from(document.querySelectorAll('#panel-body tbody tr')).map(tr =>
        Array.from(tr.querySelectorAll('td')).map(td => td.textContent ?? ''),
      ),
    );
  }

  async showView(
    view: 'outbox' | 'drive' | 'triggers' | 'sheet',
  ): Promise<void> {
    if (view === 'sheet') {
      await this.page.locator('#panel-close').click();
    } else {
      await this.page.locator(`.views [data-view="${view}"]`).click();
      await this.page.waitForFunction(
        v => document.getElementById('panel-view')?.dataset.view === v,
        view,
      );
    }
    await this.waitIdle();
  }

  /** Close every toast (before a screenshot). */
  async dismissToasts(): Promise<void> {
    await this.page.evaluate(() =>
      document.querySelectorAll('#toasts .toast').forEach(t => t.remove()),
    );
  }

  async closeSidebar(): Promise<void> {
    if (await this.page.locator('#sidebar').isVisible()) {
      await this.page.locator('#sidebar-close').click();
    }
  }

  /** Save a screenshot of the page under test-output/screenshots/; its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOTS, {recursive: true});
    const file = path.join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({path: file});
    return file;
  }

  /** axe-core on the page; the violations of the given impacts. */
  async axeViolations(
    impacts: string[] = ['serious', 'critical'],
  ): Promise<
    Array<{id: string; impact: string; help: string; nodes: string[]}>
  > {
    await this.page.addScriptTag({
      path: path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'),
    });
    const violations = await this.page.evaluate(async () => {
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
      const result = await axe.run(document, {
        resultTypes: ['violations'],
      });
      return result.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map(n => JSON.stringify(n.target)),
      }));
    });
    return violations.filter(v => impacts.includes(v.impact));
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    if (this.child.exitCode === null) {
      const exited = new Promise(resolve => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        exited,
        new Promise(r => {
          timer = setTimeout(r, 3000);
        }),
      ]);
      clearTimeout(timer);
    }
    if (!process.env.KEEP_E2E_WORKSPACE) {
      fs.rmSync(this.tmp, {recursive: true, force: true});
    }
  }
}

function cssEscape(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}

/**
 * Set a form control: text and dates are filled, selects chosen by value or
 * by label, checkboxes and radios set to Boolean(value).
 */
export async function setControl(
  c: Locator,
  value: string | boolean,
): Promise<void> {
  const info = await c.evaluate(n => ({
    tag: n.tagName.toLowerCase(),
    type: ((n as HTMLInputElement).type || '').toLowerCase(),
  }));
  if (info.tag === 'select') {
    const v = String(value);
    const byValue = await c
      .locator('option')
      .evaluateAll(
        (os, want) => os.some(o => (o as HTMLOptionElement).value === want),
        v,
      );
    await c.selectOption(byValue ? {value: v} : {label: v});
  } else if (info.type === 'checkbox' || info.type === 'radio') {
    await c.setChecked(Boolean(value));
  } else {
    await c.fill(String(value));
  }
}
