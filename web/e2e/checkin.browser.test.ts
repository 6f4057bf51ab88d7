/**
 * The phone page in a real headless Chromium against a real server (in-process, SQLite):
 * sign in with a NIP, see today's schedule, see where the phone stands before the press,
 * press the button, read the verdict, and find the punch through the API. The clock is
 * fixed on both sides (Monday 9 February 2026, 07:41:20 WIB) so "late by 11 minutes" is a
 * fact, not a race.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceToShapeM } from '../../core/geo.js';
import type { AttendanceResponse, BatchCheckInResponse, CheckInResponse } from '../../core/wire.js';
import {
  FENCE,
  INSIDE,
  OFFICE_NAME,
  OUTSIDE,
  apiGet,
  apiLogin,
  openPhone,
  signIn,
  startHarness,
  type Harness,
} from './harness.js';

/** Monday 9 February 2026, 07:41:20 in Jakarta (UTC+7). */
// Monday 9 February 2026, before Ramadan 1447 H (whose override starts the day at 08:00).
const NOW = Date.parse('2026-02-09T00:41:20.000Z');
const TODAY = '2026-02-09';

/** Three employees, so each test starts from a day without punches. */
const NIPS = {
  inside: '198609262015051001',
  english: '199001012018012002',
  outside: '198803152012031003',
  denied: '198803152012031004',
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ now: NOW, nips: Object.values(NIPS) });
});

afterAll(async () => {
  await h?.close();
});

/** Presses the big button and returns the server's answer for the punch as the page received it. */
async function press(page: Page, label: string): Promise<CheckInResponse> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/check-ins/batch') && r.request().method() === 'POST',
    ),
    page.getByRole('button', { name: label, exact: true }).click(),
  ]);
  expect(response.status()).toBe(200);
  const batch = (await response.json()) as BatchCheckInResponse;
  expect(batch.results).toHaveLength(1);
  // 201: stored now (a resend of the same capture would get 200 with the same answer).
  expect(batch.results[0]!.status).toBe(201);
  await page.getByRole('status').getByText('Diterima server').waitFor();
  return batch.results[0]!.body!;
}

describe('phone page in Chromium', () => {
  it('signs in with a NIP, shows the schedule, checks in inside the fence, and the API lists the punch', async () => {
    // The server's clock stands still at NOW, but the phone dates the press as the
    // server's anchor plus its own monotonic time since, which runs in real time: the
    // stored second is NOW plus at most the real time this test has taken.
    const realStart = Date.now();
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.inside);
      expect(await page.locator('#today-date').innerText()).toBe('Senin, 9 Februari 2026');
      await page.getByText('Jam kerja 07:30–16:00 WIB').waitFor();
      // Before the press: inside which location, and how accurate the fix is.
      await page.getByText(`Anda berada di dalam area ${OFFICE_NAME}.`).waitFor();
      await page.getByText('Akurasi GPS ±12 m').waitFor();

      const punch = await press(page, 'Absen Masuk');
      const verdict = await page.getByRole('status').innerText();
      expect(verdict).toContain('Absen masuk pukul 07:41');
      expect(verdict).toContain(`Di dalam area ${OFFICE_NAME}`);
      expect(verdict).toContain('Terlambat 11 menit');
      expect(punch.fence).toMatchObject({ status: 'inside', locationName: OFFICE_NAME, distanceM: 0 });
      expect(punch.timing.lateMinutes).toBe(11);
      // Signed by the phone's enrolled key and dated by the server's anchor.
      expect(punch.timeSource).toBe('anchor');
      expect(punch.deviceId).not.toBeNull();

      // The next press would be the check-out, and the status shows the check-in time.
      await page.getByRole('button', { name: 'Absen Pulang', exact: true }).waitFor();
      await page.getByText('07:41', { exact: true }).waitFor();

      // The history lists it too.
      await page.getByRole('button', { name: 'Riwayat' }).click();
      await page.getByText('Riwayat 7 hari terakhir').waitFor();
      expect(await page.locator('.history li').first().innerText()).toContain('Masuk 07:41');

      const token = await apiLogin(h, NIPS.inside);
      const res = await apiGet(h, token, `/me/attendance?from=2026-02-03&to=${TODAY}`);
      expect(res.status).toBe(200);
      const attendance = (await res.json()) as AttendanceResponse;
      const listed = attendance.days.flatMap((d) => d.punches);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        id: punch.id,
        kind: 'in',
        workDate: TODAY,
        fence: { status: 'inside', locationName: OFFICE_NAME },
      });
      const [hh, mm, ss] = listed[0]!.localTime.split(':').map(Number) as [number, number, number];
      const afterNow = hh * 3600 + mm * 60 + ss - (7 * 3600 + 41 * 60 + 20);
      expect(afterNow).toBeGreaterThanOrEqual(0);
      expect(afterNow).toBeLessThanOrEqual(Math.ceil((Date.now() - realStart) / 1000));
    } finally {
      await context.close();
    }
  });

  it('switches the page to English, keeps the choice across a reload, and signs out', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.english);
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).waitFor();

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('button', { name: 'Check in', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Absen Masuk', exact: true }).count()).toBe(0);
      expect(await page.locator('#today-date').innerText()).toBe('Monday, 9 February 2026');

      await page.reload();
      await page.getByRole('button', { name: 'Check in', exact: true }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');

      // Signing out ends the session on the server and shows the (English) sign-in form.
      const token = await page.evaluate(
        () =>
          (JSON.parse(localStorage.getItem('hadir.session') ?? '{}') as { accessToken?: string }).accessToken,
      );
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      expect(await page.evaluate(() => localStorage.getItem('hadir.session'))).toBeNull();
      const after = await apiGet(h, token ?? '', '/me/today');
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('outside the fence the page says how far before the press, and the verdict agrees', async () => {
    const expectedM = Math.round(distanceToShapeM(OUTSIDE, FENCE));
    expect(expectedM).toBeGreaterThan(450);
    const { context, page } = await openPhone(h, OUTSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.outside);
      // The phone's own estimate, before any press, uses the same geometry as the server.
      await page.getByText(`${expectedM} m dari ${OFFICE_NAME} (terdekat).`).waitFor();
      await page.getByText('Anda di luar area kerja.', { exact: false }).waitFor();
      await page.getByText('Akurasi GPS ±12 m').waitFor();

      const punch = await press(page, 'Absen Masuk');
      expect(punch.fence.status).toBe('outside');
      expect(Math.round(punch.fence.distanceM)).toBe(expectedM);
      const verdict = await page.getByRole('status').innerText();
      expect(verdict).toContain(`Di luar area: ${expectedM} m dari ${OFFICE_NAME}`);
      // The rules count an outside punch only once an admin accepts it, and the phone says so.
      expect(punch.review?.status).toBe('pending');
      expect(verdict).toContain('Di luar lokasi kerja: absen ini dihitung setelah disetujui admin');
      expect(verdict).not.toContain('Tepat waktu');
    } finally {
      await context.close();
    }
  });

  it('with location denied the page says how to allow it on Android and on iPhone, and records nothing', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW, permissions: [] });
    try {
      await signIn(page, NIPS.denied);
      const alert = page.getByRole('alert').filter({ hasText: 'Izin lokasi ditolak.' });
      await alert.waitFor();
      const text = await alert.innerText();
      expect(text).toContain('Android (Chrome)');
      expect(text).toContain('iPhone (Safari)');
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await page.locator('.error.card').getByText('Izin lokasi ditolak.', { exact: false }).waitFor();
      expect(await page.locator('.punch-state').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
