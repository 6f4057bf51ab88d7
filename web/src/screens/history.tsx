/** The last seven days (in the work site's calendar), newest first. */
import { useEffect, useState } from 'preact/hooks';
import { addDays } from '../../../core/time.js';
import type { AttendanceDay, CheckInResponse } from '../../../core/wire.js';
import { getAttendance, getToday } from '../api.js';
import { errorText } from '../errors.js';
import { formatDate, pick, shortTime, t, type Bilingual, type Lang } from '../i18n.js';
import { fenceLine, isWarning, timingLines } from '../verdict-text.js';

const DAYS = 7;

export function HistoryScreen({ lang }: { lang: Lang }) {
  const [dates, setDates] = useState<string[] | null>(null);
  const [byDate, setByDate] = useState<Map<string, AttendanceDay>>(new Map());
  const [error, setError] = useState<Bilingual | null>(null);

  async function load() {
    try {
      setError(null);
      // The server's "today" is in the site's zone, which may differ from the phone's.
      const today = await getToday();
      const from = addDays(today.date, -(DAYS - 1));
      const r = await getAttendance(from, today.date);
      setByDate(new Map(r.days.map((d) => [d.date, d])));
      setDates(Array.from({ length: DAYS }, (_, i) => addDays(today.date, -i)));
    } catch (e) {
      setError(errorText(e));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  if (error) {
    return (
      <section class="card">
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
        <button type="button" class="secondary" onClick={() => void load()}>
          {t(lang, 'retry')}
        </button>
      </section>
    );
  }
  if (dates === null) {
    return (
      <section class="card">
        <p class="muted">{t(lang, 'loading')}</p>
      </section>
    );
  }

  return (
    <section class="card">
      <h1>{t(lang, 'historyTitle')}</h1>
      <ol class="history">
        {dates.map((date) => {
          const day = byDate.get(date);
          return (
            <li key={date}>
              <div class="history-date">{formatDate(lang, date, 'short')}</div>
              {day && (day.counted.in !== null || day.counted.out !== null) ? (
                <div class="history-punches">
                  <CountedLine lang={lang} label={t(lang, 'statusIn')} day={day} kind="in" />
                  <CountedLine lang={lang} label={t(lang, 'statusOut')} day={day} kind="out" />
                </div>
              ) : (
                <div class="muted small">{t(lang, 'historyEmpty')}</div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * What the day counts for one kind: the punch with its verdict, or the approved
 * correction (or admin entry) that stands in for it, with its reason.
 */
function CountedLine(props: { lang: Lang; label: string; day: AttendanceDay; kind: 'in' | 'out' }) {
  const { lang, day } = props;
  const mark = day.counted[props.kind];
  if (mark !== null && mark.from !== 'punch') {
    const entry = day.entries.find((e) => e.id === mark.id);
    return (
      <p class="small" data-part="corrected">
        {props.label} <strong>{shortTime(mark.localTime)}</strong> ·{' '}
        {t(lang, mark.from === 'correction' ? 'historyCorrected' : 'historyAdminEntry')}
        {entry && entry.note !== '' ? ` · ${entry.note}` : ''}
      </p>
    );
  }
  const punch = mark === null ? null : (day.punches.find((p) => p.id === mark.id) ?? null);
  return <PunchLine lang={lang} label={props.label} punch={punch} />;
}

function PunchLine(props: { lang: Lang; label: string; punch: CheckInResponse | null }) {
  const { lang, punch } = props;
  if (punch === null) {
    return (
      <p class="small">
        {props.label} <span class="muted">{t(lang, 'statusNone')}</span>
      </p>
    );
  }
  return (
    <p class={`small ${isWarning(punch) ? 'warn-text' : ''}`}>
      {props.label} <strong>{shortTime(punch.localTime)}</strong> · {timingLines(lang, punch).join(' · ')} ·{' '}
      {fenceLine(lang, punch)}
    </p>
  );
}
