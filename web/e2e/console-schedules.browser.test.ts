/**
 * The console's schedules screen in headless Chromium against a real server, as an
 * agency admin and as the unit admin of Dinas Kesehatan: shift types added through the
 * form (a night shift ending the next morning), a month of shifts assigned on the roster
 * grid by painting cells and saving, a rotating pattern applied to everyone on the page,
 * a swap of two cells, a new version of the weekly hours; and the unit admin never
 * offered another OPD. What the screen shows is checked against what the API then holds.
 * The clocks of server and browsers are fixed: Monday 9 February 2026, 07:41:20 WIB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterGrid } from '../../server/features/console/rosters.js';
import { ADMIN, UNIT_ADMIN, apiGet, startHarness, type Harness } from './harness.js';
import { consoleSignIn, loginToken, openConsole, shot } from './console-harness.js';

const NOW = Date.parse('2026-02-09T00:41:20.000Z');
const NIPS = ['198609262015051001', '199001012018012002', '199105052015022016'];
const TEACHER = { nip: '198507072010011005', name: 'Guru Pendidikan Satu' };

let h: Harness;
let agencyToken: string;

async function grid(q: string): Promise<RosterGrid> {
  return (await (await apiGet(h, agencyToken, `/console/rosters?${q}`)).json()) as RosterGrid;
}

async function unitIdNamed(name: string): Promise<number> {
  const r = (await (await apiGet(h, agencyToken, '/console/units')).json()) as {
    units: { id: number; name: string }[];
  };
  return r.units.find((u) => u.name === name)!.id;
}

beforeAll(async () => {
  h = await startHarness({
    now: NOW,
    nips: NIPS,
    otherOpd: { name: 'Dinas Pendidikan', people: [TEACHER] },
  });
  agencyToken = await loginToken(h, ADMIN);
});

afterAll(async () => {
  await h?.close();
});

describe('admin console: schedules and rosters', () => {
  it('adds shift types, paints and saves a month of shifts, rotates and swaps', async () => {
    const dinkes = await unitIdNamed('Dinas Kesehatan');
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/schedules?tab=shifts' });
    try {
      await consoleSignIn(page, ADMIN);
      await page.getByRole('heading', { name: 'Jadwal kerja dan dinas' }).waitFor();
      await page.getByLabel(/^Unit/).selectOption(String(dinkes));

      // Shift types: a morning shift and a night shift that ends the next morning.
      const types = page.locator('[data-part="shift-types"]');
      for (const [code, name, start, end] of [
        ['P', 'Pagi', '07:00', '14:00'],
        ['M', 'Malam', '21:00', '07:00'],
      ] as const) {
        await types.getByLabel('Kode').fill(code);
        await types.getByLabel('Nama').fill(name);
        await types.getByLabel('Mulai').fill(start);
        await types.getByLabel('Selesai').fill(end);
        await types.getByRole('button', { name: 'Tambah jenis shift' }).click();
        await expect.poll(() => types.locator('tbody tr').count()).toBe(code === 'P' ? 1 : 2);
      }
      expect(await types.locator('tbody').innerText()).toContain('07:00 (+1)');

      // The roster: pick P, click two of the first person's days, save.
      await page.getByRole('button', { name: 'Jadwal dinas', exact: true }).click();
      const roster = page.locator('[data-part="roster"]');
      await roster.locator('tbody tr').first().waitFor();
      expect(await roster.locator('tbody tr').count()).toBe(3);
      expect(await roster.locator('thead th.day').count()).toBe(28);
      await roster.getByRole('button', { name: /^P Pagi/ }).click();
      const first = roster.locator('tbody tr').first();
      const personId = Number(await first.getAttribute('data-employee'));
      await first.locator('button[data-date="2026-02-10"]').click();
      await first.locator('button[data-date="2026-02-11"]').click();
      // Clicking a painted cell with the same fill again takes the change back.
      await first.locator('button[data-date="2026-02-12"]').click();
      await first.locator('button[data-date="2026-02-12"]').click();
      expect(await roster.locator('[data-part="pending"]').innerText()).toContain(
        '2 perubahan belum disimpan',
      );
      expect(await roster.locator('td.pending').count()).toBe(2);
      await roster.getByRole('button', { name: 'Simpan', exact: true }).click();
      await expect.poll(() => roster.locator('td.pending').count()).toBe(0);
      await expect.poll(() => first.locator('button[data-date="2026-02-10"]').innerText()).toBe('P');
      const saved = await grid(`unitId=${dinkes}&month=2026-02`);
      const savedShifts = saved.people.find((p) => p.employeeId === personId)!.shifts;
      expect(savedShifts).toEqual({ '2026-02-10': 'P', '2026-02-11': 'P' });

      // A rotating pattern for everyone on the page, each a day further on.
      await roster.locator('[data-part="rotation"] summary').click();
      const rotation = roster.locator('[data-part="rotation"]');
      await rotation.getByLabel(/^Pola/).fill('P, X');
      await rotation.getByRole('button', { name: 'Terapkan' }).click();
      expect(await rotation.getByRole('alert').innerText()).toContain('Kode tidak dikenal: X');
      await rotation.getByLabel(/^Pola/).fill('P,P,M,M,L');
      await rotation.getByLabel('Geser tiap orang (hari)').fill('1');
      await rotation.getByRole('button', { name: 'Terapkan' }).click();
      await expect
        .poll(
          async () => Object.keys((await grid(`unitId=${dinkes}&month=2026-02`)).people[2]!.shifts).length,
        )
        .toBe(28);
      const rotated = await grid(`unitId=${dinkes}&month=2026-02`);
      const cycle = ['P', 'P', 'M', 'M', null];
      rotated.people.forEach((p, i) => {
        expect(p.shifts['2026-02-01']).toBe(cycle[i % 5]);
        expect(p.shifts['2026-02-06']).toBe(cycle[i % 5]);
      });
      await expect.poll(() => first.locator('button[data-date="2026-02-05"]').innerText()).toBe('L');
      await shot(page, 'console-roster');

      // Swap: the first person's 1 February (P) with the third's (M).
      const third = roster.locator('tbody tr').nth(2);
      await roster.getByRole('button', { name: /Tukar dinas/ }).click();
      await first.locator('button[data-date="2026-02-01"]').click();
      await third.locator('button[data-date="2026-02-01"]').click();
      await roster.locator('[data-part="swap"]').getByRole('button', { name: 'Tukar', exact: true }).click();
      await expect.poll(() => first.locator('button[data-date="2026-02-01"]').innerText()).toBe('M');
      expect(await third.locator('button[data-date="2026-02-01"]').innerText()).toBe('P');

      // Weekly hours: a six-day version from March, shown with its days.
      await page.getByRole('button', { name: 'Jam kerja mingguan', exact: true }).click();
      const weekly = page.locator('[data-part="weekly"]');
      await expect.poll(() => weekly.innerText()).toContain('Jam kerja 5 hari');
      await weekly.getByLabel('Nama').fill('Enam hari Dinkes');
      await weekly.getByLabel('Berlaku mulai').fill('2026-03-01');
      await weekly.locator('select[name="template"]').selectOption('six_day');
      await weekly.getByRole('button', { name: 'Versi baru jam kerja' }).click();
      await expect.poll(() => weekly.locator('li', { hasText: 'Enam hari Dinkes' }).count()).toBe(1);
      expect(await weekly.locator('li', { hasText: 'Enam hari Dinkes' }).innerText()).toMatch(
        /Sen–Kam 07:30–14:30 · Jum 07:30–11:00 · Sab 07:30–13:30 · Min libur/,
      );

      // Special hours: Ramadan for Dinas Kesehatan from the template, then ended earlier.
      await page.getByRole('button', { name: 'Jam khusus (Ramadan)', exact: true }).click();
      const special = page.locator('[data-part="overrides"]');
      // The region's own Ramadan hours (seeded for everyone) are listed beside it.
      await expect.poll(() => special.locator('li', { hasText: 'Seluruh daerah' }).count()).toBe(1);
      await special.getByLabel('Nama').fill('Ramadan Dinkes');
      await special.getByRole('button', { name: 'Tambah jam khusus' }).click();
      const ramadan = special.locator('li', { hasText: 'Ramadan Dinkes' });
      await expect.poll(() => ramadan.count()).toBe(1);
      expect(await ramadan.innerText()).toContain('Sen–Kam 08:00–15:00 · Jum 08:00–15:30');
      expect(await ramadan.innerText()).toContain('Dinas Kesehatan');
      await ramadan.locator('input[type="date"]').fill('2026-03-15');
      await ramadan.getByRole('button', { name: 'Akhiri' }).click();
      await expect.poll(() => ramadan.innerText()).toContain('15 Maret 2026');
      const overrides = (await (
        await apiGet(h, agencyToken, '/schedule-overrides?from=2026-01-01&to=2026-12-31')
      ).json()) as { overrides: { name: string; from: string; to: string; unitIds: number[] | null }[] };
      expect(overrides.overrides.filter((o) => o.unitIds !== null)).toEqual([
        expect.objectContaining({
          name: 'Ramadan Dinkes',
          from: '2026-02-19',
          to: '2026-03-15',
          unitIds: [dinkes],
        }),
      ]);
      await shot(page, 'console-overrides');
    } finally {
      await context.close();
    }
  });

  it("offers the unit admin only Dinas Kesehatan's units", async () => {
    const { context, page } = await openConsole(h, { fixedTime: NOW, path: '/admin/schedules' });
    try {
      await consoleSignIn(page, UNIT_ADMIN);
      const roster = page.locator('[data-part="roster"]');
      await roster.locator('tbody tr').first().waitFor();
      const options = await page.getByLabel(/^Unit/).locator('option').allInnerTexts();
      expect(options.map((o) => o.trim())).toEqual(['Dinas Kesehatan']);
      expect(await roster.innerText()).not.toContain(TEACHER.name);
    } finally {
      await context.close();
    }
  });
});
