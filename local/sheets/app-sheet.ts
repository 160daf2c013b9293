/**
 * Sheet stand-in.
 * https://developers.google.com/apps-script/reference/spreadsheet/sheet
 */

import {GridRect} from './a1';
import {Env} from './app-env';
import {userEnteredWrite} from './cell-input';
import {
  ChartData,
  SheetData,
  WorkbookData,
  clearCells,
  deleteDimension,
  duplicateSheetNameMessage,
  getCell,
  insertDimension,
  lastColumn,
  lastRow,
  sheetByName,
  writeCell,
} from './workbook';
import type {
  GSpreadsheet,
  GSheet,
  GRange,
  GProtection,
  GProtectionType,
  GChart,
  GChartBuilder,
  SheetApi,
} from './app-types';
import {isInt, rectFromNumbers, resolveA1, newProtection} from './app-helpers';
import {LocalSpreadsheet} from './spreadsheet-app';
import {LocalRange} from './app-range';
import {LocalChart, LocalChartBuilder, LocalProtection} from './app-objects';

export class LocalSheet implements SheetApi {
  constructor(
    private readonly env: Env,
    readonly spreadsheetId: string,
    readonly sheetId: number,
  ) {}

  private read(method: string, units = 0): {wb: WorkbookData; s: SheetData} {
    this.env.count(`Sheet.${method}`, units);
    const wb = this.env.read(this.spreadsheetId, `Sheet.${method}`);
    return {wb, s: this.env.sheetOf(wb, this.sheetId)};
  }

  private write<T>(
    method: string,
    change: (wb: WorkbookData, s: SheetData) => T,
    units = 0,
  ): T {
    this.env.count(`Sheet.${method}`, units);
    return this.env.mutate(this.spreadsheetId, `Sheet.${method}`, wb =>
      change(wb, this.env.sheetOf(wb, this.sheetId)),
    );
  }

  private range(rect: GridRect): GRange {
    return new LocalRange(
      this.env,
      this.spreadsheetId,
      this.sheetId,
      rect,
    ) as unknown as GRange;
  }

  private self(): GSheet {
    return this as unknown as GSheet;
  }

  getName(): string {
    return this.read('getName').s.name;
  }

  getSheetName(): string {
    return this.read('getSheetName').s.name;
  }

  setName(name: string): GSheet {
    this.write('setName', (wb, s) => {
      const other = sheetByName(wb, name);
      if (other && other.sheetId !== s.sheetId) {
        this.env.fail(duplicateSheetNameMessage(name));
      }
      s.name = String(name);
    });
    return this.self();
  }

  getSheetId(): number {
    this.env.count('Sheet.getSheetId');
    return this.sheetId;
  }

  /** 1-based position. https://developers.google.com/apps-script/reference/spreadsheet/sheet#getIndex() */
  getIndex(): number {
    const {wb} = this.read('getIndex');
    return wb.sheets.findIndex(s => s.sheetId === this.sheetId) + 1;
  }

  getParent(): GSpreadsheet {
    this.env.count('Sheet.getParent');
    return new LocalSpreadsheet(
      this.env,
      this.spreadsheetId,
    ) as unknown as GSpreadsheet;
  }

  /** getRange(row, column[, numRows[, numColumns]]) or getRange(a1Notation). */
  getRange(
    a: number | string,
    column?: number,
    numRows?: number,
    numColumns?: number,
  ): GRange {
    const {wb, s} = this.read('getRange');
    if (typeof a === 'string') {
      const {sheet, rect} = resolveA1(this.env, wb, a, s);
      return new LocalRange(
        this.env,
        this.spreadsheetId,
        sheet.sheetId,
        rect,
      ) as unknown as GRange;
    }
    const rect = rectFromNumbers(this.env, 'Sheet.getRange', [
      a,
      column,
      numRows,
      numColumns,
    ]);
    this.env.assertInGrid(s, rect);
    return this.range(rect);
  }

  /** From A1 to the last row and column with content (at least A1). */
  getDataRange(): GRange {
    const {s} = this.read('getDataRange');
    return this.range({
      r0: 0,
      c0: 0,
      r1: Math.max(1, lastRow(s)),
      c1: Math.max(1, lastColumn(s)),
    });
  }

