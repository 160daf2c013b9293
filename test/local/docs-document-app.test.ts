/**
 * DocumentApp stand-in: documents as Drive files, the element tree,
 * composition from copies, replaceText semantics, saving and call counts.
 */
import {endExecution} from '../../local/core';
import {listDriveFiles, readDriveFile} from '../../local/docs/drive-store';
import {DocumentAppApi, createDocumentApp} from '../../local/docs/document-app';
import {contextFor, services, tempWorkspace, thrown} from './docs-helpers';

type Body = GoogleAppsScript.Document.Body;

function newDoc(name = 'Outcome note') {
  const ws = tempWorkspace();
  const s = services(ws);
  const doc = s.DocumentApp.create(name);
  return {ws, ...s, doc, body: doc.getBody()};
}

describe('DocumentApp.create / openById', () => {
  it('creates a Google Doc that is a Drive file owned by the creator', () => {
    const {ws, doc} = newDoc('Referral JRAP-2026-0007');
    const files = listDriveFiles(ws);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      id: doc.getId(),
      name: 'Referral JRAP-2026-0007',
      path: 'Referral JRAP-2026-0007',
      mimeType: 'application/vnd.google-apps.document',
      owners: ['admin@example.org'],
      createdByApp: true,
      sharedWith: [],
    });
    expect(doc.getUrl()).toBe(`https://docs.google.com/open?id=${doc.getId()}`);
  });

  it('a new document has one empty paragraph', () => {
    const {body} = newDoc();
    expect(body.getNumChildren()).toBe(1);
    expect(body.getChild(0).getType()).toBe('PARAGRAPH');
    expect(body.getText()).toBe('');
  });

  it('openById of an unknown id, or of a document not shared with the person, fails as Apps Script does', () => {
    const ws = tempWorkspace();
    const admin = services(ws);
    const id = admin.DocumentApp.create('Private').getId();
    const e = thrown(() => admin.DocumentApp.openById('nope'));
    expect(e.name).toBe('Exception');
    expect(e.message).toBe(
      "Document nope is missing (perhaps it was deleted, or you don't have read access?)",
    );
    const other = services(ws, 'sw@example.org');
    expect(thrown(() => other.DocumentApp.openById(id)).message).toBe(
      `Document ${id} is missing (perhaps it was deleted, or you don't have read access?)`,
    );
  });

  it('edits are saved by saveAndClose; a closed document cannot be edited', () => {
    const {ws, DocumentApp, doc, body} = newDoc();
    body.appendParagraph('Hello');
    doc.saveAndClose();
    expect(DocumentApp.openById(doc.getId()).getBody().getText()).toBe(
      '\nHello',
    );
    expect(thrown(() => body.appendParagraph('late')).message).toBe(
      'Document is closed, its contents cannot be updated.',
    );
    const stored = JSON.parse(
      Buffer.from(readDriveFile(ws, doc.getId()).bytes!).toString('utf8'),
    );
    expect(stored.body[1]).toEqual({type: 'PARAGRAPH', text: 'Hello'});
  });

  it('unsaved edits are invisible to another openById until saveAndClose or the end of the execution', () => {
    const ws = tempWorkspace();
    const ctx = contextFor(ws);
    const DocumentApp = createDocumentApp(ctx);
    const doc = DocumentApp.create('Draft');
    doc.getBody().appendParagraph('pending');
    expect(DocumentApp.openById(doc.getId()).getBody().getText()).toBe('');
    endExecution(ctx);
    const later = createDocumentApp(contextFor(ws));
    expect(later.openById(doc.getId()).getBody().getText()).toBe('\npending');
  });

  it('setName renames the Drive file', () => {
    const {ws, doc} = newDoc('Old');
    doc.setName('New');
    expect(doc.getName()).toBe('New');
    expect(listDriveFiles(ws)[0].name).toBe('New');
  });

  it('getActiveDocument is null in a Sheets add-on; getUi refuses', () => {
    const {DocumentApp} = newDoc();
    expect(DocumentApp.getActiveDocument()).toBeNull();
    expect(thrown(() => DocumentApp.getUi()).message).toBe(
      'Cannot call DocumentApp.getUi() from this context.',
    );
  });
});

