/**
 * The default catalogue of leave and permissions. Cuti for PNS follows PP 11/2017 on PNS
 * management (as amended by PP 17/2020), Bab "Cuti", and Peraturan BKN 24/2017 on granting
 * leave; PPPK leave follows PP 49/2018 (cuti tahunan, sakit, melahirkan, bersama).
 * Permissions (izin, sakit, dinas luar, WFH) are regional rules (Perbup on working hours
 * and TPP). Whether a type counts as present here is the usual default; the rule set of
 * each region decides the deduction (see presets.ts). Data: the server keeps an editable
 * copy.
 */
import type { LeaveType } from './types.js';

export const LEAVE_CATALOGUE: readonly LeaveType[] = Object.freeze([
  {
    code: 'cuti_tahunan',
    name: 'Cuti tahunan',
    countsAsPresent: true,
    document: 'persetujuan_atasan',
    documentAfterDays: 0,
    // PP 11/2017: 12 working days a year after one year of service; PP 49/2018 for PPPK.
    maxDays: 12,
    maxUnit: 'working_days',
    // The same 12 over all of a year's grants: two requests may not add up to more.
    yearlyMaxDays: 12,
    appliesTo: ['pns', 'pppk'],
    source: 'PP 11/2017 jo. PP 17/2020 (PNS); PP 49/2018 (PPPK)',
  },
  {
    code: 'cuti_besar',
    name: 'Cuti besar',
    countsAsPresent: false,
    document: 'persetujuan_atasan',
    documentAfterDays: 0,
    // Up to 3 months after at least 5 years of continuous service; PNS only.
    maxDays: 90,
    maxUnit: 'calendar_days',
    appliesTo: ['pns'],
    source: 'PP 11/2017 jo. PP 17/2020',
  },
  {
    code: 'cuti_sakit',
    name: 'Cuti sakit',
    countsAsPresent: true,
    // One day: tell the superior; more than one day: a doctor's letter.
    document: 'surat_keterangan_dokter',
    documentAfterDays: 1,
    // Up to one year, extendable by six months (PP 11/2017); the region may cut after N days.
    maxDays: 365,
    maxUnit: 'calendar_days',
    appliesTo: ['pns', 'pppk'],
    source: 'PP 11/2017 jo. PP 17/2020 (PNS); PP 49/2018 (PPPK)',
  },
  {
    code: 'cuti_melahirkan',
    name: 'Cuti melahirkan',
    countsAsPresent: true,
    document: 'surat_keterangan_dokter_bidan',
    documentAfterDays: 0,
    // Three months.
    maxDays: 90,
    maxUnit: 'calendar_days',
    appliesTo: ['pns', 'pppk'],
    source: 'PP 11/2017 jo. PP 17/2020 (PNS); PP 49/2018 (PPPK)',
  },
  {
    code: 'cuti_alasan_penting',
    name: 'Cuti karena alasan penting',
    countsAsPresent: true,
    document: 'surat_keterangan_alasan',
    documentAfterDays: 0,
    // Up to one month (a family member gravely ill or deceased, marriage, disaster…).
    maxDays: 30,
    maxUnit: 'calendar_days',
    appliesTo: ['pns'],
    source: 'PP 11/2017 jo. PP 17/2020',
  },
  {
    code: 'cuti_bersama',
    name: 'Cuti bersama',
    countsAsPresent: true,
    document: 'none',
    documentAfterDays: 0,
    // Set by Keppres/SKB; reduces annual leave. Normally a holiday in the calendar; a grant
    // is for staff of rostered units who take it on another day.
    maxDays: null,
    maxUnit: 'working_days',
    appliesTo: ['pns', 'pppk'],
    source: 'PP 11/2017 jo. PP 17/2020; SKB 3 Menteri 2026',
  },
  {
    code: 'izin',
    name: 'Izin (tidak masuk kerja dengan alasan sah)',
    countsAsPresent: false,
    document: 'persetujuan_atasan',
    documentAfterDays: 0,
    maxDays: null,
    maxUnit: 'working_days',
    appliesTo: ['pns', 'pppk', 'non_asn'],
    source: 'Perbup tentang hari dan jam kerja serta TPP (regional)',
  },
  {
    code: 'sakit',
    name: 'Sakit (izin sakit singkat)',
    countsAsPresent: true,
    document: 'surat_keterangan_dokter',
    documentAfterDays: 1,
    maxDays: 2,
    maxUnit: 'working_days',
    appliesTo: ['pns', 'pppk', 'non_asn'],
    source: 'Perbup tentang hari dan jam kerja serta TPP (regional)',
  },
  {
    code: 'dinas_luar',
    name: 'Dinas luar / tugas kedinasan',
    countsAsPresent: true,
    document: 'surat_tugas',
    documentAfterDays: 0,
    maxDays: null,
    maxUnit: 'calendar_days',
    appliesTo: ['pns', 'pppk', 'non_asn'],
    source: 'Perpres 21/2023 (tugas kedinasan di luar kantor); Perbup (regional)',
  },
  {
    code: 'tugas_belajar',
    name: 'Tugas belajar',
    countsAsPresent: false,
    document: 'sk_tugas_belajar',
    documentAfterDays: 0,
    maxDays: null,
    maxUnit: 'calendar_days',
    appliesTo: ['pns'],
    source: 'PP 11/2017 jo. PP 17/2020 (pengembangan kompetensi); Perbup (regional)',
  },
  {
    code: 'wfh',
    name: 'Bekerja dari rumah (fleksibel tempat)',
    countsAsPresent: true,
    document: 'persetujuan_atasan',
    documentAfterDays: 0,
    maxDays: null,
    maxUnit: 'working_days',
    appliesTo: ['pns', 'pppk', 'non_asn'],
    source: 'Perpres 21/2023 (fleksibilitas tempat); Perbup (regional)',
  },
]);

/** The catalogue by code. */
export const LEAVE_BY_CODE: ReadonlyMap<string, LeaveType> = new Map(LEAVE_CATALOGUE.map((t) => [t.code, t]));
