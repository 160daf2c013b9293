/**
 * `npm run provision`: a real tracker spreadsheet made with the Sheets and
 * Drive APIs (googleapis) from the same data setupTracker uses — one source,
 * two writers:
 *
 *   1. sheets.spreadsheets.create         a blank spreadsheet (en_GB, Europe/London)
 *   2. sheets.spreadsheets.batchUpdate    planStructure(): every tab, header,
 *                                         format, validation and protection
 *   3. sheets.spreadsheets.values.batchUpdate  Settings, Agencies, Members,
 *                                         Holidays, Panels, _System, Audit (RAW)
 *   4. drive.permissions.create           one per named admin: type 'user' only
 *
 * The requests are built by pure functions (printed by --dry-run, checked by
 * test/ship/provision.test.ts); runProvision sends them. Scopes: exactly
 * spreadsheets and drive.file (SPEC S2) — the tool sees only files it made.
 *
 * Sharing is with named people only (SPEC S2): assertNamedUserPermission
 * refuses anything that is not {type: 'user', emailAddress} before a call is
 * made, so 'anyone' and 'domain' can never be sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {drive_v3, sheets_v4} from 'googleapis';
import {
  agencyRow,
  bankHolidayRows,
  panelRow,
  settingRows,
  TEMPLATE_VERSION_KEY,
} from '../src/app/setup';
import {
  planStructure,
  SheetShape,
  StructurePlan,
} from '../src/app/setup-requests';
import {holidayCalendar, IsoDate, londonDateTime} from '../src/domain/calendar';
import {
  Agency,
  agencyCodes,
  presetAgencies,
  presetIds,
  Profile,
  resolveProfile,
} from '../src/domain/profiles';
import {Row} from '../src/domain/records';
import {fail, fieldError, FieldError, ok, Result} from '../src/domain/result';
import {buildTemplate, columnTypeOf, Template} from '../src/domain/template';
import {toCell} from '../src/gas/tracker';

/** Exactly the scopes provisioning needs (SPEC S2): no full Drive access. */
export const SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/drive.file',
] as const;

/**
 * gcloud auth application-default login refuses a --scopes list without
 * this one ("cloud-platform scope is required but not requested").
 */
const GCLOUD_REQUIRED_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** What a dry run shows where the new spreadsheet's ID will be. */
export const NEW_SPREADSHEET_ID = '<spreadsheetId returned by step 1>';

/**
 * The one sheet Sheets gives a spreadsheet created without sheets (locale en_GB):
 * planStructure sees it as an existing tab that is not the template's, so it
 * is left as it is — exactly as setupTracker leaves a blank spreadsheet's
 * first sheet.
 */
export const DEFAULT_SHEET: SheetShape = {
  sheetId: 0,
  title: 'Sheet1',
  index: 0,
  hidden: false,
  rowCount: 1000,
  columnCount: 26,
  frozenRowCount: 0,
  header: [],
  protectedRanges: [],
};

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export interface Admin {
  email: string;
  name: string;
}

/** 'a@x.gov.uk' or 'Ada Admin <a@x.gov.uk>'. */
export function parseAdmin(text: string): Admin | undefined {
  const m = /^\s*(?:(.*?)\s*<([^<>]+)>|([^<>]+))\s*$/.exec(text);
  const email = (m?.[2] ?? m?.[3] ?? '').trim().toLowerCase();
  if (!EMAIL.test(email)) return undefined;
  return {email, name: m?.[1]?.trim() || email};
}

export interface ProvisionOptions {
  profile: string;
  /** Default: "Panel Tracker — <panel name>". */
  title?: string;
  admins: string[];
  /** The clock (epoch ms); holidays are this year's and the next two (D1). */
  now: number;
}

/** The rows setupTracker writes on a blank tracker, per tab, in domain units. */
export interface TrackerData {
  presetId: string;
  profile: Profile;
  agencies: Agency[];
  admins: Admin[];
  template: Template;
  today: IsoDate;
  nowIso: string;
  rows: Record<string, Row[]>;
}

/**
 * The configuration rows of a new tracker, from the same builders
 * setupTracker uses on a blank spreadsheet (src/app/setup.ts: settingRows,
 * agencyRow, bankHolidayRows, panelRow), plus the admins as Members, the
 * template version in _System and one Audit row.
 */
