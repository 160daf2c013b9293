/**
 * `npm run provision` (issue 9): the BUILT command-line tool
 * (build/local/provision.js) is run as a person runs it.
 *
 * - --dry-run prints every API request; the requests build every tab,
 *   header, header note, number format, validation, width and protection of
 *   sheets-template/ (expectations read from the template files here, not
 *   from the code under test) for every panel profile;
 * - the printed requests compile against googleapis' own types
 *   (sheets_v4 / drive_v3) with excess-property checks;
 * - the tracker is shared with the named admins only (type user, never
 *   anyone or a domain);
 * - without credentials it explains how to get them and exits 3; bad
 *   arguments exit 2;
 * - one source, two writers: the printed requests, applied to the local
 *   Sheets stand-in, build the tracker setupTracker builds, and the add-on's
 *   own set-up then finds nothing to add.
 *
 * People and addresses are fictional.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {drive_v3, sheets_v4} from 'googleapis';
import {parseAt} from '../../local/clock';
import {createContext, Workspace} from '../../local/core';
import {readTabs} from '../../local/report';
import {
  createSheetsService,
  createSpreadsheet,
  readWorkbook,
} from '../../local/sheets';
import type {SheetData} from '../../local/sheets';
import {ProvisionApis, runProvision} from '../../local/provision';
import {TrackerSession} from '../../local/tracker-session';
import {PROVISIONS} from '../../src/domain/profiles';
import {alertArgs, build, ROOT, tracker} from '../app/helpers';

const CLI = path.join(ROOT, 'build/local/provision.js');
const AT = '2026-01-05T08:00';
const SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/drive.file',
];

// ---------------------------------------------------------------------------
// What the template files say (read here, independently of the code)
// ---------------------------------------------------------------------------

interface RawColumn {
  key: string;
  type: string;
  width: number;
  note?: string;
  values?: string[] | string;
  perAgency?: boolean;
}
interface RawTab {
  name: string;
  protection: string | null;
  hidden?: boolean;
  columns: RawColumn[];
}
const TEMPLATE = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'sheets-template/tabs.json'), 'utf8'),
) as {
  version: number;
  columnTypes: Record<string, {numberFormat: string}>;
  tabs: RawTab[];
};
const PROFILES = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'sheets-template/profiles.json'), 'utf8'),
) as Record<
  string,
  {panelName: string; agencies: Array<{code: string; name: string}>}
>;

interface ExpectedColumn {
  key: string;
  type: string;
  width: number;
  note?: string;
  values?: string[];
}

/** The template's tabs for a profile: per-agency columns and lists expanded. */
function expectedTabs(profile: string) {
  const codes = PROFILES[profile].agencies.map(a => a.code);
  const values = (v: RawColumn['values']) =>
    v === '{agencies}'
      ? codes
      : v === '{provisions}'
        ? [...PROVISIONS]
        : Array.isArray(v)
          ? v
          : undefined;
  return TEMPLATE.tabs.map((tab, index) => ({
    name: tab.name,
    index,
    hidden: tab.hidden ?? false,
    protection: tab.protection ?? null,
    columns: tab.columns.flatMap((c): ExpectedColumn[] =>
      c.perAgency
        ? codes.map(code => ({
            key: c.key.replace('{agency}', code),
            type: c.type,
            width: c.width,
            note: c.note?.replace('this agency', code),
            values: values(c.values),
          }))
        : [
            {
              key: c.key,
              type: c.type,
              width: c.width,
              note: c.note,
              values: values(c.values),
            },
          ],
    ),
  }));
}

// ---------------------------------------------------------------------------
// Running the built tool
// ---------------------------------------------------------------------------

/** What --dry-run prints: each call with the googleapis parameter type it is sent as. */
type PrintedCall =
  | {
      step: number;
      method: 'sheets.spreadsheets.create';
      params: sheets_v4.Params$Resource$Spreadsheets$Create;
    }
  | {
      step: number;
      method: 'sheets.spreadsheets.batchUpdate';
      params: sheets_v4.Params$Resource$Spreadsheets$Batchupdate;
    }
  | {
      step: number;
      method: 'sheets.spreadsheets.values.batchUpdate';
      params: sheets_v4.Params$Resource$Spreadsheets$Values$Batchupdate;
    }
  | {
      step: number;
      method: 'drive.permissions.create';
      params: drive_v3.Params$Resource$Permissions$Create;
    };

interface Printed {
  calls: PrintedCall[];
  create: sheets_v4.Params$Resource$Spreadsheets$Create;
  structure: sheets_v4.Params$Resource$Spreadsheets$Batchupdate;
  requests: sheets_v4.Schema$Request[];
  values: sheets_v4.Params$Resource$Spreadsheets$Values$Batchupdate;
  shares: drive_v3.Params$Resource$Permissions$Create[];
}

