/**
 * A punch dated into the past (issue 9 item 2): the server decides at ingest whether a
 * capture's time rests on the phone's claim, and stores why (core/attendance/review.ts
 * timeCauseOf), so the rule set in force can decide at read time what it does for pay:
 * - `punches.time_cause`: 'time_unverified' | 'capture_delayed' | 'contact_gap', or null
 *   when the time is the server's, an anchor's, or vouched for by a prompt receipt;
 * - `punches.contact_at`: the device's latest contact with the server after the capture
 *   and before its receipt, as the server knew it at ingest (the evidence the review
 *   queue shows); null when none was known.
 * - `device_contacts`: one row per device (or per employee, for captures bound to no
 *   device), the latest time it talked to the server without delivering a new punch
 *   (check-ins/contacts.ts). Contacts that delivered a punch are the punches themselves
 *   (device_id, received_at), so the peak path writes nothing more.
 *
 * Plain ADD COLUMN on both engines (no rebuild of punches: its indexes and triggers stay).
 * A partial index on the punches whose time is in doubt, by work date, serves the review
 * queue as 0022's serves the outside ones.
 */
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

async function up(db: Db): Promise<void> {
  await db.schema
    .alterTable('punches')
    .addColumn('time_cause', 'text', (c) =>
      c.check(sql`time_cause in ('time_unverified', 'capture_delayed', 'contact_gap')`),
    )
    .execute();
  await db.schema.alterTable('punches').addColumn('contact_at', 'bigint').execute();
  await db.schema
    .createIndex('punches_time_cause_date_idx')
    .on('punches')
    .column('work_date')
    .where(sql.ref('time_cause'), 'is not', null)
    .execute();
  await db.schema
    .createTable('device_contacts')
    .addColumn('contact_key', 'text', (c) => c.primaryKey())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('contact_at', 'bigint', (c) => c.notNull())
    .execute();
}

async function down(db: Db): Promise<void> {
  await db.schema.dropTable('device_contacts').execute();
  await db.schema.dropIndex('punches_time_cause_date_idx').execute();
  await db.schema.alterTable('punches').dropColumn('contact_at').execute();
  await db.schema.alterTable('punches').dropColumn('time_cause').execute();
}

export const punchTimeCause: Migration = { up, down };
