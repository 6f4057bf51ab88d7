/**
 * Fingerprint machines speaking the ADMS push protocol (issue 15, core/machines/adms.ts).
 *
 * - `machines`: the registry, one row per serial number. A serial first seen is held as
 *   `pending` (its uploads are kept, never turned into punches) until an admin accepts
 *   it into a work site, whose zone reads its clock. Last contact, firmware, the
 *   clock drift measured at each upload with its alarm, and the upload stamps the
 *   handshake hands back (so a machine that restarts does not send everything again).
 * - `machine_pins`: which employee a PIN on a machine is, for one machine or for every
 *   machine of a site (a machine's own mapping wins).
 * - `machine_records`: every ATTLOG line received, keyed by (machine, PIN, time) so a
 *   batch sent again stores nothing new, with what became of it (a punch, the same
 *   punch as a press a moment before, held until the machine is accepted or the PIN is
 *   mapped, refused for a clock in the future or too old).
 * - `machine_commands`: commands queued for a machine (`DATA UPDATE USERINFO`, `DATA
 *   QUERY ATTLOG`), when they were fetched and what the machine answered.
 * - `machine_reconciliations` and `machine_reconcile_lines`: a day's log asked again
 *   and the lines the machine sent for it (and whether Hadir first heard of a line
 *   then), to show what differs from Hadir's.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

function withId<T extends string>(db: Db, t: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/** What became of a received line (server/features/machines/ingest.ts). */
const OUTCOMES = ['stored', 'same_punch', 'held', 'unknown_pin', 'future', 'too_old', 'inactive'] as const;

async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('machines')
    .addColumn('serial', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('site_id', 'integer', (c) => c.references('locations.id'))
    .addColumn('zone', 'text')
    .addColumn('firmware', 'text')
    .addColumn('push_version', 'text')
    .addColumn('address', 'text')
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_contact_at', 'bigint', (c) => c.notNull())
    .addColumn('drift_ms', 'bigint')
    .addColumn('drift_measured_at', 'bigint')
    .addColumn('drift_alarm', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted_at', 'bigint')
    .addColumn('accepted_by', 'integer')
    .addColumn('attlog_stamp', 'text')
    .addColumn('operlog_stamp', 'text')
    .addCheckConstraint('machines_status_check', oneOf('status', ['pending', 'active', 'retired']))
    .addCheckConstraint(
      'machines_site_check',
      sql`status <> 'active' or (site_id is not null and zone is not null)`,
    )
    .addCheckConstraint('machines_drift_alarm_check', sql`drift_alarm in (0, 1)`)
    .execute();
  await db.schema.createIndex('machines_site_idx').on('machines').column('site_id').execute();

  await withId(db, db.schema.createTable('machine_pins'))
    .addColumn('machine_serial', 'text', (c) => c.references('machines.serial'))
    .addColumn('site_id', 'integer', (c) => c.references('locations.id'))
    .addColumn('pin', 'text', (c) => c.notNull())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addCheckConstraint('machine_pins_scope_check', sql`(machine_serial is null) <> (site_id is null)`)
    .execute();
  await db.schema
    .createIndex('machine_pins_machine_key')
    .on('machine_pins')
    .columns(['machine_serial', 'pin'])
    .unique()
    .where(sql.ref('machine_serial'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('machine_pins_site_key')
    .on('machine_pins')
    .columns(['site_id', 'pin'])
    .unique()
    .where(sql.ref('site_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('machine_pins_employee_idx').on('machine_pins').column('employee_id').execute();

  await db.schema
    .createTable('machine_records')
    .addColumn('machine_serial', 'text', (c) => c.notNull().references('machines.serial'))
    .addColumn('pin', 'text', (c) => c.notNull())
    .addColumn('local_time', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('verify', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('punch_id', 'text')
    .addPrimaryKeyConstraint('machine_records_pkey', ['machine_serial', 'pin', 'local_time'])
    .addCheckConstraint('machine_records_outcome_check', oneOf('outcome', OUTCOMES))
    .execute();
  await db.schema
    .createIndex('machine_records_time_idx')
    .on('machine_records')
    .columns(['machine_serial', 'local_time'])
    .execute();
  await db.schema
    .createIndex('machine_records_waiting_idx')
    .on('machine_records')
    .columns(['machine_serial', 'outcome'])
    .execute();

  await withId(db, db.schema.createTable('machine_commands'))
    .addColumn('machine_serial', 'text', (c) => c.notNull().references('machines.serial'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('sent_at', 'bigint')
    .addColumn('replied_at', 'bigint')
    .addColumn('reply_code', 'integer')
    .addCheckConstraint('machine_commands_kind_check', oneOf('kind', ['user_info', 'query_attlog']))
    .execute();
  await db.schema
    .createIndex('machine_commands_open_idx')
    .on('machine_commands')
    .columns(['machine_serial', 'id'])
    .where(sql.ref('replied_at'), 'is', null)
    .execute();

  await withId(db, db.schema.createTable('machine_reconciliations'))
    .addColumn('machine_serial', 'text', (c) => c.notNull().references('machines.serial'))
    .addColumn('work_date', 'text', (c) => c.notNull())
    .addColumn('start_local', 'text', (c) => c.notNull())
    .addColumn('end_local', 'text', (c) => c.notNull())
    .addColumn('command_id', 'integer', (c) => c.notNull().references('machine_commands.id'))
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('requested_by', 'integer')
    .execute();
  await db.schema
    .createIndex('machine_reconciliations_machine_idx')
    .on('machine_reconciliations')
    .columns(['machine_serial', 'id'])
    .execute();

  await db.schema
    .createTable('machine_reconcile_lines')
    .addColumn('reconciliation_id', 'integer', (c) => c.notNull().references('machine_reconciliations.id'))
    .addColumn('pin', 'text', (c) => c.notNull())
    .addColumn('local_time', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'integer', (c) => c.notNull())
    .addCheckConstraint('machine_reconcile_lines_first_seen_check', sql`first_seen in (0, 1)`)
    .addPrimaryKeyConstraint('machine_reconcile_lines_pkey', ['reconciliation_id', 'pin', 'local_time'])
    .execute();
}

async function down(db: Db): Promise<void> {
  await db.schema.dropTable('machine_reconcile_lines').execute();
  await db.schema.dropTable('machine_reconciliations').execute();
  await db.schema.dropTable('machine_commands').execute();
  await db.schema.dropTable('machine_records').execute();
  await db.schema.dropTable('machine_pins').execute();
  await db.schema.dropTable('machines').execute();
}

export const machines: Migration = { up, down };
