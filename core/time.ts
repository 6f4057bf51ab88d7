/**
 * Calendar dates, wall-clock times and time zones, without a global clock.
 *
 * Instants are epoch milliseconds (UTC). Dates are 'YYYY-MM-DD' strings in the proleptic
 * Gregorian calendar; clock times are minutes since local midnight. Rules are evaluated in
 * the zone of the work site, never the phone's (WIB/WITA/WIT, see DOMAIN "Time zones").
 * Calendar arithmetic uses day numbers (days since 1970-01-01), so it never depends on the
 * host's own time zone.
 */
import { ZONES } from './model.js';
import type { Weekday, Zone } from './model.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** An instant seen on the wall clock of a zone. */
export interface LocalParts {
  /** Local calendar date, 'YYYY-MM-DD'. */
  date: string;
  /** ISO weekday of `date`: 1 = Monday … 7 = Sunday. */
  weekday: Weekday;
  /** Whole minutes since local midnight, 0..1439. */
  minutes: number;
  /** Seconds within the current minute, 0..59 (milliseconds are dropped). */
  seconds: number;
  /** Local time 'HH:MM:SS' on a 24-hour clock. */
  time: string;
}

// ---------------------------------------------------------------------------------------
// Day numbers (H. Hinnant's civil-from-days algorithms; exact for any integer day)
// ---------------------------------------------------------------------------------------

