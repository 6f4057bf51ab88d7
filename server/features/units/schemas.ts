/** JSON schemas of the units, employees and sites API (request objects refuse unknown fields). */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { EMPLOYEE_KINDS, SITE_MODES, UNIT_KINDS, ZONES } from '../../../core/model.js';
import { ID_PATTERN, Nullable, StringEnum } from '../../platform/http/schemas.js';

export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Code = Type.String({ maxLength: 64, description: 'Kode unit kerja, as the region numbers its units.' });

/** Query strings and path parameters arrive as text (no type coercion): ids and numbers by pattern. */
const IdText = Type.String({ pattern: ID_PATTERN });
const CountText = Type.String({ pattern: '^[0-9]{1,9}$' });
const BoolText = StringEnum(['true', 'false'] as const);

export const IdParamsSchema = Type.Object({ id: IdText });
export type IdParams = Static<typeof IdParamsSchema>;

export const UnitSchema = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  name: Type.String(),
  kind: StringEnum(UNIT_KINDS),
  zone: StringEnum(ZONES),
  code: Nullable(Type.String()),
  closedFrom: Nullable(Type.String({ description: 'First date the unit no longer exists.' })),
  attendanceFrom: Type.Optional(
    Nullable(
      Type.String({
        description:
          'First date attendance is recorded for the unit and its sub-units (go-live); earlier days are never TK. Null: since always.',
      }),
    ),
  ),
});

export const UnitNodeSchema = Type.Object({
  ...UnitSchema.properties,
  depth: Type.Integer({ description: '0 for the roots of the caller’s tree.' }),
  parentName: Nullable(Type.String()),
  employees: Type.Integer({ description: 'Employees of this unit active today.' }),
  totalEmployees: Type.Integer({ description: 'Employees of this unit and all below it, active today.' }),
  children: Type.Integer(),
});

export const UnitTreeSchema = Type.Object({ items: Type.Array(UnitNodeSchema) });

export const NewUnitSchema = Type.Object(
  {
    parentId: Nullable(Type.Integer({ minimum: 1 })),
    name: Name,
    kind: StringEnum(UNIT_KINDS),
    zone: Type.Optional(StringEnum(ZONES, 'Default: the parent’s zone.')),
    code: Type.Optional(Nullable(Code)),
  },
  { additionalProperties: false },
);
export type NewUnitBody = Static<typeof NewUnitSchema>;

export const UnitPatchSchema = Type.Object(
  {
    name: Type.Optional(Name),
    kind: Type.Optional(StringEnum(UNIT_KINDS)),
    zone: Type.Optional(StringEnum(ZONES)),
    code: Type.Optional(Nullable(Code)),
    attendanceFrom: Type.Optional(Nullable(DateStr)),
  },
  { additionalProperties: false },
);
export type UnitPatchBody = Static<typeof UnitPatchSchema>;

export const UnitMoveSchema = Type.Object(
  { parentId: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const UnitCloseSchema = Type.Object(
  { from: Nullable(DateStr) },
  { additionalProperties: false, description: 'from: the first closed date; null reopens the unit.' },
);

// ---- Employees ----------------------------------------------------------------------------

export const EmployeeSchema = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(EMPLOYEE_KINDS),
  nip: Nullable(Type.String()),
  internalId: Nullable(Type.String()),
  name: Type.String(),
  unitId: Type.Integer(),
  position: Type.String(),
  active: Type.Boolean(),
  rank: Nullable(Type.String({ description: 'Golongan: III/a (PNS), IX (PPPK).' })),
  attendanceFrom: Nullable(Type.String()),
  inactiveFrom: Nullable(Type.String()),
  inactiveReason: Nullable(Type.String()),
});

export const EmployeeListItemSchema = Type.Object({
  ...EmployeeSchema.properties,
  unitName: Type.String(),
  unitCode: Nullable(Type.String()),
});

export const EmployeeListSchema = Type.Object({
  total: Type.Integer({ description: 'All employees matching the filters.' }),
  items: Type.Array(EmployeeListItemSchema),
});

export const EmployeeQuerySchema = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 100, description: 'Part of the name, start of the NIP, or staff number.' }),
    ),
    unitId: Type.Optional(IdText),
    subtree: Type.Optional(BoolText),
    kind: Type.Optional(StringEnum(EMPLOYEE_KINDS)),
    active: Type.Optional(BoolText),
    sort: Type.Optional(StringEnum(['name', 'nip', 'unit', 'id'] as const)),
    order: Type.Optional(StringEnum(['asc', 'desc'] as const)),
    limit: Type.Optional(
      Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: '1-500, default 50.' }),
    ),
    offset: Type.Optional(CountText),
  },
  { additionalProperties: false },
);
export type EmployeeQueryParams = Static<typeof EmployeeQuerySchema>;

