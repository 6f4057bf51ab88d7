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
