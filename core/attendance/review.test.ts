import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileRules } from './rules.js';
import { dayCharges, sumBp } from './charges.js';
import { PERMENTAN_68_2012 } from './presets.js';
import { isReviewable, punchStanding, reviewCause, timeCauseOf } from './review.js';
import type { AttendanceEvent, DayStatus, PunchReview } from './types.js';
import { officeCtx, punch, statusOn } from './test-support/fixtures.js';
import { zonedToInstant } from '../time.js';

const MON = '2026-03-02';
const ctx = officeCtx();
const LENIENT = { ...PERMENTAN_68_2012, acceptOutsideFence: true };
const bp = (d: DayStatus) => sumBp(dayCharges(d, compileRules(PERMENTAN_68_2012), 1));
const accepted: PunchReview = {
  decision: 'accepted',
  by: 'admin.dinkes',
  reason: 'rapat di kantor camat',
  at: 1,
};
const rejected: PunchReview = {
  decision: 'rejected',
  by: 'admin.dinkes',
  reason: 'tidak ada tugas luar',
  at: 2,
};

describe('punchStanding: where a punch stands for pay', () => {
  it('an outside punch waits for a review unless the rule set accepts it', () => {
    expect(punchStanding({ fence: 'outside' }, PERMENTAN_68_2012)).toBe('pending');
    expect(punchStanding({ fence: 'outside' }, LENIENT)).toBe('counts');
    expect(punchStanding({ fence: 'inside' }, PERMENTAN_68_2012)).toBe('counts');
    expect(punchStanding({ fence: 'no_location' }, PERMENTAN_68_2012)).toBe('counts');
    expect(punchStanding({ fence: null }, PERMENTAN_68_2012)).toBe('counts');
  });

  it('without a rule set, an outside punch waits (as under the presets): the phone promises nothing', () => {
    expect(reviewCause({ fence: 'outside' }, null)).toBe('outside_fence');
    expect(reviewCause({ fence: 'inside' }, null)).toBeNull();
  });

  it('a decision settles it, whatever the rule set', () => {
    for (const rules of [PERMENTAN_68_2012, LENIENT]) {
      expect(punchStanding({ fence: 'outside', review: accepted }, rules)).toBe('accepted');
      expect(punchStanding({ fence: 'outside', review: rejected }, rules)).toBe('rejected');
      expect(punchStanding({ fence: 'inside', review: rejected }, rules)).toBe('rejected');
    }
  });

  it('only punches the fence judged outside are for an admin to review', () => {
    expect(isReviewable({ fence: 'outside' })).toBe(true);
    expect(isReviewable({ fence: 'inside' })).toBe(false);
    expect(isReviewable({ fence: 'no_location' })).toBe(false);
    expect(isReviewable({ fence: null })).toBe(false);
  });
});

describe('dailyStatus: outside-the-fence punches and their review', () => {
  const outsideIn = (review?: PunchReview) =>
    punch('in', MON, '07:20', { fence: 'outside', ...(review && { review }) });

  it('no decision: the outside check-in does not count, and the day says it awaits review', () => {
    const d = statusOn(ctx, MON, [outsideIn(), punch('out', MON, '16:00')]);
    expect(d).toMatchObject({ status: 'lupa_absen_masuk', checkInAt: null });
    expect(d.reasons).toEqual(expect.arrayContaining(['punches_outside_fence', 'punches_awaiting_review']));
    expect(d.reviews).toEqual([
      expect.objectContaining({
        kind: 'in',
        state: 'pending',
        cause: 'outside_fence',
        by: null,
        reason: null,
      }),
    ]);
  });

  it('a day with only outside punches awaiting review is TK until an admin accepts them', () => {
    const events = [outsideIn(), punch('out', MON, '16:00', { fence: 'outside' })];
    const d = statusOn(ctx, MON, events);
    expect(d.status).toBe('tanpa_keterangan');
    expect(d.reviews?.map((r) => r.state)).toEqual(['pending', 'pending']);
  });

  it('accepted: the outside check-in counts, with who accepted it and why', () => {
    const e = outsideIn(accepted);
    const d = statusOn(ctx, MON, [e, punch('out', MON, '16:00')]);
    expect(d).toMatchObject({ status: 'hadir', checkInEventId: e.id, checkInAt: e.at });
    expect(d.reasons).toContain('punches_accepted_on_review');
    expect(d.reasons).not.toContain('punches_outside_fence');
    expect(d.reasons).not.toContain('punches_awaiting_review');
    expect(d.reviews).toEqual([
      {
        eventId: e.id,
        kind: 'in',
        at: e.at,
        state: 'accepted',
        cause: 'outside_fence',
        by: 'admin.dinkes',
        reason: 'rapat di kantor camat',
      },
    ]);
  });

  it('rejected: never counts, even where the rule set accepts outside punches, or inside the fence', () => {
    const out = punch('out', MON, '16:00');
    const d = statusOn(ctx, MON, [outsideIn(rejected), out], { ruleSets: [LENIENT] });
    expect(d.status).toBe('lupa_absen_masuk');
    expect(d.reasons).toContain('punches_rejected_on_review');
    expect(d.reviews?.[0]).toMatchObject({
      state: 'rejected',
      by: 'admin.dinkes',
      reason: 'tidak ada tugas luar',
    });
    const inside = punch('in', MON, '07:20', { review: rejected });
    expect(statusOn(ctx, MON, [inside, out]).status).toBe('lupa_absen_masuk');
  });

  it('a rule set that accepts outside punches counts them without a review, as before', () => {
    const d = statusOn(ctx, MON, [outsideIn(), punch('out', MON, '16:00')], { ruleSets: [LENIENT] });
    expect(d.status).toBe('hadir');
    expect(d.reviews).toBeUndefined();
    expect(d.reasons).not.toContain('punches_awaiting_review');
  });

  it('a day without outside punches or decisions carries no reviews', () => {
    const d = statusOn(ctx, MON, [punch('in', MON, '07:20'), punch('out', MON, '16:00')]);
    expect(d.reviews).toBeUndefined();
    expect('reviews' in d).toBe(false);
  });
});

