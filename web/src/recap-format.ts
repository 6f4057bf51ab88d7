/**
 * Words and numbers of the monthly recap: deductions in percent, the counts by status in
 * a fixed order, and why a day of the ledger was charged, in the reader's language.
 *
 * @example formatPct('id', 250) // '2,5%'
 */
import type { DayStatusCode } from '../../core/attendance/types.js';
import { isMessageKey, localeOf, t, type Lang, type MessageKey } from './i18n.js';
import type { LedgerDayView, LedgerItemView, StatusCountsView } from './requests-api.js';

/** Basis points (10000 = 100 %) as a percentage in the reader's locale. */
export function formatPct(lang: Lang, bp: number): string {
  const n = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 }).format(bp / 100);
  return `${n}%`;
}

/** The month 'YYYY-MM' as "Maret 2026" / "March 2026". */
export function formatMonth(lang: Lang, month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(localeOf(lang), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    Date.UTC(y ?? 1970, (m ?? 1) - 1, 1),
  );
}

/** The label of a day status. */
export function statusLabel(lang: Lang, status: DayStatusCode): string {
  return t(lang, `status_${status}`);
}

/** The counts shown under "days by status", in the order a BKD form lists them. */
const COUNT_ROWS: readonly [keyof StatusCountsView, MessageKey][] = [
  ['hadir', 'status_hadir'],
  ['terlambat', 'status_terlambat'],
  ['pulangCepat', 'status_pulang_cepat'],
  ['terlambatPulangCepat', 'status_terlambat_pulang_cepat'],
  ['lupaAbsenMasuk', 'status_lupa_absen_masuk'],
  ['lupaAbsenPulang', 'status_lupa_absen_pulang'],
  ['tanpaKeterangan', 'status_tanpa_keterangan'],
  ['cutiIzin', 'status_cuti_izin'],
  ['cutiBersama', 'status_cuti_bersama'],
  ['libur', 'status_libur'],
  ['tanpaJadwal', 'status_tanpa_jadwal'],
];

/** Each status with its day count; zero rows are left out except the first (hadir). */
export function countRows(lang: Lang, counts: StatusCountsView): { key: string; label: string; n: number }[] {
  return COUNT_ROWS.filter(([key], i) => i === 0 || counts[key] > 0).map(([key, label]) => ({
    key,
    label: t(lang, label),
    n: counts[key],
  }));
}

/** A leave type's name in the reader's language; the catalogue's own name when unknown. */
export function leaveTypeName(lang: Lang, code: string, fallback = code): string {
  const key = `leave_${code}`;
  return isMessageKey(key) ? t(lang, key) : fallback;
}

/**
 * Why the ledger charged an item, in the reader's language. The server writes its notes
 * in Indonesian (core/attendance/charges.ts); the known shapes are translated and an
 * unknown note is shown as the server wrote it.
 */
export function chargeReason(lang: Lang, item: LedgerItemView): string {
  const note = item.note;
  let m: RegExpExecArray | null;
  if (note === 'tanpa keterangan') return t(lang, 'whyTk');
  if (note === 'tidak absen masuk') return t(lang, 'whyMissingIn');
  if (note === 'tidak absen pulang') return t(lang, 'whyMissingOut');
  if ((m = /^terlambat (\d+) menit$/.exec(note))) return t(lang, 'lateBy', { n: Number(m[1]) });
  if ((m = /^pulang cepat (\d+) menit$/.exec(note))) return t(lang, 'earlyBy', { n: Number(m[1]) });
  if ((m = /^(\S+) hari ke-(\d+) bulan ini, dipotong setelah (\d+) hari$/.exec(note))) {
    return t(lang, 'whyLeaveCut', { type: leaveTypeName(lang, m[1] ?? ''), n: m[2] ?? '', m: m[3] ?? '' });
  }
  return note;
}

/** One ledger item as "TL1 0,5% · Terlambat 11 menit". */
export function chargeLine(lang: Lang, item: LedgerItemView): string {
  return `${item.code} ${formatPct(lang, item.bp)} · ${chargeReason(lang, item)}`;
}

/** The ledger by date, for joining with the day statuses. */
export function ledgerByDate(ledger: readonly LedgerDayView[]): Map<string, LedgerDayView> {
  return new Map(ledger.map((d) => [d.date, d]));
}