describe('Body, Paragraph, ListItem, PageBreak', () => {
  it('appends and inserts paragraphs with headings and alignment', () => {
    const {DocumentApp, body} = newDoc();
    const title = body.getChild(0).asParagraph();
    title.setText('Title');
    title.setHeading(DocumentApp.ParagraphHeading.TITLE);
    const p = body
      .appendParagraph('Part 1')
      .setHeading(DocumentApp.ParagraphHeading.HEADING1);
    body
      .insertParagraph(1, 'Intro')
      .setAlignment(DocumentApp.HorizontalAlignment.CENTER);
    expect(body.getNumChildren()).toBe(3);
    expect(body.getChildIndex(p)).toBe(2);
    expect(p.getHeading()).toBe(DocumentApp.ParagraphHeading.HEADING1);
    expect(body.getParagraphs().map(x => x.getText())).toEqual([
      'Title',
      'Intro',
      'Part 1',
    ]);
    expect(body.getChild(1).asParagraph().getAlignment()).toBe(
      DocumentApp.HorizontalAlignment.CENTER,
    );
    expect(p.isAtDocumentEnd()).toBe(true);
    expect(body.getChild(0).isAtDocumentEnd()).toBe(false);
  });

  it('appendText, editAsText, setBold ranges and list items', () => {
    const {DocumentApp, body} = newDoc();
    const p = body.appendParagraph('Weekly cost: ');
    p.appendText('£1,234.56');
    p.editAsText().setBold(0, 11, true);
    expect(p.getText()).toBe('Weekly cost: £1,234.56');
    expect(p.editAsText().isBold(0)).toBe(true);
    expect(p.editAsText().isBold(13)).toBe(false);
    const li = body
      .appendListItem('first action')
      .setGlyphType(DocumentApp.GlyphType.NUMBER);
    expect(li.getType()).toBe(DocumentApp.ElementType.LIST_ITEM);
    expect(li.getGlyphType()).toBe('NUMBER');
  });

  it('findText returns a RangeElement; deleteText/insertText edit literally', () => {
    const {body} = newDoc();
    body.appendParagraph('Child: {{name}} ({{ref}})');
    let range = body.findText('\\{\\{name\\}\\}');
    expect(range.getStartOffset()).toBe(7);
    expect(range.getEndOffsetInclusive()).toBe(14);
    expect(range.isPartial()).toBe(true);
    const text = range.getElement().asText();
    text.deleteText(range.getStartOffset(), range.getEndOffsetInclusive());
    text.insertText(range.getStartOffset(), 'A.B. $1 \\ {{x}}');
    expect(body.getText()).toBe('\nChild: A.B. $1 \\ {{x}} ({{ref}})');
    range = body.findText('\\{\\{');
    expect(range.getStartOffset()).toBe(17);
    expect(body.findText('\\{\\{', range).getStartOffset()).toBe(24);
    expect(body.findText('absent')).toBeNull();
  });

  it('appendPageBreak adds a paragraph holding a PageBreak; appendHorizontalRule likewise', () => {
    const {DocumentApp, body} = newDoc();
    const pb = body.appendPageBreak();
    expect(pb.getType()).toBe(DocumentApp.ElementType.PAGE_BREAK);
    expect(pb.getParent().getType()).toBe(DocumentApp.ElementType.PARAGRAPH);
    body.appendHorizontalRule();
    expect(body.getNumChildren()).toBe(3);
  });

  it('removeChild and removeFromParent; the last paragraph of the body cannot be removed', () => {
    const {body} = newDoc();
    const a = body.appendParagraph('a');
    body.appendParagraph('b');
    body.removeChild(a);
    expect(body.getText()).toBe('\nb');
    body.getChild(0).removeFromParent();
    expect(body.getNumChildren()).toBe(1);
    expect(thrown(() => body.getChild(0).removeFromParent()).message).toBe(
      "Can't remove the last paragraph in a document section.",
    );
  });

  it('getChild out of range and getChildIndex of a stranger throw', () => {
    const {body} = newDoc();
    expect(thrown(() => body.getChild(3)).message).toBe(
      'Child index (3) must be less than the number of child elements (1).',
    );
    const other = body.appendParagraph('x').copy();
    expect(thrown(() => body.getChildIndex(other)).message).toBe(
      'Element does not contain the specified child element.',
    );
  });

  it('clear and setText leave one paragraph', () => {
    const {body} = newDoc();
    body.appendTable([['a']]);
    body.setText('only');
    expect(body.getNumChildren()).toBe(1);
    expect(body.getText()).toBe('only');
    body.clear();
    expect(body.getText()).toBe('');
  });
});

describe('tables', () => {
  it('appendTable(cells) builds rows and cells; a table at the end is followed by an empty paragraph', () => {
    const {body} = newDoc();
    const t = body.appendTable([
      ['Agency', 'Weekly'],
      ['SCS', '£500.00'],
    ]);
    expect(t.getNumRows()).toBe(2);
    expect(t.getRow(1).getNumCells()).toBe(2);
    expect(t.getCell(1, 1).getText()).toBe('£500.00');
    expect(t.getText()).toBe('Agency\tWeekly\nSCS\t£500.00');
    expect(body.getNumChildren()).toBe(3);
    expect(body.getChild(2).getType()).toBe('PARAGRAPH');
    expect(body.getTables()).toHaveLength(1);
  });

  it('rows and cells can be appended, edited and removed', () => {
    const {body} = newDoc();
    const t = body.appendTable([['a', 'b']]);
    const row = t.appendTableRow();
    row.appendTableCell('c');
    row.appendTableCell('d').setText('D');
    t.getCell(0, 0).editAsText().setBold(true);
    expect(t.getCell(0, 0).editAsText().isBold()).toBe(true);
    expect(t.getText()).toBe('a\tb\nc\tD');
    t.removeRow(0);
    expect(t.getNumRows()).toBe(1);
    expect(row.getParentTable()).toBe(t);
  });

  it('replaceText reaches table cells', () => {
    const {body} = newDoc();
    const t = body.appendTable([['{{agency}}', '{{cost}}']]);
    body.replaceText('\\{\\{cost\\}\\}', '£1,234.56');
    expect(t.getCell(0, 1).getText()).toBe('£1,234.56');
    t.replaceText('\\{\\{agency\\}\\}', 'SCS');
    expect(t.getCell(0, 0).getText()).toBe('SCS');
  });
});

