/**
 * spreadsheets.batchUpdate requests: each is validated and applied to the
 * workbook in order; the caller writes the result only if all succeed.
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request
 */
import {GridRect, rangeToA1} from './a1';
import {DEFAULT_PATTERNS} from './number-format';
import {
  CellStyle,
  CellWrite,
  PROTECTED_MESSAGE,
  SheetData,
  ValidationRule,
  WorkbookData,
  addSheet,
  blockingProtection,
  deleteDimension,
  duplicateSheetNameMessage,
  getCell,
  insertDimension,
  internRule,
  lastRow,
  moveSheet,
  nextSheetName,
  removeSheet,
  setCell,
  sheetById,
  sheetByName,
  writeCell,
} from './workbook';
import {epochToSerial} from './dates';
import type {
  CellData,
  RowData,
  ExtendedValue,
  Request,
  Response,
  SheetProperties,
  DimensionRange,
  GridRange,
} from './sheets-types';
import {failApi, gridLimitsMessage} from './sheets-values';

/** Parsed `fields` mask of a request. */
export class FieldMask {
  private readonly paths: string[];
  constructor(fields: string | undefined) {
    this.paths = (fields ?? '')
      .split(',')
      .map(f => f.trim())
      .filter(Boolean);
  }
  get empty(): boolean {
    return this.paths.length === 0;
  }
  /** Does the mask cover `path` (or a parent of it, or `*`)? */
  has(path: string): boolean {
    return this.paths.some(
      p => p === '*' || p === path || path.startsWith(`${p}.`),
    );
  }
  /** Does the mask touch anything under `prefix`? */
  touches(prefix: string): boolean {
    return this.paths.some(
      p =>
        p === '*' ||
        p === prefix ||
        p.startsWith(`${prefix}.`) ||
        prefix.startsWith(`${p}.`),
    );
  }
}

export const VALUE_KINDS = [
  'numberValue',
  'stringValue',
  'boolValue',
  'formulaValue',
  'errorValue',
] as const;

/**
 * ExtendedValue → cell. stringValue is stored as text and never evaluated,
 * whatever it starts with (=, +, -, @, tab, CR, ').
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/other#ExtendedValue
 */
export function extendedValueWrite(
  v: ExtendedValue | undefined,
  where: string,
): CellWrite {
  if (!v) return {value: null};
  const set = VALUE_KINDS.filter(k => v[k] !== undefined && v[k] !== null);
  if (set.length > 1) {
    failApi(
      `Invalid value at '${where}' (oneof), oneof field 'value' is already set. Cannot set '${set[1]}'`,
    );
  }
  if (v.stringValue !== undefined && v.stringValue !== null) {
    return {value: v.stringValue === '' ? null : String(v.stringValue)};
  }
  if (typeof v.numberValue === 'number') return {value: v.numberValue};
  if (typeof v.boolValue === 'boolean') return {value: v.boolValue};
  if (typeof v.formulaValue === 'string') {
    const f = v.formulaValue.startsWith('=')
      ? v.formulaValue
      : `=${v.formulaValue}`;
    return {value: null, formula: f};
  }
  if (v.errorValue) return {value: '#N/A'};
  return {value: null};
}

/** NumberFormat {type, pattern} → the stored pattern. */
export function patternOf(
  nf: GoogleAppsScript.Sheets.Schema.NumberFormat | undefined,
): string | null {
  if (!nf) return null;
  if (nf.pattern) return nf.pattern;
  return nf.type ? (DEFAULT_PATTERNS[nf.type] ?? null) : null;
}

