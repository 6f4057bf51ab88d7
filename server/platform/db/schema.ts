/**
 * The tables as Kysely sees them. One schema for both engines, so every column uses a
 * type both speak the same way:
 * - instants: bigint epoch milliseconds (PostgreSQL int8 is parsed to number — safe to 2^53);
 * - calendar dates: text 'YYYY-MM-DD'; clock times inside JSON as minutes;
 * - booleans: integer 0/1;
 * - structured values (polygon, weekly days, audit detail): JSON text.
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { AccountRole } from '../../../core/model.js';

export interface UnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  kind: string;
  zone: string;
  /** Materialised path of ids, "/1/4/17/", so a subtree is `path LIKE '/1/4/%'`. */
  path: string;
  /** Migration 0004: 1 / 0, or null to inherit from the nearest ancestor (core/selfie.ts). */
  selfie_required: Generated<number | null>;
  /** Migration 0008: the region's code for the unit (kode unit kerja), unique when set. */
  code: Generated<string | null>;
  /** Migration 0008: first date ('YYYY-MM-DD') on which the unit no longer exists. */
  closed_from: Generated<string | null>;
  /** Migration 0016: first date attendance is recorded for the unit and below (go-live). */
  attendance_from: Generated<string | null>;
}

export interface EmployeesTable {
  id: Generated<number>;
  kind: string;
  nip: string | null;
  internal_id: string | null;
  name: string;
  unit_id: number;
  position: string;
  active: number;
  /** Migration 0008: golongan ('III/a' for PNS, 'IX' for PPPK), null when unknown or non-ASN. */
  rank: Generated<string | null>;
  /** Migration 0008: first date attendance is expected of the person; null = always. */
  attendance_from: Generated<string | null>;
  /** Migration 0008: first date the person no longer works here; null while active. */
  inactive_from: Generated<string | null>;
  inactive_reason: Generated<string | null>;
}

/** Migration 0008: the unit a person belongs to from a date; the latest one ≤ a date is in force. */
export interface EmployeePlacementsTable {
  id: Generated<number>;
  employee_id: number;
  unit_id: number;
  from_date: string;
  created_at: number;
  created_by: number | null;
}

export interface AccountsTable {
  id: Generated<number>;
  /** NIP for ASN, internal id for non-ASN, a chosen name for admins; unique. */
  username: string;
  password_hash: string;
  /** One of the three roles: the accounts_role_check constraint (migration 0001) refuses others. */
  role: AccountRole;
  employee_id: number | null;
  /** For unit admins: the root of the subtree they manage. */
  unit_id: number | null;
  active: number;
  created_at: number;
  password_changed_at: number;
}

/** Migration 0009: one outstanding activation code per account (its SHA-256 only). */
export interface ActivationCodesTable {
  account_id: number;
  code_hash: string;
  created_at: number;
  expires_at: number;
  created_by: number | null;
}

export interface SessionsTable {
  /** Random id, carried in access tokens as `sid`. */
  id: string;
  account_id: number;
  /** SHA-256 (hex) of the refresh token; the token itself is never stored. */
  refresh_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  user_agent: string | null;
  /** Migration 0012: the session a refresh replaced this one with; null if it ended otherwise. */
  successor_id: string | null;
  /** Migration 0012: when this ended session's refresh token was accepted once more, in the grace period. */
  grace_used_at: number | null;
  /** Migration 0023: the id of the first session of this sign-in, kept by every session a refresh rotates into. */
  chain_id: string | null;
  /** Migration 0023: when the sign-in that began the chain happened; the absolute lifetime counts from it. */
  signed_in_at: number | null;
}

