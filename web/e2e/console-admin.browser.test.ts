/**
 * The console's administration screens in headless Chromium against a real server, as
 * the agency admin and as the unit admin of Dinas Kesehatan (who must never see a person
 * of Dinas Pendidikan): the audit log. The clocks of server and browsers are fixed:
 * Monday 9 February 2026, 07:41:20 WIB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, UNIT_ADMIN, apiGet, startHarness, type Harness } from './harness.js';
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
      expect(all[nurseRow]).toContain('position: "Perawat" → "Perawat Ahli"');
      // The rule set the organisation adopted is the agency's own entry.
      expect(all.some((t) => t.includes('rules.version'))).toBe(true);
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
