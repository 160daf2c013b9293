/**
 * The regular-expression semantics of the Document service's replaceText()
 * and findText().
 *
 * Search pattern — documented
 * (https://developers.google.com/apps-script/reference/document/body#replaceText(String,String)):
 * "The search pattern is passed as a string, not a JavaScript regular
 * expression object. Because of this you'll need to escape any backslashes in
 * the pattern. This methods uses Google's RE2 regular expression library,
 * which limits the supported syntax. The provided regular expression pattern
 * is independently matched against each text block contained in the current
 * element." RE2 has no lookaround, no backreferences in the pattern and no
 * atomic or possessive groups (https://github.com/google/re2/wiki/Syntax); it
 * has \Q…\E, (?P<name>…), \A, \z and POSIX classes, which JavaScript spells
 * differently. compileRe2() translates the RE2 spelling to a JavaScript
 * RegExp and rejects what RE2 rejects, with RE2's wording.
 *
 * Replacement — NOT documented by Google. The Document service runs on
 * Google's Java servers with the Java port of RE2 (com.google.re2j); its
 * Matcher.replaceAll()/appendReplacement() treats "$n" as a reference to
 * group n, "\x" as the literal x (so "\\" is one backslash and "\$" a
 * dollar), and throws IndexOutOfBoundsException("n > number of groups: n")
 * for a reference to a missing group
 * (github.com/google/re2j java/com/google/re2j/Matcher.java,
 * appendReplacement). Public Apps Script code escapes "\" and "$" in values
 * before passing them to Body.replaceText for exactly this reason. This
 * stand-in applies re2j's rules. It could not be verified against live Apps
 * Script from here: a value inserted with replaceText must therefore be
 * escaped (or inserted with findText + Text.deleteText/insertText, which is
 * literal under any reading).
 */

export class Re2SyntaxError extends Error {}
export class Re2ReplacementError extends Error {}

