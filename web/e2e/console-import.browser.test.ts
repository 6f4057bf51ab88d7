/**
 * The console's import wizard for units and work sites in headless Chromium at 1280x800,
 * as the agency admin: a units XLSX made by exceljs (a header the officer maps by hand,
 * a parent named by a row of the same sheet, a parent that does not exist) and a sites
 * CSV as Excel saves it in an Indonesian locale (';' between cells, ',' as the decimal
 * mark). Each is picked, uploaded, mapped, dry-run (counts and the refused row with row,
 * column and reason) and applied; the unit tree and the site list then show what it made.
 * The employee sheet's flow is tested in console-admin.browser.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCsv, makeXlsx } from '../../server/test-support/sheets.js';
import { ADMIN, apiGet, startHarness, type Harness } from './harness.js';
import { consoleSignIn, loginToken, openConsole, shot } from './console-harness.js';

const NOW = Date.parse('2026-02-09T00:41:20.000Z');

let h: Harness;
let agencyToken: string;
let dir: string;

beforeAll(async () => {
  h = await startHarness({
    now: NOW,
    nips: ['198609262015051001'],
    otherOpd: { name: 'Dinas Pendidikan', people: [] },
  });
  agencyToken = await loginToken(h, ADMIN);
  dir = mkdtempSync(join(tmpdir(), 'hadir-import-kinds-'));
});

afterAll(async () => {
  await h?.close();
});

interface UnitItem {
  id: number;
  name: string;
  code?: string | null;
  kind: string;
  zone: string;
  parentId: number | null;
}

async function unitsByName(): Promise<Map<string, UnitItem>> {
  const tree = (await (await apiGet(h, agencyToken, '/units')).json()) as { items: UnitItem[] };
  return new Map(tree.items.map((u) => [u.name, u]));
}

describe('admin console: importing units and work sites', () => {
  it('imports a units XLSX: pick the kind, map the parent column, dry run with a refused row, apply', async () => {
    const file = join(dir, 'unit-kerja.xlsx');
    writeFileSync(
      file,
      await makeXlsx(
        ['Kode Unit Kerja', 'Nama Unit Kerja', 'Unit Atasan (isi)', 'Jenis', 'Zona'],
        [
          ['DINKES-PKM1', 'Puskesmas Sukamaju', 'Dinas Kesehatan', 'Puskesmas', ''],
          ['DINKES-LAB', 'UPT Laboratorium Kesehatan', 'Dinas Kesehatan', 'UPT', 'WIB'],
          // Its parent is a row of this very sheet, named by its code.
          ['DINKES-LAB-2', 'Pos Laboratorium Cibeureum', 'DINKES-LAB', '', ''],
          ['DKP-01', 'Bidang Perikanan Tangkap', 'Dinas Perikanan', 'Bidang', ''],
        ],
      ),
    );
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/people' });
    try {
      await consoleSignIn(page, ADMIN);
      await page.getByRole('link', { name: 'Impor dari Excel' }).click();
      await page.getByRole('heading', { name: 'Impor pegawai dari Excel' }).waitFor();
      await page
        .getByRole('group', { name: 'Isi berkas' })
        .getByRole('button', { name: 'Unit kerja' })
        .click();
      await page.getByRole('heading', { name: 'Impor unit kerja dari Excel' }).waitFor();
      expect(new URL(page.url()).search).toBe('?kind=units');
      // Employees only: no effective date for a units sheet.
      expect(await page.getByLabel('Berlaku sejak (opsional)').count()).toBe(0);

      await page.getByLabel('Berkas XLSX atau CSV').setInputFiles(file);
      const mapping = page.locator('[data-part="import-mapping"]');
      await mapping.getByText('unit-kerja.xlsx: 4 baris').waitFor();
      // The unit fields, suggested from the headers; the parent's header is not one Hadir knows.
      expect(
        await mapping.locator('select').evaluateAll((s) => s.map((e) => e.getAttribute('name'))),
      ).toEqual(['map-code', 'map-name', 'map-parent', 'map-kind', 'map-zone']);
      expect(await mapping.locator('select[name="map-code"]').inputValue()).toBe('0');
      expect(await mapping.locator('select[name="map-name"]').inputValue()).toBe('1');
      expect(await mapping.locator('select[name="map-parent"]').inputValue()).toBe('');
      expect(await mapping.locator('select[name="map-zone"]').inputValue()).toBe('4');
      await mapping.getByLabel('Unit induk (kode atau nama)').selectOption({ label: 'Unit Atasan (isi)' });
      await page.getByRole('button', { name: 'Uji tanpa menyimpan' }).click();

      const summary = page.locator('[data-part="import-summary"]');
      await summary.waitFor();
      expect(await summary.locator('[data-count="create"]').innerText()).toBe('Baru: 3');
      expect(await summary.locator('[data-count="refused"]').innerText()).toBe('Ditolak: 1');
      expect(await summary.locator('[data-count="move"]').innerText()).toBe('Pindah induk: 0');
      expect(await summary.locator('[data-count="deactivate"]').count()).toBe(0);
      const refused = page.locator('[data-part="import-refused"] tbody tr');
      expect(await refused.count()).toBe(1);
      expect(await refused.first().getAttribute('data-row')).toBe('5');
      const cells = await refused.first().locator('td').allInnerTexts();
      expect(cells.slice(0, 3)).toEqual(['5', 'C', 'Dinas Perikanan']);
      // The reason in Indonesian first, then in English.
      const reason = refused.first().locator('td').nth(3);
      expect(await reason.locator('[lang="id"]').innerText()).toMatch(/\S/);
      expect(await reason.locator('[lang="en"]').innerText()).toMatch(/\S/);
      const created = await page.locator('[data-part="import-create"]').innerText();
      expect(created).toContain('Puskesmas Sukamaju · DINKES-PKM1 · Puskesmas · di bawah Dinas Kesehatan');
      expect(created).toContain('Pos Laboratorium Cibeureum · DINKES-LAB-2');
      expect(created).toContain('di bawah UPT Laboratorium Kesehatan');
      await shot(page, 'console-import-units');
      await page.locator('[data-part="import-preview"]').evaluate((e) => e.scrollIntoView());
      await shot(page, 'console-import-units-plan');
      // Nothing written by the dry run.
      expect((await unitsByName()).has('Puskesmas Sukamaju')).toBe(false);

      const apply = page.getByRole('button', { name: 'Terapkan 3 perubahan' });
      expect(await apply.isDisabled()).toBe(true);
      await page.getByLabel('Lewati baris yang ditolak, terapkan sisanya').check();
      await apply.click();
      await page
        .locator('[data-part="import-done"]')
        .getByText('Selesai: 3 baru, 0 diubah, 0 pindah, 0 dinonaktifkan.')
        .waitFor();

      const units = await unitsByName();
      const dinkes = units.get('Dinas Kesehatan')!;
      const lab = units.get('UPT Laboratorium Kesehatan')!;
      expect(units.get('Puskesmas Sukamaju')).toMatchObject({
        code: 'DINKES-PKM1',
        kind: 'puskesmas',
        parentId: dinkes.id,
        zone: 'Asia/Jakarta',
      });
      expect(lab).toMatchObject({ kind: 'upt', parentId: dinkes.id });
      expect(units.get('Pos Laboratorium Cibeureum')).toMatchObject({ parentId: lab.id });
      expect(units.has('Bidang Perikanan Tangkap')).toBe(false);

      await page.getByRole('link', { name: 'Lihat pohon unit kerja' }).click();
      const tree = page.locator('[data-part="unit-tree"]');
      await tree.locator('li[data-unit="Pos Laboratorium Cibeureum"]').waitFor();
      expect(await tree.locator('li[data-unit="Puskesmas Sukamaju"]').count()).toBe(1);
      await shot(page, 'console-import-units-tree');
    } finally {
      await context.close();
    }
  });

  it('imports a sites CSV with Indonesian decimal commas, refusing a row whose unit is unknown', async () => {
    const file = join(dir, 'lokasi-kerja.csv');
    writeFileSync(
      file,
      makeCsv(
        ['Nama Lokasi', 'Kode Unit', 'Lintang', 'Bujur', 'Radius (m)'],
        [
          ['Puskesmas Sukamaju', 'DINKES-PKM1', '-6,8512', '107,9213', '120'],
          ['Laboratorium Kesehatan Daerah', 'DINKES-LAB', '-6.8601', '107.9302', '80'],
          ['Gudang Farmasi', 'DINKES-GUDANG', '-6.8702', '107.9404', '100'],
        ],
      ),
    );
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/sites' });
    try {
      await consoleSignIn(page, ADMIN);
      await page.getByRole('link', { name: 'Impor dari Excel' }).click();
      await page.getByRole('heading', { name: 'Impor lokasi kerja dari Excel' }).waitFor();
      const kinds = page.getByRole('group', { name: 'Isi berkas' });
      expect(await kinds.getByRole('button', { name: 'Lokasi kerja' }).getAttribute('aria-pressed')).toBe(
        'true',
      );

      await page.getByLabel('Berkas XLSX atau CSV').setInputFiles(file);
      const mapping = page.locator('[data-part="import-mapping"]');
      await mapping.getByText('lokasi-kerja.csv: 3 baris').waitFor();
      const suggested = await mapping
        .locator('select')
        .evaluateAll((s) => s.map((e) => [e.getAttribute('name'), (e as HTMLSelectElement).value]));
      expect(Object.fromEntries(suggested)).toMatchObject({
        'map-name': '0',
        'map-unitCode': '1',
        'map-lat': '2',
        'map-lng': '3',
        'map-radius': '4',
        'map-polygon': '',
        'map-nip': '',
      });
      await page.getByRole('button', { name: 'Uji tanpa menyimpan' }).click();

      const summary = page.locator('[data-part="import-summary"]');
      await summary.waitFor();
      expect(await summary.locator('[data-count="create"]').innerText()).toBe('Baru: 2');
      expect(await summary.locator('[data-count="refused"]').innerText()).toBe('Ditolak: 1');
      expect(await summary.locator('[data-count="move"]').count()).toBe(0);
      const refused = page.locator('[data-part="import-refused"] tbody tr');
      expect(await refused.count()).toBe(1);
      const cells = await refused.first().locator('td').allInnerTexts();
      expect(cells.slice(0, 3)).toEqual(['4', 'B', 'DINKES-GUDANG']);
      const created = await page.locator('[data-part="import-create"]').innerText();
      expect(created).toContain('Puskesmas Sukamaju · Puskesmas Sukamaju · kantor · lingkaran radius 120 m');
      expect(created).toContain('Laboratorium Kesehatan Daerah · UPT Laboratorium Kesehatan');
      await page.locator('[data-part="import-preview"]').evaluate((e) => e.scrollIntoView());
      await shot(page, 'console-import-sites');
      // In English the same plan reads English first, Indonesian beneath.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Import work sites from Excel' }).waitFor();
      const reason = refused.first().locator('td').nth(3);
      expect(await reason.locator('span').first().getAttribute('lang')).toBe('en');
      expect(await reason.locator('span').first().innerText()).toContain('Row 4 column B');
      expect(await summary.locator('[data-count="create"]').innerText()).toBe('New: 2');
      await shot(page, 'console-import-sites-en');
      await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
      await page.getByRole('heading', { name: 'Impor lokasi kerja dari Excel' }).waitFor();

      await page.getByLabel('Lewati baris yang ditolak, terapkan sisanya').check();
      await page.getByRole('button', { name: 'Terapkan 2 perubahan' }).click();
      await page
        .locator('[data-part="import-done"]')
        .getByText('Selesai: 2 baru, 0 diubah, 0 pindah, 0 dinonaktifkan.')
        .waitFor();

      const pkm = (await unitsByName()).get('Puskesmas Sukamaju')!;
      const sites = (await (await apiGet(h, agencyToken, `/sites?unitId=${pkm.id}`)).json()) as {
        items: { name: string; shape: { type: string; radiusM?: number; center?: { lat: number } } }[];
      };
      expect(sites.items).toHaveLength(1);
      expect(sites.items[0]).toMatchObject({
        name: 'Puskesmas Sukamaju',
        shape: { type: 'circle', radiusM: 120, center: { lat: -6.8512 } },
      });

      // The site map lists it under its unit.
      await page.getByRole('link', { name: 'Lihat lokasi kerja di peta' }).click();
      const picker = page.getByLabel(/^Unit/);
      const value = await picker.locator('option', { hasText: 'Puskesmas Sukamaju' }).getAttribute('value');
      await picker.selectOption(value);
      await page.locator('[data-part="sites"] li[data-site="Puskesmas Sukamaju"]').waitFor();
    } finally {
      await context.close();
    }
  });
});
