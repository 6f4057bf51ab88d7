/**
 * Sign-in, token refresh, sign-out and password change. Refusals are returned as
 * `AppError` values; the routes turn them into answers.
 *
 * Sessions: a login creates a session row holding the SHA-256 of a random refresh token
 * (the token itself is never stored). Access tokens are short-lived signed JWTs carrying
 * the session id; `authenticate` checks them without the database and refuses the ids
 * of revoked sessions, which it keeps in memory. A token cannot outlive its own `exp`,
 * and `exp − iat` is capped at the configured lifetime, so a revoked id only needs
 * remembering for one access-token lifetime after its revocation.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { normalizeNip } from '../../../core/nip.js';
import type { AccountInfo, LoginResponse } from '../../../core/wire.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { Config } from '../../platform/config.js';
import type { AccountRow, Database } from '../../platform/db/schema.js';
import { getEmployee } from '../employees/store.js';
import { getUnit } from '../units/store.js';
import { findAccountByUsername, getAccount, setPassword } from './accounts.store.js';
import { NO_PASSWORD } from '../accounts/activation.store.js';
import { hashPassword, SCRYPT_DEFAULT, verifyPassword } from '../../platform/crypto/password.js';
import type { ChangeFeed } from '../../platform/changes/feed.js';
import type { ScryptParams } from '../../platform/crypto/password.js';
import {
  claimRefreshGrace,
  findSessionByRefreshHash,
  insertSession,
  revokeChain,
  revokeSession,
  rotateSession,
} from './sessions.store.js';
import { FailureThrottle } from './throttle.js';
import { issueDeviceToken, knownDeviceId, throttleAddress } from './known-device.js';
import { passwordProblem } from './password-policy.js';
import { signToken, verifyToken } from '../../platform/crypto/token.js';
import type { TokenClaims } from '../../platform/crypto/token.js';

export interface AuthServiceDeps {
  db: Kysely<Database>;
  config: Config;
  now: () => number;
  /** scrypt cost for new hashes; production keeps the default. */
  passwordParams?: ScryptParams;
}

/** Who is asking, for the throttle and the session row. */
export interface Caller {
  address: string;
  userAgent: string | null;
}

export { MIN_PASSWORD_LENGTH } from './password-policy.js';

/** How long after a rotation the previous refresh token is still accepted, once (a lost answer). */
export const REFRESH_GRACE_MS = 60_000;

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * The username as stored: a NIP typed with spaces, dots or dashes ("19860926 201505 1 001")
 * becomes its 18 digits; other usernames are only trimmed.
 *
 * @example normalizeUsername(' 19860926 201505 1 001 ') // '198609262015051001'
 */
export function normalizeUsername(input: string): string {
  const trimmed = input.trim();
  return /^[\d\s.-]+$/.test(trimmed) ? normalizeNip(trimmed) : trimmed;
}

/**
 * The refusal of a new password for `account`, or null when it may be chosen
 * (password-policy.ts): `weak_password` for a short one or the username itself,
 * `common_password` for a common one, a NIP, a date, or the person's own name.
 */
export async function checkNewPassword(
  db: Kysely<Database>,
  account: Pick<AccountRow, 'username' | 'employee_id'>,
  password: string,
): Promise<AppError | null> {
  const employee = account.employee_id === null ? undefined : await getEmployee(db, account.employee_id);
  const problem = passwordProblem(password, {
    username: account.username,
    nip: employee?.nip ?? null,
    name: employee?.name ?? null,
  });
  if (problem === null) return null;
  return new AppError(
    problem === 'too_short' || problem === 'username' ? 'weak_password' : 'common_password',
  );
}