export const EmployeeDetailSchema = Type.Object({
  employee: EmployeeSchema,
  unitName: Type.String(),
  placements: Type.Array(
    Type.Object({
      unitId: Type.Integer(),
      unitName: Type.String(),
      fromDate: Type.String(),
      employeeId: Type.Integer(),
    }),
  ),
});

const Nip = Type.String({ maxLength: 40, description: '18 digits; spaces allowed.' });
const InternalId = Type.String({ maxLength: 64, description: 'Staff number of non-ASN staff.' });
const Rank = Type.String({ maxLength: 20, description: 'Golongan: III/a, 3a, IX …' });

export const NewEmployeeSchema = Type.Object(
  {
    kind: StringEnum(EMPLOYEE_KINDS),
    nip: Type.Optional(Nullable(Nip)),
    internalId: Type.Optional(Nullable(InternalId)),
    name: Name,
    unitId: Type.Integer({ minimum: 1 }),
    position: Type.Optional(Type.String({ maxLength: 200 })),
    rank: Type.Optional(Nullable(Rank)),
    attendanceFrom: Type.Optional(Nullable(DateStr)),
  },
  { additionalProperties: false },
);
export type NewEmployeeBody = Static<typeof NewEmployeeSchema>;

export const EmployeePatchSchema = Type.Object(
  {
    nip: Type.Optional(Nullable(Nip)),
    internalId: Type.Optional(Nullable(InternalId)),
    name: Type.Optional(Name),
    position: Type.Optional(Type.String({ maxLength: 200 })),
    rank: Type.Optional(Nullable(Rank)),
    attendanceFrom: Type.Optional(Nullable(DateStr)),
  },
  { additionalProperties: false },
);
export type EmployeePatchBody = Static<typeof EmployeePatchSchema>;

export const EmployeeMoveSchema = Type.Object(
  { unitId: Type.Integer({ minimum: 1 }), from: DateStr },
  { additionalProperties: false },
);
export const DeactivateSchema = Type.Object(
  {
    from: DateStr,
    reason: StringEnum(['pensiun', 'mutasi_keluar', 'berhenti', 'meninggal', 'cltn', 'lainnya'] as const),
  },
  { additionalProperties: false },
);

// ---- Sites --------------------------------------------------------------------------------

const LatLonSchema = Type.Object(
  { lat: Type.Number({ minimum: -90, maximum: 90 }), lon: Type.Number({ minimum: -180, maximum: 180 }) },
  { additionalProperties: false },
);
const ShapeSchema = Type.Union([
  Type.Object(
    { type: Type.Literal('circle'), center: LatLonSchema, radiusM: Type.Number({ exclusiveMinimum: 0 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('polygon'),
      points: Type.Array(LatLonSchema, {
        minItems: 3,
        maxItems: 501,
        description: 'A closing point equal to the first is allowed.',
      }),
    },
    { additionalProperties: false },
  ),
]);

export const SiteSchema = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  employeeId: Nullable(Type.Integer()),
  name: Type.String(),
  zone: StringEnum(ZONES),
  mode: StringEnum(SITE_MODES),
  shape: ShapeSchema,
  validFrom: Nullable(Type.String()),
  validTo: Nullable(Type.String()),
  letter: Nullable(Type.String()),
  active: Type.Boolean(),
});

export const SiteInputSchema = Type.Object(
  {
    unitId: Type.Optional(Type.Integer({ minimum: 1 })),
    employeeId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    name: Name,
    zone: Type.Optional(StringEnum(ZONES)),
    mode: StringEnum(SITE_MODES),
    shape: ShapeSchema,
    validFrom: Type.Optional(Nullable(DateStr)),
    validTo: Type.Optional(Nullable(DateStr)),
    letter: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    active: Type.Optional(Type.Boolean()),
    confirmOutsideIndonesia: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SiteInputBody = Static<typeof SiteInputSchema>;

export const SiteQuerySchema = Type.Object(
  { unitId: Type.Optional(IdText), employeeId: Type.Optional(IdText) },
  { additionalProperties: false },
);
export const SiteListSchema = Type.Object({ items: Type.Array(SiteSchema) });