export interface LocationsTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  zone: string;
  /** 'circle' | 'polygon' */
  shape: string;
  lat: number | null;
  lon: number | null;
  radius_m: number | null;
  /** JSON [[lat, lon], ...] for polygons. */
  polygon: string | null;
  active: number;
  /** Migration 0008: 'office' | 'wfh' | 'dinas_luar'. */
  mode: Generated<string>;
  valid_from: Generated<string | null>;
  valid_to: Generated<string | null>;
  /** Letter of assignment (surat tugas) for dinas luar. */
  letter: Generated<string | null>;
  /** A site of one person (WFH, dinas luar); null for a unit's site. */
  employee_id: Generated<number | null>;
}

export interface EmployeeLocationsTable {
  employee_id: number;
  location_id: number;
  /** Migration 0008: 1 when derived from the unit tree (sites service), 0 when assigned by hand. */
  inherited: Generated<number>;
}

export interface SchedulesTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  effective_from: string;
  /** JSON array of 7 entries (Mon..Sun), each a WorkDay in minutes or null. */
  days: string;
}

/** Append-only: UPDATE and DELETE are refused by triggers on both engines. */
export interface PunchesTable {
  /** Client-generated UUIDv7. */
  id: string;
  employee_id: number;
  kind: string;
  source: string;
  captured_at: number;
  received_at: number;
  /** Null (all three) for sources without a position: a machine's or kiosk's site stands for it (migration 0010). */
  lat: number | null;
  lon: number | null;
  accuracy: number | null;
  /** SHA-256 (hex) of the canonical request, to tell a retry from a conflicting reuse of the id. */
  request_hash: string;
  work_date: string;
  zone: string;
  local_time: string;
  fence_status: string;
  location_id: number | null;
  location_name: string | null;
  distance_m: number;
  by_accuracy: number;
  window: string;
  late_minutes: number;
  early_minutes: number;
  scheduled_start: string | null;
  scheduled_end: string | null;
  /** JSON array of strings. */
  flags: string;
  // Migration 0003. Null on rows stored before it: read time_of_record as captured_at.
  /** The instant lateness was computed from (epoch ms). */
  time_of_record: number | null;
  /** 'anchor' | 'device_clock' | 'server'. */
  time_source: string | null;
  /** The signed server time the capture was dated from (epoch ms), when it carried an anchor. */
  anchor_time: number | null;
  elapsed_ms: number | null;
  device_id: string | null;
  photo_sha256: string | null;
  photo_bytes: number | null;
  /** Migration 0010: the fingerprint machine (machines.id) or kiosk (kiosks.id) that produced it; null for the app. */
  terminal_id: string | null;
  /** Migration 0012: how far the anchored time may be off, ms, as the phone declared it; null before. */
  time_uncertainty_ms: number | null;
  /** Migration 0024: why the server doubts the time (core/attendance/review.ts TimeCause); null: it does not. */
  time_cause: string | null;
  /** Migration 0024: the device's latest contact after the capture and before its receipt, known at ingest (epoch ms). */
  contact_at: number | null;
}

/**
 * Migration 0024: the latest time a device (or an employee without one) talked to the
 * server without delivering a new punch (check-ins/contacts.ts).
 */
export interface DeviceContactsTable {
  /** The device id, or `employee:<id>` for contacts bound to no device. */
  contact_key: string;
  employee_id: number;
  contact_at: number;
}

/** Enrolled phones (migration 0003). */
export interface DevicesTable {
  id: string;
  employee_id: number;
  label: string;
  /** base64url of the 32-byte HMAC-SHA256 key. */
  key: string;
  /** 'active' | 'pending' | 'revoked' */
  status: string;
  created_at: number;
  approved_at: number | null;
  /** Account id of the approving admin. */
  approved_by: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  /** Null when the actor is the operator's CLI. */
  actor_account_id: number | null;
  actor_label: string;
  action: string;
  target: string;
  /** JSON object. */
  detail: string;
  /** The HTTP request that made the change (migration 0018); null for the CLI and older entries. */
  request_id: string | null;
  /** SHA-256 chaining this row to the one before (migration 0014, platform/audit/chain.ts). */
  hash: string;
}

