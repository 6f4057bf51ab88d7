import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_MAX_BYTES,
  base64Size,
  checkAttachment,
  formatBytes,
  sniffAttachment,
  toBase64,
} from './attachment.js';

const pdf = new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n');
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);

describe('attachment checks', () => {
  it('tells PDF, JPEG and PNG apart by their first bytes, whatever the name says', () => {
    expect(sniffAttachment(pdf)).toBe('application/pdf');
    expect(sniffAttachment(jpeg)).toBe('image/jpeg');
    expect(sniffAttachment(png)).toBe('image/png');
    expect(sniffAttachment(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(sniffAttachment(new TextEncoder().encode('%PD'))).toBeNull();
  });

  it('accepts exactly 2 MB and refuses one byte more', () => {
    const atLimit = new Uint8Array(ATTACHMENT_MAX_BYTES);
    atLimit.set(pdf);
    expect(checkAttachment(atLimit)).toEqual({ ok: true, type: 'application/pdf' });
    const over = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
    over.set(pdf);
    expect(checkAttachment(over)).toEqual({ ok: false, problem: 'too_large' });
    expect(checkAttachment(new Uint8Array([1, 2, 3]))).toEqual({ ok: false, problem: 'type' });
  });

  it('encodes base64 the way Node decodes it, also past one chunk', () => {
    const big = new Uint8Array(100_003).map((_, i) => (i * 7) % 256);
    for (const bytes of [pdf, jpeg, new Uint8Array(0), big]) {
      const b64 = toBase64(bytes);
      expect(Buffer.from(b64, 'base64').equals(Buffer.from(bytes))).toBe(true);
      expect(base64Size(b64)).toBe(bytes.length);
    }
  });

  it('knows the decoded size of padded base64 without decoding', () => {
    expect(base64Size('')).toBe(0);
    expect(base64Size('QQ==')).toBe(1);
    expect(base64Size('QUI=')).toBe(2);
    expect(base64Size('QUJD')).toBe(3);
  });

  it('writes sizes as people read them', () => {
    expect(formatBytes('id-ID', 300)).toBe('1 KB');
    expect(formatBytes('id-ID', 850 * 1024)).toBe('850 KB');
    expect(formatBytes('id-ID', 1.5 * 1024 * 1024)).toBe('1,5 MB');
    expect(formatBytes('en-GB', 1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});
