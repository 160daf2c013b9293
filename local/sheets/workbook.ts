/**
 * The spreadsheet model the stand-ins share, as it is stored on disk, and
 * the pure operations on it (no I/O, no clock).
 *
 * A sheet's cells are kept in layers — values, formulas, number formats,
 * notes, validation rules, styles — each a list of row arrays with nulls for
 * empty cells and trailing nulls dropped, so a 10,000 × 30 table is a compact
 * JSON of arrays and row inserts/deletes are array splices.
 *
 * Indexes are 0-based here; the Apps Script facade converts from 1-based.
 */
import {GridRect, columnLetters, rectContains, rectsIntersect} from './a1';
import {
  AUTOMATIC_FORMAT,
  CellValue,
  formatValue,
  isDateTimeFormat,
} from './number-format';
import {evaluateFormula} from './formula';

export type {CellValue} from './number-format';

/** A layer of cells: rows of cells, null where empty. */
export type Layer<T> = Array<Array<T | null> | null>;

/** Display attributes stored but not interpreted (fonts, colours...). */
export type CellStyle = Record<string, string | boolean | number | null>;

/**
 * A data validation rule, criteria as Apps Script names them
 * (https://developers.google.com/apps-script/reference/spreadsheet/data-validation-criteria).
 * Date criteria values are stored as serial numbers.
 */
export interface ValidationRule {
  criteria: string;
  values: Array<string | number | boolean>;
  allowInvalid: boolean;
  helpText: string | null;
  showDropdown?: boolean;
}

export interface ChartData {
  chartId: number;
  type: string;
  ranges: Array<{sheetId: number} & GridRect>;
  options: Record<string, unknown>;
  position: {row: number; column: number; offsetX: number; offsetY: number};
}

export interface SheetData {
  sheetId: number;
  name: string;
  hidden: boolean;
  maxRows: number;
  maxColumns: number;
  frozenRows: number;
  frozenColumns: number;
  tabColor: string | null;
  /** Pixel widths by 0-based column; null for the default (100). */
  columnWidths: Array<number | null>;
  values: Layer<CellValue>;
  formulas: Layer<string>;
  formats: Layer<string>;
  notes: Layer<string>;
  /** Index into `rules`. */
  validations: Layer<number>;
  rules: ValidationRule[];
  styles: Layer<CellStyle>;
  charts: ChartData[];
}

export interface NamedRangeData extends GridRect {
  name: string;
  sheetId: number;
}

export interface ProtectionData {
  id: number;
  type: 'SHEET' | 'RANGE';
  sheetId: number;
  /** For RANGE protections. */
  range: GridRect | null;
  rangeName: string | null;
  description: string;
  /** Editors besides the owner, who can always edit. */
  editors: string[];
  /**
   * False until a script changes the editors or domain setting: until then
   * "the permissions mirror those of the spreadsheet itself, which
   * effectively means that the sheet remains unprotected"
   * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#protect()).
   */
  restricted: boolean;
  warningOnly: boolean;
  domainEdit: boolean;
  /** For SHEET protections: ranges left editable. */
  unprotected: GridRect[];
}

export interface WorkbookData {
  format: 1;
  /** Bumped on every write. */
  version: number;
  id: string;
  name: string;
  timeZone: string;
  locale: string;
  owner: string;
  nextSheetId: number;
  nextId: number;
  sheets: SheetData[];
  namedRanges: NamedRangeData[];
  protections: ProtectionData[];
}

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

export function newSheet(
  sheetId: number,
  name: string,
  rows = DEFAULT_ROWS,
  columns = DEFAULT_COLUMNS,
): SheetData {
  return {
    sheetId,
    name,
    hidden: false,
    maxRows: rows,
    maxColumns: columns,
    frozenRows: 0,
    frozenColumns: 0,
    tabColor: null,
    columnWidths: [],
    values: [],
    formulas: [],
    formats: [],
    notes: [],
    validations: [],
    rules: [],
    styles: [],
    charts: [],
  };
}

