/**
 * The audit trail of admin and operator actions: appended, never edited.
 *
 * {@link audit} is the one way a change is written, with one actor convention:
 * - an account, written as `<role>:<account id>` with the account id in its own column;
 * - the operator's command line, written as `cli`;
 * - a machine (a fingerprint terminal, a scheduled job), written as `machine:<id>`.
 * Each entry names its target (`<kind>:<id>`), carries the state before and after the
 * change where there is one, and the id of the HTTP request that caused it.
 */
import type { Insertable, Kysely } from 'kysely';
import type { AccountRole } from '../../../core/model.js';
import type { Caller } from '../access/access.js';
import type { AuditLogTable, AuditRow, Database } from '../db/schema.js';

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

/** The row-level insert under {@link audit}; `detail` is a JSON object as text. */
export async function appendAudit(db: Kysely<Database>, e: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(e).execute();
}

/** The latest entries first. */
export async function listAudit(db: Kysely<Database>, opts: { limit: number }): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(opts.limit).execute();
}
