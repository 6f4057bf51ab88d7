/**
 * Every word the phone page shows, in Bahasa Indonesia (first) and English. The chosen
 * language is remembered on the phone (localStorage) so it survives a reload.
 *
 * @example
 *   t('en', 'lateBy', { n: 11 }) // 'Late by 11 minutes'
 */

export type Lang = 'id' | 'en';

/** A message in both languages, as the server's error bodies carry it too. */
export interface Bilingual {
  id: string;
  en: string;
}

export const STRINGS = {
  appName: { id: 'Hadir', en: 'Hadir' },
  tagline: { id: 'Presensi pegawai', en: 'Staff attendance' },
  switchLang: { id: 'English', en: 'Bahasa Indonesia' },
  switchLangLabel: { id: 'Ganti bahasa ke English', en: 'Switch language to Bahasa Indonesia' },

  // Login
  loginTitle: { id: 'Masuk', en: 'Sign in' },
  loginUser: { id: 'NIP atau nama pengguna', en: 'NIP or username' },
  loginUserHint: {
    id: 'NIP 18 angka; spasi boleh. Pegawai non-ASN memakai nomor pegawai.',
    en: '18-digit NIP; spaces are fine. Non-ASN staff use their staff number.',
  },
  loginPassword: { id: 'Kata sandi', en: 'Password' },
  loginSubmit: { id: 'Masuk', en: 'Sign in' },
  loginBusy: { id: 'Sedang masuk…', en: 'Signing in…' },
  loginMissing: { id: 'Isi NIP/nama pengguna dan kata sandi.', en: 'Enter your NIP/username and password.' },
  signedOutExpired: {
    id: 'Sesi Anda sudah berakhir. Silakan masuk kembali.',
    en: 'Your session has expired. Please sign in again.',
  },

  // An admin account on the phone page
  adminOfferTitle: { id: 'Akun admin', en: 'Admin account' },
  adminOfferText: {
    id: 'Akun ini untuk mengelola presensi, bukan untuk absen. Buka konsol admin untuk melihat kehadiran hari ini, kotak masuk dan laporan.',
    en: "This account manages attendance rather than checking in. Open the admin console for today's attendance, the inbox and reports.",
  },
  adminOfferOpen: { id: 'Buka konsol admin', en: 'Open the admin console' },

  // Navigation
  navToday: { id: 'Hari ini', en: 'Today' },
  navHistory: { id: 'Riwayat', en: 'History' },
  logout: { id: 'Keluar', en: 'Sign out' },
  loading: { id: 'Memuat…', en: 'Loading…' },
  retry: { id: 'Coba lagi', en: 'Try again' },

  // Home: schedule and status
  schedule: { id: 'Jadwal', en: 'Schedule' },
  workHours: { id: 'Jam kerja {start}–{end}', en: 'Working hours {start}–{end}' },
  checkInWindow: { id: 'Absen masuk {from}–{until}', en: 'Check-in {from}–{until}' },
  checkOutWindow: { id: 'Absen pulang {from}–{until}', en: 'Check-out {from}–{until}' },
  dayOff: { id: 'Hari ini libur.', en: 'Today is a day off.' },
  noSchedule: { id: 'Belum ada jadwal kerja untuk Anda.', en: 'You have no work schedule yet.' },
  status: { id: 'Status hari ini', en: "Today's status" },
  statusIn: { id: 'Masuk', en: 'In' },
  statusOut: { id: 'Pulang', en: 'Out' },
  statusNone: { id: 'belum', en: 'not yet' },
  clockSkew: {
    id: 'Jam ponsel berbeda {n} menit dari server. Setel tanggal dan jam ponsel ke otomatis.',
    en: "The phone's clock is {n} {n|minute|minutes} off the server. Set the phone's date and time to automatic.",
  },

  // Home: location
  location: { id: 'Lokasi', en: 'Location' },
  yourLocations: { id: 'Lokasi kerja Anda', en: 'Your work locations' },
  noLocations: {
    id: 'Anda belum punya lokasi kerja. Hubungi admin unit Anda.',
    en: 'You have no work location yet. Contact your unit admin.',
  },
  locating: { id: 'Mencari lokasi…', en: 'Finding your location…' },
  insideNow: { id: 'Anda berada di dalam area {name}.', en: 'You are inside {name}.' },
  insideByAccuracy: {
    id: 'Anda di tepi area {name} ({dist}, masih dalam akurasi GPS).',
    en: 'You are at the edge of {name} ({dist}, within GPS accuracy).',
  },
  nearestIs: { id: '{dist} dari {name} (terdekat).', en: '{dist} from {name} (nearest).' },
  accuracy: { id: 'Akurasi GPS ±{dist}', en: 'GPS accuracy ±{dist}' },
  accuracyPoor: {
    id: 'Akurasi rendah. Pindah ke tempat terbuka atau dekat jendela.',
    en: 'Low accuracy. Move to an open spot or near a window.',
  },
  refreshLocation: { id: 'Perbarui lokasi', en: 'Refresh location' },

  // The button
  checkIn: { id: 'Absen Masuk', en: 'Check in' },
  checkOut: { id: 'Absen Pulang', en: 'Check out' },
  sending: { id: 'Mengirim…', en: 'Sending…' },
  resend: { id: 'Kirim ulang absen pukul {time}', en: 'Resend the check-in of {time}' },
  gettingFix: { id: 'Mengambil lokasi…', en: 'Getting location…' },

  // Asking before a press that may be a mistake
  confirmEarly: {
    id: 'Jam pulang Anda {end}. Absen pulang sekarang dicatat pulang cepat {n} menit. Tetap absen pulang?',
    en: 'Your day ends at {end}. Checking out now is recorded as leaving {n} {n|minute|minutes} early. Check out anyway?',
  },
  confirmRepeatIn: {
    id: 'Anda baru saja absen masuk ({s} detik lalu). Tombol ini sekarang absen pulang.',
    en: 'You checked in just now ({s} {s|second|seconds} ago). This button now checks you out.',
  },
  confirmRepeatOut: {
    id: 'Anda baru saja absen pulang ({s} detik lalu). Tombol ini sekarang absen masuk lagi.',
    en: 'You checked out just now ({s} {s|second|seconds} ago). This button now checks you in again.',
  },
  confirmRepeatEarly: {
    id: 'Absen pulang sekarang dicatat pulang cepat {n} menit.',
    en: 'Checking out now is recorded as leaving {n} {n|minute|minutes} early.',
  },
  confirmCancel: { id: 'Batal, jangan absen', en: 'Cancel, do not record' },
  confirmOut: { id: 'Ya, absen pulang', en: 'Yes, check out' },
  confirmIn: { id: 'Ya, absen masuk', en: 'Yes, check in' },
  confirmCancelled: { id: 'Tidak ada absen yang dicatat.', en: 'Nothing was recorded.' },

  // Verdict
  recordedIn: { id: 'Absen masuk tercatat pukul {time}', en: 'Check-in recorded at {time}' },
  recordedOut: { id: 'Absen pulang tercatat pukul {time}', en: 'Check-out recorded at {time}' },
  fenceInside: { id: 'Di dalam area {name}', en: 'Inside {name}' },
  fenceInsideByAccuracy: {
    id: 'Di dalam area {name} (berdasarkan akurasi GPS)',
    en: 'Inside {name} (by GPS accuracy)',
  },
  fenceOutside: { id: 'Di luar area: {dist} dari {name}', en: 'Outside: {dist} from {name}' },
  fenceNoLocation: { id: 'Tanpa lokasi kerja', en: 'No work location' },
  onTime: { id: 'Tepat waktu', en: 'On time' },
  reviewPending: {
    id: 'Di luar lokasi kerja: absen ini dihitung setelah disetujui admin',
    en: 'Outside your work site: this punch counts once an admin accepts it',
  },
  reviewPendingTime: {
    id: 'Waktu absen belum terverifikasi server (terkirim terlambat): menunggu persetujuan admin, dihitung setelah disetujui',
    en: 'The server could not verify the time of this punch (it arrived late): it waits for an admin and counts once accepted',
  },
  reviewRejectedByRules: {
    id: 'Waktu absen belum terverifikasi server: menurut aturan, absen ini tidak dihitung.',
    en: 'The server could not verify the time of this punch: under your rules it does not count.',
  },
  reviewAccepted: {
    id: 'Disetujui {by}: {reason}',
    en: 'Accepted by {by}: {reason}',
  },
  reviewRejected: {
    id: 'Ditolak {by}: {reason}. Absen ini tidak dihitung.',
    en: 'Rejected by {by}: {reason}. This punch does not count.',
  },
  lateBy: { id: 'Terlambat {n} menit', en: 'Late by {n} {n|minute|minutes}' },
  earlyBy: { id: 'Pulang cepat {n} menit', en: 'Early leave by {n} {n|minute|minutes}' },
  beforeWindow: {
    id: 'Di luar jendela absen (terlalu awal)',
    en: 'Outside the check window (too early)',
  },
  afterWindow: {
    id: 'Di luar jendela absen (terlambat melewati batas)',
    en: 'Outside the check window (past the limit)',
  },
  verdictDayOff: { id: 'Hari libur', en: 'Day off' },
  verdictNoSchedule: { id: 'Tanpa jadwal', en: 'No schedule' },
  flagDelayed: {
    id: 'Terkirim terlambat; akan diperiksa admin.',
    en: 'Sent late; your admin will review it.',
  },

  // The outbox: where each punch stands
  punchesTitle: { id: 'Absen di ponsel ini', en: 'Check-ins on this phone' },
  kindIn: { id: 'Absen masuk', en: 'Check-in' },
  kindOut: { id: 'Absen pulang', en: 'Check-out' },
  pressedAt: { id: '{kind} pukul {time}', en: '{kind} at {time}' },
  saving: { id: 'Menyimpan…', en: 'Saving…' },
  stateSaved: { id: 'Tersimpan di perangkat', en: 'Saved on this phone' },
  waitSoon: {
    id: 'Belum sampai di server. Dikirim otomatis.',
    en: 'Not on the server yet. It is sent automatically.',
  },
  waitNetwork: {
    id: 'Belum sampai di server. Dikirim otomatis saat ada internet.',
    en: 'Not on the server yet. It is sent automatically when there is internet.',
  },
  waitBusy: {
    id: 'Belum sampai di server: server sedang sibuk. Dikirim otomatis begitu server bisa menerima.',
    en: 'Not on the server yet: the server is busy. It is sent automatically as soon as the server can take it.',
  },
  waitServer: {
    id: 'Belum sampai di server: server sedang bermasalah atau tidak terjangkau. Dikirim otomatis begitu bisa.',
    en: 'Not on the server yet: the server is having trouble or cannot be reached. It is sent automatically as soon as it can be.',
  },
  waitPending: {
    id: 'Belum dikirim: ponsel ini menunggu persetujuan admin unit Anda. Dikirim otomatis setelah disetujui.',
    en: "Not sent yet: this phone is waiting for your unit admin's approval. It is sent automatically once approved.",
  },
  timeKept: { id: 'Waktu absen tetap waktu tombol ditekan.', en: 'The time stays the time you pressed.' },
  timeFromPhoneClock: {
    id: 'Waktu di atas menurut jam ponsel, belum diverifikasi server; bisa meleset bila jam ponsel pernah diubah.',
    en: "The time above is from the phone's clock, not verified by the server; it may be off if the phone's clock was changed.",
  },
  stateSent: { id: 'Terkirim, menunggu jawaban server', en: 'Sent, waiting for the server' },
  stateAccepted: { id: 'Diterima server', en: 'Accepted by the server' },
  stateRefused: { id: 'Ditolak server', en: 'Refused by the server' },
  waitingBadge: { id: '{n} menunggu dikirim', en: '{n} waiting to be sent' },
  waitingBadgeLabel: { id: 'Absen yang menunggu dikirim', en: 'Check-ins waiting to be sent' },
  allSent: { id: 'Semua absen sudah terkirim.', en: 'All check-ins have been sent.' },
  sendNow: { id: 'Kirim sekarang', en: 'Send now' },
  nextTrySoon: {
    id: 'Dicoba lagi otomatis dalam kurang dari satu menit.',
    en: 'Will retry automatically in less than a minute.',
  },
  nextTryMinute: { id: 'Dicoba lagi otomatis dalam 1 menit.', en: 'Will retry automatically in 1 minute.' },
  nextTryMinutes: {
    id: 'Dicoba lagi otomatis dalam {n} menit.',
    en: 'Will retry automatically in {n} {n|minute|minutes}.',
  },
  statusOnPhone: { id: '{time} (di ponsel, belum terkirim)', en: '{time} (on the phone, not sent yet)' },
  serverUnreachable: {
    id: 'Server belum bisa dihubungi. Anda tetap bisa absen: absen tersimpan di ponsel dan dikirim otomatis.',
    en: 'The server cannot be reached right now. You can still check in: it is saved on the phone and sent automatically.',
  },
  loginWaitingOne: {
    id: '1 absen masih tersimpan di ponsel ini dan belum terkirim. Masuk lagi untuk mengirimnya.',
    en: 'One check-in is still saved on this phone and not sent yet. Sign in again to send it.',
  },
  loginWaitingMany: {
    id: '{n} absen masih tersimpan di ponsel ini dan belum terkirim. Masuk lagi untuk mengirimnya.',
    en: '{n} check-ins are still saved on this phone and not sent yet. Sign in again to send them.',
  },
  dismiss: { id: 'Hapus dari daftar', en: 'Remove from the list' },
  offline: {
    id: 'Tidak ada internet. Anda tetap bisa absen: absen tersimpan di ponsel dan dikirim nanti.',
    en: 'No internet. You can still check in: it is saved on the phone and sent later.',
  },
  lastKnownSchedule: {
    id: 'Jadwal dan lokasi dari kunjungan terakhir.',
    en: 'Schedule and locations from your last visit.',
  },
  timeUnverified: {
    id:
      'Waktu belum diverifikasi server (aplikasi dibuka tanpa internet). Absen dicatat dengan jam ponsel ' +
      'dan selisihnya yang terakhir diukur, lalu diperiksa admin.',
    en:
      "Time not verified by the server (the app was opened without internet). The check-in uses the phone's " +
      'clock and its last measured offset, and your admin will review it.',
  },
  flagTimeUnverified: {
    id: 'Waktu diambil dari jam ponsel; akan diperiksa admin.',
    en: "Time taken from the phone's clock; your admin will review it.",
  },
  devicePending: {
    id:
      'Ponsel ini menunggu persetujuan admin unit Anda. Absen tetap tersimpan di ponsel dan dikirim ' +
      'setelah disetujui. Minta admin menyetujui ponsel ini.',
    en:
      "This phone is waiting for your unit admin's approval. Check-ins are kept on the phone and sent " +
      'once it is approved. Ask your admin to approve this phone.',
  },
  deviceNotEnrolled: {
    id: 'Ponsel ini belum terdaftar (perlu internet sekali). Absen tetap tersimpan dan dikirim setelah terdaftar.',
    en: 'This phone is not enrolled yet (needs internet once). Check-ins are kept and sent once it is enrolled.',
  },
  outsideHint: {
    id: 'Anda di luar area kerja. Absen tetap dicatat beserta jaraknya dan dapat diperiksa admin.',
    en: 'You are outside your work area. The check-in is still recorded with the distance and may be reviewed.',
  },
  outsideWindowHint: {
    id: 'Sekarang di luar jendela {kind} ({from}–{until}).',
    en: 'It is now outside the {kind} window ({from}–{until}).',
  },

  // Selfie
  selfie: { id: 'Swafoto', en: 'Selfie' },
  selfieRequired: {
    id: 'Unit Anda mewajibkan swafoto setiap absen.',
    en: 'Your unit asks for a selfie with every check-in.',
  },
  selfieOptional: { id: 'Tidak wajib.', en: 'Optional.' },
  selfieAsk: {
    id: 'Unit Anda mewajibkan swafoto. Ambil swafoto dulu; absen dicatat setelah foto diambil.',
    en: 'Your unit requires a selfie. Take it first; the check-in is recorded once the photo is taken.',
  },
  selfieSkip: { id: 'Absen tanpa swafoto', en: 'Record without a selfie' },
  selfieSkipHint: {
    id: 'Kamera tidak bisa dipakai? Anda tetap bisa absen; absen tanpa swafoto ditandai dan diperiksa admin.',
    en: 'Camera not working? You can still record; a punch without a selfie is flagged for your admin to review.',
  },
  flagSelfieMissing: {
    id: 'Tanpa swafoto, padahal unit Anda mewajibkannya; akan diperiksa admin.',
    en: 'No selfie although your unit requires one; your admin will review it.',
  },
  selfieTake: { id: 'Ambil swafoto', en: 'Take a selfie' },
  selfieSnap: { id: 'Jepret', en: 'Take photo' },
  selfieRetake: { id: 'Ulangi swafoto', en: 'Retake the selfie' },
  selfieCancel: { id: 'Batal', en: 'Cancel' },
  selfieReady: {
    id: 'Swafoto siap ({kb} KB), dikirim setelah absen diterima.',
    en: 'Selfie ready ({kb} KB), uploaded after the check-in is accepted.',
  },
  selfiePreview: { id: 'Pratinjau swafoto', en: 'Selfie preview' },
  photoWaiting: { id: 'Foto menunggu diunggah.', en: 'Photo waiting to be uploaded.' },
  photoUploaded: { id: 'Foto terunggah.', en: 'Photo uploaded.' },
  photoRefused: { id: 'Foto ditolak: {reason}', en: 'Photo refused: {reason}' },
  cameraDenied: {
    id:
      'Izin kamera ditolak. Android (Chrome): ketuk ikon di kiri alamat situs → Izin → Kamera → Izinkan, ' +
      'lalu muat ulang halaman. iPhone (Safari): ketuk ikon aA di bilah alamat → Pengaturan Situs Web → ' +
      'Kamera → Izinkan (atau Pengaturan → Safari → Kamera → Izinkan).',
    en:
      'Camera permission was denied. Android (Chrome): tap the icon left of the site address → Permissions → ' +
      'Camera → Allow, then reload the page. iPhone (Safari): tap the aA icon in the address bar → Website ' +
      'Settings → Camera → Allow (or Settings → Safari → Camera → Allow).',
  },
  cameraUnavailable: {
    id: 'Kamera tidak dapat dibuka. Tutup aplikasi lain yang memakai kamera, lalu coba lagi.',
    en: 'The camera could not be opened. Close other apps using the camera and try again.',
  },

  // History
  historyTitle: { id: 'Riwayat 7 hari terakhir', en: 'Last 7 days' },
  historyEmpty: { id: 'Tidak ada absen', en: 'No check-ins' },
  historyCorrected: { id: 'koreksi disetujui', en: 'approved correction' },
  historyAdminEntry: { id: 'dicatat admin', en: 'entered by your admin' },

  // Navigation of the request and recap screens (loaded on demand)
  navLeave: { id: 'Cuti/Izin', en: 'Leave' },
  navCorrection: { id: 'Koreksi', en: 'Corrections' },
  navRecap: { id: 'Rekap', en: 'Recap' },

  // Requests: shared
  requestPending: { id: 'Menunggu', en: 'Pending' },
  requestApproved: { id: 'Disetujui', en: 'Approved' },
  requestRejected: { id: 'Ditolak', en: 'Rejected' },
  decisionReason: { id: 'Alasan admin: {reason}', en: "Admin's reason: {reason}" },
  requestedOn: { id: 'Diajukan {date}', en: 'Requested {date}' },
  withAttachment: { id: 'Dengan lampiran', en: 'With attachment' },
  sendRequest: { id: 'Kirim pengajuan', en: 'Send the request' },
  requestSent: {
    id: 'Pengajuan terkirim dan menunggu keputusan admin unit.',
    en: "The request was sent and awaits your unit admin's decision.",
  },
  needsConnection: {
    id: 'Pengajuan perlu koneksi internet. Isian Anda tetap tersimpan di ponsel; kirim lagi saat sudah online.',
    en: 'Sending a request needs an internet connection. What you typed stays on the phone; send it again once online.',
  },
  offlineForm: {
    id: 'Anda sedang offline. Pengajuan baru bisa dikirim saat ada internet; isian tetap tersimpan.',
    en: 'You are offline. A request can be sent once there is internet; what you type is kept.',
  },
  recapInProgress: {
    id: 'Bulan berjalan: angka dapat berubah sampai bulan selesai.',
    en: 'Month in progress: the figures may change until the month ends.',
  },
  noRequests: { id: 'Belum ada pengajuan.', en: 'No requests yet.' },
  reasonLabel: { id: 'Alasan', en: 'Reason' },
  reasonMissing: { id: 'Isi alasannya.', en: 'Write the reason.' },
  attachmentLabel: { id: 'Lampiran', en: 'Attachment' },
  attachmentHint: {
    id: 'PDF, JPG atau PNG, paling besar 2 MB. Foto surat yang lebih besar diperkecil otomatis.',
    en: 'PDF, JPG or PNG, at most 2 MB. A larger photo of a letter is made smaller automatically.',
  },
  optional: { id: 'tidak wajib', en: 'optional' },
  attachmentReading: { id: 'Membaca file…', en: 'Reading the file…' },
  attachmentReady: { id: 'Terlampir: {name} ({size})', en: 'Attached: {name} ({size})' },
  attachmentCompressed: {
    id: 'Foto diperkecil di ponsel agar muat.',
    en: 'The photo was made smaller on the phone to fit.',
  },
  attachmentRemove: { id: 'Hapus lampiran', en: 'Remove the attachment' },
  attachmentBadType: {
    id: 'File harus berupa PDF, JPG atau PNG. Pilih file lain.',
    en: 'The file must be a PDF, JPG or PNG. Choose another file.',
  },
  attachmentTooLarge: {
    id: 'File terlalu besar (paling besar 2 MB). Perkecil PDF-nya atau kirim foto suratnya.',
    en: 'The file is too large (at most 2 MB). Make the PDF smaller or send a photo of the letter.',
  },
  attachmentUnreadable: {
    id: 'File tidak dapat dibaca. Pilih lagi.',
    en: 'The file could not be read. Choose it again.',
  },
  attachmentAgain: {
    id: 'Lampiran tidak ikut tersimpan setelah aplikasi ditutup; pilih lagi bila perlu.',
    en: 'The attachment is not kept after the app is closed; choose it again if needed.',
  },

  // Leave and permission requests
  leaveTitle: { id: 'Ajukan cuti atau izin', en: 'Ask for leave or a permission' },
  leaveType: { id: 'Jenis', en: 'Type' },
  leaveTypeChoose: { id: 'Pilih jenis cuti atau izin', en: 'Choose the kind of leave or permission' },
  leaveTypeMissing: { id: 'Pilih jenis cuti atau izin.', en: 'Choose the kind of leave or permission.' },
  leaveTypesOffline: {
    id: 'Daftar jenis cuti perlu internet untuk dimuat pertama kali.',
    en: 'The list of leave types needs internet the first time.',
  },
  leaveFrom: { id: 'Dari tanggal', en: 'From' },
  leaveTo: { id: 'Sampai tanggal', en: 'To' },
  leaveDays: { id: '{n} hari kalender', en: '{n} calendar {n|day|days}' },
  leaveMaxWorking: { id: 'Paling lama {n} hari kerja.', en: 'At most {n} working {n|day|days}.' },
  leaveMaxCalendar: { id: 'Paling lama {n} hari.', en: 'At most {n} {n|day|days}.' },
  leaveDocNeeded: { id: 'Perlu lampiran: {doc}.', en: 'Needs a document: {doc}.' },
  leaveDocAfter: {
    id: 'Perlu lampiran ({doc}) bila lebih dari {n} hari.',
    en: 'Needs a document ({doc}) for more than {n} {n|day|days}.',
  },
  leaveDocNone: { id: 'Tidak perlu lampiran.', en: 'No document needed.' },
  leaveCountsPresent: { id: 'Dihitung hadir.', en: 'Counts as present.' },
  leaveNotPresent: {
    id: 'Tidak dihitung hadir; potongan mengikuti aturan daerah.',
    en: 'Does not count as present; deductions follow the regional rules.',
  },
  rangeMissing: { id: 'Isi tanggal mulai dan tanggal selesai.', en: 'Fill in the start and end dates.' },
  rangeOrder: {
    id: 'Tanggal selesai tidak boleh sebelum tanggal mulai.',
    en: 'The end date cannot be before the start date.',
  },
  myLeaveRequests: { id: 'Pengajuan cuti dan izin saya', en: 'My leave and permission requests' },
  detailMaxDays: {
    id: 'Lebih lama dari batas jenis ini. Perpendek rentang tanggalnya.',
    en: 'Longer than this type allows. Shorten the dates.',
  },
  detailNotApplicable: {
    id: 'Jenis ini tidak berlaku untuk status kepegawaian Anda.',
    en: 'This type does not apply to your kind of employment.',
  },
  detailUnknownType: { id: 'Jenis ini tidak dikenal server.', en: 'The server does not know this type.' },

  // Leave types (the catalogue's own names are Indonesian; English here)
  leave_cuti_tahunan: { id: 'Cuti tahunan', en: 'Annual leave' },
  leave_cuti_besar: { id: 'Cuti besar', en: 'Long service leave' },
  leave_cuti_sakit: { id: 'Cuti sakit', en: 'Sick leave' },
  leave_cuti_melahirkan: { id: 'Cuti melahirkan', en: 'Maternity leave' },
  leave_cuti_alasan_penting: { id: 'Cuti karena alasan penting', en: 'Leave for important reasons' },
  leave_cuti_bersama: { id: 'Cuti bersama', en: 'Collective leave' },
  leave_izin: { id: 'Izin (tidak masuk dengan alasan sah)', en: 'Permission (absent for a valid reason)' },
  leave_sakit: { id: 'Sakit (izin sakit singkat)', en: 'Sick (short sick permission)' },
  leave_dinas_luar: { id: 'Dinas luar / tugas kedinasan', en: 'Official duty outside the office' },
  leave_tugas_belajar: { id: 'Tugas belajar', en: 'Study assignment' },
  leave_wfh: { id: 'Bekerja dari rumah', en: 'Working from home' },

  // Documents a leave type asks for
  doc_none: { id: 'tanpa dokumen', en: 'no document' },
  doc_surat_keterangan_dokter: { id: 'surat keterangan dokter', en: "a doctor's letter" },
  doc_surat_keterangan_dokter_bidan: {
    id: 'surat keterangan dokter atau bidan',
    en: "a doctor's or midwife's letter",
  },
  doc_surat_tugas: { id: 'surat tugas', en: 'a letter of assignment' },
  doc_surat_keterangan_alasan: { id: 'surat keterangan alasan', en: 'a letter stating the reason' },
  doc_sk_tugas_belajar: { id: 'SK tugas belajar', en: 'the study assignment decree' },
  doc_persetujuan_atasan: { id: 'persetujuan atasan', en: "your superior's approval" },

  // Correction requests
  correctionTitle: { id: 'Ajukan koreksi absen', en: 'Ask for an attendance correction' },
  correctionHint: {
    id: 'Misalnya lupa absen pulang, atau aplikasi gagal saat Anda absen. Admin unit memeriksa dan memutuskan.',
    en: 'For example you forgot to check out, or the app failed when you checked in. Your unit admin reviews it.',
  },
  presetForgotIn: { id: 'Lupa absen masuk', en: 'Forgot to check in' },
  presetForgotOut: { id: 'Lupa absen pulang', en: 'Forgot to check out' },
  presetAppFailed: { id: 'Aplikasi gagal', en: 'The app failed' },
  presetAppFailedText: {
    id: 'Aplikasi gagal saat absen',
    en: 'The app failed when I tried to check in or out',
  },
  correctionDate: { id: 'Tanggal', en: 'Date' },
  correctionKind: { id: 'Absen yang dikoreksi', en: 'Punch to correct' },
  correctionTime: { id: 'Jam ({zone})', en: 'Time ({zone})' },
  correctionTimeMissing: { id: 'Isi tanggal dan jamnya.', en: 'Fill in the date and time.' },
  correctionFuture: {
    id: 'Waktu koreksi tidak boleh di masa depan.',
    en: 'The corrected time cannot be in the future.',
  },
  evidenceLabel: { id: 'Bukti', en: 'Evidence' },
  myCorrections: { id: 'Pengajuan koreksi saya', en: 'My correction requests' },
  correctionLine: { id: '{kind} · {date} pukul {time}', en: '{kind} · {date} at {time}' },

  // Monthly recap
  recapTitle: { id: 'Rekap bulanan', en: 'Monthly recap' },
  prevMonth: { id: 'Bulan sebelumnya', en: 'Previous month' },
  nextMonth: { id: 'Bulan berikutnya', en: 'Next month' },
  recapDeduction: { id: 'Potongan TPP bulan ini', en: "This month's allowance deduction" },
  recapCapped: { id: 'Dibatasi batas potongan bulanan.', en: 'Capped at the monthly limit.' },
  recapFullCut: {
    id: 'Potongan penuh karena jumlah hari tanpa keterangan.',
    en: 'Full deduction because of the number of days absent without notice.',
  },
  recapWorkingDays: { id: 'Hari kerja', en: 'Working days' },
  recapPresent: { id: 'Hari hadir', en: 'Days present' },
  recapLate: { id: 'Total terlambat', en: 'Total late' },
  recapEarly: { id: 'Total pulang cepat', en: 'Total early leave' },
  minutes: { id: '{n} menit', en: '{n} min' },
  recapByStatus: { id: 'Hari menurut status', en: 'Days by status' },
  recapLedger: { id: 'Rincian harian', en: 'Day by day' },
  recapNoDays: { id: 'Belum ada hari di bulan ini.', en: 'No days in this month yet.' },
  recapYearTk: {
    id: 'Tanpa keterangan sepanjang {year}: {n} hari',
    en: 'Absent without notice in {year}: {n} {n|day|days}',
  },
  recapFromCache: { id: 'Rekap dari kunjungan terakhir.', en: 'The recap from your last visit.' },
  recapRule: { id: 'Aturan potongan: {version}', en: 'Deduction rules: {version}' },
  noDeduction: { id: 'tanpa potongan', en: 'no deduction' },
  whyTk: { id: 'Tanpa keterangan', en: 'Absent without notice' },
  whyMissingIn: { id: 'Tidak absen masuk', en: 'No check-in' },
  whyMissingOut: { id: 'Tidak absen pulang', en: 'No check-out' },
  whyLeaveCut: {
    id: '{type}, hari ke-{n} bulan ini (dipotong setelah {m} hari)',
    en: '{type}, day {n} this month (deducted after {m} {m|day|days})',
  },

  // Day statuses and the month's counts
  status_hadir: { id: 'Hadir', en: 'Present' },
  status_terlambat: { id: 'Terlambat', en: 'Late' },
  status_pulang_cepat: { id: 'Pulang cepat', en: 'Left early' },
  status_terlambat_pulang_cepat: { id: 'Terlambat & pulang cepat', en: 'Late and left early' },
  status_lupa_absen_masuk: { id: 'Lupa absen masuk', en: 'No check-in' },
  status_lupa_absen_pulang: { id: 'Lupa absen pulang', en: 'No check-out' },
  status_tanpa_keterangan: { id: 'Tanpa keterangan (TK)', en: 'Absent without notice (TK)' },
  status_cuti_izin: { id: 'Cuti/izin', en: 'Leave/permission' },
  status_libur: { id: 'Libur', en: 'Day off' },
  status_tanpa_jadwal: { id: 'Tanpa jadwal', en: 'No schedule' },
  status_belum_masuk: { id: 'Belum masuk', en: 'Not checked in yet' },
  status_belum_pulang: { id: 'Belum waktunya pulang', en: 'Not yet time to leave' },
  status_cuti_bersama: { id: 'Cuti bersama', en: 'Collective leave' },

  // Client-side errors (the server's own errors arrive bilingual)
  network: {
    id: 'Tidak dapat menghubungi server. Periksa koneksi internet, lalu coba lagi.',
    en: 'Cannot reach the server. Check your internet connection and try again.',
  },
  notUnderstood: {
    id: 'Server tidak dapat memproses isian ini. Periksa isian Anda lalu coba lagi; jika berulang, muat ulang halaman atau hubungi admin.',
    en: 'The server could not process this. Check what you entered and try again; if it keeps happening, reload the page or contact your admin.',
  },
  formFix: { id: 'Ada isian yang perlu diperbaiki:', en: 'Some fields need fixing:' },
  lockedOutMinutes: {
    id: 'Terlalu banyak percobaan masuk yang salah. Demi keamanan akun, coba lagi dalam {n} menit.',
    en: 'Too many failed sign-in attempts. To protect your account, try again in {n} {n|minute|minutes}.',
  },
  lockedOutSeconds: {
    id: 'Terlalu banyak percobaan masuk yang salah. Demi keamanan akun, coba lagi dalam {n} detik.',
    en: 'Too many failed sign-in attempts. To protect your account, try again in {n} {n|second|seconds}.',
  },
  timeout: {
    id: 'Server tidak menjawab tepat waktu. Coba lagi sebentar lagi.',
    en: 'The server did not answer in time. Try again shortly.',
  },
  badResponse: {
    id: 'Jawaban server tidak dikenali. Coba lagi; jika berulang, hubungi admin.',
    en: 'The server gave an unexpected answer. Try again; if it keeps happening, contact your admin.',
  },

  // Location errors, with how to allow location on the two common phones
  geoDenied: {
    id:
      'Izin lokasi ditolak. Hadir perlu lokasi untuk absen. ' +
      'Android (Chrome): ketuk ikon di kiri alamat situs → Izin → Lokasi → Izinkan, lalu muat ulang halaman. ' +
      'iPhone (Safari): buka Pengaturan → Privasi & Keamanan → Layanan Lokasi, nyalakan, lalu Situs Web Safari → ' +
      'Saat Menggunakan App; kemudian di Safari ketuk ikon aA di bilah alamat → Pengaturan Situs Web → Lokasi → Izinkan.',
    en:
      'Location permission was denied. Hadir needs your location to check in. ' +
      'Android (Chrome): tap the icon left of the site address → Permissions → Location → Allow, then reload the page. ' +
      'iPhone (Safari): open Settings → Privacy & Security → Location Services, turn it on, then Safari Websites → ' +
      'While Using the App; then in Safari tap the aA icon in the address bar → Website Settings → Location → Allow.',
  },
  geoUnavailable: {
    id:
      'Lokasi tidak dapat ditentukan. Nyalakan Lokasi/GPS di ponsel ' +
      '(Android: tarik panel atas → Lokasi; iPhone: Pengaturan → Privasi & Keamanan → Layanan Lokasi), ' +
      'pindah ke tempat terbuka atau dekat jendela, lalu coba lagi.',
    en:
      "Your location could not be determined. Turn on the phone's Location/GPS " +
      '(Android: pull down the top panel → Location; iPhone: Settings → Privacy & Security → Location Services), ' +
      'move to an open spot or near a window, and try again.',
  },
  geoTimeout: {
    id:
      'Lokasi terlalu lama didapat. Pastikan Lokasi/GPS menyala (Android: mode akurasi tinggi), ' +
      'pindah ke tempat terbuka, lalu coba lagi.',
    en:
      'Getting your location took too long. Make sure Location/GPS is on (Android: high accuracy mode), ' +
      'move to an open spot, and try again.',
  },
  geoUnsupported: {
    id: 'Browser ini tidak dapat memberi lokasi. Pakai Chrome (Android) atau Safari (iPhone) versi terbaru.',
    en: 'This browser cannot provide a location. Use an up-to-date Chrome (Android) or Safari (iPhone).',
  },
  geoInsecure: {
    id: 'Lokasi hanya tersedia lewat sambungan aman. Buka Hadir dengan alamat https://.',
    en: 'Location is only available over a secure connection. Open Hadir with an https:// address.',
  },
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof STRINGS;

/** The message `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return fill(STRINGS[key][lang], params);
}

/** Whether `key` names a message (for keys built from codes the server sends). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(STRINGS, key);
}

/** One side of a bilingual message (e.g. a server error body's `message`). */
export function pick(lang: Lang, text: Bilingual): string {
  return text[lang];
}

/** The bilingual pair for `key` (placeholders filled from `params`), for messages shown later in either language. */
export function both(key: MessageKey, params?: Record<string, string | number>): Bilingual {
  return params === undefined ? STRINGS[key] : { id: t('id', key, params), en: t('en', key, params) };
}

/**
 * `template` with its `{name}` placeholders filled from `params` (unknown names stay as
 * they are). `{n|minute|minutes}` is the word for the count `n`: the first form for
 * exactly 1, the second for every other number (English; Bahasa Indonesia needs none).
 */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(
    /\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g,
    (whole, name: string, one?: string, other?: string) => {
      const v = params[name];
      if (v === undefined) return whole;
      if (one !== undefined && other !== undefined) return Number(v) === 1 ? one : other;
      return String(v);
    },
  );
}

