/**
 * The pure parts of the spreadsheet engine: A1 notation, serial dates in a
 * time zone, number formats (en_GB) and typed input (USER_ENTERED).
 */
import {
  columnIndex,
  columnLetters,
  parseA1,
  quoteSheetName,
  rangeToA1,
} from '../../local/sheets/a1';
import {
  epochToSerial,
  serialToEpoch,
  wallClockToSerial,
} from '../../local/sheets/dates';
import {evaluateFormula, isSignedExpression} from '../../local/sheets/formula';
import {formatValue, isDateTimeFormat} from '../../local/sheets/number-format';
import {parseTypedInput} from '../../local/sheets/typed-input';

const serialOf = (y: number, m: number, d: number) =>
  wallClockToSerial({year: y, month: m, day: d});

describe('A1 notation', () => {
  it('converts columns both ways', () => {
    expect(columnLetters(0)).toBe('A');
    expect(columnLetters(25)).toBe('Z');
    expect(columnLetters(26)).toBe('AA');
    expect(columnLetters(701)).toBe('ZZ');
    expect(columnIndex('AA')).toBe(26);
  });

  it('parses sheet-qualified, open and quoted ranges', () => {
    // A bare word is not A1: the services look it up as a sheet name first.
    expect(parseA1('Cases')).toBeNull();
    expect(parseA1("'Cases'")).toEqual({sheetName: 'Cases'});
    expect(parseA1('Members!A1:F')).toEqual({
      sheetName: 'Members',
      r0: 0,
      c0: 0,
      c1: 6,
    });
    expect(parseA1("'My Tab'!B2")).toEqual({
      sheetName: 'My Tab',
      r0: 1,
      c0: 1,
      r1: 2,
      c1: 2,
    });
    expect(parseA1("'It''s'!A:A")).toMatchObject({
      sheetName: "It's",
      c0: 0,
      c1: 1,
    });
    expect(parseA1('Foo!!')).toBeNull();
    expect(parseA1("'Unclosed!A1")).toBeNull();
  });

  it('quotes sheet names only when needed', () => {
    expect(quoteSheetName('Cases')).toBe('Cases');
    expect(quoteSheetName('My Tab')).toBe("'My Tab'");
    expect(quoteSheetName('A1')).toBe("'A1'");
    expect(rangeToA1('Cases', {r0: 0, c0: 0, r1: 1000, c1: 26})).toBe(
      'Cases!A1:Z1000',
    );
  });
});

describe('serial dates in Europe/London', () => {
  it('maps midnight in winter and in summer to whole serials', () => {
    const winter = Date.parse('2026-01-05T00:00:00Z'); // GMT
    const summer = Date.parse('2026-07-01T00:00:00+01:00'); // BST midnight
    expect(epochToSerial(winter, 'Europe/London')).toBe(serialOf(2026, 1, 5));
    expect(epochToSerial(summer, 'Europe/London')).toBe(serialOf(2026, 7, 1));
    expect(serialToEpoch(serialOf(2026, 7, 1), 'Europe/London')).toBe(summer);
    expect(serialOf(1899, 12, 31)).toBe(1);
    expect(serialOf(2026, 2, 1)).toBe(46054);
  });
});

describe('number formats (en_GB display)', () => {
  const cases: Array<[string | number | boolean, string, string]> = [
    [1234.5, '£#,##0.00', '£1,234.50'],
    [-1234.5, '£#,##0.00', '-£1,234.50'],
    [0.125, '0%', '13%'],
    [0.125, '0.00%', '12.50%'],
    [1234567.891, '#,##0', '1,234,568'],
    [2.5, '0', '3'],
    [46054, 'dd/mm/yyyy', '01/02/2026'],
    [46054.5625, 'dd/mm/yyyy hh:mm', '01/02/2026 13:30'],
    [46054, 'd mmm yyyy', '1 Feb 2026'],
    [46054.75, 'h:mm am/pm', '6:00 PM'],
    ['00123', '@', '00123'],
    [42, '@', '42'],
    [1234.5, '', '1234.5'],
    [0.1 + 0.2, 'General', '0.3'],
    [true, '', 'TRUE'],
    [1234.5, '[$£-809]#,##0.00', '£1,234.50'],
  ];
  it.each(cases)('%p under %p shows %p', (value, pattern, shown) => {
    expect(formatValue(value, pattern)).toBe(shown);
  });

  it('knows date formats from number formats', () => {
    expect(isDateTimeFormat('dd/mm/yyyy')).toBe(true);
    expect(isDateTimeFormat('hh:mm')).toBe(true);
    expect(isDateTimeFormat('£#,##0.00')).toBe(false);
    expect(isDateTimeFormat('0.###############')).toBe(false);
    expect(isDateTimeFormat('@')).toBe(false);
  });
});

