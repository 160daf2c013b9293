/**
 * What a value handed to a write becomes in the cell, for the two input
 * modes Sheets has (https://developers.google.com/sheets/api/reference/rest/v4/ValueInputOption):
 *
 * - USER_ENTERED: strings are parsed as typed input (typed-input.ts); this is
 *   also what Range.setValues / setValue / Sheet.appendRow do. Numbers and
 *   booleans are stored as they are; a Date (Apps Script only) becomes a
 *   serial number in the spreadsheet's time zone and, unless the cell already
 *   shows dates, gets a date format; null/undefined empty the cell.
 * - RAW: "The values the user has entered will not be parsed and will be
 *   stored as-is" — a string stays a string, `=1+1` included.
 */
import {epochToSerial, isDateObject} from './dates';
import {isDateTimeFormat} from './number-format';
import {parseTypedInput} from './typed-input';
import {CellWrite} from './workbook';

/** The format Sheets gives a Date written by a script. */
function dateFormatFor(serial: number): string {
  return Number.isInteger(serial) ? 'dd/mm/yyyy' : 'dd/mm/yyyy hh:mm:ss';
}

export function userEnteredWrite(
  value: unknown,
  currentFormat: string | null,
  timeZone: string,
): CellWrite {
  if (value === null || value === undefined || value === '') {
    return {value: null};
  }
  if (typeof value === 'number') {
    return {value: Number.isFinite(value) ? value : String(value)};
  }
  if (typeof value === 'boolean') return {value};
  if (isDateObject(value)) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return {value: 'Invalid Date'};
    const serial =
      Math.round(epochToSerial(ms, timeZone) * 86_400_000) / 86_400_000;
    return isDateTimeFormat(currentFormat)
      ? {value: serial}
      : {value: serial, format: dateFormatFor(serial)};
  }
  const text = typeof value === 'string' ? value : String(value);
  const typed = parseTypedInput(text, currentFormat);
  if (typed.kind === 'formula') return {value: null, formula: typed.formula};
  return typed.format
    ? {value: typed.value, format: typed.format}
    : {value: typed.value};
}

export function rawWrite(value: unknown): CellWrite {
  if (value === null || value === undefined || value === '') {
    return {value: null};
  }
  if (typeof value === 'number') {
    return {value: Number.isFinite(value) ? value : String(value)};
  }
  if (typeof value === 'boolean') return {value};
  return {value: String(value)};
}
