/**
 * npm run deploy [-- --check]
 *
 * Ships the add-on to its Apps Script project:
 *
 *   1. build        node esbuild.config.mjs (dist/ is exactly what is pushed)
 *   2. bare vm      dist/Code.js loads in a JavaScript context with no globals
 *                   at all and defines the entry points Apps Script calls
 *   3. bundle tests jest test/bundle test/local/loader.test.ts
 *   4. push         clasp push --force, run in the repository (.clasp.json,
 *                   rootDir dist: clasp uploads dist/ and nothing else)
 *
 * --check (or --dry-run) does 1–3 and stops before the push: no credentials
 * needed. Without --check the push's two preconditions are checked first, so
 * a missing one stops the deploy before anything runs: clasp is signed in
 * (~/.clasprc.json, or the file clasp_config_auth names) and the project file
 * (.clasp.json, or the one clasp_config_project names) holds a real script ID
 * and points at this repository's dist/.
 *
 * `--force`: dist/appsscript.json is built from the repository's reviewed
 * manifest (scopes, advanced services), so it always replaces the remote one.
 * Without it clasp asks before overwriting a changed manifest, and when
 * nobody can answer (no terminal) it skips the whole push and still exits 0.
 *
 * `clasp` and `jest` are found on PATH, with this repository's
 * node_modules/.bin last (`npm run` puts it first).
 *
 * Exit codes: 0 pushed (or --check passed); 1 a step failed; 2 bad arguments;
 * 3 clasp is not signed in or there is no script project (what to do is
 * printed).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import {fileURLToPath} from 'node:url';

const BUNDLE_TESTS = ['test/bundle', 'test/local/loader.test.ts'];
/** Entry points an editor add-on cannot work without. */
const REQUIRED_ENTRY_POINTS = ['onInstall', 'onOpen'];
const PUSH = ['push', '--force'];

const USAGE = `usage: npm run deploy [-- --check]

  Builds dist/, checks that dist/Code.js loads in a bare JavaScript context,
  runs the bundle tests (jest ${BUNDLE_TESTS.join(' ')}), then runs
  \`clasp ${PUSH.join(' ')}\` in the repository (.clasp.json rootDir: dist).

  --check, --dry-run  everything up to the push; no credentials needed`;

/** The repository: the folder above build/local/ (or local/cli/). */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

// ---------------------------------------------------------------------------
// Preconditions of the push
// ---------------------------------------------------------------------------

/** A path clasp takes as "a file, or a folder holding the default name". */
function fileOrFolder(p: string, name: string): string {
  const file = path.resolve(p);
  try {
    if (fs.statSync(file).isDirectory()) return path.join(file, name);
  } catch {
    // a file that does not exist yet: reported by the caller
  }
  return file;
}

/** Where clasp keeps its sign-in: --auth / clasp_config_auth, else ~/.clasprc.json. */
export function claspAuthFile(env: NodeJS.ProcessEnv, home: string): string {
  return env.clasp_config_auth
    ? fileOrFolder(env.clasp_config_auth, '.clasprc.json')
    : path.join(home, '.clasprc.json');
}

/** The problem with clasp's sign-in, or undefined if it is signed in. */
export function claspSignInProblem(file: string): string | undefined {
  if (!fs.existsSync(file))
    return `clasp is not signed in: ${file} does not exist.`;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return `clasp is not signed in: ${file} is not a JSON file.`;
  }
  const tokens = json.tokens as Record<string, unknown> | undefined;
  // clasp 3 keeps tokens.default; clasp 2 kept a token at the top level.
  const signedIn =
    Boolean(tokens?.default) ||
    Boolean(json.token) ||
    Boolean(json.refresh_token);
  return signedIn
    ? undefined
    : `clasp is not signed in: ${file} holds no "default" credentials.`;
}

export interface ClaspProject {
  file: string;
  scriptId?: string;
  contentDir?: string;
  problem?: string;
}

/**
 * The project file clasp will use (clasp_config_project, else .clasp.json in
 * the repository) and what is wrong with it for a push of `dist`.
 */
