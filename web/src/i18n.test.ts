import { describe, expect, it } from 'vitest';
import { formatDate, formatDistance, t } from './i18n.js';

describe('i18n', () => {
  it('fills placeholders in both languages', () => {
    expect(t('id', 'lateBy', { n: 11 })).toBe('Terlambat 11 menit');
    expect(t('en', 'lateBy', { n: 11 })).toBe('Late by 11 minutes');
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
