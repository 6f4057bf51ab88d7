import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Zone } from './model.js';
import { ZONES } from './model.js';
import {
  addDays,
  civilFromDays,
  daysBetween,
  daysFromCivil,
  formatHHMM,
  isValidDate,
  isZone,
  localParts,
  parseHHMM,
  parseInstant,
  weekdayOf,
  zoneAbbreviation,
  zonedToInstant,
  zoneOffsetMs,
} from './time.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** Reference wall clock straight from Intl, no caching, no arithmetic of ours. */
function intlParts(ms: number, zone: string) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}

// Zones with offsets Indonesia does not have: DST, 45-minute and 30-minute-DST zones.
const FOREIGN = ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'UTC'];

describe('localParts', () => {
  it.each([
    // [utc instant, zone, date, time, weekday]
    [utc(2026, 3, 2, 0, 31), 'Asia/Jakarta', '2026-03-02', '07:31:00', 1],
    [utc(2026, 3, 2, 0, 31), 'Asia/Pontianak', '2026-03-02', '07:31:00', 1],
    [utc(2026, 3, 1, 23, 31), 'Asia/Makassar', '2026-03-02', '07:31:00', 1],
    [utc(2026, 3, 1, 22, 31), 'Asia/Jayapura', '2026-03-02', '07:31:00', 1],
    // 23:30 UTC on Sunday is already Monday 08:30 in WIT, 07:30 in WITA, 06:30 in WIB.
    [utc(2026, 3, 1, 23, 30), 'Asia/Jayapura', '2026-03-02', '08:30:00', 1],
    [utc(2026, 3, 1, 23, 30), 'Asia/Makassar', '2026-03-02', '07:30:00', 1],
    [utc(2026, 3, 1, 23, 30), 'Asia/Jakarta', '2026-03-02', '06:30:00', 1],
    // Local midnight prints as 00, not 24.
    [utc(2026, 3, 1, 17, 0), 'Asia/Jakarta', '2026-03-02', '00:00:00', 1],
    [utc(2026, 3, 1, 16, 59, 59, 999), 'Asia/Jakarta', '2026-03-01', '23:59:59', 7],
    // Leap day and year end.
    [utc(2024, 2, 28, 16, 0), 'Asia/Makassar', '2024-02-29', '00:00:00', 4],
    [utc(2025, 12, 31, 15, 0), 'Asia/Jayapura', '2026-01-01', '00:00:00', 4],
    // Before 1970 (negative epoch ms).
    [utc(1969, 12, 31, 23, 59, 59), 'Asia/Jayapura', '1970-01-01', '08:59:59', 4],
  ] as const)('%d in %s is %s %s', (ms, zone, date, time, weekday) => {
    const p = localParts(ms, zone);
    expect(p.date).toBe(date);
    expect(p.time).toBe(time);
    expect(p.weekday).toBe(weekday);
  });

  it('splits the time into minutes since midnight and seconds within the minute', () => {
    const p = localParts(utc(2026, 3, 1, 23, 30, 59, 900), 'Asia/Makassar');
    expect(p).toEqual({ date: '2026-03-02', weekday: 1, minutes: 450, seconds: 59, time: '07:30:59' });
  });

  it('agrees with Intl for every instant and zone, Indonesian or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc(1950, 1, 1), max: utc(2100, 1, 1) }),
        fc.constantFrom<string>(...ZONES, ...FOREIGN),
        (ms, zone) => {
          const p = localParts(ms, zone as Zone);
          const ref = intlParts(ms, zone);
          expect(p.date).toBe(ref.date);
          expect(p.time).toBe(ref.time);
          expect(p.minutes).toBe(Number(ref.time.slice(0, 2)) * 60 + Number(ref.time.slice(3, 5)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stays right around daylight-saving changes of foreign zones (offsets are derived, not hard-coded)', () => {
    // Berlin 2026-03-29: 01:00 UTC jumps from +01:00 to +02:00.
    expect(localParts(utc(2026, 3, 29, 0, 59, 59), 'Europe/Berlin' as Zone).time).toBe('01:59:59');
    expect(localParts(utc(2026, 3, 29, 1, 0, 0), 'Europe/Berlin' as Zone).time).toBe('03:00:00');
    // Lord Howe moves 30 minutes forward at 15:30 UTC on 2026-10-03, mid-way through a UTC hour,
    // so an offset cached for the whole hour would be wrong on one side.
    const lordHowe = 'Australia/Lord_Howe' as Zone;
    expect(localParts(utc(2026, 10, 3, 15, 0), lordHowe).time).toBe('01:30:00');
    expect(localParts(utc(2026, 10, 3, 15, 29, 59), lordHowe).time).toBe('01:59:59');
    expect(localParts(utc(2026, 10, 3, 15, 30), lordHowe).time).toBe('02:30:00');
    expect(localParts(utc(2026, 10, 3, 15, 45), lordHowe).time).toBe('02:45:00');
    expect(localParts(utc(2026, 10, 3, 15, 0), lordHowe).time).toBe('01:30:00');
  });

  it('derives the Indonesian offsets WIB +7, WITA +8, WIT +9', () => {
    const at = utc(2026, 6, 1);
    expect(zoneOffsetMs(at, 'Asia/Jakarta') / 3_600_000).toBe(7);
    expect(zoneOffsetMs(at, 'Asia/Pontianak') / 3_600_000).toBe(7);
    expect(zoneOffsetMs(at, 'Asia/Makassar') / 3_600_000).toBe(8);
    expect(zoneOffsetMs(at, 'Asia/Jayapura') / 3_600_000).toBe(9);
  });
});

describe('zonedToInstant', () => {
  it.each([
    ['2026-03-02', 450, 'Asia/Jakarta', utc(2026, 3, 2, 0, 30)],
    ['2026-03-02', 450, 'Asia/Makassar', utc(2026, 3, 1, 23, 30)],
    ['2026-03-02', 450, 'Asia/Jayapura', utc(2026, 3, 1, 22, 30)],
    ['2026-03-02', 0, 'Asia/Jayapura', utc(2026, 3, 1, 15, 0)],
    ['2026-03-02', 1440, 'Asia/Jakarta', utc(2026, 3, 2, 17, 0)],
  ] as const)('%s +%d min in %s', (date, minutes, zone, expected) => {
    expect(zonedToInstant(date, minutes, zone)).toBe(expected);
  });

  it('round-trips with localParts in every Indonesian zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: daysFromCivil(1950, 1, 1), max: daysFromCivil(2100, 1, 1) }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom(...ZONES),
        (day, minutes, zone) => {
          const { year, month, day: d } = civilFromDays(day);
          const date = `${String(year)}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const p = localParts(zonedToInstant(date, minutes, zone), zone);
          expect(p.date).toBe(date);
          expect(p.minutes).toBe(minutes);
          expect(p.seconds).toBe(0);
        },
      ),
    );
  });

  it('resolves daylight-saving gaps forward and repeats to the earlier instant', () => {
    const berlin = 'Europe/Berlin' as Zone;
    // 02:30 does not exist on 2026-03-29 in Berlin: it becomes 03:30 (+02:00).
    expect(zonedToInstant('2026-03-29', 150, berlin)).toBe(utc(2026, 3, 29, 1, 30));
    // 02:30 happens twice on 2026-10-25: the first (+02:00) is taken.
    expect(zonedToInstant('2026-10-25', 150, berlin)).toBe(utc(2026, 10, 25, 0, 30));
    expect(zonedToInstant('2026-07-01', 600, berlin)).toBe(utc(2026, 7, 1, 8, 0));
  });
});

describe('clock times', () => {
  it.each([
    ['00:00', 0],
    ['07:30', 450],
    ['23:59', 1439],
    ['24:00', 1440],
    ['24:01', null],
    ['25:00', null],
    ['07:60', null],
    ['7:30', null],
    ['07:30:00', null],
    ['0730', null],
    ['', null],
    [' 07:30', null],
  ] as const)('parseHHMM(%j) = %j', (s, expected) => {
    expect(parseHHMM(s)).toBe(expected);
  });

  it('formats and parses back every minute of the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1440 }), (m) => {
        expect(parseHHMM(formatHHMM(m))).toBe(m);
      }),
    );
  });

  it('refuses to format a time outside the day (a bug in the caller)', () => {
    expect(() => formatHHMM(-1)).toThrow(RangeError);
    expect(() => formatHHMM(1441)).toThrow(RangeError);
    expect(() => formatHHMM(7.5)).toThrow(RangeError);
  });
});

describe('calendar dates', () => {
  it.each([
    ['2026-03-02', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2023-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-05', false],
    ['26-01-05', false],
    ['2026-01-05T00:00', false],
    ['', false],
  ] as const)('isValidDate(%j) = %j', (s, expected) => {
    expect(isValidDate(s)).toBe(expected);
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-01', 0)).toBe('2026-03-01');
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(daysBetween('2026-03-01', '2026-01-01')).toBe(-59);
  });

  it('agrees with the JavaScript calendar for dates, day counts and weekdays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.integer({ min: -1000, max: 1000 }),
        (ms, n) => {
          const date = new Date(ms).toISOString().slice(0, 10);
          const later = new Date(ms + n * 86_400_000).toISOString().slice(0, 10);
          expect(isValidDate(date)).toBe(true);
          expect(addDays(date, n)).toBe(later);
          expect(daysBetween(date, later)).toBe(n);
          expect(weekdayOf(date)).toBe(((new Date(ms).getUTCDay() + 6) % 7) + 1);
        },
      ),
    );
  });

  it('knows the weekdays of a working week', () => {
    expect(['2026-03-02', '2026-03-06', '2026-03-07', '2026-03-08'].map(weekdayOf)).toEqual([1, 5, 6, 7]);
  });

  it('throws on an invalid date passed to arithmetic (a bug in the caller)', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => weekdayOf('nope')).toThrow(RangeError);
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('zones', () => {
  it('accepts exactly the Indonesian IANA zones', () => {
    for (const z of ZONES) expect(isZone(z)).toBe(true);
    for (const z of ['WIB', 'Asia/Singapore', 'asia/jakarta', '', 'UTC']) expect(isZone(z)).toBe(false);
  });

  it('names them WIB, WITA and WIT', () => {
    expect(ZONES.map(zoneAbbreviation)).toEqual(['WIB', 'WIB', 'WITA', 'WIT']);
  });
});

describe('parseInstant', () => {
  it('reads RFC 3339 instants with Z or an offset, as Date.parse does for real ones', () => {
    expect(parseInstant('2026-03-02T07:31:00+08:00')).toBe(1772407860000);
    expect(parseInstant('2026-03-02T07:31:00.250Z')).toBe(utc(2026, 3, 2, 7, 31, 0, 250));
    expect(parseInstant('2026-03-02T07:31:00.123456789-05:30')).toBe(
      Date.parse('2026-03-02T07:31:00.123-05:30'),
    );
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: 253402300799000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseInstant(iso)).toBe(Date.parse(iso));
      }),
    );
  });

  it('refuses moments that do not exist, which Date.parse moves to another day', () => {
    expect(Date.parse('2026-02-30T10:00:00Z')).toBe(utc(2026, 3, 2, 10));
    for (const s of [
      '2026-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2026-04-31T10:00:00+07:00',
      '2026-13-01T10:00:00Z',
      '2026-03-02T24:00:00Z',
      '2026-03-02T10:60:00Z',
      '2026-03-02T10:00:60Z',
      '2026-03-02T10:00:00+24:00',
      '2026-03-02T10:00:00',
      '2026-03-02 10:00:00Z',
      '2026-03-02',
    ])
      expect(parseInstant(s), s).toBeNull();
  });

  it('takes an instant without seconds only when asked to, and checks its date all the same', () => {
    expect(parseInstant('2026-03-02T10:00Z')).toBeNull();
    expect(parseInstant('2026-03-02T10:00Z', { secondsOptional: true })).toBe(utc(2026, 3, 2, 10));
    expect(parseInstant('2026-02-30T10:00Z', { secondsOptional: true })).toBeNull();
  });
});
