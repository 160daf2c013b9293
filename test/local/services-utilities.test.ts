import {createUtilities} from '../../local/services/utilities';
import {newContext, tempWorkspace, thrown} from './services-fixtures';

const ctx = newContext(tempWorkspace());
const U = createUtilities(ctx);
const at = (iso: string) => new Date(iso);

describe('Utilities.formatDate', () => {
  it('crosses the BST start in Europe/London (2026-03-29 01:00 UTC)', () => {
    const pattern = "yyyy-MM-dd'T'HH:mm:ss z Z XXX";
    expect(
      U.formatDate(at('2026-03-29T00:30:00Z'), 'Europe/London', pattern),
    ).toBe('2026-03-29T00:30:00 GMT +0000 Z');
    expect(
      U.formatDate(at('2026-03-29T01:30:00Z'), 'Europe/London', pattern),
    ).toBe('2026-03-29T02:30:00 BST +0100 +01:00');
  });

  it('crosses the BST end in Europe/London (2026-10-25 01:00 UTC)', () => {
    expect(
      U.formatDate(at('2026-10-25T00:30:00Z'), 'Europe/London', 'HH:mm z'),
    ).toBe('01:30 BST');
    expect(
      U.formatDate(at('2026-10-25T01:30:00Z'), 'Europe/London', 'HH:mm z'),
    ).toBe('01:30 GMT');
  });

  it('formats names, 12-hour clocks, literals and other zones', () => {
    const d = at('2026-01-05T14:07:09.045Z');
    expect(U.formatDate(d, 'Europe/London', 'EEEE d MMMM yyyy')).toBe(
      'Monday 5 January 2026',
    );
    expect(U.formatDate(d, 'Europe/London', 'EEE dd MMM yy')).toBe(
      'Mon 05 Jan 26',
    );
    expect(U.formatDate(d, 'Europe/London', "hh:mm a 'o''clock' SSS")).toBe(
      "02:07 PM o'clock 045",
    );
    expect(U.formatDate(d, 'America/New_York', 'HH:mm zzzz X')).toBe(
      '09:07 Eastern Standard Time -05',
    );
    expect(U.formatDate(d, 'Asia/Kolkata', 'HH:mm XXX')).toBe('19:37 +05:30');
    expect(U.formatDate(d, 'UTC', 'HH:mm z')).toBe('14:07 UTC');
    expect(U.formatDate(d, 'GMT+2', 'HH:mm z')).toBe('16:07 GMT+02:00');
  });

  it('accepts a Date from another realm and rejects a bad pattern', () => {
    const vmDate = require('node:vm').runInNewContext(
      'new Date(Date.UTC(2026, 5, 1, 8, 0))',
    );
    expect(U.formatDate(vmDate, 'Europe/London', 'dd/MM/yyyy HH:mm')).toBe(
      '01/06/2026 09:00',
    );
    const e = thrown(() => U.formatDate(at('2026-01-01'), 'UTC', 'yyyy-bb'));
    expect(e.name).toBe('Exception');
  });
});

describe('Utilities', () => {
  it('encodes and decodes base64, web-safe, with signed bytes', () => {
    expect(U.base64Encode('£5')).toBe('wqM1');
    expect(U.base64Decode('wqM1')).toEqual([-62, -93, 53]);
    expect(U.base64EncodeWebSafe([0xfb, 0xff])).toBe('-_8=');
    expect(U.base64DecodeWebSafe('-_8=')).toEqual([-5, -1]);
  });

  it('computes digests as Java bytes', () => {
    const md5 = U.computeDigest(U.DigestAlgorithm.MD5, 'abc');
    expect(md5.slice(0, 4)).toEqual([-112, 1, 80, -104]); // 900150983cd24fb0
    const sha = U.computeDigest(U.DigestAlgorithm.SHA_256, 'abc');
    expect(sha.length).toBe(32);
    expect(sha[0]).toBe(-70); // 0xba
  });

  it('makes blobs and uuids', () => {
    const blob = U.newBlob('héllo', 'text/plain', 'a.txt');
    expect(blob.getDataAsString()).toBe('héllo');
    expect(blob.getName()).toBe('a.txt');
    expect(U.newBlob([104, 105]).getDataAsString()).toBe('hi');
    expect(U.getUuid()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sleeps on the modelled clock only', () => {
    const start = ctx.now();
    const real = Date.now();
    U.sleep(120_000);
    expect(ctx.now() - start).toBe(120_000);
    expect(Date.now() - real).toBeLessThan(1000);
  });

  it('parses CSV with quotes, embedded delimiters and newlines', () => {
    expect(U.parseCsv('a,"b,c","d ""e"""\r\n1,"2\n3",4\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '2\n3', '4'],
    ]);
    expect(U.parseCsv('a;b', ';')).toEqual([['a', 'b']]);
  });

  it('exposes Charset and DigestAlgorithm as named members', () => {
    expect(String(U.Charset.UTF_8)).toBe('UTF_8');
    expect(String(U.DigestAlgorithm.SHA_256)).toBe('SHA_256');
  });
});
