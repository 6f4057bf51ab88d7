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
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { captureCanonical } from '../../../core/capture.js';
import { AppError } from '../../../core/errors.js';
import type { ErrorDetail } from '../../../core/errors.js';
import type { Location, PunchKind, PunchSource, Zone } from '../../../core/model.js';
import { parseInstant } from '../../../core/time.js';
import { isUuidV7 } from '../../../core/uuid.js';
import { timeCauseOf } from '../../../core/attendance/review.js';
import { evaluatePunch } from '../../../core/verdict.js';
import type { EmployeeContext } from '../../../core/verdict.js';
import type { CheckInRequest, CheckInResponse, PunchReviewView, TimeSource } from '../../../core/wire.js';
import type { Config } from '../../platform/config.js';
import type { Database, NewPunchRow, PunchRow } from '../../platform/db/schema.js';
import type { Log } from '../../platform/log.js';
import type { DeviceCache } from '../devices/cache.js';
import type { Directory } from './directory.js';
import { uploadedPhotoIds } from '../photos/store.js';
import { factsOf, reviewView, reviewViews, rulesOn } from '../reviews/views.js';
import type { DeviceContacts } from './contacts.js';
import type { RuleSetCache } from '../rules/cache.js';
import type { Anchors } from '../time/anchors.js';
import { locationFlags, recentPunch } from './location-flags.js';
import type { RecentPunch, RecentPunches } from './location-flags.js';
import { getPunch } from './store.js';
import type { WriteQueue } from './write-queue.js';

/** Largest accuracy radius accepted, metres (a phone reporting more has no real fix). */
export const MAX_ACCURACY_M = 100_000;

/** Flag set when a capture reached the server later than `captureDelayFlagSec`. */
export const FLAG_CAPTURE_DELAYED = 'capture_delayed';
/** The time of record rests on the phone's clock, not on a server anchor. */
export const FLAG_TIME_UNVERIFIED = 'time_unverified';
/** Anchor time and the phone's own clock (corrected by its skew) disagree by more than 2 minutes. */
export const FLAG_CLOCK_INCONSISTENT = 'clock_inconsistent';
/** Reached the server more than `lateSubmissionSec` after its time of record. */
export const FLAG_LATE_SUBMISSION = 'late_submission';
/** The unit asks for a selfie and the capture declares none. */
export const FLAG_SELFIE_MISSING = 'selfie_missing';

/**
 * The phone's claimed skew disagreed with the skew the server itself measured on the
 * device's latest anchored punch by more than the clock tolerance: the server's is used.
 */
export const FLAG_SKEW_BOUNDED = 'skew_bounded';
/** The device talked to the server after the capture's time without delivering it (core/attendance/review.ts). */
export const FLAG_CONTACT_GAP = 'contact_gap';

/** The anchored time may be off by more than this (the phone's declared uncertainty). */
export const FLAG_TIME_UNCERTAIN = 'time_uncertain';
/** Elapsed 0 on an anchor older than {@link ELAPSED_ZERO_AGE_MS}: the press is dated at the anchor itself. */
export const FLAG_ELAPSED_ZERO = 'elapsed_zero';

const CLOCK_CONSISTENCY_MS = 2 * 60 * 1000;
/**
 * How far anchor + elapsed may run ahead of the server's clock, beyond the phone's
 * declared uncertainty: the monotonic clock cannot run ahead, so only the skew between
 * API nodes and rounding remain. (The clock tolerance is for phone wall clocks.)
 */
export const ANCHOR_AHEAD_MS = 2_000;
/** Uncertainty above which an anchored time is flagged {@link FLAG_TIME_UNCERTAIN}. */
export const TIME_UNCERTAIN_MS = 10_000;
/** An anchor at least this old with elapsed 0 is flagged {@link FLAG_ELAPSED_ZERO}. */
export const ELAPSED_ZERO_AGE_MS = 60_000;