describe('composition from copies', () => {
  function template(
    DocumentApp: DocumentAppApi,
    name: string,
    fill: (b: Body) => void,
  ): string {
    const doc = DocumentApp.create(name);
    fill(doc.getBody());
    doc.saveAndClose();
    return doc.getId();
  }

  it('merges paragraphs, tables and list items of several documents with copy()', () => {
    const {DocumentApp, doc: merged, body} = newDoc('Merged');
    const part1 = template(DocumentApp, 'Part 1', b => {
      b.getChild(0).asParagraph().setText('Part 1');
      b.getChild(0)
        .asParagraph()
        .setHeading(DocumentApp.ParagraphHeading.HEADING1);
      b.appendParagraph('Case {{caseId}}');
    });
    const part2 = template(DocumentApp, 'Part 2', b => {
      b.getChild(0).asParagraph().setText('Part 2');
      b.getChild(0)
        .asParagraph()
        .setHeading(DocumentApp.ParagraphHeading.HEADING1);
      b.appendTable([
        ['Agency', 'Share'],
        ['SCS', '50%'],
      ]);
      b.appendListItem('Review in 3 months');
    });
    body.clear();
    for (const id of [part1, part2]) {
      const src = DocumentApp.openById(id).getBody();
      for (let i = 0; i < src.getNumChildren(); i++) {
        const el = src.getChild(i);
        const type = el.getType();
        if (type === DocumentApp.ElementType.PARAGRAPH)
          body.appendParagraph(el.asParagraph().copy());
        else if (type === DocumentApp.ElementType.TABLE)
          body.appendTable(el.asTable().copy());
        else if (type === DocumentApp.ElementType.LIST_ITEM)
          body.appendListItem(el.asListItem().copy());
      }
    }
    body.replaceText('\\{\\{caseId\\}\\}', 'JRAP-2026-0007');
    expect(body.getParagraphs()[1].getHeading()).toBe(
      DocumentApp.ParagraphHeading.HEADING1,
    );
    // Two blank lines follow the table: the paragraph Docs adds after an
    // appended table, and the template's own one (copied like any other).
    expect(body.getText()).toBe(
      [
        '',
        'Part 1',
        'Case JRAP-2026-0007',
        'Part 2',
        'Agency\tShare\nSCS\t50%',
        '',
        '',
        'Review in 3 months',
      ].join('\n'),
    );
    merged.saveAndClose();
    // The templates are untouched.
    expect(DocumentApp.openById(part1).getBody().getText()).toBe(
      'Part 1\nCase {{caseId}}',
    );
  });

  it('appending an element that still has a parent is refused', () => {
    const {DocumentApp, body} = newDoc();
    const src = DocumentApp.create('Other').getBody();
    const p = src.appendParagraph('attached');
    expect(thrown(() => body.appendParagraph(p)).message).toBe(
      'Element must be detached.',
    );
    const t = src.appendTable([['x']]);
    expect(thrown(() => body.appendTable(t)).message).toBe(
      'Element must be detached.',
    );
    body.appendParagraph(p.copy());
    expect(body.getText()).toBe('\nattached');
  });

  it('passing the wrong element type is a signature error', () => {
    const {body} = newDoc();
    const table = body.appendTable([['x']]).copy();
    const e = thrown(() => body.appendParagraph(table as never));
    expect(e.message).toBe(
      "The parameters (DocumentApp.Table) don't match the method signature for DocumentApp.Body.appendParagraph.",
    );
  });
});

describe('call counting', () => {
  it('counts every DocumentApp call by class and method', () => {
    const ws = tempWorkspace();
    const ctx = contextFor(ws);
    const DocumentApp = createDocumentApp(ctx);
    const doc = DocumentApp.create('Counted');
    const body = doc.getBody();
    body.appendParagraph('a {{x}}');
    body.replaceText('\\{\\{x\\}\\}', 'b');
    body.replaceText('a', 'c');
    doc.saveAndClose();
    expect(ctx.calls.byMethod()).toEqual({
      'DocumentApp.Body.appendParagraph': 1,
      'DocumentApp.Body.replaceText': 2,
      'DocumentApp.Document.getBody': 1,
      'DocumentApp.Document.saveAndClose': 1,
      'DocumentApp.create': 1,
    });
    // The cost model prices create and saveAndClose (local/cost-model.ts).
    expect(ctx.calls.modelledTimeMs).toBe(800 + 40 + 40 * 2 + 40 + 500);
  });
});
