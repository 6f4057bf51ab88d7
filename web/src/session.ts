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