export function rgbHex(
  color: GoogleAppsScript.Sheets.Schema.Color | undefined,
): string | null {
  if (!color) return null;
  const h = (x: number | undefined) =>
    Math.round((x ?? 0) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${h(color.red)}${h(color.green)}${h(color.blue)}`;
}

/** Sheets API condition types → Apps Script criteria names. */
export const CONDITION_TO_CRITERIA: Record<string, string> = {
  ONE_OF_LIST: 'VALUE_IN_LIST',
  ONE_OF_RANGE: 'VALUE_IN_RANGE',
  BOOLEAN: 'CHECKBOX',
  DATE_IS_VALID: 'DATE_IS_VALID_DATE',
  DATE_AFTER: 'DATE_AFTER',
  DATE_BEFORE: 'DATE_BEFORE',
  DATE_ON_OR_AFTER: 'DATE_ON_OR_AFTER',
  DATE_ON_OR_BEFORE: 'DATE_ON_OR_BEFORE',
  DATE_BETWEEN: 'DATE_BETWEEN',
  DATE_NOT_BETWEEN: 'DATE_NOT_BETWEEN',
  DATE_EQ: 'DATE_EQUAL_TO',
  NUMBER_BETWEEN: 'NUMBER_BETWEEN',
  NUMBER_NOT_BETWEEN: 'NUMBER_NOT_BETWEEN',
  NUMBER_EQ: 'NUMBER_EQUAL_TO',
  NUMBER_NOT_EQ: 'NUMBER_NOT_EQUAL_TO',
  NUMBER_GREATER: 'NUMBER_GREATER_THAN',
  NUMBER_GREATER_THAN_EQ: 'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  NUMBER_LESS: 'NUMBER_LESS_THAN',
  NUMBER_LESS_THAN_EQ: 'NUMBER_LESS_THAN_OR_EQUAL_TO',
  TEXT_CONTAINS: 'TEXT_CONTAINS',
  TEXT_NOT_CONTAINS: 'TEXT_DOES_NOT_CONTAIN',
  TEXT_EQ: 'TEXT_EQUAL_TO',
  TEXT_IS_EMAIL: 'TEXT_IS_VALID_EMAIL',
  TEXT_IS_URL: 'TEXT_IS_VALID_URL',
  CUSTOM_FORMULA: 'CUSTOM_FORMULA',
};

/** https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/other#DataValidationRule */
export function ruleFromApi(
  rule: GoogleAppsScript.Sheets.Schema.DataValidationRule,
  timeZone: string,
  where: string,
): ValidationRule {
  const type = rule.condition?.type ?? '';
  const criteria = CONDITION_TO_CRITERIA[type];
  if (!criteria)
    failApi(`Invalid ${where}: unsupported condition type ${type}`);
  const values = (rule.condition?.values ?? []).map(v => {
    const text = v.userEnteredValue ?? '';
    if (criteria.startsWith('DATE_')) {
      const ms = Date.parse(text);
      return Number.isNaN(ms) ? text : epochToSerial(ms, timeZone);
    }
    if (criteria.startsWith('NUMBER_')) return Number(text);
    return text;
  });
  return {
    criteria,
    values,
    allowInvalid: !rule.strict,
    helpText: rule.inputMessage ?? null,
    ...(criteria === 'VALUE_IN_LIST'
      ? {showDropdown: !!rule.showCustomUi}
      : {}),
  };
}

/** Apply one CellData under a field mask (absent parts clear what the mask names). */
export function applyCellData(
  wb: WorkbookData,
  s: SheetData,
  r: number,
  c: number,
  cell: CellData | undefined,
  mask: FieldMask,
  where: string,
): void {
  if (mask.has('userEnteredValue')) {
    writeCell(
      s,
      r,
      c,
      extendedValueWrite(cell?.userEnteredValue, `${where}.user_entered_value`),
    );
  }
  if (mask.has('userEnteredFormat.numberFormat')) {
    setCell(s.formats, r, c, patternOf(cell?.userEnteredFormat?.numberFormat));
  }
  if (mask.touches('userEnteredFormat')) applyStyle(s, r, c, cell, mask);
  if (mask.has('note'))
    setCell(s.notes, r, c, cell?.note ? String(cell.note) : null);
  if (mask.has('dataValidation')) {
    const rule = cell?.dataValidation;
    setCell(
      s.validations,
      r,
      c,
      rule ? internRule(s, ruleFromApi(rule, wb.timeZone, where)) : null,
    );
  }
}

/** Formatting besides number formats is stored, not interpreted. */
export function applyStyle(
  s: SheetData,
  r: number,
  c: number,
  cell: CellData | undefined,
  mask: FieldMask,
): void {
  const f = cell?.userEnteredFormat;
  const next: CellStyle = {...(getCell(s.styles, r, c) ?? {})};
  const put = (path: string, key: string, value: unknown) => {
    if (!mask.has(`userEnteredFormat.${path}`)) return;
    if (value === undefined || value === null) delete next[key];
    else next[key] = value as string | boolean | number;
  };
  const bold = f?.textFormat?.bold;
  put(
    'textFormat.bold',
    'fontWeight',
    bold === undefined ? undefined : bold ? 'bold' : 'normal',
  );
  put(
    'textFormat.italic',
    'fontStyle',
    f?.textFormat?.italic === undefined
      ? undefined
      : f.textFormat.italic
        ? 'italic'
        : 'normal',
  );
  put('textFormat.fontSize', 'fontSize', f?.textFormat?.fontSize);
  put('backgroundColor', 'background', rgbHex(f?.backgroundColor));
  put(
    'horizontalAlignment',
    'horizontalAlignment',
    f?.horizontalAlignment?.toLowerCase(),
  );
  put(
    'verticalAlignment',
    'verticalAlignment',
    f?.verticalAlignment?.toLowerCase(),
  );
  put(
    'wrapStrategy',
    'wrap',
    f?.wrapStrategy === undefined ? undefined : f.wrapStrategy === 'WRAP',
  );
  setCell(s.styles, r, c, Object.keys(next).length ? next : null);
}

/** Everything one request needs: where it is, and the user. */
export interface RequestContext {
  wb: WorkbookData;
  user: string;
  /** "Invalid requests[3].updateCells: " */
  prefix: string;
  /** "requests[3].update_cells" for oneof errors. */
  path: string;
}

export function fail(rc: RequestContext, message: string): never {
  return failApi(`${rc.prefix}${message}`);
}

export function gridOf(
  rc: RequestContext,
  sheetId: number | undefined,
): SheetData {
  const s = sheetById(rc.wb, sheetId ?? 0);
  if (!s) fail(rc, `No grid with id: ${sheetId ?? 0}`);
  return s;
}

export function checkProtection(
  rc: RequestContext,
  s: SheetData,
  rect: GridRect | null,
) {
  if (blockingProtection(rc.wb, s.sheetId, rect, rc.user)) {
    failApi(PROTECTED_MESSAGE);
  }
}

export function writeRows(
  rc: RequestContext,
  s: SheetData,
  rows: RowData[],
  start: {r: number; c: number},
  mask: FieldMask,
): void {
  rows.forEach((row, i) =>
    (row.values ?? []).forEach((cell, j) =>
      applyCellData(
        rc.wb,
        s,
        start.r + i,
        start.c + j,
        cell,
        mask,
        `${rc.path}.rows[${i}].values[${j}]`,
      ),
    ),
  );
}

export function widthOf(rows: RowData[]): number {
  return Math.max(0, ...rows.map(r => (r.values ?? []).length));
}

/**
 * AppendCellsRequest: "Appends new cells after the last row with data in a
 * sheet, inserting new rows into the sheet if necessary."
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#AppendCellsRequest
 */
export function appendCells(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.AppendCellsRequest,
): Response {
  const s = gridOf(rc, req.sheetId);
  const mask = new FieldMask(req.fields);
  if (mask.empty) fail(rc, 'At least one field must be specified.');
  const rows = req.rows ?? [];
  const width = widthOf(rows);
  const start = lastRow(s);
  if (width > s.maxColumns) {
    fail(
      rc,
      gridLimitsMessage(
        s,
        rangeToA1(s.name, {
          r0: start,
          c0: 0,
          r1: start + Math.max(1, rows.length),
          c1: width,
        }),
      ),
    );
  }
  const need = start + rows.length - s.maxRows;
  if (need > 0) insertDimension(rc.wb, s, 'row', s.maxRows, need, 'before');
  if (rows.length && width) {
    checkProtection(rc, s, {
      r0: start,
      c0: 0,
      r1: start + rows.length,
      c1: width,
    });
  }
  writeRows(rc, s, rows, {r: start, c: 0}, mask);
  return {};
}

/**
 * UpdateCellsRequest: rows written from `start`, or into `range` (cells of
 * the range left out are cleared for the fields named).
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#UpdateCellsRequest
 */
export function updateCells(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.UpdateCellsRequest,
): Response {
  const mask = new FieldMask(req.fields);
  if (mask.empty) fail(rc, 'At least one field must be specified.');
  const rows = req.rows ?? [];
  if (req.range) {
    const {s, rect} = gridRange(rc, req.range);
    if (rows.length > rect.r1 - rect.r0) {
      fail(
        rc,
        `Attempting to write row: ${rect.r0 + rows.length - 1}, beyond the last requested row of: ${rect.r1 - 1}`,
      );
    }
    if (widthOf(rows) > rect.c1 - rect.c0) {
      fail(
        rc,
        `Attempting to write column: ${rect.c0 + widthOf(rows) - 1}, beyond the last requested column of: ${rect.c1 - 1}`,
      );
    }
    checkProtection(rc, s, rect);
    for (let r = rect.r0; r < rect.r1; r++) {
      for (let c = rect.c0; c < rect.c1; c++) {
        const cell = rows[r - rect.r0]?.values?.[c - rect.c0];
        applyCellData(
          rc.wb,
          s,
          r,
          c,
          cell,
          mask,
          `${rc.path}.rows[${r - rect.r0}].values[${c - rect.c0}]`,
        );
      }
    }
    return {};
  }
  const start = req.start ?? {};
  const s = gridOf(rc, start.sheetId);
  const r0 = start.rowIndex ?? 0;
  const c0 = start.columnIndex ?? 0;
  if (r0 >= s.maxRows) {
    fail(
      rc,
      `GridCoordinate.rowIndex[${r0}] is after last row in grid[${s.maxRows - 1}]`,
    );
  }
  if (c0 >= s.maxColumns) {
    fail(
      rc,
      `GridCoordinate.columnIndex[${c0}] is after last column in grid[${s.maxColumns - 1}]`,
    );
  }
  const rect = {r0, c0, r1: r0 + rows.length, c1: c0 + widthOf(rows)};
  if (rect.r1 > s.maxRows || rect.c1 > s.maxColumns) {
    fail(rc, gridLimitsMessage(s, rangeToA1(s.name, rect)));
  }
  if (rows.length && rect.c1 > c0) checkProtection(rc, s, rect);
  writeRows(rc, s, rows, {r: r0, c: c0}, mask);
  return {};
}

/** RepeatCellRequest: one CellData over a whole range. */
export function repeatCell(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.RepeatCellRequest,
): Response {
  const mask = new FieldMask(req.fields);
  if (mask.empty) fail(rc, 'At least one field must be specified.');
  const {s, rect} = gridRange(rc, req.range ?? {});
  checkProtection(rc, s, rect);
  for (let r = rect.r0; r < rect.r1; r++) {
    for (let c = rect.c0; c < rect.c1; c++) {
      applyCellData(rc.wb, s, r, c, req.cell, mask, `${rc.path}.cell`);
    }
  }
  return {};
}

/** A GridRange: unset bounds are unbounded; it must lie inside the grid. */
export function gridRange(
  rc: RequestContext,
  g: GridRange,
): {s: SheetData; rect: GridRect} {
  const s = gridOf(rc, g.sheetId);
  const rect = {
    r0: g.startRowIndex ?? 0,
    c0: g.startColumnIndex ?? 0,
    r1: g.endRowIndex ?? s.maxRows,
    c1: g.endColumnIndex ?? s.maxColumns,
  };
  if (
    rect.r1 > s.maxRows ||
    rect.c1 > s.maxColumns ||
    rect.r0 < 0 ||
    rect.c0 < 0
  ) {
    fail(rc, gridLimitsMessage(s, rangeToA1(s.name, rect)));
  }
  return {s, rect};
}

export function dimensionOf(
  rc: RequestContext,
  range: DimensionRange | undefined,
) {
  if (!range) fail(rc, 'range is required');
  const s = gridOf(rc, range.sheetId);
  const dim =
    range.dimension === 'COLUMNS'
      ? 'col'
      : range.dimension === 'ROWS'
        ? 'row'
        : null;
  if (!dim) fail(rc, 'dimension must be ROWS or COLUMNS');
  const start = range.startIndex ?? 0;
  const end = range.endIndex ?? (dim === 'row' ? s.maxRows : s.maxColumns);
  if (start < 0 || end <= start) {
    fail(
      rc,
      `Invalid dimension range: startIndex[${start}] must be less than endIndex[${end}]`,
    );
  }
  return {s, dim: dim as 'row' | 'col', start, end};
}

/** https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#InsertDimensionRequest */
export function insertDimensionRequest(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.InsertDimensionRequest,
): Response {
  const {s, dim, start, end} = dimensionOf(rc, req.range);
  const max = dim === 'row' ? s.maxRows : s.maxColumns;
  if (start > max) {
    fail(
      rc,
      `Insert index ${start} is after the end of the ${dim === 'row' ? 'rows' : 'columns'} (${max})`,
    );
  }
  if (req.inheritFromBefore && start === 0) {
    fail(rc, 'Cannot inherit from before when inserting at index 0');
  }
  checkProtection(rc, s, null);
  insertDimension(
    rc.wb,
    s,
    dim,
    start,
    end - start,
    req.inheritFromBefore ? 'before' : 'after',
  );
  return {};
}

/** https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#DeleteDimensionRequest */
export function deleteDimensionRequest(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.DeleteDimensionRequest,
): Response {
  const {s, dim, start, end} = dimensionOf(rc, req.range);
  const max = dim === 'row' ? s.maxRows : s.maxColumns;
  const rect: GridRect =
    dim === 'row'
      ? {r0: start, r1: end, c0: 0, c1: s.maxColumns}
      : {r0: 0, r1: s.maxRows, c0: start, c1: end};
  if (end > max) fail(rc, gridLimitsMessage(s, rangeToA1(s.name, rect)));
  if (end - start >= max) {
    fail(
      rc,
      `You can't delete all the ${dim === 'row' ? 'rows' : 'columns'} on the sheet.`,
    );
  }
  checkProtection(rc, s, rect);
  deleteDimension(rc.wb, s, dim, start, end - start);
  return {};
}

