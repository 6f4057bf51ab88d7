/** Sessions: one per login, found by the hash of its refresh token. */
import type { Kysely } from 'kysely';
import type { Database, NewSessionRow, SessionRow } from '../../platform/db/schema.js';

export async function insertSession(db: Kysely<Database>, s: NewSessionRow): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

export async function getSession(db: Kysely<Database>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** `hash` is the SHA-256 hex of the refresh token. */
export async function findSessionByRefreshHash(
  db: Kysely<Database>,
  hash: string,
): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('refresh_hash', '=', hash).executeTakeFirst();
}

/** Revokes one session; true if it was active. A second revoke keeps the first time. */
export async function revokeSession(db: Kysely<Database>, id: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Ends a session by refresh: revoked now, replaced by `successorId`. True if it was
 * active (of two concurrent refreshes with one token, one wins).
 */
export async function rotateSession(
  db: Kysely<Database>,
  id: string,
  successorId: string,
  at: number,
): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: at, successor_id: successorId })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Claims the one grace use of a rotated session's refresh token: its successor becomes
 * `successorId`. True for the first claim while the successor is still `lost`.
 */
export async function claimRefreshGrace(
  db: Kysely<Database>,
  id: string,
  lost: string,
  successorId: string,
  at: number,
): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ grace_used_at: at, successor_id: successorId })
    .where('id', '=', id)
    .where('successor_id', '=', lost)
    .where('grace_used_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Revokes every active session of a chain (a sign-in and the sessions its refreshes
 * rotated into, migration 0023); returns their ids.
 */
export async function revokeChain(db: Kysely<Database>, chainId: string, at: number): Promise<string[]> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('chain_id', '=', chainId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Revokes every active session of an account (password change, "log out everywhere"); returns how many. */
export async function revokeAccountSessions(
  db: Kysely<Database>,
  accountId: number,
  at: number,
): Promise<number> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
