import { describe, expect, it } from 'vitest';
import {
  chargeLine,
  chargeReason,
  countRows,
  formatMonth,
  formatPct,
  leaveTypeName,
} from './recap-format.js';
import type { StatusCountsView } from './requests-api.js';

const counts: StatusCountsView = {
  workingDays: 22,
  hadir: 18,
  terlambat: 2,
  pulangCepat: 0,
  terlambatPulangCepat: 0,
  lupaAbsenMasuk: 0,
  lupaAbsenPulang: 1,
  tanpaKeterangan: 1,
  cutiIzin: 0,
  libur: 9,
  cutiBersama: 0,
  tanpaJadwal: 0,
  present: 21,
};

describe('recap formatting', () => {
  it('writes basis points as percent in each language', () => {
    expect(formatPct('id', 0)).toBe('0%');
    expect(formatPct('id', 50)).toBe('0,5%');
    expect(formatPct('en', 50)).toBe('0.5%');
    expect(formatPct('id', 1250)).toBe('12,5%');
    expect(formatPct('en', 10000)).toBe('100%');
    expect(formatPct('id', 125)).toBe('1,25%');
  });

  it('names the month', () => {
    expect(formatMonth('id', '2026-03')).toBe('Maret 2026');
    expect(formatMonth('en', '2026-12')).toBe('December 2026');
  });

  it('lists statuses in a fixed order, dropping empty ones but always showing hadir', () => {
    expect(countRows('id', counts).map((r) => [r.label, r.n])).toEqual([
      ['Hadir', 18],
      ['Terlambat', 2],
      ['Lupa absen pulang', 1],
      ['Tanpa keterangan (TK)', 1],
      ['Libur', 9],
    ]);
    const none = { ...counts, hadir: 0, terlambat: 0, lupaAbsenPulang: 0, tanpaKeterangan: 0, libur: 0 };
    expect(countRows('en', none).map((r) => r.label)).toEqual(['Present']);
  });

  it("translates the server's ledger notes and keeps unknown ones as written", () => {
    expect(chargeReason('en', { code: 'TL1', bp: 50, note: 'terlambat 11 menit' })).toBe(
      'Late by 11 minutes',
    );
    expect(chargeReason('id', { code: 'PSW2', bp: 100, note: 'pulang cepat 40 menit' })).toBe(
      'Pulang cepat 40 menit',
    );
    expect(chargeReason('en', { code: 'TK', bp: 400, note: 'tanpa keterangan' })).toBe(
      'Absent without notice',
    );
    expect(chargeReason('en', { code: 'PSW4', bp: 200, note: 'tidak absen pulang' })).toBe('No check-out');
    expect(
      chargeReason('en', {
        code: 'izin',
        bp: 200,
        note: 'izin hari ke-3 bulan ini, dipotong setelah 2 hari',
      }),
    ).toBe('Permission (absent for a valid reason), day 3 this month (deducted after 2 days)');
    expect(chargeReason('en', { code: 'APEL', bp: 200, note: 'tidak ikut apel' })).toBe('tidak ikut apel');
    expect(chargeLine('id', { code: 'TL1', bp: 50, note: 'terlambat 11 menit' })).toBe(
      'TL1 0,5% · Terlambat 11 menit',
    );
  });

  it('names leave types in both languages, falling back to the catalogue name', () => {
    expect(leaveTypeName('en', 'cuti_tahunan')).toBe('Annual leave');
    expect(leaveTypeName('id', 'cuti_tahunan')).toBe('Cuti tahunan');
    expect(leaveTypeName('en', 'cuti_daerah', 'Cuti khusus daerah')).toBe('Cuti khusus daerah');
  });
});
