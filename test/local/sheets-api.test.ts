/**
 * The Advanced Sheets service stand-in: ValueRange shapes, render and input
 * options, atomic batchUpdate, and formula-injection safety (SPEC S3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {ExecutionContext, Workspace, createContext} from '../../local/core';
import {createSheetsService} from '../../local/sheets/sheets-api';
import {createSpreadsheetApp} from '../../local/sheets/spreadsheet-app';
import {createSpreadsheet, readWorkbook} from '../../local/sheets/store';

type CellData = GoogleAppsScript.Sheets.Schema.CellData;

const START = Date.parse('2026-01-05T09:00:00Z');

let dir: string;
let workspace: Workspace;
let id: string;
let ctx: ExecutionContext;

function service() {
  return createSheetsService(ctx);
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an exception');
}

const str = (s: string): CellData => ({userEnteredValue: {stringValue: s}});
const num = (n: number): CellData => ({userEnteredValue: {numberValue: n}});

/** Every payload a form field could use to make a sheet evaluate text. */
const INJECTIONS = [
  '=1+1',
  '+1+1',
  '-1+1',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
  "'=1+1",
  '=HYPERLINK("https://evil.example","click")',
  '=IMPORTXML("https://evil.example","//a")',
  "=cmd|' /C calc'!A0",
  '+1',
  '-1',
  '00123',
  'TRUE',
  '1/2/2026',
  '12%',
  '£5',
];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheets-api-'));
  workspace = new Workspace(dir);
  id = createSpreadsheet(workspace, {
    name: 'Tracker',
    owner: 'admin@example.org',
  }).id;
  ctx = createContext({
    workspace,
    activeUser: 'admin@example.org',
    startAt: START,
    activeSpreadsheetId: id,
  });
  service().Spreadsheets.batchUpdate(
    {
      requests: [
        {addSheet: {properties: {title: 'Cases', sheetId: 10}}},
        {addSheet: {properties: {title: 'Members', sheetId: 11}}},
        {addSheet: {properties: {title: 'My Tab', sheetId: 12}}},
        {addSheet: {properties: {title: 'Empty', sheetId: 13}}},
      ],
    },
    id,
  );
});

