/**
 * The live elements of an open document: Body, Paragraph, ListItem, Table,
 * TableRow, TableCell, Text, PageBreak, HorizontalRule and RangeElement,
 * typed against @types/google-apps-script (GoogleAppsScript.Document.*).
 *
 * Structure (https://developers.google.com/apps-script/guides/docs#structure_of_a_document):
 * Body → Paragraph | ListItem | Table; Table → TableRow → TableCell →
 * Paragraph | ListItem; a Paragraph holds its Text and, optionally, a
 * PageBreak or HorizontalRule.
 *
 * Every method call is counted as ctx.calls.record('DocumentApp',
 * '<Class>.<method>'); an edit to an element of a closed document throws
 * "Document is closed, its contents cannot be updated."
 */
import {ExecutionContext, gasError} from '../core';
import {
  ALIGNMENTS,
  Alignment,
  BlockJson,
  CellBlockJson,
  GLYPHS,
  Glyph,
  HEADINGS,
  Heading,
  ListItemJson,
  ParagraphJson,
  StyledText,
  TableCellJson,
  TableJson,
  TableRowJson,
  isBoldAt,
  setBoldRange,
  spliceStyledText,
} from './document-model';
import {
  CompiledPattern,
  Re2ReplacementError,
  Re2SyntaxError,
  compileRe2,
  expandReplacement,
  findAll,
} from './re2';

type GDoc = typeof GoogleAppsScript.Document;
type GElement = GoogleAppsScript.Document.Element;
type GContainer = GoogleAppsScript.Document.ContainerElement;
type GBody = GoogleAppsScript.Document.Body;
type GParagraph = GoogleAppsScript.Document.Paragraph;
type GListItem = GoogleAppsScript.Document.ListItem;
type GTable = GoogleAppsScript.Document.Table;
type GTableRow = GoogleAppsScript.Document.TableRow;
type GTableCell = GoogleAppsScript.Document.TableCell;
type GText = GoogleAppsScript.Document.Text;
type GPageBreak = GoogleAppsScript.Document.PageBreak;
type GHorizontalRule = GoogleAppsScript.Document.HorizontalRule;
type GRangeElement = GoogleAppsScript.Document.RangeElement;
type GElementType = GoogleAppsScript.Document.ElementType;
type GHeading = GoogleAppsScript.Document.ParagraphHeading;
type GAlignment = GoogleAppsScript.Document.HorizontalAlignment;
type GGlyph = GoogleAppsScript.Document.GlyphType;

/** What the bundle sees: a stand-in object typed as the Apps Script type. */
function as<T>(value: unknown): T {
  return value as T;
}

// ---------------------------------------------------------------------------
// Enums. Apps Script enum values print as their names; strings keep the
// stored JSON readable and compare equal across documents.
// ---------------------------------------------------------------------------

function enumOf<K extends string>(names: readonly K[]): Record<K, K> {
  return Object.freeze(Object.fromEntries(names.map(n => [n, n]))) as Record<
    K,
    K
  >;
}

const ELEMENT_TYPES = [
  'BODY_SECTION',
  'COMMENT_SECTION',
  'DATE',
  'DOCUMENT',
  'EQUATION',
  'EQUATION_FUNCTION',
  'EQUATION_FUNCTION_ARGUMENT_SEPARATOR',
  'EQUATION_SYMBOL',
  'FOOTER_SECTION',
  'FOOTNOTE',
  'FOOTNOTE_SECTION',
  'HEADER_SECTION',
  'HORIZONTAL_RULE',
  'INLINE_DRAWING',
  'INLINE_IMAGE',
  'LIST_ITEM',
  'PAGE_BREAK',
  'PARAGRAPH',
  'PERSON',
  'RICH_LINK',
  'TABLE',
  'TABLE_CELL',
  'TABLE_OF_CONTENTS',
  'TABLE_ROW',
  'TEXT',
  'UNSUPPORTED',
] as const;
type ElementTypeName = (typeof ELEMENT_TYPES)[number];

/** DocumentApp.ElementType, .ParagraphHeading, .HorizontalAlignment, .GlyphType. */
export const ENUMS = {
  ElementType: as<GDoc['ElementType']>(enumOf(ELEMENT_TYPES)),
  ParagraphHeading: as<GDoc['ParagraphHeading']>(enumOf(HEADINGS)),
  HorizontalAlignment: as<GDoc['HorizontalAlignment']>(enumOf(ALIGNMENTS)),
  GlyphType: as<GDoc['GlyphType']>(enumOf(GLYPHS)),
};

function enumName<T extends string>(
  value: unknown,
  allowed: readonly T[],
  what: string,
  ctx: ExecutionContext,
): T {
  const name = String(value);
  if (!(allowed as readonly string[]).includes(name)) {
    throw gasError(ctx, `Invalid argument: ${what}`);
  }
  return name as T;
}

// ---------------------------------------------------------------------------
// Owner: the open Document an element belongs to
// ---------------------------------------------------------------------------

/** The open document handle, as the elements need it. */
export interface ElementOwner {
  /** Throws when the document was saved and closed. */
  assertEditable(): void;
  /** Mark the document as changed (saved at saveAndClose or execution end). */
  touch(): void;
}

// ---------------------------------------------------------------------------
// Element
// ---------------------------------------------------------------------------

export abstract class LocalElement {
  parent: LocalElement | null = null;
  abstract readonly type: ElementTypeName;
  /** Name used in call counts and signature errors ("Paragraph"). */
  abstract readonly className: string;

  constructor(readonly ctx: ExecutionContext) {}

  /** The document this element is in, found through its ancestors. */
  owner(): ElementOwner | null {
    const top = this.root();
    return top instanceof LocalBody ? top.documentOwner : null;
  }

  /** The topmost ancestor (the Body for an element in a document). */
  root(): LocalElement {
    return this.parent ? this.parent.root() : this;
  }

  protected count(method: string): void {
    this.ctx.calls.record('DocumentApp', `${this.className}.${method}`);
  }

  /** Count an editing call and check the document is open. */
  protected edit(method: string): void {
    this.count(method);
    const owner = this.owner();
    if (owner) {
      owner.assertEditable();
      owner.touch();
    }
  }

  getType(): GElementType {
    this.count('getType');
    return as<GElementType>(this.type);
  }

  getParent(): GContainer {
    this.count('getParent');
    return as<GContainer>(this.parent);
  }

  getNextSibling(): GElement {
    this.count('getNextSibling');
    return as<GElement>(this.sibling(1));
  }

