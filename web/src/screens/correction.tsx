/**
 * Attendance corrections ("lupa absen pulang", "aplikasi gagal"): the date, which punch,
 * the time on the work site's clock, the reason and optional evidence, and the person's
 * correction requests with their state. An approved correction becomes a new attendance
 * event on the server; nothing is edited in place.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Zone } from '../../../core/model.js';
import { isValidDate, zonedToInstant, zoneAbbreviation } from '../../../core/time.js';
import type { Attachment } from '../attachment.js';
import { timeMinutes } from '../date-range.js';
import { clearDraft, draftAttachment, loadDraft, saveDraft, setDraftAttachment } from '../drafts.js';
import { errorText } from '../errors.js';
import { both, formatDate, t, type Bilingual, type Lang, type MessageKey } from '../i18n.js';
import { useOnline } from '../online.js';
import {
  listCorrectionRequests,
  postCorrectionRequest,
  workCalendar,
  type CorrectionRequestView,
  type WorkCalendar,
} from '../requests-api.js';
import { clockTime } from './punches.js';
import {
  AttachmentField,
  OfflineNote,
  Problems,
  RequestList,
  RequestState,
  requestedOn,
  sendFailure,
} from './request-parts.js';

const FORM = 'correction';
const EMPTY = { date: '', kind: 'out', time: '', reason: '' };

/** Quick reasons: the two the field reports most, each with the punch it usually concerns. */
const PRESETS: readonly { label: MessageKey; text: MessageKey; kind?: 'in' | 'out' }[] = [
  { label: 'presetForgotOut', text: 'presetForgotOut', kind: 'out' },
  { label: 'presetForgotIn', text: 'presetForgotIn', kind: 'in' },
  { label: 'presetAppFailed', text: 'presetAppFailedText' },
];

/** What the form itself can tell is missing or wrong, and the corrected instant when there is one. */
export function correctionProblems(
  draft: typeof EMPTY,
  zone: Zone,
  now: number,
): { local: Bilingual[]; at: number | null } {
  const local: Bilingual[] = [];
  const minutes = timeMinutes(draft.time);
  let at: number | null = null;
  if (!isValidDate(draft.date) || minutes === null) local.push(both('correctionTimeMissing'));
  else {
    at = zonedToInstant(draft.date, minutes, zone);
    if (at > now) local.push(both('correctionFuture'));
  }
  if (draft.reason.trim() === '') local.push(both('reasonMissing'));
  return { local, at };
}

