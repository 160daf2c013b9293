/**
 * Render a stored document (document-model.ts) to a real PDF with pdf-lib:
 * A4 pages, margins, word-wrapped paragraphs, bold headings, bordered tables
 * with wrapped cells, list items, page breaks, automatic pagination and a
 * "Page n of m" footer. The text is drawn in reading order (top to bottom,
 * left to right), so `pdftotext` extracts it in document order.
 *
 * Apps Script's Document.getAs() is synchronous, but pdf-lib's
 * PDFDocument.create() and save() return Promises. Their work is synchronous
 * underneath, so this module builds the document the way PDFDocument.create()
 * does and serialises it the way PDFWriter.serializeToBuffer() does
 * (node_modules/pdf-lib/src/api/PDFDocument.ts, src/core/writers/PDFWriter.ts),
 * using pdf-lib's exported core classes, without awaiting.
 *
 * Fonts: the standard Helvetica / Helvetica-Bold with WinAnsi encoding, which
 * has the pound sign (U+00A3). A character the font cannot encode is drawn as
 * '?' instead of failing the whole export.
 */
import {
  PDFCatalog,
  PDFContext,
  PDFCrossRefSection,
  PDFDocument,
  PDFFont,
  PDFHeader,
  PDFPage,
  PDFPageTree,
  PDFTrailer,
  PDFTrailerDict,
  StandardFontEmbedder,
  StandardFonts,
  rgb,
} from 'pdf-lib';
import {
  BlockJson,
  CellBlockJson,
  DocumentJson,
  Glyph,
  Heading,
  ListItemJson,
  ParagraphJson,
  TableJson,
  styledRuns,
} from './document-model';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56.7; // 2 cm
const FOOTER_BASELINE = 28;
const CONTENT_WIDTH = A4[0] - 2 * MARGIN;
const LINE_FACTOR = 1.3;
const CELL_PADDING = 4;
const LIST_INDENT = 18;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);

export interface PdfOptions {
  /** Document title (PDF metadata). */
  title?: string;
  /** Creation date for the metadata (the scenario clock), for stable output. */
  createdAt?: Date;
}

export interface RenderedPdf {
  bytes: Uint8Array;
  pages: number;
}

/** Render a stored document to PDF bytes. */
export function renderDocumentPdf(
  doc: DocumentJson,
  options: PdfOptions = {},
): RenderedPdf {
  const pdf = createPdfDocumentSync();
  const fonts = FontSet.create(pdf);
  const writer = new PageWriter(pdf, fonts);
  writer.blocks(doc.body, {x: MARGIN, width: CONTENT_WIDTH, inCell: false});
  writer.footers();
  setMetadata(pdf, options);
  fonts.embed(pdf);
  return {bytes: serialiseSync(pdf.context), pages: pdf.getPageCount()};
}

/**
 * Pages in a PDF this module (or any writer without object streams) wrote:
 * the number of page objects. Null where the page objects are not visible
 * (compressed object streams).
 */
export function countPdfPages(bytes: Uint8Array): number | null {
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.startsWith('%PDF-')) return null;
  const n = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  return n > 0 ? n : null;
}

// ---------------------------------------------------------------------------
// Synchronous pdf-lib document lifecycle
// ---------------------------------------------------------------------------

/** PDFDocument.create() without the Promise (same steps, pdf-lib 1.17). */
function createPdfDocumentSync(): PDFDocument {
  const context = PDFContext.create();
  const pageTree = PDFPageTree.withContext(context);
  const pageTreeRef = context.register(pageTree);
  const catalog = PDFCatalog.withContextAndPages(context, pageTreeRef);
  context.trailerInfo.Root = context.register(catalog);
  const Ctor = PDFDocument as unknown as new (
    context: PDFContext,
    ignoreEncryption: boolean,
    updateMetadata: boolean,
  ) => PDFDocument;
  return new Ctor(context, false, false);
}

function setMetadata(pdf: PDFDocument, options: PdfOptions): void {
  const date = options.createdAt ?? new Date(0);
  if (options.title) pdf.setTitle(options.title);
  pdf.setProducer('Panel Tracker local workspace (pdf-lib)');
  pdf.setCreator('Google Docs (local stand-in)');
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);
}

