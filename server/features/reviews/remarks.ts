/**
 * What the remarks column (Keterangan) of the daily list, the card and their exports says
 * about a day's reviewed punches (DayStatus.reviews, core/attendance/review.ts), so a
 * BKD officer reading a TK or a missing check-in sees why, and who accepted or rejected
 * an outside punch and on what grounds:
 *
 *   absen masuk 07:20 di luar lokasi, menunggu persetujuan admin
 *   absen masuk 07:20 di luar lokasi diterima oleh admin.dinkes: Rapat di kantor camat
 *   absen pulang 16:05 ditolak oleh Siti Aminah: Tidak ada surat tugas
 *   absen masuk 07:25 dengan waktu belum terverifikasi, menunggu persetujuan admin
 *   absen masuk 07:25 terkirim terlambat, tidak dihitung menurut aturan
 */
import type { DayReview, DayStatus } from '../../../core/attendance/types.js';
import type { Zone } from '../../../core/model.js';
import { localParts } from '../../../core/time.js';

/** Why the punch needed a review, in the words of the remarks. */
const CAUSE_WORDS: Readonly<Record<NonNullable<DayReview['cause']>, string>> = {
  outside_fence: ' di luar lokasi',
  time_unverified: ' dengan waktu belum terverifikasi',
  capture_delayed: ' terkirim terlambat',
  contact_gap: ' tidak terkirim saat ponsel terhubung',
};

function which(r: DayReview, zone: Zone): string {
  const kind = r.kind === 'in' ? 'absen masuk' : 'absen pulang';
  const why = r.cause === null ? '' : CAUSE_WORDS[r.cause];
  return `${kind} ${localParts(r.at, zone).time.slice(0, 5)}${why}`;
}

/** One remark per reviewed punch of the day, in time order (none when there are none). */
export function reviewRemarks(d: Pick<DayStatus, 'reviews'>, zone: Zone): string[] {
  return (d.reviews ?? []).map((r) => {
    switch (r.state) {
      case 'pending':
        return `${which(r, zone)}, menunggu persetujuan admin`;
      case 'accepted':
        return `${which(r, zone)} diterima oleh ${r.by ?? 'admin'}: ${r.reason ?? ''}`;
      case 'rejected':
        // No reviewer: the rule set refuses punches whose time is in doubt (review.ts).
        if (r.by === null) return `${which(r, zone)}, tidak dihitung menurut aturan`;
        return `${which(r, zone)} ditolak oleh ${r.by}: ${r.reason ?? ''}`;
    }
  });
}