let home: string;

/** An environment with no credentials anywhere: an empty HOME, no gcloud, no GOOGLE_APPLICATION_CREDENTIALS. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TZ: 'Europe/London',
    HOME: home,
    CLOUDSDK_CONFIG: path.join(home, 'gcloud'),
    ...extra,
  };
}

function cli(args: string[], env: NodeJS.ProcessEnv = bareEnv()) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {status: r.status, stdout: r.stdout, stderr: r.stderr};
}

function dryRun(profile: string, admins: string[]): Printed {
  const r = cli([
    '--dry-run',
    '--profile',
    profile,
    ...admins.flatMap(a => ['--admin', a]),
    '--at',
    AT,
  ]);
  if (r.status !== 0)
    throw new Error(`dry run failed (${r.status}): ${r.stderr}`);
  const calls = JSON.parse(r.stdout) as PrintedCall[];
  const one = <M extends PrintedCall['method']>(m: M) =>
    calls.filter((c): c is Extract<PrintedCall, {method: M}> => c.method === m);
  const structure = one('sheets.spreadsheets.batchUpdate')[0].params;
  return {
    calls,
    create: one('sheets.spreadsheets.create')[0].params,
    structure,
    requests: structure.requestBody?.requests ?? [],
    values: one('sheets.spreadsheets.values.batchUpdate')[0].params,
    shares: one('drive.permissions.create').map(c => c.params),
  };
}

beforeAll(() => {
  build();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'provision-home-'));
});

afterAll(() => {
  fs.rmSync(home, {recursive: true, force: true});
});

// ---------------------------------------------------------------------------

describe('npm run provision -- --dry-run: the requests build the template', () => {
  const ADMINS = ['Ada Admin <admin@example.org>', 'deputy.admin@example.org'];
  const EMAILS = ['admin@example.org', 'deputy.admin@example.org'];

  it.each(Object.keys(PROFILES))(
    '%s: every tab, header, note, number format, validation, width and protection of sheets-template/',
    profile => {
      const p = dryRun(profile, ADMINS);
      const tabs = expectedTabs(profile);

      // The calls, in the order they are sent.
      expect(p.calls.map(c => c.method)).toEqual([
        'sheets.spreadsheets.create',
        'sheets.spreadsheets.batchUpdate',
        'sheets.spreadsheets.values.batchUpdate',
        'drive.permissions.create',
        'drive.permissions.create',
      ]);
      expect(p.create.requestBody?.properties).toEqual({
        title: `Panel Tracker — ${PROFILES[profile].panelName}`,
        locale: 'en_GB',
        timeZone: 'Europe/London',
      });

      const added = p.requests
        .filter(r => r.addSheet)
        .map(r => r.addSheet!.properties!);
      expect(added.map(a => a.title)).toEqual(tabs.map(t => t.name));
      const ids = new Map(added.map(a => [a.title!, a.sheetId!]));
      // The blank spreadsheet's own first sheet (sheetId 0) is never touched.
      expect([...ids.values()]).not.toContain(0);

      for (const tab of tabs) {
        const id = ids.get(tab.name)!;
        const props = added.find(a => a.title === tab.name)!;
        expect({
          tab: tab.name,
          index: props.index,
          hidden: props.hidden,
          frozen: props.gridProperties?.frozenRowCount,
        }).toEqual({
          tab: tab.name,
          index: tab.index,
          hidden: tab.hidden,
          frozen: 1,
        });
        expect(props.gridProperties!.columnCount!).toBeGreaterThanOrEqual(
          tab.columns.length,
        );
        const onTab = p.requests.filter(
          r =>
            JSON.stringify(r).includes(`"sheetId":${id},`) ||
            JSON.stringify(r).includes(`"sheetId":${id}}`),
        );

        // Header row: every key, with its note.
        const header = onTab.find(
          r => r.updateCells?.start?.rowIndex === 0,
        )!.updateCells!;
        expect(header.start).toEqual({
          sheetId: id,
          rowIndex: 0,
          columnIndex: 0,
        });
        const cells = header.rows![0].values!;
        expect(cells.map(c => c.userEnteredValue?.stringValue)).toEqual(
          tab.columns.map(c => c.key),
        );
        expect(cells.map(c => c.note ?? null)).toEqual(
          tab.columns.map(c => c.note ?? null),
        );
        expect(header.fields).toBe('userEnteredValue,note');
        // Header style: bold, the whole header width.
        const style = onTab.find(
          r =>
            r.repeatCell?.range?.startRowIndex === 0 &&
            r.repeatCell?.range?.endRowIndex === 1,
        )!;
        expect(
          style.repeatCell!.cell!.userEnteredFormat!.textFormat!.bold,
        ).toBe(true);
        expect(style.repeatCell!.range!.endColumnIndex).toBe(
          tab.columns.length,
        );

        tab.columns.forEach((col, c) => {
          const at = (
            r:
              | {
                  startColumnIndex?: number | null;
                  startRowIndex?: number | null;
                }
              | undefined,
          ) => r?.startColumnIndex === c && r?.startRowIndex === 1;
          // Number format: the template's pattern for the column type, every data row.
          const formats = onTab.filter(r =>
            at(r.repeatCell?.range ?? undefined),
          );
          if (col.type === 'bool') {
            expect(`${tab.name}.${col.key}: ${formats.length}`).toBe(
              `${tab.name}.${col.key}: 0`,
            );
          } else {
            expect(formats).toHaveLength(1);
            const f = formats[0].repeatCell!;
            expect(
              `${tab.name}.${col.key}: ${f.cell?.userEnteredFormat?.numberFormat?.pattern}`,
            ).toBe(
              `${tab.name}.${col.key}: ${TEMPLATE.columnTypes[col.type].numberFormat}`,
            );
            expect(f.range!.endColumnIndex).toBe(c + 1);
            expect(f.range!.endRowIndex).toBeUndefined();
            expect(f.fields).toBe('userEnteredFormat.numberFormat');
          }
          // Data validation: lists for enums, checkboxes for bools, real dates; else cleared.
          const rules = onTab.filter(r =>
            at(r.setDataValidation?.range ?? undefined),
          );
          expect(rules).toHaveLength(1);
          const rule = rules[0].setDataValidation!.rule;
          const expected =
            col.type === 'bool'
              ? {type: 'BOOLEAN', values: undefined}
              : col.type === 'enum' && col.values?.length
                ? {type: 'ONE_OF_LIST', values: col.values}
                : col.type === 'date'
                  ? {type: 'DATE_IS_VALID', values: undefined}
                  : undefined;
          expect({
            column: `${tab.name}.${col.key}`,
            rule: rule
              ? {
                  type: rule.condition?.type,
                  values: rule.condition?.values?.map(v => v.userEnteredValue),
                }
              : undefined,
          }).toEqual({column: `${tab.name}.${col.key}`, rule: expected});
          if (rule) expect(rule.strict).toBe(true);
          // Width.
          const width = onTab.find(
            r =>
              r.updateDimensionProperties?.range?.dimension === 'COLUMNS' &&
              r.updateDimensionProperties.range.startIndex === c,
          );
          expect(
            `${tab.name}.${col.key}: ${width?.updateDimensionProperties?.properties?.pixelSize}`,
          ).toBe(`${tab.name}.${col.key}: ${col.width}`);
        });

        // Protection: as the template says, editors only the named admins.
        const protections = onTab
          .filter(r => r.addProtectedRange)
          .map(r => r.addProtectedRange!.protectedRange!);
        if (!tab.protection) {
          expect(`${tab.name}: ${protections.length}`).toBe(`${tab.name}: 0`);
        } else {
          expect(protections).toHaveLength(1);
          const pr = protections[0];
          expect(pr.range).toEqual({sheetId: id});
          expect(pr.description).toContain(tab.name);
          if (tab.protection === 'warning') {
            expect(pr.warningOnly).toBe(true);
            expect(pr.editors).toBeUndefined();
          } else {
            // 'admins' and 'finance': no finance people exist before the add-on's set-up.
            expect(pr.warningOnly).toBe(false);
            expect([...(pr.editors?.users ?? [])].sort()).toEqual(EMAILS);
          }
        }
      }

      // Nothing else: every request is one of these kinds and on a created tab.
      const kinds = new Set(p.requests.flatMap(r => Object.keys(r)));
      expect([...kinds].sort()).toEqual(
        [
          'addProtectedRange',
          'addSheet',
          'repeatCell',
          'setDataValidation',
          'updateCells',
          'updateDimensionProperties',
        ].sort(),
      );
      const created = new Set(ids.values());
      for (const r of p.requests) {
        const sheetIds = [
          ...JSON.stringify(r).matchAll(/"sheetId":(\d+)/g),
        ].map(m => Number(m[1]));
        expect(sheetIds.length).toBeGreaterThan(0);
        for (const s of sheetIds) expect(created.has(s)).toBe(true);
      }
    },
  );

  it('writes the template version and the configuration rows under the right headers (RAW: never evaluated)', () => {
    const p = dryRun('kent-jrap', ADMINS);
    const tabs = expectedTabs('kent-jrap');
    expect(p.values.requestBody?.valueInputOption).toBe('RAW');
    const ranges = new Map(
      (p.values.requestBody?.data ?? []).map(d => [
        String(d.range),
        d.values ?? [],
      ]),
    );
    // Panels only where the profile lists its dates (kent-jrap's follow a cadence).
    const listed = (PROFILES['kent-jrap'] as {panelDates?: string[]}).panelDates
      ?.length;
    expect([...ranges.keys()].sort()).toEqual(
      [
        'Agencies',
        'Audit',
        'Holidays',
        'Members',
        ...(listed ? ['Panels'] : []),
        'Settings',
        '_System',
      ]
        .map(t => `'${t}'!A2`)
        .sort(),
    );
    const rows = (tab: string) => {
      const header = tabs.find(t => t.name === tab)!.columns.map(c => c.key);
      return ranges
        .get(`'${tab}'!A2`)!
        .map(r => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    };
    expect(rows('_System')).toEqual([
      {key: 'templateVersion', value: String(TEMPLATE.version)},
    ]);
    expect(rows('Agencies').map(a => [a.code, a.name])).toEqual(
      PROFILES['kent-jrap'].agencies.map(a => [a.code, a.name]),
    );
    // null: an empty cell (Sheets skips it), as the tracker adapter writes ''.
    expect(rows('Members')).toEqual([
      {
        email: 'admin@example.org',
        name: 'Ada Admin',
        role: 'admin',
        agency: null,
        active: true,
      },
      {
        email: 'deputy.admin@example.org',
        name: 'deputy.admin@example.org',
        role: 'admin',
        agency: null,
        active: true,
      },
    ]);
    expect(rows('Settings')[0]).toMatchObject({
      key: 'profile',
      value: 'kent-jrap',
    });
    expect(rows('Audit')).toEqual([
      expect.objectContaining({
        user: 'npm run provision',
        action: 'provision',
        recordId: 'kent-jrap',
      }),
    ]);
    // Holidays of this year and the next two (D1), as date serials under a date format.
    const years = new Set(
      rows('Holidays').map(h =>
        new Date(
          Date.UTC(1899, 11, 30) + Number(h.date) * 864e5,
        ).getUTCFullYear(),
      ),
    );
    expect([...years].sort()).toEqual([2026, 2027, 2028]);
  });

  it('S2: shares with the named admins only — type user, never anyone or a domain', () => {
    const p = dryRun('kent-jrap', [
      'Ada Admin <ADA.Admin@Example.org>',
      'bo.admin@example.org',
      'ada.admin@example.org', // the same person again: one permission
    ]);
    expect(p.shares).toEqual([
      expect.objectContaining({
        fileId: '<spreadsheetId returned by step 1>',
        sendNotificationEmail: true,
        requestBody: {
          type: 'user',
          role: 'writer',
          emailAddress: 'ada.admin@example.org',
        },
      }),
      expect.objectContaining({
        fileId: '<spreadsheetId returned by step 1>',
        sendNotificationEmail: true,
        requestBody: {
          type: 'user',
          role: 'writer',
          emailAddress: 'bo.admin@example.org',
        },
      }),
    ]);
    for (const s of p.shares) {
      expect(s.transferOwnership).toBeUndefined();
      expect(s.useDomainAdminAccess).toBeUndefined();
      // The notification names the tracker only.
      expect(s.emailMessage).toContain('Panel Tracker');
    }
    const json = JSON.stringify(p.calls);
    expect(json).not.toMatch(/"type":\s*"(anyone|domain|group)"/);
    expect(json).not.toMatch(/"domain"|allowFileDiscovery|domainUsersCanEdit/);
    // No address appears anywhere but the two admins'.
    const emails = new Set(
      [...json.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)].map(m =>
        m[0].toLowerCase(),
      ),
    );
    expect([...emails].sort()).toEqual([
      'ada.admin@example.org',
      'bo.admin@example.org',
    ]);
  });

  it('the printed requests compile against googleapis sheets_v4 / drive_v3 types (excess properties refused)', () => {
    const p = dryRun('kent-jrap', ADMINS);
    const dir = path.join(ROOT, 'test-output', `ship-types-${process.pid}`);
    fs.mkdirSync(dir, {recursive: true});
    const file = (name: string, printed: Printed) => {
      const f = path.join(dir, name);
      fs.writeFileSync(
        f,
        [
          "import type {sheets_v4} from 'googleapis/build/src/apis/sheets/v4';",
          "import type {drive_v3} from 'googleapis/build/src/apis/drive/v3';",
          `export const create: sheets_v4.Params$Resource$Spreadsheets$Create = ${JSON.stringify(printed.create)};`,
          `export const structure: sheets_v4.Params$Resource$Spreadsheets$Batchupdate = ${JSON.stringify(printed.structure)};`,
          `export const values: sheets_v4.Params$Resource$Spreadsheets$Values$Batchupdate = ${JSON.stringify(printed.values)};`,
          `export const shares: drive_v3.Params$Resource$Permissions$Create[] = ${JSON.stringify(printed.shares)};`,
          '',
        ].join('\n'),
      );
      return f;
    };
    // A control: the same output with two misspelt fields must be refused.
    const broken = JSON.parse(JSON.stringify(p)) as Printed;
    const grid = broken.structure.requestBody!.requests![0].addSheet!
      .properties!.gridProperties as Record<string, unknown>;
    grid.frozenRowCont = grid.frozenRowCount;
    delete grid.frozenRowCount;
    (broken.shares[0].requestBody as Record<string, unknown>).emailAdress =
      'admin@example.org';
    try {
      const good = file('printed.ts', p);
      const bad = file('misspelt.ts', broken);
      const r = spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'node_modules/typescript/bin/tsc'),
          '--noEmit',
          '--strict',
          '--skipLibCheck',
          '--target',
          'ES2020',
          '--module',
          'ESNext',
          '--moduleResolution',
          'Bundler',
          '--types',
          'node',
          good,
          bad,
        ],
        {cwd: ROOT, encoding: 'utf8', timeout: 120_000},
      );
      const errors = r.stdout.split('\n').filter(l => l.includes('error TS'));
      expect(errors.filter(l => l.includes('printed.ts'))).toEqual([]);
      expect(errors.filter(l => l.includes('misspelt.ts'))).toEqual([
        expect.stringMatching(
          /frozenRowCont\W+ does not exist in type 'Schema\$GridProperties'/,
        ),
        expect.stringMatching(
          /emailAdress\W+ does not exist in type 'Schema\$Permission'/,
        ),
      ]);
    } finally {
      fs.rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('npm run provision without credentials, and with bad arguments', () => {
  const ARGS = [
    '--profile',
    'kent-jrap',
    '--admin',
    'admin@example.org',
    '--at',
    AT,
  ];

  it('explains how to get credentials and exits 3 (nothing is sent)', () => {
    const r = cli(ARGS);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    for (const line of [
      'None were found',
      'Google Sheets API',
      'Google Drive API',
      'OAuth client ID ▸ Desktop app',
      '--credentials client_secret.json --save-token',
      'gcloud auth application-default login --client-id-file=client_secret.json',
      'npm run provision -- --dry-run',
      'docs/deploy.md',
      ...SCOPES,
    ])
      expect(r.stderr).toContain(line);
  });

  it('says which named credentials file is missing, and still exits 3', () => {
    const missing = path.join(home, 'nowhere.json');
    const a = cli([...ARGS, '--credentials', missing]);
    expect(a.status).toBe(3);
    expect(a.stderr).toContain(`--credentials: ${missing} does not exist.`);
    const b = cli(ARGS, bareEnv({GOOGLE_APPLICATION_CREDENTIALS: missing}));
    expect(b.status).toBe(3);
    expect(b.stderr).toContain(
      `GOOGLE_APPLICATION_CREDENTIALS: ${missing} does not exist.`,
    );
    expect(b.stderr).toContain('None were found');
  });

  it('refuses a service account key (the tracker belongs to a named officer) with exit 3', () => {
    const key = path.join(home, 'service-account.json');
    // A fictional key: never used, the kind alone is refused.
    fs.writeFileSync(
      key,
      JSON.stringify({
        type: 'service_account',
        client_email: 'robot@example.iam.gserviceaccount.com',
      }),
    );
    const r = cli([...ARGS, '--credentials', key]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('is a service account key');
    expect(r.stderr).toContain('OAuth client ID ▸ Desktop app');
  });

  it.each([
    ['no arguments', [], '--profile is required'],
    ['--profile without a value', ['--profile'], '--profile needs a value'],
    [
      'an unknown profile',
      ['--profile', 'nowhere-panel', '--admin', 'admin@example.org'],
      'Unknown panel profile "nowhere-panel"',
    ],
    ['no admin', ['--profile', 'kent-jrap'], 'Name at least one admin'],
    [
      'an admin that is not an email',
      ['--profile', 'kent-jrap', '--admin', 'Ada Admin'],
      '"Ada Admin" is not an email address',
    ],
    [
      'an unknown flag',
      [
        '--profile',
        'kent-jrap',
        '--admin',
        'admin@example.org',
        '--share-with-anyone',
      ],
      'unknown argument: --share-with-anyone',
    ],
    [
      'a clock it cannot read',
      [
        '--profile',
        'kent-jrap',
        '--admin',
        'admin@example.org',
        '--at',
        'next Tuesday',
      ],
      'cannot read the time',
    ],
  ])(
    '%s: exit 2, with the reason, also with --dry-run',
    (_name, args, reason) => {
      for (const extra of [[], ['--dry-run']]) {
        const r = cli([...extra, ...args]);
        expect(`${r.status} ${r.stderr.includes(reason)}`).toBe('2 true');
        expect(r.stdout).toBe('');
      }
    },
  );
});

// ---------------------------------------------------------------------------
// One source, two writers
// ---------------------------------------------------------------------------

/** Everything setup decides about a workbook's structure, by tab name. */
function structureOf(workspace: Workspace, id: string) {
  const wb = readWorkbook(workspace, id);
  const rule = (s: SheetData, r: number, c: number) => {
    const i = s.validations[r]?.[c];
    return i === null || i === undefined ? null : s.rules[i];
  };
  const width = (s: SheetData) =>
    Array.from({length: s.maxColumns}, (_, c) => c);
  return {
    sheets: wb.sheets.map(s => ({
      name: s.name,
      hidden: s.hidden,
      frozenRows: s.frozenRows,
      maxRows: s.maxRows,
      maxColumns: s.maxColumns,
      columnWidths: s.columnWidths,
      header: s.values[0] ?? [],
      notes: s.notes[0] ?? [],
      headerStyle: s.styles[0] ?? [],
      // First and last data rows: formats and rules cover every data row.
      formats: [s.formats[1] ?? [], s.formats[s.maxRows - 1] ?? []],
      validation: [1, s.maxRows - 1].map(r => width(s).map(c => rule(s, r, c))),
    })),
    protections: wb.protections
      .map(p => ({
        tab: wb.sheets.find(s => s.sheetId === p.sheetId)?.name,
        type: p.type,
        range: p.range,
        description: p.description,
        warningOnly: p.warningOnly,
        restricted: p.restricted,
        editors: [...p.editors].sort(),
      }))
      .sort((a, b) => String(a.tab).localeCompare(String(b.tab))),
  };
}

