/**
 * What the sign-in throttle knows about where an attempt comes from (service.ts,
 * `AuthService.login`): a known-device token, and the address as the throttle counts it.
 *
 * A known-device token is what the OWASP Authentication Cheat Sheet calls a device
 * cookie: handed out by a successful sign-in, kept by the phone across sign-outs, sent
 * with later sign-ins of the same username. It is `<issued s>.<id>.<mac>`, the mac an
 * HMAC-SHA256 under the server's token secret over the username, the issue time and the
 * random id, so it cannot be forged or moved to another account, and nothing is stored
 * on the server. It proves only "this client signed in as this person before": it never
 * stands in for the password, it only decides which throttle counts the attempt.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv6 } from 'node:net';

/** How long a known-device token is honoured; each sign-in with it renews it. */
export const KNOWN_DEVICE_DAYS = 180;

function mac(secret: Buffer, username: string, issued: number, id: string): Buffer {
  return createHmac('sha256', secret).update(`hadir-known-device\n${username}\n${issued}\n${id}`).digest();
}

/**
 * A token for `username`; `id` keeps the device's identity across renewals (a new one when absent).
 *
 * @example issueDeviceToken(secret, '198609262015051001', Date.now()) // '1772407920.Xc…Q.Zp…8'
 */
export function issueDeviceToken(secret: Buffer, username: string, now: number, id?: string): string {
  const issued = Math.floor(now / 1000);
  const deviceId = id ?? randomBytes(12).toString('base64url');
  return `${issued}.${deviceId}.${mac(secret, username, issued, deviceId).toString('base64url')}`;
}

/** The device id of a valid, unexpired token for `username`; null for anything else. */
export function knownDeviceId(
  secret: Buffer,
  username: string,
  token: string | undefined,
  now: number,
): string | null {
  if (token === undefined) return null;
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const issued = Number(m[1]);
  const id = m[2] ?? '';
  if (issued * 1000 > now + 60_000 || now - issued * 1000 > KNOWN_DEVICE_DAYS * 86_400_000) return null;
  const given = Buffer.from(m[3] ?? '', 'base64url');
  const expected = mac(secret, username, issued, id);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

/**
 * The address as the throttle counts it: an IPv4 address as it is (also when mapped into
 * IPv6), an IPv6 address by its /64 — one subscriber's network, whose 2^64 addresses
 * would otherwise each get a fresh allowance.
 *
 * @example throttleAddress('2001:db8:1:2::17') // '2001:db8:1:2::/64'
 */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  const bare = ip.replace(/%.*$/, '');
  if (!isIPv6(bare)) return ip;
  const [head = '', tail] = bare.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  // An embedded IPv4 address (the last 32 bits) stands for two groups.
  const width = (gs: string[]) => gs.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...Array<string>(Math.max(0, 8 - width(h) - width(t))).fill('0'), ...t];
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
