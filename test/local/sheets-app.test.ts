/**
 * SpreadsheetApp stand-in: Apps Script's values, messages and behaviours.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import {
  ContextOptions,
  ExecutionContext,
  Realm,
  Workspace,
  createContext,
} from '../../local/core';
import {createSpreadsheetApp} from '../../local/sheets/spreadsheet-app';
import {createSpreadsheet} from '../../local/sheets/store';

const START = Date.parse('2026-01-05T09:00:00Z');
const realm = vm.runInNewContext('({Date, Error})') as Realm;

let dir: string;
let workspace: Workspace;
let trackerId: string;

function context(extra: Partial<ContextOptions> = {}): ExecutionContext {
  return createContext({
    workspace,
    activeUser: 'admin@example.org',
    startAt: START,
    activeSpreadsheetId: trackerId,
    realm,
    ...extra,
  });
}

function app(ctx = context()) {
  return createSpreadsheetApp(ctx);
}

function tracker(ctx = context()) {
  return app(ctx).getActiveSpreadsheet()!;
}

/** Run fn and return the Apps Script exception it throws. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an exception');
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheets-app-'));
  workspace = new Workspace(dir);
  trackerId = createSpreadsheet(workspace, {
    name: 'Tracker',
    owner: 'admin@example.org',
  }).id;
});

afterEach(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

describe('SpreadsheetApp', () => {
  it('gives the active spreadsheet, and null in a time-driven run', () => {
    const ss = tracker();
    expect(ss.getId()).toBe(trackerId);
    expect(ss.getName()).toBe('Tracker');
    expect(ss.getUrl()).toBe(
      `https://docs.google.com/spreadsheets/d/${trackerId}/edit`,
    );
    expect(ss.getSpreadsheetTimeZone()).toBe('Europe/London');
    expect(ss.getSpreadsheetLocale()).toBe('en_GB');
    const trigger = app(context({mode: 'trigger'}));
    expect(trigger.getActiveSpreadsheet()).toBeNull();
    expect(trigger.getActive()).toBeNull();
  });

  it('opens by id, and fails like Apps Script for an unknown id', () => {
    expect(app().openById(trackerId).getName()).toBe('Tracker');
    const e = thrown(() => app().openById('nope'));
    expect(e.message).toBe(
      'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
    );
    expect(e.name).toBe('Exception');
    expect(e).toBeInstanceOf(realm.Error);
  });

  it('creates spreadsheets with one 1000 x 26 sheet', () => {
    const ss = app().create('Archive');
    const [sheet] = ss.getSheets();
    expect(sheet.getName()).toBe('Sheet1');
    expect(sheet.getSheetId()).toBe(0);
    expect(sheet.getMaxRows()).toBe(1000);
    expect(sheet.getMaxColumns()).toBe(26);
  });
});

describe('Range values', () => {
  it('returns numbers, booleans, strings, "" and realm Dates at midnight London time', () => {
    const sheet = tracker().getSheets()[0];
    sheet.getRange('A1:E2').setValues([
      [1.5, true, 'text', '', new realm.Date(2026, 0, 5)],
      [null, false, 'x', 0, new realm.Date(2026, 6, 1)],
    ]);
    const values = sheet.getRange(1, 1, 2, 5).getValues();
    expect(values[0].slice(0, 4)).toEqual([1.5, true, 'text', '']);
    expect(values[1].slice(0, 4)).toEqual(['', false, 'x', 0]);
    const [winter, summer] = [values[0][4], values[1][4]] as Date[];
    expect(winter).toBeInstanceOf(realm.Date);
    expect(winter.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(summer.toISOString()).toBe('2026-06-30T23:00:00.000Z'); // BST midnight
    expect([summer.getFullYear(), summer.getMonth(), summer.getDate()]).toEqual(
      [2026, 6, 1],
    );
    expect(sheet.getRange('E1:E2').getNumberFormats()).toEqual([
      ['dd/mm/yyyy'],
      ['dd/mm/yyyy'],
    ]);
    expect(sheet.getRange('A1').getNumberFormat()).toBe('0.###############');
  });

  it('returns a fresh array every time', () => {
    const range = tracker().getSheets()[0].getRange('A1');
    range.setValue(1);
    const first = range.getValues();
    first[0][0] = 99;
    expect(range.getValues()).toEqual([[1]]);
  });

  it('reads a date-formatted number as a Date and shows it by its format', () => {
    const range = tracker().getRange('Sheet1!A1:B1');
    range.setValues([[46054, 46054.5625]]);
    range.setNumberFormats([['dd/mm/yyyy', 'dd/mm/yyyy hh:mm']]);
    const [d, dt] = range.getValues()[0] as Date[];
    expect(d.getTime()).toBe(Date.parse('2026-02-01T00:00:00Z'));
    expect(dt.getTime()).toBe(Date.parse('2026-02-01T13:30:00Z'));
    expect(range.getDisplayValues()).toEqual([
      ['01/02/2026', '01/02/2026 13:30'],
    ]);
  });

  it('shows each format the product uses', () => {
    const range = tracker().getRange('A1:I1');
    range.setValues([
      [1234.5, 46054, 46054.25, 0.5, 0.1234, 1234567, 7.6, '00123', 12.5],
    ]);
    range.setNumberFormats([
      [
        '£#,##0.00',
        'dd/mm/yyyy',
        'dd/mm/yyyy hh:mm',
        '0%',
        '0.00%',
        '#,##0',
        '0',
        '@',
        'General',
      ],
    ]);
    expect(range.getDisplayValues()).toEqual([
      [
        '£1,234.50',
        '01/02/2026',
        '01/02/2026 06:00',
        '50%',
        '12.34%',
        '1,234,567',
        '8',
        '123', // typed before the column became plain text: already a number
        '12.5',
      ],
    ]);
  });

  it('parses strings as typed input', () => {
    const sheet = tracker().getSheets()[0];
    const inputs = [
      '=1+1',
      '=-1+1',
      '-1+1',
      '+1',
      '-1',
      '00123',
      '1,234',
      '1/2/2026',
      'TRUE',
      '12%',
      '£1,234.56',
      '=HYPERLINK("https://example.org","Open case")',
      '=NOSUCH(1)',
    ];
    const range = sheet.getRange(1, 1, inputs.length, 1);
    range.setValues(inputs.map(v => [v]));
    const values = range.getValues().map(r => r[0]);
    expect(values.slice(0, 7)).toEqual([2, 0, 0, 1, -1, 123, 1234]);
    expect((values[7] as Date).getTime()).toBe(
      Date.parse('2026-02-01T00:00:00Z'),
    );
    expect(values.slice(8)).toEqual([
      true,
      0.12,
      1234.56,
      'Open case',
      '#NAME?',
    ]);
    expect(range.getFormulas().map(r => r[0])).toEqual([
      '=1+1',
      '=-1+1',
      '=-1+1',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '=HYPERLINK("https://example.org","Open case")',
      '=NOSUCH(1)',
    ]);
    expect(
      range
        .getDisplayValues()
        .map(r => r[0])
        .slice(6, 12),
    ).toEqual(['1,234', '01/02/2026', 'TRUE', '12%', '£1,234.56', 'Open case']);
  });

  it('keeps the text after an apostrophe, and never parses it', () => {
    const range = tracker().getRange('A1:B1');
    range.setValues([["'=1+1", "'00123"]]);
    expect(range.getValues()).toEqual([['=1+1', '00123']]);
    expect(range.getFormulas()).toEqual([['', '']]);
  });

  it('stores strings as typed in a plain-text (@) column', () => {
    const sheet = tracker().getSheets()[0];
    sheet.getRange('B1:B10').setNumberFormat('@');
    const range = sheet.getRange('B1:B4');
    range.setValues([['=1+1'], ['00123'], ['1/2/2026'], ['+SUM(1,2)']]);
    expect(range.getValues()).toEqual([
      ['=1+1'],
      ['00123'],
      ['1/2/2026'],
      ['+SUM(1,2)'],
    ]);
    expect(range.getFormulas()).toEqual([[''], [''], [''], ['']]);
  });

  it('keeps @-, tab- and CR-led strings as text', () => {
    const range = tracker().getRange('A1:A3');
    range.setValues([['@SUM(A1)'], ['\t=1+1'], ['\r=1+1']]);
    expect(range.getValues()).toEqual([['@SUM(A1)'], ['\t=1+1'], ['\r=1+1']]);
    expect(range.getFormulas()).toEqual([[''], [''], ['']]);
  });

  it('setValue fills the range; getValue reads the first cell', () => {
    const range = tracker().getRange('A1:B2');
    range.setValue('x');
    expect(range.getValues()).toEqual([
      ['x', 'x'],
      ['x', 'x'],
    ]);
    expect(range.getValue()).toBe('x');
  });
});

describe('Apps Script messages', () => {
  it('rejects data of the wrong shape', () => {
    const range = tracker().getRange('A1:C2');
    expect(thrown(() => range.setValues([[1, 2, 3]])).message).toBe(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(
      thrown(() =>
        range.setValues([
          [1, 2, 3],
          [1, 2],
        ]),
      ).message,
    ).toBe(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
    expect(
      thrown(() => range.setValues([1, 2] as unknown as unknown[][])).message,
    ).toBe(
      "The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
  });

  it('rejects coordinates outside the sheet and empty ranges', () => {
    const sheet = tracker().getSheets()[0];
    expect(thrown(() => sheet.getRange(1001, 1)).message).toBe(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(thrown(() => sheet.getRange(1, 1, 1, 27)).message).toBe(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(thrown(() => sheet.getRange(2, 1, 0, 3)).message).toBe(
      'The number of rows in the range must be at least 1.',
    );
    expect(thrown(() => sheet.getRange(0, 1)).message).toBe(
      'The starting row of the range is too small.',
    );
    expect(thrown(() => sheet.getRange(1, 0)).message).toBe(
      'The starting column of the range is too small.',
    );
  });

  it('fails on a sheet that is not there, and on a taken sheet name', () => {
    const ss = tracker();
    expect(thrown(() => ss.getRange('Nope!A1')).message).toBe(
      'Range not found',
    );
    ss.insertSheet('Cases');
    expect(thrown(() => ss.insertSheet('Cases')).message).toBe(
      'A sheet with the name "Cases" already exists. Please enter another name.',
    );
    expect(ss.getSheetByName('Nope')).toBeNull();
    // Sheet names ignore case, for lookups and for uniqueness.
    expect(ss.getSheetByName('cases')!.getName()).toBe('Cases');
    expect(() => ss.insertSheet('CASES')).toThrow(
      'A sheet with the name "CASES" already exists.',
    );
  });

  it('a range that no longer fits the grid fails when used', () => {
    const sheet = tracker().getSheets()[0];
    const range = sheet.getRange('A1000');
    sheet.deleteRows(900, 100);
    expect(thrown(() => range.setValues([[1]])).message).toBe(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
  });
});

describe('Sheet structure', () => {
  it('inserts sheets by 0-based index and reports 1-based positions', () => {
    const ss = tracker();
    const cases = ss.insertSheet('Cases', 0);
    expect(cases.getIndex()).toBe(1);
    expect(ss.getSheets().map(s => s.getName())).toEqual(['Cases', 'Sheet1']);
    expect(cases.getSheetId()).toBe(1);
    ss.insertSheet();
    expect(ss.getSheets().map(s => s.getName())).toEqual([
      'Cases',
      'Sheet1',
      'Sheet3',
    ]);
    ss.deleteSheet(cases);
    expect(ss.getNumSheets()).toBe(2);
  });

  it('appendRow writes after the last row and grows the grid', () => {
    const ss = tracker();
    const sheet = ss.insertSheet('Small');
    sheet.deleteRows(3, 998);
    expect(sheet.getMaxRows()).toBe(2);
    sheet.appendRow(['a', 1]);
    sheet.appendRow(['b', '=1+1']);
    sheet.appendRow(['c', 3]);
    expect(sheet.getMaxRows()).toBe(3);
    expect(sheet.getLastRow()).toBe(3);
    expect(sheet.getLastColumn()).toBe(2);
    expect(sheet.getDataRange().getValues()).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('inserts and deletes rows and columns, moving content', () => {
    const sheet = tracker().getSheets()[0];
    sheet.getRange('A1:B2').setValues([
      [1, 2],
      [3, 4],
    ]);
    sheet.getRange('A1:B1').setNumberFormat('0.00');
    sheet.insertRowsAfter(1, 2);
    expect(sheet.getMaxRows()).toBe(1002);
    expect(sheet.getRange('A1:B4').getValues()).toEqual([
      [1, 2],
      ['', ''],
      ['', ''],
      [3, 4],
    ]);
    // insertRowsAfter copies the formatting of the row above.
    expect(sheet.getRange('A2').getNumberFormat()).toBe('0.00');
    sheet.insertColumnsBefore(1, 1);
    expect(sheet.getRange('A1:C1').getValues()).toEqual([['', 1, 2]]);
    sheet.deleteColumn(1);
    sheet.deleteRows(2, 2);
    expect(sheet.getDataRange().getValues()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(thrown(() => sheet.deleteRows(1, 1000)).message).toBe(
      'Sorry, it is not possible to delete all non-frozen rows.',
    );
    expect(thrown(() => sheet.deleteRows(1000, 2)).message).toBe(
      'Those rows are out of bounds.',
    );
  });

  it('freezes, sizes, hides and colours', () => {
    const ss = tracker();
    const sheet = ss.insertSheet('Cases');
    sheet.setFrozenRows(1);
    sheet.setFrozenColumns(2);
    sheet.setColumnWidth(3, 240);
    sheet.hideSheet();
    sheet.setTabColor('#ff0000');
    expect(sheet.getFrozenRows()).toBe(1);
    expect(sheet.getFrozenColumns()).toBe(2);
    expect(sheet.getColumnWidth(3)).toBe(240);
    expect(sheet.getColumnWidth(1)).toBe(100);
    expect(sheet.isSheetHidden()).toBe(true);
    expect(sheet.getTabColor()).toBe('#ff0000');
    expect(thrown(() => ss.getSheets()[0].hideSheet()).message).toBe(
      "You can't hide all the sheets in a document.",
    );
    sheet.showSheet();
    expect(sheet.isSheetHidden()).toBe(false);
  });

  it('keeps named ranges, notes and charts', () => {
    const ss = tracker();
    const sheet = ss.getSheets()[0];
    ss.setNamedRange('Agencies', sheet.getRange('A2:A10'));
    expect(ss.getRangeByName('Agencies')!.getA1Notation()).toBe('A2:A10');
    sheet.insertRowBefore(1);
    expect(ss.getRangeByName('Agencies')!.getA1Notation()).toBe('A3:A11');
    expect(ss.getNamedRanges().map(n => n.getName())).toEqual(['Agencies']);
    sheet.getRange('B2').setNote('checked by chair');
    expect(sheet.getRange('B2:B3').getNotes()).toEqual([
      ['checked by chair'],
      [''],
    ]);
    const chart = sheet
      .newChart()
      .setChartType('BAR' as unknown as GoogleAppsScript.Charts.ChartType)
      .addRange(sheet.getRange('A1:B5'))
      .setPosition(2, 4, 0, 0)
      .setOption('title', 'Costs')
      .build();
    sheet.insertChart(chart);
    const [stored] = sheet.getCharts();
    expect(stored.getRanges()[0].getA1Notation()).toBe('A1:B5');
    expect(stored.getOptions().get('title')).toBe('Costs');
    expect(stored.getContainerInfo().getAnchorColumn()).toBe(4);
  });
});

describe('Data validation', () => {
  it('builds rules, reads them back and rejects invalid data', () => {
    const App = app();
    const sheet = tracker().getSheets()[0];
    const rule = App.newDataValidation()
      .requireValueInList(['open', 'closed'])
      .setAllowInvalid(false)
      .setHelpText('Pick a status')
      .build();
    sheet.getRange('A2:A5').setDataValidation(rule);
    const [[read]] = sheet.getRange('A2').getDataValidations();
    expect(String(read!.getCriteriaType())).toBe('VALUE_IN_LIST');
    expect(read!.getCriteriaType()).toBe(
      App.DataValidationCriteria.VALUE_IN_LIST,
    );
    expect(read!.getCriteriaValues()).toEqual([['open', 'closed'], true]);
    expect(read!.getHelpText()).toBe('Pick a status');
    sheet.getRange('A2').setValue('open');
    expect(thrown(() => sheet.getRange('A3').setValue('maybe')).message).toBe(
      'The data you entered in cell A3 violates the data validation rules set on this cell.',
    );
    expect(sheet.getRange('A3').getValue()).toBe('');
  });

  it('supports checkboxes, dates and numbers', () => {
    const App = app();
    const sheet = tracker().getSheets()[0];
    sheet.getRange('B2:B3').insertCheckboxes();
    expect(sheet.getRange('B2:B3').getValues()).toEqual([[false], [false]]);
    sheet.getRange('B2').setValue(true);
    const date = App.newDataValidation()
      .requireDateOnOrAfter(new realm.Date(2026, 0, 1))
      .setAllowInvalid(false)
      .build();
    sheet.getRange('C2').setDataValidation(date);
    const [after] = sheet
      .getRange('C2')
      .getDataValidation()!
      .getCriteriaValues() as Date[];
    expect(after.getTime()).toBe(new Date(2026, 0, 1).getTime());
    sheet.getRange('C2').setValue(new realm.Date(2026, 5, 1));
    expect(() =>
      sheet.getRange('C2').setValue(new realm.Date(2025, 5, 1)),
    ).toThrow('violates the data validation rules');
    const share = App.newDataValidation()
      .requireNumberBetween(0, 10000)
      .build();
    sheet.getRange('D2').setDataValidation(share);
    sheet.getRange('D2').setValue(20000); // allowInvalid defaults to true
    expect(sheet.getRange('D2').getValue()).toBe(20000);
  });
});

describe('Protection', () => {
  it('blocks non-editors of a restricted protection, not the owner', () => {
    const ss = tracker();
    const sheet = ss.insertSheet('Audit');
    const protection = sheet.protect().setDescription('append-only');
    protection.removeEditors(protection.getEditors());
    expect(protection.getEditors().map(u => u.getEmail())).toEqual([
      'admin@example.org',
    ]);
    sheet.getRange('A1').setValue('owner may write');

    const referrer = context({activeUser: 'sw@example.org'});
    const theirs = app(referrer).openById(trackerId).getSheetByName('Audit')!;
    expect(thrown(() => theirs.getRange('A2').setValue('x')).message).toBe(
      'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
    );
    protection.addEditor('sw@example.org');
    theirs.getRange('A2').setValue('editor may write');
    expect(protection.canEdit()).toBe(true);

    const lists = ss.getProtections(app().ProtectionType.SHEET);
    expect(lists.map(p => p.getDescription())).toEqual(['append-only']);
    expect(String(lists[0].getProtectionType())).toBe('SHEET');
  });

  it('leaves a sheet editable until the editors are changed, and honours warning-only and holes', () => {
    const sheet = tracker().getSheets()[0];
    const protection = sheet.protect();
    const other = app(context({activeUser: 'sw@example.org'}))
      .openById(trackerId)
      .getSheets()[0];
    other.getRange('A1').setValue('still editable'); // mirrors the spreadsheet
    protection.removeEditors(['sw@example.org']);
    expect(() => other.getRange('A1').setValue('x')).toThrow('protected cell');
    protection.setUnprotectedRanges([sheet.getRange('B1:B10')]);
    other.getRange('B2').setValue('hole');
    protection.setWarningOnly(true);
    other.getRange('A1').setValue('warned only');
    expect(other.getRange('A1:B2').getValues()).toEqual([
      ['warned only', ''],
      ['', 'hole'],
    ]);
  });

  it('protects ranges', () => {
    const sheet = tracker().getSheets()[0];
    const p = sheet.getRange('A1:A3').protect();
    p.removeEditors(['sw@example.org']);
    const other = app(context({activeUser: 'sw@example.org'}))
      .openById(trackerId)
      .getSheets()[0];
    expect(() => other.getRange('A2:B2').setValues([[1, 2]])).toThrow(
      'protected cell',
    );
    other.getRange('B2').setValue(2);
    expect(p.getRange().getA1Notation()).toBe('A1:A3');
    p.remove();
    other.getRange('A2').setValue(1);
  });
});

describe('Ui', () => {
  it('records menus, alerts, sidebars, dialogs and toasts', () => {
    const ctx = context();
    const App = app(ctx);
    const ui = App.getUi();
    ui.createAddonMenu()
      .addItem('Set up', 'setupTracker')
      .addSeparator()
      .addSubMenu(
        ui.createMenu('Reports').addItem('Quarterly', 'rebuildQuarterly'),
      )
      .addToUi();
    expect(ui.alert('Saved')).toBe(ui.Button.OK);
    expect(ui.alert('Delete?', 'Are you sure?', ui.ButtonSet.YES_NO)).toBe(
      ui.Button.YES,
    );
    const html = {
      getContent: () => '<p>form</p>',
      getTitle: () => 'Referral',
      getWidth: () => 320,
      getHeight: () => 500,
    } as unknown as GoogleAppsScript.HTML.HtmlOutput;
    ui.showSidebar(html);
    ui.showModalDialog(html, 'Decision');
    App.getActiveSpreadsheet()!.toast('Done', 'Panel Tracker');
    expect(ctx.ui).toEqual([
      {
        kind: 'menu',
        title: 'Panel Tracker',
        items: [
          {caption: 'Set up', functionName: 'setupTracker'},
          {separator: true},
          {caption: 'Reports › Quarterly', functionName: 'rebuildQuarterly'},
        ],
      },
      {kind: 'alert', title: '', message: 'Saved'},
      {kind: 'alert', title: 'Delete?', message: 'Are you sure?'},
      {kind: 'sidebar', title: 'Referral', html: '<p>form</p>', width: 320},
      {
        kind: 'dialog',
        title: 'Decision',
        html: '<p>form</p>',
        width: 320,
        height: 500,
        modal: true,
      },
      {kind: 'toast', title: 'Panel Tracker', message: 'Done'},
    ]);
  });
});

describe('call counting', () => {
  it('counts every call by class and method, with cells as units', () => {
    const ctx = context();
    const ss = app(ctx).getActiveSpreadsheet()!;
    const sheet = ss.getSheetByName('Sheet1')!;
    const range = sheet.getRange(1, 1, 10, 3);
    range.setValues(Array.from({length: 10}, () => [1, 2, 3]));
    range.getValues();
    range.getValues();
    app(ctx).flush();
    expect(ctx.calls.byMethod()).toEqual({
      'SpreadsheetApp.Range.getValues': 2,
      'SpreadsheetApp.Range.setValues': 1,
      'SpreadsheetApp.Sheet.getRange': 1,
      'SpreadsheetApp.Spreadsheet.getSheetByName': 1,
      'SpreadsheetApp.flush': 1,
      'SpreadsheetApp.getActiveSpreadsheet': 1,
    });
    // Modelled time: getValues 100 ms + 0.02 ms per cell (cost-model.ts).
    expect(ctx.calls.modelledTimeMs).toBeCloseTo(
      20 + 20 + 20 + (150 + 30 * 0.03) + 2 * (100 + 30 * 0.02) + 100,
    );
  });

  it('counts the same for a small and a large sheet', () => {
    const counts = (rows: number) => {
      const ctx = context();
      const sheet = app(ctx).openById(trackerId).getSheets()[0];
      sheet.getRange(1, 1, rows, 2).getValues();
      return ctx.calls.byMethod();
    };
    expect(counts(5)).toEqual(counts(900));
  });
});