/** A punch's stored selfie (migration 0004). Append-only: a photo is never replaced. */
export interface PunchPhotosTable {
  punch_id: string;
  /** SHA-256 (hex) of the upload; equals the punch's photo_sha256. */
  sha256_original: string;
  /** SHA-256 (hex) of the re-encoded JPEG kept in the photo store. */
  sha256_stored: string;
  /** Where the photo store keeps the file, e.g. "ab/cd/<sha256_stored>.jpg". */
  storage_key: string;
  /** Size of the upload as received. */
  bytes: number;
  stored_bytes: number;
  /** Dimensions of the stored JPEG. */
  width: number;
  height: number;
  /** Of the upload: 'image/jpeg' | 'image/webp'. */
  content_type: string;
  uploaded_at: number;
  /** Account id of the uploader. */
  uploaded_by: number;
}

/**
 * An admin's decision on a punch (migration 0022). Append-only: a punch's latest row
 * (greatest decided_at, then id) is the decision in force; earlier ones stay.
 */
export interface PunchReviewsTable {
  id: Generated<number>;
  punch_id: string;
  /** 'accepted' | 'rejected'. */
  decision: string;
  /** Required, not blank. */
  reason: string;
  /** Account id of the deciding admin. */
  decided_by: number;
  decided_at: number;
}

/** Photos whose file was deleted at the end of retention (migration 0004). Append-only. */
export interface PhotoPurgesTable {
  punch_id: string;
  purged_at: number;
  reason: string;
}

/** One row (id 1): bumped by triggers whenever directory data changes (migration 0002). */
export interface DirectoryVersionTable {
  id: number;
  version: number;
}

/** Migration 0013: which topic and key changed, in order (server/platform/changes/). */
export interface ChangeLogTable {
  seq: Generated<number>;
  topic: string;
  key: string;
}

/** Migration 0013: one row; log rows up to `pruned_to` were deleted. */
export interface ChangeFeedTable {
  id: number;
  pruned_to: number;
}

/** Migration 0005: one row per rule set version (append-only); `data` is the RuleSet JSON. */
export interface RuleSetsTable {
  id: string;
  /** The root unit (Pemda) the rules belong to. */
  organisation_id: number;
  effective_from: string;
  data: string;
  created_at: number;
  created_by: number | null;
}

/** Migration 0005: national holidays, cuti bersama (seeded for 2026) and regional days. */
export interface HolidaysTable {
  id: Generated<number>;
  date: string;
  name: string;
  kind: string;
  /** JSON array of unit ids for a regional holiday; null = everyone. */
  unit_ids: string | null;
}

/** Migration 0005: per-unit rules (works on holidays, flex band and grace minutes). */
export interface UnitRulesTable {
  unit_id: number;
  works_on_holidays: number;
  flex_minutes: number;
  late_grace_minutes: number;
  early_grace_minutes: number;
}

/** Migration 0005: date-range overrides of the weekly schedule (Ramadan). */
export interface ScheduleOverridesTable {
  id: Generated<number>;
  name: string;
  from_date: string;
  to_date: string;
  unit_ids: string | null;
  days: string;
  flex: string | null;
}

/** Migration 0005: a person's own weekly pattern. */
export interface PersonSchedulesTable {
  id: Generated<number>;
  employee_id: number;
  effective_from: string;
  effective_to: string | null;
  days: string;
  flex: string | null;
}

/** Migration 0005: shift types of rostered units; `times` is JSON minutes. */
export interface ShiftTypesTable {
  id: Generated<number>;
  unit_id: number;
  code: string;
  name: string;
  times: string;
}

/** Migration 0005: roster entries, append-only; the highest revision wins. */
export interface RosterEntriesTable {
  id: Generated<number>;
  employee_id: number;
  date: string;
  shift_code: string | null;
  revision: number;
  created_at: number;
  created_by: number | null;
}

/** Migration 0005: request attachments, content-addressed files. */
export interface AttachmentsTable {
  sha256: string;
  content_type: string;
  bytes: number;
  storage_key: string;
  stored_at: number;
}

