import {
  assertWireSafe,
  compact,
  errorText,
  exceptionErrors,
  mergeErrors,
  toResult,
  utf8Bytes,
} from '../../src/client/wire';

describe('what crosses google.script.run', () => {
  it('refuses a Date anywhere in an argument, naming where (dates go as YYYY-MM-DD)', () => {
    expect(() =>
      assertWireSafe({child: {dateOfBirth: new Date(2010, 0, 1)}}),
    ).toThrow(/argument\.child\.dateOfBirth is a Date/);
    expect(() => assertWireSafe({lines: [{start: new Date()}]})).toThrow(
      /lines\.0\.start/,
    );
    expect(() => assertWireSafe({f: () => 1})).toThrow(/argument\.f/);
    expect(() => assertWireSafe({m: new Map()})).toThrow(/not plain data/);
    expect(() => assertWireSafe({n: NaN})).toThrow(/finite/);
  });

  it('accepts plain JSON data', () => {
    expect(() =>
      assertWireSafe({
        caseId: 'JRAP-2026-0001',
        costLines: [{weeklyPence: 125000, sharesBp: {SCS: 10000}}],
        emergency: false,
        none: null,
        missing: undefined,
      }),
    ).not.toThrow();
  });

  it('drops undefined members, as JSON would', () => {
    expect(
      compact({a: 1, b: undefined, c: {d: undefined, e: [1, {f: undefined}]}}),
    ).toEqual({
      a: 1,
      c: {e: [1, {}]},
    });
  });

  it('reads the server’s Result', () => {
    expect(toResult({ok: true, value: {caseId: 'X'}})).toEqual({
      ok: true,
      value: {caseId: 'X'},
    });
    expect(
      toResult({
        ok: false,
        errors: [{field: 'costLines.0.sharesBp', rule: 'F2', message: 'm'}],
      }),
    ).toEqual({
      ok: false,
      errors: [{field: 'costLines.0.sharesBp', rule: 'F2', message: 'm'}],
    });
  });

  it('an unreadable answer (null: a Date in the server’s value) is an error to show, not a success', () => {
    const r = toResult(null);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0].message).toMatch(/could not be read/);
    expect(toResult('surprise').ok).toBe(false);
    expect(toResult({ok: false, errors: []}).ok).toBe(false);
  });

  it('a thrown exception becomes an error that keeps the answers and says to retry', () => {
    const [e] = exceptionErrors(new Error('Service Spreadsheets timed out.'));
    expect(e.field).toBe('form');
    expect(e.message).toMatch(/Service Spreadsheets timed out/);
    expect(e.message).toMatch(/answers are still here/);
  });

  it('shows each error with the rule it names', () => {
    expect(
      errorText({
        field: 'costLines.0.sharesBp',
        rule: 'F2',
        message: 'Shares add up to 90%; they must add up to exactly 100%.',
      }),
    ).toBe('Shares add up to 90%; they must add up to exactly 100%. (F2)');
    expect(errorText({field: 'form', rule: '', message: 'Oops.'})).toBe(
      'Oops.',
    );
  });

  it('a reading error wins over validation’s "is required" on the same field', () => {
    const merged = mergeErrors(
      [
        {
          field: 'costLines.0.weeklyPence',
          rule: 'F4',
          message: 'must be money',
        },
      ],
      [
        {field: 'costLines.0.weeklyPence', rule: '§3', message: 'is required'},
        {field: 'caseId', rule: '§3', message: 'Case ID is required.'},
        {field: 'caseId', rule: '§3', message: 'Case ID is required.'},
      ],
    );
    expect(merged.map(e => e.field)).toEqual([
      'costLines.0.weeklyPence',
      'caseId',
    ]);
  });

  it('counts draft size in UTF-8 bytes, as the 9 KB limit does', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('£')).toBe(2);
    expect(utf8Bytes('’')).toBe(3);
    expect(utf8Bytes('😀')).toBe(4);
  });
});
