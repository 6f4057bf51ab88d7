/**
 * UUID version 7 (RFC 9562 §5.7): 48-bit Unix milliseconds, then random bits. The phone
 * makes one per button press, so a re-sent check-in keeps its id and the server can ignore
 * the duplicate; ids sort by creation time, which keeps B-tree inserts cheap.
 */

const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Largest timestamp a UUIDv7 can hold (2^48 − 1 ms, in the year 10889). */
export const UUID_V7_MAX_MS = 2 ** 48 - 1;

/**
 * True for a UUID version 7 with the RFC 9562 variant (bits 10). Case-insensitive on
 * input, as RFC 9562 §4 requires.
 *
 * @example isUuidV7('01956c3a-5e00-7abc-8def-0123456789ab') // true
 * @example isUuidV7('123e4567-e89b-42d3-a456-426614174000') // false (version 4)
 */
export function isUuidV7(s: string): boolean {
  return UUID_V7_RE.test(s);
}

/**
 * The millisecond timestamp inside a UUIDv7, or null when `s` is not one.
 *
 * @example uuidV7Time(uuidV7(1_700_000_000_000, bytes)) // 1_700_000_000_000
 */
export function uuidV7Time(s: string): number | null {
  if (!isUuidV7(s)) return null;
  return parseInt(s.slice(0, 8) + s.slice(9, 13), 16);
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/**
 * A UUIDv7 for instant `nowMs` from caller-supplied randomness (at least 10 bytes; the
 * caller uses crypto.getRandomValues, tests a fixed array). Lower-case, canonical form.
 * Throws on a bad timestamp or too few bytes: both are bugs in the caller.
 *
 * @example uuidV7(0, new Uint8Array(10)) // '00000000-0000-7000-8000-000000000000'
 */
export function uuidV7(nowMs: number, random: Uint8Array): string {
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs > UUID_V7_MAX_MS) {
    throw new RangeError(`uuidV7: timestamp out of range: ${nowMs}`);
  }
  if (random.length < 10) throw new RangeError('uuidV7: need at least 10 random bytes');
  const b = new Array<number>(16);
  // 48-bit big-endian timestamp; split because bitwise operators are 32-bit in JS.
  const high = Math.floor(nowMs / 2 ** 16);
  const low = nowMs % 2 ** 16;
  b[0] = (high >>> 24) & 0xff;
  b[1] = (high >>> 16) & 0xff;
  b[2] = (high >>> 8) & 0xff;
  b[3] = high & 0xff;
  b[4] = (low >>> 8) & 0xff;
  b[5] = low & 0xff;
  for (let i = 0; i < 10; i++) b[6 + i] = random[i] ?? 0;
  b[6] = 0x70 | ((b[6] ?? 0) & 0x0f); // version 7
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f); // variant 10
  const h = b.map((x) => hex(x ?? 0)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
