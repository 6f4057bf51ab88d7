/**
 * Kiosk mode in headless Chromium against a real server (in-process, SQLite, the built
 * pages): an admin enrols a kiosk at the office; the tablet is enrolled with the code;
 * the network goes; three employees type their NIP and PIN and press Masuk, each told
 * "Tersimpan" at once with the screen emptied for the next; the network comes back an
 * hour later and all three punches are stored with source kiosk and the times they were
 * pressed. Online, the confirmation names only the person who just pressed. Where the
 * unit asks for a selfie, the kiosk's camera takes one at the press and it is uploaded.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_ADMIN, apiLogin, apiPost, startHarness, type Harness } from './harness.js';
import { shot } from './console-harness.js';

/** Monday 9 February 2026, 07:41:00 in Jakarta (UTC+7). */
const NOW = Date.parse('2026-02-09T00:41:00.000Z');
const HOUR = 3600_000;
const NIPS = ['198609262015051021', '199001012018012022', '198803152012031023'];
const PINS = ['482915', '730164', '615208'];

let h: Harness;
let admin: string;
const employeeIds: number[] = [];

beforeAll(async () => {
  h = await startHarness({
    now: NOW,
    nips: NIPS,
    // A fake front camera that needs no permission prompt (the selfie test).
    chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  admin = await apiLogin(h, UNIT_ADMIN);
  for (const [i, nip] of NIPS.entries()) {
    const e = await h.db.db
      .selectFrom('employees')
      .select('id')
      .where('nip', '=', nip)
      .executeTakeFirstOrThrow();
    employeeIds.push(e.id);
    const r = await apiPost(h, admin, `/employees/${e.id}/kiosk-credentials`, { pin: PINS[i] });
    expect(r.status).toBe(200);
  }
});

afterAll(async () => {
  await h?.close();
});

async function kioskPunches() {
  return h.db.db
    .selectFrom('punches')
    .selectAll()
    .where('source', '=', 'kiosk')
    .orderBy('time_of_record')
    .execute();
}

async function pressAs(page: Page, nip: string, pin: string, button: 'Masuk' | 'Pulang'): Promise<void> {
  await page.locator('#kiosk-nip').fill(nip);
  // The PIN through the big keypad, as a person would.
  await page.locator('#kiosk-pin').focus();
  for (const d of pin)
    await page
      .getByRole('group', { name: /Papan angka/ })
      .getByRole('button', { name: d, exact: true })
      .click();
  await page.getByRole('button', { name: new RegExp(`^${button}`) }).click();
}

describe('a kiosk in Chromium', () => {
  it('takes three employees’ punches offline and delivers them when the network returns', async () => {
    const site = await h.db.db.selectFrom('locations').select(['id', 'name']).executeTakeFirstOrThrow();
    const created = await apiPost(h, admin, '/kiosks', { siteId: site.id, label: 'Pintu depan' });
    expect(created.status).toBe(201);
    const { code, kiosk } = (await created.json()) as { code: string; kiosk: { id: string } };

    const context = await h.browser.newContext({
      baseURL: h.baseUrl,
      viewport: { width: 800, height: 1280 },
      hasTouch: true,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
    });
    await context.clock.setFixedTime(NOW);
    const page = await context.newPage();
    try {
      await page.goto('/kiosk/');
      await page.getByLabel(/Kode pendaftaran/).fill(code);
      await page.getByRole('button', { name: /^Daftarkan kios/ }).click();
      await page.locator('#kiosk-site').getByText(site.name).waitFor();
      await page.getByText('Semua absen sudah terkirim').waitFor();
      // The key is kept as a non-extractable CryptoKey, never as text.
      const keyKind = await page.evaluate(
        () =>
          new Promise<string>((resolve, reject) => {
            const open = indexedDB.open('hadir');
            open.onerror = () => reject(new Error(String(open.error)));
            open.onsuccess = () => {
              const get = open.result.transaction('keys').objectStore('keys').get('kiosk');
              get.onsuccess = () => {
                const k = (get.result as { key: CryptoKey }).key;
                resolve(`${k instanceof CryptoKey}:${k.extractable}`);
              };
            };
          }),
      );
      expect(keyKind).toBe('true:false');

      await context.setOffline(true);
      await page.locator('[data-part="offline"]').waitFor();
      const ids: string[] = [];
      for (const [i, nip] of NIPS.entries()) {
        await pressAs(page, nip, PINS[i]!, 'Masuk');
        const confirm = page.getByRole('status');
        await confirm.locator('[data-state="saved"]').waitFor();
        await confirm.getByText('Tersimpan', { exact: true }).waitFor();
        await confirm.getByText('Masuk pukul 07:41').waitFor();
        // The next person finds the fields empty, and no name of anyone on the screen.
        expect(await page.locator('#kiosk-nip').inputValue()).toBe('');
        expect(await page.locator('#kiosk-pin').inputValue()).toBe('');
        expect(await page.locator('body').innerText()).not.toContain('Pegawai Uji');
        expect(await page.locator('body').innerText()).not.toContain(nip);
        ids.push((await confirm.locator('[data-state="saved"]').getAttribute('data-id')) ?? '');
        await page.getByText(`${i + 1} absen menunggu dikirim`).waitFor();
      }
      expect(new Set(ids).size).toBe(3);
      expect(await kioskPunches()).toEqual([]);

      // An hour later the network is back: the kiosk sends on its own.
      h.clock.now = NOW + HOUR;
      await context.setOffline(false);
      await expect.poll(async () => (await kioskPunches()).length).toBe(3);
      await page.getByText('Semua absen sudah terkirim').waitFor();
      const punches = await kioskPunches();
      expect(punches.map((p) => p.id).sort()).toEqual([...ids].sort());
      expect(punches.map((p) => p.employee_id).sort()).toEqual([...employeeIds].sort());
      for (const p of punches) {
        expect(p.source).toBe('kiosk');
        expect(p.terminal_id).toBe(kiosk.id);
        expect(p.kind).toBe('in');
        expect(p.location_id).toBe(site.id);
        expect(p.lat).toBeNull();
        // The time of record is the press (07:41 by the kiosk's anchor), not the arrival (08:41).
        expect(p.time_source).toBe('anchor');
        expect(p.local_time.slice(0, 5)).toBe('07:41');
        expect(Math.abs(Number(p.time_of_record) - NOW)).toBeLessThan(60_000);
        expect(Number(p.received_at)).toBe(NOW + HOUR);
      }
      // Nothing of theirs is left on the tablet: answered presses are forgotten, PIN and all.
      const left = await page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('hadir');
            open.onerror = () => reject(new Error(String(open.error)));
            open.onsuccess = () => {
              const all = open.result.transaction('kiosk').objectStore('kiosk').count();
              all.onsuccess = () => resolve(all.result);
            };
          }),
      );
      expect(left).toBe(0);

      // Online, the confirmation names the person who just pressed, for a few seconds only.
      await pressAs(page, NIPS[0]!, PINS[0]!, 'Pulang');
      await page.getByRole('status').locator('[data-state="stored"]').getByText('Pegawai Uji 1').waitFor();
      await page
        .getByRole('status')
        .getByText('Pegawai Uji 1')
        .waitFor({ state: 'detached', timeout: 15_000 });
      expect(await page.locator('body').innerText()).not.toContain('Pegawai Uji');

      // A press the server receives hours after its time waits for an admin, and the
      // person is told so on the kiosk, not only "recorded".
      h.clock.now = NOW + 3 * HOUR;
      await pressAs(page, NIPS[1]!, PINS[1]!, 'Pulang');
      const doubtful = page.getByRole('status').locator('[data-state="stored"]');
      await doubtful.getByText('Pegawai Uji 2').waitFor();
      await doubtful
        .locator('[data-review="pending"]')
        .getByText(/menunggu persetujuan admin/)
        .waitFor();
      await shot(page, 'kiosk-review-pending');
    } finally {
      await context.close();
      h.clock.now = NOW;
    }
  });

  it('takes a selfie at the press where the unit asks for one, and uploads it after the punch', async () => {
    const unit = await h.db.db.selectFrom('units').select('id').executeTakeFirstOrThrow();
    const setting = await fetch(`${h.baseUrl}/api/v1/units/${unit.id}/attendance-settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ selfieRequired: true }),
    });
    expect(setting.status).toBe(200);
    const site = await h.db.db.selectFrom('locations').select('id').executeTakeFirstOrThrow();
    const created = await apiPost(h, admin, '/kiosks', { siteId: site.id, label: 'Pintu samping' });
    const { code } = (await created.json()) as { code: string };
    const context = await h.browser.newContext({
      baseURL: h.baseUrl,
      viewport: { width: 800, height: 1280 },
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      permissions: ['camera'],
    });
    await context.clock.setFixedTime(NOW);
    const page = await context.newPage();
    try {
      await page.goto('/kiosk/');
      await page.getByLabel(/Kode pendaftaran/).fill(code);
      await page.getByRole('button', { name: /^Daftarkan kios/ }).click();
      await page.getByText('Unit ini meminta foto').waitFor();
      await expect
        .poll(() => page.locator('.kiosk-camera video').evaluate((v: HTMLVideoElement) => v.videoWidth))
        .toBeGreaterThan(0);
      await pressAs(page, NIPS[1]!, PINS[1]!, 'Pulang');
      await page.getByRole('status').locator('[data-state="stored"]').getByText('Pegawai Uji 2').waitFor();
      const id =
        (await page.getByRole('status').locator('[data-state="stored"]').getAttribute('data-id')) ?? '';
      await expect
        .poll(
          async () =>
            (await h.db.db.selectFrom('punch_photos').select('punch_id').where('punch_id', '=', id).execute())
              .length,
        )
        .toBe(1);
      const punch = await h.db.db
        .selectFrom('punches')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(punch.source).toBe('kiosk');
      expect(punch.photo_bytes).toBeLessThanOrEqual(40 * 1024);
      expect(JSON.parse(punch.flags)).not.toContain('selfie_missing');
      await page.getByText('Semua absen sudah terkirim').waitFor();
    } finally {
      await context.close();
    }
  });
});
