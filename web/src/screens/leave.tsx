/**
 * Leave and permissions: a form (type from the catalogue with the document it asks for,
 * dates, reason, an optional attachment) and the person's requests with their state and
 * the admin's reason. Sending needs a connection; what was typed stays on the phone.
 */
import { useEffect, useState } from 'preact/hooks';
import { needsAttachment, needsDocument } from '../../../core/attendance/leave.js';
import type { Attachment } from '../attachment.js';
import { rangeDays, rangeProblem } from '../date-range.js';
import { clearDraft, draftAttachment, loadDraft, saveDraft, setDraftAttachment } from '../drafts.js';
import { errorText } from '../errors.js';
import { both, formatDate, t, type Bilingual, type Lang } from '../i18n.js';
import { useOnline } from '../online.js';
import { leaveTypeName } from '../recap-format.js';
import {
  getLeaveTypes,
  listLeaveRequests,
  postLeaveRequest,
  type LeaveRequestView,
  type LeaveTypeView,
} from '../requests-api.js';
import {
  AttachmentField,
  OfflineNote,
  Problems,
  RequestList,
  RequestState,
  requestedOn,
  sendFailure,
} from './request-parts.js';

const FORM = 'leave';
const TYPES_KEY = 'hadir.leave-types';
const EMPTY = { type: '', from: '', to: '', reason: '' };

function cachedTypes(): readonly LeaveTypeView[] | null {
  try {
    const raw = localStorage.getItem(TYPES_KEY);
    return raw === null ? null : (JSON.parse(raw) as LeaveTypeView[]);
  } catch {
    return null;
  }
}

/** What the form itself can tell is missing or wrong, before asking the server. */
export function leaveProblems(draft: typeof EMPTY): Bilingual[] {
  const local: Bilingual[] = [];
  if (draft.type === '') local.push(both('leaveTypeMissing'));
  const range = rangeProblem(draft.from, draft.to);
  if (range !== null) local.push(both(range === 'order' ? 'rangeOrder' : 'rangeMissing'));
  if (draft.reason.trim() === '') local.push(both('reasonMissing'));
  return local;
}