export function claspProject(
  env: NodeJS.ProcessEnv,
  root: string,
): ClaspProject {
  const file = env.clasp_config_project
    ? fileOrFolder(env.clasp_config_project, '.clasp.json')
    : path.join(root, '.clasp.json');
  if (!fs.existsSync(file))
    return {
      file,
      problem: `there is no script project: ${file} does not exist.`,
    };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {file, problem: `${file} is not a JSON file.`};
  }
  const scriptId = typeof json.scriptId === 'string' ? json.scriptId : '';
  const contentDir = path.resolve(
    path.dirname(file),
    String(json.srcDir || json.rootDir || '.'),
  );
  const project = {file, scriptId, contentDir};
  // Script IDs are long Drive IDs; the repository's .clasp.json holds a placeholder.
  if (!/^[A-Za-z0-9_-]{20,}$/.test(scriptId) || /REPLACE|YOUR/i.test(scriptId))
    return {
      ...project,
      problem: `there is no script project: ${file} has no script ID (scriptId is "${scriptId}").`,
    };
  const dist = path.join(root, 'dist');
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  if (real(contentDir) !== real(dist))
    return {
      ...project,
      problem: `${file} pushes ${contentDir}, not ${dist}: set "rootDir": "dist" so that clasp uploads only the built add-on.`,
    };
  return project;
}

export function howToSetUpClasp(problems: string[]): string {
  const signIn = problems.some(p => p.startsWith('clasp is not signed in'));
  const project = problems.some(p => !p.startsWith('clasp is not signed in'));
  const lines = ['Nothing was pushed:', ...problems.map(p => `  - ${p}`), ''];
  if (signIn)
    lines.push(
      'Sign clasp in (once per machine; docs/deploy.md, "1. clasp"):',
      '  1. Turn on "Google Apps Script API" at https://script.google.com/home/usersettings',
      '  2. npx clasp login',
      '     (opens a browser; use the council account that will own or edit the script project;',
      '     the token is saved in ~/.clasprc.json — never commit it)',
      '',
    );
  if (project)
    lines.push(
      'Give .clasp.json a script project (docs/deploy.md, "2. The script project"), either',
      '  a. bound to an existing tracker: open the tracker, Extensions ▸ Apps Script ▸ Project Settings,',
      '     copy the Script ID into .clasp.json ("scriptId"), keeping "rootDir": "dist"; or',
      '  b. a new one: clasp create refuses while .clasp.json exists, so remove the placeholder first:',
      '       rm .clasp.json',
      '       npx clasp create --type sheets --title "Panel Tracker" --rootDir dist',
      '     (a new spreadsheet with the script bound to it; use --type standalone for an editor',
      '     add-on tested through Deploy ▸ Test deployments, or published to the council).',
      '',
    );
  lines.push(
    'Then run npm run deploy again. To check everything up to the push without credentials:',
    '  npm run deploy -- --check',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// The steps
// ---------------------------------------------------------------------------

interface Env {
  root: string;
  env: NodeJS.ProcessEnv;
}

/** PATH with this repository's node_modules/.bin appended. */
function childEnv({root, env}: Env): NodeJS.ProcessEnv {
  const bin = path.join(root, 'node_modules', '.bin');
  const out: NodeJS.ProcessEnv = {
    ...env,
    PATH: [env.PATH, bin].filter(Boolean).join(path.delimiter),
    TZ: 'Europe/London',
  };
  // A deploy started from inside a jest run must not look like a jest worker.
  delete out.JEST_WORKER_ID;
  return out;
}

function run(
  e: Env,
  command: string,
  args: string[],
): {ok: boolean; message?: string} {
  const r = spawnSync(command, args, {
    cwd: e.root,
    env: childEnv(e),
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.error)
    return {
      ok: false,
      message: `could not run ${command}: ${r.error.message}`,
    };
  if (r.status !== 0)
    return {
      ok: false,
      message: `${command} ${args.join(' ')} exited with ${r.status ?? r.signal}`,
    };
  return {ok: true};
}

/**
 * dist/ holds what clasp pushes and nothing else, and Code.js loads in a
 * context without a single global (not even console) and defines the entry
 * points as top-level functions.
 */
function checkDist(root: string): {ok: boolean; message: string} {
  const dist = path.join(root, 'dist');
  const files = fs.readdirSync(dist).sort();
  const stray = files.filter(
    f => f !== 'Code.js' && f !== 'appsscript.json' && !f.endsWith('.html'),
  );
  if (stray.length)
    return {
      ok: false,
      message: `dist/ holds files that are not the add-on: ${stray.join(', ')}`,
    };
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dist, 'appsscript.json'), 'utf8'),
  ) as {oauthScopes?: string[]};
  const code = fs.readFileSync(path.join(dist, 'Code.js'), 'utf8');
  const context = vm.createContext({});
  try {
    vm.runInContext(code, context, {filename: 'dist/Code.js', timeout: 10_000});
  } catch (e) {
    return {
      ok: false,
      message: `dist/Code.js does not load in a bare context: ${(e as Error).message}`,
    };
  }
  const names = Object.keys(context).filter(
    n => typeof (context as Record<string, unknown>)[n] === 'function',
  );
  const missing = REQUIRED_ENTRY_POINTS.filter(n => !names.includes(n));
  if (missing.length)
    return {
      ok: false,
      message: `dist/Code.js does not define ${missing.join(', ')}`,
    };
  return {
    ok: true,
    message: `dist/Code.js (${(Buffer.byteLength(code) / 1024).toFixed(1)} KB) loads in a bare context and defines ${names.length} entry points; ${files.length} files; ${manifest.oauthScopes?.length ?? 0} OAuth scopes`,
  };
}

