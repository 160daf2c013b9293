/**
 * `npm run deploy` (issue 9), verified up to the push: the BUILT tool
 * (build/local/deploy.js) is run with a fake `clasp` (and, where said, a
 * fake `jest`) first on PATH; each fake records its arguments, working
 * directory and environment. The push itself needs Google credentials.
 *
 * - without clasp's sign-in or without a script project it stops before
 *   anything runs, says what to do (clasp login / clasp create --type sheets
 *   --rootDir dist / the bound script's ID) and exits 3;
 * - --check builds, loads dist/Code.js in a bare vm, runs the bundle tests
 *   (for real in one test) and stops before the push, without credentials;
 * - with both, the push is `clasp push --force`, run in the repository
 *   whose .clasp.json has rootDir dist, after the checks and only if they
 *   pass; a failed push exits 1.
 *
 * Every credential and script ID here is fictional.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {build, ROOT} from '../app/helpers';

const CLI = path.join(ROOT, 'build/local/deploy.js');
const BUNDLE_TESTS = ['test/bundle', 'test/local/loader.test.ts'];
const FAKE_SCRIPT_ID =
  '1FakeScriptIdForPanelTrackerTests_0123456789abcdefghijk';

let tmp: string;

interface Recorded {
  tool: string;
  argv: string[];
  cwd: string;
  project: string | null;
  auth: string | null;
  tz: string | null;
}

/** A stand-in for a command: records how it was called, exits as told. */
function fakeTool(dir: string, name: string): void {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    `#!/usr/bin/env node
const fs = require('fs');
fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({
  tool: ${JSON.stringify(name)},
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  project: process.env.clasp_config_project || null,
  auth: process.env.clasp_config_auth || null,
  tz: process.env.TZ || null,
}) + '\\n');
process.exit(Number(process.env[${JSON.stringify(`FAKE_${name.toUpperCase()}_EXIT`)}] || 0));
`,
  );
  fs.chmodSync(file, 0o755);
}

interface Setup {
  /** Write ~/.clasprc.json (as `clasp login` does). */
  signedIn?: boolean;
  /** A project file with a script ID (clasp_config_project), else the repository's placeholder. */
  project?: {rootDir: string};
  /** Put a fake jest first on PATH (else the real one runs). */
  fakeJest?: boolean;
  env?: Record<string, string>;
}

function deploy(args: string[], setup: Setup = {}) {
  const dir = fs.mkdtempSync(path.join(tmp, 'run-'));
  const home = path.join(dir, 'home');
  const tools = path.join(dir, 'bin');
  fs.mkdirSync(home);
  fs.mkdirSync(tools);
  fakeTool(tools, 'clasp');
  if (setup.fakeJest) fakeTool(tools, 'jest');
  if (setup.signedIn) {
    fs.writeFileSync(
      path.join(home, '.clasprc.json'),
      JSON.stringify({
        tokens: {
          default: {
            type: 'authorized_user',
            client_id: 'fictional',
            refresh_token: 'fictional',
          },
        },
      }),
    );
  }
  const env: NodeJS.ProcessEnv = {
    PATH: [tools, process.env.PATH].join(path.delimiter),
    HOME: home,
    FAKE_LOG: path.join(dir, 'calls.jsonl'),
    ...setup.env,
  };
  let projectFile: string | undefined;
  if (setup.project) {
    // A project file of its own, whose rootDir resolves to the repository's dist/.
    const projectDir = path.join(dir, 'project');
    fs.mkdirSync(projectDir);
    fs.symlinkSync(path.join(ROOT, 'dist'), path.join(projectDir, 'dist'));
    projectFile = path.join(projectDir, '.clasp.json');
    fs.writeFileSync(
      projectFile,
      JSON.stringify({
        scriptId: FAKE_SCRIPT_ID,
        rootDir: setup.project.rootDir,
      }),
    );
    env.clasp_config_project = projectFile;
  }
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const log = fs.existsSync(env.FAKE_LOG!)
    ? fs.readFileSync(env.FAKE_LOG!, 'utf8')
    : '';
  return {
    status: r.status,
    out: `${r.stdout}\n${r.stderr}`,
    stdout: r.stdout,
    calls: log
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l) as Recorded),
    started,
    projectFile,
  };
}

