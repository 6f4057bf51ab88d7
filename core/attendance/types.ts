/**
 * The plain data of attendance rules: shifts, rosters, overrides, holidays, leave,
 * incidents, punches, the daily status, the rule set and the monthly recap. No behaviour
 * here; functions live in the module named for what they decide (plan.ts, assign.ts,
 * day-status.ts, recap.ts).
 *
 * Conventions shared by every module (see core/model.ts):
 * - instants are epoch milliseconds (UTC); dates are 'YYYY-MM-DD' in the work site's zone;
 *   clock times are minutes since local midnight;
 * - percentages in rule data are written as people write them (0.5 = 0.5 %), and are
 *   computed with in basis points (1 bp = 0.01 %), integers, so that a recap is exactly
 *   the sum of its ledger;
 * - regional rules are data (a Perbup changes a number, never the code), and every
 *   computed result names the rule version it used.
 */
import type { EmployeeKind, PunchKind, PunchSource, WeeklySchedule, WorkDay, Zone } from '../model.js';

// ---------------------------------------------------------------------------------------
// Schedules, shifts and rosters
// ---------------------------------------------------------------------------------------

/**
 * Tolerances of a schedule (Perpres 21/2023 lets the regional head set flexible hours).
 * - `flexMinutes`: arrive up to N minutes after the start without lateness, and the
 *   required end moves by as much as the arrival did (Kemenkeu: 90 minutes).
 * - `lateGraceMinutes`: a lateness of at most N whole minutes (after flex) is forgiven;
 *   beyond it the lateness counts in full from the (flexed) start.
 * - `earlyGraceMinutes`: the same for leaving early.
 */
export interface FlexPolicy {
  flexMinutes: number;
  lateGraceMinutes: number;
  earlyGraceMinutes: number;
}

/** No flex band, no grace: the regulation's edges as written. */
export const NO_FLEX: FlexPolicy = Object.freeze({
  flexMinutes: 0,
  lateGraceMinutes: 0,
  earlyGraceMinutes: 0,
});

/**
 * A shift type of a rostered unit (RSUD, puskesmas, Damkar, Satpol PP, BPBD), e.g. Pagi
 * 07-14, Siang 14-21, Malam 21-07.
 *
 * `start` and `end` are minutes since midnight of the date the shift starts, 0..1440;
 * `end <= start` means the shift crosses midnight and ends on the next date (a 24-hour
 * shift has `end === start`). The four window edges are minutes since midnight of the
 * start date too, and may run past 1440 into the next date or below 0 into the previous
 * one: Malam 21:00-07:00 with check-out 05:00-11:00 has checkOutFrom 1740, checkOutUntil
 * 2100. Windows are inclusive at minute precision, like WorkDay's.
 */
export interface ShiftType {
  code: string;
  name: string;
  start: number;
  end: number;
  checkInFrom: number;
  checkInUntil: number;
  checkOutFrom: number;
  checkOutUntil: number;
}

/**
 * One person's assignment on one date: a shift code, or null for a rostered day off
 * ("L"). When several entries name the same person and date, the highest `revision`
 * wins (a swap or a correction of the roster is a new entry, never an edit).
 */
export interface RosterEntry {
  employeeId: number;
  date: string;
  shiftCode: string | null;
  revision?: number;
}

/** A rotating pattern assigned in bulk, e.g. ['P','P','S','S','M','M',null,null]. */
export interface RotationPattern {
  code: string;
  cycle: readonly (string | null)[];
}

/** Seven working days, index 0 = Monday … 6 = Sunday; null = day off. */
export type WeekDays = WeeklySchedule['days'];

/**
 * A date-range override of the weekly schedule, e.g. Ramadan hours (Perpres 21/2023:
 * 32.5 h a week, start 08:00). Applies to the listed units and their sub-units, or to
 * every unit when `unitIds` is null. Inclusive range.
 */
export interface ScheduleOverride {
  id: number;
  name: string;
  from: string;
  to: string;
  unitIds: readonly number[] | null;
  days: WeekDays;
  flex?: FlexPolicy;
}

/**
 * A person's own weekly pattern (e.g. reduced hours agreed for one employee), in force
 * from `effectiveFrom` to `effectiveTo` (inclusive; null = open-ended).
 */
export interface PersonSchedule {
  id: number;
  employeeId: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  days: WeekDays;
  flex?: FlexPolicy;
}

// ---------------------------------------------------------------------------------------
// Holidays, leave, incidents
// ---------------------------------------------------------------------------------------

/**
 * A day without work: a national holiday or cuti bersama (SKB 3 Menteri, for everyone),
 * or a regional holiday for the listed units and their sub-units.
 */
