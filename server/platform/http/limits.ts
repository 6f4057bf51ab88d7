/**
 * Limits every request obeys, checked in one place before any route's schema or
 * handler (OWASP ASVS 5.0 V2.2.1 "input is validated against expected structure and
 * limits", 16.5.3 "fail securely"): what no JSON schema of a route says, but every
 * database and date function needs.
 *
 * - **No NUL character** in any string of a body, query or path: PostgreSQL refuses it
 *   in `text` (and would answer 500), SQLite would store a string that compares oddly.
 * - **Dates lie in the years 1900–2199.** A 'YYYY-MM-DD' value (or a 'YYYY-MM' month)
 *   anywhere in a request outside them is refused: ranges around `0000-01-01` or
 *   `9999-12-31` would step past the calendar's ends (core/time.ts) while being expanded,
 *   and a recap of `month=0000-01` looks at the days before it.
 * - **Integers fit 32 bits** (`INT32_MAX`): every `integer` field of a route's body,
 *   query or path schema without bounds of its own gets them at registration
 *   (`boundIntegers`), so they are also published in the OpenAPI document. Ids in paths use `ID_PATTERN` (schemas.ts).
 *
 * Refusals are the ordinary ones: `invalid_body` for a body, `invalid_query` for a query
 * or path, with the field and the reason (`nul`, `date_range`).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { AppError } from '../../../core/errors.js';
import { INT32_MAX, INT32_MIN, REQUEST_YEAR_MAX, REQUEST_YEAR_MIN } from './schemas.js';

const DATE_PREFIX = /^(\d{4})-\d{2}(?:$|-\d{2}(?:$|T))/;

/** Why `s` may not enter, or null. */
function refusalOf(s: string): string | null {
  if (s.includes('\u0000')) return 'nul';
  const m = DATE_PREFIX.exec(s);
  if (m) {
    const year = Number(m[1]);
    if (year < REQUEST_YEAR_MIN || year > REQUEST_YEAR_MAX) return 'date_range';
  }
  return null;
}

/** The first string inside `v` that may not enter, as `[pointer, reason]`. */
function firstRefusal(v: unknown, pointer: string, depth = 0): [string, string] | null {
  if (typeof v === 'string') {
    const reason = refusalOf(v);
    return reason === null ? null : [pointer, reason];
  }
  if (typeof v !== 'object' || v === null || depth > 32 || Buffer.isBuffer(v)) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = firstRefusal(v[i], `${pointer}/${i}`, depth + 1);
      if (r) return r;
    }
    return null;
  }
  for (const [k, item] of Object.entries(v)) {
    if (k.includes('\u0000')) return [`${pointer}/${k.split('\u0000').join('')}`, 'nul'];
    const r = firstRefusal(item, `${pointer}/${k}`, depth + 1);
    if (r) return r;
  }
  return null;
}

interface JsonSchemaNode {
  type?: unknown;
  minimum?: number;
  maximum?: number;
  [k: string]: unknown;
}

/**
 * Gives every `integer` inside `schema` that states no bound of its own the 32-bit
 * bounds. A field stored as `bigint` (a duration in ms) states its own.
 */
export function boundIntegers(schema: unknown, seen = new Set<unknown>()): void {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return;
  seen.add(schema);
  const s = schema as JsonSchemaNode;
  const types = Array.isArray(s.type) ? (s.type as unknown[]) : [s.type];
  if (types.includes('integer')) {
    s.maximum ??= INT32_MAX;
    s.minimum ??= INT32_MIN;
  }
  for (const v of Object.values(s)) {
    if (Array.isArray(v)) for (const item of v) boundIntegers(item, seen);
    else boundIntegers(v, seen);
  }
}

/** Installs the checks on every route of `app` (call before registering routes). */
export function installInputLimits(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    for (const part of ['body', 'querystring', 'params']) boundIntegers(schema[part]);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const inBody = firstRefusal(request.body, '');
    if (inBody) {
      return done(new AppError('invalid_body', { details: [{ field: inBody[0], reason: inBody[1] }] }));
    }
    const inQuery = firstRefusal(request.query, '') ?? firstRefusal(request.params, '');
    if (inQuery) {
      return done(
        new AppError('invalid_query', { details: [{ field: inQuery[0].slice(1), reason: inQuery[1] }] }),
      );
    }
    done();
  });
}
