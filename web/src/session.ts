/**
 * The signed-in session, kept in localStorage so the employee stays signed in across
 * visits (the refresh token lasts weeks; the access token minutes).
 */
import type { AccountInfo, LoginResponse } from '../../core/wire.js';

export interface Session {
  accessToken: string;
  refreshToken: string;
  account: AccountInfo;
}

const KEY = 'hadir.session';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw === null) return null;
    const s = JSON.parse(raw) as Partial<Session> | null;
    if (
      s === null ||
      typeof s.accessToken !== 'string' ||
      typeof s.refreshToken !== 'string' ||
      typeof s.account !== 'object' ||
      s.account === null
    ) {
      return null;
    }
    return { accessToken: s.accessToken, refreshToken: s.refreshToken, account: s.account };
  } catch {
    return null;
  }
}

export function saveSession(s: Session): void {
  localStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

/** The session a login or refresh answer describes. */
export function sessionFrom(r: LoginResponse): Session {
  return { accessToken: r.accessToken, refreshToken: r.refreshToken, account: r.account };
}

const DEVICE_KEY = 'hadir.deviceTokens';

/** The known-device tokens of this browser's sign-ins, by username as typed (kept across sign-outs). */
function deviceTokens(): Record<string, string> {
  try {
    const v = JSON.parse(localStorage.getItem(DEVICE_KEY) ?? '{}') as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The known-device token of the last sign-in as `username` here, if any. */
export function loadDeviceToken(username: string): string | null {
  const t = deviceTokens()[username.replace(/[\s.-]/g, '')];
  return typeof t === 'string' ? t : null;
}

/** Keeps the known-device token a sign-in as `username` gave (a few people share a phone at most). */
export function saveDeviceToken(username: string, token: string): void {
  const all = deviceTokens();
  const key = username.replace(/[\s.-]/g, '');
  // Delete first so the latest sign-in moves to the end and the oldest is dropped.
  delete all[key];
  all[key] = token;
  const kept = Object.entries(all).slice(-5);
  localStorage.setItem(DEVICE_KEY, JSON.stringify(Object.fromEntries(kept)));
}
