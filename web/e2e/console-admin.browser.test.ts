/**
 * The console's administration screens in headless Chromium against a real server, as
 * the agency admin and as the unit admin of Dinas Kesehatan (who must never see a person
 * of Dinas Pendidikan): the audit log; people and organisation (the unit tree, the
 * employee list, an employee's page, activation slips, the import wizard end to end with
 * a real XLSX made by exceljs); adoption per unit; and work sites drawn on the map with no
 * tiles at all, with the day's punches as points. The clocks of server and browsers are fixed:
 * Monday 9 February 2026, 07:41:20 WIB.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceM } from '../../core/geo.js';
import { formatNip } from '../../core/nip.js';
import { makeXlsx } from '../../server/test-support/sheets.js';
import {
  ADMIN,
  INSIDE,
  OFFICE,
  OFFICE_NAME,
  UNIT_ADMIN,
  apiGet,
  apiPost,
  openPhone,
  signIn,
  startHarness,
  type Harness,
} from './harness.js';
import { adoptRules, consoleSignIn, loginToken, openConsole, shot } from './console-harness.js';

const NOW = Date.parse('2026-02-09T00:41:20.000Z');
const NIPS = ['198609262015051001', '199001012018012002'];
const TEACHER = { nip: '198507072010011005', name: 'Guru Pendidikan Satu' };

let h: Harness;
let agencyToken: string;

async function patch(token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${h.baseUrl}/api/v1${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function employeeId(token: string, q: string): Promise<number> {
  const r = (await (await apiGet(h, token, `/employees?q=${encodeURIComponent(q)}`)).json()) as {
    items: { id: number }[];
  };
  return r.items[0]!.id;
}

beforeAll(async () => {
  h = await startHarness({
    now: NOW,
    nips: NIPS,
    otherOpd: { name: 'Dinas Pendidikan', people: [TEACHER] },
  });
  agencyToken = await loginToken(h, ADMIN);
  await adoptRules(h, agencyToken);
});

afterAll(async () => {
  await h?.close();
});

describe('admin console: audit log', () => {
  beforeAll(async () => {
    const unitToken = await loginToken(h, UNIT_ADMIN);
    const nurse = await employeeId(agencyToken, NIPS[0]!);
    const teacher = await employeeId(agencyToken, TEACHER.nip);
    expect((await patch(agencyToken, `/employees/${teacher}`, { position: 'Guru Madya' })).status).toBe(200);
    expect((await patch(unitToken, `/employees/${nurse}`, { position: 'Perawat Ahli' })).status).toBe(200);
  });

  it('shows the agency admin who changed what, and filters by action, person and actor', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/audit' });
    try {
      await consoleSignIn(page, ADMIN);
      await page.getByRole('heading', { name: 'Log audit: siapa mengubah apa, kapan' }).waitFor();
      const rows = page.locator('[data-part="audit"] tbody tr');
      await rows.first().waitFor();
      const all = await rows.allInnerTexts();
      // Newest first: the unit admin's edit of the nurse, then the agency's of the teacher.
      const nurseRow = all.findIndex((t) => t.includes('Pegawai Uji 1'));
      const teacherRow = all.findIndex((t) => t.includes(TEACHER.name));
      expect(nurseRow).toBeGreaterThanOrEqual(0);
      expect(teacherRow).toBeGreaterThan(nurseRow);
      expect(all[nurseRow]).toContain('admin.dinkes');
      expect(all[nurseRow]).toContain('employee.update');
      expect(all[nurseRow]).toContain('position: Perawat → Perawat Ahli');
      // The rule set the organisation adopted is the agency's own entry, named by its first
      // day; its many settings show a few lines and fold the rest.
      const rulesRow = rows.filter({ hasText: 'rules.version' });
      expect(await rulesRow.count()).toBe(1);
      expect(await rulesRow.innerText()).toContain('Aturan berlaku mulai · 2026-01-01');
      expect(await rulesRow.locator('td.detail > ul > li').count()).toBe(4);
      const more = rulesRow.locator('td.detail details');
      await expect.poll(() => more.locator('summary').innerText()).toMatch(/^\d+ baris lagi$/);
      expect(await more.locator('li').first().isVisible()).toBe(false);
      await more.locator('summary').click();
      expect(await more.locator('li').first().isVisible()).toBe(true);
      await shot(page, 'console-audit');

      await page.getByLabel('Tindakan').selectOption('employee.update');
      await expect.poll(() => rows.count()).toBe(2);

      await page.getByLabel('Pegawai').fill('Guru Pen');
      await page
        .locator('[data-part="person-suggestions"]')
        .getByRole('button', { name: /Guru Pendidikan Satu/ })
        .click();
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain('Dinas Pendidikan');

      await page.getByRole('button', { name: `Hapus pilihan ${TEACHER.name}` }).click();
      await page.getByLabel('Pelaku (nama pengguna)').fill('dinkes');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain('Pegawai Uji 1');
    } finally {
      await context.close();
    }
  });

  it("shows the unit admin only entries about Dinas Kesehatan's people", async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/audit' });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      const table = page.locator('[data-part="audit"]');
      await table.locator('tbody tr').first().waitFor();
      const text = await table.innerText();
      expect(text).toContain('Pegawai Uji 1');
      expect(text).not.toContain(TEACHER.name);
      expect(text).not.toContain('Dinas Pendidikan');
      expect(text).not.toContain('rules.version');
      const options = await page.getByLabel(/^Unit/).locator('option').allInnerTexts();
      expect(options.map((o) => o.trim())).toEqual(['Semua unit saya', 'Dinas Kesehatan']);

      // Searching for the teacher finds no one to filter by.
      await page.getByLabel('Pegawai').fill('Guru Pen');
      await page.waitForResponse((r) => r.url().includes('/api/v1/employees?'));
      expect(await page.locator('[data-part="person-suggestions"]').count()).toBe(0);

      // Nor does the API behind it: the teacher answers as if missing.
      const teacher = await employeeId(agencyToken, TEACHER.nip);
      const res = await apiGet(h, await loginToken(h, UNIT_ADMIN), `/console/audit?employeeId=${teacher}`);
      expect(res.status).toBe(404);
    } finally {
      await context.close();
    }
  });
});

describe('admin console: adoption', () => {
  beforeAll(async () => {
    // The second employee checks in from the phone at 07:41, 11 minutes late.
    const phone = await openPhone(h, INSIDE, { fixedTime: NOW });
    try {
      await signIn(phone.page, NIPS[1]!);
      await phone.page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
      await phone.page.getByRole('status').getByText('Diterima server').waitFor();
    } finally {
      await phone.context.close();
    }
  });

  it('shows the agency admin activation, phones, on-time and channels per unit, sortable', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/adoption' });
    try {
      await consoleSignIn(page, ADMIN);
      const table = page.locator('[data-part="adoption"]');
      const row = (name: string) => table.locator(`tbody tr[data-unit="${name}"]`);
      await row('Dinas Kesehatan').waitFor();
      const cell = (name: string, col: string) => row(name).locator(`td[data-col="${col}"]`);
      expect(await cell('Dinas Kesehatan', 'activated').innerText()).toContain('100%');
      expect(await cell('Dinas Kesehatan', 'phones').innerText()).toMatch(/^50%/);
      expect(await cell('Dinas Kesehatan', 'on_time').innerText()).toMatch(/^0%/);
      expect(await cell('Dinas Kesehatan', 'app').innerText()).toBe('100%');
      expect(await cell('Dinas Pendidikan', 'activated').innerText()).toMatch(/^0%/);
      expect(await cell('Dinas Pendidikan', 'never').innerText()).toBe('1');
      expect(await page.locator('[data-tile="activated"] .tile-value').innerText()).toBe('66,7%');

      // Lowest activation first: Dinas Pendidikan leads (the empty Pemda root goes last).
      await page.getByRole('button', { name: 'Urutkan menurut Akun aktif' }).click();
      await expect
        .poll(() => table.locator('tbody tr').first().getAttribute('data-unit'))
        .toBe('Dinas Pendidikan');

      const never = page.locator('[data-part="never"]');
      await never.getByText(TEACHER.name).waitFor();
      expect(await never.innerText()).toContain('Belum punya akun');
      await shot(page, 'console-adoption');
    } finally {
      await context.close();
    }
  });

  it("shows the unit admin only Dinas Kesehatan's adoption", async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/adoption' });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      const table = page.locator('[data-part="adoption"]');
      await table.locator('tbody tr').first().waitFor();
      expect(
        await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit'))),
      ).toEqual(['Dinas Kesehatan']);
      await page.locator('[data-part="never"]').getByText('Semua pegawai sudah aktivasi.').waitFor();
      expect(await page.locator('.content').innerText()).not.toContain(TEACHER.name);
    } finally {
      await context.close();
    }
  });
});

describe('admin console: people and organisation', () => {
  it("shows the unit tree with counts, searches the list, and opens an employee's page", async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/people' });
    try {
      await consoleSignIn(page, ADMIN);
      const tree = page.locator('[data-part="unit-tree"]');
      await tree.locator('li[data-unit="Dinas Kesehatan"]').waitFor();
      expect(await tree.locator('li[data-unit="Dinas Kesehatan"]').innerText()).toContain('2 / 2');
      expect(await tree.locator('li[data-unit="Pemkab Suka Maju"]').innerText()).toContain('0 / 3');
      const rows = page.locator('[data-part="employees"] tbody tr');
      await expect.poll(() => rows.count()).toBe(3);

      await page.getByLabel('Cari nama atau NIP').fill('Guru');
      await expect.poll(() => rows.count()).toBe(1);
      await page.getByLabel('Cari nama atau NIP').fill('');
      await tree.getByRole('button', { name: 'Dinas Kesehatan' }).click();
      await expect.poll(() => rows.count()).toBe(2);
      await page.getByRole('button', { name: 'Urutkan menurut Nama' }).click();
      await expect.poll(() => rows.first().innerText()).toContain('Pegawai Uji 2');
      await shot(page, 'console-people');

      // Activation slips of Dinas Kesehatan as a PDF.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Unduh slip aktivasi (PDF)' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^aktivasi-\d+\.pdf$/);
      expect(
        readFileSync(await download.path())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');

      await rows.getByRole('link', { name: 'Pegawai Uji 2' }).click();
      await page.getByRole('heading', { name: 'Pegawai Uji 2', level: 1 }).waitFor();
      expect(await page.locator('[data-part="profile"]').innerText()).toContain(NIPS[1]!);
      expect(await page.locator('[data-part="account"]').innerText()).toContain('Sudah aktif');
      expect(await page.locator('[data-part="devices"]').innerText()).toContain('disetujui');
      const week = page.locator('[data-part="week"] tbody tr');
      await expect.poll(() => week.count()).toBe(7);
      expect(await week.first().innerText()).toContain('07:30–16:00');
      expect(await week.nth(5).innerText()).toContain('Libur'); // Saturday
      // This morning's check-in, 11 minutes late, by phone, inside the fence.
      const punch = page.locator('[data-part="punches"] tbody tr').first();
      await punch.waitFor();
      expect(await punch.innerText()).toContain('07:41');
      expect(await punch.innerText()).toContain('Ponsel');
      expect(await punch.innerText()).toContain('Terlambat 11 mnt');
      // This month's card, day by day up to the last closed day.
      await page.locator('[data-part="card"]').getByText('Februari 2026').waitFor();
      await expect.poll(() => page.locator('[data-part="card"] tbody tr').count()).toBeGreaterThan(0);
      await shot(page, 'console-employee');
    } finally {
      await context.close();
    }
  });

  it('imports a real XLSX: map the columns, dry run with a refused row, apply the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hadir-import-'));
    const file = join(dir, 'pegawai-baru.xlsx');
    const nip = (serial: number) =>
      formatNip({
        kind: 'pns',
        birthDate: '1990-05-12',
        appointmentYear: 2019,
        appointmentMonth: 3,
        contract: null,
        sex: 'female',
        serial,
      });
    writeFileSync(
      file,
      await makeXlsx(
        ['NIP Baru', 'Nama Lengkap', 'Jabatan', 'Penempatan (isi)', 'Status Kepegawaian'],
        [
          [nip(7), 'Siti Aminah', 'Bidan', 'Dinas Kesehatan', 'PNS'],
          [nip(8), 'Rina Kartika', 'Perawat', 'Dinas Kesehatan', 'PNS'],
          ['12345', 'Salah Ketik', 'Staf', 'Dinas Kesehatan', 'PNS'],
        ],
      ),
    );
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/people' });
    try {
      await consoleSignIn(page, ADMIN);
      await page.getByRole('link', { name: 'Impor dari Excel' }).click();
      await page.getByRole('heading', { name: 'Impor pegawai dari Excel' }).waitFor();
      await page.getByLabel('Berkas XLSX atau CSV').setInputFiles(file);
      const mapping = page.locator('[data-part="import-mapping"]');
      await mapping.getByText('pegawai-baru.xlsx: 3 baris').waitFor();
      // The headers named the NIP; the unit column is the officer's to pick.
      expect(await mapping.locator('select[name="map-nip"]').inputValue()).toBe('0');
      await mapping.locator('select[name="map-name"]').selectOption({ label: 'Nama Lengkap' });
      await mapping.locator('select[name="map-unit"]').selectOption({ label: 'Penempatan (isi)' });
      await page.getByRole('button', { name: 'Uji tanpa menyimpan' }).click();

      const summary = page.locator('[data-part="import-summary"]');
      await summary.waitFor();
      expect(await summary.locator('[data-count="create"]').innerText()).toContain('2');
      expect(await summary.locator('[data-count="refused"]').innerText()).toContain('1');
      const refused = page.locator('[data-part="import-refused"] tbody tr');
      expect(await refused.count()).toBe(1);
      expect(await refused.first().getAttribute('data-row')).toBe('4');
      expect(await refused.first().innerText()).toContain('12345');
      expect(await page.locator('[data-part="import-create"]').innerText()).toContain('Siti Aminah');
      await shot(page, 'console-import');

      const apply = page.getByRole('button', { name: /^Terapkan \d+ perubahan$/ });
      expect(await apply.isDisabled()).toBe(true);
      await page.getByLabel('Lewati baris yang ditolak, terapkan sisanya').check();
      await apply.click();
      await page
        .locator('[data-part="import-done"]')
        .getByText('Selesai: 2 baru, 0 diubah, 0 pindah, 0 dinonaktifkan.')
        .waitFor();

      await page.getByRole('link', { name: 'Kembali ke daftar pegawai' }).click();
      await page.getByLabel('Cari nama atau NIP').fill('Siti');
      await expect
        .poll(() => page.locator('[data-part="employees"] tbody tr').innerText())
        .toContain('Dinas Kesehatan');
      const audit = (await (await apiGet(h, agencyToken, '/console/audit?action=import.')).json()) as {
        entries: { action: string }[];
      };
      expect(audit.entries.map((e) => e.action)).toContain('import.apply');
    } finally {
      await context.close();
    }
  });

  it("keeps the unit admin's tree, list, search and pages to Dinas Kesehatan", async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/people' });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      const tree = page.locator('[data-part="unit-tree"]');
      await tree.locator('li[data-unit="Dinas Kesehatan"]').waitFor();
      expect(
        await tree.locator('li[data-unit]').evaluateAll((l) => l.map((e) => e.getAttribute('data-unit'))),
      ).toEqual(['Dinas Kesehatan']);
      const list = page.locator('[data-part="employees"]');
      await list.locator('tbody tr').first().waitFor();
      expect(await list.innerText()).not.toContain(TEACHER.name);
      await page.getByLabel('Cari nama atau NIP').fill(TEACHER.nip.slice(0, 10));
      await list.getByText('Tidak ada yang cocok.').waitFor();

      // The teacher's page answers as if there were no such person.
      const teacher = await employeeId(agencyToken, TEACHER.nip);
      await page.goto(`/admin/people/${teacher}`);
      await page.locator('[data-screen="employee"] [role="alert"]').waitFor();
      expect(await page.locator('.content').innerText()).not.toContain(TEACHER.name);
    } finally {
      await context.close();
    }
  });
});

describe('admin console: work sites on the map', () => {
  interface SiteView {
    id: number;
    name: string;
    unitId: number;
    shape:
      | { type: 'circle'; center: { lat: number; lon: number }; radiusM: number }
      | { type: 'polygon'; points: { lat: number; lon: number }[] };
  }
  const sitesOf = async (token: string) =>
    ((await (await apiGet(h, token, '/sites')).json()) as { items: SiteView[] }).items;

  it('draws a circle and a polygon and edits a site, with no map tiles at all', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/sites' });
    try {
      await consoleSignIn(page, ADMIN);
      await page.getByLabel(/^Unit/).selectOption({ label: '\u2003Dinas Kesehatan' });
      const map = page.locator('[data-part="map"]');
      await page.locator(`[data-part="sites"] li[data-site="${OFFICE_NAME}"]`).waitFor();
      // No tile server configured: a grid, and not one tile requested.
      await page
        .locator('.map-note')
        .getByText(/^Tanpa peta dasar/)
        .waitFor();
      expect(await page.locator('img.map-tile').count()).toBe(0);
      // Centred on the office at zoom 17.
      await expect.poll(() => map.getAttribute('data-zoom')).toBe('17');
      const box = (await map.boundingBox())!;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;

      // A circle 100 px east of the office's centre, its radius dragged, then typed.
      await page.getByRole('button', { name: 'Lingkaran baru' }).click();
      await page.mouse.click(cx + 100, cy);
      const form = page.locator('[data-part="site-form"]');
      await form.getByLabel('Nama lokasi').fill('Posko Kesehatan');
      const handle = page.locator('[data-handle="edge"]');
      const hb = (await handle.boundingBox())!;
      await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
      await page.mouse.down();
      await page.mouse.move(hb.x + hb.width / 2 + 20, hb.y + hb.height / 2, { steps: 4 });
      await page.mouse.move(hb.x + hb.width / 2 + 42, hb.y + hb.height / 2, { steps: 4 });
      await page.mouse.up();
      const dragged = Number(await form.getByLabel('Jari-jari (meter)').inputValue());
      expect(dragged).toBeGreaterThan(140);
      expect(dragged).toBeLessThan(160);
      await form.getByLabel('Jari-jari (meter)').fill('150');
      await shot(page, 'console-sites');
      await form.getByRole('button', { name: 'Simpan lokasi' }).click();
      await page.getByText('Lokasi "Posko Kesehatan" tersimpan.').waitFor();

      // A polygon of three corners west of the office.
      await page.getByRole('button', { name: 'Poligon baru' }).click();
      await page.mouse.click(cx - 160, cy - 100);
      await page.mouse.click(cx - 60, cy - 100);
      await page.mouse.click(cx - 110, cy - 30);
      await page.locator('[data-part="site-points"]').getByText('poligon 3 sudut').waitFor();
      await form.getByLabel('Nama lokasi').fill('Lapangan Apel');
      await form.getByRole('button', { name: 'Simpan lokasi' }).click();
      await page.getByText('Lokasi "Lapangan Apel" tersimpan.').waitFor();

      // The office's fence narrowed to 80 m.
      await page.getByRole('button', { name: `Ubah ${OFFICE_NAME}` }).click();
      await form.getByLabel('Jari-jari (meter)').fill('80');
      await form.getByRole('button', { name: 'Simpan lokasi' }).click();
      await page.getByText(`Lokasi "${OFFICE_NAME}" tersimpan.`).waitFor();

      const stored = await sitesOf(agencyToken);
      const circle = stored.find((x) => x.name === 'Posko Kesehatan')!;
      expect(circle.shape.type).toBe('circle');
      if (circle.shape.type === 'circle') {
        expect(circle.shape.radiusM).toBe(150);
        // 100 px at zoom 17 and 6.2° S: about 118.6 m, due east.
        expect(Math.abs(distanceM(OFFICE, circle.shape.center) - 118.6)).toBeLessThan(2);
        expect(circle.shape.center.lon).toBeGreaterThan(OFFICE.lon);
      }
      const polygon = stored.find((x) => x.name === 'Lapangan Apel')!;
      expect(polygon.shape.type === 'polygon' && polygon.shape.points.length).toBe(3);
      const office = stored.find((x) => x.name === OFFICE_NAME)!;
      expect(office.shape.type === 'circle' && office.shape.radiusM).toBe(80);
      // Put the office back as the other tests know it.
      const put = await fetch(`${h.baseUrl}/api/v1/sites/${office.id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${agencyToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: OFFICE_NAME, mode: 'office', shape: { ...office.shape, radiusM: 100 } }),
      });
      expect(put.status).toBe(200);
    } finally {
      await context.close();
    }
  });

  it("shows the day's punches as points with accuracy circles", async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/sites' });
    try {
      await consoleSignIn(page, ADMIN);
      await page.getByLabel(/^Unit/).selectOption({ label: '\u2003Dinas Kesehatan' });
      await page.locator('[data-part="map"]').waitFor();
      await page.getByLabel('Tampilkan absen hari').check();
      await page.locator('[data-part="punch-count"]').getByText('1 absen dengan posisi (dari 1)').waitFor();
      const point = page.locator('[data-punch]');
      expect(await point.count()).toBe(1);
      expect(await point.locator('title').textContent()).toContain('Pegawai Uji 2 · 07:41');
      expect(Number(await point.locator('circle.accuracy').getAttribute('r'))).toBeGreaterThan(4);
      await shot(page, 'console-sites-punches');
    } finally {
      await context.close();
    }
  });

  it("keeps the unit admin's map to Dinas Kesehatan", async () => {
    const made = await apiPost(h, agencyToken, '/sites', {
      unitId: await disdikId(),
      name: 'Kantor Dinas Pendidikan',
      mode: 'office',
      shape: { type: 'circle', center: { lat: -6.21, lon: 106.83 }, radiusM: 100 },
    });
    expect(made.status).toBe(201);
    const disdikSite = (await made.json()) as { id: number };
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/sites' });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      const list = page.locator('[data-part="sites"]');
      await list.locator(`li[data-site="${OFFICE_NAME}"]`).waitFor();
      expect(await list.innerText()).not.toContain('Kantor Dinas Pendidikan');
      expect(await page.locator('[data-site="Kantor Dinas Pendidikan"]').count()).toBe(0);
      const options = await page.getByLabel(/^Unit/).locator('option').allInnerTexts();
      expect(options.map((o) => o.trim())).toEqual(['Dinas Kesehatan']);
      const unitToken = await loginToken(h, UNIT_ADMIN);
      const refused = await fetch(`${h.baseUrl}/api/v1/sites/${disdikSite.id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${unitToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Diambil alih',
          mode: 'office',
          shape: { type: 'circle', center: { lat: -6.21, lon: 106.83 }, radiusM: 50 },
        }),
      });
      expect(refused.status).toBe(404);
    } finally {
      await context.close();
    }
  });

  async function disdikId(): Promise<number> {
    const units = (await (await apiGet(h, agencyToken, '/console/units')).json()) as {
      units: { id: number; name: string }[];
    };
    return units.units.find((u) => u.name === 'Dinas Pendidikan')!.id;
  }
});
