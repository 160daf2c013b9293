/**
 * Range stand-in: values, formulas, formats, validation, notes, styles.
 * https://developers.google.com/apps-script/reference/spreadsheet/range
 */

import {GridRect, rectToA1} from './a1';
import {Env} from './app-env';
import {
  LocalDataValidation,
  ruleFromSpec,
  specFromRule,
} from './app-validation';
import {userEnteredWrite} from './cell-input';
import {
  CellStyle,
  SheetData,
  WorkbookData,
  clearCells,
  displayValue,
  getCell,
  internRule,
  numberFormatOf,
  setCell,
  writeCell,
} from './workbook';
import type {
  GSheet,
  GRange,
  GProtection,
  GDataValidation,
  RangeApi,
} from './app-types';
import {
  rows,
  cols,
  cellsOf,
  mapRect,
  forRect,
  isInt,
  checkShape,
  rectFromNumbers,
  scriptValue,
  normaliseFormat,
  newProtection,
} from './app-helpers';
import {LocalSheet} from './app-sheet';
import {LocalProtection} from './app-objects';

export class LocalRange implements RangeApi {
  constructor(
    private readonly env: Env,
    readonly spreadsheetId: string,
    readonly sheetId: number,
    readonly rect: GridRect,
  ) {}

  private get cells(): number {
    return cellsOf(this.rect);
  }

  private self(): GRange {
    return this as unknown as GRange;
  }

  private read(method: string, units = 0): {wb: WorkbookData; s: SheetData} {
    this.env.count(`Range.${method}`, units);
    const wb = this.env.read(this.spreadsheetId, `Range.${method}`);
    const s = this.env.sheetOf(wb, this.sheetId);
    this.env.assertInGrid(s, this.rect);
    return {wb, s};
  }

  /** Change the range's cells: grid and protection checked. */
  private write(
    method: string,
    change: (wb: WorkbookData, s: SheetData) => void,
    options: {units?: number} = {},
  ): GRange {
    this.env.count(`Range.${method}`, options.units ?? 0);
    this.env.mutate(this.spreadsheetId, `Range.${method}`, wb => {
      const s = this.env.sheetOf(wb, this.sheetId);
      this.env.assertInGrid(s, this.rect);
      this.env.assertCanEdit(wb, s, this.rect);
      change(wb, s);
    });
    return this.self();
  }

  /**
   * Numbers, booleans, strings, '' for empty cells, and a Date (of the
   * bundle's realm) for date/time-formatted cells.
   * https://developers.google.com/apps-script/reference/spreadsheet/range#getValues()
   */
  getValues(): unknown[][] {
    const {wb, s} = this.read('getValues', this.cells);
    return mapRect(this.rect, (r, c) => scriptValue(this.env, wb, s, r, c));
  }

  getValue(): unknown {
    const {wb, s} = this.read('getValue', 1);
    return scriptValue(this.env, wb, s, this.rect.r0, this.rect.c0);
  }

  /**
   * Strings are read as typed input (USER_ENTERED), other values are stored
   * as they are. https://developers.google.com/apps-script/reference/spreadsheet/range#setValues(Object)
   */
  setValues(values: unknown[][]): GRange {
    this.env.count('Range.setValues', this.cells);
    checkShape(this.env, 'Range.setValues', values, this.rect);
    return this.writeValues(
      'setValues',
      (r, c) => values[r - this.rect.r0][c - this.rect.c0],
    );
  }

  /** Sets every cell of the range to the value. */
  setValue(value: unknown): GRange {
    this.env.count('Range.setValue', this.cells);
    return this.writeValues('setValue', () => value);
  }

  private writeValues(
    method: string,
    valueAt: (r: number, c: number) => unknown,
  ): GRange {
    this.env.mutate(this.spreadsheetId, `Range.${method}`, wb => {
      const s = this.env.sheetOf(wb, this.sheetId);
      this.env.assertInGrid(s, this.rect);
      this.env.assertCanEdit(wb, s, this.rect);
      forRect(this.rect, (r, c) => {
        const current = getCell(s.formats, r, c);
        writeCell(
          s,
          r,
          c,
          userEnteredWrite(valueAt(r, c), current, wb.timeZone),
        );
      });
      this.env.assertValid(s, this.rect);
    });
    return this.self();
  }

  getDisplayValues(): string[][] {
    const {s} = this.read('getDisplayValues', this.cells);
    return mapRect(this.rect, (r, c) => displayValue(s, r, c));
  }

  getDisplayValue(): string {
    const {s} = this.read('getDisplayValue', 1);
    return displayValue(s, this.rect.r0, this.rect.c0);
  }

  getFormulas(): string[][] {
    const {s} = this.read('getFormulas', this.cells);
    return mapRect(this.rect, (r, c) => getCell(s.formulas, r, c) ?? '');
  }

