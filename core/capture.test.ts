import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureCanonical, CAPTURE_CANONICAL_VERSION } from './capture.js';
import type { CheckInRequest } from './wire.js';

const base: CheckInRequest = {
  id: '01954a7e-3c00-7000-8000-000000000001',
  kind: 'in',
  capturedAt: '2026-03-02T00:31:00.000Z',
  location: { lat: -6.2, lon: 106.8, accuracy: 12 },
};

describe('captureCanonical', () => {
  it('writes a plain capture with empty optional fields', () => {
    expect(captureCanonical(base)).toBe(
      'hadir-capture-v1\n01954a7e-3c00-7000-8000-000000000001\nin\n2026-03-02T00:31:00.000Z\n-6.2\n106.8\n12\n\n\n\n\n\n',
    );
  });

  it('writes every field in the contract order', () => {
    const full: CheckInRequest = {
      ...base,
      time: { anchor: 'a.b', elapsedMs: 1500, deviceTime: '2026-03-02T05:31:00.000Z', skewMs: -250 },
      photo: { sha256: 'ab'.repeat(32), bytes: 30000 },
      device: { id: 'dev', signature: 'sig' },
    };
    expect(captureCanonical(full).split('\n')).toEqual([
      CAPTURE_CANONICAL_VERSION,
      base.id,
      'in',
      base.capturedAt,
      '-6.2',
      '106.8',
      '12',
      'a.b',
      '1500',
      '2026-03-02T05:31:00.000Z',
      '-250',
      'ab'.repeat(32),
      '30000',
    ]);
  });

  it('does not cover the device block itself (the signature cannot sign itself)', () => {
    const a = captureCanonical({ ...base, device: { id: 'd1', signature: 's1' } });
    const b = captureCanonical({ ...base, device: { id: 'd2', signature: 's2' } });
    expect(a).toBe(b);
  });

  it('tells apart zero and absent numbers', () => {
    const zero = captureCanonical({ ...base, time: { deviceTime: base.capturedAt, elapsedMs: 0 } });
    const none = captureCanonical({ ...base, time: { deviceTime: base.capturedAt } });
    expect(zero).not.toBe(none);
  });

  it('changes when any signed field changes (property)', () => {
    const req = fc.record({
      id: fc.uuid(),
      kind: fc.constantFrom('in' as const, 'out' as const),
      capturedAt: fc.constant(base.capturedAt),
      location: fc.record({
        lat: fc.double({ min: -90, max: 90, noNaN: true }),
        lon: fc.double({ min: -180, max: 180, noNaN: true }),
        accuracy: fc.double({ min: 0, max: 1000, noNaN: true }),
      }),
      time: fc.record({
        anchor: fc.string({ maxLength: 8 }).filter((s) => !s.includes('\n')),
        elapsedMs: fc.nat(),
        deviceTime: fc.constant(base.capturedAt),
        skewMs: fc.integer(),
      }),
    });
    fc.assert(
      fc.property(req, fc.integer({ min: 1, max: 1000 }), (r, bump) => {
        const c = captureCanonical(r);
        expect(captureCanonical(JSON.parse(JSON.stringify(r)) as typeof r)).toBe(c);
        const moved = { ...r, time: { ...r.time, elapsedMs: r.time.elapsedMs + bump } };
        expect(captureCanonical(moved)).not.toBe(c);
        const other = { ...r, kind: r.kind === 'in' ? ('out' as const) : ('in' as const) };
        expect(captureCanonical(other)).not.toBe(c);
      }),
    );
  });
});