beforeAll(() => {
  build();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-test-'));
});

afterAll(() => {
  fs.rmSync(tmp, {recursive: true, force: true});
});

describe('npm run deploy without credentials stops before the push', () => {
  it('not signed in and no script ID (the repository as committed): both explained, exit 3, nothing run', () => {
    const r = deploy([]);
    expect(r.status).toBe(3);
    expect(r.out).toContain('Nothing was pushed');
    expect(r.out).toContain('clasp is not signed in');
    expect(r.out).toContain('.clasprc.json does not exist');
    expect(r.out).toContain('npx clasp login');
    expect(r.out).toContain('https://script.google.com/home/usersettings');
    expect(r.out).toContain(
      'has no script ID (scriptId is "REPLACE_WITH_YOUR_SCRIPT_ID")',
    );
    expect(r.out).toContain(
      'npx clasp create --type sheets --title "Panel Tracker" --rootDir dist',
    );
    expect(r.out).toContain('Extensions ▸ Apps Script ▸ Project Settings');
    expect(r.out).toContain('npm run deploy -- --check');
    // Stopped before anything: no build, no tests, no clasp.
    expect(r.out).not.toContain('deploy 1/4');
    expect(r.calls).toEqual([]);
  });

  it('signed in but no script project: only the script project is explained, exit 3', () => {
    const r = deploy([], {signedIn: true, fakeJest: true});
    expect(r.status).toBe(3);
    expect(r.out).toContain('has no script ID');
    expect(r.out).toContain('clasp create --type sheets');
    expect(r.out).not.toContain('clasp is not signed in');
    expect(r.calls).toEqual([]);
  });

  it('a script project but clasp not signed in: only clasp login is explained, exit 3', () => {
    const r = deploy([], {project: {rootDir: 'dist'}, fakeJest: true});
    expect(r.status).toBe(3);
    expect(r.out).toContain('clasp is not signed in');
    expect(r.out).toContain('npx clasp login');
    expect(r.out).not.toContain('has no script ID');
    expect(r.calls).toEqual([]);
  });

  it('a project whose rootDir is not dist/ is refused (clasp would push the wrong folder), exit 3', () => {
    const r = deploy([], {
      signedIn: true,
      project: {rootDir: 'src'},
      fakeJest: true,
    });
    expect(r.status).toBe(3);
    expect(r.out).toContain('set "rootDir": "dist"');
    expect(r.calls).toEqual([]);
  });

  it('an unknown argument exits 2 with the usage', () => {
    const r = deploy(['--push-anyway']);
    expect(r.status).toBe(2);
    expect(r.out).toContain('unknown argument: --push-anyway');
    expect(r.out).toContain('usage: npm run deploy');
    expect(r.calls).toEqual([]);
  });
});