describe('dailyStatus: review properties', () => {
  const DAY0 = zonedToInstant(MON, 0, 'Asia/Jakarta');
  const decisionArb = fc.constantFrom<PunchReview['decision'] | null>('accepted', 'rejected', null);
  const eventsArb = fc
    .array(
      fc.record({
        kind: fc.constantFrom<'in' | 'out'>('in', 'out'),
        sec: fc.integer({ min: 5 * 3600, max: 21 * 3600 }),
        outside: fc.boolean(),
        decision: decisionArb,
      }),
      { maxLength: 8 },
    )
    .map((list) =>
      list.map((r, i): AttendanceEvent => ({
        id: `p${i}`,
        employeeId: 7,
        kind: r.kind,
        at: DAY0 + r.sec * 1000,
        source: 'app',
        fence: r.outside ? 'outside' : 'inside',
        ...(r.decision && { review: { decision: r.decision, by: 'a', reason: 'r', at: 0 } }),
      })),
    );
  const core = (d: DayStatus) => ({
    status: d.status,
    lateMinutes: d.lateMinutes,
    earlyMinutes: d.earlyMinutes,
    missingIn: d.missingIn,
    missingOut: d.missingOut,
    checkInEventId: d.checkInEventId,
    checkOutEventId: d.checkOutEventId,
  });
  const plain = (e: AttendanceEvent): AttendanceEvent => {
    const { review: _review, ...rest } = e;
    return rest;
  };

  it('an accepted punch counts as the same punch inside the fence would; a rejected one as if it were not there', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const equivalent = events.flatMap((e): AttendanceEvent[] => {
          if (e.review?.decision === 'accepted') return [{ ...plain(e), fence: 'inside' }];
          if (e.review?.decision === 'rejected') return [];
          if (e.fence === 'outside') return []; // pending under the preset
          return [e];
        });
        expect(core(statusOn(ctx, MON, events))).toEqual(core(statusOn(ctx, MON, equivalent)));
      }),
    );
  });

  it('every outside punch without a decision, and every decided punch, is listed with its state', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const d = statusOn(ctx, MON, events);
        const owned = new Set([d.checkInEventId, d.checkOutEventId]);
        for (const r of d.reviews ?? []) {
          const e = events.find((x) => x.id === r.eventId)!;
          expect(r.state).toBe(e.review?.decision ?? 'pending');
          if (r.state !== 'accepted') expect(owned.has(r.eventId)).toBe(false);
        }
        expect(d.reasons.includes('punches_awaiting_review')).toBe(
          (d.reviews ?? []).some((r) => r.state === 'pending'),
        );
      }),
    );
  });

  it('rejecting the pending outside punches charges the day exactly as while they were pending', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const pending = events.map(plain);
        const before = statusOn(ctx, MON, pending);
        const after = statusOn(
          ctx,
          MON,
          pending.map((e) => (e.fence === 'outside' ? { ...e, review: rejected } : e)),
        );
        expect(core(after)).toEqual(core(before));
        expect(bp(after)).toBe(bp(before));
      }),
    );
  });
});

