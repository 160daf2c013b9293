import {webcrypto} from 'node:crypto';
import {
  isSubmissionId,
  newSubmissionId,
  uuidFromBytes,
} from '../../src/client/ids';

const UUID_V4 =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('submission id (§3: the same id submitted twice creates one record)', () => {
  it('is a version-4 UUID from crypto.getRandomValues', () => {
    const fill = (b: Uint8Array) => webcrypto.getRandomValues(b);
    for (let i = 0; i < 200; i++) {
      const id = newSubmissionId(fill);
      expect(id).toMatch(UUID_V4);
      expect(isSubmissionId(id)).toBe(true);
    }
  });

  it('sets the version and variant bits whatever the random bytes', () => {
    expect(uuidFromBytes(new Uint8Array(16))).toBe(
      '00000000-0000-4000-8000-000000000000',
    );
    expect(uuidFromBytes(new Uint8Array(16).fill(255))).toBe(
      'ffffffff-ffff-4fff-bfff-ffffffffffff',
    );
  });

  it('does not change the caller’s bytes and needs 16 of them', () => {
    const bytes = new Uint8Array(16).fill(0xff);
    uuidFromBytes(bytes);
    expect([...bytes].every(b => b === 0xff)).toBe(true);
    expect(() => uuidFromBytes(new Uint8Array(8))).toThrow(/16/);
  });

  it('differs between forms opened one after another', () => {
    const ids = new Set(Array.from({length: 1000}, () => newSubmissionId()));
    expect(ids.size).toBe(1000);
  });

  it('refuses what is not an id (a draft may hold anything)', () => {
    for (const bad of [
      '',
      'abc',
      42,
      null,
      undefined,
      '00000000-0000-1000-8000-000000000000',
    ]) {
      expect(isSubmissionId(bad)).toBe(false);
    }
  });
});
