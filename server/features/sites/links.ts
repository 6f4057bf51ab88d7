/**
 * Keeps the derived site links (employee_locations.inherited = 1) in step with the unit
 * tree and the sites: a unit's active sites reach every employee below it that has no
 * closer unit site (core/sites.ts inheritedSiteIds), and a person's own sites reach that
 * person. The check-in directory reads the links, so it needs no knowledge of the tree;
 * the links' triggers bump directory_version, so every process reloads.
 */
import type { Kysely } from 'kysely';
import type { Unit } from '../../../core/model.js';
import { unitChain } from '../../../core/org.js';
import { inheritedSiteIds } from '../../../core/sites.js';
import type { Database } from '../../platform/db/schema.js';
import { listUnits } from '../units/store.js';
import { replaceInheritedLinks } from './store.js';

/**
 * Re-derives the links of `employeeIds` (everyone when null). Run it in the transaction
 * of the change that made them stale: a new or edited site, a moved unit or employee.
 */
export async function syncSiteLinks(
  db: Kysely<Database>,
  employeeIds: readonly number[] | null,
): Promise<void> {
  if (employeeIds?.length === 0) return;
  const units = new Map<number, Unit>((await listUnits(db)).map((u) => [u.id, u]));
  const sites = await db
    .selectFrom('locations')
    .select(['id', 'unit_id', 'employee_id'])
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  const unitSites = new Map<number, number[]>();
  const personSites = new Map<number, number[]>();
  for (const s of sites) {
    const [map, key] = s.employee_id === null ? [unitSites, s.unit_id] : [personSites, s.employee_id];
    const list = map.get(key);
    if (list) list.push(s.id);
    else map.set(key, [s.id]);
  }
  const links: { employeeId: number; locationId: number }[] = [];
  const ids = employeeIds === null ? null : [...employeeIds];
  const perUnit = new Map<number, readonly number[]>();
  for (let i = 0; ; i += 5000) {
    let q = db.selectFrom('employees').select(['id', 'unit_id']).orderBy('id');
    q = ids === null ? q.limit(5000).offset(i) : q.where('id', 'in', ids.slice(i, i + 5000));
    const rows = ids !== null && i >= ids.length ? [] : await q.execute();
    for (const e of rows) {
      let inherited = perUnit.get(e.unit_id);
      if (!inherited) {
        inherited = units.has(e.unit_id) ? inheritedSiteIds(unitChain(units, e.unit_id), unitSites) : [];
        perUnit.set(e.unit_id, inherited);
      }
      for (const l of inherited) links.push({ employeeId: e.id, locationId: l });
      for (const l of personSites.get(e.id) ?? []) links.push({ employeeId: e.id, locationId: l });
    }
    if (rows.length < 5000) break;
  }
  await replaceInheritedLinks(db, ids, links);
}