// Issue 9 item 2: a punch dated into the past counts for pay only per the rule set.
// ASVS 5.0 V2.2.3 (business logic: data the client claims is checked against what the
// server knows) and V2.3.1/V2.3.2 (business flow: a step — counting for pay — happens only
// after the step it depends on, an admin's review, when the time is in doubt).
describe('timeCauseOf: when the server doubts a capture’s time', () => {
  const base = {
    timeOfRecord: 1_000_000_000,
    contactAt: null,
    toleranceMs: 120_000,
    delayBoundMs: 300_000,
  };
  it('vouches for a phone-clock time a prompt receipt pins down, not for a late one', () => {
    expect(
      timeCauseOf({ ...base, timeSource: 'device_clock', receivedAt: base.timeOfRecord + 60_000 }),
    ).toBeNull();
    expect(
      timeCauseOf({ ...base, timeSource: 'device_clock', receivedAt: base.timeOfRecord + 86_400_000 }),
    ).toBe('time_unverified');
  });
  it('doubts an anchored time only once it arrives past the delay bound', () => {
    expect(
      timeCauseOf({ ...base, timeSource: 'anchor', receivedAt: base.timeOfRecord + 299_000 }),
    ).toBeNull();
    expect(timeCauseOf({ ...base, timeSource: 'anchor', receivedAt: base.timeOfRecord + 301_000 })).toBe(
      'capture_delayed',
    );
  });
  it('names a contact after the capture that did not deliver it, before any other cause', () => {
    const late = { ...base, timeSource: 'anchor', receivedAt: base.timeOfRecord + 3_600_000 };
    expect(timeCauseOf({ ...late, contactAt: base.timeOfRecord + 1_800_000 })).toBe('contact_gap');
    // A contact within the tolerance of the press is the press's own session.
    expect(timeCauseOf({ ...late, contactAt: base.timeOfRecord + 60_000 })).toBe('capture_delayed');
  });
  it('never doubts a server-stamped punch', () => {
    expect(
      timeCauseOf({ ...base, timeSource: 'server', receivedAt: base.timeOfRecord + 86_400_000 }),
    ).toBeNull();
  });
});

describe('punches whose time is in doubt: the rule set decides, an admin settles', () => {
  const doubtful = { fence: 'inside' as const, timeCause: 'time_unverified' as const };
  it('waits for review under the presets and with no rule set, counts or is refused as the rule set says', () => {
    expect(PERMENTAN_68_2012.unverifiedTime).toBe('review');
    expect(punchStanding(doubtful, PERMENTAN_68_2012)).toBe('pending');
    expect(punchStanding(doubtful, null)).toBe('pending');
    expect(punchStanding(doubtful, { ...PERMENTAN_68_2012, unverifiedTime: undefined })).toBe('pending');
    expect(punchStanding(doubtful, { ...PERMENTAN_68_2012, unverifiedTime: 'count' })).toBe('counts');
    expect(punchStanding(doubtful, { ...PERMENTAN_68_2012, unverifiedTime: 'reject' })).toBe('rejected');
    expect(reviewCause(doubtful, PERMENTAN_68_2012)).toBe('time_unverified');
    expect(reviewCause({ fence: 'inside', timeCause: 'capture_delayed' }, PERMENTAN_68_2012)).toBe(
      'capture_delayed',
    );
  });
  it('an admin’s decision wins over the rule set', () => {
    const refusing = { ...PERMENTAN_68_2012, unverifiedTime: 'reject' as const };
    expect(punchStanding({ ...doubtful, review: accepted }, refusing)).toBe('accepted');
    expect(punchStanding({ ...doubtful, review: rejected }, PERMENTAN_68_2012)).toBe('rejected');
  });
  it('is reviewable whatever the rule set; names the fence first when both apply', () => {
    expect(isReviewable(doubtful)).toBe(true);
    expect(reviewCause({ fence: 'outside', timeCause: 'contact_gap' }, PERMENTAN_68_2012)).toBe(
      'outside_fence',
    );
    expect(reviewCause({ fence: 'outside', timeCause: 'contact_gap' }, LENIENT)).toBe('contact_gap');
  });
  it('keeps a day with only doubtful punches from counting as present until accepted', () => {
    const doubt = { timeCause: 'time_unverified' as const };
    const pending = statusOn(ctx, MON, [punch('in', MON, '07:20', doubt), punch('out', MON, '16:05', doubt)]);
    expect(pending.status).toBe('tanpa_keterangan');
    expect(pending.reasons).toContain('punches_awaiting_review');
    expect(pending.reviews?.map((r) => [r.state, r.cause])).toEqual([
      ['pending', 'time_unverified'],
      ['pending', 'time_unverified'],
    ]);
    const ok = statusOn(ctx, MON, [
      punch('in', MON, '07:20', { ...doubt, review: accepted }),
      punch('out', MON, '16:05', { ...doubt, review: accepted }),
    ]);
    expect(ok.status).toBe('hadir');
    expect(bp(ok)).toBe(0);
  });
});
