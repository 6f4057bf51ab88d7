/**
 * Today: the date and schedule, where the phone is relative to the work locations (with
 * its accuracy), the selfie, and the one button. A press is saved on the phone first
 * and said so; the list below follows each punch until the server has answered.
 * Without network the last known schedule and locations are used.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Position, PunchKind, Zone } from '../../../core/model.js';
import { zoneAbbreviation } from '../../../core/time.js';
import type { TodayResponse } from '../../../core/wire.js';
import { getToday } from '../api.js';
import { isTransient } from '../outbox/transport.js';
import { errorText } from '../errors.js';
import { getPosition } from '../geolocation.js';
import { formatDate, formatDistance, pick, shortTime, t, type Bilingual, type Lang } from '../i18n.js';
import { nearestLocation } from '../nearest.js';
import { pressQuestion, type PressQuestion } from '../press-guard.js';
import { useOnline } from '../online.js';
import { statusValue } from '../outbox/wait-text.js';
import { clock, type OutboxClient } from '../outbox/client.js';
import { isWaiting, type OutboxItem } from '../outbox/outbox.js';
import type { Selfie } from '../outbox/selfie.js';
import { PunchList, PunchState, clockTime } from './punches.js';
import { SelfieCard } from './selfie.js';

type Busy = 'locating' | 'saving' | null;

/** Accuracy worse than this gets a hint to move to an open spot. */
const POOR_ACCURACY_M = 50;

const todayKey = (accountId: number) => `hadir.today.${accountId}`;

function loadCachedToday(accountId: number): TodayResponse | null {
  try {
    const raw = localStorage.getItem(todayKey(accountId));
    return raw === null ? null : (JSON.parse(raw) as TodayResponse);
  } catch {
    return null;
  }
}

function cacheToday(accountId: number, r: TodayResponse): void {
  try {
    localStorage.setItem(todayKey(accountId), JSON.stringify(r));
  } catch {
    // Storage full: the page still works online.
  }
}

