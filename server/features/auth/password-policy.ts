/**
 * What a new password must not be (OWASP ASVS 5.0 6.2.1 at least 8 characters, 6.2.4
 * not one of the commonly used passwords, 6.2.11 not built from the context: the
 * account's NIP, name or username). Checked wherever a password is chosen: first
 * sign-in with an activation code, a change, and the operator's `hadir user` commands.
 *
 * Refused as guessable (`common_password`):
 * - a password of the list (common-passwords.ts), also written with capitals, spaces,
 *   dots or dashes, with look-alike symbols ("P@ssw0rd") or with up to
 *   {@link MAX_AFFIX} digits or symbols around it ("Bismillah123!", "indonesia2024");
 * - a run or a repetition ("abcdefgh", "98765432", "12121212", "aaaaaaaa");
 * - a date written as eight digits ("15011990", "19900115"): a birth date is the
 *   first guess, and an ASN's is printed in their NIP;
 * - any NIP (18 digits that read as one), or one that contains the person's own;
 * - the person's name or a part of it, or a part of the username, with digits or
 *   symbols around it ("Budi Santoso", "santoso123").
 * Shorter than {@link MIN_PASSWORD_LENGTH} or equal to the username stays `weak_password`.
 */
import { parseNip } from '../../../core/nip.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

export const MIN_PASSWORD_LENGTH = 8;

/** Most digits or symbols around a listed word or a name for it still to count as that word. */
const MAX_AFFIX = 6;

/** Whose password it is: what a guesser would try first. */
export interface PasswordContext {
  /** The normalized username (a NIP, staff number or admin name). */
  username: string;
  /** The employee's NIP, if any. */
  nip: string | null;
  /** The employee's name, if any. */
  name: string | null;
}

export type PasswordProblem = 'too_short' | 'username' | 'common' | 'personal';

const SEPARATORS = /[\s._-]+/g;

const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
};

function leet(s: string): string {
  return s.replace(/[@4310!$57]/g, (c) => LEET[c] ?? c);
}

/** `s` without its leading and trailing digits and symbols, if those are at most MAX_AFFIX long. */
function core(s: string): string | null {
  const m = /^([^a-z]*)(.*?)([^a-z]*)$/.exec(s);
  if (!m || (m[2] ?? '') === '') return null;
  if ((m[1] ?? '').length + (m[3] ?? '').length > MAX_AFFIX) return null;
  return m[2] ?? null;
}

/** The forms of a password a guesser's list would hold: compact, without affixes, de-leeted. */
function forms(password: string): Set<string> {
  const compact = password.normalize('NFKC').toLowerCase().replace(SEPARATORS, '');
  const out = new Set<string>([compact]);
  for (const s of [compact, leet(compact)]) {
    out.add(s);
    const c = core(s);
    if (c !== null) {
      out.add(c);
      out.add(leet(c));
    }
  }
  return out;
}

/** A run up or down ("abcdefgh", "87654321") or a short unit repeated ("12121212", "abcabcab"). */
function isPattern(s: string): boolean {
  if (s.length < 4) return false;
  const step = s.charCodeAt(1) - s.charCodeAt(0);
  if (
    Math.abs(step) <= 1 &&
    [...s].every((c, i) => i === 0 || c.charCodeAt(0) - s.charCodeAt(i - 1) === step)
  )
    return true;
  for (let unit = 1; unit <= 4 && unit * 2 <= s.length; unit++) {
    if ([...s].every((c, i) => c === s[i % unit])) return true;
  }
  return false;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Eight digits that read as a calendar date: DDMMYYYY or YYYYMMDD, years 1930-2039. */
function isDate(digits: string): boolean {
  if (digits.length !== 8) return false;
  const n = (from: number, to: number) => Number(digits.slice(from, to));
  const year = (y: number) => y >= 1930 && y < 2040;
  return (
    (year(n(4, 8)) && validDate(n(4, 8), n(2, 4), n(0, 2))) ||
    (year(n(0, 4)) && validDate(n(0, 4), n(4, 6), n(6, 8)))
  );
}

/** The words of a name or username a guesser would try: its parts of 3+ letters, and all of them together. */
function personalWords(ctx: PasswordContext): Set<string> {
  const words = new Set<string>();
  for (const source of [ctx.name, /^\d+$/.test(ctx.username) ? null : ctx.username]) {
    if (source === null) continue;
    const parts = source
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter((p) => p.length >= 3);
    for (const p of parts) words.add(p);
    if (parts.length > 1) {
      words.add(parts.join(''));
      words.add([...parts].reverse().join(''));
    }
  }
  return words;
}

/**
 * Why `password` may not be chosen by the account `ctx` describes, or null when it may.
 *
 * @example passwordProblem('Bismillah123', { username: '199001152019032002', nip: '199001152019032002', name: 'Budi Santoso' }) // 'common'
 * @example passwordProblem('kopi-pagi-hari', { username: 'admin.dinkes', nip: null, name: null }) // null
 */
export function passwordProblem(password: string, ctx: PasswordContext): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  const compact = password.normalize('NFKC').toLowerCase().replace(SEPARATORS, '');
  if (compact === ctx.username.toLowerCase().replace(SEPARATORS, '')) return 'username';
  const all = forms(password);
  for (const f of all) if (COMMON_PASSWORDS.has(f) || isPattern(f)) return 'common';
  if (/^\d+$/.test(compact)) {
    if (isDate(compact) || parseNip(compact).ok) return 'common';
  }
  if (ctx.nip !== null && compact.includes(ctx.nip)) return 'personal';
  const mine = personalWords(ctx);
  for (const f of all) if (mine.has(f)) return 'personal';
  return null;
}
