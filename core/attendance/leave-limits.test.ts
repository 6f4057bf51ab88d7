/**
 * Leave limits over all of a person's requests (issue 9 item 6; OWASP ASVS 5.0 2.3.2:
 * business limits as documented; 2.2.3: combinations of requests checked against the
 * rules).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../time.js';
import { LEAVE_BY_CODE } from './leave-catalogue.js';
import {
  correctionInWindow,
  correctionMaxDays,
  CORRECTION_MAX_DAYS_DEFAULT,
  overlappingRequest,
  yearlyOverrun,
  yearPieces,
} from './leave-limits.js';

const tahunan = LEAVE_BY_CODE.get('cuti_tahunan')!;
const calendar = (f: string, t: string) => daysBetween(f, t) + 1;
/** Monday to Friday, no holidays. */
const weekdays = (f: string, t: string) => {
  let n = 0;
  for (let d = f; d <= t; d = addDays(d, 1)) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
};
const req = (id: string, from: string, to: string, type = 'cuti_tahunan') => ({ id, type, from, to });

const date = fc.integer({ min: 0, max: 365 * 6 }).map((n) => addDays('2024-01-01', n));
const range = fc
  .tuple(date, fc.integer({ min: 0, max: 400 }))
  .map(([f, n]) => ({ from: f, to: addDays(f, n) }));

describe('yearPieces', () => {
  it('cuts at the year end', () => {
    expect(yearPieces('2026-12-28', '2027-01-08')).toEqual([
      { year: '2026', from: '2026-12-28', to: '2026-12-31' },
      { year: '2027', from: '2027-01-01', to: '2027-01-08' },
    ]);
    expect(yearPieces('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('the pieces cover the range exactly, each inside one year', () => {
    fc.assert(
      fc.property(range, ({ from, to }) => {
        const ps = yearPieces(from, to);
        expect(ps[0]!.from).toBe(from);
        expect(ps.at(-1)!.to).toBe(to);
        for (const [i, p] of ps.entries()) {
          expect(p.from.slice(0, 4)).toBe(p.year);
          expect(p.to.slice(0, 4)).toBe(p.year);
          if (i > 0) expect(p.from).toBe(addDays(ps[i - 1]!.to, 1));
        }
        expect(ps.reduce((n, p) => n + calendar(p.from, p.to), 0)).toBe(calendar(from, to));
      }),
    );
  });
});

describe('yearly entitlement', () => {
  it('counts a request across the year end in each year, not as 0', () => {
    // 28-31 Dec 2026: 4 weekdays; 1-15 Jan 2027: 11. With 9 days taken in December already, 4 more overrun 2026.
    const dec = req('a', '2026-12-01', '2026-12-11');
    expect(weekdays(dec.from, dec.to)).toBe(9);
    expect(yearlyOverrun(req('b', '2026-12-28', '2027-01-08'), [dec], tahunan, weekdays)).toEqual({
      year: '2026',
      used: 9,
      asked: 4,
      max: 12,
    });
    // Alone, each year's part is within 12.
    expect(yearlyOverrun(req('b', '2026-12-28', '2027-01-08'), [], tahunan, weekdays)).toBeNull();
  });

  it('refuses two requests that together exceed 12 days in a year', () => {
    const first = req('a', '2026-03-02', '2026-03-10'); // 7 weekdays
    expect(yearlyOverrun(req('b', '2026-06-01', '2026-06-05'), [first], tahunan, weekdays)).toBeNull();
    expect(yearlyOverrun(req('b', '2026-06-01', '2026-06-08'), [first], tahunan, weekdays)).toMatchObject({
      year: '2026',
      used: 7,
      asked: 6,
    });
    // Another year's leave, or another type, does not count.
    expect(
      yearlyOverrun(
        req('b', '2026-06-01', '2026-06-08'),
        [req('c', '2025-03-03', '2025-03-14')],
        tahunan,
        weekdays,
      ),
    ).toBeNull();
    expect(
      yearlyOverrun(
        req('b', '2026-06-01', '2026-06-08'),
        [{ ...first, type: 'cuti_sakit' }],
        tahunan,
        weekdays,
      ),
    ).toBeNull();
  });

  it('accepts a set of requests exactly when every year sums to at most the entitlement', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(date, fc.integer({ min: 0, max: 20 })), { maxLength: 6 }),
        range,
        (os, r) => {
          const others = os.map(([f, n], i) => req(`o${i}`, f, addDays(f, n)));
          const me = req('me', r.from, r.to);
          const all = [...others, me];
          const years = new Set(yearPieces(me.from, me.to).map((p) => p.year));
          const overrunYear = [...years].find((y) => {
            let sum = 0;
            for (const o of all)
              for (const p of yearPieces(o.from, o.to)) if (p.year === y) sum += calendar(p.from, p.to);
            return sum > 12;
          });
          const got = yearlyOverrun(me, others, tahunan, calendar);
          expect(got?.year).toBe(overrunYear);
        },
      ),
    );
  });

  it('types without a yearly entitlement are not summed', () => {
    const sakit = LEAVE_BY_CODE.get('cuti_sakit')!;
    expect(yearlyOverrun(req('b', '2026-01-01', '2026-03-01', 'cuti_sakit'), [], sakit, calendar)).toBeNull();
  });
});

describe('overlaps', () => {
  it('finds a request sharing a day, never the request itself', () => {
    const a = req('a', '2026-03-02', '2026-03-04', 'izin');
    expect(overlappingRequest(req('b', '2026-03-04', '2026-03-06'), [a])).toBe(a);
    expect(overlappingRequest(req('b', '2026-03-05', '2026-03-06'), [a])).toBeNull();
    expect(overlappingRequest(a, [a])).toBeNull();
  });

  it('agrees with comparing the days one by one', () => {
    fc.assert(
      fc.property(range, range, (x, y) => {
        const days = (r: { from: string; to: string }) => {
          const s = new Set<string>();
          for (let d = r.from; d <= r.to; d = addDays(d, 1)) s.add(d);
          return s;
        };
        const dx = days(x);
        const shared = [...days(y)].some((d) => dx.has(d));
        expect(overlappingRequest(req('x', x.from, x.to), [req('y', y.from, y.to)]) !== null).toBe(shared);
      }),
      { numRuns: 200 },
    );
  });
});

describe('correction window', () => {
  it('reaches back the rule set’s number of days, by default about a month', () => {
    expect(correctionMaxDays(null)).toBe(CORRECTION_MAX_DAYS_DEFAULT);
    expect(correctionMaxDays({ correctionMaxDays: 7 })).toBe(7);
    expect(correctionMaxDays({ correctionMaxDays: 0 })).toBe(0);
    expect(correctionInWindow('2026-02-27', '2026-03-02', 31)).toBe(true);
    expect(correctionInWindow('2026-01-30', '2026-03-02', 31)).toBe(true);
    expect(correctionInWindow('2026-01-29', '2026-03-02', 31)).toBe(false);
    expect(correctionInWindow('2024-12-31', '2026-03-02', 31)).toBe(false);
    expect(correctionInWindow('2026-03-02', '2026-03-02', 0)).toBe(true);
  });

  it('is inside exactly when the date is at most maxDays before today', () => {
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 400 }),
        (today, back, max) => {
          expect(correctionInWindow(addDays(today, -back), today, max)).toBe(back <= max);
        },
      ),
    );
  });
});
