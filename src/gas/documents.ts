/**
 * The Documents port over DocumentApp (scope `documents`) and, for the PDF
 * file itself, the advanced Drive service (scope `drive.file`).
 *
 * Composing: a new document receives a copy of every element of each
 * template in turn (Element.copy(): an element that still has a parent
 * cannot be appended), each part from a new page. Templates are opened with
 * DocumentApp, which reaches any Doc the caller may read — so a template
 * another admin created and shared works, where the Drive API (drive.file)
 * would answer 404.
 *
 * Filling, literally: Body.replaceText takes an RE2 pattern and a
 * replacement in which `$` and `\` are special (re2j). A value without `$`,
 * `\`, `{` or `}` is inserted with one replaceText per placeholder (the
 * same text on any reading of the replacement rules). The others, and the
 * table placeholders, are found first (findText, before any of them is
 * edited, so a value is never searched again) and edited from the end of
 * the document backwards with Text.insertText / deleteText, which take
 * plain strings.
 *
 * PDF: Drive.Files.export fails in the advanced service, so the saved
 * document is rendered with Document.getAs('application/pdf') and uploaded
 * with Drive.Files.create into the folder.
 */
import {
  ComposedDoc,
  DocBlock,
  DocPart,
  DocTable,
  DocValues,
  Documents,
} from '../ports';
import {drive} from './drive';

type Body = GoogleAppsScript.Document.Body;
type Text = GoogleAppsScript.Document.Text;
type Element = GoogleAppsScript.Document.Element;

const DOC_MIME = 'application/vnd.google-apps.document';
const PDF_MIME = 'application/pdf';
const ANY_PLACEHOLDER = '\\{\\{[A-Za-z][A-Za-z0-9_]*\\}\\}';

const placeholder = (name: string) => `\\{\\{${name}\\}\\}`;

/** Text that reads the same whatever replaceText does with `$` and `\`, and makes no new placeholder. */
const plain = (value: string) => !/[$\\{}]/.test(value);

/**
 * Writes blocks into a body before its last paragraph: a body always ends
 * with a paragraph, and a table appended last would get a new empty one
 * after it (a blank line before the next heading). Inserting before the
 * final paragraph keeps tables flush with what follows.
 */
class Writer {
  constructor(
    private readonly body: Body,
    private at = 0,
  ) {}

  paragraph(p: GoogleAppsScript.Document.Paragraph | string) {
    return this.body.insertParagraph(this.at++, p as string);
  }

  element(el: Element): void {
    const type = el.getType();
    if (type === DocumentApp.ElementType.PARAGRAPH)
      this.body.insertParagraph(
        this.at++,
        el as GoogleAppsScript.Document.Paragraph,
      );
    else if (type === DocumentApp.ElementType.TABLE)
      this.body.insertTable(this.at++, el as GoogleAppsScript.Document.Table);
    else if (type === DocumentApp.ElementType.LIST_ITEM)
      this.body.insertListItem(
        this.at++,
        el as GoogleAppsScript.Document.ListItem,
      );
    // Other body elements (a table of contents) are not carried over.
  }

  pageBreak(): void {
    this.body.insertPageBreak(this.at++);
  }

  blocks(blocks: DocBlock[]): void {
    for (const b of blocks) {
      if (b.type === 'paragraph') {
        const p = this.paragraph(b.text);
        if (b.style && b.style !== 'NORMAL')
          p.setHeading(DocumentApp.ParagraphHeading[b.style]);
        if (b.align && b.align !== 'LEFT')
          p.setAlignment(DocumentApp.HorizontalAlignment[b.align]);
        if (b.bold) p.editAsText().setBold(true);
      } else if (b.type === 'list') {
        for (const item of b.items) this.body.insertListItem(this.at++, item);
      } else {
        const t = this.body.insertTable(this.at++, b.rows);
        if (b.boldFirstRow) t.getRow(0).editAsText().setBold(true);
        if (b.boldFirstColumn) {
          for (let r = 0; r < b.rows.length; r++)
            t.getCell(r, 0).editAsText().setBold(true);
        }
      }
    }
  }

