/**
 * Accounts at scale: one employee account per person of a unit (or the whole regency),
 * each with a one-time activation code instead of a shared default password; the person
 * uses the code once, at first sign-in, to choose their own password. Also: reset
 * (a new code, sessions ended), disable and enable, unlock (the sign-in throttle), end
 * every session, and admin accounts for each OPD. Scoped and audited like the rest of onboarding.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { authorize } from '../../platform/access/access.js';
import type { Caller } from '../../platform/access/access.js';
import { audited, byCaller } from '../../platform/audit/audit.js';
import { publishChange } from '../../platform/changes/feed.js';
import { hashPassword } from '../../platform/crypto/password.js';
import type { ScryptParams } from '../../platform/crypto/password.js';
import type { AccountRow, Database } from '../../platform/db/schema.js';
import { findAccountByUsername, getAccount, setPassword } from '../auth/accounts.store.js';
import { checkNewPassword, normalizeUsername } from '../auth/service.js';
import { revokeAccountSessions } from '../auth/sessions.store.js';
import { employeeInScope, scopeOf, unitInScope } from '../units/access.js';
import type { Actor } from '../units/access.js';
import { searchKey } from '../console/paging.js';
import { auditChange } from '../units/audit.js';
import { subtreeUnitIds } from '../units/store.js';
import {
  NO_PASSWORD,
  consumeActivationCode,
  getActivationCode,
  putActivationCodes,
} from './activation.store.js';

export { NO_PASSWORD };

/** Letters and digits that cannot be mistaken for one another on paper (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Days an activation code stays valid. */
export const ACTIVATION_DAYS = 30;

/** A fresh code, 'ABCD-EFGH' (8 × log2(31) ≈ 40 bits; guesses are throttled). */
export function newActivationCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** The hash of a code as typed: case and dashes/spaces ignored. */
export function hashActivationCode(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}

/** Runs `work` in a transaction, or in the caller's when it passed one (the CLI writes its file inside). */
function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export interface AccountDeps {
  db: Kysely<Database>;
  now: () => number;
  passwordParams?: ScryptParams;
  /** Clears the sign-in throttle of an account in this process (AuthService.unlock). */
  unlock?: (account: { id: number; username: string }) => void;
  /** The usernames this process's sign-in throttle refuses now (AuthService.lockedUsernames). */
  lockedUsernames?: () => ReadonlySet<string>;
}

/** One slip: what the person needs to activate, printed for the OPD admin to hand out. */
export interface Slip {
  accountId: number;
  employeeId: number | null;
  name: string;
  /** NIP or staff number; for admins their username. */
  username: string;
  unitName: string;
  code: string;
  expiresAt: number;
}

/**
 * Creates the missing employee accounts of a unit's subtree (`unitId` null: the actor's
 * whole scope) and issues a code to each account not yet activated — or, with
 * `reissue`, to every account of an active employee there. Returns the slips, in unit
 * then name order; the codes exist only in this answer.
 */
