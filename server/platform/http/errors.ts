/**
 * The one place where failures become HTTP answers. Every refusal leaves as
 * `{ code, message: { id, en }, details?, retryAfter? }` with the status from the error
 * table (core/errors.ts); 429 and 503 also carry a Retry-After header (RFC 9110 §10.2.3).
 *
 * Services return `AppError` as a value; routes `unwrap` it, which throws it here.
 * Fastify's own failures (body parsing, content type, size, schema validation) are
 * translated to the same codes, so a client never sees two shapes of error.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.js';
import type { ErrorCode, ErrorDetail } from '../../../core/errors.js';
import { WRITER_LOST } from '../db/sqlite-writer.js';
import { redactUrl, type RequestSummary } from '../log.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Body fields whose range or format failures have a code of their own, e.g.
     * `{ '/id': 'invalid_id' }`. Wrong types and missing fields stay `invalid_body`.
     */
    fieldCodes?: Readonly<Record<string, ErrorCode>>;
  }
}

/** Throws `r` when a service refused, else returns the value. */
export function unwrap<T>(r: T | AppError): T {
  if (r instanceof AppError) throw r;
  return r;
}

export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** The value at a JSON pointer inside `root`, or undefined. */
function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (typeof v !== 'object' || v === null) return undefined;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Maps the first schema failure of a request part to one AppError with details. */
function fromValidation(
  errors: readonly AjvError[],
  context: string | undefined,
  request: FastifyRequest,
): AppError {
  const first = errors[0];
  if (context !== 'body') {
    const details: ErrorDetail[] = first ? [{ field: fieldOf(first), reason: first.keyword }] : [];
    return new AppError('invalid_query', { details });
  }
  return bodyValidationError(errors, request.body, request.routeOptions.config.fieldCodes);
}

/**
 * Maps the first schema failure of a JSON body to one AppError with details; also used
 * for the items of a batch, each validated on its own.
 */
export function bodyValidationError(
  errors: readonly AjvError[],
  body: unknown,
  fieldCodes: Readonly<Record<string, ErrorCode>> | undefined,
): AppError {
  const first = errors[0];
  if (!first) return new AppError('invalid_body');
  const field = fieldOf(first);
  if (first.keyword === 'additionalProperties') {
    return new AppError('unknown_field', { details: [{ field, reason: 'unknown' }] });
  }
  if (first.keyword === 'required') {
    return new AppError('invalid_body', { details: [{ field, reason: 'required' }] });
  }
  const special = fieldCodes?.[field];
  if (first.keyword === 'type') {
    // JSON like 1e999 parses to Infinity, which the schema refuses as "not a number";
    // for a numeric field that is a bad value, not a bad type.
    const v = valueAt(body, field);
    if (special && typeof v === 'number' && first.params['type'] === 'number') {
      return new AppError(special, { details: [{ field, reason: 'finite' }] });
    }
    return new AppError('invalid_body', { details: [{ field, reason: 'type' }] });
  }
  return new AppError(special ?? 'invalid_body', { details: [{ field, reason: first.keyword }] });
}

function fieldOf(e: AjvError): string {
  const extra = e.params['missingProperty'] ?? e.params['additionalProperty'];
  return typeof extra === 'string' ? `${e.instancePath}/${extra}` : e.instancePath;
}

/** Fastify's own refusals that have a code of ours. */
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
};

/**
 * A value the database refused as data (SQLSTATE class 22: out of range, bad encoding,
 * bad date …) that the input limits (input.ts) should have caught first: it is still the
 * caller's bad input, never a server failure (OWASP ASVS 5.0 16.5.3).
 */
function isDataException(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; severity?: unknown };
  return typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code) && typeof e.severity === 'string';
}

/** PostgreSQL SQLSTATEs and socket errors that mean "the database cannot be reached now". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  // SQLite: the file system refused the write; busy past its timeout.
  'SQLITE_IOERR',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  // The SQLite writer thread stopped before answering.
  WRITER_LOST,
]);

/** The disk is full: SQLite's database or journal, a selfie or an attachment file. */
const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/**
 * Whether `err` says the server cannot store anything right now — the database cannot
 * be reached (PostgreSQL down or restarting, connections cut) or the disk is full — and
 * which: a condition that passes, so the answer is 503 with Retry-After and the phone
 * resends the same id later, not a 500 that reads as a refusal of the check-in.
 */
export function unavailableCause(err: unknown): 'database_unavailable' | 'storage_full' | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string') {
    if (FULL_CODES.has(e.code)) return 'storage_full';
    if (UNREACHABLE_CODES.has(e.code) || e.code.startsWith('SQLITE_IOERR')) return 'database_unavailable';
  }
  return typeof e.message === 'string' &&
    /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(
      e.message,
    )
    ? 'database_unavailable'
    : null;
}

/**
 * Turns anything thrown while handling a request into an AppError. Unknown failures are
 * `internal` (500); the caller logs them.
 */
export function toAppError(err: unknown, request: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  const fe = err as Partial<FastifyError> & { validation?: AjvError[] };
  if (Array.isArray(fe.validation)) return fromValidation(fe.validation, fe.validationContext, request);
  const byCode = fe.code === undefined ? undefined : FASTIFY_CODES[fe.code];
  if (byCode) return new AppError(byCode);
  if (isDataException(err)) return new AppError(request.method === 'GET' ? 'invalid_query' : 'invalid_body');
  const unavailable = unavailableCause(err);
  if (unavailable) return new AppError(unavailable, { retryAfter: unavailable === 'storage_full' ? 30 : 5 });
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 404) return new AppError('not_found');
  if (status === 413) return new AppError('body_too_large');
  if (status === 415) return new AppError('unsupported_media_type');
  if (status >= 400 && status < 500) return new AppError('invalid_body');
  return new AppError('internal');
}

/** Sends an AppError as the answer. */
export function sendAppError(reply: FastifyReply, e: AppError): FastifyReply {
  if (e.retryAfter !== undefined) void reply.header('retry-after', String(e.retryAfter));
  return reply.code(e.status).type('application/json; charset=utf-8').send(e.toBody());
}

/**
 * Installs the error handler on `app` (and so on every route registered under it).
 * Failures (5xx) are logged with their stack and request; refusals are counted by code
 * in the request summary (platform/log.ts), not logged one by one.
 */
export function installErrorHandler(app: FastifyInstance, summary?: RequestSummary): void {
  // While the database is down every request fails the same way: log the first of each
  // second with its cause, and count the rest in the request summary.
  let unavailableLoggedAt = 0;
  app.setErrorHandler((err: unknown, request, reply) => {
    const e = toAppError(err, request);
    const passing = e.code === 'database_unavailable' || e.code === 'storage_full';
    const repeat = passing && Date.now() - unavailableLoggedAt < 1000;
    if (passing && !repeat) unavailableLoggedAt = Date.now();
    if (e.status >= 500 && e.code !== 'server_busy' && !repeat) {
      request.log.error(
        { err, reqId: request.id, req: { method: request.method, url: redactUrl(request.url) } },
        'request failed',
      );
    }
    summary?.refused(e.code);
    return sendAppError(reply, e);
  });
}
