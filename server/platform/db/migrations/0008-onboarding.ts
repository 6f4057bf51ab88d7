/**
 * Onboarding a regency (issue 12): what units, employees and work sites need beyond the
 * first schema.
 *
 * - units: the kinds kecamatan and kelurahan; the region's own code (kode unit kerja,
 *   unique when set); `closed_from`, the first date the unit no longer exists.
 * - employees: rank (golongan), the date attendance starts, and `inactive_from`, the
 *   first date the person no longer works here (pensiun, mutasi keluar), with a reason.
 * - employee_placements: which unit a person belongs to from which date. A move is a new
 *   placement from a date, so a recap of an earlier month still finds the person in the
 *   unit they were in then; `employees.unit_id` is the placement in force today.
 * - locations: a mode (office, wfh, dinas_luar), an active date range, the letter of
 *   assignment for dinas luar, and `employee_id` for a site of one person.
 * - employee_locations: `inherited` marks links derived from the unit tree (a unit's
 *   sites reach everyone below it that has none closer), kept in step by the sites
 *   service; links with 0 were assigned by hand.
 *
 * employee_placements bumps directory_version like the tables of 0002 and 0007, so
 * every process's check-in directory hears of a move at once.
 *
 * SQLite cannot change a CHECK constraint in place, so `units` is rebuilt there (the
 * documented twelve-step procedure: foreign keys off, copy, swap, check, foreign keys
 * on); PostgreSQL swaps the constraint.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const OLD_KINDS = ['pemda', 'opd', 'bidang', 'upt', 'sekolah', 'puskesmas'];
const NEW_KINDS = [...OLD_KINDS, 'kecamatan', 'kelurahan'];
const list = (kinds: readonly string[]) => kinds.map((k) => `'${k}'`).join(', ');

/**
 * Rebuilds a SQLite table with its CREATE statement rewritten by `edit`, keeping its rows,
 * indexes and triggers (https://sqlite.org/lang_altertable.html#otheralter).
 */
async function rebuildSqliteTable(db: Db, table: string, edit: (createSql: string) => string): Promise<void> {
  const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master where tbl_name = ${table}`.execute(db);
  const create = rows.find((r) => r.type === 'table')?.sql;
  if (!create) throw new Error(`no table ${table}`);
  const extras = rows.filter((r) => r.type !== 'table' && r.sql !== null).map((r) => r.sql as string);
  const tmp = `${table}__new`;
  const rewritten = edit(create).replace(/^CREATE TABLE\s+("?)[^\s("]+\1/i, `CREATE TABLE "${tmp}"`);
  if (rewritten === create) throw new Error(`rebuild of ${table} changed nothing`);
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await sql.raw(rewritten).execute(db);
      await sql.raw(`insert into "${tmp}" select * from "${table}"`).execute(db);
      await sql.raw(`drop table "${table}"`).execute(db);
      await sql.raw(`alter table "${tmp}" rename to "${table}"`).execute(db);
      for (const s of extras) await sql.raw(s).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`rebuild of ${table} broke foreign keys`);
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

async function setUnitKinds(db: Db, from: readonly string[], to: readonly string[]): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table units drop constraint units_kind_check`.execute(db);
    await sql
      .raw(`alter table units add constraint units_kind_check check (kind in (${list(to)}))`)
      .execute(db);
    return;
  }
  await rebuildSqliteTable(db, 'units', (create) => {
    // Kysely writes the list as "kind" in ('pemda', 'opd', …).
    const old = /("?kind"?\s+in\s*\()([^)]*)\)/i;
    if (!old.test(create)) throw new Error('units: kind check not found');
    return create.replace(old, `$1${list(to)})`);
  });
  void from;
}

const PLACEMENT_TRIGGER_OPS = ['insert', 'update', 'delete'] as const;