afterEach(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

describe('values.batchGet', () => {
  beforeEach(() => {
    service().Spreadsheets.Values.update(
      {
        values: [
          ['caseId', 'cost', 'date', 'note'],
          ['JRAP-2026-0001', '£1,234.50', '1/2/2026', 'a'],
          ['JRAP-2026-0002', 500, '', ''],
          [],
          ['JRAP-2026-0003', '', '', 'z'],
        ],
      },
      id,
      'Cases!A1',
      {valueInputOption: 'USER_ENTERED'},
    );
  });

  it('answers the requested range clipped to the grid, omitting trailing empties', () => {
    const res = service().Spreadsheets.Values.batchGet(id, {
      ranges: ['Cases', 'Members!A1:F', 'Empty', "'My Tab'!A1:B2"],
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'SERIAL_NUMBER',
    });
    expect(res.spreadsheetId).toBe(id);
    expect(res.valueRanges).toEqual([
      {
        range: 'Cases!A1:Z1000',
        majorDimension: 'ROWS',
        values: [
          ['caseId', 'cost', 'date', 'note'],
          ['JRAP-2026-0001', 1234.5, 46054, 'a'],
          ['JRAP-2026-0002', 500],
          [],
          ['JRAP-2026-0003', '', '', 'z'],
        ],
      },
      {range: 'Members!A1:F1000', majorDimension: 'ROWS'},
      {range: 'Empty!A1:Z1000', majorDimension: 'ROWS'},
      {range: "'My Tab'!A1:B2", majorDimension: 'ROWS'},
    ]);
  });

  it('renders formatted values, formatted dates and formulas', () => {
    const Values = service().Spreadsheets.Values;
    const range = 'Cases!B2:C2';
    expect(
      Values.get(id, range, {valueRenderOption: 'FORMATTED_VALUE'}).values,
    ).toEqual([['£1,234.50', '01/02/2026']]);
    expect(
      Values.get(id, range, {
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'FORMATTED_STRING',
      }).values,
    ).toEqual([[1234.5, '01/02/2026']]);
    expect(Values.get(id, range).values).toEqual([['£1,234.50', '01/02/2026']]);
    Values.update({values: [['=1+1']]}, id, 'Cases!E1', {
      valueInputOption: 'USER_ENTERED',
    });
    expect(
      Values.get(id, 'Cases!E1', {valueRenderOption: 'FORMULA'}).values,
    ).toEqual([['=1+1']]);
    expect(
      Values.get(id, 'Cases!E1', {valueRenderOption: 'UNFORMATTED_VALUE'})
        .values,
    ).toEqual([[2]]);
  });

  it('reads by columns', () => {
    const res = service().Spreadsheets.Values.get(id, 'Cases!A1:B3', {
      majorDimension: 'COLUMNS',
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(res.values).toEqual([
      ['caseId', 'JRAP-2026-0001', 'JRAP-2026-0002'],
      ['cost', 1234.5, 500],
    ]);
  });

  it('fails as Apps Script reports advanced-service errors', () => {
    const Values = service().Spreadsheets.Values;
    const e = thrown(() => Values.batchGet(id, {ranges: ['Foo!A1']}));
    expect(e.name).toBe('GoogleJsonResponseException');
    expect(e.message).toBe(
      'API call to sheets.spreadsheets.values.batchGet failed with error: Unable to parse range: Foo!A1',
    );
    expect(
      thrown(() => Values.batchGet('missing', {ranges: ['Cases']})).message,
    ).toBe(
      'API call to sheets.spreadsheets.values.batchGet failed with error: Requested entity was not found.',
    );
    expect(thrown(() => Values.get(id, 'Cases!AA1:AB5')).message).toBe(
      'API call to sheets.spreadsheets.values.get failed with error: Range (Cases!AA1:AB5) exceeds grid limits. Max rows: 1000, max columns: 26',
    );
  });
});

describe('formula injection (S3)', () => {
  it('stores every payload written as stringValue as text, never evaluated', () => {
    const Sheets = service();
    Sheets.Spreadsheets.batchUpdate(
      {
        requests: [
          {
            appendCells: {
              sheetId: 10,
              rows: INJECTIONS.map(s => ({values: [str(s)]})),
              fields: 'userEnteredValue',
            },
          },
          {
            updateCells: {
              start: {sheetId: 10, rowIndex: 0, columnIndex: 1},
              rows: INJECTIONS.map(s => ({values: [str(s)]})),
              fields: 'userEnteredValue',
            },
          },
        ],
      },
      id,
    );
    const expected = INJECTIONS.map(s => [s, s]);
    for (const valueRenderOption of [
      'UNFORMATTED_VALUE',
      'FORMULA',
      'FORMATTED_VALUE',
    ]) {
      expect(
        Sheets.Spreadsheets.Values.get(id, `Cases!A1:B${INJECTIONS.length}`, {
          valueRenderOption,
        }).values,
      ).toEqual(expected);
    }
    const range = createSpreadsheetApp(ctx)
      .openById(id)
      .getSheetByName('Cases')!
      .getRange(1, 1, INJECTIONS.length, 2);
    expect(range.getValues()).toEqual(expected);
    expect(
      range
        .getFormulas()
        .flat()
        .every(f => f === ''),
    ).toBe(true);
  });

  it('stores every payload written RAW as text', () => {
    const Values = service().Spreadsheets.Values;
    Values.update({values: INJECTIONS.map(s => [s])}, id, 'Cases!A1', {
      valueInputOption: 'RAW',
    });
    Values.append({values: INJECTIONS.map(s => [s])}, id, 'Members', {
      valueInputOption: 'RAW',
    });
    const expected = INJECTIONS.map(s => [s]);
    for (const range of [`Cases!A1:A${INJECTIONS.length}`, 'Members']) {
      expect(
        Values.get(id, range, {valueRenderOption: 'FORMULA'}).values,
      ).toEqual(expected);
      expect(
        Values.get(id, range, {valueRenderOption: 'UNFORMATTED_VALUE'}).values,
      ).toEqual(expected);
    }
  });

  it('USER_ENTERED, by contrast, evaluates a formula', () => {
    const Values = service().Spreadsheets.Values;
    Values.update({values: [['=1+1', "'=1+1"]]}, id, 'Cases!A1', {
      valueInputOption: 'USER_ENTERED',
    });
    expect(
      Values.get(id, 'Cases!A1:B1', {valueRenderOption: 'UNFORMATTED_VALUE'})
        .values,
    ).toEqual([[2, '=1+1']]);
  });
});

describe('spreadsheets.batchUpdate', () => {
  it('applies nothing when any request is invalid', () => {
    const Sheets = service();
    const before = readWorkbook(workspace, id).version;
    const e = thrown(() =>
      Sheets.Spreadsheets.batchUpdate(
        {
          requests: [
            {
              updateCells: {
                start: {sheetId: 10, rowIndex: 0, columnIndex: 0},
                rows: [{values: [str('first')]}],
                fields: 'userEnteredValue',
              },
            },
            {addSheet: {properties: {title: 'Fresh'}}},
            {
              updateCells: {
                start: {sheetId: 999, rowIndex: 0, columnIndex: 0},
                rows: [{values: [str('second')]}],
                fields: 'userEnteredValue',
              },
            },
          ],
        },
        id,
      ),
    );
    expect(e.name).toBe('GoogleJsonResponseException');
    expect(e.message).toBe(
      'API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests[2].updateCells: No grid with id: 999',
    );
    expect(readWorkbook(workspace, id).version).toBe(before);
    expect(Sheets.Spreadsheets.Values.get(id, 'Cases').values).toBeUndefined();
    expect(
      Sheets.Spreadsheets.get(id).sheets!.map(s => s.properties!.title),
    ).not.toContain('Fresh');
  });

  it('appendCells writes after the last row and grows the grid', () => {
    const Sheets = service();
    Sheets.Spreadsheets.batchUpdate(
      {
        requests: [
          {
            updateSheetProperties: {
              properties: {sheetId: 10, gridProperties: {rowCount: 2}},
              fields: 'gridProperties.rowCount',
            },
          },
          {
            updateCells: {
              start: {sheetId: 10},
              rows: [
                {values: [str('h1'), str('h2')]},
                {values: [str('a'), num(1)]},
              ],
              fields: 'userEnteredValue',
            },
          },
          {
            appendCells: {
              sheetId: 10,
              rows: [
                {values: [str('b'), num(2)]},
                {values: [str('c'), num(3)]},
              ],
              fields: 'userEnteredValue',
            },
          },
        ],
      },
      id,
    );
    const res = Sheets.Spreadsheets.Values.get(id, 'Cases', {
      valueRenderOption: 'UNFORMATTED_VALUE',
    });
    expect(res.range).toBe('Cases!A1:Z4');
    expect(res.values).toEqual([
      ['h1', 'h2'],
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('updateCells writes values and number formats, and clears cells left without a value', () => {
    const Sheets = service();
    Sheets.Spreadsheets.batchUpdate(
      {
        requests: [
          {
            updateCells: {
              start: {sheetId: 10, rowIndex: 1, columnIndex: 0},
              rows: [
                {
                  values: [
                    {
                      userEnteredValue: {numberValue: 46054},
                      userEnteredFormat: {
                        numberFormat: {type: 'DATE', pattern: 'dd/mm/yyyy'},
                      },
                    },
                    {
                      userEnteredValue: {numberValue: 123456},
                      userEnteredFormat: {
                        numberFormat: {type: 'CURRENCY', pattern: '£#,##0.00'},
                      },
                    },
                    {userEnteredValue: {boolValue: true}},
                    {userEnteredValue: {formulaValue: '=1+1'}},
                  ],
                },
              ],
              fields: 'userEnteredValue,userEnteredFormat.numberFormat',
            },
          },
        ],
      },
      id,
    );
    const sheet = createSpreadsheetApp(ctx)
      .openById(id)
      .getSheetByName('Cases')!;
    const [date, pence, flag, two] = sheet.getRange('A2:D2').getValues()[0];
    expect((date as Date).getTime()).toBe(Date.parse('2026-02-01T00:00:00Z'));
    expect([pence, flag, two]).toEqual([123456, true, 2]);
    expect(sheet.getRange('A2:B2').getDisplayValues()).toEqual([
      ['01/02/2026', '£123,456.00'],
    ]);
    Sheets.Spreadsheets.batchUpdate(
      {
        requests: [
          {
            updateCells: {
              start: {sheetId: 10, rowIndex: 1, columnIndex: 2},
              rows: [{values: [{}]}],
              fields: 'userEnteredValue',
            },
          },
        ],
      },
      id,
    );
    expect(sheet.getRange('C2').getValue()).toBe('');
  });

  it('refuses to write outside the grid', () => {
    const Sheets = service();
    const write = (rowIndex: number, rows: number) => () =>
      Sheets.Spreadsheets.batchUpdate(
        {
          requests: [
            {
              updateCells: {
                start: {sheetId: 10, rowIndex, columnIndex: 0},
                rows: Array.from({length: rows}, () => ({values: [str('x')]})),
                fields: 'userEnteredValue',
              },
            },
          ],
        },
        id,
      );
    expect(thrown(write(1000, 1)).message).toBe(
      'API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests[0].updateCells: GridCoordinate.rowIndex[1000] is after last row in grid[999]',
    );
    expect(thrown(write(999, 2)).message).toBe(
      'API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests[0].updateCells: Range (Cases!A1000:A1001) exceeds grid limits. Max rows: 1000, max columns: 26',
    );
  });

  it('inserts and deletes rows, adds sheets and updates their properties', () => {
    const Sheets = service();
    Sheets.Spreadsheets.Values.update(
      {values: [['a'], ['b'], ['c']]},
      id,
      'Cases!A1',
      {
        valueInputOption: 'RAW',
      },
    );
    const res = Sheets.Spreadsheets.batchUpdate(
      {
        requests: [
          {
            insertDimension: {
              range: {
                sheetId: 10,
                dimension: 'ROWS',
                startIndex: 1,
                endIndex: 3,
              },
              inheritFromBefore: true,
            },
          },
          {
            deleteDimension: {
              range: {
                sheetId: 10,
                dimension: 'ROWS',
                startIndex: 0,
                endIndex: 1,
              },
            },
          },
          {
            addSheet: {
              properties: {title: 'Audit', gridProperties: {rowCount: 10}},
            },
          },
          {
            updateSheetProperties: {
              properties: {
                sheetId: 10,
                title: 'Cases v2',
                hidden: true,
                gridProperties: {frozenRowCount: 1},
              },
              fields: 'title,hidden,gridProperties.frozenRowCount',
            },
          },
        ],
      },
      id,
    );
    expect(res.replies![2].addSheet!.properties).toMatchObject({
      title: 'Audit',
      sheetId: 14,
      gridProperties: {rowCount: 10, columnCount: 26},
    });
    expect(
      Sheets.Spreadsheets.Values.get(id, "'Cases v2'!A1:A5").values,
    ).toEqual([[], [], ['b'], ['c']]);
    const meta = Sheets.Spreadsheets.get(id, {fields: 'sheets.properties'});
    expect(meta.properties).toEqual({
      title: 'Tracker',
      locale: 'en_GB',
      timeZone: 'Europe/London',
      autoRecalc: 'ON_CHANGE',
    });
    expect(
      meta.sheets!.find(s => s.properties!.sheetId === 10)!.properties,
    ).toEqual({
      sheetId: 10,
      title: 'Cases v2',
      index: 1,
      sheetType: 'GRID',
      hidden: true,
      gridProperties: {rowCount: 1001, columnCount: 26, frozenRowCount: 1},
    });
    expect(
      thrown(() =>
        Sheets.Spreadsheets.batchUpdate(
          {requests: [{addSheet: {properties: {title: 'Audit'}}}]},
          id,
        ),
      ).message,
    ).toBe(
      'API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests[0].addSheet: A sheet with the name "Audit" already exists. Please enter another name.',
    );
  });
});

describe('values.update / batchUpdate / append', () => {
  it('append writes after the table and grows the grid', () => {
    const Values = service().Spreadsheets.Values;
    Values.update(
      {
        values: [
          ['id', 'name'],
          ['1', 'Ann'],
        ],
      },
      id,
      'Members!A1',
      {
        valueInputOption: 'USER_ENTERED',
      },
    );
    const res = Values.append({values: [['2', 'Bob']]}, id, 'Members!A1:B', {
      valueInputOption: 'USER_ENTERED',
    });
    expect(res.tableRange).toBe('Members!A1:B2');
    expect(res.updates).toEqual({
      spreadsheetId: id,
      updatedRange: 'Members!A3:B3',
      updatedRows: 1,
      updatedColumns: 2,
      updatedCells: 2,
    });
    service().Spreadsheets.batchUpdate(
      {
        requests: [
          {
            updateSheetProperties: {
              properties: {sheetId: 11, gridProperties: {rowCount: 3}},
              fields: 'gridProperties.rowCount',
            },
          },
        ],
      },
      id,
    );
    const grown = Values.append(
      {
        values: [
          ['3', 'Cy'],
          ['4', 'Di'],
        ],
      },
      id,
      'Members',
      {
        valueInputOption: 'RAW',
      },
    );
    expect(grown.updates!.updatedRange).toBe('Members!A4:B5');
    expect(
      Values.get(id, 'Members', {valueRenderOption: 'UNFORMATTED_VALUE'}),
    ).toEqual({
      range: 'Members!A1:Z5',
      majorDimension: 'ROWS',
      values: [
        ['id', 'name'],
        [1, 'Ann'],
        [2, 'Bob'],
        ['3', 'Cy'],
        ['4', 'Di'],
      ],
    });
  });

  it('update refuses to write past its range or the grid, and needs an input option', () => {
    const Values = service().Spreadsheets.Values;
    expect(
      thrown(() =>
        Values.update({values: [[1], [2], [3]]}, id, 'Cases!A1:A2', {
          valueInputOption: 'RAW',
        }),
      ).message,
    ).toBe(
      "API call to sheets.spreadsheets.values.update failed with error: Requested writing within range ['Cases'!A1:A2], but tried writing to row [3]",
    );
    expect(
      thrown(() =>
        Values.update({values: [[1], [2]]}, id, 'Cases!A1000', {
          valueInputOption: 'RAW',
        }),
      ).message,
    ).toBe(
      "API call to sheets.spreadsheets.values.update failed with error: Requested writing within range ['Cases'!A1000], but tried writing to row [1001]",
    );
    expect(
      thrown(() => Values.update({values: [[1]]}, id, 'Cases!A1', {})).message,
    ).toBe(
      'API call to sheets.spreadsheets.values.update failed with error: Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED',
    );
  });

  it('batchUpdate of values is all-or-nothing and skips nulls', () => {
    const Values = service().Spreadsheets.Values;
    Values.update({values: [['keep', 'keep']]}, id, 'Cases!A1', {
      valueInputOption: 'RAW',
    });
    const res = Values.batchUpdate(
      {
        valueInputOption: 'RAW',
        data: [
          {range: 'Cases!A1:B1', values: [[null, 'new']]},
          {range: 'Members!A1', values: [['m']]},
        ],
      },
      id,
    );
    expect(res.totalUpdatedCells).toBe(2);
    expect(res.totalUpdatedSheets).toBe(2);
    expect(Values.get(id, 'Cases!A1:B1').values).toEqual([['keep', 'new']]);
    const e = thrown(() =>
      Values.batchUpdate(
        {
          valueInputOption: 'RAW',
          data: [
            {range: 'Cases!A1', values: [['changed']]},
            {range: 'Nope!A1', values: [['x']]},
          ],
        },
        id,
      ),
    );
    expect(e.message).toBe(
      'API call to sheets.spreadsheets.values.batchUpdate failed with error: Invalid data[1]: Unable to parse range: Nope!A1',
    );
    expect(Values.get(id, 'Cases!A1').values).toEqual([['keep']]);
  });
});

describe('call counting', () => {
  it('counts each call once with the cells moved as units', () => {
    const Sheets = service();
    Sheets.Spreadsheets.Values.update(
      {
        values: [
          ['a', 'b'],
          ['c', 'd'],
        ],
      },
      id,
      'Cases!A1',
      {
        valueInputOption: 'RAW',
      },
    );
    const before = ctx.calls.modelledTimeMs;
    Sheets.Spreadsheets.Values.batchGet(id, {ranges: ['Cases', 'Members']});
    expect(ctx.calls.modelledTimeMs - before).toBeCloseTo(250 + 4 * 0.01);
    expect(ctx.calls.byMethod()).toEqual({
      'Sheets.Spreadsheets.Values.batchGet': 1,
      'Sheets.Spreadsheets.Values.update': 1,
      'Sheets.Spreadsheets.batchUpdate': 1,
    });
  });
});