  getPreviousSibling(): GElement {
    this.count('getPreviousSibling');
    return as<GElement>(this.sibling(-1));
  }

  private sibling(step: number): LocalElement | null {
    if (!this.parent) return null;
    const list = this.parent.childElements();
    return list[list.indexOf(this) + step] ?? null;
  }

  /** True when nothing in the document follows this element. */
  isAtDocumentEnd(): boolean {
    this.count('isAtDocumentEnd');
    return this.isLastDescendant();
  }

  private isLastDescendant(): boolean {
    if (!this.parent) return this instanceof LocalBody;
    const list = this.parent.childElements();
    return list[list.length - 1] === this && this.parent.isLastDescendant();
  }

  /** A detached, deep copy (https://developers.google.com/apps-script/reference/document/paragraph#copy()). */
  copy(): GElement {
    this.count('copy');
    return as<GElement>(this.detachedCopy());
  }

  abstract detachedCopy(): LocalElement;

  /** Children in document order (none for leaf elements). */
  childElements(): LocalElement[] {
    return [];
  }

  /** Detach a child (containers and paragraphs override). */
  removeChildElement(child: LocalElement): void {
    void child;
  }

  removeFromParent(): GElement {
    this.edit('removeFromParent');
    this.parent?.removeChildElement(this);
    return as<GElement>(this);
  }

  asParagraph(): GParagraph {
    return as<GParagraph>(this.cast('PARAGRAPH', 'asParagraph'));
  }

  asListItem(): GListItem {
    return as<GListItem>(this.cast('LIST_ITEM', 'asListItem'));
  }

  asTable(): GTable {
    return as<GTable>(this.cast('TABLE', 'asTable'));
  }

  asTableRow(): GTableRow {
    return as<GTableRow>(this.cast('TABLE_ROW', 'asTableRow'));
  }

  asTableCell(): GTableCell {
    return as<GTableCell>(this.cast('TABLE_CELL', 'asTableCell'));
  }

  asText(): GText {
    return as<GText>(this.cast('TEXT', 'asText'));
  }

  asPageBreak(): GPageBreak {
    return as<GPageBreak>(this.cast('PAGE_BREAK', 'asPageBreak'));
  }

  asHorizontalRule(): GHorizontalRule {
    return as<GHorizontalRule>(
      this.cast('HORIZONTAL_RULE', 'asHorizontalRule'),
    );
  }

  asBody(): GBody {
    return as<GBody>(this.cast('BODY_SECTION', 'asBody'));
  }

  private cast(type: ElementTypeName, method: string): this {
    this.count(method);
    if (this.type !== type) {
      throw gasError(this.ctx, `Cannot cast ${this.type} to ${type}.`);
    }
    return this;
  }
}

/** "The parameters (X) don't match the method signature for DocumentApp.C.m." */
function signatureError(
  ctx: ExecutionContext,
  where: string,
  args: unknown[],
): Error {
  const names = args.map(a =>
    a instanceof LocalElement
      ? `DocumentApp.${a.className}`
      : a === null
        ? 'null'
        : typeof a === 'object'
          ? 'Object'
          : typeof a,
  );
  return gasError(
    ctx,
    `The parameters (${names.join(',')}) don't match the method signature for DocumentApp.${where}.`,
  );
}

/**
 * Appending an element that still has a parent is refused with "Element must
 * be detached." (copy() it first). The live API checks the element's type
 * before this (gas-fakes, tested against Apps Script:
 * github.com/tanaikech/gas-fakes src/services/documentapp/appenderhelpers.js).
 */
function requireDetached(ctx: ExecutionContext, element: LocalElement): void {
  if (element.parent !== null) {
    throw gasError(ctx, 'Element must be detached.');
  }
}

// ---------------------------------------------------------------------------
// Text search and replace over text blocks
// ---------------------------------------------------------------------------

function compilePattern(
  ctx: ExecutionContext,
  pattern: string,
): CompiledPattern {
  try {
    return compileRe2(String(pattern));
  } catch (e) {
    if (e instanceof Re2SyntaxError) throw gasError(ctx, e.message);
    throw e;
  }
}

/**
 * Replace in each text block on its own ("independently matched against each
 * text block", Body.replaceText reference). Matches are found on the block's
 * original text, then spliced from the end so bold ranges follow the text.
 */
function replaceInHolders(
  ctx: ExecutionContext,
  holders: TextHolder[],
  pattern: string,
  replacement: string,
): void {
  const compiled = compilePattern(ctx, pattern);
  const text = String(replacement);
  for (const holder of holders) {
    const matches = findAll(compiled, holder.styled.text);
    if (matches.length === 0) continue;
    const inserts = matches.map(m => {
      try {
        return expandReplacement(text, m.groups, compiled.groupCount);
      } catch (e) {
        if (e instanceof Re2ReplacementError) throw gasError(ctx, e.message);
        throw e;
      }
    });
    for (let i = matches.length - 1; i >= 0; i--) {
      spliceStyledText(
        holder.styled,
        matches[i].start,
        matches[i].end,
        inserts[i],
      );
    }
  }
}

/** The first non-empty match after `from`, searching blocks in order. */
function findInHolders(
  ctx: ExecutionContext,
  holders: TextHolder[],
  pattern: string,
  from: GRangeElement | null | undefined,
): GRangeElement {
  const compiled = compilePattern(ctx, pattern);
  let startHolder = 0;
  let startOffset = 0;
  if (from) {
    const range = from as unknown as LocalRangeElement;
    const holder = range.text.holder();
    startHolder = holder ? holders.indexOf(holder) : -1;
    if (startHolder < 0) return as<GRangeElement>(null);
    startOffset = range.endInclusive + 1;
  }
  for (let h = startHolder; h < holders.length; h++) {
    const text = holders[h].styled.text;
    const match = findAll(compiled, text).find(
      m => m.end > m.start && m.start >= (h === startHolder ? startOffset : 0),
    );
    if (match) {
      const partial = match.start > 0 || match.end < text.length;
      return as<GRangeElement>(
        new LocalRangeElement(
          ctx,
          holders[h].textElement(),
          match.start,
          match.end - 1,
          partial,
        ),
      );
    }
  }
  return as<GRangeElement>(null);
}

// ---------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------

type BlockElement = LocalParagraph | LocalListItem | LocalTable;
type CellBlockElement = LocalParagraph | LocalListItem;

export abstract class LocalContainer extends LocalElement {
  protected children: LocalElement[] = [];

  childElements(): LocalElement[] {
    return this.children;
  }

  getNumChildren(): number {
    this.count('getNumChildren');
    return this.children.length;
  }

