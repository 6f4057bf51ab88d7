/**
 * The recap PDF as a BKD officer prints it (issue: 10 rows a page, 29 pages for 300
 * people, NIPs wrapping onto two lines, no signature block): read back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMENTAN_68_2012, monthlyRecap, yearlyTk } from '../../../core/attendance/index.js';
import type { DayStatus, YearlyTk } from '../../../core/attendance/index.js';
import type { Employee, Unit } from '../../../core/model.js';
import { addDays } from '../../../core/time.js';
import { renderPdf } from './render-pdf.js';
import type { LoadedPeriod, MonthResult } from './service.js';
import { recapReport } from './tables.js';

const UNIT: Unit = { id: 5, parentId: 1, name: 'Dinas Kesehatan', kind: 'opd', zone: 'Asia/Makassar' };
const nipOf = (i: number) => `1986${String(i).padStart(4, '0')}2015051${String(i % 1000).padStart(3, '0')}`;

function day(employeeId: number, date: string, status: DayStatus['status']): DayStatus {
  return {
    employeeId,
    date,
    status,
    lateMinutes: 0,
    lateBand: null,
    earlyMinutes: 0,
    earlyBand: null,
    missingIn: false,
    missingOut: false,
    leaveType: null,
    holiday: null,
    shiftCode: null,
    checkInAt: null,
    checkOutAt: null,
    checkInEventId: null,
    checkOutEventId: null,
    ruleVersion: PERMENTAN_68_2012.id,
    reasons: [],
  };
}

/** A unit of `n` people for March 2026: the first is the head, some have TK days. */
function monthOf(n: number): { result: MonthResult; yearly: Map<number, YearlyTk> } {
  const employees: Employee[] = [];
  const statuses: DayStatus[][] = [];
  for (let i = 1; i <= n; i++) {
    employees.push({
      id: i,
      kind: 'pns',
      nip: nipOf(i),
      internalId: null,
      name: i === 1 ? 'dr. Hj. Siti Aminah, M.Kes.' : `Pegawai Nomor ${i} Dengan Nama Yang Cukup Panjang`,
      unitId: UNIT.id,
      position: i === 1 ? 'Kepala Dinas' : 'Pelaksana',
      active: true,
    });
    const days: DayStatus[] = [];
    for (let d = 0; d < 31; d++) {
      const date = addDays('2026-03-01', d);
      days.push(day(i, date, i % 10 === 0 && d < 12 ? 'tanpa_keterangan' : 'hadir'));
    }
    statuses.push(days);
  }
  const recap = monthlyRecap(
    '2026-03',
    employees.map((e, i) => ({ employeeId: e.id, unitId: UNIT.id, days: statuses[i]! })),
    [PERMENTAN_68_2012],
  );
  const period = {
    from: '2026-03-01',
    to: '2026-03-31',
    units: new Map([[UNIT.id, UNIT]]),
    employees,
    people: employees.map((employee) => ({ employee, unitId: UNIT.id })),
    ruleSets: new Map(),
  } as unknown as LoadedPeriod;
  const yearly = new Map(employees.map((e, i) => [e.id, yearlyTk('2026', statuses[i]!, e.kind)]));
  return { result: { month: '2026-03', period, statuses, recap }, yearly };
}

function pdfText(pdf: Buffer): { pages: string[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hadir-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  return { pages: text.split('\f').filter((p) => p.trim() !== ''), dir };
}

describe('recap PDF', () => {
  it('fits 300 people in a handful of landscape pages, NIPs whole on one line', async () => {
    const { result, yearly } = monthOf(300);
    const { pages, dir } = pdfText(await renderPdf(recapReport(UNIT, result, yearly)));
    try {
      expect(pages.length).toBeLessThanOrEqual(8);
      const all = pages.join('\n');
      for (let i = 1; i <= 300; i++) expect(all).toContain(nipOf(i));
      // Landscape A4: the page is wider than tall.
      const info = execFileSync('pdfinfo', [join(dir, 'r.pdf')], { encoding: 'utf8' });
      const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
      expect(Number(w)).toBeGreaterThan(Number(h));
      // A look at the first page, for the eye (kept when HADIR_KEEP_PDF is set).
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '70',
        '-f',
        '1',
        '-l',
        '1',
        join(dir, 'r.pdf'),
        join(dir, 'page'),
      ]);
    } finally {
      if (!process.env.HADIR_KEEP_PDF) rmSync(dir, { recursive: true, force: true });
      else console.log(`recap PDF kept in ${dir}`);
    }
  });

  it('ends with the signature block: Mengetahui, the head of the unit, name and NIP', async () => {
    const { result, yearly } = monthOf(12);
    const { pages, dir } = pdfText(await renderPdf(recapReport(UNIT, result, yearly)));
    rmSync(dir, { recursive: true, force: true });
    const last = pages[pages.length - 1]!;
    expect(last).toContain('Mengetahui,');
    expect(last).toContain('Kepala Dinas Kesehatan');
    expect(last).toContain('dr. Hj. Siti Aminah, M.Kes.');
    expect(last).toContain(`NIP. ${nipOf(1)}`);
  });

  it('leaves the name and NIP to be filled in when the unit has no head on record', async () => {
    const { result, yearly } = monthOf(3);
    for (const p of result.period.people) (p.employee as { position: string }).position = 'Pelaksana';
    const { pages, dir } = pdfText(await renderPdf(recapReport(UNIT, result, yearly)));
    rmSync(dir, { recursive: true, force: true });
    const last = pages[pages.length - 1]!;
    expect(last).toContain('Kepala Dinas Kesehatan');
    expect(last).toMatch(/NIP\. \.{10,}/);
  });
});
