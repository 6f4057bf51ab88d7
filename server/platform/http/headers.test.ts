/**
 * Browser security headers (OWASP ASVS 5.0 V3.4 "Browser security mechanism headers",
 * 14.3.2 "no caching of sensitive data") on the API, the pages and the documentation.
 * The pages themselves are loaded under these policies in web/e2e/csp.browser.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { call, login, NIP_A, NOW, seed, TEST_SCRYPT, testConfig } from '../../test-support/http-fixtures.js';
import { buildApp } from './app.js';

describe('security headers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hadir-web-'));
  let url: string;
  let t: TestDatabase;
  let close: () => Promise<void>;

  beforeAll(async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Hadir</title>');
    mkdirSync(join(dir, 'admin'));
    writeFileSync(join(dir, 'admin', 'index.html'), '<!doctype html><title>Konsol</title>');
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    t = await openTestDatabase('sqlite');
    await seed(t);
    const app = await buildApp(testConfig({ webDir: dir }), {
      handle: t,
      now: () => NOW,
      passwordParams: TEST_SCRYPT,
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await app.close();
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    };
  });
  afterAll(() => close?.());

  function common(h: Headers, what: string): void {
    expect(h.get('x-content-type-options'), what).toBe('nosniff'); // ASVS 3.4.4
    expect(h.get('referrer-policy'), what).toBe('no-referrer'); // ASVS 3.4.5
    expect(h.get('x-frame-options'), what).toBe('DENY');
    expect(h.get('content-security-policy'), what).toContain("frame-ancestors 'none'"); // ASVS 3.4.6
  }

  it('ASVS 3.4.3/14.3.2: API answers are sandboxed data, never cached, successes and refusals alike', async () => {
    const { token } = await login(url, NIP_A);
    const answers = [
      await call(url, 'GET', '/api/v1/health'),
      await call(url, 'GET', '/api/v1/me/today', { token }),
      await call(url, 'GET', '/api/v1/me/today'),
      await call(url, 'GET', '/api/v1/nothing-here'),
      await call(url, 'POST', '/api/v1/auth/login', { body: { username: NIP_A, password: 'salah-sekali' } }),
    ];
    for (const [i, r] of answers.entries()) {
      common(r.headers, `answer ${i}`);
      expect(r.headers.get('content-security-policy'), `answer ${i}`).toBe(
        "default-src 'none'; frame-ancestors 'none'; sandbox",
      );
      expect(r.headers.get('cache-control'), `answer ${i}`).toBe('no-store');
    }
  });

  it('ASVS 3.4.3: the pages and the service worker allow only this origin, with no inline script', async () => {
    for (const p of ['/', '/riwayat', '/admin/', '/sw.js']) {
      const res = await fetch(url + p);
      expect(res.status, p).toBe(200);
      common(res.headers, p);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, p).toContain("default-src 'self'");
      expect(csp, p).toContain("script-src 'self'");
      expect(csp, p).not.toContain('unsafe-inline');
      expect(csp, p).not.toContain('unsafe-eval');
      expect(csp, p).toContain("object-src 'none'");
      expect(res.headers.get('permissions-policy'), p).toContain('camera=(self)');
    }
  });

  it('ASVS 3.4.3: the API documentation gets its own policy, still framed by no one', async () => {
    const res = await fetch(`${url}/api/docs`, { redirect: 'follow' });
    expect(res.status).toBe(200);
    common(res.headers, 'docs');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
