/**
 * npm run provision -- --profile kent-jrap --admin a@x.gov.uk [--admin …]
 *                      [--title "Panel Tracker — Kent"] [--dry-run]
 *                      [--credentials FILE] [--save-token FILE] [--at YYYY-MM-DDTHH:MM]
 *
 * Creates a real tracker spreadsheet with the Sheets and Drive APIs from
 * sheets-template/ (the requests setupTracker sends, local/provision.ts) and
 * shares it with the named admins only. --dry-run prints every request as
 * JSON, in order, and needs no credentials.
 *
 * Exit codes: 0 done (or dry run printed); 1 an API call failed; 2 bad
 * arguments; 3 no usable credentials (how to get them is printed).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {parseAt} from '../clock';
import {
  CredentialSource,
  describeApiError,
  findCredentials,
  howToGetCredentials,
  planProvision,
  ProvisionApis,
  ProvisionOptions,
  runProvision,
  SCOPES,
} from '../provision';

const USAGE = `usage: npm run provision -- --profile PRESET --admin EMAIL [--admin EMAIL …]
         [--title TITLE] [--dry-run] [--credentials FILE] [--save-token FILE] [--at YYYY-MM-DDTHH:MM]

  --profile      panel profile preset (kent-jrap, cbc-arp, herts-harp, leics-jfp)
  --admin        an admin's email ("Name <email>" also works); repeat for each admin.
                 The tracker is shared with these people only (SPEC S2).
  --title        the spreadsheet's title (default "Panel Tracker — <panel name>")
  --dry-run      print every API request as JSON, in order; no credentials, nothing sent
  --credentials  an OAuth desktop client JSON (you sign in on 127.0.0.1) or an
                 authorized_user JSON (a token saved with --save-token, or gcloud's ADC file)
  --save-token   after signing in with a desktop client, save the token here (mode 600)
  --at           the clock, Europe/London (default now): holidays are this year's and the next two`;

interface Args {
  options: ProvisionOptions;
  dryRun: boolean;
  credentials?: string;
  saveToken?: string;
}

function parseArgs(argv: string[]): Args | string {
  const admins: string[] = [];
  let profile: string | undefined;
  let title: string | undefined;
  let credentials: string | undefined;
  let saveToken: string | undefined;
  let at: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') ? a.split(/=(.*)/s, 2) : [a];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--')))
        throw new Error(`${flag} needs a value`);
      return v;
    };
    try {
      switch (flag) {
        case '--profile':
          profile = value();
          break;
        case '--admin':
          admins.push(value());
          break;
        case '--title':
          title = value();
          break;
        case '--credentials':
          credentials = value();
          break;
        case '--save-token':
          saveToken = value();
          break;
        case '--at':
          at = value();
          break;
        case '--dry-run':
          dryRun = true;
          break;
        case '--help':
        case '-h':
          return '';
        default:
          return `unknown argument: ${a}`;
      }
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (!profile) return '--profile is required';
  let now = Date.now();
  if (at) {
    try {
      now = parseAt(at);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return {
    options: {profile, title, admins, now},
    dryRun,
    credentials,
    saveToken,
  };
}

/** The googleapis client for a credentials file (network only when used). */
async function authFor(
  source: CredentialSource,
  saveToken: string | undefined,
): Promise<unknown> {
  const {google} = await import('googleapis');
  const json = JSON.parse(fs.readFileSync(source.file, 'utf8'));
  if (source.kind === 'authorized_user') {
    return google.auth.fromJSON(json);
  }
  if (source.kind === 'oauth_client') {
    return desktopSignIn(json, saveToken);
  }
  throw new Error(
    source.kind === 'service_account'
      ? `${source.file} is a service account key. Provisioning runs as a named council officer, who owns the tracker; a service account (with or without domain-wide delegation) is not supported.`
      : `${source.file} is not a credentials file provisioning can use (an OAuth desktop client JSON or an authorized_user JSON).`,
  );
}

/**
 * Sign in with an OAuth desktop client: a loopback redirect on 127.0.0.1 and
 * PKCE (the flow Google documents for installed apps). The token is kept in
 * memory unless --save-token names a file.
 */
