/**
 * replaceText/findText semantics. The search pattern is an RE2 regular
 * expression given as a string, matched within each text block; the
 * replacement follows re2j's Matcher.appendReplacement ($n = group n, "\x" =
 * literal x). See local/docs/re2.ts for the sources and what is unverified.
 * These tests pin the behaviour so a product test that inserts "$1", "\\",
 * "{{" or regex characters literally is meaningful against the stand-in.
 */
import {compileRe2, expandReplacement} from '../../local/docs/re2';
import {services, tempWorkspace, thrown} from './docs-helpers';

function paragraph(text: string) {
  const s = services(tempWorkspace());
  const body = s.DocumentApp.create('t').getBody();
  const p = body.appendParagraph(text);
  return {body, p};
}

/** Escape a value for use as a replaceText replacement (re2j rules). */
function escapeReplacement(value: string): string {
  return value.replace(/[\\$]/g, '\\$&');
}

/** Escape a literal for use as an RE2 search pattern. */
function escapePattern(value: string): string {
  return value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

describe('replaceText search pattern (RE2 given as a string)', () => {
  it('is a regular expression: "." matches any character, "*" repeats', () => {
    const {body} = paragraph('cost: 12.50 and 12x50');
    body.replaceText('12.50', 'N');
    expect(body.getText()).toBe('\ncost: N and N');
  });

  it('"{{name}}" is matched literally (RE2 treats an invalid repetition brace as a literal)', () => {
    const {body} = paragraph('Dear {{name}},');
    body.replaceText('{{name}}', 'Sam');
    expect(body.getText()).toBe('\nDear Sam,');
  });

  it('a bare "(" is a syntax error', () => {
    const {body} = paragraph('(a)');
    const e = thrown(() => body.replaceText('(', 'x'));
    expect(e.name).toBe('Exception');
    expect(e.message).toMatch(/^error parsing regexp: /);
  });

  it('lookaround and backreferences are not RE2', () => {
    const {body} = paragraph('aa');
    expect(thrown(() => body.replaceText('a(?=a)', 'b')).message).toBe(
      'error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    );
    expect(thrown(() => body.replaceText('(a)\\1', 'b')).message).toBe(
      'error parsing regexp: invalid escape sequence: `\\1`',
    );
  });

  it('RE2 spellings: \\Q…\\E literal, (?P<name>…), (?i), [[:digit:]]', () => {
    const {body} = paragraph('Price (GBP) 42');
    body.replaceText('\\Q(GBP)\\E', '£');
    body.replaceText('(?i)price', 'Cost');
    body.replaceText('[[:digit:]]+', 'n');
    body.replaceText('(?P<w>Cost)', 'C');
    expect(body.getText()).toBe('\nC £ n');
  });

  it('matches within each paragraph, never across paragraphs; ^ and $ anchor each block', () => {
    const {body} = paragraph('end of one');
    body.appendParagraph('start of two');
    body.replaceText('one\\nstart', 'X');
    expect(body.getText()).toBe('\nend of one\nstart of two');
    body.replaceText('^.*$', '[line]');
    expect(body.getText()).toBe('[line]\n[line]\n[line]');
  });

  it('replaces every match in a block and keeps the formatting around it', () => {
    const {body, p} = paragraph('{{a}} and {{a}}');
    p.editAsText().setBold(0, 4, true);
    body.replaceText('\\{\\{a\\}\\}', 'Alpha');
    expect(p.getText()).toBe('Alpha and Alpha');
    expect(p.editAsText().isBold(0)).toBe(true);
    expect(p.editAsText().isBold(4)).toBe(true);
    expect(p.editAsText().isBold(5)).toBe(false);
  });
});

describe('replaceText replacement string (re2j appendReplacement rules)', () => {
  it('"$1" is group 1 of the match', () => {
    const {body} = paragraph('2026-01-05');
    body.replaceText('(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1');
    expect(body.getText()).toBe('\n05/01/2026');
  });

  it('"$1" with no group in the pattern is an error, not literal text', () => {
    const {body} = paragraph('{{v}}');
    expect(
      thrown(() => body.replaceText('\\{\\{v\\}\\}', 'cost $1')).message,
    ).toBe('n > number of groups: 1');
  });

  it('a backslash escapes the next character; "$" not followed by a digit is literal', () => {
    const {body} = paragraph('{{v}}');
    body.replaceText('\\{\\{v\\}\\}', 'a\\\\b \\$1 $x C:\\temp');
    expect(body.getText()).toBe('\na\\b $1 $x C:temp');
  });

  it('an escaped value is inserted literally, whatever it contains', () => {
    const value = 'A.B. $1 \\ {{x}} (c) .* $$ \\$2';
    const {body} = paragraph('Name: {{name}}.');
    body.replaceText(escapePattern('{{name}}'), escapeReplacement(value));
    expect(body.getText()).toBe(`\nName: ${value}.`);
  });

  it('an unescaped value containing "\\" loses it (the reason values must be escaped)', () => {
    const {body} = paragraph('{{path}}');
    body.replaceText('\\{\\{path\\}\\}', 'C:\\cases\\new');
    expect(body.getText()).toBe('\nC:casesnew');
  });
});

describe('re2 module', () => {
  it('counts groups, named groups included', () => {
    expect(compileRe2('(a)(?:b)(?P<c>c)').groupCount).toBe(2);
  });

  it('expands greedily only while the number names a group', () => {
    expect(expandReplacement('$10', ['x', 'one'], 1)).toBe('one0');
    expect(expandReplacement('trailing \\', ['x'], 0)).toBe('trailing \\');
  });
});