export class AuthService {
  readonly #db: Kysely<Database>;
  readonly #config: Config;
  readonly #now: () => number;
  readonly #params: ScryptParams;
  /** Sign-in failures per account and place: `<username>\n@<address>` or `<username>\n#<known device>`. */
  readonly #byPlace: FailureThrottle;
  /** Sign-in failures per account, of clients without a known-device token. */
  readonly #byAccount: FailureThrottle;
  /** Sign-in failures per address, of clients without a known-device token. */
  readonly #byAddress: FailureThrottle;
  /** Wrong current passwords on a password change, per account id (a stolen session guessing). */
  readonly #passwordChecks: FailureThrottle;
  /** Revoked session id → instant after which no token of it can still be valid. */
  readonly #revoked = new Map<string, number>();
  #dummyHash: Promise<string> | null = null;

  constructor(deps: AuthServiceDeps) {
    this.#db = deps.db;
    this.#config = deps.config;
    this.#now = deps.now;
    this.#params = deps.passwordParams ?? SCRYPT_DEFAULT;
    const windowMs = deps.config.loginWindowSec * 1000;
    this.#byPlace = new FailureThrottle({ max: deps.config.loginMaxPerAccount, windowMs });
    this.#byAccount = new FailureThrottle({ max: deps.config.loginMaxPerAccountTotal, windowMs });
    this.#byAddress = new FailureThrottle({ max: deps.config.loginMaxPerAddress, windowMs });
    this.#passwordChecks = new FailureThrottle({ max: deps.config.loginMaxPerAccount, windowMs });
  }