export interface Holiday {
  date: string;
  name: string;
  kind: 'national' | 'cuti_bersama' | 'regional';
  /** For regional holidays: the units (with their sub-units). Absent or null = everyone. */
  unitIds?: readonly number[] | null;
}

/** A document a leave type needs before approval. */
export type LeaveDocument =
  | 'none'
  | 'surat_keterangan_dokter'
  | 'surat_keterangan_dokter_bidan'
  | 'surat_tugas'
  | 'surat_keterangan_alasan'
  | 'sk_tugas_belajar'
  | 'persetujuan_atasan';

/** One entry of the leave and permission catalogue (see leave-catalogue.ts). */
export interface LeaveType {
  code: string;
  name: string;
  /** Whether, by default, the day counts as present (no deduction) — a rule set may differ. */
  countsAsPresent: boolean;
  document: LeaveDocument;
  /** When the document is needed only beyond a number of days (cuti sakit: more than 1). */
  documentAfterDays: number;
  /** Maximum length of one grant, in `maxUnit`; null = no fixed maximum. */
  maxDays: number | null;
  maxUnit: 'working_days' | 'calendar_days';
  /**
   * The yearly entitlement in `maxUnit` over all of a person's pending and approved
   * grants of the type in one calendar year (cuti tahunan: 12); absent = none.
   */
  yearlyMaxDays?: number;
  appliesTo: readonly EmployeeKind[];
  /** The regulation it follows. */
  source: string;
}

/** An approved leave or permission, whole days from `from` to `to` inclusive. */
export interface LeaveGrant {
  id: string;
  employeeId: number;
  type: string;
  from: string;
  to: string;
}

/**
 * A window in which lateness and early leave are excused (a network outage 07:00-08:10,
 * a flood), for every unit (`unitIds` null), some units with their sub-units, or named
 * employees.
 */
export interface Incident {
  id: string;
  from: number;
  to: number;
  unitIds: readonly number[] | null;
  employeeIds?: readonly number[];
  reason: string;
}

/**
 * One punch from any source. Admin entries and approved correction requests are new
 * events with their author; they may void an earlier event (`voids`), never edit it.
 */
export interface AttendanceEvent {
  id: string;
  employeeId: number;
  /** A check-in, a check-out, or 'void': an entry that only cancels the event named in `voids`. */
  kind: PunchKind | 'void';
  /** Capture instant (trusted time), epoch ms. */
  at: number;
  /** The channel (core/model.ts PunchSource), or an approved correction request. Never changes a status. */
  source: PunchSource | 'correction';
  /** Account id of the admin or approver; required for 'manual' and 'correction'. */
  author?: string;
  /** Reason given with an admin entry or correction. */
  note?: string;
  /** The fence verdict stored with the punch (core/verdict.ts); null for admin entries and corrections. */
  fence: 'inside' | 'outside' | 'no_location' | null;
  /** Id of an earlier event this one cancels (a wrong machine record, a mistaken entry). */
  voids?: string;
  /**
   * An admin's latest review decision on this punch (migration 0022 punch_reviews):
   * accepted counts it even outside the fence, rejected never counts it. Absent: no
   * decision, the rule set decides (see review.ts).
   */
  review?: PunchReview;
  /**
   * Why the server doubts the punch's time (decided and stored at ingest, migration 0024;
   * review.ts): absent when its time is the server's own, an anchor's, or corroborated by
   * a prompt receipt.
   */
  timeCause?: TimeCause;
}

/**
 * Why a punch's time rests on the phone's claim (core/attendance/review.ts timeCauseOf):
 * - 'time_unverified': no valid anchor chain, and it reached the server later than the
 *   clock tolerance (the receipt does not vouch for it);
 * - 'capture_delayed': anchored, but reached the server later than the delay bound;
 * - 'contact_gap': the device talked to the server after the claimed capture time and
 *   did not deliver it then.
 */
export type TimeCause = 'time_unverified' | 'capture_delayed' | 'contact_gap';

/** What a rule set does for pay with a punch whose time is in doubt ({@link TimeCause}). */
export type UnverifiedTimeRule = 'count' | 'review' | 'reject';

/** An admin's decision on one punch, with who made it and why (append-only; the latest wins). */
export interface PunchReview {
  decision: 'accepted' | 'rejected';
  /** How the reviewer is named in the ledger and the exports (their name, or their username). */
  by: string;
  /** The reason the admin gave (required). */
  reason: string;
  /** Epoch ms of the decision. */
  at: number;
}

// ---------------------------------------------------------------------------------------
// The plan of a day
// ---------------------------------------------------------------------------------------

/** Where a day's plan came from, in order of precedence. */
export type PlanSource = 'roster' | 'person' | 'override' | 'weekly' | 'none';

