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
  ChartData,
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

// ---------------------------------------------------------------------------
// Embedded charts
// ---------------------------------------------------------------------------

/** Sheets API legend positions → the Charts option 'legend.position'. */
const LEGEND_POSITIONS: Record<string, string> = {
  BOTTOM_LEGEND: 'bottom',
  LEFT_LEGEND: 'left',
  RIGHT_LEGEND: 'right',
  TOP_LEGEND: 'top',
  NO_LEGEND: 'none',
  LABELED_LEGEND: 'labeled',
};

/** Basic chart types (BasicChartType); a pie chart is its own spec. */
const BASIC_CHART_TYPES = new Set([
  'BAR',
  'LINE',
  'AREA',
  'COLUMN',
  'SCATTER',
  'COMBO',
  'STEPPED_AREA',
]);

type ChartSpec = GoogleAppsScript.Sheets.Schema.ChartSpec;

function chartSources(
  rc: RequestContext,
  data: GoogleAppsScript.Sheets.Schema.ChartData | undefined,
  where: string,
): ChartData['ranges'] {
  const sources = data?.sourceRange?.sources ?? [];
  if (!sources.length)
    fail(rc, `${where} must have a sourceRange with sources.`);
  return sources.map(g => {
    const {s, rect} = gridRange(rc, g);
    return {sheetId: s.sheetId, ...rect};
  });
}

/**
 * A ChartSpec as the SpreadsheetApp stand-in keeps an embedded chart: its
 * type (Charts.ChartType names, which match BasicChartType), its ranges
 * (domain first, then each series, as EmbeddedChartBuilder.addRange would
 * add them) and its options under the Charts option names ('title',
 * 'subtitle', 'legend.position', 'hAxis.title', 'vAxis.title',
 * 'isStacked'). Only basic and pie charts are modelled.
 */
function chartFromSpec(
  rc: RequestContext,
  spec: ChartSpec | undefined,
): Pick<ChartData, 'type' | 'ranges' | 'options'> {
  if (!spec) fail(rc, 'spec is required.');
  const kinds = Object.keys(spec).filter(
    k =>
      k.endsWith('Chart') &&
      (spec as Record<string, unknown>)[k] !== undefined &&
      (spec as Record<string, unknown>)[k] !== null,
  );
  if (kinds.length !== 1) {
    fail(rc, 'exactly one kind of chart (e.g. basicChart) must be set.');
  }
  const options: Record<string, unknown> = {};
  if (spec.title !== undefined) options.title = spec.title;
  if (spec.subtitle !== undefined) options.subtitle = spec.subtitle;
  if (kinds[0] === 'pieChart') {
    const pie = spec.pieChart!;
    if (pie.legendPosition)
      options['legend.position'] = LEGEND_POSITIONS[pie.legendPosition];
    if (pie.pieHole !== undefined) options.pieHole = pie.pieHole;
    return {
      type: 'PIE',
      ranges: [
        ...chartSources(rc, pie.domain, 'pieChart.domain'),
        ...chartSources(rc, pie.series, 'pieChart.series'),
      ],
      options,
    };
  }
  if (kinds[0] !== 'basicChart') {
    throw new Error(
      `local Sheets stand-in: chart kind "${kinds[0]}" is not modelled`,
    );
  }
  const basic = spec.basicChart!;
  const type = basic.chartType ?? '';
  if (!BASIC_CHART_TYPES.has(type)) {
    fail(rc, `Invalid value at 'basic_chart.chart_type': "${type}"`);
  }
  const domains = basic.domains ?? [];
  if (domains.length > 1) fail(rc, 'Only a single domain is supported.');
  if (basic.legendPosition) {
    const position = LEGEND_POSITIONS[basic.legendPosition];
    if (!position) {
      fail(
        rc,
        `Invalid value at 'basic_chart.legend_position': "${basic.legendPosition}"`,
      );
    }
    options['legend.position'] = position;
  }
  for (const axis of basic.axis ?? []) {
    if (axis.title === undefined) continue;
    if (axis.position === 'BOTTOM_AXIS') options['hAxis.title'] = axis.title;
    else if (axis.position === 'LEFT_AXIS') options['vAxis.title'] = axis.title;
    else if (axis.position === 'RIGHT_AXIS')
      options['vAxes.1.title'] = axis.title;
    else fail(rc, "Invalid value at 'basic_chart.axis.position'.");
  }
  if (basic.stackedType && basic.stackedType !== 'NOT_STACKED') {
    options.isStacked =
      basic.stackedType === 'PERCENT_STACKED' ? 'percent' : true;
  }
  return {
    type,
    ranges: [
      ...domains.flatMap((d, i) =>
        chartSources(rc, d.domain, `basicChart.domains[${i}].domain`),
      ),
      ...(basic.series ?? []).flatMap((x, i) =>
        chartSources(rc, x.series, `basicChart.series[${i}].series`),
      ),
    ],
    options,
  };
}

function allCharts(wb: WorkbookData): ChartData[] {
  return wb.sheets.flatMap(s => s.charts);
}

