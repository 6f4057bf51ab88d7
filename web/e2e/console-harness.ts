/**
 * The admin console in headless Chromium: a laptop (1280x800) or a 10-inch tablet
 * (1280x800 landscape, 800x1280 portrait) signed in at /admin/, and the screenshots the
 * README shows (written when HADIR_SCREENSHOTS names a folder; looked at, not asserted).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { LoginResponse } from '../../core/wire.js';
import { PASSWORD, apiGet, apiPost, type Harness } from './harness.js';

export const LAPTOP = { width: 1280, height: 800 };
export const TABLET_PORTRAIT = { width: 800, height: 1280 };

const SHOTS = process.env['HADIR_SCREENSHOTS'];

export async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** A browser at `viewport` on the console's sign-in page, in Jakarta. */
export async function openConsole(
  h: Harness,
  opts: { viewport?: { width: number; height: number }; fixedTime?: number; path?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({
    baseURL: h.baseUrl,
    viewport: opts.viewport ?? LAPTOP,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    acceptDownloads: true,
  });
  if (opts.fixedTime !== undefined) await context.clock.setFixedTime(opts.fixedTime);
  const page = await context.newPage();
  await page.goto(opts.path ?? '/admin/');
  return { context, page };
}

/** Signs in on the console's form; waits for the start page. */
export async function consoleSignIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(PASSWORD);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.locator('[data-screen]').first().waitFor();
}

export async function loginToken(h: Harness, username: string): Promise<string> {
  const res = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as LoginResponse).accessToken;
}

/** The organisation adopts the first deduction preset from 1 January 2026 (recaps and the board need rules). */
export async function adoptRules(h: Harness, agencyToken: string): Promise<void> {
  const rules = (await (await apiGet(h, agencyToken, '/rule-sets')).json()) as {
    presets: { id: string; effectiveFrom: string }[];
  };
  const preset = rules.presets[0]!;
  const added = await apiPost(h, agencyToken, '/rule-sets', {
    ruleSet: { ...preset, id: `${preset.id}-uji`, effectiveFrom: '2026-01-01' },
  });
  if (added.status !== 201) throw new Error(`rule set: ${added.status}`);
}