describe('typed input (USER_ENTERED)', () => {
  const value = (text: string, format: string | null = null) =>
    parseTypedInput(text, format);

  it('reads numbers as Sheets does', () => {
    expect(value('+1')).toEqual({kind: 'value', value: 1});
    expect(value('-1')).toEqual({kind: 'value', value: -1});
    expect(value('00123')).toEqual({kind: 'value', value: 123});
    expect(value('1,234')).toEqual({
      kind: 'value',
      value: 1234,
      format: '#,##0',
    });
    expect(value('12%')).toEqual({kind: 'value', value: 0.12, format: '0%'});
    expect(value('£1,234.56')).toEqual({
      kind: 'value',
      value: 1234.56,
      format: '£#,##0.00',
    });
  });

  it('reads day-first dates and booleans', () => {
    expect(value('1/2/2026')).toEqual({
      kind: 'value',
      value: serialOf(2026, 2, 1),
      format: 'dd/mm/yyyy',
    });
    expect(value('31/2/2026')).toEqual({kind: 'value', value: '31/2/2026'});
    expect(value('TRUE')).toEqual({kind: 'value', value: true});
    expect(value('false')).toEqual({kind: 'value', value: false});
  });

  it('makes formulas of = and of signed expressions', () => {
    expect(value('=1+1')).toEqual({kind: 'formula', formula: '=1+1'});
    expect(value('-1+1')).toEqual({kind: 'formula', formula: '=-1+1'});
    expect(value('+A1*2')).toEqual({kind: 'formula', formula: '=+A1*2'});
    expect(value('- item one')).toEqual({kind: 'value', value: '- item one'});
    expect(isSignedExpression('-1')).toBe(false);
  });

  it('keeps text after an apostrophe, in a plain-text cell, and when led by @, tab or CR', () => {
    expect(value("'=1+1")).toEqual({kind: 'value', value: '=1+1'});
    expect(value("'00123")).toEqual({kind: 'value', value: '00123'});
    expect(value('=1+1', '@')).toEqual({kind: 'value', value: '=1+1'});
    expect(value('00123', '@')).toEqual({kind: 'value', value: '00123'});
    expect(value('@SUM(A1)')).toEqual({kind: 'value', value: '@SUM(A1)'});
    expect(value('\t=1+1')).toEqual({kind: 'value', value: '\t=1+1'});
    expect(value('\r=1+1')).toEqual({kind: 'value', value: '\r=1+1'});
  });

  it('keeps a compatible existing format', () => {
    expect(value('12.5', '£#,##0.00')).toEqual({kind: 'value', value: 12.5});
    expect(value('£3', '£#,##0.00')).toEqual({kind: 'value', value: 3});
    expect(value('1/2/2026', 'dd/mm/yyyy hh:mm')).toEqual({
      kind: 'value',
      value: serialOf(2026, 2, 1),
    });
  });
});

describe('formula evaluation', () => {
  const none = () => null;
  it('evaluates simple arithmetic and HYPERLINK', () => {
    expect(evaluateFormula('=1+1', none)).toBe(2);
    expect(evaluateFormula('=-1+1', none)).toBe(0);
    expect(evaluateFormula('=2*(3+4)^2', none)).toBe(98);
    expect(evaluateFormula('=HYPERLINK("https://x.test","label")', none)).toBe(
      'label',
    );
    expect(
      evaluateFormula('=A1+1', (r, c) => (r === 0 && c === 0 ? 41 : null)),
    ).toBe(42);
  });

  it('gives Sheets error values', () => {
    expect(evaluateFormula('=FOO(1)', none)).toBe('#NAME?');
    expect(evaluateFormula('=1/0', none)).toBe('#DIV/0!');
    expect(evaluateFormula('=1+', none)).toBe('#ERROR!');
    expect(evaluateFormula("=cmd|' /C calc'!A0", none)).toBe('#ERROR!');
  });
});
