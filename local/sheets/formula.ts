/**
 * A deliberately small formula evaluator: enough to tell a formula from text
 * and to give the simple formulas a product might write a value.
 *
 * Supported: number and "string" literals, TRUE/FALSE, cell references on
 * the same sheet (A1, $B$2), unary + and -, + - * / ^ &, comparisons, and
 * the functions HYPERLINK, SUM, CONCATENATE, ROUND, IF, AND, OR, NOT.
 * Anything else evaluates to an error value the way Sheets shows it:
 * an unknown function or name is `#NAME?`, dividing by zero `#DIV/0!`, a
 * formula that does not parse `#ERROR!` (Sheets' "Formula parse error"),
 * text in arithmetic `#VALUE!`.
 * https://support.google.com/docs/answer/3093275 (HYPERLINK shows its label).
 *
 * Values are computed when the formula is written; they are not recalculated
 * when the cells they refer to change (a documented limit of the stand-in).
 */
import {columnIndex} from './a1';

export type FormulaValue = string | number | boolean;

/** Reads another cell's value on the same sheet (0-based). */
export type CellReader = (row: number, col: number) => FormulaValue | null;

type Token =
  | {t: 'num'; v: number}
  | {t: 'str'; v: string}
  | {t: 'ref'; row: number; col: number}
  | {t: 'name'; v: string}
  | {t: 'op'; v: string}
  | {t: '('}
  | {t: ')'}
  | {t: ','};

class FormulaError extends Error {}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (num) {
      tokens.push({t: 'num', v: Number(num[0])});
      i += num[0].length;
      continue;
    }
    if (ch === '"') {
      let s = '';
      let j = i + 1;
      for (; j < src.length; j++) {
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            s += '"';
            j++;
            continue;
          }
          break;
        }
        s += src[j];
      }
      if (j >= src.length) throw new FormulaError('unterminated string');
      tokens.push({t: 'str', v: s});
      i = j + 1;
      continue;
    }
    const ref = /^\$?([A-Za-z]{1,3})\$?(\d+)(?![\w(])/.exec(rest);
    if (ref) {
      tokens.push({
        t: 'ref',
        row: Number(ref[2]) - 1,
        col: columnIndex(ref[1]),
      });
      i += ref[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (name) {
      tokens.push({t: 'name', v: name[0]});
      i += name[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|[-+*/^&=<>])/.exec(rest);
    if (op) {
      tokens.push({t: 'op', v: op[0]});
      i += op[0].length;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({t: ch} as Token);
      i++;
      continue;
    }
    throw new FormulaError(`unexpected ${ch}`);
  }
  return tokens;
}

/** A parsed expression node. */
type Node =
  | {k: 'lit'; v: FormulaValue}
  | {k: 'ref'; row: number; col: number}
  | {k: 'name'; v: string}
  | {k: 'neg'; e: Node}
  | {k: 'bin'; op: string; a: Node; b: Node}
  | {k: 'call'; name: string; args: Node[]};

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.comparison();
    if (this.pos < this.tokens.length) throw new FormulaError('trailing input');
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isOp(...ops: string[]): string | null {
    const t = this.peek();
    return t && t.t === 'op' && ops.includes(t.v) ? t.v : null;
  }

  private binary(next: () => Node, ops: string[]): Node {
    let node = next();
    for (let op = this.isOp(...ops); op; op = this.isOp(...ops)) {
      this.pos++;
      node = {k: 'bin', op, a: node, b: next()};
    }
    return node;
  }

  private comparison = (): Node =>
    this.binary(this.concat, ['=', '<>', '<', '>', '<=', '>=']);
  private concat = (): Node => this.binary(this.additive, ['&']);
  private additive = (): Node => this.binary(this.multiplicative, ['+', '-']);
  private multiplicative = (): Node => this.binary(this.power, ['*', '/']);
  private power = (): Node => this.binary(this.unary, ['^']);

  private unary = (): Node => {
    const op = this.isOp('+', '-');
    if (op) {
      this.pos++;
      const e = this.unary();
      return op === '-' ? {k: 'neg', e} : e;
    }
    return this.primary();
  };

  private primary(): Node {
    const t = this.tokens[this.pos++];
    if (!t) throw new FormulaError('unexpected end');
    switch (t.t) {
      case 'num':
        return {k: 'lit', v: t.v};
      case 'str':
        return {k: 'lit', v: t.v};
      case 'ref':
        return {k: 'ref', row: t.row, col: t.col};
      case '(': {
        const e = this.comparison();
        if (this.tokens[this.pos++]?.t !== ')') throw new FormulaError('no )');
        return e;
      }
      case 'name': {
        if (this.peek()?.t === '(') {
          this.pos++;
          return {k: 'call', name: t.v.toUpperCase(), args: this.args()};
        }
        const upper = t.v.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') {
          return {k: 'lit', v: upper === 'TRUE'};
        }
        return {k: 'name', v: t.v};
      }
      default:
        throw new FormulaError('unexpected token');
    }
  }

  private args(): Node[] {
    const args: Node[] = [];
    if (this.peek()?.t === ')') {
      this.pos++;
      return args;
    }
    for (;;) {
      args.push(this.comparison());
      const t = this.tokens[this.pos++];
      if (t?.t === ')') return args;
      if (t?.t !== ',') throw new FormulaError('bad arguments');
    }
  }
}

