/**
 * The organisation API under /api/v1: units (tree with counts, read, create, edit, move,
 * close), employees (list, read, create, edit, move, deactivate, reactivate) and work
 * sites (list, read, create, replace). Admins only; a unit admin within their subtree,
 * everything else answers 404 like a missing id.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { created, ok, tags } from '../../platform/http/fields.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import type { AuthService } from '../auth/service.js';
import * as employees from '../employees/service.js';
import * as sites from '../sites/service.js';
import { actorOf } from './access.js';
import * as S from './schemas.js';
import * as units from './service.js';

export interface OrganisationDeps {
  db: Kysely<Database>;
  now: () => number;
  /** After a change: this process's check-in directory reloads at once (others by the triggers). */
  changed?: () => void;
}

export function organisationRoutes(server: FastifyInstance, auth: AuthService, deps: OrganisationDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const any = bearer(auth, { roles: ADMIN_ROLES });
  const actor = (request: Parameters<typeof claimsOf>[0]) => actorOf(claimsOf(request), request.id);
  const idOf = (request: { params: { id: string } }) => Number(request.params.id);

  // ---- Units ---------------------------------------------------------------------------

  app.get(
    '/units',
    {
      onRequest: any,
      schema: {
        ...tags('units'),
        summary: 'The unit tree in scope, with head counts',
        response: ok(S.UnitTreeSchema),
      },
    },
    async (request) => ({ items: await units.unitTree(deps, actor(request)) }),
  );
  app.get(
    '/units/:id',
    {
      onRequest: any,
      schema: {
        ...tags('units'),
        summary: 'One unit with its counts',
        params: S.IdParamsSchema,
        response: ok(S.UnitNodeSchema),
      },
    },
    (request) => units.readUnit(deps, actor(request), idOf(request)),
  );
  app.post(
    '/units',
    {
      onRequest: any,
      schema: {
        ...tags('units'),
        summary: 'Create a unit',
        body: S.NewUnitSchema,
        response: created(S.UnitSchema),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const u = await units.createUnit(deps, actor(request), b);
      return reply.code(201).send(u);
    },
  );
  app.patch(
    '/units/:id',
    {
      onRequest: any,
      schema: {
        ...tags('units'),
        summary: 'Rename, recode, change kind or zone',
        params: S.IdParamsSchema,
        body: S.UnitPatchSchema,
        response: ok(S.UnitSchema),
      },
    },
    (request) => units.updateUnitFields(deps, actor(request), idOf(request), request.body),
  );
  app.post(
    '/units/:id/move',
    {
      onRequest: any,
      schema: {
        ...tags('units'),
        summary: 'Move a unit under another parent',
        params: S.IdParamsSchema,
        body: S.UnitMoveSchema,
        response: ok(S.UnitSchema),
      },
    },
    (request) => units.moveUnitTo(deps, actor(request), idOf(request), request.body.parentId),
  );
  app.post(
    '/units/:id/close',
    {
      onRequest: any,
      schema: {
        ...tags('units'),
        summary: 'Close a unit from a date (null reopens)',
        params: S.IdParamsSchema,
        body: S.UnitCloseSchema,
        response: ok(S.UnitSchema),
      },
    },
    (request) => units.closeUnit(deps, actor(request), idOf(request), request.body.from),
  );

  // ---- Employees -----------------------------------------------------------------------

  app.get(
    '/employees',
    {
      onRequest: any,
      schema: {
        ...tags('employees'),
        summary: 'Search employees (paged, sorted on the server, with unit names)',
        querystring: S.EmployeeQuerySchema,
        response: ok(S.EmployeeListSchema),
      },
    },
    (request) => {
      const q = request.query;
      return employees.listEmployeesFor(deps, actor(request), {
        ...(q.q !== undefined && { q: q.q }),
        ...(q.unitId !== undefined && { unitId: Number(q.unitId) }),
        ...(q.subtree !== undefined && { subtree: q.subtree === 'true' }),
        ...(q.kind !== undefined && { kind: q.kind }),
        ...(q.active !== undefined && { active: q.active === 'true' }),
        sort: q.sort ?? 'name',
        order: q.order ?? 'asc',
        limit: q.limit === undefined ? 50 : Number(q.limit),
        offset: q.offset === undefined ? 0 : Number(q.offset),
      });
    },
  );
  app.get(
    '/employees/:id',
    {
      onRequest: any,
      schema: {
        ...tags('employees'),
        summary: 'One employee with unit history',
        params: S.IdParamsSchema,
        response: ok(S.EmployeeDetailSchema),
      },
    },
    (request) => employees.readEmployee(deps, actor(request), idOf(request)),
  );
  app.post(
    '/employees',
    {
      onRequest: any,
      schema: {
        ...tags('employees'),
        summary: 'Create an employee',
        body: S.NewEmployeeSchema,
        response: created(S.EmployeeSchema),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const e = await employees.createEmployee(deps, actor(request), {
        kind: b.kind,
        nip: b.nip ?? null,
        internalId: b.internalId ?? null,
        name: b.name,
        unitId: b.unitId,
        position: b.position ?? '',
        rank: b.rank ?? null,
        attendanceFrom: b.attendanceFrom ?? null,
      });
      return reply.code(201).send(e);
    },
  );
  app.patch(
    '/employees/:id',
    {
      onRequest: any,
      schema: {
        ...tags('employees'),
        summary: 'Edit an employee (the unit changes by a move)',
        params: S.IdParamsSchema,
        body: S.EmployeePatchSchema,
        response: ok(S.EmployeeSchema),
      },
    },
    (request) => employees.editEmployee(deps, actor(request), idOf(request), request.body),
  );
  app.post(
    '/employees/:id/move',
    {
      onRequest: any,
      schema: {
        ...tags('employees'),
        summary: 'Move to another unit from a date (earlier recaps keep the old unit)',
        params: S.IdParamsSchema,
        body: S.EmployeeMoveSchema,
        response: ok(S.EmployeeSchema),
      },
    },
    (request) => employees.moveEmployee(deps, actor(request), idOf(request), request.body),
  );
  app.post(
    '/employees/:id/deactivate',
    {
      onRequest: any,
      schema: {
        ...tags('employees'),
        summary: 'Deactivate from a date (pensiun, mutasi keluar, …)',
        params: S.IdParamsSchema,
        body: S.DeactivateSchema,
        response: ok(S.EmployeeSchema),
      },
    },
    (request) => employees.deactivateEmployee(deps, actor(request), idOf(request), request.body),
  );
  app.post(
    '/employees/:id/reactivate',
    {
      onRequest: any,
      schema: {
        ...tags('employees'),
        summary: 'Undo a deactivation',
        params: S.IdParamsSchema,
        response: ok(S.EmployeeSchema),
      },
    },
    (request) => employees.reactivateEmployee(deps, actor(request), idOf(request)),
  );

  // ---- Sites ---------------------------------------------------------------------------

  app.get(
    '/sites',
    {
      onRequest: any,
      schema: {
        ...tags('sites'),
        summary: 'Work sites of a unit subtree, a person, or the whole scope',
        querystring: S.SiteQuerySchema,
        response: ok(S.SiteListSchema),
      },
    },
    async (request) => {
      const q = request.query;
      return {
        items: await sites.listSitesFor(deps, actor(request), {
          ...(q.unitId !== undefined && { unitId: Number(q.unitId) }),
          ...(q.employeeId !== undefined && { employeeId: Number(q.employeeId) }),
        }),
      };
    },
  );
  app.get(
    '/sites/:id',
    {
      onRequest: any,
      schema: {
        ...tags('sites'),
        summary: 'One work site',
        params: S.IdParamsSchema,
        response: ok(S.SiteSchema),
      },
    },
    (request) => sites.readSite(deps, actor(request), idOf(request)),
  );
  app.post(
    '/sites',
    {
      onRequest: any,
      schema: {
        ...tags('sites'),
        summary: 'Draw a work site (circle or polygon)',
        body: S.SiteInputSchema,
        response: created(S.SiteSchema),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await sites.createSite(deps, actor(request), request.body)),
  );
  app.put(
    '/sites/:id',
    {
      onRequest: any,
      schema: {
        ...tags('sites'),
        summary: 'Replace a work site (active false takes it out of use)',
        params: S.IdParamsSchema,
        body: S.SiteInputSchema,
        response: ok(S.SiteSchema),
      },
    },
    (request) => sites.replaceSite(deps, actor(request), idOf(request), request.body),
  );
}