  getChild(childIndex: number): GElement {
    this.count('getChild');
    const child = this.children[childIndex];
    if (!Number.isInteger(childIndex) || childIndex < 0 || !child) {
      throw gasError(
        this.ctx,
        `Child index (${childIndex}) must be less than the number of child elements (${this.children.length}).`,
      );
    }
    return as<GElement>(child);
  }

  getChildIndex(child: GElement): number {
    this.count('getChildIndex');
    const i = this.children.indexOf(child as unknown as LocalElement);
    if (i < 0)
      throw gasError(
        this.ctx,
        'Element does not contain the specified child element.',
      );
    return i;
  }

  removeChildElement(child: LocalElement): void {
    const i = this.children.indexOf(child);
    if (i < 0)
      throw gasError(
        this.ctx,
        'Element does not contain the specified child element.',
      );
    this.children.splice(i, 1);
    child.parent = null;
  }

  /** Put a detached element at index i (validated by the caller). */
  protected adopt<T extends LocalElement>(
    child: T,
    index = this.children.length,
  ): T {
    child.parent = this;
    this.children.splice(index, 0, child);
    return child;
  }

  protected checkInsertIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index > this.children.length) {
      throw gasError(
        this.ctx,
        `Index (${index}) must be less than or equal to the number of child elements (${this.children.length}).`,
      );
    }
  }

  /** Every Paragraph and ListItem inside, in document order. */
  textHolders(): TextHolder[] {
    const out: TextHolder[] = [];
    for (const child of this.children) {
      if (child instanceof TextHolder) out.push(child);
      else if (child instanceof LocalContainer)
        out.push(...child.textHolders());
    }
    return out;
  }

  /** Text of the children, one per line. */
  plainText(): string {
    return this.children
      .map(c =>
        c instanceof TextHolder
          ? c.styled.text
          : c instanceof LocalContainer
            ? c.plainText()
            : '',
      )
      .join('\n');
  }

  getText(): string {
    this.count('getText');
    return this.plainText();
  }

  editAsText(): GText {
    this.count('editAsText');
    return as<GText>(new LocalText(this.ctx, this));
  }

  replaceText(searchPattern: string, replacement: string): GElement {
    this.edit('replaceText');
    replaceInHolders(this.ctx, this.textHolders(), searchPattern, replacement);
    return as<GElement>(this);
  }

  findText(searchPattern: string, from?: GRangeElement | null): GRangeElement {
    this.count('findText');
    return findInHolders(this.ctx, this.textHolders(), searchPattern, from);
  }

  /** Replace the contents with one paragraph of text (setText on a section or cell). */
  protected resetToText(text: string): void {
    for (const c of this.children) c.parent = null;
    this.children = [];
    this.adopt(
      new LocalParagraph(this.ctx, {type: 'PARAGRAPH', text: String(text)}),
    );
  }

  // -- Shared by Body and TableCell ----------------------------------------

  protected insertParagraphAt(
    where: string,
    index: number,
    arg: unknown,
  ): LocalParagraph {
    if (typeof arg === 'string') {
      return this.adopt(
        new LocalParagraph(this.ctx, {type: 'PARAGRAPH', text: arg}),
        index,
      );
    }
    if (!(arg instanceof LocalParagraph))
      throw signatureError(this.ctx, where, [arg]);
    requireDetached(this.ctx, arg);
    return this.adopt(arg, index);
  }

  protected insertListItemAt(
    where: string,
    index: number,
    arg: unknown,
  ): LocalListItem {
    if (typeof arg === 'string') {
      return this.adopt(
        new LocalListItem(this.ctx, {type: 'LIST_ITEM', text: arg}),
        index,
      );
    }
    if (!(arg instanceof LocalListItem))
      throw signatureError(this.ctx, where, [arg]);
    requireDetached(this.ctx, arg);
    return this.adopt(arg, index);
  }

  protected insertTableAt(
    where: string,
    index: number,
    arg: unknown,
  ): LocalTable {
    if (arg === undefined || arg === null) {
      return this.adopt(
        new LocalTable(this.ctx, {type: 'TABLE', rows: []}),
        index,
      );
    }
    if (Array.isArray(arg)) {
      return this.adopt(LocalTable.fromCells(this.ctx, arg), index);
    }
    if (!(arg instanceof LocalTable))
      throw signatureError(this.ctx, where, [arg]);
    requireDetached(this.ctx, arg);
    return this.adopt(arg, index);
  }
}

/**
 * The document body. A section always ends with a paragraph: removing the
 * last one fails with "Can't remove the last paragraph in a document
 * section.", and a table appended at the end is followed by a new empty
 * paragraph (the blank line that appears after tables when templates are
 * merged with appendTable; https://officeforest.org/wp/?p=24004 describes it).
 */
export class LocalBody extends LocalContainer implements BodyApi {
  readonly type = 'BODY_SECTION';
  readonly className = 'Body';
  documentOwner: ElementOwner | null = null;

  static fromJson(ctx: ExecutionContext, blocks: BlockJson[]): LocalBody {
    const body = new LocalBody(ctx);
    for (const block of blocks) body.adopt(blockFromJson(ctx, block));
    if (body.children.length === 0)
      body.adopt(new LocalParagraph(ctx, {type: 'PARAGRAPH', text: ''}));
    return body;
  }

  toJson(): BlockJson[] {
    return this.children.map(c => (c as BlockElement).toJson());
  }

  detachedCopy(): LocalBody {
    return LocalBody.fromJson(this.ctx, structuredClone(this.toJson()));
  }

  copy(): GBody {
    this.count('copy');
    return as<GBody>(this.detachedCopy());
  }

  appendParagraph(paragraph: GParagraph | string): GParagraph {
    this.edit('appendParagraph');
    return as<GParagraph>(
      this.insertParagraphAt(
        'Body.appendParagraph',
        this.children.length,
        paragraph,
      ),
    );
  }

  insertParagraph(
    childIndex: number,
    paragraph: GParagraph | string,
  ): GParagraph {
    this.edit('insertParagraph');
    this.checkInsertIndex(childIndex);
    return as<GParagraph>(
      this.insertParagraphAt('Body.insertParagraph', childIndex, paragraph),
    );
  }

  appendListItem(listItem: GListItem | string): GListItem {
    this.edit('appendListItem');
    return as<GListItem>(
      this.insertListItemAt(
        'Body.appendListItem',
        this.children.length,
        listItem,
      ),
    );
  }

