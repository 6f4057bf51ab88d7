/** Login accounts: employees, unit admins and agency admins. */
import type { Insertable, Kysely } from 'kysely';
import type { AccountRow, AccountsTable, Database } from '../../platform/db/schema.js';

/** Inserts an account. A taken username throws (see `isUniqueViolation`). */
export async function insertAccount(db: Kysely<Database>, a: Insertable<AccountsTable>): Promise<AccountRow> {
  return db.insertInto('accounts').values(a).returningAll().executeTakeFirstOrThrow();
}

export async function findAccountByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function getAccount(db: Kysely<Database>, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Replaces the password hash and records when (sessions are revoked by the caller). */
export async function setPassword(db: Kysely<Database>, id: number, hash: string, at: number): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ password_hash: hash, password_changed_at: at })
    .where('id', '=', id)
    .execute();
}
