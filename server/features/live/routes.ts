/**
 * The live board under /api/v1/live, for admins, scoped to their units:
 * - GET /live/board: counts of a unit and of each child unit, the arrivals by minute;
 * - GET /live/people: the people of a category (late by band, not yet, flagged…), paged
 *   and sorted on the server;
 * - GET /live/stream: server-sent events — `board` with fresh counts after punches are
 *   committed (at most every half second), `punch` for each new punch of the unit's people;
 * - GET /live/missed/export: who has not checked in yet, as XLSX, PDF or CSV.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { isValidDate, localParts } from '../../../core/time.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import type { AuthService } from '../auth/service.js';
import type { Database } from '../../platform/db/schema.js';
import { bearerAuth, errorResponses } from '../../platform/http/schemas.js';
import { CONTENT_TYPES } from '../reports/report.js';
import { fileName, renderReport } from '../reports/render.js';
import { pageParams } from '../console/paging.js';
import * as S from './schemas.js';
import { viewScope } from './scope.js';
import type { ViewScope } from './scope.js';
import type { LiveService } from './service.js';
import { boardView, missedReport, personView, selectPeople } from './views.js';

export interface LiveRouteDeps {
  db: Kysely<Database>;
  now: () => number;
  live: LiveService;
}

/** A comment line every so often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

function dateOf(q: { date?: string | undefined }, scope: ViewScope, now: number): string {
  if (q.date === undefined) return localParts(now, scope.unit.zone).date;
  if (!isValidDate(q.date))
    throw new AppError('invalid_query', { details: [{ field: '/date', reason: 'format' }] });
  return q.date;
}

const unitIdOf = (q: { unitId?: string | undefined }) =>
  q.unitId === undefined ? undefined : Number(q.unitId);

export function liveRoutes(server: FastifyInstance, auth: AuthService, deps: LiveRouteDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const { db, live } = deps;
  const admins = bearer(auth, { roles: ADMIN_ROLES });
  const meta = (summary: string) => ({ tags: ['live'], security: bearerAuth, summary });

  app.get(
    '/live/board',
    {
      onRequest: admins,
      schema: {
        ...meta("Today's attendance of a unit, live: counts per child unit, arrivals by minute"),
        querystring: S.BoardQuerySchema,
        response: { 200: S.BoardSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      const now = deps.now();
      const board = await live.board(dateOf(q, scope, now));
      return boardView(board, scope, now);
    },
  );

  app.get(
    '/live/people',
    {
      onRequest: admins,
      schema: {
        ...meta("The people of a unit's live board in one category, sorted and paged on the server"),
        querystring: S.PeopleQuerySchema,
        response: { 200: S.PeopleSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      const now = deps.now();
      const board = await live.board(dateOf(q, scope, now));
      return selectPeople(
        board,
        scope,
        {
          filter: q.filter ?? 'all',
          band: q.band,
          text: q.q,
          sort: q.sort ?? 'name',
          desc: q.order === 'desc',
          ...pageParams(q),
        },
        now,
      );
    },
  );

  app.get(
    '/live/missed/export',
    {
      onRequest: admins,
      schema: {
        ...meta('Who has not checked in yet today (with work planned), as XLSX, PDF or CSV'),
        querystring: S.MissedExportQuerySchema,
        response: {
          200: { description: 'The file (XLSX, PDF or CSV).', type: 'string', format: 'binary' },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      const now = deps.now();
      const board = await live.board(dateOf(q, scope, now));
      const table = missedReport(board, scope, now);
      return reply
        .header('content-type', CONTENT_TYPES[q.format])
        .header(
          'content-disposition',
          `attachment; filename="${fileName(table, scope.unit.name, board.date, q.format)}"`,
        )
        .send(await renderReport(table, q.format));
    },
  );

  app.get(
    '/live/stream',
    {
      onRequest: admins,
      schema: {
        ...meta("Server-sent events of a unit's live board: `board` (counts) and `punch` (each new punch)"),
        description:
          'text/event-stream. The first event is `board` with the counts now; then `board` again after ' +
          'punches of the unit are committed (at most every half second) and at least every 30 s, and ' +
          "`punch` with the person's new standing for each new punch. Send the bearer token in the " +
          'Authorization header (read the stream with fetch); reconnect with a fresh token when it ends.',
        querystring: S.BoardQuerySchema,
        response: {
          200: { description: 'An event stream.', type: 'string' },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await viewScope(db, claimsOf(request), unitIdOf(q));
      const date = dateOf(q, scope, deps.now());
      const first = await live.board(date);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx: pass events on at once instead of buffering them.
        'x-accel-buffering': 'no',
      });
      const send = (event: string, data: unknown) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      res.write('retry: 3000\n\n');
      send('board', boardView(first, scope, deps.now()));
      const stop = live.subscribe({
        date,
        unitIds: scope.ids,
        onBoard: (board) => send('board', boardView(board, scope, deps.now())),
        onPunch: (person, punch) =>
          send('punch', { ...personView(person, first.units), punch: { id: punch.id, kind: punch.kind } }),
        // Closing the server ends the stream (the console reconnects, to another process maybe).
        end: () => res.end(),
      });
      const beat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      beat.unref();
      const end = () => {
        clearInterval(beat);
        stop();
      };
      res.once('close', end);
    },
  );
}