describe('one source, two writers: provision builds the tracker setupTracker builds', () => {
  const ADMIN = {
    email: 'admin@example.org',
    name: 'Ada Admin',
    role: 'admin',
    agency: '',
  };
  let byAddOn: ReturnType<typeof tracker>;
  let provisioned: TrackerSession;

  beforeAll(() => {
    // Writer 1: the add-on's Set up / upgrade on a blank spreadsheet (the built bundle).
    byAddOn = tracker({profile: 'kent-jrap', members: [ADMIN], at: AT});
    // Writer 2: the dry run's requests, sent to the local Sheets stand-in of
    // a blank spreadsheet, as runProvision sends them to Google.
    const p = dryRun('kent-jrap', [`${ADMIN.name} <${ADMIN.email}>`]);
    provisioned = TrackerSession.create({
      owner: ADMIN.email,
      bundlePath: path.join(ROOT, 'dist/Code.js'),
    });
    const ctx = createContext({
      workspace: provisioned.workspace,
      activeUser: ADMIN.email,
      startAt: parseAt(AT),
      activeSpreadsheetId: provisioned.spreadsheetId,
    });
    const sheets = createSheetsService(ctx);
    sheets.Spreadsheets.batchUpdate(
      p.structure
        .requestBody as GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetRequest,
      provisioned.spreadsheetId,
    );
    sheets.Spreadsheets.Values.batchUpdate(
      p.values
        .requestBody as GoogleAppsScript.Sheets.Schema.BatchUpdateValuesRequest,
      provisioned.spreadsheetId,
    );
  });

  afterAll(() => {
    for (const dir of [
      byAddOn?.session.workspace.dir,
      provisioned?.workspace.dir,
    ])
      if (dir) fs.rmSync(dir, {recursive: true, force: true});
  });

  it('the same tabs, headers, notes, formats, validation, widths and protections', () => {
    const a = structureOf(
      byAddOn.session.workspace,
      byAddOn.session.spreadsheetId,
    );
    const b = structureOf(provisioned.workspace, provisioned.spreadsheetId);
    expect(b.sheets.map(s => s.name)).toEqual(a.sheets.map(s => s.name));
    for (const [i, sheet] of a.sheets.entries())
      expect(b.sheets[i]).toEqual(sheet);
    expect(b.protections).toEqual(a.protections);
  });

  it('the same configuration rows (Settings, Agencies, Members, Holidays, Panels, template version)', () => {
    const a = readTabs(
      byAddOn.session.workspace,
      byAddOn.session.spreadsheetId,
    );
    const b = readTabs(provisioned.workspace, provisioned.spreadsheetId);
    for (const tab of ['Settings', 'Agencies', 'Members', 'Holidays', 'Panels'])
      expect({tab, rows: b[tab]}).toEqual({tab, rows: a[tab]});
    const version = (t: Record<string, unknown[][]>) =>
      t._System.find(r => r[0] === 'templateVersion');
    expect(version(b)).toEqual(version(a));
    expect(b.Audit.slice(1)).toEqual([
      [
        expect.any(String),
        'npm run provision',
        'provision',
        'kent-jrap',
        expect.stringContaining('Template v'),
      ],
    ]);
  });

  it("the add-on's Set up / upgrade then finds nothing to add but the Docs templates, and the tracker works", () => {
    const setup = provisioned.call('setupTracker', [{}], {
      as: ADMIN.email,
      at: parseAt('2026-01-05T09:00'),
    });
    expect(setup.errors).toEqual([]);
    expect(setup.result).toMatchObject({
      profile: 'kent-jrap',
      created: [],
      addedColumns: [],
      reported: [],
      membersAdded: 0,
      holidaysAdded: 0,
    });
    // Provisioning has no Docs scope: the outcome-note templates are the add-on's to make.
    expect(
      (setup.result as {templatesCreated: string[]}).templatesCreated.length,
    ).toBeGreaterThan(0);
    // Still the same structure as the add-on's own.
    expect(
      structureOf(provisioned.workspace, provisioned.spreadsheetId),
    ).toEqual(
      structureOf(byAddOn.session.workspace, byAddOn.session.spreadsheetId),
    );
    const alert = provisioned.call('submitAlert', [alertArgs()], {
      as: 'sw1@example.org',
      at: parseAt('2026-01-06T09:00'),
    });
    expect(alert.errors).toEqual([]);
    const cases = readTabs(
      provisioned.workspace,
      provisioned.spreadsheetId,
    ).Cases;
    expect(cases).toHaveLength(2);
    expect(cases[1][0]).toBe((alert.result as {caseId: string}).caseId);
  });
});

