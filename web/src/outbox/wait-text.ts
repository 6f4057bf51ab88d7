/**
 * What the page says about punches still on the phone, honestly: why they wait (no
 * internet, a busy or failing server, a phone awaiting approval — not "when there is
 * internet" when the internet works), whether their time is the server's or only the
 * phone clock's, and when the next try is, counted from now rather than as a clock time
 * read off a phone clock that may be wrong.
 */
import { t, type Lang, type MessageKey } from '../i18n.js';
import type { OutboxItem } from './outbox.js';
import type { WaitReason } from './sync.js';

const REASON_KEY: Record<WaitReason, MessageKey> = {
  network: 'waitNetwork',
  busy: 'waitBusy',
  server: 'waitServer',
  pending: 'waitPending',
};

/** The hint under a saved punch: why it waits, then what its time rests on. */
export function waitingHint(lang: Lang, item: OutboxItem, reason: WaitReason | null): string {
  const why = t(lang, reason === null ? 'waitSoon' : REASON_KEY[reason]);
  const anchored = item.capture.time?.anchor !== undefined;
  return `${why} ${t(lang, anchored ? 'timeKept' : 'timeFromPhoneClock')}`;
}

/** "Will retry in …", from the wait left (ms, same clock as the scheduler's). */
export function nextTryText(lang: Lang, waitMs: number): string {
  if (waitMs < 60_000) return t(lang, 'nextTrySoon');
  const n = Math.ceil(waitMs / 60_000);
  return n === 1 ? t(lang, 'nextTryMinute') : t(lang, 'nextTryMinutes', { n });
}

/** The sign-in screen's line about punches left on the phone, or null when there are none. */
export function loginWaitingText(lang: Lang, count: number): string | null {
  if (count <= 0) return null;
  return count === 1 ? t(lang, 'loginWaitingOne') : t(lang, 'loginWaitingMany', { n: count });
}

/**
 * A status line of today's card: the server's time of that punch, else the time of one
 * still waiting on the phone (said so), else "not yet".
 */
export function statusValue(
  lang: Lang,
  server: string | null,
  waiting: OutboxItem | undefined,
  timeOf: (item: OutboxItem) => string,
): string {
  if (server !== null) return server;
  if (waiting !== undefined) return t(lang, 'statusOnPhone', { time: timeOf(waiting) });
  return t(lang, 'statusNone');
}
