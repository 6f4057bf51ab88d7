/**
 * The phone page as a newcomer meets it, in headless Chromium against a real server: the
 * main button within reach on a 360x640 screen, no second punch from a hurried second
 * tap, a question before an early check-out, the selfie the unit requires asked for in
 * the press, and the history showing the approved corrections that decide pay. The
 * clocks are fixed at Monday 9 February 2026, 07:41:20 WIB.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchCheckInRequest, CheckInResponse, TodayResponse } from '../../core/wire.js';
import { insertAttendanceEntry } from '../../server/features/entries/store.js';
import { openConsole } from './console-harness.js';
import {
  ADMIN,
  INSIDE,
  PASSWORD,
  apiGet,
  apiLogin,
  openPhone,
  signIn,
  startHarness,
  type Harness,
} from './harness.js';

const NOW = Date.parse('2026-02-09T00:41:20.000Z');

const NIPS = {
  layout: '198609262015051101',
  english: '199001012018012102',
  second: '198803152012031103',
  double: '198803152012031108',
  form: '198803152012031109',
  early: '198803152012031104',
  selfie: '197912312005011105',
  noCamera: '198201012006041106',
  history: '198201012006041107',
};

/** Where screenshots go when HADIR_SCREENSHOTS names a folder (looked at, not asserted). */
const SHOTS = process.env['HADIR_SCREENSHOTS'];

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

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
  return ((await (await apiGet(h, token, '/me/today')).json()) as TodayResponse).punches;
}

/** Whether the page or the tab row is wider than the screen. */
async function overflow(page: Page): Promise<{ page: number; tabs: number }> {
  return page.evaluate(() => {
    const tabs = document.querySelector<HTMLElement>('nav.tabs');
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      tabs: tabs === null ? 0 : tabs.scrollWidth - tabs.clientWidth,
    };
  });
}

describe('the phone page at 360x640', () => {
  for (const [lang, nip, label] of [
    ['id', NIPS.layout, 'Absen Masuk'],
    ['en', NIPS.english, 'Check in'],
  ] as const) {
    it(`shows the main button without scrolling and no sideways overflow (${lang})`, async () => {
      const { context, page } = await openPhone(h, INSIDE, {
        fixedTime: NOW,
        viewport: { width: 360, height: 640 },
      });
      try {
        if (lang === 'en') {
          await page.getByRole('button', { name: 'English' }).click();
          await page.getByLabel('NIP or username').fill(nip);
          await page.getByLabel('Password').fill(PASSWORD);
          await page.getByRole('button', { name: 'Sign in', exact: true }).click();
          await page.locator('#today-date').waitFor();
        } else {
          await signIn(page, nip);
        }
        const button = page.getByRole('button', { name: label, exact: true });
        await button.waitFor();
        // The location is known, so the page is as tall as it gets before a press.
        await page.locator('.where').waitFor();
        expect(await page.evaluate(() => window.scrollY)).toBe(0);
        const box = await button.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.y).toBeGreaterThanOrEqual(0);
        expect(box!.y + box!.height).toBeLessThanOrEqual(640);
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(360);
        expect(await overflow(page)).toEqual({ page: 0, tabs: 0 });
        await shot(page, `phone-today-360x640-${lang}`);
        // Every tab is visible whole.
        for (const tab of await page.locator('nav.tabs button').all()) {
          const b = (await tab.boundingBox())!;
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.x + b.width).toBeLessThanOrEqual(360);
        }
      } finally {
        await context.close();
      }
    });
  }
});

