/**
 * The audit trail's hash chain (migration 0014): each row stores
 * `hash = SHA-256(previous row's hash, its own fields)`, in id order, starting from
 * the empty string. Changing, removing or inserting a row anywhere breaks every hash
 * after it, which `hadir audit verify` reports (OWASP ASVS 5.0 16.4.2: logs protected
 * from modification). This function is frozen: rows already chained depend on it.
 */
import { createHash } from 'node:crypto';

/** The fields of a row that the chain covers (everything but the id and the hash). */
export interface ChainedFields {
  at: number;
  actor_account_id: number | null;
  actor_label: string;
  action: string;
  target: string;
  detail: string;
}

/** The hash before the first row. */
export const GENESIS = '';

/**
 * @example chainHash(GENESIS, { at: 0, actor_account_id: null, actor_label: 'cli', action: 'db.migrate', target: 'schema', detail: '{}' })
 */
export function chainHash(prev: string, r: ChainedFields): string {
  const text = JSON.stringify([
    prev,
    Number(r.at),
    r.actor_account_id === null ? null : Number(r.actor_account_id),
    r.actor_label,
    r.action,
    r.target,
    r.detail,
  ]);
  return createHash('sha256').update(text).digest('hex');
}
