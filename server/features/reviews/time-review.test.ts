/**
 * A punch dated into the past (issue 9 item 2), over real HTTP on both engines.
 *
 * An employee with no punches on Monday sends two signed captures on Tuesday morning
 * dated Monday: both are stored (offline capture stays), but under a preset
 * (unverifiedTime 'review') the day stays TK and the punches wait in the admins' queue
 * with the evidence until an admin accepts them; a rejected one never counts. A capture
 * whose anchor is older than a later contact of the same device that did not deliver it
 * is named contact_gap, and a skewMs the server's own measurement contradicts is bounded.
 *
 * ASVS 5.0: V2.2.3 (the server checks what the client claims against what it knows),
 * V2.3.1 / V2.3.2 (a business step — counting for pay — happens only after the step it
 * depends on: an admin's review of a time the server could not verify).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMENTAN_68_2012 } from '../../../core/attendance/presets.js';
import { captureCanonical } from '../../../core/capture.js';
import type {
  CheckInRequest,
  CheckInResponse,
  DeviceEnrolResponse,
  TimeResponse,
} from '../../../core/wire.js';
import { insertRuleSet } from '../rules/store.js';
import { ENGINES } from '../../test-support/engines.js';
import {
  call,
  JAKARTA,
  login,
  MAKASSAR,
  newId,
  NIP_A,
  NIP_B,
  startServer,
  wita,
} from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Monday 2 March 2026, WITA; `tue` and `wed` the days after. */
const mon = (hh: number, mm: number) => wita(hh, mm);
const tue = (hh: number, mm: number) => wita(hh, mm) + DAY;
const wed = (hh: number, mm: number) => wita(hh, mm) + 2 * DAY;

function sign(req: CheckInRequest, device: { deviceId: string; key: string }): CheckInRequest {
  const signature = createHmac('sha256', Buffer.from(device.key, 'base64url'))
    .update(captureCanonical(req))
    .digest('base64url');
  return { ...req, device: { id: device.deviceId, signature } };
}

interface QueueItem {
  punchId: string;
  localTime: string;
  workDate: string;
  photoUrl: string | null;
  position: { lat: number; lon: number; accuracy: number } | null;
  evidence: {
    timeSource: string;
    capturedAt: string;
    anchorTime: string | null;
    receivedAt: string;
    delayMs: number;
    contactAt: string | null;
  };
  review: { status: string; cause: string | null };
}
interface Day {
  employeeId: number;
  status: string;
  checkInAt: string | null;
  checkOutAt: string | null;
  reasons: string[];
  reviews?: { state: string; cause: string | null; by: string | null }[];
}

