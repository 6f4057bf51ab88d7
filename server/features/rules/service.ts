/**
 * Attendance rules: the organisation's rule set versions (append-only: a change is a new
 * version from a date) and a unit's settings (works on holidays, flex band, grace
 * minutes, selfie), inherited from the nearest unit up the tree that sets them. Rule
 * versions are the agency admin's; unit settings a unit admin's for their subtree.
 */
import type { Kysely } from 'kysely';
import { NO_FLEX, PRESET_BUILDERS, PRESETS, validateRuleSet } from '../../../core/attendance/index.js';
import type { PresetId, RuleSet } from '../../../core/attendance/index.js';
import { AppError } from '../../../core/errors.js';
import { unitChain } from '../../../core/org.js';
import { selfieRequired } from '../../../core/selfie.js';
import type { Caller } from '../../platform/access/access.js';
import { audit, audited, byCaller } from '../../platform/audit/audit.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import type { Database } from '../../platform/db/schema.js';
import { requireDate } from '../../platform/http/input.js';
import { allUnits, setUnitSelfie, unitFor, unitSelfieSettings } from '../units/service.js';
import { insertRuleSet, listRuleSets, listUnitRules, setUnitRules } from './store.js';
import type { StoredRuleSet, UnitRules } from './store.js';

export interface RuleDeps {
  db: Kysely<Database>;
  now: () => number;
  /** Called after a change the check-in path holds in memory (selfie, holidays); resolves once reloaded. */
  changed?: () => Promise<void>;
  /** Called after a rule-set version of `organisationId` is added (features/rules/cache.ts). */
  ruleSetAdded?: (organisationId: number) => void;
}

/** The organisation (a root unit): `given`, or the only root. */
async function organisationOf(db: Kysely<Database>, given: number | undefined): Promise<number> {
  const roots = (await allUnits(db)).filter((u) => u.parentId === null);
  if (given !== undefined) {
    if (!roots.some((u) => u.id === given))
      throw new AppError('invalid_body', { details: [{ field: '/organisationId', reason: 'not_root' }] });
    return given;
  }
  if (roots.length !== 1)
    throw new AppError('invalid_body', { details: [{ field: '/organisationId', reason: 'required' }] });
  return roots[0]!.id;
}

/** The organisation's versions and the presets to start from. */
export async function ruleSets(
  deps: RuleDeps,
): Promise<{ organisationId: number; versions: StoredRuleSet[]; presets: RuleSet[] }> {
  const org = await organisationOf(deps.db, undefined);
  return {
    organisationId: org,
    versions: await listRuleSets(deps.db, org),
    presets: [...PRESETS],
  };
}

/**
 * The version a POST /rule-sets body names: its own `ruleSet`, or a preset by id from
 * `effectiveFrom`. Exactly one of the two; anything else is invalid_body with the field.
 */
export function ruleSetOfBody(b: { ruleSet?: RuleSet; preset?: PresetId; effectiveFrom?: string }): RuleSet {
  if (b.ruleSet !== undefined) {
    if (b.preset !== undefined || b.effectiveFrom !== undefined)
      throw new AppError('invalid_body', {
        details: [
          { field: b.preset !== undefined ? '/preset' : '/effectiveFrom', reason: 'not_with_ruleSet' },
        ],
      });
    return b.ruleSet;
  }
  if (b.preset === undefined)
    throw new AppError('invalid_body', { details: [{ field: '/ruleSet', reason: 'required' }] });
  if (b.effectiveFrom === undefined)
    throw new AppError('invalid_body', { details: [{ field: '/effectiveFrom', reason: 'required' }] });
  requireDate(b.effectiveFrom, '/effectiveFrom');
  return PRESET_BUILDERS[b.preset](b.effectiveFrom);
}

/**
 * Adds a checked version, audited as `who`, in the caller's transaction (the demo seed
 * adopts its preset inside the seed's one, as the CLI). A version id already stored is
 * a unique violation the caller maps (see {@link addRuleSet}).
 */
export async function addRuleSetIn(
  tx: Kysely<Database>,
  who: { actor: AuditActor; requestId?: string | null },
  now: number,
  b: { organisationId?: number; ruleSet: RuleSet },
): Promise<{ organisationId: number; rules: RuleSet }> {
  requireDate(b.ruleSet.effectiveFrom, '/ruleSet/effectiveFrom');
  const rules = b.ruleSet;
  const v = validateRuleSet(rules);
  if (!v.ok)
    throw new AppError(v.error, {
      details: (v.details ?? []).map((d) => ({ field: `/ruleSet${d.field}`, reason: d.reason })),
    });
  const org = await organisationOf(tx, b.organisationId);
  await insertRuleSet(tx, org, rules, now, who.actor.kind === 'account' ? who.actor.accountId : null);
  await audit(tx, {
    ...who,
    at: now,
    action: 'rules.version',
    target: `rule_set:${rules.id}`,
    detail: { organisationId: org, effectiveFrom: rules.effectiveFrom },
    after: rules,
  });
  return { organisationId: org, rules };
}

