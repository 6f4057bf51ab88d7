/**
 * Capture first, sync later, in headless Chromium against a real server (in-process,
 * SQLite) whose clock the test moves: a punch pressed offline survives a reload served by
 * the service worker and reaches the server with the time it was pressed; a busy server
 * (503 + Retry-After) is waited out; a phone whose clock is hours wrong still records the
 * right time; and a selfie from a fake camera is compressed under 40 KB, uploaded after
 * the punch is accepted, and stored by the server.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AttendanceResponse,
  BatchCheckInRequest,
  CheckInResponse,
  DeviceEnrolResponse,
  DeviceListResponse,
} from '../../core/wire.js';
import {
  ADMIN,
  INSIDE,
  OFFICE_NAME,
  apiGet,
  apiLogin,
  apiPost,
  openPhone,
  signIn,
  startHarness,
  type Harness,
} from './harness.js';

/** Monday 9 February 2026, 07:41:00 in Jakarta (UTC+7). */
// Monday 9 February 2026, before Ramadan 1447 H (whose override starts the day at 08:00).
const NOW = Date.parse('2026-02-09T00:41:00.000Z');
const TODAY = '2026-02-09';
const HOUR = 3600_000;

const NIPS = {
  offline: '198609262015051011',
  busy: '199001012018012012',
  clock: '198803152012031013',
  selfie: '197912312005011014',
  pending: '198201012006041015',
  signedOut: '199105052015022016',
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    now: NOW,
    nips: Object.values(NIPS),
    // A fake front camera that needs no permission prompt.
    chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
});

afterAll(async () => {
  await h?.close();
});

