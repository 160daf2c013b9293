/**
 * Helpers shared by the SpreadsheetApp classes: rectangles, argument checks
 * with Apps Script's messages, and what getValues returns for a cell.
 */

import {GridRect, parseA1, resolveRef} from './a1';
import {Env} from './app-env';
import {
  ProtectionData,
  SheetData,
  WorkbookData,
  getCell,
  isDateCell,
  sheetByName,
} from './workbook';
import type {GUser} from './app-types';

export function user(email: string): GUser {
  return {
    getEmail: () => email,
    getUserLoginId: () => email,
  } as GUser;
}

export function emailOf(v: string | GUser): string {
  return typeof v === 'string' ? v : v.getEmail();
}

export function rows(rect: GridRect): number {
  return rect.r1 - rect.r0;
}

export function cols(rect: GridRect): number {
  return rect.c1 - rect.c0;
}

export function cellsOf(rect: GridRect): number {
  return rows(rect) * cols(rect);
}

/** Map every cell of a rectangle to a 2-D array. */
export function mapRect<T>(
  rect: GridRect,
  fn: (r: number, c: number) => T,
): T[][] {
  const out: T[][] = [];
  for (let r = rect.r0; r < rect.r1; r++) {
    const row: T[] = new Array(cols(rect));
    for (let c = rect.c0; c < rect.c1; c++) row[c - rect.c0] = fn(r, c);
    out.push(row);
  }
  return out;
}

export function forRect(
  rect: GridRect,
  fn: (r: number, c: number) => void,
): void {
  for (let r = rect.r0; r < rect.r1; r++) {
    for (let c = rect.c0; c < rect.c1; c++) fn(r, c);
  }
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * A 2-D argument must match the range. Messages as Apps Script gives them,
 * e.g. https://github.com/alpatania/sassafras/issues/8 ("The number of
 * columns in the data does not match the number of columns in the range. The
 * data has 5 but the range has 4.") and the rows variant.
 */
export function checkShape(
  env: Env,
  method: string,
  data: unknown,
  rect: GridRect,
): asserts data is unknown[][] {
  if (!Array.isArray(data) || data.some(row => !Array.isArray(row))) {
    env.failSignature(method, [data]);
  }
  if (data.length !== rows(rect)) {
    env.fail(
      `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${rows(rect)}.`,
    );
  }
  for (const row of data as unknown[][]) {
    if (row.length !== cols(rect)) {
      env.fail(
        `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${cols(rect)}.`,
      );
    }
  }
}

/**
 * Validate getRange(row, column, numRows, numColumns) arguments (1-based),
 * in Apps Script's order and words.
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(Integer,Integer,Integer,Integer)
 */
export function rectFromNumbers(
  env: Env,
  method: string,
  args: unknown[],
): GridRect {
  const [row, column, numRows = 1, numColumns = 1] = args;
  if (![row, column, numRows, numColumns].every(isInt)) {
    env.failSignature(
      method,
      args.filter(a => a !== undefined),
    );
  }
  const [r, c, nr, nc] = [row, column, numRows, numColumns] as number[];
  if (r < 1) env.fail('The starting row of the range is too small.');
  if (c < 1) env.fail('The starting column of the range is too small.');
  if (nr < 1) env.fail('The number of rows in the range must be at least 1.');
  if (nc < 1)
    env.fail('The number of columns in the range must be at least 1.');
  return {r0: r - 1, c0: c - 1, r1: r - 1 + nr, c1: c - 1 + nc};
}

/** Resolve A1 text against a spreadsheet; `Range not found` if it fails. */
export function resolveA1(
  env: Env,
  wb: WorkbookData,
  text: string,
  defaultSheet: SheetData,
): {sheet: SheetData; rect: GridRect} {
  const ref = parseA1(String(text));
  if (!ref || (ref.r0 === undefined && ref.c0 === undefined)) {
    env.fail('Range not found');
  }
  const sheet =
    ref.sheetName !== undefined ? sheetByName(wb, ref.sheetName) : defaultSheet;
  if (!sheet) env.fail('Range not found');
  const rect = resolveRef(ref, sheet.maxRows, sheet.maxColumns);
  env.assertInGrid(sheet, rect);
  return {sheet, rect};
}

/** What getValues returns for a cell: '' for empty, a Date for dates. */
export function scriptValue(
  env: Env,
  wb: WorkbookData,
  s: SheetData,
  r: number,
  c: number,
): unknown {
  const v = getCell(s.values, r, c);
  if (v === null) return '';
  if (typeof v === 'number' && isDateCell(s, r, c)) {
    return env.date(v, wb.timeZone);
  }
  return v;
}

export function normaliseFormat(pattern: unknown): string | null {
  const p = String(pattern ?? '');
  return p === '' || p.toLowerCase() === 'general' ? null : p;
}

export function newProtection(
  wb: WorkbookData,
  type: 'SHEET' | 'RANGE',
  sheetId: number,
  range: GridRect | null,
): ProtectionData {
  const p: ProtectionData = {
    id: wb.nextId++,
    type,
    sheetId,
    range,
    rangeName: null,
    description: '',
    editors: [],
    restricted: false,
    warningOnly: false,
    domainEdit: false,
    unprotected: [],
  };
  wb.protections.push(p);
  return p;
}
