/**
 * When attendance starts being recorded for a unit: `units.attendance_from`, the go-live
 * date of an organisation (on its root unit) or of one unit in a phased rollout. Days
 * before it are not counted for the people of the unit and its sub-units: a regency that
 * starts in November does not see January to October as "tanpa keterangan". Null: since
 * always. The person's own start is `employees.attendance_from` (migration 0008).
 */
import type { Kysely, Migration } from 'kysely';

export const attendanceStart: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('units').addColumn('attendance_from', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('units').dropColumn('attendance_from').execute();
  },
};
