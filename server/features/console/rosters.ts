/**
 * The roster grid the console edits: the people placed in a unit (with its sub-units)
 * during a month × the days of that month, each cell the shift the roster holds for it
 * (latest revision wins, as the daily status reads it), a rostered day off, or nothing,
 * and the shift types the unit may use (its own and those inherited down the tree; the
 * nearest unit's wins for a code, as in the daily status). Writes go through the roster
 * API (POST /rosters, /rosters/rotations, /rosters/swaps); this only reads.
 *
 * A grid is bounded: at most {@link MAX_GRID_PEOPLE} people per page, one month.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import { indexRoster, rosterKey } from '../../../core/attendance/index.js';
import { unitChain } from '../../../core/org.js';
import { addDays, daysInMonth } from '../../../core/time.js';
import { claimsOf } from '../../platform/http/bearer.js';
import type { Database } from '../../platform/db/schema.js';
import { ID_PATTERN, Nullable, bearerAuth, errorResponses } from '../../platform/http/schemas.js';
import { employeeIdsPlacedIn } from '../employees/placements.store.js';
import { viewScope } from '../live/scope.js';
import { pageParams, searchKey } from './paging.js';
import type { ViewScope } from '../live/scope.js';
import { listRosterEntries, listShiftTypes } from '../rosters/store.js';
import { listUnits } from '../units/store.js';

/** Most people one grid page holds (a month of them is 31 cells each). */
export const MAX_GRID_PEOPLE = 200;

export const RosterGridQuerySchema = Type.Object(
  {
    unitId: Type.Optional(
      Type.String({ pattern: ID_PATTERN, description: 'A unit in scope; default: your root.' }),
    ),
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Name, NIP or internal id contains this.' })),
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
    pageSize: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–200, default 50.' })),
  },
  { additionalProperties: false },
);

const Minute = Type.Integer();
export const RosterGridSchema = Type.Object({
  unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
  month: Type.String(),
  days: Type.Array(Type.String(), { description: 'Every date of the month, YYYY-MM-DD.' }),
  shiftTypes: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      unitId: Type.Integer(),
      start: Minute,
      end: Minute,
    }),
    { description: 'The shift codes the unit may use, by code.' },
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  people: Type.Array(
    Type.Object({
      employeeId: Type.Integer(),
      name: Type.String(),
      nip: Nullable(Type.String()),
      position: Type.String(),
      unitName: Type.String(),
      shifts: Type.Record(Type.String(), Nullable(Type.String()), {
        description:
          'Date → shift code, or null for a rostered day off; a date with no roster entry is absent.',
      }),
    }),
  ),
});
export type RosterGrid = Static<typeof RosterGridSchema>;

export async function rosterGrid(
  db: Kysely<Database>,
  scope: ViewScope,
  q: { month: string; text?: string | undefined; page: number; pageSize: number },
): Promise<RosterGrid> {
  const [y, m] = q.month.split('-').map(Number) as [number, number];
  const from = `${q.month}-01`;
  const days = Array.from({ length: daysInMonth(y, m) }, (_, i) => addDays(from, i));
  const to = days[days.length - 1]!;
  const units = new Map((await listUnits(db)).map((u) => [u.id, u]));

  // Shift types along the unit's chain, root first, so the nearest unit's code wins.
  const chain = unitChain(units, scope.unit.id).reverse();
  const types = await listShiftTypes(
    db,
    chain.map((u) => u.id),
  );
  const byCode = new Map<string, (typeof types)[number]>();
  for (const u of chain) for (const t of types) if (t.unitId === u.id) byCode.set(t.code, t);

  const ids = await employeeIdsPlacedIn(db, [...scope.ids], from, to);
  let people =
    ids.length === 0
      ? []
      : await db
          .selectFrom('employees')
          .select(['id', 'name', 'nip', 'internal_id', 'position', 'unit_id'])
          .where('id', 'in', ids)
          .execute();
  const key = searchKey(q.text);
  if (key !== '')
    people = people.filter(
      (p) =>
        p.name.toLowerCase().replace(/\s+/g, '').includes(key) ||
        (p.nip ?? '').includes(key) ||
        (p.internal_id ?? '').toLowerCase().includes(key),
    );
  people.sort((a, b) => a.name.localeCompare(b.name, 'id') || a.id - b.id);
  const pageSize = Math.min(q.pageSize, MAX_GRID_PEOPLE);
  const shown = people.slice((q.page - 1) * pageSize, q.page * pageSize);
  const roster = indexRoster(
    await listRosterEntries(
      db,
      shown.map((p) => p.id),
      from,
      to,
    ),
  );

  return {
    unit: { id: scope.unit.id, name: scope.unit.name },
    month: q.month,
    days,
    shiftTypes: [...byCode.values()]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((t) => ({ code: t.code, name: t.name, unitId: t.unitId, start: t.start, end: t.end })),
    total: people.length,
    page: q.page,
    pageSize,
    people: shown.map((p) => {
      const shifts: Record<string, string | null> = {};
      for (const d of days) {
        const e = roster.get(rosterKey(p.id, d));
        if (e) shifts[d] = e.shiftCode;
      }
      return {
        employeeId: p.id,
        name: p.name,
        nip: p.nip,
        position: p.position,
        unitName: units.get(p.unit_id)?.name ?? '',
        shifts,
      };
    }),
  };
}

/** GET /console/rosters: the grid of a unit and month, for admins in scope. */
export function rosterGridRoute(
  server: FastifyInstance,
  admins: onRequestHookHandler,
  db: Kysely<Database>,
): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/console/rosters',
    {
      onRequest: admins,
      schema: {
        tags: ['console'],
        security: bearerAuth,
        summary: "A unit's roster for a month: people × days with their shift codes, and the shift types",
        querystring: RosterGridQuerySchema,
        response: { 200: RosterGridSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await viewScope(
        db,
        claimsOf(request),
        q.unitId === undefined ? undefined : Number(q.unitId),
      );
      return rosterGrid(db, scope, { month: q.month, text: q.q, ...pageParams(q) });
    },
  );
}
