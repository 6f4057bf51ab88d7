/**
 * What the admin console reads that the feature APIs do not give in the shape it needs,
 * under /api/v1/console: the units an admin may view (for pickers and the tree), the
 * daily list and monthly recap of a unit searched, sorted and paged on the server, and
 * the inbox with names, and the audit log filtered and paged. Every
 * answer is scoped to the caller's units; another OPD's unit answers 404.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { addDays, isValidDate, zonedToInstant } from '../../../core/time.js';
import { ADMIN_ROLES, authorize } from '../../platform/access/access.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import type { AuthService } from '../auth/service.js';
import type { Database } from '../../platform/db/schema.js';
import { tooLong } from '../../platform/http/input.js';
import { Nullable, bearerAuth, errorResponses } from '../../platform/http/schemas.js';
import { viewScope } from '../live/scope.js';
import { pageParams } from './paging.js';
import * as S from './schemas.js';
import { inboxPage } from './inbox.js';
import { auditActions, auditPage } from './audit.js';
import { adoption, employeeOverview, neverActivated } from './people.js';
import { punchesOfDay } from './map.js';
import type { Directory } from '../check-ins/directory.js';
import { suggestMappingOf } from '../import/kinds.js';
import { readSheet } from '../import/read-file.js';
import { IMPORT_BODY_LIMIT } from '../import/routes.js';
import type { ReportRunner } from '../reports/runner.js';
import { RecapCache, dailyPage, recapPage, unitsInScope } from './service.js';
import { rosterGridRoute } from './rosters.js';

export interface ConsoleDeps {
  db: Kysely<Database>;
  now: () => number;
  /** Each person's schedules, day rules and sites as check-ins see them (the employee's page). */
  directory: Directory;
  /** The XYZ tile template of the work-site map; null: a plain grid, no tiles. */
  mapTileUrl?: string | null;
  /** Where month recaps are computed (a report worker by default). */
  reports: ReportRunner;
}

const unitIdOf = (q: { unitId?: string | undefined }) =>
  q.unitId === undefined ? undefined : Number(q.unitId);