async function desktopSignIn(
  json: {installed?: Record<string, string>; web?: Record<string, string>},
  saveToken: string | undefined,
): Promise<unknown> {
  const {google, Auth} = await import('googleapis');
  const c = json.installed ?? json.web ?? {};
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as {port: number}).port;
  const redirectUri = `http://127.0.0.1:${port}`;
  const client = new google.auth.OAuth2({
    clientId: c.client_id,
    clientSecret: c.client_secret,
    redirectUri,
  });
  const {codeVerifier, codeChallenge} =
    await client.generateCodeVerifierAsync();
  const state = crypto.randomUUID();
  const url = client.generateAuthUrl({
    access_type: 'offline',
    scope: [...SCOPES],
    code_challenge_method: Auth.CodeChallengeMethod.S256,
    code_challenge: codeChallenge,
    state,
    prompt: 'consent',
  });
  console.error(
    `Sign in with your council account: open this link in a browser on this machine\n  ${url}\n(waiting up to 5 minutes)`,
  );
  const code = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.close();
      reject(new Error('No sign-in within 5 minutes.'));
    }, 5 * 60_000);
    server.on('request', (req, res) => {
      const q = new URL(req.url ?? '/', redirectUri).searchParams;
      if (!q.get('code') && !q.get('error')) {
        res.writeHead(404).end();
        return;
      }
      const good = q.get('state') === state && q.get('code');
      res
        .writeHead(good ? 200 : 400, {
          'content-type': 'text/plain; charset=utf-8',
        })
        .end(
          good
            ? 'Signed in. You can close this tab and return to the terminal.'
            : 'Sign-in failed. Return to the terminal.',
        );
      clearTimeout(timer);
      server.close();
      if (good) resolve(String(q.get('code')));
      else
        reject(
          new Error(`Sign-in failed: ${q.get('error') ?? 'state mismatch'}`),
        );
    });
  });
  const {tokens} = await client.getToken({
    code,
    codeVerifier,
    redirect_uri: redirectUri,
  });
  client.setCredentials(tokens);
  if (saveToken) {
    if (!tokens.refresh_token) {
      console.error('No refresh token was returned; nothing saved.');
    } else {
      const file = path.resolve(saveToken);
      fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
      fs.writeFileSync(
        file,
        JSON.stringify({
          type: 'authorized_user',
          client_id: c.client_id,
          client_secret: c.client_secret,
          refresh_token: tokens.refresh_token,
        }),
        {mode: 0o600},
      );
      console.error(
        `Token saved to ${file} (reuse it with --credentials ${file}).`,
      );
    }
  }
  return client;
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (typeof parsed === 'string') {
    if (parsed) console.error(`provision: ${parsed}\n`);
    console.error(USAGE);
    return parsed ? 2 : 0;
  }
  const {options, dryRun} = parsed;
  const plan = planProvision(options);
  if (!plan.ok) {
    for (const e of plan.errors)
      console.error(`provision: ${e.message} (${e.rule})`);
    return 2;
  }
  if (dryRun) {
    const p = plan.value;
    process.stdout.write(
      JSON.stringify(
        p.calls.map((c, i) => ({
          step: i + 1,
          method: c.method,
          params: c.params,
        })),
        null,
        2,
      ) + '\n',
    );
    console.error(
      [
        `Dry run: ${p.calls.length} requests for "${p.title}" (${p.data.presetId}); nothing was sent and no credentials were read.`,
        `  1 spreadsheets.create, 1 spreadsheets.batchUpdate (${p.structureRequest.requestBody?.requests?.length} requests: ${p.structure.created.length} tabs),`,
        `  1 spreadsheets.values.batchUpdate (${p.valuesRequest.requestBody?.data?.length} ranges), ${p.shares.length} drive.permissions.create (type user only).`,
        `  Scopes: ${SCOPES.join(' ')}`,
        '  An admin who is the account running provision owns the file and is not shared with again.',
      ].join('\n'),
    );
    return 0;
  }
  const found = findCredentials({
    credentials: parsed.credentials,
    env: process.env,
    home: os.homedir(),
  });
  for (const p of found.problems) console.error(`provision: ${p}`);
  if (!found.source) {
    console.error(`\n${howToGetCredentials()}`);
    return 3;
  }
  console.error(`Credentials: ${found.source.from} (${found.source.kind}).`);
  let auth: unknown;
  try {
    auth = await authFor(found.source, parsed.saveToken);
  } catch (e) {
    console.error(
      `provision: ${(e as Error).message}\n\n${howToGetCredentials()}`,
    );
    return 3;
  }
  const {google} = await import('googleapis');
  const apis = {
    sheets: google.sheets({version: 'v4', auth: auth as never}),
    drive: google.drive({version: 'v3', auth: auth as never}),
  } satisfies ProvisionApis;
  try {
    const out = await runProvision(options, apis, line => console.error(line));
    console.log(out.url);
    console.error(
      '\nThe tracker is ready. Open it, then Extensions ▸ (the add-on) ▸ Set up / upgrade the tracker once:\nthat creates the outcome-note templates and records the template version in the document.',
    );
    return out.notShared.some(n => n.reason !== 'owns the spreadsheet') ? 1 : 0;
  } catch (e) {
    console.error(`provision failed: ${describeApiError(e)}`);
    return 1;
  }
}

/**
 * Exit once stdout and stderr are flushed: a dry run's JSON is hundreds of
 * kilobytes, and process.exit() with a pipe still writing cuts it short.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main().then(exitWhenFlushed, e => {
  console.error(e instanceof Error ? e.stack : e);
  exitWhenFlushed(1);
});
