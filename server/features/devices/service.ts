/**
 * Device binding (DESIGN.md "Device binding"): an employee's first phone is active at
 * once; every later one waits for an admin of the employee's units, so a copied
 * password alone cannot punch from another phone. Admins see and decide only devices of
 * employees inside their scope; every decision goes to the audit trail.
 */
import { randomBytes } from 'node:crypto';
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
}

function actor(claims: TokenClaims): { actor_account_id: number; actor_label: string } {
  return { actor_account_id: claims.sub, actor_label: claims.role };
}

/** Enrols a phone for the signed-in employee and hands out its key (once: it is not shown again). */
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
  const row = await deps.db.transaction().execute(async (trx) => {
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
