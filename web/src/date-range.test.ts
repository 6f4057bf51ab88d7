import { describe, expect, it } from 'vitest';
import { isMonth, monthOf, rangeDays, rangeProblem, shiftMonth, timeMinutes } from './date-range.js';

describe('date ranges of a leave request', () => {
  it('counts calendar days inclusively, across a month end', () => {
    expect(rangeDays('2026-03-02', '2026-03-02')).toBe(1);
    expect(rangeDays('2026-03-02', '2026-03-06')).toBe(5);
    expect(rangeDays('2026-02-27', '2026-03-02')).toBe(4);
    expect(rangeDays('2028-02-28', '2028-03-01')).toBe(3);
  });

  it('says what is wrong with an unusable range', () => {
    expect(rangeProblem('', '2026-03-02')).toBe('missing');
    expect(rangeProblem('2026-02-30', '2026-03-02')).toBe('missing');
    expect(rangeProblem('2026-03-05', '2026-03-02')).toBe('order');
    expect(rangeDays('2026-03-05', '2026-03-02')).toBeNull();
    expect(rangeProblem('2026-03-02', '2026-03-05')).toBeNull();
  });
});

describe('the month switcher', () => {
  it('steps months across year ends both ways', () => {
    expect(shiftMonth('2026-03', -1)).toBe('2026-02');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-03', 13)).toBe('2027-04');
    expect(shiftMonth('2026-03', 0)).toBe('2026-03');
  });

  it('takes the month of a date and knows a month from a non-month', () => {
    expect(monthOf('2026-03-31')).toBe('2026-03');
    expect(isMonth('2026-03')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-3')).toBe(false);
  });
});

describe('times of a correction', () => {
  it('reads HH:MM as minutes after midnight and refuses anything else', () => {
    expect(timeMinutes('00:00')).toBe(0);
    expect(timeMinutes('16:05')).toBe(965);
    expect(timeMinutes('23:59')).toBe(1439);
    expect(timeMinutes('24:00')).toBeNull();
    expect(timeMinutes('7:30')).toBeNull();
    expect(timeMinutes('')).toBeNull();
  });
});