/** PDFWriter.serializeToBuffer() without yielding between objects. */
function serialiseSync(context: PDFContext): Uint8Array {
  const header = PDFHeader.forVersion(1, 7);
  let size = header.sizeInBytes() + 2;
  const xref = PDFCrossRefSection.create();
  const objects = context.enumerateIndirectObjects();
  for (const [ref, object] of objects) {
    xref.addEntry(ref, size);
    size += ref.sizeInBytes() + 3 + object.sizeInBytes() + 9;
  }
  const xrefOffset = size;
  size += xref.sizeInBytes() + 1;
  const trailerDict = PDFTrailerDict.of(
    context.obj({
      Size: context.largestObjectNumber + 1,
      Root: context.trailerInfo.Root,
      Info: context.trailerInfo.Info,
    }),
  );
  size += trailerDict.sizeInBytes() + 2;
  const trailer = PDFTrailer.forLastCrossRefSectionOffset(xrefOffset);
  size += trailer.sizeInBytes();

  const buffer = new Uint8Array(size);
  let offset = header.copyBytesInto(buffer, 0);
  offset = writeAscii(buffer, offset, '\n\n');
  for (const [ref, object] of objects) {
    offset = writeAscii(
      buffer,
      offset,
      `${ref.objectNumber} ${ref.generationNumber} obj\n`,
    );
    offset += object.copyBytesInto(buffer, offset);
    offset = writeAscii(buffer, offset, '\nendobj\n\n');
  }
  offset += xref.copyBytesInto(buffer, offset);
  offset = writeAscii(buffer, offset, '\n');
  offset += trailerDict.copyBytesInto(buffer, offset);
  offset = writeAscii(buffer, offset, '\n\n');
  trailer.copyBytesInto(buffer, offset);
  return buffer;
}

function writeAscii(buffer: Uint8Array, offset: number, s: string): number {
  for (let i = 0; i < s.length; i++) buffer[offset + i] = s.charCodeAt(i);
  return offset + s.length;
}

// ---------------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------------

class FontSet {
  private readonly encodable = new Map<string, boolean>();

  private constructor(
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    private readonly embedders: Array<[StandardFontEmbedder, PDFFont]>,
  ) {}

  static create(pdf: PDFDocument): FontSet {
    const make = (name: StandardFonts): [StandardFontEmbedder, PDFFont] => {
      type FontName = Parameters<typeof StandardFontEmbedder.for>[0];
      const embedder = StandardFontEmbedder.for(name as unknown as FontName);
      return [embedder, PDFFont.of(pdf.context.nextRef(), pdf, embedder)];
    };
    const regular = make(StandardFonts.Helvetica);
    const bold = make(StandardFonts.HelveticaBold);
    return new FontSet(regular[1], bold[1], [regular, bold]);
  }

  /** PDFFont.embed() without the Promise: write the font dictionaries. */
  embed(pdf: PDFDocument): void {
    for (const [embedder, font] of this.embedders) {
      embedder.embedIntoContext(pdf.context, font.ref);
    }
  }

  font(bold: boolean): PDFFont {
    return bold ? this.bold : this.regular;
  }

  /** Replace what WinAnsi cannot encode with '?' (tabs become spaces). */
  clean(text: string): string {
    let out = '';
    for (const ch of text.replace(/\t/g, ' ')) {
      out += this.canEncode(ch) ? ch : '?';
    }
    return out;
  }

  width(text: string, bold: boolean, size: number): number {
    return this.font(bold).widthOfTextAtSize(text, size);
  }

  private canEncode(ch: string): boolean {
    let ok = this.encodable.get(ch);
    if (ok === undefined) {
      try {
        this.regular.encodeText(ch);
        ok = true;
      } catch {
        ok = false;
      }
      this.encodable.set(ch, ok);
    }
    return ok;
  }
}

// ---------------------------------------------------------------------------
// Text layout
// ---------------------------------------------------------------------------

interface Piece {
  text: string;
  bold: boolean;
  width: number;
}

interface Line {
  pieces: Piece[];
  width: number;
}

interface TextStyle {
  size: number;
  bold: boolean;
  spaceBefore: number;
  spaceAfter: number;
}

