/**
 * The demo month: statuses, recap and exports of the three scripted employees match the
 * hand-computed figures (Permentan 68/2012: TL/PSW 0.5/1/1.5/2 %, no check-out = PSW4
 * 2 %, TK 4 %, cuti sakit free, izin 2 % a day).
 */
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recapMonth } from '../features/reports/service.js';
import type { MonthResult } from '../features/reports/service.js';
import { runCli } from '../cli/cli.js';
import type { CliIo } from '../cli/cli.js';
import { cardReport } from '../features/reports/tables.js';
import { renderXlsx } from '../features/reports/render-xlsx.js';
import { openTestDatabase } from '../test-support/engines.js';
import { TEST_SCRYPT } from '../test-support/http-fixtures.js';
import type { TestDatabase } from '../test-support/engines.js';
import { generateDemoMonth } from './month.js';
import { seedDemo } from './seed.js';

describe('demo month 2026-03', () => {
  let t: TestDatabase;
  let result: MonthResult;
  let scripted: number[];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hadir-demo-month-'));
    t = await openTestDatabase('sqlite');
    await seedDemo(t.db, {
      now: Date.UTC(2026, 1, 1),
      passwordParams: TEST_SCRYPT,
      employees: 40,
    });
    const s = await generateDemoMonth(t.db, { month: '2026-03', now: Date.UTC(2026, 3, 1) });
    scripted = s.scripted;
    expect(s.punches).toBeGreaterThan(40 * 10);
    result = await recapMonth(t.db, {}, '2026-03');
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const person = (n: number) => {
    const i = result.recap.people.findIndex((p) => p.employeeId === scripted[n]);
    return { recap: result.recap.people[i]!, statuses: result.statuses[i]!, index: i };
  };
  const working = (n: number) =>
    person(n).statuses.filter((d) => d.status !== 'libur' && d.status !== 'tanpa_jadwal');

  it('employee 1: TL2, PSW1, no check-out and one TK — 7.5 %', () => {
    const days = working(0);
    expect(days.slice(0, 4).map((d) => [d.status, d.lateBand, d.earlyBand])).toEqual([
      ['terlambat', 'TL2', null],
      ['pulang_cepat', null, 'PSW1'],
      ['lupa_absen_pulang', null, null],
      ['tanpa_keterangan', null, null],
    ]);
    expect(days[0]!.lateMinutes).toBe(45);
    expect(days[1]!.earlyMinutes).toBe(20);
    expect(days.slice(4).every((d) => d.status === 'hadir')).toBe(true);
    const { recap } = person(0);
    expect(recap.totalBp).toBe(100 + 50 + 200 + 400);
    expect(recap.counts).toMatchObject({
      tanpaKeterangan: 1,
      terlambat: 1,
      pulangCepat: 1,
      lupaAbsenPulang: 1,
    });
    // March 2026: Nyepi (19) and Idul Fitri (21-22) with cuti bersama 18, 20, 23, 24 are libur.
    expect(person(0).statuses.find((d) => d.date === '2026-03-19')).toMatchObject({ status: 'libur' });
  });

  it('employee 2: cuti sakit free, izin 2 %, a corrected check-out — 2 %', () => {
    const days = working(1);
    expect(days.slice(0, 4).map((d) => [d.status, d.leaveType])).toEqual([
      ['cuti_izin', 'cuti_sakit'],
      ['cuti_izin', 'cuti_sakit'],
      ['cuti_izin', 'izin'],
      ['hadir', null],
    ]);
    expect(days[3]!.reasons).toContain('corrected');
    expect(person(1).recap.totalBp).toBe(200);
    expect(person(1).recap.leaveDays).toEqual({ cuti_sakit: 2, izin: 1 });
  });

  it('employee 3: TL4 and TL1 — 2.5 %', () => {
    const days = working(2);
    expect([days[0]!.lateMinutes, days[0]!.lateBand, days[1]!.lateMinutes, days[1]!.lateBand]).toEqual([
      95,
      'TL4',
      5,
      'TL1',
    ]);
    expect(person(2).recap.totalBp).toBe(250);
    expect(
      result.recap.people.every((p) =>
        p.ledger.every((d) => d.ruleVersion === 'permentan-68-2012@2026-01-01'),
      ),
    ).toBe(true);
  });

  it('prints the card of employee 1 with the hand-computed total', async () => {
    const { table } = cardReport(result, person(0).index, null);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(table)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const last = ws.getRow(table.subtitle.length + 3 + table.rows.length + 1);
    expect(last.getCell(1).value).toBe('Jumlah');
    expect(last.getCell(9).value).toBe(7.5);
    expect(table.rows).toHaveLength(31);
  });

  it('writes the recap from the command line', async () => {
    const lines: string[] = [];
    const io: CliIo = {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      env: { HADIR_DATA_DIR: dir },
      cwd: dir,
      now: () => Date.UTC(2026, 3, 1),
      readPassword: () => Promise.resolve(''),
    };
    // The CLI opens the database in HADIR_DATA_DIR: seed one there, then ask for the recap.
    expect(await runCli(['demo'], io)).toBe(0);
    expect(await runCli(['demo', 'punches', '--month', '2026-03'], io)).toBe(0);
    const out = join(dir, 'rekap.csv');
    expect(
      await runCli(['recap', '--month', '2026-03', '--unit', '1', '--format', 'csv', '--out', out], io),
    ).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain('Rekapitulasi Kehadiran');
    expect(csv).toContain('Maret 2026');
    expect(await runCli(['recap', '--month', '2026-13', '--unit', '1'], io)).not.toBe(0);
  }, 120_000);
});