export interface NewWorkbookOptions {
  id: string;
  name: string;
  owner: string;
  timeZone?: string;
  locale?: string;
  rows?: number;
  columns?: number;
  sheetName?: string;
}

/** A new spreadsheet: one sheet, "Sheet1", sheetId 0. */
export function newWorkbook(o: NewWorkbookOptions): WorkbookData {
  return {
    format: 1,
    version: 0,
    id: o.id,
    name: o.name,
    timeZone: o.timeZone ?? 'Europe/London',
    locale: o.locale ?? 'en_GB',
    owner: o.owner,
    nextSheetId: 1,
    nextId: 1,
    sheets: [newSheet(0, o.sheetName ?? 'Sheet1', o.rows, o.columns)],
    namedRanges: [],
    protections: [],
  };
}

// ---------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------

export function getCell<T>(layer: Layer<T>, r: number, c: number): T | null {
  const row = layer[r];
  if (!row) return null;
  const v = row[c];
  return v === undefined ? null : v;
}

export function setCell<T>(
  layer: Layer<T>,
  r: number,
  c: number,
  v: T | null,
): void {
  if (v === null || v === undefined) {
    const row = layer[r];
    if (!row || c >= row.length) return;
    row[c] = null;
    trimRow(layer, r);
    return;
  }
  while (layer.length <= r) layer.push(null);
  let row = layer[r];
  if (!row) {
    row = [];
    layer[r] = row;
  }
  while (row.length < c) row.push(null);
  row[c] = v;
}

function trimRow<T>(layer: Layer<T>, r: number): void {
  const row = layer[r];
  if (!row) return;
  let end = row.length;
  while (end > 0 && (row[end - 1] === null || row[end - 1] === undefined)) {
    end--;
  }
  row.length = end;
  if (end === 0) layer[r] = null;
  let last = layer.length;
  while (last > 0 && !layer[last - 1]) last--;
  layer.length = last;
}

function spliceRows<T>(layer: Layer<T>, at: number, del: number, add: number) {
  if (at > layer.length) return;
  layer.splice(at, del, ...new Array<null>(add).fill(null));
  let last = layer.length;
  while (last > 0 && !layer[last - 1]) last--;
  layer.length = last;
}

function spliceColumns<T>(
  layer: Layer<T>,
  at: number,
  del: number,
  add: number,
) {
  for (let r = 0; r < layer.length; r++) {
    const row = layer[r];
    if (!row || at > row.length) continue;
    row.splice(at, del, ...new Array<null>(add).fill(null));
    trimRow(layer, r);
  }
}

function cellLayers(s: SheetData): Array<Layer<unknown>> {
  return [s.values, s.formulas, s.formats, s.notes, s.validations, s.styles];
}

// ---------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------

export function sheetById(wb: WorkbookData, sheetId: number): SheetData | null {
  return wb.sheets.find(s => s.sheetId === sheetId) ?? null;
}

/**
 * Sheet names are compared ignoring case: "Google sheets internally ignores
 * case for sheet names ... trying to create 2 sheets with the same name but
 * different cases fails, whether you do it from the spreadsheet UI or the
 * API" (https://github.com/socialpoint-labs/sheetfu/pull/26; ranges too:
 * https://github.com/appsmithorg/appsmith/issues/5293).
 */
export function sheetByName(wb: WorkbookData, name: string): SheetData | null {
  const exact = wb.sheets.find(s => s.name === name);
  if (exact) return exact;
  const lower = String(name).toLowerCase();
  return wb.sheets.find(s => s.name.toLowerCase() === lower) ?? null;
}

/** The sheet a name-less reference means: the first sheet. */
export function firstSheet(wb: WorkbookData): SheetData {
  return wb.sheets[0];
}

/** A free default name: Sheet2, Sheet3... */
export function nextSheetName(wb: WorkbookData): string {
  for (let n = wb.sheets.length + 1; ; n++) {
    const name = `Sheet${n}`;
    if (!sheetByName(wb, name)) return name;
  }
}

