import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { zonedToInstant } from '../time.js';
import { assignEvents, effectiveEvents } from './assign.js';
import { planRange } from './plan.js';
import { indexRoster } from './roster.js';
import type { AttendanceEvent } from './types.js';
import { RSUD_CHAIN, SHIFTS, officeCtx, punch } from './test-support/fixtures.js';

const rostered = (entries: { date: string; shiftCode: string | null }[]) =>
  officeCtx({
    unitChain: RSUD_CHAIN,
    shiftTypes: SHIFTS,
    roster: indexRoster(entries.map((e) => ({ employeeId: 7, ...e }))),
  });

const ids = (list: readonly AttendanceEvent[]) => list.map((e) => e.id);

describe('assignEvents: night shifts own their punches', () => {
  const ctx = rostered([
    { date: '2026-03-02', shiftCode: 'M' },
    { date: '2026-03-03', shiftCode: 'P' },
    { date: '2026-03-04', shiftCode: 'S' },
  ]);
  const plans = planRange(ctx, '2026-03-01', '2026-03-05');

  it('gives the 07:05 check-out to the night shift that began the evening before', () => {
    const inM = punch('in', '2026-03-02', '20:55');
    const outM = punch('out', '2026-03-03', '07:05');
    const inP = punch('in', '2026-03-03', '06:55');
    const a = assignEvents(plans, [outM, inP, inM]);
    expect(ids(a[1]!.owned)).toEqual([inM.id, outM.id]);
    expect(ids(a[2]!.owned)).toEqual([inP.id]);
  });

  it('gives a check-in at 23:59 and at 00:01 to the night shift of the earlier date', () => {
    const at2359 = punch('in', '2026-03-02', '23:59');
    const at0001 = punch('in', '2026-03-03', '00:01');
    const a = assignEvents(plans, [at0001, at2359]);
    expect(ids(a[1]!.owned)).toEqual([at2359.id, at0001.id]);
    expect(a[2]!.owned).toHaveLength(0);
  });

  it("gives a Siang check-out at 00:01 to the previous date's shift", () => {
    const out = punch('out', '2026-03-05', '00:01');
    const a = assignEvents(plans, [out]);
    expect(ids(a[3]!.owned)).toEqual([out.id]);
    expect(a[4]!.owned).toHaveLength(0);
  });

  it('gives a punch outside its window to the work it can only be about', () => {
    // Pagi 07:00-14:00, check-in window until 09:00: a check-in at 12:00 is a late arrival.
    const late = punch('in', '2026-03-03', '12:00');
    const a = assignEvents(plans, [late]);
    expect(ids(a[2]!.owned)).toEqual([late.id]);
    expect(a[2]!.outsideWindows).toBe(true);
  });

  it('keeps a check-in after the work has ended as stray on its local date', () => {
    const odd = punch('in', '2026-03-03', '15:00');
    const a = assignEvents(plans, [odd]);
    expect(ids(a[2]!.stray)).toEqual([odd.id]);
    expect(a[2]!.owned).toHaveLength(0);
  });
});

describe('effectiveEvents', () => {
  it('drops duplicates and voided events, keeps a correction that replaces a punch', () => {
    const wrong = punch('in', '2026-03-02', '09:40', { source: 'fingerprint', fence: null });
    const fix = punch('in', '2026-03-02', '07:20', {
      source: 'correction',
      author: 'admin-opd-2',
      voids: wrong.id,
      fence: null,
    });
    const dropOnly: AttendanceEvent = { ...fix, id: 'v1', kind: 'void', voids: 'nothing' };
    expect(ids(effectiveEvents([wrong, fix, wrong, dropOnly]))).toEqual([fix.id]);
  });
});

describe('assignEvents: order independence (property)', () => {
  const ctx = rostered([
    { date: '2026-03-02', shiftCode: 'M' },
    { date: '2026-03-03', shiftCode: 'M' },
    { date: '2026-03-04', shiftCode: 'S' },
    { date: '2026-03-05', shiftCode: 'P' },
  ]);
  const plans = planRange(ctx, '2026-03-01', '2026-03-06');
  const base = zonedToInstant('2026-03-01', 0, 'Asia/Jakarta');
  const eventArb = fc.record({
    kind: fc.constantFrom<'in' | 'out'>('in', 'out'),
    offsetS: fc.integer({ min: 0, max: 6 * 86_400 }),
  });

  it('assigns the same events to the same days in any order and with repeats', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), fc.integer(), (raw, seed) => {
        const events: AttendanceEvent[] = raw.map((r, i) => ({
          id: `x${i}`,
          employeeId: 7,
          kind: r.kind,
          at: base + r.offsetS * 1000,
          source: 'app',
          fence: 'inside',
        }));
        const shuffled = [...events, ...events.slice(0, 3)];
        // A deterministic shuffle from the seed.
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.abs((seed + i * 7919) % (i + 1));
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = assignEvents(plans, events).map((d) => [ids(d.owned), ids(d.stray)]);
        const b = assignEvents(plans, shuffled).map((d) => [ids(d.owned), ids(d.stray)]);
        expect(b).toEqual(a);
      }),
    );
  });
});
