/**
 * Who may read or change what: the one place every endpoint asks.
 *
 * The rule (README "Access"):
 * - no valid token: 401 (the bearer hook);
 * - a role the endpoint is not for at all: 403 forbidden (the bearer hook's `roles`, or
 *   {@link requireRole}) — e.g. an employee deciding a request, a unit admin adding a
 *   holiday;
 * - an id the caller may not see answers exactly as an id that does not exist: 404
 *   not_found, in the path and in the body alike, so a unit admin cannot learn which
 *   ids exist outside their units (OWASP ASVS 5.0 V8.2.2, V8.3.1).
 *
 * What the caller may see: an employee their own data (where the endpoint serves its
 * owner); a unit admin every unit of their subtree and the people, requests, photos,
 * attachments, devices and exports of those units; an agency admin everything.
 *
 * The module reads the tables itself (units, employees and the owners of requests,
 * punches, attachments and devices), so a feature cannot forget a join: it names the
 * target, and gets the owner back or the refusal thrown.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { ErrorDetail } from '../../../core/errors.js';
import type { AccountRole } from '../../../core/model.js';
import type { TokenClaims } from '../crypto/token.js';
import type { Database } from '../db/schema.js';

/** Who is asking, in which request: what services need for access and the audit trail. */
export interface Caller {
  readonly claims: TokenClaims;
  /** Fastify's request id, written with every audit entry the request causes. */
  readonly requestId: string;
}

/** Every role. */
export const ALL_ROLES: readonly AccountRole[] = ['employee', 'unit_admin', 'agency_admin'];
/** Unit and agency admins. */
export const ADMIN_ROLES: readonly AccountRole[] = ['unit_admin', 'agency_admin'];
/** The agency admin (BKD/BKPSDM) only: organisation-wide rules. */
export const AGENCY_ROLES: readonly AccountRole[] = ['agency_admin'];

/** Whether `claims`' role is one of `roles`. */
export function mayCall(claims: Pick<TokenClaims, 'role'>, roles: readonly AccountRole[]): boolean {
  return roles.includes(claims.role);
}

/** Throws 403 forbidden unless `claims`' role is one of `roles`. */
export function requireRole(claims: Pick<TokenClaims, 'role'>, roles: readonly AccountRole[]): void {
  if (!mayCall(claims, roles)) throw new AppError('forbidden');
}

/** The units whose people the caller manages. */
export interface Scope {
  /** Every unit (agency admin). */
  readonly all: boolean;
  /** The managed units when not `all`: a unit admin's subtree; none for an employee. */
  readonly unitIds: readonly number[];
  /** The units above a unit admin's root (its ancestors, nearest last); what it is subject to. */
  readonly above: readonly number[];
  /** The caller's own employee id (employee accounts), else null. */
  readonly employeeId: number | null;
}

/** The unit ids to filter a list by: undefined when the caller sees every unit. */
export function unitFilter(scope: Scope): readonly number[] | undefined {
  return scope.all ? undefined : scope.unitIds;
}

/** Whether `unitId` lies in the scope. */
export function inScope(scope: Scope, unitId: number): boolean {
  return scope.all || scope.unitIds.includes(unitId);
}

/** Ids of a materialised path '/1/4/17/' → [1, 4, 17]. */
function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter((p) => p !== '')
    .map(Number);
}

async function pathOf(db: Kysely<Database>, unitId: number): Promise<string | undefined> {
  const r = await db.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirst();
  return r?.path;
}

/** The path of the caller's managed root: '' (the prefix of every path) for an agency admin, null for none. */
async function rootPath(db: Kysely<Database>, claims: TokenClaims): Promise<string | null> {
  switch (claims.role) {
    case 'agency_admin':
      return '';
    case 'unit_admin':
      return claims.unit === null ? null : ((await pathOf(db, claims.unit)) ?? null);
    case 'employee':
      return null;
  }
}

/**
 * The caller's scope. A unit admin whose unit no longer exists manages nothing.
 *
 * @example const scope = await scopeOf(db, claims); listDevices(db, { unitIds: unitFilter(scope) })
 */
export async function scopeOf(db: Kysely<Database>, claims: TokenClaims): Promise<Scope> {
  const employeeId = claims.role === 'employee' ? claims.emp : null;
  if (claims.role === 'agency_admin') return { all: true, unitIds: [], above: [], employeeId };
  const root = await rootPath(db, claims);
  if (root === null) return { all: false, unitIds: [], above: [], employeeId };
  const rows = await db
    .selectFrom('units')
    .select('id')
    .where('path', 'like', `${root}%`)
    .orderBy('id')
    .execute();
  return { all: false, unitIds: rows.map((r) => r.id), above: pathIds(root).slice(0, -1), employeeId };
}

/** What access decisions are about. */
export type Target =
  | { kind: 'unit'; id: number }
  | { kind: 'employee'; id: number }
  | { kind: 'leave_request'; id: string }
  | { kind: 'correction_request'; id: string }
  /** A punch, and so its selfie. */
  | { kind: 'punch'; id: string }
  | { kind: 'device'; id: string }
  /** A request's attachment, by content hash: visible through any request that carries it. */
  | { kind: 'attachment'; sha256: string };

/** Whom a target belongs to. */
export interface Owner {
  unitId: number;
  /** The employee it concerns; null for a unit. */
  employeeId: number | null;
}