/** Migration 0005: leave and permission requests with their decision. */
export interface LeaveRequestsTable {
  id: string;
  employee_id: number;
  type: string;
  from_date: string;
  to_date: string;
  reason: string;
  attachment_sha256: string | null;
  status: string;
  requested_at: number;
  requested_by: number;
  decided_at: number | null;
  decided_by: number | null;
  decision_reason: string | null;
}

/** Migration 0005: correction requests ("lupa absen pulang", "aplikasi gagal"). */
export interface CorrectionRequestsTable {
  id: string;
  employee_id: number;
  kind: string;
  at: number;
  work_date: string;
  reason: string;
  attachment_sha256: string | null;
  status: string;
  requested_at: number;
  decided_at: number | null;
  decided_by: number | null;
  decision_reason: string | null;
}

/** Migration 0005: admin entries and approved corrections, append-only events. */
export interface AttendanceEntriesTable {
  id: string;
  employee_id: number;
  kind: string;
  at: number;
  work_date: string;
  source: string;
  author: number;
  note: string;
  voids: string | null;
  request_id: string | null;
  created_at: number;
}

/** Migration 0005: incident windows in which lateness is excused. */
export interface IncidentsTable {
  id: string;
  from_at: number;
  to_at: number;
  unit_ids: string | null;
  employee_ids: string | null;
  reason: string;
  created_at: number;
  created_by: number | null;
}

/** Migration 0010: a shared tablet enrolled as the kiosk of a work site. */
export interface KiosksTable {
  id: string;
  /** The work site (locations.id) the kiosk stands at: it stands for the position of its punches. */
  site_id: number;
  label: string;
  /** base64url of the 32-byte HMAC-SHA256 key the kiosk signs captures with. */
  key: string;
  /** 'active' | 'revoked' */
  status: string;
  created_at: number;
  /** Account id of the enrolling admin. */
  created_by: number | null;
  revoked_at: number | null;
}

/** Migration 0010: how an employee identifies at a kiosk. */
export interface KioskCredentialsTable {
  employee_id: number;
  /** scrypt hash (server/platform/crypto/password.ts) of the kiosk PIN, or null. */
  pin_hash: string | null;
  /** SHA-256 (hex) of the secret in the ID card's QR code, or null. */
  card_hash: string | null;
  issued_at: number;
  issued_by: number | null;
  /** Wrong PINs in a row; past the limit the PIN is locked until `locked_until`. */
  failed_attempts: Generated<number>;
  locked_until: number | null;
}

/** Migration 0011: a fingerprint machine (ADMS push), by serial number. */
export interface MachinesTable {
  serial: string;
  /** 'pending' (seen, not accepted: nothing it sends is trusted) | 'active' | 'retired' */
  status: string;
  label: string;
  /** The work site it stands at (locations.id); its position stands for the punches'. */
  site_id: number | null;
  /** The zone its clock shows (the site's), set when accepted. */
  zone: string | null;
  firmware: string | null;
  push_version: string | null;
  /** The address it last called from. */
  address: string | null;
  first_seen_at: number;
  last_contact_at: number;
  /** Its clock's error at the last measurement, ms (positive: ahead). */
  drift_ms: number | null;
  drift_measured_at: number | null;
  /** 1 while the last measured drift is past HADIR_MACHINE_DRIFT_ALARM. */
  drift_alarm: Generated<number>;
  accepted_at: number | null;
  accepted_by: number | null;
  /** The last `Stamp=` of an ATTLOG / OPERLOG upload stored, handed back at the handshake. */
  attlog_stamp: Generated<string | null>;
  operlog_stamp: Generated<string | null>;
}

/** Migration 0011: which employee a PIN is, on one machine or on every machine of a site. */
export interface MachinePinsTable {
  id: Generated<number>;
  machine_serial: string | null;
  site_id: number | null;
  pin: string;
  employee_id: number;
  created_at: number;
  created_by: number | null;
}

