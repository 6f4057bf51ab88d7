/**
 * The three reports BKD officers print: the daily list of a unit, the monthly recap of
 * a unit, and one person's attendance card for a month (the day-by-day ledger). Built
 * from the month service's results; every report names the unit, the period and the
 * rule version(s) used.
 */
import { planRange } from '../../../core/attendance/index.js';
import type {
  AttendanceEvent,
  DayStatus,
  DayStatusCode,
  PersonRecap,
  StatusCounts,
  YearlyTk,
} from '../../../core/attendance/index.js';
import type { Employee, Unit, Zone } from '../../../core/model.js';
import { localParts, weekdayOf, zoneAbbreviation } from '../../../core/time.js';
import type { LoadedPeriod, MonthResult } from './service.js';
import type { Cell, ReportTable, Signature } from './report.js';
import { reviewRemarks } from '../reviews/remarks.js';

export const STATUS_LABELS: Record<DayStatusCode, string> = {
  hadir: 'Hadir',
  terlambat: 'Terlambat',
  pulang_cepat: 'Pulang cepat',
  terlambat_pulang_cepat: 'Terlambat & pulang cepat',
  lupa_absen_masuk: 'Tidak absen masuk',
  lupa_absen_pulang: 'Tidak absen pulang',
  tanpa_keterangan: 'Tanpa keterangan (TK)',
  cuti_izin: 'Cuti/izin',
  libur: 'Libur',
  tanpa_jadwal: 'Tanpa jadwal',
  belum_masuk: 'Belum masuk',
  belum_pulang: 'Belum waktunya pulang',
};

