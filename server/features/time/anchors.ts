/**
 * Time anchors (DESIGN.md "Trusted time"): a server instant signed with a key derived
 * from the token secret, handed to the phone whenever they talk. The phone keeps the
 * latest with its monotonic clock reading; a capture made offline carries it and the
 * monotonic milliseconds since, so the server dates the capture as `t + elapsedMs`
 * without trusting the phone's wall clock.
 *
 * Token: base64url(JSON {t, n, d, e}) + "." + base64url(HMAC-SHA256(anchorKey, first part)).
 * `n` is a nonce (two anchors of the same millisecond differ), `d` the device and
 * `e` the employee it was issued to, so an anchor cannot be replayed by someone else.
 * Issuing and verifying cost one HMAC each (microseconds): no database, no state.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TimeAnchorView } from '../../../core/wire.js';

export interface Anchor {
  /** Server time at issue, epoch ms. */
  t: number;
  /** Nonce: unique per anchor (see {@link nextNonce}). */
  n: string;
  /** Device the anchor was issued to, or null. */
  d: string | null;
  /** Employee the anchor was issued to. */
  e: number;
}

/** The anchor key: HMAC(tokenSecret, "anchor"), so one secret serves and the two uses never mix. */
export function anchorKey(tokenSecret: Buffer): Buffer {
  return createHmac('sha256', tokenSecret).update('anchor').digest();
}

/**
 * Nonces only need to be unique, not secret (the HMAC makes anchors unforgeable): a random
 * prefix per process and a counter, instead of drawing random bytes for every anchor
 * (randomFillSync cost about 7 µs of each check-in at the peak).
 */
const NONCE_PREFIX = randomBytes(12).toString('base64url');
let nonceCount = 0;
function nextNonce(): string {
  nonceCount = nonceCount === Number.MAX_SAFE_INTEGER ? 1 : nonceCount + 1;
  return NONCE_PREFIX + nonceCount.toString(36);
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/**
 * Signs an anchor into a token.
 *
 * @example signAnchor(key, { t: Date.now(), n: 'AAAAAAAAAAAAAAAA', d: 'dev', e: 7 })
 */
export function signAnchor(key: Buffer, a: Anchor): string {
  const payload = Buffer.from(JSON.stringify({ t: a.t, n: a.n, d: a.d, e: a.e })).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

function isAnchor(v: unknown): v is Anchor {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    Number.isSafeInteger(o['t']) &&
    typeof o['n'] === 'string' &&
    (o['d'] === null || typeof o['d'] === 'string') &&
    Number.isSafeInteger(o['e'])
  );
}

/** The anchor inside `token` when its signature is right, else null (never throws). */
export function verifyAnchor(key: Buffer, token: string): Anchor | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.') || token.length > 1024) return null;
  const payload = token.slice(0, dot);
  const sig = Buffer.from(token.slice(dot + 1), 'base64url');
  const want = mac(key, payload);
  if (sig.length !== want.length || !timingSafeEqual(sig, want)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return isAnchor(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * Told of every anchor issued: each is a contact of the device with the server
 * (check-ins/contacts.ts). `delivered`: the contact stored a new punch.
 */
export type OnAnchorIssue = (
  employeeId: number,
  deviceId: string | null,
  at: number,
  delivered: boolean,
) => void;

/** Issues and checks anchors with one key. */
export class Anchors {
  readonly #key: Buffer;
  readonly #onIssue: OnAnchorIssue | undefined;

  constructor(tokenSecret: Buffer, onIssue?: OnAnchorIssue) {
    this.#key = anchorKey(tokenSecret);
    this.#onIssue = onIssue;
  }

  /**
   * A fresh anchor for `employeeId` (and the device it talks through, if known).
   * `delivered`: this contact stored a new punch (so its row already records the contact).
   */
  issue(now: number, employeeId: number, deviceId: string | null, delivered = false): TimeAnchorView {
    this.#onIssue?.(employeeId, deviceId, now, delivered);
    const token = signAnchor(this.#key, {
      t: now,
      n: nextNonce(),
      d: deviceId,
      e: employeeId,
    });
    return { token, serverTime: new Date(now).toISOString() };
  }

  verify(token: string): Anchor | null {
    return verifyAnchor(this.#key, token);
  }
}
