/**
 * What every SpreadsheetApp stand-in object shares: the execution context,
 * the call counter, Apps Script's error messages, and reads/writes of the
 * stored spreadsheet.
 */
import {ExecutionContext, gasError} from '../core';
import {GridRect} from './a1';
import {serialToEpoch} from './dates';
import {SpreadsheetNotFound, mutateWorkbook, readWorkbook} from './store';
import {
  PROTECTED_MESSAGE,
  SheetData,
  WorkbookData,
  blockingProtection,
  cellName,
  firstInvalidCell,
  sheetById,
} from './workbook';

/**
 * An Apps Script enum value: prints as its name
 * (`String(SpreadsheetApp.ProtectionType.SHEET) === 'SHEET'`).
 */
export class EnumValue {
  constructor(
    private readonly label: string,
    private readonly position: number,
  ) {}
  name(): string {
    return this.label;
  }
  ordinal(): number {
    return this.position;
  }
  toString(): string {
    return this.label;
  }
  toJSON(): string {
    return this.label;
  }
}

export function makeEnum<K extends string>(
  names: readonly K[],
): Readonly<Record<K, EnumValue>> {
  const e = {} as Record<K, EnumValue>;
  names.forEach((n, i) => {
    e[n] = new EnumValue(n, i);
  });
  return Object.freeze(e);
}

/** https://developers.google.com/apps-script/reference/spreadsheet/data-validation-criteria */
export const DATA_VALIDATION_CRITERIA = makeEnum([
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_IS_VALID_DATE',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_IS_VALID_EMAIL',
  'TEXT_IS_VALID_URL',
  'VALUE_IN_LIST',
  'VALUE_IN_RANGE',
  'CUSTOM_FORMULA',
  'CHECKBOX',
] as const);

/** https://developers.google.com/apps-script/reference/spreadsheet/protection-type */
export const PROTECTION_TYPE = makeEnum(['RANGE', 'SHEET'] as const);

/** https://developers.google.com/apps-script/reference/base/button */
export const BUTTON = makeEnum(['CLOSE', 'OK', 'CANCEL', 'YES', 'NO'] as const);

/** https://developers.google.com/apps-script/reference/base/button-set */
export const BUTTON_SET = makeEnum([
  'OK',
  'OK_CANCEL',
  'YES_NO',
  'YES_NO_CANCEL',
] as const);

/** How Apps Script names an argument's type in a signature error. */
export function describeArgType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v))
    return `${v.length ? describeArgType(v[0]) : 'Object'}[]`;
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'Boolean';
  return '(class)';
}

export interface SpreadsheetAppOptions {
  /** The title the add-on menu shows (createAddonMenu). */
  addonMenuTitle?: string;
}

export class Env {
  constructor(
    readonly ctx: ExecutionContext,
    readonly options: SpreadsheetAppOptions = {},
  ) {}

  /** Count one call: 'getActiveSpreadsheet', 'Range.getValues'... */
  count(method: string, units = 0): void {
    this.ctx.calls.record('SpreadsheetApp', method, units);
  }

  /** Throw an Apps Script exception. */
  fail(message: string): never {
    throw gasError(this.ctx, message);
  }

  /** The signature error Apps Script gives for wrong argument types. */
  failSignature(method: string, args: unknown[]): never {
    const types = args.map(describeArgType).join(',');
    this.fail(
      `The parameters (${types}) don't match the method signature for SpreadsheetApp.${method}.`,
    );
  }

  get workspace() {
    return this.ctx.workspace;
  }

  read(spreadsheetId: string, method: string): WorkbookData {
    try {
      return readWorkbook(this.workspace, spreadsheetId);
    } catch (e) {
      throw this.translate(e, method);
    }
  }

  mutate<T>(
    spreadsheetId: string,
    method: string,
    change: (wb: WorkbookData) => T,
  ): T {
    try {
      return mutateWorkbook(this.workspace, spreadsheetId, change);
    } catch (e) {
      throw this.translate(e, method);
    }
  }

  /** A vanished spreadsheet surfaces as Apps Script's unexpected error. */
  private translate(e: unknown, method: string): unknown {
    if (e instanceof SpreadsheetNotFound) {
      const [cls, name] = method.includes('.')
        ? method.split('.')
        : ['SpreadsheetApp', method];
      const object = cls === 'SpreadsheetApp' ? cls : `SpreadsheetApp.${cls}`;
      return gasError(
        this.ctx,
        `Unexpected error while getting the method or property ${name} on object ${object}.`,
      );
    }
    return e;
  }

  sheetOf(wb: WorkbookData, sheetId: number): SheetData {
    const s = sheetById(wb, sheetId);
    if (!s) this.fail('The sheet has been deleted.');
    return s;
  }

  /** A Date of the bundle's realm for a serial in the spreadsheet's zone. */
  date(serial: number, timeZone: string): Date {
    return new this.ctx.realm.Date(serialToEpoch(serial, timeZone));
  }

  /**
   * https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(Integer,Integer,Integer,Integer)
   * A range must lie inside the grid.
   */
  assertInGrid(s: SheetData, rect: GridRect): void {
    if (rect.r1 > s.maxRows || rect.c1 > s.maxColumns) {
      this.fail(
        'The coordinates of the range are outside the dimensions of the sheet.',
      );
    }
  }

  /**
   * Scripts run as the effective user; a protection they are not an editor
   * of stops the write with Sheets' message.
   * https://developers.google.com/apps-script/reference/spreadsheet/protection
   */
  assertCanEdit(wb: WorkbookData, s: SheetData, rect: GridRect | null): void {
    if (blockingProtection(wb, s.sheetId, rect, this.ctx.effectiveUser)) {
      this.fail(PROTECTED_MESSAGE);
    }
  }

  /** A write that breaks a rejecting data validation rule is refused. */
  assertValid(s: SheetData, rect: GridRect): void {
    const bad = firstInvalidCell(s, rect);
    if (bad) {
      this.fail(
        `The data you entered in cell ${cellName(bad.r, bad.c)} violates the data validation rules set on this cell.`,
      );
    }
  }
}