/** Parse `text` (without the leading `=`); null when it does not parse. */
function parseExpression(text: string): Node | null {
  try {
    return new Parser(tokenize(text)).parse();
  } catch (e) {
    if (e instanceof FormulaError) return null;
    throw e;
  }
}

function containsName(node: Node): boolean {
  switch (node.k) {
    case 'name':
      return true;
    case 'neg':
      return containsName(node.e);
    case 'bin':
      return containsName(node.a) || containsName(node.b);
    case 'call':
      return node.args.some(containsName);
    default:
      return false;
  }
}

/**
 * Would Sheets read `text` (which starts with + or -) as a formula? True when
 * it parses as an expression built from numbers, references, operators and
 * function calls — `-1+1`, `+A1*2`, `-SUM(1,2)` — but not when it is only a
 * number (`-1` is the number -1) or holds bare words (`- bullet point`).
 */
export function isSignedExpression(text: string): boolean {
  if (!/^[+-]/.test(text)) return false;
  const node = parseExpression(text);
  if (!node || containsName(node)) return false;
  return !(node.k === 'lit' || (node.k === 'neg' && node.e.k === 'lit'));
}

const ERRORS = new Set(['#NAME?', '#DIV/0!', '#VALUE!', '#ERROR!', '#N/A']);

export function isErrorValue(v: unknown): boolean {
  return typeof v === 'string' && ERRORS.has(v);
}

class EvalError extends Error {
  constructor(readonly value: string) {
    super(value);
  }
}

function toNumber(v: FormulaValue | null): number {
  if (v === null || v === '') return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isErrorValue(v)) throw new EvalError(v);
  const n = Number(v.trim());
  if (v.trim() === '' || Number.isNaN(n)) throw new EvalError('#VALUE!');
  return n;
}

function toText(v: FormulaValue | null): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isErrorValue(v)) throw new EvalError(v as string);
  return String(v);
}

function toBool(v: FormulaValue | null): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (v.toUpperCase() === 'TRUE') return true;
    if (v.toUpperCase() === 'FALSE' || v === '') return false;
    throw new EvalError('#VALUE!');
  }
  return toNumber(v) !== 0;
}

function evaluateNode(node: Node, read: CellReader): FormulaValue {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'ref': {
      const v = read(node.row, node.col);
      if (isErrorValue(v)) throw new EvalError(v as string);
      return v ?? 0;
    }
    case 'name':
      throw new EvalError('#NAME?');
    case 'neg':
      return -toNumber(evaluateNode(node.e, read));
    case 'bin':
      return binary(
        node.op,
        evaluateNode(node.a, read),
        evaluateNode(node.b, read),
      );
    case 'call':
      return call(node.name, node.args, read);
  }
}

function binary(op: string, a: FormulaValue, b: FormulaValue): FormulaValue {
  switch (op) {
    case '+':
      return toNumber(a) + toNumber(b);
    case '-':
      return toNumber(a) - toNumber(b);
    case '*':
      return toNumber(a) * toNumber(b);
    case '/': {
      const d = toNumber(b);
      if (d === 0) throw new EvalError('#DIV/0!');
      return toNumber(a) / d;
    }
    case '^':
      return toNumber(a) ** toNumber(b);
    case '&':
      return toText(a) + toText(b);
    default:
      return compare(op, a, b);
  }
}

function compare(op: string, a: FormulaValue, b: FormulaValue): boolean {
  const x = typeof a === 'string' ? a.toLowerCase() : a;
  const y = typeof b === 'string' ? b.toLowerCase() : b;
  switch (op) {
    case '=':
      return x === y;
    case '<>':
      return x !== y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
  }
}

function call(name: string, args: Node[], read: CellReader): FormulaValue {
  const val = (i: number) => evaluateNode(args[i], read);
  switch (name) {
    case 'HYPERLINK':
      // https://support.google.com/docs/answer/3093313: shows the label.
      if (args.length < 1 || args.length > 2) throw new EvalError('#N/A');
      return toText(args.length === 2 ? val(1) : val(0));
    case 'SUM':
      return args.reduce((s, _, i) => s + toNumber(val(i)), 0);
    case 'CONCATENATE':
      return args.map((_, i) => toText(val(i))).join('');
    case 'ROUND': {
      const places = args.length > 1 ? toNumber(val(1)) : 0;
      const f = 10 ** places;
      return Math.round(toNumber(val(0)) * f) / f;
    }
    case 'IF':
      if (args.length < 2) throw new EvalError('#N/A');
      if (toBool(val(0))) return val(1);
      return args.length > 2 ? val(2) : false;
    case 'AND':
      return args.every((_, i) => toBool(val(i)));
    case 'OR':
      return args.some((_, i) => toBool(val(i)));
    case 'NOT':
      return !toBool(val(0));
    default:
      throw new EvalError('#NAME?');
  }
}

/**
 * Evaluate a formula (`=…`). Returns the value Sheets would show; errors
 * come back as their error strings (`#NAME?`), as getValues returns them.
 */
export function evaluateFormula(
  formula: string,
  read: CellReader,
): FormulaValue {
  const body = formula.startsWith('=') ? formula.slice(1) : formula;
  const node = parseExpression(body);
  if (!node) return '#ERROR!';
  try {
    const v = evaluateNode(node, read);
    if (typeof v === 'number' && !Number.isFinite(v)) return '#NUM!';
    return v;
  } catch (e) {
    if (e instanceof EvalError) return e.value;
    throw e;
  }
}
