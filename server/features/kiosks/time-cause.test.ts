/**
 * A kiosk's captures whose time the server doubts wait for an admin like the phone's
 * (issue 9 item 2), over real HTTP on both engines.
 *
 * The tablet at the puskesmas takes an anchor at 07:00 and delivers Andi's 07:30 press at
 * once; Dewi's 07:10 press, made on the same tablet before that delivery, arrives only at
 * 09:00 (contact_gap: the kiosk talked to the server at 07:30 without sending it), and a
 * 08:00 press timed by the tablet's own clock arrives an hour late (time_unverified).
 * Both are stored, listed in the review queue with the evidence, and leave the day
 * waiting for review; the prompt anchored press counts as it is.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMENTAN_68_2012 } from '../../../core/attendance/presets.js';
import { kioskCaptureCanonical, kioskHelloCanonical } from '../../../core/kiosk.js';
import type {
  KioskBatchResponse,
  KioskCapture,
  KioskEnrolResponse,
  KioskHelloResponse,
} from '../../../core/kiosk.js';
import { insertEmployee } from '../employees/store.js';
import { insertRuleSet } from '../rules/store.js';
import { assignLocation } from '../sites/store.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, newId, startServer, wita } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

const DAY = 86_400_000;
const PIN_A = '482915';
const PIN_D = '730164';
const NIP_D = '199203042020122003';

interface QueueItem {
  punchId: string;
  localTime: string;
  evidence: { timeSource: string; anchorTime: string | null; receivedAt: string; contactAt: string | null };
  review: { status: string; cause: string | null };
}

describe.each(ENGINES)('kiosk captures whose time is in doubt on %s', (engine) => {
  let s: TestServer;
  let clock = wita(6, 50);
  let dinkes: string;
  let kioskId: string;
  let key: string;
  let employeeD: number;

  const sign = (c: KioskCapture) =>
    createHmac('sha256', Buffer.from(key, 'base64url'))
      .update(kioskCaptureCanonical(kioskId, c))
      .digest('base64url');
  const send = (captures: KioskCapture[]) =>
    call<KioskBatchResponse>(s.url, 'POST', '/api/v1/kiosk/captures', {
      body: { kioskId, captures: captures.map((c) => ({ ...c, signature: sign(c) })) },
    });
  const hello = () => {
    const sentAt = new Date(clock).toISOString();
    const signature = createHmac('sha256', Buffer.from(key, 'base64url'))
      .update(kioskHelloCanonical(kioskId, sentAt))
      .digest('base64url');
    return call<KioskHelloResponse>(s.url, 'POST', '/api/v1/kiosk/hello', {
      body: { kioskId, sentAt, signature },
    });
  };
  const storedRow = (id: string) =>
    s.t.db.selectFrom('punches').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    s = await startServer(engine, { now: () => clock });
    await insertRuleSet(s.t.db, s.seeded.units.pemda, PERMENTAN_68_2012, wita(0, 0) - 30 * DAY, null);
    dinkes = (await login(s.url, 'admin.dinkes')).token;
    employeeD = (
      await insertEmployee(s.t.db, {
        kind: 'pns',
        nip: NIP_D,
        internalId: null,
        name: 'Dewi Lestari',
        unitId: s.seeded.units.puskesmas,
        position: 'Bidan',
        active: true,
      })
    ).id;
    await assignLocation(s.t.db, employeeD, s.seeded.locations.makassar);
    s.app.hadir.directory.invalidate();
    await s.app.hadir.directory.settled();
    const created = await call<{ kiosk: { id: string }; code: string }>(s.url, 'POST', '/api/v1/kiosks', {
      token: dinkes,
      body: { siteId: s.seeded.locations.makassar, label: 'Pintu depan' },
    });
    expect(created.status).toBe(201);
    const enrol = await call<KioskEnrolResponse>(s.url, 'POST', '/api/v1/kiosk/enrol', {
      body: { code: created.body.code },
    });
    expect(enrol.status).toBe(201);
    [kioskId, key] = [enrol.body.kioskId, enrol.body.key];
    for (const [employeeId, pin] of [
      [s.seeded.employees.a, PIN_A],
      [employeeD, PIN_D],
    ] as const) {
      const r = await call(s.url, 'POST', `/api/v1/employees/${employeeId}/kiosk-credentials`, {
        token: dinkes,
        body: { pin },
      });
      expect(r.status).toBe(200);
    }
  });
  afterAll(() => s?.close());

  it('names a late capture made before a later contact of the kiosk contact_gap, and a late wall-clock one time_unverified', async () => {
    clock = wita(7, 0);
    const anchor = (await hello()).body.anchor.token;
    // 07:10: Dewi presses; the tablet keeps it (say its outbox lost track of it).
    const dewi: KioskCapture = {
      id: newId(wita(7, 10)),
      kind: 'in',
      capturedAt: new Date(wita(7, 10)).toISOString(),
      nip: NIP_D,
      pin: PIN_D,
      time: { anchor, elapsedMs: 10 * 60_000, deviceTime: new Date(wita(7, 10)).toISOString(), skewMs: 0 },
    };
    // 07:30: Andi presses and the tablet delivers that press at once.
    clock = wita(7, 30);
    const andi: KioskCapture = {
      id: newId(wita(7, 30)),
      kind: 'in',
      capturedAt: new Date(wita(7, 30)).toISOString(),
      nip: '19860926 201505 1 001',
      pin: PIN_A,
      time: { anchor, elapsedMs: 30 * 60_000, deviceTime: new Date(wita(7, 30)).toISOString(), skewMs: 0 },
    };
    const prompt = await send([andi]);
    expect(prompt.body.results.map((r) => r.status)).toEqual([201]);
    // A press that simply counts says nothing of review.
    expect(prompt.body.results[0]!.body).not.toHaveProperty('review');
    // 09:00: Dewi's press arrives, and a press the tablet timed by its own clock at 08:00.
    clock = wita(9, 0);
    const wallClock: KioskCapture = {
      id: newId(wita(8, 0)),
      kind: 'out',
      capturedAt: new Date(wita(8, 0)).toISOString(),
      nip: '19860926 201505 1 001',
      pin: PIN_A,
    };
    const late = await send([dewi, wallClock]);
    expect(late.body.results.map((r) => r.status)).toEqual([201, 201]);
    // The kiosk is told each waits for an admin, and why, as the phone is.
    expect(late.body.results.map((r) => [r.body?.review?.status, r.body?.review?.cause])).toEqual([
      ['pending', 'contact_gap'],
      ['pending', 'time_unverified'],
    ]);
    // Sent again (the first answer lost): stored before, and still waiting.
    const again = await send([dewi, wallClock]);
    expect(again.body.results.map((r) => [r.status, r.body?.review?.status, r.body?.review?.cause])).toEqual([
      [200, 'pending', 'contact_gap'],
      [200, 'pending', 'time_unverified'],
    ]);

    const [a, d, w] = await Promise.all([andi.id, dewi.id, wallClock.id].map(storedRow));
    expect([a!.time_cause, JSON.parse(a!.flags)]).toEqual([null, []]);
    expect(d).toMatchObject({
      fence_status: 'inside',
      time_source: 'anchor',
      time_cause: 'contact_gap',
      contact_at: wita(7, 30),
    });
    expect(JSON.parse(d!.flags)).toEqual(expect.arrayContaining(['capture_delayed', 'contact_gap']));
    expect(w).toMatchObject({ time_source: 'device_clock', time_cause: 'time_unverified' });
  });

  it('lists them in the review queue with the evidence, and the day waits for an admin', async () => {
    dinkes = (await login(s.url, 'admin.dinkes')).token;
    const q = await call<{ items: QueueItem[] }>(
      s.url,
      'GET',
      '/api/v1/check-ins/reviews?from=2026-03-02&to=2026-03-02',
      { token: dinkes },
    );
    expect(q.status).toBe(200);
    const byTime = q.body.items.map((i) => [i.localTime, i.review.status, i.review.cause]).sort();
    expect(byTime).toEqual([
      ['07:10:00', 'pending', 'contact_gap'],
      ['08:00:00', 'pending', 'time_unverified'],
    ]);
    const dewi = q.body.items.find((i) => i.localTime === '07:10:00')!;
    expect(dewi.evidence).toMatchObject({
      timeSource: 'anchor',
      anchorTime: new Date(wita(7, 0)).toISOString(),
      receivedAt: new Date(wita(9, 0)).toISOString(),
      contactAt: new Date(wita(7, 30)).toISOString(),
    });
    const daily = await call<{ days: { employeeId: number; checkInAt: string | null; reasons: string[] }[] }>(
      s.url,
      'GET',
      `/api/v1/units/${s.seeded.units.puskesmas}/daily?date=2026-03-02`,
      { token: dinkes },
    );
    expect(daily.status).toBe(200);
    const day = daily.body.days.find((x) => x.employeeId === employeeD)!;
    expect(day.checkInAt).toBeNull();
    expect(day.reasons).toContain('punches_awaiting_review');
  });
});
