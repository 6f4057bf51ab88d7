/**
 * Kiosk mode (issue 15 item 3): a shared tablet at the office door, enrolled by an admin
 * as the kiosk of one work site, where people without a phone of their own press in and
 * out with their NIP (or staff number, or the QR secret on their ID card) and a PIN.
 *
 * This file is the contract both sides build the same bytes from, like core/capture.ts
 * for the phone: the wire shapes of the kiosk's requests and answers, and the canonical
 * forms the kiosk signs with its HMAC key (one key per tablet, handed out once when the
 * tablet exchanges its enrolment code). Pure: no clock, no crypto, no I/O.
 */
import type { ErrorBody } from './errors.js';
import type { PunchKind, Zone } from './model.js';
import type { CaptureTime, PunchReviewView, TimeAnchorView } from './wire.js';

/** First line of every canonical kiosk capture. */
export const KIOSK_CAPTURE_VERSION = 'hadir-kiosk-capture-v1';
/** First line of the canonical "hello" a kiosk signs to ask for its state and a time anchor. */
export const KIOSK_HELLO_VERSION = 'hadir-kiosk-hello-v1';

/** Most captures in one kiosk batch. */
export const KIOSK_BATCH_MAX = 100;

/** A kiosk PIN: 6 to 8 digits (a 4-digit PIN falls to 5 guesses a quarter hour too often). */
export const KIOSK_PIN_PATTERN = '^[0-9]{6,8}$';

/** Whether `pin` has the shape of a kiosk PIN. */
export function isKioskPin(pin: string): boolean {
  return /^[0-9]{6,8}$/.test(pin);
}

/**
 * One press at a kiosk, as the tablet stores it and sends it. The person is named by
 * `nip` (an 18-digit NIP, spaces allowed, or the staff number of someone without one)
 * or by `card` (the secret printed as a QR code on their ID card), never both.
 */
export interface KioskCapture {
  /** UUIDv7 made by the kiosk at the press. */
  id: string;
  kind: PunchKind;
  /** The kiosk's best estimate of the instant of the press. */
  capturedAt: string;
  nip?: string;
  card?: string;
  pin: string;
  /** The kiosk's time anchor, monotonic time since, wall clock and skew, as the phone's. */
  time?: CaptureTime;
  /** The selfie declared at the press (uploaded later). */
  photo?: { sha256: string; bytes: number };
}

/** A capture with the kiosk's signature over {@link kioskCaptureCanonical}. */
export interface SignedKioskCapture extends KioskCapture {
  /** base64url(HMAC-SHA256(kioskKey, utf8(kioskCaptureCanonical(kioskId, capture)))). */
  signature: string;
}

export interface KioskBatchRequest {
  kioskId: string;
  /** 1..{@link KIOSK_BATCH_MAX} captures, each judged and stored on its own. */
  captures: SignedKioskCapture[];
}

/** What the kiosk may show of a stored press: the name and time of the person who pressed. */
export interface KioskPunchView {
  id: string;
  kind: PunchKind;
  /** The person's name, for the few seconds of the confirmation. */
  name: string;
  /** The instant the punch counts at. */
  timeOfRecord: string;
  workDate: string;
  /** HH:MM:SS in the site's zone. */
  localTime: string;
  zone: Zone;
  /**
   * Where a new punch stands on review when it does not simply count: a press whose time
   * is in doubt waits for an admin (the rule set in force decides), as on the phone.
   */
  review?: PunchReviewView;
}

export interface KioskBatchResult {
  id: string;
  /** 201 stored now, 200 stored before (a re-sent batch), otherwise refused (see `error`). */
  status: number;
  body?: KioskPunchView;
  error?: ErrorBody;
}

export interface KioskBatchResponse {
  results: KioskBatchResult[];
  /** A fresh anchor bound to this kiosk, for the next captures. */
  anchor: TimeAnchorView;
}

/** The kiosk as the tablet knows it. */
export interface KioskInfo {
  kioskId: string;
  label: string;
  status: 'active' | 'revoked';
  site: { id: number; name: string; zone: Zone };
  /** Whether the site's unit asks for a selfie with every press. */
  selfieRequired: boolean;
}

export interface KioskEnrolRequest {
  /** The one-time enrolment code the admin was shown. */
  code: string;
}

export interface KioskEnrolResponse extends KioskInfo {
  /** base64url of the 32-byte HMAC-SHA256 key; shown once. */
  key: string;
}

export interface KioskHelloRequest {
  kioskId: string;
  /** The kiosk's wall clock, ISO 8601 (signed, so the hello cannot be replayed as another's). */
  sentAt: string;
  /** base64url HMAC over {@link kioskHelloCanonical}. */
  signature: string;
}

export interface KioskHelloResponse extends KioskInfo {
  anchor: TimeAnchorView;
}

function num(n: number | undefined): string {
  return n === undefined ? '' : String(n);
}

/**
 * The bytes a kiosk signs for one capture: fields joined with "\n" in a fixed order,
 * numbers as `String(n)`, absent fields as "". The kiosk id is inside, so a capture
 * signed by one kiosk cannot be replayed as another's; the PIN is inside, so it cannot
 * be swapped on the way.
 *
 * @example
 *   kioskCaptureCanonical('k1', { id: 'x', kind: 'in', capturedAt: '2026-03-02T00:31:00.000Z',
 *     nip: '198609262015051001', pin: '482915' })
 *   // 'hadir-kiosk-capture-v1\nk1\nx\nin\n2026-03-02T00:31:00.000Z\n198609262015051001\n\n482915\n\n\n\n\n\n\n'
 */
export function kioskCaptureCanonical(kioskId: string, c: KioskCapture): string {
  return [
    KIOSK_CAPTURE_VERSION,
    kioskId,
    c.id,
    c.kind,
    c.capturedAt,
    c.nip ?? '',
    c.card ?? '',
    c.pin,
    c.time?.anchor ?? '',
    num(c.time?.elapsedMs),
    c.time?.deviceTime ?? '',
    num(c.time?.skewMs),
    num(c.time?.uncertaintyMs),
    c.photo?.sha256 ?? '',
    num(c.photo?.bytes),
  ].join('\n');
}

/** The bytes a kiosk signs to say hello. */
export function kioskHelloCanonical(kioskId: string, sentAt: string): string {
  return [KIOSK_HELLO_VERSION, kioskId, sentAt].join('\n');
}

/** The bytes a kiosk signs to upload the selfie of one of its captures. */
export function kioskPhotoCanonical(kioskId: string, captureId: string, sha256: string): string {
  return ['hadir-kiosk-photo-v1', kioskId, captureId, sha256].join('\n');
}

/**
 * The NIP or staff number as typed: a NIP without the spaces (or dots, dashes) a printed
 * one carries; a staff number trimmed and otherwise as it is.
 *
 * @example normaliseEmployeeNumber('19860926 201505 1 001') // '198609262015051001'
 * @example normaliseEmployeeNumber(' NA-2024-0001 ') // 'NA-2024-0001'
 */
export function normaliseEmployeeNumber(input: string): string {
  const digits = input.replace(/[\s.-]/g, '');
  return /^\d{18}$/.test(digits) ? digits : input.trim();
}
