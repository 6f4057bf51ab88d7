/**
 * The inbox of an admin: leave and correction requests and phones waiting for approval,
 * of the people in the admin's units, each with the person's name, NIP and unit (the
 * feature APIs give bare employee ids), newest first and paged. Decisions go to the
 * feature APIs themselves (POST …/decision, /devices/{id}/approve), which check the
 * scope again and write the audit log.
 */
import type { Kysely } from 'kysely';
import type { Employee } from '../../../core/model.js';
import type { Database } from '../../platform/db/schema.js';
import { deviceView, listDevices } from '../devices/store.js';
import { rowToEmployee } from '../employees/store.js';
import { listCorrectionRequests, listLeaveRequests } from '../requests/store.js';
import type { RequestStatus } from '../requests/store.js';
import { listUnits } from '../units/store.js';
import type { ViewScope } from '../live/scope.js';

export const INBOX_KINDS = ['leave', 'correction', 'device'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function people(db: Kysely<Database>, ids: readonly number[]) {
  const unique = [...new Set(ids)];
  const [rows, units] = await Promise.all([
    unique.length === 0 ? [] : db.selectFrom('employees').selectAll().where('id', 'in', unique).execute(),
    listUnits(db),
  ]);
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const out = new Map<
    number,
    {
      id: number;
      name: string;
      nip: string | null;
      internalId: string | null;
      unitName: string;
      zone: string;
      position: string;
    }
  >();
  for (const r of rows) {
    const e: Employee = rowToEmployee(r);
    out.set(e.id, {
      id: e.id,
      name: e.name,
      nip: e.nip,
      internalId: e.internalId,
      unitName: unitOf.get(e.unitId)?.name ?? '',
      zone: unitOf.get(e.unitId)?.zone ?? 'Asia/Jakarta',
      position: e.position,
    });
  }
  return out;
}

/** How many wait in each part of the inbox (for the menu's badge and the tabs). */
export async function inboxCounts(db: Kysely<Database>, scope: ViewScope) {
  const unitIds = [...scope.ids];
  const [leave, correction, device] = await Promise.all([
    listLeaveRequests(db, { unitIds, status: 'pending' }),
    listCorrectionRequests(db, { unitIds, status: 'pending' }),
    listDevices(db, { status: 'pending', unitIds }),
  ]);
  return { leave: leave.length, correction: correction.length, device: device.length };
}

export async function inboxPage(
  db: Kysely<Database>,
  scope: ViewScope,
  q: { kind: InboxKind; status: string; page: number; pageSize: number },
) {
  const unitIds = [...scope.ids];
  let items: { employeeId: number; view: Record<string, unknown> & { id: string } }[];
  if (q.kind === 'device') {
    const status = q.status === 'active' || q.status === 'revoked' ? q.status : 'pending';
    items = (await listDevices(db, { status, unitIds })).map((d) => ({
      employeeId: d.employee_id,
      view: { ...deviceView(d) },
    }));
  } else {
    const status: RequestStatus = q.status === 'approved' || q.status === 'rejected' ? q.status : 'pending';
    const list =
      q.kind === 'leave'
        ? (await listLeaveRequests(db, { unitIds, status })).map((l) => ({
            employeeId: l.employeeId,
            view: { ...l, requestedAt: iso(l.requestedAt), decidedAt: iso(l.decidedAt) },
          }))
        : (await listCorrectionRequests(db, { unitIds, status })).map((c) => ({
            employeeId: c.employeeId,
            view: { ...c, at: iso(c.at), requestedAt: iso(c.requestedAt), decidedAt: iso(c.decidedAt) },
          }));
    items = list;
  }
  const start = (q.page - 1) * q.pageSize;
  const slice = items.slice(start, start + q.pageSize);
  const who = await people(
    db,
    slice.map((i) => i.employeeId),
  );
  return {
    kind: q.kind,
    total: items.length,
    page: q.page,
    pageSize: q.pageSize,
    items: slice.map((i) => ({ ...i.view, employee: who.get(i.employeeId) ?? null })),
    counts: await inboxCounts(db, scope),
  };
}