export function trackerData(input: {
  presetId: string;
  admins: Admin[];
  now: number;
  audit: {user: string; action: string};
}): Result<TrackerData> {
  if (!presetIds().includes(input.presetId)) {
    return fail([
      fieldError(
        'profile',
        '§6',
        `Unknown panel profile "${input.presetId}". Choose one of: ${presetIds().join(', ')}.`,
      ),
    ]);
  }
  const agencies = presetAgencies(input.presetId);
  const resolved = resolveProfile({presetId: input.presetId, agencies});
  if (!resolved.ok) return resolved;
  const profile = resolved.value;
  const template = buildTemplate(agencyCodes(profile));
  const t = londonDateTime(input.now);
  const today = t.date;
  const nowIso = `${t.date}T${t.time}`;
  const settings: Row[] = settingRows(profile, input.presetId);
  const agencyRows: Row[] = agencies.map(agencyRow);
  const members: Row[] = input.admins.map(a => ({
    email: a.email,
    name: a.name,
    role: 'admin',
    agency: '',
    active: true,
  }));
  const holidays = bankHolidayRows(today);
  const cal = holidayCalendar();
  const panels = profile.panelDates.map(date => panelRow(date, profile, cal));
  const system: Row[] = [
    {key: TEMPLATE_VERSION_KEY, value: String(template.version)},
  ];
  const audit: Row[] = [
    {
      timestamp: nowIso,
      user: input.audit.user,
      action: input.audit.action,
      recordId: input.presetId,
      summary: `Template v${template.version}; created ${template.tabs.length} tab(s); ${members.length} member(s), ${holidays.length} holiday(s) added`,
    },
  ];
  return ok({
    presetId: input.presetId,
    profile,
    agencies,
    admins: input.admins,
    template,
    today,
    nowIso,
    rows: {
      Settings: settings,
      Agencies: agencyRows,
      Members: members,
      Holidays: holidays,
      Panels: panels,
      _System: system,
      Audit: audit,
    },
  });
}

/** A domain value as the RAW value Sheets stores (the tracker adapter's toCell). */
export function rawValue(tab: string, key: string, v: Row[string]): unknown {
  const type = columnTypeOf(tab, key);
  if (!type) throw new Error(`${tab} has no template column "${key}"`);
  const cell = toCell(type, v).userEnteredValue;
  if (!cell) return null; // null: "skipped", the cell stays empty
  if (cell.numberValue !== undefined) return cell.numberValue;
  if (cell.boolValue !== undefined) return cell.boolValue;
  return cell.stringValue ?? null;
}

const quote = (tab: string) => `'${tab.replace(/'/g, "''")}'`;

/** Each tab's rows below its header, in the header's column order. */
export function valueRanges(
  rows: Record<string, Row[]>,
  headers: Record<string, string[]>,
): sheets_v4.Schema$ValueRange[] {
  return Object.entries(rows)
    .filter(([, list]) => list.length > 0)
    .map(([tab, list]) => {
      const header = headers[tab];
      if (!header) throw new Error(`the template has no ${tab} tab`);
      for (const key of new Set(list.flatMap(r => Object.keys(r)))) {
        if (!header.includes(key))
          throw new Error(`${tab} has no column "${key}"`);
      }
      return {
        range: `${quote(tab)}!A2`,
        majorDimension: 'ROWS',
        values: list.map(r =>
          header.map(h => (h in r ? rawValue(tab, h, r[h]) : null)),
        ),
      };
    });
}

/**
 * SPEC S2: files are shared with named people only. Throws for anything but
 * {type: 'user', emailAddress} with a reader/commenter/writer role.
 */
export function assertNamedUserPermission(
  params: drive_v3.Params$Resource$Permissions$Create,
): void {
  const p = params.requestBody ?? {};
  if (p.type !== 'user') {
    throw new Error(
      `SPEC S2: refusing to share with type "${String(p.type)}": files are shared with named people only, never "anyone" or a domain.`,
    );
  }
  if (!p.emailAddress || !EMAIL.test(p.emailAddress)) {
    throw new Error('SPEC S2: a permission must name one person by email.');
  }
  if (p.domain || p.allowFileDiscovery) {
    throw new Error('SPEC S2: a permission must not name a domain.');
  }
  if (!['reader', 'commenter', 'writer'].includes(String(p.role))) {
    throw new Error(`SPEC S2: refusing the role "${String(p.role)}".`);
  }
  if (params.transferOwnership || params.useDomainAdminAccess) {
    throw new Error(
      'SPEC S2: provisioning never transfers ownership or acts as a domain admin.',
    );
  }
}

