/**
 * Outside-the-fence punches: the phone and the report agree (issue 10 item 5). Under a
 * preset (acceptOutsideFence: false) the check-in answer says the punch waits for an
 * admin's review; the admins of the person's units see it in their queue with who, where
 * and the selfie, accept or reject it with a reason (audited, scoped, refused clearly
 * without a reason or for an unknown punch), and the daily list counts it only once
 * accepted, naming who decided and why.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMENTAN_68_2012 } from '../../../core/attendance/presets.js';
import type { CheckInResponse, TodayResponse } from '../../../core/wire.js';
import { insertPunches } from '../check-ins/store.js';
import { syntheticPunch } from '../reports/punch-rows.js';
import { insertRuleSet } from '../rules/store.js';
import { ENGINES } from '../../test-support/engines.js';
import {
  call,
  login,
  MAKASSAR,
  newId,
  NIP_A,
  NIP_B,
  startServer,
  wita,
} from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

/**
 * These punches are pressed with the morning's capturedAt while the server's clock says
 * evening: a time the server could not verify (issue 9 item 2, time-review.test.ts). This
 * file is about the fence, so its rule set counts such times as recorded.
 */
const FENCE_ONLY = { ...PERMENTAN_68_2012, unverifiedTime: 'count' as const };
/** 22:30 WITA on Monday 2 March 2026. */
const EVENING = wita(22, 30);
/** About 1.1 km north of the Makassar office (radius 100 m). */
const AWAY = { lat: MAKASSAR.lat + 0.01, lon: MAKASSAR.lon };

interface QueueItem {
  punchId: string;
  kind: string;
  localTime: string;
  workDate: string;
  employee: { id: number; name: string; nip: string | null; unitName: string };
  position: { lat: number; lon: number; accuracy: number } | null;
  site: { id: number | null; name: string | null; distanceM: number };
  photoUrl: string | null;
  review: { status: string; decidedBy: string | null; reason: string | null };
}
interface Queue {
  from: string;
  to: string;
  status: string;
  total: number;
  items: QueueItem[];
}

