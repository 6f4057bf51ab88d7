/**
 * The channel a punch came in by (the app, a fingerprint machine, a kiosk, an import, an
 * admin's manual list) never changes a daily status or a recap: the same presses at the
 * same times give the same days and the same deduction, whatever mix of channels carried
 * them. The one visible trace is the ledger note "corrected" on a day an admin's manual
 * entry or an approved correction decided.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PUNCH_SOURCES } from '../model.js';
import type { PunchSource } from '../model.js';
import { zonedToInstant } from '../time.js';
import { PERMENTAN_68_2012 } from './presets.js';
import { monthlyRecap } from './recap.js';
import { officeCtx, statuses } from './test-support/fixtures.js';
import type { AttendanceEvent, DayStatus } from './types.js';

const ctx = officeCtx();
const FROM = '2026-02-02';
const TO = '2026-02-13';
const START = zonedToInstant(FROM, 0, 'Asia/Jakarta');
const DAY_MS = 86_400_000;

/** Punches over two working weeks, at second precision between 05:00 and 21:00. */
const eventsArb = fc
  .array(
    fc.record({
      day: fc.integer({ min: 0, max: 11 }),
      kind: fc.constantFrom<'in' | 'out'>('in', 'out'),
      sec: fc.integer({ min: 5 * 3600, max: 21 * 3600 }),
      outside: fc.boolean(),
    }),
    { maxLength: 30 },
  )
  .map((list) =>
    list.map((r, i): AttendanceEvent => ({
      id: `p${i}`,
      employeeId: 7,
      kind: r.kind,
      at: START + r.day * DAY_MS + r.sec * 1000,
      source: 'app',
      fence: r.outside ? 'outside' : 'inside',
    })),
  );

/** Sources that are plain channels (an admin's manual entry also marks the day corrected). */
const CHANNELS = PUNCH_SOURCES.filter((s) => s !== 'manual');

function recapOf(days: DayStatus[]) {
  return monthlyRecap('2026-02', [{ employeeId: 7, unitId: 2, days }], [PERMENTAN_68_2012]);
}

describe('the channel of a punch', () => {
  it('never changes a daily status or the recap', () => {
    fc.assert(
      fc.property(
        eventsArb,
        fc.array(fc.constantFrom<PunchSource>(...CHANNELS), { minLength: 30, maxLength: 30 }),
        (events, sources) => {
          const mixed = events.map((e, i) => ({ ...e, source: sources[i]! }));
          const viaApp = statuses(ctx, FROM, TO, events);
          const viaMix = statuses(ctx, FROM, TO, mixed);
          expect(viaMix).toEqual(viaApp);
          expect(recapOf(viaMix)).toEqual(recapOf(viaApp));
        },
      ),
    );
  });

  it('an admin entry decides the day exactly as the same punch from the app, noted as corrected', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const manual = events.map((e) => ({ ...e, source: 'manual' as const, author: '1', fence: null }));
        const app = events.map((e) => ({ ...e, fence: null }));
        const a = statuses(ctx, FROM, TO, app);
        const m = statuses(ctx, FROM, TO, manual);
        const sansReasons = (d: DayStatus) => ({ ...d, reasons: d.reasons.filter((r) => r !== 'corrected') });
        expect(m.map(sansReasons)).toEqual(a.map(sansReasons));
        expect(recapOf(m).organisation).toEqual(recapOf(a).organisation);
      }),
    );
  });
});
