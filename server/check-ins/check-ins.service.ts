/**
 * The check-in path: validate → load the employee's context → verdict (core/verdict.ts)
 * → build the event row → store it idempotently → answer.
 *
 * Idempotency: the phone makes the id (UUIDv7) at the press of the button and re-sends
 * the same request until it gets an answer. The row keeps a hash of what was sent, so a
 * re-send gets the stored answer (200) and a different request under the same id is a
 * conflict (409). The insert is ON CONFLICT DO NOTHING, so concurrent copies of one
 * request store one row and all read the same answer.
 *
 * The employee's context comes from memory (directory/directory.ts) and the row goes to
 * the group-commit write queue (write-queue.ts); the answer waits for the durable commit.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { ErrorDetail } from '../../core/errors.js';
import type { PunchKind, PunchSource, Zone } from '../../core/model.js';
import { isValidDate } from '../../core/time.js';
import { isUuidV7 } from '../../core/uuid.js';
import { evaluatePunch } from '../../core/verdict.js';
import type { EmployeeContext } from '../../core/verdict.js';
import type { CheckInRequest, CheckInResponse } from '../../core/wire.js';
import type { Config } from '../config.js';
import type { Database, NewPunchRow, PunchRow } from '../db/schema.js';
import type { Directory } from '../directory/directory.js';
import { getPunch } from './punches.store.js';
import type { WriteQueue } from './write-queue.js';

/** Largest accuracy radius accepted, metres (a phone reporting more has no real fix). */
export const MAX_ACCURACY_M = 100_000;

/** Flag set when a capture reached the server later than `captureDelayFlagSec`. */
export const FLAG_CAPTURE_DELAYED = 'capture_delayed';

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Epoch ms of an ISO 8601 instant with a zone designator (RFC 3339 date-time), or null.
 * Stricter than Date.parse, which accepts 30 February and 24:00.
 *
 * @example parseInstant('2026-03-02T07:31:00+08:00') // 1772407860000
 */
export function parseInstant(s: string): number | null {
  const m = INSTANT_RE.exec(s);
  if (!m) return null;
  const [, date, hh, mm, ss, , zone, oh, om] = m;
  if (!date || !isValidDate(date)) return null;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  if (zone !== 'Z' && (Number(oh) > 23 || Number(om) > 59)) return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : null;
}

/** A check-in request that passed every check, in the units the domain uses. */
export interface ValidCheckIn {
  id: string;
  kind: PunchKind;
  capturedAt: number;
  lat: number;
  lon: number;
  accuracy: number;
}

function refuse(
  code: 'invalid_id' | 'invalid_location' | 'invalid_accuracy' | 'invalid_body',
  field: string,
  reason: string,
): AppError {
  const details: ErrorDetail[] = [{ field, reason }];
  return new AppError(code, { details });
}

/**
 * Checks a check-in body against the rules the schema cannot express (and again those it
 * can, so the function is safe for callers that skip the schema). `now` is epoch ms.
 */
export function validateCheckIn(body: CheckInRequest, now: number, config: Config): ValidCheckIn | AppError {
  if (typeof body.id !== 'string' || !isUuidV7(body.id)) return refuse('invalid_id', '/id', 'uuid_v7');
  if (body.kind !== 'in' && body.kind !== 'out') return refuse('invalid_body', '/kind', 'enum');
  const { lat, lon, accuracy } = body.location;
  if (!Number.isFinite(lat) || Math.abs(lat) > 90)
    return refuse('invalid_location', '/location/lat', 'range');
  if (!Number.isFinite(lon) || Math.abs(lon) > 180)
    return refuse('invalid_location', '/location/lon', 'range');
  if (!Number.isFinite(accuracy) || accuracy < 0 || accuracy > MAX_ACCURACY_M) {
    return refuse('invalid_accuracy', '/location/accuracy', 'range');
  }
  const capturedAt = typeof body.capturedAt === 'string' ? parseInstant(body.capturedAt) : null;
  if (capturedAt === null) return refuse('invalid_body', '/capturedAt', 'format');
  if (capturedAt > now + config.clockToleranceSec * 1000) return new AppError('captured_in_future');
  if (now - capturedAt > config.captureMaxAgeSec * 1000) return new AppError('captured_too_old');
  return { id: body.id.toLowerCase(), kind: body.kind, capturedAt, lat, lon, accuracy };
}

/**
 * SHA-256 (hex) of the canonical request: keys in sorted order, the instant as epoch ms,
 * so "…T07:31:00+08:00" and "…T23:31:00.000Z" of the day before are the same request.
 */