describe('npm run deploy -- --check: everything up to the push', () => {
  it('builds, loads dist/Code.js in a bare vm, runs the bundle tests, never runs clasp (no credentials needed)', () => {
    const r = deploy(['--check'], {fakeJest: true});
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('deploy 1/4: build');
    // The build ran now: dist/Code.js was (re)written during this run.
    expect(
      fs.statSync(path.join(ROOT, 'dist/Code.js')).mtimeMs,
    ).toBeGreaterThanOrEqual(r.started - 1000);
    expect(r.stdout).toMatch(
      /deploy 2\/4: dist\/Code\.js \([\d.]+ KB\) loads in a bare context and defines \d+ entry points/,
    );
    expect(r.calls).toEqual([
      expect.objectContaining({
        tool: 'jest',
        argv: BUNDLE_TESTS,
        cwd: ROOT,
        tz: 'Europe/London',
      }),
    ]);
    expect(r.stdout).toContain('--check: stopped before `clasp push --force`');
    // It still says what the push would need.
    expect(r.stdout).toContain(
      'The push would stop here: clasp is not signed in',
    );
  });

  it('--dry-run is the same as --check', () => {
    const r = deploy(['--dry-run'], {
      fakeJest: true,
      signedIn: true,
      project: {rootDir: 'dist'},
    });
    expect(r.status).toBe(0);
    expect(r.calls.map(c => c.tool)).toEqual(['jest']);
    expect(r.stdout).not.toContain('The push would stop here');
  });

  it('runs the real bundle checks (jest test/bundle and the loader test) and passes or fails with them', () => {
    const r = deploy(['--check']);
    expect(r.out).toContain(
      'deploy 3/4: jest test/bundle test/local/loader.test.ts',
    );
    expect(r.out).toMatch(/(PASS|FAIL) test\/bundle\/bundle\.test\.ts/);
    expect(r.out).toMatch(/(PASS|FAIL) test\/local\/loader\.test\.ts/);
    const summary = /Tests:\s+(.*)/.exec(r.out)?.[1] ?? '';
    expect(summary).toMatch(/\d+ total/);
    // The exit code follows jest's verdict; clasp is never run.
    expect(r.status).toBe(/failed/.test(summary) ? 1 : 0);
    expect(r.calls.filter(c => c.tool === 'clasp')).toEqual([]);
  }, 180_000);
});

describe('npm run deploy with credentials: the push', () => {
  it('runs `clasp push --force` in the repository, after the checks, with the project file clasp was given', () => {
    const r = deploy([], {
      signedIn: true,
      project: {rootDir: 'dist'},
      fakeJest: true,
    });
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      expect.objectContaining({tool: 'jest', argv: BUNDLE_TESTS, cwd: ROOT}),
      expect.objectContaining({
        tool: 'clasp',
        argv: ['push', '--force'],
        cwd: ROOT,
        project: r.projectFile,
      }),
    ]);
    expect(r.stdout).toContain(
      `deploy 4/4: clasp push --force (script ${FAKE_SCRIPT_ID}, from ${path.dirname(r.projectFile!)}/dist)`,
    );
    expect(r.stdout).toContain('Pushed.');
  });

  it('the repository as committed: .clasp.json rootDir is dist, so `clasp push` in the repository uploads dist/', () => {
    const clasp = JSON.parse(
      fs.readFileSync(path.join(ROOT, '.clasp.json'), 'utf8'),
    );
    expect(clasp.rootDir).toBe('dist');
  });

  it('failing bundle checks stop the deploy before the push (exit 1)', () => {
    const r = deploy([], {
      signedIn: true,
      project: {rootDir: 'dist'},
      fakeJest: true,
      env: {FAKE_JEST_EXIT: '1'},
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain('the bundle checks failed');
    expect(r.out).toContain('nothing pushed');
    expect(r.calls.map(c => c.tool)).toEqual(['jest']);
  });

  it('a failed push exits 1', () => {
    const r = deploy([], {
      signedIn: true,
      project: {rootDir: 'dist'},
      fakeJest: true,
      env: {FAKE_CLASP_EXIT: '1'},
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain('the push failed');
    expect(r.calls.map(c => c.tool)).toEqual(['jest', 'clasp']);
  });

  it('clasp_config_auth (clasp --auth) is honoured as the sign-in file', () => {
    const auth = path.join(tmp, 'team.clasprc.json');
    fs.writeFileSync(
      auth,
      JSON.stringify({
        tokens: {
          default: {type: 'authorized_user', refresh_token: 'fictional'},
        },
      }),
    );
    const r = deploy([], {
      project: {rootDir: 'dist'},
      fakeJest: true,
      env: {clasp_config_auth: auth},
    });
    expect(r.status).toBe(0);
    expect(r.calls[1]).toMatchObject({tool: 'clasp', auth});
  });
});