export function consoleRoutes(server: FastifyInstance, auth: AuthService, deps: ConsoleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = deps;
  const admins = bearer(auth, { roles: ADMIN_ROLES });
  const recaps = new RecapCache(deps.reports);
  const meta = (summary: string) => ({ tags: ['console'], security: bearerAuth, summary });
  rosterGridRoute(server, admins, db);

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
      const q = request.query;
      if (!isValidDate(q.date))
        throw new AppError('invalid_query', { details: [{ field: '/date', reason: 'format' }] });
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      return dailyPage(db, scope, deps.now(), {
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
      const q = request.query;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      return recapPage(recaps, scope, deps.now(), {
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
      const q = request.query;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      return inboxPage(db, scope, { kind: q.kind, status: q.status ?? 'pending', ...pageParams(q) });
    },
  );

  app.get(
    '/console/audit',
    {
      onRequest: admins,
      schema: {
        ...meta('Who changed what, when: the audit log about your units, filtered, newest first, paged'),
        querystring: S.AuditQuerySchema,
        response: { 200: S.AuditPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const claims = claimsOf(request);
      for (const [field, v] of [
        ['/from', q.from],
        ['/to', q.to],
      ] as const)
        if (v !== undefined && !isValidDate(v))
          throw new AppError('invalid_query', { details: [{ field, reason: 'format' }] });
      const scope = await viewScope(db, claims, unitIdOf(q));
      let employeeId: number | undefined;
      if (q.employeeId !== undefined) {
        // A person outside the caller's units answers like one who does not exist.
        const owner = await authorize(db, claims, { kind: 'employee', id: Number(q.employeeId) });
        employeeId = owner.employeeId ?? undefined;
      }
      const agencyWide = claims.role === 'agency_admin' && q.unitId === undefined;
      const [page, actions] = await Promise.all([
        auditPage(db, {
          unitIds: agencyWide ? undefined : [...scope.ids],
          employeeId,
          action: q.action,
          actor: q.actor,
          from: q.from === undefined ? undefined : zonedToInstant(q.from, 0, 'Asia/Jakarta'),
          to: q.to === undefined ? undefined : zonedToInstant(addDays(q.to, 1), 0, 'Asia/Jakarta'),
          ...pageParams(q),
        }),
        auditActions(db),
      ]);
      return { ...page, actions };
    },
  );

  app.get(
    '/console/employees/:id/overview',
    {
      onRequest: admins,
      schema: {
        ...meta("An employee's account, phones, work sites and the schedule in force (this week)"),
        params: S.EmployeeParamsSchema,
        response: { 200: S.EmployeeOverviewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const id = Number(request.params.id);
      await authorize(db, claimsOf(request), { kind: 'employee', id });
      return employeeOverview(db, deps.directory, id, deps.now());
    },
  );

  app.get(
    '/console/adoption',
    {
      onRequest: admins,
      schema: {
        ...meta(
          'Adoption per unit over a period: accounts activated, phones enrolled, on-time check-ins, punches per channel',
        ),
        querystring: S.AdoptionQuerySchema,
        response: { 200: S.AdoptionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      checkPeriod(q.from, q.to);
      return adoption(db, scope, {
        from: q.from,
        to: q.to,
        sort: q.sort ?? 'name',
        desc: q.order === 'desc',
      });
    },
  );

  app.get(
    '/console/adoption/never-activated',
    {
      onRequest: admins,
      schema: {
        ...meta('Active people of a unit (with its sub-units) who never activated their account, paged'),
        querystring: S.NeverActivatedQuerySchema,
        response: { 200: S.NeverActivatedSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      return neverActivated(db, scope, pageParams(q));
    },
  );

  app.get(
    '/console/map',
    {
      onRequest: admins,
      schema: {
        ...meta('How the work-site map draws its background (the configured tile address, or none)'),
        response: {
          200: Type.Object({
            tileUrl: Nullable(
              Type.String({ description: 'XYZ template with {z}, {x}, {y}; null: no tiles.' }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    () => ({ tileUrl: deps.mapTileUrl ?? null }),
  );

  app.get(
    '/console/punches',
    {
      onRequest: admins,
      schema: {
        ...meta(
          'The punches of a day with their position and accuracy, for the map (a unit with its sub-units)',
        ),
        querystring: S.DayPunchesQuerySchema,
        response: { 200: S.DayPunchesSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      if (!isValidDate(q.date))
        throw new AppError('invalid_query', { details: [{ field: '/date', reason: 'format' }] });
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      return punchesOfDay(db, scope, q.date);
    },
  );

  // The import wizard's first step: the sheet's headers and the columns they suggest for its
  // kind (employees, units or work sites), so an officer can map columns before the dry run
  // (which refuses a mapping it cannot use).
  void app.register((plugin, _opts, done) => {
    const sub = plugin.withTypeProvider<TypeBoxTypeProvider>();
    sub.addContentTypeParser(
      [
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'text/csv',
        'application/octet-stream',
      ],
      { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
      (_req, body, next) => next(null, body),
    );
    sub.post(
      '/console/import/headers',
      {
        onRequest: admins,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          ...meta(
            "A sheet's headers, its row count and the mapping the headers suggest for its kind (reads only)",
          ),
          querystring: S.SheetHeadersQuerySchema,
          response: { 200: S.SheetHeadersSchema, ...errorResponses },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0)
          throw new AppError('import_file_type');
        const kind = request.query.kind ?? 'employees';
        const sheet = await readSheet(request.body);
        return {
          headers: sheet.headers,
          rows: sheet.rows.length,
          mapping: suggestMappingOf(kind, sheet.headers),
        };
      },
    );
    done();
  });
}

/** A period of real dates, `from` not after `to`, at most MAX_RANGE_DAYS days, both ends included. */
function checkPeriod(from: string, to: string): void {
  if (!isValidDate(from))
    throw new AppError('invalid_query', { details: [{ field: '/from', reason: 'format' }] });
  if (!isValidDate(to))
    throw new AppError('invalid_query', { details: [{ field: '/to', reason: 'format' }] });
  if (to < from || tooLong(from, to))
    throw new AppError('invalid_query', { details: [{ field: '/to', reason: 'range' }] });
}