const HEADING_STYLES: Record<Heading, TextStyle> = {
  NORMAL: {size: 11, bold: false, spaceBefore: 0, spaceAfter: 5},
  TITLE: {size: 22, bold: true, spaceBefore: 0, spaceAfter: 10},
  SUBTITLE: {size: 14, bold: false, spaceBefore: 0, spaceAfter: 8},
  HEADING1: {size: 18, bold: true, spaceBefore: 12, spaceAfter: 6},
  HEADING2: {size: 15, bold: true, spaceBefore: 10, spaceAfter: 5},
  HEADING3: {size: 13, bold: true, spaceBefore: 8, spaceAfter: 4},
  HEADING4: {size: 12, bold: true, spaceBefore: 8, spaceAfter: 4},
  HEADING5: {size: 11, bold: true, spaceBefore: 6, spaceAfter: 3},
  HEADING6: {size: 11, bold: true, spaceBefore: 6, spaceAfter: 3},
};

function textStyle(heading: Heading | undefined, inCell: boolean): TextStyle {
  const style = HEADING_STYLES[heading ?? 'NORMAL'];
  if (!inCell) return style;
  return {
    ...style,
    size: Math.max(9, style.size - 1),
    spaceBefore: 0,
    spaceAfter: 2,
  };
}

/** A word or a run of spaces, possibly spanning bold and regular runs. */
interface Token {
  pieces: Piece[];
  width: number;
  space: boolean;
}

function tokenise(
  runs: Array<{text: string; bold: boolean}>,
  fonts: FontSet,
  size: number,
): Token[] {
  const tokens: Token[] = [];
  for (const run of runs) {
    for (const part of run.text.match(/\s+|\S+/g) ?? []) {
      const space = /^\s/.test(part);
      const piece = {
        text: part,
        bold: run.bold,
        width: fonts.width(part, run.bold, size),
      };
      const last = tokens[tokens.length - 1];
      if (last && last.space === space) {
        last.pieces.push(piece);
        last.width += piece.width;
      } else {
        tokens.push({pieces: [piece], width: piece.width, space});
      }
    }
  }
  return tokens;
}

/** Greedy word wrap of one hard line; over-long words break by character. */
function wrapTokens(
  tokens: Token[],
  maxWidth: number,
  fonts: FontSet,
  size: number,
): Line[] {
  const lines: Line[] = [];
  let line: Line = {pieces: [], width: 0};
  let pendingSpace: Token | null = null;
  const flush = () => {
    lines.push(line);
    line = {pieces: [], width: 0};
    pendingSpace = null;
  };
  for (const token of tokens) {
    if (token.space) {
      if (line.pieces.length > 0) pendingSpace = token;
      continue;
    }
    const spaceWidth = pendingSpace ? pendingSpace.width : 0;
    if (
      line.pieces.length > 0 &&
      line.width + spaceWidth + token.width > maxWidth
    ) {
      flush();
    }
    if (pendingSpace) {
      line.pieces.push(...pendingSpace.pieces);
      line.width += pendingSpace.width;
      pendingSpace = null;
    }
    if (token.width > maxWidth) {
      for (const ch of splitToken(token, fonts, size)) {
        if (line.pieces.length > 0 && line.width + ch.width > maxWidth) flush();
        line.pieces.push(ch);
        line.width += ch.width;
      }
    } else {
      line.pieces.push(...token.pieces);
      line.width += token.width;
    }
  }
  lines.push(line);
  return lines;
}

function splitToken(token: Token, fonts: FontSet, size: number): Piece[] {
  const out: Piece[] = [];
  for (const piece of token.pieces) {
    for (const ch of piece.text) {
      out.push({
        text: ch,
        bold: piece.bold,
        width: fonts.width(ch, piece.bold, size),
      });
    }
  }
  return out;
}

/** Lay out styled text into lines no wider than maxWidth. */
function layoutText(
  block: CellBlockJson,
  style: TextStyle,
  maxWidth: number,
  fonts: FontSet,
): Line[] {
  const runs = styledRuns({
    text: fonts.clean(block.text),
    bold: block.bold,
  }).map(r => ({text: r.text, bold: r.bold || style.bold}));
  const lines: Line[] = [];
  for (const hard of splitHardLines(runs)) {
    lines.push(
      ...wrapTokens(
        tokenise(hard, fonts, style.size),
        maxWidth,
        fonts,
        style.size,
      ),
    );
  }
  return lines;
}