/** Each request, with the googleapis method it is sent through. */
export type ProvisionCall =
  | {
      method: 'sheets.spreadsheets.create';
      params: sheets_v4.Params$Resource$Spreadsheets$Create;
    }
  | {
      method: 'sheets.spreadsheets.batchUpdate';
      params: sheets_v4.Params$Resource$Spreadsheets$Batchupdate;
    }
  | {
      method: 'sheets.spreadsheets.values.batchUpdate';
      params: sheets_v4.Params$Resource$Spreadsheets$Values$Batchupdate;
    }
  | {
      method: 'drive.permissions.create';
      params: drive_v3.Params$Resource$Permissions$Create;
    };

export interface ProvisionPlan {
  title: string;
  data: TrackerData;
  structure: StructurePlan;
  create: sheets_v4.Params$Resource$Spreadsheets$Create;
  structureRequest: sheets_v4.Params$Resource$Spreadsheets$Batchupdate;
  valuesRequest: sheets_v4.Params$Resource$Spreadsheets$Values$Batchupdate;
  shares: drive_v3.Params$Resource$Permissions$Create[];
  /** Every call in the order runProvision makes them. */
  calls: ProvisionCall[];
}

export const AUDIT_ACTION = 'provision';
export const AUDIT_USER = 'npm run provision';

/**
 * The requests that make a tracker. `shapes` are the sheets of the created
 * spreadsheet (DEFAULT_SHEET until it exists), `spreadsheetId` its ID.
 */
export function planProvision(
  options: ProvisionOptions,
  shapes: SheetShape[] = [DEFAULT_SHEET],
  spreadsheetId: string = NEW_SPREADSHEET_ID,
): Result<ProvisionPlan> {
  const errors: FieldError[] = [];
  const admins: Admin[] = [];
  options.admins.forEach((text, i) => {
    const a = parseAdmin(text);
    if (!a) {
      errors.push(
        fieldError(
          `admins.${i}`,
          'S2',
          `"${text}" is not an email address (use --admin name@council.gov.uk).`,
        ),
      );
    } else if (!admins.some(x => x.email === a.email)) {
      admins.push(a);
    }
  });
  if (!options.admins.length) {
    errors.push(
      fieldError(
        'admins',
        'S2',
        'Name at least one admin (--admin name@council.gov.uk): the tracker is shared with the named admins only.',
      ),
    );
  }
  if (errors.length) return fail(errors);
  const got = trackerData({
    presetId: options.profile,
    admins,
    now: options.now,
    audit: {user: AUDIT_USER, action: AUDIT_ACTION},
  });
  if (!got.ok) return got;
  const data = got.value;
  const title =
    options.title?.trim() || `Panel Tracker — ${data.profile.panelName}`;

  const structure = planStructure(data.template, shapes, {
    admins: admins.map(a => a.email),
    finance: [],
  });
  // Compile-time: the requests are googleapis Schema$Request objects. (This
  // assignment only checks field names once planStructure's SheetsRequest is
  // a precise type; test/ship compiles the printed requests against
  // sheets_v4.Schema$Request with excess-property checks.)
  const requests: sheets_v4.Schema$Request[] = structure.requests;

  const create: sheets_v4.Params$Resource$Spreadsheets$Create = {
    requestBody: {
      properties: {title, locale: 'en_GB', timeZone: 'Europe/London'},
    },
    fields: 'spreadsheetId,spreadsheetUrl,sheets.properties',
  };
  const structureRequest: sheets_v4.Params$Resource$Spreadsheets$Batchupdate = {
    spreadsheetId,
    requestBody: {requests, includeSpreadsheetInResponse: false},
  };
  const valuesRequest: sheets_v4.Params$Resource$Spreadsheets$Values$Batchupdate =
    {
      spreadsheetId,
      requestBody: {
        valueInputOption: 'RAW',
        data: valueRanges(data.rows, structure.headers),
      },
    };
  // sendNotificationEmail: true (Drive's default for users, said out loud):
  // an admin must learn that the tracker exists and where it is, and the
  // message names only the tracker and the panel — a new tracker holds no
  // case data. Shared one at a time (runProvision): Drive does not support
  // concurrent permission changes on one file.
  const shares: drive_v3.Params$Resource$Permissions$Create[] = admins.map(
    a => ({
      fileId: spreadsheetId,
      sendNotificationEmail: true,
      emailMessage: `You are an admin of the Panel Tracker "${title}" (${data.profile.panelName}).`,
      fields: 'id,type,role,emailAddress',
      requestBody: {type: 'user', role: 'writer', emailAddress: a.email},
    }),
  );
  shares.forEach(assertNamedUserPermission);
  const calls: ProvisionCall[] = [
    {method: 'sheets.spreadsheets.create', params: create},
    {method: 'sheets.spreadsheets.batchUpdate', params: structureRequest},
    {method: 'sheets.spreadsheets.values.batchUpdate', params: valuesRequest},
    ...shares.map(params => ({
      method: 'drive.permissions.create' as const,
      params,
    })),
  ];
  return ok({
    title,
    data,
    structure,
    create,
    structureRequest,
    valuesRequest,
    shares,
    calls,
  });
}

