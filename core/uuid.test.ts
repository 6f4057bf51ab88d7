import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isUuidV7, uuidV7, uuidV7Time, UUID_V7_MAX_MS } from './uuid.js';

describe('uuidV7', () => {
  it('lays out timestamp, version and variant as RFC 9562 §5.7 says', () => {
    expect(uuidV7(0, new Uint8Array(10))).toBe('00000000-0000-7000-8000-000000000000');
    expect(uuidV7(UUID_V7_MAX_MS, new Uint8Array(10).fill(0xff))).toBe(
      'ffffffff-ffff-7fff-bfff-ffffffffffff',
    );
    const t = Date.UTC(2026, 2, 2, 0, 31);
    const id = uuidV7(t, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(id).toBe(
      `${t
        .toString(16)
        .padStart(12, '0')
        .replace(/^(.{8})/, '$1-')}-7102-8304-05060708090a`,
    );
  });

  it('makes valid ids that carry their timestamp and sort by it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: UUID_V7_MAX_MS }),
        fc.integer({ min: 0, max: UUID_V7_MAX_MS }),
        fc.uint8Array({ minLength: 10, maxLength: 16 }),
        fc.uint8Array({ minLength: 10, maxLength: 16 }),
        (t1, t2, r1, r2) => {
          const a = uuidV7(t1, r1);
          const b = uuidV7(t2, r2);
          expect(isUuidV7(a)).toBe(true);
          expect(uuidV7Time(a)).toBe(t1);
          if (t1 < t2) expect(a < b).toBe(true);
        },
      ),
    );
  });

  it('refuses bad timestamps and short randomness (bugs in the caller)', () => {
    expect(() => uuidV7(-1, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidV7(UUID_V7_MAX_MS + 1, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidV7(1.5, new Uint8Array(10))).toThrow(RangeError);
    expect(() => uuidV7(0, new Uint8Array(9))).toThrow(RangeError);
  });
});

describe('isUuidV7', () => {
  it.each([
    ['01956c3a-5e00-7abc-8def-0123456789ab', true],
    ['01956C3A-5E00-7ABC-BDEF-0123456789AB', true],
    ['123e4567-e89b-42d3-a456-426614174000', false], // version 4
    ['01956c3a-5e00-7abc-cdef-0123456789ab', false], // variant 110
    ['01956c3a-5e00-7abc-0def-0123456789ab', false], // variant 0
    ['01956c3a5e007abc8def0123456789ab', false], // no dashes
    ['{01956c3a-5e00-7abc-8def-0123456789ab}', false],
    ['01956c3a-5e00-7abc-8def-0123456789ab ', false],
    ['', false],
  ])('%j → %j', (s, expected) => {
    expect(isUuidV7(s)).toBe(expected);
    expect(uuidV7Time(s) !== null).toBe(expected);
  });
});