/** Split runs at line breaks ('\n', '\r', vertical tab) inside a paragraph. */
function splitHardLines(
  runs: Array<{text: string; bold: boolean}>,
): Array<Array<{text: string; bold: boolean}>> {
  const out: Array<Array<{text: string; bold: boolean}>> = [[]];
  for (const run of runs) {
    const parts = run.text.split(/\r\n|[\n\r\v]/);
    parts.forEach((part, i) => {
      if (i > 0) out.push([]);
      if (part) out[out.length - 1].push({text: part, bold: run.bold});
    });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------

interface Frame {
  x: number;
  width: number;
  inCell: boolean;
}

class ListCounter {
  private counts: number[] = [];

  reset(): void {
    this.counts = [];
  }

  next(nesting: number): number {
    this.counts.length = nesting + 1;
    this.counts[nesting] = (this.counts[nesting] ?? 0) + 1;
    return this.counts[nesting];
  }
}

class PageWriter {
  private page!: PDFPage;
  private y = 0;
  private readonly lists = new ListCounter();
  /** True while drawing a table cell: a row is kept on one page. */
  private keepTogether = false;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: FontSet,
  ) {
    this.newPage();
  }

  blocks(blocks: BlockJson[], frame: Frame): void {
    for (const block of blocks) {
      if (block.type !== 'LIST_ITEM') this.lists.reset();
      if (block.type === 'TABLE') this.table(block, frame);
      else if (block.type === 'LIST_ITEM') this.listItem(block, frame);
      else this.paragraph(block, frame);
    }
  }

  /** "Page n of m" at the foot of every page, once the count is known. */
  footers(): void {
    const pages = this.pdf.getPages();
    pages.forEach((page, i) => {
      const text = `Page ${i + 1} of ${pages.length}`;
      const width = this.fonts.width(text, false, 9);
      page.drawText(text, {
        x: (A4[0] - width) / 2,
        y: FOOTER_BASELINE,
        size: 9,
        font: this.fonts.regular,
        color: GREY,
      });
    });
  }

  private newPage(): void {
    this.page = this.pdf.addPage(A4);
    this.page.setFont(this.fonts.regular);
    this.y = A4[1] - MARGIN;
  }

  private ensureSpace(height: number): void {
    if (this.keepTogether) return;
    const atTop = this.y >= A4[1] - MARGIN - 0.01;
    if (this.y - height < MARGIN && !atTop) this.newPage();
  }

  private paragraph(p: ParagraphJson, frame: Frame): void {
    const style = textStyle(p.heading, frame.inCell);
    if (p.text.length > 0 || (!p.pageBreak && !p.horizontalRule)) {
      this.textBlock(p, style, frame.x, frame.width);
    }
    if (p.horizontalRule) this.rule(frame);
    if (p.pageBreak && !frame.inCell) this.newPage();
  }

  private listItem(item: ListItemJson, frame: Frame): void {
    const style = textStyle(item.heading, frame.inCell);
    const nesting = item.nesting ?? 0;
    const indent = LIST_INDENT * (nesting + 1);
    const marker = listMarker(item.glyph ?? 'BULLET', this.lists.next(nesting));
    this.textBlock(item, style, frame.x + indent, frame.width - indent, marker);
  }

  private textBlock(
    block: CellBlockJson,
    style: TextStyle,
    x: number,
    width: number,
    marker?: string,
  ): void {
    const lineHeight = style.size * LINE_FACTOR;
    const lines = layoutText(block, style, width, this.fonts);
    this.y -= style.spaceBefore;
    lines.forEach((line, i) => {
      this.ensureSpace(lineHeight);
      this.y -= lineHeight;
      const baseline = this.y + (lineHeight - style.size) / 2 + 1;
      if (i === 0 && marker) {
        const w = this.fonts.width(marker, false, style.size);
        this.draw(marker, x - w - 4, baseline, style.size, false);
      }
      this.drawLine(
        line,
        alignedX(block.alignment, x, width, line.width),
        baseline,
        style.size,
      );
    });
    this.y -= style.spaceAfter;
  }

  private drawLine(
    line: Line,
    x: number,
    baseline: number,
    size: number,
  ): void {
    for (const piece of mergePieces(line.pieces)) {
      this.draw(piece.text, x, baseline, size, piece.bold);
      x += piece.width;
    }
  }

  private draw(
    text: string,
    x: number,
    y: number,
    size: number,
    bold: boolean,
  ): void {
    if (text.length === 0) return;
    this.page.drawText(text, {
      x,
      y,
      size,
      font: this.fonts.font(bold),
      color: BLACK,
    });
  }

  private rule(frame: Frame): void {
    this.ensureSpace(10);
    this.y -= 5;
    this.page.drawLine({
      start: {x: frame.x, y: this.y},
      end: {x: frame.x + frame.width, y: this.y},
      thickness: 0.75,
      color: GREY,
    });
    this.y -= 5;
  }

  private table(table: TableJson, frame: Frame): void {
    const columns = Math.max(1, ...table.rows.map(r => r.cells.length));
    const colWidth = frame.width / columns;
    this.y -= 4;
    for (const row of table.rows) {
      const heights = row.cells.map(cell =>
        this.cellHeight(cell.blocks, colWidth),
      );
      const rowHeight = Math.max(14, ...heights);
      this.ensureSpace(rowHeight);
      const top = this.y;
      row.cells.forEach((cell, c) => {
        const x = frame.x + c * colWidth;
        this.page.drawRectangle({
          x,
          y: top - rowHeight,
          width: colWidth,
          height: rowHeight,
          borderColor: BLACK,
          borderWidth: 0.5,
        });
        this.y = top - CELL_PADDING;
        this.cellBlocks(
          cell.blocks,
          x + CELL_PADDING,
          colWidth - 2 * CELL_PADDING,
        );
      });
      this.y = top - rowHeight;
    }
    this.y -= 8;
  }

  /** Cell contents: drawn without page breaks (a row is kept on one page). */
  private cellBlocks(blocks: CellBlockJson[], x: number, width: number): void {
    this.keepTogether = true;
    try {
      this.blocks(blocks, {x, width, inCell: true});
    } finally {
      this.keepTogether = false;
    }
  }

  private cellHeight(blocks: CellBlockJson[], colWidth: number): number {
    let height = 2 * CELL_PADDING;
    for (const block of blocks) {
      const style = textStyle(block.heading, true);
      const indent =
        block.type === 'LIST_ITEM'
          ? LIST_INDENT * ((block.nesting ?? 0) + 1)
          : 0;
      const lines = layoutText(
        block,
        style,
        colWidth - 2 * CELL_PADDING - indent,
        this.fonts,
      );
      height +=
        lines.length * style.size * LINE_FACTOR +
        style.spaceBefore +
        style.spaceAfter;
    }
    return height;
  }
}

function alignedX(
  alignment: string | undefined,
  x: number,
  width: number,
  lineWidth: number,
): number {
  if (alignment === 'CENTER') return x + (width - lineWidth) / 2;
  if (alignment === 'RIGHT') return x + width - lineWidth;
  return x;
}

function mergePieces(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && last.bold === p.bold) {
      last.text += p.text;
      last.width += p.width;
    } else out.push({...p});
  }
  return out;
}

function listMarker(glyph: Glyph, n: number): string {
  switch (glyph) {
    case 'NUMBER':
      return `${n}.`;
    case 'LATIN_LOWER':
      return `${String.fromCharCode(96 + ((n - 1) % 26) + 1)}.`;
    case 'LATIN_UPPER':
      return `${String.fromCharCode(64 + ((n - 1) % 26) + 1)}.`;
    case 'ROMAN_LOWER':
      return `${roman(n).toLowerCase()}.`;
    case 'ROMAN_UPPER':
      return `${roman(n)}.`;
    case 'HOLLOW_BULLET':
      return 'o';
    case 'SQUARE_BULLET':
      return '-';
    default:
      return '\u2022';
  }
}

function roman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [value, symbol] of table) {
    while (n >= value) {
      out += symbol;
      n -= value;
    }
  }
  return out;
}
