/**
 * The sidebar sources as files: S4 (no markup is ever parsed from text),
 * every html wires a client entry that exists, and every server function a
 * form calls is an entry point of src/main.ts (or one being written).
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const htmlDir = path.join(root, 'html');
const clientDir = path.join(root, 'src/client');
const read = (f: string) => fs.readFileSync(f, 'utf8');
const htmlFiles = fs.readdirSync(htmlDir).filter(f => f.endsWith('.html'));
const clientFiles = fs.readdirSync(clientDir).filter(f => f.endsWith('.ts'));

/** Entry points others are writing (the forms handle their absence). */
const PENDING = [
  'signFundingAgreement',
  'generateOutcomeNote',
  'freezeQuarter',
  'rebuildQuarterly',
];

describe('sidebar files', () => {
  it('S4: nothing in html/ or src/client/ parses text as markup', () => {
    const banned = [
      'inner' + 'HTML',
      'outer' + 'HTML',
      'insertAdjacent' + 'HTML',
      'document.' + 'write',
    ];
    for (const f of [
      ...htmlFiles.map(x => path.join(htmlDir, x)),
      ...clientFiles.map(x => path.join(clientDir, x)),
    ]) {
      const text = read(f);
      for (const word of banned) {
        expect({file: path.basename(f), found: text.includes(word)}).toEqual({
          file: path.basename(f),
          found: false,
        });
      }
    }
  });

  it('every sidebar names a client entry that exists, once', () => {
    expect(htmlFiles.length).toBeGreaterThanOrEqual(12);
    for (const f of htmlFiles) {
      const marks = [
        ...read(path.join(htmlDir, f)).matchAll(/<!-- CLIENT:([\w-]+) -->/g),
      ];
      expect({f, marks: marks.length}).toEqual({f, marks: 1});
      expect(fs.existsSync(path.join(clientDir, `${marks[0][1]}.ts`))).toBe(
        true,
      );
    }
  });

  it('every sidebar opened from the menu exists', () => {
    const main = read(path.join(root, 'src/main.ts'));
    for (const [, file] of main.matchAll(/sidebar\('(\w+)'/g)) {
      expect(htmlFiles).toContain(`${file}.html`);
    }
  });

  it('every sidebar has the same stylesheet, a language and a main landmark', () => {
    const styles = htmlFiles.map(
      f => /<style>([\s\S]*?)<\/style>/.exec(read(path.join(htmlDir, f)))?.[1],
    );
    expect(new Set(styles).size).toBe(1);
    for (const f of htmlFiles) {
      const text = read(path.join(htmlDir, f));
      expect(text).toMatch(/<html lang="en-GB">/);
      expect(text).toMatch(/<main id="app"/);
    }
  });

  it('the forms call only entry points of src/main.ts (or ones being written)', () => {
    const main = read(path.join(root, 'src/main.ts'));
    const entries = fs.existsSync(path.join(root, 'src/entries'))
      ? fs
          .readdirSync(path.join(root, 'src/entries'))
          .map(f => read(path.join(root, 'src/entries', f)))
      : [];
    const exported = new Set(
      [main, ...entries].flatMap(t =>
        [...t.matchAll(/export function (\w+)/g)].map(m => m[1]),
      ),
    );
    const called = new Set<string>();
    for (const f of clientFiles) {
      const text = read(path.join(clientDir, f));
      for (const m of text.matchAll(
        /\bcall(?:Result)?(?:<[^>]*>)?\(\s*'(\w+)'/g,
      ))
        called.add(m[1]);
      for (const m of text.matchAll(/serverFn: '(\w+)'/g)) called.add(m[1]);
    }
    expect(called.size).toBeGreaterThan(10);
    const missing = [...called].filter(
      n => !exported.has(n) && !PENDING.includes(n),
    );
    expect(missing).toEqual([]);
  });
});
