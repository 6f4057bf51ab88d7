import { describe, expect, it } from 'vitest';
import { ERRORS, type ErrorCode } from '../../core/errors.js';
import { ApiError } from './api.js';
import { errorText } from './errors.js';
import { correctionProblems } from './screens/correction.js';
import { leaveProblems } from './screens/leave.js';
import { sendFailure } from './screens/request-parts.js';

const refusal = (
  code: ErrorCode,
  opts: { retryAfter?: number; details?: { field: string; reason: string }[] } = {},
) =>
  new ApiError(
    ERRORS[code].status,
    code,
    { id: ERRORS[code].id, en: ERRORS[code].en },
    opts.retryAfter,
    opts.details,
  );

describe('messages a person sees', () => {
  it('no refusal reaches the employee as a note for developers', () => {
    for (const code of Object.keys(ERRORS) as ErrorCode[]) {
      const text = errorText(refusal(code));
      for (const side of [text.id, text.en]) {
        expect(side, code).not.toMatch(
          /"details"|\bdetails\b|kolom yang disebut|JSON|UUID|application\/json/,
        );
      }
    }
    expect(errorText(refusal('invalid_body')).id).toBe(
      'Server tidak dapat memproses isian ini. Periksa isian Anda lalu coba lagi; jika berulang, muat ulang halaman atau hubungi admin.',
    );
  });

  it('says how long the sign-in lock-out lasts, in both languages, with the right plural', () => {
    expect(errorText(refusal('too_many_attempts', { retryAfter: 900 }))).toEqual({
      id: 'Terlalu banyak percobaan masuk yang salah. Demi keamanan akun, coba lagi dalam 15 menit.',
      en: 'Too many failed sign-in attempts. To protect your account, try again in 15 minutes.',
    });
    expect(errorText(refusal('too_many_attempts', { retryAfter: 61 })).en).toContain(
      'try again in 2 minutes.',
    );
    expect(errorText(refusal('too_many_attempts', { retryAfter: 60 })).en).toContain(
      'try again in 1 minute.',
    );
    expect(errorText(refusal('too_many_attempts', { retryAfter: 1 })).en).toContain('try again in 1 second.');
    expect(errorText(refusal('too_many_attempts', { retryAfter: 40 })).id).toContain(
      'coba lagi dalam 40 detik.',
    );
    expect(errorText(refusal('too_many_attempts')).id).not.toContain('beberapa saat');
  });

  it('turns the fields a refused request names into what to fix', () => {
    const lines = sendFailure(
      refusal('invalid_body', { details: [{ field: '/reason', reason: 'minLength' }] }),
    );
    expect(lines.map((l) => l.id)).toEqual(['Ada isian yang perlu diperbaiki:', 'Isi alasannya.']);
    expect(lines.map((l) => l.en)).toEqual(['Some fields need fixing:', 'Write the reason.']);
    // A field the phone does not know gets the general message, never "details".
    const unknown = sendFailure(refusal('invalid_body', { details: [{ field: '/x', reason: 'type' }] }));
    expect(unknown.map((l) => l.en)).toEqual([errorText(refusal('invalid_body')).en]);
  });

  it('drops the problems of a form as its fields are fixed, and keeps those still there', () => {
    const empty = { type: '', from: '', to: '', reason: '' };
    expect(leaveProblems(empty).map((p) => p.en)).toEqual([
      'Choose the kind of leave or permission.',
      'Fill in the start and end dates.',
      'Write the reason.',
    ]);
    const fixed = { ...empty, type: 'cuti_tahunan', from: '2026-03-02', to: '2026-03-03' };
    expect(leaveProblems(fixed).map((p) => p.en)).toEqual(['Write the reason.']);
    expect(leaveProblems({ ...fixed, reason: 'Keperluan keluarga' })).toEqual([]);

    const now = Date.parse('2026-03-02T05:00:00Z');
    const draft = { date: '2026-03-02', kind: 'out', time: '', reason: 'Lupa absen pulang' };
    expect(correctionProblems(draft, 'Asia/Jakarta', now).local.map((p) => p.en)).toEqual([
      'Fill in the date and time.',
    ]);
    expect(correctionProblems({ ...draft, time: '11:30' }, 'Asia/Jakarta', now).local).toEqual([]);
  });
});