  insertListItem(childIndex: number, listItem: GListItem | string): GListItem {
    this.edit('insertListItem');
    this.checkInsertIndex(childIndex);
    return as<GListItem>(
      this.insertListItemAt('Body.insertListItem', childIndex, listItem),
    );
  }

  appendTable(cells?: string[][] | GTable): GTable {
    this.edit('appendTable');
    const table = this.insertTableAt(
      'Body.appendTable',
      this.children.length,
      cells,
    );
    this.endWithParagraph();
    return as<GTable>(table);
  }

  insertTable(
    childIndex: number,
    cellsOrTable?: string[][] | GTable | null,
  ): GTable {
    this.edit('insertTable');
    this.checkInsertIndex(childIndex);
    const table = this.insertTableAt(
      'Body.insertTable',
      childIndex,
      cellsOrTable,
    );
    this.endWithParagraph();
    return as<GTable>(table);
  }

  /** A new paragraph holding a PageBreak (a PageBreak lives in a Paragraph). */
  appendPageBreak(pageBreak?: GPageBreak): GPageBreak {
    this.edit('appendPageBreak');
    return as<GPageBreak>(
      this.insertPageBreakAt(this.children.length, pageBreak),
    );
  }

  insertPageBreak(
    childIndex: number,
    pageBreak?: GPageBreak | null,
  ): GPageBreak {
    this.edit('insertPageBreak');
    this.checkInsertIndex(childIndex);
    return as<GPageBreak>(this.insertPageBreakAt(childIndex, pageBreak));
  }

  private insertPageBreakAt(index: number, pageBreak: unknown): LocalPageBreak {
    if (pageBreak !== undefined && pageBreak !== null) {
      if (!(pageBreak instanceof LocalPageBreak))
        throw signatureError(this.ctx, 'Body.appendPageBreak', [pageBreak]);
      requireDetached(this.ctx, pageBreak);
    }
    const p = this.adopt(
      new LocalParagraph(this.ctx, {
        type: 'PARAGRAPH',
        text: '',
        pageBreak: true,
      }),
      index,
    );
    return p.pageBreakElement()!;
  }

  appendHorizontalRule(): GHorizontalRule {
    this.edit('appendHorizontalRule');
    const p = this.adopt(
      new LocalParagraph(this.ctx, {
        type: 'PARAGRAPH',
        text: '',
        horizontalRule: true,
      }),
    );
    return as<GHorizontalRule>(p.horizontalRuleElement());
  }

  /** All paragraphs, list items included, tables' contents included. */
  getParagraphs(): GParagraph[] {
    this.count('getParagraphs');
    return as<GParagraph[]>(this.textHolders());
  }

  getListItems(): GListItem[] {
    this.count('getListItems');
    return as<GListItem[]>(
      this.textHolders().filter(h => h instanceof LocalListItem),
    );
  }

  getTables(): GTable[] {
    this.count('getTables');
    return as<GTable[]>(this.children.filter(c => c instanceof LocalTable));
  }

  removeChild(child: GElement): GBody {
    this.edit('removeChild');
    this.removeChildElement(child as unknown as LocalElement);
    return as<GBody>(this);
  }

  removeChildElement(child: LocalElement): void {
    if (this.children[this.children.length - 1] === child) {
      throw gasError(
        this.ctx,
        "Can't remove the last paragraph in a document section.",
      );
    }
    super.removeChildElement(child);
  }

  /** Clears the contents, leaving one empty paragraph. */
  clear(): GBody {
    this.edit('clear');
    this.resetToText('');
    return as<GBody>(this);
  }

  setText(text: string): GBody {
    this.edit('setText');
    this.resetToText(text);
    return as<GBody>(this);
  }

  private endWithParagraph(): void {
    if (!(this.children[this.children.length - 1] instanceof LocalParagraph)) {
      this.adopt(new LocalParagraph(this.ctx, {type: 'PARAGRAPH', text: ''}));
    }
  }
}

export class LocalTable extends LocalContainer implements TableApi {
  readonly type = 'TABLE';
  readonly className = 'Table';

  constructor(ctx: ExecutionContext, json: TableJson) {
    super(ctx);
    for (const row of json.rows) this.adopt(new LocalTableRow(ctx, row));
  }

  static fromCells(ctx: ExecutionContext, cells: unknown[]): LocalTable {
    const rows: TableRowJson[] = cells.map(row => {
      if (!Array.isArray(row))
        throw signatureError(ctx, 'Body.appendTable', [cells]);
      return {
        cells: row.map(text => ({
          blocks: [{type: 'PARAGRAPH', text: String(text)} as ParagraphJson],
        })),
      };
    });
    return new LocalTable(ctx, {type: 'TABLE', rows});
  }

  toJson(): TableJson {
    return {type: 'TABLE', rows: this.rows().map(r => r.toJson())};
  }

  detachedCopy(): LocalTable {
    return new LocalTable(this.ctx, structuredClone(this.toJson()));
  }

  copy(): GTable {
    this.count('copy');
    return as<GTable>(this.detachedCopy());
  }

  removeFromParent(): GTable {
    return as<GTable>(super.removeFromParent());
  }

  private rows(): LocalTableRow[] {
    return this.children as LocalTableRow[];
  }

  getNumRows(): number {
    this.count('getNumRows');
    return this.children.length;
  }

  getRow(rowIndex: number): GTableRow {
    this.count('getRow');
    return as<GTableRow>(this.rowAt(rowIndex));
  }

  getCell(rowIndex: number, cellIndex: number): GTableCell {
    this.count('getCell');
    return as<GTableCell>(this.rowAt(rowIndex).cellAt(cellIndex));
  }

  private rowAt(rowIndex: number): LocalTableRow {
    const row = this.rows()[rowIndex];
    if (!row) {
      throw gasError(
        this.ctx,
        `Child index (${rowIndex}) must be less than the number of child elements (${this.children.length}).`,
      );
    }
    return row;
  }

  appendTableRow(tableRow?: GTableRow): GTableRow {
    this.edit('appendTableRow');
    return as<GTableRow>(
      this.insertRowAt('Table.appendTableRow', this.children.length, tableRow),
    );
  }

  insertTableRow(childIndex: number, tableRow?: GTableRow | null): GTableRow {
    this.edit('insertTableRow');
    this.checkInsertIndex(childIndex);
    return as<GTableRow>(
      this.insertRowAt('Table.insertTableRow', childIndex, tableRow),
    );
  }