export function requestHash(c: ValidCheckIn): string {
  const canonical = JSON.stringify({
    accuracy: c.accuracy,
    capturedAt: c.capturedAt,
    id: c.id,
    kind: c.kind,
    lat: c.lat,
    lon: c.lon,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Builds the event row: the request, the verdict at capture and the review flags. */
export function buildPunchRow(
  employeeId: number,
  c: ValidCheckIn,
  ctx: EmployeeContext,
  receivedAt: number,
  config: Config,
): NewPunchRow {
  const v = evaluatePunch(
    { kind: c.kind, at: c.capturedAt, position: { lat: c.lat, lon: c.lon, accuracy: c.accuracy } },
    ctx,
  );
  const flags: string[] = [];
  if (receivedAt - c.capturedAt > config.captureDelayFlagSec * 1000) flags.push(FLAG_CAPTURE_DELAYED);
  return {
    id: c.id,
    employee_id: employeeId,
    kind: c.kind,
    source: 'app',
    captured_at: c.capturedAt,
    received_at: receivedAt,
    lat: c.lat,
    lon: c.lon,
    accuracy: c.accuracy,
    request_hash: requestHash(c),
    work_date: v.workDate,
    zone: v.zone,
    local_time: v.localTime,
    fence_status: v.fence.status,
    location_id: v.fence.locationId,
    location_name: v.fence.locationName,
    // Decimetres are plenty for a fence distance and keep the answer readable.
    distance_m: Math.round(v.fence.distanceM * 10) / 10,
    by_accuracy: v.fence.byAccuracy ? 1 : 0,
    window: v.timing.window,
    late_minutes: v.timing.lateMinutes,
    early_minutes: v.timing.earlyMinutes,
    scheduled_start: v.timing.scheduledStart,
    scheduled_end: v.timing.scheduledEnd,
    flags: JSON.stringify(flags),
  };
}

/** The one mapping from a stored punch to its answer, for check-ins and attendance alike. */
export function punchToResponse(r: PunchRow | NewPunchRow): CheckInResponse {
  return {
    id: r.id,
    kind: r.kind as PunchKind,
    source: r.source as PunchSource,
    capturedAt: new Date(r.captured_at).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    workDate: r.work_date,
    zone: r.zone as Zone,
    localTime: r.local_time,
    fence: {
      status: r.fence_status as CheckInResponse['fence']['status'],
      locationId: r.location_id ?? null,
      locationName: r.location_name ?? null,
      distanceM: r.distance_m,
      byAccuracy: r.by_accuracy === 1,
    },
    timing: {
      window: r.window as CheckInResponse['timing']['window'],
      lateMinutes: r.late_minutes,
      earlyMinutes: r.early_minutes,
      scheduledStart: r.scheduled_start ?? null,
      scheduledEnd: r.scheduled_end ?? null,
    },
    flags: JSON.parse(r.flags) as string[],
  };
}

export interface CheckInDeps {
  db: Kysely<Database>;
  config: Config;
  now: () => number;
  /** Employees and their verdict context, from memory. */
  directory: Directory;
  /** Group commit: rows are acknowledged after their batch is durable. */
  queue: WriteQueue;
}

/** 201 for a new punch, 200 for a re-send of one already stored. */
export interface CheckInOutcome {
  status: 200 | 201;
  body: CheckInResponse;
}

/** The answer for a punch id already stored: the same answer for the same request, else a conflict. */
async function storedAnswer(db: Kysely<Database>, row: NewPunchRow): Promise<CheckInOutcome | AppError> {
  const stored = await getPunch(db, row.id);
  if (!stored) throw new Error(`punch ${row.id} reported as existing but not found`);
  if (stored.request_hash !== row.request_hash || stored.employee_id !== row.employee_id) {
    return new AppError('id_conflict');
  }
  return { status: 200, body: punchToResponse(stored) };
}

/**
 * Seconds a refused client should wait: longer the fuller the queue (1–5 s). Clients add
 * their own jitter (the phone app waits between 0.5 and 1.5 times the advice).
 */
export function retryAfterSeconds(queue: WriteQueue, queueMax: number): number {
  return 1 + Math.min(4, Math.floor((queue.pending / queueMax) * 5));
}

/**
 * Records a check-in (or check-out) of `employeeId`. Writes nothing when it refuses.
 * The hot path: validation, the employee from memory, the verdict, one offer to the
 * write queue, and the answer once the batch is committed.
 */
export async function submitCheckIn(
  deps: CheckInDeps,
  employeeId: number,
  body: CheckInRequest,
): Promise<CheckInOutcome | AppError> {
  const receivedAt = deps.now();
  const valid = validateCheckIn(body, receivedAt, deps.config);
  if (valid instanceof AppError) return valid;
  const found = deps.directory.get(employeeId);
  const loaded = found instanceof Promise ? await found : found;
  if (!loaded || !loaded.employee.active || loaded.ctx.unitChain.length === 0) {
    return new AppError('account_inactive');
  }
  const row = buildPunchRow(employeeId, valid, loaded.ctx, receivedAt, deps.config);
  const offered = deps.queue.offer(row);
  if (offered === null) {
    return new AppError('server_busy', { retryAfter: retryAfterSeconds(deps.queue, deps.config.queueMax) });
  }
  if ((await offered) === 'inserted') return { status: 201, body: punchToResponse(row) };
  return storedAnswer(deps.db, row);
}