const WEEKDAYS = ['Senin', 'Selasa', 'Rabu', 'Kamis', "Jum'at", 'Sabtu', 'Minggu'];
const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** '2026-03' → 'Maret 2026'. */
export function monthLabel(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

/** '2026-03-02' → 'Senin, 2 Maret 2026'. */
export function dateLabel(date: string): string {
  const day = Number(date.slice(8, 10));
  return `${WEEKDAYS[weekdayOf(date) - 1]}, ${day} ${monthLabel(date.slice(0, 7))}`;
}

function idOf(e: Employee): string {
  return e.nip ?? e.internalId ?? String(e.id);
}

function clock(at: number | null, zone: Zone): string {
  return at === null ? '' : localParts(at, zone).time.slice(0, 5);
}

/** The remarks of a day; a reviewed punch says who accepted or rejected it and why (reviews/remarks.ts). */
/** How each channel is named in a remark; the app, the usual one, is not named. */
const CHANNEL_WORDS: Readonly<Record<AttendanceEvent['source'], string | null>> = {
  app: null,
  fingerprint: 'sidik jari',
  kiosk: 'kios',
  manual: 'dicatat admin',
  import: 'impor',
  correction: null,
};

/** "masuk lewat sidik jari, pulang lewat kios": the channel of a counted punch not made in the app. */
function channelNote(d: DayStatus, events: readonly AttendanceEvent[]): string {
  const byId = new Map(events.map((e) => [e.id, e]));
  const parts: string[] = [];
  for (const [word, id] of [
    ['masuk', d.checkInEventId],
    ['pulang', d.checkOutEventId],
  ] as const) {
    const source = id === null ? undefined : byId.get(id)?.source;
    const channel = source === undefined ? null : CHANNEL_WORDS[source];
    if (channel !== null) parts.push(`${word} lewat ${channel}`);
  }
  return parts.join(', ');
}

function note(d: DayStatus, zone: Zone, events: readonly AttendanceEvent[] = []): string {
  const reviews = reviewRemarks(d, zone);
  const parts: string[] = [];
  if (d.leaveType) parts.push(d.leaveType.replace(/_/g, ' '));
  else if (d.holiday) parts.push(d.holiday.name);
  else {
    if (d.lateBand) parts.push(d.lateBand);
    if (d.earlyBand) parts.push(d.earlyBand);
    if (d.reasons.includes('corrected')) parts.push('dikoreksi');
    if (d.reasons.some((r) => r.endsWith('_by_incident'))) parts.push('gangguan (dimaafkan)');
  }
  return [parts.join(', '), channelNote(d, events), ...reviews].filter((s) => s !== '').join('; ');
}

/**
 * The signature block of a unit's report: the head of the unit (an employee placed in
 * the unit itself whose position starts with "Kepala"), or lines to fill in.
 */
export function unitSignature(unit: Unit, period: LoadedPeriod): Signature {
  const head = period.people.find(
    (p) => p.unitId === unit.id && p.employee.active && /^kepala\b/i.test(p.employee.position),
  )?.employee;
  return {
    heading: 'Mengetahui,',
    role: `Kepala ${unit.name}`,
    name: head?.name ?? null,
    nip: head?.nip ?? null,
  };
}

function pct(bp: number): number {
  return bp / 100;
}

/** Daily list of one date for a unit (with its sub-units). */
export function dailyReport(
  unit: Unit,
  date: string,
  period: LoadedPeriod,
  statuses: DayStatus[],
): ReportTable {
  const versions = new Set(statuses.map((s) => s.ruleVersion));
  const rows: Cell[][] = statuses.map((d, i) => {
    const p = period.people[i]!;
    const zone = p.ctx.zone ?? p.ctx.unitChain[0]?.zone ?? unit.zone;
    return [
      i + 1,
      idOf(p.employee),
      p.employee.name,
      period.units.get(p.employee.unitId)?.name ?? '',
      clock(d.checkInAt, zone),
      clock(d.checkOutAt, zone),
      d.lateMinutes,
      d.earlyMinutes,
      STATUS_LABELS[d.status],
      note(d, zone, p.events),
    ];
  });
  const count = (s: DayStatusCode) => statuses.filter((d) => d.status === s).length;
  return {
    slug: 'daftar-harian',
    title: `Daftar Hadir Harian — ${unit.name} — ${dateLabel(date)}`,
    subtitle: [
      `Unit kerja: ${unit.name} (termasuk sub-unit); zona waktu ${zoneAbbreviation(unit.zone)}`,
      `Hadir ${count('hadir')}, terlambat ${count('terlambat') + count('terlambat_pulang_cepat')}, ` +
        `TK ${count('tanpa_keterangan')}, cuti/izin ${count('cuti_izin')}, jumlah pegawai ${statuses.length}`,
    ],
    columns: [
      { header: 'No', width: 5, numeric: true },
      { header: 'NIP / ID', width: 20, id: true },
      { header: 'Nama', width: 28 },
      { header: 'Unit', width: 22 },
      { header: 'Masuk', width: 8 },
      { header: 'Pulang', width: 8 },
      { header: 'Terlambat (menit)', width: 10, numeric: true },
      { header: 'Pulang cepat (menit)', width: 10, numeric: true },
      { header: 'Status', width: 18 },
      { header: 'Keterangan', width: 22 },
    ],
    rows,
    totals: [
      null,
      null,
      'Jumlah',
      null,
      null,
      null,
      statuses.reduce((s, d) => s + d.lateMinutes, 0),
      statuses.reduce((s, d) => s + d.earlyMinutes, 0),
      null,
      null,
    ],
    notes: [`Versi aturan: ${[...versions].join(', ') || '-'}`],
    landscape: true,
    signature: unitSignature(unit, period),
  };
}

const KIND_LABELS: Record<Employee['kind'], string> = {
  pns: 'PNS',
  pppk: 'PPPK',
  non_asn: 'non-ASN',
};

/** The PP 94/2021 cell of a person: the penalty word for word, '-' below the first step, or why none applies. */
function disciplineCell(y: YearlyTk | undefined, kind?: Employee['kind']): string {
  if (!y) return '-';
  if (!y.applies) return `tidak berlaku${kind ? ` (${KIND_LABELS[kind]})` : ''}`;
  return y.step ? y.step.penalty : '-';
}

/** One note per step reached in the table: the article and the provision, word for word. */
function stepNotes(yearly: ReadonlyMap<number, YearlyTk>): string[] {
  const seen = new Map<string, string>();
  for (const y of yearly.values()) {
    if (y.step && !seen.has(y.step.provision)) seen.set(y.step.provision, y.step.article);
  }
  return [...seen].map(([provision, article]) => `${article}: "${provision}".`);
}

/** The status-count columns of the recap, in header order (person rows and the totals). */
function countCells(c: StatusCounts): Cell[] {
  return [
    c.workingDays,
    c.hadir,
    c.terlambat,
    c.pulangCepat,
    c.terlambatPulangCepat,
    c.lupaAbsenMasuk,
    c.lupaAbsenPulang,
    c.tanpaKeterangan,
    c.cutiIzin,
  ];
}

/** Monthly recap of a unit (with its sub-units): one row per person, unit totals. */
export function recapReport(
  unit: Unit,
  result: MonthResult,
  yearly: ReadonlyMap<number, YearlyTk> = new Map(),
): ReportTable {
  const { recap, period } = result;
  const rows: Cell[][] = recap.people.map((p, i) => {
    const e = period.people[i]!.employee;
    const c = p.counts;
    const y = yearly.get(e.id);
    return [
      i + 1,
      idOf(e),
      e.name,
      ...countCells(c),
      p.lateMinutes,
      p.earlyMinutes,
      pct(p.totalBp),
      y ? y.tkDays : null,
      disciplineCell(y, e.kind),
    ];
  });
  const o = recap.organisation;
  const c = o.counts;
  const versions = new Set(recap.people.map((p) => p.ruleVersion));
  return {
    slug: 'rekap-bulanan',
    title: `Rekapitulasi Kehadiran — ${unit.name} — ${monthLabel(recap.month)}`,
    subtitle: [
      `Unit kerja: ${unit.name} (termasuk sub-unit); periode ${period.from} s.d. ${period.to}`,
      `Jumlah pegawai ${o.employees}; potongan 100% karena TK: ${o.fullCuts} orang`,
    ],
    columns: [
      { header: 'No', width: 5, numeric: true },
      { header: 'NIP / ID', width: 20, id: true },
      { header: 'Nama', width: 26 },
      { header: 'Hari kerja', width: 7, numeric: true },
      { header: 'Hadir', width: 7, numeric: true },
      { header: 'TL', width: 6, numeric: true },
      { header: 'PSW', width: 6, numeric: true },
      { header: 'TL+PSW', width: 8, numeric: true },
      { header: 'Tidak absen masuk', width: 8, numeric: true },
      { header: 'Tidak absen pulang', width: 8, numeric: true },
      { header: 'TK', width: 6, numeric: true },
      { header: 'Cuti/ izin', width: 6, numeric: true },
      { header: 'Menit terlambat', width: 9, numeric: true },
      { header: 'Menit pulang cepat', width: 9, numeric: true },
      { header: 'Potongan TPP (%)', width: 9, numeric: true },
      { header: 'TK s.d. bulan ini (tahun)', width: 9, numeric: true },
      { header: 'Tingkat PP 94/2021', width: 24 },
    ],
    rows,
    totals: [
      null,
      null,
      'Jumlah',
      ...countCells(c),
      o.lateMinutes,
      o.earlyMinutes,
      pct(o.totalBp),
      null,
      null,
    ],
    notes: [
      `Versi aturan: ${[...versions].join(', ') || '-'}`,
      `TK s.d. bulan ini: hari tanpa keterangan sejak 1 Januari ${recap.month.slice(0, 4)} (atau sejak mulai presensi); tingkat hukuman disiplin menurut PP 94/2021, hanya untuk PNS.`,
      'Baris Jumlah: kolom Potongan TPP berisi jumlah persentase seluruh pegawai (bagi dengan jumlah pegawai untuk rata-rata).',
      'TL = terlambat, PSW = pulang sebelum waktunya, TK = tanpa keterangan.',
      ...stepNotes(yearly),
    ],
    landscape: true,
    signature: unitSignature(unit, period),
  };
}

/** One person's attendance card for the month: every date, the ledger and the totals. */
export function cardReport(
  result: MonthResult,
  index: number,
  yearly: YearlyTk | null,
): { table: ReportTable; recap: PersonRecap } {
  const { period } = result;
  const person = period.people[index]!;
  const recap = result.recap.people[index]!;
  const statuses = result.statuses[index]!;
  const plans = planRange(person.ctx, period.from, period.to);
  const zone = person.ctx.zone ?? person.ctx.unitChain[0]!.zone;
  const ledger = new Map(recap.ledger.map((l) => [l.date, l]));
  const unit = period.units.get(person.employee.unitId);
  const rows: Cell[][] = statuses.map((d, i) => {
    const w = plans[i]?.work;
    const l = ledger.get(d.date);
    return [
      dateLabel(d.date),
      w ? `${d.shiftCode ? `${d.shiftCode} ` : ''}${w.start}-${w.end}` : '',
      clock(d.checkInAt, zone),
      clock(d.checkOutAt, zone),
      d.lateMinutes,
      d.earlyMinutes,
      STATUS_LABELS[d.status],
      [note(d, zone, person.events), ...(l?.items.map((it) => `${it.code} ${it.bp / 100}%`) ?? [])]
        .filter((s) => s)
        .join('; '),
      l ? pct(l.bp) : 0,
    ];
  });
  const c = recap.counts;
  const table: ReportTable = {
    slug: 'kartu-kehadiran',
    title: `Kartu Kehadiran — ${person.employee.name} — ${monthLabel(result.month)}`,
    subtitle: [
      `NIP / ID: ${idOf(person.employee)}; jabatan: ${person.employee.position}`,
      `Unit kerja: ${unit?.name ?? ''}; zona waktu ${zoneAbbreviation(zone)}`,
      `Hari kerja ${c.workingDays}, hadir ${c.present}, TK ${c.tanpaKeterangan}, cuti/izin ${c.cutiIzin}; ` +
        `potongan TPP ${recap.totalPct}%${recap.capped ? ' (batas bulanan)' : ''}${recap.fullCut ? ' (potongan penuh karena TK)' : ''}`,
    ],
    columns: [
      { header: 'Tanggal', width: 24 },
      { header: 'Jadwal', width: 14 },
      { header: 'Masuk', width: 8 },
      { header: 'Pulang', width: 8 },
      { header: 'Terlambat (menit)', width: 10, numeric: true },
      { header: 'Pulang cepat (menit)', width: 10, numeric: true },
      { header: 'Status', width: 18 },
      { header: 'Keterangan', width: 26 },
      { header: 'Potongan (%)', width: 9, numeric: true },
    ],
    rows,
    totals: [
      'Jumlah',
      null,
      null,
      null,
      recap.lateMinutes,
      recap.earlyMinutes,
      null,
      null,
      pct(recap.totalBp),
    ],
    notes: [
      `Versi aturan: ${recap.ruleVersion}`,
      ...(yearly
        ? [
            `TK tahun ${yearly.year} s.d. bulan ini: ${yearly.tkDays} hari (terpanjang berturut-turut ${yearly.longestRun})` +
              (yearly.step
                ? `; ${yearly.step.article}: ${yearly.step.penalty}`
                : yearly.applies
                  ? ''
                  : '; hukuman disiplin PP 94/2021 hanya untuk PNS'),
          ]
        : []),
    ],
    landscape: false,
  };
  return { table, recap };
}
