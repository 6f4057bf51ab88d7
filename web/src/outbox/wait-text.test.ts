import { describe, expect, it } from 'vitest';
import type { OutboxItem } from './outbox.js';
import { loginWaitingText, nextTryText, statusValue, waitingHint } from './wait-text.js';

function item(anchored: boolean, kind: 'in' | 'out' = 'in'): OutboxItem {
  const deviceTime = '2026-03-02T00:31:00.000Z';
  return {
    id: '0195f3a1-2b3c-7d4e-8f50-0123456789ab',
    accountId: 1,
    capture: {
      id: '0195f3a1-2b3c-7d4e-8f50-0123456789ab',
      kind,
      capturedAt: deviceTime,
      location: { lat: -6.2, lon: 106.8, accuracy: 10 },
      time: anchored
        ? { anchor: 'a', elapsedMs: 1, deviceTime, uncertaintyMs: 40 }
        : { deviceTime, skewMs: 0 },
    },
    state: 'saved',
    savedAt: 0,
    attempts: 0,
  };
}

describe('words while waiting', () => {
  it('says "when there is internet" only when there is none', () => {
    expect(waitingHint('id', item(true), 'network')).toContain('saat ada internet');
    for (const reason of ['busy', 'server', 'pending', null] as const) {
      expect(waitingHint('id', item(true), reason)).not.toContain('internet');
      expect(waitingHint('en', item(true), reason)).not.toContain('internet');
    }
    expect(waitingHint('id', item(true), 'busy')).toContain('server sedang sibuk');
    expect(waitingHint('en', item(true), 'pending')).toContain("waiting for your unit admin's approval");
  });

  it('promises the pressed time only for a time the server will verify', () => {
    expect(waitingHint('id', item(true), 'network')).toContain('waktu tombol ditekan');
    const unverified = waitingHint('id', item(false), 'network');
    expect(unverified).not.toContain('waktu tombol ditekan');
    expect(unverified).toContain('menurut jam ponsel');
    expect(waitingHint('en', item(false), null)).toContain("from the phone's clock");
  });

  it('counts the next try from now, never as a clock time, with plurals right', () => {
    expect(nextTryText('id', 20_000)).toBe('Dicoba lagi otomatis dalam kurang dari satu menit.');
    expect(nextTryText('en', 60_000)).toBe('Will retry automatically in 1 minute.');
    expect(nextTryText('en', 61_000)).toBe('Will retry automatically in 2 minutes.');
    expect(nextTryText('id', 4 * 60_000)).toBe('Dicoba lagi otomatis dalam 4 menit.');
  });

  it('shows a punch waiting on the phone on the status card instead of "not yet"', () => {
    const time = () => '07.31';
    expect(statusValue('id', null, item(true), time)).toBe('07.31 (di ponsel, belum terkirim)');
    expect(statusValue('en', null, item(true), time)).toBe('07.31 (on the phone, not sent yet)');
    expect(statusValue('id', '07.20', undefined, time)).toBe('07.20');
    expect(statusValue('id', null, undefined, time)).toBe('belum');
  });

  it('tells the sign-in screen how many punches wait on the phone', () => {
    expect(loginWaitingText('id', 0)).toBeNull();
    expect(loginWaitingText('en', 1)).toBe(
      'One check-in is still saved on this phone and not sent yet. Sign in again to send it.',
    );
    expect(loginWaitingText('en', 3)).toMatch(/^3 check-ins are still saved/);
    expect(loginWaitingText('id', 3)).toMatch(/^3 absen masih tersimpan di ponsel ini/);
  });
});