export async function issueActivation(
  deps: AccountDeps,
  actor: Actor,
  opts: { unitId: number | null; reissue?: boolean },
): Promise<Slip[]> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    let unitIds: number[] | null;
    if (opts.unitId !== null) {
      await unitInScope(trx, actor, opts.unitId);
      unitIds = await subtreeUnitIds(trx, opts.unitId);
    } else {
      const scope = await scopeOf(trx, actor);
      unitIds = scope === null ? null : [...scope];
    }
    let q = trx
      .selectFrom('employees')
      .innerJoin('units', 'units.id', 'employees.unit_id')
      .leftJoin('accounts', 'accounts.employee_id', 'employees.id')
      .select([
        'employees.id as employee_id',
        'employees.name',
        'employees.nip',
        'employees.internal_id',
        'units.name as unit_name',
        'accounts.id as account_id',
        'accounts.password_hash',
      ])
      .where('employees.active', '=', 1)
      .orderBy('units.name')
      .orderBy('employees.name');
    if (unitIds !== null) q = q.where('employees.unit_id', 'in', unitIds);
    const rows = await q.execute();
    const toCreate = rows.filter((r) => r.account_id === null);
    const created = new Map<number, number>();
    for (let i = 0; i < toCreate.length; i += 500) {
      const chunk = toCreate.slice(i, i + 500);
      const ids = await trx
        .insertInto('accounts')
        .values(
          chunk.map((r) => ({
            username: r.nip ?? r.internal_id ?? `employee-${r.employee_id}`,
            password_hash: NO_PASSWORD,
            role: 'employee',
            employee_id: r.employee_id,
            unit_id: null,
            active: 1,
            created_at: now,
            password_changed_at: now,
          })),
        )
        .returning(['id', 'employee_id'])
        .execute();
      for (const a of ids) created.set(a.employee_id ?? 0, a.id);
    }
    const slips: Slip[] = [];
    for (const r of rows) {
      const accountId = r.account_id ?? created.get(r.employee_id);
      if (accountId === undefined || accountId === null) continue;
      const pending = r.account_id === null || r.password_hash === NO_PASSWORD;
      if (!pending && opts.reissue !== true) continue;
      slips.push({
        accountId,
        employeeId: r.employee_id,
        name: r.name,
        username: r.nip ?? r.internal_id ?? '',
        unitName: r.unit_name,
        code: newActivationCode(),
        expiresAt: now + ACTIVATION_DAYS * 86_400_000,
      });
    }
    if (opts.reissue === true) {
      // A reissued code replaces the password too: the slip is the only way in.
      const ids = slips.map((s) => s.accountId);
      for (let i = 0; i < ids.length; i += 1000) {
        await trx
          .updateTable('accounts')
          .set({ password_hash: NO_PASSWORD, password_changed_at: now })
          .where('id', 'in', ids.slice(i, i + 1000))
          .execute();
        await trx
          .updateTable('sessions')
          .set({ revoked_at: now })
          .where('account_id', 'in', ids.slice(i, i + 1000))
          .where('revoked_at', 'is', null)
          .execute();
      }
    }
    await putActivationCodes(
      trx,
      slips.map((s) => ({
        accountId: s.accountId,
        codeHash: hashActivationCode(s.code),
        createdAt: now,
        expiresAt: s.expiresAt,
        createdBy: actor.accountId,
      })),
    );
    await auditChange(
      trx,
      actor,
      now,
      'account.activation_issued',
      opts.unitId === null ? 'scope' : `unit:${opts.unitId}`,
      {
        accountsCreated: created.size,
        codes: slips.length,
        reissue: opts.reissue === true,
      },
    );
    return slips;
  });
}

/** The account of an employee in scope, or of an admin the actor may manage; 404 otherwise. */
async function accountInScope(db: Kysely<Database>, actor: Actor, accountId: number): Promise<AccountRow> {
  const a = await getAccount(db, accountId);
  if (!a) throw new AppError('not_found');
  if (a.employee_id !== null) await employeeInScope(db, actor, a.employee_id);
  else if (a.role === 'unit_admin' && a.unit_id !== null) await unitInScope(db, actor, a.unit_id);
  else if (actor.role === 'unit_admin') throw new AppError('not_found');
  return a;
}

/** Resets an account: its password is gone, its sessions end, and a new code is issued (one slip). */
export async function resetAccount(deps: AccountDeps, actor: Actor, accountId: number): Promise<Slip> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const a = await accountInScope(trx, actor, accountId);
    await setPassword(trx, a.id, NO_PASSWORD, now);
    const ended = await revokeAccountSessions(trx, a.id, now);
    const code = newActivationCode();
    const expiresAt = now + ACTIVATION_DAYS * 86_400_000;
    await putActivationCodes(trx, [
      {
        accountId: a.id,
        codeHash: hashActivationCode(code),
        createdAt: now,
        expiresAt,
        createdBy: actor.accountId,
      },
    ]);
    await auditChange(trx, actor, now, 'account.reset', `account:${a.id}`, { sessionsEnded: ended });
    const e =
      a.employee_id === null
        ? null
        : await trx
            .selectFrom('employees')
            .innerJoin('units', 'units.id', 'employees.unit_id')
            .select(['employees.name', 'units.name as unit'])
            .where('employees.id', '=', a.employee_id)
            .executeTakeFirst();
    return {
      accountId: a.id,
      employeeId: a.employee_id,
      name: e?.name ?? a.username,
      username: a.username,
      unitName: e?.unit ?? '',
      code,
      expiresAt,
    };
  });
}