export function sheetProperties(
  wb: WorkbookData,
  s: SheetData,
): SheetProperties {
  return {
    sheetId: s.sheetId,
    title: s.name,
    index: wb.sheets.indexOf(s),
    sheetType: 'GRID',
    gridProperties: {
      rowCount: s.maxRows,
      columnCount: s.maxColumns,
      ...(s.frozenRows ? {frozenRowCount: s.frozenRows} : {}),
      ...(s.frozenColumns ? {frozenColumnCount: s.frozenColumns} : {}),
    },
    ...(s.hidden ? {hidden: true} : {}),
  };
}

/** https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#AddSheetRequest */
export function addSheetRequest(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.AddSheetRequest,
): Response {
  const p = req.properties ?? {};
  const title = p.title ?? nextSheetName(rc.wb);
  if (sheetByName(rc.wb, title)) fail(rc, duplicateSheetNameMessage(title));
  if (p.sheetId !== undefined && sheetById(rc.wb, p.sheetId)) {
    fail(rc, `A sheet with the id ${p.sheetId} already exists.`);
  }
  const g = p.gridProperties ?? {};
  const s = addSheet(
    rc.wb,
    title,
    p.index ?? rc.wb.sheets.length,
    g.rowCount ?? 1000,
    g.columnCount ?? 26,
    p.sheetId,
  );
  s.frozenRows = g.frozenRowCount ?? 0;
  s.frozenColumns = g.frozenColumnCount ?? 0;
  s.hidden = !!p.hidden;
  return {addSheet: {properties: sheetProperties(rc.wb, s)}};
}

