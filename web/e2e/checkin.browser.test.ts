/**
 * The phone page in a real headless Chromium against a real server (in-process, SQLite):
 * sign in with a NIP, see today's schedule, press the button, read the verdict, and find
 * the punch through the API. The clock is fixed on both sides (Monday 2 March 2026,
 * 07:41:20 WIB) so "late by 11 minutes" is a fact, not a race.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationPoint, distanceToShapeM } from '../../core/geo.js';
import type { LatLon, Shape, WorkDay } from '../../core/model.js';
import type { AttendanceResponse, CheckInResponse, LoginResponse } from '../../core/wire.js';
import { insertAccount } from '../../server/auth/accounts.store.js';
import { hashPassword } from '../../server/auth/password.js';
import { loadConfig } from '../../server/config.js';
import { insertEmployee } from '../../server/employees/employees.store.js';
import { buildApp } from '../../server/http/app.js';
import { assignLocation, insertLocation } from '../../server/locations/locations.store.js';
import { insertUnit } from '../../server/org/units.store.js';
import { insertSchedule } from '../../server/schedules/schedules.store.js';
import { openTestDatabase, type TestDatabase } from '../../server/test-support/engines.js';

const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Monday 2 March 2026, 07:41:20 in Jakarta (UTC+7). */
const NOW = Date.parse('2026-03-02T00:41:20.000Z');
const TODAY = '2026-03-02';
const PASSWORD = 'rahasia-uji-123';

const OFFICE: LatLon = { lat: -6.2, lon: 106.8166 };
const FENCE: Shape = { type: 'circle', center: OFFICE, radiusM: 100 };
const OFFICE_NAME = 'Kantor Dinas Kesehatan';
/** 20 m north-east of the centre: inside the 100 m fence. */
const INSIDE = destinationPoint(OFFICE, 45, 20);
/** 600 m north of the centre: 500 m outside the fence. */
const OUTSIDE = destinationPoint(OFFICE, 0, 600);

/** 07:30-16:00, check-in 06:00-10:00, check-out 15:00-18:00. */
const WORKDAY: WorkDay = {
  start: 450,
  end: 960,
  checkInFrom: 360,
  checkInUntil: 600,
  checkOutFrom: 900,
  checkOutUntil: 1080,
};

/** Three employees, so each test starts from a day without punches. */
const NIPS = {
  inside: '198609262015051001',
  english: '199001012018012002',
  outside: '198803152012031003',
};

let db: TestDatabase;
let dataDir: string;
let app: Awaited<ReturnType<typeof buildApp>>;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error(
      'The phone page is not built (dist/web/index.html is missing). Run `npm run build:web` first.',
    );
  }
  dataDir = mkdtempSync(join(tmpdir(), 'hadir-web-e2e-'));
  const config = loadConfig(
    { HADIR_DATA_DIR: dataDir, HADIR_WEB_DIR: WEB_DIR, HADIR_LOG_LEVEL: 'silent' },
    process.cwd(),
  );
  db = await openTestDatabase('sqlite');

  const unit = await insertUnit(db.db, {
    parentId: null,
    name: 'Dinas Kesehatan',
    kind: 'opd',
    zone: 'Asia/Jakarta',
  });
  const office = await insertLocation(db.db, {
    unitId: unit.id,
    name: OFFICE_NAME,
    zone: 'Asia/Jakarta',
    shape: FENCE,
    active: true,
  });
  await insertSchedule(db.db, {
    unitId: unit.id,
    name: 'Jam kerja 5 hari',
    effectiveFrom: '2026-01-01',
    days: [WORKDAY, WORKDAY, WORKDAY, WORKDAY, WORKDAY, null, null],
  });
  // A cheaper scrypt cost keeps the test quick; the parameters travel with the hash.
  const hash = await hashPassword(PASSWORD, { N: 2 ** 12, r: 8, p: 1 });
  for (const [i, nip] of Object.values(NIPS).entries()) {
    const employee = await insertEmployee(db.db, {
      kind: 'pns',
      nip,
      internalId: null,
      name: `Pegawai Uji ${i + 1}`,
      unitId: unit.id,
      position: 'Perawat',
      active: true,
    });
    await assignLocation(db.db, employee.id, office.id);
    await insertAccount(db.db, {
      username: nip,
      password_hash: hash,
      role: 'employee',
      employee_id: employee.id,
      unit_id: null,
      active: 1,
      created_at: NOW,
      password_changed_at: NOW,
    });
  }

  app = await buildApp(config, { handle: db, now: () => NOW, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A 360 px phone in Jakarta, location allowed, standing at `where`. */
async function openPhone(where: LatLon): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    geolocation: { latitude: where.lat, longitude: where.lon, accuracy: 12 },
    permissions: ['geolocation'],
  });
  // Timers keep running; only Date is pinned, to the server's instant.
  await context.clock.setFixedTime(NOW);
  const page = await context.newPage();
  await page.goto('/');
  return { context, page };
}

