/**
 * The kiosk's captures (POST /kiosk/captures): a batch of presses from one kiosk, each
 * signed with the kiosk's key, judged and stored on its own, idempotent by capture id.
 *
 * For each capture, in order (a refusal stores nothing of it):
 * 1. its shape (the schema), one of NIP or card;
 * 2. the kiosk's signature over the canonical form (core/kiosk.ts), one HMAC;
 * 3. a capture already stored under its id is answered as stored (200), whatever has
 *    happened since (a PIN reset, a time that has grown old on the way): the first
 *    answer was lost, not the punch;
 * 4. its time: the kiosk's anchor plus monotonic time, or its wall clock corrected by the
 *    skew (flagged), exactly as the phone's (check-ins/service.ts establishTime);
 * 5. who pressed: the NIP (or staff number) or the card's QR secret, and the PIN, with
 *    the wrong-PIN lock ({@link PIN_MAX_WRONG} in a row lock it for {@link PIN_LOCK_MS}).
 *    An unknown person and a wrong PIN get the same answer;
 * 6. that the person is active and works in a unit the kiosk's site serves (the site's
 *    unit or one below it);
 * 7. the same person pressing the same button on this kiosk within a minute is one
 *    punch: the earlier one is the answer.
 * Then the punches go to the check-in path's group-commit queue, with source `kiosk`,
 * the kiosk as terminal, and the site standing for the position (no coordinates), the way
 * fingerprint machines' punches do (machines/ingest.ts).
 *
 * The PIN is checked and forgotten: it is in no row, no hash that is kept, no log line
 * and no audit entry.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { timeCauseOf } from '../../../core/attendance/review.js';
import { AppError } from '../../../core/errors.js';
import { kioskCaptureCanonical, normaliseEmployeeNumber } from '../../../core/kiosk.js';
import type {
  KioskBatchResponse,
  KioskBatchResult,
  KioskCapture,
  KioskPunchView,
  SignedKioskCapture,
} from '../../../core/kiosk.js';
import { sitePunchVerdict } from '../../../core/machines/verdict.js';
import type { PunchKind, Zone } from '../../../core/model.js';
import { parseInstant } from '../../../core/time.js';
import type { PunchReviewView, TimeAnchorView } from '../../../core/wire.js';
import type { Config } from '../../platform/config.js';
import { verifyPassword } from '../../platform/crypto/password.js';
import type { Database, KioskRow, NewPunchRow, PunchRow } from '../../platform/db/schema.js';
import type { Log } from '../../platform/log.js';
import { bodyValidationError } from '../../platform/http/errors.js';
import type { AjvError } from '../../platform/http/errors.js';
import type { DeviceContacts } from '../check-ins/contacts.js';
import type { Directory } from '../check-ins/directory.js';
import {
  establishTime,
  FLAG_CAPTURE_DELAYED,
  FLAG_CONTACT_GAP,
  FLAG_LATE_SUBMISSION,
  FLAG_SELFIE_MISSING,
  retryAfterSeconds,
  reviewAtPress,
} from '../check-ins/service.js';
import type { TimeFields } from '../check-ins/service.js';
import { getPunch } from '../check-ins/store.js';
import { factsOf, reviewView, reviewViews } from '../reviews/views.js';
import type { RuleSetCache } from '../rules/cache.js';
import type { WriteQueue } from '../check-ins/write-queue.js';
import type { Anchors } from '../time/anchors.js';
import { findEmployeeByInternalId, findEmployeeByNip, getEmployee } from '../employees/store.js';
import { getSite } from '../sites/store.js';
import type { Site } from '../sites/store.js';
import { secretHash } from './service.js';
import {
  clearWrongPins,
  credentialsByCard,
  getCredentials,
  getKiosk,
  isEnrolled,
  kioskPunchesNear,
  recordWrongPin,
} from './store.js';

/** Wrong PINs in a row that lock a PIN. */
export const PIN_MAX_WRONG = 5;
/** How long a locked PIN stays locked (each wrong PIN after the limit locks it again). */
export const PIN_LOCK_MS = 15 * 60_000;
/** Presses of one button by one person on one kiosk within this are one punch. */
export const SAME_PRESS_MS = 60_000;

