/**
 * Leave, corrections and the monthly recap on the phone page, in headless Chromium
 * against a real server: the employee asks for sick leave with a doctor's letter (a
 * small PDF) and sees it pending; the unit admin approves it through the API and the
 * phone shows it approved after a reload; a correction ("lupa absen pulang") typed
 * offline is kept and goes through once online, and its rejection shows the admin's
 * reason; the recap screen shows the same totals as GET /me/recap. The clocks of server
 * and phone are fixed: Wednesday 18 March 2026, 09:00 WIB.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '../../core/wire.js';
import type { CorrectionRequestView, LeaveRequestView, RecapCard } from '../src/requests-api.js';
import { formatPct } from '../src/recap-format.js';
import {
  ADMIN,
  INSIDE,
  PASSWORD,
  UNIT_ADMIN,
  apiGet,
  apiLogin,
  apiPost,
  openPhone,
  signIn,
  startHarness,
  type Harness,
} from './harness.js';

/** Wednesday 18 March 2026, 09:00 in Jakarta (UTC+7). */
const NOW = Date.parse('2026-03-18T02:00:00.000Z');
const NIP = '198609262015051001';
/** A tiny but real PDF (the server checks its header, xref, trailer and %%EOF). */
const PDF_BODY =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n';
const PDF = Buffer.from(
  `${PDF_BODY}xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n` +
    `${String(PDF_BODY.indexOf('2 0 obj')).padStart(10, '0')} 00000 n \n` +
    `trailer<</Size 3/Root 1 0 R>>\nstartxref\n${PDF_BODY.length}\n%%EOF\n`,
);
/** Where 360 px screenshots go when HADIR_SCREENSHOTS names a folder (for looking at, not asserted). */
const SHOTS = process.env['HADIR_SCREENSHOTS'];

let h: Harness;
let employeeToken: string;
let unitAdminToken: string;

async function loginAs(username: string): Promise<string> {
  const res = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as LoginResponse).accessToken;
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  h = await startHarness({ now: NOW, nips: [NIP] });
  // Recaps need the organisation's deduction rules: the agency admin adopts a preset.
  const agency = await loginAs(ADMIN);
  const rules = (await (await apiGet(h, agency, '/rule-sets')).json()) as {
    presets: { id: string; effectiveFrom: string }[];
  };
  const preset = rules.presets[0]!;
  const added = await apiPost(h, agency, '/rule-sets', {
    ruleSet: { ...preset, id: `${preset.id}-uji`, effectiveFrom: '2026-01-01' },
  });
  expect(added.status).toBe(201);
  employeeToken = await apiLogin(h, NIP);
  unitAdminToken = await loginAs(UNIT_ADMIN);
});

afterAll(async () => {
  await h?.close();
});

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
}

