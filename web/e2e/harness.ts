/**
 * A real server in-process (SQLite, the built phone page from dist/web) with a clock the
 * test moves, a switch that makes the check-in endpoints answer 503 + Retry-After, and
 * headless Chromium phones. Shared by the browser tests.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { destinationPoint } from '../../core/geo.js';
import type { LatLon, Shape, WorkDay } from '../../core/model.js';
import type { LoginResponse } from '../../core/wire.js';
import { insertAccount } from '../../server/features/auth/accounts.store.js';
import { hashPassword } from '../../server/platform/crypto/password.js';
import { loadConfig } from '../../server/platform/config.js';
import { insertEmployee } from '../../server/features/employees/store.js';
import { buildApp } from '../../server/platform/http/app.js';
import { assignLocation, insertLocation } from '../../server/features/sites/store.js';
import { insertUnit } from '../../server/features/units/store.js';
import { insertSchedule } from '../../server/features/schedules/store.js';
import { openTestDatabase, type TestDatabase } from '../../server/test-support/engines.js';

export const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));
export const PASSWORD = 'rahasia-uji-123';
/** Username of the agency admin account (same password). */
export const ADMIN = 'admin';
/** Username of the unit admin of Dinas Kesehatan, the employees' unit (same password). */
export const UNIT_ADMIN = 'admin.dinkes';
export const OFFICE: LatLon = { lat: -6.2, lon: 106.8166 };
export const FENCE: Shape = { type: 'circle', center: OFFICE, radiusM: 100 };
export const OFFICE_NAME = 'Kantor Dinas Kesehatan';
/** 20 m north-east of the centre: inside the 100 m fence. */
export const INSIDE = destinationPoint(OFFICE, 45, 20);
/** 600 m north of the centre: 500 m outside the fence. */
export const OUTSIDE = destinationPoint(OFFICE, 0, 600);

/** 07:30-16:00, check-in 06:00-10:00, check-out 15:00-18:00. */
const WORKDAY: WorkDay = {
  start: 450,
  end: 960,
  checkInFrom: 360,
  checkInUntil: 600,
  checkOutFrom: 900,
  checkOutUntil: 1080,
};

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export interface Harness {
  baseUrl: string;
  /** The server's database, for tests that seed more than the harness does. */
  db: TestDatabase;
  browser: Browser;
  /** The server's clock, epoch ms; tests move it. */
  clock: { now: number };
  /** While set, check-in requests are answered 503 with this Retry-After (seconds). */
  busy: { retryAfter: number | null; refused: number };
  close(): Promise<void>;
}

/** A second OPD beside Dinas Kesehatan, under a Pemda root (for tests of a unit admin's scope). */
export interface OtherOpd {
  name: string;
  /** Its employees (no account, no location): they only need to exist and be planned. */
  people: { nip: string; name: string }[];
}

/**
 * Starts the server at `now` with one employee per NIP, all assigned to the office of
 * Dinas Kesehatan. With `otherOpd`, Dinas Kesehatan and that OPD sit under a Pemda root
 * that holds the schedule; otherwise Dinas Kesehatan is the root.
 */
