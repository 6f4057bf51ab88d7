/**
 * Why an import row is refused, in Bahasa Indonesia and English, saying what to do. The
 * placeholders {row}, {column} and {value} (and per reason {why}, {rows}, {nipKind})
 * are filled in by {@link refusalMessage}.
 */
export const REFUSALS = {
  formula: {
    id: 'Baris {row} kolom {column}: sel berisi rumus. Salin lalu tempel sebagai nilai (Paste Special → Values).',
    en: 'Row {row} column {column}: the cell holds a formula. Copy it and paste as values (Paste Special → Values).',
  },
  error_cell: {
    id: 'Baris {row} kolom {column}: sel berisi galat ({value}). Perbaiki nilainya.',
    en: 'Row {row} column {column}: the cell holds an error ({value}). Fix its value.',
  },
  name_required: {
    id: 'Baris {row} kolom {column}: nama wajib diisi.',
    en: 'Row {row} column {column}: the name is required.',
  },
  too_long: {
    id: 'Baris {row} kolom {column}: isian terlalu panjang (paling banyak 200 karakter).',
    en: 'Row {row} column {column}: the value is too long (at most 200 characters).',
  },
  nip_excel: {
    id: 'Baris {row} kolom {column}: NIP "{value}" sudah diubah Excel menjadi angka dan digit terakhirnya hilang. Format kolom NIP sebagai Teks lalu ekspor ulang; baris ini tidak disimpan.',
    en: 'Row {row} column {column}: the NIP "{value}" was turned into a number by Excel and its last digits are lost. Format the NIP column as Text and export again; this row is not stored.',
  },
  nip_invalid: {
    id: 'Baris {row} kolom {column}: NIP "{value}" tidak sah ({why}). Periksa 18 digitnya.',
    en: 'Row {row} column {column}: the NIP "{value}" is not valid ({why}). Check its 18 digits.',
  },
  nip_required: {
    id: 'Baris {row} kolom {column}: PNS dan PPPK wajib ber-NIP; non-ASN wajib bernomor pegawai.',
    en: 'Row {row} column {column}: PNS and PPPK need a NIP; non-ASN staff need an internal staff number.',
  },
  nip_not_allowed: {
    id: 'Baris {row} kolom {column}: pegawai non-ASN tidak memiliki NIP. Kosongkan NIP atau perbaiki status kepegawaian.',
    en: 'Row {row} column {column}: non-ASN staff have no NIP. Leave the NIP empty or correct the employment status.',
  },
  internal_id_invalid: {
    id: 'Baris {row} kolom {column}: nomor pegawai non-ASN "{value}" tidak sah ({why}): 1-64 huruf, angka, . _ / -.',
    en: 'Row {row} column {column}: the non-ASN staff number "{value}" is not valid ({why}): 1-64 letters, digits, . _ / -.',
  },
  kind_unknown: {
    id: 'Baris {row} kolom {column}: status kepegawaian "{value}" tidak dikenal (PNS, CPNS, PPPK, Non ASN).',
    en: 'Row {row} column {column}: the employment status "{value}" is not known (PNS, CPNS, PPPK, Non ASN).',
  },
  kind_mismatch: {
    id: 'Baris {row} kolom {column}: status "{value}" tidak cocok dengan NIP, yang menunjukkan {nipKind}.',
    en: 'Row {row} column {column}: the status "{value}" does not match the NIP, which is a {nipKind} number.',
  },
  unit_required: {
    id: 'Baris {row} kolom {column}: unit kerja wajib diisi.',
    en: 'Row {row} column {column}: the work unit is required.',
  },
  unit_unknown: {
    id: 'Baris {row} kolom {column}: unit kerja "{value}" tidak ditemukan. Buat unitnya dulu atau perbaiki namanya/kodenya.',
    en: 'Row {row} column {column}: the work unit "{value}" was not found. Create the unit first or correct its name/code.',
  },
  unit_ambiguous: {
    id: 'Baris {row} kolom {column}: ada beberapa unit bernama "{value}". Pakai kolom kode unit kerja.',
    en: 'Row {row} column {column}: several units are named "{value}". Use the work unit code column.',
  },
  unit_closed: {
    id: 'Baris {row} kolom {column}: unit kerja "{value}" sudah ditutup.',
    en: 'Row {row} column {column}: the work unit "{value}" is closed.',
  },
  rank_format: {
    id: 'Baris {row} kolom {column}: golongan "{value}" tidak sah (PNS I/a–IV/e, PPPK I–XVII).',
    en: 'Row {row} column {column}: the rank "{value}" is not valid (PNS I/a–IV/e, PPPK I–XVII).',
  },
  rank_not_allowed: {
    id: 'Baris {row} kolom {column}: pegawai non-ASN tidak bergolongan. Kosongkan kolom golongan.',
    en: 'Row {row} column {column}: non-ASN staff have no rank. Leave the rank empty.',
  },
  date_format: {
    id: 'Baris {row} kolom {column}: tanggal "{value}" tidak sah (YYYY-MM-DD atau DD-MM-YYYY).',
    en: 'Row {row} column {column}: the date "{value}" is not valid (YYYY-MM-DD or DD-MM-YYYY).',
  },
  active_unknown: {
    id: 'Baris {row} kolom {column}: nilai aktif "{value}" tidak dikenal (ya/tidak).',
    en: 'Row {row} column {column}: the active value "{value}" is not known (yes/no).',
  },
  duplicate: {
    id: 'Baris {row} kolom {column}: "{value}" muncul lebih dari sekali (baris {rows}). Tidak ada yang disimpan sampai tinggal satu.',
    en: 'Row {row} column {column}: "{value}" appears more than once (rows {rows}). None is stored until only one remains.',
  },
  nip_taken: {
    id: 'Baris {row} kolom {column}: NIP/nomor "{value}" sudah terdaftar di unit di luar wewenang Anda. Minta admin BKPSDM memindahkannya.',
    en: 'Row {row} column {column}: the NIP/number "{value}" is registered in a unit outside your scope. Ask the agency admin to move the employee.',
  },
  kind_change: {
    id: 'Baris {row} kolom {column}: jenis pegawai tidak dapat diubah lewat impor (NIP "{value}"). Ubah lewat data pegawai.',
    en: 'Row {row} column {column}: the employee kind cannot be changed by an import (NIP "{value}"). Change it in the employee record.',
  },
  // Units sheets (core/import/units.ts).
  unit_kind_unknown: {
    id: 'Baris {row} kolom {column}: jenis unit "{value}" tidak dikenal (Pemda, OPD, bidang, UPT, sekolah, puskesmas, kecamatan, kelurahan).',
    en: 'Row {row} column {column}: the unit kind "{value}" is not known (Pemda, OPD, bidang, UPT, sekolah, puskesmas, kecamatan, kelurahan).',
  },
  zone_unknown: {
    id: 'Baris {row} kolom {column}: zona waktu "{value}" tidak dikenal (WIB, WITA, WIT).',
    en: 'Row {row} column {column}: the time zone "{value}" is not known (WIB, WITA, WIT).',
  },
  zone_required: {
    id: 'Baris {row} kolom {column}: unit teratas (tanpa induk) wajib diberi zona waktu (WIB, WITA, WIT).',
    en: 'Row {row} column {column}: a top unit (without a parent) needs a time zone (WIB, WITA, WIT).',
  },
  code_too_long: {
    id: 'Baris {row} kolom {column}: kode "{value}" terlalu panjang (paling banyak 64 karakter).',
    en: 'Row {row} column {column}: the code "{value}" is too long (at most 64 characters).',
  },
  code_taken: {
    id: 'Baris {row} kolom {column}: kode "{value}" sudah dipakai unit lain.',
    en: 'Row {row} column {column}: the code "{value}" is already used by another unit.',
  },
  unit_out_of_scope: {
    id: 'Baris {row} kolom {column}: unit "{value}" berada di luar wewenang Anda.',
    en: 'Row {row} column {column}: the unit "{value}" lies outside your scope.',
  },
  parent_unknown: {
    id: 'Baris {row} kolom {column}: unit induk "{value}" tidak ditemukan, di berkas maupun di data. Periksa kode/namanya.',
    en: 'Row {row} column {column}: the parent unit "{value}" was found neither in the file nor in the data. Check its code/name.',
  },
  parent_ambiguous: {
    id: 'Baris {row} kolom {column}: ada beberapa unit bernama "{value}". Tulis kode unit induknya.',
    en: 'Row {row} column {column}: several units are named "{value}". Write the parent unit’s code.',
  },
  parent_refused: {
    id: 'Baris {row} kolom {column}: unit induk "{value}" ditolak di barisnya sendiri, jadi baris ini juga tidak disimpan.',
    en: 'Row {row} column {column}: the parent unit "{value}" is refused on its own row, so this row is not stored either.',
  },
  parent_closed: {
    id: 'Baris {row} kolom {column}: unit induk "{value}" sudah ditutup.',
    en: 'Row {row} column {column}: the parent unit "{value}" is closed.',
  },
  parent_required: {
    id: 'Baris {row} kolom {column}: unit yang sudah ada tidak dapat dijadikan unit teratas lewat impor. Isi unit induknya.',
    en: 'Row {row} column {column}: an existing unit cannot become a top unit through an import. Fill in its parent.',
  },
  root_forbidden: {
    id: 'Baris {row} kolom {column}: hanya admin BKPSDM yang dapat membuat unit teratas (tanpa induk).',
    en: 'Row {row} column {column}: only the agency admin can create a top unit (without a parent).',
  },
  move_forbidden: {
    id: 'Baris {row} kolom {column}: Anda tidak dapat memindahkan unit tempat wewenang Anda berakar.',
    en: 'Row {row} column {column}: you cannot move the unit your scope starts at.',
  },
  unit_cycle: {
    id: 'Baris {row} kolom {column}: unit "{value}" akan menjadi induk dirinya sendiri (melingkar lewat baris {rows}).',
    en: 'Row {row} column {column}: the unit "{value}" would become its own parent (a cycle through rows {rows}).',
  },
  // Work-site sheets (core/import/sites.ts).
  site_shape_required: {
    id: 'Baris {row} kolom {column}: isi lat, lng dan radius, atau poligon.',
    en: 'Row {row} column {column}: fill in lat, lng and radius, or a polygon.',
  },
  site_shape_both: {
    id: 'Baris {row} kolom {column}: isi lingkaran (lat, lng, radius) atau poligon, bukan keduanya.',
    en: 'Row {row} column {column}: fill in a circle (lat, lng, radius) or a polygon, not both.',
  },
  number_format: {
    id: 'Baris {row} kolom {column}: "{value}" bukan angka.',
    en: 'Row {row} column {column}: "{value}" is not a number.',
  },
  polygon_format: {
    id: 'Baris {row} kolom {column}: poligon "{value}" tidak terbaca. Tulis WKT POLYGON((lng lat, …)) atau "lat lng; lat lng; …".',
    en: 'Row {row} column {column}: the polygon "{value}" cannot be read. Write WKT POLYGON((lng lat, …)) or "lat lng; lat lng; …".',
  },
  site_mode_unknown: {
    id: 'Baris {row} kolom {column}: mode "{value}" tidak dikenal (kantor/office, WFH). Dinas luar dibuat per surat tugas, bukan lewat impor.',
    en: 'Row {row} column {column}: the mode "{value}" is not known (kantor/office, WFH). Dinas luar is made per letter of assignment, not by an import.',
  },
  site_person_required: {
    id: 'Baris {row} kolom {column}: lokasi WFH milik satu pegawai. Isi NIP pegawainya.',
    en: 'Row {row} column {column}: a WFH site belongs to one employee. Fill in their NIP.',
  },
  employee_unknown: {
    id: 'Baris {row} kolom {column}: pegawai "{value}" tidak ditemukan di wewenang Anda.',
    en: 'Row {row} column {column}: the employee "{value}" was not found within your scope.',
  },
  site_ambiguous: {
    id: 'Baris {row} kolom {column}: ada beberapa lokasi bernama "{value}" di unit ini. Ubah lewat peta lokasi.',
    en: 'Row {row} column {column}: this unit has several sites named "{value}". Change them on the site map.',
  },
  site_points: {
    id: 'Baris {row} kolom {column}: poligon butuh sedikitnya 3 titik yang berbeda.',
    en: 'Row {row} column {column}: a polygon needs at least 3 distinct points.',
  },
  site_coordinates: {
    id: 'Baris {row} kolom {column}: koordinat tidak sah (lintang -90…90, bujur -180…180).',
    en: 'Row {row} column {column}: the coordinates are not valid (latitude -90…90, longitude -180…180).',
  },
  site_self_intersecting: {
    id: 'Baris {row} kolom {column}: sisi-sisi poligon saling berpotongan. Urutkan titiknya mengelilingi area.',
    en: 'Row {row} column {column}: the polygon’s edges cross each other. Order its points around the area.',
  },
  site_too_many_points: {
    id: 'Baris {row} kolom {column}: poligon terlalu banyak titik (paling banyak 500).',
    en: 'Row {row} column {column}: the polygon has too many points (at most 500).',
  },
  site_radius: {
    id: 'Baris {row} kolom {column}: radius "{value}" m di luar batas ({why}).',
    en: 'Row {row} column {column}: the radius "{value}" m is out of bounds ({why}).',
  },
  site_outside_indonesia: {
    id: 'Baris {row} kolom {column}: titik berada di luar Indonesia. Lokasi di luar negeri dibuat lewat peta lokasi dengan konfirmasi.',
    en: 'Row {row} column {column}: the point lies outside Indonesia. A site abroad is made on the site map, with a confirmation.',
  },
  date_order: {
    id: 'Baris {row} kolom {column}: tanggal akhir "{value}" sebelum tanggal mulai.',
    en: 'Row {row} column {column}: the end date "{value}" is before the start date.',
  },
} as const satisfies Record<string, { id: string; en: string }>;

export type RefusalReason = keyof typeof REFUSALS;

/** The message of `reason` with its placeholders filled. */
export function refusalMessage(
  reason: RefusalReason,
  values: Record<string, string>,
): { id: string; en: string } {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
  return { id: fill(REFUSALS[reason].id), en: fill(REFUSALS[reason].en) };
}
