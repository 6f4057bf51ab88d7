/**
 * The demo regency as plain data: "Kabupaten Suka Maju", a fictional regency in West
 * Java with one liaison office in Makassar (WITA). Everything here is pure and
 * deterministic from the random source, so the same seed always yields the same NIPs
 * and the README can list them. seed.ts writes this plan to a database.
 *
 * Names of people and places are invented; coordinates are plausible office sites around
 * a West Java regency seat (and central Makassar), not real buildings.
 */
import { formatNip } from '../../core/nip.js';
import type { EmployeeKind, LatLon, Shape, UnitKind, WorkDay, Zone } from '../../core/model.js';

/** The seed behind the NIPs listed in the README. Change it and the README must change too. */
export const DEMO_SEED = 20_260_105;

/** Default number of employees. */
export const DEMO_EMPLOYEES = 300;

/**
 * A small, fast, seedable PRNG (mulberry32): good enough to spread demo data, never for
 * secrets.
 *
 * @example const r = demoRandom(); r() // 0 ≤ x < 1, the same sequence every run
 */
export function demoRandom(seed = DEMO_SEED): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface PlannedLocation {
  name: string;
  zone: Zone;
  shape: Shape;
}

export interface PlannedUnit {
  /** Stable key inside the plan (not a database id). */
  key: string;
  parentKey: string | null;
  name: string;
  kind: UnitKind;
  zone: Zone;
  /** Own office site; units without one use the nearest ancestor's. */
  location: PlannedLocation | null;
  /** Which weekly schedule is attached to this unit, if any (the rest inherit). */
  schedule: 'five_day' | 'six_day' | null;
  /** Relative share of the employees. 0 for the Pemda root. */
  weight: number;
  /** Title of the head of the unit (the first employee, always a PNS). */
  head: string;
  /** Positions for the other ASN staff. */
  staff: readonly string[];
  /** Share of PPPK and non-ASN among the staff after the head. */
  mix: { pppk: number; nonAsn: number };
}

export interface PlannedEmployee {
  unitKey: string;
  kind: EmployeeKind;
  nip: string | null;
  internalId: string | null;
  name: string;
  position: string;
}

export interface DemoPlan {
  units: PlannedUnit[];
  employees: PlannedEmployee[];
  schedules: {
    five_day: { name: string; effectiveFrom: string; days: (WorkDay | null)[] };
    six_day: { name: string; effectiveFrom: string; days: (WorkDay | null)[] };
  };
}

// ---------------------------------------------------------------------------------------
// Schedules (Perpres 21/2023: 37.5 h a week; DOMAIN.md "Working hours")
// ---------------------------------------------------------------------------------------

const hm = (h: number, m = 0) => h * 60 + m;

/**
 * A working day with the demo's punch windows: check-in from 05:00, check-out until
 * 23:59, split at noon (or an hour before the end on days that end before 13:00, so the
 * check-out window always contains the end of the day).
 */
function workDay(start: number, end: number): WorkDay {
  const split = Math.min(hm(12), end - 60);
  return {
    start,
    end,
    checkInFrom: hm(5),
    checkInUntil: split,
    checkOutFrom: split,
    checkOutUntil: hm(23, 59),
  };
}

/** All demo schedules apply from this date, so they are in force on any date the demo runs. */
const EFFECTIVE_FROM = '2024-01-01';

function schedules(): DemoPlan['schedules'] {
  const monThu5 = workDay(hm(7, 30), hm(16));
  const fri5 = workDay(hm(7, 30), hm(16, 30));
  const monThu6 = workDay(hm(7, 30), hm(14, 30));
  const fri6 = workDay(hm(7, 30), hm(11));
  const sat6 = workDay(hm(7, 30), hm(13, 30));
  return {
    five_day: {
      name: 'Jam kerja 5 hari (Senin–Jumat)',
      effectiveFrom: EFFECTIVE_FROM,
      days: [monThu5, monThu5, monThu5, monThu5, fri5, null, null],
    },
    six_day: {
      name: 'Jam kerja 6 hari (Senin–Sabtu)',
      effectiveFrom: EFFECTIVE_FROM,
      days: [monThu6, monThu6, monThu6, monThu6, fri6, sat6, null],
    },
  };
}

// ---------------------------------------------------------------------------------------
// Units and sites
// ---------------------------------------------------------------------------------------