/** The employee id anchors of kiosks are bound to (no employee has it), with `d` = `kiosk:<id>`. */
export const KIOSK_ANCHOR_EMPLOYEE = 0;

export interface KioskCaptureDeps {
  db: Kysely<Database>;
  config: Config;
  now: () => number;
  directory: Directory;
  queue: WriteQueue;
  anchors: Anchors;
  log: Log;
  /** Contacts of devices and kiosks, for the time cause of a late capture (check-ins/contacts.ts). */
  contacts?: DeviceContacts;
  /** Rule-set versions in memory: whether a new punch in doubt waits for review (the answer says so). */
  ruleSets?: RuleSetCache;
}

/** The device an anchor of this kiosk is bound to. */
export const kioskAnchorDevice = (kioskId: string) => `kiosk:${kioskId}`;

/** A fresh anchor for the kiosk. */
export function kioskAnchor(
  deps: Pick<KioskCaptureDeps, 'anchors' | 'now'>,
  kioskId: string,
): TimeAnchorView {
  return deps.anchors.issue(deps.now(), KIOSK_ANCHOR_EMPLOYEE, kioskAnchorDevice(kioskId));
}

/** The kiosk a request names when it may send: enrolled and active; 401 or 403 otherwise. */
export async function activeKiosk(db: Kysely<Database>, kioskId: string): Promise<KioskRow> {
  const k = await getKiosk(db, kioskId.toLowerCase());
  if (!k || !isEnrolled(k)) throw new AppError('kiosk_unknown');
  if (k.status !== 'active') throw new AppError('kiosk_revoked');
  return k;
}