describe('a press that may be a mistake is asked about first', () => {
  it('a second tap right after the check-in asks, and "cancel" records nothing', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.second);
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await page.getByRole('status').getByText('Diterima server').waitFor();
      // The button now reads "Absen Pulang": the hurried second tap.
      await page.getByRole('button', { name: 'Absen Pulang', exact: true }).click();
      const question = page.getByRole('alertdialog');
      await question.waitFor();
      const text = await question.innerText();
      expect(text).toContain('Anda baru saja absen masuk');
      expect(text).toMatch(/pulang cepat \d{3} menit/);
      await shot(page, 'phone-confirm-360');
      await question.getByRole('button', { name: 'Batal, jangan absen' }).click();
      await page.getByText('Tidak ada absen yang dicatat.').waitFor();
      expect(await page.locator('.punch-state').count()).toBe(1);
      const punches = await punchesOf(NIPS.second);
      expect(punches.map((p) => p.kind)).toEqual(['in']);
    } finally {
      await context.close();
    }
  });

  it('a double tap on the button records one punch', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.double);
      await page.locator('.where').waitFor();
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).dblclick();
      await page.getByRole('status').getByText('Diterima server').waitFor();
      // A third tap where the button was lands on "cancel" if anything.
      expect(await page.locator('.punch-state').count()).toBe(1);
      expect((await punchesOf(NIPS.double)).map((p) => p.kind)).toEqual(['in']);
    } finally {
      await context.close();
    }
  });

  it('a check-out hours before the end of the day asks first, then records when confirmed', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.early);
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await page.getByRole('status').getByText('Diterima server').waitFor();
      // Opened again a minute later: no press just before this one. (Both clocks move on,
      // so the two punches do not share one instant and their order is the presses'.)
      h.clock.now = NOW + 60_000;
      await context.clock.setFixedTime(NOW + 60_000);
      await page.reload();
      await page.getByRole('button', { name: 'Absen Pulang', exact: true }).click();
      const question = page.getByRole('alertdialog');
      await question.waitFor();
      const text = await question.innerText();
      expect(text).toMatch(
        /Jam pulang Anda 16:00\. Absen pulang sekarang dicatat pulang cepat \d{3} menit\./,
      );
      expect(text).not.toContain('baru saja');
      expect((await punchesOf(NIPS.early)).map((p) => p.kind)).toEqual(['in']);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/check-ins/batch')),
        question.getByRole('button', { name: 'Ya, absen pulang' }).click(),
      ]);
      expect(response.status()).toBe(200);
      await page.getByRole('status').getByText('Diterima server').waitFor();
      const punches = await punchesOf(NIPS.early);
      expect(punches.map((p) => p.kind)).toEqual(['in', 'out']);
      expect(Date.parse(punches[1]!.capturedAt)).toBeGreaterThan(Date.parse(punches[0]!.capturedAt));
      expect(punches[1]!.timing.earlyMinutes).toBeGreaterThan(400);
    } finally {
      h.clock.now = NOW;
      await context.close();
    }
  });
});

describe('the history shows what decides pay', () => {
  it('lists an approved correction for a day without punches', async () => {
    const employee = await h.db.db
      .selectFrom('employees')
      .select('id')
      .where('nip', '=', NIPS.history)
      .executeTakeFirstOrThrow();
    // Friday 6 February: the phone failed all day; the unit admin approved the correction.
    for (const [id, kind, hhmm] of [
      ['corr-in', 'in', [0, 25]],
      ['corr-out', 'out', [9, 5]],
    ] as const) {
      const at = Date.UTC(2026, 1, 6, hhmm[0], hhmm[1]);
      await insertAttendanceEntry(h.db.db, {
        id,
        employeeId: employee.id,
        kind,
        at,
        workDate: '2026-02-06',
        source: 'correction',
        author: 1,
        note: 'Aplikasi gagal saat absen',
        voids: null,
        requestId: null,
        createdAt: at,
      });
    }
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.history);
      await page.getByRole('button', { name: 'Riwayat' }).click();
      await page.getByText('Riwayat 7 hari terakhir').waitFor();
      const friday = page.locator('.history li').filter({ hasText: '6 Feb' });
      const text = await friday.innerText();
      expect(text).not.toContain('Tidak ada absen');
      expect(text).toContain('Masuk 07:25 · koreksi disetujui · Aplikasi gagal saat absen');
      expect(text).toContain('Pulang 16:05 · koreksi disetujui');
    } finally {
      await context.close();
    }
  });
});