async function punchesOf(nip: string): Promise<CheckInResponse[]> {
  const token = await apiLogin(h, nip);
  const res = await apiGet(h, token, `/me/attendance?from=${TODAY}&to=${TODAY}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as AttendanceResponse).days.flatMap((d) => d.punches);
}

/** The state shown for a punch in the page ('saved' | 'sent' | 'accepted' | 'refused'). */
async function waitForState(page: Page, state: string): Promise<void> {
  await page.locator(`.punch-state[data-state="${state}"]`).first().waitFor();
}

describe('offline-first capture in Chromium', () => {
  it('a punch pressed offline survives a reload served by the service worker and is stored with its capture time', async () => {
    h.clock.now = NOW;
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.offline);
      await page.getByText(`Anda berada di dalam area ${OFFICE_NAME}.`).waitFor();
      // The first visit installed the service worker with the precached shell.
      // `ready` resolves once a worker is active, possibly still 'activating': wait for the end.
      const swState = await page.evaluate(async () => {
        const sw = (await navigator.serviceWorker.ready).active;
        if (sw && sw.state !== 'activated') {
          await new Promise<void>((resolve) =>
            sw.addEventListener('statechange', () => {
              if (sw.state === 'activated') resolve();
            }),
          );
        }
        return sw?.state;
      });
      expect(swState).toBe('activated');

      await context.setOffline(true);
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await page.getByRole('status').getByText('Tersimpan di perangkat').waitFor();
      await page.getByText('1 menunggu dikirim').waitFor();
      const id = (await page.locator('.punch-state').first().getAttribute('data-id')) ?? '';
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      // IndexedDB holds it, committed.
      const stored = await page.evaluate(
        (key) =>
          new Promise<string | undefined>((resolve, reject) => {
            const open = indexedDB.open('hadir');
            open.onerror = () => reject(new Error(String(open.error)));
            open.onsuccess = () => {
              const get = open.result.transaction('outbox').objectStore('outbox').get(key);
              get.onsuccess = () => resolve((get.result as { state?: string } | undefined)?.state);
            };
          }),
        id,
      );
      expect(stored).toBe('saved');

      // Offline reload: the service worker serves the app; the punch is still there, waiting.
      await page.reload();
      await page.locator('#today-date').waitFor();
      await page.locator('[data-part="offline"]').waitFor();
      await waitForState(page, 'saved');
      await page.getByText('1 menunggu dikirim').waitFor();
      // Without network since the restart there is no anchor: the page says so.
      await page.locator('[data-part="time-unverified"]').waitFor();
      // The punch on the phone counts: the next press is the check-out.
      await page.getByRole('button', { name: 'Absen Pulang', exact: true }).waitFor();

      // Two hours later the phone is back online; the server receives the punch now.
      h.clock.now = NOW + 2 * HOUR;
      await context.setOffline(false);
      await waitForState(page, 'accepted');
      expect(await page.locator('.punch-state').first().innerText()).toContain('Terlambat 11 menit');
      await page.getByText('Semua absen sudah terkirim.').waitFor();

      const punches = await punchesOf(NIPS.offline);
      expect(punches).toHaveLength(1);
      const p = punches[0]!;
      expect(p.id).toBe(id);
      expect(p.timeSource).toBe('anchor');
      // The time of record is the press (07:41), not the arrival (09:41).
      expect(p.localTime.slice(0, 5)).toBe('07:41');
      expect(Date.parse(p.timeOfRecord) - NOW).toBeLessThan(60_000);
      expect(Date.parse(p.receivedAt)).toBe(NOW + 2 * HOUR);
      expect(p.timing.lateMinutes).toBe(11);
    } finally {
      await context.close();
      h.clock.now = NOW;
    }
  });

  it('the sign-in screen says a punch is still waiting on the phone, and signing in again sends it', async () => {
    h.clock.now = NOW;
    const waitingLine =
      '1 absen masih tersimpan di ponsel ini dan belum terkirim. Masuk lagi untuk mengirimnya.';
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.signedOut);
      await page.getByText(`Anda berada di dalam area ${OFFICE_NAME}.`).waitFor();
      // Pressed without network, then signed out before it could leave the phone.
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await page.getByRole('status').getByText('Tersimpan di perangkat').waitFor();
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.getByLabel('NIP atau nama pengguna').waitFor();
      await page.getByText(waitingLine).waitFor();
      expect(await punchesOf(NIPS.signedOut)).toHaveLength(0);

      // Back online, the employee signs in again: the punch goes out with its pressed time.
      h.clock.now = NOW + HOUR;
      await context.setOffline(false);
      await signIn(page, NIPS.signedOut);
      await waitForState(page, 'accepted');
      const punches = await punchesOf(NIPS.signedOut);
      expect(punches).toHaveLength(1);
      expect(punches[0]!.localTime.slice(0, 5)).toBe('07:41');

      // Nothing left on the phone: the sign-in screen no longer warns.
      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.getByLabel('NIP atau nama pengguna').waitFor();
      const states = await page.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const open = indexedDB.open('hadir');
            open.onerror = () => reject(new Error(String(open.error)));
            open.onsuccess = () => {
              const all = open.result.transaction('outbox').objectStore('outbox').getAll();
              all.onsuccess = () => resolve((all.result as { state: string }[]).map((i) => i.state));
            };
          }),
      );
      expect(states).toEqual(['accepted']);
      expect(await page.getByText(waitingLine).count()).toBe(0);
      expect(await page.getByText('absen masih tersimpan di ponsel ini').count()).toBe(0);
    } finally {
      await context.close();
      h.clock.now = NOW;
    }
  });

  it('a busy server (503 + Retry-After) is retried on its own, and the punch is stored once', async () => {
    h.clock.now = NOW;
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.busy);
      await page.getByText(`Anda berada di dalam area ${OFFICE_NAME}.`).waitFor();
      h.busy.refused = 0;
      h.busy.retryAfter = 1;
      const sent: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/check-ins/batch')) {
          sent.push(...(r.postDataJSON() as BatchCheckInRequest).checkIns.map((c) => c.id));
        }
      });
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await page.getByRole('status').getByText('Tersimpan di perangkat').waitFor();
      await page.getByRole('button', { name: 'Kirim sekarang' }).waitFor();
      // The phone comes back by itself, after Retry-After, more than once.
      await expect.poll(() => h.busy.refused, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      await waitForState(page, 'saved');

      h.busy.retryAfter = null;
      await page.getByRole('status').getByText('Diterima server').waitFor({ timeout: 20_000 });
      const punches = await punchesOf(NIPS.busy);
      expect(punches).toHaveLength(1);
      // Every try carried the same capture id.
      expect(new Set(sent)).toEqual(new Set([punches[0]!.id]));
      expect(sent.length).toBeGreaterThanOrEqual(3);
    } finally {
      h.busy.retryAfter = null;
      await context.close();
    }
  });

  it('with the phone clock five hours wrong the time of record is still right', async () => {
    h.clock.now = NOW;
    // The phone's Date runs five hours ahead of the true time (here the server's NOW).
    const initScript = `(() => {
      const RealDate = Date;
      const offset = ${NOW + 5 * HOUR} - RealDate.now();
      class ShiftedDate extends RealDate {
        constructor(...args) { if (args.length === 0) super(RealDate.now() + offset); else super(...args); }
        static now() { return RealDate.now() + offset; }
      }
      globalThis.Date = ShiftedDate;
    })();`;
    const { context, page } = await openPhone(h, INSIDE, { initScript });
    try {
      expect(await page.evaluate(() => new Date().getUTCHours())).toBe(5);
      await signIn(page, NIPS.clock);
      await page.getByText(`Anda berada di dalam area ${OFFICE_NAME}.`).waitFor();
      // The page tells the employee that the clock is off.
      await page.getByText('Jam ponsel berbeda 300 menit dari server.', { exact: false }).waitFor();

      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await page.getByRole('status').getByText('Diterima server').waitFor();
      expect(await page.getByRole('status').innerText()).toContain('Absen masuk pukul 07:41');

      const [p] = await punchesOf(NIPS.clock);
      expect(p?.timeSource).toBe('anchor');
      expect(p?.localTime.slice(0, 5)).toBe('07:41');
      expect(p?.timing.lateMinutes).toBe(11);
    } finally {
      await context.close();
    }
  });

  it('a selfie from the camera is compressed under 40 KB, uploaded after the punch is accepted, and stored', async () => {
    h.clock.now = NOW;
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.selfie);
      await page.getByRole('button', { name: 'Ambil swafoto' }).click();
      await page.locator('.camera video').waitFor();
      await page.waitForFunction(
        () => (document.querySelector<HTMLVideoElement>('.camera video')?.videoWidth ?? 0) > 0,
      );
      await page.getByRole('button', { name: 'Jepret' }).click();
      await page.getByRole('img', { name: 'Pratinjau swafoto' }).waitFor();

      const [request] = await Promise.all([
        page.waitForRequest((r) => r.url().endsWith('/check-ins/batch')),
        page.getByRole('button', { name: 'Absen Masuk', exact: true }).click(),
      ]);
      const capture = (request.postDataJSON() as BatchCheckInRequest).checkIns[0]!;
      expect(capture.photo?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(capture.photo!.bytes).toBeGreaterThan(1000);
      expect(capture.photo!.bytes).toBeLessThanOrEqual(40 * 1024);

      await page.getByRole('status').getByText('Foto terunggah.').waitFor();
      const token = await apiLogin(h, NIPS.selfie);
      const res = await apiGet(h, token, `/check-ins/${capture.id}/photo`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('image/jpeg');
      const jpeg = new Uint8Array(await res.arrayBuffer());
      expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
      expect(jpeg.length).toBeLessThanOrEqual(40 * 1024);
    } finally {
      await context.close();
    }
  });

  it('a second phone waits for approval: its punch stays on the phone, then goes through once approved', async () => {
    h.clock.now = NOW;
    // The employee's first phone was enrolled elsewhere; this one is the second.
    const employeeToken = await apiLogin(h, NIPS.pending);
    const first = await apiPost(h, employeeToken, '/devices', { label: 'Chrome di Android' });
    expect(first.status).toBe(201);
    expect(((await first.json()) as DeviceEnrolResponse).status).toBe('active');

    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.pending);
      await page.locator('[data-part="device-pending"]').waitFor();
      expect(await page.locator('[data-part="device-pending"]').innerText()).toContain(
        'Ponsel ini menunggu persetujuan admin unit Anda.',
      );
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await page.getByRole('status').getByText('Tersimpan di perangkat').waitFor();
      // The server's reason is shown with the punch, which stays waiting on the phone.
      await page.getByRole('status').getByText('Ponsel ini belum disetujui.', { exact: false }).waitFor();
      expect(await punchesOf(NIPS.pending)).toHaveLength(0);

      const adminToken = await apiLogin(h, ADMIN);
      const list = await apiGet(h, adminToken, '/devices?status=pending');
      const pending = ((await list.json()) as DeviceListResponse).devices;
      expect(pending).toHaveLength(1);
      expect((await apiPost(h, adminToken, `/devices/${pending[0]!.id}/approve`, {})).status).toBe(200);

      await page.getByRole('button', { name: 'Kirim sekarang' }).click();
      await page.getByRole('status').getByText('Diterima server').waitFor();
      const punches = await punchesOf(NIPS.pending);
      expect(punches).toHaveLength(1);
      expect(punches[0]!.deviceId).toBe(pending[0]!.id);
    } finally {
      await context.close();
    }
  });
});