// ---------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------

export type CredentialKind =
  | 'authorized_user'
  | 'oauth_client'
  | 'service_account'
  | 'external_account'
  | 'unknown';

export interface CredentialSource {
  file: string;
  /** Where it was found: --credentials, GOOGLE_APPLICATION_CREDENTIALS, gcloud. */
  from: string;
  kind: CredentialKind;
}

/** The kind of a credentials JSON, read without keeping or printing it. */
export function credentialKind(json: unknown): CredentialKind {
  if (!json || typeof json !== 'object') return 'unknown';
  const o = json as Record<string, unknown>;
  if (o.installed || o.web) return 'oauth_client';
  if (o.type === 'authorized_user') return 'authorized_user';
  if (o.type === 'service_account') return 'service_account';
  if (o.type === 'external_account') return 'external_account';
  return 'unknown';
}

/** gcloud's ADC file: $CLOUDSDK_CONFIG, %APPDATA%\gcloud or ~/.config/gcloud. */
export function gcloudAdcFile(env: NodeJS.ProcessEnv, home: string): string {
  const dir =
    env.CLOUDSDK_CONFIG ??
    (process.platform === 'win32' && env.APPDATA
      ? path.join(env.APPDATA, 'gcloud')
      : path.join(home, '.config', 'gcloud'));
  return path.join(dir, 'application_default_credentials.json');
}

/**
 * Where the credentials come from, in order: --credentials FILE, the file
 * GOOGLE_APPLICATION_CREDENTIALS names, gcloud's application-default file.
 * No network: the metadata server of a cloud VM is never consulted.
 */
export function findCredentials(opts: {
  credentials?: string;
  env: NodeJS.ProcessEnv;
  home: string;
}): {source?: CredentialSource; problems: string[]} {
  const problems: string[] = [];
  const candidates: Array<{file: string; from: string; explicit: boolean}> = [];
  if (opts.credentials)
    candidates.push({
      file: path.resolve(opts.credentials),
      from: '--credentials',
      explicit: true,
    });
  if (opts.env.GOOGLE_APPLICATION_CREDENTIALS)
    candidates.push({
      file: path.resolve(opts.env.GOOGLE_APPLICATION_CREDENTIALS),
      from: 'GOOGLE_APPLICATION_CREDENTIALS',
      explicit: true,
    });
  candidates.push({
    file: gcloudAdcFile(opts.env, opts.home),
    from: 'gcloud application-default credentials',
    explicit: false,
  });
  for (const c of candidates) {
    if (!fs.existsSync(c.file)) {
      if (c.explicit) problems.push(`${c.from}: ${c.file} does not exist.`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(c.file, 'utf8'));
    } catch {
      problems.push(`${c.from}: ${c.file} is not a JSON credentials file.`);
      continue;
    }
    return {
      source: {file: c.file, from: c.from, kind: credentialKind(json)},
      problems,
    };
  }
  return {problems};
}

