/**
 * The .xlsx export opens in ExcelJS with the values, real date cells,
 * formats, frozen header, widths, validations, notes, hidden and protected
 * sheets of the stored spreadsheet.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import {Workspace, createContext} from '../../local/core';
import {createSpreadsheetApp} from '../../local/sheets/spreadsheet-app';
import {createSpreadsheet} from '../../local/sheets/store';
import {excelNumberFormat, exportXlsx} from '../../local/sheets/xlsx';

let dir: string;
let workspace: Workspace;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheets-xlsx-'));
  workspace = new Workspace(dir);
});

afterEach(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

function buildTracker(): string {
  const {id} = createSpreadsheet(workspace, {
    name: 'Tracker',
    owner: 'admin@example.org',
  });
  const ctx = createContext({
    workspace,
    activeUser: 'admin@example.org',
    startAt: Date.parse('2026-01-05T09:00:00Z'),
    activeSpreadsheetId: id,
  });
  const App = createSpreadsheetApp(ctx);
  const ss = App.getActiveSpreadsheet()!;
  const cases = ss.getSheets()[0].setName('Cases');
  cases
    .getRange('A1:F1')
    .setValues([
      ['caseId', 'reviewDate', 'weeklyPence', 'share', 'status', 'link'],
    ]);
  cases.getRange('A1:F1').setFontWeight('bold');
  cases.setFrozenRows(1);
  cases.setColumnWidth(1, 210);
  cases.getRange('B2:B3').setNumberFormat('dd/mm/yyyy');
  cases.getRange('C2:C3').setNumberFormat('£#,##0.00');
  cases.getRange('D2:D3').setNumberFormat('0.00%');
  cases
    .getRange('E2:E3')
    .setDataValidation(
      App.newDataValidation()
        .requireValueInList(['open', 'closed'])
        .setAllowInvalid(false)
        .build(),
    );
  cases.getRange('A2:F3').setValues([
    [
      'JRAP-2026-0001',
      new Date(2026, 6, 1),
      1234.5,
      0.5,
      'open',
      '=HYPERLINK("https://x.test","case")',
    ],
    [
      'JRAP-2026-0002',
      new Date(2026, 0, 5),
      99,
      0.25,
      'closed',
      "'=not a formula",
    ],
  ]);
  cases.getRange('A2').setNote('referred by SCS');
  const settings = ss.insertSheet('Settings');
  settings.getRange('A1').setValue('profile');
  settings.hideSheet();
  const audit = ss.insertSheet('Audit');
  audit.getRange('A1').setValue('timestamp');
  const protection = audit.protect();
  protection.removeEditors(protection.getEditors());
  return id;
}

describe('exportXlsx', () => {
  it('translates Sheets number formats to Excel ones', () => {
    expect(excelNumberFormat('£#,##0.00')).toBe('"£"#,##0.00');
    expect(excelNumberFormat('dd/mm/yyyy hh:mm')).toBe('dd/mm/yyyy hh:mm');
    expect(excelNumberFormat('h:mm am/pm')).toBe('h:mm AM/PM');
    expect(excelNumberFormat('[$£-809]#,##0')).toBe('[$£-809]#,##0');
  });

  it('writes a workbook ExcelJS opens with the values, dates and formats', async () => {
    const id = buildTracker();
    const file = await exportXlsx(workspace, id);
    expect(file).toBe(path.join(dir, 'spreadsheets', `${id}.xlsx`));
    expect(
      fs
        .readdirSync(path.join(dir, 'spreadsheets'))
        .some(f => f.endsWith('.tmp')),
    ).toBe(false);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map(w => [w.name, w.state])).toEqual([
      ['Cases', 'visible'],
      ['Settings', 'hidden'],
      ['Audit', 'visible'],
    ]);

    const cases = book.getWorksheet('Cases')!;
    expect(cases.getCell('A1').value).toBe('caseId');
    expect(cases.getCell('A1').font?.bold).toBe(true);
    expect(cases.views[0]).toMatchObject({state: 'frozen', ySplit: 1});
    expect(cases.getColumn(1).width).toBe(30);
    const reviewDate = cases.getCell('B2').value as Date;
    expect(reviewDate).toBeInstanceOf(Date);
    expect(reviewDate.toISOString()).toBe('2026-07-01T00:00:00.000Z'); // wall clock
    expect(cases.getCell('B2').numFmt).toBe('dd/mm/yyyy');
    expect(cases.getCell('C2').value).toBe(1234.5);
    expect(cases.getCell('C2').numFmt).toBe('"£"#,##0.00');
    expect(cases.getCell('D3').numFmt).toBe('0.00%');
    expect(cases.getCell('F2').value).toEqual({
      formula: 'HYPERLINK("https://x.test","case")',
      result: 'case',
    });
    expect(cases.getCell('F3').value).toBe('=not a formula');
    expect(cases.getCell('A2').note).toBe('referred by SCS');
    expect(cases.getCell('E2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"open,closed"'],
      showErrorMessage: true,
    });

    // ExcelJS reads <sheetProtection> into a property its types leave out.
    const protection = (w: ExcelJS.Worksheet) =>
      (w as unknown as {sheetProtection?: {sheet?: boolean}}).sheetProtection ??
      null;
    expect(protection(book.getWorksheet('Audit')!)).toMatchObject({
      sheet: true,
    });
    expect(protection(cases)).toBeNull();
  });

  it('writes to a chosen file', async () => {
    const id = buildTracker();
    const target = path.join(dir, 'out', 'tracker.xlsx');
    await exportXlsx(workspace, id, target);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(target);
    expect(book.getWorksheet('Settings')!.getCell('A1').value).toBe('profile');
  });
});