describe.each(ENGINES)('punches dated into the past on %s', (engine) => {
  let s: TestServer;
  let clock = tue(7, 40);
  let tokenA: string;
  let tokenB: string;
  let agency: string;
  let dinkes: string;
  let devA: DeviceEnrolResponse;
  let devB: DeviceEnrolResponse;
  const ids: { in?: string; out?: string } = {};

  beforeAll(async () => {
    s = await startServer(engine, { config: { deviceBinding: 'required' }, now: () => clock });
    await insertRuleSet(s.t.db, s.seeded.units.pemda, PERMENTAN_68_2012, wita(0, 0) - 30 * DAY, null);
    await setClock(clock);
    const enrol = (token: string) =>
      call<DeviceEnrolResponse>(s.url, 'POST', '/api/v1/devices', { token, body: { label: 'Ponsel' } });
    devA = (await enrol(tokenA)).body;
    devB = (await enrol(tokenB)).body;
  });
  afterAll(() => s?.close());

  /** Moves the server's clock, and signs everyone in again (access tokens live 15 minutes). */
  async function setClock(ms: number): Promise<void> {
    clock = ms;
    [tokenA, tokenB, agency, dinkes] = (
      await Promise.all([NIP_A, NIP_B, 'admin', 'admin.dinkes'].map((u) => login(s.url, u)))
    ).map((l) => l.token) as [string, string, string, string];
  }

  const post = (b: CheckInRequest, token: string) =>
    call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', { token, body: b });
  const anchorFor = async (token: string, deviceId: string) =>
    (
      await call<TimeResponse>(s.url, 'GET', '/api/v1/time', {
        token,
        headers: { 'x-hadir-device': deviceId },
      })
    ).body.anchor;
  const capture = (
    at: number,
    kind: 'in' | 'out',
    time: CheckInRequest['time'],
    where = MAKASSAR,
  ): CheckInRequest => ({
    id: newId(at),
    kind,
    capturedAt: new Date(at).toISOString(),
    location: { ...where, accuracy: 10 },
    ...(time && { time }),
  });
  const queue = async (token = dinkes, query = '?from=2026-03-01&to=2026-03-04') => {
    const r = await call<{ total: number; items: QueueItem[] }>(
      s.url,
      'GET',
      `/api/v1/check-ins/reviews${query}`,
      { token },
    );
    expect(r.status).toBe(200);
    return r.body;
  };
  const daily = async (employeeId: number, unitId = s.seeded.units.puskesmas, date = '2026-03-02') => {
    const r = await call<{ days: Day[] }>(s.url, 'GET', `/api/v1/units/${unitId}/daily?date=${date}`, {
      token: agency,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.days.find((d) => d.employeeId === employeeId)!;
  };
  const decide = (id: string, decision: 'accept' | 'reject', reason: string) =>
    call(s.url, 'POST', `/api/v1/check-ins/${id}/review`, { token: dinkes, body: { decision, reason } });

  it("stores yesterday's two captures sent the next morning, but tells the phone they wait for an admin", async () => {
    await setClock(tue(7, 40));
    for (const [kind, at] of [
      ['in', mon(7, 25)],
      ['out', mon(16, 5)],
    ] as const) {
      const iso = new Date(at).toISOString();
      const r = await post(sign(capture(at, kind, { deviceTime: iso }), devA), tokenA);
      expect(r.status).toBe(201);
      expect(r.body.workDate).toBe('2026-03-02');
      expect(r.body.flags).toEqual(expect.arrayContaining(['time_unverified', 'capture_delayed']));
      expect(r.body.review).toEqual({
        status: 'pending',
        cause: 'time_unverified',
        decidedBy: null,
        reason: null,
        decidedAt: null,
      });
      ids[kind] = r.body.id;
    }
  });

  it('keeps the day TK until an admin accepts the punches', async () => {
    const d = await daily(s.seeded.employees.a);
    expect(d).toMatchObject({ status: 'tanpa_keterangan', checkInAt: null, checkOutAt: null });
    expect(d.reasons).toContain('punches_awaiting_review');
    expect(d.reviews?.map((r) => [r.state, r.cause])).toEqual([
      ['pending', 'time_unverified'],
      ['pending', 'time_unverified'],
    ]);
  });

  it('lists them in the review queue with the evidence: no anchor, when they arrived, the position', async () => {
    const q = await queue();
    const mine = q.items.filter((i) => i.punchId === ids.in || i.punchId === ids.out);
    expect(mine).toHaveLength(2);
    const first = mine.find((i) => i.punchId === ids.in)!;
    expect(first).toMatchObject({
      workDate: '2026-03-02',
      localTime: '07:25:00',
      position: { ...MAKASSAR, accuracy: 10 },
      photoUrl: null,
      review: { status: 'pending', cause: 'time_unverified' },
      evidence: {
        timeSource: 'device_clock',
        capturedAt: new Date(mon(7, 25)).toISOString(),
        anchorTime: null,
        receivedAt: new Date(tue(7, 40)).toISOString(),
        delayMs: tue(7, 40) - mon(7, 25),
      },
    });
  });

  it('counts an accepted punch, never a rejected one, and names who decided', async () => {
    expect((await decide(ids.in!, 'accept', 'Sinyal hilang di puskesmas, dicek dengan kepala')).status).toBe(
      201,
    );
    expect((await decide(ids.out!, 'reject', 'Tidak ada bukti pulang')).status).toBe(201);
    const d = await daily(s.seeded.employees.a);
    expect(d.checkInAt).toBe(new Date(mon(7, 25)).toISOString());
    expect(d.checkOutAt).toBeNull();
    expect(d.status).not.toBe('hadir');
    expect(d.status).not.toBe('tanpa_keterangan');
    expect(d.reviews?.map((r) => [r.state, r.by !== null])).toEqual([
      ['accepted', true],
      ['rejected', true],
    ]);
    // Accepting the check-out too makes the day present.
    expect((await decide(ids.out!, 'accept', 'Surat keterangan kepala puskesmas')).status).toBe(201);
    expect((await daily(s.seeded.employees.a)).status).toBe('hadir');
  });

  it('names a capture made before a later contact of the device that did not deliver it: contact_gap', async () => {
    await setClock(mon(7, 20));
    const anchor = await anchorFor(tokenB, devB.deviceId);
    // The phone talks to the server at noon, and does not send the 07:25 capture.
    await setClock(mon(12, 0));
    await anchorFor(tokenB, devB.deviceId);
    await setClock(tue(7, 45));
    const at = mon(7, 25);
    const iso = new Date(at).toISOString();
    const r = await post(
      sign(
        capture(at, 'in', { anchor: anchor.token, elapsedMs: 5 * 60_000, deviceTime: iso }, JAKARTA),
        devB,
      ),
      tokenB,
    );
    expect(r.status).toBe(201);
    expect(r.body.timeSource).toBe('anchor');
    expect(r.body.timeOfRecord).toBe(iso);
    expect(r.body.flags).toEqual(expect.arrayContaining(['capture_delayed', 'contact_gap']));
    expect(r.body.review).toMatchObject({ status: 'pending', cause: 'contact_gap' });
    const item = (await queue(agency)).items.find((i) => i.punchId === r.body.id)!;
    expect(item.evidence).toMatchObject({
      timeSource: 'anchor',
      anchorTime: new Date(mon(7, 20)).toISOString(),
      receivedAt: new Date(tue(7, 45)).toISOString(),
      contactAt: new Date(mon(12, 0)).toISOString(),
    });
    const d = await daily(s.seeded.employees.b, s.seeded.units.disdik);
    expect(d.checkInAt).toBeNull();
    expect(d.reviews).toEqual([expect.objectContaining({ state: 'pending', cause: 'contact_gap' })]);
  });

  it('bounds a skewMs that moves a punch three hours back by the skew the server measured', async () => {
    // An anchored, prompt punch: the server measures the phone's clock as right.
    await setClock(wed(7, 0));
    const anchor = await anchorFor(tokenA, devA.deviceId);
    await setClock(wed(7, 5));
    const first = await post(
      sign(
        capture(wed(7, 5), 'in', {
          anchor: anchor.token,
          elapsedMs: 5 * 60_000,
          deviceTime: new Date(wed(7, 5)).toISOString(),
        }),
        devA,
      ),
      tokenA,
    );
    expect(first.status).toBe(201);
    expect(first.body.review).toBeUndefined();
    // Then, without an anchor, the phone claims its clock runs three hours ahead.
    await setClock(wed(16, 10));
    const now = new Date(wed(16, 10)).toISOString();
    const r = await post(
      sign(capture(wed(16, 10), 'out', { deviceTime: now, skewMs: 3 * HOUR }), devA),
      tokenA,
    );
    expect(r.status).toBe(201);
    expect(r.body.timeOfRecord).toBe(now);
    expect(r.body.localTime).toBe('16:10:00');
    expect(r.body.flags).toEqual(expect.arrayContaining(['time_unverified', 'skew_bounded']));
    expect(r.body.review).toBeUndefined();
  });
  it("leaves a punch whose time is in doubt off the live board's present count until it is accepted", async () => {
    const thu = (hh: number, mm: number) => wita(hh, mm) + 3 * DAY;
    const totals = async () => {
      const r = await call<{ totals: { checkedIn: number; notYet: number } }>(
        s.url,
        'GET',
        '/api/v1/live/board',
        { token: agency },
      );
      expect(r.status).toBe(200);
      return r.body.totals;
    };
    /** Reads the board until `want` holds (it applies committed punches off the answer path). */
    const boardUntil = async (want: (t: { checkedIn: number }) => boolean) => {
      for (let i = 0; i < 200; i++) {
        const t = await totals();
        if (want(t)) return t;
        await new Promise((r) => setTimeout(r, 25));
      }
      return totals();
    };
    await setClock(thu(9, 0));
    expect(await totals()).toMatchObject({ checkedIn: 0 });
    // A: this morning's press sent at 09:00 with only the phone's clock for its time.
    const doubtful = await post(
      sign(capture(thu(7, 20), 'in', { deviceTime: new Date(thu(7, 20)).toISOString() }), devA),
      tokenA,
    );
    expect(doubtful.status).toBe(201);
    expect(doubtful.body.review).toMatchObject({ status: 'pending', cause: 'time_unverified' });
    // B: an anchored, prompt press, committed after A's, so once the board counts it, it has applied A's.
    const anchor = await anchorFor(tokenB, devB.deviceId);
    const iso = new Date(thu(9, 0)).toISOString();
    const prompt = await post(
      sign(capture(thu(9, 0), 'in', { anchor: anchor.token, elapsedMs: 0, deviceTime: iso }, JAKARTA), devB),
      tokenB,
    );
    expect(prompt.status).toBe(201);
    expect(prompt.body.review).toBeUndefined();
    expect(await boardUntil((t) => t.checkedIn >= 1)).toMatchObject({ checkedIn: 1 });
    const people = await call<{ people: { employeeId: number; category: string }[] }>(
      s.url,
      'GET',
      '/api/v1/live/people?filter=not_yet',
      { token: agency },
    );
    expect(people.status).toBe(200);
    expect(people.body.people.map((p) => p.employeeId)).toContain(s.seeded.employees.a);
    // Accepted: the next board counts A too.
    expect((await decide(doubtful.body.id, 'accept', 'Dicek dengan kepala puskesmas')).status).toBe(201);
    await setClock(thu(9, 5));
    expect(await boardUntil((t) => t.checkedIn >= 2)).toMatchObject({ checkedIn: 2 });
  });
});