export function deleteSheetRequest(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.DeleteSheetRequest,
): Response {
  const s = gridOf(rc, req.sheetId);
  if (rc.wb.sheets.length === 1) {
    fail(rc, "You can't remove all the sheets in a document.");
  }
  checkProtection(rc, s, null);
  removeSheet(rc.wb, s.sheetId);
  return {};
}

/**
 * UpdateSheetPropertiesRequest: only the fields named change.
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#UpdateSheetPropertiesRequest
 */
export function updateSheetProperties(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.UpdateSheetPropertiesRequest,
): Response {
  const mask = new FieldMask(req.fields);
  if (mask.empty) fail(rc, 'At least one field must be specified.');
  const p = req.properties ?? {};
  const s = gridOf(rc, p.sheetId);
  const g = p.gridProperties ?? {};
  if (mask.has('title')) {
    const title = p.title ?? '';
    const other = sheetByName(rc.wb, title);
    if (other && other !== s) fail(rc, duplicateSheetNameMessage(title));
    if (!title) fail(rc, 'The sheet name cannot be empty.');
    s.name = title;
  }
  if (mask.has('hidden')) {
    const hide = !!p.hidden;
    if (hide && !s.hidden && rc.wb.sheets.filter(x => !x.hidden).length === 1) {
      fail(rc, "You can't hide all the sheets in a document.");
    }
    s.hidden = hide;
  }
  if (mask.has('index') && p.index !== undefined)
    moveSheet(rc.wb, s.sheetId, p.index);
  if (mask.has('gridProperties.frozenRowCount'))
    s.frozenRows = g.frozenRowCount ?? 0;
  if (mask.has('gridProperties.frozenColumnCount')) {
    s.frozenColumns = g.frozenColumnCount ?? 0;
  }
  if (mask.has('gridProperties.rowCount') && g.rowCount !== undefined) {
    resize(rc, s, 'row', g.rowCount);
  }
  if (mask.has('gridProperties.columnCount') && g.columnCount !== undefined) {
    resize(rc, s, 'col', g.columnCount);
  }
  return {};
}

