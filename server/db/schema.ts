/**
 * The tables as Kysely sees them. One schema for both engines, so every column uses a
 * type both speak the same way:
 * - instants: bigint epoch milliseconds (PostgreSQL int8 is parsed to number — safe to 2^53);
 * - calendar dates: text 'YYYY-MM-DD'; clock times inside JSON as minutes;
 * - booleans: integer 0/1;
 * - structured values (polygon, weekly days, audit detail): JSON text.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface UnitsTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  kind: string;
  zone: string;
  /** Materialised path of ids, "/1/4/17/", so a subtree is `path LIKE '/1/4/%'`. */
  path: string;
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
}

export interface AccountsTable {
  id: Generated<number>;
  /** NIP for ASN, internal id for non-ASN, a chosen name for admins; unique. */
  username: string;
  password_hash: string;
  role: string;
  employee_id: number | null;
  /** For unit admins: the root of the subtree they manage. */
  unit_id: number | null;
  active: number;
  created_at: number;
  password_changed_at: number;
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
}

export interface EmployeeLocationsTable {
  employee_id: number;
  location_id: number;
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
  lat: number;
  lon: number;
  accuracy: number;
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
}

/** One row (id 1): bumped by triggers whenever directory data changes (migration 0002). */
export interface DirectoryVersionTable {
  id: number;
  version: number;
}

export interface Database {
  units: UnitsTable;
  employees: EmployeesTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  locations: LocationsTable;
  employee_locations: EmployeeLocationsTable;
  schedules: SchedulesTable;
  punches: PunchesTable;
  audit_log: AuditLogTable;
  directory_version: DirectoryVersionTable;
}

export type PunchRow = Selectable<PunchesTable>;
export type NewPunchRow = Insertable<PunchesTable>;
export type AccountRow = Selectable<AccountsTable>;
export type EmployeeRow = Selectable<EmployeesTable>;
export type UnitRow = Selectable<UnitsTable>;
export type LocationRow = Selectable<LocationsTable>;
export type ScheduleRow = Selectable<SchedulesTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