/** The message Sheets gives for a taken sheet name. */
export function duplicateSheetNameMessage(name: string): string {
  return `A sheet with the name "${name}" already exists. Please enter another name.`;
}

export function addSheet(
  wb: WorkbookData,
  name: string,
  index: number,
  rows = DEFAULT_ROWS,
  columns = DEFAULT_COLUMNS,
  sheetId?: number,
): SheetData {
  const id = sheetId ?? wb.nextSheetId;
  wb.nextSheetId = Math.max(wb.nextSheetId, id + 1);
  const sheet = newSheet(id, name, rows, columns);
  const at = Math.max(0, Math.min(index, wb.sheets.length));
  wb.sheets.splice(at, 0, sheet);
  return sheet;
}

export function removeSheet(wb: WorkbookData, sheetId: number): void {
  wb.sheets = wb.sheets.filter(s => s.sheetId !== sheetId);
  wb.namedRanges = wb.namedRanges.filter(n => n.sheetId !== sheetId);
  wb.protections = wb.protections.filter(p => p.sheetId !== sheetId);
}

export function moveSheet(wb: WorkbookData, sheetId: number, index: number) {
  const i = wb.sheets.findIndex(s => s.sheetId === sheetId);
  if (i < 0) return;
  const [sheet] = wb.sheets.splice(i, 1);
  wb.sheets.splice(Math.max(0, Math.min(index, wb.sheets.length)), 0, sheet);
}

/** 1-based number of the last row holding a value or formula (0 if none). */
export function lastRow(s: SheetData): number {
  return Math.max(lastFilledRow(s.values), lastFilledRow(s.formulas));
}

function lastFilledRow<T>(layer: Layer<T>): number {
  for (let r = layer.length - 1; r >= 0; r--) {
    const row = layer[r];
    if (row && row.some(v => v !== null && v !== undefined)) return r + 1;
  }
  return 0;
}

/** 1-based number of the last column holding a value or formula (0 if none). */
export function lastColumn(s: SheetData): number {
  let last = 0;
  for (const layer of [s.values, s.formulas] as Array<Layer<unknown>>) {
    for (const row of layer) {
      if (!row) continue;
      for (let c = row.length - 1; c >= last; c--) {
        if (row[c] !== null && row[c] !== undefined) {
          last = c + 1;
          break;
        }
      }
    }
  }
  return last;
}

/** Last row with content within columns [c0, c1) (1-based, 0 if none). */
export function lastRowInColumns(s: SheetData, c0: number, c1: number): number {
  let last = 0;
  for (const layer of [s.values, s.formulas] as Array<Layer<unknown>>) {
    for (let r = layer.length - 1; r >= last; r--) {
      const row = layer[r];
      if (!row) continue;
      let hit = false;
      for (let c = c0; c < Math.min(c1, row.length); c++) {
        if (row[c] !== null && row[c] !== undefined) {
          hit = true;
          break;
        }
      }
      if (hit) {
        last = Math.max(last, r + 1);
        break;
      }
    }
  }
  return last;
}

/**
 * Insert rows before 0-based `at`. Formats and validation rules of the
 * neighbouring row are copied when `inheritFrom` names one (Sheets'
 * InsertDimensionRequest.inheritFromBefore; Apps Script's insertRowsAfter
 * inherits from the row above, insertRowsBefore from the row below).
 */
function insertRows(
  s: SheetData,
  at: number,
  count: number,
  inheritFrom: 'before' | 'after' | null,
): void {
  for (const layer of cellLayers(s)) spliceRows(layer, at, 0, count);
  s.maxRows += count;
  const source = inheritFrom === 'before' ? at - 1 : at + count;
  if (inheritFrom && source >= 0 && source < s.maxRows) {
    for (const layer of [s.formats, s.validations, s.styles] as Array<
      Layer<unknown>
    >) {
      const row = layer[source];
      if (!row) continue;
      for (let r = at; r < at + count; r++) {
        row.forEach((v, c) => setCell(layer, r, c, copyCell(v)));
      }
    }
  }
}

