/**
 * The exported daily list and card say why an outside punch did or did not count (issue
 * 10 item 5: the PDF's remarks column was blank while the day read TK): awaiting review,
 * accepted by whom and why, rejected by whom and why — in CSV, XLSX and PDF alike.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMENTAN_68_2012 } from '../../../core/attendance/presets.js';
import type { CheckInResponse } from '../../../core/wire.js';
import { parseCsv } from '../reports/render-csv.js';
import { insertRuleSet } from '../rules/store.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, MAKASSAR, newId, NIP_A, startServer, wita } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

/**
 * These punches are pressed with the morning's capturedAt while the server's clock says
 * evening: a time the server could not verify (issue 9 item 2, time-review.test.ts). This
 * file is about the fence, so its rule set counts such times as recorded.
 */
const FENCE_ONLY = { ...PERMENTAN_68_2012, unverifiedTime: 'count' as const };
const EVENING = wita(22, 30);
const AWAY = { lat: MAKASSAR.lat + 0.01, lon: MAKASSAR.lon };
const DATE = '2026-03-02';
/** The server's clock: the evening of the day; the card counts the day from the next one on. */
let clock = EVENING;

/** Words of a text with every run of white space (line and column breaks too) removed. */
const squash = (s: string) => s.replace(/\s+/g, '');

describe.each(ENGINES)('exports of reviewed punches on %s', (engine) => {
  let s: TestServer;
  let dinkes: string;
  let punchId: string;

  beforeAll(async () => {
    s = await startServer(engine, { now: () => clock });
    await insertRuleSet(s.t.db, s.seeded.units.pemda, FENCE_ONLY, wita(0, 0), null);
    dinkes = (await login(s.url, 'admin.dinkes')).token;
    const token = (await login(s.url, NIP_A)).token;
    const press = async (kind: string, at: number, where: { lat: number; lon: number }) =>
      (
        await call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', {
          token,
          body: {
            id: newId(at),
            kind,
            capturedAt: new Date(at).toISOString(),
            location: { ...where, accuracy: 15 },
          },
        })
      ).body;
    punchId = (await press('in', wita(7, 20), AWAY)).id;
    await press('out', wita(16, 5), MAKASSAR);
  });
  afterAll(() => s?.close());

  const file = async (path: string) => {
    const r = await fetch(s.url + path, { headers: { authorization: `Bearer ${dinkes}` } });
    expect(r.status).toBe(200);
    return Buffer.from(await r.arrayBuffer());
  };
  const dailyPath = (format: string) =>
    `/api/v1/units/${s.seeded.units.puskesmas}/daily/export?date=${DATE}&format=${format}`;
  /** The remarks (last column) of Andi's row in the daily CSV. */
  const csvRemarks = async () => {
    const rows = parseCsv(await file(dailyPath('csv')));
    const header = rows.find((r) => r.includes('Keterangan'))!;
    const row = rows.find((r) => r.includes('Andi Rahman'))!;
    return row[header.indexOf('Keterangan')]!;
  };

  it('prints "awaiting review" beside the missing check-in while no admin has decided', async () => {
    expect(await csvRemarks()).toBe('absen masuk 07:20 di luar lokasi, menunggu persetujuan admin');
  });

  it('prints who accepted it and why, in CSV, XLSX and PDF, and the card too', async () => {
    const r = await call(s.url, 'POST', `/api/v1/check-ins/${punchId}/review`, {
      token: dinkes,
      body: { decision: 'accept', reason: 'Rapat di kantor camat' },
    });
    expect(r.status).toBe(201);
    const remark = 'absen masuk 07:20 di luar lokasi diterima oleh admin.dinkes: Rapat di kantor camat';
    expect(await csvRemarks()).toBe(remark);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file(dailyPath('xlsx'))) as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(c.text)));
    expect(cells).toContain(remark);

    const dir = mkdtempSync(join(tmpdir(), 'hadir-review-pdf-'));
    try {
      writeFileSync(join(dir, 'd.pdf'), await file(dailyPath('pdf')));
      const text = execFileSync('pdftotext', ['-raw', join(dir, 'd.pdf'), '-'], { encoding: 'utf8' });
      expect(squash(text)).toContain(squash('diterima oleh admin.dinkes: Rapat di kantor camat'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // The card charges closed days only: read it the next day (signed in again then).
    clock = EVENING + 12 * 3_600_000;
    try {
      dinkes = (await login(s.url, 'admin.dinkes')).token;
      const card = parseCsv(
        await file(`/api/v1/employees/${s.seeded.employees.a}/card/export?month=2026-03&format=csv`),
      );
      expect(card.some((row) => row.some((c) => c.includes(remark)))).toBe(true);
      // The card the console shows carries the same decision on the day.
      const json = await call<{ days: { date: string; reviews?: unknown[] }[] }>(
        s.url,
        'GET',
        `/api/v1/employees/${s.seeded.employees.a}/card?month=2026-03`,
        { token: dinkes },
      );
      expect(json.body.days.find((d) => d.date === DATE)?.reviews).toEqual([
        {
          eventId: punchId,
          kind: 'in',
          at: new Date(wita(7, 20)).toISOString(),
          state: 'accepted',
          cause: 'outside_fence',
          by: 'admin.dinkes',
          reason: 'Rapat di kantor camat',
        },
      ]);
    } finally {
      clock = EVENING;
      dinkes = (await login(s.url, 'admin.dinkes')).token;
    }
  });

  it('prints who rejected it and why once the decision is replaced', async () => {
    const agency = (await login(s.url, 'admin')).token;
    const r = await call(s.url, 'POST', `/api/v1/check-ins/${punchId}/review`, {
      token: agency,
      body: { decision: 'reject', reason: 'Tidak ada surat tugas' },
    });
    expect(r.status).toBe(201);
    expect(await csvRemarks()).toBe(
      'absen masuk 07:20 di luar lokasi ditolak oleh admin: Tidak ada surat tugas',
    );
  });
});
