/**
 * The audit trail of admin and operator actions, sign-ins and reads of personal data:
 * appended, never edited (triggers of migration 0014 refuse UPDATE and DELETE), each row
 * chained to the one before by a SHA-256 (chain.ts) that `hadir audit verify` checks.
 *
 * {@link audit} is the one way a change is written, with one actor convention:
 * - an account, written as `<role>:<account id>` with the account id in its own column;
 * - the operator's command line, written as `cli`;
 * - a machine (a fingerprint terminal, a scheduled job), written as `machine:<id>`.
 * Each entry names its target (`<kind>:<id>`), carries the state before and after the
 * change where there is one, and the id of the HTTP request that caused it.
 *
 * Appends are serialised so the chain has one order: on PostgreSQL by a transaction-scoped
 * advisory lock (also through PgBouncer in transaction mode), on SQLite by its single
 * writer. Inside a caller's transaction the lock is held until that transaction ends.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { AccountRole } from '../../../core/model.js';
import type { Caller } from '../access/access.js';
import type { AuditLogTable, AuditRow, Database } from '../db/schema.js';
import { chainHash, GENESIS } from './chain.js';

/** Who made a change. */
export type AuditActor =
  | { kind: 'account'; accountId: number; role: AccountRole }
  | { kind: 'cli' }
  | { kind: 'machine'; id: string };

/** The operator's command line. */
export const CLI_AUDIT_ACTOR: AuditActor = { kind: 'cli' };

/** One change, as {@link audit} writes it. */
export interface AuditEntry {
  actor: AuditActor;
  /** Epoch ms of the change. */
  at: number;
  /** `<thing>.<verb>`, e.g. `holiday.edit`. */
  action: string;
  /** `<kind>:<id>`, e.g. `holiday:12`. */
  target: string;
  /** The target before the change (edits, removals). */
  before?: unknown;
  /** The target after the change (additions, edits). */
  after?: unknown;
  /** Anything else worth keeping (a decision's reason, counts). */
  detail?: Record<string, unknown>;
  /** The HTTP request that made the change; null or absent for the CLI. */
  requestId?: string | null;
}

/** The label written for an actor: `<role>:<id>`, `cli` or `machine:<id>`. */
export function actorLabel(a: AuditActor): string {
  switch (a.kind) {
    case 'account':
      return `${a.role}:${a.accountId}`;
    case 'cli':
      return 'cli';
    case 'machine':
      return `machine:${a.id}`;
  }
}

/** The actor and request id of an API caller, to spread into an {@link AuditEntry}. */
export function byCaller(caller: Caller): { actor: AuditActor; requestId: string } {
  return {
    actor: { kind: 'account', accountId: caller.claims.sub, role: caller.claims.role },
    requestId: caller.requestId,
  };
}

/**
 * Writes one change to the audit trail, in the caller's transaction when `db` is one.
 *
 * @example await audit(tx, { ...byCaller(caller), at: now, action: 'holiday.edit', target: `holiday:${id}`, before, after })
 */
export async function audit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  const detail: Record<string, unknown> = { ...e.detail };
  if (e.before !== undefined) detail['before'] = e.before;
  if (e.after !== undefined) detail['after'] = e.after;
  await appendAudit(db, {
    at: e.at,
    actor_account_id: e.actor.kind === 'account' ? e.actor.accountId : null,
    actor_label: actorLabel(e.actor),
    action: e.action,
    target: e.target,
    detail: JSON.stringify(detail),
    request_id: e.requestId ?? null,
  });
}

/** What a change made, and how the audit trail names it: see {@link audited}. */
export interface Audited<T> {
  value: T;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

/**
 * Runs `change` in one transaction with its audit entry: the change and its entry are
 * written together or not at all. A refusal thrown by `change` (not found, already
 * decided) rolls everything back.
 *
 * @example
 *   const h = await audited(db, byCaller(caller), now, async (tx) => {
 *     const s = await insertHoliday(tx, holiday);
 *     return { value: s, action: 'holiday.add', target: `holiday:${s.id}`, after: s };
 *   });
 */
export async function audited<T>(
  db: Kysely<Database>,
  who: { actor: AuditActor; requestId?: string | null },
  at: number,
  change: (tx: Kysely<Database>) => Promise<Audited<T>>,
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    const { value, ...entry } = await change(tx);
    await audit(tx, { ...who, at, ...entry });
    return value;
  });
}

/** One entry; `detail` is a JSON object as text. */
export type AuditRowInput = Omit<Insertable<AuditLogTable>, 'id' | 'hash'>;

/** The advisory lock key of the chain (an arbitrary constant: "hadir audit"). */
const CHAIN_LOCK = 0x4a_0d_17;

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

async function appendChained(trx: Kysely<Database>, entries: readonly AuditRowInput[]): Promise<void> {
  if (entries.length === 0) return;
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let prev = last?.hash ?? GENESIS;
  const rows = entries.map((e) => {
    const fields = {
      at: e.at,
      actor_account_id: e.actor_account_id ?? null,
      actor_label: e.actor_label,
      action: e.action,
      target: e.target,
      detail: e.detail,
    };
    prev = chainHash(prev, fields);
    // request_id (migration 0018) points to the server's log; it is not part of the chain.
    return { ...fields, request_id: e.request_id ?? null, hash: prev };
  });
  // Ids are given in insertion order; one statement per 500 rows keeps the parameters bounded.
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** Appends entries in order, chained; in the caller's transaction when `db` is one. */
export async function appendAuditMany(
  db: Kysely<Database>,
  entries: readonly AuditRowInput[],
): Promise<void> {
  if (db.isTransaction) return appendChained(db, entries);
  await db.transaction().execute((trx) => appendChained(trx, entries));
}

/** Appends one entry. */
export async function appendAudit(db: Kysely<Database>, e: AuditRowInput): Promise<void> {
  await appendAuditMany(db, [e]);
}

/** The latest entries first. */
export async function listAudit(db: Kysely<Database>, opts: { limit: number }): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(opts.limit).execute();
}

export interface ChainReport {
  rows: number;
  /** The hash of the last row (write it down: a later verify must find it again). */
  head: string;
  /** The first row whose hash does not follow, or null when the chain holds. */
  brokenAt: number | null;
}

/** Recomputes the chain over every row, in id order, a page at a time. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainReport> {
  let prev = GENESIS;
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(2000)
      .execute();
    if (page.length === 0) return { rows, head: prev, brokenAt: null };
    for (const r of page) {
      const expected = chainHash(prev, r);
      if (r.hash !== expected) return { rows, head: prev, brokenAt: r.id };
      prev = expected;
      rows++;
      after = r.id;
    }
  }
}
