/**
 * Manual attendance entries: an admin adds an event for an employee in their scope (a
 * check-in the machine missed, or a void of a wrong event), always with a reason and
 * its author, audited. The entry is a new event; nothing is edited. Approved corrections
 * add their entry through {@link appendEntry}.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { localParts } from '../../../core/time.js';
import { uuidV7 } from '../../../core/uuid.js';
import { authorizeMany } from '../../platform/access/access.js';
import type { Caller } from '../../platform/access/access.js';
import { audited, byCaller } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/schema.js';
import { requireInstant } from '../../platform/http/input.js';
import { employeeFor } from '../employees/service.js';
import { zoneOfUnit } from '../units/service.js';
import { insertAttendanceEntry } from './store.js';
import type { AttendanceEntry } from './store.js';

export type { AttendanceEntry } from './store.js';

export interface EntryDeps {
  db: Kysely<Database>;
  now: () => number;
}

export interface EntryInput {
  employeeId: number;
  kind: 'in' | 'out' | 'void';
  at: string;
  reason: string;
  voids?: string;
}

export type EntryView = Omit<AttendanceEntry, 'at' | 'createdAt'> & { at: string; createdAt: string };

const iso = (ms: number) => new Date(ms).toISOString();

/** The local date an instant belongs to in the employee's unit. */
export async function workDateOf(db: Kysely<Database>, unitId: number, at: number): Promise<string> {
  return localParts(at, await zoneOfUnit(db, unitId)).date;
}

/** Appends an entry in the caller's transaction (an approved correction). */
export async function appendEntry(tx: Kysely<Database>, e: AttendanceEntry): Promise<void> {
  await insertAttendanceEntry(tx, e);
}

/** An admin's manual entry for an employee in scope: a reason, a real instant, and for a void the event it cancels. */
export async function addEntry(deps: EntryDeps, caller: Caller, b: EntryInput): Promise<EntryView> {
  await authorizeMany(deps.db, caller.claims, 'employee', [b.employeeId], () => '/employeeId');
  const e = await employeeFor(deps.db, caller.claims, b.employeeId);
  if (b.reason.trim() === '')
    throw new AppError('reason_required', { details: [{ field: '/reason', reason: 'required' }] });
  if (b.kind === 'void' && !b.voids)
    throw new AppError('invalid_body', { details: [{ field: '/voids', reason: 'required' }] });
  const at = requireInstant(b.at, '/at');
  const now = deps.now();
  const entry: AttendanceEntry = {
    id: uuidV7(now, randomBytes(10)),
    employeeId: e.id,
    kind: b.kind,
    at,
    workDate: await workDateOf(deps.db, e.unitId, at),
    source: 'admin',
    author: caller.claims.sub,
    note: b.reason.trim(),
    voids: b.voids ?? null,
    requestId: null,
    createdAt: now,
  };
  const view: EntryView = { ...entry, at: iso(at), createdAt: iso(now) };
  await audited(deps.db, byCaller(caller), now, async (tx) => {
    await insertAttendanceEntry(tx, entry);
    return { value: undefined, action: 'attendance.entry', target: `employee:${e.id}`, after: view };
  });
  return view;
}