/** Minutes of the day (site zone) of an instant. */
function minuteOfDay(ms: number, zone: Zone): number {
  const [h, m] = clockTime(ms, zone).split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * The last press on this page (monotonic ms, performance.now): a second tap soon after
 * is asked about. Kept per page life, so switching tabs does not forget it.
 */
let lastPress: { accountId: number; kind: PunchKind; at: number } | null = null;

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function HomeScreen({ lang, outbox }: { lang: Lang; outbox: OutboxClient }) {
  const [today, setToday] = useState<TodayResponse | null>(() => loadCachedToday(outbox.accountId));
  const [fresh, setFresh] = useState(false);
  const [loadError, setLoadError] = useState<Bilingual | null>(null);
  const [skewMin, setSkewMin] = useState(0);
  const [position, setPosition] = useState<Position | null>(null);
  const [geoError, setGeoError] = useState<Bilingual | null>(null);
  const [locating, setLocating] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [pressError, setPressError] = useState<Bilingual | null>(null);
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [lastId, setLastId] = useState<string | null>(null);
  const [selfie, setSelfie] = useState<Selfie | null>(null);
  const [sending, setSending] = useState(false);
  const [, setTick] = useState(0);
  /** The question asked before a press that may be a mistake (press-guard.ts). */
  const [question, setQuestion] = useState<{ kind: PunchKind; q: PressQuestion } | null>(null);
  const [cancelled, setCancelled] = useState(false);
  /** The press waiting for the selfie the unit requires. */
  const [selfieFor, setSelfieFor] = useState<PunchKind | null>(null);
  /** Set from the first tap until the press is saved: a second tap meanwhile does nothing. */
  const pressing = useRef(false);
  const online = useOnline();
  // The phone is online but the last load found no server (down, or not answering).
  const [unreachable, setUnreachable] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const selfieRef = useRef<HTMLDivElement>(null);

  async function loadToday() {
    try {
      const named = outbox.deviceId;
      const sentAt = performance.now();
      const r = await getToday(named);
      clock.remember(r.anchor, { sentAt, receivedAt: performance.now() });
      // Minutes the phone's clock is off the server's (shown; captures carry it too).
      setSkewMin(Math.round((Date.now() - Date.parse(r.serverTime)) / 60_000));
      // Only an answer about the key this phone holds now says anything about it.
      if (named !== undefined && named === outbox.deviceId) void outbox.deviceSeen(r.device?.status ?? null);
      cacheToday(outbox.accountId, r);
      setToday(r);
      setFresh(true);
      setUnreachable(false);
      setLoadError(null);
    } catch (e) {
      setFresh(false);
      const transient = isTransient(e);
      setUnreachable(transient);
      setLoadError(transient ? null : errorText(e));
    }
  }

  async function locate() {
    setLocating(true);
    try {
      setPosition(await getPosition({ maxAgeMs: 30_000 }));
      setGeoError(null);
    } catch (e) {
      setGeoError(errorText(e));
    } finally {
      setLocating(false);
    }
  }

  async function refreshItems() {
    try {
      setItems(await outbox.items());
    } catch {
      // IndexedDB unavailable: nothing to list.
    }
  }

  useEffect(() => {
    void (async () => {
      // The first sign-in on this phone enrols it (needs the network once).
      if (outbox.deviceStatus === null) await outbox.enrol();
      await loadToday();
    })();
    void locate();
    void refreshItems();
    let answered = items.filter((i) => i.state === 'accepted').length;
    const off = outbox.subscribe(() => {
      setTick((n) => n + 1);
      void outbox.items().then((next) => {
        setItems(next);
        // A punch got its answer: today's status changed on the server.
        const now = next.filter((i) => i.state === 'accepted').length;
        if (now > answered) void loadToday();
        answered = now;
      });
    });
    return off;
  }, [outbox]);

  // Back online without a reload: the banner goes, and today's status is fetched again.
  useEffect(() => {
    if (online && !fresh) void loadToday();
  }, [online]);

  useEffect(() => {
    if (lastId !== null || pressError !== null) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [lastId, pressError]);

  useEffect(() => {
    if (selfieFor !== null) selfieRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selfieFor]);

  /** A tap on the main button: asks first when the press may be a mistake. */
  function tap(kind: PunchKind) {
    if (pressing.current || busy !== null || today === null) return;
    setCancelled(false);
    setPressError(null);
    const q = pressQuestion({
      kind,
      day: today.schedule?.day ?? null,
      minute: minuteOfDay(clock.captureTime().estimateMs, today.zone),
      lastPress: lastPress?.accountId === outbox.accountId ? lastPress : null,
      now: performance.now(),
    });
    if (q !== null) {
      setQuestion({ kind, q });
      return;
    }
    proceed(kind);
  }

  /** The press itself, after any question; a unit that requires a selfie gets it first. */
  function proceed(kind: PunchKind) {
    setQuestion(null);
    if (today?.selfieRequired === true && selfie === null) {
      setSelfieFor(kind);
      return;
    }
    void press(kind, selfie);
  }

  function selfieTaken(s: Selfie | null) {
    setSelfie(s);
    if (s !== null && selfieFor !== null) {
      const kind = selfieFor;
      setSelfieFor(null);
      void press(kind, s);
    }
  }

  async function press(kind: PunchKind, photo: Selfie | null) {
    if (pressing.current) return;
    pressing.current = true;
    setBusy('locating');
    setPressError(null);
    try {
      const item = await outbox.press(kind, photo ?? undefined);
      lastPress = { accountId: outbox.accountId, kind, at: performance.now() };
      // The outbox transaction has completed: only now is the punch "saved".
      setLastId(item.id);
      setSelfie(null);
      setPosition(item.capture.location);
      setGeoError(null);
      await refreshItems();
    } catch (e) {
      setPressError(errorText(e));
    } finally {
      pressing.current = false;
      setBusy(null);
    }
  }

  async function sendNow() {
    setSending(true);
    try {
      await outbox.trigger('manual');
    } finally {
      setSending(false);
    }
  }

  if (today === null) {
    return (
      <section class="card">
        {loadError ? (
          <>
            <p class="error" role="alert">
              {pick(lang, loadError)}
            </p>
            <button type="button" class="secondary" onClick={() => void loadToday()}>
              {t(lang, 'retry')}
            </button>
          </>
        ) : (
          <p class="muted">{t(lang, 'loading')}</p>
        )}
      </section>
    );
  }

  const zone = zoneAbbreviation(today.zone);
  const day = today.schedule?.day ?? null;
  const firstIn = today.punches.find((p) => p.kind === 'in') ?? null;
  const lastOut = [...today.punches].reverse().find((p) => p.kind === 'out') ?? null;
  const nearest = position ? nearestLocation(position, today.locations) : null;
  // A punch still on the phone counts for what the next press should be.
  const pending = items.filter(isWaiting);
  const latestPending = pending[pending.length - 1];
  const nextKind: PunchKind = latestPending
    ? latestPending.capture.kind === 'in'
      ? 'out'
      : 'in'
    : today.nextKind;
  const buttonLabel = nextKind === 'in' ? t(lang, 'checkIn') : t(lang, 'checkOut');
  // A punch waiting on the phone is shown on the card too, said to be on the phone.
  const waitingIn = firstIn ? undefined : pending.find((i) => i.capture.kind === 'in');
  const waitingOut = [...pending].reverse().find((i) => i.capture.kind === 'out');
  const timeOnPhone = (i: OutboxItem) => clockTime(Date.parse(i.capture.capturedAt), today.zone);
  const reason = outbox.waitReason();
  const last = items.find((i) => i.id === lastId) ?? null;
  const others = items.filter((i) => i.id !== lastId);
  const nowEstimate = clock.captureTime().estimateMs;
  const windowHint = day ? outsideWindow(nextKind, day, minuteOfDay(nowEstimate, today.zone)) : null;

  return (
    <>
      <section class="card" aria-labelledby="today-date">
        <h1 id="today-date" class="date">
          {formatDate(lang, today.date)}
        </h1>
        {(!online || unreachable) && (
          <p class="note" data-part="offline">
            {t(lang, online ? 'serverUnreachable' : 'offline')}
            {fresh ? '' : ` ${t(lang, 'lastKnownSchedule')}`}
          </p>
        )}
        {loadError && (
          <p class="error" role="alert">
            {pick(lang, loadError)}
          </p>
        )}
        {today.schedule === null ? (
          <p class="muted">{t(lang, 'noSchedule')}</p>
        ) : day === null ? (
          <p>{t(lang, 'dayOff')}</p>
        ) : (
          <div class="schedule">
            <p class="hours">
              {t(lang, 'workHours', { start: day.start, end: day.end })} {zone}
            </p>
            <p class="muted small">
              {today.schedule.name} ·{' '}
              {t(lang, 'checkInWindow', { from: day.checkInFrom, until: day.checkInUntil })} ·{' '}
              {t(lang, 'checkOutWindow', { from: day.checkOutFrom, until: day.checkOutUntil })}
            </p>
          </div>
        )}
        <dl class="status" aria-label={t(lang, 'status')}>
          <div>
            <dt>{t(lang, 'statusIn')}</dt>
            <dd data-part="status-in">
              {statusValue(lang, firstIn ? shortTime(firstIn.localTime) : null, waitingIn, timeOnPhone)}
            </dd>
          </div>
          <div>
            <dt>{t(lang, 'statusOut')}</dt>
            <dd data-part="status-out">
              {statusValue(
                lang,
                waitingOut ? null : lastOut ? shortTime(lastOut.localTime) : null,
                waitingOut,
                timeOnPhone,
              )}
            </dd>
          </div>
        </dl>
        {fresh && Math.abs(skewMin) >= 2 && (
          <p class="note">{t(lang, 'clockSkew', { n: Math.abs(skewMin) })}</p>
        )}
        {!clock.hasAnchor() && (
          <p class="note" data-part="time-unverified">
            {t(lang, 'timeUnverified')}
          </p>
        )}
        {outbox.deviceStatus === 'pending' && (
          <p class="note" data-part="device-pending">
            {t(lang, 'devicePending')}
          </p>
        )}
        {outbox.deviceStatus === null && fresh && (
          <p class="note" data-part="device-missing">
            {t(lang, 'deviceNotEnrolled')}
          </p>
        )}
      </section>

      {windowHint && (
        <p class="note" data-part="window">
          {t(lang, 'outsideWindowHint', {
            kind: t(lang, nextKind === 'in' ? 'kindIn' : 'kindOut').toLowerCase(),
            ...windowHint,
          })}
        </p>
      )}
      {question ? (
        <section class="card confirm" role="alertdialog" aria-labelledby="confirm-text" data-part="confirm">
          <p id="confirm-text">{questionText(lang, question.q)}</p>
          {/* "Cancel" first, where the main button was: a hurried second tap lands on it. */}
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setQuestion(null);
              setCancelled(true);
            }}
          >
            {t(lang, 'confirmCancel')}
          </button>
          <button type="button" class="primary" onClick={() => proceed(question.kind)}>
            {t(lang, question.kind === 'in' ? 'confirmIn' : 'confirmOut')}
          </button>
        </section>
      ) : (
        <button
          type="button"
          class={`punch ${nextKind === 'in' ? 'punch-in' : 'punch-out'}`}
          disabled={busy !== null}
          onClick={() => tap(nextKind)}
        >
          {busy === 'locating' ? t(lang, 'gettingFix') : busy === 'saving' ? t(lang, 'saving') : buttonLabel}
        </button>
      )}
      {cancelled && (
        <p class="muted small" data-part="cancelled">
          {t(lang, 'confirmCancelled')}
        </p>
      )}

      <div ref={resultRef}>
        {pressError && (
          <div class="error card" role="alert">
            <p>{pick(lang, pressError)}</p>
          </div>
        )}
        {last && (
          <section class={`card verdict ${last.state}`} role="status" aria-live="polite">
            <PunchState lang={lang} item={last} zone={today.zone} reason={reason} />
          </section>
        )}
      </div>

      <div ref={selfieRef}>
        <SelfieCard
          lang={lang}
          required={today.selfieRequired}
          selfie={selfie}
          onChange={selfieTaken}
          ask={selfieFor !== null}
          onSkip={() => {
            const kind = selfieFor;
            setSelfieFor(null);
            if (kind !== null) void press(kind, null);
          }}
        />
      </div>

      <section class="card" aria-labelledby="loc-title">
        <h2 id="loc-title">{t(lang, 'location')}</h2>
        {today.locations.length === 0 ? (
          <p class="muted">{t(lang, 'noLocations')}</p>
        ) : geoError ? (
          <p class="error" role="alert">
            {pick(lang, geoError)}
          </p>
        ) : position === null || nearest === null ? (
          <p class="muted">{t(lang, 'locating')}</p>
        ) : (
          <div class="where" data-inside={nearest.distanceM === 0 || nearest.byAccuracy}>
            <p class="place">
              {nearest.distanceM === 0
                ? t(lang, 'insideNow', { name: nearest.location.name })
                : nearest.byAccuracy
                  ? t(lang, 'insideByAccuracy', {
                      name: nearest.location.name,
                      dist: formatDistance(lang, nearest.distanceM),
                    })
                  : t(lang, 'nearestIs', {
                      name: nearest.location.name,
                      dist: formatDistance(lang, nearest.distanceM),
                    })}
            </p>
            <p class="muted small">
              {t(lang, 'accuracy', { dist: formatDistance(lang, position.accuracy) })}
              {position.accuracy > POOR_ACCURACY_M ? ` · ${t(lang, 'accuracyPoor')}` : ''}
            </p>
            {nearest.distanceM > 0 && !nearest.byAccuracy && <p class="small">{t(lang, 'outsideHint')}</p>}
          </div>
        )}
        {today.locations.length > 0 && (
          <details class="small">
            <summary>{t(lang, 'yourLocations')}</summary>
            <ul>
              {today.locations.map((l) => (
                <li key={l.id}>
                  {l.name}
                  {position
                    ? ` — ${formatDistance(lang, nearestLocation(position, [l])?.distanceM ?? 0)}`
                    : ''}
                </li>
              ))}
            </ul>
          </details>
        )}
        {today.locations.length > 0 && (
          <button
            type="button"
            class="link"
            disabled={locating || busy !== null}
            onClick={() => void locate()}
          >
            {t(lang, 'refreshLocation')}
          </button>
        )}
      </section>

      {(others.length > 0 || pending.length > 0) && (
        <PunchList
          lang={lang}
          items={others}
          zone={today.zone}
          nextTryAt={outbox.nextTryAt}
          reason={reason}
          sending={sending}
          waitingTotal={pending.length}
          onSendNow={() => void sendNow()}
          onDismiss={(id) => void outbox.dismiss(id).then(refreshItems)}
        />
      )}
    </>
  );
}

/** The question before a press, in words. */
function questionText(lang: Lang, q: PressQuestion): string {
  if (q.reason === 'early') return t(lang, 'confirmEarly', { end: q.end, n: q.earlyMinutes });
  const head = t(lang, q.previous === 'in' ? 'confirmRepeatIn' : 'confirmRepeatOut', { s: q.secondsAgo });
  return q.earlyMinutes > 0 ? `${head} ${t(lang, 'confirmRepeatEarly', { n: q.earlyMinutes })}` : head;
}

/** The window of the next press, when the site's clock is outside it now. */
function outsideWindow(
  kind: PunchKind,
  day: NonNullable<NonNullable<TodayResponse['schedule']>['day']>,
  minute: number,
): { from: string; until: string } | null {
  const from = kind === 'in' ? day.checkInFrom : day.checkOutFrom;
  const until = kind === 'in' ? day.checkInUntil : day.checkOutUntil;
  const a = toMinutes(from);
  const b = toMinutes(until);
  // A window across midnight (night shifts) wraps.
  const inside = a <= b ? minute >= a && minute <= b : minute >= a || minute <= b;
  return inside ? null : { from, until };
}
