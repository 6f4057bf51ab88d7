/**
 * The first schema: every table of schema.ts, on SQLite and PostgreSQL alike.
 *
 * Types are chosen so both engines hand back the same JS values: instants `bigint`
 * (epoch ms; PostgreSQL int8 is parsed to number in connect.ts), dates `text`,
 * booleans `integer` 0/1, coordinates `double precision` (REAL in SQLite), structured
 * values JSON `text`. Only ids, the path index and the append-only triggers differ.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Integer surrogate key: AUTOINCREMENT (ids never reused) / identity. */
function withId<T extends string>(db: Db, t: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

const bool = (column: string) => sql`${sql.ref(column)} in (0, 1)`;
const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

async function up(db: Db): Promise<void> {
  const pg = isPostgres(db);

  await withId(db, db.schema.createTable('units'))
    .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'units_kind_check',
      oneOf('kind', ['pemda', 'opd', 'bidang', 'upt', 'sekolah', 'puskesmas']),
    )
    .execute();
  await db.schema.createIndex('units_parent_idx').on('units').column('parent_id').execute();
  // Subtrees are `path LIKE '/1/4/%'`; PostgreSQL needs text_pattern_ops to use an index
  // for a prefix LIKE under a non-C collation. SQLite's units table is small either way.
  if (pg) await sql`create index units_path_idx on units (path text_pattern_ops)`.execute(db);
  else await db.schema.createIndex('units_path_idx').on('units').column('path').execute();

  await withId(db, db.schema.createTable('employees'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('nip', 'text')
    .addColumn('internal_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('employees_kind_check', oneOf('kind', ['pns', 'pppk', 'non_asn']))
    .addCheckConstraint('employees_active_check', bool('active'))
    .execute();
  await db.schema
    .createIndex('employees_nip_key')
    .on('employees')
    .column('nip')
    .unique()
    .where(sql.ref('nip'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('employees_internal_id_key')
    .on('employees')
    .column('internal_id')
    .unique()
    .where(sql.ref('internal_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('employees_unit_idx').on('employees').column('unit_id').execute();

  await withId(db, db.schema.createTable('accounts'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('employee_id', 'integer', (c) => c.references('employees.id'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('accounts_role_check', oneOf('role', ['employee', 'unit_admin', 'agency_admin']))
    .addCheckConstraint('accounts_active_check', bool('active'))
    .execute();
  await db.schema.createIndex('accounts_employee_idx').on('accounts').column('employee_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('refresh_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema
    .createIndex('sessions_refresh_hash_key')
    .on('sessions')
    .column('refresh_hash')
    .unique()
    .execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();

  await withId(db, db.schema.createTable('locations'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('shape', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('radius_m', 'double precision')
    .addColumn('polygon', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'locations_shape_check',
      sql`(shape = 'circle' and lat is not null and lon is not null and radius_m is not null)
          or (shape = 'polygon' and polygon is not null)`,
    )
    .addCheckConstraint('locations_active_check', bool('active'))
    .execute();
  await db.schema.createIndex('locations_unit_idx').on('locations').column('unit_id').execute();

  await db.schema
    .createTable('employee_locations')
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id').onDelete('cascade'))
    .addColumn('location_id', 'integer', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('employee_locations_pkey', ['employee_id', 'location_id'])
    .execute();
  await db.schema
    .createIndex('employee_locations_location_idx')
    .on('employee_locations')
    .column('location_id')
    .execute();

  await withId(db, db.schema.createTable('schedules'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('days', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('schedules_unit_from_idx')
    .on('schedules')
    .columns(['unit_id', 'effective_from'])
    .execute();

  // Punches are the event log: a snapshot of the verdict at capture, never edited.
  // location_id has no foreign key on purpose: the row keeps location_name as it was.
  await db.schema
    .createTable('punches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('accuracy', 'double precision', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('work_date', 'text', (c) => c.notNull())
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('local_time', 'text', (c) => c.notNull())
    .addColumn('fence_status', 'text', (c) => c.notNull())
    .addColumn('location_id', 'integer')
    .addColumn('location_name', 'text')
    .addColumn('distance_m', 'double precision', (c) => c.notNull())
    .addColumn('by_accuracy', 'integer', (c) => c.notNull())
    .addColumn('window', 'text', (c) => c.notNull())
    .addColumn('late_minutes', 'integer', (c) => c.notNull())
    .addColumn('early_minutes', 'integer', (c) => c.notNull())
    .addColumn('scheduled_start', 'text')
    .addColumn('scheduled_end', 'text')
    .addColumn('flags', 'text', (c) => c.notNull())
    .addCheckConstraint('punches_kind_check', oneOf('kind', ['in', 'out']))
    .addCheckConstraint('punches_by_accuracy_check', bool('by_accuracy'))
    .execute();
  await db.schema
    .createIndex('punches_employee_date_idx')
    .on('punches')
    .columns(['employee_id', 'work_date'])
    .execute();
  await db.schema.createIndex('punches_date_idx').on('punches').column('work_date').execute();

  if (pg) {
    await sql`
      create function punches_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'punches are append-only';
      end
      $$`.execute(db);
    await sql`
      create trigger punches_no_change before update or delete on punches
      for each row execute function punches_append_only()`.execute(db);
    await sql`
      create trigger punches_no_truncate before truncate on punches
      for each statement execute function punches_append_only()`.execute(db);
  } else {
    await sql`
      create trigger punches_no_update before update on punches
      begin select raise(abort, 'punches are append-only'); end`.execute(db);
    await sql`
      create trigger punches_no_delete before delete on punches
      begin select raise(abort, 'punches are append-only'); end`.execute(db);
  }

  // No foreign key on the actor: the audit trail outlives whatever it mentions.
  await withId(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_account_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
}

async function down(db: Db): Promise<void> {
  for (const table of [
    'audit_log',
    'punches',
    'schedules',
    'employee_locations',
    'locations',
    'sessions',
    'accounts',
    'employees',
    'units',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (isPostgres(db)) await sql`drop function punches_append_only()`.execute(db);
}

export const init: Migration = { up, down };
