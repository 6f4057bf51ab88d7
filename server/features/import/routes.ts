/**
 * POST /api/v1/import/{employees|units|sites}: the kind of sheet is the last segment, the
 * file itself is the body (XLSX or CSV, up to 20 MB), options in the query. `dryRun=true` answers the plan and writes nothing; without it
 * the same plan is applied in one transaction. Admins only, within their scope.
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.js';
import { EMPLOYEE_FIELDS } from '../../../core/import/employee-rows.js';
import { bearerAuth, errorResponses, StringEnum } from '../../platform/http/schemas.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import type { AuthService } from '../auth/service.js';
import { actorOf } from '../units/access.js';
import { DateStr } from '../units/schemas.js';
import { applyImportOf, IMPORT_FIELDS, IMPORT_KINDS, previewImportOf } from './kinds.js';
import type { ImportKind } from './kinds.js';
import { parseMapping } from './service.js';
import type { ImportDeps } from './service.js';

const FILE_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
  'application/octet-stream',
];
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

const Bool = StringEnum(['true', 'false'] as const);
export const ImportQuerySchema = Type.Object(
  {
    dryRun: Type.Optional(Bool),
    effectiveFrom: Type.Optional(DateStr),
    deactivateMissing: Type.Optional(Bool),
    skipRefused: Type.Optional(Bool),
    mapping: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: `JSON object field → 0-based column. Employees: ${EMPLOYEE_FIELDS.join(', ')}; units: ${IMPORT_FIELDS.units.join(', ')}; sites: ${IMPORT_FIELDS.sites.join(', ')}. Default: suggested from the headers.`,
      }),
    ),
    expect: Type.Optional(
      Type.String({ pattern: '^[0-9a-f]{64}$', description: 'The dry run’s fingerprint.' }),
    ),
  },
  { additionalProperties: false },
);

const Refusal = Type.Object({
  row: Type.Integer(),
  column: Type.Union([Type.String(), Type.Null()]),
  field: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  value: Type.Union([Type.String(), Type.Null()]),
  message: Type.Object({ id: Type.String(), en: Type.String() }),
});
const Loose = Type.Array(Type.Object({}, { additionalProperties: true }));
export const ImportPreviewSchema = Type.Object({
  headers: Type.Array(Type.String()),
  mapping: Type.Object({}, { additionalProperties: Type.Integer() }),
  rows: Type.Integer(),
  summary: Type.Object({
    create: Type.Integer(),
    change: Type.Integer(),
    move: Type.Integer(),
    deactivate: Type.Integer(),
    unchanged: Type.Integer(),
    refused: Type.Integer({ description: 'Rows refused.' }),
  }),
  create: Loose,
  change: Loose,
  move: Loose,
  deactivate: Loose,
  refused: Type.Array(Refusal),
  fingerprint: Type.String(),
  applied: Type.Boolean(),
});

export function importRoutes(app: FastifyInstance, auth: AuthService, deps: ImportDeps): void {
  void app.register((plugin, _opts, done) => {
    const sub = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Only here: the file is the body. Elsewhere the API takes JSON alone.
    sub.addContentTypeParser(
      FILE_TYPES,
      { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
      (_req, body, next) => next(null, body),
    );
    const SUMMARY: Record<ImportKind, string> = {
      employees: 'Import an employee sheet (XLSX or CSV as the body): dry run or apply',
      units: 'Import a units sheet (kode, nama, induk, jenis, zona): dry run or apply',
      sites:
        'Import a work-site sheet (nama, unit, lat/lng/radius or polygon, mode, dates): dry run or apply',
    };
    for (const kind of IMPORT_KINDS) {
      sub.post(
        `/import/${kind}`,
        {
          onRequest: bearer(auth, { roles: ADMIN_ROLES }),
          bodyLimit: IMPORT_BODY_LIMIT,
          schema: {
            tags: ['import'],
            security: bearerAuth,
            summary: SUMMARY[kind],
            querystring: ImportQuerySchema,
            response: { 200: ImportPreviewSchema, ...errorResponses },
          },
        },
        async (request) => {
          const actor = actorOf(claimsOf(request), request.id);
          const q = request.query;
          if (!Buffer.isBuffer(request.body) || request.body.length === 0)
            throw new AppError('import_file_type');
          const mapping = parseMapping(q.mapping, IMPORT_FIELDS[kind]);
          const opts = {
            ...(mapping && { mapping }),
            ...(q.effectiveFrom !== undefined && { effectiveFrom: q.effectiveFrom }),
            deactivateMissing: q.deactivateMissing === 'true',
            skipRefused: q.skipRefused === 'true',
            ...(q.expect !== undefined && { expect: q.expect }),
          };
          if (q.dryRun === 'true')
            return { ...(await previewImportOf(deps, actor, kind, request.body, opts)), applied: false };
          return { ...(await applyImportOf(deps, actor, kind, request.body, opts)), applied: true };
        },
      );
    }
    done();
  });
}
