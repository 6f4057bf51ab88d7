/** The audit trail of admin and operator actions: appended, never edited. */
import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, AuditRow, Database } from '../db/schema.js';

/** `detail` is a JSON object as text. */
export async function appendAudit(db: Kysely<Database>, e: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(e).execute();
}

/** The latest entries first. */
export async function listAudit(db: Kysely<Database>, opts: { limit: number }): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(opts.limit).execute();
}
