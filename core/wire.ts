/**
 * Shapes that travel over HTTP under /api/v1, shared by the server and the phone app.
 * Instants travel as ISO 8601 strings with a zone designator ("2026-03-02T00:31:00.000Z").
 */
import type {
  AccountRole,
  EmployeeKind,
  FenceVerdict,
  PunchKind,
  PunchSource,
  Shape,
  TimingVerdict,
  Zone,
} from './model.js';
import type { ErrorBody } from './errors.js';
import type { DayStatusCode, LeaveType, PersonRecap } from './attendance/types.js';

export interface LoginRequest {
  /** A NIP (spaces allowed), a non-ASN internal id, or an admin's username. */
  username: string;
  password: string;
  /** The `deviceToken` of this client's last sign-in as this person, if it kept one. */
  deviceToken?: string;
}

export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Long-lived token to obtain a new access token (POST /auth/refresh). */
  refreshToken: string;
  account: AccountInfo;
  /**
   * Sign-in only: keep it (also after signing out) and send it with the next sign-in as
   * this person, so a lock-out others cause does not reach this client.
   */
  deviceToken?: string;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface AccountInfo {
  id: number;
  username: string;
  role: AccountRole;
  /** Set for employee accounts. */
  employee: {
    id: number;
    name: string;
    kind: EmployeeKind;
    nip: string | null;
    unitId: number;
    unitName: string;
    position: string;
  } | null;
  /** The unit subtree a unit admin manages. */
  unitId: number | null;
}

export interface CheckInRequest {
  /** UUIDv7 generated on the phone at the press of the button. */
  id: string;
  kind: PunchKind;
  /** ISO instant of the press. */
  capturedAt: string;
  location: { lat: number; lon: number; accuracy: number };
  /** How the phone knows when the press happened; absent = a legacy capture ("time_unverified"). */
  time?: CaptureTime;
  /** The enrolled device and its HMAC over {@link captureCanonical} (core/capture.ts). */
  device?: { id: string; signature: string };
  /** The selfie taken with this punch (uploaded later with PUT /check-ins/{id}/photo). */
  photo?: { sha256: string; bytes: number };
}

/** A signed server time, issued by the server and kept by the phone to date later captures. */
export interface TimeAnchorView {
  /** Opaque: base64url(JSON {t, n, d, e}) + "." + base64url(HMAC). */
  token: string;
  /** ISO instant, = t. */
  serverTime: string;
}

export interface CaptureTime {
  /** The anchor the phone held at the press (absent when the app restarted offline and has none valid). */
  anchor?: string;
  /**
   * Monotonic ms from the anchor's server time to the press (performance.now() difference,
   * same page life), counted from the middle of the round trip that brought the anchor.
   */
  elapsedMs?: number;
  /** The phone's wall clock at the press, ISO. */
  deviceTime: string;
  /** deviceWallClock − serverTime measured at the last contact (ms), for the fallback. */
  skewMs?: number;
  /**
   * How far anchor + elapsedMs may be off, ms: half that round trip plus the monotonic
   * clock's drift since. Absent from phones older than migration 0012.
   */
  uncertaintyMs?: number;
}

/**
 * How a punch's time of record was established: the server's signed anchor plus the
 * phone's monotonic time, the phone's (or kiosk's) wall clock, the server's own clock,
 * or the clock of a fingerprint machine (its local time in the machine's zone).
 */
export type TimeSource = 'anchor' | 'device_clock' | 'server' | 'machine_clock';

export interface BatchCheckInRequest {
  /** 1..100 captures, each handled as POST /check-ins would. */
  checkIns: CheckInRequest[];
}

export interface BatchCheckInResult {
  id: string;
  /** 201 stored now, 200 stored before, 4xx/503 refused (see `error`). */
  status: number;
  body?: CheckInResponse;
  error?: ErrorBody;
}

export interface BatchCheckInResponse {
  results: BatchCheckInResult[];
  anchor: TimeAnchorView;
}

export interface TimeResponse {
  anchor: TimeAnchorView;
  serverTime: string;
}

export interface DeviceEnrolRequest {
  /** e.g. "Chrome di Android". */
  label: string;
}

export interface DeviceEnrolResponse {
  deviceId: string;
  /** base64url of 32 bytes: the HMAC-SHA256 key the phone signs captures with. */
  key: string;
  status: 'active' | 'pending';
}

export type DeviceStatus = 'active' | 'pending' | 'revoked';

export interface DeviceView {
  id: string;
  employeeId: number;
  label: string;
  status: DeviceStatus;
  createdAt: string;
  approvedAt: string | null;
}

export interface DeviceListResponse {
  devices: DeviceView[];
}