/** Disables (sessions end at once) or enables an account. */
export async function setAccountActive(
  deps: AccountDeps,
  actor: Actor,
  accountId: number,
  active: boolean,
): Promise<void> {
  const now = deps.now();
  await inTransaction(deps.db, async (trx) => {
    const a = await accountInScope(trx, actor, accountId);
    await trx
      .updateTable('accounts')
      .set({ active: active ? 1 : 0 })
      .where('id', '=', a.id)
      .execute();
    const ended = active ? 0 : await revokeAccountSessions(trx, a.id, now);
    await auditChange(trx, actor, now, active ? 'account.enable' : 'account.disable', `account:${a.id}`, {
      sessionsEnded: ended,
    });
  });
}

/**
 * Ends every session of an account — a lost phone, a password someone saw — without
 * disabling it or touching its password (OWASP ASVS 5.0 7.4.5). Who may: the account's
 * scope, decided by the access module (platform/access) — an employee's account through
 * the employee, a unit admin's through their unit, an agency admin's by agency admins
 * only; anything else is not_found, exactly as a missing id. The revocation and its
 * audit entry (`account.end_sessions`, with the request id) are one transaction.
 * Returns the ids of the sessions ended, for the caller to refuse their tokens at once.
 */
export async function endAccountSessions(
  deps: Pick<AccountDeps, 'db' | 'now'>,
  caller: Caller,
  accountId: number,
): Promise<string[]> {
  const now = deps.now();
  return audited(deps.db, byCaller(caller), now, async (tx) => {
    const a = await getAccount(tx, accountId);
    if (!a) throw new AppError('not_found');
    if (a.employee_id !== null) await authorize(tx, caller.claims, { kind: 'employee', id: a.employee_id });
    else if (a.role === 'unit_admin' && a.unit_id !== null)
      await authorize(tx, caller.claims, { kind: 'unit', id: a.unit_id });
    else if (caller.claims.role !== 'agency_admin') throw new AppError('not_found');
    const ended = await tx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('account_id', '=', a.id)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    return {
      value: ended.map((r) => r.id),
      action: 'account.end_sessions',
      target: `account:${a.id}`,
      detail: { sessionsEnded: ended.length },
    };
  });
}

/**
 * Clears the sign-in throttle of an account after too many wrong passwords, in every
 * process: the throttle lives in each server process's memory, so the unlock is
 * published on the change feed (topic `unlock`) with its audit entry, in one
 * transaction, and every process forgets the account's failures when it reads it
 * (AuthService.watch). This process's throttle (`deps.unlock`) is cleared at once. The
 * CLI, a process of its own, has no throttle and relies on the feed alone.
 */
export async function unlockAccount(deps: AccountDeps, actor: Actor, accountId: number): Promise<void> {
  const a = await inTransaction(deps.db, async (trx) => {
    const found = await accountInScope(trx, actor, accountId);
    await publishChange(trx, 'unlock', String(found.id));
    await auditChange(trx, actor, deps.now(), 'account.unlock', `account:${found.id}`, {});
    return found;
  });
  deps.unlock?.(a);
}

/**
 * An admin account for an OPD (unit_admin of `unitId`'s subtree) or, for the agency
 * admin only, another agency admin; it too starts with an activation code.
 */
export async function createAdminAccount(
  deps: AccountDeps,
  actor: Actor,
  input: { username: string; role: 'unit_admin' | 'agency_admin'; unitId: number | null },
): Promise<Slip> {
  const username = normalizeUsername(input.username);
  if (username === '' || /\s/.test(username) || username.length > 64 || /^[0-9]{18}$/.test(username)) {
    throw new AppError('invalid_body', { details: [{ field: '/username', reason: 'format' }] });
  }
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    let unitName = '';
    if (input.role === 'agency_admin') {
      if (actor.role === 'unit_admin') throw new AppError('forbidden');
      if (input.unitId !== null)
        throw new AppError('invalid_body', { details: [{ field: '/unitId', reason: 'not_allowed' }] });
    } else {
      if (input.unitId === null)
        throw new AppError('invalid_body', { details: [{ field: '/unitId', reason: 'required' }] });
      unitName = (await unitInScope(trx, actor, input.unitId)).name;
    }
    if (await findAccountByUsername(trx, username)) throw new AppError('account_exists');
    const a = await trx
      .insertInto('accounts')
      .values({
        username,
        password_hash: NO_PASSWORD,
        role: input.role,
        employee_id: null,
        unit_id: input.unitId,
        active: 1,
        created_at: now,
        password_changed_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const code = newActivationCode();
    const expiresAt = now + ACTIVATION_DAYS * 86_400_000;
    await putActivationCodes(trx, [
      {
        accountId: a.id,
        codeHash: hashActivationCode(code),
        createdAt: now,
        expiresAt,
        createdBy: actor.accountId,
      },
    ]);
    await auditChange(trx, actor, now, 'account.create', `account:${a.id}`, {
      username,
      role: input.role,
      unitId: input.unitId,
    });
    return { accountId: a.id, employeeId: null, name: username, username, unitName, code, expiresAt };
  });
}