interface OwnerRow {
  unit_id: number;
  employee_id: number | null;
  path: string;
}

/** The owners of a target (none: it does not exist). */
async function ownersOf(db: Kysely<Database>, t: Target): Promise<OwnerRow[]> {
  const byEmployee = db
    .selectFrom('employees')
    .innerJoin('units', 'units.id', 'employees.unit_id')
    .select(['employees.unit_id as unit_id', 'employees.id as employee_id', 'units.path as path']);
  switch (t.kind) {
    case 'unit':
      return db
        .selectFrom('units')
        .select(['units.id as unit_id', 'units.path as path'])
        .where('id', '=', t.id)
        .execute()
        .then((rows) => rows.map((r) => ({ ...r, employee_id: null })));
    case 'employee':
      return byEmployee.where('employees.id', '=', t.id).execute();
    case 'leave_request':
      return byEmployee
        .where('employees.id', 'in', (eb) =>
          eb.selectFrom('leave_requests').select('employee_id').where('id', '=', t.id),
        )
        .execute();
    case 'correction_request':
      return byEmployee
        .where('employees.id', 'in', (eb) =>
          eb.selectFrom('correction_requests').select('employee_id').where('id', '=', t.id),
        )
        .execute();
    case 'punch':
      return byEmployee
        .where('employees.id', 'in', (eb) =>
          eb.selectFrom('punches').select('employee_id').where('id', '=', t.id),
        )
        .execute();
    case 'device':
      return byEmployee
        .where('employees.id', 'in', (eb) =>
          eb.selectFrom('devices').select('employee_id').where('id', '=', t.id),
        )
        .execute();
    case 'attachment':
      return byEmployee
        .where((eb) =>
          eb.or([
            eb(
              'employees.id',
              'in',
              eb.selectFrom('leave_requests').select('employee_id').where('attachment_sha256', '=', t.sha256),
            ),
            eb(
              'employees.id',
              'in',
              eb
                .selectFrom('correction_requests')
                .select('employee_id')
                .where('attachment_sha256', '=', t.sha256),
            ),
          ]),
        )
        .orderBy('employees.id')
        .execute();
  }
}

export interface AuthorizeOptions {
  /**
   * Whether the employee a target concerns may reach it through this endpoint (their own
   * history, card, photo, attachment). Default false: only admins in scope.
   */
  own?: boolean;
}

/**
 * The owner of `target` when `claims` may see it; otherwise 404 not_found, whether it is
 * missing or outside the caller's scope.
 *
 * @example const { employeeId } = await authorize(db, claims, { kind: 'leave_request', id });
 */
export async function authorize(
  db: Kysely<Database>,
  claims: TokenClaims,
  target: Target,
  opts: AuthorizeOptions = {},
): Promise<Owner> {
  const owners = await ownersOf(db, target);
  if (owners.length > 0) {
    const root = claims.role === 'employee' ? null : await rootPath(db, claims);
    const seen = owners.find((o) =>
      claims.role === 'employee'
        ? opts.own === true && o.employee_id !== null && o.employee_id === claims.emp
        : root !== null && o.path.startsWith(root),
    );
    if (seen) return { unitId: seen.unit_id, employeeId: seen.employee_id };
  }
  throw new AppError('not_found');
}

/** A unit the caller manages, with its subtree (ids, itself first); 404 otherwise. */
export async function authorizeUnit(
  db: Kysely<Database>,
  claims: TokenClaims,
  unitId: number,
): Promise<{ id: number; subtree: number[] }> {
  await authorize(db, claims, { kind: 'unit', id: unitId });
  const path = await pathOf(db, unitId);
  const rows = await db
    .selectFrom('units')
    .select('id')
    .where('path', 'like', `${path ?? '-'}%`)
    .orderBy('id')
    .execute();
  return { id: unitId, subtree: rows.map((r) => r.id) };
}

/**
 * Checks ids a body names (people of a roster, units of an override): every one must
 * exist and lie in the caller's scope. The first that does not is refused as 404
 * not_found naming its field (`field(i)` of its index), like a missing path id.
 */
export async function authorizeMany(
  db: Kysely<Database>,
  claims: TokenClaims,
  kind: 'unit' | 'employee',
  ids: readonly number[],
  field: (index: number) => string,
): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const paths = new Map<number, string>();
  // In chunks: a roster may name a few thousand people (parameter limits of both engines).
  for (let i = 0; i < unique.length; i += 1000) {
    const chunk = unique.slice(i, i + 1000);
    const rows =
      kind === 'unit'
        ? await db.selectFrom('units').select(['id', 'path']).where('id', 'in', chunk).execute()
        : await db
            .selectFrom('employees')
            .innerJoin('units', 'units.id', 'employees.unit_id')
            .select(['employees.id as id', 'units.path as path'])
            .where('employees.id', 'in', chunk)
            .execute();
    for (const r of rows) paths.set(r.id, r.path);
  }
  const root = await rootPath(db, claims);
  const bad = ids.findIndex((id) => {
    const p = paths.get(id);
    return p === undefined || root === null || !p.startsWith(root);
  });
  if (bad >= 0) {
    const details: ErrorDetail[] = [{ field: field(bad), reason: 'not_found' }];
    throw new AppError('not_found', { details });
  }
}