export function howToGetCredentials(): string {
  return [
    'npm run provision needs Google credentials of a person in the council’s Google Workspace',
    '(the spreadsheet is created in their Drive and they own it). None were found.',
    '',
    'One-time set-up (docs/deploy.md, "Credentials for npm run provision"):',
    '  1. In the Google Cloud console, use (or create) the council’s project for Panel Tracker',
    '     and enable two APIs: Google Sheets API and Google Drive API.',
    '  2. OAuth consent screen: user type Internal.',
    '  3. Credentials ▸ Create credentials ▸ OAuth client ID ▸ Desktop app; download the JSON',
    '     (e.g. client_secret.json). Keep it out of the repository.',
    '',
    'Then either',
    '  a. npm run provision -- --credentials client_secret.json --save-token ~/.config/panel-tracker/token.json …',
    '     (opens a sign-in link on 127.0.0.1; the saved token is reused with --credentials TOKEN.json), or',
    '  b. gcloud auth application-default login --client-id-file=client_secret.json \\',
    `       --scopes=${[GCLOUD_REQUIRED_SCOPE, ...SCOPES].join(',')}`,
    '     and run npm run provision without --credentials. gcloud refuses a scope list without',
    '     cloud-platform, so that token can do more than provisioning needs: prefer a.',
    '',
    `Scopes asked for: ${SCOPES.join(' ')} (the tool sees only files it creates).`,
    'Not advised: a service account, with or without domain-wide delegation — the tracker',
    'must belong to a named council officer, and delegation lets a key act as anyone.',
    '',
    'To see exactly what would be sent, without credentials: npm run provision -- --dry-run …',
  ].join('\n');
}

// ---------------------------------------------------------------------------
// Running the requests
// ---------------------------------------------------------------------------

type Call<P, T> = (params: P) => Promise<{data: T}>;

/** The googleapis methods provisioning uses (google.sheets / google.drive fit). */
export interface ProvisionApis {
  sheets: {
    spreadsheets: {
      create: Call<
        sheets_v4.Params$Resource$Spreadsheets$Create,
        sheets_v4.Schema$Spreadsheet
      >;
      batchUpdate: Call<
        sheets_v4.Params$Resource$Spreadsheets$Batchupdate,
        sheets_v4.Schema$BatchUpdateSpreadsheetResponse
      >;
      values: {
        batchUpdate: Call<
          sheets_v4.Params$Resource$Spreadsheets$Values$Batchupdate,
          sheets_v4.Schema$BatchUpdateValuesResponse
        >;
      };
    };
  };
  drive: {
    files: {
      get: Call<drive_v3.Params$Resource$Files$Get, drive_v3.Schema$File>;
      delete: Call<drive_v3.Params$Resource$Files$Delete, unknown>;
    };
    permissions: {
      create: Call<
        drive_v3.Params$Resource$Permissions$Create,
        drive_v3.Schema$Permission
      >;
    };
  };
}

export interface ProvisionOutcome {
  spreadsheetId: string;
  url: string;
  sharedWith: string[];
  /** Admins not shared with, and why (the owner; a failed share). */
  notShared: Array<{email: string; reason: string}>;
  /** The created spreadsheet's sheets differed from DEFAULT_SHEET. */
  replanned: boolean;
}

function shapesOf(ss: sheets_v4.Schema$Spreadsheet): SheetShape[] {
  return (ss.sheets ?? []).map(s => {
    const p = s.properties ?? {};
    return {
      sheetId: Number(p.sheetId ?? 0),
      title: String(p.title ?? ''),
      index: Number(p.index ?? 0),
      hidden: p.hidden === true,
      rowCount: Number(p.gridProperties?.rowCount ?? 0),
      columnCount: Number(p.gridProperties?.columnCount ?? 0),
      frozenRowCount: Number(p.gridProperties?.frozenRowCount ?? 0),
      header: [],
      protectedRanges: [],
    };
  });
}

/** An API error as a sentence (Google's message; never a token). */
export function describeApiError(e: unknown): string {
  const err = e as {
    code?: number | string;
    status?: number;
    message?: string;
    response?: {status?: number; data?: {error?: {message?: string}}};
  };
  const status = err.response?.status ?? err.status ?? err.code;
  const message =
    err.response?.data?.error?.message ?? err.message ?? String(e);
  const hints: string[] = [];
  if (/has not been used|is disabled|SERVICE_DISABLED/i.test(message))
    hints.push(
      'Enable the Google Sheets API and the Google Drive API in the Cloud project of the OAuth client.',
    );
  if (/insufficient.*scope/i.test(message) || status === 403)
    hints.push(`The credentials must carry both scopes: ${SCOPES.join(', ')}.`);
  if (status === 401 || /invalid_grant|unauthorized/i.test(message))
    hints.push('The credentials have expired or were revoked: sign in again.');
  if (/quota project/i.test(message))
    hints.push(
      'Set a quota project: gcloud auth application-default set-quota-project PROJECT_ID.',
    );
  return [`${status ? `HTTP ${status}: ` : ''}${message}`, ...hints].join(
    '\n  ',
  );
}

