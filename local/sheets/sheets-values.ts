/**
 * Sheets API values: resolving A1 ranges as the API reads them, rendering
 * cells for reads, and writing blocks of values (RAW / USER_ENTERED).
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values
 */
import {
  A1Ref,
  GridRect,
  columnLetters,
  parseA1,
  rangeToA1,
  rectToA1,
} from './a1';
import {rawWrite, userEnteredWrite} from './cell-input';
import {formatValue} from './number-format';
import {
  CellWrite,
  PROTECTED_MESSAGE,
  SheetData,
  WorkbookData,
  blockingProtection,
  displayValue,
  firstSheet,
  getCell,
  isDateCell,
  sheetById,
  sheetByName,
  writeCell,
} from './workbook';
import type {ValueRange, UpdateValuesResponse} from './sheets-types';

/** Thrown inside a handler; becomes the GoogleJsonResponseException. */
export class ApiFailure extends Error {}

export function failApi(message: string): never {
  throw new ApiFailure(message);
}

export interface ReadOptions {
  valueRenderOption?: string;
  dateTimeRenderOption?: string;
  majorDimension?: string;
}

export interface WriteOptions {
  valueInputOption?: string;
  insertDataOption?: string;
  includeValuesInResponse?: boolean;
}

/** A resolved A1 range: its sheet and rectangle (open bounds closed). */
export interface Target {
  sheet: SheetData;
  rect: GridRect;
  /** A single cell: an anchor that writes may extend from. */
  anchor: boolean;
  text: string;
}

export function gridLimitsMessage(s: SheetData, a1: string): string {
  return `Range (${a1}) exceeds grid limits. Max rows: ${s.maxRows}, max columns: ${s.maxColumns}`;
}

/**
 * Resolve a range the way the API reads it: a sheet name alone is the whole
 * sheet; `Tab!A1:F` is open at the bottom; a range without a sheet is on the
 * first sheet; a named range by its name. Anything else is "Unable to parse
 * range: <text>". A range starting outside the grid "exceeds grid limits".
 * https://developers.google.com/sheets/api/guides/concepts#cell
 */
export function resolveRange(wb: WorkbookData, text: unknown): Target {
  const raw = String(text ?? '');
  const bySheet = sheetByName(wb, raw);
  if (bySheet) return wholeSheet(bySheet, raw);
  const named = wb.namedRanges.find(n => n.name === raw);
  if (named) {
    const sheet = sheetById(wb, named.sheetId);
    if (sheet) {
      const rect = {r0: named.r0, c0: named.c0, r1: named.r1, c1: named.c1};
      return {sheet, rect, anchor: false, text: raw};
    }
  }
  const ref: A1Ref | null = parseA1(raw);
  if (!ref) failApi(`Unable to parse range: ${raw}`);
  const sheet =
    ref.sheetName !== undefined
      ? sheetByName(wb, ref.sheetName)
      : firstSheet(wb);
  if (!sheet) failApi(`Unable to parse range: ${raw}`);
  if (ref.r0 === undefined && ref.c0 === undefined && ref.r1 === undefined) {
    return wholeSheet(sheet, raw);
  }
  const rect = {
    r0: ref.r0 ?? 0,
    c0: ref.c0 ?? 0,
    r1: ref.r1 ?? sheet.maxRows,
    c1: ref.c1 ?? sheet.maxColumns,
  };
  if (rect.r0 >= sheet.maxRows || rect.c0 >= sheet.maxColumns) {
    failApi(
      gridLimitsMessage(sheet, `${quoteIfNeeded(sheet.name)}!${a1Part(raw)}`),
    );
  }
  const anchor = rect.r1 - rect.r0 === 1 && rect.c1 - rect.c0 === 1;
  return {sheet, rect, anchor, text: raw};
}

export function a1Part(raw: string): string {
  const bang = raw.lastIndexOf('!');
  return bang < 0 ? raw : raw.slice(bang + 1);
}

export function quoteIfNeeded(name: string): string {
  return rangeToA1(name, {r0: 0, c0: 0, r1: 1, c1: 1}).replace(/!A1$/, '');
}

export function wholeSheet(sheet: SheetData, text: string): Target {
  return {
    sheet,
    rect: {r0: 0, c0: 0, r1: sheet.maxRows, c1: sheet.maxColumns},
    anchor: false,
    text,
  };
}

/** The requested range clipped to the grid. */
export function clip(t: Target): GridRect {
  return {
    r0: t.rect.r0,
    c0: t.rect.c0,
    r1: Math.min(t.rect.r1, t.sheet.maxRows),
    c1: Math.min(t.rect.c1, t.sheet.maxColumns),
  };
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/**
 * One cell as the render options ask.
 * https://developers.google.com/sheets/api/reference/rest/v4/ValueRenderOption
 * https://developers.google.com/sheets/api/reference/rest/v4/DateTimeRenderOption
 * (dateTimeRenderOption "is ignored if valueRenderOption is FORMATTED_VALUE").
 */
export function renderCell(
  s: SheetData,
  r: number,
  c: number,
  o: ReadOptions,
): string | number | boolean | null {
  const render = o.valueRenderOption ?? 'FORMATTED_VALUE';
  if (render === 'FORMULA') {
    const f = getCell(s.formulas, r, c);
    if (f) return f;
  }
  const v = getCell(s.values, r, c);
  if (v === null) return null;
  if (render === 'FORMATTED_VALUE') return displayValue(s, r, c);
  if (
    typeof v === 'number' &&
    (o.dateTimeRenderOption ?? 'SERIAL_NUMBER') === 'FORMATTED_STRING' &&
    isDateCell(s, r, c)
  ) {
    return formatValue(v, getCell(s.formats, r, c));
  }
  return v;
}

/** Drop trailing empties; empties in the middle become "". */
export function trimTrailing<T>(cells: Array<T | null>): Array<T | ''> {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === null) end--;
  return cells.slice(0, end).map(v => (v === null ? '' : v));
}

