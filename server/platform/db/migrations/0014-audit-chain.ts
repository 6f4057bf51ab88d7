/**
 * The audit trail becomes append-only and tamper-evident (OWASP ASVS 5.0 16.4.2,
 * 16.4.3). Triggers refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL), as for punches;
 * a `hash` column chains every row to the one before it (platform/audit/chain.ts), so
 * an edit made by someone who can drop the triggers still shows in `hadir audit verify`.
 * Rows written before this migration are chained here, in id order.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { chainHash, GENESIS } from '../../audit/chain.js';
import type { ChainedFields } from '../../audit/chain.js';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

async function up(db: Db): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  let prev = GENESIS;
  let after = 0;
  for (;;) {
    const rows = await sql<ChainedFields & { id: number }>`
      select id, at, actor_account_id, actor_label, action, target, detail from audit_log
      where id > ${after} order by id limit 1000`.execute(db);
    if (rows.rows.length === 0) break;
    for (const r of rows.rows) {
      prev = chainHash(prev, r);
      await sql`update audit_log set hash = ${prev} where id = ${r.id}`.execute(db);
      after = Number(r.id);
    }
  }
  if (pg) {
    await sql`alter table audit_log alter column hash set not null`.execute(db);
    await sql`
      create function audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only';
      end
      $$`.execute(db);
    await sql`create trigger audit_log_no_change before update or delete on audit_log
      for each row execute function audit_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_append_only()`.execute(db);
  } else {
    // SQLite cannot add NOT NULL to a column: a trigger refuses unchained rows instead.
    await sql`create trigger audit_log_hash_required before insert on audit_log
      when new.hash is null or length(new.hash) <> 64
      begin select raise(abort, 'audit_log rows must be chained'); end`.execute(db);
    for (const op of ['update', 'delete']) {
      await sql`create trigger ${sql.raw(`audit_log_no_${op}`)} before ${sql.raw(op)} on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    }
  }
}

async function down(db: Db): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger audit_log_no_change on audit_log`.execute(db);
    await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
    await sql`drop function audit_append_only()`.execute(db);
  } else {
    for (const t of ['audit_log_hash_required', 'audit_log_no_update', 'audit_log_no_delete']) {
      await sql`drop trigger ${sql.raw(t)}`.execute(db);
    }
  }
  await db.schema.alterTable('audit_log').dropColumn('hash').execute();
}

export const auditChain: Migration = { up, down };