/** The BCP 47 locale for dates and numbers. */
export function localeOf(lang: Lang): string {
  return lang === 'id' ? 'id-ID' : 'en-GB';
}

/** A distance in metres as people say it: "85 m", "1,2 km" / "1.2 km". */
export function formatDistance(lang: Lang, metres: number): string {
  if (metres < 1000) return `${Math.round(metres)} m`;
  const km = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: metres < 10_000 ? 1 : 0 });
  return `${km.format(metres / 1000)} km`;
}

/** A calendar date 'YYYY-MM-DD' as "Senin, 2 Maret 2026" / "Monday, 2 March 2026". */
export function formatDate(lang: Lang, date: string, style: 'long' | 'short' = 'long'): string {
  const [y, m, d] = date.split('-').map(Number);
  const utc = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  return new Intl.DateTimeFormat(localeOf(lang), {
    timeZone: 'UTC',
    weekday: style === 'long' ? 'long' : 'short',
    day: 'numeric',
    month: style === 'long' ? 'long' : 'short',
    ...(style === 'long' ? { year: 'numeric' } : {}),
  }).format(utc);
}

/** 'HH:MM:SS' → 'HH:MM'. */
export function shortTime(time: string): string {
  return time.slice(0, 5);
}

const LANG_KEY = 'hadir.lang';

/** The remembered language; Bahasa Indonesia when none was chosen. */
export function loadLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Private mode or storage full: the choice lasts for this visit only.
  }
}
