/**
 * Who may touch which unit, for the onboarding features (units, employees, sites,
 * schedules, accounts, import), on top of the shared scope (platform/access), which also
 * covers the operator's CLI here: an agency admin (and the operator's CLI) reaches every unit, a
 * unit admin the subtree of their unit, an employee none. A unit or employee outside the
 * caller's scope answers exactly like a missing one (404 not_found), so ids do not leak.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { TokenClaims } from '../../platform/crypto/token.js';
import type { Database } from '../../platform/db/schema.js';
import { getEmployee } from '../employees/store.js';
import type { EmployeeRecord } from '../employees/store.js';
import { scopeOf as sharedScope } from '../../platform/access/access.js';
import { getUnit } from './store.js';
import type { UnitRecord } from './store.js';

/** Who makes a change: an account (through the API) or the operator (CLI). */
export interface Actor {
  /** Null for the CLI. */
  accountId: number | null;
  /** Written to the audit log: 'cli' or '<role>:<account id>'. */
  label: string;
  role: 'agency_admin' | 'unit_admin' | 'cli';
  /** A unit admin's subtree root. */
  unitId: number | null;
  /** The HTTP request making the change, written with its audit entry; null for the CLI. */
  requestId?: string | null;
}

/** The CLI acts as the operator: everything, audited as 'cli'. */
export const CLI_ACTOR: Actor = { accountId: null, label: 'cli', role: 'cli', unitId: null };

/** The actor of an API request; employees may not manage anything (403 forbidden). */
export function actorOf(c: TokenClaims, requestId: string | null = null): Actor {
  if (c.role === 'agency_admin')
    return { accountId: c.sub, label: `${c.role}:${c.sub}`, role: c.role, unitId: null, requestId };
  if (c.role === 'unit_admin' && c.unit !== null) {
    return { accountId: c.sub, label: `${c.role}:${c.sub}`, role: c.role, unitId: c.unit, requestId };
  }
  throw new AppError('forbidden');
}

/** The ids the actor manages, or null for all of them (the shared scope of platform/access). */
export async function scopeOf(db: Kysely<Database>, a: Actor): Promise<Set<number> | null> {
  if (a.role !== 'unit_admin') return null;
  const scope = await sharedScope(db, {
    sub: a.accountId ?? 0,
    sid: '',
    role: 'unit_admin',
    emp: null,
    unit: a.unitId,
    iat: 0,
    exp: 0,
  });
  return scope.all ? null : new Set(scope.unitIds);
}

/** True when `unitId` lies in the actor's scope (`scope` from {@link scopeOf}). */
export function inScope(scope: Set<number> | null, unitId: number): boolean {
  return scope === null || scope.has(unitId);
}

/** The unit when it exists and the actor manages it; 404 otherwise. */
export async function unitInScope(db: Kysely<Database>, a: Actor, unitId: number): Promise<UnitRecord> {
  const unit = await getUnit(db, unitId);
  if (!unit || !inScope(await scopeOf(db, a), unitId)) throw new AppError('not_found');
  return unit;
}

/** The employee when they exist and their unit is in the actor's scope; 404 otherwise. */
export async function employeeInScope(
  db: Kysely<Database>,
  a: Actor,
  employeeId: number,
): Promise<EmployeeRecord> {
  const e = await getEmployee(db, employeeId);
  if (!e || !inScope(await scopeOf(db, a), e.unitId)) throw new AppError('not_found');
  return e;
}

/** Only the agency admin and the CLI (e.g. a new root unit): 403 for a unit admin. */
export function agencyOnly(a: Actor): void {
  if (a.role === 'unit_admin') throw new AppError('forbidden');
}