export interface CompiledPattern {
  /** A global JavaScript RegExp with RE2's meaning. */
  regex: RegExp;
  groupCount: number;
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function unsupported(what: string): Re2SyntaxError {
  return new Re2SyntaxError(
    `error parsing regexp: invalid or unsupported Perl syntax: \`${what}\``,
  );
}

function invalidEscape(what: string): Re2SyntaxError {
  return new Re2SyntaxError(
    `error parsing regexp: invalid escape sequence: \`${what}\``,
  );
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Leading (?flags) groups become JavaScript flags. */
function takeLeadingFlags(pattern: string): {rest: string; flags: string} {
  let rest = pattern;
  let flags = '';
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(rest);
    if (!m) break;
    if (m[1].includes('U')) throw unsupported('(?U');
    for (const f of m[1]) if (!flags.includes(f)) flags += f;
    rest = rest.slice(m[0].length);
  }
  return {rest, flags};
}

/** Translate an RE2 pattern to a JavaScript RegExp, or throw as RE2 would. */
export function compileRe2(pattern: string): CompiledPattern {
  const {rest, flags} = takeLeadingFlags(pattern);
  let out = '';
  let inClass = false;
  let unicode = false;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (ch === '\\') {
      const next = rest[i + 1];
      if (next === undefined) {
        throw new Re2SyntaxError(
          'error parsing regexp: trailing backslash at end of expression: ``',
        );
      }
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 2);
        const literal = rest.slice(i + 2, end < 0 ? undefined : end);
        out += escapeLiteral(literal);
        i = end < 0 ? rest.length : end + 1;
        continue;
      }
      if (!inClass && /[1-9]/.test(next)) throw invalidEscape(`\\${next}`);
      if (next === 'Z' || next === 'k' || next === 'G')
        throw invalidEscape(`\\${next}`);
      if (next === 'C') throw invalidEscape('\\C');
      if (!inClass && next === 'A') {
        out += '^';
        i++;
        continue;
      }
      if (!inClass && next === 'z') {
        out += '(?![\\s\\S])';
        i++;
        continue;
      }
      if (next === 'p' || next === 'P') {
        unicode = true;
        const braced = rest[i + 2] === '{';
        const name = braced
          ? rest.slice(i + 3, rest.indexOf('}', i + 3))
          : rest[i + 2];
        out += `\\${next}{${name}}`;
        i += braced ? name.length + 3 : 2;
        continue;
      }
      out += ch + next;
      i++;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest.slice(i));
      if (posix) {
        const body = POSIX_CLASSES[posix[2]];
        if (!body || posix[1])
          throw new Re2SyntaxError(
            `error parsing regexp: invalid character class range: \`${posix[0]}\``,
          );
        out += body;
        i += posix[0].length - 1;
        continue;
      }
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (rest[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (ch === '(' && rest[i + 1] === '?') {
      const group = rest.slice(i, i + 4);
      if (group.startsWith('(?P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (/^\(\?<[=!]/.test(group)) throw unsupported(group);
      if (/^\(\?[=!>]/.test(group)) throw unsupported(group.slice(0, 3));
      if (group.startsWith('(?:') || /^\(\?<[A-Za-z]/.test(group)) {
        out += ch;
        continue;
      }
      const flagGroup = /^\(\?[imsU-]+[:)]/.exec(rest.slice(i));
      if (flagGroup) {
        throw new Re2SyntaxError(
          `local DocumentApp: inline flags "${flagGroup[0]}" are only modelled at the start of a pattern`,
        );
      }
      throw new Re2SyntaxError(
        'error parsing regexp: missing argument to repetition operator: `?`',
      );
    }
    if (
      (ch === '+' || ch === '*' || ch === '?' || ch === '}') &&
      rest[i + 1] === '+'
    ) {
      throw new Re2SyntaxError(
        `error parsing regexp: bad repetition operator: \`${ch}+\``,
      );
    }
    out += ch;
  }
  const jsFlags = 'g' + flags + (unicode ? 'u' : '');
  let regex: RegExp;
  try {
    regex = new RegExp(out, jsFlags);
  } catch (e) {
    throw new Re2SyntaxError(`error parsing regexp: ${(e as Error).message}`);
  }
  const groupCount =
    (new RegExp(`${out}|`, jsFlags.replace('g', '')).exec('') ?? []).length - 1;
  return {regex, groupCount};
}

/**
 * re2j Matcher.appendReplacement: "$n" is group n (as many digits as still
 * name a group), "\x" is a literal x, anything else is literal.
 */
export function expandReplacement(
  replacement: string,
  groups: ReadonlyArray<string | undefined>,
  groupCount: number,
): string {
  let out = '';
  let last = 0;
  const m = replacement.length;
  for (let i = 0; i < m - 1; i++) {
    const ch = replacement[i];
    if (ch === '\\') {
      out += replacement.slice(last, i);
      i++;
      last = i;
      continue;
    }
    if (ch !== '$' || !isDigit(replacement[i + 1])) continue;
    out += replacement.slice(last, i);
    let n = Number(replacement[i + 1]);
    for (i += 2; i < m; i++) {
      const d = replacement[i];
      if (!isDigit(d) || n * 10 + Number(d) > groupCount) break;
      n = n * 10 + Number(d);
    }
    if (n > groupCount) {
      throw new Re2ReplacementError(`n > number of groups: ${n}`);
    }
    out += groups[n] ?? '';
    last = i;
    i--;
  }
  if (last < m) out += replacement.slice(last);
  return out;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export interface Re2Match {
  start: number;
  end: number;
  groups: Array<string | undefined>;
}

/** Every non-overlapping match in `text`, leftmost first. */
export function findAll(compiled: CompiledPattern, text: string): Re2Match[] {
  const re = new RegExp(compiled.regex.source, compiled.regex.flags);
  const out: Re2Match[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.push({start: m.index, end: m.index + m[0].length, groups: [...m]});
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