describe('form messages', () => {
  it('drops a problem once its field is fixed, and keeps the others', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.form);
      await page.getByRole('button', { name: 'Cuti/Izin' }).click();
      await page.getByRole('button', { name: 'Kirim pengajuan' }).click();
      const problems = page.getByRole('alert');
      await problems.getByText('Isi alasannya.').waitFor();
      await problems.getByText('Isi tanggal mulai dan tanggal selesai.').waitFor();
      await page.getByLabel('Alasan').fill('Keperluan keluarga');
      await expect.poll(() => problems.getByText('Isi alasannya.').count()).toBe(0);
      expect(await problems.getByText('Isi tanggal mulai dan tanggal selesai.').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe('a unit that requires a selfie', () => {
  async function requireSelfie(on: boolean): Promise<void> {
    const unit = await h.db.db
      .selectFrom('units')
      .select('id')
      .where('name', '=', 'Dinas Kesehatan')
      .executeTakeFirstOrThrow();
    const token = await apiLogin(h, ADMIN);
    const res = await fetch(`${h.baseUrl}/api/v1/units/${unit.id}/attendance-settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ selfieRequired: on }),
    });
    expect(res.status).toBe(200);
  }

  beforeAll(() => requireSelfie(true));
  afterAll(() => requireSelfie(false));

  it('asks for the selfie in the press and records the punch with it', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIPS.selfie);
      await page.getByText('Unit Anda mewajibkan swafoto setiap absen.').waitFor();
      let sent = 0;
      page.on('request', (r) => {
        if (r.url().endsWith('/check-ins/batch')) sent++;
      });
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      // Nothing is recorded yet: the camera opens and the page says why.
      await page.locator('[data-part="selfie-ask"]').waitFor();
      await page.locator('.camera video').waitFor();
      expect(sent).toBe(0);
      expect(await page.locator('.punch-state').count()).toBe(0);
      await page.waitForFunction(
        () => (document.querySelector<HTMLVideoElement>('.camera video')?.videoWidth ?? 0) > 0,
      );
      const [request] = await Promise.all([
        page.waitForRequest((r) => r.url().endsWith('/check-ins/batch')),
        page.getByRole('button', { name: 'Jepret' }).click(),
      ]);
      const capture = (request.postDataJSON() as BatchCheckInRequest).checkIns[0]!;
      expect(capture.kind).toBe('in');
      expect(capture.photo?.sha256).toMatch(/^[0-9a-f]{64}$/);
      await page.getByRole('status').getByText('Diterima server').waitFor();
      const punches = await punchesOf(NIPS.selfie);
      expect(punches).toHaveLength(1);
      expect(punches[0]!.flags).not.toContain('selfie_missing');

      // Once the selfie has arrived, the admin sees it on the person's page, and the view
      // itself is in the audit log.
      await expect.poll(async () => (await punchesOf(NIPS.selfie))[0]!.photo?.uploaded).toBe(true);
      const adminToken = await apiLogin(h, ADMIN);
      const found = (await (await apiGet(h, adminToken, `/employees?q=${NIPS.selfie}`)).json()) as {
        items: { id: number }[];
      };
      const admin = await openConsole(h, { fixedTime: NOW });
      try {
        // This harness adopts no rule set, so the start page shows only its menu: wait for that.
        await admin.page.getByLabel('Nama pengguna').fill(ADMIN);
        await admin.page.getByLabel('Kata sandi').fill(PASSWORD);
        await admin.page.getByRole('button', { name: 'Masuk', exact: true }).click();
        await admin.page.getByRole('navigation', { name: 'Menu utama' }).waitFor();
        await admin.page.goto(`/admin/people/${found.items[0]!.id}`);
        const row = admin.page.locator(`[data-punch="${punches[0]!.id}"]`);
        await row.getByRole('button', { name: 'Lihat swafoto' }).click();
        const img = row.locator('[data-part="selfie"] img');
        await img.waitFor();
        await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
        const audit = (await (await apiGet(h, adminToken, '/console/audit?action=photo.viewed')).json()) as {
          entries: { target: string; actor: { username: string | null } }[];
        };
        const viewed = audit.entries.filter((e) => e.target === `punch:${punches[0]!.id}`);
        expect(viewed.map((e) => e.actor.username)).toContain(ADMIN);
      } finally {
        await admin.context.close();
      }
    } finally {
      await context.close();
    }
  });

  it('without a working camera offers to record anyway, and says the punch is flagged', async () => {
    const { context, page } = await openPhone(h, INSIDE, {
      fixedTime: NOW,
      // The camera refuses, as when the permission was denied.
      initScript: `navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('denied', 'NotAllowedError'));`,
    });
    try {
      await signIn(page, NIPS.noCamera);
      await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await page.getByText('Izin kamera ditolak.', { exact: false }).waitFor();
      expect(await page.locator('.punch-state').count()).toBe(0);
      await page.getByRole('button', { name: 'Absen tanpa swafoto' }).click();
      const verdict = page.getByRole('status');
      await verdict.getByText('Diterima server').waitFor();
      await verdict
        .getByText('Tanpa swafoto, padahal unit Anda mewajibkannya; akan diperiksa admin.')
        .waitFor();
      const punches = await punchesOf(NIPS.noCamera);
      expect(punches[0]!.flags).toContain('selfie_missing');
    } finally {
      await context.close();
    }
  });
});
