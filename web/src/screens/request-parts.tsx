/**
 * Pieces shared by the leave and correction screens: the attachment field, the state of
 * a request, the list of one's requests, and how a failed send is told (no connection: the draft is kept; a refusal:
 * the server's own bilingual message and what each named field needs).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ErrorDetail } from '../../../core/errors.js';
import { ApiError } from '../api.js';
import { formatBytes, prepareAttachment, type Attachment } from '../attachment.js';
import { errorText } from '../errors.js';
import { both, localeOf, pick, t, type Bilingual, type Lang, type MessageKey } from '../i18n.js';
import type { RequestStatus } from '../requests-api.js';

/** A failed send as lines to show: the message first, then one line per known field problem. */
export function sendFailure(e: unknown): Bilingual[] {
  if (e instanceof ApiError && e.code === 'network') return [both('needsConnection')];
  const fields: Bilingual[] = [];
  if (e instanceof ApiError) {
    for (const d of e.details) {
      const key = detailKey(d);
      if (key !== null && !fields.some((f) => f === both(key))) fields.push(both(key));
    }
  }
  // A refusal about the request's shape names the fields the person can fix, when known.
  const head =
    e instanceof ApiError && e.code === 'invalid_body' && fields.length > 0 ? both('formFix') : errorText(e);
  return [head, ...fields];
}

/** What the person should do about one field the server named, when the phone knows it. */
export function detailKey(d: ErrorDetail): MessageKey | null {
  if (d.reason === 'max_days') return 'detailMaxDays';
  if (d.reason === 'not_applicable') return 'detailNotApplicable';
  if (d.reason === 'unknown' && d.field.endsWith('type')) return 'detailUnknownType';
  if (d.reason === 'order') return 'rangeOrder';
  const field = d.field.replace(/^\//, '');
  if (field === 'reason') return 'reasonMissing';
  if (field === 'type') return 'leaveTypeMissing';
  if (field === 'from' || field === 'to') return 'rangeMissing';
  if (field === 'at' || field === 'kind') return 'correctionTimeMissing';
  if (field === 'attachment') return 'attachmentBadType';
  return null;
}

export function Problems({ lang, lines }: { lang: Lang; lines: Bilingual[] }) {
  if (lines.length === 0) return null;
  return (
    <div class="error" role="alert">
      {lines.map((l, i) => (
        <p key={i}>{pick(lang, l)}</p>
      ))}
    </div>
  );
}

const STATE_KEY: Record<RequestStatus, MessageKey> = {
  pending: 'requestPending',
  approved: 'requestApproved',
  rejected: 'requestRejected',
};

export function RequestState({ lang, status }: { lang: Lang; status: RequestStatus }) {
  return (
    <span class={`state-label req-${status}`} data-state={status}>
      {t(lang, STATE_KEY[status])}
    </span>
  );
}

const PROBLEM_KEY = {
  type: 'attachmentBadType',
  too_large: 'attachmentTooLarge',
  unreadable: 'attachmentUnreadable',
} as const satisfies Record<string, MessageKey>;

/** A file input that reads, checks and (for large photos) shrinks the chosen file. */
export function AttachmentField(props: {
  lang: Lang;
  label: MessageKey;
  required: boolean;
  value: Attachment | null;
  onChange: (a: Attachment | null) => void;
}) {
  const { lang, value } = props;
  const [reading, setReading] = useState(false);
  const [problem, setProblem] = useState<MessageKey | null>(null);

  async function choose(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (file === undefined) return;
    setReading(true);
    setProblem(null);
    const r = await prepareAttachment(file);
    setReading(false);
    input.value = '';
    if (typeof r === 'string') {
      setProblem(PROBLEM_KEY[r]);
      return;
    }
    props.onChange(r);
  }

  return (
    <div class="field">
      <label>
        <span>
          {t(lang, props.label)}
          {!props.required && <small class="muted"> ({t(lang, 'optional')})</small>}
        </span>
        <input
          type="file"
          name="attachment"
          accept="application/pdf,image/jpeg,image/png"
          onChange={(e) => void choose(e.currentTarget)}
        />
        <small class="muted">{t(lang, 'attachmentHint')}</small>
      </label>
      {reading && <p class="muted small">{t(lang, 'attachmentReading')}</p>}
      {problem && (
        <p class="error" role="alert">
          {t(lang, problem)}
        </p>
      )}
      {value && (
        <div class="attached" data-part="attachment">
          <span class="small">
            {t(lang, 'attachmentReady', { name: value.name, size: formatBytes(localeOf(lang), value.bytes) })}
            {value.compressed && ` ${t(lang, 'attachmentCompressed')}`}
          </span>
          <button type="button" class="link" onClick={() => props.onChange(null)}>
            {t(lang, 'attachmentRemove')}
          </button>
        </div>
      )}
    </div>
  );
}

/** The "offline: the request will need a connection" note above a form. */
export function OfflineNote({ lang, online }: { lang: Lang; online: boolean }) {
  if (online) return null;
  return (
    <p class="note" data-part="offline">
      {t(lang, 'offlineForm')}
    </p>
  );
}

/** An ISO instant as a date in the reader's language (phone's zone; for "requested on"). */
export function requestedOn(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), { day: 'numeric', month: 'short', year: 'numeric' }).format(
    Date.parse(iso),
  );
}

/**
 * The card listing one's requests: the error with a retry, loading, none yet, or the
 * items as `renderItem` draws them (each an `<li>`).
 */
export function RequestList<T>(props: {
  lang: Lang;
  id: string;
  title: MessageKey;
  part: string;
  list: T[] | null;
  error: Bilingual | null;
  reload: () => void;
  renderItem: (r: T) => ComponentChildren;
}) {
  const { lang, list, error } = props;
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{t(lang, props.title)}</h2>
      {error ? (
        <>
          <p class="error" role="alert">
            {pick(lang, error)}
          </p>
          <button type="button" class="secondary" onClick={props.reload}>
            {t(lang, 'retry')}
          </button>
        </>
      ) : list === null ? (
        <p class="muted">{t(lang, 'loading')}</p>
      ) : list.length === 0 ? (
        <p class="muted">{t(lang, 'noRequests')}</p>
      ) : (
        <ul class="requests" data-part={props.part}>
          {list.map(props.renderItem)}
        </ul>
      )}
    </section>
  );
}