  private insertRowAt(
    where: string,
    index: number,
    row: unknown,
  ): LocalTableRow {
    if (row === undefined || row === null)
      return this.adopt(new LocalTableRow(this.ctx, {cells: []}), index);
    if (!(row instanceof LocalTableRow))
      throw signatureError(this.ctx, where, [row]);
    requireDetached(this.ctx, row);
    return this.adopt(row, index);
  }

  removeRow(rowIndex: number): GTableRow {
    this.edit('removeRow');
    const row = this.rowAt(rowIndex);
    this.removeChildElement(row);
    return as<GTableRow>(row);
  }
}

export class LocalTableRow extends LocalContainer implements TableRowApi {
  readonly type = 'TABLE_ROW';
  readonly className = 'TableRow';

  constructor(ctx: ExecutionContext, json: TableRowJson) {
    super(ctx);
    for (const cell of json.cells) this.adopt(new LocalTableCell(ctx, cell));
  }

  toJson(): TableRowJson {
    return {cells: (this.children as LocalTableCell[]).map(c => c.toJson())};
  }

  detachedCopy(): LocalTableRow {
    return new LocalTableRow(this.ctx, structuredClone(this.toJson()));
  }

  copy(): GTableRow {
    this.count('copy');
    return as<GTableRow>(this.detachedCopy());
  }

  /** Cells separated by tabs: the row reads as one line. */
  plainText(): string {
    return (this.children as LocalTableCell[])
      .map(c => c.plainText())
      .join('\t');
  }

  cellAt(cellIndex: number): LocalTableCell {
    const cell = this.children[cellIndex] as LocalTableCell | undefined;
    if (!cell) {
      throw gasError(
        this.ctx,
        `Child index (${cellIndex}) must be less than the number of child elements (${this.children.length}).`,
      );
    }
    return cell;
  }

  getNumCells(): number {
    this.count('getNumCells');
    return this.children.length;
  }

  getCell(cellIndex: number): GTableCell {
    this.count('getCell');
    return as<GTableCell>(this.cellAt(cellIndex));
  }

  getParentTable(): GTable {
    this.count('getParentTable');
    return as<GTable>(this.parent);
  }

  appendTableCell(textContentsOrCell?: string | GTableCell | null): GTableCell {
    this.edit('appendTableCell');
    const arg: unknown = textContentsOrCell;
    if (arg === undefined || arg === null || typeof arg === 'string') {
      const text = typeof arg === 'string' ? arg : '';
      return as<GTableCell>(
        this.adopt(
          new LocalTableCell(this.ctx, {blocks: [{type: 'PARAGRAPH', text}]}),
        ),
      );
    }
    if (!(arg instanceof LocalTableCell))
      throw signatureError(this.ctx, 'TableRow.appendTableCell', [arg]);
    requireDetached(this.ctx, arg);
    return as<GTableCell>(this.adopt(arg));
  }
}

export class LocalTableCell extends LocalContainer implements TableCellApi {
  readonly type = 'TABLE_CELL';
  readonly className = 'TableCell';

  constructor(ctx: ExecutionContext, json: TableCellJson) {
    super(ctx);
    const blocks =
      json.blocks.length > 0
        ? json.blocks
        : [{type: 'PARAGRAPH', text: ''} as ParagraphJson];
    for (const block of blocks)
      this.adopt(blockFromJson(ctx, block) as CellBlockElement);
  }

  toJson(): TableCellJson {
    return {blocks: (this.children as CellBlockElement[]).map(c => c.toJson())};
  }

  detachedCopy(): LocalTableCell {
    return new LocalTableCell(this.ctx, structuredClone(this.toJson()));
  }

  copy(): GTableCell {
    this.count('copy');
    return as<GTableCell>(this.detachedCopy());
  }

  setText(text: string): GTableCell {
    this.edit('setText');
    this.resetToText(text);
    return as<GTableCell>(this);
  }

  clear(): GTableCell {
    this.edit('clear');
    this.resetToText('');
    return as<GTableCell>(this);
  }

  appendParagraph(paragraph: GParagraph | string): GParagraph {
    this.edit('appendParagraph');
    return as<GParagraph>(
      this.insertParagraphAt(
        'TableCell.appendParagraph',
        this.children.length,
        paragraph,
      ),
    );
  }

  appendListItem(listItem: GListItem | string): GListItem {
    this.edit('appendListItem');
    return as<GListItem>(
      this.insertListItemAt(
        'TableCell.appendListItem',
        this.children.length,
        listItem,
      ),
    );
  }

  getParentRow(): GTableRow {
    this.count('getParentRow');
    return as<GTableRow>(this.parent);
  }

  getParentTable(): GTable {
    this.count('getParentTable');
    return as<GTable>(this.parent?.parent ?? null);
  }
}

// ---------------------------------------------------------------------------
// Paragraphs and list items: the text blocks
// ---------------------------------------------------------------------------

/** A Paragraph or ListItem: one text block with paragraph attributes. */
export abstract class TextHolder extends LocalElement {
  styled: StyledText;
  heading: Heading;
  alignment?: Alignment;
  private text?: LocalText;

  constructor(ctx: ExecutionContext, json: CellBlockJson) {
    super(ctx);
    this.styled = {
      text: json.text,
      ...(json.bold
        ? {bold: json.bold.map(r => [r[0], r[1]] as [number, number])}
        : {}),
    };
    this.heading = json.heading ?? 'NORMAL';
    this.alignment = json.alignment;
  }

  /** The block's Text element (one per block, so identity is stable). */
  textElement(): LocalText {
    this.text ??= new LocalText(this.ctx, this);
    return this.text;
  }

  protected baseJson(): StyledText & {
    heading?: Heading;
    alignment?: Alignment;
  } {
    return {
      text: this.styled.text,
      ...(this.styled.bold?.length
        ? {bold: this.styled.bold.map(r => [r[0], r[1]] as [number, number])}
        : {}),
      ...(this.heading !== 'NORMAL' ? {heading: this.heading} : {}),
      ...(this.alignment ? {alignment: this.alignment} : {}),
    };
  }

  abstract toJson(): CellBlockJson;

  getText(): string {
    this.count('getText');
    return this.styled.text;
  }

  setText(text: string): void {
    this.edit('setText');
    spliceStyledText(this.styled, 0, this.styled.text.length, String(text));
    this.afterSetText();
  }

  protected afterSetText(): void {}

  appendText(text: string | GText): GText {
    this.edit('appendText');
    const value = text instanceof LocalText ? text.plainText() : String(text);
    spliceStyledText(
      this.styled,
      this.styled.text.length,
      this.styled.text.length,
      value,
    );
    return as<GText>(this.textElement());
  }

  editAsText(): GText {
    this.count('editAsText');
    return as<GText>(this.textElement());
  }