function copyCell<T>(v: T | null): T | null {
  return v && typeof v === 'object' ? ({...v} as T) : v;
}

function deleteRows(s: SheetData, at: number, count: number): void {
  for (const layer of cellLayers(s)) spliceRows(layer, at, count, 0);
  s.maxRows -= count;
}

function insertColumns(
  s: SheetData,
  at: number,
  count: number,
  inheritFrom: 'before' | 'after' | null,
): void {
  for (const layer of cellLayers(s)) spliceColumns(layer, at, 0, count);
  if (at <= s.columnWidths.length) {
    s.columnWidths.splice(at, 0, ...new Array<null>(count).fill(null));
  }
  s.maxColumns += count;
  const source = inheritFrom === 'before' ? at - 1 : at + count;
  if (inheritFrom && source >= 0 && source < s.maxColumns) {
    for (const layer of [s.formats, s.validations, s.styles] as Array<
      Layer<unknown>
    >) {
      layer.forEach((row, r) => {
        if (!row) return;
        const v = row[source];
        if (v === null || v === undefined) return;
        for (let c = at; c < at + count; c++) setCell(layer, r, c, copyCell(v));
      });
    }
  }
}

function deleteColumns(s: SheetData, at: number, count: number): void {
  for (const layer of cellLayers(s)) spliceColumns(layer, at, count, 0);
  s.columnWidths.splice(at, count);
  s.maxColumns -= count;
}

/** Move a rectangle for rows/columns inserted (delta > 0) or deleted. */
export function shiftRect(
  rect: GridRect,
  dim: 'row' | 'col',
  at: number,
  delta: number,
): void {
  const [lo, hi] =
    dim === 'row' ? (['r0', 'r1'] as const) : (['c0', 'c1'] as const);
  if (delta > 0) {
    if (rect[lo] >= at) rect[lo] += delta;
    if (rect[hi] > at) rect[hi] += delta;
    return;
  }
  const end = at - delta;
  const clamp = (v: number) => (v <= at ? v : v >= end ? v + delta : at);
  rect[lo] = clamp(rect[lo]);
  rect[hi] = clamp(rect[hi]);
}

/**
 * Insert or delete rows or columns of a sheet, moving the workbook-level
 * rectangles (named ranges, protections) with them.
 */
export function insertDimension(
  wb: WorkbookData,
  s: SheetData,
  dim: 'row' | 'col',
  at: number,
  count: number,
  inheritFrom: 'before' | 'after' | null,
): void {
  if (dim === 'row') insertRows(s, at, count, inheritFrom);
  else insertColumns(s, at, count, inheritFrom);
  shiftWorkbookRects(wb, s.sheetId, dim, at, count);
}

export function deleteDimension(
  wb: WorkbookData,
  s: SheetData,
  dim: 'row' | 'col',
  at: number,
  count: number,
): void {
  if (dim === 'row') deleteRows(s, at, count);
  else deleteColumns(s, at, count);
  shiftWorkbookRects(wb, s.sheetId, dim, at, -count);
}

/** After a row/column change, move the workbook-level rectangles too. */
function shiftWorkbookRects(
  wb: WorkbookData,
  sheetId: number,
  dim: 'row' | 'col',
  at: number,
  delta: number,
): void {
  for (const n of wb.namedRanges) {
    if (n.sheetId === sheetId) shiftRect(n, dim, at, delta);
  }
  for (const chart of wb.sheets.flatMap(sh => sh.charts)) {
    for (const r of chart.ranges) {
      if (r.sheetId === sheetId) shiftRect(r, dim, at, delta);
    }
  }
  for (const p of wb.protections) {
    if (p.sheetId !== sheetId) continue;
    if (p.range) shiftRect(p.range, dim, at, delta);
    p.unprotected.forEach(u => shiftRect(u, dim, at, delta));
  }
}

