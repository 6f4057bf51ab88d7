import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selfieRequired } from './selfie.js';

describe('selfieRequired', () => {
  it('is false when no unit in the chain sets it (the root default)', () => {
    expect(selfieRequired([])).toBe(false);
    expect(selfieRequired([null, null, null])).toBe(false);
    expect(selfieRequired([undefined, null])).toBe(false);
  });

  it("takes the unit's own setting first", () => {
    expect(selfieRequired([true, false, false])).toBe(true);
    expect(selfieRequired([false, true, true])).toBe(false);
  });

  it('inherits from the nearest ancestor that sets it', () => {
    // puskesmas (unset) → dinkes (required) → pemda (not required)
    expect(selfieRequired([null, true, false])).toBe(true);
    // bidang (unset) → opd (unset) → pemda (required)
    expect(selfieRequired([null, null, true])).toBe(true);
    // sekolah (unset) → disdik (opts out) → pemda (required)
    expect(selfieRequired([null, false, true])).toBe(false);
  });

  it('always equals the first set value of the chain, or false', () => {
    const setting = fc.constantFrom(true, false, null, undefined);
    fc.assert(
      fc.property(fc.array(setting, { maxLength: 8 }), (chain) => {
        const first = chain.find((s) => s !== null && s !== undefined);
        expect(selfieRequired(chain)).toBe(first ?? false);
      }),
    );
  });
});