  getLastRow(): number {
    return lastRow(this.read('getLastRow').s);
  }

  getLastColumn(): number {
    return lastColumn(this.read('getLastColumn').s);
  }

  getMaxRows(): number {
    return this.read('getMaxRows').s.maxRows;
  }

  getMaxColumns(): number {
    return this.read('getMaxColumns').s.maxColumns;
  }

  private insert(
    method: string,
    dim: 'row' | 'col',
    position: unknown,
    howMany: unknown,
    where: 'before' | 'after',
    inherit: 'before' | 'after' | null,
  ): void {
    if (!isInt(position) || !isInt(howMany)) {
      this.env.failSignature(`Sheet.${method}`, [position, howMany]);
    }
    this.write(method, (wb, s) => {
      const max = dim === 'row' ? s.maxRows : s.maxColumns;
      if (position < 1 || position > max || howMany < 1) {
        this.env.fail(
          `Those ${dim === 'row' ? 'rows' : 'columns'} are out of bounds.`,
        );
      }
      this.env.assertCanEdit(wb, s, null);
      const at = where === 'before' ? position - 1 : position;
      insertDimension(wb, s, dim, at, howMany, inherit);
    });
  }

  /** Inserts blank rows before rowIndex. */
  insertRows(rowIndex: number, numRows = 1): void {
    this.insert('insertRows', 'row', rowIndex, numRows, 'before', null);
  }

  /** The new rows take the formatting of the row above. */
  insertRowsAfter(afterPosition: number, howMany: number): GSheet {
    this.insert(
      'insertRowsAfter',
      'row',
      afterPosition,
      howMany,
      'after',
      'before',
    );
    return this.self();
  }

  /** The new rows take the formatting of the row below. */
  insertRowsBefore(beforePosition: number, howMany: number): GSheet {
    this.insert(
      'insertRowsBefore',
      'row',
      beforePosition,
      howMany,
      'before',
      'after',
    );
    return this.self();
  }

  insertRowAfter(afterPosition: number): GSheet {
    this.insert('insertRowAfter', 'row', afterPosition, 1, 'after', 'before');
    return this.self();
  }

  insertRowBefore(beforePosition: number): GSheet {
    this.insert('insertRowBefore', 'row', beforePosition, 1, 'before', 'after');
    return this.self();
  }

  insertColumns(columnIndex: number, numColumns = 1): void {
    this.insert(
      'insertColumns',
      'col',
      columnIndex,
      numColumns,
      'before',
      null,
    );
  }

  insertColumnsAfter(afterPosition: number, howMany: number): GSheet {
    this.insert(
      'insertColumnsAfter',
      'col',
      afterPosition,
      howMany,
      'after',
      'before',
    );
    return this.self();
  }

  insertColumnsBefore(beforePosition: number, howMany: number): GSheet {
    this.insert(
      'insertColumnsBefore',
      'col',
      beforePosition,
      howMany,
      'before',
      'after',
    );
    return this.self();
  }

  insertColumnAfter(afterPosition: number): GSheet {
    this.insert(
      'insertColumnAfter',
      'col',
      afterPosition,
      1,
      'after',
      'before',
    );
    return this.self();
  }

  insertColumnBefore(beforePosition: number): GSheet {
    this.insert(
      'insertColumnBefore',
      'col',
      beforePosition,
      1,
      'before',
      'after',
    );
    return this.self();
  }

  private remove(
    method: string,
    dim: 'row' | 'col',
    position: unknown,
    howMany: unknown,
  ): void {
    if (!isInt(position) || !isInt(howMany)) {
      this.env.failSignature(`Sheet.${method}`, [position, howMany]);
    }
    this.write(method, (wb, s) => {
      const rowsDim = dim === 'row';
      const max = rowsDim ? s.maxRows : s.maxColumns;
      const word = rowsDim ? 'rows' : 'columns';
      if (position < 1 || howMany < 1 || position - 1 + howMany > max) {
        this.env.fail(`Those ${word} are out of bounds.`);
      }
      const frozen = rowsDim ? s.frozenRows : s.frozenColumns;
      if (max - howMany <= frozen && position - 1 + howMany > frozen) {
        this.env.fail(
          `Sorry, it is not possible to delete all non-frozen ${word}.`,
        );
      }
      const rect: GridRect = rowsDim
        ? {
            r0: position - 1,
            r1: position - 1 + howMany,
            c0: 0,
            c1: s.maxColumns,
          }
        : {r0: 0, r1: s.maxRows, c0: position - 1, c1: position - 1 + howMany};
      this.env.assertCanEdit(wb, s, rect);
      deleteDimension(wb, s, dim, position - 1, howMany);
    });
  }

