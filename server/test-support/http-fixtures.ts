/**
 * Shared fixtures for the HTTP tests: a real server on a real database (SQLite or
 * PostgreSQL), listening on a free port, with a small organisation seeded through the
 * stores and a fixed clock so lateness is deterministic.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { WeeklySchedule, WorkDay } from '../../core/model.js';
import { uuidV7 } from '../../core/uuid.js';
import { insertAccount } from '../features/auth/accounts.store.js';
import { hashPassword } from '../platform/crypto/password.js';
import type { ScryptParams } from '../platform/crypto/password.js';
import { loadConfig } from '../platform/config.js';
import type { Config } from '../platform/config.js';
import { insertEmployee } from '../features/employees/store.js';
import { assignLocation, insertLocation } from '../features/sites/store.js';
import { insertUnit } from '../features/units/store.js';
import { insertSchedule } from '../features/schedules/store.js';
import { openTestDatabase } from './engines.js';
import type { TestDatabase, TestTarget } from './engines.js';
import { buildApp } from '../platform/http/app.js';

/** Cheap scrypt for tests only (production: N = 2^15). */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

/** The fixed clock of the test server: Monday 2 March 2026, 07:32 WITA (Asia/Makassar, UTC+8) = 06:32 WIB. */
export const NOW = Date.UTC(2026, 2, 1, 23, 32, 0);

/** Epoch ms of a Makassar (UTC+8) wall-clock time on 2 March 2026. */
export function wita(hh: number, mm: number, ss = 0): number {
  return Date.UTC(2026, 2, 2, hh - 8, mm, ss);
}

export const PASSWORD = 'rahasia-123';
export const NIP_A = '198609262015051001';
export const NIP_B = '199001152019032002';
/** Inside the Makassar office fence (its centre). */
export const MAKASSAR = { lat: -5.1477, lon: 119.4327 };
export const JAKARTA = { lat: -6.1754, lon: 106.8272 };

/** The real configuration loader with test settings; `overrides` replace single fields. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig(
    {
      HOST: '127.0.0.1',
      PORT: '0',
      HADIR_DATA_DIR: tmpdir(),
      HADIR_SQLITE_SYNC: 'normal',
      HADIR_TOKEN_SECRET: randomBytes(32).toString('hex'),
      HADIR_LOGIN_MAX_PER_ADDRESS: '1000',
      HADIR_LOG_LEVEL: 'silent',
      HADIR_WEB_DIR: 'none',
      HADIR_DIRECTORY_POLL_MS: '200',
      // Most tests send plain captures; device binding has tests of its own (capture.test.ts).
      HADIR_DEVICE_BINDING: 'optional',
    },
    tmpdir(),
  );
  return Object.freeze({ ...base, ...overrides });
}

const DAY: WorkDay = {
  start: 7 * 60 + 30,
  end: 16 * 60,
  checkInFrom: 6 * 60,
  checkInUntil: 12 * 60,
  checkOutFrom: 12 * 60,
  checkOutUntil: 22 * 60,
};

export interface Seeded {
  units: { pemda: number; dinkes: number; puskesmas: number; disdik: number };
  employees: { a: number; b: number; admin: number };
  locations: { makassar: number; jakarta: number };
  accounts: { a: number; b: number; agency: number; dinkesAdmin: number; disdikAdmin: number };
}

/**
 * Pemda (WITA) → Dinas Kesehatan → Puskesmas, and Pemda → Dinas Pendidikan. Employee A
 * (NIP_A) works at the puskesmas with the Makassar office; employee B (NIP_B) at Dinas
 * Pendidikan with a Jakarta office (WIB). One schedule at the Pemda: Mon–Fri 07:30–16:00.
 * Accounts: both employees (username = NIP), an agency admin 'admin', unit admins
 * 'admin.dinkes' and 'admin.disdik', all with password {@link PASSWORD}.
 */
