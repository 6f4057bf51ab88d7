/**
 * The store contract: every store function, on SQLite and on PostgreSQL, through the
 * real migrations. One database per engine for the suite; each test makes its own rows.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Unit, WeeklySchedule, WorkDay } from '../../../core/model.js';
import { appendAudit, listAudit } from '../audit/audit.js';
import {
  findAccountByUsername,
  getAccount,
  insertAccount,
  setPassword,
} from '../../features/auth/accounts.store.js';
import {
  findSessionByRefreshHash,
  getSession,
  insertSession,
  revokeAccountSessions,
  revokeChain,
  revokeSession,
} from '../../features/auth/sessions.store.js';
import {
  countPunches,
  getPunch,
  insertPunch,
  insertPunches,
  latePunchCutoff,
  listPunches,
  PUNCHES_PER_STATEMENT,
} from '../../features/check-ins/store.js';
import { punchWriter } from '../../features/check-ins/punch-writer.js';
import {
  countEmployees,
  findEmployeeByInternalId,
  findEmployeeByNip,
  getEmployee,
  insertEmployee,
  listEmployees,
} from '../../features/employees/store.js';
import {
  assignLocation,
  insertLocation,
  listLocations,
  listLocationsForEmployee,
} from '../../features/sites/store.js';
import { getUnit, insertUnit, listUnits, subtreeUnitIds } from '../../features/units/store.js';
import { insertSchedule, listSchedules } from '../../features/schedules/store.js';
import { engineOf, ENGINES, openTestDatabase, type TestTarget } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { isForeignKeyViolation, isUniqueViolation, openDatabase } from './engine.js';
import { currentMigration, migrateToLatest } from './migrate.js';
import { MIGRATIONS, migrationProvider } from './migrations/index.js';
import type { Database, NewPunchRow } from './schema.js';

/** The rejection of `p`; fails the test if `p` resolves. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the operation to be refused');
}

/** 2038-01-19T03:14:08Z, one second past the signed 32-bit seconds limit, plus some ms. */
const AFTER_2038_MS = 2 ** 31 * 1000 + 1234;

const OFFICE_HOURS: WorkDay = {
  start: 450,
  end: 960,
  checkInFrom: 360,
  checkInUntil: 600,
  checkOutFrom: 900,
  checkOutUntil: 1200,
};

let serial = 0;
/** A unique 18-digit NIP-shaped string (the store does not validate NIPs). */
function nextNip(): string {
  serial += 1;
  return `19850312201001${String(1000 + serial).padStart(4, '0')}`.slice(0, 18);
}

function punchRow(employeeId: number, over: Partial<NewPunchRow> = {}): NewPunchRow {
  return {
    id: randomUUID(),
    employee_id: employeeId,
    kind: 'in',
    source: 'app',
    captured_at: 1_767_225_600_000,
    received_at: 1_767_225_601_500,
    lat: -6.175392,
    lon: 106.827153,
    accuracy: 12.5,
    request_hash: 'a'.repeat(64),
    work_date: '2026-01-01',
    zone: 'Asia/Jakarta',
    local_time: '07:20:00',
    fence_status: 'inside',
    location_id: null,
    location_name: null,
    distance_m: 0,
    by_accuracy: 0,
    window: 'ok',
    late_minutes: 0,
    early_minutes: 0,
    scheduled_start: '07:30',
    scheduled_end: '16:00',
    flags: '[]',
    // Migration 0003: null as on rows stored before it.
    time_of_record: null,
    time_source: null,
    anchor_time: null,
    elapsed_ms: null,
    device_id: null,
    photo_sha256: null,
    photo_bytes: null,
    // Migration 0010: the app has no terminal.
    terminal_id: null,
    time_uncertainty_ms: null,
    time_cause: null,
    contact_at: null,
    ...over,
  };
}

// And once more through PgBouncer in transaction pooling mode (Debian's pgbouncer).
const TARGETS: TestTarget[] = [...ENGINES, 'pgbouncer'];

