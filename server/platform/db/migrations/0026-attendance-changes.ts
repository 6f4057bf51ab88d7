/**
 * The records a day's status is computed from reach the change feed (0013) too, so the
 * report worker can keep the TK count of closed months (features/reports/tk-cache.ts)
 * and drop exactly the people whose records changed:
 *
 *   attendance  employee id: roster_entries, leave_requests, attendance_entries
 *   review      punch id: punch_reviews (the cache looks up whose punch it is)
 *   incident    incident id: incidents (a system incident may excuse anyone)
 *   shift       unit id: shift_types
 *
 * Punches are not logged by a trigger: the morning's check-ins would each write a log
 * row. A punch can only change a closed month when it arrives late, so its writer
 * (features/check-ins/store.ts) logs those few itself, topic `attendance`, in the same
 * transaction. The other tables a status reads were already logged (employees,
 * person_schedules, units, schedules, unit_rules, holidays, schedule_overrides,
 * rule_sets; employee_placements through directory_version, 0008).
 */
import type { Kysely, Migration } from 'kysely';
import { logChangesOf, stopLoggingChangesOf } from './0013-change-feed.js';
import type { ChangeSource } from './0013-change-feed.js';

type Db = Kysely<unknown>;

export const ATTENDANCE_SOURCES: readonly ChangeSource[] = [
  { table: 'roster_entries', topic: 'attendance', column: 'employee_id' },
  { table: 'leave_requests', topic: 'attendance', column: 'employee_id' },
  { table: 'attendance_entries', topic: 'attendance', column: 'employee_id' },
  { table: 'punch_reviews', topic: 'review', column: 'punch_id' },
  { table: 'incidents', topic: 'incident', column: 'id' },
  { table: 'shift_types', topic: 'shift', column: 'unit_id' },
];

export const attendanceChanges: Migration = {
  up: async (db: Db) => {
    for (const s of ATTENDANCE_SOURCES) await logChangesOf(db, s);
  },
  down: async (db: Db) => {
    for (const s of ATTENDANCE_SOURCES) await stopLoggingChangesOf(db, s);
  },
};
