/** Known-device tokens and the throttle's address key (known-device.ts). */
import { describe, expect, it } from 'vitest';
import { issueDeviceToken, KNOWN_DEVICE_DAYS, knownDeviceId, throttleAddress } from './known-device.js';

const SECRET = Buffer.alloc(32, 7);
const NOW = Date.UTC(2026, 2, 2);

describe('known-device token', () => {
  it('is valid for its username only, keeps its id on renewal, and expires', () => {
    const t = issueDeviceToken(SECRET, '198609262015051001', NOW);
    const id = knownDeviceId(SECRET, '198609262015051001', t, NOW);
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(knownDeviceId(SECRET, '199001152019032002', t, NOW)).toBeNull();
    expect(knownDeviceId(Buffer.alloc(32, 8), '198609262015051001', t, NOW)).toBeNull();
    const renewed = issueDeviceToken(SECRET, '198609262015051001', NOW + 1000, id ?? undefined);
    expect(knownDeviceId(SECRET, '198609262015051001', renewed, NOW + 1000)).toBe(id);
    expect(
      knownDeviceId(SECRET, '198609262015051001', t, NOW + KNOWN_DEVICE_DAYS * 86_400_000 + 1000),
    ).toBeNull();
    for (const bad of [undefined, '', 'x', `${t}x`, t.replace(/^\d+/, String(Math.floor(NOW / 1000) - 5))])
      expect(knownDeviceId(SECRET, '198609262015051001', bad, NOW)).toBeNull();
  });
});

describe('throttle address', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::17', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::198.51.100.1', '64:ff9b:0:0::/64'],
  ])('counts %s as %s', (ip, key) => {
    expect(throttleAddress(ip)).toBe(key);
  });
});