export async function seed(t: TestDatabase): Promise<Seeded> {
  const db = t.db;
  const pemda = await insertUnit(db, {
    parentId: null,
    name: 'Pemkab Suka Maju',
    kind: 'pemda',
    zone: 'Asia/Makassar',
  });
  const dinkes = await insertUnit(db, {
    parentId: pemda.id,
    name: 'Dinas Kesehatan',
    kind: 'opd',
    zone: 'Asia/Makassar',
  });
  const puskesmas = await insertUnit(db, {
    parentId: dinkes.id,
    name: 'Puskesmas Kota',
    kind: 'puskesmas',
    zone: 'Asia/Makassar',
  });
  const disdik = await insertUnit(db, {
    parentId: pemda.id,
    name: 'Dinas Pendidikan',
    kind: 'opd',
    zone: 'Asia/Makassar',
  });
  const a = await insertEmployee(db, {
    kind: 'pns',
    nip: NIP_A,
    internalId: null,
    name: 'Andi Rahman',
    unitId: puskesmas.id,
    position: 'Perawat',
    active: true,
  });
  const b = await insertEmployee(db, {
    kind: 'pns',
    nip: NIP_B,
    internalId: null,
    name: 'Budi Santoso',
    unitId: disdik.id,
    position: 'Guru',
    active: true,
  });
  const c = await insertEmployee(db, {
    kind: 'non_asn',
    nip: null,
    internalId: 'NA-2024-0001',
    name: 'Citra',
    unitId: dinkes.id,
    position: 'Staf',
    active: true,
  });
  const makassar = await insertLocation(db, {
    unitId: puskesmas.id,
    name: 'Puskesmas Kota',
    zone: 'Asia/Makassar',
    active: true,
    shape: { type: 'circle', center: MAKASSAR, radiusM: 100 },
  });
  const jakarta = await insertLocation(db, {
    unitId: disdik.id,
    name: 'Kantor Penghubung Jakarta',
    zone: 'Asia/Jakarta',
    active: true,
    shape: { type: 'circle', center: JAKARTA, radiusM: 150 },
  });
  await assignLocation(db, a.id, makassar.id);
  await assignLocation(db, b.id, jakarta.id);
  const days: WeeklySchedule['days'] = [DAY, DAY, DAY, DAY, DAY, null, null];
  await insertSchedule(db, { unitId: pemda.id, name: 'Jam kerja 5 hari', effectiveFrom: '2026-01-01', days });

  const hash = await hashPassword(PASSWORD, TEST_SCRYPT);
  const base = { password_hash: hash, active: 1, created_at: NOW, password_changed_at: NOW };
  const accA = await insertAccount(db, {
    ...base,
    username: NIP_A,
    role: 'employee',
    employee_id: a.id,
    unit_id: null,
  });
  const accB = await insertAccount(db, {
    ...base,
    username: NIP_B,
    role: 'employee',
    employee_id: b.id,
    unit_id: null,
  });
  const agency = await insertAccount(db, {
    ...base,
    username: 'admin',
    role: 'agency_admin',
    employee_id: null,
    unit_id: null,
  });
  const dinkesAdmin = await insertAccount(db, {
    ...base,
    username: 'admin.dinkes',
    role: 'unit_admin',
    employee_id: null,
    unit_id: dinkes.id,
  });
  const disdikAdmin = await insertAccount(db, {
    ...base,
    username: 'admin.disdik',
    role: 'unit_admin',
    employee_id: null,
    unit_id: disdik.id,
  });
  return {
    units: { pemda: pemda.id, dinkes: dinkes.id, puskesmas: puskesmas.id, disdik: disdik.id },
    employees: { a: a.id, b: b.id, admin: c.id },
    locations: { makassar: makassar.id, jakarta: jakarta.id },
    accounts: {
      a: accA.id,
      b: accB.id,
      agency: agency.id,
      dinkesAdmin: dinkesAdmin.id,
      disdikAdmin: disdikAdmin.id,
    },
  };
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  t: TestDatabase;
  seeded: Seeded;
  config: Config;
  close(): Promise<void>;
}

/** A seeded database on `engine` and a server listening on a free local port. */
export async function startServer(
  engine: TestTarget,
  opts: { config?: Partial<Config>; now?: () => number; logStream?: NodeJS.WritableStream } = {},
): Promise<TestServer> {
  const t = await openTestDatabase(engine);
  try {
    const seeded = await seed(t);
    const config = testConfig(opts.config);
    const app = await buildApp(config, {
      handle: t,
      now: opts.now ?? (() => NOW),
      passwordParams: TEST_SCRYPT,
      ...(opts.logStream ? { logger: true, logStream: opts.logStream } : {}),
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      url,
      app,
      t,
      seeded,
      config,
      close: async () => {
        await app.close();
        await t.drop();
      },
    };
  } catch (err) {
    await t.drop();
    throw err;
  }
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * One HTTP request. `body` is sent as JSON; `raw` as is (with `contentType`, default
 * application/json).
 */
export async function call<T = Record<string, unknown>>(
  url: string,
  method: string,
  path: string,
  opts: {
    token?: string;
    body?: unknown;
    raw?: string;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
  let payload: string | undefined;
  if (opts.raw !== undefined) payload = opts.raw;
  else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
  if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const res = await fetch(url + path, { method, headers, body: payload });
  const text = await res.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** Signs in and returns the access token (and the whole answer). */
export async function login(
  url: string,
  username: string,
  password = PASSWORD,
): Promise<{ token: string; refresh: string }> {
  const r = await call<{ accessToken: string; refreshToken: string }>(url, 'POST', '/api/v1/auth/login', {
    body: { username, password },
  });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { token: r.body.accessToken, refresh: r.body.refreshToken };
}

/** A fresh UUIDv7 stamped at `ms`. */
export function newId(ms = NOW): string {
  return uuidV7(ms, randomBytes(10));
}
