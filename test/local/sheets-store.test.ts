/**
 * The stored spreadsheet is live and shared: a second process sees writes at
 * once, concurrent writers lose nothing, a failed change writes nothing, and
 * a 10,000-row table survives a round trip.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import {Workspace, createContext, writeJsonAtomic} from '../../local/core';
import {createSheetsService} from '../../local/sheets/sheets-api';
import {createSpreadsheetApp} from '../../local/sheets/spreadsheet-app';
import {
  createSpreadsheet,
  deleteSpreadsheet,
  listSpreadsheets,
  mutateWorkbook,
  readWorkbook,
  spreadsheetFile,
} from '../../local/sheets/store';

const START = Date.parse('2026-01-05T09:00:00Z');

let dir: string;
let workspace: Workspace;

function context(id: string) {
  return createContext({
    workspace,
    activeUser: 'admin@example.org',
    startAt: START,
    activeSpreadsheetId: id,
  });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheets-store-'));
  workspace = new Workspace(dir);
});

afterEach(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

describe('spreadsheet files', () => {
  it('creates, lists and deletes spreadsheets', () => {
    const a = createSpreadsheet(workspace, {
      name: 'Tracker',
      owner: 'admin@example.org',
    });
    const b = createSpreadsheet(workspace, {
      name: 'Archive 2026',
      owner: 'admin@example.org',
    });
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(fs.existsSync(spreadsheetFile(workspace, a.id))).toBe(true);
    expect(listSpreadsheets(workspace).map(s => s.name)).toEqual([
      'Archive 2026',
      'Tracker',
    ]);
    expect(deleteSpreadsheet(workspace, b.id)).toBe(true);
    expect(deleteSpreadsheet(workspace, b.id)).toBe(false);
    expect(listSpreadsheets(workspace)).toEqual([
      {
        id: a.id,
        name: 'Tracker',
        owner: 'admin@example.org',
        sheets: ['Sheet1'],
      },
    ]);
  });

  it('sees a change made behind its back at once', () => {
    const {id} = createSpreadsheet(workspace, {
      name: 'T',
      owner: 'admin@example.org',
    });
    const sheet = createSpreadsheetApp(context(id)).openById(id).getSheets()[0];
    expect(sheet.getRange('A1').getValue()).toBe('');
    // Another writer replaces the file (as another process would).
    const file = spreadsheetFile(workspace, id);
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    data.sheets[0].values = [['from elsewhere']];
    writeJsonAtomic(file, data);
    expect(sheet.getRange('A1').getValue()).toBe('from elsewhere');
  });

  it('writes nothing when a change throws', () => {
    const {id} = createSpreadsheet(workspace, {
      name: 'T',
      owner: 'admin@example.org',
    });
    const before = fs.readFileSync(spreadsheetFile(workspace, id), 'utf8');
    expect(() =>
      mutateWorkbook(workspace, id, wb => {
        wb.name = 'half-done';
        throw new Error('crash mid-way');
      }),
    ).toThrow('crash mid-way');
    expect(fs.readFileSync(spreadsheetFile(workspace, id), 'utf8')).toBe(
      before,
    );
    expect(readWorkbook(workspace, id).name).toBe('T');
  });

  it('ignores a temporary file left by a writer killed mid-write', () => {
    const {id} = createSpreadsheet(workspace, {
      name: 'T',
      owner: 'admin@example.org',
    });
    const file = spreadsheetFile(workspace, id);
    fs.writeFileSync(`${file}.99999.deadbeef.tmp`, '{"half":');
    fs.writeFileSync(`${file}.mutex`, '99999999 0'); // owner process is gone
    const sheet = createSpreadsheetApp(context(id)).openById(id).getSheets()[0];
    sheet.getRange('A1').setValue('still works');
    expect(sheet.getRange('A1').getValue()).toBe('still works');
  });
});

describe('two processes', () => {
  /** Bundle a tiny appender script (ts cannot run in node 20 directly). */
  function buildAppender(outDir: string): string {
    const entry = path.join(outDir, 'appender.ts');
    const local = path.resolve(__dirname, '../../local');
    fs.writeFileSync(
      entry,
      `
import {Workspace, createContext} from ${JSON.stringify(path.join(local, 'core'))};
import {createSheetsService} from ${JSON.stringify(path.join(local, 'sheets/sheets-api'))};
import {createSpreadsheetApp} from ${JSON.stringify(path.join(local, 'sheets/spreadsheet-app'))};
const [dir, id, tag, count] = process.argv.slice(2);
const ctx = createContext({workspace: new Workspace(dir), activeUser: 'admin@example.org',
  startAt: 0, activeSpreadsheetId: id});
const Sheets = createSheetsService(ctx);
const sheet = createSpreadsheetApp(ctx).openById(id).getSheets()[0];
for (let i = 0; i < Number(count); i++) {
  if (i % 2) sheet.appendRow([tag + '-' + i, i]);
  else Sheets.Spreadsheets.batchUpdate({requests: [{appendCells: {sheetId: 0,
    rows: [{values: [{userEnteredValue: {stringValue: tag + '-' + i}},
                     {userEnteredValue: {numberValue: i}}]}],
    fields: 'userEnteredValue'}}]}, id);
}
`,
    );
    const outfile = path.join(outDir, 'appender.mjs');
    esbuild.buildSync({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
    return outfile;
  }

  function run(script: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [script, ...args], {stdio: 'pipe'});
      let err = '';
      child.stderr.on('data', d => (err += d));
      child.on('exit', code =>
        code === 0 ? resolve() : reject(new Error(`exit ${code}: ${err}`)),
      );
    });
  }

  it('append concurrently to one workspace and lose nothing', async () => {
    const {id} = createSpreadsheet(workspace, {
      name: 'T',
      owner: 'admin@example.org',
      rows: 20,
    });
    const script = buildAppender(dir);
    const perProcess = 40;
    await Promise.all([
      run(script, [dir, id, 'p1', String(perProcess)]),
      run(script, [dir, id, 'p2', String(perProcess)]),
    ]);
    const res = createSheetsService(context(id)).Spreadsheets.Values.get(
      id,
      'Sheet1',
      {
        valueRenderOption: 'UNFORMATTED_VALUE',
      },
    );
    const tags = res.values!.map(r => r[0] as string);
    expect(tags).toHaveLength(2 * perProcess);
    expect(new Set(tags).size).toBe(2 * perProcess);
    for (const p of ['p1', 'p2']) {
      const mine = tags.filter(t => t.startsWith(`${p}-`));
      // Each process's rows are in its own order.
      expect(mine).toEqual(
        Array.from({length: perProcess}, (_, i) => `${p}-${i}`),
      );
    }
    expect(readWorkbook(workspace, id).sheets[0].maxRows).toBe(2 * perProcess);
  });
});