export async function startHarness(opts: {
  now: number;
  nips: string[];
  chromiumArgs?: string[];
  otherOpd?: OtherOpd;
  /** More server settings (HADIR_* variables). */
  env?: Record<string, string>;
}): Promise<Harness> {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error(
      'The phone page is not built (dist/web/index.html is missing). Run `npm run build:web` first.',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hadir-web-e2e-'));
  const config = loadConfig(
    { HADIR_DATA_DIR: dataDir, HADIR_WEB_DIR: WEB_DIR, HADIR_LOG_LEVEL: 'silent', ...opts.env },
    process.cwd(),
  );
  const db: TestDatabase = await openTestDatabase('sqlite');
  const pemda =
    opts.otherOpd === undefined
      ? null
      : await insertUnit(db.db, {
          parentId: null,
          name: 'Pemkab Suka Maju',
          kind: 'pemda',
          zone: 'Asia/Jakarta',
        });
  const unit = await insertUnit(db.db, {
    parentId: pemda?.id ?? null,
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
    unitId: pemda?.id ?? unit.id,
    name: 'Jam kerja 5 hari',
    effectiveFrom: '2026-01-01',
    days: [WORKDAY, WORKDAY, WORKDAY, WORKDAY, WORKDAY, null, null],
  });
  // A cheaper scrypt cost keeps the test quick; the parameters travel with the hash.
  const hash = await hashPassword(PASSWORD, { N: 2 ** 12, r: 8, p: 1 });
  for (const [i, nip] of opts.nips.entries()) {
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
      created_at: opts.now,
      password_changed_at: opts.now,
    });
  }

  if (pemda !== null && opts.otherOpd !== undefined) {
    const other = await insertUnit(db.db, {
      parentId: pemda.id,
      name: opts.otherOpd.name,
      kind: 'opd',
      zone: 'Asia/Jakarta',
    });
    for (const p of opts.otherOpd.people)
      await insertEmployee(db.db, {
        kind: 'pns',
        nip: p.nip,
        internalId: null,
        name: p.name,
        unitId: other.id,
        position: 'Guru',
        active: true,
      });
  }

  // The agency admin who approves phones.
  await insertAccount(db.db, {
    username: ADMIN,
    password_hash: hash,
    role: 'agency_admin',
    employee_id: null,
    unit_id: null,
    active: 1,
    created_at: opts.now,
    password_changed_at: opts.now,
  });

  // The unit admin who decides the employees' leave and correction requests.
  await insertAccount(db.db, {
    username: UNIT_ADMIN,
    password_hash: hash,
    role: 'unit_admin',
    employee_id: null,
    unit_id: unit.id,
    active: 1,
    created_at: opts.now,
    password_changed_at: opts.now,
  });

  const clock = { now: opts.now };
  const busy: Harness['busy'] = { retryAfter: null, refused: 0 };
  const app = await buildApp(config, { handle: db, now: () => clock.now, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // The busy switch sits in front of Fastify, as an overloaded node or balancer would answer.
  const [fastifyListener] = app.server.listeners('request') as ((
    q: IncomingMessage,
    r: ServerResponse,
  ) => void)[];
  app.server.removeAllListeners('request');
  app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (busy.retryAfter !== null && req.url?.startsWith('/api/v1/check-ins') === true) {
      busy.refused++;
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': String(busy.retryAfter) });
      res.end(
        JSON.stringify({
          code: 'server_busy',
          message: { id: 'Server sedang sibuk.', en: 'The server is busy.' },
          retryAfter: busy.retryAfter,
        }),
      );
      return;
    }
    fastifyListener?.(req, res);
  });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...(opts.chromiumArgs ?? [])],
  });
  return {
    baseUrl,
    db,
    browser,
    clock,
    busy,
    async close() {
      await browser.close();
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A 360 px phone in Jakarta, location (and camera) allowed, standing at `where`. */
export async function openPhone(
  h: Harness,
  where: LatLon,
  opts: {
    fixedTime?: number;
    initScript?: string;
    permissions?: string[];
    viewport?: { width: number; height: number };
  } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({
    baseURL: h.baseUrl,
    viewport: opts.viewport ?? { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    geolocation: { latitude: where.lat, longitude: where.lon, accuracy: 12 },
    permissions: opts.permissions ?? ['geolocation', 'camera'],
  });
  // Timers keep running; only Date is pinned.
  if (opts.fixedTime !== undefined) await context.clock.setFixedTime(opts.fixedTime);
  if (opts.initScript !== undefined) await context.addInitScript(opts.initScript);
  const page = await context.newPage();
  await page.goto('/');
  return { context, page };
}

export async function signIn(page: Page, nip: string): Promise<void> {
  // Spaces as printed on a civil servant's card are accepted.
  await page
    .getByLabel('NIP atau nama pengguna')
    .fill(`${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14)}`);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.locator('#today-date').waitFor();
}

export async function apiLogin(h: Harness, nip: string): Promise<string> {
  const res = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: nip, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${res.status}`);
  return ((await res.json()) as LoginResponse).accessToken;
}

export async function apiGet(h: Harness, token: string, path: string): Promise<Response> {
  return fetch(`${h.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
}

export async function apiPost(h: Harness, token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${h.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