describe('requests and recap on the phone page', () => {
  it('asks for sick leave with a PDF, sees it pending, and approved after the unit admin decides', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIP);
      await openTab(page, 'Cuti/Izin');
      await page.getByRole('heading', { name: 'Ajukan cuti atau izin' }).waitFor();
      await page.getByText('Belum ada pengajuan.').waitFor();

      await page.getByLabel('Jenis', { exact: true }).selectOption('cuti_sakit');
      await page.getByLabel('Dari tanggal').fill('2026-03-09');
      await page.getByLabel('Sampai tanggal').fill('2026-03-10');
      await page.getByText('2 hari kalender').waitFor();
      // Two days of sick leave need a doctor's letter (catalogue: more than one day).
      await page.getByText('Perlu lampiran (surat keterangan dokter) bila lebih dari 1 hari.').waitFor();
      await page.getByLabel('Alasan').fill('Demam tinggi, istirahat atas saran dokter');
      await page
        .locator('input[name="attachment"]')
        .setInputFiles({ name: 'surat-dokter.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByText('Terlampir: surat-dokter.pdf (1 KB)').waitFor();
      await shot(page, 'leave-form');

      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/me/leave-requests') && r.request().method() === 'POST',
        ),
        page.getByRole('button', { name: 'Kirim pengajuan' }).click(),
      ]);
      expect(response.status()).toBe(201);
      const created = (await response.json()) as LeaveRequestView;
      expect(created).toMatchObject({
        type: 'cuti_sakit',
        from: '2026-03-09',
        to: '2026-03-10',
        status: 'pending',
      });
      // The bytes arrived whole: the server's hash is the hash of the PDF we chose.
      expect(created.attachmentSha256).toBe(createHash('sha256').update(PDF).digest('hex'));

      await page.getByText('Pengajuan terkirim dan menunggu keputusan admin unit.').waitFor();
      const item = page.locator(`[data-part="leave-requests"] li[data-id="${created.id}"]`);
      expect(await item.getAttribute('data-state')).toBe('pending');
      expect(await item.innerText()).toContain('Cuti sakit');
      expect(await item.innerText()).toContain('Menunggu');
      expect(await item.innerText()).toContain('Dengan lampiran');
      // The form is empty again and its draft is gone.
      expect(await page.getByLabel('Alasan').inputValue()).toBe('');
      await shot(page, 'leave-list-pending');

      // The unit admin sees it among the unit's pending requests and approves it.
      const pending = (await (
        await apiGet(h, unitAdminToken, '/leave-requests?status=pending')
      ).json()) as LeaveRequestView[];
      expect(pending.map((r) => r.id)).toContain(created.id);
      const decided = await apiPost(h, unitAdminToken, `/leave-requests/${created.id}/decision`, {
        decision: 'approve',
      });
      expect(decided.status).toBe(200);

      await page.reload();
      await page.locator('#today-date').waitFor();
      await openTab(page, 'Cuti/Izin');
      const approved = page.locator(
        `[data-part="leave-requests"] li[data-id="${created.id}"][data-state="approved"]`,
      );
      await approved.waitFor();
      expect(await approved.innerText()).toContain('Disetujui');

      // In English the same list reads in English.
      await page.getByRole('button', { name: 'Ganti bahasa ke English' }).click();
      expect(await approved.innerText()).toContain('Approved');
      expect(await approved.innerText()).toContain('Sick leave');
      await page.getByRole('button', { name: 'Switch language to Bahasa Indonesia' }).click();
    } finally {
      await context.close();
    }
  });

  it('keeps a correction typed offline, sends it once online, and shows the rejection with the reason', async () => {
    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIP);
      await openTab(page, 'Koreksi');
      await page.getByRole('heading', { name: 'Ajukan koreksi absen' }).waitFor();
      // The date starts on the site's today.
      await expect.poll(() => page.getByLabel('Tanggal').inputValue()).toBe('2026-03-18');

      await context.setOffline(true);
      await page.locator('[data-part="offline"]').waitFor();
      await page.getByRole('button', { name: 'Lupa absen pulang' }).click();
      expect(await page.getByLabel('Absen pulang').isChecked()).toBe(true);
      expect(await page.getByLabel('Alasan').inputValue()).toBe('Lupa absen pulang');
      await page.getByLabel('Tanggal').fill('2026-03-16');
      await page.getByLabel('Jam (WIB)').fill('16:05');
      await page.getByRole('button', { name: 'Kirim pengajuan' }).click();
      await page
        .getByRole('alert')
        .getByText('Pengajuan perlu koneksi internet. Isian Anda tetap tersimpan di ponsel')
        .waitFor();
      await shot(page, 'correction-offline');

      // Away and back: what was typed is still there.
      await openTab(page, 'Riwayat');
      await openTab(page, 'Koreksi');
      expect(await page.getByLabel('Tanggal').inputValue()).toBe('2026-03-16');
      expect(await page.getByLabel('Jam (WIB)').inputValue()).toBe('16:05');
      expect(await page.getByLabel('Alasan').inputValue()).toBe('Lupa absen pulang');

      await context.setOffline(false);
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/me/correction-requests') && r.request().method() === 'POST',
        ),
        page.getByRole('button', { name: 'Kirim pengajuan' }).click(),
      ]);
      expect(response.status()).toBe(201);
      const created = (await response.json()) as CorrectionRequestView;
      // 16:05 WIB on 16 March is 09:05 UTC.
      expect(created).toMatchObject({
        kind: 'out',
        at: '2026-03-16T09:05:00.000Z',
        workDate: '2026-03-16',
        reason: 'Lupa absen pulang',
        status: 'pending',
      });
      const item = page.locator(`[data-part="correction-requests"] li[data-id="${created.id}"]`);
      await item.waitFor();
      expect(await item.innerText()).toContain('Absen pulang · Sen, 16 Mar pukul 16:05');
      expect(await item.innerText()).toContain('Menunggu');

      const mine = (await (
        await apiGet(h, employeeToken, '/me/correction-requests')
      ).json()) as CorrectionRequestView[];
      expect(mine.map((r) => r.id)).toEqual([created.id]);

      const decided = await apiPost(h, unitAdminToken, `/correction-requests/${created.id}/decision`, {
        decision: 'reject',
        reason: 'Tidak ada bukti pulang pukul 16:05',
      });
      expect(decided.status).toBe(200);
      await page.reload();
      await page.locator('#today-date').waitFor();
      await openTab(page, 'Koreksi');
      const rejected = page.locator(
        `[data-part="correction-requests"] li[data-id="${created.id}"][data-state="rejected"]`,
      );
      await rejected.waitFor();
      expect(await rejected.innerText()).toContain('Ditolak');
      expect(await rejected.innerText()).toContain('Alasan admin: Tidak ada bukti pulang pukul 16:05');
      await shot(page, 'correction-list');
    } finally {
      await context.close();
    }
  });

  it('shows the month recap with the same totals as GET /me/recap, and switches months', async () => {
    const expected = (await (await apiGet(h, employeeToken, '/me/recap?month=2026-03')).json()) as RecapCard;
    // The approved sick leave is in it: two days of cuti/izin.
    expect(expected.recap.counts.cutiIzin).toBe(2);

    const { context, page } = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(page, NIP);
      await openTab(page, 'Rekap');
      await page.getByRole('heading', { name: 'Rekap bulanan' }).waitFor();
      expect(await page.locator('[data-part="recap-month"]').innerText()).toBe('Maret 2026');
      const deduction = page.locator('[data-part="recap-deduction"] strong');
      await deduction.waitFor();
      expect(await deduction.innerText()).toBe(formatPct('id', expected.recap.totalBp));

      const stat = (name: string) => page.locator(`[data-stat="${name}"] dd`).innerText();
      expect(await stat('workingDays')).toBe(String(expected.recap.counts.workingDays));
      expect(await stat('present')).toBe(String(expected.recap.counts.present));
      expect(await stat('lateMinutes')).toBe(`${expected.recap.lateMinutes} menit`);
      expect(await stat('earlyMinutes')).toBe(`${expected.recap.earlyMinutes} menit`);
      const count = (key: string) => page.locator(`[data-count="${key}"] strong`).innerText();
      expect(await count('cutiIzin')).toBe('2');
      expect(await count('hadir')).toBe(String(expected.recap.counts.hadir));
      if (expected.recap.counts.tanpaKeterangan > 0) {
        expect(await count('tanpaKeterangan')).toBe(String(expected.recap.counts.tanpaKeterangan));
      }

      // The ledger: one row per day, the leave days named, each charge with its reason.
      const rows = page.locator('[data-part="recap-ledger"] li');
      expect(await rows.count()).toBe(expected.days.length);
      const leaveDay = page.locator('[data-part="recap-ledger"] li[data-date="2026-03-09"]');
      expect(await leaveDay.getAttribute('data-status')).toBe('cuti_izin');
      expect(await leaveDay.innerText()).toContain('Cuti sakit');
      const charged = expected.ledger.find((d) => d.bp > 0);
      if (charged !== undefined) {
        const row = page.locator(`[data-part="recap-ledger"] li[data-date="${charged.date}"]`);
        expect(await row.locator('.ledger-pct').innerText()).toBe(formatPct('id', charged.bp));
        expect(await row.innerText()).toContain(charged.items[0]!.code);
      }
      // Every charged day adds up to the month's ledger total.
      expect(expected.ledger.reduce((s, d) => s + d.bp, 0)).toBe(expected.recap.ledgerBp);
      await shot(page, 'recap');

      // The month switcher: back to February (no leave there), and not past the current month.
      expect(await page.getByRole('button', { name: 'Bulan berikutnya' }).isDisabled()).toBe(true);
      const february = (await (
        await apiGet(h, employeeToken, '/me/recap?month=2026-02')
      ).json()) as RecapCard;
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/me/recap?month=2026-02')),
        page.getByRole('button', { name: 'Bulan sebelumnya' }).click(),
      ]);
      expect(await page.locator('[data-part="recap-month"]').innerText()).toBe('Februari 2026');
      await page.locator('[data-part="recap-deduction"] strong').waitFor();
      expect(await page.locator('[data-part="recap-deduction"] strong').innerText()).toBe(
        formatPct('id', february.recap.totalBp),
      );
      expect(await stat('workingDays')).toBe(String(february.recap.counts.workingDays));
      expect(await page.locator('[data-count="cutiIzin"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
