/**
 * Export a stored spreadsheet as a real .xlsx (ExcelJS) a person can open:
 * values (dates as Excel dates), formulas with their values, number formats
 * translated to Excel's dialect, frozen panes, column widths, list
 * validations, notes, hidden sheets, and sheet protection.
 * https://github.com/exceljs/exceljs#readme
 */
import ExcelJS from 'exceljs';
import {Workspace, writeFileAtomic} from '../core';
import {isErrorValue} from './formula';
import {isAutomaticFormat, isDateTimeFormat} from './number-format';
import {readWorkbook} from './store';
import {
  CellStyle,
  SheetData,
  ValidationRule,
  WorkbookData,
  getCell,
} from './workbook';

const DAY_MS = 86_400_000;
/** Excel serial 25569 is 1970-01-01; ExcelJS converts Dates with UTC fields. */
const UNIX_EPOCH_SERIAL = 25569;

/**
 * Sheets pattern → Excel pattern. They share most of the syntax; Excel
 * needs currency symbols other than $ quoted and writes AM/PM in capitals.
 */
export function excelNumberFormat(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '"') {
      const end = pattern.indexOf('"', i + 1);
      const stop = end < 0 ? pattern.length : end;
      out += pattern.slice(i, stop + 1);
      i = stop;
      continue;
    }
    if (ch === '[' || ch === '\\') {
      const stop = ch === '[' ? pattern.indexOf(']', i) : i + 1;
      out += pattern.slice(i, (stop < 0 ? pattern.length : stop) + 1);
      i = stop < 0 ? pattern.length : stop;
      continue;
    }
    if (/[£€¥]/.test(ch)) {
      out += `"${ch}"`;
      continue;
    }
    out += ch;
  }
  return out.replace(/am\/pm/gi, 'AM/PM').replace(/a\/p/gi, 'A/P');
}

/** A Date whose UTC fields are the serial's wall-clock time. */
function serialToExcelDate(serial: number): Date {
  return new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * DAY_MS));
}

function cellValue(s: SheetData, r: number, c: number): ExcelJS.CellValue {
  const v = getCell(s.values, r, c);
  const formula = getCell(s.formulas, r, c);
  const format = getCell(s.formats, r, c);
  const plain: ExcelJS.CellValue =
    typeof v === 'number' && isDateTimeFormat(format)
      ? serialToExcelDate(v)
      : v === null
        ? null
        : isErrorValue(v)
          ? {error: v as ExcelJS.ErrorValue}
          : v;
  if (formula) {
    return {
      formula: formula.replace(/^=/, ''),
      result: plain as ExcelJS.CellFormulaValue['result'],
    } as ExcelJS.CellFormulaValue;
  }
  return plain;
}

function applyStyle(cell: ExcelJS.Cell, style: CellStyle | null): void {
  if (!style) return;
  if (style.fontWeight === 'bold' || style.fontStyle === 'italic') {
    cell.font = {
      bold: style.fontWeight === 'bold',
      italic: style.fontStyle === 'italic',
    };
  }
  if (
    typeof style.background === 'string' &&
    /^#[0-9a-f]{6}$/i.test(style.background)
  ) {
    cell.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: {argb: `FF${style.background.slice(1).toUpperCase()}`},
    };
  }
  const horizontal = style.horizontalAlignment;
  if (style.wrap !== undefined || typeof horizontal === 'string') {
    cell.alignment = {
      wrapText: style.wrap === true,
      ...(horizontal === 'left' ||
      horizontal === 'center' ||
      horizontal === 'right'
        ? {horizontal}
        : {}),
    };
  }
}

/** Sheets validation → Excel validation (lists, numbers, dates, checkboxes). */
function excelValidation(rule: ValidationRule): ExcelJS.DataValidation | null {
  const common = {
    allowBlank: true,
    showErrorMessage: !rule.allowInvalid,
    ...(rule.helpText ? {showInputMessage: true, prompt: rule.helpText} : {}),
  };
  const [a, b] = rule.values;
  const between = (
    type: 'decimal' | 'date',
    operator: ExcelJS.DataValidationOperator,
  ) =>
    ({
      ...common,
      type,
      operator,
      formulae:
        type === 'date'
          ? [
              serialToExcelDate(Number(a)),
              ...(b === undefined ? [] : [serialToExcelDate(Number(b))]),
            ]
          : [a, ...(b === undefined ? [] : [b])],
    }) as ExcelJS.DataValidation;
  switch (rule.criteria) {
    case 'VALUE_IN_LIST':
      return {
        ...common,
        type: 'list',
        formulae: [
          `"${rule.values.map(v => String(v).replace(/"/g, '""')).join(',')}"`,
        ],
      };
    case 'CHECKBOX':
      return {...common, type: 'list', formulae: ['"TRUE,FALSE"']};
    case 'NUMBER_BETWEEN':
      return between('decimal', 'between');
    case 'NUMBER_NOT_BETWEEN':
      return between('decimal', 'notBetween');
    case 'NUMBER_GREATER_THAN':
      return between('decimal', 'greaterThan');
    case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
      return between('decimal', 'greaterThanOrEqual');
    case 'NUMBER_LESS_THAN':
      return between('decimal', 'lessThan');
    case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
      return between('decimal', 'lessThanOrEqual');
    case 'NUMBER_EQUAL_TO':
      return between('decimal', 'equal');
    case 'DATE_BETWEEN':
      return between('date', 'between');
    case 'DATE_AFTER':
      return between('date', 'greaterThan');
    case 'DATE_BEFORE':
      return between('date', 'lessThan');
    case 'DATE_ON_OR_AFTER':
      return between('date', 'greaterThanOrEqual');
    case 'DATE_ON_OR_BEFORE':
      return between('date', 'lessThanOrEqual');
    case 'DATE_IS_VALID_DATE':
      return {
        ...common,
        type: 'date',
        operator: 'greaterThan',
        formulae: [serialToExcelDate(0)],
      };
    default:
      return null;
  }
}

