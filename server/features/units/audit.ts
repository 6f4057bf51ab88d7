/** The audit entry of an onboarding change, written in the change's transaction. */
import type { Kysely } from 'kysely';
import { appendAudit } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/schema.js';
import type { Actor } from './access.js';

export async function auditChange(
  db: Kysely<Database>,
  actor: Actor,
  at: number,
  action: string,
  target: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await appendAudit(db, {
    at,
    actor_account_id: actor.accountId,
    actor_label: actor.label,
    action,
    target,
    detail: JSON.stringify(detail),
  });
}