/** The regency seat (alun-alun) the offices are placed around. */
const SEAT: LatLon = { lat: -6.8575, lon: 107.9205 };
/** Central Makassar, for the liaison office. */
const MAKASSAR: LatLon = { lat: -5.1427, lon: 119.4148 };
/** Central Jayapura, for the liaison office in eastern Indonesia (WIT). */
const JAYAPURA: LatLon = { lat: -2.5337, lon: 140.7181 };

/** A point `north` and `east` metres from `from` (small distances; flat-earth is fine). */
function offset(from: LatLon, north: number, east: number): LatLon {
  const lat = from.lat + north / 111_320;
  const lon = from.lon + east / (111_320 * Math.cos((from.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
}

function circle(name: string, north: number, east: number, radiusM: number, base = SEAT): PlannedLocation {
  return {
    name,
    zone: base === MAKASSAR ? 'Asia/Makassar' : base === JAYAPURA ? 'Asia/Jayapura' : 'Asia/Jakarta',
    shape: { type: 'circle', center: offset(base, north, east), radiusM },
  };
}

/** The civic centre (Pusat Pemerintahan) as a polygon: an irregular block of ~230 × 170 m. */
function civicCentre(): PlannedLocation {
  const corners: [number, number][] = [
    [420, -310],
    [430, -90],
    [330, -60],
    [255, -120],
    [260, -300],
  ];
  return {
    name: 'Kompleks Pusat Pemerintahan Kabupaten Suka Maju',
    zone: 'Asia/Jakarta',
    shape: { type: 'polygon', points: corners.map(([n, e]) => offset(SEAT, n, e)) },
  };
}

const ADMIN_STAFF = [
  'Analis Kebijakan',
  'Pengelola Keuangan',
  'Pranata Komputer',
  'Arsiparis',
  'Perencana',
  'Pengadministrasi Perkantoran',
  'Analis Sumber Daya Manusia Aparatur',
] as const;
const HEALTH_STAFF = [
  'Dokter',
  'Perawat',
  'Bidan',
  'Apoteker',
  'Nutrisionis',
  'Sanitarian',
  'Perawat',
] as const;
const SCHOOL_STAFF = [
  'Guru Kelas',
  'Guru Mata Pelajaran',
  'Guru Bimbingan dan Konseling',
  'Guru Kelas',
] as const;
const WORKS_STAFF = [
  'Teknik Jalan dan Jembatan',
  'Teknik Pengairan',
  'Penata Ruang',
  'Pengawas Bangunan',
] as const;

const OFFICE_MIX = { pppk: 0.15, nonAsn: 0.3 };
const SERVICE_MIX = { pppk: 0.35, nonAsn: 0.2 };

type UnitSpec = Omit<PlannedUnit, 'zone' | 'staff' | 'mix' | 'schedule'> &
  Partial<Pick<PlannedUnit, 'zone' | 'staff' | 'mix' | 'schedule'>>;

function unit(spec: UnitSpec): PlannedUnit {
  return {
    zone: 'Asia/Jakarta',
    staff: ADMIN_STAFF,
    mix: OFFICE_MIX,
    schedule: null,
    ...spec,
  };
}

/** The regency's tree: Pemda → 13 OPD (incl. two kecamatan) → bidang/UPT/sekolah/puskesmas. */
function units(): PlannedUnit[] {
  const u: PlannedUnit[] = [];
  const opd = (
    key: string,
    name: string,
    head: string,
    location: PlannedLocation | null,
    weight: number,
    extra: Partial<UnitSpec> = {},
  ) => u.push(unit({ key, parentKey: 'pemda', name, kind: 'opd', head, location, weight, ...extra }));
  const sub = (
    parentKey: string,
    key: string,
    kind: UnitKind,
    name: string,
    head: string,
    weight: number,
    extra: Partial<UnitSpec> = {},
  ) => u.push(unit({ key, parentKey, name, kind, head, location: null, weight, ...extra }));

  u.push(
    unit({
      key: 'pemda',
      parentKey: null,
      name: 'Pemerintah Kabupaten Suka Maju',
      kind: 'pemda',
      head: 'Bupati',
      location: null,
      weight: 0,
      schedule: 'five_day',
    }),
  );

  opd('setda', 'Sekretariat Daerah', 'Sekretaris Daerah', civicCentre(), 8);
  sub('setda', 'setda-umum', 'bidang', 'Bagian Umum', 'Kepala Bagian Umum', 7);
  sub('setda', 'setda-hukum', 'bidang', 'Bagian Hukum', 'Kepala Bagian Hukum', 4);
  sub('setda', 'setda-org', 'bidang', 'Bagian Organisasi', 'Kepala Bagian Organisasi', 4);
  sub(
    'setda',
    'penghubung',
    'upt',
    'Kantor Penghubung Kabupaten Suka Maju di Makassar',
    'Kepala Kantor Penghubung',
    5,
    {
      zone: 'Asia/Makassar',
      location: circle('Kantor Penghubung Makassar', 0, 0, 60, MAKASSAR),
      mix: { pppk: 0, nonAsn: 0.3 },
    },
  );

  opd(
    'bkpsdm',
    'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
    'Kepala Badan',
    circle('Kantor BKPSDM', 310, 250, 80),
    6,
  );
  sub('bkpsdm', 'bkpsdm-mutasi', 'bidang', 'Bidang Mutasi dan Promosi', 'Kepala Bidang', 5);
  sub('bkpsdm', 'bkpsdm-kompetensi', 'bidang', 'Bidang Pengembangan Kompetensi', 'Kepala Bidang', 4);

  opd('dinkes', 'Dinas Kesehatan', 'Kepala Dinas', circle('Kantor Dinas Kesehatan', -640, 820, 100), 6, {
    staff: ['Epidemiolog Kesehatan', 'Administrator Kesehatan', ...ADMIN_STAFF.slice(0, 3)],
  });
  sub('dinkes', 'dinkes-yankes', 'bidang', 'Bidang Pelayanan Kesehatan', 'Kepala Bidang', 5, {
    staff: ['Administrator Kesehatan', 'Dokter', 'Analis Kebijakan'],
  });
  const puskesmas = (key: string, name: string, north: number, east: number, radius: number) =>
    sub('dinkes', key, 'puskesmas', name, 'Kepala Puskesmas', 14, {
      location: circle(name, north, east, radius),
      staff: HEALTH_STAFF,
      mix: SERVICE_MIX,
    });
  puskesmas('pkm-sukamaju', 'Puskesmas Suka Maju', -150, -520, 120);
  puskesmas('pkm-cibeureum', 'Puskesmas Cibeureum Hilir', -6100, 3900, 100);
  puskesmas('pkm-mekarwangi', 'Puskesmas Mekarwangi', 4300, -5200, 90);

  opd('disdik', 'Dinas Pendidikan', 'Kepala Dinas', circle('Kantor Dinas Pendidikan', 180, 950, 90), 6);
  sub('disdik', 'disdik-sd', 'bidang', 'Bidang Pembinaan Sekolah Dasar', 'Kepala Bidang', 4);
  const school = (key: string, name: string, north: number, east: number, radius: number, weight: number) =>
    sub('disdik', key, 'sekolah', name, 'Kepala Sekolah', weight, {
      location: circle(name, north, east, radius),
      staff: SCHOOL_STAFF,
      mix: { pppk: 0.4, nonAsn: 0.2 },
      schedule: 'six_day',
    });
  school('sdn1', 'SD Negeri 1 Suka Maju', 520, -760, 60, 11);
  school('sdn2', 'SD Negeri 2 Suka Maju', -980, 240, 50, 10);
  school('smpn1', 'SMP Negeri 1 Suka Maju', 860, 1130, 110, 15);
  school('smpn2', 'SMP Negeri 2 Cibeureum', -5700, 4300, 90, 12);

  opd(
    'pupr',
    'Dinas Pekerjaan Umum dan Penataan Ruang',
    'Kepala Dinas',
    circle('Kantor Dinas PUPR', -1320, -880, 130),
    8,
    {
      staff: WORKS_STAFF,
    },
  );
  sub('pupr', 'pupr-bm', 'bidang', 'Bidang Bina Marga', 'Kepala Bidang', 6, { staff: WORKS_STAFF });
  sub('pupr', 'pupr-sda', 'bidang', 'Bidang Sumber Daya Air', 'Kepala Bidang', 5, { staff: WORKS_STAFF });
  sub('pupr', 'pupr-alat', 'upt', 'UPT Peralatan dan Perbengkelan', 'Kepala UPT', 5, {
    location: circle('Bengkel UPT Peralatan', -2150, -1460, 150),
    staff: ['Mekanik', 'Operator Alat Berat', 'Pengemudi'],
    mix: { pppk: 0.1, nonAsn: 0.6 },
  });

  opd(
    'bappeda',
    'Badan Perencanaan Pembangunan Daerah',
    'Kepala Badan',
    circle('Kantor Bappeda', 290, -140, 70),
    6,
    {
      staff: ['Perencana', 'Analis Kebijakan', 'Statistisi', 'Pengelola Keuangan'],
    },
  );
  sub(
    'bappeda',
    'bappeda-infra',
    'bidang',
    'Bidang Perencanaan Infrastruktur dan Kewilayahan',
    'Kepala Bidang',
    4,
    {
      staff: ['Perencana', 'Penata Ruang'],
    },
  );

  opd('dishub', 'Dinas Perhubungan', 'Kepala Dinas', circle('Kantor Dinas Perhubungan', -430, -1240, 90), 6, {
    staff: ['Penguji Kendaraan Bermotor', 'Petugas Lalu Lintas', ...ADMIN_STAFF.slice(0, 2)],
  });
  sub('dishub', 'dishub-terminal', 'upt', 'UPT Terminal Tipe C Suka Maju', 'Kepala UPT', 6, {
    location: circle('Terminal Suka Maju', -760, -1690, 140),
    staff: ['Petugas Terminal', 'Petugas Lalu Lintas'],
    mix: { pppk: 0.1, nonAsn: 0.55 },
  });

  opd(
    'satpolpp',
    'Satuan Polisi Pamong Praja',
    'Kepala Satuan',
    circle('Markas Satpol PP', 120, -420, 80),
    14,
    {
      staff: ['Polisi Pamong Praja', 'Polisi Pamong Praja', 'Penyidik Pegawai Negeri Sipil'],
      mix: { pppk: 0.1, nonAsn: 0.45 },
      schedule: 'six_day',
    },
  );

  opd(
    'bpbd',
    'Badan Penanggulangan Bencana Daerah',
    'Kepala Pelaksana',
    circle('Kantor BPBD', -1890, 610, 100),
    7,
    {
      staff: ['Analis Bencana', 'Petugas Pemadam Kebakaran', 'Pengelola Logistik'],
      mix: { pppk: 0.1, nonAsn: 0.45 },
    },
  );
  sub('bpbd', 'bpbd-darurat', 'bidang', 'Bidang Kedaruratan dan Logistik', 'Kepala Bidang', 5, {
    staff: ['Analis Bencana', 'Pengelola Logistik'],
  });

  opd(
    'disdukcapil',
    'Dinas Kependudukan dan Pencatatan Sipil',
    'Kepala Dinas',
    circle('Kantor Disdukcapil', 560, 430, 70),
    6,
    {
      staff: ['Administrator Database Kependudukan', 'Pengadministrasi Kependudukan', 'Pranata Komputer'],
    },
  );
  sub(
    'disdukcapil',
    'disdukcapil-dafduk',
    'bidang',
    'Bidang Pelayanan Pendaftaran Penduduk',
    'Kepala Bidang',
    6,
    {
      staff: ['Pengadministrasi Kependudukan', 'Administrator Database Kependudukan'],
    },
  );

  opd(
    'dpmptsp',
    'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
    'Kepala Dinas',
    circle('Mal Pelayanan Publik', -280, 360, 90),
    6,
    {
      staff: ['Penata Perizinan', 'Analis Investasi', 'Pengadministrasi Perkantoran'],
    },
  );
  sub('dpmptsp', 'dpmptsp-izin', 'bidang', 'Bidang Pelayanan Perizinan', 'Kepala Bidang', 5, {
    staff: ['Penata Perizinan', 'Pengadministrasi Perkantoran'],
  });

  opd(
    'kec-sukamaju',
    'Kecamatan Suka Maju',
    'Camat',
    circle('Kantor Kecamatan Suka Maju', -90, -230, 60),
    9,
    {
      staff: ['Penata Kelola Pemerintahan', 'Pengadministrasi Umum', 'Analis Kebijakan'],
    },
  );
  opd(
    'kec-cibeureum',
    'Kecamatan Cibeureum',
    'Camat',
    circle('Kantor Kecamatan Cibeureum', -5950, 4120, 70),
    8,
    {
      staff: ['Penata Kelola Pemerintahan', 'Pengadministrasi Umum'],
    },
  );

  // Last, and without a share of the generated staff, so every other unit keeps its people
  // (and the README's NIPs); its three people are fixed below (WIT_STAFF).
  sub(
    'setda',
    'penghubung-papua',
    'upt',
    'Kantor Penghubung Kabupaten Suka Maju di Jayapura',
    'Kepala Kantor Penghubung',
    0,
    {
      zone: 'Asia/Jayapura',
      location: circle('Kantor Penghubung Jayapura', 0, 0, 60, JAYAPURA),
    },
  );
  return u;
}

// ---------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------

const MALE = [
  'Asep',
  'Dedi',
  'Agus',
  'Budi',
  'Cecep',
  'Dadang',
  'Eko',
  'Fajar',
  'Hendra',
  'Iwan',
  'Joko',
  'Rudi',
  'Yusuf',
  'Ahmad',
  'Rizky',
  'Dimas',
  'Andi',
  'Muhammad',
  'Bambang',
  'Teguh',
  'Wahyu',
  'Arif',
  'Hadi',
  'Irfan',
  'Ujang',
  'Yayan',
  'Taufik',
  'Ridwan',
  'Deden',
  'Galih',
  'Ilham',
  'Rahmat',
] as const;
const FEMALE = [
  'Siti',
  'Dewi',
  'Neneng',
  'Euis',
  'Rina',
  'Sri',
  'Nurul',
  'Ratna',
  'Yanti',
  'Lilis',
  'Ani',
  'Fitri',
  'Indah',
  'Ayu',
  'Wulan',
  'Dian',
  'Rini',
  'Tuti',
  'Nining',
  'Iis',
  'Putri',
  'Kartika',
  'Ika',
  'Mega',
  'Rosita',
  'Nenden',
  'Cucu',
  'Endah',
] as const;
const FAMILY = [
  'Hidayat',
  'Permana',
  'Saputra',
  'Nugraha',
  'Gunawan',
  'Kurniawan',
  'Setiawan',
  'Suryana',
  'Wijaya',
  'Firmansyah',
  'Pratama',
  'Sulaeman',
  'Supriatna',
  'Kusnadi',
  'Maulana',
  'Ramdani',
  'Hermawan',
  'Sopandi',
  'Mulyana',
  'Hakim',
  'Sudrajat',
  'Rahman',
  'Iskandar',
  'Hidayatullah',
  'Santoso',
] as const;
const FAMILY_FEMALE = [
  'Rahmawati',
  'Lestari',
  'Nurhayati',
  'Susanti',
  'Kurniasih',
  'Handayani',
  'Suryani',
  'Wulandari',
  'Fitriani',
  'Rosmawati',
  'Maryati',
  'Permatasari',
] as const;
/** Makassar names for the liaison office's local staff. */
const MAKASSAR_FAMILY = ['Syamsuddin', 'Mappanyukki', 'Pallawa', 'Hasanuddin', 'Amiruddin'] as const;

const NON_ASN_POSITIONS = [
  'Tenaga Administrasi',
  'Pramu Kantor',
  'Pengemudi',
  'Petugas Keamanan',
  'Tenaga Kebersihan',
  'Operator Komputer',
] as const;
const PPPK_OFFICE = [
  'Penata Layanan Operasional',
  'Pengelola Umum Operasional',
  'Pranata Komputer Ahli Pertama',
] as const;
const PPPK_HEALTH = ['Perawat Ahli Pertama', 'Bidan Terampil', 'Pranata Laboratorium Kesehatan'] as const;
const PPPK_SCHOOL = ['Guru Ahli Pertama', 'Guru Ahli Pertama', 'Tenaga Kependidikan'] as const;

class Picker {
  constructor(private readonly random: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  one<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('empty list');
    return item;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

/**
 * Splits `total` over weights by largest remainder: every unit with weight gets at least
 * one person when there are enough people, and the sum is exactly `total`.
 */
function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w * total) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, frac: r - Math.floor(r) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function birthDate(p: Picker, fromYear: number, toYear: number): { date: string; year: number } {
  const year = p.int(fromYear, toYear);
  // Day ≤ 28 keeps every month valid without a calendar.
  return { date: `${year}-${pad(p.int(1, 12), 2)}-${pad(p.int(1, 28), 2)}`, year };
}

/** Generates the people, unit by unit, in plan order. */
function employees(plan: PlannedUnit[], total: number, p: Picker): PlannedEmployee[] {
  const staffed = plan.filter((u) => u.weight > 0);
  const counts = apportion(
    staffed.map((u) => u.weight),
    total,
  );
  const nips = new Set<string>();
  let nonAsnSeq = 0;
  const out: PlannedEmployee[] = [];

  const uniqueNip = (make: (serial: number) => string): string => {
    for (;;) {
      const nip = make(p.int(1, 999));
      if (!nips.has(nip)) {
        nips.add(nip);
        return nip;
      }
    }
  };

  staffed.forEach((u, idx) => {
    const n = counts[idx] ?? 0;
    for (let i = 0; i < n; i++) {
      const female = p.chance(0.48);
      const given = p.one(female ? FEMALE : MALE);
      const family =
        u.zone === 'Asia/Makassar' && p.chance(0.5)
          ? p.one(MAKASSAR_FAMILY)
          : p.one(female && p.chance(0.6) ? FAMILY_FEMALE : FAMILY);
      const name = `${given} ${family}`;
      const sex = female ? 'female' : 'male';
      const kind: EmployeeKind =
        i === 0
          ? 'pns'
          : p.chance(u.mix.nonAsn)
            ? 'non_asn'
            : p.chance(u.mix.pppk / (1 - u.mix.nonAsn))
              ? 'pppk'
              : 'pns';

      if (kind === 'pns') {
        const birth = birthDate(p, 1966, 1998);
        const appointmentYear = Math.min(2024, birth.year + p.int(22, 30));
        const appointmentMonth = p.one([1, 2, 3, 4, 12]);
        const nip = uniqueNip((serial) =>
          formatNip({
            kind,
            birthDate: birth.date,
            appointmentYear,
            appointmentMonth,
            contract: null,
            sex,
            serial,
          }),
        );
        const position = i === 0 ? u.head : p.one(u.staff);
        out.push({ unitKey: u.key, kind, nip, internalId: null, name, position });
      } else if (kind === 'pppk') {
        const birth = birthDate(p, 1972, 1999);
        // PPPK appointments began in 2019; the first contract is the common case.
        const appointmentYear = p.int(2019, 2024);
        const contract = p.chance(0.8) ? 1 : 2;
        const nip = uniqueNip((serial) =>
          formatNip({
            kind,
            birthDate: birth.date,
            appointmentYear,
            appointmentMonth: null,
            contract,
            sex,
            serial,
          }),
        );
        const pool = u.kind === 'sekolah' ? PPPK_SCHOOL : u.kind === 'puskesmas' ? PPPK_HEALTH : PPPK_OFFICE;
        out.push({ unitKey: u.key, kind, nip, internalId: null, name, position: p.one(pool) });
      } else {
        nonAsnSeq++;
        const internalId = `NA-${p.int(2018, 2024)}-${pad(nonAsnSeq, 4)}`;
        out.push({ unitKey: u.key, kind, nip: null, internalId, name, position: p.one(NON_ASN_POSITIONS) });
      }
    }
  });
  return out;
}

/** The staff of the liaison office in Jayapura (WIT), fixed rather than drawn. */
const WIT_STAFF: readonly PlannedEmployee[] = [
  {
    unitKey: 'penghubung-papua',
    kind: 'pns',
    nip: formatNip({
      kind: 'pns',
      birthDate: '1981-07-14',
      appointmentYear: 2009,
      appointmentMonth: 3,
      contract: null,
      sex: 'female',
      serial: 901,
    }),
    internalId: null,
    name: 'Yohana Rumbiak',
    position: 'Kepala Kantor Penghubung',
  },
  {
    unitKey: 'penghubung-papua',
    kind: 'pppk',
    nip: formatNip({
      kind: 'pppk',
      birthDate: '1992-11-02',
      appointmentYear: 2023,
      appointmentMonth: null,
      contract: 1,
      sex: 'male',
      serial: 902,
    }),
    internalId: null,
    name: 'Markus Kogoya',
    position: 'Pranata Komputer Ahli Pertama',
  },
  {
    unitKey: 'penghubung-papua',
    kind: 'non_asn',
    nip: null,
    internalId: 'NA-2024-9001',
    name: 'Agustina Wenda',
    position: 'Pengemudi',
  },
];

/**
 * The whole demo regency as data.
 *
 * @example
 *   const plan = planDemo(demoRandom(), 300);
 *   plan.employees.length // 303: 300 drawn, and the three of the Jayapura office
 */
export function planDemo(random: () => number, total = DEMO_EMPLOYEES): DemoPlan {
  const u = units();
  const drawn = employees(u, total, new Picker(random));
  const taken = new Set(drawn.map((e) => e.nip ?? e.internalId));
  // The fixed staff must not collide with a drawn NIP; a seed that made one collide would need a new serial.
  const fixed = WIT_STAFF.filter((e) => !taken.has(e.nip ?? e.internalId));
  return { units: u, employees: [...drawn, ...fixed], schedules: schedules() };
}