/** Every row index any layer of the sheet uses. */
function usedRows(s: SheetData): number {
  return Math.max(
    s.values.length,
    s.formulas.length,
    s.formats.length,
    s.notes.length,
    s.validations.length,
    s.styles.length,
  );
}

function usedColumns(s: SheetData, r: number): number {
  return Math.max(
    ...[s.values, s.formulas, s.formats, s.notes, s.validations, s.styles].map(
      layer => layer[r]?.length ?? 0,
    ),
  );
}

async function addWorksheet(
  book: ExcelJS.Workbook,
  wb: WorkbookData,
  s: SheetData,
): Promise<void> {
  const ws = book.addWorksheet(s.name, {
    state: s.hidden ? 'hidden' : 'visible',
    views:
      s.frozenRows || s.frozenColumns
        ? [{state: 'frozen', xSplit: s.frozenColumns, ySplit: s.frozenRows}]
        : [],
    properties: s.tabColor
      ? {tabColor: {argb: `FF${s.tabColor.replace('#', '')}`}}
      : {},
  });
  s.columnWidths.forEach((px, c) => {
    if (px) ws.getColumn(c + 1).width = Math.round((px / 7) * 100) / 100;
  });
  for (let r = 0; r < usedRows(s); r++) {
    const width = usedColumns(s, r);
    for (let c = 0; c < width; c++) writeCell(ws, s, r, c);
  }
  await protectSheet(ws, wb, s);
}

function writeCell(ws: ExcelJS.Worksheet, s: SheetData, r: number, c: number) {
  const value = cellValue(s, r, c);
  const format = getCell(s.formats, r, c);
  const note = getCell(s.notes, r, c);
  const ruleIndex = getCell(s.validations, r, c);
  const style = getCell(s.styles, r, c);
  if (value === null && !format && !note && ruleIndex === null && !style)
    return;
  const cell = ws.getCell(r + 1, c + 1);
  if (value !== null) cell.value = value;
  if (format && !isAutomaticFormat(format))
    cell.numFmt = excelNumberFormat(format);
  if (note) cell.note = note;
  const rule = ruleIndex === null ? null : s.rules[ruleIndex];
  const dv = rule ? excelValidation(rule) : null;
  if (dv) cell.dataValidation = dv;
  applyStyle(cell, style);
}

/**
 * A sheet protected in Sheets is a protected worksheet in Excel; its
 * unprotected ranges become unlocked cells.
 */
async function protectSheet(
  ws: ExcelJS.Worksheet,
  wb: WorkbookData,
  s: SheetData,
): Promise<void> {
  const p = wb.protections.find(
    x => x.sheetId === s.sheetId && x.type === 'SHEET',
  );
  if (!p) return;
  for (const hole of p.unprotected) {
    for (let r = hole.r0; r < Math.min(hole.r1, s.maxRows); r++) {
      for (let c = hole.c0; c < Math.min(hole.c1, s.maxColumns); c++) {
        ws.getCell(r + 1, c + 1).protection = {locked: false};
      }
    }
  }
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
  });
}

/**
 * Write `<workspace>/spreadsheets/<id>.xlsx` (or `file`) atomically;
 * returns the path written.
 */
export async function exportXlsx(
  workspace: Workspace,
  spreadsheetId: string,
  file?: string,
): Promise<string> {
  const wb = readWorkbook(workspace, spreadsheetId);
  const book = new ExcelJS.Workbook();
  book.creator = wb.owner;
  book.title = wb.name;
  for (const s of wb.sheets) await addWorksheet(book, wb, s);
  const buffer = await book.xlsx.writeBuffer();
  const target =
    file ?? workspace.path('spreadsheets', `${spreadsheetId}.xlsx`);
  writeFileAtomic(target, new Uint8Array(buffer as ArrayBuffer));
  return target;
}