  /** A copy of every element of a template's body (its final paragraph only if it holds text). */
  copyOf(source: Body): void {
    const n = source.getNumChildren();
    for (let i = 0; i < n - 1; i++) this.element(source.getChild(i).copy());
    const last = source.getChild(n - 1).asParagraph();
    if (last.getText()) this.element(last.copy());
  }
}

interface Found {
  text: Text;
  start: number;
  end: number;
  name: string;
}

/** Every {{placeholder}} left in the body, in document order. */
function findPlaceholders(body: Body): Found[] {
  const found: Found[] = [];
  let range = body.findText(ANY_PLACEHOLDER);
  while (range) {
    const text = range.getElement().asText();
    const start = range.getStartOffset();
    const end = range.getEndOffsetInclusive();
    found.push({
      text,
      start,
      end,
      name: text.getText().slice(start + 2, end - 1),
    });
    range = body.findText(ANY_PLACEHOLDER, range);
  }
  return found;
}

function putTable(body: Body, at: Found, table: DocTable): void {
  const paragraph = at.text.getParent() as Element;
  const index = body.getChildIndex(paragraph);
  const t = body.insertTable(index, table.rows);
  for (const r of table.boldRows) t.getRow(r).editAsText().setBold(true);
  try {
    paragraph.asParagraph().removeFromParent();
  } catch {
    // The last paragraph of a document section cannot be removed: empty it.
    at.text.deleteText(at.start, at.end);
  }
}

function putText(at: Found, value: string): void {
  // Insert after the placeholder, then delete it: the Text element is never
  // left empty, and the value takes the placeholder's style.
  if (value) at.text.insertText(at.end + 1, value);
  at.text.deleteText(at.start, at.end);
}

/** Fill the placeholders; returns the names no value was given for. */
function fill(body: Body, values: DocValues): string[] {
  for (const [name, value] of Object.entries(values.text)) {
    if (plain(value)) body.replaceText(placeholder(name), value);
  }
  const unknown = new Set<string>();
  const found = findPlaceholders(body);
  for (let i = found.length - 1; i >= 0; i--) {
    const at = found[i];
    const table = values.tables[at.name];
    const text = values.text[at.name];
    if (table) {
      try {
        putTable(body, at, table);
      } catch {
        // Not a paragraph of the body (e.g. inside a table cell): as text.
        putText(at, table.rows.map(r => r.join(' | ')).join('; '));
      }
    } else if (text !== undefined) putText(at, text);
    else unknown.add(at.name);
  }
  return [...unknown].sort();
}

function openBody(id: string): Body | null {
  try {
    return DocumentApp.openById(id).getBody();
  } catch {
    return null;
  }
}

export class GasDocuments implements Documents {
  create(name: string, folderId: string | null, blocks: DocBlock[]): string {
    const id = drive().createFile(name, DOC_MIME, folderId, {
      description:
        'A Panel Tracker template. Edit the wording freely in Docs: the next outcome note uses it. A {{placeholder}} is replaced by its value; a {{...Table}} placeholder must stand alone in its paragraph.',
    });
    const doc = DocumentApp.openById(id);
    new Writer(doc.getBody()).blocks(blocks);
    doc.saveAndClose();
    return id;
  }

  compose(name: string, parts: DocPart[], values: DocValues): ComposedDoc {
    const doc = DocumentApp.create(name);
    const body = doc.getBody();
    const out = new Writer(body);
    const missing: number[] = [];
    parts.forEach((part, i) => {
      if (i > 0) out.pageBreak();
      const source = part.templateId ? openBody(part.templateId) : null;
      if (source) out.copyOf(source);
      else {
        missing.push(i);
        out.blocks(part.fallback);
      }
    });
    const unknownPlaceholders = fill(body, values);
    doc.saveAndClose();
    return {docId: doc.getId(), missing, unknownPlaceholders};
  }

  exportPdf(
    docId: string,
    name: string,
    folderId: string,
  ): {fileId: string; url: string} {
    const blob = DocumentApp.openById(docId).getAs(PDF_MIME);
    return drive().upload(name, PDF_MIME, folderId, blob);
  }
}
