/**
 * Attendance entries: events an admin writes by hand or an approved correction adds.
 * Append-only (the database refuses UPDATE and DELETE); a mistake is voided by a new
 * entry.
 */
import type { Kysely } from 'kysely';
import type { AttendanceEvent } from '../../../core/attendance/index.js';
import type { PunchKind } from '../../../core/model.js';
import type { Database } from '../../platform/db/schema.js';

/** An admin entry or an approved correction: a new event with its author. */
export interface AttendanceEntry {
  id: string;
  employeeId: number;
  kind: PunchKind | 'void';
  at: number;
  workDate: string;
  source: 'admin' | 'correction';
  author: number;
  note: string;
  voids: string | null;
  requestId: string | null;
  createdAt: number;
}

export async function insertAttendanceEntry(db: Kysely<Database>, e: AttendanceEntry): Promise<void> {
  await db
    .insertInto('attendance_entries')
    .values({
      id: e.id,
      employee_id: e.employeeId,
      kind: e.kind,
      at: e.at,
      work_date: e.workDate,
      source: e.source,
      author: e.author,
      note: e.note,
      voids: e.voids,
      request_id: e.requestId,
      created_at: e.createdAt,
    })
    .execute();
}

/** One employee's entries with work dates in [from, to], in order of their instant. */
export async function listEmployeeEntries(
  db: Kysely<Database>,
  employeeId: number,
  from: string,
  to: string,
): Promise<AttendanceEntry[]> {
  const rows = await db
    .selectFrom('attendance_entries')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .where('work_date', '>=', from)
    .where('work_date', '<=', to)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    employeeId: r.employee_id,
    kind: r.kind as AttendanceEntry['kind'],
    at: Number(r.at),
    workDate: r.work_date,
    source: r.source as AttendanceEntry['source'],
    author: Number(r.author),
    note: r.note,
    voids: r.voids,
    requestId: r.request_id,
    createdAt: Number(r.created_at),
  }));
}

/** Entries with work dates in [from, to] as attendance events; scope by employees or units. */
export async function listEntryEvents(
  db: Kysely<Database>,
  scope: { employeeIds?: readonly number[]; unitIds?: readonly number[] },
  from: string,
  to: string,
): Promise<AttendanceEvent[]> {
  if (scope.employeeIds?.length === 0 || scope.unitIds?.length === 0) return [];
  let q = db
    .selectFrom('attendance_entries')
    .select(['id', 'employee_id', 'kind', 'at', 'source', 'author', 'note', 'voids'])
    .where('work_date', '>=', from)
    .where('work_date', '<=', to);
  if (scope.employeeIds) q = q.where('employee_id', 'in', [...scope.employeeIds]);
  if (scope.unitIds) {
    const units = [...scope.unitIds];
    q = q.where('employee_id', 'in', (eb) =>
      eb.selectFrom('employees').select('employees.id').where('employees.unit_id', 'in', units),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => {
    const e: AttendanceEvent = {
      id: r.id,
      employeeId: r.employee_id,
      kind: r.kind as AttendanceEvent['kind'],
      at: Number(r.at),
      // An admin's entry is the 'manual' channel; an approved request stays a 'correction'.
      source: r.source === 'admin' ? 'manual' : 'correction',
      author: String(r.author),
      note: r.note,
      fence: null,
    };
    if (r.voids !== null) e.voids = r.voids;
    return e;
  });
}