export interface CheckInResponse {
  id: string;
  kind: PunchKind;
  source: PunchSource;
  capturedAt: string;
  receivedAt: string;
  workDate: string;
  zone: Zone;
  localTime: string;
  fence: FenceVerdict;
  timing: TimingVerdict;
  /** Review flags, e.g. "capture_delayed". */
  flags: string[];
  /** ISO: the time lateness was computed from. */
  timeOfRecord: string;
  timeSource: TimeSource;
  deviceId: string | null;
  /** The fingerprint machine or kiosk that produced the punch; null for the app. */
  terminalId: string | null;
  photo: { sha256: string; uploaded: boolean } | null;
  /**
   * What an admin's review does with this punch for pay; absent: it counts as recorded.
   * At the press, `pending` tells the employee that the rule set counts this punch only
   * once an admin accepts it (outside the work site, and the rule set does not accept
   * outside punches by itself).
   */
  review?: PunchReviewView;
  /** A fresh anchor for the next captures (on check-in answers). */
  anchor?: TimeAnchorView;
}

/** Where a punch stands on review (core/attendance/review.ts). */
export interface PunchReviewView {
  /** pending: counts only once an admin accepts it; accepted: counts; rejected: does not count (by an admin, or by the rule set when decidedBy is null). */
  status: 'pending' | 'accepted' | 'rejected';
  /**
   * Why it needs a review: outside the work site's fence, or its time rests on the phone's
   * claim (time_unverified: no valid anchor and a late receipt; capture_delayed: delivered
   * past the delay bound; contact_gap: the device talked to the server after the capture
   * without delivering it); null for a decision on a punch that needed none.
   */
  cause: 'outside_fence' | 'time_unverified' | 'capture_delayed' | 'contact_gap' | null;
  /** The deciding admin (name, else username); null while pending. */
  decidedBy: string | null;
  /** The admin's reason; null while pending. */
  reason: string | null;
  /** ISO instant of the decision; null while pending. */
  decidedAt: string | null;
}

export interface ScheduleDayView {
  start: string;
  end: string;
  checkInFrom: string;
  checkInUntil: string;
  checkOutFrom: string;
  checkOutUntil: string;
}

export interface LocationView {
  id: number;
  name: string;
  zone: Zone;
  shape: Shape;
}

export interface TodayResponse {
  date: string;
  zone: Zone;
  /** Server time, so the phone can show and correct its own clock. */
  serverTime: string;
  schedule: {
    name: string;
    /** null on a day off. */
    day: ScheduleDayView | null;
  } | null;
  punches: CheckInResponse[];
  locations: LocationView[];
  /** What the next press should be. */
  nextKind: PunchKind;
  /** A fresh anchor for the next captures. */
  anchor: TimeAnchorView;
  /** The device named in header X-Hadir-Device, when it is one of this employee's. */
  device: DeviceView | null;
  /** Whether this employee's unit asks for a selfie with every punch. */
  selfieRequired: boolean;
}

export interface AttendanceDay {
  date: string;
  punches: CheckInResponse[];
  firstIn: CheckInResponse | null;
  lastOut: CheckInResponse | null;
  /** Approved corrections and admin entries with this work date (append-only; a 'void' cancels `voids`). */
  entries: AttendanceEntryView[];
  /**
   * What the day counts, as the recap reads it: the earliest check-in and the latest
   * check-out among the punches and entries, without the voided ones.
   */
  counted: { in: CountedPunch | null; out: CountedPunch | null };
}

export interface AttendanceEntryView {
  id: string;
  kind: PunchKind | 'void';
  /** 'correction': an approved correction request; 'admin': an entry made by an admin. */
  source: 'correction' | 'admin';
  at: string;
  /** 'HH:MM:SS' on the wall clock of the employee's work site. */
  localTime: string;
  note: string;
  voids: string | null;
}

export interface CountedPunch {
  /** The punch's or the entry's id. */
  id: string;
  localTime: string;
  /** 'punch': pressed on a phone, kiosk or machine; otherwise the entry's source. */
  from: 'punch' | 'correction' | 'admin';
}

export interface AttendanceResponse {
  from: string;
  to: string;
  days: AttendanceDay[];
}

/** A stored selfie (PUT/GET /check-ins/{id}/photo, GET /me/photos). */
export interface PunchPhotoView {
  punchId: string;
  /** SHA-256 (hex) of the upload, as the phone declared it with the punch. */
  sha256: string;
  /** Size and type of the upload as received. */
  bytes: number;
  contentType: 'image/jpeg' | 'image/webp';
  /** The re-encoded JPEG the server keeps (metadata stripped, at most 480 px). */
  stored: { sha256: string; bytes: number; width: number; height: number };
  uploadedAt: string;
  /** ISO time the file was deleted at the end of its retention period, else null. */
  purgedAt: string | null;
}

