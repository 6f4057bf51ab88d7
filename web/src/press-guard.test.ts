import { describe, expect, it } from 'vitest';
import type { ScheduleDayView } from '../../core/wire.js';
import { EARLY_CONFIRM_MINUTES, REPEAT_CONFIRM_MS, earlyMinutes, pressQuestion } from './press-guard.js';

const DAY: ScheduleDayView = {
  start: '07:30',
  end: '16:00',
  checkInFrom: '06:00',
  checkInUntil: '10:00',
  checkOutFrom: '15:00',
  checkOutUntil: '18:00',
};
const NIGHT: ScheduleDayView = {
  start: '21:00',
  end: '07:00',
  checkInFrom: '20:00',
  checkInUntil: '23:00',
  checkOutFrom: '06:00',
  checkOutUntil: '09:00',
};
const at = (hh: number, mm: number) => hh * 60 + mm;

describe('press guard', () => {
  it('counts the minutes a check-out leaves before the end of the day', () => {
    expect(earlyMinutes(DAY, at(7, 47))).toBe(493);
    expect(earlyMinutes(DAY, at(15, 55))).toBe(5);
    expect(earlyMinutes(DAY, at(16, 0))).toBe(0);
    expect(earlyMinutes(DAY, at(17, 30))).toBe(0);
    // A night shift ends the next morning.
    expect(earlyMinutes(NIGHT, at(23, 0))).toBe(480);
    expect(earlyMinutes(NIGHT, at(6, 30))).toBe(30);
    expect(earlyMinutes(NIGHT, at(7, 10))).toBe(0);
  });

  it('asks before a check-out that would leave early by more than a few minutes', () => {
    const q = (minute: number) => pressQuestion({ kind: 'out', day: DAY, minute, lastPress: null, now: 0 });
    expect(q(at(7, 47))).toEqual({ reason: 'early', earlyMinutes: 493, end: '16:00' });
    expect(q(at(16, 0) - EARLY_CONFIRM_MINUTES - 1)).toMatchObject({ reason: 'early', earlyMinutes: 6 });
    // A few minutes early, on time, or late: no question.
    expect(q(at(16, 0) - EARLY_CONFIRM_MINUTES)).toBeNull();
    expect(q(at(16, 0))).toBeNull();
    expect(q(at(17, 45))).toBeNull();
  });

  it('never asks before a check-in, nor without a schedule, unless it follows a press at once', () => {
    expect(pressQuestion({ kind: 'in', day: DAY, minute: at(7, 0), lastPress: null, now: 0 })).toBeNull();
    expect(pressQuestion({ kind: 'out', day: null, minute: at(9, 0), lastPress: null, now: 0 })).toBeNull();
  });

  it('asks about a second tap right after a press (a double tap), whatever the time of day', () => {
    const lastPress = { kind: 'in' as const, at: 100_000 };
    expect(pressQuestion({ kind: 'out', day: DAY, minute: at(7, 41), lastPress, now: 100_400 })).toEqual({
      reason: 'repeat',
      previous: 'in',
      secondsAgo: 1,
      earlyMinutes: 499,
    });
    // After the end of the day a double tap is still asked about.
    expect(
      pressQuestion({ kind: 'out', day: DAY, minute: at(17, 0), lastPress, now: 100_000 + 5_000 }),
    ).toMatchObject({ reason: 'repeat', secondsAgo: 5, earlyMinutes: 0 });
    // A minute later it is a press like any other.
    expect(
      pressQuestion({
        kind: 'out',
        day: DAY,
        minute: at(17, 0),
        lastPress,
        now: 100_000 + REPEAT_CONFIRM_MS,
      }),
    ).toBeNull();
  });
});
