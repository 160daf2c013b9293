/**
 * A1 notation: parsing what Apps Script and the Sheets API accept, and
 * printing ranges the way they print them.
 *
 * https://developers.google.com/sheets/api/guides/concepts#cell (A1 notation:
 * `Sheet1!A1:B2`, `Sheet1!A:A`, `Sheet1!1:2`, `Sheet1!A5:A`, `A1:B2`,
 * `Sheet1`, and `'My Custom Sheet'!A:A` — names with spaces or special
 * characters are single-quoted, a quote inside doubled).
 *
 * Every index here is 0-based and half-open (GridRange style):
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/other#GridRange
 */

/** A rectangle of cells on one sheet: rows [r0, r1), columns [c0, c1). */
export interface GridRect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/**
 * A parsed A1 reference. Bounds left undefined are open (`A:A` has no row
 * bounds, `A5:A` no end row, a bare sheet name no bounds at all).
 */
export interface A1Ref {
  sheetName?: string;
  r0?: number;
  c0?: number;
  r1?: number;
  c1?: number;
}

/** 0-based column index → letters (0 → A, 25 → Z, 26 → AA). */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Letters → 0-based column index (A → 0). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Does a sheet name have to be quoted in A1 notation? */
export function needsQuotes(name: string): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return true;
  // A name that reads as a cell or an R1C1 reference must be quoted too.
  return (
    /^[A-Za-z]{1,3}[0-9]+$/.test(name) || /^[Rr][0-9]*[Cc][0-9]*$/.test(name)
  );
}

export function quoteSheetName(name: string): string {
  return needsQuotes(name) ? `'${name.replace(/'/g, "''")}'` : name;
}

/** `A1`, `A1:C3` — a bounded rectangle, without a sheet name. */
export function rectToA1(rect: GridRect): string {
  const start = `${columnLetters(rect.c0)}${rect.r0 + 1}`;
  if (rect.r1 - rect.r0 === 1 && rect.c1 - rect.c0 === 1) return start;
  return `${start}:${columnLetters(rect.c1 - 1)}${rect.r1}`;
}

/** `Cases!A1:Z1000`, `'My Tab'!B2` — as the Sheets API prints a range. */
export function rangeToA1(sheetName: string, rect: GridRect): string {
  return `${quoteSheetName(sheetName)}!${rectToA1(rect)}`;
}

const CELL = /^\$?([A-Za-z]{1,3})?\$?([0-9]+)?$/;

/**
 * Split `'My Tab'!A1:B2` into the sheet name and the cell part. Returns null
 * when the quoting is malformed.
 */
export function splitSheetName(
  text: string,
): {sheetName?: string; cells?: string} | null {
  const s = text.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = '';
    for (; i < s.length; i++) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        break;
      }
      name += s[i];
    }
    if (i >= s.length) return null; // no closing quote
    const rest = s.slice(i + 1);
    if (rest === '') return {sheetName: name};
    if (!rest.startsWith('!')) return null;
    return {sheetName: name, cells: rest.slice(1)};
  }
  const bang = s.lastIndexOf('!');
  if (bang < 0) return {cells: s};
  return {sheetName: s.slice(0, bang), cells: s.slice(bang + 1)};
}

interface CellPart {
  col?: number;
  row?: number;
}

function parseCellPart(text: string): CellPart | null {
  const m = CELL.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  const part: CellPart = {};
  if (m[1] !== undefined) part.col = columnIndex(m[1]);
  if (m[2] !== undefined) {
    const row = Number(m[2]);
    if (row < 1) return null;
    part.row = row - 1;
  }
  return part;
}

/**
 * Parse the cell part of an A1 reference (`A1`, `A1:B2`, `A:C`, `2:4`,
 * `A5:A`). Returns null if it is not A1 notation.
 */
export function parseCells(cells: string): A1Ref | null {
  const parts = cells.split(':');
  if (parts.length > 2 || cells === '') return null;
  const a = parseCellPart(parts[0]);
  if (!a) return null;
  if (parts.length === 1) {
    // A single cell needs both a column and a row.
    if (a.col === undefined || a.row === undefined) return null;
    return {r0: a.row, c0: a.col, r1: a.row + 1, c1: a.col + 1};
  }
  const b = parseCellPart(parts[1]);
  if (!b) return null;
  // `A:B` (columns), `1:2` (rows), `A1:B2`, `A5:A` and `A2:2` are valid.
  const ref: A1Ref = {};
  if (a.col !== undefined && b.col !== undefined) {
    ref.c0 = Math.min(a.col, b.col);
    ref.c1 = Math.max(a.col, b.col) + 1;
  } else if (a.col !== undefined && b.col === undefined) {
    if (b.row === undefined) return null;
    ref.c0 = a.col; // `A2:2` — from column A to the last column
  } else if (a.col === undefined && b.col !== undefined) {
    return null;
  }
  if (a.row !== undefined && b.row !== undefined) {
    ref.r0 = Math.min(a.row, b.row);
    ref.r1 = Math.max(a.row, b.row) + 1;
  } else if (a.row !== undefined) {
    ref.r0 = a.row; // `A5:A` — open at the bottom
  } else if (b.row !== undefined) {
    return null;
  }
  return ref;
}

/** Parse a full reference, `Tab!A1:B2`, `'My Tab'!A:A`, `A1`, `Tab`. */
export function parseA1(text: string): A1Ref | null {
  const split = splitSheetName(text);
  if (!split) return null;
  if (split.cells === undefined) return {sheetName: split.sheetName};
  const cells = parseCells(split.cells);
  if (!cells) return null;
  return {...cells, sheetName: split.sheetName};
}

/** Close the open bounds of a reference against a sheet's grid. */
export function resolveRef(
  ref: A1Ref,
  maxRows: number,
  maxColumns: number,
): GridRect {
  return {
    r0: ref.r0 ?? 0,
    c0: ref.c0 ?? 0,
    r1: ref.r1 ?? maxRows,
    c1: ref.c1 ?? maxColumns,
  };
}

export function rectContains(outer: GridRect, r: number, c: number): boolean {
  return r >= outer.r0 && r < outer.r1 && c >= outer.c0 && c < outer.c1;
}

export function rectsIntersect(a: GridRect, b: GridRect): boolean {
  return a.r0 < b.r1 && b.r0 < a.r1 && a.c0 < b.c1 && b.c0 < a.c1;
}
