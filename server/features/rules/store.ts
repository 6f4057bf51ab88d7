/**
 * Rule data of the attendance domain: rule set versions per organisation and per-unit
 * settings (works on holidays, flex and grace). Rows ↔ core/attendance types live here.
 */
import type { Kysely } from 'kysely';
import type { FlexPolicy, RuleSet } from '../../../core/attendance/index.js';
import type { Database } from '../../platform/db/schema.js';

// ---------------------------------------------------------------------------------------
// Rule sets (append-only versions)
// ---------------------------------------------------------------------------------------

export interface StoredRuleSet {
  organisationId: number;
  createdAt: number;
  createdBy: number | null;
  rules: RuleSet;
}

/** Stores a new version; an existing id is refused by the primary key (see isUniqueViolation). */
export async function insertRuleSet(
  db: Kysely<Database>,
  organisationId: number,
  rules: RuleSet,
  at: number,
  by: number | null,
): Promise<void> {
  await db
    .insertInto('rule_sets')
    .values({
      id: rules.id,
      organisation_id: organisationId,
      effective_from: rules.effectiveFrom,
      data: JSON.stringify(rules),
      created_at: at,
      created_by: by,
    })
    .execute();
}

/** Every version of an organisation's rules, oldest effective date first. */
export async function listRuleSets(db: Kysely<Database>, organisationId: number): Promise<StoredRuleSet[]> {
  const rows = await db
    .selectFrom('rule_sets')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('effective_from')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    organisationId: r.organisation_id,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    rules: JSON.parse(r.data) as RuleSet,
  }));
}

// ---------------------------------------------------------------------------------------
// Unit rules
// ---------------------------------------------------------------------------------------

export interface UnitRules {
  unitId: number;
  worksOnHolidays: boolean;
  flex: FlexPolicy;
}

/** Sets (insert or replace) a unit's settings. */
export async function setUnitRules(db: Kysely<Database>, u: UnitRules): Promise<void> {
  const row = {
    unit_id: u.unitId,
    works_on_holidays: u.worksOnHolidays ? 1 : 0,
    flex_minutes: u.flex.flexMinutes,
    late_grace_minutes: u.flex.lateGraceMinutes,
    early_grace_minutes: u.flex.earlyGraceMinutes,
  };
  await db
    .insertInto('unit_rules')
    .values(row)
    .onConflict((oc) =>
      oc.column('unit_id').doUpdateSet({
        works_on_holidays: row.works_on_holidays,
        flex_minutes: row.flex_minutes,
        late_grace_minutes: row.late_grace_minutes,
        early_grace_minutes: row.early_grace_minutes,
      }),
    )
    .execute();
}

/** A unit's own settings row, if it has one (a unit without one inherits its parent's). */
export async function getUnitRules(db: Kysely<Database>, unitId: number): Promise<UnitRules | undefined> {
  const r = await db.selectFrom('unit_rules').selectAll().where('unit_id', '=', unitId).executeTakeFirst();
  return (
    r && {
      unitId: r.unit_id,
      worksOnHolidays: r.works_on_holidays === 1,
      flex: {
        flexMinutes: r.flex_minutes,
        lateGraceMinutes: r.late_grace_minutes,
        earlyGraceMinutes: r.early_grace_minutes,
      },
    }
  );
}

export async function listUnitRules(db: Kysely<Database>): Promise<Map<number, UnitRules>> {
  const rows = await db.selectFrom('unit_rules').selectAll().execute();
  return new Map(
    rows.map((r) => [
      r.unit_id,
      {
        unitId: r.unit_id,
        worksOnHolidays: r.works_on_holidays === 1,
        flex: {
          flexMinutes: r.flex_minutes,
          lateGraceMinutes: r.late_grace_minutes,
          earlyGraceMinutes: r.early_grace_minutes,
        },
      },
    ]),
  );
}