  deleteRow(rowPosition: number): GSheet {
    this.remove('deleteRow', 'row', rowPosition, 1);
    return this.self();
  }

  deleteRows(rowPosition: number, howMany: number): void {
    this.remove('deleteRows', 'row', rowPosition, howMany);
  }

  deleteColumn(columnPosition: number): GSheet {
    this.remove('deleteColumn', 'col', columnPosition, 1);
    return this.self();
  }

  deleteColumns(columnPosition: number, howMany: number): void {
    this.remove('deleteColumns', 'col', columnPosition, howMany);
  }

  setFrozenRows(rowsToFreeze: number): void {
    this.write('setFrozenRows', (_wb, s) => {
      if (
        !isInt(rowsToFreeze) ||
        rowsToFreeze < 0 ||
        rowsToFreeze >= s.maxRows
      ) {
        this.env.failSignature('Sheet.setFrozenRows', [rowsToFreeze]);
      }
      s.frozenRows = rowsToFreeze;
    });
  }

  getFrozenRows(): number {
    return this.read('getFrozenRows').s.frozenRows;
  }

  setFrozenColumns(columns: number): void {
    this.write('setFrozenColumns', (_wb, s) => {
      if (!isInt(columns) || columns < 0 || columns >= s.maxColumns) {
        this.env.failSignature('Sheet.setFrozenColumns', [columns]);
      }
      s.frozenColumns = columns;
    });
  }

  getFrozenColumns(): number {
    return this.read('getFrozenColumns').s.frozenColumns;
  }

  setColumnWidth(columnPosition: number, width: number): GSheet {
    return this.widths('setColumnWidth', columnPosition, 1, width);
  }

  setColumnWidths(
    startColumn: number,
    numColumns: number,
    width: number,
  ): GSheet {
    return this.widths('setColumnWidths', startColumn, numColumns, width);
  }

  private widths(
    method: string,
    startColumn: number,
    numColumns: number,
    width: number,
  ): GSheet {
    this.write(method, (_wb, s) => {
      if (startColumn < 1 || startColumn - 1 + numColumns > s.maxColumns) {
        this.env.fail('Those columns are out of bounds.');
      }
      for (let c = startColumn - 1; c < startColumn - 1 + numColumns; c++) {
        while (s.columnWidths.length <= c) s.columnWidths.push(null);
        s.columnWidths[c] = width;
      }
    });
    return this.self();
  }

  /** Default width is 100 pixels. */
  getColumnWidth(columnPosition: number): number {
    const {s} = this.read('getColumnWidth');
    return s.columnWidths[columnPosition - 1] ?? 100;
  }

  hideSheet(): GSheet {
    this.write('hideSheet', (wb, s) => {
      if (!s.hidden && wb.sheets.filter(x => !x.hidden).length === 1) {
        this.env.fail("You can't hide all the sheets in a document.");
      }
      s.hidden = true;
    });
    return this.self();
  }

  showSheet(): GSheet {
    this.write('showSheet', (_wb, s) => {
      s.hidden = false;
    });
    return this.self();
  }

  isSheetHidden(): boolean {
    return this.read('isSheetHidden').s.hidden;
  }

  /**
   * "If the sheet is already protected, this method returns an object
   * representing the existing protection settings."
   * https://developers.google.com/apps-script/reference/spreadsheet/sheet#protect()
   */
  protect(): GProtection {
    const id = this.write('protect', (wb, s) => {
      const existing = wb.protections.find(
        p => p.type === 'SHEET' && p.sheetId === s.sheetId,
      );
      return (existing ?? newProtection(wb, 'SHEET', s.sheetId, null)).id;
    });
    return new LocalProtection(
      this.env,
      this.spreadsheetId,
      id,
    ) as unknown as GProtection;
  }