export function LeaveScreen({ lang, accountId }: { lang: Lang; accountId: number }) {
  const online = useOnline();
  const [types, setTypes] = useState<readonly LeaveTypeView[] | null>(cachedTypes);
  const [draft, setDraft] = useState(() => loadDraft(FORM, accountId, EMPTY));
  const [attachment, setAttachment] = useState<Attachment | null>(() => draftAttachment(FORM, accountId));
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Bilingual[]>([]);
  const [sent, setSent] = useState(false);
  const [list, setList] = useState<LeaveRequestView[] | null>(null);
  const [listError, setListError] = useState<Bilingual | null>(null);

  async function loadTypes() {
    try {
      const r = await getLeaveTypes();
      setTypes(r);
      localStorage.setItem(TYPES_KEY, JSON.stringify(r));
    } catch {
      // Offline: the cached catalogue (if any) stays; the form says so otherwise.
    }
  }

  async function loadList() {
    try {
      setListError(null);
      setList(await listLeaveRequests());
    } catch (e) {
      setListError(errorText(e));
    }
  }

  useEffect(() => {
    void loadTypes();
    void loadList();
  }, []);

  // Back online after a failed load: fetch the list again.
  useEffect(() => {
    if (online && listError !== null) void loadList();
  }, [online]);

  function update(field: keyof typeof EMPTY, value: string) {
    const next = { ...draft, [field]: value };
    // A start date after the end moves the end along (a one-day request is the common case).
    if (field === 'from' && (next.to === '' || next.to < value)) next.to = value;
    setDraft(next);
    saveDraft(FORM, accountId, next);
    setSent(false);
    // Problems shown from the last send go as the fields are fixed; what is still wrong stays.
    if (problems.length > 0) setProblems(leaveProblems(next));
  }

  function attach(a: Attachment | null) {
    setAttachment(a);
    setDraftAttachment(FORM, accountId, a);
  }

  const type = types?.find((x) => x.code === draft.type) ?? null;
  const days = rangeDays(draft.from, draft.to);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const local = leaveProblems(draft);
    setProblems(local);
    if (local.length > 0) return;
    setBusy(true);
    setSent(false);
    try {
      const created = await postLeaveRequest({
        type: draft.type,
        from: draft.from,
        to: draft.to,
        reason: draft.reason.trim(),
        ...(attachment ? { attachment: attachment.base64 } : {}),
      });
      clearDraft(FORM, accountId);
      setDraft(EMPTY);
      setAttachment(null);
      setSent(true);
      setListError(null);
      setList((l) => [created, ...(l ?? []).filter((x) => x.id !== created.id)]);
    } catch (err) {
      setProblems(sendFailure(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form class="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="leave-title">
        <h1 id="leave-title">{t(lang, 'leaveTitle')}</h1>
        <OfflineNote lang={lang} online={online} />
        <label>
          <span>{t(lang, 'leaveType')}</span>
          <select
            name="type"
            aria-label={t(lang, 'leaveType')}
            value={draft.type}
            onChange={(e) => update('type', e.currentTarget.value)}
          >
            <option value="">{t(lang, 'leaveTypeChoose')}</option>
            {(types ?? []).map((x) => (
              <option key={x.code} value={x.code}>
                {leaveTypeName(lang, x.code, x.name)}
              </option>
            ))}
          </select>
        </label>
        {types === null && <p class="note">{t(lang, 'leaveTypesOffline')}</p>}
        {type && <TypeFacts lang={lang} type={type} days={days} />}
        <div class="pair">
          <label>
            <span>{t(lang, 'leaveFrom')}</span>
            <input
              type="date"
              name="from"
              value={draft.from}
              onInput={(e) => update('from', e.currentTarget.value)}
            />
          </label>
          <label>
            <span>{t(lang, 'leaveTo')}</span>
            <input
              type="date"
              name="to"
              value={draft.to}
              min={draft.from || undefined}
              onInput={(e) => update('to', e.currentTarget.value)}
            />
          </label>
        </div>
        {days !== null && <p class="muted small">{t(lang, 'leaveDays', { n: days })}</p>}
        <label>
          <span>{t(lang, 'reasonLabel')}</span>
          <textarea
            name="reason"
            rows={3}
            maxLength={500}
            value={draft.reason}
            onInput={(e) => update('reason', e.currentTarget.value)}
          />
        </label>
        <AttachmentField
          lang={lang}
          label="attachmentLabel"
          required={type !== null && days !== null && needsAttachment(type, days)}
          value={attachment}
          onChange={attach}
        />
        <Problems lang={lang} lines={problems} />
        {sent && (
          <p class="ok-text" role="status">
            {t(lang, 'requestSent')}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t(lang, 'sending') : t(lang, 'sendRequest')}
        </button>
      </form>

      <RequestList
        lang={lang}
        id="leave-list-title"
        title="myLeaveRequests"
        part="leave-requests"
        list={list}
        error={listError}
        reload={() => void loadList()}
        renderItem={(r) => <LeaveItem key={r.id} lang={lang} r={r} types={types} />}
      />
    </>
  );
}

function TypeFacts({ lang, type, days }: { lang: Lang; type: LeaveTypeView; days: number | null }) {
  const doc = t(lang, `doc_${type.document}`);
  const docLine =
    type.document === 'none'
      ? t(lang, 'leaveDocNone')
      : type.documentAfterDays > 0
        ? t(lang, 'leaveDocAfter', { doc, n: type.documentAfterDays })
        : t(lang, 'leaveDocNeeded', { doc });
  const needed = days !== null && needsDocument(type, days);
  return (
    <div class="facts small" data-part="type-facts">
      <p class={needed ? 'warn-text' : 'muted'}>{docLine}</p>
      {type.maxDays !== null && (
        <p class="muted">
          {t(lang, type.maxUnit === 'working_days' ? 'leaveMaxWorking' : 'leaveMaxCalendar', {
            n: type.maxDays,
          })}
        </p>
      )}
      <p class="muted">{t(lang, type.countsAsPresent ? 'leaveCountsPresent' : 'leaveNotPresent')}</p>
    </div>
  );
}

function LeaveItem(props: { lang: Lang; r: LeaveRequestView; types: readonly LeaveTypeView[] | null }) {
  const { lang, r } = props;
  const name = leaveTypeName(lang, r.type, props.types?.find((x) => x.code === r.type)?.name ?? r.type);
  const range =
    r.from === r.to
      ? formatDate(lang, r.from, 'short')
      : `${formatDate(lang, r.from, 'short')} – ${formatDate(lang, r.to, 'short')}`;
  return (
    <li data-id={r.id} data-state={r.status}>
      <div class="punch-head">
        <strong>{name}</strong>
        <RequestState lang={lang} status={r.status} />
      </div>
      <p class="small">{range}</p>
      <p class="small muted">{r.reason}</p>
      {r.decisionReason && (
        <p class="small decision">{t(lang, 'decisionReason', { reason: r.decisionReason })}</p>
      )}
      <p class="small muted">
        {t(lang, 'requestedOn', { date: requestedOn(lang, r.requestedAt) })}
        {r.attachmentSha256 && ` · ${t(lang, 'withAttachment')}`}
      </p>
    </li>
  );
}
