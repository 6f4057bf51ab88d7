import { describe, expect, it } from 'vitest';
import { STRINGS, formatDate, formatDistance, t, type MessageKey } from './i18n.js';

describe('i18n', () => {
  it('fills placeholders in both languages', () => {
    expect(t('id', 'lateBy', { n: 11 })).toBe('Terlambat 11 menit');
    expect(t('en', 'lateBy', { n: 11 })).toBe('Late by 11 minutes');
  });

  it('says "1 minute" and "2 minutes" in English; Bahasa Indonesia has one form', () => {
    expect(t('en', 'lateBy', { n: 1 })).toBe('Late by 1 minute');
    expect(t('en', 'lateBy', { n: 2 })).toBe('Late by 2 minutes');
    expect(t('en', 'earlyBy', { n: 1 })).toBe('Early leave by 1 minute');
    expect(t('en', 'leaveDays', { n: 1 })).toBe('1 calendar day');
    expect(t('en', 'recapYearTk', { year: 2026, n: 1 })).toBe('Absent without notice in 2026: 1 day');
    expect(t('en', 'whyLeaveCut', { type: 'Sick', n: 3, m: 1 })).toBe(
      'Sick, day 3 this month (deducted after 1 day)',
    );
    expect(t('id', 'lateBy', { n: 1 })).toBe('Terlambat 1 menit');
  });

  it('no English message with a count says "1 … minutes" or "1 … days"', () => {
    for (const key of Object.keys(STRINGS) as MessageKey[]) {
      const text = t('en', key, { n: 1, m: 1, s: 1 });
      expect(text, key).not.toMatch(/\b1 (\w+ )?(minutes|days|seconds)\b/);
    }
  });

  it('leaves a placeholder visible when its value is missing, rather than printing "undefined"', () => {
    expect(t('en', 'fenceInside')).toBe('Inside {name}');
  });

  it('writes distances as metres below a kilometre and with the local decimal mark above', () => {
    expect(formatDistance('id', 85.4)).toBe('85 m');
    expect(formatDistance('id', 1234)).toBe('1,2 km');
    expect(formatDistance('en', 1234)).toBe('1.2 km');
    expect(formatDistance('en', 23_456)).toBe('23 km');
  });

  it('formats a calendar date without shifting it through the host time zone', () => {
    expect(formatDate('id', '2026-03-02')).toBe('Senin, 2 Maret 2026');
    expect(formatDate('en', '2026-03-02')).toBe('Monday, 2 March 2026');
  });
});

describe('console counts', () => {
  it('are pluralised in English too', async () => {
    const admin = await import('../admin/i18n.js');
    expect(admin.at('en', 'cardYearTk', { year: 2026, n: 1 })).toBe('TK in 2026: 1 day');
    expect(admin.at('en', 'chartSummary', { n: 1, max: 1, time: '07:30' })).toBe(
      '1 check-in; most were 1 person at 07:30.',
    );
    expect(admin.at('en', 'chartSummary', { n: 12, max: 3, time: '07:30' })).toBe(
      '12 check-ins; most were 3 people at 07:30.',
    );
  });
});
