/**
 * Every word the kiosk shows, Bahasa Indonesia first and English beneath it: a shared
 * tablet has no "my language" setting, so both stand on the screen together.
 */
import { STRINGS } from '../src/i18n.js';
import type { Bilingual } from '../src/i18n.js';

export const K = {
  title: { id: 'Kios Presensi', en: 'Attendance kiosk' },
  loading: { id: 'Memuat…', en: 'Loading…' },
  enrolTitle: { id: 'Daftarkan tablet ini sebagai kios', en: 'Enrol this tablet as a kiosk' },
  enrolHelp: {
    id: 'Admin membuat kode pendaftaran di konsol (Kios → Tambah kios). Kode hanya berlaku sekali, selama 24 jam.',
    en: 'An admin makes an enrolment code in the console (Kiosks → Add kiosk). The code works once, for 24 hours.',
  },
  enrolCode: { id: 'Kode pendaftaran', en: 'Enrolment code' },
  enrolSubmit: { id: 'Daftarkan kios', en: 'Enrol kiosk' },
  enrolBusy: { id: 'Mendaftarkan…', en: 'Enrolling…' },
  enrolOffline: {
    id: 'Pendaftaran perlu internet. Sambungkan tablet lalu coba lagi.',
    en: 'Enrolment needs the internet. Connect the tablet and try again.',
  },
  nip: { id: 'NIP atau nomor pegawai', en: 'NIP or staff number' },
  nipHint: { id: 'Atau pindai kartu pegawai Anda.', en: 'Or scan your ID card.' },
  pin: { id: 'PIN', en: 'PIN' },
  checkIn: { id: 'Masuk', en: 'Check in' },
  checkOut: { id: 'Pulang', en: 'Check out' },
  backspace: { id: 'Hapus', en: 'Delete' },
  clear: { id: 'Ulang', en: 'Clear' },
  missingNip: { id: 'Ketik NIP atau nomor pegawai Anda.', en: 'Type your NIP or staff number.' },
  badPin: { id: 'PIN terdiri dari 6 sampai 8 angka.', en: 'The PIN is 6 to 8 digits.' },
  saved: { id: 'Tersimpan', en: 'Saved' },
  savedIn: { id: 'Masuk pukul {time}', en: 'Check-in at {time}' },
  savedOut: { id: 'Pulang pukul {time}', en: 'Check-out at {time}' },
  willSend: {
    id: 'Tersimpan di kios; dikirim otomatis saat jaringan tersedia.',
    en: 'Saved on the kiosk; sent automatically when the network is there.',
  },
  stored: { id: 'Tercatat di server', en: 'Recorded by the server' },
  // The review notices are the phone's own words (web/src/i18n.ts), so both say the same.
  reviewPending: STRINGS.reviewPendingTime,
  reviewRejected: STRINGS.reviewRejectedByRules,
  refused: { id: 'Ditolak', en: 'Refused' },
  saveFailed: {
    id: 'Absen tidak tersimpan di tablet. Ketik ulang lalu tekan lagi.',
    en: 'The punch was not saved on the tablet. Type again and press again.',
  },
  online: { id: 'Terhubung', en: 'Online' },
  offline: { id: 'Tanpa jaringan', en: 'Offline' },
  waiting: { id: '{n} absen menunggu dikirim', en: '{n} punches waiting to be sent' },
  allSent: { id: 'Semua absen sudah terkirim', en: 'Every punch has been sent' },
  revoked: {
    id: 'Kios ini sudah dicabut oleh admin. Absen tidak dapat lagi dikirim dari tablet ini.',
    en: 'This kiosk was revoked by an admin. No more punches can be sent from this tablet.',
  },
  unknownKiosk: {
    id: 'Server tidak mengenal kios ini. Daftarkan ulang tablet dengan kode baru dari admin.',
    en: 'The server does not know this kiosk. Enrol the tablet again with a new code from your admin.',
  },
  enrolAgain: { id: 'Daftarkan ulang', en: 'Enrol again' },
  selfieNote: {
    id: 'Unit ini meminta foto: wajah Anda difoto saat menekan Masuk atau Pulang.',
    en: 'This unit asks for a photo: your face is photographed when you press Check in or Check out.',
  },
  cameraOff: {
    id: 'Kamera tidak tersedia; absen tetap dicatat tanpa foto.',
    en: 'The camera is not available; punches are still recorded, without a photo.',
  },
} as const satisfies Record<string, Bilingual>;

/** Both sides of `s` with `{name}` placeholders filled in. */
export function fill(s: Bilingual, vars: Record<string, string | number>): Bilingual {
  const f = (t: string) => t.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  return { id: f(s.id), en: f(s.en) };
}

/** HH:MM of instant `ms` in `zone`. */
export function clockTime(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('hour')}:${get('minute')}`;
}

/** The prefix of the QR code printed on an ID card: `hadir:card:<secret>`. */
export const CARD_PREFIX = 'hadir:card:';

/**
 * Who a typed or scanned identifier names: the card secret after {@link CARD_PREFIX}
 * (a QR reader types it like a keyboard), else a NIP or staff number.
 */
export function whoOf(typed: string): { card: string } | { nip: string } {
  const t = typed.trim();
  return t.toLowerCase().startsWith(CARD_PREFIX) ? { card: t.slice(CARD_PREFIX.length) } : { nip: t };
}
