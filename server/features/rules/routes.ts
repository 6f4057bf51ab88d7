/**
 * Attendance rules: GET/POST /rule-sets (versions of the organisation's rule set; adding
 * is the agency admin's) and GET/PUT /units/:id/attendance-settings (admins in scope).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ADMIN_ROLES, AGENCY_ROLES } from '../../platform/access/access.js';
import { bearer, callerOf } from '../../platform/http/bearer.js';
import type { Authenticator } from '../../platform/http/bearer.js';
import { created, DateStr, FlexSchema, IdParams, ListOf, ok, tags } from '../../platform/http/fields.js';
import { Nullable, StringEnum } from '../../platform/http/schemas.js';
import { PRESET_IDS } from '../../../core/attendance/index.js';
import { addRuleSet, ruleSetOfBody, ruleSets, setUnitSettings, unitSettingsFor } from './service.js';
import type { RuleDeps } from './service.js';

const BandSchema = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 20 }),
    from: Type.Integer(),
    to: Nullable(Type.Integer()),
    pct: Type.Number(),
  },
  { additionalProperties: false },
);
const MissingSchema = Type.Union([
  Type.Object({ as: Type.Literal('top_band') }, { additionalProperties: false }),
  Type.Object({ as: Type.Literal('pct'), pct: Type.Number() }, { additionalProperties: false }),
]);
const RuleSetSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    source: Type.String({ maxLength: 500 }),
    effectiveFrom: DateStr,
    convention: StringEnum(['lower_inclusive', 'upper_inclusive'] as const),
    lateBands: ListOf(BandSchema, { maxItems: 20 }),
    earlyBands: ListOf(BandSchema, { maxItems: 20 }),
    missingCheckIn: MissingSchema,
    missingCheckOut: MissingSchema,
    tkPctPerDay: Type.Number(),
    leave: Type.Record(
      Type.String(),
      Type.Object(
        { countsAsPresent: Type.Boolean(), cutAfterDays: Nullable(Type.Integer()), pctPerDay: Type.Number() },
        { additionalProperties: false },
      ),
    ),
    monthlyCapPct: Nullable(Type.Number()),
    tkDaysFullCut: Nullable(Type.Integer()),
    acceptOutsideFence: Type.Boolean(),
    unverifiedTime: Type.Optional(
      StringEnum(
        ['count', 'review', 'reject'] as const,
        "What a punch whose time rests on the phone's claim (no valid anchor, delivered late, or after a " +
          'contact that did not deliver it) does for pay: count, count once an admin accepts it, or not ' +
          'count; absent = review.',
      ),
    ),
    correctionMaxDays: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 3660,
        description: 'Days back (work date against today) an employee may ask for a correction; absent = 31.',
      }),
    ),
  },
  { additionalProperties: false },
);
const RuleSetBody = Type.Object(
  {
    organisationId: Type.Optional(Type.Integer({ minimum: 1 })),
    ruleSet: Type.Optional(RuleSetSchema),
    preset: Type.Optional(
      StringEnum(
        PRESET_IDS,
        'Adopt a preset by its id instead of sending a whole rule set; needs effectiveFrom.',
      ),
    ),
    effectiveFrom: Type.Optional(DateStr),
  },
  {
    additionalProperties: false,
    description:
      'Either `ruleSet` (a whole version) or `preset` with `effectiveFrom`, e.g. ' +
      '`{ "preset": "permentan-68-2012", "effectiveFrom": "2026-01-01" }`.',
  },
);

const UnitRulesBody = Type.Object(
  {
    worksOnHolidays: Type.Optional(Type.Boolean()),
    ...Type.Partial(FlexSchema).properties,
    selfieRequired: Type.Optional(
      Nullable(
        Type.Boolean({
          description:
            'Ask for a selfie with every check-in (a capture without one is stored, flagged selfie_missing); ' +
            'null = inherit from the nearest parent unit that sets it (nobody: not required).',
        }),
      ),
    ),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      'worksOnHolidays, flexMinutes, lateGraceMinutes and earlyGraceMinutes are sent together or not at all; ' +
      'selfieRequired may be sent alone. A field left out keeps its value.',
  },
);

/** A stored version: who added it and when, and the rule set itself. */
const StoredRuleSetSchema = Type.Object({
  organisationId: Type.Integer(),
  createdAt: Type.Integer({ description: 'Epoch milliseconds.' }),
  createdBy: Nullable(Type.Integer()),
  rules: RuleSetSchema,
});
const RuleSetsSchema = Type.Object({
  organisationId: Type.Integer(),
  versions: Type.Array(StoredRuleSetSchema),
  presets: Type.Array(RuleSetSchema),
});
const AddedRuleSetSchema = Type.Object({ organisationId: Type.Integer(), rules: RuleSetSchema });

const UnitSettingsSchema = Type.Object({
  unitId: Type.Integer(),
  worksOnHolidays: Type.Boolean({
    description: 'In force for the unit: its own setting or the nearest parent’s.',
  }),
  flex: Type.Object({
    flexMinutes: Type.Integer(),
    lateGraceMinutes: Type.Integer(),
    earlyGraceMinutes: Type.Integer(),
  }),
  rulesFromUnitId: Nullable(
    Type.Integer({
      description: 'The unit whose settings row applies (this one or a parent); null = defaults.',
    }),
  ),
  selfieRequired: Nullable(Type.Boolean({ description: "The unit's own selfie setting; null = inherit." })),
  selfieRequiredEffective: Type.Boolean({
    description: 'Whether a selfie is asked for in this unit after inheritance.',
  }),
});

export function ruleRoutes(server: FastifyInstance, auth: Authenticator, deps: RuleDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const admins = bearer(auth, { roles: ADMIN_ROLES });
  const idOf = (r: { params: IdParams }) => Number(r.params.id);

  app.get(
    '/rule-sets',
    {
      onRequest: admins,
      schema: {
        ...tags('rules'),
        summary: "The organisation's rule set versions and the presets",
        response: ok(RuleSetsSchema),
      },
    },
    () => ruleSets(deps),
  );

  app.post(
    '/rule-sets',
    {
      onRequest: bearer(auth, { roles: AGENCY_ROLES }),
      schema: {
        ...tags('rules'),
        summary: 'Add a rule set version (agency admin); versions are never edited',
        body: RuleSetBody,
        response: created(AddedRuleSetSchema),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const stored = await addRuleSet(deps, callerOf(request), {
        ...(b.organisationId !== undefined && { organisationId: b.organisationId }),
        ruleSet: ruleSetOfBody(b),
      });
      return reply.code(201).send(stored);
    },
  );

  app.get(
    '/units/:id/attendance-settings',
    {
      onRequest: admins,
      schema: {
        ...tags('rules'),
        summary: "A unit's settings in force: works on holidays, flex band, grace minutes, selfie",
        params: IdParams,
        response: ok(UnitSettingsSchema),
      },
    },
    (request) => unitSettingsFor(deps, callerOf(request), idOf(request)),
  );

  app.put(
    '/units/:id/attendance-settings',
    {
      onRequest: admins,
      schema: {
        ...tags('rules'),
        summary: "Set a unit's settings: works on holidays, flex band, grace minutes, selfie",
        params: IdParams,
        body: UnitRulesBody,
        response: ok(UnitSettingsSchema),
      },
    },
    (request) => setUnitSettings(deps, callerOf(request), idOf(request), request.body),
  );
}
