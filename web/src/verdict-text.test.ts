import { describe, expect, it } from 'vitest';
import type { CheckInResponse } from '../../core/wire.js';
import { fenceLine, flagLines, isWarning, recordedLine, timingLines } from './verdict-text.js';

const base: CheckInResponse = {
  id: '01956c3a-5e00-7abc-8def-0123456789ab',
  kind: 'in',
  source: 'app',
  capturedAt: '2026-03-02T00:41:20.000Z',
  receivedAt: '2026-03-02T00:41:21.000Z',
  workDate: '2026-03-02',
  zone: 'Asia/Jakarta',
  localTime: '07:41:20',
  fence: { status: 'inside', locationId: 1, locationName: 'Kantor Bupati', distanceM: 0, byAccuracy: false },
  timing: { window: 'ok', lateMinutes: 0, earlyMinutes: 0, scheduledStart: '07:30', scheduledEnd: '16:00' },
  flags: [],
  timeOfRecord: '2026-03-02T00:41:20.000Z',
  timeSource: 'anchor',
  deviceId: null,
  terminalId: null,
  photo: null,
};

function punch(p: Partial<CheckInResponse>): CheckInResponse {
  return { ...base, ...p };
}

describe('verdict text', () => {
  it('names the location the punch was inside, and the time it was recorded', () => {
    expect(recordedLine('id', base)).toBe('Absen masuk tercatat pukul 07:41');
    expect(fenceLine('id', base)).toBe('Di dalam area Kantor Bupati');
    expect(fenceLine('en', base)).toBe('Inside Kantor Bupati');
    expect(timingLines('id', base)).toEqual(['Tepat waktu']);
    expect(isWarning(base)).toBe(false);
  });

  it('says how far outside the nearest location the punch was', () => {
    const p = punch({ fence: { ...base.fence, status: 'outside', distanceM: 1530 } });
    expect(fenceLine('id', p)).toBe('Di luar area: 1,5 km dari Kantor Bupati');
    expect(fenceLine('en', p)).toBe('Outside: 1.5 km from Kantor Bupati');
    expect(isWarning(p)).toBe(true);
  });

  it('says when the inside verdict came from the GPS accuracy credit', () => {
    const p = punch({ fence: { ...base.fence, distanceM: 30, byAccuracy: true } });
    expect(fenceLine('en', p)).toBe('Inside Kantor Bupati (by GPS accuracy)');
  });

  it('gives lateness for a check-in and early leave for a check-out', () => {
    expect(timingLines('id', punch({ timing: { ...base.timing, lateMinutes: 11 } }))).toEqual([
      'Terlambat 11 menit',
    ]);
    const out = punch({ kind: 'out', localTime: '15:20:00', timing: { ...base.timing, earlyMinutes: 40 } });
    expect(recordedLine('en', out)).toBe('Check-out recorded at 15:20');
    expect(timingLines('en', out)).toEqual(['Early leave by 40 minutes']);
    expect(isWarning(out)).toBe(true);
  });

  it('says when the punch fell outside the window, with the lateness beside it', () => {
    const p = punch({ timing: { ...base.timing, window: 'after_window', lateMinutes: 175 } });
    expect(timingLines('id', p)).toEqual([
      'Di luar jendela absen (terlambat melewati batas)',
      'Terlambat 175 menit',
    ]);
    expect(timingLines('en', punch({ timing: { ...base.timing, window: 'day_off' } }))).toEqual(['Day off']);
  });

  it('tells the employee when a punch is flagged for a missing selfie, and marks it as a warning', () => {
    const p = punch({ flags: ['selfie_missing'] });
    expect(flagLines('id', p)).toEqual([
      'Tanpa swafoto, padahal unit Anda mewajibkannya; akan diperiksa admin.',
    ]);
    expect(flagLines('en', p)).toEqual([
      'No selfie although your unit requires one; your admin will review it.',
    ]);
    expect(isWarning(p)).toBe(true);
    expect(flagLines('en', base)).toEqual([]);
  });

  it('says "Late by 1 minute", not "1 minutes"', () => {
    const p = punch({ timing: { ...base.timing, lateMinutes: 1 } });
    expect(timingLines('en', p)).toEqual(['Late by 1 minute']);
  });

  describe('a punch outside the work site that counts only once an admin accepts it', () => {
    const outside = punch({
      fence: { ...base.fence, status: 'outside', distanceM: 1530 },
      review: { status: 'pending', cause: 'outside_fence', decidedBy: null, reason: null, decidedAt: null },
    });

    it('says so instead of "on time", in both languages', () => {
      expect(timingLines('id', outside)).toEqual([
        'Di luar lokasi kerja: absen ini dihitung setelah disetujui admin',
      ]);
      expect(timingLines('en', outside)).toEqual([
        'Outside your work site: this punch counts once an admin accepts it',
      ]);
      expect(timingLines('id', outside)).not.toContain('Tepat waktu');
      expect(isWarning(outside)).toBe(true);
    });

    it('keeps the lateness beside it: it counts if accepted', () => {
      const late = { ...outside, timing: { ...base.timing, lateMinutes: 11 } };
      expect(timingLines('en', late)).toEqual([
        'Outside your work site: this punch counts once an admin accepts it',
        'Late by 11 minutes',
      ]);
    });

    it('names who accepted it and why, and is no longer a warning', () => {
      const accepted = punch({
        ...outside,
        review: {
          status: 'accepted',
          cause: 'outside_fence',
          decidedBy: 'admin.dinkes',
          reason: 'Rapat di kantor camat',
          decidedAt: '2026-03-02T09:00:00.000Z',
        },
      });
      expect(timingLines('id', accepted)).toEqual([
        'Tepat waktu',
        'Disetujui admin.dinkes: Rapat di kantor camat',
      ]);
      expect(timingLines('en', accepted)).toEqual([
        'On time',
        'Accepted by admin.dinkes: Rapat di kantor camat',
      ]);
      expect(isWarning(accepted)).toBe(false);
    });

    it('says a rejected punch does not count, and why', () => {
      const rejected = punch({
        ...outside,
        review: {
          status: 'rejected',
          cause: 'outside_fence',
          decidedBy: 'admin.dinkes',
          reason: 'Tidak ada surat tugas',
          decidedAt: '2026-03-02T09:00:00.000Z',
        },
      });
      expect(timingLines('id', rejected)).toEqual([
        'Ditolak admin.dinkes: Tidak ada surat tugas. Absen ini tidak dihitung.',
      ]);
      expect(timingLines('en', rejected)).toEqual([
        'Rejected by admin.dinkes: Tidak ada surat tugas. This punch does not count.',
      ]);
      expect(isWarning(rejected)).toBe(true);
    });
  });
});
