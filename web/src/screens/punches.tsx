/**
 * The punches on this phone and where each one stands: saved on the phone, sent,
 * accepted with its verdict, or refused with the server's reason. A badge counts the
 * ones still waiting, and "Kirim sekarang" sends them at once.
 */
import type { Zone } from '../../../core/model.js';
import { formatDate, pick, t, type Lang } from '../i18n.js';
import type { OutboxItem } from '../outbox/outbox.js';
import type { WaitReason } from '../outbox/sync.js';
import { nextTryText, waitingHint } from '../outbox/wait-text.js';
import { fenceLine, flagLines, isWarning, timingLines } from '../verdict-text.js';

/** 'HH:MM' of an instant on the wall clock of the work site. */
export function clockTime(ms: number, zone: Zone): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/** The site's calendar date of an instant, 'YYYY-MM-DD'. */
function siteDate(ms: number, zone: Zone): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(ms);
}

export function PunchState(props: {
  lang: Lang;
  item: OutboxItem;
  zone: Zone;
  /** Why punches are waiting now (null: nothing known against sending). */
  reason: WaitReason | null;
  onDismiss?: () => void;
}) {
  const { lang, item, zone } = props;
  const r = item.result;
  const kind = t(lang, item.capture.kind === 'in' ? 'kindIn' : 'kindOut');
  const time = r ? r.localTime.slice(0, 5) : clockTime(Date.parse(item.capture.capturedAt), zone);
  const warn = item.state === 'refused' || (r !== undefined && isWarning(r));
  return (
    <div
      class={`punch-state state-${item.state} ${warn ? 'warn' : ''}`}
      data-id={item.id}
      data-state={item.state}
    >
      <p class="punch-head">
        <strong>{t(lang, 'pressedAt', { kind, time })}</strong>
        <span class="state-label">{stateLabel(lang, item)}</span>
      </p>
      {item.state === 'saved' && (
        <p class="small" data-part="waiting-hint">
          {waitingHint(lang, item, props.reason)}
        </p>
      )}
      {item.error && item.state !== 'accepted' && (
        <p class="small reason">{pick(lang, item.error.message)}</p>
      )}
      {r && (
        <>
          <p class="small" data-part="fence">
            {fenceLine(lang, r)}
          </p>
          {timingLines(lang, r).map((line) => (
            <p key={line} class="small" data-part="timing">
              {line}
            </p>
          ))}
          {flagLines(lang, r).map((line) => (
            <p key={line} class="muted small" data-part="flag">
              {line}
            </p>
          ))}
        </>
      )}
      {(item.photoState === 'waiting' || (item.photo !== undefined && item.photoState === undefined)) && (
        <p class="muted small">{t(lang, 'photoWaiting')}</p>
      )}
      {item.photoState === 'uploaded' && <p class="muted small">{t(lang, 'photoUploaded')}</p>}
      {item.photoState === 'refused' && item.photoError && (
        <p class="small reason">{t(lang, 'photoRefused', { reason: pick(lang, item.photoError.message) })}</p>
      )}
      {item.state === 'refused' && props.onDismiss && (
        <button type="button" class="link" onClick={props.onDismiss}>
          {t(lang, 'dismiss')}
        </button>
      )}
    </div>
  );
}

function stateLabel(lang: Lang, item: OutboxItem): string {
  switch (item.state) {
    case 'saved':
      return t(lang, 'stateSaved');
    case 'sent':
      return t(lang, 'stateSent');
    case 'accepted':
      return t(lang, 'stateAccepted');
    case 'refused':
      return t(lang, 'stateRefused');
  }
}

export function PunchList(props: {
  lang: Lang;
  items: OutboxItem[];
  zone: Zone;
  /** Punches still waiting, the one shown above the list included. */
  waitingTotal: number;
  nextTryAt: number | null;
  reason: WaitReason | null;
  sending: boolean;
  onSendNow: () => void;
  onDismiss: (id: string) => void;
}) {
  const { lang, items, zone } = props;
  const waiting = props.waitingTotal;
  // Newest first, grouped under their date when older than today.
  const sorted = [...items].reverse();
  let lastDate = '';
  return (
    <section class="card punches" aria-labelledby="punches-title">
      <div class="punches-head">
        <h2 id="punches-title">{t(lang, 'punchesTitle')}</h2>
        {waiting > 0 && (
          <span class="badge" aria-label={t(lang, 'waitingBadgeLabel')} data-count={waiting}>
            {t(lang, 'waitingBadge', { n: waiting })}
          </span>
        )}
      </div>
      {waiting > 0 ? (
        <>
          <button type="button" class="secondary" disabled={props.sending} onClick={props.onSendNow}>
            {t(lang, 'sendNow')}
          </button>
          {props.nextTryAt !== null && (
            // Counted from now on the clock that set it: the phone's clock may be wrong, the wait is not.
            <p class="muted small" data-part="next-try">
              {nextTryText(lang, props.nextTryAt - Date.now())}
            </p>
          )}
        </>
      ) : (
        <p class="muted small">{t(lang, 'allSent')}</p>
      )}
      <ol class="punch-list">
        {sorted.map((item) => {
          const date = siteDate(Date.parse(item.capture.capturedAt), zone);
          const header = date !== lastDate;
          lastDate = date;
          return (
            <li key={item.id}>
              {header && <p class="muted small punch-date">{formatDate(lang, date, 'short')}</p>}
              <PunchState
                lang={lang}
                item={item}
                zone={zone}
                reason={props.reason}
                onDismiss={() => props.onDismiss(item.id)}
              />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