/**
 * Send the plan's requests. The spreadsheet is created first; if Sheets gives
 * it a first sheet other than DEFAULT_SHEET the structure is planned again
 * from what exists. If the structure or the values fail, the half-made
 * spreadsheet is deleted (drive.files.delete: the tool created it). The
 * account that runs this owns the file and is not shared with again.
 */
export async function runProvision(
  options: ProvisionOptions,
  apis: ProvisionApis,
  log: (line: string) => void = () => undefined,
): Promise<ProvisionOutcome> {
  const first = planProvision(options);
  if (!first.ok) throw new Error(first.errors.map(e => e.message).join(' '));
  const created = (await apis.sheets.spreadsheets.create(first.value.create))
    .data;
  const spreadsheetId = String(created.spreadsheetId ?? '');
  if (!spreadsheetId) throw new Error('Sheets did not return a spreadsheetId.');
  const url =
    created.spreadsheetUrl ??
    `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`;
  log(`1/4 created ${url}`);
  const shapes = shapesOf(created);
  const replanned = !(
    shapes.length === 1 &&
    shapes[0].sheetId === DEFAULT_SHEET.sheetId &&
    shapes[0].title === DEFAULT_SHEET.title
  );
  const planned = planProvision(
    options,
    replanned ? shapes : [DEFAULT_SHEET],
    spreadsheetId,
  );
  if (!planned.ok)
    throw new Error(planned.errors.map(e => e.message).join(' '));
  const plan = planned.value;
  if (replanned)
    log(
      `    the new spreadsheet's sheets were ${JSON.stringify(shapes.map(s => [s.sheetId, s.title]))}, not Sheet1: planned from them`,
    );
  try {
    await apis.sheets.spreadsheets.batchUpdate(plan.structureRequest);
    log(
      `2/4 structure: ${plan.structure.created.length} tabs, ${plan.structureRequest.requestBody?.requests?.length ?? 0} requests`,
    );
    await apis.sheets.spreadsheets.values.batchUpdate(plan.valuesRequest);
    log(
      `3/4 values: ${Object.entries(plan.data.rows)
        .filter(([, r]) => r.length)
        .map(([t, r]) => `${t} ${r.length}`)
        .join(', ')}`,
    );
  } catch (e) {
    log(`    failed: ${describeApiError(e)}`);
    try {
      await apis.drive.files.delete({fileId: spreadsheetId});
      log(`    the half-made spreadsheet ${spreadsheetId} was deleted`);
    } catch (e2) {
      log(
        `    could not delete the half-made spreadsheet ${url}: ${describeApiError(e2)} — delete it by hand`,
      );
    }
    throw e;
  }
  const file = (
    await apis.drive.files.get({
      fileId: spreadsheetId,
      fields: 'owners(emailAddress)',
      supportsAllDrives: true,
    })
  ).data;
  const owners = new Set(
    (file.owners ?? []).map(o => String(o.emailAddress ?? '').toLowerCase()),
  );
  const sharedWith: string[] = [];
  const notShared: ProvisionOutcome['notShared'] = [];
  for (const share of plan.shares) {
    assertNamedUserPermission(share);
    const email = String(share.requestBody!.emailAddress);
    if (owners.has(email)) {
      notShared.push({email, reason: 'owns the spreadsheet'});
      continue;
    }
    try {
      await apis.drive.permissions.create(share);
      sharedWith.push(email);
    } catch (e) {
      notShared.push({email, reason: describeApiError(e)});
    }
  }
  log(
    `4/4 shared with ${sharedWith.length ? sharedWith.join(', ') : 'nobody else'}${notShared.length ? `; not shared: ${notShared.map(n => `${n.email} (${n.reason})`).join('; ')}` : ''}`,
  );
  return {spreadsheetId, url, sharedWith, notShared, replanned};
}