// ---------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------

/** What a write puts into one cell. */
export interface CellWrite {
  value: CellValue | null;
  formula?: string | null;
  /** undefined leaves the format as it is. */
  format?: string | null;
}

/** Evaluate a formula against the sheet as it is now. */
export function formulaValue(s: SheetData, formula: string): CellValue {
  return evaluateFormula(formula, (r, c) => getCell(s.values, r, c));
}

export function writeCell(s: SheetData, r: number, c: number, w: CellWrite) {
  if (w.format !== undefined) setCell(s.formats, r, c, w.format || null);
  if (w.formula) {
    setCell(s.formulas, r, c, w.formula);
    setCell(s.values, r, c, formulaValue(s, w.formula));
    return;
  }
  setCell(s.formulas, r, c, null);
  setCell(s.values, r, c, w.value === '' ? null : w.value);
}

export function clearCells(
  s: SheetData,
  rect: GridRect,
  what: {
    contents?: boolean;
    formats?: boolean;
    notes?: boolean;
    validations?: boolean;
  },
): void {
  const layers: Array<Layer<unknown>> = [];
  if (what.contents) layers.push(s.values, s.formulas);
  if (what.formats) layers.push(s.formats, s.styles);
  if (what.notes) layers.push(s.notes);
  if (what.validations) layers.push(s.validations);
  for (const layer of layers) {
    const end = Math.min(rect.r1, layer.length);
    for (let r = rect.r0; r < end; r++) {
      const row = layer[r];
      if (!row) continue;
      for (let c = rect.c0; c < Math.min(rect.c1, row.length); c++)
        row[c] = null;
      trimRow(layer, r);
    }
  }
}

/** The display string of a cell (getDisplayValues, FORMATTED_VALUE). */
export function displayValue(s: SheetData, r: number, c: number): string {
  return formatValue(getCell(s.values, r, c), getCell(s.formats, r, c));
}

/** Is the cell's value a date or time (a number under a date format)? */
export function isDateCell(s: SheetData, r: number, c: number): boolean {
  const v = getCell(s.values, r, c);
  return typeof v === 'number' && isDateTimeFormat(getCell(s.formats, r, c));
}

/** Apps Script's getNumberFormat of a cell with no explicit format. */
export function numberFormatOf(s: SheetData, r: number, c: number): string {
  return getCell(s.formats, r, c) ?? AUTOMATIC_FORMAT;
}

export function cellName(r: number, c: number): string {
  return `${columnLetters(c)}${r + 1}`;
}

// ---------------------------------------------------------------------------
// Data validation
// ---------------------------------------------------------------------------

/** Store a rule once per sheet; returns its index. */
export function internRule(s: SheetData, rule: ValidationRule): number {
  const key = JSON.stringify(rule);
  const i = s.rules.findIndex(r => JSON.stringify(r) === key);
  if (i >= 0) return i;
  s.rules.push(rule);
  return s.rules.length - 1;
}

export function ruleAt(
  s: SheetData,
  r: number,
  c: number,
): ValidationRule | null {
  const i = getCell(s.validations, r, c);
  return i === null ? null : (s.rules[i] ?? null);
}