describe.each(ENGINES)('review of punches outside the fence on %s', (engine) => {
  let s: TestServer;
  let tokenA: string;
  let tokenB: string;
  let agency: string;
  let dinkes: string;
  let disdik: string;
  let outsideIn: string;

  beforeAll(async () => {
    // The evening of the day: its windows have closed, so the daily list judges it.
    s = await startServer(engine, { now: () => EVENING });
    await insertRuleSet(s.t.db, s.seeded.units.pemda, FENCE_ONLY, wita(0, 0), null);
    [tokenA, tokenB, agency, dinkes, disdik] = (
      await Promise.all([NIP_A, NIP_B, 'admin', 'admin.dinkes', 'admin.disdik'].map((u) => login(s.url, u)))
    ).map((l) => l.token) as [string, string, string, string, string];
  });
  afterAll(() => s?.close());

  const checkIn = (at: number, where: { lat: number; lon: number }, kind = 'in', token = tokenA) =>
    call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', {
      token,
      body: {
        id: newId(at),
        kind,
        capturedAt: new Date(at).toISOString(),
        location: { ...where, accuracy: 15 },
      },
    });
  const queue = (token: string, query = '') =>
    call<Queue>(s.url, 'GET', `/api/v1/check-ins/reviews${query}`, { token });
  const decide = (token: string, id: string, body: unknown) =>
    call<{ review: { status: string; decidedBy: string; reason: string }; history: unknown[] }>(
      s.url,
      'POST',
      `/api/v1/check-ins/${id}/review`,
      { token, body },
    );
  const daily = async () => {
    const r = await call<{
      days: {
        employeeId: number;
        status: string;
        checkInAt: string | null;
        reasons: string[];
        reviews?: { state: string; by: string | null; reason: string | null }[];
      }[];
    }>(s.url, 'GET', `/api/v1/units/${s.seeded.units.puskesmas}/daily?date=2026-03-02`, { token: agency });
    expect(r.status).toBe(200);
    return r.body.days.find((d) => d.employeeId === s.seeded.employees.a)!;
  };

  it('tells the employee at the press that an outside punch counts only once an admin accepts it', async () => {
    const r = await checkIn(wita(7, 20), AWAY);
    expect(r.status).toBe(201);
    expect(r.body.fence.status).toBe('outside');
    expect(r.body.review).toEqual({
      status: 'pending',
      cause: 'outside_fence',
      decidedBy: null,
      reason: null,
      decidedAt: null,
    });
    outsideIn = r.body.id;
    // The same in the employee's day, and the day counts no check-in yet.
    const today = await call<TodayResponse>(s.url, 'GET', '/api/v1/me/today', { token: tokenA });
    expect(today.body.punches.find((p) => p.id === outsideIn)?.review?.status).toBe('pending');
  });

  it('says nothing of a review for a punch inside the fence', async () => {
    const r = await checkIn(wita(16, 5), MAKASSAR, 'out');
    expect(r.status).toBe(201);
    expect(r.body.fence.status).toBe('inside');
    expect(r.body.review).toBeUndefined();
  });

  it('the daily list shows the day without the outside check-in, awaiting review', async () => {
    const d = await daily();
    expect(d).toMatchObject({ status: 'lupa_absen_masuk', checkInAt: null });
    expect(d.reasons).toEqual(expect.arrayContaining(['punches_outside_fence', 'punches_awaiting_review']));
    expect(d.reviews).toEqual([expect.objectContaining({ state: 'pending', by: null, reason: null })]);
  });

  it('lists the punch for the admins of its units, with who, where and how far', async () => {
    for (const token of [dinkes, agency]) {
      const r = await queue(token);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'pending', total: 1, to: '2026-03-02', from: '2026-01-31' });
      const item = r.body.items[0]!;
      expect(item).toMatchObject({
        punchId: outsideIn,
        kind: 'in',
        localTime: '07:20:00',
        workDate: '2026-03-02',
        employee: { id: s.seeded.employees.a, name: 'Andi Rahman', nip: NIP_A, unitName: 'Puskesmas Kota' },
        position: { ...AWAY, accuracy: 15 },
        site: { id: s.seeded.locations.makassar, name: 'Puskesmas Kota' },
        photoUrl: null,
        review: { status: 'pending' },
      });
      expect(item.site.distanceM).toBeGreaterThan(1000);
    }
    // Another OPD's admin sees none of it, and their queue of someone else's unit is missing.
    expect((await queue(disdik)).body.total).toBe(0);
    const other = await queue(disdik, `?unitId=${s.seeded.units.puskesmas}`);
    expect(other.status).toBe(404);
    // Employees may not read the queue at all.
    expect((await queue(tokenA)).status).toBe(403);
  });

  it('bounds the period of the queue', async () => {
    const r = await queue(dinkes, '?from=2026-01-01&to=2026-12-31');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'invalid_query', details: [{ field: '/to', reason: 'too_long' }] });
    expect((await queue(dinkes, '?from=2026-02-30')).status).toBe(400);
  });

  it('refuses a decision without a reason, clearly, in both languages, and writes nothing', async () => {
    for (const body of [{ decision: 'accept' }, { decision: 'accept', reason: '   ' }]) {
      const r = await decide(dinkes, outsideIn, body);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({
        code: 'reason_required',
        message: { id: 'Alasan wajib diisi.', en: 'A reason is required.' },
        details: [{ field: '/reason', reason: 'required' }],
      });
    }
    expect((await decide(dinkes, outsideIn, { decision: 'maybe', reason: 'x' })).status).toBe(400);
    expect((await queue(dinkes)).body.total).toBe(1);
  });

  it('answers an unknown punch and a punch outside the admin’s units alike: 404', async () => {
    const missing = await decide(dinkes, newId(), { decision: 'accept', reason: 'tugas luar' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'not_found' });
    const outside = await decide(disdik, outsideIn, { decision: 'accept', reason: 'tugas luar' });
    expect(outside.status).toBe(404);
    expect(outside.body).toEqual(missing.body);
    expect((await decide(tokenA, outsideIn, { decision: 'accept', reason: 'x' })).status).toBe(403);
  });

  it('accepts the punch: it counts, the daily list names who accepted it and why, the audit log has it', async () => {
    const r = await decide(dinkes, outsideIn, { decision: 'accept', reason: 'Rapat di kantor camat' });
    expect(r.status).toBe(201);
    expect(r.body.review).toMatchObject({
      status: 'accepted',
      decidedBy: 'admin.dinkes',
      reason: 'Rapat di kantor camat',
    });
    const d = await daily();
    expect(d.status).toBe('hadir');
    expect(d.checkInAt).toBe(new Date(wita(7, 20)).toISOString());
    expect(d.reasons).toContain('punches_accepted_on_review');
    expect(d.reviews).toEqual([
      expect.objectContaining({ state: 'accepted', by: 'admin.dinkes', reason: 'Rapat di kantor camat' }),
    ]);
    expect((await queue(dinkes)).body.total).toBe(0);
    const accepted = await queue(dinkes, '?status=accepted');
    expect(accepted.body.items.map((i) => [i.punchId, i.review.decidedBy, i.review.reason])).toEqual([
      [outsideIn, 'admin.dinkes', 'Rapat di kantor camat'],
    ]);
    const log = await s.t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target', '=', `punch:${outsideIn}`)
      .execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      action: 'punch.accepted',
      actor_label: `unit_admin:${s.seeded.accounts.dinkesAdmin}`,
    });
    expect(JSON.parse(log[0]!.detail)).toMatchObject({
      reason: 'Rapat di kantor camat',
      before: { decision: null },
      after: { decision: 'accepted', reason: 'Rapat di kantor camat' },
    });
    // The employee's day shows the decision, and counts the check-in.
    const att = await call<{
      days: { punches: CheckInResponse[]; counted: { in: { id: string } | null } }[];
    }>(s.url, 'GET', '/api/v1/me/attendance?from=2026-03-02&to=2026-03-02', { token: tokenA });
    expect(att.body.days[0]!.punches.find((p) => p.id === outsideIn)?.review).toMatchObject({
      status: 'accepted',
      decidedBy: 'admin.dinkes',
      reason: 'Rapat di kantor camat',
    });
    expect(att.body.days[0]!.counted.in?.id).toBe(outsideIn);
  });

  it('refuses to repeat the decision in force; a different one replaces it as a new row (the latest wins)', async () => {
    const again = await decide(agency, outsideIn, { decision: 'accept', reason: 'sekali lagi' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'review_unchanged' });
    const r = await decide(agency, outsideIn, { decision: 'reject', reason: 'Tidak ada surat tugas' });
    expect(r.status).toBe(201);
    expect(r.body.history).toHaveLength(2);
    const d = await daily();
    expect(d.status).toBe('lupa_absen_masuk');
    expect(d.reasons).toContain('punches_rejected_on_review');
    expect(d.reviews).toEqual([
      expect.objectContaining({ state: 'rejected', by: 'admin', reason: 'Tidak ada surat tugas' }),
    ]);
    const rows = await s.t.db
      .selectFrom('punch_reviews')
      .selectAll()
      .where('punch_id', '=', outsideIn)
      .execute();
    expect(rows.map((x) => x.decision)).toEqual(['accepted', 'rejected']);
  });

  it('refuses a review of a punch inside the fence: it counts as usual', async () => {
    // Pressed at the server's time, so its time is not in doubt either (time-review.test.ts).
    const inside = await checkIn(EVENING, MAKASSAR, 'in', tokenA);
    const r = await decide(dinkes, inside.body.id, { decision: 'reject', reason: 'x' });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'punch_not_reviewable' });
  });

  it('an employee elsewhere sees the same at the press (their own unit’s rules)', async () => {
    const r = await checkIn(wita(7, 40), MAKASSAR, 'in', tokenB);
    expect(r.status).toBe(201);
    // Budi's fence is in Jakarta: Makassar is outside it.
    expect(r.body.fence.status).toBe('outside');
    expect(r.body.review?.status).toBe('pending');
    expect((await queue(disdik)).body.items.map((i) => i.employee.name)).toEqual(['Budi Santoso']);
  });
});

