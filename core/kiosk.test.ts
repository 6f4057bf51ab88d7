import { describe, expect, it } from 'vitest';
import { isKioskPin, kioskCaptureCanonical, kioskHelloCanonical, normaliseEmployeeNumber } from './kiosk.js';

describe('the canonical form a kiosk signs', () => {
  it('is the documented lines, absent fields empty', () => {
    expect(
      kioskCaptureCanonical('k1', {
        id: 'x',
        kind: 'in',
        capturedAt: '2026-03-02T00:31:00.000Z',
        nip: '198609262015051001',
        pin: '482915',
      }),
    ).toBe(
      'hadir-kiosk-capture-v1\nk1\nx\nin\n2026-03-02T00:31:00.000Z\n198609262015051001\n\n482915\n\n\n\n\n\n\n',
    );
  });

  it('holds every field, so changing any of them changes the bytes', () => {
    const base = {
      id: 'x',
      kind: 'out' as const,
      capturedAt: '2026-03-02T09:01:00.000Z',
      card: 'c'.repeat(24),
      pin: '482915',
      time: {
        anchor: 'a.b',
        elapsedMs: 10,
        deviceTime: '2026-03-02T09:01:02.000Z',
        skewMs: -3,
        uncertaintyMs: 40,
      },
      photo: { sha256: 'f'.repeat(64), bytes: 31_000 },
    };
    const lines = kioskCaptureCanonical('k1', base).split('\n');
    expect(lines).toHaveLength(15);
    expect(lines.slice(5)).toEqual([
      '',
      'c'.repeat(24),
      '482915',
      'a.b',
      '10',
      '2026-03-02T09:01:02.000Z',
      '-3',
      '40',
      'f'.repeat(64),
      '31000',
    ]);
    const one = kioskCaptureCanonical('k1', base);
    expect(kioskCaptureCanonical('k2', base)).not.toBe(one);
    expect(kioskCaptureCanonical('k1', { ...base, pin: '482916' })).not.toBe(one);
    expect(kioskCaptureCanonical('k1', { ...base, kind: 'in' })).not.toBe(one);
    expect(kioskHelloCanonical('k1', '2026-03-02T00:00:00Z')).toBe(
      'hadir-kiosk-hello-v1\nk1\n2026-03-02T00:00:00Z',
    );
  });
});

describe('what a person types at a kiosk', () => {
  it('takes a NIP as printed, with spaces, and PINs of 6 to 8 digits', () => {
    expect(normaliseEmployeeNumber('19860926 201505 1 001')).toBe('198609262015051001');
    expect(normaliseEmployeeNumber(' NA-2024-0001 ')).toBe('NA-2024-0001');
    expect(['482915', '48291573'].map(isKioskPin)).toEqual([true, true]);
    expect(['4829', '482915739', '48 2915', 'abcdef'].map(isKioskPin)).toEqual([false, false, false, false]);
  });
});