/** Whether `signature` (base64url) is the kiosk's HMAC over `canonical`. */
export function signedByKiosk(k: Pick<KioskRow, 'key'>, canonical: string, signature: string): boolean {
  const want = createHmac('sha256', Buffer.from(k.key, 'base64url')).update(canonical).digest();
  const got = Buffer.from(signature, 'base64url');
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * What is kept to recognise a re-send: SHA-256 of the canonical form with the PIN left
 * out and the card secret replaced by its hash (so neither can be recovered from it).
 */
function requestHash(kioskId: string, c: KioskCapture): string {
  const kept: KioskCapture = { ...c, pin: '', ...(c.card === undefined ? {} : { card: secretHash(c.card) }) };
  return createHash('sha256').update(kioskCaptureCanonical(kioskId, kept)).digest('hex');
}

function punchView(r: PunchRow | NewPunchRow, name: string): KioskPunchView {
  return {
    id: r.id,
    kind: r.kind as PunchKind,
    name,
    timeOfRecord: new Date(r.time_of_record ?? r.captured_at).toISOString(),
    workDate: r.work_date,
    localTime: r.local_time,
    zone: r.zone as Zone,
  };
}

async function nameOf(db: Kysely<Database>, employeeId: number): Promise<string> {
  return (await getEmployee(db, employeeId))?.name ?? '';
}

/** The person's organisation: the root of their unit chain in the directory. */
async function organisationOf(deps: KioskCaptureDeps, employeeId: number): Promise<number | undefined> {
  const found = deps.directory.get(employeeId);
  const entry = found instanceof Promise ? await found : found;
  return entry?.ctx.unitChain.at(-1)?.id;
}

const refused = (id: string, e: AppError): KioskBatchResult => ({ id, status: e.status, error: e.toBody() });

/** A capture that passed every check: its row, waiting to be offered to the queue. */
interface Judged {
  row: NewPunchRow;
  name: string;
  /** The person's organisation (the root of their unit chain), for the rule set in force. */
  organisationId: number | undefined;
}

/** The employee a capture names and their credentials row, or null (unknown: the same answer as a wrong PIN). */
async function identify(db: Kysely<Database>, c: KioskCapture) {
  if (c.card !== undefined) {
    const creds = await credentialsByCard(db, secretHash(c.card));
    return creds ? { employeeId: creds.employee_id, creds } : null;
  }
  const number = normaliseEmployeeNumber(c.nip ?? '');
  if (number === '') return null;
  const e = /^\d{18}$/.test(number)
    ? await findEmployeeByNip(db, number)
    : await findEmployeeByInternalId(db, number);
  if (!e) return null;
  const creds = await getCredentials(db, e.id);
  return creds ? { employeeId: e.id, creds } : null;
}

/** The PIN check with its lock: null when right, else the refusal (the wrong one counted). */
async function checkPin(
  db: Kysely<Database>,
  who: NonNullable<Awaited<ReturnType<typeof identify>>>,
  pin: string,
  now: number,
): Promise<AppError | null> {
  const { creds } = who;
  if (creds.locked_until !== null && creds.locked_until > now) {
    return new AppError('kiosk_pin_locked', { retryAfter: Math.ceil((creds.locked_until - now) / 1000) });
  }
  if (creds.pin_hash === null || !(await verifyPassword(pin, creds.pin_hash))) {
    if (creds.pin_hash !== null) await recordWrongPin(db, who.employeeId, PIN_MAX_WRONG, now + PIN_LOCK_MS);
    return new AppError('kiosk_credentials_wrong');
  }
  if (creds.failed_attempts > 0) await clearWrongPins(db, who.employeeId);
  return null;
}

/** Presses of this batch already judged, by `employee\tkind`: their times and rows. */
type BatchPresses = Map<string, Judged[]>;

/**
 * Judges one capture: its refusal or stored answer, or the row to store. `nearby` holds
 * the presses of this batch judged so far (for the one-minute rule within a batch).
 */
async function judge(
  deps: KioskCaptureDeps,
  kiosk: KioskRow,
  site: Site,
  validate: ((v: unknown) => boolean) & { errors?: unknown },
  item: unknown,
  receivedAt: number,
  nearby: BatchPresses,
): Promise<KioskBatchResult | Judged> {
  const rawId = (item as { id?: unknown } | null)?.id;
  const id = typeof rawId === 'string' ? rawId.toLowerCase() : '';
  if (!validate(item))
    return refused(id, bodyValidationError((validate.errors ?? []) as AjvError[], item, {}));
  const { signature, ...c } = item as SignedKioskCapture;
  if ((c.nip === undefined) === (c.card === undefined)) {
    return refused(
      id,
      new AppError('invalid_body', { details: [{ field: '/nip', reason: 'one_of_nip_card' }] }),
    );
  }
  // 2. The kiosk's signature, over the capture exactly as sent.
  if (!signedByKiosk(kiosk, kioskCaptureCanonical(kiosk.id, c), signature)) {
    return refused(id, new AppError('kiosk_signature_invalid'));
  }
  // 3. Stored before: the same answer.
  const hash = requestHash(kiosk.id, c);
  const stored = await getPunch(deps.db, id);
  if (stored) {
    if (stored.terminal_id !== kiosk.id || stored.request_hash !== hash) {
      return refused(id, new AppError('id_conflict'));
    }
    // A re-send also learns where the punch stands on review, an admin's decision included.
    const review = (await reviewViews(deps.db, await organisationOf(deps, stored.employee_id), [stored])).get(
      id,
    );
    const name = await nameOf(deps.db, stored.employee_id);
    return { id, status: 200, body: { ...punchView(stored, name), ...(review && { review }) } };
  }
  // 4. The time of the press.
  const capturedAt = parseInstant(c.capturedAt);
  if (capturedAt === null) {
    return refused(
      id,
      new AppError('invalid_body', { details: [{ field: '/capturedAt', reason: 'format' }] }),
    );
  }
  const deviceTime = c.time ? parseInstant(c.time.deviceTime) : null;
  if (c.time && deviceTime === null) {
    return refused(
      id,
      new AppError('invalid_body', { details: [{ field: '/time/deviceTime', reason: 'format' }] }),
    );
  }
  const time: TimeFields | AppError = establishTime(c.time, capturedAt, deviceTime, receivedAt, deps.config, {
    anchors: deps.anchors,
    employeeId: KIOSK_ANCHOR_EMPLOYEE,
    deviceId: kioskAnchorDevice(kiosk.id),
  });
  if (time instanceof AppError) return refused(id, time);
  // 5. Who pressed, and their PIN.
  const who = await identify(deps.db, c);
  if (!who) return refused(id, new AppError('kiosk_credentials_wrong'));
  const pinRefusal = await checkPin(deps.db, who, c.pin, receivedAt);
  if (pinRefusal) return refused(id, pinRefusal);
  // 6. An active person of a unit the kiosk's site serves.
  const found = deps.directory.get(who.employeeId);
  const entry = found instanceof Promise ? await found : found;
  if (!entry || !entry.employee.active || entry.ctx.unitChain.length === 0) {
    return refused(id, new AppError('account_inactive'));
  }
  if (!entry.ctx.unitChain.some((u) => u.id === site.unitId))
    return refused(id, new AppError('kiosk_not_served'));
  // 7. The same button pressed again within a minute: the earlier press is the punch.
  const at = time.timeOfRecord;
  const key = `${who.employeeId}\t${c.kind}`;
  const sameInBatch = (nearby.get(key) ?? []).find(
    (j) => Math.abs(Number(j.row.time_of_record) - at) <= SAME_PRESS_MS,
  );
  if (sameInBatch) return { id, status: 200, body: punchView(sameInBatch.row, sameInBatch.name) };
  const [same] = await kioskPunchesNear(
    deps.db,
    kiosk.id,
    who.employeeId,
    c.kind,
    at - SAME_PRESS_MS,
    at + SAME_PRESS_MS,
  );
  if (same) return { id, status: 200, body: punchView(same, entry.employee.name) };

  const v = sitePunchVerdict(c.kind, at, site, entry.ctx);
  const flags = [...time.timeFlags];
  const delay = receivedAt - at;
  if (delay > deps.config.captureDelayFlagSec * 1000) flags.push(FLAG_CAPTURE_DELAYED);
  if (delay > deps.config.lateSubmissionSec * 1000) flags.push(FLAG_LATE_SUBMISSION);
  if (c.photo === undefined && entry.selfieRequired) flags.push(FLAG_SELFIE_MISSING);
  // As on the phone's path (check-ins/service.ts buildPunchRow): the server decides once
  // whether it doubts the time, and the rule set in force decides what that does for pay.
  // Only a capture arriving late asks whether the kiosk talked to the server meanwhile.
  const tolerance = deps.config.clockToleranceSec * 1000;
  const contactAt =
    deps.contacts && delay > 2 * tolerance
      ? await deps.contacts.latestOfKiosk(kiosk.id, at + tolerance, receivedAt - tolerance)
      : null;
  const timeCause = timeCauseOf({
    timeSource: time.timeSource,
    timeOfRecord: at,
    receivedAt,
    contactAt,
    toleranceMs: tolerance,
    delayBoundMs: deps.config.captureDelayFlagSec * 1000,
  });
  if (timeCause === 'contact_gap') flags.push(FLAG_CONTACT_GAP);
  const row: NewPunchRow = {
    id,
    employee_id: who.employeeId,
    kind: c.kind,
    source: 'kiosk',
    captured_at: capturedAt,
    received_at: receivedAt,
    lat: null,
    lon: null,
    accuracy: null,
    request_hash: hash,
    work_date: v.workDate,
    zone: v.zone,
    local_time: v.localTime,
    fence_status: v.fence.status,
    location_id: v.fence.locationId,
    location_name: v.fence.locationName,
    distance_m: v.fence.distanceM,
    by_accuracy: 0,
    window: v.timing.window,
    late_minutes: v.timing.lateMinutes,
    early_minutes: v.timing.earlyMinutes,
    scheduled_start: v.timing.scheduledStart,
    scheduled_end: v.timing.scheduledEnd,
    flags: JSON.stringify(flags),
    time_of_record: at,
    time_source: time.timeSource,
    anchor_time: time.anchorTime,
    elapsed_ms: time.elapsedMs,
    time_uncertainty_ms: time.uncertaintyMs,
    device_id: null,
    photo_sha256: c.photo?.sha256 ?? null,
    photo_bytes: c.photo?.bytes ?? null,
    terminal_id: kiosk.id,
    time_cause: timeCause,
    contact_at: contactAt,
  };
  const judged = { row, name: entry.employee.name, organisationId: entry.ctx.unitChain.at(-1)?.id };
  nearby.set(key, [...(nearby.get(key) ?? []), judged]);
  return judged;
}

/**
 * Where a new punch stands on review, as the phone is told (check-ins/service.ts
 * reviewAtPress): undefined when it simply counts. A failed read of the rule set leaves
 * it pending with no rule, never fails the answer of a punch that is stored.
 */
async function newPunchReview(deps: KioskCaptureDeps, j: Judged): Promise<PunchReviewView | undefined> {
  if (!deps.ruleSets) return undefined;
  try {
    return await reviewAtPress(deps.ruleSets, j.row, j.organisationId);
  } catch (err) {
    deps.log.error({ err, id: j.row.id }, 'reading the rule set for the review failed');
    return reviewView(factsOf(j.row), undefined, null);
  }
}

/**
 * Stores a kiosk's batch: the kiosk must be enrolled and active (else the whole request
 * is refused, 401 kiosk_unknown or 403 kiosk_revoked, and nothing is stored); then each
 * capture is judged in order and the new punches committed together. One result per
 * capture, in order, and a fresh anchor for the kiosk.
 */
export async function submitKioskBatch(
  deps: KioskCaptureDeps,
  kioskId: string,
  items: readonly unknown[],
  validate: ((v: unknown) => boolean) & { errors?: unknown },
): Promise<KioskBatchResponse> {
  const kiosk = await activeKiosk(deps.db, kioskId);
  const site = await getSite(deps.db, kiosk.site_id);
  if (!site) throw new Error(`kiosk ${kiosk.id}: site ${kiosk.site_id} missing`);
  const receivedAt = deps.now();
  const nearby: BatchPresses = new Map();
  const judged: (KioskBatchResult | Judged)[] = [];
  // In order, one at a time: the wrong-PIN count of a person is counted press by press.
  for (const item of items) {
    try {
      judged.push(await judge(deps, kiosk, site, validate, item, receivedAt, nearby));
    } catch (err) {
      const rawId = (item as { id?: unknown } | null)?.id;
      deps.log.error({ err, kioskId: kiosk.id }, 'kiosk capture failed');
      judged.push(refused(typeof rawId === 'string' ? rawId.toLowerCase() : '', new AppError('internal')));
    }
  }
  const fresh = judged.filter((j): j is Judged => 'row' in j);
  const busy = () =>
    new AppError('server_busy', { retryAfter: retryAfterSeconds(deps.queue, deps.config.queueMax) });
  // All or none to the queue, so the kiosk's re-send of a refused batch finds nothing half-stored.
  const full = deps.queue.pending + fresh.length > deps.config.queueMax;
  const offers = new Map<Judged, Promise<'inserted' | 'exists'> | null>();
  for (const j of fresh) offers.set(j, full ? null : deps.queue.offer(j.row));
  const results: KioskBatchResult[] = [];
  for (const j of judged) {
    if (!('row' in j)) {
      results.push(j);
      continue;
    }
    const offer = offers.get(j) ?? null;
    if (offer === null) {
      results.push(refused(j.row.id, busy()));
      continue;
    }
    try {
      if ((await offer) === 'inserted') {
        const review = await newPunchReview(deps, j);
        results.push({
          id: j.row.id,
          status: 201,
          body: { ...punchView(j.row, j.name), ...(review && { review }) },
        });
        continue;
      }
      // Stored meanwhile (the same capture twice in the batch, or a concurrent re-send).
      const stored = await getPunch(deps.db, j.row.id);
      results.push(
        stored && stored.request_hash === j.row.request_hash && stored.terminal_id === kiosk.id
          ? { id: j.row.id, status: 200, body: punchView(stored, j.name) }
          : refused(j.row.id, new AppError('id_conflict')),
      );
    } catch (err) {
      deps.log.error({ err, kioskId: kiosk.id }, 'kiosk punch write failed');
      results.push(refused(j.row.id, new AppError('internal')));
    }
  }
  return { results, anchor: kioskAnchor(deps, kiosk.id) };
}