/**
 * Days since 1970-01-01 of a proleptic Gregorian date.
 *
 * @example daysFromCivil(1970, 1, 2) // 1
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link daysFromCivil}. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Days in a month of the Gregorian calendar (leap years: divisible by 4, not by 100 unless by 400). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 'YYYY-MM-DD' of a day number; throws outside years 0000..9999 (a bug in the caller). */
export function dateFromDayNumber(days: number): string {
  const { year, month, day } = civilFromDays(days);
  if (year < 0 || year > 9999) throw new RangeError(`date out of range: day ${days}`);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a 'YYYY-MM-DD' date, or null when it is not a real calendar date. */
function tryDayNumber(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** Day number of a 'YYYY-MM-DD' date; throws on an invalid date (validate input first). */
export function dayNumber(date: string): number {
  const n = tryDayNumber(date);
  if (n === null) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return n;
}

/**
 * True for a real calendar date written 'YYYY-MM-DD'.
 *
 * @example isValidDate('2024-02-29') // true (leap year)
 * @example isValidDate('2023-02-29') // false
 */
export function isValidDate(s: string): boolean {
  return tryDayNumber(s) !== null;
}

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch ms of an ISO 8601 instant with a zone designator (RFC 3339 date-time), or null
 * when it is not one or names a moment that does not exist. Stricter than Date.parse,
 * which reads 30 February as 2 March and accepts 24:00. Seconds are required unless
 * `opts.secondsOptional` (then `2026-03-02T07:31+08:00` is read as 07:31:00).
 *
 * @example parseInstant('2026-03-02T07:31:00+08:00') // 1772407860000
 * @example parseInstant('2026-02-30T10:00:00Z') // null
 */
export function parseInstant(s: string, opts: { secondsOptional?: boolean } = {}): number | null {
  const m = INSTANT_RE.exec(s);
  if (!m) return null;
  const [, date, hh, mm, ss, frac, zone, sign, oh, om] = m;
  if (ss === undefined && opts.secondsOptional !== true) return null;
  const day = date === undefined ? null : tryDayNumber(date);
  if (day === null) return null;
  const [h, min, sec] = [Number(hh), Number(mm), Number(ss ?? '0')];
  if (h > 23 || min > 59 || sec > 59) return null;
  let offset = 0;
  if (zone !== 'Z') {
    if (Number(oh) > 23 || Number(om) > 59) return null;
    offset = (sign === '-' ? -1 : 1) * (Number(oh) * HOUR_MS + Number(om) * MINUTE_MS);
  }
  const ms = frac === undefined ? 0 : Number(`${frac.slice(1)}00`.slice(0, 3));
  return day * DAY_MS + h * HOUR_MS + min * MINUTE_MS + sec * 1000 + ms - offset;
}

/**
 * The date `n` days after `date` (before, when negative).
 *
 * @example addDays('2026-02-28', 1) // '2026-03-01'
 */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return dateFromDayNumber(dayNumber(date) + n);
}

/**
 * `to − from` in days.
 *
 * @example daysBetween('2026-01-01', '2026-03-01') // 59
 */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

function weekdayOfDayNumber(days: number): Weekday {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return (((((days + 3) % 7) + 7) % 7) + 1) as Weekday;
}

/**
 * ISO weekday of a date: 1 = Monday … 7 = Sunday.
 *
 * @example weekdayOf('2026-03-02') // 1 (a Monday)
 */
export function weekdayOf(date: string): Weekday {
  return weekdayOfDayNumber(dayNumber(date));
}

// ---------------------------------------------------------------------------------------
// Clock times
// ---------------------------------------------------------------------------------------

const HHMM_RE = /^(\d{2}):(\d{2})$/;

/**
 * Minutes since midnight of an 'HH:MM' time on a 24-hour clock, or null. '24:00' (1440)
 * is allowed so a day can end at midnight.
 *
 * @example parseHHMM('07:30') // 450
 * @example parseHHMM('7:30')  // null (two digits required)
 */
export function parseHHMM(s: string): number | null {
  const m = HHMM_RE.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return 1440;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/**
 * 'HH:MM' of minutes since midnight (0..1440); throws outside that range.
 *
 * @example formatHHMM(450) // '07:30'
 */
export function formatHHMM(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440) {
    throw new RangeError(`formatHHMM: minutes must be an integer in 0..1440, got ${minutes}`);
  }
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

// ---------------------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------------------

const ZONE_SET: ReadonlySet<string> = new Set(ZONES);

/**
 * True for one of Indonesia's IANA zones (see `ZONES` in model.ts).
 *
 * @example isZone('Asia/Makassar') // true
 * @example isZone('WITA')          // false: store IANA names, not abbreviations
 */
export function isZone(s: string): s is Zone {
  return ZONE_SET.has(s);
}

/**
 * The everyday abbreviation of a zone: WIB (UTC+7), WITA (UTC+8), WIT (UTC+9), per
 * Keppres 41/1987 on Indonesia's time zones.
 */
export function zoneAbbreviation(zone: Zone): 'WIB' | 'WITA' | 'WIT' {
  switch (zone) {
    case 'Asia/Jakarta':
    case 'Asia/Pontianak':
      return 'WIB';
    case 'Asia/Makassar':
      return 'WITA';
    case 'Asia/Jayapura':
      return 'WIT';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // hourCycle h23: some engines print midnight as '24' with hour12:false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's UTC offset at an instant, computed by Intl (slow path, no cache). */
function offsetFromIntl(ms: number, zone: string): number {
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  const f: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of formatterFor(zone).formatToParts(whole)) {
    if (p.type !== 'literal') f[p.type] = Number(p.value);
  }
  const { year: y = 0, month: mo = 0, day: d = 0, hour: h = 0, minute: mi = 0, second: s = 0 } = f;
  const wall = daysFromCivil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * MINUTE_MS + s * 1000;
  return wall - whole;
}

const OFFSET_CACHE_LIMIT = 4096;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * The UTC offset (ms, east positive) of `zone` at instant `ms`, derived from the IANA data
 * through Intl (never hard-coded) and cached per zone per UTC hour. An hour that contains
 * an offset change (daylight saving elsewhere; none in Indonesia) is not cached, so any
 * zone stays right.
 *
 * @example zoneOffsetMs(0, 'Asia/Makassar') // 28_800_000 (UTC+8)
 */
export function zoneOffsetMs(ms: number, zone: string): number {
  const hour = Math.floor(ms / HOUR_MS);
  let byHour = offsetCache.get(zone);
  if (!byHour) {
    byHour = new Map();
    offsetCache.set(zone, byHour);
  }
  const cached = byHour.get(hour);
  if (cached !== undefined) return cached;
  const start = hour * HOUR_MS;
  const first = offsetFromIntl(start, zone);
  const last = offsetFromIntl(start + HOUR_MS - 1000, zone);
  if (first !== last) return offsetFromIntl(ms, zone);
  if (byHour.size >= OFFSET_CACHE_LIMIT) byHour.clear();
  byHour.set(hour, first);
  return first;
}

/**
 * The wall clock of `zone` at instant `ms`. On the check-in hot path: after the first call
 * in an hour it is a map lookup and integer arithmetic.
 *
 * @example
 *   localParts(Date.UTC(2026, 2, 1, 23, 31), 'Asia/Makassar')
 *   // { date: '2026-03-02', weekday: 1, minutes: 451, seconds: 0, time: '07:31:00' }
 */
export function localParts(ms: number, zone: Zone): LocalParts {
  if (!Number.isFinite(ms)) throw new RangeError(`localParts: not an instant: ${ms}`);
  const local = Math.floor(ms / 1000) * 1000 + zoneOffsetMs(ms, zone);
  const days = Math.floor(local / DAY_MS);
  const secOfDay = (local - days * DAY_MS) / 1000;
  const minutes = Math.floor(secOfDay / 60);
  const seconds = secOfDay - minutes * 60;
  return {
    date: dateFromDayNumber(days),
    weekday: weekdayOfDayNumber(days),
    minutes,
    seconds,
    time: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}:${pad2(seconds)}`,
  };
}

/**
 * The instant at which the wall clock of `zone` shows `minutes` after midnight of `date`
 * (1440 = midnight ending the day). In zones with daylight saving, a time in the spring
 * gap moves forward and a repeated time takes the earlier instant (like Temporal's
 * 'compatible'); Indonesian zones have neither.
 *
 * @example zonedToInstant('2026-03-02', 450, 'Asia/Jayapura') // Date.UTC(2026, 2, 1, 22, 30)
 */
export function zonedToInstant(date: string, minutes: number, zone: Zone): number {
  const wall = dayNumber(date) * DAY_MS + minutes * MINUTE_MS;
  const before = zoneOffsetMs(wall - DAY_MS, zone);
  const after = zoneOffsetMs(wall + DAY_MS, zone);
  const a = wall - before;
  if (before === after) {
    // Usual case; re-check in case an offset changed and changed back within two days.
    const actual = zoneOffsetMs(a, zone);
    return actual === before ? a : wall - actual;
  }
  const b = wall - after;
  const aValid = zoneOffsetMs(a, zone) === before;
  const bValid = zoneOffsetMs(b, zone) === after;
  if (aValid && bValid) return Math.min(a, b);
  if (aValid) return a;
  if (bValid) return b;
  return a; // In the gap: shift forward by the size of the gap.
}
