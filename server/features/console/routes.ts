/**
 * What the admin console reads that the feature APIs do not give in the shape it needs,
 * under /api/v1/console: the units an admin may view (for pickers and the tree), the
 * daily list and monthly recap of a unit searched, sorted and paged on the server, and
 * the inbox with names. Every
 * answer is scoped to the caller's units; another OPD's unit answers 404.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { isValidDate } from '../../../core/time.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import type { AuthService } from '../auth/service.js';
import type { Database } from '../../platform/db/schema.js';
import { bearerAuth, errorResponses } from '../../platform/http/schemas.js';
import { viewScope } from '../live/scope.js';
import { pageParams } from './paging.js';
import * as S from './schemas.js';
import { inboxPage } from './inbox.js';
import { RecapCache, dailyPage, recapPage, unitsInScope } from './service.js';

export interface ConsoleDeps {
  db: Kysely<Database>;
  now: () => number;
}

const unitIdOf = (q: { unitId?: string | undefined }) =>
  q.unitId === undefined ? undefined : Number(q.unitId);

export function consoleRoutes(app: FastifyInstance, auth: AuthService, deps: ConsoleDeps): void {
  const { db } = deps;
  const admins = bearer(auth, { roles: ADMIN_ROLES });
  const recaps = new RecapCache();
  const meta = (summary: string) => ({ tags: ['console'], security: bearerAuth, summary });

  app.get(
    '/console/units',
    {
      onRequest: admins,
      schema: {
        ...meta('The units you may view, in tree order (admins)'),
        response: { 200: S.UnitsAnswerSchema, ...errorResponses },
      },
    },
    async (request) => {
      const scope = await viewScope(db, claimsOf(request), undefined);
      return { top: scope.top, units: await unitsInScope(db, scope.top, scope.ids) };
    },
  );

  app.get(
    '/console/daily',
    {
      onRequest: admins,
      schema: {
        ...meta("A unit's daily list (with its sub-units), searched, sorted and paged"),
        querystring: S.DailyPageQuerySchema,
        response: { 200: S.DailyPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as S.DailyPageQuery;
      if (!isValidDate(q.date))
        throw new AppError('invalid_query', { details: [{ field: '/date', reason: 'format' }] });
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      return dailyPage(db, scope, {
        date: q.date,
        status: q.status,
        text: q.q,
        sort: q.sort ?? 'name',
        desc: q.order === 'desc',
        ...pageParams(q),
      });
    },
  );

  app.get(
    '/console/recap',
    {
      onRequest: admins,
      schema: {
        ...meta(
          "A unit's monthly recap (with its sub-units): totals per unit, people searched, sorted and paged",
        ),
        querystring: S.RecapPageQuerySchema,
        response: { 200: S.RecapPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as S.RecapPageQuery;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      return recapPage(recaps, db, scope, deps.now(), {
        month: q.month,
        text: q.q,
        sort: q.sort ?? 'name',
        desc: q.order === 'desc',
        ...pageParams(q),
      });
    },
  );

  app.get(
    '/console/inbox',
    {
      onRequest: admins,
      schema: {
        ...meta('Leave and correction requests (newest first) and phones (oldest first) with names, paged'),
        querystring: S.InboxQuerySchema,
        response: { 200: S.InboxSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query as S.InboxQuery;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      return inboxPage(db, scope, { kind: q.kind, status: q.status ?? 'pending', ...pageParams(q) });
    },
  );
}