/** A check-in request that passed every check, in the units the domain uses. */
export interface ValidCheckIn {
  id: string;
  kind: PunchKind;
  /** The phone's wall clock at the press (as sent in capturedAt). */
  capturedAt: number;
  lat: number;
  lon: number;
  accuracy: number;
  /** The instant the verdict is computed from. */
  timeOfRecord: number;
  timeSource: TimeSource;
  anchorTime: number | null;
  elapsedMs: number | null;
  /** The phone's declared uncertainty of an anchored time, ms (null when not sent or not anchored). */
  uncertaintyMs: number | null;
  deviceId: string | null;
  photo: { sha256: string; bytes: number } | null;
  /** Flags about the time: time_unverified, clock_inconsistent, time_uncertain, elapsed_zero. */
  timeFlags: string[];
  /** Canonical hash of what was sent (see {@link requestHash}). */
  hash: string;
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
 * SHA-256 (hex) of the canonical request: keys in sorted order, instants as epoch ms, so
 * "…T07:31:00+08:00" and "…T23:31:00.000Z" of the day before are the same request. Fields
 * of migration 0003 enter only when sent, so a plain capture hashes as it always did. The
 * device signature is left out: it is a function of the rest and the device key.
 */
export function requestHash(c: {
  id: string;
  kind: PunchKind;
  capturedAt: number;
  lat: number;
  lon: number;
  accuracy: number;
  time?:
    | { anchor?: string; elapsedMs?: number; deviceTime: number; skewMs?: number; uncertaintyMs?: number }
    | undefined;
  deviceId?: string | null | undefined;
  photo?: { sha256: string; bytes: number } | null | undefined;
}): string {
  const canonical = JSON.stringify({
    accuracy: c.accuracy,
    capturedAt: c.capturedAt,
    deviceId: c.deviceId ?? undefined,
    id: c.id,
    kind: c.kind,
    lat: c.lat,
    lon: c.lon,
    photo: c.photo ? { bytes: c.photo.bytes, sha256: c.photo.sha256 } : undefined,
    time: c.time
      ? {
          anchor: c.time.anchor,
          deviceTime: c.time.deviceTime,
          elapsedMs: c.time.elapsedMs,
          skewMs: c.time.skewMs,
          uncertaintyMs: c.time.uncertaintyMs,
        }
      : undefined,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Tools the time checks need. */
export interface TimeCheck {
  anchors: Anchors;
  employeeId: number;
  deviceId: string | null;
  /**
   * The device's clock skew as the server measured it (wall clock minus the anchored time
   * of its latest anchored punch, see {@link observedSkew}); null or absent when unknown.
   * Bounds the `skewMs` a capture without an anchor claims.
   */
  observedSkewMs?: number | null;
}

export type TimeFields = Pick<
  ValidCheckIn,
  'timeOfRecord' | 'timeSource' | 'anchorTime' | 'elapsedMs' | 'uncertaintyMs' | 'timeFlags'
>;

/**
 * The time of record and how it was established, or the refusal (PLAN-4 "Trusted time").
 * An anchored time may not run ahead of the server's clock by more than
 * {@link ANCHOR_AHEAD_MS} plus the declared uncertainty (capped at the clock tolerance).
 * Shared with the kiosks (features/kiosks), whose captures carry the same time block.
 */
export function establishTime(
  time: CheckInRequest['time'],
  capturedAt: number,
  deviceTime: number | null,
  now: number,
  config: Config,
  tc: TimeCheck,
): TimeFields | AppError {
  const tolerance = config.clockToleranceSec * 1000;
  let out: TimeFields;
  if (!time || deviceTime === null) {
    // A plain capture: the phone's clock is all there is.
    out = {
      timeOfRecord: capturedAt,
      timeSource: 'device_clock',
      anchorTime: null,
      elapsedMs: null,
      uncertaintyMs: null,
      timeFlags: [FLAG_TIME_UNVERIFIED],
    };
  } else if (time.anchor !== undefined) {
    const a = tc.anchors.verify(time.anchor);
    if (!a || a.e !== tc.employeeId || a.d !== tc.deviceId) return new AppError('anchor_invalid');
    if (now - a.t > config.anchorMaxAgeSec * 1000) return new AppError('anchor_expired');
    const elapsed = time.elapsedMs;
    const uncertainty = time.uncertaintyMs;
    if (uncertainty !== undefined && (!Number.isSafeInteger(uncertainty) || uncertainty < 0)) {
      return new AppError('invalid_body', { details: [{ field: '/time/uncertaintyMs', reason: 'range' }] });
    }
    const ahead = ANCHOR_AHEAD_MS + Math.min(uncertainty ?? 0, tolerance);
    if (
      elapsed === undefined ||
      !Number.isSafeInteger(elapsed) ||
      elapsed < 0 ||
      a.t + elapsed > now + ahead
    ) {
      return new AppError('elapsed_invalid', { details: [{ field: '/time/elapsedMs', reason: 'range' }] });
    }
    const timeOfRecord = a.t + elapsed;
    const flags: string[] = [];
    if (Math.abs(deviceTime - (time.skewMs ?? 0) - timeOfRecord) > CLOCK_CONSISTENCY_MS)
      flags.push(FLAG_CLOCK_INCONSISTENT);
    if (uncertainty !== undefined && uncertainty > TIME_UNCERTAIN_MS) flags.push(FLAG_TIME_UNCERTAIN);
    if (elapsed === 0 && now - a.t >= ELAPSED_ZERO_AGE_MS) flags.push(FLAG_ELAPSED_ZERO);
    out = {
      timeOfRecord,
      timeSource: 'anchor',
      anchorTime: a.t,
      elapsedMs: elapsed,
      uncertaintyMs: uncertainty ?? null,
      timeFlags: flags,
    };
  } else {
    // The chain is broken (the app restarted offline): the wall clock corrected by the skew
    // measured at the last contact — a claim of the phone's. Where the server measured the
    // device's skew itself and the claim disagrees by more than the tolerance, the server's
    // measurement is used (ASVS 5.0 V2.2.3: the server does not take the client's word for
    // data it can check). Unmeasured, the claim stands, and the time cause of a late receipt
    // (core/attendance/review.ts) sends the punch to review.
    const claimed = time.skewMs ?? 0;
    const observed = tc.observedSkewMs ?? null;
    const bounded = observed !== null && Math.abs(claimed - observed) > tolerance;
    out = {
      timeOfRecord: deviceTime - (bounded ? observed : claimed),
      timeSource: 'device_clock',
      anchorTime: null,
      elapsedMs: null,
      uncertaintyMs: null,
      timeFlags: bounded ? [FLAG_TIME_UNVERIFIED, FLAG_SKEW_BOUNDED] : [FLAG_TIME_UNVERIFIED],
    };
  }
  if (out.timeOfRecord > now + tolerance) return new AppError('captured_in_future');
  if (now - out.timeOfRecord > config.captureMaxAgeSec * 1000) return new AppError('captured_too_old');
  return out;
}

/** The parts of a body checked without any state: ids, ranges, instants. */
function validateShape(body: CheckInRequest): { capturedAt: number; deviceTime: number | null } | AppError {
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
  let deviceTime: number | null = null;
  if (body.time) {
    deviceTime = typeof body.time.deviceTime === 'string' ? parseInstant(body.time.deviceTime) : null;
    if (deviceTime === null) return refuse('invalid_body', '/time/deviceTime', 'format');
    for (const f of ['elapsedMs', 'skewMs', 'uncertaintyMs'] as const) {
      const v = body.time[f];
      if (v !== undefined && !Number.isSafeInteger(v)) return refuse('invalid_body', `/time/${f}`, 'integer');
    }
  }
  return { capturedAt, deviceTime };
}

/**
 * Checks a check-in body against the rules the schema cannot express (and again those it
 * can, so the function is safe for callers that skip the schema), and establishes its
 * time of record. `now` is epoch ms. `tc` names who sends it (for anchors).
 */
export function validateCheckIn(
  body: CheckInRequest,
  now: number,
  config: Config,
  tc: TimeCheck,
): ValidCheckIn | { error: AppError; hash: string | null } {
  const shape = validateShape(body);
  if (shape instanceof AppError) return { error: shape, hash: null };
  const { lat, lon, accuracy } = body.location;
  const id = body.id.toLowerCase();
  const photo = body.photo ? { sha256: body.photo.sha256, bytes: body.photo.bytes } : null;
  const hash = requestHash({
    id,
    kind: body.kind,
    capturedAt: shape.capturedAt,
    lat,
    lon,
    accuracy,
    time:
      body.time && shape.deviceTime !== null
        ? {
            anchor: body.time.anchor,
            elapsedMs: body.time.elapsedMs,
            deviceTime: shape.deviceTime,
            skewMs: body.time.skewMs,
            uncertaintyMs: body.time.uncertaintyMs,
          }
        : undefined,
    deviceId: tc.deviceId,
    photo,
  });
  const time = establishTime(body.time, shape.capturedAt, shape.deviceTime, now, config, tc);
  if (time instanceof AppError) return { error: time, hash };
  return {
    id,
    kind: body.kind,
    capturedAt: shape.capturedAt,
    lat,
    lon,
    accuracy,
    ...time,
    deviceId: tc.deviceId,
    photo,
    hash,
  };
}

/** The fence the verdict matched, or the nearest one. */
function fenceOf(ctx: EmployeeContext, locationId: number | null): Location | null {
  if (locationId === null) return null;
  return ctx.locations.find((l) => l.id === locationId) ?? null;
}

/** Builds the event row: the request, the verdict at the time of record and the review flags. */
export function buildPunchRow(
  employeeId: number,
  c: ValidCheckIn,
  ctx: EmployeeContext,
  receivedAt: number,
  config: Config,
  recent: readonly RecentPunch[] = [],
  selfieRequired = false,
  contactAt: number | null = null,
): NewPunchRow {
  const v = evaluatePunch(
    { kind: c.kind, at: c.timeOfRecord, position: { lat: c.lat, lon: c.lon, accuracy: c.accuracy } },
    ctx,
  );
  const flags: string[] = [...c.timeFlags];
  const delay = receivedAt - c.timeOfRecord;
  if (delay > config.captureDelayFlagSec * 1000) flags.push(FLAG_CAPTURE_DELAYED);
  if (delay > config.lateSubmissionSec * 1000) flags.push(FLAG_LATE_SUBMISSION);
  // Decided here, once, from what the server observed; the rule set in force decides at
  // read time what it does for pay (core/attendance/review.ts).
  const timeCause = timeCauseOf({
    timeSource: c.timeSource,
    timeOfRecord: c.timeOfRecord,
    receivedAt,
    contactAt,
    toleranceMs: config.clockToleranceSec * 1000,
    delayBoundMs: config.captureDelayFlagSec * 1000,
  });
  if (timeCause === 'contact_gap') flags.push(FLAG_CONTACT_GAP);
  const self = recentPunch({
    id: c.id,
    at: c.timeOfRecord,
    workDate: v.workDate,
    lat: c.lat,
    lon: c.lon,
    accuracy: c.accuracy,
  });
  flags.push(...locationFlags(self, recent, fenceOf(ctx, v.fence.locationId)));
  if (c.photo === null && selfieRequired) flags.push(FLAG_SELFIE_MISSING);
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
    request_hash: c.hash,
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
    time_of_record: c.timeOfRecord,
    time_source: c.timeSource,
    anchor_time: c.anchorTime,
    elapsed_ms: c.elapsedMs,
    time_uncertainty_ms: c.uncertaintyMs,
    device_id: c.deviceId,
    photo_sha256: c.photo?.sha256 ?? null,
    photo_bytes: c.photo?.bytes ?? null,
    terminal_id: null,
    time_cause: timeCause,
    contact_at: contactAt,
  };
}

/**
 * The one mapping from a stored punch to its answer, for check-ins and attendance alike.
 * `photoUploaded`: whether the punch's selfie is stored (punch_photos); a new punch's
 * first answer passes false, as its photo is uploaded after it. `review`: where the punch
 * stands on an admin's review (reviews/views.ts), when it does not simply count.
 */
export function punchToResponse(
  r: PunchRow | NewPunchRow,
  photoUploaded = false,
  review?: PunchReviewView,
): CheckInResponse {
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
    // Rows from before migration 0003 carry no time of record: their capturedAt was it.
    timeOfRecord: new Date(r.time_of_record ?? r.captured_at).toISOString(),
    timeSource: (r.time_source ?? 'device_clock') as TimeSource,
    deviceId: r.device_id ?? null,
    terminalId: r.terminal_id ?? null,
    photo: r.photo_sha256 ? { sha256: r.photo_sha256, uploaded: photoUploaded } : null,
    ...(review && { review }),
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
  /** Enrolled devices, from memory. */
  devices: DeviceCache;
  anchors: Anchors;
  /** Each employee's last few punches, for the location flags. */
  recent: RecentPunches;
  /** When each device last talked to the server, for the time causes (absent: none known). */
  contacts?: DeviceContacts;
  /** Each organisation's rule-set versions, from memory (the answer's review standing). */
  ruleSets: RuleSetCache;
  /** Where unexpected failures are reported. */
  log: Log;
}

/** 201 for a new punch, 200 for a re-send of one already stored. */
export interface CheckInOutcome {
  status: 200 | 201;
  body: CheckInResponse;
  /** The verified device that signed the capture (for the next anchor). */
  deviceId: string | null;
}

/**
 * The answer for a punch id already stored: the same answer for the same request, else a
 * conflict. Off the hot path (only retries come here), so it may also say whether the
 * selfie has arrived since.
 */
async function storedAnswer(
  db: Kysely<Database>,
  id: string,
  employeeId: number,
  hash: string,
  organisationId: number | undefined,
): Promise<CheckInOutcome | AppError | null> {
  const stored = await getPunch(db, id);
  if (!stored) return null;
  if (stored.request_hash !== hash || stored.employee_id !== employeeId) return new AppError('id_conflict');
  const uploaded = stored.photo_sha256 ? (await uploadedPhotoIds(db, [id])).has(id) : false;
  // A re-send also learns an admin's decision made since.
  const review = (await reviewViews(db, organisationId, [stored])).get(id);
  return { status: 200, body: punchToResponse(stored, uploaded, review), deviceId: stored.device_id ?? null };
}

/**
 * What the rule set in force on the punch's work date does with a new punch: a punch
 * outside the fence that it does not accept by itself is pending an admin's review. Only
 * outside punches read the (small) rule set table; every other press costs nothing here.
 */
export async function reviewAtPress(
  ruleSets: RuleSetCache,
  row: NewPunchRow,
  organisationId: number | undefined,
): Promise<PunchReviewView | undefined> {
  if (row.fence_status !== 'outside' && !row.time_cause) return undefined;
  const found = organisationId === undefined ? [] : ruleSets.get(organisationId);
  const versions = found instanceof Promise ? await found : found;
  return reviewView(factsOf(row), undefined, rulesOn(versions, row.work_date));
}

/**
 * Seconds a refused client should wait: longer the fuller the queue (1–5 s). Clients add
 * their own jitter (the phone app waits between 0.5 and 1.5 times the advice).
 */
export function retryAfterSeconds(queue: WriteQueue, queueMax: number): number {
  return 1 + Math.min(4, Math.floor((queue.pending / queueMax) * 5));
}

/**
 * The device that signed `body`, or null for an unsigned capture where binding is
 * optional. One HMAC over the canonical capture (core/capture.ts) with the key from
 * memory: microseconds.
 */
export async function verifyDevice(
  deps: Pick<CheckInDeps, 'devices' | 'config'>,
  employeeId: number,
  body: CheckInRequest,
): Promise<string | null | AppError> {
  const signed = body.device;
  if (!signed)
    return deps.config.deviceBinding === 'required' ? new AppError('device_signature_missing') : null;
  const found = deps.devices.get(signed.id);
  const device = found instanceof Promise ? await found : found;
  if (!device) return new AppError('device_signature_invalid');
  const want = createHmac('sha256', device.key).update(captureCanonical(body)).digest();
  const got = Buffer.from(signed.signature, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want))
    return new AppError('device_signature_invalid');
  if (device.employeeId !== employeeId) return new AppError('device_not_yours');
  switch (device.status) {
    case 'revoked':
      return new AppError('device_revoked');
    case 'pending':
      return new AppError('device_pending');
    case 'active':
      return device.id;
  }
}

/**
 * The device's clock skew as the server measured it: wall clock minus anchored time of the
 * device's latest anchored punch; null when it has none.
 */
export async function observedSkew(
  db: Kysely<Database>,
  employeeId: number,
  deviceId: string | null,
): Promise<number | null> {
  let q = db
    .selectFrom('punches')
    .select(['captured_at', 'time_of_record'])
    .where('employee_id', '=', employeeId)
    .where('time_source', '=', 'anchor');
  q = deviceId === null ? q.where('device_id', 'is', null) : q.where('device_id', '=', deviceId);
  const r = await q.orderBy('received_at', 'desc').limit(1).executeTakeFirst();
  return r && r.time_of_record !== null ? Number(r.captured_at) - Number(r.time_of_record) : null;
}

/** Refusals about time that a stored copy of the same request overrides (it was fine when it arrived). */
const STALE_CODES: ReadonlySet<string> = new Set(['anchor_expired', 'captured_too_old', 'elapsed_invalid']);

/**
 * Records a check-in (or check-out) of `employeeId`. Writes nothing when it refuses.
 * The hot path: validation, the device signature and the anchor (one HMAC each), the
 * employee from memory, the verdict, one offer to the write queue, and the answer once
 * the batch is committed.
 */
export async function submitCheckIn(
  deps: CheckInDeps,
  employeeId: number,
  body: CheckInRequest,
): Promise<CheckInOutcome | AppError> {
  const receivedAt = deps.now();
  const deviceId = await verifyDevice(deps, employeeId, body);
  if (deviceId instanceof AppError) return deviceId;
  const tolerance = deps.config.clockToleranceSec * 1000;
  // Off the hot path: only a capture without an anchor that claims a skew beyond the
  // tolerance reads the skew the server measured on the device.
  const claimedSkew = body.time && body.time.anchor === undefined ? body.time.skewMs : undefined;
  const observedSkewMs =
    typeof claimedSkew === 'number' && Math.abs(claimedSkew) > tolerance
      ? await observedSkew(deps.db, employeeId, deviceId)
      : null;
  const valid = validateCheckIn(body, receivedAt, deps.config, {
    anchors: deps.anchors,
    employeeId,
    deviceId,
    observedSkewMs,
  });
  if ('error' in valid) {
    // A retry of a punch stored long ago (its answer was lost) must get that answer, not
    // a refusal for having grown old on the way: look it up, off the hot path.
    if (valid.hash !== null && STALE_CODES.has(valid.error.code)) {
      const org = (await deps.directory.get(employeeId))?.ctx.unitChain.at(-1)?.id;
      const stored = await storedAnswer(deps.db, body.id.toLowerCase(), employeeId, valid.hash, org);
      if (stored && !(stored instanceof AppError)) return stored;
    }
    return valid.error;
  }
  const found = deps.directory.get(employeeId);
  const loaded = found instanceof Promise ? await found : found;
  if (!loaded || !loaded.employee.active || loaded.ctx.unitChain.length === 0) {
    return new AppError('account_inactive');
  }
  const organisationId = loaded.ctx.unitChain.at(-1)?.id;
  // Off the hot path too: only a capture arriving later than twice the tolerance asks
  // whether the device talked to the server in between (check-ins/contacts.ts).
  const contactAt =
    deps.contacts && receivedAt - valid.timeOfRecord > 2 * tolerance
      ? await deps.contacts.latestBetween(
          employeeId,
          deviceId,
          valid.timeOfRecord + tolerance,
          receivedAt - tolerance,
        )
      : null;
  const row = buildPunchRow(
    employeeId,
    valid,
    loaded.ctx,
    receivedAt,
    deps.config,
    deps.recent.get(employeeId),
    loaded.selfieRequired,
    contactAt,
  );
  const offered = deps.queue.offer(row);
  if (offered === null) {
    return new AppError('server_busy', { retryAfter: retryAfterSeconds(deps.queue, deps.config.queueMax) });
  }
  // Read while the batch commits (the answer waits for the commit anyway). A failed read
  // does not fail a stored press: the answer then says what the presets do (pending).
  const review = reviewAtPress(deps.ruleSets, row, organisationId).catch((err: unknown) => {
    deps.log.error({ err, id: row.id }, 'reading the rule set for the review failed');
    return reviewView(factsOf(row), undefined, null);
  });
  if ((await offered) === 'inserted') {
    deps.recent.note(
      employeeId,
      recentPunch({
        id: row.id,
        at: valid.timeOfRecord,
        workDate: row.work_date,
        lat: valid.lat,
        lon: valid.lon,
        accuracy: valid.accuracy,
      }),
    );
    return { status: 201, body: punchToResponse(row, false, await review), deviceId };
  }
  const stored = await storedAnswer(deps.db, row.id, employeeId, row.request_hash, organisationId);
  if (!stored) throw new Error(`punch ${row.id} reported as existing but not found`);
  return stored;
}