/** Adds a checked version (agency admin); the same id twice is rule_version_exists. */
export async function addRuleSet(
  deps: RuleDeps,
  caller: Caller,
  b: { organisationId?: number; ruleSet: RuleSet },
): Promise<{ organisationId: number; rules: RuleSet }> {
  try {
    const added = await deps.db
      .transaction()
      .execute((tx) => addRuleSetIn(tx, byCaller(caller), deps.now(), b));
    deps.ruleSetAdded?.(added.organisationId);
    return added;
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('rule_version_exists');
    throw err;
  }
}

export interface UnitSettingsInput {
  worksOnHolidays?: boolean;
  flexMinutes?: number;
  lateGraceMinutes?: number;
  earlyGraceMinutes?: number;
  selfieRequired?: boolean | null;
}

export interface UnitSettings {
  unitId: number;
  worksOnHolidays: boolean;
  flex: { flexMinutes: number; lateGraceMinutes: number; earlyGraceMinutes: number };
  rulesFromUnitId: number | null;
  selfieRequired: boolean | null;
  selfieRequiredEffective: boolean;
}

/** The rule fields of a settings body, all four or none (refused when only some are sent). */
function unitRulesOf(unitId: number, b: UnitSettingsInput): UnitRules | null {
  const fields = ['worksOnHolidays', 'flexMinutes', 'lateGraceMinutes', 'earlyGraceMinutes'] as const;
  const missing = fields.filter((f) => b[f] === undefined);
  if (missing.length === fields.length) return null;
  if (missing.length > 0)
    throw new AppError('invalid_body', {
      details: missing.map((f) => ({ field: `/${f}`, reason: 'required' })),
    });
  return {
    unitId,
    worksOnHolidays: b.worksOnHolidays ?? false,
    flex: {
      flexMinutes: b.flexMinutes ?? 0,
      lateGraceMinutes: b.lateGraceMinutes ?? 0,
      earlyGraceMinutes: b.earlyGraceMinutes ?? 0,
    },
  };
}

/** A unit's settings in force: the nearest settings row up the chain, and the selfie setting inherited likewise. */
async function settingsInForce(db: Kysely<Database>, unitId: number): Promise<UnitSettings> {
  const units = new Map((await allUnits(db)).map((u) => [u.id, u]));
  const chain = unitChain(units, unitId);
  const [rules, selfie] = await Promise.all([
    listUnitRules(db),
    unitSelfieSettings(
      db,
      chain.map((u) => u.id),
    ),
  ]);
  const applied = chain.map((u) => rules.get(u.id)).find((r) => r !== undefined);
  return {
    unitId,
    worksOnHolidays: applied?.worksOnHolidays ?? false,
    flex: applied ? { ...applied.flex } : { ...NO_FLEX },
    rulesFromUnitId: applied?.unitId ?? null,
    selfieRequired: selfie.get(unitId) ?? null,
    selfieRequiredEffective: selfieRequired(chain.map((u) => selfie.get(u.id))),
  };
}

/** The settings in force for a unit the caller manages. */
export async function unitSettingsFor(deps: RuleDeps, caller: Caller, unitId: number): Promise<UnitSettings> {
  const { unit } = await unitFor(deps.db, caller.claims, unitId);
  return settingsInForce(deps.db, unit.id);
}

/** Sets a unit's own settings; audited with the settings in force before and after. */
export async function setUnitSettings(
  deps: RuleDeps,
  caller: Caller,
  unitId: number,
  b: UnitSettingsInput,
): Promise<UnitSettings> {
  const { unit } = await unitFor(deps.db, caller.claims, unitId);
  const rules = unitRulesOf(unit.id, b);
  await audited(deps.db, byCaller(caller), deps.now(), async (tx) => {
    const before = await settingsInForce(tx, unit.id);
    if (rules) await setUnitRules(tx, rules);
    if (b.selfieRequired !== undefined) await setUnitSelfie(tx, unit.id, b.selfieRequired);
    return {
      value: undefined,
      action: 'unit.attendance_settings',
      target: `unit:${unit.id}`,
      detail: { ...b },
      before,
      after: await settingsInForce(tx, unit.id),
    };
  });
  // The check-in path reads the selfie and holiday settings from memory: reload them
  // now rather than at the next poll (other servers follow the change feed).
  if (rules || b.selfieRequired !== undefined) await deps.changed?.();
  return settingsInForce(deps.db, unit.id);
}
