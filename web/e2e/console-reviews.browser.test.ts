/**
 * The inbox's review of punches outside the work site in headless Chromium against a
 * real server (issue 10 item 5): the unit admin of Dinas Kesehatan sees the outside
 * punches of their people with distance and position, must give a reason, accepts one
 * and rejects the other, and the decisions reach the daily list with who decided and
 * why. The clocks of server and browser are fixed: Monday 9 February 2026, 07:41:20 WIB.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidV7 } from '../../core/uuid.js';
import { insertPunches } from '../../server/features/check-ins/store.js';
import { syntheticPunch } from '../../server/features/reports/punch-rows.js';
import { ADMIN, OFFICE_NAME, OUTSIDE, UNIT_ADMIN, apiGet, startHarness, type Harness } from './harness.js';
import { adoptRules, consoleSignIn, loginToken, openConsole, shot } from './console-harness.js';

const NOW = Date.parse('2026-02-09T00:41:20.000Z');
const NIPS = ['198609262015051001', '199001012018012002'];
const TEACHER = { nip: '198507072010011005', name: 'Guru Pendidikan Satu' };

let h: Harness;
let agencyToken: string;
const punches: Record<string, string> = {};

async function employeeId(nip: string): Promise<number> {
  const r = (await (await apiGet(h, agencyToken, `/employees?q=${nip}`)).json()) as {
    items: { id: number }[];
  };
  return r.items[0]!.id;
}

beforeAll(async () => {
  h = await startHarness({ now: NOW, nips: NIPS, otherOpd: { name: 'Dinas Pendidikan', people: [TEACHER] } });
  agencyToken = await loginToken(h, ADMIN);
  await adoptRules(h, agencyToken);
  // Two check-ins 600 m outside the office fence, as the phone stores them (07:20 and 07:35 WIB).
  const rows = [];
  for (const [i, nip] of NIPS.entries()) {
    const at = NOW - (21 - i * 15) * 60_000;
    const id = uuidV7(at, randomBytes(10));
    punches[nip] = id;
    rows.push(
      syntheticPunch(id, await employeeId(nip), 'in', at, 'Asia/Jakarta', {
        lat: OUTSIDE.lat,
        lon: OUTSIDE.lon,
        accuracy: 12,
        fence_status: 'outside',
        location_name: OFFICE_NAME,
        distance_m: 500,
      }),
    );
  }
  await insertPunches(h.db.db, rows);
});

afterAll(async () => {
  await h?.close();
});

describe('admin console: review of punches outside the work site', () => {
  it('accepts one with a reason and rejects the other, and the daily list names who and why', async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/inbox' });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      await page.getByRole('button', { name: 'Absen di luar lokasi (2)' }).click();
      const item = (nip: string) => page.locator(`[data-part="inbox"] li[data-id="${punches[nip]}"]`);
      await item(NIPS[0]!).waitFor();
      const text = await item(NIPS[0]!).innerText();
      expect(text).toContain('Pegawai Uji 1');
      expect(text).toContain(`Absen masuk pukul 07:20`);
      expect(text).toContain(`500 m dari ${OFFICE_NAME}`);
      expect(text).toContain('akurasi ±12 m');
      expect(text).toContain('Tanpa swafoto');
      expect(await item(NIPS[1]!).innerText()).toContain('Absen masuk pukul 07:35');
      await shot(page, 'console-punch-reviews');

      // A decision needs a reason, both ways.
      await item(NIPS[0]!).getByRole('button', { name: 'Terima', exact: true }).click();
      await page
        .locator('[data-part="outcome"]')
        .getByText('Tulis alasan keputusan dulu: alasan dicetak di daftar hadir.')
        .waitFor();
      await page.getByLabel('Alasan keputusan (wajib)').fill('Rapat di kantor camat');
      await item(NIPS[0]!).getByRole('button', { name: 'Terima', exact: true }).click();
      await page.locator('[data-part="outcome"]').getByText('1 berhasil diputuskan.').waitFor();
      await expect.poll(() => item(NIPS[0]!).count()).toBe(0);
      await page.getByRole('button', { name: 'Absen di luar lokasi (1)' }).waitFor();

      await page.getByLabel('Pilih semua di halaman ini').check();
      await page.getByLabel('Alasan keputusan (wajib)').fill('Tidak ada surat tugas');
      await page.getByRole('button', { name: 'Tolak yang dipilih' }).click();
      await page.locator('[data-part="outcome"]').getByText('1 berhasil diputuskan.').waitFor();
      await page.getByText('Tidak ada yang menunggu.').waitFor();

      // The decided ones, with who and why.
      await page.getByLabel('Status').selectOption('accepted');
      await item(NIPS[0]!).waitFor();
      expect(await item(NIPS[0]!).innerText()).toContain('Diterima oleh admin.dinkes: Rapat di kantor camat');
      await page.getByLabel('Status').selectOption('rejected');
      await item(NIPS[1]!).waitFor();
      expect(await item(NIPS[1]!).innerText()).toContain('Ditolak oleh admin.dinkes: Tidak ada surat tugas');

      // The daily list counts the accepted check-in and not the rejected one.
      const units = (await (await apiGet(h, agencyToken, '/units')).json()) as {
        items: { id: number; name: string }[];
      };
      const dinkes = units.items.find((u) => u.name === 'Dinas Kesehatan')!;
      const daily = (await (
        await apiGet(h, agencyToken, `/units/${dinkes.id}/daily?date=2026-02-09`)
      ).json()) as {
        days: {
          name: string;
          checkInAt: string | null;
          reviews?: { state: string; by: string; reason: string }[];
        }[];
      };
      const one = daily.days.find((d) => d.name === 'Pegawai Uji 1')!;
      const two = daily.days.find((d) => d.name === 'Pegawai Uji 2')!;
      expect(one.checkInAt).not.toBeNull();
      expect(one.reviews).toEqual([
        expect.objectContaining({ state: 'accepted', by: 'admin.dinkes', reason: 'Rapat di kantor camat' }),
      ]);
      expect(two.checkInAt).toBeNull();
      expect(two.reviews).toEqual([
        expect.objectContaining({ state: 'rejected', by: 'admin.dinkes', reason: 'Tidak ada surat tugas' }),
      ]);

      // The person's page shows the decision beside the punch.
      await page.goto(`/admin/people/${await employeeId(NIPS[1]!)}`);
      const row = page.locator(`[data-part="punches"] tr[data-punch="${punches[NIPS[1]!]}"]`);
      await row.waitFor();
      expect(await row.locator('[data-part="review"]').innerText()).toBe(
        'Ditolak oleh admin.dinkes: Tidak ada surat tugas',
      );
    } finally {
      await context.close();
    }
  });
});
