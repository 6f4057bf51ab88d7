/**
 * The admin console's shell and its live board in headless Chromium against a real
 * server: admins sign in at /admin/, employees who do are sent to the phone page and
 * admins on the phone page are offered the console; the language switch; a session that
 * outlives its access token without asking the officer to sign in again; the live board
 * updating when a phone checks in; and a unit admin who never sees another OPD's people,
 * in the counts, the units table, the list, the search or the export. The clocks of
 * server and browsers are fixed: Monday 9 February 2026, 07:41:20 WIB.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  INSIDE,
  UNIT_ADMIN,
  apiGet,
  apiPost,
  openPhone,
  signIn,
  startHarness,
  type Harness,
} from './harness.js';
import {
  LAPTOP,
  TABLET_PORTRAIT,
  adoptRules,
  consoleSignIn,
  loginToken,
  openConsole,
  shot,
} from './console-harness.js';

const NOW = Date.parse('2026-02-09T00:41:20.000Z');
const NIPS = ['198609262015051001', '199001012018012002'];
const TEACHER = { nip: '198507072010011005', name: 'Guru Pendidikan Satu' };

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    now: NOW,
    nips: NIPS,
    otherOpd: { name: 'Dinas Pendidikan', people: [TEACHER] },
  });
  await adoptRules(h, await loginToken(h, ADMIN));
});

afterAll(async () => {
  await h?.close();
});

describe('admin console: shell', () => {
  it('signs an admin in at /admin/, switches language, and signs out', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW });
    try {
      await page.getByRole('heading', { name: 'Masuk ke konsol admin' }).waitFor();
      await consoleSignIn(page, ADMIN);
      await page.getByRole('heading', { name: 'Kehadiran hari ini' }).waitFor();
      expect(await page.locator('[data-part="who"]').innerText()).toContain('Admin BKPSDM');
      await expect
        .poll(() => page.getByRole('navigation', { name: 'Menu utama' }).innerText())
        .toContain('Hari ini');

      await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
      await page.getByRole('heading', { name: "Today's attendance" }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByRole('button', { name: 'Switch language to Bahasa Indonesia' }).click();
      await page.getByRole('heading', { name: 'Kehadiran hari ini' }).waitFor();

      // Keyboard: on a fresh page the skip link is the first stop.
      await page.reload();
      await page.getByRole('heading', { name: 'Kehadiran hari ini' }).waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Langsung ke isi');

      await page.getByRole('button', { name: 'Keluar' }).click();
      await page.getByRole('heading', { name: 'Masuk ke konsol admin' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('sends an employee who signs in at /admin/ to the phone page', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW });
    try {
      await page.getByLabel('Nama pengguna').fill(NIPS[0]!);
      await page.getByLabel('Kata sandi').fill('rahasia-uji-123');
      await page.getByRole('button', { name: 'Masuk', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/');
      // Signed in already: the phone page opens on today's screen.
      await page.locator('#today-date').waitFor();
    } finally {
      await context.close();
    }
  });

  it('offers the console to an admin who signs in on the phone page', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await page.getByLabel('NIP atau nama pengguna').fill(UNIT_ADMIN);
      await page.getByLabel('Kata sandi').fill('rahasia-uji-123');
      await page.getByRole('button', { name: 'Masuk', exact: true }).click();
      const offer = page.locator('[data-part="admin-offer"]');
      await offer.waitFor();
      // No employee tabs for an admin.
      expect(await page.getByRole('button', { name: 'Riwayat' }).count()).toBe(0);
      await offer.getByRole('link', { name: 'Buka konsol admin' }).click();
      await page.waitForURL((u) => u.pathname === '/admin/');
      await page.getByRole('heading', { name: 'Kehadiran hari ini' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('renews an expired access token quietly: the officer stays signed in', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW });
    try {
      await consoleSignIn(page, ADMIN);
      await page.locator('[data-part="people"]').waitFor();
      // Twenty minutes later: the 15-minute access token has expired.
      h.clock.now = NOW + 20 * 60_000;
      const [refreshed] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh')),
        page.getByLabel('Tampilkan').selectOption('not_yet'),
      ]);
      expect(refreshed.status()).toBe(200);
      await expect.poll(() => page.locator('[data-part="people"] tbody tr').count()).toBe(NIPS.length + 1);
      expect(await page.getByRole('heading', { name: 'Masuk ke konsol admin' }).count()).toBe(0);
    } finally {
      h.clock.now = NOW;
      await context.close();
    }
  });
});

describe('admin console: today, live', () => {
  it('updates the counts, the latest punches and the list when a phone checks in', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW });
    const phone = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await consoleSignIn(page, ADMIN);
      await page.locator('[data-part="live-state"]').getByText('Langsung').waitFor();
      const tile = (name: string) => page.locator(`[data-tile="${name}"] .tile-value`);
      expect(await tile('all').innerText()).toBe('3');
      expect(await tile('checked_in').innerText()).toBe('0');
      expect(await tile('not_yet').innerText()).toBe('3');
      const units = page.locator('[data-part="units"] tbody tr');
      expect(await units.allInnerTexts()).toEqual([
        expect.stringContaining('Dinas Kesehatan'),
        expect.stringContaining('Dinas Pendidikan'),
      ]);

      // The employee checks in from the phone at 07:41:20, 11 minutes late (TL1). (The
      // first employee's phone was enrolled by an earlier test: this one would wait for approval.)
      await signIn(phone.page, NIPS[1]!);
      await phone.page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await phone.page.getByRole('status').getByText('Diterima server').waitFor();

      await expect.poll(() => tile('checked_in').innerText()).toBe('1');
      expect(await tile('not_yet').innerText()).toBe('2');
      expect(await page.locator('[data-tile="late"] .tile-sub').innerText()).toContain('TL1: 1');
      await page.locator('[data-part="recent"] li').getByText('Pegawai Uji 2 · Dinas Kesehatan').waitFor();
      expect(await page.locator('[data-part="arrivals"] figcaption').innerText()).toContain('1 absen masuk');
      // The list follows: the person is now late by 11 minutes.
      const row = page.locator('[data-part="people"] tbody tr', { hasText: 'Pegawai Uji 2' });
      await expect.poll(() => row.getAttribute('data-category')).toBe('checked_in');
      expect(await row.innerText()).toContain('11 mnt');
      await shot(page, 'console-today');

      // Drill down into Dinas Kesehatan.
      await page.getByRole('link', { name: 'Buka Dinas Kesehatan' }).click();
      await page.locator('.crumbs').getByText('Dinas Kesehatan').waitFor();
      await expect.poll(() => tile('all').innerText()).toBe('2');
    } finally {
      await phone.context.close();
      await context.close();
    }
  });

  it("shows a unit admin only their OPD's people: counts, units, list, search and export", async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, viewport: TABLET_PORTRAIT });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      await page.locator('[data-part="live-state"]').getByText('Langsung').waitFor();
      const tile = (name: string) => page.locator(`[data-tile="${name}"] .tile-value`);
      expect(await tile('all').innerText()).toBe('2');
      expect(await page.locator('[data-part="units"]').innerText()).not.toContain('Dinas Pendidikan');
      expect(await page.locator('[data-part="people"]').innerText()).not.toContain(TEACHER.name);

      await page.getByLabel('Cari nama atau NIP').fill(TEACHER.nip.slice(0, 8));
      await page.locator('[data-part="people"]').waitFor();
      await page.getByText('Tidak ada yang cocok.').waitFor();

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Unduh CSV' }).click(),
      ]);
      const csv = readFileSync(await download.path(), 'utf8');
      expect(download.suggestedFilename()).toBe('belum-absen-masuk-dinas-kesehatan-2026-02-09.csv');
      expect(csv).toContain('Pegawai Uji 1');
      expect(csv).not.toContain('Pegawai Uji 2'); // checked in by now
      expect(csv).not.toContain(TEACHER.name);
      await shot(page, 'console-today-tablet');

      // The API behind it refuses another OPD as if it did not exist.
      const token = await loginToken(h, UNIT_ADMIN);
      const board = (await (await apiGet(h, token, '/live/board')).json()) as { unit: { id: number } };
      const other = await apiGet(h, token, `/live/board?unitId=${board.unit.id + 1}`);
      expect(other.status).toBe(404);
    } finally {
      await context.close();
    }
  });

  it('fits a 1280x800 laptop without a horizontal scrollbar', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, viewport: LAPTOP });
    try {
      await consoleSignIn(page, ADMIN);
      await page.locator('[data-part="people"]').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
});

describe('admin console: reports', () => {
  async function downloadText(page: Page, button: string) {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).first().click(),
    ]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
  }

  it('shows the regency-wide recap with a unit column, exports it, and opens a card', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/reports' });
    try {
      await consoleSignIn(page, ADMIN);
      await page.getByRole('heading', { name: 'Laporan kehadiran' }).waitFor();
      // The daily list of today, the whole regency.
      const daily = page.locator('[data-part="daily"] tbody tr');
      await expect.poll(() => daily.count()).toBe(3);

      await page.getByRole('button', { name: 'Rekap bulanan' }).click();
      const people = page.locator('[data-part="recap-people"] tbody tr');
      await expect.poll(() => people.count()).toBe(3);
      await page.getByRole('button', { name: 'Urutkan menurut Unit' }).click();
      await expect
        .poll(() => people.locator('td:nth-child(2)').allInnerTexts())
        .toEqual(['Dinas Kesehatan', 'Dinas Kesehatan', 'Dinas Pendidikan']);
      expect(await page.locator('[data-part="recap-units"]').innerText()).toContain('Dinas Pendidikan');
      await shot(page, 'console-recap');

      const csv = await downloadText(page, 'Unduh CSV');
      expect(csv.name).toBe('rekap-bulanan-pemkab-suka-maju-2026-01.csv');
      expect(csv.text).toContain(TEACHER.name);

      await page.getByRole('button', { name: `Kartu kehadiran ${TEACHER.name}` }).click();
      await page.getByRole('heading', { name: new RegExp(`Kartu kehadiran: ${TEACHER.name}`) }).waitFor();
      // January 2026: one row per day.
      await expect.poll(() => page.locator('[data-part="card"] tbody tr').count()).toBe(31);
    } finally {
      await context.close();
    }
  });

  it("keeps a unit admin's reports and exports to their OPD", async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/reports' });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      const options = await page.getByLabel(/^Unit/).locator('option').allInnerTexts();
      expect(options.map((o) => o.trim())).toEqual(['Dinas Kesehatan']);
      await page.getByRole('button', { name: 'Rekap bulanan' }).click();
      const people = page.locator('[data-part="recap-people"] tbody tr');
      await expect.poll(() => people.count()).toBe(2);
      expect(await page.locator('[data-part="recap"]').innerText()).not.toContain(TEACHER.name);
      const csv = await downloadText(page, 'Unduh CSV');
      expect(csv.name).toBe('rekap-bulanan-dinas-kesehatan-2026-01.csv');
      expect(csv.text).not.toContain(TEACHER.name);
      expect(csv.text).toContain('Pegawai Uji 1');
    } finally {
      await context.close();
    }
  });
});

describe('admin console: inbox', () => {
  it('shows leave with its attachment inline, approves one, rejects in bulk with a reason', async () => {
    const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#c03030' } })
      .png()
      .toBuffer();
    const one = await loginToken(h, NIPS[0]!);
    const two = await loginToken(h, NIPS[1]!);
    const ask = async (token: string, from: string, attachment?: Buffer) => {
      const res = await apiPost(h, token, '/me/leave-requests', {
        type: 'cuti_tahunan',
        from,
        to: from,
        reason: `Keperluan keluarga ${from}`,
        ...(attachment ? { attachment: attachment.toString('base64') } : {}),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const withPhoto = await ask(one, '2026-02-16', png);
    const plain = await ask(two, '2026-02-17');
    const third = await ask(two, '2026-02-18');

    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/inbox' });
    try {
      await consoleSignIn(page, ADMIN);
      await page.getByRole('button', { name: 'Cuti / izin (3)' }).waitFor();
      const item = (id: string) => page.locator(`[data-part="inbox"] li[data-id="${id}"]`);
      expect(await item(withPhoto).innerText()).toContain('Pegawai Uji 1');
      expect(await item(withPhoto).innerText()).toContain('Cuti tahunan');

      await item(withPhoto).getByRole('button', { name: 'Lihat lampiran' }).click();
      const img = item(withPhoto).locator('[data-part="attachment"] img');
      await img.waitFor();
      await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(60);
      await shot(page, 'console-inbox');

      await item(withPhoto).getByRole('button', { name: 'Setujui', exact: true }).click();
      await page.locator('[data-part="outcome"]').getByText('1 berhasil diputuskan.').waitFor();
      await expect.poll(() => item(withPhoto).count()).toBe(0);

      // Bulk: both remaining, rejected; a rejection needs a reason first.
      await page.getByLabel('Pilih semua di halaman ini').check();
      await page.getByRole('button', { name: 'Tolak yang dipilih' }).click();
      await page.locator('[data-part="outcome"]').getByText('Tulis alasan penolakan dulu.').waitFor();
      await page.getByLabel('Alasan keputusan (wajib untuk menolak)').fill('Kuota cuti bulan ini penuh');
      await page.getByRole('button', { name: 'Tolak yang dipilih' }).click();
      await page.locator('[data-part="outcome"]').getByText('2 berhasil diputuskan.').waitFor();
      await page.getByText('Tidak ada yang menunggu.').waitFor();

      // The employees see the decisions on their phone's list.
      const mine = (await (await apiGet(h, two, '/me/leave-requests')).json()) as {
        id: string;
        status: string;
        decisionReason: string | null;
      }[];
      for (const id of [plain, third])
        expect(mine.find((r) => r.id === id)).toMatchObject({
          status: 'rejected',
          decisionReason: 'Kuota cuti bulan ini penuh',
        });
    } finally {
      await context.close();
    }
  });

  it('lets the unit admin approve a second phone', async () => {
    const token = await loginToken(h, NIPS[0]!);
    // A phone of theirs first: whether an earlier test's phone page finished enrolling one
    // before its page closed is not this test's to rely on (a first phone is active at
    // once, a later one waits for approval).
    const first = await apiPost(h, token, '/devices', { label: 'Chrome di Android' });
    expect(first.status).toBe(201);
    const enrolled = await apiPost(h, token, '/devices', { label: 'Chrome di Android (kedua)' });
    expect(enrolled.status).toBe(201);
    const device = (await enrolled.json()) as { deviceId: string; status: string };
    expect(device.status).toBe('pending');

    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/inbox' });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      await page.getByRole('button', { name: /^Ponsel baru/ }).click();
      const item = page.locator(`[data-part="inbox"] li[data-id="${device.deviceId}"]`);
      await item.waitFor();
      expect(await item.innerText()).toContain('Chrome di Android (kedua)');
      await item.getByRole('button', { name: 'Setujui', exact: true }).click();
      await page.locator('[data-part="outcome"]').getByText('1 berhasil diputuskan.').waitFor();
      const list = (await (
        await apiGet(h, await loginToken(h, UNIT_ADMIN), '/devices?status=active')
      ).json()) as {
        devices: { id: string }[];
      };
      expect(list.devices.map((d) => d.id)).toContain(device.deviceId);
    } finally {
      await context.close();
    }
  });
});

describe('admin console: settings', () => {
  it('adds a rule version from a date, a holiday, an incident window and unit settings', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/settings' });
    const token = await loginToken(h, ADMIN);
    try {
      await consoleSignIn(page, ADMIN);
      const rules = page.locator('[data-part="versions"]');
      await rules.locator('tbody tr').first().waitFor();
      expect(await rules.locator('tbody tr').count()).toBe(1);
      expect(await rules.locator('tbody tr').first().innerText()).toContain('Berlaku hari ini');

      // A new version from 1 March 2026 with TL1 at 0.75 %.
      const form = page.locator('[data-part="new-version"]');
      await form.getByLabel('Berlaku sejak').fill('2026-03-01');
      await form.getByLabel('TL1 Potongan %').fill('0.75');
      await form.getByRole('button', { name: 'Simpan sebagai versi baru' }).click();
      await expect.poll(() => rules.locator('tbody tr').count()).toBe(2);
      const stored = (await (await apiGet(h, token, '/rule-sets')).json()) as {
        versions: { rules: { effectiveFrom: string; lateBands: { code: string; pct: number }[] } }[];
      };
      const march = stored.versions.find((v) => v.rules.effectiveFrom === '2026-03-01')!;
      expect(march.rules.lateBands.find((b) => b.code === 'TL1')?.pct).toBe(0.75);
      // Today (9 February) the first version still applies.
      expect(await rules.locator('tbody tr').first().innerText()).toContain('Berlaku hari ini');
      expect(await rules.locator('tbody tr').nth(1).innerText()).not.toContain('Berlaku hari ini');

      // A holiday of the regency, then removed again.
      const holidays = page.locator('[data-part="holidays"]');
      const add = page.locator('[data-part="add-holiday"]');
      await add.getByLabel('Tanggal').fill('2026-04-20');
      await add.getByLabel('Nama hari').fill('Hari Jadi Kabupaten');
      await add.getByRole('button', { name: 'Tambah' }).click();
      await holidays.getByText('Hari Jadi Kabupaten').waitFor();
      await holidays.getByRole('button', { name: 'Hapus Hari Jadi Kabupaten 2026-04-20' }).click();
      await expect.poll(() => holidays.getByText('Hari Jadi Kabupaten').count()).toBe(0);

      // The server was down 07:00–08:10 this morning.
      const incident = page.locator('[data-part="add-incident"]');
      await incident.getByLabel('Alasan').fill('Server mati, absen tidak bisa dikirim');
      await incident.getByRole('button', { name: 'Catat insiden' }).click();
      await page.locator('[data-part="incidents"] li').getByText('07:00–08:10 WIB').waitFor();

      // Dinas Kesehatan: 5 minutes of grace and a selfie with every punch.
      const unit = page.locator('[data-part="unit-settings"]');
      await unit.getByLabel(/^Unit/).selectOption({ label: '\u2003Dinas Kesehatan' });
      await unit.getByLabel('Toleransi terlambat (menit)').fill('5');
      await unit.getByLabel('Swafoto saat absen').selectOption('yes');
      await unit.getByRole('button', { name: 'Simpan' }).click();
      await unit.getByText('Tersimpan.').waitFor();
      const board = (await (await apiGet(h, token, '/console/units')).json()) as {
        units: { id: number; name: string }[];
      };
      const dinkes = board.units.find((u) => u.name === 'Dinas Kesehatan')!;
      const settings = (await (await apiGet(h, token, `/units/${dinkes.id}/attendance-settings`)).json()) as {
        flex: { lateGraceMinutes: number };
        selfieRequired: boolean | null;
      };
      expect(settings).toMatchObject({ flex: { lateGraceMinutes: 5 }, selfieRequired: true });
      await shot(page, 'console-settings');
    } finally {
      await context.close();
    }
  });

  it("shows a unit admin only their unit's settings", async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/settings' });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      await page.locator('[data-part="unit-settings"]').waitFor();
      expect(await page.locator('[data-part="rule-sets"]').count()).toBe(0);
      const options = await page.getByLabel(/^Unit/).locator('option').allInnerTexts();
      expect(options.map((o) => o.trim())).toEqual(['Dinas Kesehatan']);
      // The organisation's rules stay the agency's: the API refuses a unit admin.
      const refused = await apiPost(h, await loginToken(h, UNIT_ADMIN), '/holidays', {
        date: '2026-04-21',
        name: 'Coba',
        kind: 'national',
      });
      expect(refused.status).toBe(403);
    } finally {
      await context.close();
    }
  });
});