describe('a 10,000 x 30 table', () => {
  it('survives a round trip through both services', () => {
    const {id} = createSpreadsheet(workspace, {
      name: 'Big',
      owner: 'admin@example.org',
    });
    const ctx = context(id);
    const Sheets = createSheetsService(ctx);
    const rowsCount = 10_000;
    const cols = 30;
    Sheets.Spreadsheets.batchUpdate(
      {
        requests: [
          {
            updateSheetProperties: {
              properties: {
                sheetId: 0,
                gridProperties: {rowCount: rowsCount, columnCount: cols},
              },
              fields: 'gridProperties.rowCount,gridProperties.columnCount',
            },
          },
        ],
      },
      id,
    );
    const table = Array.from({length: rowsCount}, (_, r) =>
      Array.from({length: cols}, (_, c) =>
        c === 0
          ? `CASE-${r}`
          : c % 3 === 0
            ? r * c
            : c % 3 === 1
              ? `v${r}.${c}`
              : r % 2 === 0,
      ),
    );
    const sheet = createSpreadsheetApp(ctx).openById(id).getSheets()[0];
    sheet.getRange(1, 1, rowsCount, cols).setValues(table);
    const back = Sheets.Spreadsheets.Values.batchGet(id, {
      ranges: ['Sheet1'],
      valueRenderOption: 'UNFORMATTED_VALUE',
    }).valueRanges![0];
    expect(back.range).toBe('Sheet1!A1:AD10000');
    expect(back.values).toEqual(table);
    expect(sheet.getRange(1, 1, rowsCount, cols).getValues()).toEqual(table);
    sheet.appendRow(['one more']);
    expect(sheet.getMaxRows()).toBe(rowsCount + 1);
    expect(sheet.getLastRow()).toBe(rowsCount + 1);
  });
});
