/** The punches of a day as points for the console's map: position, accuracy, fence verdict. */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { ViewScope } from '../live/scope.js';

const MAX_POINTS = 5000;

export async function punchesOfDay(db: Kysely<Database>, scope: ViewScope, date: string) {
  const base = db
    .selectFrom('punches')
    .innerJoin('employees', 'employees.id', 'punches.employee_id')
    .where('employees.unit_id', 'in', [...scope.ids])
    .where('punches.work_date', '=', date);
  const [{ n }] = (await base.select((eb) => eb.fn.countAll<number>().as('n')).execute()) as [{ n: number }];
  const rows = await base
    .where('punches.lat', 'is not', null)
    .select([
      'punches.id as id',
      'punches.employee_id as employee_id',
      'employees.name as name',
      'punches.kind as kind',
      'punches.source as source',
      'punches.local_time as local_time',
      'punches.lat as lat',
      'punches.lon as lon',
      'punches.accuracy as accuracy',
      'punches.fence_status as fence_status',
      'punches.distance_m as distance_m',
    ])
    .orderBy('punches.captured_at')
    .orderBy('punches.id')
    .limit(MAX_POINTS)
    .execute();
  return {
    date,
    total: Number(n),
    points: rows.map((r) => ({
      id: r.id,
      employeeId: r.employee_id,
      name: r.name,
      kind: r.kind,
      source: r.source,
      localTime: r.local_time,
      lat: Number(r.lat),
      lon: Number(r.lon),
      accuracyM: Number(r.accuracy ?? 0),
      fence: r.fence_status,
      distanceM: Number(r.distance_m),
    })),
  };
}
