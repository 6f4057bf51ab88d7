/** Work locations (geofences: a circle or a polygon) and which employees may use them. */
import type { Insertable, Kysely } from 'kysely';
import type { LatLon, Location, Shape, SiteMode, Zone } from '../../../core/model.js';
import type { Database, LocationRow, LocationsTable } from '../../platform/db/schema.js';

/** Polygons are stored as JSON [[lat, lon], ...]. */
function parsePolygon(json: string): LatLon[] {
  const pairs = JSON.parse(json) as [number, number][];
  return pairs.map(([lat, lon]) => ({ lat, lon }));
}

function rowToShape(r: LocationRow): Shape {
  if (r.shape === 'circle') {
    if (r.lat === null || r.lon === null || r.radius_m === null) {
      throw new Error(`location ${r.id}: circle without centre or radius`);
    }
    return { type: 'circle', center: { lat: r.lat, lon: r.lon }, radiusM: r.radius_m };
  }
  if (r.shape === 'polygon' && r.polygon !== null)
    return { type: 'polygon', points: parsePolygon(r.polygon) };
  throw new Error(`location ${r.id}: unknown shape "${r.shape}"`);
}

export function rowToLocation(r: LocationRow): Location {
  return {
    id: r.id,
    unitId: r.unit_id,
    name: r.name,
    zone: r.zone as Zone,
    shape: rowToShape(r),
    active: r.active === 1,
    mode: r.mode as SiteMode,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

/**
 * A work site as the admin API shows it: the location with its letter and its person, its
 * mode and date range always there (null = open-ended).
 */
export type Site = Location & {
  mode: SiteMode;
  validFrom: string | null;
  validTo: string | null;
  letter: string | null;
  employeeId: number | null;
};

export function rowToSite(r: LocationRow): Site {
  return {
    ...rowToLocation(r),
    mode: r.mode as SiteMode,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    letter: r.letter,
    employeeId: r.employee_id,
  };
}

export function locationToRow(l: Omit<Location, 'id'>): Insertable<LocationsTable> {
  const base = {
    unit_id: l.unitId,
    name: l.name,
    zone: l.zone,
    active: l.active ? 1 : 0,
    mode: l.mode ?? 'office',
    valid_from: l.validFrom ?? null,
    valid_to: l.validTo ?? null,
  };
  const s = l.shape;
  switch (s.type) {
    case 'circle':
      return {
        ...base,
        shape: 'circle',
        lat: s.center.lat,
        lon: s.center.lon,
        radius_m: s.radiusM,
        polygon: null,
      };
    case 'polygon':
      return {
        ...base,
        shape: 'polygon',
        lat: null,
        lon: null,
        radius_m: null,
        polygon: JSON.stringify(s.points.map((p) => [p.lat, p.lon])),
      };
  }
}

export async function insertLocation(db: Kysely<Database>, l: Omit<Location, 'id'>): Promise<Location> {
  const { id } = await db
    .insertInto('locations')
    .values(locationToRow(l))
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, ...l, mode: l.mode ?? 'office', validFrom: l.validFrom ?? null, validTo: l.validTo ?? null };
}

/** Lets an employee punch at a location. Assigning twice is harmless. */
export async function assignLocation(
  db: Kysely<Database>,
  employeeId: number,
  locationId: number,
): Promise<void> {
  await db
    .insertInto('employee_locations')
    .values({ employee_id: employeeId, location_id: locationId })
    .onConflict((oc) => oc.columns(['employee_id', 'location_id']).doNothing())
    .execute();
}

/** Every location assigned to the employee, active or not, by id (the fence check skips inactive ones). */
export async function listLocationsForEmployee(
  db: Kysely<Database>,
  employeeId: number,
): Promise<Location[]> {
  const rows = await db
    .selectFrom('locations')
    .innerJoin('employee_locations', 'employee_locations.location_id', 'locations.id')
    .selectAll('locations')
    .where('employee_locations.employee_id', '=', employeeId)
    .orderBy('locations.id')
    .execute();
  return rows.map(rowToLocation);
}

/** All locations, or those of the given units (an empty list matches none), by id. */
export async function listLocations(db: Kysely<Database>, unitIds?: number[]): Promise<Location[]> {
  if (unitIds?.length === 0) return [];
  let q = db.selectFrom('locations').selectAll().orderBy('id');
  if (unitIds) q = q.where('unit_id', 'in', unitIds);
  const rows = await q.execute();
  return rows.map(rowToLocation);
}

/** Inserts a work site (unit site when `employeeId` is null). */
export async function insertSite(db: Kysely<Database>, s: Omit<Site, 'id'>): Promise<Site> {
  const { id } = await db
    .insertInto('locations')
    .values({ ...locationToRow(s), letter: s.letter, employee_id: s.employeeId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...s, id, validFrom: s.validFrom ?? null, validTo: s.validTo ?? null };
}

export async function getSite(db: Kysely<Database>, id: number): Promise<Site | undefined> {
  const r = await db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
  return r && rowToSite(r);
}

/** Replaces every field of a site but its id; false when there is no such site. */
export async function updateSite(db: Kysely<Database>, id: number, s: Omit<Site, 'id'>): Promise<boolean> {
  const r = await db
    .updateTable('locations')
    .set({ ...locationToRow(s), letter: s.letter, employee_id: s.employeeId })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Sites of the units (an empty list matches none; absent = all), optionally of one person, by id. */
export async function listSites(
  db: Kysely<Database>,
  opts: { unitIds?: readonly number[]; employeeId?: number } = {},
): Promise<Site[]> {
  if (opts.unitIds?.length === 0) return [];
  let q = db.selectFrom('locations').selectAll().orderBy('id');
  if (opts.unitIds) q = q.where('unit_id', 'in', [...opts.unitIds]);
  if (opts.employeeId !== undefined) q = q.where('employee_id', '=', opts.employeeId);
  return (await q.execute()).map(rowToSite);
}

/**
 * Replaces the inherited site links of `employeeIds` (all employees when null) with
 * `links`, leaving hand-made links alone. Multi-row statements; run it in the
 * transaction of the change that made the links stale.
 */
export async function replaceInheritedLinks(
  db: Kysely<Database>,
  employeeIds: readonly number[] | null,
  links: readonly { employeeId: number; locationId: number }[],
): Promise<void> {
  if (employeeIds === null) {
    await db.deleteFrom('employee_locations').where('inherited', '=', 1).execute();
  } else {
    for (let i = 0; i < employeeIds.length; i += 5000) {
      await db
        .deleteFrom('employee_locations')
        .where('inherited', '=', 1)
        .where('employee_id', 'in', employeeIds.slice(i, i + 5000))
        .execute();
    }
  }
  for (let i = 0; i < links.length; i += 2000) {
    await db
      .insertInto('employee_locations')
      .values(
        links
          .slice(i, i + 2000)
          .map((l) => ({ employee_id: l.employeeId, location_id: l.locationId, inherited: 1 })),
      )
      .onConflict((oc) => oc.columns(['employee_id', 'location_id']).doNothing())
      .execute();
  }
}