  replaceText(searchPattern: string, replacement: string): GElement {
    this.edit('replaceText');
    replaceInHolders(this.ctx, [this], searchPattern, replacement);
    return as<GElement>(this);
  }

  findText(searchPattern: string, from?: GRangeElement | null): GRangeElement {
    this.count('findText');
    return findInHolders(this.ctx, [this], searchPattern, from);
  }

  getHeading(): GHeading {
    this.count('getHeading');
    return as<GHeading>(this.heading);
  }

  protected applyHeading(heading: GHeading): void {
    this.edit('setHeading');
    this.heading = enumName(heading, HEADINGS, 'heading', this.ctx);
  }

  getAlignment(): GAlignment {
    this.count('getAlignment');
    return as<GAlignment>(this.alignment ?? null);
  }

  protected applyAlignment(alignment: GAlignment): void {
    this.edit('setAlignment');
    this.alignment = enumName(alignment, ALIGNMENTS, 'alignment', this.ctx);
  }

  /** Inline children: the Text (when there is text), then PageBreak/HorizontalRule. */
  inlineChildren(): LocalElement[] {
    return this.styled.text.length > 0 ? [this.textElement()] : [];
  }

  childElements(): LocalElement[] {
    return this.inlineChildren();
  }

  getNumChildren(): number {
    this.count('getNumChildren');
    return this.inlineChildren().length;
  }

  getChild(childIndex: number): GElement {
    this.count('getChild');
    const children = this.inlineChildren();
    const child = children[childIndex];
    if (!child) {
      throw gasError(
        this.ctx,
        `Child index (${childIndex}) must be less than the number of child elements (${children.length}).`,
      );
    }
    return as<GElement>(child);
  }

  removeChildElement(child: LocalElement): void {
    if (child instanceof LocalText)
      spliceStyledText(this.styled, 0, this.styled.text.length, '');
  }
}

export class LocalParagraph extends TextHolder implements ParagraphApi {
  readonly type = 'PARAGRAPH';
  readonly className = 'Paragraph';
  pageBreak: boolean;
  horizontalRule: boolean;
  private pageBreakEl?: LocalPageBreak;
  private ruleEl?: LocalHorizontalRule;

  constructor(ctx: ExecutionContext, json: ParagraphJson) {
    super(ctx, json);
    this.pageBreak = json.pageBreak === true;
    this.horizontalRule = json.horizontalRule === true;
  }

  toJson(): ParagraphJson {
    return {
      type: 'PARAGRAPH',
      ...this.baseJson(),
      ...(this.pageBreak ? {pageBreak: true} : {}),
      ...(this.horizontalRule ? {horizontalRule: true} : {}),
    };
  }

  detachedCopy(): LocalParagraph {
    return new LocalParagraph(this.ctx, structuredClone(this.toJson()));
  }

  copy(): GParagraph {
    this.count('copy');
    return as<GParagraph>(this.detachedCopy());
  }

  removeFromParent(): GParagraph {
    return as<GParagraph>(super.removeFromParent());
  }

  /** "Sets the contents of the paragraph as text": inline elements go too. */
  protected afterSetText(): void {
    this.pageBreak = false;
    this.horizontalRule = false;
  }

  setHeading(heading: GHeading): GParagraph {
    this.applyHeading(heading);
    return as<GParagraph>(this);
  }

  setAlignment(alignment: GAlignment): GParagraph {
    this.applyAlignment(alignment);
    return as<GParagraph>(this);
  }

  appendPageBreak(pageBreak?: GPageBreak | null): GPageBreak {
    this.edit('appendPageBreak');
    if (pageBreak)
      requireDetached(this.ctx, pageBreak as unknown as LocalElement);
    this.pageBreak = true;
    return as<GPageBreak>(this.pageBreakElement());
  }

  appendHorizontalRule(): GHorizontalRule {
    this.edit('appendHorizontalRule');
    this.horizontalRule = true;
    return as<GHorizontalRule>(this.horizontalRuleElement());
  }

  pageBreakElement(): LocalPageBreak | null {
    if (!this.pageBreak) return null;
    this.pageBreakEl ??= new LocalPageBreak(this.ctx, this);
    return this.pageBreakEl;
  }

  horizontalRuleElement(): LocalHorizontalRule | null {
    if (!this.horizontalRule) return null;
    this.ruleEl ??= new LocalHorizontalRule(this.ctx, this);
    return this.ruleEl;
  }

  inlineChildren(): LocalElement[] {
    const out = super.inlineChildren();
    const rule = this.horizontalRuleElement();
    const pageBreak = this.pageBreakElement();
    if (rule) out.push(rule);
    if (pageBreak) out.push(pageBreak);
    return out;
  }

  removeChildElement(child: LocalElement): void {
    if (child instanceof LocalPageBreak) this.pageBreak = false;
    else if (child instanceof LocalHorizontalRule) this.horizontalRule = false;
    else super.removeChildElement(child);
  }
}

export class LocalListItem extends TextHolder implements ListItemApi {
  readonly type = 'LIST_ITEM';
  readonly className = 'ListItem';
  glyph: Glyph;
  nesting: number;

  constructor(ctx: ExecutionContext, json: ListItemJson) {
    super(ctx, json);
    this.glyph = json.glyph ?? 'BULLET';
    this.nesting = json.nesting ?? 0;
  }

  toJson(): ListItemJson {
    return {
      type: 'LIST_ITEM',
      ...this.baseJson(),
      ...(this.glyph !== 'BULLET' ? {glyph: this.glyph} : {}),
      ...(this.nesting ? {nesting: this.nesting} : {}),
    };
  }

  detachedCopy(): LocalListItem {
    return new LocalListItem(this.ctx, structuredClone(this.toJson()));
  }

  copy(): GListItem {
    this.count('copy');
    return as<GListItem>(this.detachedCopy());
  }

  removeFromParent(): GListItem {
    return as<GListItem>(super.removeFromParent());
  }

  setHeading(heading: GHeading): GListItem {
    this.applyHeading(heading);
    return as<GListItem>(this);
  }

  setAlignment(alignment: GAlignment): GListItem {
    this.applyAlignment(alignment);
    return as<GListItem>(this);
  }

  getGlyphType(): GGlyph {
    this.count('getGlyphType');
    return as<GGlyph>(this.glyph);
  }

  setGlyphType(glyphType: GGlyph): GListItem {
    this.edit('setGlyphType');
    this.glyph = enumName(glyphType, GLYPHS, 'glyphType', this.ctx);
    return as<GListItem>(this);
  }

