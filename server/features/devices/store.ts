/** Enrolled phones (migration 0003): one row each, status pending → active → revoked. */
import type { Kysely } from 'kysely';
import type { DeviceStatus, DeviceView } from '../../../core/wire.js';
import type { Database, DeviceRow, DevicesTable } from '../../platform/db/schema.js';
import type { Insertable } from 'kysely';

export function deviceView(r: DeviceRow): DeviceView {
  return {
    id: r.id,
    employeeId: r.employee_id,
    label: r.label,
    status: r.status as DeviceStatus,
    createdAt: new Date(r.created_at).toISOString(),
    approvedAt: r.approved_at === null ? null : new Date(r.approved_at).toISOString(),
  };
}

export async function insertDevice(db: Kysely<Database>, d: Insertable<DevicesTable>): Promise<void> {
  await db.insertInto('devices').values(d).execute();
}

/** Many devices in as few statements as the parameter limits allow (seeding, benchmarks). */
export async function insertDevices(
  db: Kysely<Database>,
  ds: readonly Insertable<DevicesTable>[],
): Promise<void> {
  const perStatement = Math.floor(32766 / 9);
  for (let i = 0; i < ds.length; i += perStatement) {
    await db
      .insertInto('devices')
      .values(ds.slice(i, i + perStatement))
      .execute();
  }
}

export async function getDevice(db: Kysely<Database>, id: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countEmployeeDevices(db: Kysely<Database>, employeeId: number): Promise<number> {
  const r = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('employee_id', '=', employeeId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Devices with `status`, of employees in `unitIds` (null: every unit), oldest first. */
export async function listDevices(
  db: Kysely<Database>,
  opts: { status: DeviceStatus | null; unitIds: readonly number[] | null; employeeId?: number },
): Promise<DeviceRow[]> {
  let q = db
    .selectFrom('devices')
    .innerJoin('employees', 'employees.id', 'devices.employee_id')
    .selectAll('devices');
  if (opts.status !== null) q = q.where('devices.status', '=', opts.status);
  if (opts.employeeId !== undefined) q = q.where('devices.employee_id', '=', opts.employeeId);
  if (opts.unitIds !== null) {
    if (opts.unitIds.length === 0) return [];
    q = q.where('employees.unit_id', 'in', opts.unitIds);
  }
  return q.orderBy('devices.created_at').orderBy('devices.id').limit(1000).execute();
}

export async function setDeviceStatus(
  db: Kysely<Database>,
  id: string,
  change:
    | { status: 'active'; approved_at: number; approved_by: number | null }
    | { status: 'revoked'; revoked_at: number },
): Promise<void> {
  await db.updateTable('devices').set(change).where('id', '=', id).execute();
}

/** Non-revoked devices, a page at a time after `afterId` (for the cache's warm start). */
export async function listLiveDevices(
  db: Kysely<Database>,
  afterId: string,
  limit: number,
): Promise<DeviceRow[]> {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('status', '!=', 'revoked')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
