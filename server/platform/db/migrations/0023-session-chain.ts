/**
 * A session's chain (issue 9): a sign-in starts a session, and each refresh replaces it
 * by a new one (0012's `successor_id`). `sessions.chain_id` is the id of the chain's
 * first session and `sessions.signed_in_at` the instant of its sign-in, both copied into
 * every session the chain rotates into. With them a refresh past the absolute session
 * lifetime is refused (OWASP ASVS 5.0 7.3.2), and a rotated refresh token presented
 * again after the grace period ends every session of its chain in one statement.
 *
 * Sessions from before this migration each become a chain of their own, signed in when
 * they were created (their last refresh).
 */
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

async function up(db: Db): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('chain_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('signed_in_at', 'bigint').execute();
  await sql`update sessions set chain_id = id, signed_in_at = created_at`.execute(db);
  await db.schema.createIndex('sessions_chain_id_idx').on('sessions').column('chain_id').execute();
}

async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('sessions_chain_id_idx').execute();
  await db.schema.alterTable('sessions').dropColumn('signed_in_at').execute();
  await db.schema.alterTable('sessions').dropColumn('chain_id').execute();
}

export const sessionChain: Migration = { up, down };
