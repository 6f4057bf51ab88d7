/**
 * The schema pieces every feature's routes share, written once: dates, instants, ids,
 * reasons, month and year queries, the week of working days, the flex band, and the
 * route options around them (tags, answers, file downloads). A date or instant here only
 * checks the shape; services read the calendar with platform/http/input.ts.
 */
import { Type } from '@sinclair/typebox';
import type { ArrayOptions, Static, TSchema } from '@sinclair/typebox';
import { bearerAuth, errorResponses, ID_PATTERN, Nullable } from './schemas.js';

/** 'YYYY-MM-DD' (a real date: checked by requireDate). */
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** An ISO 8601 instant with Z or an offset (a real moment: checked by requireInstant). */
export const InstantStr = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
  maxLength: 40,
  description: 'ISO 8601 instant with Z or an offset.',
});

/** 'YYYY-MM' of a real month. */
export const MonthStr = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
  description: 'YYYY-MM',
  examples: ['2026-03'],
});

/** A reason people give (a request, a decision, an entry). */
export const Reason = Type.String({ minLength: 1, maxLength: 500 });

/** A numeric id in the path, as text. */
export const IdText = Type.String({ pattern: ID_PATTERN });
export const IdParams = Type.Object({ id: IdText });
export type IdParams = Static<typeof IdParams>;
/** A text id (UUID, content hash) in the path. */
export const TextIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export type TextIdParams = Static<typeof TextIdParams>;

export const MonthQuery = Type.Object({ month: MonthStr }, { additionalProperties: false });
export type MonthQuery = Static<typeof MonthQuery>;
export const YearQuery = Type.Object(
  { year: Type.String({ pattern: '^\\d{4}$' }) },
  { additionalProperties: false },
);
export type YearQuery = Static<typeof YearQuery>;
export const DateQuery = Type.Object({ date: DateStr }, { additionalProperties: false });
export type DateQuery = Static<typeof DateQuery>;

/** A list of ids a body names (units, people). */
export const IdList = (maxItems: number, opts: { minItems?: number; description?: string } = {}) =>
  Type.Array(Type.Integer({ minimum: 1 }), { maxItems, ...opts });

/**
 * An array whose type is readonly (the same JSON schema as Type.Array): services hand out
 * readonly arrays, and an answer's schema must accept them.
 */
export const ListOf = <T extends TSchema>(item: T, options?: ArrayOptions) =>
  Type.Unsafe<readonly Static<T>[]>(Type.Array(item, options));

const Minute = Type.Integer({ minimum: 0, maximum: 1440, description: 'Minutes after local midnight.' });
/** One working day of a schedule, in minutes after local midnight. */
export const WorkDaySchema = Type.Object(
  {
    start: Minute,
    end: Minute,
    checkInFrom: Minute,
    checkInUntil: Minute,
    checkOutFrom: Minute,
    checkOutUntil: Minute,
  },
  { additionalProperties: false },
);
export type WorkDayBody = Static<typeof WorkDaySchema>;
/** Monday … Sunday; null = a day off. */
export const WeekDaysSchema = Type.Array(Nullable(WorkDaySchema), {
  minItems: 7,
  maxItems: 7,
  description: 'Monday … Sunday; null = a day off.',
});
/** The flex band and grace minutes of a schedule or unit. */
export const FlexSchema = Type.Object(
  {
    flexMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    lateGraceMinutes: Type.Integer({ minimum: 0, maximum: 120 }),
    earlyGraceMinutes: Type.Integer({ minimum: 0, maximum: 120 }),
  },
  { additionalProperties: false },
);

/**
 * `true` when two types are the same, optional and readonly fields included: proves at
 * compile time that a route's schema and the wire type a client reads (core/wire.ts)
 * describe one shape, so neither can gain, lose or change a field alone.
 *
 * @example const _wire: [Same<Static<typeof LeaveRequestSchema>, Wire.LeaveRequestView>] = [true];
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** OpenAPI tags and the bearer requirement of an authenticated route. */
export const tags = (t: string) => ({ tags: [t], security: bearerAuth });
/** A 200 answer of `schema`, with the error answers. */
export const ok = <T extends TSchema>(schema: T) => ({ 200: schema, ...errorResponses });
/** A 201 answer of `schema`, with the error answers. */
export const created = <T extends TSchema>(schema: T) => ({ 201: schema, ...errorResponses });
/** A 204 answer, with the error answers. */
export const noContent = (description: string) => ({
  204: { type: 'null', description },
  ...errorResponses,
});
/** A downloaded file, with the error answers. */
export const file = (description: string) => ({
  200: { description, type: 'string', format: 'binary' },
  ...errorResponses,
});