// ---------------------------------------------------------------------------
// runProvision: the same requests, sent in order (googleapis replaced by the
// local Sheets stand-in and a recording Drive)
// ---------------------------------------------------------------------------

describe('runProvision sends the planned requests (stand-in APIs)', () => {
  const OWNER = 'owner.admin@example.org';

  function standIn(
    opts: {
      firstSheet?: {sheetId: number; title: string};
      failStructure?: boolean;
      failShareTo?: string;
    } = {},
  ) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provision-run-'));
    const workspace = new Workspace(dir);
    const calls: Array<{method: string; params: Record<string, unknown>}> = [];
    let id = '';
    const first = opts.firstSheet ?? {sheetId: 0, title: 'Sheet1'};
    const service = () =>
      createSheetsService(
        createContext({
          workspace,
          activeUser: OWNER,
          startAt: parseAt(AT),
          activeSpreadsheetId: id,
        }),
      );
    const record = (method: string, params: object) =>
      calls.push({method, params: params as Record<string, unknown>});
    const apis: ProvisionApis = {
      sheets: {
        spreadsheets: {
          create: async params => {
            record('sheets.spreadsheets.create', params);
            const wb = createSpreadsheet(workspace, {
              name: String(params.requestBody?.properties?.title),
              owner: OWNER,
              sheetName: first.title,
            });
            id = wb.id;
            return {
              data: {
                spreadsheetId: wb.id,
                spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${wb.id}/edit`,
                sheets: [
                  {
                    properties: {
                      sheetId: first.sheetId,
                      title: first.title,
                      index: 0,
                      gridProperties: {rowCount: 1000, columnCount: 26},
                    },
                  },
                ],
              },
            };
          },
          batchUpdate: async params => {
            record('sheets.spreadsheets.batchUpdate', params);
            if (opts.failStructure)
              throw Object.assign(new Error('Invalid requests[3].addSheet'), {
                code: 400,
              });
            return {
              data: service().Spreadsheets.batchUpdate(
                params.requestBody as GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetRequest,
                String(params.spreadsheetId),
              ) as sheets_v4.Schema$BatchUpdateSpreadsheetResponse,
            };
          },
          values: {
            batchUpdate: async params => {
              record('sheets.spreadsheets.values.batchUpdate', params);
              return {
                data: service().Spreadsheets.Values.batchUpdate(
                  params.requestBody as GoogleAppsScript.Sheets.Schema.BatchUpdateValuesRequest,
                  String(params.spreadsheetId),
                ) as sheets_v4.Schema$BatchUpdateValuesResponse,
              };
            },
          },
        },
      },
      drive: {
        files: {
          get: async params => {
            record('drive.files.get', params);
            return {data: {owners: [{emailAddress: OWNER}]}};
          },
          delete: async params => {
            record('drive.files.delete', params);
            return {data: {}};
          },
        },
        permissions: {
          create: async params => {
            record('drive.permissions.create', params);
            if (params.requestBody?.emailAddress === opts.failShareTo)
              throw Object.assign(
                new Error(
                  'Bad Request. User message: "invalid sharing request"',
                ),
                {code: 400},
              );
            return {data: {id: 'p1', ...params.requestBody}};
          },
        },
      },
    };
    return {
      apis,
      calls,
      workspace,
      id: () => id,
      cleanup: () => fs.rmSync(dir, {recursive: true, force: true}),
    };
  }

  const options = (admins: string[]) => ({
    profile: 'kent-jrap',
    admins,
    now: parseAt(AT),
  });

  it('create, structure, values, then one share per admin who is not the owner — all on the new spreadsheet', async () => {
    const s = standIn();
    try {
      const out = await runProvision(
        options([OWNER, 'Ada Admin <admin@example.org>']),
        s.apis,
      );
      expect(out).toMatchObject({
        spreadsheetId: s.id(),
        sharedWith: ['admin@example.org'],
        replanned: false,
      });
      expect(out.notShared).toEqual([
        {email: OWNER, reason: 'owns the spreadsheet'},
      ]);
      expect(s.calls.map(c => c.method)).toEqual([
        'sheets.spreadsheets.create',
        'sheets.spreadsheets.batchUpdate',
        'sheets.spreadsheets.values.batchUpdate',
        'drive.files.get',
        'drive.permissions.create',
      ]);
      for (const c of s.calls.slice(1))
        expect(c.params.spreadsheetId ?? c.params.fileId).toBe(s.id());
      // Exactly the requests the dry run prints, with the real ID in place of the placeholder.
      const printed = dryRun('kent-jrap', [
        OWNER,
        'Ada Admin <admin@example.org>',
      ]);
      expect(s.calls[1].params.requestBody).toEqual(
        printed.structure.requestBody,
      );
      expect(s.calls[2].params.requestBody).toEqual(printed.values.requestBody);
      expect(s.calls[4].params).toEqual({...printed.shares[1], fileId: s.id()});
      const tabs = readTabs(s.workspace, s.id());
      expect(Object.keys(tabs)).toEqual([
        ...expectedTabs('kent-jrap').map(t => t.name),
        'Sheet1',
      ]);
    } finally {
      s.cleanup();
    }
  });

  it('plans again from the first sheet Sheets actually made, if it is not Sheet1 (sheetId 0)', async () => {
    const s = standIn({firstSheet: {sheetId: 7, title: 'Feuille 1'}});
    try {
      const out = await runProvision(options(['admin@example.org']), s.apis);
      expect(out.replanned).toBe(true);
      const requests = (
        s.calls[1].params
          .requestBody as sheets_v4.Schema$BatchUpdateSpreadsheetRequest
      ).requests!;
      const ids = requests
        .filter(r => r.addSheet)
        .map(r => r.addSheet!.properties!.sheetId);
      expect(ids).not.toContain(7);
      expect(Math.min(...(ids as number[]))).toBe(8);
    } finally {
      s.cleanup();
    }
  });

  it('a failed structure deletes the half-made spreadsheet and shares nothing', async () => {
    const s = standIn({failStructure: true});
    try {
      const lines: string[] = [];
      await expect(
        runProvision(options(['admin@example.org']), s.apis, l =>
          lines.push(l),
        ),
      ).rejects.toThrow('Invalid requests[3]');
      expect(s.calls.map(c => c.method)).toEqual([
        'sheets.spreadsheets.create',
        'sheets.spreadsheets.batchUpdate',
        'drive.files.delete',
      ]);
      expect(s.calls[2].params).toEqual({fileId: s.id()});
      expect(lines.join('\n')).toContain('was deleted');
    } finally {
      s.cleanup();
    }
  });

  it('a share that fails is reported; the others still happen', async () => {
    const s = standIn({failShareTo: 'left.council@example.org'});
    try {
      const out = await runProvision(
        options(['left.council@example.org', 'admin@example.org']),
        s.apis,
      );
      expect(out.sharedWith).toEqual(['admin@example.org']);
      expect(out.notShared).toEqual([
        {
          email: 'left.council@example.org',
          reason: expect.stringContaining('invalid sharing request'),
        },
      ]);
    } finally {
      s.cleanup();
    }
  });
});