  getFormula(): string {
    const {s} = this.read('getFormula', 1);
    return getCell(s.formulas, this.rect.r0, this.rect.c0) ?? '';
  }

  setFormulas(formulas: string[][]): GRange {
    this.env.count('Range.setFormulas', this.cells);
    checkShape(this.env, 'Range.setFormulas', formulas, this.rect);
    return this.writeValues(
      'setFormulas',
      (r, c) => formulas[r - this.rect.r0][c - this.rect.c0],
    );
  }

  /** References are copied as written, not adjusted per cell. */
  setFormula(formula: string): GRange {
    this.env.count('Range.setFormula', this.cells);
    return this.writeValues('setFormula', () => formula);
  }

  getNumberFormats(): string[][] {
    const {s} = this.read('getNumberFormats', this.cells);
    return mapRect(this.rect, (r, c) => numberFormatOf(s, r, c));
  }

  getNumberFormat(): string {
    const {s} = this.read('getNumberFormat', 1);
    return numberFormatOf(s, this.rect.r0, this.rect.c0);
  }

  setNumberFormat(numberFormat: string): GRange {
    const f = normaliseFormat(numberFormat);
    return this.write(
      'setNumberFormat',
      (_wb, s) => forRect(this.rect, (r, c) => setCell(s.formats, r, c, f)),
      {units: this.cells},
    );
  }

  setNumberFormats(numberFormats: string[][]): GRange {
    this.env.count('Range.setNumberFormats', this.cells);
    checkShape(this.env, 'Range.setNumberFormats', numberFormats, this.rect);
    this.env.mutate(this.spreadsheetId, 'Range.setNumberFormats', wb => {
      const s = this.env.sheetOf(wb, this.sheetId);
      this.env.assertInGrid(s, this.rect);
      this.env.assertCanEdit(wb, s, this.rect);
      forRect(this.rect, (r, c) =>
        setCell(
          s.formats,
          r,
          c,
          normaliseFormat(numberFormats[r - this.rect.r0][c - this.rect.c0]),
        ),
      );
    });
    return this.self();
  }

  setDataValidation(rule: GDataValidation | null): GRange {
    return this.validations(
      'setDataValidation',
      mapRect(this.rect, () => rule),
    );
  }

  setDataValidations(
    rules: Array<Array<GDataValidation | null>> | null,
  ): GRange {
    return this.validations('setDataValidations', rules);
  }

  private validations(
    method: string,
    rules: Array<Array<GDataValidation | null>> | null,
  ): GRange {
    if (rules !== null)
      checkShape(this.env, `Range.${method}`, rules, this.rect);
    return this.write(
      method,
      (wb, s) =>
        forRect(this.rect, (r, c) => {
          const rule = rules?.[r - this.rect.r0][
            c - this.rect.c0
          ] as unknown as LocalDataValidation | null | undefined;
          const index = rule
            ? internRule(s, ruleFromSpec(rule.spec, wb.timeZone))
            : null;
          setCell(s.validations, r, c, index);
        }),
      {units: this.cells},
    );
  }

  getDataValidations(): Array<Array<GDataValidation | null>> {
    const {wb, s} = this.read('getDataValidations', this.cells);
    return mapRect(this.rect, (r, c) => this.validationAt(wb, s, r, c));
  }

  getDataValidation(): GDataValidation | null {
    const {wb, s} = this.read('getDataValidation', 1);
    return this.validationAt(wb, s, this.rect.r0, this.rect.c0);
  }

  private validationAt(
    wb: WorkbookData,
    s: SheetData,
    r: number,
    c: number,
  ): GDataValidation | null {
    const i = getCell(s.validations, r, c);
    const rule = i === null ? null : s.rules[i];
    if (!rule) return null;
    return new LocalDataValidation(
      this.env,
      specFromRule(this.env, rule, wb.timeZone),
    ) as unknown as GDataValidation;
  }

  clearDataValidations(): GRange {
    return this.write('clearDataValidations', (_wb, s) =>
      clearCells(s, this.rect, {validations: true}),
    );
  }

  clearContent(): GRange {
    return this.write('clearContent', (_wb, s) =>
      clearCells(s, this.rect, {contents: true}),
    );
  }

  /**
   * clear() empties values, formats, notes and validation rules (as
   * gas-fakes measured against Apps Script); options narrow it down.
   * https://developers.google.com/apps-script/reference/spreadsheet/range#clear(Object)
   */
  clear(options?: {
    commentsOnly?: boolean;
    contentsOnly?: boolean;
    formatOnly?: boolean;
    validationsOnly?: boolean;
    skipFilteredRows?: boolean;
  }): GRange {
    const o = options ?? {};
    const some =
      o.commentsOnly || o.contentsOnly || o.formatOnly || o.validationsOnly;
    return this.write('clear', (_wb, s) =>
      clearCells(s, this.rect, {
        contents: !some || !!o.contentsOnly,
        formats: !some || !!o.formatOnly,
        notes: !some || !!o.commentsOnly,
        validations: !some || !!o.validationsOnly,
      }),
    );
  }

