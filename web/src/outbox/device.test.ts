import { createHmac, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { captureCanonical } from '../../../core/capture.js';
import { deviceLabel, fromBase64Url, signCapture, toBase64Url } from './device.js';
import type { RawCapture } from './outbox.js';

const capture: RawCapture = {
  id: '01956c3a-5e00-7abc-8def-0123456789ab',
  kind: 'in',
  capturedAt: '2026-03-02T00:41:20.000Z',
  location: { lat: -6.2, lon: 106.8166, accuracy: 12 },
  time: { anchor: 'a.b', elapsedMs: 1200, deviceTime: '2026-03-02T03:41:20.000Z', skewMs: 10_800_000 },
  photo: { sha256: 'ab'.repeat(32), bytes: 30_000 },
};

describe('device key', () => {
  it('signs exactly what the server verifies: HMAC-SHA256 over captureCanonical, base64url', async () => {
    const raw = new Uint8Array(32).map((_, i) => i * 7);
    const key = await webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    expect(key.extractable).toBe(false);
    const signed = await signCapture({ deviceId: 'dev-1', key: key }, capture);
    const expected = createHmac('sha256', Buffer.from(raw))
      .update(captureCanonical(capture))
      .digest('base64url');
    expect(signed).toEqual({ id: 'dev-1', signature: expected });
  });

  it('base64url round-trips every byte', () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(toBase64Url(new Uint8Array([251, 255]))).toBe('-_8');
  });

  it('labels the phone so an admin can recognise it', () => {
    expect(
      deviceLabel(
        'Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome di Android');
    expect(
      deviceLabel(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari di iPhone');
  });
});
