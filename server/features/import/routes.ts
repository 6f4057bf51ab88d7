/**
 * POST /api/v1/import/{employees|units|sites}: the kind of sheet is the last segment, the
 * file itself is the body (XLSX or CSV, up to 20 MB), options in the query. `dryRun=true` answers the plan and writes nothing; without it
 * the same plan is applied in one transaction. Admins only, within their scope. Each kind
 * answers the lists of its own plan (an employee, unit or site row), with the same counts.
 */
import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.js';
import { EMPLOYEE_FIELDS } from '../../../core/import/employee-rows.js';
import { CHANGED_FIELDS } from '../../../core/import/plan.js';
import { SITE_CHANGED_FIELDS } from '../../../core/import/sites.js';
import { UNIT_CHANGED_FIELDS } from '../../../core/import/units.js';
import { SITE_MODES, UNIT_KINDS, ZONES } from '../../../core/model.js';
import type { Same } from '../../platform/http/fields.js';
import { bearerAuth, errorResponses, Nullable, StringEnum } from '../../platform/http/schemas.js';
import { ADMIN_ROLES } from '../../platform/access/access.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import type { AuthService } from '../auth/service.js';
import { actorOf } from '../units/access.js';
import { DateStr } from '../units/schemas.js';
import { applyImportOf, IMPORT_FIELDS, previewImportOf } from './kinds.js';
import type { ImportKind, KindOptions, SiteImportPreview, UnitImportPreview } from './kinds.js';
import { parseMapping } from './service.js';
import type { ImportDeps, ImportPreview } from './service.js';

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

const Row = Type.Integer({ description: '1-based row number in the file.' });
/** The fields a row changes, as text (before and after; null: empty). */
const Fields = <T extends readonly string[]>(fields: T) =>
  Type.Array(
    Type.Object({ field: StringEnum(fields), from: Nullable(Type.String()), to: Nullable(Type.String()) }),
  );
/** A list a kind of sheet never fills. */
const Empty = (description: string) =>
  Type.Unsafe<[]>({ type: 'array', items: {}, maxItems: 0, description });

const EmployeeRows = {
  create: Type.Array(
    Type.Object({
      row: Row,
      nip: Nullable(Type.String()),
      internalId: Nullable(Type.String()),
      name: Type.String(),
      unitName: Type.String(),
    }),
  ),
  change: Type.Array(
    Type.Object({
      row: Row,
      employeeId: Type.Integer(),
      name: Type.String(),
      nip: Nullable(Type.String()),
      fields: Fields(CHANGED_FIELDS),
    }),
  ),
  move: Type.Array(
    Type.Object({
      row: Row,
      employeeId: Type.Integer(),
      name: Type.String(),
      nip: Nullable(Type.String()),
      fromUnit: Type.String(),
      toUnit: Type.String(),
      from: Type.String({ description: 'First date in the new unit.' }),
    }),
  ),
  deactivate: Type.Array(
    Type.Object({
      row: Nullable(Type.Integer({ description: 'Null: missing from the file (deactivateMissing).' })),
      employeeId: Type.Integer(),
      name: Type.String(),
      nip: Nullable(Type.String()),
      unitName: Type.String(),
      from: Type.String({ description: 'First inactive date.' }),
    }),
  ),
};

const UnitRef = Type.Union([
  Type.Object({ unitId: Type.Integer({ description: 'A stored unit.' }) }),
  Type.Object({ row: Type.Integer({ description: 'The unit another row of the sheet creates.' }) }),
]);
const UnitRows = {
  create: Type.Array(
    Type.Object({
      row: Row,
      code: Nullable(Type.String()),
      name: Type.String(),
      kind: StringEnum(UNIT_KINDS),
      zone: StringEnum(ZONES),
      parent: Nullable(UnitRef),
      parentName: Nullable(Type.String({ description: 'Null: a top unit.' })),
    }),
  ),
  change: Type.Array(
    Type.Object({
      row: Row,
      unitId: Type.Integer(),
      fields: Fields(UNIT_CHANGED_FIELDS),
      name: Type.String(),
    }),
  ),
  move: Type.Array(
    Type.Object({
      row: Row,
      unitId: Type.Integer(),
      fromParentId: Nullable(Type.Integer()),
      to: UnitRef,
      name: Type.String(),
      fromParent: Nullable(Type.String()),
      toParent: Type.String(),
    }),
  ),
  deactivate: Empty('A units sheet deactivates nothing.'),
};