describe.each(TARGETS)('store contract on %s', (target) => {
  const engine = engineOf(target);
  let t: TestDatabase;
  let root: Unit;
  let setupError: Error | undefined;

  beforeAll(async () => {
    try {
      t = await openTestDatabase(target);
      root = await insertUnit(t.db, {
        parentId: null,
        name: 'Pemda Kab. Contoh',
        kind: 'pemda',
        zone: 'Asia/Jakarta',
      });
    } catch (err) {
      setupError = err instanceof Error ? err : new Error(String(err));
    }
  });
  // An engine that cannot be reached fails every test with the reason; nothing is skipped.
  beforeEach(() => {
    if (setupError !== undefined) throw setupError;
  });
  afterAll(async () => {
    await t?.drop();
  });

  const unit = (name: string, parentId: number | null = root.id, kind: Unit['kind'] = 'opd') =>
    insertUnit(t.db, { parentId, name, kind, zone: 'Asia/Makassar' });

  const employee = async (unitId?: number) =>
    insertEmployee(t.db, {
      kind: 'pns',
      nip: nextNip(),
      internalId: null,
      name: 'Siti Aminah',
      unitId: unitId ?? root.id,
      position: 'Analis Kepegawaian',
      active: true,
    });

  describe('migrations', () => {
    const names = Object.keys(MIGRATIONS);
    const latest = names[names.length - 1];

    it('apply every migration to an empty database once, and nothing on a second run', async () => {
      const fresh = await openTestDatabase(target, { migrate: false });
      try {
        expect(fresh.engine).toBe(engine);
        expect(await currentMigration(fresh)).toBeNull();
        expect(names[0]).toBe('0001-init');
        expect(await migrateToLatest(fresh)).toEqual({ applied: names, current: latest });
        expect(await migrateToLatest(fresh)).toEqual({ applied: [], current: latest });
        expect(await currentMigration(fresh)).toBe(latest);
      } finally {
        await fresh.drop();
      }
    });

    it('report the latest applied migration on a migrated database', async () => {
      expect(await currentMigration(t)).toBe(latest);
      expect(await migrateToLatest(t)).toEqual({ applied: [], current: latest });
    });

    it('create every table of the schema, and every migration can be rolled back and reapplied', async () => {
      const fresh = await openTestDatabase(target);
      try {
        const tables: (keyof Database)[] = [
          'units',
          'employees',
          'accounts',
          'sessions',
          'locations',
          'employee_locations',
          'employee_placements',
          'schedules',
          'punches',
          'audit_log',
          'devices',
        ];
        for (const table of tables) {
          const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(fresh.db);
          expect(r.rows[0]?.n).toBe(0);
        }
        const migrator = new Migrator({ db: fresh.db, provider: migrationProvider });
        const down = await migrator.migrateTo(NO_MIGRATIONS);
        expect(down.error).toBeUndefined();
        expect(await currentMigration(fresh)).toBeNull();
        expect(await failure(sql`select count(*) from punches`.execute(fresh.db))).toBeInstanceOf(Error);
        expect((await migrateToLatest(fresh)).applied).toEqual(names);
      } finally {
        await fresh.drop();
      }
    });
  });

  describe('connection', () => {
    it('commits durably: WAL with synchronous FULL on SQLite, synchronous_commit on for PostgreSQL', async () => {
      if (engine === 'sqlite') {
        // The test databases run at NORMAL for speed; the default is what operators get.
        const dir = mkdtempSync(join(tmpdir(), 'hadir-sync-'));
        const h = openDatabase({ databaseUrl: null, dataDir: dir });
        try {
          const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(h.db);
          const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(h.db);
          expect(mode.rows[0]?.journal_mode).toBe('wal');
          expect(sync.rows[0]?.synchronous).toBe(2); // 2 = FULL
        } finally {
          await h.close();
          rmSync(dir, { recursive: true, force: true });
        }
      } else {
        const r = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(t.db);
        expect(r.rows[0]?.synchronous_commit).toBe('on');
      }
    });

    it('returns bigint columns and counts as JS numbers, exact to 2^53 - 1', async () => {
      const r = await sql<{
        big: number;
        n: number;
      }>`select cast(9007199254740991 as bigint) as big, count(*) as n from units`.execute(t.db);
      expect(r.rows[0]).toEqual({ big: Number.MAX_SAFE_INTEGER, n: expect.any(Number) as number });
    });

    if (engine === 'sqlite') {
      it('runs SQLite in WAL mode with foreign keys on and a busy timeout', async () => {
        const pragma = async (name: string) =>
          Object.values(
            (await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(t.db)).rows[0] ?? {},
          )[0];
        expect(await pragma('journal_mode')).toBe('wal');
        expect(await pragma('foreign_keys')).toBe(1);
        expect(await pragma('busy_timeout')).toBe(5000);
        expect(await pragma('synchronous')).toBe(1); // test databases use NORMAL
      });
    }

    if (engine === 'postgres') {
      it("parses int8 with the pool's own parser and leaves the global pg.types alone", () => {
        const globalInt8 = pg.types.getTypeParser(20, 'text') as (value: string) => unknown;
        expect(globalInt8('9007199254740993')).toBe('9007199254740993');
      });
    }
  });

  describe('units', () => {
    it('stores a tree with materialised paths and answers subtrees', async () => {
      const opd = await unit('Dinas Kesehatan');
      const pkm = await unit('Puskesmas Kota', opd.id, 'puskesmas');
      const bidang = await unit('Bidang P2P', opd.id, 'bidang');
      const deep = await unit('Seksi Surveilans', bidang.id, 'bidang');
      const other = await unit('Dinas Pendidikan');

      const paths = await t.db
        .selectFrom('units')
        .select(['id', 'path'])
        .where('id', 'in', [root.id, opd.id, deep.id])
        .orderBy('id')
        .execute();
      expect(paths).toEqual([
        { id: root.id, path: `/${root.id}/` },
        { id: opd.id, path: `/${root.id}/${opd.id}/` },
        { id: deep.id, path: `/${root.id}/${opd.id}/${bidang.id}/${deep.id}/` },
      ]);

      expect(await subtreeUnitIds(t.db, opd.id)).toEqual([opd.id, pkm.id, bidang.id, deep.id]);
      expect(await subtreeUnitIds(t.db, bidang.id)).toEqual([bidang.id, deep.id]);
      expect(await subtreeUnitIds(t.db, other.id)).toEqual([other.id]);
      expect(await subtreeUnitIds(t.db, root.id)).toEqual(
        expect.arrayContaining([root.id, opd.id, deep.id, other.id]),
      );
      expect(await subtreeUnitIds(t.db, 987_654)).toEqual([]);
    });

    it('reads units back as domain values', async () => {
      const opd = await unit('Badan Kepegawaian');
      expect(await getUnit(t.db, opd.id)).toStrictEqual({
        id: opd.id,
        parentId: root.id,
        name: 'Badan Kepegawaian',
        kind: 'opd',
        zone: 'Asia/Makassar',
        code: null,
        closedFrom: null,
        attendanceFrom: null,
      });
      expect(await getUnit(t.db, 987_654)).toBeUndefined();
      const all = await listUnits(t.db);
      expect(all[0]).toStrictEqual(root);
      expect(all.map((u) => u.id)).toContain(opd.id);
      expect(all.map((u) => u.id)).toEqual([...all.map((u) => u.id)].sort((a, b) => a - b));
    });

    it('refuses a unit whose parent does not exist', async () => {
      expect(isForeignKeyViolation(await failure(unit('Yatim', 987_654)))).toBe(true);
    });

    it("runs inside the caller's transaction and rolls back with it", async () => {
      const err = await failure(
        t.db.transaction().execute(async (trx) => {
          await insertUnit(trx, { parentId: root.id, name: 'Dibatalkan', kind: 'opd', zone: 'Asia/Jakarta' });
          throw new Error('abort');
        }),
      );
      expect((err as Error).message).toBe('abort');
      expect((await listUnits(t.db)).map((u) => u.name)).not.toContain('Dibatalkan');
    });
  });

  describe('employees', () => {
    it('stores PNS by NIP and non-ASN by internal id, and finds them', async () => {
      const before = await countEmployees(t.db);
      const nip = nextNip();
      const pns = await insertEmployee(t.db, {
        kind: 'pns',
        nip,
        internalId: null,
        name: 'Budi Santoso',
        unitId: root.id,
        position: 'Kepala Seksi',
        active: true,
      });
      const internalId = `NA-2026-${randomUUID().slice(0, 8)}`;
      const nonAsn = await insertEmployee(t.db, {
        kind: 'non_asn',
        nip: null,
        internalId,
        name: 'Rina',
        unitId: root.id,
        position: 'Pramu Kantor',
        active: false,
      });
      expect(await getEmployee(t.db, pns.id)).toStrictEqual(pns);
      expect(await getEmployee(t.db, nonAsn.id)).toStrictEqual({ ...nonAsn, active: false });
      expect(await findEmployeeByNip(t.db, nip)).toStrictEqual(pns);
      expect(await findEmployeeByNip(t.db, '000000000000000000')).toBeUndefined();
      expect(await findEmployeeByInternalId(t.db, internalId)).toStrictEqual(nonAsn);
      expect(await getEmployee(t.db, 987_654)).toBeUndefined();
      expect(await countEmployees(t.db)).toBe(before + 2);
    });

    it('refuses a second employee with the same NIP or internal id, but allows many without', async () => {
      const first = await employee();
      const dupNip = insertEmployee(t.db, { ...first, name: 'Orang Lain' });
      expect(isUniqueViolation(await failure(dupNip))).toBe(true);

      const internalId = `NA-${randomUUID()}`;
      const base = {
        kind: 'non_asn' as const,
        nip: null,
        name: 'Tenaga',
        unitId: root.id,
        position: 'Sopir',
        active: true,
      };
      await insertEmployee(t.db, { ...base, internalId });
      expect(isUniqueViolation(await failure(insertEmployee(t.db, { ...base, internalId })))).toBe(true);

      // NIP null (non-ASN) and internal id null (PNS) repeat freely.
      await insertEmployee(t.db, { ...base, internalId: `NA-${randomUUID()}` });
      await employee();
      await employee();
    });

    it('refuses an employee in a unit that does not exist', async () => {
      expect(isForeignKeyViolation(await failure(employee(987_654)))).toBe(true);
    });

    it('lists by unit, in id order, with limit and offset', async () => {
      const a = await unit('Unit A');
      const b = await unit('Unit B');
      const inA = [await employee(a.id), await employee(a.id), await employee(a.id)];
      const inB = await employee(b.id);
      expect(await listEmployees(t.db, { unitIds: [a.id] })).toStrictEqual(inA);
      expect(await listEmployees(t.db, { unitIds: [a.id, b.id] })).toStrictEqual([...inA, inB]);
      expect(await listEmployees(t.db, { unitIds: [a.id], limit: 2 })).toStrictEqual(inA.slice(0, 2));
      expect(await listEmployees(t.db, { unitIds: [a.id], limit: 2, offset: 1 })).toStrictEqual(inA.slice(1));
      expect(await listEmployees(t.db, { unitIds: [] })).toEqual([]);
      const all = await listEmployees(t.db, {});
      expect(all).toHaveLength(await countEmployees(t.db));
      expect(all).toEqual(expect.arrayContaining([inB]));
    });
  });

  describe('accounts and sessions', () => {
    const account = (username: string) =>
      insertAccount(t.db, {
        username,
        password_hash: 'scrypt$32768$8$1$c2FsdA==$aGFzaA==',
        role: 'employee',
        employee_id: null,
        unit_id: null,
        active: 1,
        created_at: AFTER_2038_MS,
        password_changed_at: AFTER_2038_MS,
      });

    it('stores accounts with unique usernames and changes passwords', async () => {
      const emp = await employee();
      const admin = await insertAccount(t.db, {
        username: 'admin.dinkes',
        password_hash: 'h1',
        role: 'unit_admin',
        employee_id: emp.id,
        unit_id: root.id,
        active: 1,
        created_at: 1_700_000_000_000,
        password_changed_at: 1_700_000_000_000,
      });
      expect(admin).toStrictEqual({
        id: expect.any(Number) as number,
        username: 'admin.dinkes',
        password_hash: 'h1',
        role: 'unit_admin',
        employee_id: emp.id,
        unit_id: root.id,
        active: 1,
        created_at: 1_700_000_000_000,
        password_changed_at: 1_700_000_000_000,
      });
      expect(await findAccountByUsername(t.db, 'admin.dinkes')).toStrictEqual(admin);
      expect(await findAccountByUsername(t.db, 'Admin.Dinkes')).toBeUndefined();
      expect(await getAccount(t.db, admin.id)).toStrictEqual(admin);
      expect(await getAccount(t.db, 987_654)).toBeUndefined();

      expect(isUniqueViolation(await failure(account('admin.dinkes')))).toBe(true);

      await setPassword(t.db, admin.id, 'h2', AFTER_2038_MS);
      expect(await getAccount(t.db, admin.id)).toStrictEqual({
        ...admin,
        password_hash: 'h2',
        password_changed_at: AFTER_2038_MS,
      });
    });

    it('stores sessions, finds them by refresh hash, revokes one or all', async () => {
      const alice = await account(`alice-${randomUUID()}`);
      const bob = await account(`bob-${randomUUID()}`);
      const session = (accountId: number, id = randomUUID()) => ({
        id,
        account_id: accountId,
        refresh_hash: randomUUID().replaceAll('-', ''),
        created_at: AFTER_2038_MS,
        expires_at: Number.MAX_SAFE_INTEGER,
        revoked_at: null,
        user_agent: null as string | null,
        successor_id: null,
        grace_used_at: null,
        chain_id: null as string | null,
        signed_in_at: null as number | null,
      });
      const a1 = { ...session(alice.id), user_agent: 'Mozilla/5.0 (iPhone)' };
      const a2 = session(alice.id);
      const a3 = session(alice.id);
      const b1 = session(bob.id);
      for (const s of [a1, a2, a3, b1]) await insertSession(t.db, s);

      expect(await getSession(t.db, a1.id)).toStrictEqual(a1);
      expect(await findSessionByRefreshHash(t.db, a2.refresh_hash)).toStrictEqual(a2);
      expect(await findSessionByRefreshHash(t.db, 'f'.repeat(64))).toBeUndefined();
      expect(await getSession(t.db, 'no-such-session')).toBeUndefined();

      expect(await revokeSession(t.db, a1.id, 1000)).toBe(true);
      expect(await revokeSession(t.db, a1.id, 2000)).toBe(false);
      expect((await getSession(t.db, a1.id))?.revoked_at).toBe(1000);

      expect(await revokeAccountSessions(t.db, alice.id, 3000)).toBe(2);
      expect((await getSession(t.db, a1.id))?.revoked_at).toBe(1000);
      expect((await getSession(t.db, a2.id))?.revoked_at).toBe(3000);
      expect((await getSession(t.db, a3.id))?.revoked_at).toBe(3000);
      expect(await getSession(t.db, b1.id)).toStrictEqual(b1);
      expect(await revokeAccountSessions(t.db, alice.id, 4000)).toBe(0);
    });

    it('revokes the live sessions of one chain only (migration 0023)', async () => {
      const dave = await account(`dave-${randomUUID()}`);
      const row = (id: string, chain: string, revoked: number | null) => ({
        id,
        account_id: dave.id,
        refresh_hash: randomUUID().replaceAll('-', ''),
        created_at: 1,
        expires_at: AFTER_2038_MS,
        revoked_at: revoked,
        user_agent: null,
        chain_id: chain,
        signed_in_at: 1,
      });
      const [c1, c2, c3, other] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await insertSession(t.db, row(c1, c1, 10));
      await insertSession(t.db, row(c2, c1, null));
      await insertSession(t.db, row(c3, c1, null));
      await insertSession(t.db, row(other, other, null));
      expect((await revokeChain(t.db, c1, 5000)).sort()).toEqual([c2, c3].sort());
      expect((await getSession(t.db, c1))?.revoked_at).toBe(10);
      expect((await getSession(t.db, c2))?.revoked_at).toBe(5000);
      expect((await getSession(t.db, other))?.revoked_at).toBeNull();
      expect(await revokeChain(t.db, c1, 6000)).toEqual([]);
    });

    it('refuses a session with a refresh hash already in use', async () => {
      const carol = await account(`carol-${randomUUID()}`);
      const s = {
        id: randomUUID(),
        account_id: carol.id,
        refresh_hash: 'e'.repeat(64),
        created_at: 1,
        expires_at: 2,
        revoked_at: null,
        user_agent: null,
      };
      await insertSession(t.db, s);
      expect(isUniqueViolation(await failure(insertSession(t.db, { ...s, id: randomUUID() })))).toBe(true);
    });
  });

  describe('locations', () => {
    it('round-trips circles and polygons exactly, and assigns them to employees', async () => {
      const u = await unit('Kecamatan Utara');
      const circle = await insertLocation(t.db, {
        unitId: u.id,
        name: 'Kantor Camat',
        zone: 'Asia/Makassar',
        shape: { type: 'circle', center: { lat: -5.147665123456789, lon: 119.43273196553 }, radiusM: 75.25 },
        active: true,
      });
      const polygon = await insertLocation(t.db, {
        unitId: u.id,
        name: 'Kompleks Perkantoran',
        zone: 'Asia/Makassar',
        shape: {
          type: 'polygon',
          points: [
            { lat: -5.1, lon: 119.4 },
            { lat: -5.1 + 0.1 + 0.2, lon: 119.400000000001 },
            { lat: -5.2, lon: 119.5 },
            { lat: 0, lon: -0.000001 },
          ],
        },
        active: false,
      });
      const elsewhere = await insertLocation(t.db, {
        unitId: root.id,
        name: 'Alun-alun',
        zone: 'Asia/Jakarta',
        shape: { type: 'circle', center: { lat: 1e-7, lon: 180 }, radiusM: 1 },
        active: true,
      });

      expect(await listLocations(t.db, [u.id])).toStrictEqual([circle, polygon]);
      expect(await listLocations(t.db, [])).toEqual([]);
      expect(await listLocations(t.db)).toEqual(expect.arrayContaining([circle, polygon, elsewhere]));

      const emp = await employee(u.id);
      expect(await listLocationsForEmployee(t.db, emp.id)).toEqual([]);
      await assignLocation(t.db, emp.id, polygon.id);
      await assignLocation(t.db, emp.id, circle.id);
      await assignLocation(t.db, emp.id, circle.id); // twice is harmless
      expect(await listLocationsForEmployee(t.db, emp.id)).toStrictEqual([circle, polygon]);

      const other = await employee(u.id);
      await assignLocation(t.db, other.id, elsewhere.id);
      expect(await listLocationsForEmployee(t.db, other.id)).toStrictEqual([elsewhere]);
      expect(isForeignKeyViolation(await failure(assignLocation(t.db, other.id, 987_654)))).toBe(true);
    });
  });

  describe('schedules', () => {
    it('round-trips weekly days, with days off as null, ordered by unit and start date', async () => {
      const u = await unit('Sekretariat Daerah');
      const friday: WorkDay = { ...OFFICE_HOURS, end: 990, checkOutFrom: 930 };
      const ramadan: Omit<WeeklySchedule, 'id'> = {
        unitId: u.id,
        name: 'Ramadan',
        effectiveFrom: '2026-02-18',
        days: [OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, friday, null, null],
      };
      const normal: Omit<WeeklySchedule, 'id'> = {
        unitId: u.id,
        name: 'Lima hari kerja',
        effectiveFrom: '2026-01-01',
        days: [OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, null, null],
      };
      const later = await insertSchedule(t.db, ramadan);
      const earlier = await insertSchedule(t.db, normal);
      expect(later).toStrictEqual({ id: expect.any(Number) as number, ...ramadan });

      expect(await listSchedules(t.db, [u.id])).toStrictEqual([earlier, later]);
      expect(await listSchedules(t.db, [])).toEqual([]);
      expect(await listSchedules(t.db)).toEqual(expect.arrayContaining([earlier, later]));
    });
  });

  describe('punches', () => {
    it('inserts once by id; a second insert with the same id changes nothing', async () => {
      const emp = await employee();
      const p = punchRow(emp.id, { flags: '["capture_delayed"]', location_name: 'Kantor', late_minutes: 3 });
      expect(await insertPunch(t.db, p)).toBe('inserted');
      expect(await insertPunch(t.db, { ...p, request_hash: 'b'.repeat(64), kind: 'out' })).toBe('exists');
      expect(await getPunch(t.db, p.id)).toStrictEqual(p);
      expect(await getPunch(t.db, randomUUID())).toBeUndefined();
    });

    it('round-trips every column exactly, instants past 2038 as numbers', async () => {
      const emp = await employee();
      const loc = await insertLocation(t.db, {
        unitId: root.id,
        name: 'Gedung A',
        zone: 'Asia/Jayapura',
        shape: { type: 'circle', center: { lat: -2.5, lon: 140.7 }, radiusM: 50 },
        active: true,
      });
      const p = punchRow(emp.id, {
        kind: 'out',
        source: 'kiosk',
        captured_at: AFTER_2038_MS,
        received_at: Number.MAX_SAFE_INTEGER,
        lat: -2.533333333333333,
        lon: 140.71666666666667,
        accuracy: 0.1 + 0.2,
        work_date: '2038-01-19',
        zone: 'Asia/Jayapura',
        local_time: '12:14:08',
        fence_status: 'outside',
        location_id: loc.id,
        location_name: 'Gedung A',
        distance_m: 1234.5678901234,
        by_accuracy: 1,
        window: 'before_window',
        late_minutes: 0,
        early_minutes: 226,
        scheduled_start: null,
        scheduled_end: null,
        flags: '["capture_delayed","clock_skew"]',
        time_of_record: AFTER_2038_MS + 1,
        time_source: 'anchor',
        anchor_time: AFTER_2038_MS - 60_000,
        elapsed_ms: 60_001,
        device_id: 'dev-0001',
        photo_sha256: 'b'.repeat(64),
        photo_bytes: 30_000,
        terminal_id: '0195f3a1-2b3c-7d4e-8f50-0123456789ab',
      });
      await insertPunch(t.db, p);
      const back = await getPunch(t.db, p.id);
      expect(back).toStrictEqual(p);
      expect(typeof back?.captured_at).toBe('number');
      expect(back?.captured_at).toBeGreaterThan(2 ** 31 * 1000);
    });

    it("lists an employee's punches in a date range in capture order", async () => {
      const emp = await employee();
      const other = await employee();
      const at = (date: string, ms: number, kind: 'in' | 'out') =>
        punchRow(emp.id, { work_date: date, captured_at: ms, kind });
      const d1out = at('2026-03-02', 1_772_442_000_000, 'out');
      const d1in = at('2026-03-02', 1_772_409_600_000, 'in');
      const d2in = at('2026-03-03', 1_772_496_000_000, 'in');
      const before = at('2026-03-01', 1_772_323_200_000, 'in');
      const after = at('2026-03-04', 1_772_582_400_000, 'in');
      for (const p of [d1out, after, d2in, before, d1in]) expect(await insertPunch(t.db, p)).toBe('inserted');
      await insertPunch(t.db, punchRow(other.id, { work_date: '2026-03-02' }));

      expect(await listPunches(t.db, emp.id, '2026-03-02', '2026-03-03')).toStrictEqual([d1in, d1out, d2in]);
      expect(await listPunches(t.db, emp.id, '2026-03-02', '2026-03-02')).toStrictEqual([d1in, d1out]);
      expect(await listPunches(t.db, emp.id, '2026-03-05', '2026-03-31')).toEqual([]);
      expect((await listPunches(t.db, emp.id, '2026-01-01', '2026-12-31')).map((p) => p.id)).toEqual(
        [before, d1in, d1out, d2in, after].map((p) => p.id),
      );
    });

    it('inserts many rows at once and returns only the ids that were new', async () => {
      const emp = await employee();
      const old1 = punchRow(emp.id);
      const old2 = punchRow(emp.id);
      await insertPunch(t.db, old1);
      await insertPunch(t.db, old2);
      const fresh = [punchRow(emp.id), punchRow(emp.id), punchRow(emp.id)];
      const before = await countPunches(t.db);

      const ids = await insertPunches(t.db, [
        fresh[0]!,
        { ...old1, kind: 'out' },
        fresh[1]!,
        { ...fresh[1]!, kind: 'out' }, // repeated within the batch: the first wins
        old2,
        fresh[2]!,
      ]);
      expect([...ids].sort()).toEqual(fresh.map((p) => p.id).sort());
      expect(await countPunches(t.db)).toBe(before + 3);
      expect(await getPunch(t.db, old1.id)).toStrictEqual(old1);
      expect(await getPunch(t.db, fresh[1]!.id)).toStrictEqual(fresh[1]);
      expect(await insertPunches(t.db, [])).toEqual([]);
      expect(await insertPunches(t.db, fresh)).toEqual([]);
    });

    it('splits a batch larger than one statement can bind', async () => {
      const emp = await employee();
      const batch = Array.from({ length: PUNCHES_PER_STATEMENT * 2 + 7 }, () => punchRow(emp.id));
      const before = await countPunches(t.db);
      const ids = await insertPunches(t.db, batch);
      expect(new Set(ids)).toEqual(new Set(batch.map((p) => p.id)));
      expect(await countPunches(t.db)).toBe(before + batch.length);
    });

    it('logs the employee of a punch stored days late to the change feed, and nothing for recent ones', async () => {
      const [late1, late2, recent] = [await employee(), await employee(), await employee()];
      const logged = async () =>
        (
          await t.db
            .selectFrom('change_log')
            .select(['topic', 'key'])
            .where('topic', '=', 'attendance')
            .execute()
        )
          .map((r) => r.key)
          .filter((k) => [late1.id, late2.id, recent.id].map(String).includes(k))
          .sort();
      const old = latePunchCutoff(Date.now());
      const today = new Date().toISOString().slice(0, 10);
      expect(await logged()).toEqual([]);
      // Every path a punch is stored by: one, a batch, and the write queue's bulk writer.
      await insertPunch(t.db, punchRow(recent.id, { work_date: today }));
      await insertPunch(t.db, punchRow(late1.id, { work_date: old }));
      await insertPunches(t.db, [
        punchRow(recent.id, { work_date: today }),
        punchRow(late2.id, { work_date: old }),
      ]);
      expect(await logged()).toEqual([String(late1.id), String(late2.id)].sort());
      const writer = punchWriter(t);
      try {
        const a = punchRow(late1.id, { work_date: '2026-01-05' });
        const stored = await writer.flush([
          a,
          punchRow(late1.id, { work_date: old }),
          punchRow(recent.id, { work_date: today }),
        ]);
        expect(stored.size).toBe(3);
        // Once per employee and batch; a punch already stored (a retry) logs nothing again.
        expect(await logged()).toEqual([String(late1.id), String(late1.id), String(late2.id)].sort());
        expect((await writer.flush([a])).size).toBe(0);
        expect(await logged()).toHaveLength(3);
      } finally {
        await writer.close();
      }
    });

    it('refuses to update or delete a stored punch', async () => {
      const emp = await employee();
      const p = punchRow(emp.id);
      await insertPunch(t.db, p);

      const update = await failure(
        t.db.updateTable('punches').set({ kind: 'out' }).where('id', '=', p.id).execute(),
      );
      expect(String((update as Error).message)).toMatch(/punches are append-only/);
      const del = await failure(t.db.deleteFrom('punches').where('id', '=', p.id).execute());
      expect(String((del as Error).message)).toMatch(/punches are append-only/);
      const delAll = await failure(t.db.deleteFrom('punches').execute());
      expect(String((delAll as Error).message)).toMatch(/punches are append-only/);

      expect(await getPunch(t.db, p.id)).toStrictEqual(p);
    });

    it('stores punches of sources without a position, and refuses an app punch without one', async () => {
      const emp = await employee();
      const noPosition = { lat: null, lon: null, accuracy: null };
      for (const source of ['fingerprint', 'kiosk', 'manual', 'import'] as const) {
        const p = punchRow(emp.id, { source, ...noPosition, terminal_id: source === 'manual' ? null : '7' });
        expect(await insertPunch(t.db, p)).toBe('inserted');
        expect(await getPunch(t.db, p.id)).toStrictEqual(p);
      }
      await expect(insertPunch(t.db, punchRow(emp.id, { ...noPosition }))).rejects.toThrow(
        /punches_app_location_check/,
      );
      // All three or none: half a position is a bug in the caller.
      await expect(
        insertPunch(t.db, punchRow(emp.id, { source: 'fingerprint', accuracy: null })),
      ).rejects.toThrow(/punches_location_check/);
      await expect(insertPunch(t.db, punchRow(emp.id, { source: 'machine' }))).rejects.toThrow(
        /punches_source_check/,
      );
    });

    it('refuses a punch for an unknown employee', async () => {
      expect(isForeignKeyViolation(await failure(insertPunch(t.db, punchRow(987_654))))).toBe(true);
    });
  });

  describe('audit log', () => {
    it('appends entries and lists the latest first', async () => {
      const entries = [
        {
          at: AFTER_2038_MS,
          actor_account_id: null,
          actor_label: 'cli',
          action: 'user.add',
          target: 'account:1',
          detail: '{}',
        },
        {
          at: AFTER_2038_MS + 1,
          actor_account_id: 1,
          actor_label: 'admin',
          action: 'employee.create',
          target: 'employee:7',
          detail: JSON.stringify({ nip: '198503122010011001', note: 'Petugas "baru"' }),
        },
        {
          at: AFTER_2038_MS + 2,
          actor_account_id: 1,
          actor_label: 'admin',
          action: 'x',
          target: 'y',
          detail: '{"n":1}',
        },
      ];
      for (const e of entries) await appendAudit(t.db, e);
      const latest = await listAudit(t.db, { limit: 2 });
      expect(latest.map(({ id: _id, hash: _hash, ...rest }) => rest)).toStrictEqual(
        [entries[2], entries[1]].map((e) => ({ ...e, request_id: null })),
      );
      // Each row carries its link in the chain (migration 0014): a SHA-256 in hex.
      for (const r of latest) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(latest[0]!.id).toBeGreaterThan(latest[1]!.id);
      expect(JSON.parse(latest[1]!.detail)).toEqual({ nip: '198503122010011001', note: 'Petugas "baru"' });
      expect(await listAudit(t.db, { limit: 100 })).toHaveLength(3);
    });
  });
});