/** The work planned for one person on one date, as absolute instants in the site's zone. */
export interface PlannedWork {
  /** Shift code for rostered work, null for office hours. */
  shiftCode: string | null;
  startAt: number;
  endAt: number;
  /** Half-open [from, to): `to` is one minute after the inclusive 'until' minute. */
  checkIn: { from: number; to: number };
  checkOut: { from: number; to: number };
  /** Local clock times of start and end, for display ('HH:MM'). */
  start: string;
  end: string;
  flex: FlexPolicy;
}

/** The plan of one person's date. `work` null means no work is due. */
export interface PlannedDay {
  employeeId: number;
  date: string;
  zone: Zone;
  source: PlanSource;
  /** The holiday on this date for this person's unit, also when a roster overrides it. */
  holiday: Holiday | null;
  work: PlannedWork | null;
  /** Why there is no work: a holiday, a day off in the pattern, or no schedule at all. */
  off: 'holiday' | 'day_off' | 'no_schedule' | null;
}

// ---------------------------------------------------------------------------------------
// Rule set (versioned data, one per organisation and effective date)
// ---------------------------------------------------------------------------------------

/**
 * How band edges are read.
 * - 'lower_inclusive': a band { from: 1, to: 31 } holds 1 ≤ m < 31 ("1 to <31 minutes").
 * - 'upper_inclusive': a band { from: 0, to: 30 } holds 0 < m ≤ 30 ("up to 30 minutes").
 * `to: null` is open-ended. Minutes are whole minutes completed (seconds truncated).
 */
export type BandConvention = 'lower_inclusive' | 'upper_inclusive';

export interface Band {
  code: string;
  from: number;
  to: number | null;
  /** Deduction in percent of the monthly TPP, e.g. 0.5. */
  pct: number;
}

/** How a missing check-in or check-out counts: as the top band, or a fixed percentage. */
export type MissingPunchRule = { as: 'top_band' } | { as: 'pct'; pct: number };

/**
 * How a leave type is charged. `countsAsPresent` puts the day among days present;
 * the first `cutAfterDays` days of this type in a month are free and each further day
 * costs `pctPerDay` (0 = free from the first day on is written `cutAfterDays: 0`; never
 * cut is `cutAfterDays: null`).
 */
export interface LeaveRule {
  countsAsPresent: boolean;
  cutAfterDays: number | null;
  pctPerDay: number;
}

export interface RuleSet {
  /** Stable version id stored with every result, e.g. 'permentan-68-2012@2012-01-01'. */
  id: string;
  name: string;
  /** The regulation this version follows. */
  source: string;
  effectiveFrom: string;
  convention: BandConvention;
  lateBands: readonly Band[];
  earlyBands: readonly Band[];
  missingCheckIn: MissingPunchRule;
  missingCheckOut: MissingPunchRule;
  /** Tanpa keterangan: percent per working day absent without notice. */
  tkPctPerDay: number;
  /** Leave types by catalogue code. A type missing here is ignored (the day is judged on punches). */
  leave: Readonly<Record<string, LeaveRule>>;
  /** Monthly cap on the deduction in percent; null = none. */
  monthlyCapPct: number | null;
  /** "≥ N TK days in a month → 100 %"; null = no such rule. */
  tkDaysFullCut: number | null;
  /** Whether a punch the fence judged 'outside' still counts. */
  acceptOutsideFence: boolean;
  /**
   * How many days back (work date against today) an employee may ask for a correction
   * (koreksi absen); absent = CORRECTION_MAX_DAYS_DEFAULT (leave-limits.ts).
   */
  correctionMaxDays?: number;
  /**
   * What a punch whose time is in doubt (AttendanceEvent.timeCause) does for pay: 'count'
   * as recorded, 'review' (counts once an admin accepts it), or 'reject' (does not count
   * unless an admin accepts it). Absent = 'review' (review.ts).
   */
  unverifiedTime?: UnverifiedTimeRule;
}

// ---------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------

/**
 * Daily status codes, as a BKD officer writes them.
 * - hadir: on time both ways; terlambat (TL), pulang_cepat (PSW), terlambat_pulang_cepat;
 * - lupa_absen_masuk / lupa_absen_pulang: one punch missing (with any band of the other);
 * - tanpa_keterangan (TK): a working day with no valid punch and no leave;
 * - cuti_izin: an approved leave or permission (`leaveType` says which);
 * - libur: holiday, cuti bersama or a day off; tanpa_jadwal: no schedule applies;
 * - belum_masuk / belum_pulang: a day still in progress (judged before its check-out
 *   window closed): no punch yet ("belum masuk"), or checked in and the check-out not yet
 *   due ("belum waktunya pulang"). Nothing is charged for a window that has not closed;
 *   a recap counts only days that are over.
 */