  getProtections(type: GProtectionType): GProtection[] {
    const kind = String(type);
    return this.read('getProtections')
      .wb.protections.filter(p => p.sheetId === this.sheetId && p.type === kind)
      .map(
        p =>
          new LocalProtection(
            this.env,
            this.spreadsheetId,
            p.id,
          ) as unknown as GProtection,
      );
  }

  private clearWith(
    method: string,
    what: Parameters<typeof clearCells>[2],
  ): GSheet {
    this.write(method, (wb, s) => {
      const all = {r0: 0, c0: 0, r1: s.maxRows, c1: s.maxColumns};
      this.env.assertCanEdit(wb, s, all);
      clearCells(s, all, what);
    });
    return this.self();
  }

  /** "Clears the sheet of content and formatting information." */
  clear(options?: {formatOnly?: boolean; contentsOnly?: boolean}): GSheet {
    const some = options?.formatOnly || options?.contentsOnly;
    return this.clearWith('clear', {
      contents: !some || !!options?.contentsOnly,
      formats: !some || !!options?.formatOnly,
    });
  }

  clearContents(): GSheet {
    return this.clearWith('clearContents', {contents: true});
  }

  clearFormats(): GSheet {
    return this.clearWith('clearFormats', {formats: true});
  }

  clearNotes(): GSheet {
    return this.clearWith('clearNotes', {notes: true});
  }

  /**
   * "Appends a row to the bottom of the current data region in the sheet.
   * If a cell's content begins with =, it's interpreted as a formula."
   * The grid grows when the data already reaches the last row.
   * https://developers.google.com/apps-script/reference/spreadsheet/sheet#appendRow(Object)
   */
  appendRow(rowContents: unknown[]): GSheet {
    if (!Array.isArray(rowContents)) {
      this.env.failSignature('Sheet.appendRow', [rowContents]);
    }
    this.write(
      'appendRow',
      (wb, s) => {
        const r = lastRow(s);
        if (r >= s.maxRows) {
          insertDimension(wb, s, 'row', s.maxRows, 1, 'before');
        }
        if (rowContents.length > s.maxColumns) {
          const extra = rowContents.length - s.maxColumns;
          insertDimension(wb, s, 'col', s.maxColumns, extra, 'before');
        }
        const rect = {
          r0: r,
          r1: r + 1,
          c0: 0,
          c1: Math.max(1, rowContents.length),
        };
        this.env.assertCanEdit(wb, s, rect);
        rowContents.forEach((v, c) => {
          const current = getCell(s.formats, r, c);
          writeCell(s, r, c, userEnteredWrite(v, current, wb.timeZone));
        });
        this.env.assertValid(s, rect);
      },
      rowContents.length,
    );
    return this.self();
  }

  newChart(): GChartBuilder {
    this.env.count('Sheet.newChart');
    return new LocalChartBuilder(
      this.env,
      this.spreadsheetId,
    ) as unknown as GChartBuilder;
  }

  insertChart(chart: GChart): void {
    const built = chart as unknown as LocalChart;
    this.write('insertChart', (wb, s) => {
      const data: ChartData = {...built.data, chartId: wb.nextId++};
      s.charts.push(data);
      built.attach(this.spreadsheetId, data.chartId);
    });
  }

  getCharts(): GChart[] {
    const {s} = this.read('getCharts');
    return s.charts.map(
      c => new LocalChart(this.env, c, this.spreadsheetId) as unknown as GChart,
    );
  }

  removeChart(chart: GChart): void {
    const target = chart as unknown as LocalChart;
    this.write('removeChart', (_wb, s) => {
      s.charts = s.charts.filter(c => c.chartId !== target.data.chartId);
    });
  }

  setTabColor(color: string | null): GSheet {
    this.write('setTabColor', (_wb, s) => {
      s.tabColor = color;
    });
    return this.self();
  }

  getTabColor(): string | null {
    return this.read('getTabColor').s.tabColor;
  }
}