/**
 * First sign-in: the username (NIP, staff number or admin name), the code from the slip
 * and the password the person chooses. The code works once and until it expires; the
 * password follows the usual rule (auth's `checkNewPassword`: at least 8 characters, not
 * the username, not a common password, a date, a NIP or the person's name).
 */
export async function activateAccount(
  deps: AccountDeps,
  input: { username: string; code: string; password: string },
): Promise<{ username: string }> {
  const username = normalizeUsername(input.username);
  const now = deps.now();
  const a = await findAccountByUsername(deps.db, username);
  const stored = a ? await getActivationCode(deps.db, a.id) : undefined;
  const given = Buffer.from(hashActivationCode(input.code), 'hex');
  const ok =
    stored !== undefined &&
    stored.expiresAt > now &&
    timingSafeEqual(given, Buffer.from(stored.codeHash, 'hex'));
  if (!a || !ok || a.active !== 1) throw new AppError('activation_invalid');
  const refused = await checkNewPassword(deps.db, a, input.password);
  if (refused) throw refused;
  const hash = await hashPassword(input.password, deps.passwordParams);
  await inTransaction(deps.db, async (trx) => {
    if (!(await consumeActivationCode(trx, a.id, stored.codeHash))) throw new AppError('activation_invalid');
    await setPassword(trx, a.id, hash, now);
    await auditChange(
      trx,
      { accountId: a.id, label: a.username, role: 'cli', unitId: null },
      now,
      'account.activated',
      `account:${a.id}`,
      {},
    );
  });
  return { username };
}

/** pending: not activated yet (no password chosen); disabled: switched off by an admin. */
export type AccountStatus = 'active' | 'pending' | 'disabled';
export const ACCOUNT_STATUSES = ['active', 'pending', 'disabled'] as const;

/** One account as an admin list shows it: who it is for and whether it can sign in yet. */
export interface AccountListItem {
  id: number;
  username: string;
  role: AccountRow['role'];
  /** The employee's name, or null for an admin account. */
  name: string | null;
  /** The employee's NIP; null for a non-ASN employee (see the username) or an admin. */
  nip: string | null;
  employeeId: number | null;
  /** The employee's unit, or the unit an OPD admin manages; null for an agency admin. */
  unitId: number | null;
  unitName: string | null;
  status: AccountStatus;
  /**
   * Refused by the sign-in throttle now, as the answering server process counts (each
   * process counts its own failures; see AuthService.lockedUsernames). Always false
   * where there is no throttle (the CLI).
   */
  locked: boolean;
}

/** The filters of an account list; every one optional. */
export interface AccountQuery {
  /** The unit and all below it (must be in scope). */
  unitId?: number;
  status?: AccountStatus;
  role?: AccountRow['role'];
  /** Part of a name, NIP, staff number or username; case and spaces ignored. */
  search?: string;
  locked?: boolean;
}

/** `text` as a LIKE pattern matching it anywhere, its wildcards escaped (with `escape '\'`). */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The accounts in the actor's scope matching `q` (employees of the unit's subtree, or of
 * the whole scope, and the OPD admins of those units; agency admins only for an agency
 * admin without a unit), by unit then name; `page` cuts one page, counted in full.
 */
