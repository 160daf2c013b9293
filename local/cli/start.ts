/**
 * npm start [-- --port 8080] [--workspace DIR] [--profile kent-jrap] [--quiet]
 *
 * Serves the local app on 127.0.0.1: the tracker's tabs as a grid, the
 * add-on menu, the sidebars from html/ wired to the built bundle through a
 * google.script.run stand-in, a clock, a "signed in as" switch, the outbox,
 * Drive and the triggers. A workspace without a tracker (the default
 * .workspace/ on first start) gets one, set up with fictional members.
 *
 * Options: --port N (default 8080; a free port if it is taken; 0 = any),
 * --workspace DIR (default <repo>/.workspace), --profile ID (for a new
 * workspace), --bundle FILE (default <repo>/dist/Code.js), --quiet (no
 * request log).
 */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {ensureBuilt} from '../build-check';
import {createAppServer, listen} from '../app/server';
import {LocalApp} from '../app/local-app';
import {createDemoWorkspace} from '../app/demo';
import {TrackerSession} from '../tracker-session';

/** The repository: the folder above build/local/ (or local/cli/). */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(
    'usage: npm start -- [--port 8080] [--workspace DIR] [--profile ID] [--bundle dist/Code.js] [--quiet]',
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) usage(`${name} needs a value`);
    return v;
  };
  const known = ['--port', '--workspace', '--profile', '--bundle', '--quiet'];
  for (const a of args) {
    if (a.startsWith('--') && !known.includes(a)) usage(`unknown option ${a}`);
  }
  const root = repoRoot();
  const port = Number(option('--port') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    usage('--port must be a port number');
  }
  const workspaceDir = path.resolve(
    option('--workspace') ?? path.join(root, '.workspace'),
  );
  const bundlePath = path.resolve(
    option('--bundle') ?? path.join(root, 'dist', 'Code.js'),
  );
  const quiet = args.includes('--quiet');
  if (!option('--bundle')) ensureBuilt(root);

  let session: TrackerSession;
  const hasTracker =
    fs.existsSync(path.join(workspaceDir, 'state.json')) &&
    (() => {
      try {
        return !!TrackerSession.open(workspaceDir, bundlePath);
      } catch {
        return false;
      }
    })();
  if (hasTracker) {
    session = TrackerSession.open(workspaceDir, bundlePath);
  } else {
    if (
      fs.existsSync(workspaceDir) &&
      fs.readdirSync(workspaceDir).length > 0 &&
      !fs.existsSync(path.join(workspaceDir, 'state.json'))
    ) {
      usage(
        `${workspaceDir} is not empty and holds no local workspace; choose another --workspace`,
      );
    }
    const profile = option('--profile') ?? 'kent-jrap';
    console.error(
      `Creating a tracker (${profile}, fictional members) in ${workspaceDir} ...`,
    );
    session = createDemoWorkspace({dir: workspaceDir, bundlePath, profile});
  }
  const app = new LocalApp(session);
  app.initAppState();
  const server = createAppServer({
    app,
    publicDir: path.join(root, 'local', 'app', 'public'),
    log: quiet ? undefined : line => console.error(line),
  });
  const actual = await listen(server, port);
  if (port !== 0 && actual !== port) {
    console.error(`Port ${port} is in use; using ${actual} instead.`);
  }
  console.log(`Panel Tracker local app: http://127.0.0.1:${actual}`);
  console.error(
    `Workspace: ${workspaceDir} (tracker "${app.trackerName()}"). Ctrl+C stops.`,
  );
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
