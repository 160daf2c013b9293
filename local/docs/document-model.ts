/**
 * The stored form of a Google Doc in the local workspace: plain JSON that the
 * DocumentApp stand-in loads into live elements, saves back, copies (Drive
 * Files.copy) and renders to PDF. No Apps Script types here.
 *
 * Structure follows the Document service's model
 * (https://developers.google.com/apps-script/guides/docs#structure_of_a_document):
 * a Body holds Paragraphs, ListItems and Tables; a Table holds TableRows, a
 * TableRow holds TableCells, a TableCell holds Paragraphs and ListItems. A
 * PageBreak or HorizontalRule lives inside a Paragraph.
 */

export const DOCUMENT_MIME_TYPE = 'application/vnd.google-apps.document';
export const DOCUMENT_FORMAT = 'panel-tracker-local-doc/1';

export const HEADINGS = [
  'NORMAL',
  'HEADING1',
  'HEADING2',
  'HEADING3',
  'HEADING4',
  'HEADING5',
  'HEADING6',
  'TITLE',
  'SUBTITLE',
] as const;
export type Heading = (typeof HEADINGS)[number];

export const ALIGNMENTS = ['LEFT', 'CENTER', 'RIGHT', 'JUSTIFY'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

export const GLYPHS = [
  'BULLET',
  'HOLLOW_BULLET',
  'SQUARE_BULLET',
  'NUMBER',
  'LATIN_UPPER',
  'LATIN_LOWER',
  'ROMAN_UPPER',
  'ROMAN_LOWER',
] as const;
export type Glyph = (typeof GLYPHS)[number];

/** Half-open character ranges [start, end) that are bold. */
export type BoldRanges = Array<[number, number]>;

/** Text with its bold ranges: what a Paragraph or ListItem holds. */
export interface StyledText {
  text: string;
  bold?: BoldRanges;
}

export interface ParagraphJson extends StyledText {
  type: 'PARAGRAPH';
  heading?: Heading;
  alignment?: Alignment;
  /** The paragraph holds a PageBreak element after its text. */
  pageBreak?: boolean;
  /** The paragraph holds a HorizontalRule element after its text. */
  horizontalRule?: boolean;
}

export interface ListItemJson extends StyledText {
  type: 'LIST_ITEM';
  heading?: Heading;
  alignment?: Alignment;
  glyph?: Glyph;
  nesting?: number;
}

export type CellBlockJson = ParagraphJson | ListItemJson;

export interface TableCellJson {
  blocks: CellBlockJson[];
}

export interface TableRowJson {
  cells: TableCellJson[];
}

export interface TableJson {
  type: 'TABLE';
  rows: TableRowJson[];
}

export type BlockJson = ParagraphJson | ListItemJson | TableJson;

export interface DocumentJson {
  format: typeof DOCUMENT_FORMAT;
  body: BlockJson[];
}

export function emptyParagraph(): ParagraphJson {
  return {type: 'PARAGRAPH', text: ''};
}

/**
 * A new Google Doc's body holds one empty paragraph: a document section
 * always ends with a paragraph ("Can't remove the last paragraph in a
 * document section.").
 */
export function emptyDocument(): DocumentJson {
  return {format: DOCUMENT_FORMAT, body: [emptyParagraph()]};
}

export function parseDocumentJson(text: string): DocumentJson {
  const data = JSON.parse(text) as DocumentJson;
  if (data.format !== DOCUMENT_FORMAT || !Array.isArray(data.body)) {
    throw new Error('local DocumentApp: not a stored document');
  }
  return data;
}

// ---------------------------------------------------------------------------
// Bold ranges: kept sorted, merged, clipped to the text.
// ---------------------------------------------------------------------------

export function normaliseRanges(
  ranges: BoldRanges,
  length: number,
): BoldRanges {
  const clipped = ranges
    .map(([s, e]): [number, number] => [Math.max(0, s), Math.min(length, e)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const out: BoldRanges = [];
  for (const r of clipped) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

export function isBoldAt(styled: StyledText, offset: number): boolean {
  return (styled.bold ?? []).some(([s, e]) => offset >= s && offset < e);
}

/** Make [start, end) bold or not bold. */
export function setBoldRange(
  styled: StyledText,
  start: number,
  end: number,
  bold: boolean,
): void {
  const ranges = styled.bold ?? [];
  const kept: BoldRanges = [];
  for (const [s, e] of ranges) {
    if (e <= start || s >= end) kept.push([s, e]);
    else {
      if (s < start) kept.push([s, start]);
      if (e > end) kept.push([end, e]);
    }
  }
  if (bold) kept.push([start, end]);
  styled.bold = normaliseRanges(kept, styled.text.length);
  if (styled.bold.length === 0) delete styled.bold;
}

/**
 * Replace text[start, end) with `insert`, keeping bold ranges on the text
 * around it. Inserted text takes the style of the character it replaces (or
 * of the character before it when nothing is replaced), as typing does in
 * Docs.
 */
export function spliceStyledText(
  styled: StyledText,
  start: number,
  end: number,
  insert: string,
): void {
  const styleFrom = end > start ? start : start - 1;
  const insertBold = styleFrom >= 0 && isBoldAt(styled, styleFrom);
  const delta = insert.length - (end - start);
  const shifted: BoldRanges = [];
  for (const [s, e] of styled.bold ?? []) {
    const ns = s >= end ? s + delta : Math.min(s, start);
    const ne = e >= end ? e + delta : Math.min(e, start);
    shifted.push([ns, ne]);
  }
  styled.text = styled.text.slice(0, start) + insert + styled.text.slice(end);
  styled.bold = shifted;
  setBoldRange(styled, start, start + insert.length, insertBold);
}

/** Split styled text into runs of equal boldness (for rendering). */
export function styledRuns(
  styled: StyledText,
): Array<{text: string; bold: boolean}> {
  const runs: Array<{text: string; bold: boolean}> = [];
  let pos = 0;
  for (const [s, e] of normaliseRanges(styled.bold ?? [], styled.text.length)) {
    if (s > pos) runs.push({text: styled.text.slice(pos, s), bold: false});
    runs.push({text: styled.text.slice(s, e), bold: true});
    pos = e;
  }
  if (pos < styled.text.length) {
    runs.push({text: styled.text.slice(pos), bold: false});
  }
  return runs;
}