  clearFormat(): GRange {
    return this.write('clearFormat', (_wb, s) =>
      clearCells(s, this.rect, {formats: true}),
    );
  }

  clearNote(): GRange {
    return this.write('clearNote', (_wb, s) =>
      clearCells(s, this.rect, {notes: true}),
    );
  }

  getRow(): number {
    this.env.count('Range.getRow');
    return this.rect.r0 + 1;
  }

  getColumn(): number {
    this.env.count('Range.getColumn');
    return this.rect.c0 + 1;
  }

  getLastRow(): number {
    this.env.count('Range.getLastRow');
    return this.rect.r1;
  }

  getLastColumn(): number {
    this.env.count('Range.getLastColumn');
    return this.rect.c1;
  }

  getNumRows(): number {
    this.env.count('Range.getNumRows');
    return rows(this.rect);
  }

  getNumColumns(): number {
    this.env.count('Range.getNumColumns');
    return cols(this.rect);
  }

  getHeight(): number {
    this.env.count('Range.getHeight');
    return rows(this.rect);
  }

  getWidth(): number {
    this.env.count('Range.getWidth');
    return cols(this.rect);
  }

  getA1Notation(): string {
    this.env.count('Range.getA1Notation');
    return rectToA1(this.rect);
  }

  getSheet(): GSheet {
    this.env.count('Range.getSheet');
    return new LocalSheet(
      this.env,
      this.spreadsheetId,
      this.sheetId,
    ) as unknown as GSheet;
  }

  getGridId(): number {
    this.env.count('Range.getGridId');
    return this.sheetId;
  }

  /** 1-based, relative to the range. */
  getCell(row: number, column: number): GRange {
    this.env.count('Range.getCell');
    if (!isInt(row) || !isInt(column)) {
      this.env.failSignature('Range.getCell', [row, column]);
    }
    if (
      row < 1 ||
      column < 1 ||
      row > rows(this.rect) ||
      column > cols(this.rect)
    ) {
      this.env.fail('Cell reference out of range');
    }
    const r0 = this.rect.r0 + row - 1;
    const c0 = this.rect.c0 + column - 1;
    return new LocalRange(this.env, this.spreadsheetId, this.sheetId, {
      r0,
      c0,
      r1: r0 + 1,
      c1: c0 + 1,
    }) as unknown as GRange;
  }

  offset(
    rowOffset: number,
    columnOffset: number,
    numRows?: number,
    numColumns?: number,
  ): GRange {
    const {s} = this.read('offset');
    const rect = rectFromNumbers(this.env, 'Range.offset', [
      this.rect.r0 + 1 + rowOffset,
      this.rect.c0 + 1 + columnOffset,
      numRows ?? rows(this.rect),
      numColumns ?? cols(this.rect),
    ]);
    this.env.assertInGrid(s, rect);
    return new LocalRange(
      this.env,
      this.spreadsheetId,
      this.sheetId,
      rect,
    ) as unknown as GRange;
  }

  isBlank(): boolean {
    const {s} = this.read('isBlank', this.cells);
    let blank = true;
    forRect(this.rect, (r, c) => {
      if (
        getCell(s.values, r, c) !== null ||
        getCell(s.formulas, r, c) !== null
      ) {
        blank = false;
      }
    });
    return blank;
  }

  /** A new range protection; editors mirror the spreadsheet's until changed. */
  protect(): GProtection {
    this.env.count('Range.protect');
    const id = this.env.mutate(this.spreadsheetId, 'Range.protect', wb => {
      this.env.sheetOf(wb, this.sheetId);
      return newProtection(wb, 'RANGE', this.sheetId, {...this.rect}).id;
    });
    return new LocalProtection(
      this.env,
      this.spreadsheetId,
      id,
    ) as unknown as GProtection;
  }

  setNote(note: string | null): GRange {
    const text = note === null || note === '' ? null : String(note);
    return this.write(
      'setNote',
      (_wb, s) => forRect(this.rect, (r, c) => setCell(s.notes, r, c, text)),
      {units: this.cells},
    );
  }

  setNotes(notes: Array<Array<string | null>>): GRange {
    this.env.count('Range.setNotes', this.cells);
    checkShape(this.env, 'Range.setNotes', notes, this.rect);
    this.env.mutate(this.spreadsheetId, 'Range.setNotes', wb => {
      const s = this.env.sheetOf(wb, this.sheetId);
      this.env.assertInGrid(s, this.rect);
      this.env.assertCanEdit(wb, s, this.rect);
      forRect(this.rect, (r, c) => {
        const n = notes[r - this.rect.r0][c - this.rect.c0];
        setCell(s.notes, r, c, n === null || n === '' ? null : String(n));
      });
    });
    return this.self();
  }