  getNestingLevel(): number {
    this.count('getNestingLevel');
    return this.nesting;
  }

  setNestingLevel(nestingLevel: number): GListItem {
    this.edit('setNestingLevel');
    this.nesting = Math.max(0, Math.min(8, Math.trunc(nestingLevel)));
    return as<GListItem>(this);
  }
}

function blockFromJson(ctx: ExecutionContext, json: BlockJson): BlockElement {
  if (json.type === 'TABLE') return new LocalTable(ctx, json);
  if (json.type === 'LIST_ITEM') return new LocalListItem(ctx, json);
  return new LocalParagraph(ctx, json);
}

// ---------------------------------------------------------------------------
// Inline elements
// ---------------------------------------------------------------------------

abstract class InlineElement extends LocalElement {
  constructor(ctx: ExecutionContext, paragraph: LocalParagraph | null) {
    super(ctx);
    this.parent = paragraph;
  }
}

export class LocalPageBreak extends InlineElement implements PageBreakApi {
  readonly type = 'PAGE_BREAK';
  readonly className = 'PageBreak';

  detachedCopy(): LocalPageBreak {
    return new LocalPageBreak(this.ctx, null);
  }

  copy(): GPageBreak {
    this.count('copy');
    return as<GPageBreak>(this.detachedCopy());
  }

  removeFromParent(): GPageBreak {
    return as<GPageBreak>(super.removeFromParent());
  }
}

export class LocalHorizontalRule
  extends InlineElement
  implements HorizontalRuleApi
{
  readonly type = 'HORIZONTAL_RULE';
  readonly className = 'HorizontalRule';

  detachedCopy(): LocalHorizontalRule {
    return new LocalHorizontalRule(this.ctx, null);
  }

  copy(): GHorizontalRule {
    this.count('copy');
    return as<GHorizontalRule>(this.detachedCopy());
  }

  removeFromParent(): GHorizontalRule {
    return as<GHorizontalRule>(super.removeFromParent());
  }
}

// ---------------------------------------------------------------------------
// Text: a view of one block's text, or of every block in a container
// (Body/Table/TableRow/TableCell.editAsText, blocks joined by '\n').
// ---------------------------------------------------------------------------

interface Span {
  holder: TextHolder;
  start: number;
  end: number;
}

export class LocalText extends LocalElement implements TextApi {
  readonly type = 'TEXT';
  readonly className = 'Text';

  constructor(
    ctx: ExecutionContext,
    private readonly source: TextHolder | LocalContainer,
  ) {
    super(ctx);
    this.parent = source instanceof TextHolder ? source : null;
  }

  /** The block, when this is one block's text. */
  holder(): TextHolder | null {
    return this.source instanceof TextHolder ? this.source : null;
  }

  owner(): ElementOwner | null {
    return this.source.owner();
  }

  private holders(): TextHolder[] {
    return this.source instanceof TextHolder
      ? [this.source]
      : this.source.textHolders();
  }

  /** Where each block's text sits in the joined text. */
  private spans(): Span[] {
    let pos = 0;
    return this.holders().map(holder => {
      const span = {holder, start: pos, end: pos + holder.styled.text.length};
      pos = span.end + 1;
      return span;
    });
  }

  plainText(): string {
    return this.holders()
      .map(h => h.styled.text)
      .join('\n');
  }

  detachedCopy(): LocalText {
    const holder = this.holder();
    const copy = new LocalParagraph(this.ctx, {
      type: 'PARAGRAPH',
      text: this.plainText(),
      ...(holder?.styled.bold ? {bold: holder.styled.bold} : {}),
    });
    return new LocalText(this.ctx, copy);
  }

  copy(): GText {
    this.count('copy');
    return as<GText>(this.detachedCopy());
  }

  getParent(): GContainer {
    this.count('getParent');
    return as<GContainer>(this.source);
  }

  removeFromParent(): GText {
    this.edit('removeFromParent');
    for (const h of this.holders())
      spliceStyledText(h.styled, 0, h.styled.text.length, '');
    return as<GText>(this);
  }

  getText(): string {
    this.count('getText');
    return this.plainText();
  }

  setText(text: string): GText {
    this.edit('setText');
    const holders = this.holders();
    spliceStyledText(
      holders[0].styled,
      0,
      holders[0].styled.text.length,
      String(text),
    );
    for (const h of holders.slice(1))
      spliceStyledText(h.styled, 0, h.styled.text.length, '');
    return as<GText>(this);
  }

  appendText(text: string): GText {
    this.edit('appendText');
    const holders = this.holders();
    const last = holders[holders.length - 1];
    spliceStyledText(
      last.styled,
      last.styled.text.length,
      last.styled.text.length,
      String(text),
    );
    return as<GText>(this);
  }

  insertText(offset: number, text: string): GText {
    this.edit('insertText');
    const {holder, local} = this.locate(offset, true);
    spliceStyledText(holder.styled, local, local, String(text));
    return as<GText>(this);
  }

  deleteText(startOffset: number, endOffsetInclusive: number): GText {
    this.edit('deleteText');
    this.checkRange(startOffset, endOffsetInclusive);
    for (const part of this.pieces(
      startOffset,
      endOffsetInclusive + 1,
    ).reverse()) {
      spliceStyledText(part.holder.styled, part.start, part.end, '');
    }
    return as<GText>(this);
  }

  setBold(a: boolean | number, b?: number, c?: boolean): GText {
    this.edit('setBold');
    if (typeof a === 'boolean' || b === undefined) {
      for (const h of this.holders())
        setBoldRange(h.styled, 0, h.styled.text.length, Boolean(a));
    } else {
      this.checkRange(a, b);
      for (const part of this.pieces(a, b + 1))
        setBoldRange(part.holder.styled, part.start, part.end, Boolean(c));
    }
    return as<GText>(this);
  }

  /** Bold at `offset`; without an offset, whether all of the text is bold. */
  isBold(offset?: number | null): boolean {
    this.count('isBold');
    if (offset === undefined || offset === null) {
      return this.holders().every(h => allBold(h.styled));
    }
    const {holder, local} = this.locate(offset, false);
    return isBoldAt(holder.styled, local);
  }

  editAsText(): GText {
    this.count('editAsText');
    return as<GText>(this);
  }

  replaceText(searchPattern: string, replacement: string): GElement {
    this.edit('replaceText');
    replaceInHolders(this.ctx, this.holders(), searchPattern, replacement);
    return as<GElement>(this);
  }

