/**
 * An admin's review of a punch (issue 10 item 5): `punch_reviews` holds one row per
 * decision — the punch, accepted or rejected, the reason (required, not blank), the
 * deciding account and the instant. An app punch outside the fence that the rule set
 * does not count by itself counts once accepted; a rejected punch never counts
 * (core/attendance/review.ts).
 *
 * Append-only like punches (0001) and the audit log (0014): triggers refuse UPDATE and
 * DELETE (and TRUNCATE on PostgreSQL). An admin who changes their mind adds a new row;
 * the latest decision of a punch (greatest decided_at, then id) is the one that counts,
 * and every earlier one stays for the record beside its audit entry.
 *
 * A partial index on the punches outside the fence, by work date, serves the admins'
 * review queue.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

async function up(db: Db): Promise<void> {
  const pg = isPostgres(db);
  const table = db.schema.createTable('punch_reviews');
  // Integer surrogate key as in 0001: identity / AUTOINCREMENT (ids never reused).
  await (
    pg
      ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('punch_id', 'text', (c) => c.notNull().references('punches.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('decided_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('punch_reviews_decision_check', sql`decision in ('accepted', 'rejected')`)
    .addCheckConstraint('punch_reviews_reason_check', sql`length(trim(reason)) > 0`)
    .execute();
  await db.schema
    .createIndex('punch_reviews_punch_idx')
    .on('punch_reviews')
    .columns(['punch_id', 'decided_at'])
    .execute();
  // The review queue reads the outside punches of a period: few rows of a large table.
  // (A migration that rebuilds punches on SQLite must recreate this index, as 0010 does.)
  await db.schema
    .createIndex('punches_outside_date_idx')
    .on('punches')
    .column('work_date')
    .where(sql.ref('fence_status'), '=', 'outside')
    .execute();

  if (pg) {
    await sql`
      create function punch_reviews_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'punch_reviews is append-only';
      end
      $$`.execute(db);
    await sql`create trigger punch_reviews_no_change before update or delete on punch_reviews
      for each row execute function punch_reviews_append_only()`.execute(db);
    await sql`create trigger punch_reviews_no_truncate before truncate on punch_reviews
      for each statement execute function punch_reviews_append_only()`.execute(db);
  } else {
    for (const op of ['update', 'delete']) {
      await sql`create trigger ${sql.raw(`punch_reviews_no_${op}`)} before ${sql.raw(op)} on punch_reviews
        begin select raise(abort, 'punch_reviews is append-only'); end`.execute(db);
    }
  }
}

async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('punches_outside_date_idx').execute();
  // Dropping the table drops its triggers on both engines.
  await db.schema.dropTable('punch_reviews').execute();
  if (isPostgres(db)) await sql`drop function punch_reviews_append_only()`.execute(db);
}

export const punchReviews: Migration = { up, down };