/**
 * A ValueRange: `range` is the requested range clipped to the grid; "For
 * output, empty trailing rows and columns will not be included", and an
 * empty range has no `values` at all.
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values#ValueRange
 */
export function readValueRange(
  wb: WorkbookData,
  text: string,
  o: ReadOptions,
): {vr: ValueRange; cells: number} {
  const t = resolveRange(wb, text);
  const rect = clip(t);
  const columns = (o.majorDimension ?? 'ROWS') === 'COLUMNS';
  const major: unknown[][] = [];
  const [outer0, outer1, inner0, inner1] = columns
    ? [rect.c0, rect.c1, rect.r0, rect.r1]
    : [rect.r0, rect.r1, rect.c0, rect.c1];
  let cells = 0;
  for (let i = outer0; i < outer1; i++) {
    const line: Array<string | number | boolean | null> = [];
    for (let j = inner0; j < inner1; j++) {
      line.push(
        columns ? renderCell(t.sheet, j, i, o) : renderCell(t.sheet, i, j, o),
      );
    }
    const trimmed = trimTrailing(line);
    cells += trimmed.length;
    major.push(trimmed);
  }
  let end = major.length;
  while (end > 0 && major[end - 1].length === 0) end--;
  major.length = end;
  const vr: ValueRange = {
    range: rangeToA1(t.sheet.name, rect),
    majorDimension: columns ? 'COLUMNS' : 'ROWS',
  };
  if (major.length) vr.values = major;
  return {vr, cells};
}

// ---------------------------------------------------------------------------
// Writing values
// ---------------------------------------------------------------------------

export function inputMode(o: WriteOptions | undefined): 'RAW' | 'USER_ENTERED' {
  const mode = o?.valueInputOption;
  if (mode === 'RAW' || mode === 'USER_ENTERED') return mode;
  return failApi(
    `Invalid valueInputOption: ${mode ?? 'INPUT_VALUE_OPTION_UNSPECIFIED'}`,
  );
}

export function toRows(vr: ValueRange): unknown[][] {
  const values = vr.values ?? [];
  if (!Array.isArray(values) || values.some(v => !Array.isArray(v))) {
    failApi("Invalid value at 'data.values'");
  }
  if (vr.majorDimension !== 'COLUMNS') return values;
  const width = Math.max(0, ...values.map(v => v.length));
  const out: unknown[][] = [];
  for (let r = 0; r < width; r++) out.push(values.map(col => col[r]));
  return out;
}

export function cellWrite(
  value: unknown,
  mode: 'RAW' | 'USER_ENTERED',
  current: string | null,
  timeZone: string,
): CellWrite {
  return mode === 'RAW'
    ? rawWrite(value)
    : userEnteredWrite(value, current, timeZone);
}

/**
 * Write a block of values at a rectangle's top-left. "Null values will be
 * skipped. To set a cell to an empty value, set the string value to an
 * empty string." A multi-cell range bounds the write; a single cell is an
 * anchor bounded by the grid.
 */
export function writeBlock(
  wb: WorkbookData,
  user: string,
  s: SheetData,
  start: {r: number; c: number},
  bound: GridRect,
  rangeText: string,
  rows: unknown[][],
  mode: 'RAW' | 'USER_ENTERED',
): UpdateValuesResponse {
  const width = Math.max(0, ...rows.map(r => r.length));
  if (start.r + rows.length > bound.r1) {
    failApi(
      `Requested writing within range [${rangeText}], but tried writing to row [${bound.r1 + 1}]`,
    );
  }
  if (start.c + width > bound.c1) {
    failApi(
      `Requested writing within range [${rangeText}], but tried writing to column [${columnLetters(bound.c1)}]`,
    );
  }
  const rect = {
    r0: start.r,
    c0: start.c,
    r1: start.r + rows.length,
    c1: start.c + width,
  };
  if (rows.length && width && blockingProtection(wb, s.sheetId, rect, user)) {
    failApi(PROTECTED_MESSAGE);
  }
  let updatedCells = 0;
  rows.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v === null || v === undefined) return;
      const r = start.r + i;
      const c = start.c + j;
      writeCell(
        s,
        r,
        c,
        cellWrite(v, mode, getCell(s.formats, r, c), wb.timeZone),
      );
      updatedCells++;
    }),
  );
  const response: UpdateValuesResponse = {spreadsheetId: wb.id};
  if (rows.length && width) {
    response.updatedRange = rangeToA1(s.name, rect);
    response.updatedRows = rows.filter(r =>
      r.some(v => v !== null && v !== undefined),
    ).length;
    response.updatedColumns = width;
    response.updatedCells = updatedCells;
  }
  return response;
}

export function quotedRange(t: Target): string {
  return `'${t.sheet.name.replace(/'/g, "''")}'!${rectToA1(clip(t))}`;
}

/** The area a values write may cover. */
export function writeBound(t: Target): GridRect {
  if (t.rect.r1 > t.sheet.maxRows || t.rect.c1 > t.sheet.maxColumns) {
    failApi(gridLimitsMessage(t.sheet, rangeToA1(t.sheet.name, t.rect)));
  }
  return t.anchor
    ? {
        r0: t.rect.r0,
        c0: t.rect.c0,
        r1: t.sheet.maxRows,
        c1: t.sheet.maxColumns,
      }
    : t.rect;
}