const SiteRows = {
  create: Type.Array(
    Type.Object({
      row: Row,
      name: Type.String(),
      unitId: Type.Integer(),
      unitName: Type.String(),
      employeeId: Nullable(Type.Integer()),
      mode: StringEnum(SITE_MODES),
      shape: Type.String({ description: "One line: 'circle lat,lon r metres' or 'polygon lat,lon …'." }),
      validFrom: Nullable(Type.String()),
      validTo: Nullable(Type.String()),
    }),
  ),
  change: Type.Array(
    Type.Object({
      row: Row,
      siteId: Type.Integer(),
      name: Type.String(),
      unitName: Type.String(),
      fields: Fields(SITE_CHANGED_FIELDS),
    }),
  ),
  move: Empty('A work-site sheet moves nothing.'),
  deactivate: Type.Array(
    Type.Object({ row: Row, siteId: Type.Integer(), name: Type.String(), unitName: Type.String() }),
  ),
};

/** The answer of an import of one kind: its plan, with the lists of that kind of sheet. */
function previewSchema<C extends TSchema, Ch extends TSchema, M extends TSchema, D extends TSchema>(rows: {
  create: C;
  change: Ch;
  move: M;
  deactivate: D;
}) {
  return Type.Object({
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
    create: rows.create,
    change: rows.change,
    move: rows.move,
    deactivate: rows.deactivate,
    refused: Type.Array(Refusal),
    fingerprint: Type.String(),
    applied: Type.Boolean(),
  });
}
export const EmployeeImportPreviewSchema = previewSchema(EmployeeRows);
export const UnitImportPreviewSchema = previewSchema(UnitRows);
export const SiteImportPreviewSchema = previewSchema(SiteRows);
/** The answer of each kind: a kind added to IMPORT_KINDS needs its own. */
const PREVIEW_SCHEMAS = {
  employees: EmployeeImportPreviewSchema,
  units: UnitImportPreviewSchema,
  sites: SiteImportPreviewSchema,
} satisfies Record<ImportKind, TSchema>;

// Each list a schema publishes is exactly what its service returns: neither gains, loses
// or changes a field alone (a field missing from the schema would vanish from the answer).
const _rows: [
  Same<Static<typeof EmployeeRows.create>, ImportPreview['create']>,
  Same<Static<typeof EmployeeRows.change>, ImportPreview['change']>,
  Same<Static<typeof EmployeeRows.move>, ImportPreview['move']>,
  Same<Static<typeof EmployeeRows.deactivate>, ImportPreview['deactivate']>,
  Same<Static<typeof UnitRows.create>, UnitImportPreview['create']>,
  Same<Static<typeof UnitRows.change>, UnitImportPreview['change']>,
  Same<Static<typeof UnitRows.move>, UnitImportPreview['move']>,
  Same<Static<typeof UnitRows.deactivate>, UnitImportPreview['deactivate']>,
  Same<Static<typeof SiteRows.create>, SiteImportPreview['create']>,
  Same<Static<typeof SiteRows.change>, SiteImportPreview['change']>,
  Same<Static<typeof SiteRows.move>, SiteImportPreview['move']>,
  Same<Static<typeof SiteRows.deactivate>, SiteImportPreview['deactivate']>,
] = [true, true, true, true, true, true, true, true, true, true, true, true];

type ImportRequest = FastifyRequest & { query: Static<typeof ImportQuerySchema> };

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
    /** The options of the route of `kind`, its answer described by `preview`. */
    const options = <T extends TSchema>(kind: ImportKind, preview: T) => ({
      onRequest: bearer(auth, { roles: ADMIN_ROLES }),
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['import'],
        security: bearerAuth,
        summary: SUMMARY[kind],
        querystring: ImportQuerySchema,
        response: { 200: preview, ...errorResponses },
      },
    });
    /** The dry run or the apply of the file a request of `kind` carries. */
    const answer = async <K extends ImportKind>(kind: K, request: ImportRequest) => {
      const actor = actorOf(claimsOf(request), request.id);
      const q = request.query;
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new AppError('import_file_type');
      const mapping = parseMapping(q.mapping, IMPORT_FIELDS[kind]);
      const opts: KindOptions = {
        ...(mapping && { mapping }),
        ...(q.effectiveFrom !== undefined && { effectiveFrom: q.effectiveFrom }),
        deactivateMissing: q.deactivateMissing === 'true',
        skipRefused: q.skipRefused === 'true',
        ...(q.expect !== undefined && { expect: q.expect }),
      };
      if (q.dryRun === 'true')
        return { ...(await previewImportOf(deps, actor, kind, request.body, opts)), applied: false };
      return { ...(await applyImportOf(deps, actor, kind, request.body, opts)), applied: true };
    };
    sub.post('/import/employees', options('employees', PREVIEW_SCHEMAS.employees), (request) =>
      answer('employees', request),
    );
    sub.post('/import/units', options('units', PREVIEW_SCHEMAS.units), (request) => answer('units', request));
    sub.post('/import/sites', options('sites', PREVIEW_SCHEMAS.sites), (request) => answer('sites', request));
    done();
  });
}