/**
 * AddChartRequest: "The chart that should be added to the spreadsheet,
 * including the position where it should be placed. The chartId field is
 * optional; if one is not set, an id will be randomly generated. (It is an
 * error to specify the ID of an embedded object that already exists.)"
 * The chart is stored on the sheet of its overlay position's anchor cell,
 * as Sheet.insertChart stores one; a chart on a sheet of its own
 * (position.sheetId / newSheet) is not modelled.
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#AddChartRequest
 * (text as in https://googleapis.dev/dotnet/Google.Apis.Sheets.v4/latest/api/Google.Apis.Sheets.v4.Data.AddChartRequest.html)
 */
export function addChart(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.AddChartRequest,
): Response {
  const chart = req.chart;
  if (!chart) fail(rc, 'chart is required.');
  const position = chart.position ?? {};
  const where = ['sheetId', 'overlayPosition', 'newSheet'].filter(
    k =>
      (position as Record<string, unknown>)[k] !== undefined &&
      (position as Record<string, unknown>)[k] !== null &&
      (position as Record<string, unknown>)[k] !== false,
  );
  if (where.length !== 1) {
    fail(
      rc,
      'chart.position must set exactly one of sheetId, overlayPosition or newSheet.',
    );
  }
  if (where[0] !== 'overlayPosition') {
    throw new Error(
      'local Sheets stand-in: a chart on a sheet of its own is not modelled',
    );
  }
  const overlay = position.overlayPosition!;
  const anchor = overlay.anchorCell ?? {};
  const s = gridOf(rc, anchor.sheetId);
  const row = anchor.rowIndex ?? 0;
  const column = anchor.columnIndex ?? 0;
  if (row < 0 || row >= s.maxRows || column < 0 || column >= s.maxColumns) {
    fail(
      rc,
      `The anchor cell [${row}, ${column}] is outside the grid of sheet ${s.sheetId} (${s.maxRows} rows, ${s.maxColumns} columns).`,
    );
  }
  if (
    chart.chartId !== undefined &&
    chart.chartId !== null &&
    (!Number.isInteger(chart.chartId) || chart.chartId < 0)
  ) {
    fail(rc, `Invalid chartId: ${chart.chartId}`);
  }
  if (
    chart.chartId !== undefined &&
    chart.chartId !== null &&
    allCharts(rc.wb).some(c => c.chartId === chart.chartId)
  ) {
    fail(rc, `An object with the id ${chart.chartId} already exists.`);
  }
  checkProtection(rc, s, null);
  const drawn = chartFromSpec(rc, chart.spec);
  const chartId = chart.chartId ?? rc.wb.nextId++;
  rc.wb.nextId = Math.max(rc.wb.nextId, chartId + 1);
  const options = {...drawn.options};
  if (overlay.widthPixels) options.width = overlay.widthPixels;
  if (overlay.heightPixels) options.height = overlay.heightPixels;
  s.charts.push({
    chartId,
    type: drawn.type,
    ranges: drawn.ranges,
    options,
    position: {
      row: row + 1,
      column: column + 1,
      offsetX: overlay.offsetXPixels ?? 0,
      offsetY: overlay.offsetYPixels ?? 0,
    },
  });
  return {
    addChart: {
      chart: {
        chartId,
        spec: chart.spec,
        position: {
          overlayPosition: {
            anchorCell: {
              sheetId: s.sheetId,
              rowIndex: row,
              columnIndex: column,
            },
            offsetXPixels: overlay.offsetXPixels ?? 0,
            offsetYPixels: overlay.offsetYPixels ?? 0,
            ...(overlay.widthPixels ? {widthPixels: overlay.widthPixels} : {}),
            ...(overlay.heightPixels
              ? {heightPixels: overlay.heightPixels}
              : {}),
          },
        },
      },
    },
  };
}

/**
 * UpdateChartSpecRequest: "Updates a chart's specifications. (This does not
 * move or resize a chart. To move or resize a chart, use
 * UpdateEmbeddedObjectPositionRequest.)"
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#UpdateChartSpecRequest
 */
export function updateChartSpec(
  rc: RequestContext,
  req: GoogleAppsScript.Sheets.Schema.UpdateChartSpecRequest,
): Response {
  const sheet = rc.wb.sheets.find(s =>
    s.charts.some(c => c.chartId === req.chartId),
  );
  if (!sheet) fail(rc, `No chart with id: ${req.chartId}`);
  checkProtection(rc, sheet, null);
  const target = sheet.charts.find(c => c.chartId === req.chartId)!;
  const drawn = chartFromSpec(rc, req.spec);
  const size: Record<string, unknown> = {};
  if (target.options.width !== undefined) size.width = target.options.width;
  if (target.options.height !== undefined) size.height = target.options.height;
  target.type = drawn.type;
  target.ranges = drawn.ranges;
  target.options = {...drawn.options, ...size};
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
  addChart: addChart as Handler,
  updateChartSpec: updateChartSpec as Handler,
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