export function CorrectionScreen({ lang, accountId }: { lang: Lang; accountId: number }) {
  const online = useOnline();
  const [cal, setCal] = useState<WorkCalendar | null>(null);
  const [draft, setDraft] = useState(() => loadDraft(FORM, accountId, EMPTY));
  const [attachment, setAttachment] = useState<Attachment | null>(() => draftAttachment(FORM, accountId));
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Bilingual[]>([]);
  const [sent, setSent] = useState(false);
  const [list, setList] = useState<CorrectionRequestView[] | null>(null);
  const [listError, setListError] = useState<Bilingual | null>(null);

  async function loadList() {
    try {
      setListError(null);
      setList(await listCorrectionRequests());
    } catch (e) {
      setListError(errorText(e));
    }
  }

  useEffect(() => {
    void workCalendar(accountId).then((c) => {
      setCal(c);
      // A new form starts on today's date (the site's calendar).
      setDraft((d) => (d.date === '' ? { ...d, date: c.date } : d));
    });
    void loadList();
  }, [accountId]);

  // Back online after a failed load: fetch the list again.
  useEffect(() => {
    if (online && listError !== null) void loadList();
  }, [online]);

  function update(patch: Partial<typeof EMPTY>) {
    const next = { ...draft, ...patch };
    setDraft(next);
    saveDraft(FORM, accountId, next);
    setSent(false);
    // Problems shown from the last send go as the fields are fixed; what is still wrong stays.
    if (problems.length > 0) setProblems(correctionProblems(next, zone, Date.now()).local);
  }

  function attach(a: Attachment | null) {
    setAttachment(a);
    setDraftAttachment(FORM, accountId, a);
  }

  const zone = cal?.zone ?? 'Asia/Jakarta';

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const { local, at } = correctionProblems(draft, zone, Date.now());
    setProblems(local);
    if (local.length > 0 || at === null) return;
    setBusy(true);
    setSent(false);
    try {
      const created = await postCorrectionRequest({
        kind: draft.kind === 'in' ? 'in' : 'out',
        at: new Date(at).toISOString(),
        reason: draft.reason.trim(),
        ...(attachment ? { attachment: attachment.base64 } : {}),
      });
      clearDraft(FORM, accountId);
      setDraft({ ...EMPTY, date: cal?.date ?? '' });
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
      <form class="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="correction-title">
        <h1 id="correction-title">{t(lang, 'correctionTitle')}</h1>
        <p class="muted small">{t(lang, 'correctionHint')}</p>
        <OfflineNote lang={lang} online={online} />
        <div class="chips">
          {PRESETS.map((p) => (
            <button
              key={p.label}
              type="button"
              class="chip"
              onClick={() => update({ reason: t(lang, p.text), ...(p.kind ? { kind: p.kind } : {}) })}
            >
              {t(lang, p.label)}
            </button>
          ))}
        </div>
        <fieldset class="kinds">
          <legend>{t(lang, 'correctionKind')}</legend>
          {(['in', 'out'] as const).map((k) => (
            <label key={k} class="radio">
              <input
                type="radio"
                name="kind"
                value={k}
                checked={draft.kind === k}
                onChange={() => update({ kind: k })}
              />
              <span>{t(lang, k === 'in' ? 'kindIn' : 'kindOut')}</span>
            </label>
          ))}
        </fieldset>
        <div class="pair">
          <label>
            <span>{t(lang, 'correctionDate')}</span>
            <input
              type="date"
              name="date"
              value={draft.date}
              max={cal?.date}
              onInput={(e) => update({ date: e.currentTarget.value })}
            />
          </label>
          <label>
            <span>{t(lang, 'correctionTime', { zone: zoneAbbreviation(zone) })}</span>
            <input
              type="time"
              name="time"
              value={draft.time}
              onInput={(e) => update({ time: e.currentTarget.value })}
            />
          </label>
        </div>
        <label>
          <span>{t(lang, 'reasonLabel')}</span>
          <textarea
            name="reason"
            rows={3}
            maxLength={500}
            value={draft.reason}
            onInput={(e) => update({ reason: e.currentTarget.value })}
          />
        </label>
        <AttachmentField
          lang={lang}
          label="evidenceLabel"
          required={false}
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
        id="correction-list-title"
        title="myCorrections"
        part="correction-requests"
        list={list}
        error={listError}
        reload={() => void loadList()}
        renderItem={(r) => (
          <li key={r.id} data-id={r.id} data-state={r.status}>
            <div class="punch-head">
              <strong>
                {t(lang, 'correctionLine', {
                  kind: t(lang, r.kind === 'in' ? 'kindIn' : 'kindOut'),
                  date: formatDate(lang, r.workDate, 'short'),
                  time: clockTime(Date.parse(r.at), zone),
                })}
              </strong>
              <RequestState lang={lang} status={r.status} />
            </div>
            <p class="small muted">{r.reason}</p>
            {r.decisionReason && (
              <p class="small decision">{t(lang, 'decisionReason', { reason: r.decisionReason })}</p>
            )}
            <p class="small muted">
              {t(lang, 'requestedOn', { date: requestedOn(lang, r.requestedAt) })}
              {r.attachmentSha256 && ` · ${t(lang, 'withAttachment')}`}
            </p>
          </li>
        )}
      />
    </>
  );
}
