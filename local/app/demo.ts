/**
 * A new local tracker a newcomer can use straight away: a blank spreadsheet
 * with the add-on installed, set up (setupTracker, as the "Set up / upgrade"
 * sidebar would) with a profile and fictional members.
 */
import {PresetId, presetAgencies} from '../../src/domain/profiles';
import {formatAt} from '../clock';
import {TrackerSession} from '../tracker-session';
import {LocalApp, roundedNow} from './local-app';

export interface DemoMember {
  email: string;
  name?: string;
  role: string;
  agency?: string;
}

/** Fictional people (example.org); agencies of the kent-jrap profile. */
export const DEMO_MEMBERS: DemoMember[] = [
  {email: 'admin@example.org', name: 'Ada Admin', role: 'admin', agency: 'SCS'},
  {email: 'chair@example.org', name: 'Cal Chair', role: 'chair', agency: 'SCS'},
  {
    email: 'edu.rep@example.org',
    name: 'Eddie Edu',
    role: 'member',
    agency: 'EDU',
  },
  {
    email: 'health.rep@example.org',
    name: 'Hana Health',
    role: 'member',
    agency: 'HEALTH',
  },
  {email: 'finance@example.org', name: 'Fin Ance', role: 'finance'},
  {
    email: 'sw1@example.org',
    name: 'Sam Worker',
    role: 'referrer',
    agency: 'SCS',
  },
  {
    email: 'sw2@example.org',
    name: 'Sue Worker',
    role: 'referrer',
    agency: 'SCS',
  },
];

export const DEMO_OWNER = 'admin@example.org';

export interface DemoOptions {
  dir: string;
  bundlePath: string;
  profile?: string;
  members?: DemoMember[];
  settings?: Record<string, unknown>;
  owner?: string;
  /** The clock to start at (default now, to the minute). */
  at?: number;
  mailQuota?: number;
}

/**
 * Create the tracker (the folder is emptied first) and set it up. Throws if
 * setup fails, with the tracker's own messages.
 */
export function createDemoWorkspace(options: DemoOptions): TrackerSession {
  const owner = (options.owner ?? DEMO_OWNER).toLowerCase();
  const session = TrackerSession.create({
    dir: options.dir,
    owner,
    bundlePath: options.bundlePath,
    mailQuota: options.mailQuota,
  });
  const at = roundedNow(options.at ?? Date.now());
  const profile = options.profile ?? 'kent-jrap';
  const setup = session.call(
    'setupTracker',
    [
      {
        profile,
        members: options.members ?? membersFor(profile),
        settings: options.settings,
      },
    ],
    {as: owner, at},
  );
  if (!setup.ok) {
    const why =
      setup.exception?.message ??
      setup.errors.map(e => `${e.field}: ${e.message}`).join('; ');
    throw new Error(`setupTracker failed at ${formatAt(at)}: ${why}`);
  }
  new LocalApp(session).initAppState({clock: at, signedInAs: owner});
  return session;
}

/** The demo members whose agency the profile has (or who have none). */
function membersFor(profile: string): DemoMember[] {
  let codes: string[];
  try {
    codes = presetAgencies(profile as PresetId).map(a => a.code);
  } catch {
    return DEMO_MEMBERS; // an unknown profile: setupTracker says why
  }
  return DEMO_MEMBERS.filter(m => !m.agency || codes.includes(m.agency));
}
