/**
 * Today: the date and schedule, what has been recorded, where the phone is relative to
 * the work locations, and the one button. After a press, the server's verdict.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Position } from '../../../core/model.js';
import { zoneAbbreviation } from '../../../core/time.js';
import type { CheckInResponse, TodayResponse } from '../../../core/wire.js';
import { getToday } from '../api.js';
import { capture, type Capture } from '../capture.js';
import { errorText } from '../errors.js';
import { getPosition } from '../geolocation.js';
import { formatDate, formatDistance, pick, shortTime, t, type Bilingual, type Lang } from '../i18n.js';
import { nearestLocation } from '../nearest.js';
import { isRetryable, send } from '../send.js';
import { fenceLine, isWarning, recordedLine, timingLines } from '../verdict-text.js';

type Busy = 'locating' | 'sending' | null;

/** 'HH:MM' of an instant on the wall clock of the work site. */
function clockTime(iso: string, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(Date.parse(iso));
}

/** Accuracy worse than this gets a hint to move to an open spot. */
const POOR_ACCURACY_M = 50;

export function HomeScreen({ lang }: { lang: Lang }) {
  const [today, setToday] = useState<TodayResponse | null>(null);
  const [loadError, setLoadError] = useState<Bilingual | null>(null);
  const [skewMin, setSkewMin] = useState(0);
  const [position, setPosition] = useState<Position | null>(null);
  const [geoError, setGeoError] = useState<Bilingual | null>(null);
  const [locating, setLocating] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [verdict, setVerdict] = useState<CheckInResponse | null>(null);
  const [pressError, setPressError] = useState<Bilingual | null>(null);
  const [unsent, setUnsent] = useState<Capture | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  async function loadToday() {
    try {
      const r = await getToday();
      // Minutes the phone's clock is off the server's; the server refuses captures
      // from the future, so a phone far ahead must be corrected.
      setSkewMin(Math.round((Date.now() - Date.parse(r.serverTime)) / 60_000));
      setToday(r);
      setLoadError(null);
    } catch (e) {
      setLoadError(errorText(e));
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

  useEffect(() => {
    void loadToday();
    void locate();
  }, []);

  // The answer lands below the button; on a small screen bring it into view.
  useEffect(() => {
    if (verdict !== null || pressError !== null) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [verdict, pressError]);

  async function press() {
    if (today === null || busy !== null) return;
    setBusy('locating');
    setVerdict(null);
    setPressError(null);
    setUnsent(null);
    let c: Capture;
    try {
      c = await capture(today.nextKind);
    } catch (e) {
      setPressError(errorText(e));
      setBusy(null);
      return;
    }
    setPosition(c.location);
    setGeoError(null);
    await deliver(c);
  }

  /** Sends a capture; one that could not reach the server is kept for a resend with its own time. */
  async function deliver(c: Capture) {
    setBusy('sending');
    setPressError(null);
    try {
      setVerdict(await send(c));
      setUnsent(null);
      await loadToday();
    } catch (e) {
      setPressError(errorText(e));
      setUnsent(isRetryable(e) ? c : null);
    } finally {
      setBusy(null);
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
  const buttonLabel = today.nextKind === 'in' ? t(lang, 'checkIn') : t(lang, 'checkOut');

  return (
    <>
      <section class="card" aria-labelledby="today-date">
        <h1 id="today-date" class="date">
          {formatDate(lang, today.date)}
        </h1>
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
            <dd>{firstIn ? shortTime(firstIn.localTime) : t(lang, 'statusNone')}</dd>
          </div>
          <div>
            <dt>{t(lang, 'statusOut')}</dt>
            <dd>{lastOut ? shortTime(lastOut.localTime) : t(lang, 'statusNone')}</dd>
          </div>
        </dl>
        {Math.abs(skewMin) >= 2 && <p class="note">{t(lang, 'clockSkew', { n: Math.abs(skewMin) })}</p>}
      </section>

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

      <button
        type="button"
        class={`punch ${today.nextKind === 'in' ? 'punch-in' : 'punch-out'}`}
        disabled={busy !== null}
        onClick={() => void press()}
      >
        {busy === 'locating' ? t(lang, 'gettingFix') : busy === 'sending' ? t(lang, 'sending') : buttonLabel}
      </button>

      <div ref={resultRef}>
        {pressError && (
          <div class="error card" role="alert">
            <p>{pick(lang, pressError)}</p>
            {unsent && (
              <button
                type="button"
                class="secondary"
                disabled={busy !== null}
                onClick={() => void deliver(unsent)}
              >
                {t(lang, 'resend', { time: clockTime(unsent.capturedAt, today.zone) })}
              </button>
            )}
          </div>
        )}

        {verdict && (
          <section
            class={`card verdict ${isWarning(verdict) ? 'warn' : 'ok'}`}
            role="status"
            aria-live="polite"
          >
            <p class="verdict-head">{recordedLine(lang, verdict)}</p>
            <p data-part="fence">{fenceLine(lang, verdict)}</p>
            {timingLines(lang, verdict).map((line) => (
              <p key={line} data-part="timing">
                {line}
              </p>
            ))}
            {verdict.flags.includes('capture_delayed') && <p class="muted small">{t(lang, 'flagDelayed')}</p>}
          </section>
        )}
      </div>
    </>
  );
}
