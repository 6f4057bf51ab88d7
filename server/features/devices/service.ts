/**
 * Device binding (DESIGN.md "Device binding"): an employee's first phone is active at
 * once; every later one waits for an admin of the employee's units, so a copied
 * password alone cannot punch from another phone. Admins see and decide only devices of
 * employees inside their scope; every decision goes to the audit trail.
 */
import { randomBytes } from 'node:crypto';
import { PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { uuidV7 } from '../../../core/uuid.js';
import type { DeviceEnrolResponse, DeviceStatus, DeviceView } from '../../../core/wire.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { authorize, scopeOf, unitFilter } from '../../platform/access/access.js';
import type { TokenClaims } from '../../platform/crypto/token.js';
import type { Database } from '../../platform/db/schema.js';
import type { DeviceCache } from './cache.js';
import {
  countEmployeeDevices,
  deviceView,
  getDevice,
  insertDevice,
  listDevices,
  setDeviceStatus,
} from './store.js';

export interface DeviceDeps {
  db: Kysely<Database>;
  now: () => number;
  cache: DeviceCache;
  /**
   * Bounds on enrolment (HADIR_DEVICE_MAX_PER_EMPLOYEE, HADIR_DEVICE_ENROL_PER_DAY):
   * phones active or pending at once, and enrolments within 24 hours. Default 3 and 5.
   */
  limits?: { live: number; perDay: number };
}

const DAY_MS = 86_400_000;

function actor(claims: TokenClaims): { actor_account_id: number; actor_label: string } {
  return { actor_account_id: claims.sub, actor_label: claims.role };
}

/**
 * Enrols a phone for the signed-in employee and hands out its key (once: it is not shown
 * again). Bounded (OWASP ASVS 5.0 2.4.1, anti-automation): a stolen password cannot fill
 * the admins' approval queue or the devices table. An employee holds at most
 * `limits.live` phones active or pending (409 device_limit: an admin revokes old ones
 * first), and enrols at most `limits.perDay` within 24 hours, revoked ones included
 * (429 device_enrol_too_often with Retry-After). The count and the insert run in one
 * transaction, on PostgreSQL under a lock of the employee's row, so two enrolments at
 * once cannot both slip under a bound. A refusal stores and audits nothing.
 */
export async function enrolDevice(
  deps: DeviceDeps,
  claims: TokenClaims,
  label: string,
): Promise<DeviceEnrolResponse | AppError> {
  const employeeId = claims.emp;
  if (employeeId === null) return new AppError('not_an_employee');
  const now = deps.now();
  const id = uuidV7(now, randomBytes(10));
  const key = randomBytes(32).toString('base64url');
  const limits = deps.limits ?? { live: 3, perDay: 5 };
  const row = await deps.db.transaction().execute(async (trx) => {
    if (trx.getExecutor().adapter instanceof PostgresAdapter) {
      await trx.selectFrom('employees').select('id').where('id', '=', employeeId).forUpdate().execute();
    }
    const mine = await trx
      .selectFrom('devices')
      .select(['status', 'created_at'])
      .where('employee_id', '=', employeeId)
      .where((eb) => eb.or([eb('status', '!=', 'revoked'), eb('created_at', '>', now - DAY_MS)]))
      .orderBy('created_at')
      .execute();
    if (mine.filter((d) => d.status !== 'revoked').length >= limits.live) throw new AppError('device_limit');
    const today = mine.filter((d) => d.created_at > now - DAY_MS);
    if (today.length >= limits.perDay) {
      // Allowed again once enough of them are a day old.
      const freeing = today[today.length - limits.perDay]?.created_at ?? now;
      throw new AppError('device_enrol_too_often', {
        retryAfter: Math.max(1, Math.ceil((freeing + DAY_MS - now) / 1000)),
      });
    }
    const status: DeviceStatus = (await countEmployeeDevices(trx, employeeId)) === 0 ? 'active' : 'pending';
    const r = {
      id,
      employee_id: employeeId,
      label,
      key,
      status,
      created_at: now,
      approved_at: status === 'active' ? now : null,
      approved_by: null,
      revoked_at: null,
    };
    await insertDevice(trx, r);
    await appendAudit(trx, {
      at: now,
      ...actor(claims),
      action: 'device.enrol',
      target: `device:${id}`,
      detail: JSON.stringify({ employeeId, label, status }),
    });
    return r;
  });
  deps.cache.put(row);
  return { deviceId: id, key, status: row.status };
}

/** Devices of employees within the admin's scope, optionally only those with `status`. */
export async function listScopedDevices(
  deps: DeviceDeps,
  claims: TokenClaims,
  status: DeviceStatus | null,
): Promise<DeviceView[]> {
  const scope = await scopeOf(deps.db, claims);
  return (await listDevices(deps.db, { status, unitIds: unitFilter(scope) ?? null })).map(deviceView);
}

/** The device when it exists and its employee is inside the admin's scope; not_found otherwise. */
async function scopedDevice(deps: DeviceDeps, claims: TokenClaims, id: string) {
  await authorize(deps.db, claims, { kind: 'device', id });
  const device = await getDevice(deps.db, id);
  if (!device) throw new AppError('not_found');
  return device;
}

/** Approves a pending device (an active one is answered as it is; a revoked one must enrol again). */
export async function approveDevice(
  deps: DeviceDeps,
  claims: TokenClaims,
  id: string,
): Promise<DeviceView | AppError> {
  const device = await scopedDevice(deps, claims, id);
  if (device.status === 'revoked') return new AppError('device_revoked');
  if (device.status === 'active') return deviceView(device);
  const now = deps.now();
  const change = { status: 'active' as const, approved_at: now, approved_by: claims.sub };
  await deps.db.transaction().execute(async (trx) => {
    await setDeviceStatus(trx, id, change);
    await appendAudit(trx, {
      at: now,
      ...actor(claims),
      action: 'device.approve',
      target: `device:${id}`,
      detail: JSON.stringify({ employeeId: device.employee_id, label: device.label }),
    });
  });
  const updated = { ...device, ...change };
  deps.cache.put(updated);
  return deviceView(updated);
}

/** Revokes a device: its signatures are refused from now on (device_revoked). */
export async function revokeDevice(
  deps: DeviceDeps,
  claims: TokenClaims,
  id: string,
): Promise<DeviceView | AppError> {
  const device = await scopedDevice(deps, claims, id);
  if (device.status === 'revoked') return deviceView(device);
  const now = deps.now();
  const change = { status: 'revoked' as const, revoked_at: now };
  await deps.db.transaction().execute(async (trx) => {
    await setDeviceStatus(trx, id, change);
    await appendAudit(trx, {
      at: now,
      ...actor(claims),
      action: 'device.revoke',
      target: `device:${id}`,
      detail: JSON.stringify({ employeeId: device.employee_id, label: device.label, was: device.status }),
    });
  });
  const updated = { ...device, ...change };
  deps.cache.put(updated);
  return deviceView(updated);
}
