/**
 * The person's own monthly recap (GET /me/recap): days by status, minutes late and
 * early, the month's deduction, and the day-by-day ledger with why each day was charged.
 * The last recap seen of each month stays on the phone for reading offline.
 */
import { useEffect, useState } from 'preact/hooks';
import { monthOf, shiftMonth } from '../date-range.js';
import { errorText } from '../errors.js';
import { formatDate, pick, t, type Bilingual, type Lang } from '../i18n.js';
import {
  chargeLine,
  countRows,
  formatMonth,
  formatPct,
  leaveTypeName,
  ledgerByDate,
  statusLabel,
} from '../recap-format.js';
import { getRecap, workCalendar, type RecapCard, type WorkCalendar } from '../requests-api.js';

const cacheKey = (accountId: number, month: string) => `hadir.recap.${accountId}.${month}`;

function cached(accountId: number, month: string): RecapCard | null {
  try {
    const raw = localStorage.getItem(cacheKey(accountId, month));
    return raw === null ? null : (JSON.parse(raw) as RecapCard);
  } catch {
    return null;
  }
}

export function RecapScreen({ lang, accountId }: { lang: Lang; accountId: number }) {
  const [cal, setCal] = useState<WorkCalendar | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const [card, setCard] = useState<RecapCard | null>(null);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);

  useEffect(() => {
    void workCalendar(accountId).then((c) => {
      setCal(c);
      setMonth(monthOf(c.date));
    });
  }, [accountId]);

  async function load(m: string) {
    setError(null);
    setCard(null);
    setStale(false);
    try {
      const r = await getRecap(m);
      setCard(r);
      try {
        localStorage.setItem(cacheKey(accountId, m), JSON.stringify(r));
      } catch {
        // Storage full: the recap is still shown.
      }
    } catch (e) {
      const old = cached(accountId, m);
      if (old !== null) {
        setCard(old);
        setStale(true);
      }
      setError(errorText(e));
    }
  }

  useEffect(() => {
    if (month !== null) void load(month);
  }, [month]);

  if (month === null || cal === null) {
    return (
      <section class="card">
        <p class="muted">{t(lang, 'loading')}</p>
      </section>
    );
  }
  const current = monthOf(cal.date);

  return (
    <>
      <section class="card recap" aria-labelledby="recap-title">
        <h1 id="recap-title">{t(lang, 'recapTitle')}</h1>
        <div class="month-switch">
          <button
            type="button"
            class="secondary"
            aria-label={t(lang, 'prevMonth')}
            onClick={() => setMonth(shiftMonth(month, -1))}
          >
            ‹
          </button>
          <strong data-part="recap-month">{formatMonth(lang, month)}</strong>
          <button
            type="button"
            class="secondary"
            aria-label={t(lang, 'nextMonth')}
            disabled={month >= current}
            onClick={() => setMonth(shiftMonth(month, 1))}
          >
            ›
          </button>
        </div>
        {error && (
          <>
            <p class={stale ? 'note' : 'error'} role="alert">
              {pick(lang, error)}
              {stale && ` ${t(lang, 'recapFromCache')}`}
            </p>
            <button type="button" class="secondary" onClick={() => void load(month)}>
              {t(lang, 'retry')}
            </button>
          </>
        )}
        {card === null && error === null && <p class="muted">{t(lang, 'loading')}</p>}
        {card && month === current && <p class="muted small">{t(lang, 'recapInProgress')}</p>}
        {card && <Totals lang={lang} card={card} />}
      </section>
      {card && <Ledger lang={lang} card={card} />}
    </>
  );
}

function Totals({ lang, card }: { lang: Lang; card: RecapCard }) {
  const r = card.recap;
  return (
    <>
      <div class="deduction" data-part="recap-deduction">
        <span class="muted small">{t(lang, 'recapDeduction')}</span>
        <strong>{formatPct(lang, r.totalBp)}</strong>
        {r.fullCut && <span class="small warn-text">{t(lang, 'recapFullCut')}</span>}
        {r.capped && !r.fullCut && <span class="small muted">{t(lang, 'recapCapped')}</span>}
      </div>
      <dl class="stats" data-part="recap-stats">
        <div data-stat="workingDays">
          <dt>{t(lang, 'recapWorkingDays')}</dt>
          <dd>{r.counts.workingDays}</dd>
        </div>
        <div data-stat="present">
          <dt>{t(lang, 'recapPresent')}</dt>
          <dd>{r.counts.present}</dd>
        </div>
        <div data-stat="lateMinutes">
          <dt>{t(lang, 'recapLate')}</dt>
          <dd>{t(lang, 'minutes', { n: r.lateMinutes })}</dd>
        </div>
        <div data-stat="earlyMinutes">
          <dt>{t(lang, 'recapEarly')}</dt>
          <dd>{t(lang, 'minutes', { n: r.earlyMinutes })}</dd>
        </div>
      </dl>
      <h2>{t(lang, 'recapByStatus')}</h2>
      <ul class="counts" data-part="recap-counts">
        {countRows(lang, r.counts).map((row) => (
          <li key={row.key} data-count={row.key}>
            <span>{row.label}</span>
            <strong>{row.n}</strong>
          </li>
        ))}
      </ul>
      <p class="muted small">
        {t(lang, 'recapYearTk', { year: card.yearly.year, n: card.yearly.tkDays })}
        {card.yearly.step && ` · ${card.yearly.step.level}`}
      </p>
      <p class="muted small">{t(lang, 'recapRule', { version: r.ruleVersion })}</p>
    </>
  );
}

function Ledger({ lang, card }: { lang: Lang; card: RecapCard }) {
  const byDate = ledgerByDate(card.ledger);
  return (
    <section class="card" aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t(lang, 'recapLedger')}</h2>
      {card.days.length === 0 ? (
        <p class="muted">{t(lang, 'recapNoDays')}</p>
      ) : (
        <ol class="ledger" data-part="recap-ledger">
          {card.days.map((d) => {
            const charged = byDate.get(d.date);
            const bands = [d.lateBand, d.earlyBand].filter((b): b is string => b !== null);
            return (
              <li key={d.date} data-date={d.date} data-status={d.status}>
                <div class="ledger-head">
                  <span class="ledger-date">{formatDate(lang, d.date, 'short')}</span>
                  <span class={`ledger-pct ${charged && charged.bp > 0 ? 'warn-text' : 'muted'}`}>
                    {charged && charged.bp > 0 ? formatPct(lang, charged.bp) : t(lang, 'noDeduction')}
                  </span>
                </div>
                <p class="small">
                  {statusLabel(lang, d.status)}
                  {d.leaveType && ` · ${leaveTypeName(lang, d.leaveType)}`}
                  {bands.length > 0 && ` · ${bands.join(', ')}`}
                  {d.holiday && ` · ${d.holiday.name}`}
                </p>
                {charged?.items.map((item, i) => (
                  <p key={i} class="small muted">
                    {chargeLine(lang, item)}
                  </p>
                ))}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