/** Migration 0011: an ATTLOG line received, once per (machine, PIN, time). */
export interface MachineRecordsTable {
  machine_serial: string;
  pin: string;
  /** `YYYY-MM-DD HH:MM:SS` on the machine's clock, as sent. */
  local_time: string;
  status: number;
  verify: number;
  received_at: number;
  /** 'stored' | 'same_punch' | 'held' | 'unknown_pin' | 'future' | 'too_old' | 'inactive' */
  outcome: string;
  punch_id: string | null;
}

/** Migration 0011: a command queued for a machine. */
export interface MachineCommandsTable {
  id: Generated<number>;
  machine_serial: string;
  /** 'user_info' | 'query_attlog' */
  kind: string;
  command: string;
  created_at: number;
  created_by: number | null;
  sent_at: number | null;
  replied_at: number | null;
  reply_code: number | null;
}

/** Migration 0011: a day's log asked of a machine again. */
export interface MachineReconciliationsTable {
  id: Generated<number>;
  machine_serial: string;
  work_date: string;
  start_local: string;
  end_local: string;
  command_id: number;
  requested_at: number;
  requested_by: number | null;
}

/** Migration 0011: a line a machine sent for a reconciliation. */
export interface MachineReconcileLinesTable {
  reconciliation_id: number;
  pin: string;
  local_time: string;
  /** 1 when Hadir had not received the line before this answer. */
  first_seen: number;
}

/** Migration 0027: one random token per database (what a saved file of its data names). */
export interface DatabaseIdentityTable {
  id: number;
  token: string;
}

export interface Database {
  units: UnitsTable;
  employees: EmployeesTable;
  employee_placements: EmployeePlacementsTable;
  accounts: AccountsTable;
  activation_codes: ActivationCodesTable;
  sessions: SessionsTable;
  locations: LocationsTable;
  employee_locations: EmployeeLocationsTable;
  schedules: SchedulesTable;
  punches: PunchesTable;
  device_contacts: DeviceContactsTable;
  audit_log: AuditLogTable;
  directory_version: DirectoryVersionTable;
  change_log: ChangeLogTable;
  change_feed: ChangeFeedTable;
  punch_photos: PunchPhotosTable;
  punch_reviews: PunchReviewsTable;
  photo_purges: PhotoPurgesTable;
  devices: DevicesTable;
  rule_sets: RuleSetsTable;
  holidays: HolidaysTable;
  unit_rules: UnitRulesTable;
  schedule_overrides: ScheduleOverridesTable;
  person_schedules: PersonSchedulesTable;
  shift_types: ShiftTypesTable;
  roster_entries: RosterEntriesTable;
  attachments: AttachmentsTable;
  leave_requests: LeaveRequestsTable;
  correction_requests: CorrectionRequestsTable;
  attendance_entries: AttendanceEntriesTable;
  incidents: IncidentsTable;
  kiosks: KiosksTable;
  kiosk_credentials: KioskCredentialsTable;
  machines: MachinesTable;
  machine_pins: MachinePinsTable;
  machine_records: MachineRecordsTable;
  machine_commands: MachineCommandsTable;
  machine_reconciliations: MachineReconciliationsTable;
  machine_reconcile_lines: MachineReconcileLinesTable;
  database_identity: DatabaseIdentityTable;
}

export type PunchRow = Selectable<PunchesTable>;
export type NewPunchRow = Insertable<PunchesTable>;
export type AccountRow = Selectable<AccountsTable>;
export type EmployeeRow = Selectable<EmployeesTable>;
export type UnitRow = Selectable<UnitsTable>;
export type LocationRow = Selectable<LocationsTable>;
export type ScheduleRow = Selectable<SchedulesTable>;
export type SessionRow = Selectable<SessionsTable>;
export type NewSessionRow = Insertable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type PunchPhotoRow = Selectable<PunchPhotosTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type KioskRow = Selectable<KiosksTable>;
export type MachineRow = Selectable<MachinesTable>;
