/**
 * Every word the admin console shows, in Bahasa Indonesia (first) and English. The
 * language choice is shared with the phone page (same browser storage).
 *
 * @example
 *   at('en', 'peopleCount', { n: 12 }) // '12 people'
 */
import { fill, type Bilingual, type Lang } from '../src/i18n.js';

const STRINGS = {
  consoleName: { id: 'Konsol Admin', en: 'Admin Console' },
  switchLang: { id: 'English', en: 'Bahasa Indonesia' },
  switchLangLabel: { id: 'Ganti bahasa ke English', en: 'Switch language to Bahasa Indonesia' },
  skipToContent: { id: 'Langsung ke isi', en: 'Skip to content' },
  logout: { id: 'Keluar', en: 'Sign out' },
  loading: { id: 'Memuat…', en: 'Loading…' },
  retry: { id: 'Coba lagi', en: 'Try again' },
  roleAgency: { id: 'Admin BKPSDM (seluruh daerah)', en: 'Agency admin (whole region)' },
  roleUnit: { id: 'Admin unit', en: 'Unit admin' },
  scopeLabel: { id: 'Cakupan', en: 'Scope' },

  // Sign-in
  loginTitle: { id: 'Masuk ke konsol admin', en: 'Sign in to the admin console' },
  loginLead: {
    id: 'Untuk admin BKPSDM dan admin OPD. Pegawai absen lewat halaman ponsel.',
    en: 'For agency and unit admins. Employees check in on the phone page.',
  },
  loginUser: { id: 'Nama pengguna', en: 'Username' },
  loginPassword: { id: 'Kata sandi', en: 'Password' },
  loginSubmit: { id: 'Masuk', en: 'Sign in' },
  loginBusy: { id: 'Sedang masuk…', en: 'Signing in…' },
  loginMissing: { id: 'Isi nama pengguna dan kata sandi.', en: 'Enter your username and password.' },
  employeeRedirect: {
    id: 'Akun pegawai memakai halaman absen. Mengalihkan…',
    en: 'Employee accounts use the check-in page. Redirecting…',
  },
  phonePageLink: { id: 'Halaman absen pegawai', en: 'Employee check-in page' },
  signedOutExpired: {
    id: 'Sesi Anda sudah berakhir. Silakan masuk kembali.',
    en: 'Your session has expired. Please sign in again.',
  },

  // Navigation
  navToday: { id: 'Hari ini', en: 'Today' },
  navMain: { id: 'Menu utama', en: 'Main menu' },
  notFoundTitle: { id: 'Halaman tidak ditemukan', en: 'Page not found' },
  notFoundBack: { id: 'Kembali ke Hari ini', en: 'Back to Today' },

  // Shared table words
  prevPage: { id: 'Sebelumnya', en: 'Previous' },
  nextPage: { id: 'Berikutnya', en: 'Next' },
  pageOf: {
    id: 'Halaman {page} dari {pages} · {total} orang',
    en: 'Page {page} of {pages} · {total} people',
  },
  sortBy: { id: 'Urutkan menurut {col}', en: 'Sort by {col}' },
  search: { id: 'Cari nama atau NIP', en: 'Search name or NIP' },
  noneFound: { id: 'Tidak ada yang cocok.', en: 'Nothing matches.' },
  colName: { id: 'Nama', en: 'Name' },
  colNip: { id: 'NIP / No. pegawai', en: 'NIP / staff no.' },
  colUnit: { id: 'Unit', en: 'Unit' },
  colStatus: { id: 'Status', en: 'Status' },
  colCheckIn: { id: 'Jam masuk', en: 'Check-in' },
  colLate: { id: 'Terlambat', en: 'Late' },
  colFlags: { id: 'Tanda', en: 'Flags' },
  downloadXlsx: { id: 'Unduh XLSX', en: 'Download XLSX' },
  downloadCsv: { id: 'Unduh CSV', en: 'Download CSV' },
  downloadPdf: { id: 'Unduh PDF', en: 'Download PDF' },
  downloaded: { id: 'Terunduh: {name}', en: 'Downloaded: {name}' },
  minutesShort: { id: '{n} mnt', en: '{n} min' },

  // Reports
  navReports: { id: 'Laporan', en: 'Reports' },
  reportsTitle: { id: 'Laporan kehadiran', en: 'Attendance reports' },
  reportKinds: { id: 'Jenis laporan', en: 'Report' },
  tabDaily: { id: 'Daftar harian', en: 'Daily list' },
  tabRecap: { id: 'Rekap bulanan', en: 'Monthly recap' },
  tabCard: { id: 'Kartu kehadiran', en: 'Attendance card' },
  unitLabel: { id: 'Unit', en: 'Unit' },
  withSubunits: { id: '(beserta sub-unit)', en: '(with its sub-units)' },
  dateLabel: { id: 'Tanggal', en: 'Date' },
  monthLabel: { id: 'Bulan', en: 'Month' },
  statusFilter: { id: 'Status', en: 'Status' },
  allStatuses: { id: 'Semua status', en: 'All statuses' },
  colCheckOut: { id: 'Jam pulang', en: 'Check-out' },
  colEarly: { id: 'Pulang cepat', en: 'Early leave' },
  colPlanned: { id: 'Jadwal', en: 'Planned' },
  colPresent: { id: 'Hadir', en: 'Present' },
  colTk: { id: 'TK', en: 'TK' },
  colLateMin: { id: 'Terlambat (mnt)', en: 'Late (min)' },
  colEarlyMin: { id: 'Pulang cepat (mnt)', en: 'Early (min)' },
  colDeduction: { id: 'Potongan', en: 'Deduction' },
  colAvgDeduction: { id: 'Rata-rata potongan', en: 'Mean deduction' },
  colYearTk: { id: 'TK tahun ini', en: 'TK this year' },
  colPeople: { id: 'Pegawai', en: 'People' },
  colWorkingDays: { id: 'Hari kerja', en: 'Working days' },
  unitTotals: { id: 'Jumlah per unit', en: 'Totals by unit' },
  totalsRow: { id: 'Jumlah', en: 'Total' },
  openCard: { id: 'Kartu kehadiran {name}', en: 'Attendance card of {name}' },
  cardPick: {
    id: 'Pilih pegawai dari rekap bulanan (klik namanya) untuk melihat kartunya.',
    en: 'Pick a person in the monthly recap (click the name) to see their card.',
  },
  cardOf: { id: 'Kartu kehadiran: {name}', en: 'Attendance card: {name}' },
  cardDeduction: { id: 'Potongan bulan ini: {pct}', en: "This month's deduction: {pct}" },
  cardYearTk: { id: 'TK sepanjang {year}: {n} hari', en: 'TK in {year}: {n} days' },
  colDate: { id: 'Tanggal', en: 'Date' },
  colCharges: { id: 'Potongan hari itu', en: 'Charges of the day' },
  exportLabel: { id: 'Ekspor', en: 'Export' },
  daysInMonthNote: {
    id: 'Hari yang belum selesai belum dihitung.',
    en: 'Days not over yet are not counted.',
  },

  // Inbox
  navInbox: { id: 'Kotak masuk', en: 'Inbox' },
  inboxTitle: { id: 'Kotak masuk', en: 'Inbox' },
  inboxParts: { id: 'Bagian kotak masuk', en: 'Inbox parts' },
  inboxLeave: { id: 'Cuti / izin ({n})', en: 'Leave ({n})' },
  inboxCorrection: { id: 'Koreksi absen ({n})', en: 'Corrections ({n})' },
  inboxDevice: { id: 'Ponsel baru ({n})', en: 'New phones ({n})' },
  inboxLater: {
    id: 'Absen di luar area dan waktu yang meragukan akan diperiksa di sini juga.',
    en: 'Punches outside the fence and doubtful times will be reviewed here too.',
  },
  st_pending: { id: 'Menunggu', en: 'Pending' },
  st_approved: { id: 'Disetujui', en: 'Approved' },
  st_rejected: { id: 'Ditolak', en: 'Rejected' },
  st_active: { id: 'Aktif', en: 'Active' },
  st_revoked: { id: 'Dicabut', en: 'Revoked' },
  inboxEmpty: { id: 'Tidak ada yang menunggu.', en: 'Nothing is waiting.' },
  selectAll: { id: 'Pilih semua di halaman ini', en: 'Select all on this page' },
  selectItem: { id: 'Pilih pengajuan {name}', en: 'Select the request of {name}' },
  selectedCount: { id: '{n} dipilih', en: '{n} selected' },
  approve: { id: 'Setujui', en: 'Approve' },
  reject: { id: 'Tolak', en: 'Reject' },
  approveSelected: { id: 'Setujui yang dipilih', en: 'Approve selected' },
  rejectSelected: { id: 'Tolak yang dipilih', en: 'Reject selected' },
  decisionReasonLabel: { id: 'Alasan keputusan (wajib untuk menolak)', en: 'Reason (required to reject)' },
  rejectNeedsReason: { id: 'Tulis alasan penolakan dulu.', en: 'Write the reason for the rejection first.' },
  decidedSummary: { id: '{ok} berhasil diputuskan.', en: '{ok} decided.' },
  decidedFailed: { id: '{name}: {reason}', en: '{name}: {reason}' },
  viewAttachment: { id: 'Lihat lampiran', en: 'View the attachment' },
  hideAttachment: { id: 'Tutup lampiran', en: 'Close the attachment' },
  attachmentOf: { id: 'Lampiran {name}', en: 'Attachment of {name}' },
  noAttachment: { id: 'Tanpa lampiran', en: 'No attachment' },
  requestedAt: { id: 'Diajukan {time}', en: 'Requested {time}' },
  periodLine: { id: '{from} s.d. {to}', en: '{from} to {to}' },
  correctionLine: { id: '{kind} pukul {time} ({date})', en: '{kind} at {time} ({date})' },
  kindIn: { id: 'Absen masuk', en: 'Check-in' },
  kindOut: { id: 'Absen pulang', en: 'Check-out' },
  deviceLine: { id: 'Ponsel: {label} · didaftarkan {time}', en: 'Phone: {label} · enrolled {time}' },
  decisionBy: { id: 'Keputusan: {reason}', en: 'Decision: {reason}' },

  // Today, live
  todayTitle: { id: 'Kehadiran hari ini', en: "Today's attendance" },
  liveOn: { id: 'Langsung', en: 'Live' },
  liveOff: { id: 'Terputus — menyambung ulang…', en: 'Disconnected — reconnecting…' },
  updatedAt: { id: 'Diperbarui {time}', en: 'Updated {time}' },
  breadcrumb: { id: 'Jalur unit', en: 'Unit path' },
  tileExpected: { id: 'Wajib hadir', en: 'Expected' },
  tileCheckedIn: { id: 'Sudah absen masuk', en: 'Checked in' },
  tileOnTime: { id: 'Tepat waktu', en: 'On time' },
  tileLate: { id: 'Terlambat', en: 'Late' },
  tileNotYet: { id: 'Belum absen', en: 'Not yet' },
  tileMissed: { id: '{n} lewat batas absen', en: '{n} past the check-in window' },
  tileLeave: { id: 'Cuti / izin', en: 'On leave' },
  tileDinasLuar: { id: 'Dinas luar', en: 'Official duty away' },
  tileOutside: { id: 'Di luar area', en: 'Outside the fence' },
  tileFlagged: { id: 'Perlu diperiksa', en: 'To review' },
  tileOff: { id: '{n} libur / tanpa jadwal hari ini', en: '{n} off or without a schedule today' },
  flag_time_unverified: { id: 'Waktu belum terverifikasi', en: 'Time unverified' },
  flag_late_submission: { id: 'Terkirim terlambat', en: 'Late submission' },
  flag_selfie_missing: { id: 'Tanpa swafoto', en: 'Selfie missing' },
  outsideFlag: { id: 'Di luar area', en: 'Outside' },
  chartTitle: { id: 'Kedatangan per menit', en: 'Arrivals by minute' },
  chartSummary: {
    id: '{n} absen masuk; terbanyak {max} orang pada pukul {time}.',
    en: '{n} check-ins; most were {max} people at {time}.',
  },
  chartEmpty: { id: 'Belum ada absen masuk.', en: 'No check-ins yet.' },
  colExpected: { id: 'Wajib', en: 'Expected' },
  colIn: { id: 'Masuk', en: 'In' },
  colOnTime: { id: 'Tepat', en: 'On time' },
  colNotYet: { id: 'Belum', en: 'Not yet' },
  colLeave: { id: 'Cuti', en: 'Leave' },
  colDl: { id: 'DL', en: 'Duty' },
  colOutside: { id: 'Luar area', en: 'Outside' },
  colReview: { id: 'Periksa', en: 'Review' },
  unitsTitle: { id: 'Per unit', en: 'By unit' },
  ownRow: { id: '{name} (langsung)', en: '{name} (directly)' },
  openUnit: { id: 'Buka {name}', en: 'Open {name}' },
  peopleTitle: { id: 'Pegawai', en: 'People' },
  filterLabel: { id: 'Tampilkan', en: 'Show' },
  filter_all: { id: 'Semua', en: 'Everyone' },
  filter_checked_in: { id: 'Sudah absen masuk', en: 'Checked in' },
  filter_on_time: { id: 'Tepat waktu', en: 'On time' },
  filter_late: { id: 'Terlambat', en: 'Late' },
  filter_not_yet: { id: 'Belum absen', en: 'Not yet' },
  filter_missed: { id: 'Lewat batas absen masuk', en: 'Past the check-in window' },
  filter_leave: { id: 'Cuti / izin', en: 'On leave' },
  filter_dinas_luar: { id: 'Dinas luar', en: 'Official duty away' },
  filter_off: { id: 'Libur / tanpa jadwal', en: 'Off / no schedule' },
  filter_outside: { id: 'Di luar area', en: 'Outside the fence' },
  filter_flagged: { id: 'Perlu diperiksa', en: 'To review' },
  filter_time_unverified: { id: 'Waktu belum terverifikasi', en: 'Time unverified' },
  filter_late_submission: { id: 'Terkirim terlambat', en: 'Late submission' },
  filter_selfie_missing: { id: 'Tanpa swafoto', en: 'Selfie missing' },
  cat_checked_in: { id: 'Hadir', en: 'In' },
  cat_not_yet: { id: 'Belum absen', en: 'Not yet' },
  cat_leave: { id: 'Cuti/izin', en: 'Leave' },
  cat_dinas_luar: { id: 'Dinas luar', en: 'Duty away' },
  cat_off: { id: 'Libur', en: 'Off' },
  missedExport: { id: 'Yang belum absen masuk', en: 'Who has not checked in' },
  recentTitle: { id: 'Absen terbaru', en: 'Latest punches' },
  recentLine: { id: '{name} · {unit}', en: '{name} · {unit}' },
} as const satisfies Record<string, Bilingual>;

export type AdminKey = keyof typeof STRINGS;

/** The console message `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function at(lang: Lang, key: AdminKey, params: Record<string, string | number> = {}): string {
  return fill(STRINGS[key][lang], params);
}

/** Both languages of `key`, for messages shown later in either language. */
export function bothAt(key: AdminKey): Bilingual {
  return STRINGS[key];
}

/** Whether `key` names a console message (for keys built from codes the server sends). */
export function isAdminKey(key: string): key is AdminKey {
  return Object.prototype.hasOwnProperty.call(STRINGS, key);
}
