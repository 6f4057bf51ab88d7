/**
 * The request behind each audit entry: `audit_log.request_id` holds the id of the HTTP
 * request that caused the change (the one in the server's log lines), null for the
 * operator's CLI and for entries written before this migration. With it an auditor can
 * go from an entry to the log of the request that made it.
 */
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

async function up(db: Db): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('request_id', 'text').execute();
}

async function down(db: Db): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('request_id').execute();
}

export const auditRequest: Migration = { up, down };