describe.each(ENGINES)('a rule set that accepts outside punches, on %s', (engine) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer(engine, { now: () => EVENING });
    await insertRuleSet(
      s.t.db,
      s.seeded.units.pemda,
      { ...FENCE_ONLY, id: 'lenient@2026-01-01', acceptOutsideFence: true },
      wita(0, 0),
      null,
    );
  });
  afterAll(() => s?.close());

  it('counts the punch without a review, and the phone is told nothing of one', async () => {
    const token = (await login(s.url, NIP_A)).token;
    const at = wita(7, 20);
    const r = await call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', {
      token,
      body: {
        id: newId(at),
        kind: 'in',
        capturedAt: new Date(at).toISOString(),
        location: { ...AWAY, accuracy: 15 },
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.fence.status).toBe('outside');
    expect(r.body.review).toBeUndefined();
    const q = await call<Queue>(s.url, 'GET', '/api/v1/check-ins/reviews', {
      token: (await login(s.url, 'admin')).token,
    });
    expect(q.body.total).toBe(0);
  });
});

describe.each(ENGINES)('the review queue links the selfie of a punch, on %s', (engine) => {
  let s: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hadir-review-photo-'));
    s = await startServer(engine, { now: () => EVENING, config: { dataDir } });
    await insertRuleSet(s.t.db, s.seeded.units.pemda, FENCE_ONLY, wita(0, 0), null);
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives a link an admin in scope can open, and none for a punch without a stored selfie', async () => {
    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#3070c0' } })
      .jpeg()
      .toBuffer();
    const at = wita(7, 20);
    const withPhoto = newId(at);
    const without = newId(at + 60_000);
    const outside = { fence_status: 'outside', location_name: 'Puskesmas Kota', distance_m: 1112 };
    await insertPunches(s.t.db, [
      syntheticPunch(withPhoto, s.seeded.employees.a, 'in', at, 'Asia/Makassar', {
        ...outside,
        photo_sha256: createHash('sha256').update(jpeg).digest('hex'),
        photo_bytes: jpeg.length,
      }),
      syntheticPunch(without, s.seeded.employees.a, 'out', at + 60_000, 'Asia/Makassar', outside),
    ]);
    const put = await fetch(`${s.url}/api/v1/check-ins/${withPhoto}/photo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${(await login(s.url, NIP_A)).token}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(jpeg),
    });
    expect(put.status).toBe(201);
    const dinkes = (await login(s.url, 'admin.dinkes')).token;
    const q = await call<Queue>(s.url, 'GET', '/api/v1/check-ins/reviews', { token: dinkes });
    const links = new Map(q.body.items.map((i) => [i.punchId, i.photoUrl]));
    expect(links.get(withPhoto)).toBe(`/api/v1/check-ins/${withPhoto}/photo`);
    expect(links.get(without)).toBeNull();
    const photo = await fetch(`${s.url}${links.get(withPhoto)!}`, {
      headers: { authorization: `Bearer ${dinkes}` },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
  });
});