export function resize(
  rc: RequestContext,
  s: SheetData,
  dim: 'row' | 'col',
  count: number,
) {
  const max = dim === 'row' ? s.maxRows : s.maxColumns;
  if (count < 1)
    fail(rc, `Invalid ${dim === 'row' ? 'rowCount' : 'columnCount'}: ${count}`);
  if (count > max) insertDimension(rc.wb, s, dim, max, count - max, 'before');
  if (count < max) deleteDimension(rc.wb, s, dim, count, max - count);
}

/** https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#SetDataValidationRequest */
export function setDataValidation(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.SetDataValidationRequest,
): Response {
  const {s, rect} = gridRange(rc, req.range ?? {});
  checkProtection(rc, s, rect);
  const index = req.rule
    ? internRule(s, ruleFromApi(req.rule, rc.wb.timeZone, `${rc.path}.rule`))
    : null;
  for (let r = rect.r0; r < rect.r1; r++) {
    for (let c = rect.c0; c < rect.c1; c++) setCell(s.validations, r, c, index);
  }
  return {};
}

/** https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#AddProtectedRangeRequest */
export function addProtectedRange(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.AddProtectedRangeRequest,
): Response {
  const pr = req.protectedRange ?? {};
  const g = pr.range ?? {};
  const {s, rect} = gridRange(rc, g);
  const whole =
    g.startRowIndex === undefined &&
    g.endRowIndex === undefined &&
    g.startColumnIndex === undefined &&
    g.endColumnIndex === undefined;
  const id = rc.wb.nextId++;
  rc.wb.protections.push({
    id,
    type: whole ? 'SHEET' : 'RANGE',
    sheetId: s.sheetId,
    range: whole ? null : rect,
    rangeName: null,
    description: pr.description ?? '',
    editors: [...(pr.editors?.users ?? [])],
    restricted: !!pr.editors,
    warningOnly: !!pr.warningOnly,
    domainEdit: !!pr.editors?.domainUsersCanEdit,
    unprotected: (pr.unprotectedRanges ?? []).map(u => gridRange(rc, u).rect),
  });
  return {addProtectedRange: {protectedRange: {...pr, protectedRangeId: id}}};
}

