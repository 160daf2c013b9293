/**
 * Two small languages of the Drive API v3, as the Drive stand-in needs them:
 *
 * - the `fields` parameter (a FieldMask, e.g. "files(id,name),nextPageToken";
 *   https://developers.google.com/drive/api/guides/fields-parameter: without
 *   it a method returns its default fields — files.list "only returns the
 *   kind, id, name, and mimeType fields");
 * - the files.list `q` search query
 *   (https://developers.google.com/drive/api/guides/ref-search-terms):
 *   `query_term operator values` joined with and/or/not and parentheses;
 *   string values in single quotes with \' and \\ escapes.
 *
 * Errors are thrown as DriveQueryError with the API's message; the caller
 * wraps them in the advanced service's exception.
 */
import {DriveFileRecord} from './drive-store';

export class DriveQueryError extends Error {
  constructor(
    message: string,
    readonly code = 400,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------
// fields
// ---------------------------------------------------------------------------

/** A parsed field mask: true = the whole field, a nested mask = its parts. */
export type FieldMask = Map<string, FieldMask | true>;

export function parseFields(fields: string): FieldMask | '*' {
  const text = fields.replace(/\s+/g, '');
  if (text === '*') return '*';
  let pos = 0;
  const parseList = (): FieldMask => {
    const mask: FieldMask = new Map();
    while (pos < text.length && text[pos] !== ')') {
      const m = /^[A-Za-z_*][\w*]*(?:\/[\w*]+)*/.exec(text.slice(pos));
      if (!m)
        throw new DriveQueryError(`Invalid field selection ${text.slice(pos)}`);
      pos += m[0].length;
      const path = m[0].split('/');
      let value: FieldMask | true = true;
      if (text[pos] === '(') {
        pos++;
        value = parseList();
        if (text[pos] !== ')')
          throw new DriveQueryError(`Invalid field selection ${fields}`);
        pos++;
      }
      setPath(mask, path, value);
      if (text[pos] === ',') pos++;
    }
    return mask;
  };
  const mask = parseList();
  if (pos !== text.length)
    throw new DriveQueryError(`Invalid field selection ${fields}`);
  return mask;
}

function setPath(
  mask: FieldMask,
  path: string[],
  value: FieldMask | true,
): void {
  if (path.length === 1) {
    mask.set(path[0], value);
    return;
  }
  let inner = mask.get(path[0]);
  if (inner === undefined || inner === true) {
    inner = new Map();
    mask.set(path[0], inner);
  }
  setPath(inner, path.slice(1), value);
}

/**
 * Keep the masked fields of a resource. Unknown top-level names are the
 * API's "Invalid field selection <name>" error.
 */
export function applyFields<T extends object>(
  resource: T,
  mask: FieldMask | '*',
  known: readonly string[],
): Partial<T> {
  if (mask === '*') return resource;
  const out: Record<string, unknown> = {};
  for (const [name, sub] of mask) {
    if (name === '*') return resource;
    if (!known.includes(name))
      throw new DriveQueryError(`Invalid field selection ${name}`);
    const value = (resource as Record<string, unknown>)[name];
    if (value === undefined) continue;
    out[name] = sub === true ? value : applyNested(value, sub);
  }
  return out as Partial<T>;
}

function applyNested(value: unknown, mask: FieldMask): unknown {
  if (Array.isArray(value)) return value.map(v => applyNested(v, mask));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, sub] of mask) {
    if (name === '*') return value;
    const v = (value as Record<string, unknown>)[name];
    if (v !== undefined) out[name] = sub === true ? v : applyNested(v, sub);
  }
  return out;
}

// ---------------------------------------------------------------------------
// q
// ---------------------------------------------------------------------------

type Token =
  | {kind: 'string'; value: string}
  | {kind: 'word'; value: string}
  | {kind: 'op'; value: string}
  | {kind: 'punct'; value: '(' | ')' | '{' | '}'};

function tokenise(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      while (i < q.length && q[i] !== "'") {
        if (q[i] === '\\' && i + 1 < q.length) i++;
        value += q[i++];
      }
      if (q[i] !== "'") throw new DriveQueryError('Invalid Value');
      i++;
      tokens.push({kind: 'string', value});
    } else if ('(){}'.includes(ch)) {
      tokens.push({kind: 'punct', value: ch as '(' | ')' | '{' | '}'});
      i++;
    } else if ('=!<>'.includes(ch)) {
      const op = /^(!=|<=|>=|=|<|>)/.exec(q.slice(i));
      if (!op) throw new DriveQueryError('Invalid Value');
      tokens.push({kind: 'op', value: op[0]});
      i += op[0].length;
    } else {
      const word = /^[\w.]+/.exec(q.slice(i));
      if (!word) throw new DriveQueryError('Invalid Value');
      tokens.push({kind: 'word', value: word[0]});
      i += word[0].length;
    }
  }
  return tokens;
}

export type FilePredicate = (file: DriveFileRecord) => boolean;

/** Compile a q string into a predicate over file records. */
export function compileQuery(q: string): FilePredicate {
  const parser = new QueryParser(tokenise(q));
  const predicate = parser.parseOr();
  parser.expectEnd();
  return predicate;
}

const STRING_TERMS = ['name', 'mimeType', 'fullText'] as const;
const TIME_TERMS = ['createdTime', 'modifiedTime'] as const;
const COLLECTION_TERMS = ['parents', 'owners', 'writers', 'readers'] as const;

