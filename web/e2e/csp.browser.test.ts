/**
 * The pages under their Content-Security-Policy in headless Chromium (OWASP ASVS 5.0
 * V3.4.3: a CSP that allows only this origin's scripts, no inline script, no framing):
 * the phone page signs in, installs its service worker and checks in with the camera's
 * selfie preview; the console signs in; the API documentation renders. Not one CSP
 * violation may be reported on the way — a policy that broke the app would show here.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, INSIDE, signIn, startHarness, type Harness } from './harness.js';
import { adoptRules, consoleSignIn, LAPTOP, loginToken } from './console-harness.js';

const NOW = Date.parse('2026-02-09T00:41:20.000Z');
const NIP = '198609262015051001';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ now: NOW, nips: [NIP] });
  await adoptRules(h, await loginToken(h, ADMIN));
});

afterAll(async () => {
  await h?.close();
});

/** Every CSP violation the page reports, from its DOM event and from the console. */
async function watch(context: BrowserContext): Promise<{ page: Page; violations: string[] }> {
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`csp-violation ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('csp-violation') || /Content Security Policy/i.test(text)) violations.push(text);
  });
  page.on('pageerror', (e) => violations.push(`pageerror ${e.message}`));
  return { page, violations };
}

describe('pages under their Content-Security-Policy', () => {
  it('the phone page signs in, installs its service worker and checks in with no CSP violation', async () => {
    const context = await h.browser.newContext({
      baseURL: h.baseUrl,
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      geolocation: { latitude: INSIDE.lat, longitude: INSIDE.lon, accuracy: 12 },
      permissions: ['geolocation', 'camera'],
    });
    try {
      await context.clock.setFixedTime(NOW);
      const { page, violations } = await watch(context);
      const res = await page.goto('/');
      const csp = res?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      await signIn(page, NIP);
      const sw = await page.evaluate(async () => {
        const w = (await navigator.serviceWorker.ready).active;
        if (w && w.state !== 'activated') {
          await new Promise<void>((resolve) =>
            w.addEventListener('statechange', () => {
              if (w.state === 'activated') resolve();
            }),
          );
        }
        return w?.state;
      });
      expect(sw).toBe('activated');
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/check-ins/batch') && r.status() === 200),
        page.getByRole('button', { name: 'Absen Masuk', exact: true }).click(),
      ]);
      await page.getByRole('status').getByText('Diterima server').waitFor();
      // A reload is served by the service worker under the same policy.
      await page.reload();
      await page.locator('#today-date').waitFor();
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the admin console signs in with no CSP violation', async () => {
    const context = await h.browser.newContext({ baseURL: h.baseUrl, viewport: LAPTOP, locale: 'id-ID' });
    try {
      await context.clock.setFixedTime(NOW);
      const { page, violations } = await watch(context);
      await page.goto('/admin/');
      await page.getByRole('heading', { name: 'Masuk ke konsol admin' }).waitFor();
      await consoleSignIn(page, ADMIN);
      await page.getByRole('heading', { name: 'Kehadiran hari ini' }).waitFor();
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the API documentation renders with no CSP violation', async () => {
    const context = await h.browser.newContext({ baseURL: h.baseUrl, viewport: LAPTOP });
    try {
      const { page, violations } = await watch(context);
      const res = await page.goto('/api/docs');
      expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      await page.locator('.swagger-ui .info .title').waitFor();
      await page.getByText('/api/v1/auth/login').first().waitFor();
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