async function signIn(page: Page, nip: string): Promise<void> {
  // Spaces as printed on a civil servant's card are accepted.
  await page
    .getByLabel('NIP atau nama pengguna')
    .fill(`${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14)}`);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.locator('#today-date').waitFor();
}

/** Presses the big button and returns the server's answer as the page received it. */
async function press(page: Page, label: string): Promise<CheckInResponse> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/check-ins') && r.request().method() === 'POST'),
    page.getByRole('button', { name: label, exact: true }).click(),
  ]);
  // 201: stored now (a resend of the same capture would get 200 with the same answer).
  expect(response.status()).toBe(201);
  await page.getByRole('status').waitFor();
  return (await response.json()) as CheckInResponse;
}

async function apiLogin(nip: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: nip, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as LoginResponse).accessToken;
}

describe('phone page in Chromium', () => {
  it('signs in with a NIP, shows the schedule, checks in inside the fence, and the API lists the punch', async () => {
    const { context, page } = await openPhone(INSIDE);
    try {
      await signIn(page, NIPS.inside);
      expect(await page.locator('#today-date').innerText()).toBe('Senin, 2 Maret 2026');
      await page.getByText('Jam kerja 07:30–16:00 WIB').waitFor();
      await page.getByText(`Anda berada di dalam area ${OFFICE_NAME}.`).waitFor();
      await page.getByText('Akurasi GPS ±12 m').waitFor();

      const punch = await press(page, 'Absen Masuk');
      const verdict = await page.getByRole('status').innerText();
      expect(verdict).toContain('Absen masuk tercatat pukul 07:41');
      expect(verdict).toContain(`Di dalam area ${OFFICE_NAME}`);
      expect(verdict).toContain('Terlambat 11 menit');
      expect(punch.fence).toMatchObject({ status: 'inside', locationName: OFFICE_NAME, distanceM: 0 });
      expect(punch.timing.lateMinutes).toBe(11);

      // The next press would be the check-out, and the status shows the check-in time.
      await page.getByRole('button', { name: 'Absen Pulang', exact: true }).waitFor();
      await page.getByText('07:41', { exact: true }).waitFor();

      // The history lists it too.
      await page.getByRole('button', { name: 'Riwayat' }).click();
      await page.getByText('Riwayat 7 hari terakhir').waitFor();
      expect(await page.locator('.history li').first().innerText()).toContain('Masuk 07:41');

      const token = await apiLogin(NIPS.inside);
      const res = await fetch(`${baseUrl}/api/v1/me/attendance?from=2026-02-24&to=${TODAY}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const attendance = (await res.json()) as AttendanceResponse;
      const listed = attendance.days.flatMap((d) => d.punches);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        id: punch.id,
        kind: 'in',
        workDate: TODAY,
        localTime: '07:41:20',
        fence: { status: 'inside', locationName: OFFICE_NAME },
      });
    } finally {
      await context.close();
    }
  });

  it('switches the page to English, keeps the choice across a reload, and signs out', async () => {
    const { context, page } = await openPhone(INSIDE);
    try {
      await signIn(page, NIPS.english);
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).waitFor();

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('button', { name: 'Check in', exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Absen Masuk', exact: true }).count()).toBe(0);
      expect(await page.locator('#today-date').innerText()).toBe('Monday, 2 March 2026');

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
      const after = await fetch(`${baseUrl}/api/v1/me/today`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('outside the fence the verdict says how far away the location is', async () => {
    const expectedM = Math.round(distanceToShapeM(OUTSIDE, FENCE));
    expect(expectedM).toBeGreaterThan(450);
    const { context, page } = await openPhone(OUTSIDE);
    try {
      await signIn(page, NIPS.outside);
      // The phone's own estimate, before any press, uses the same geometry as the server.
      await page.getByText(`${expectedM} m dari ${OFFICE_NAME} (terdekat).`).waitFor();

      const punch = await press(page, 'Absen Masuk');
      expect(punch.fence.status).toBe('outside');
      expect(Math.round(punch.fence.distanceM)).toBe(expectedM);
      const verdict = await page.getByRole('status').innerText();
      expect(verdict).toContain(`Di luar area: ${expectedM} m dari ${OFFICE_NAME}`);
    } finally {
      await context.close();
    }
  });
});