class QueryParser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  expectEnd(): void {
    if (this.pos !== this.tokens.length)
      throw new DriveQueryError('Invalid Value');
  }

  parseOr(): FilePredicate {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.pos++;
      const a = left;
      const b = this.parseAnd();
      left = f => a(f) || b(f);
    }
    return left;
  }

  private parseAnd(): FilePredicate {
    let left = this.parseNot();
    while (this.isWord('and')) {
      this.pos++;
      const a = left;
      const b = this.parseNot();
      left = f => a(f) && b(f);
    }
    return left;
  }

  private parseNot(): FilePredicate {
    if (this.isWord('not')) {
      this.pos++;
      const inner = this.parseNot();
      return f => !inner(f);
    }
    if (this.isPunct('(')) {
      this.pos++;
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    return this.parseCondition();
  }

  private parseCondition(): FilePredicate {
    const first = this.next();
    if (first.kind === 'string') {
      this.expectWord('in');
      const term = this.next();
      if (
        term.kind !== 'word' ||
        !(COLLECTION_TERMS as readonly string[]).includes(term.value)
      ) {
        throw new DriveQueryError('Invalid Value');
      }
      return inCollection(first.value, term.value);
    }
    if (first.kind !== 'word') throw new DriveQueryError('Invalid Value');
    const term = first.value;
    if (term === 'appProperties' || term === 'properties')
      return this.parseHas(term);
    const op = this.next();
    const operator =
      op.kind === 'op' || (op.kind === 'word' && op.value === 'contains')
        ? op.value
        : null;
    if (!operator) throw new DriveQueryError('Invalid Value');
    const value = this.next();
    if (term === 'trashed' || term === 'starred') {
      if (
        value.kind !== 'word' ||
        !['true', 'false'].includes(value.value) ||
        !['=', '!='].includes(operator)
      ) {
        throw new DriveQueryError('Invalid Value');
      }
      const want = value.value === 'true';
      const equal = operator === '=';
      // Nothing is starred in the local Drive.
      const actual = (f: DriveFileRecord) =>
        term === 'trashed' ? f.trashed : false;
      return f => (actual(f) === want) === equal;
    }
    if (value.kind !== 'string') throw new DriveQueryError('Invalid Value');
    if ((STRING_TERMS as readonly string[]).includes(term))
      return stringCondition(term, operator, value.value);
    if ((TIME_TERMS as readonly string[]).includes(term))
      return timeCondition(term, operator, value.value);
    throw new DriveQueryError('Invalid Value');
  }

  /** appProperties has { key='k' and value='v' } */
  private parseHas(term: string): FilePredicate {
    this.expectWord('has');
    this.expectPunct('{');
    this.expectWord('key');
    this.expectOp('=');
    const key = this.expectString();
    this.expectWord('and');
    this.expectWord('value');
    this.expectOp('=');
    const value = this.expectString();
    this.expectPunct('}');
    return f => term === 'appProperties' && f.appProperties[key] === value;
  }

  private next(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new DriveQueryError('Invalid Value');
    return token;
  }

  private isWord(value: string): boolean {
    const t = this.tokens[this.pos];
    return t?.kind === 'word' && t.value === value;
  }

  private isPunct(value: string): boolean {
    const t = this.tokens[this.pos];
    return t?.kind === 'punct' && t.value === value;
  }

  private expectWord(value: string): void {
    if (!this.isWord(value)) throw new DriveQueryError('Invalid Value');
    this.pos++;
  }

  private expectPunct(value: string): void {
    if (!this.isPunct(value)) throw new DriveQueryError('Invalid Value');
    this.pos++;
  }

  private expectOp(value: string): void {
    const t = this.next();
    if (t.kind !== 'op' || t.value !== value)
      throw new DriveQueryError('Invalid Value');
  }

  private expectString(): string {
    const t = this.next();
    if (t.kind !== 'string') throw new DriveQueryError('Invalid Value');
    return t.value;
  }
}

function inCollection(value: string, term: string): FilePredicate {
  const v = value.toLowerCase();
  return f => {
    if (term === 'parents') return f.parents.includes(value);
    if (term === 'owners') return f.owners.some(o => o.toLowerCase() === v);
    const roles =
      term === 'writers'
        ? ['writer', 'owner']
        : ['reader', 'commenter', 'writer', 'owner'];
    return f.permissions.some(
      p => p.emailAddress?.toLowerCase() === v && roles.includes(p.role),
    );
  };
}

/**
 * name/mimeType with =, != and contains. For `name`, contains is a prefix
 * match on the name or on one of its words ("The contains operator only
 * performs prefix matching for a name term", ref-search-terms).
 */
function stringCondition(
  term: string,
  operator: string,
  value: string,
): FilePredicate {
  const field = (f: DriveFileRecord) =>
    term === 'mimeType' ? f.mimeType : f.name;
  if (operator === '=') return f => field(f) === value;
  if (operator === '!=') return f => field(f) !== value;
  if (operator !== 'contains') throw new DriveQueryError('Invalid Value');
  const v = value.toLowerCase();
  if (term === 'name') {
    return f => {
      const name = f.name.toLowerCase();
      return (
        name.startsWith(v) || name.split(/[\s_.-]+/).some(w => w.startsWith(v))
      );
    };
  }
  return f => field(f).toLowerCase().includes(v);
}

function timeCondition(
  term: string,
  operator: string,
  value: string,
): FilePredicate {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new DriveQueryError('Invalid Value');
  const field = (f: DriveFileRecord) =>
    Date.parse(term === 'createdTime' ? f.createdTime : f.modifiedTime);
  const compare: Record<string, (a: number) => boolean> = {
    '=': a => a === t,
    '!=': a => a !== t,
    '<': a => a < t,
    '<=': a => a <= t,
    '>': a => a > t,
    '>=': a => a >= t,
  };
  const fn = compare[operator];
  if (!fn) throw new DriveQueryError('Invalid Value');
  return f => fn(field(f));
}
