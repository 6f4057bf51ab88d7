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

export interface LoginRequest {
  /** A NIP (spaces allowed), a non-ASN internal id, or an admin's username. */
  username: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Long-lived token to obtain a new access token (POST /auth/refresh). */
  refreshToken: string;
  account: AccountInfo;
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
}

export interface AttendanceDay {
  date: string;
  punches: CheckInResponse[];
  firstIn: CheckInResponse | null;
  lastOut: CheckInResponse | null;
}

export interface AttendanceResponse {
  from: string;
  to: string;
  days: AttendanceDay[];
}

export interface HealthResponse {
  status: 'ok';
  engine: 'sqlite' | 'postgres';
  migration: string | null;
  version: string;
  time: string;
}
