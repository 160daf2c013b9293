/**
 * The submission id a form sends with every submit: made once when the form
 * opens, so a double click or a retried call reaches the server with the same
 * id and creates one record (SPEC §3). An RFC 4122 version-4 UUID from
 * crypto.getRandomValues.
 */

export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The UUID written from 16 random bytes (version and variant bits set). */
export function uuidFromBytes(random: Uint8Array): string {
  if (random.length < 16) throw new Error('A UUID needs 16 random bytes.');
  const b = Uint8Array.from(random.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function browserFill(): RandomFill {
  const c = (globalThis as {crypto?: {getRandomValues?: RandomFill}}).crypto;
  if (c && typeof c.getRandomValues === 'function') {
    return bytes => c.getRandomValues!(bytes);
  }
  // Every browser that runs Sheets has crypto; this only keeps a form usable.
  return bytes => {
    for (let i = 0; i < bytes.length; i++) bytes[i] = (Math.random() * 256) | 0;
    return bytes;
  };
}

export function newSubmissionId(fill: RandomFill = browserFill()): string {
  return uuidFromBytes(fill(new Uint8Array(16)));
}

export function isSubmissionId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