async function up(db: Db): Promise<void> {
  const pg = isPostgres(db);
  await setUnitKinds(db, OLD_KINDS, NEW_KINDS);
  await db.schema.alterTable('units').addColumn('code', 'text').execute();
  await db.schema.alterTable('units').addColumn('closed_from', 'text').execute();
  await db.schema
    .createIndex('units_code_key')
    .on('units')
    .column('code')
    .unique()
    .where(sql.ref('code'), 'is not', null)
    .execute();

  await db.schema.alterTable('employees').addColumn('rank', 'text').execute();
  await db.schema.alterTable('employees').addColumn('attendance_from', 'text').execute();
  await db.schema.alterTable('employees').addColumn('inactive_from', 'text').execute();
  await db.schema.alterTable('employees').addColumn('inactive_reason', 'text').execute();

  await db.schema
    .createTable('employee_placements')
    .addColumn('id', 'integer', (c) =>
      pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('employee_id', 'integer', (c) => c.notNull().references('employees.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addUniqueConstraint('employee_placements_employee_from_key', ['employee_id', 'from_date'])
    .execute();
  await db.schema
    .createIndex('employee_placements_unit_idx')
    .on('employee_placements')
    .columns(['unit_id', 'from_date'])
    .execute();
  // Everyone stored so far has been in their unit since before any recap.
  await sql`insert into employee_placements (employee_id, unit_id, from_date, created_at)
    select id, unit_id, '1900-01-01', 0 from employees`.execute(db);

  await db.schema
    .alterTable('locations')
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('office'))
    .execute();
  await db.schema.alterTable('locations').addColumn('valid_from', 'text').execute();
  await db.schema.alterTable('locations').addColumn('valid_to', 'text').execute();
  await db.schema.alterTable('locations').addColumn('letter', 'text').execute();
  await db.schema
    .alterTable('locations')
    .addColumn('employee_id', 'integer', (c) => c.references('employees.id'))
    .execute();
  await db.schema.createIndex('locations_employee_idx').on('locations').column('employee_id').execute();
  await db.schema
    .alterTable('employee_locations')
    .addColumn('inherited', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  if (pg) {
    // directory_changed() comes from migration 0002.
    await sql`create trigger employee_placements_directory_changed
      after insert or update or delete on employee_placements
      for each statement execute function directory_changed()`.execute(db);
  } else {
    for (const op of PLACEMENT_TRIGGER_OPS) {
      await sql`create trigger ${sql.raw(`employee_placements_directory_${op}`)} after ${sql.raw(op)} on employee_placements
        begin update directory_version set version = version + 1 where id = 1; end`.execute(db);
    }
  }
}

async function down(db: Db): Promise<void> {
  const pg = isPostgres(db);
  if (pg) await sql`drop trigger employee_placements_directory_changed on employee_placements`.execute(db);
  else {
    for (const op of PLACEMENT_TRIGGER_OPS) {
      await sql`drop trigger ${sql.raw(`employee_placements_directory_${op}`)}`.execute(db);
    }
  }
  await db.schema.alterTable('employee_locations').dropColumn('inherited').execute();
  await db.schema.dropIndex('locations_employee_idx').execute();
  for (const c of ['employee_id', 'letter', 'valid_to', 'valid_from', 'mode']) {
    await db.schema.alterTable('locations').dropColumn(c).execute();
  }
  await db.schema.dropTable('employee_placements').execute();
  for (const c of ['inactive_reason', 'inactive_from', 'attendance_from', 'rank']) {
    await db.schema.alterTable('employees').dropColumn(c).execute();
  }
  await db.schema.dropIndex('units_code_key').execute();
  await db.schema.alterTable('units').dropColumn('closed_from').execute();
  await db.schema.alterTable('units').dropColumn('code').execute();
  await sql`delete from units where kind in ('kecamatan', 'kelurahan')`.execute(db);
  await setUnitKinds(db, NEW_KINDS, OLD_KINDS);
}

export const onboarding: Migration = { up, down };
