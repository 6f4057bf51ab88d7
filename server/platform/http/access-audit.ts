/**
 * Reads and refusals that the audit trail must show, logged in one place just before
 * the answer is sent (OWASP ASVS 5.0 16.3.1 authentication events are in the auth service;
 * 16.3.2 failed authorisation; 16.2.1 who read which personal data):
 *
 * - `access.refused`: every 403 answer to a signed-in caller (a role asking for what it
 *   may never do);
 * - `data.export`: every file handed out as a download (`Content-Disposition:
 *   attachment` — exports, recaps, slips);
 * - `attachment.view`: every attachment of a leave or correction request that was read.
 *
 * Selfies read by admins are audited by the photo service itself. A failure to write the
 * entry is logged and does not change the answer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.js';
import type { Database } from '../db/schema.js';
import { redactUrl } from '../log.js';

function actionOf(request: FastifyRequest, reply: FastifyReply): string | null {
  const status = reply.statusCode;
  if (status === 403) return 'access.refused';
  if (status !== 200) return null;
  if ((request.routeOptions.url ?? '').endsWith('/attachments/:id')) return 'attachment.view';
  const disposition = reply.getHeader('content-disposition');
  if (typeof disposition === 'string' && disposition.startsWith('attachment')) return 'data.export';
  return null;
}

export function installAccessAudit(app: FastifyInstance, db: Kysely<Database>, now: () => number): void {
  // Before the answer leaves (onSend), so a caller who saw the answer finds the entry.
  app.addHook('onSend', async (request, reply, payload) => {
    const claims = request.claims;
    if (!claims) return payload;
    const action = actionOf(request, reply);
    if (action === null) return payload;
    try {
      await appendAudit(db, {
        at: now(),
        actor_account_id: claims.sub,
        actor_label: claims.role,
        action,
        target: `${request.method} ${request.routeOptions.url ?? '?'}`,
        detail: JSON.stringify({
          url: redactUrl(request.url).slice(0, 500),
          status: reply.statusCode,
          requestId: request.id,
        }),
      });
    } catch (err) {
      request.log.error({ err, reqId: request.id }, 'audit entry not written');
    }
    return payload;
  });
}