export interface PhotoListResponse {
  from: string;
  to: string;
  photos: (PunchPhotoView & { workDate: string; kind: PunchKind })[];
}

export interface HealthResponse {
  status: 'ok';
  engine: 'sqlite' | 'postgres';
  migration: string | null;
  version: string;
  time: string;
}

/** Where a leave or correction request stands. */
export type RequestStatus = 'pending' | 'approved' | 'rejected';

/** POST /me/leave-requests: leave or a permission, whole days `from` … `to`. */
export interface LeaveRequestBody {
  /** A code of the leave catalogue (GET /leave-types), e.g. "cuti_tahunan". */
  type: string;
  /** 'YYYY-MM-DD'. */
  from: string;
  /** 'YYYY-MM-DD', inclusive. */
  to: string;
  reason: string;
  /** The attachment (PDF, JPEG or PNG, at most 2 MB), base64-encoded. */
  attachment?: string;
}

/** POST /me/correction-requests: a punch the employee forgot, or the app failed to send. */
export interface CorrectionRequestBody {
  kind: PunchKind;
  /** ISO instant of the punch asked for. */
  at: string;
  reason: string;
  /** As in {@link LeaveRequestBody}. */
  attachment?: string;
}

/** POST /leave-requests/{id}/decision and /correction-requests/{id}/decision (admins). */
export interface RequestDecisionBody {
  decision: 'approve' | 'reject';
  /** Required when rejecting. */
  reason?: string;
}

/** What a leave or a correction request has, whatever its kind. */
interface RequestFields {
  reason: string;
  /** SHA-256 (hex) of the attachment (GET /attachments/{sha256}); null without one. */
  attachmentSha256: string | null;
  status: RequestStatus;
  /** ISO instant. */
  requestedAt: string;
  /** ISO instant; null while pending. */
  decidedAt: string | null;
  /** The deciding admin's account id; null while pending. */
  decidedBy: number | null;
  decisionReason: string | null;
}

/** A leave request as the API answers it (UUIDv7 id). */
export interface LeaveRequestView extends RequestFields {
  id: string;
  employeeId: number;
  type: string;
  from: string;
  to: string;
}

/** A correction request as the API answers it. */
export interface CorrectionRequestView extends RequestFields {
  id: string;
  employeeId: number;
  kind: PunchKind;
  at: string;
  /** The work date the punch falls on, at the employee's site. */
  workDate: string;
}

/** GET /leave-types: the leave and permission catalogue. */
export interface LeaveTypesResponse {
  types: readonly LeaveType[];
}

/** One deduction (or note) of a day in the ledger. */
export interface LedgerItemView {
  code: string;
  /** Basis points (1 bp = 0.01 %). */
  bp: number;
  note: string;
}

/** A day of the month's ledger: its status and what it deducts. */
export interface LedgerDayView {
  date: string;
  status: DayStatusCode;
  leaveType: string | null;
  ruleVersion: string;
  items: LedgerItemView[];
  bp: number;
}

/** A punch of the day an admin reviews, with who decided and why. */
export interface DayReviewView {
  eventId: string;
  kind: PunchKind;
  /** ISO instant of the punch. */
  at: string;
  /** pending: not counted yet; accepted: counted; rejected: never counted. */
  state: 'pending' | 'accepted' | 'rejected';
  cause: PunchReviewView['cause'];
  /** The deciding admin; null while pending. */
  by: string | null;
  reason: string | null;
}

/** How one day of one person came out. */
export interface DayStatusView {
  employeeId: number;
  name: string;
  date: string;
  status: DayStatusCode;
  lateMinutes: number;
  lateBand: string | null;
  earlyMinutes: number;
  earlyBand: string | null;
  missingIn: boolean;
  missingOut: boolean;
  leaveType: string | null;
  holiday: { name: string; kind: string } | null;
  shiftCode: string | null;
  checkInAt: string | null;
  checkOutAt: string | null;
  ruleVersion: string;
  reasons: string[];
  /** The day's punches an admin reviews; absent when none. */
  reviews?: DayReviewView[];
}

/** A person's month: counts, minutes and the deduction (the domain's recap without its ledger), with the name. */
export interface PersonRecapView extends Omit<PersonRecap, 'ledger'> {
  name: string;
}

/**
 * PP 94/2021: TK days from 1 January to the end of the month, the longest run of
 * consecutive TK working days, and the discipline step they reach.
 */
export interface YearlyTkView {
  year: string;
  tkDays: number;
  longestRun: number;
  step: { level: string; penalty: string } | null;
}

/** GET /me/recap and GET /employees/{id}/card: the month's totals, its ledger, each day, and the year's TK days. */
export interface AttendanceCard {
  recap: PersonRecapView;
  ledger: LedgerDayView[];
  days: DayStatusView[];
  yearly: YearlyTkView;
}
