/** Times and numbers as the console shows them. */
import { localeOf, type Lang } from '../src/i18n.js';

/** 'HH:MM' of an instant in a zone, 24-hour clock. */
export function hm(iso: string | number, zone: string): string {
  const d = typeof iso === 'number' ? new Date(iso) : new Date(iso);
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** 'HH:MM' of a minute of the day. */
export function minuteLabel(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** WIB, WITA or WIT for an Indonesian zone. */
export function zoneLabel(zone: string): string {
  return zone === 'Asia/Makassar' ? 'WITA' : zone === 'Asia/Jayapura' ? 'WIT' : 'WIB';
}

/** A whole number with the locale's grouping ("10.000" / "10,000"). */
export function num(lang: Lang, n: number): string {
  return new Intl.NumberFormat(localeOf(lang)).format(n);
}

/** A share as a percentage with one decimal ("35,5%"), or "–" when there is no whole. */
export function pct(lang: Lang, part: number, whole: number): string {
  if (whole === 0) return '–';
  return `${new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format((part / whole) * 100)}%`;
}

/** Today's date 'YYYY-MM-DD' in a zone. */
export function todayIn(zone: string, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now));
}
