/** Activation codes (migration 0009): the hash of one outstanding code per account. */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

/** The stored hash of an account that has no password yet: no scrypt hash ever matches it. */
export const NO_PASSWORD = '!activation';

export interface ActivationCode {
  accountId: number;
  codeHash: string;
  createdAt: number;
  expiresAt: number;
  createdBy: number | null;
}

/** Sets the accounts' codes, replacing any outstanding ones (multi-row statements). */
export async function putActivationCodes(
  db: Kysely<Database>,
  codes: readonly ActivationCode[],
): Promise<void> {
  for (let i = 0; i < codes.length; i += 1000) {
    const chunk = codes.slice(i, i + 1000);
    await db
      .deleteFrom('activation_codes')
      .where(
        'account_id',
        'in',
        chunk.map((c) => c.accountId),
      )
      .execute();
    await db
      .insertInto('activation_codes')
      .values(
        chunk.map((c) => ({
          account_id: c.accountId,
          code_hash: c.codeHash,
          created_at: c.createdAt,
          expires_at: c.expiresAt,
          created_by: c.createdBy,
        })),
      )
      .execute();
  }
}

export async function getActivationCode(
  db: Kysely<Database>,
  accountId: number,
): Promise<ActivationCode | undefined> {
  const r = await db
    .selectFrom('activation_codes')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return (
    r && {
      accountId: r.account_id,
      codeHash: r.code_hash,
      createdAt: Number(r.created_at),
      expiresAt: Number(r.expires_at),
      createdBy: r.created_by,
    }
  );
}

/** Uses up the account's code; true when this call removed it (a second use finds none). */
export async function consumeActivationCode(
  db: Kysely<Database>,
  accountId: number,
  codeHash: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('activation_codes')
    .where('account_id', '=', accountId)
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