/** Does the cell's value satisfy the rule? Empty cells always do. */
export function satisfiesRule(
  rule: ValidationRule,
  value: CellValue | null,
  display: string,
): boolean {
  if (value === null || value === '') return true;
  const [a, b] = rule.values as number[];
  const num = typeof value === 'number' ? value : NaN;
  switch (rule.criteria) {
    case 'VALUE_IN_LIST':
      return rule.values.some(v => String(v) === display);
    case 'CHECKBOX': {
      const [checked = true, unchecked = false] = rule.values;
      return value === checked || value === unchecked;
    }
    case 'DATE_IS_VALID_DATE':
      return typeof value === 'number';
    case 'DATE_AFTER':
      return num > a;
    case 'DATE_BEFORE':
      return num < a;
    case 'DATE_ON_OR_AFTER':
      return num >= a;
    case 'DATE_ON_OR_BEFORE':
      return num <= a;
    case 'DATE_EQUAL_TO':
      return Math.floor(num) === Math.floor(a);
    case 'DATE_BETWEEN':
    case 'NUMBER_BETWEEN':
      return num >= a && num <= b;
    case 'DATE_NOT_BETWEEN':
    case 'NUMBER_NOT_BETWEEN':
      return num < a || num > b;
    case 'NUMBER_EQUAL_TO':
      return num === a;
    case 'NUMBER_NOT_EQUAL_TO':
      return num !== a;
    case 'NUMBER_GREATER_THAN':
      return num > a;
    case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
      return num >= a;
    case 'NUMBER_LESS_THAN':
      return num < a;
    case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
      return num <= a;
    case 'TEXT_CONTAINS':
      return display.includes(String(rule.values[0]));
    case 'TEXT_DOES_NOT_CONTAIN':
      return !display.includes(String(rule.values[0]));
    case 'TEXT_EQUAL_TO':
      return display === String(rule.values[0]);
    case 'TEXT_IS_VALID_EMAIL':
      return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(display);
    case 'TEXT_IS_VALID_URL':
      return /^https?:\/\/\S+$/.test(display);
    default:
      return true;
  }
}

/**
 * The first cell in `rect` whose value breaks a rejecting rule, or null.
 * Apps Script refuses such a write: "The data you entered in cell U2
 * violates the data validation rules set on this cell."
 */
export function firstInvalidCell(
  s: SheetData,
  rect: GridRect,
): {r: number; c: number} | null {
  if (s.rules.every(rule => rule.allowInvalid)) return null;
  for (let r = rect.r0; r < Math.min(rect.r1, s.validations.length); r++) {
    for (let c = rect.c0; c < rect.c1; c++) {
      const rule = ruleAt(s, r, c);
      if (!rule || rule.allowInvalid) continue;
      if (
        !satisfiesRule(rule, getCell(s.values, r, c), displayValue(s, r, c))
      ) {
        return {r, c};
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Protection
// ---------------------------------------------------------------------------

export const PROTECTED_MESSAGE =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

function emailDomain(email: string): string {
  return email.split('@')[1]?.toLowerCase() ?? '';
}

/** May `user` edit under this protection (ignoring warning-only)? */
export function canEditProtection(
  wb: WorkbookData,
  p: ProtectionData,
  user: string,
): boolean {
  const u = user.toLowerCase();
  if (!p.restricted || u === wb.owner.toLowerCase()) return true;
  if (p.editors.some(e => e.toLowerCase() === u)) return true;
  return p.domainEdit && emailDomain(u) === emailDomain(wb.owner);
}

/**
 * The protection that stops `user` writing to `rect` on a sheet, if any.
 * Warning-only protections never stop a script. `rect` null means the sheet
 * structure (rows, columns) itself.
 */
export function blockingProtection(
  wb: WorkbookData,
  sheetId: number,
  rect: GridRect | null,
  user: string,
): ProtectionData | null {
  for (const p of wb.protections) {
    if (p.sheetId !== sheetId || p.warningOnly) continue;
    if (canEditProtection(wb, p, user)) continue;
    if (p.type === 'RANGE') {
      if (rect && p.range && rectsIntersect(rect, p.range)) return p;
      continue;
    }
    if (!rect) return p;
    if (!coveredByUnprotected(rect, p.unprotected)) return p;
  }
  return null;
}

function coveredByUnprotected(rect: GridRect, holes: GridRect[]): boolean {
  if (holes.length === 0) return false;
  for (let r = rect.r0; r < rect.r1; r++) {
    for (let c = rect.c0; c < rect.c1; c++) {
      if (!holes.some(h => rectContains(h, r, c))) return false;
    }
  }
  return true;
}