  get #accessTtlMs(): number {
    return this.#config.accessTokenTtlSec * 1000;
  }

  /**
   * Loads the sessions revoked recently enough that one of their access tokens may still
   * be valid (and whose session has not expired), so a restart does not resurrect them.
   */
  async init(): Promise<void> {
    const now = this.#now();
    const rows = await this.#db
      .selectFrom('sessions')
      .select(['id', 'revoked_at'])
      .where('revoked_at', 'is not', null)
      .where('revoked_at', '>', now - this.#accessTtlMs)
      .where('expires_at', '>', now)
      .execute();
    for (const r of rows) this.#markRevoked(r.id, r.revoked_at ?? now);
  }

  #markRevoked(sid: string, at: number): void {
    this.#revoked.set(sid, at + this.#accessTtlMs);
    // Forget ids whose tokens have all expired; amortised over insertions.
    if (this.#revoked.size % 1024 === 0) {
      const now = this.#now();
      for (const [id, until] of this.#revoked) if (until <= now) this.#revoked.delete(id);
    }
  }

  /**
   * Learns of sessions revoked elsewhere — another server process, or the CLI's
   * `user reset-password` — through the change feed (topic `session`, migration 0013),
   * at once on PostgreSQL and within a poll otherwise. After a reset of the feed it
   * re-reads every recent revocation. Returns a function that stops watching.
   *
   * Also learns of unlocks made elsewhere (topic `unlock`, key the account id: another
   * process's `POST /accounts/{id}/unlock`, or `hadir accounts unlock`) and forgets that
   * account's failures here as {@link unlock} does. The feed rather than an unlock time
   * in the database, because the throttle is asked before anything is read, on every
   * sign-in, so that guesses cost no query (they are counted before the account lookup
   * and the slow hash); an unlock time would add a read to each attempt, or a cache that
   * itself needs the feed to stay right. An unlock lost to a reset of the feed (its log
   * pruned past this process) is not replayed: the failures end with their window anyway,
   * and the admin can unlock again.
   */
  watch(feed: ChangeFeed): () => Promise<void> {
    const unsubscribe = feed.subscribe(['session', 'unlock'], async (cs) => {
      if (cs.all('session')) await this.init();
      for (const sid of cs.keys('session')) if (!this.#revoked.has(sid)) this.#markRevoked(sid, this.#now());
      for (const key of cs.keys('unlock')) {
        const id = Number(key);
        if (!Number.isSafeInteger(id)) continue;
        const account = await getAccount(this.#db, id);
        if (account) this.unlock(account);
      }
    });
    return () => {
      unsubscribe();
      return Promise.resolve();
    };
  }

  /**
   * Forgets the failed sign-ins of an account in this process, from every place, and its
   * wrong current passwords (an admin's unlock; other processes hear of it through the
   * change feed, see {@link watch}).
   */
  unlock(account: { id: number; username: string }): void {
    const key = normalizeUsername(account.username);
    this.#byPlace.clearPrefix(`${key}\n`);
    this.#byAccount.clear(key);
    this.#passwordChecks.clear(String(account.id));
  }

  /**
   * The usernames whose sign-in this process's throttle refuses now: from clients
   * without a known-device token (per account), or from some place (an address, a known
   * device). As this process counts; another process behind the same proxy counts its own.
   */
  lockedUsernames(): Set<string> {
    const now = this.#now();
    const names = new Set(this.#byAccount.blocked(now));
    for (const place of this.#byPlace.blocked(now)) names.add(place.slice(0, place.indexOf('\n')));
    return names;
  }

  /**
   * Sessions ended elsewhere in this process (an admin's "end sessions"): their tokens
   * are refused from now on, here at once, in other processes through the change feed.
   */
  sessionsEnded(ids: readonly string[]): void {
    const now = this.#now();
    for (const id of ids) this.#markRevoked(id, now);
  }

  /** True when the session id was revoked (as far as this process knows). */
  isRevoked(sid: string): boolean {
    return this.#revoked.has(sid);
  }

  /**
   * The claims of a valid bearer token, or the refusal. No database access: this runs on
   * every authenticated request, the check-in hot path included.
   */
  authenticate(authorization: string | undefined): TokenClaims | AppError {
    if (authorization === undefined) return new AppError('unauthorized');
    const m = /^Bearer ([A-Za-z0-9_.-]{1,2048})$/i.exec(authorization.trim());
    if (!m?.[1]) return new AppError('unauthorized');
    const r = verifyToken(this.#config.tokenSecret, m[1], this.#now());
    if (!r.ok) return new AppError(r.reason === 'expired' ? 'token_expired' : 'unauthorized');
    // A token claiming a longer life than this server grants was not made by it.
    if ((r.claims.exp - r.claims.iat) * 1000 > this.#accessTtlMs) return new AppError('unauthorized');
    if (this.#revoked.has(r.claims.sid)) return new AppError('unauthorized');
    return r.claims;
  }

  /**
   * Signs in with a NIP/username and password.
   *
   * The throttle (OWASP ASVS 5.0 6.3.1) slows guessing without letting anyone lock an
   * honest employee out at 07:25 — a lock-out keyed by account alone lets anyone who
   * knows a NIP (it is printed on the ID card) shut its owner out, and one keyed by
   * address alone shuts out a whole office NAT or a carrier's shared address. So a
   * failure is counted where it came from, and a success takes back what its place
   * counted:
   *
   * - a client with a valid known-device token for this username (known-device.ts: a
   *   previous sign-in here gave it one) is counted per (account, that device) only,
   *   {@link Config.loginMaxPerAccount} failures per window; nothing any other client
   *   does slows it, so the employee's own phone keeps signing in during an attack;
   * - any other client (a new phone, cleared storage, an attacker) is counted per
   *   (account, address), {@link Config.loginMaxPerAccount} failures: a guesser slows
   *   only their own address for that account; per account over all such clients,
   *   {@link Config.loginMaxPerAccountTotal}: guesses spread over many addresses end
   *   there, for new clients only; and per address, {@link Config.loginMaxPerAddress}:
   *   an address spraying many accounts waits, its known phones carry on;
   * - a successful sign-in takes its place's failures back from the per-account and
   *   per-address counts: colleagues behind one NAT who mistype and then get it right
   *   do not add up to a lock-out of that address. Only failures nobody corrects do.
   *
   * IPv6 addresses count by their /64. A refused (429) attempt is not counted and not
   * audited; the answer carries Retry-After.
   */
  async login(
    username: string,
    password: string,
    caller: Caller,
    deviceToken?: string,
  ): Promise<LoginResponse | AppError> {
    const key = normalizeUsername(username);
    const now = this.#now();
    const device = knownDeviceId(this.#config.tokenSecret, key, deviceToken, now);
    const address = throttleAddress(caller.address);
    const place = device === null ? `${key}\n@${address}` : `${key}\n#${device}`;
    const wait =
      device === null
        ? Math.max(
            this.#byPlace.retryAfter(place, now),
            this.#byAccount.retryAfter(key, now),
            this.#byAddress.retryAfter(address, now),
          )
        : this.#byPlace.retryAfter(place, now);
    if (wait > 0) return new AppError('too_many_attempts', { retryAfter: wait });
    // Count the attempt before the slow hash, so parallel guesses cannot all slip in;
    // a success takes it back.
    this.#byPlace.fail(place, now);
    if (device === null) {
      this.#byAccount.fail(key, now);
      this.#byAddress.fail(address, now);
    }

    const account = await findAccountByUsername(this.#db, key);
    // An unknown user costs the same hash as a known one, so timing does not tell them apart.
    const ok = await verifyPassword(password, account?.password_hash ?? (await this.#dummy()));
    // An account made with an activation code has no password yet: say so, not "wrong password".
    if (account?.password_hash === NO_PASSWORD) return new AppError('account_not_activated');
    if (!account || !ok) {
      // Only attempts that reached the password check: the throttle bounds how many.
      await this.#audit(account?.id ?? null, key, 'auth.sign_in_failed', caller, {
        reason: account ? 'wrong_password' : 'unknown_user',
        knownDevice: device !== null,
      });
      return new AppError('invalid_credentials');
    }

    if (device === null) {
      for (const at of this.#byPlace.failures(place, now)) {
        this.#byAccount.undo(key, at);
        this.#byAddress.undo(address, at);
      }
    }
    this.#byPlace.clear(place);
    if (account.active !== 1) {
      await this.#audit(account.id, key, 'auth.sign_in_failed', caller, { reason: 'inactive' });
      return new AppError('account_inactive');
    }
    const info = await this.#accountInfo(account);
    if (info instanceof AppError) return info;
    const started = await this.#startSession(account, info, caller.userAgent);
    await this.#audit(account.id, account.username, 'auth.sign_in', caller, { knownDevice: device !== null });
    return {
      ...started,
      deviceToken: issueDeviceToken(this.#config.tokenSecret, key, now, device ?? undefined),
    };
  }

  /**
   * One entry of the audit trail for an authentication event (OWASP ASVS 5.0 16.3.1):
   * who, from where, with which client; never the password or a token.
   */
  async #audit(
    accountId: number | null,
    label: string,
    action: string,
    caller: Caller | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await appendAudit(this.#db, {
      at: this.#now(),
      actor_account_id: accountId,
      actor_label: label.slice(0, 100),
      action,
      target: accountId === null ? 'account:unknown' : `account:${accountId}`,
      detail: JSON.stringify({
        ...detail,
        ...(caller && { address: caller.address, userAgent: caller.userAgent?.slice(0, 200) ?? null }),
      }),
    });
  }

  /**
   * Exchanges a refresh token for a new pair; the old session (and its refresh token) ends.
   *
   * The answer to a refresh can be lost (a proxy's 502, a timeout) after the server has
   * rotated the token, and the phone then retries with the token it still holds. So the
   * token of a session ended by rotation is accepted once more within
   * {@link REFRESH_GRACE_MS}, as long as the pair it was rotated into has not been used
   * to refresh: that pair (which the phone never got) ends, and a new one is issued.
   *
   * Presented again after the grace period, a rotated token has been copied: the phone
   * moved on long ago. Every session of its chain ends then, the thief's and the
   * owner's alike (the owner signs in again), and the audit trail records
   * `auth.refresh_replayed`. Any other use of an ended token is refused.
   *
   * A session lives at most {@link Config.sessionMaxAgeSec} from its sign-in
   * ({@link Config.adminSessionMaxAgeSec} for admins), however often it is refreshed:
   * past that the refresh is refused as `token_expired` (OWASP ASVS 5.0 7.3.2). A refused
   * refresh (other than a replay) writes nothing.
   */
  async refresh(refreshToken: string, caller: Caller): Promise<LoginResponse | AppError> {
    const now = this.#now();
    const session = await findSessionByRefreshHash(this.#db, sha256Hex(refreshToken));
    if (!session) return new AppError('unauthorized');
    const chain = {
      id: session.chain_id ?? session.id,
      signedInAt: session.signed_in_at ?? session.created_at,
    };
    const account = await getAccount(this.#db, session.account_id);
    if (!account) return new AppError('unauthorized');
    const lost = session.successor_id;
    if (session.revoked_at !== null && lost !== null && now - session.revoked_at > REFRESH_GRACE_MS) {
      await this.#endChain(account, session.id, chain.id, caller);
      return new AppError('unauthorized');
    }
    if (now >= chain.signedInAt + this.#maxAgeMs(account.role)) return new AppError('token_expired');
    if (session.expires_at <= now || account.active !== 1) return new AppError('unauthorized');
    const info = await this.#accountInfo(account);
    if (info instanceof AppError) return new AppError('unauthorized');
    const sid = randomBytes(16).toString('base64url');
    if (session.revoked_at !== null) {
      if (lost === null) return new AppError('unauthorized');
      // Once: only one retry claims the grace, and only while the lost pair is unused.
      if (!(await claimRefreshGrace(this.#db, session.id, lost, sid, now)))
        return new AppError('unauthorized');
      if (!(await revokeSession(this.#db, lost, now))) return new AppError('unauthorized');
      this.#markRevoked(lost, now);
    } else {
      // Only one of two concurrent refreshes with the same token wins the revocation.
      if (!(await rotateSession(this.#db, session.id, sid, now))) return new AppError('unauthorized');
      this.#markRevoked(session.id, now);
    }
    const started = await this.#startSession(account, info, caller.userAgent, sid, chain);
    await this.#audit(account.id, account.username, 'auth.refresh', caller, { previousSession: session.id });
    return started;
  }

  /** The absolute session lifetime of a role, ms. */
  #maxAgeMs(role: string): number {
    return (role === 'employee' ? this.#config.sessionMaxAgeSec : this.#config.adminSessionMaxAgeSec) * 1000;
  }

  /** A rotated refresh token came back after the grace period: every session of its chain ends. */
  async #endChain(account: AccountRow, replayed: string, chainId: string, caller: Caller): Promise<void> {
    const now = this.#now();
    const ids = await revokeChain(this.#db, chainId, now);
    for (const id of ids) this.#markRevoked(id, now);
    await this.#audit(account.id, account.username, 'auth.refresh_replayed', caller, {
      session: replayed,
      chain: chainId,
      sessionsRevoked: ids.length,
    });
  }

  /** Ends the session of the token; its access and refresh tokens are refused from now on. */
  async logout(claims: TokenClaims, caller: Caller | null = null): Promise<void> {
    const now = this.#now();
    await revokeSession(this.#db, claims.sid, now);
    this.#markRevoked(claims.sid, now);
    await this.#audit(claims.sub, claims.role, 'auth.sign_out', caller, { session: claims.sid });
  }

  /**
   * Changes the caller's password: the current one must match, the new one must pass
   * {@link checkNewPassword} (at least 8 characters, not the username — an ASN's NIP is
   * printed on their ID card — not common, not a date, NIP or the person's name). Every
   * other session of the account ends; the audit log records it. A refusal changes nothing.
   */
  async changePassword(
    claims: TokenClaims,
    current: string,
    next: string,
    caller: Caller | null = null,
  ): Promise<void | AppError> {
    // Guesses of the current password are throttled per account like sign-ins (ASVS 5.0
    // 6.3.1): a stolen session must not become an unlimited password oracle, and a new
    // session (or a refresh, which changes the session id) does not start a new count.
    const key = String(claims.sub);
    const at = this.#now();
    const wait = this.#passwordChecks.retryAfter(key, at);
    if (wait > 0) return new AppError('too_many_attempts', { retryAfter: wait });
    const account = await getAccount(this.#db, claims.sub);
    if (!account || account.active !== 1) return new AppError('unauthorized');
    // Counted before the slow hash, so parallel guesses cannot all slip in.
    this.#passwordChecks.fail(key, at);
    if (!(await verifyPassword(current, account.password_hash))) {
      await this.#audit(account.id, account.username, 'auth.password_change_failed', caller, {
        reason: 'wrong_password',
        session: claims.sid,
      });
      return new AppError('wrong_password');
    }
    this.#passwordChecks.clear(key);
    const refused = await checkNewPassword(this.#db, account, next);
    if (refused) return refused;
    const hash = await hashPassword(next, this.#params);
    const now = this.#now();
    const revoked = await this.#db.transaction().execute(async (trx) => {
      await setPassword(trx, account.id, hash, now);
      const ids = await trx
        .updateTable('sessions')
        .set({ revoked_at: now })
        .where('account_id', '=', account.id)
        .where('revoked_at', 'is', null)
        .where('id', '!=', claims.sid)
        .returning('id')
        .execute();
      await appendAudit(trx, {
        at: now,
        actor_account_id: account.id,
        actor_label: account.username,
        action: 'account.password_changed',
        target: `account:${account.id}`,
        detail: JSON.stringify({ sessionsRevoked: ids.length }),
      });
      return ids;
    });
    for (const r of revoked) this.#markRevoked(r.id, now);
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= hashPassword('hadir-no-such-account', this.#params);
    return this.#dummyHash;
  }

  async #accountInfo(account: AccountRow): Promise<AccountInfo | AppError> {
    let employee: AccountInfo['employee'] = null;
    if (account.employee_id !== null) {
      const e = await getEmployee(this.#db, account.employee_id);
      if (!e || !e.active) return new AppError('account_inactive');
      const unit = await getUnit(this.#db, e.unitId);
      employee = {
        id: e.id,
        name: e.name,
        kind: e.kind,
        nip: e.nip,
        unitId: e.unitId,
        unitName: unit?.name ?? '',
        position: e.position,
      };
    }
    return {
      id: account.id,
      username: account.username,
      role: account.role,
      employee,
      unitId: account.unit_id,
    };
  }

  /**
   * A new session of `account`: the first of a sign-in's chain, or the next one of
   * `chain` on a refresh. Neither its refresh token nor its access token reaches past the
   * chain's absolute lifetime.
   */
  async #startSession(
    account: AccountRow,
    info: AccountInfo,
    userAgent: string | null,
    sid: string = randomBytes(16).toString('base64url'),
    chain?: { id: string; signedInAt: number },
  ): Promise<LoginResponse> {
    const now = this.#now();
    const refreshToken = randomBytes(32).toString('base64url');
    const signedInAt = chain?.signedInAt ?? now;
    const ends = signedInAt + this.#maxAgeMs(account.role);
    await insertSession(this.#db, {
      id: sid,
      account_id: account.id,
      refresh_hash: sha256Hex(refreshToken),
      created_at: now,
      expires_at: Math.min(now + this.#config.refreshTokenTtlSec * 1000, ends),
      revoked_at: null,
      user_agent: userAgent === null ? null : userAgent.slice(0, 200),
      chain_id: chain?.id ?? sid,
      signed_in_at: signedInAt,
    });
    const iat = Math.floor(now / 1000);
    const exp = Math.max(iat + 1, Math.min(iat + this.#config.accessTokenTtlSec, Math.floor(ends / 1000)));
    const claims: TokenClaims = {
      sub: account.id,
      sid,
      role: info.role,
      emp: info.employee?.id ?? null,
      unit: info.role === 'employee' ? (info.employee?.unitId ?? null) : info.unitId,
      iat,
      exp,
    };
    return {
      accessToken: signToken(this.#config.tokenSecret, claims),
      expiresIn: exp - iat,
      refreshToken,
      account: info,
    };
  }
}
