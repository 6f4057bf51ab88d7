/**
 * One-time activation codes (issue 12): accounts made in bulk for a unit or the whole
 * regency carry no password; each gets a code, printed on a slip, that the person uses
 * once at first sign-in to choose their password. Only the SHA-256 of a code is stored.
 * A code is replaced when a new one is issued and deleted when used.
 */
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('activation_codes')
    .addColumn('account_id', 'integer', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();
}

async function down(db: Db): Promise<void> {
  await db.schema.dropTable('activation_codes').execute();
}

export const activation: Migration = { up, down };