export function deleteProtectedRange(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.DeleteProtectedRangeRequest,
): Response {
  const before = rc.wb.protections.length;
  rc.wb.protections = rc.wb.protections.filter(
    p => p.id !== req.protectedRangeId,
  );
  if (rc.wb.protections.length === before) {
    fail(rc, `No protected range with id: ${req.protectedRangeId}`);
  }
  return {};
}

/**
 * UpdateDimensionPropertiesRequest: column widths (pixelSize); other
 * dimension properties are accepted and not stored.
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#UpdateDimensionPropertiesRequest
 */
export function updateDimensionProperties(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.UpdateDimensionPropertiesRequest,
): Response {
  const range = req.range ?? {};
  const s = gridOf(rc, range.sheetId);
  const mask = new FieldMask(req.fields);
  if (mask.empty) fail(rc, 'At least one field must be specified.');
  const limit = range.dimension === 'ROWS' ? s.maxRows : s.maxColumns;
  const start = range.startIndex ?? 0;
  const end = range.endIndex ?? limit;
  if (start < 0 || end > limit || start >= end) {
    fail(
      rc,
      `Invalid dimension range: [${start}, ${end}) for a grid of ${limit} ${range.dimension === 'ROWS' ? 'rows' : 'columns'}.`,
    );
  }
  if (range.dimension === 'COLUMNS' && mask.has('pixelSize')) {
    const size = req.properties?.pixelSize ?? null;
    for (let c = start; c < end; c++) s.columnWidths[c] = size;
  }
  return {};
}