  getNotes(): string[][] {
    const {s} = this.read('getNotes', this.cells);
    return mapRect(this.rect, (r, c) => getCell(s.notes, r, c) ?? '');
  }

  getNote(): string {
    const {s} = this.read('getNote', 1);
    return getCell(s.notes, this.rect.r0, this.rect.c0) ?? '';
  }

  /** Formatting is stored so it survives (and exports), not interpreted. */
  private style(
    method: string,
    key: string,
    valueAt: (r: number, c: number) => unknown,
  ): GRange {
    return this.write(
      method,
      (_wb, s) =>
        forRect(this.rect, (r, c) => {
          const v = valueAt(r, c);
          const next: CellStyle = {...(getCell(s.styles, r, c) ?? {})};
          if (v === null || v === undefined) delete next[key];
          else next[key] = v as string | boolean | number;
          setCell(s.styles, r, c, Object.keys(next).length ? next : null);
        }),
      {units: this.cells},
    );
  }

  private styleOf(method: string, key: string, fallback: string): string {
    const {s} = this.read(method, 1);
    const v = getCell(s.styles, this.rect.r0, this.rect.c0)?.[key];
    return v === undefined || v === null ? fallback : String(v);
  }

  setFontWeight(
    fontWeight: GoogleAppsScript.Spreadsheet.FontWeight | null,
  ): GRange {
    return this.style('setFontWeight', 'fontWeight', () => fontWeight);
  }

  setFontWeights(
    fontWeights: Array<Array<GoogleAppsScript.Spreadsheet.FontWeight | null>>,
  ): GRange {
    checkShape(this.env, 'Range.setFontWeights', fontWeights, this.rect);
    return this.style(
      'setFontWeights',
      'fontWeight',
      (r, c) => fontWeights[r - this.rect.r0][c - this.rect.c0],
    );
  }

  getFontWeight(): GoogleAppsScript.Spreadsheet.FontWeight {
    return this.styleOf(
      'getFontWeight',
      'fontWeight',
      'normal',
    ) as GoogleAppsScript.Spreadsheet.FontWeight;
  }

  setFontColor(color: string | null): GRange {
    return this.style('setFontColor', 'fontColor', () => color);
  }

  setFontSize(size: number): GRange {
    return this.style('setFontSize', 'fontSize', () => size);
  }

  setFontStyle(
    fontStyle: GoogleAppsScript.Spreadsheet.FontStyle | null,
  ): GRange {
    return this.style('setFontStyle', 'fontStyle', () => fontStyle);
  }

  setBackground(color: string | null): GRange {
    return this.style('setBackground', 'background', () => color);
  }

  setBackgrounds(color: Array<Array<string | null>>): GRange {
    checkShape(this.env, 'Range.setBackgrounds', color, this.rect);
    return this.style(
      'setBackgrounds',
      'background',
      (r, c) => color[r - this.rect.r0][c - this.rect.c0],
    );
  }

  getBackground(): string {
    return this.styleOf('getBackground', 'background', '#ffffff');
  }

  setWrap(isWrapEnabled: boolean): GRange {
    return this.style('setWrap', 'wrap', () => !!isWrapEnabled);
  }

  setHorizontalAlignment(
    alignment: 'left' | 'center' | 'normal' | 'right' | null,
  ): GRange {
    return this.style(
      'setHorizontalAlignment',
      'horizontalAlignment',
      () => alignment,
    );
  }

  setVerticalAlignment(alignment: 'top' | 'middle' | 'bottom' | null): GRange {
    return this.style(
      'setVerticalAlignment',
      'verticalAlignment',
      () => alignment,
    );
  }

  /**
   * "Inserts checkboxes into each cell in the range, configured with true for
   * checked and false for unchecked. Sets the value of all cells in the range
   * to false." (custom values: the unchecked value).
   * https://developers.google.com/apps-script/reference/spreadsheet/range#insertCheckboxes()
   */
  insertCheckboxes(checkedValue?: unknown, uncheckedValue?: unknown): GRange {
    const values = [checkedValue, uncheckedValue].filter(
      v => v !== undefined,
    ) as Array<string | number | boolean>;
    const unchecked = uncheckedValue !== undefined ? uncheckedValue : false;
    return this.write(
      'insertCheckboxes',
      (_wb, s) => {
        const index = internRule(s, {
          criteria: 'CHECKBOX',
          values,
          allowInvalid: false,
          helpText: null,
        });
        forRect(this.rect, (r, c) => {
          setCell(s.validations, r, c, index);
          writeCell(s, r, c, {value: unchecked as string | number | boolean});
        });
      },
      {units: this.cells},
    );
  }
}