function main(argv: string[]): number {
  let check = false;
  for (const a of argv) {
    if (a === '--check' || a === '--dry-run') check = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`deploy: unknown argument: ${a}\n\n${USAGE}`);
      return 2;
    }
  }
  const e: Env = {root: repoRoot(), env: process.env};
  const project = claspProject(e.env, e.root);
  const authFile = claspAuthFile(e.env, os.homedir());
  const problems = [claspSignInProblem(authFile), project.problem].filter(
    (p): p is string => Boolean(p),
  );
  if (!check && problems.length) {
    console.error(howToSetUpClasp(problems));
    return 3;
  }

  console.log('deploy 1/4: build');
  const built = run(e, process.execPath, [
    path.join(e.root, 'esbuild.config.mjs'),
  ]);
  if (!built.ok) {
    console.error(
      `deploy: the build failed (${built.message}); nothing pushed.`,
    );
    return 1;
  }
  const dist = checkDist(e.root);
  console.log(`deploy 2/4: ${dist.message}`);
  if (!dist.ok) {
    console.error('deploy: the bundle is not fit to push; nothing pushed.');
    return 1;
  }
  console.log(`deploy 3/4: jest ${BUNDLE_TESTS.join(' ')}`);
  const tested = run(e, 'jest', BUNDLE_TESTS);
  if (!tested.ok) {
    console.error(
      `deploy: the bundle checks failed (${tested.message}); nothing pushed.`,
    );
    return 1;
  }
  if (check) {
    console.log(
      `deploy 4/4: --check: stopped before \`clasp ${PUSH.join(' ')}\` (in ${e.root}, pushing ${project.contentDir ?? path.join(e.root, 'dist')}).`,
    );
    if (problems.length)
      console.log(
        `  The push would stop here: ${problems.join(' ')} (npm run deploy explains what to do.)`,
      );
    return 0;
  }
  console.log(
    `deploy 4/4: clasp ${PUSH.join(' ')} (script ${project.scriptId}, from ${project.contentDir})`,
  );
  const pushed = run(e, 'clasp', PUSH);
  if (!pushed.ok) {
    console.error(`deploy: the push failed (${pushed.message}).`);
    return 1;
  }
  console.log(
    'Pushed. Reload a tracker bound to the script, or run a test deployment (docs/deploy.md, "4. Testing it as an editor add-on").',
  );
  return 0;
}

/** Exit once stdout and stderr are flushed (process.exit() can cut a pipe short). */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

exitWhenFlushed(main(process.argv.slice(2)));
