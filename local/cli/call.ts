/**
 * Run one entry point of the built add-on in this process, on a workspace:
 *
 *   node build/local/call.js --workspace DIR --as EMAIL [--at 2026-01-05T09:00]
 *        [--trigger UID] FUNCTION ['{"json": "argument"}']
 *
 * Prints the outcome as JSON. Several of these at once on one workspace are
 * several Apps Script executions at once (the concurrency and crash tests).
 */
import {parseAt} from '../clock';
import {TrackerSession} from '../tracker-session';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const positional = args.filter(
  (a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'),
);
const [fn, json] = positional;
const workspace = option(args, '--workspace');
const as = option(args, '--as') ?? 'admin@example.org';
if (!fn || !workspace) {
  console.error(
    'usage: node build/local/call.js --workspace DIR --as EMAIL [--at TIME] [--trigger UID] FUNCTION [JSON]',
  );
  process.exit(2);
}
const at = option(args, '--at');
const session = TrackerSession.open(
  workspace,
  option(args, '--bundle') ?? 'dist/Code.js',
);
const triggerUid = option(args, '--trigger');
const callArgs =
  json !== undefined ? [JSON.parse(json)] : triggerUid ? [{triggerUid}] : [];
const outcome = session.call(fn, callArgs, {
  as,
  at: at ? parseAt(at) : Date.now(),
  triggerUid,
});
process.stdout.write(JSON.stringify(outcome) + '\n');