async function findAccounts(
  deps: AccountDeps,
  actor: Actor,
  q: AccountQuery,
  page: { page: number; pageSize: number } | null,
): Promise<{ total: number; items: AccountListItem[] }> {
  let unitIds: number[] | null;
  if (q.unitId !== undefined) {
    await unitInScope(deps.db, actor, q.unitId);
    unitIds = await subtreeUnitIds(deps.db, q.unitId);
  } else {
    const scope = await scopeOf(deps.db, actor);
    unitIds = scope === null ? null : [...scope];
  }
  if (unitIds !== null && unitIds.length === 0) return { total: 0, items: [] };
  let query = deps.db
    .selectFrom('accounts')
    .leftJoin('employees', 'employees.id', 'accounts.employee_id')
    .leftJoin('units', (j) =>
      j.on((eb) =>
        eb.or([
          eb('units.id', '=', eb.ref('employees.unit_id')),
          eb.and([eb('accounts.employee_id', 'is', null), eb('units.id', '=', eb.ref('accounts.unit_id'))]),
        ]),
      ),
    );
  if (unitIds !== null) query = query.where('units.id', 'in', unitIds);
  if (q.role !== undefined) query = query.where('accounts.role', '=', q.role);
  if (q.status === 'disabled') query = query.where('accounts.active', '!=', 1);
  else if (q.status !== undefined) {
    query = query
      .where('accounts.active', '=', 1)
      .where('accounts.password_hash', q.status === 'pending' ? '=' : '!=', NO_PASSWORD);
  }
  const key = searchKey(q.search);
  if (key !== '') {
    const like = containing(key);
    const matches = (
      column: 'employees.name' | 'employees.nip' | 'employees.internal_id' | 'accounts.username',
    ) => sql<boolean>`replace(lower(${sql.ref(column)}), ' ', '') like ${like} escape '\\'`;
    query = query.where((eb) =>
      eb.or([
        matches('employees.name'),
        matches('employees.nip'),
        matches('employees.internal_id'),
        matches('accounts.username'),
      ]),
    );
  }
  const locked = deps.lockedUsernames?.() ?? new Set<string>();
  // Whether an account is locked is known only in this process's memory: that filter is
  // applied to the rows read, the others in the query.
  const inMemory = q.locked !== undefined;
  const rows = query
    .select([
      'accounts.id',
      'accounts.username',
      'accounts.role',
      'accounts.active',
      'accounts.password_hash',
      'accounts.employee_id',
      'employees.name',
      'employees.nip',
      'units.id as unit_id',
      'units.name as unit_name',
    ])
    .orderBy(sql`coalesce(${sql.ref('units.name')}, '')`)
    .orderBy(sql`coalesce(${sql.ref('employees.name')}, ${sql.ref('accounts.username')})`)
    .orderBy('accounts.id');
  const paged = page !== null && !inMemory;
  const [found, counted] = await Promise.all([
    paged
      ? rows
          .limit(page.pageSize)
          .offset((page.page - 1) * page.pageSize)
          .execute()
      : rows.execute(),
    paged
      ? query.select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  let items = found.map((r): AccountListItem => ({
    id: r.id,
    username: r.username,
    role: r.role,
    name: r.name ?? null,
    nip: r.nip ?? null,
    employeeId: r.employee_id,
    unitId: r.unit_id ?? null,
    unitName: r.unit_name ?? null,
    status: r.active !== 1 ? 'disabled' : r.password_hash === NO_PASSWORD ? 'pending' : 'active',
    locked: locked.has(r.username),
  }));
  if (inMemory) items = items.filter((i) => i.locked === q.locked);
  if (paged) return { total: Number(counted?.n ?? 0), items };
  const total = items.length;
  if (page !== null) items = items.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
  return { total, items };
}

/** Every account in the actor's scope matching `q`, by unit then name (the CLI's list). */
export async function listAccounts(
  deps: AccountDeps,
  actor: Actor,
  q: AccountQuery,
): Promise<AccountListItem[]> {
  return (await findAccounts(deps, actor, q, null)).items;
}

/** One page (from 1) of the accounts in the actor's scope matching `q`, and how many match. */
export async function accountPage(
  deps: AccountDeps,
  actor: Actor,
  q: AccountQuery & { page: number; pageSize: number },
): Promise<{ total: number; page: number; pageSize: number; items: AccountListItem[] }> {
  const { total, items } = await findAccounts(deps, actor, q, { page: q.page, pageSize: q.pageSize });
  return { total, page: q.page, pageSize: q.pageSize, items };
}
