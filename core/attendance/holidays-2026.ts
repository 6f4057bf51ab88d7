/**
 * National holidays and cuti bersama of 2026, per the SKB 3 Menteri (Menteri Agama,
 * Menteri Ketenagakerjaan, MenPANRB) on 2026: 17 national holidays and 8 days of cuti
 * bersama. Data, not code: a SKB can be revised mid-year and regions add their own days
 * (kind 'regional' with unitIds), so the server stores an editable copy seeded from this.
 */
import type { Holiday } from './types.js';

export const NATIONAL_HOLIDAYS_2026: readonly Holiday[] = Object.freeze([
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'national' },
  { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad SAW', kind: 'national' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili', kind: 'national' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi Tahun Baru Saka 1948', kind: 'national' },
  { date: '2026-03-21', name: 'Idul Fitri 1447 Hijriah', kind: 'national' },
  { date: '2026-03-22', name: 'Idul Fitri 1447 Hijriah', kind: 'national' },
  { date: '2026-04-03', name: 'Wafat Yesus Kristus', kind: 'national' },
  { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)', kind: 'national' },
  { date: '2026-05-01', name: 'Hari Buruh Internasional', kind: 'national' },
  { date: '2026-05-14', name: 'Kenaikan Yesus Kristus', kind: 'national' },
  { date: '2026-05-27', name: 'Idul Adha 1447 Hijriah', kind: 'national' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE', kind: 'national' },
  { date: '2026-06-01', name: 'Hari Lahir Pancasila', kind: 'national' },
  { date: '2026-06-16', name: '1 Muharam Tahun Baru Islam 1448 Hijriah', kind: 'national' },
  { date: '2026-08-17', name: 'Proklamasi Kemerdekaan Republik Indonesia', kind: 'national' },
  { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW', kind: 'national' },
  { date: '2026-12-25', name: 'Kelahiran Yesus Kristus', kind: 'national' },
]);

export const CUTI_BERSAMA_2026: readonly Holiday[] = Object.freeze([
  { date: '2026-02-16', name: 'Cuti bersama Tahun Baru Imlek', kind: 'cuti_bersama' },
  { date: '2026-03-18', name: 'Cuti bersama Hari Suci Nyepi', kind: 'cuti_bersama' },
  { date: '2026-03-20', name: 'Cuti bersama Idul Fitri', kind: 'cuti_bersama' },
  { date: '2026-03-23', name: 'Cuti bersama Idul Fitri', kind: 'cuti_bersama' },
  { date: '2026-03-24', name: 'Cuti bersama Idul Fitri', kind: 'cuti_bersama' },
  { date: '2026-05-15', name: 'Cuti bersama Kenaikan Yesus Kristus', kind: 'cuti_bersama' },
  { date: '2026-05-28', name: 'Cuti bersama Idul Adha', kind: 'cuti_bersama' },
  { date: '2026-12-24', name: 'Cuti bersama Kelahiran Yesus Kristus', kind: 'cuti_bersama' },
]);

/** Both lists, in date order. */
export const HOLIDAYS_2026: readonly Holiday[] = Object.freeze(
  [...NATIONAL_HOLIDAYS_2026, ...CUTI_BERSAMA_2026].sort((a, b) => (a.date < b.date ? -1 : 1)),
);
