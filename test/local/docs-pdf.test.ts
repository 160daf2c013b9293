/**
 * Document.getAs('application/pdf') and the PDF renderer: a real PDF that
 * pdftotext reads in document order, with the pound sign intact, several
 * pages when the document is long, and the product's export path
 * (getAs → Drive.Files.create into the case folder → share with a person).
 *
 * Tests that read the PDF need poppler-utils (pdftotext/pdftoppm):
 * `apt-get install -y poppler-utils`. Without it they are skipped, and say so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import {listDriveFiles, readDriveFile} from '../../local/docs/drive-store';
import {countPdfPages, renderDocumentPdf} from '../../local/docs/pdf';
import {
  hasPdftotext,
  pdfToText,
  services,
  tempWorkspace,
  thrown,
} from './docs-helpers';

if (!hasPdftotext) {
  console.warn(
    'docs-pdf tests that read PDFs are SKIPPED: pdftotext not found (apt-get install -y poppler-utils)',
  );
}
const withPoppler = hasPdftotext ? it : it.skip;

function outcomeNote() {
  const ws = tempWorkspace();
  const s = services(ws);
  const doc = s.DocumentApp.create('Outcome note JRAP-2026-0007');
  const body = doc.getBody();
  const H = s.DocumentApp.ParagraphHeading;
  const title = body.getChild(0).asParagraph();
  title.setText('Outcome note');
  title.setHeading(H.TITLE);
  body.appendParagraph('Case JRAP-2026-0007').setHeading(H.HEADING2);
  body.appendParagraph('Part 1 – Referral alert').setHeading(H.HEADING1);
  body.appendParagraph('Needs summary: the panel considered the referral.');
  body.appendParagraph('Funding agreement').setHeading(H.HEADING1);
  const table = body.appendTable([
    ['Agency', 'Share', 'Weekly'],
    ['Social care', '50%', '£617.28'],
    ['Education', '50%', '£617.28'],
    ['Total', '100%', '£1,234.56'],
  ]);
  table.getRow(0).editAsText().setBold(true);
  body.appendListItem('Review by 2026-04-05');
  return {ws, ...s, doc, body};
}

describe('Document.getAs', () => {
  it('returns a PDF blob named after the document', () => {
    const {doc} = outcomeNote();
    doc.saveAndClose();
    const blob = doc.getAs('application/pdf');
    expect(blob.getContentType()).toBe('application/pdf');
    expect(blob.getName()).toBe('Outcome note JRAP-2026-0007.pdf');
    const bytes = Uint8Array.from(blob.getBytes(), b => b & 0xff);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    expect(countPdfPages(bytes)).toBe(1);
  });

  it('only application/pdf is supported', () => {
    const {doc} = outcomeNote();
    expect(thrown(() => doc.getAs('text/plain')).message).toBe(
      'Converting from application/vnd.google-apps.document to text/plain is not supported.',
    );
  });

  withPoppler(
    'headings, text and the cost table come out of pdftotext in order, £ intact',
    () => {
      const {doc} = outcomeNote();
      doc.saveAndClose();
      const text = pdfToText(
        Uint8Array.from(doc.getAs('application/pdf').getBytes(), b => b & 0xff),
      );
      const order = [
        'Outcome note',
        'Case JRAP-2026-0007',
        'Part 1 – Referral alert',
        'Funding agreement',
        'Agency',
        'Social care',
        '£617.28',
        'Total',
        '£1,234.56',
        'Review by 2026-04-05',
        'Page 1 of 1',
      ];
      let at = -1;
      for (const expected of order) {
        const next = text.indexOf(expected, at + 1);
        expect({expected, found: next > at}).toEqual({expected, found: true});
        at = next;
      }
    },
  );

  withPoppler(
    'a PDF made before saveAndClose shows the saved state (the template placeholders)',
    () => {
      const {DocumentApp, doc} = outcomeNote();
      doc.saveAndClose();
      const again = DocumentApp.openById(doc.getId());
      again.getBody().replaceText('JRAP-2026-0007', 'CHANGED');
      const stale = pdfToText(
        Uint8Array.from(
          again.getAs('application/pdf').getBytes(),
          b => b & 0xff,
        ),
      );
      expect(stale).toContain('JRAP-2026-0007');
      again.saveAndClose();
      const fresh = pdfToText(
        Uint8Array.from(
          again.getAs('application/pdf').getBytes(),
          b => b & 0xff,
        ),
      );
      expect(fresh).toContain('Case CHANGED');
    },
  );

  it('a long document has more than one page (counted without poppler)', () => {
    const {doc, body} = outcomeNote();
    for (let i = 1; i <= 120; i++) body.appendParagraph(`Minute ${i}.`);
    doc.saveAndClose();
    const blob = doc.getAs('application/pdf');
    const bytes = Uint8Array.from(blob.getBytes(), b => b & 0xff);
    expect(countPdfPages(bytes)).toBeGreaterThan(1);
  });

  withPoppler(
    'a long document runs over several pages, numbered in the footer',
    () => {
      const {DocumentApp, doc, body} = outcomeNote();
      for (let i = 1; i <= 120; i++)
        body.appendParagraph(
          `Minute ${i}: the panel discussed the placement and agreed the next steps.`,
        );
      body.appendPageBreak();
      body
        .appendParagraph('Signatures')
        .setHeading(DocumentApp.ParagraphHeading.HEADING1);
      doc.saveAndClose();
      const bytes = Uint8Array.from(
        doc.getAs('application/pdf').getBytes(),
        b => b & 0xff,
      );
      const pages = countPdfPages(bytes)!;
      expect(pages).toBeGreaterThan(1);
      const text = pdfToText(bytes);
      expect(text).toContain(`Page ${pages} of ${pages}`);
      expect(text.indexOf('Minute 120')).toBeLessThan(
        text.indexOf('Signatures'),
      );
      // The page break puts "Signatures" at the top of the last page.
      const lastPage = text.split('\f')[pages - 1];
      expect(lastPage.trim().startsWith('Signatures')).toBe(true);
    },
  );

  withPoppler('renders with pdftoppm', () => {
    const {doc} = outcomeNote();
    doc.saveAndClose();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ppm-'));
    const file = path.join(dir, 'note.pdf');
    fs.writeFileSync(
      file,
      Uint8Array.from(doc.getAs('application/pdf').getBytes(), b => b & 0xff),
    );
    const result = spawnSync(
      'pdftoppm',
      ['-r', '40', '-png', file, path.join(dir, 'page')],
      {encoding: 'utf8'},
    );
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(fs.readdirSync(dir).filter(f => f.endsWith('.png'))).toHaveLength(1);
  });
});

describe('renderDocumentPdf', () => {
  withPoppler(
    'draws characters WinAnsi cannot encode as "?" instead of failing',
    () => {
      const {bytes} = renderDocumentPdf({
        format: 'panel-tracker-local-doc/1',
        body: [{type: 'PARAGRAPH', text: 'Cost £1,234.56 → 😀 “quoted” café'}],
      });
      expect(pdfToText(bytes)).toContain('Cost £1,234.56 ? ? “quoted” café');
    },
  );

  withPoppler('wraps long words and cells', () => {
    const long = 'x'.repeat(300);
    const {bytes} = renderDocumentPdf({
      format: 'panel-tracker-local-doc/1',
      body: [
        {type: 'PARAGRAPH', text: long},
        {
          type: 'TABLE',
          rows: [
            {cells: [{blocks: [{type: 'PARAGRAPH', text: 'a '.repeat(200)}]}]},
          ],
        },
      ],
    });
    const text = pdfToText(bytes);
    expect(text.replace(/\s/g, '')).toContain(long);
  });
});

describe('the product export path', () => {
  withPoppler(
    'getAs → Drive.Files.create into the case folder → shared with a named person',
    () => {
      const {ws, Drive, doc} = outcomeNote();
      doc.saveAndClose();
      const folder = Drive.Files.create({
        name: 'JRAP-2026-0007',
        mimeType: 'application/vnd.google-apps.folder',
      });
      const blob = doc.getAs('application/pdf');
      const pdf = Drive.Files.create(
        {
          name: blob.getName()!,
          parents: [folder.id!],
          mimeType: 'application/pdf',
        },
        blob,
        {
          fields: 'id,webViewLink',
        },
      );
      Drive.Permissions.create(
        {type: 'user', role: 'reader', emailAddress: 'chair@example.org'},
        pdf.id!,
        {
          sendNotificationEmail: false,
        },
      );
      const summary = listDriveFiles(ws).find(f => f.id === pdf.id)!;
      expect(summary).toMatchObject({
        path: 'JRAP-2026-0007/Outcome note JRAP-2026-0007.pdf',
        mimeType: 'application/pdf',
        sharedWith: ['chair@example.org'],
        pages: 1,
      });
      expect(summary.localFile).toMatch(/\.pdf$/);
      expect(summary.permissions.every(p => p.type === 'user')).toBe(true);
      expect(pdfToText(readDriveFile(ws, pdf.id!).bytes!)).toContain(
        '£1,234.56',
      );
    },
  );
});