export const DAY_STATUSES = [
  'hadir',
  'terlambat',
  'pulang_cepat',
  'terlambat_pulang_cepat',
  'lupa_absen_masuk',
  'lupa_absen_pulang',
  'tanpa_keterangan',
  'cuti_izin',
  'libur',
  'tanpa_jadwal',
  'belum_masuk',
  'belum_pulang',
] as const;
export type DayStatusCode = (typeof DAY_STATUSES)[number];

/** Why a day came out as it did; machine-readable, for the ledger and the audit. */
export type DayReason =
  | 'holiday'
  | 'cuti_bersama'
  | 'day_off'
  | 'no_schedule'
  | 'rostered_on_holiday'
  | 'punched_on_day_off'
  | 'leave_on_day_off'
  | 'leave_type_without_rule'
  | 'worked_on_leave'
  | 'leave_unused_punches_better'
  | 'late_within_grace'
  | 'early_within_grace'
  | 'late_excused_by_incident'
  | 'early_excused_by_incident'
  | 'missing_in_excused_by_incident'
  | 'missing_out_excused_by_incident'
  | 'punches_outside_windows'
  | 'punches_outside_fence'
  | 'punches_awaiting_review'
  | 'punches_accepted_on_review'
  | 'punches_rejected_on_review'
  | 'corrected';

/**
 * A punch of the day whose counting an admin decides or decided (review.ts): one outside
 * the fence that the rule set does not count by itself, or any punch with a decision.
 * - 'pending': no decision yet, so it does not count (yet);
 * - 'accepted': counted on the admin's decision; 'rejected': never counted.
 */
export interface DayReview {
  eventId: string;
  kind: PunchKind;
  /** Epoch ms of the punch. */
  at: number;
  state: 'pending' | 'accepted' | 'rejected';
  /** Why it needed a review: outside the work site's fence, or its time in doubt (null for a decision on another punch). */
  cause: 'outside_fence' | TimeCause | null;
  /** The reviewer and their reason, when decided. */
  by: string | null;
  reason: string | null;
}

export interface DayStatus {
  employeeId: number;
  date: string;
  status: DayStatusCode;
  /** Whole minutes late after flex, grace and incidents; 0 when not late or no check-in. */
  lateMinutes: number;
  lateBand: string | null;
  earlyMinutes: number;
  earlyBand: string | null;
  /** A missing punch that counts (not excused by an incident). */
  missingIn: boolean;
  missingOut: boolean;
  leaveType: string | null;
  holiday: { name: string; kind: Holiday['kind'] } | null;
  shiftCode: string | null;
  checkInAt: number | null;
  checkOutAt: number | null;
  checkInEventId: string | null;
  checkOutEventId: string | null;
  /** The rule set version used. */
  ruleVersion: string;
  reasons: DayReason[];
  /** The day's punches an admin reviews or reviewed, in time order; absent when there are none. */
  reviews?: DayReview[];
}

/** One charge on a day of the ledger. */
export interface LedgerItem {
  code: string;
  /** Basis points (1 bp = 0.01 %). */
  bp: number;
  note: string;
}

export interface LedgerDay {
  date: string;
  status: DayStatusCode;
  leaveType: string | null;
  ruleVersion: string;
  items: LedgerItem[];
  /** Sum of the items, basis points. */
  bp: number;
}

export interface StatusCounts {
  /** Days on which work was due (not libur / tanpa_jadwal). */
  workingDays: number;
  hadir: number;
  terlambat: number;
  pulangCepat: number;
  terlambatPulangCepat: number;
  lupaAbsenMasuk: number;
  lupaAbsenPulang: number;
  tanpaKeterangan: number;
  cutiIzin: number;
  libur: number;
  cutiBersama: number;
  tanpaJadwal: number;
  /** Days present: punched in or out, or on a leave type that counts as present. */
  present: number;
}

export interface PersonRecap {
  employeeId: number;
  unitId: number;
  month: string;
  /** Rule version of the month-level rules (cap, full cut): the one in force on the first day. */
  ruleVersion: string;
  counts: StatusCounts;
  leaveDays: Record<string, number>;
  lateMinutes: number;
  earlyMinutes: number;
  /** Sum of the ledger, basis points, before cap and full cut. */
  ledgerBp: number;
  fullCut: boolean;
  capped: boolean;
  /** The month's deduction, basis points (10000 = 100 %). */
  totalBp: number;
  totalPct: number;
  ledger: LedgerDay[];
}

export interface GroupTotals {
  employees: number;
  counts: StatusCounts;
  lateMinutes: number;
  earlyMinutes: number;
  totalBp: number;
  fullCuts: number;
}

export interface Recap {
  month: string;
  people: PersonRecap[];
  units: Map<number, GroupTotals>;
  organisation: GroupTotals;
}

/** Re-exported for convenience: a WorkDay of the weekly model. */
export type { WorkDay };
