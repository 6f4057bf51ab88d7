import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthResponse } from '../../../core/wire.js';
import { currentMigration } from '../db/migrate.js';
import { ENGINES } from '../../test-support/engines.js';
import { buildApp } from './app.js';
import { call, NOW, testConfig } from '../../test-support/http-fixtures.js';
import { startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

describe.each(ENGINES)('the application on %s', (engine) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startServer(engine);
  });
  afterAll(() => s?.close());

  it('reports health with the engine and the schema version', async () => {
    const r = await call<HealthResponse>(s.url, 'GET', '/api/v1/health');
    expect(r.status).toBe(200);
    const migration = await currentMigration(s.t);
    expect(migration).not.toBeNull();
    const { version, ...rest } = r.body;
    expect(rest).toEqual({ status: 'ok', engine, migration, time: new Date(NOW).toISOString() });
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('publishes the OpenAPI document listing the check-in path', async () => {
    const res = await fetch(`${s.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = JSON.parse(await res.text()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const checkIn = doc.paths['/api/v1/check-ins']?.['post'];
    expect(checkIn?.requestBody).toBeDefined();
    expect(Object.keys(checkIn?.responses ?? {})).toEqual(expect.arrayContaining(['200', '201', '4XX']));
    for (const p of ['/api/v1/auth/login', '/api/v1/me/today', '/api/v1/me/attendance', '/api/v1/health']) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });

  it('serves the API documentation page', async () => {
    const res = await fetch(`${s.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });

  it('answers unknown API paths with a 404 error body', async () => {
    const r = await call(s.url, 'GET', '/api/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 'not_found', message: { id: 'Data tidak ditemukan.' } });
  });
});

describe('the phone app files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hadir-web-'));
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Hadir</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    const { openTestDatabase } = await import('../../test-support/engines.js');
    const t = await openTestDatabase('sqlite');
    const app = await buildApp(testConfig({ webDir: dir }), { handle: t, now: () => NOW });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await app.close();
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    };
  });
  afterAll(() => close?.());

  it('serves index.html at / and for client-side routes, files as they are', async () => {
    for (const p of ['/', '/riwayat']) {
      const res = await fetch(url + p);
      expect(res.status, p).toBe(200);
      expect(await res.text(), p).toContain('<title>Hadir</title>');
    }
    const js = await fetch(`${url}/app.js`);
    expect(js.status).toBe(200);
    expect(await js.text()).toBe('console.log(1)');
    const api = await call(url, 'GET', '/api/v1/nothing-here');
    expect(api.status).toBe(404);
    expect(api.body).toMatchObject({ code: 'not_found' });
  });
});