/**
 * AppendDimensionRequest: add rows or columns at the end of a sheet.
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#AppendDimensionRequest
 */
export function appendDimensionRequest(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.AppendDimensionRequest,
): Response {
  const s = gridOf(rc, req.sheetId);
  const length = req.length ?? 0;
  if (length < 1) fail(rc, 'length must be greater than zero.');
  if (req.dimension === 'ROWS') s.maxRows += length;
  else if (req.dimension === 'COLUMNS') s.maxColumns += length;
  else fail(rc, 'dimension must be ROWS or COLUMNS.');
  return {};
}

/**
 * UpdateProtectedRangeRequest: change the fields named of a protected range
 * (description, warningOnly, editors).
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#UpdateProtectedRangeRequest
 */
export function updateProtectedRange(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.UpdateProtectedRangeRequest,
): Response {
  const pr = req.protectedRange ?? {};
  const target = rc.wb.protections.find(p => p.id === pr.protectedRangeId);
  if (!target) fail(rc, `No protected range with id: ${pr.protectedRangeId}`);
  const mask = new FieldMask(req.fields);
  if (mask.empty) fail(rc, 'At least one field must be specified.');
  if (mask.has('description')) target.description = pr.description ?? '';
  if (mask.has('warningOnly')) target.warningOnly = !!pr.warningOnly;
  if (mask.has('editors')) {
    target.editors = [...(pr.editors?.users ?? [])];
    target.restricted = !!pr.editors;
    target.domainEdit = !!pr.editors?.domainUsersCanEdit;
  }
  return {};
}

export type Handler = (rc: RequestContext, req: never) => Response;

export const HANDLERS: Record<string, Handler> = {
  appendCells: appendCells as Handler,
  updateCells: updateCells as Handler,
  repeatCell: repeatCell as Handler,
  insertDimension: insertDimensionRequest as Handler,
  deleteDimension: deleteDimensionRequest as Handler,
  addSheet: addSheetRequest as Handler,
  deleteSheet: deleteSheetRequest as Handler,
  updateSheetProperties: updateSheetProperties as Handler,
  setDataValidation: setDataValidation as Handler,
  addProtectedRange: addProtectedRange as Handler,
  deleteProtectedRange: deleteProtectedRange as Handler,
  updateProtectedRange: updateProtectedRange as Handler,
  updateDimensionProperties: updateDimensionProperties as Handler,
  appendDimension: appendDimensionRequest as Handler,
};

export function snake(name: string): string {
  return name.replace(/[A-Z]/g, ch => `_${ch.toLowerCase()}`);
}

/** Apply one request; throws ApiFailure on anything invalid. */
export function applyRequest(
  wb: WorkbookData,
  user: string,
  req: Request,
  i: number,
): Response {
  const kinds = Object.keys(req ?? {}).filter(
    k => (req as Record<string, unknown>)[k] !== undefined,
  );
  if (kinds.length !== 1) {
    failApi(`Invalid requests[${i}]: exactly one kind of request must be set.`);
  }
  const kind = kinds[0];
  const handler = HANDLERS[kind];
  if (!handler) {
    throw new Error(
      `local Sheets stand-in: request kind "${kind}" (requests[${i}]) is not modelled`,
    );
  }
  const rc: RequestContext = {
    wb,
    user,
    prefix: `Invalid requests[${i}].${kind}: `,
    path: `requests[${i}].${snake(kind)}`,
  };
  return handler(rc, (req as Record<string, unknown>)[kind] as never);
}

export function cellCount(rows: RowData[] | undefined): number {
  return (rows ?? []).reduce((n, r) => n + (r.values ?? []).length, 0);
}

export function requestUnits(requests: Request[]): number {
  return requests.reduce(
    (n, r) =>
      n + cellCount(r.appendCells?.rows) + cellCount(r.updateCells?.rows),
    0,
  );
}