  findText(searchPattern: string, from?: GRangeElement | null): GRangeElement {
    this.count('findText');
    return findInHolders(this.ctx, this.holders(), searchPattern, from);
  }

  private checkRange(start: number, endInclusive: number): void {
    const length = this.plainText().length;
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(endInclusive) ||
      start < 0 ||
      endInclusive < start ||
      endInclusive >= length
    ) {
      throw gasError(
        this.ctx,
        `Invalid text offsets (${start}, ${endInclusive}) for text of length ${length}.`,
      );
    }
  }

  private locate(
    offset: number,
    insert: boolean,
  ): {holder: TextHolder; local: number} {
    const length = this.plainText().length;
    if (
      !Number.isInteger(offset) ||
      offset < 0 ||
      offset > length ||
      (!insert && offset === length)
    ) {
      throw gasError(
        this.ctx,
        `Invalid text offset (${offset}) for text of length ${length}.`,
      );
    }
    const span = this.spans().find(s => offset >= s.start && offset <= s.end)!;
    return {holder: span.holder, local: offset - span.start};
  }

  /** The parts of [start, end) in each block (separators excluded). */
  private pieces(start: number, end: number): Span[] {
    const out: Span[] = [];
    for (const span of this.spans()) {
      const s = Math.max(start, span.start);
      const e = Math.min(end, span.end);
      if (e > s)
        out.push({
          holder: span.holder,
          start: s - span.start,
          end: e - span.start,
        });
    }
    return out;
  }
}

function allBold(styled: StyledText): boolean {
  for (let i = 0; i < styled.text.length; i++) {
    if (!isBoldAt(styled, i)) return false;
  }
  return true;
}

/** A findText() result (https://developers.google.com/apps-script/reference/document/range-element). */
export class LocalRangeElement implements RangeElementApi {
  constructor(
    private readonly ctx: ExecutionContext,
    readonly text: LocalText,
    readonly start: number,
    readonly endInclusive: number,
    private readonly partial: boolean,
  ) {}

  getElement(): GElement {
    this.ctx.calls.record('DocumentApp', 'RangeElement.getElement');
    return as<GElement>(this.text);
  }

  getStartOffset(): number {
    this.ctx.calls.record('DocumentApp', 'RangeElement.getStartOffset');
    return this.start;
  }

  getEndOffsetInclusive(): number {
    this.ctx.calls.record('DocumentApp', 'RangeElement.getEndOffsetInclusive');
    return this.endInclusive;
  }

  isPartial(): boolean {
    this.ctx.calls.record('DocumentApp', 'RangeElement.isPartial');
    return this.partial;
  }
}

// ---------------------------------------------------------------------------
// The Pick<> types the stand-ins satisfy (a signature that drifts from
// @types/google-apps-script fails `tsc -p tsconfig.node.json`).
// ---------------------------------------------------------------------------

export type BodyApi = Pick<
  GBody,
  | 'getText'
  | 'setText'
  | 'clear'
  | 'getNumChildren'
  | 'getChild'
  | 'getChildIndex'
  | 'appendParagraph'
  | 'insertParagraph'
  | 'appendTable'
  | 'insertTable'
  | 'appendPageBreak'
  | 'insertPageBreak'
  | 'appendListItem'
  | 'insertListItem'
  | 'appendHorizontalRule'
  | 'getParagraphs'
  | 'getListItems'
  | 'getTables'
  | 'removeChild'
  | 'replaceText'
  | 'findText'
  | 'copy'
  | 'editAsText'
  | 'getType'
>;

export type ParagraphApi = Pick<
  GParagraph,
  | 'getText'
  | 'setText'
  | 'appendText'
  | 'getHeading'
  | 'setHeading'
  | 'getAlignment'
  | 'setAlignment'
  | 'getType'
  | 'copy'
  | 'removeFromParent'
  | 'editAsText'
  | 'replaceText'
  | 'findText'
  | 'isAtDocumentEnd'
  | 'getParent'
  | 'getNumChildren'
  | 'getChild'
  | 'getNextSibling'
  | 'getPreviousSibling'
  | 'appendPageBreak'
  | 'appendHorizontalRule'
>;

export type ListItemApi = Pick<
  GListItem,
  | 'getText'
  | 'setText'
  | 'appendText'
  | 'getHeading'
  | 'setHeading'
  | 'setAlignment'
  | 'getGlyphType'
  | 'setGlyphType'
  | 'getNestingLevel'
  | 'setNestingLevel'
  | 'getType'
  | 'copy'
  | 'removeFromParent'
  | 'editAsText'
  | 'replaceText'
  | 'isAtDocumentEnd'
>;

export type TableApi = Pick<
  GTable,
  | 'getNumRows'
  | 'getRow'
  | 'getCell'
  | 'appendTableRow'
  | 'insertTableRow'
  | 'removeRow'
  | 'copy'
  | 'getText'
  | 'replaceText'
  | 'findText'
  | 'editAsText'
  | 'getType'
  | 'getNumChildren'
  | 'getChild'
  | 'removeFromParent'
  | 'isAtDocumentEnd'
>;

export type TableRowApi = Pick<
  GTableRow,
  | 'getNumCells'
  | 'getCell'
  | 'appendTableCell'
  | 'getText'
  | 'replaceText'
  | 'editAsText'
  | 'getParentTable'
  | 'getType'
  | 'copy'
>;

export type TableCellApi = Pick<
  GTableCell,
  | 'getText'
  | 'setText'
  | 'clear'
  | 'editAsText'
  | 'replaceText'
  | 'findText'
  | 'appendParagraph'
  | 'appendListItem'
  | 'getParentRow'
  | 'getParentTable'
  | 'getNumChildren'
  | 'getChild'
  | 'getType'
  | 'copy'
>;

export type TextApi = Pick<
  GText,
  | 'getText'
  | 'setText'
  | 'appendText'
  | 'insertText'
  | 'deleteText'
  | 'setBold'
  | 'isBold'
  | 'replaceText'
  | 'findText'
  | 'editAsText'
  | 'getType'
  | 'getParent'
  | 'copy'
  | 'removeFromParent'
>;

export type PageBreakApi = Pick<
  GPageBreak,
  'getType' | 'getParent' | 'copy' | 'removeFromParent' | 'isAtDocumentEnd'
>;
export type HorizontalRuleApi = Pick<
  GHorizontalRule,
  'getType' | 'getParent' | 'copy' | 'removeFromParent'
>;
export type RangeElementApi = Pick<
  GRangeElement,
  'getElement' | 'getStartOffset' | 'getEndOffsetInclusive' | 'isPartial'
>;
