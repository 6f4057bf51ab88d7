/**
 * The audit entry of an onboarding change, written in the change's transaction through
 * the one audit writer (platform/audit): the same actor label, request id and detail
 * shape as every other admin change.
 */
import type { Kysely } from 'kysely';
import { audit, CLI_AUDIT_ACTOR } from '../../platform/audit/audit.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/schema.js';
import type { Actor } from './access.js';

/** The audit trail's name for an onboarding actor: the operator's CLI or an admin account. */
function auditActorOf(a: Actor): AuditActor {
  return a.accountId === null || a.role === 'cli'
    ? CLI_AUDIT_ACTOR
    : { kind: 'account', accountId: a.accountId, role: a.role };
}

export async function auditChange(
  db: Kysely<Database>,
  actor: Actor,
  at: number,
  action: string,
  target: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await audit(db, {
    actor: auditActorOf(actor),
    requestId: actor.requestId ?? null,
    at,
    action,
    target,
    detail,
  });
}
