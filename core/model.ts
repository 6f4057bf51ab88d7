/**
 * The plain data the domain works on. No behaviour here: functions live in the module
 * named for what they decide (nip.ts, geo.ts, schedule.ts, verdict.ts, org.ts).
 * Instants are epoch milliseconds (UTC); calendar dates are 'YYYY-MM-DD' strings in the
 * zone of the work site; clock times are minutes since local midnight.
 */

/** IANA zones of Indonesia. None observes daylight saving. */
export const ZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type Zone = (typeof ZONES)[number];

/**
 * Level of a unit in a regional government's tree: Pemda → OPD (dinas/badan/kecamatan's
 * office) → bidang, UPT, sekolah, puskesmas; kecamatan → kelurahan (migration 0008 added
 * the last two).
 */
export const UNIT_KINDS = [
  'pemda',
  'opd',
  'bidang',
  'upt',
  'sekolah',
  'puskesmas',
  'kecamatan',
  'kelurahan',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  id: number;
  parentId: number | null;
  name: string;
  kind: UnitKind;
  /** Zone used for this unit's schedule when an employee has no location. */
  zone: Zone;
  /** The region's code for the unit (kode unit kerja); absent on units made before migration 0008. */
  code?: string | null;
  /** First date ('YYYY-MM-DD') on which the unit no longer exists; null while open. */
  closedFrom?: string | null;
  /**
   * First date attendance is recorded for this unit and its sub-units (the go-live of an
   * organisation, on its root, or of one unit); null or absent: since always.
   */
  attendanceFrom?: string | null;
}

/** PNS and PPPK carry an 18-digit NIP; non-ASN staff carry an internal id instead. */
export const EMPLOYEE_KINDS = ['pns', 'pppk', 'non_asn'] as const;
export type EmployeeKind = (typeof EMPLOYEE_KINDS)[number];

export interface Employee {
  id: number;
  kind: EmployeeKind;
  /** 18 digits for PNS/PPPK, null for non-ASN. */
  nip: string | null;
  /** Internal staff number for non-ASN (e.g. "NA-2024-0012"), null for ASN. */
  internalId: string | null;
  name: string;
  unitId: number;
  position: string;
  active: boolean;
  /** Golongan: 'III/a' (PNS), 'IX' (PPPK); null when unknown, always null for non-ASN. */
  rank?: string | null;
  /** First date attendance is expected of the person; null = since always. */
  attendanceFrom?: string | null;
  /** First date the person no longer works here (pensiun, mutasi keluar); null while active. */
  inactiveFrom?: string | null;
  inactiveReason?: string | null;
}

export type LatLon = { lat: number; lon: number };

export type Shape =
  | { type: 'circle'; center: LatLon; radiusM: number }
  /** A simple polygon, vertices in order; the closing edge is implied. */
  | { type: 'polygon'; points: LatLon[] };

/**
 * How a site is used: the office, working from home (a circle around the home with the
 * radius the region allows, e.g. 50 km in Paser) or dinas luar (an assignment elsewhere
 * for a date range, backed by a letter of assignment).
 */
export const SITE_MODES = ['office', 'wfh', 'dinas_luar'] as const;
export type SiteMode = (typeof SITE_MODES)[number];

export interface Location {
  id: number;
  unitId: number;
  name: string;
  zone: Zone;
  shape: Shape;
  active: boolean;
  /** Absent on sites made before migration 0008: an office. */
  mode?: SiteMode;
  /** First and last local date ('YYYY-MM-DD') on which the site counts; absent = open-ended. */
  validFrom?: string | null;
  validTo?: string | null;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * One working day of a weekly schedule, in local minutes since midnight.
 * Windows are inclusive: [checkInFrom, checkInUntil] and [checkOutFrom, checkOutUntil].
 */
export interface WorkDay {
  start: number;
  end: number;
  checkInFrom: number;
  checkInUntil: number;
  checkOutFrom: number;
  checkOutUntil: number;
}

export interface WeeklySchedule {
  id: number;
  unitId: number;
  name: string;
  /** First date ('YYYY-MM-DD') on which this schedule applies. */
  effectiveFrom: string;
  /** Index 0 = Monday … 6 = Sunday; null = day off. */
  days: [
    WorkDay | null,
    WorkDay | null,
    WorkDay | null,
    WorkDay | null,
    WorkDay | null,
    WorkDay | null,
    WorkDay | null,
  ];
}

export type PunchKind = 'in' | 'out';

/**
 * The channel a punch came in by: the employee's phone, a fingerprint machine (ZKTeco
 * ADMS push), a shared kiosk tablet at the office door, an admin's manual list, or an
 * import. Every channel feeds the same event log, and the daily status and the recap
 * never look at it; reports show it.
 */
export const PUNCH_SOURCES = ['app', 'fingerprint', 'kiosk', 'manual', 'import'] as const;
export type PunchSource = (typeof PUNCH_SOURCES)[number];

/** True for one of {@link PUNCH_SOURCES}. */
export function isPunchSource(s: string): s is PunchSource {
  return (PUNCH_SOURCES as readonly string[]).includes(s);
}

/** What the phone says about where it was. Accuracy is the radius (metres) reported by the browser. */
export interface Position {
  lat: number;
  lon: number;
  accuracy: number;
}

/** The fence part of a verdict. */
export interface FenceVerdict {
  /**
   * inside: within a fence (geometrically, or within the accuracy credit — see geo.ts);
   * outside: beyond every assigned fence; no_location: the employee has no active location.
   */
  status: 'inside' | 'outside' | 'no_location';
  /** The fence matched, or the nearest one when outside. */
  locationId: number | null;
  locationName: string | null;
  /** Metres from the point to the edge of that fence; 0 when geometrically inside. */
  distanceM: number;
  /** True when the point lies outside the shape but within the accuracy credit. */
  byAccuracy: boolean;
}

/** The timing part of a verdict, evaluated in the zone of the work site. */
export interface TimingVerdict {
  /**
   * ok: within the window for this kind of punch; before_window / after_window: outside it;
   * day_off: the schedule has no work on this date; no_schedule: no schedule applies.
   */
  window: 'ok' | 'before_window' | 'after_window' | 'day_off' | 'no_schedule';
  /** Whole minutes after the start (check-in only), else 0. */
  lateMinutes: number;
  /** Whole minutes before the end (check-out only), else 0. */
  earlyMinutes: number;
  /** Scheduled start/end of that day as 'HH:MM', null without a working day. */
  scheduledStart: string | null;
  scheduledEnd: string | null;
}

export interface PunchVerdict {
  /** The work date in the site's zone. */
  workDate: string;
  zone: Zone;
  /** Local wall-clock time of the punch, 'HH:MM:SS'. */
  localTime: string;
  fence: FenceVerdict;
  timing: TimingVerdict;
}

export type AccountRole = 'employee' | 'unit_admin' | 'agency_admin';
