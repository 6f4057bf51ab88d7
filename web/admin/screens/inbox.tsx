/**
 * The inbox: leave and correction requests with their attachment shown inline, new
 * phones waiting for approval, and punches outside the work site waiting for a review
 * (punch-reviews.tsx), of the people in the admin's units. Approve or reject one by one
 * or all those selected, with a reason (required to reject, and for every review); each
 * decision goes to the feature's own endpoint, which checks the scope and writes the
 * audit log, and the employee sees it on the phone.
 */
import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import type { InboxSchema } from '../../../server/features/console/schemas.js';
import { errorText } from '../../src/errors.js';
import { formatDate, pick, type Lang } from '../../src/i18n.js';
import { leaveTypeName } from '../../src/recap-format.js';
import { objectUrl, post, query } from '../api.js';
import { hm, todayIn } from '../format.js';
import { at, bothAt, type AdminKey } from '../i18n.js';
import type { ScreenProps } from '../screens.js';
import { Pager } from '../table.js';
import { useFetch } from '../use-fetch.js';
import { PunchReviews, REVIEW_STATUSES, usePendingReviews } from './punch-reviews.js';

type Inbox = Static<typeof InboxSchema>;
type Item = Inbox['items'][number];
type Kind = 'leave' | 'correction' | 'device' | 'punch';

const PAGE_SIZE = 20;
const STATUSES: Record<Kind, readonly string[]> = {
  leave: ['pending', 'approved', 'rejected'],
  correction: ['pending', 'approved', 'rejected'],
  device: ['pending', 'active', 'revoked'],
  punch: REVIEW_STATUSES,
};
const TAB_LABEL: Record<Kind, AdminKey> = {
  leave: 'inboxLeave',
  correction: 'inboxCorrection',
  device: 'inboxDevice',
  punch: 'inboxPunch',
};

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The endpoint that decides an item (the feature's own). */
function decide(kind: Kind, id: string, approve: boolean, reason: string): Promise<unknown> {
  if (kind === 'device') return post(`/devices/${encodeURIComponent(id)}/${approve ? 'approve' : 'revoke'}`);
  const path = kind === 'leave' ? 'leave-requests' : 'correction-requests';
  return post(`/${path}/${encodeURIComponent(id)}/decision`, {
    decision: approve ? 'approve' : 'reject',
    ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
  });
}

export function InboxScreen({ lang }: ScreenProps) {
  const [kind, setKind] = useState<Kind>('leave');
  const [status, setStatus] = useState('pending');
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: number; failed: string[] } | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    setPage(1);
    setSelected(new Set());
    setPreview(null);
  }, [kind, status]);

  // The punch part reads its own queue; the requests' answer still brings the tabs' counts.
  const { data, error } = useFetch<Inbox>(
    kind === 'punch'
      ? `/console/inbox${query({ kind: 'leave', pageSize: 1 })}`
      : `/console/inbox${query({ kind, status, page, pageSize: PAGE_SIZE })}`,
    version,
  );
  const punchCount = usePendingReviews(version);
  const pending = status === 'pending';
  const items = data?.kind === kind ? data.items : [];

  async function run(ids: readonly string[], approve: boolean) {
    if (kind === 'punch') return;
    if (!approve && kind !== 'device' && reason.trim() === '') {
      setOutcome({ ok: 0, failed: [pick(lang, bothAt('rejectNeedsReason'))] });
      return;
    }
    setBusy(true);
    const failed: string[] = [];
    let ok = 0;
    // One after the other: each is its own decision in the audit log.
    for (const id of ids) {
      const item = items.find((i) => i.id === id);
      try {
        await decide(kind, id, approve, reason);
        ok++;
      } catch (e) {
        failed.push(
          at(lang, 'decidedFailed', { name: item?.employee?.name ?? id, reason: pick(lang, errorText(e)) }),
        );
      }
    }
    setOutcome({ ok, failed });
    setSelected(new Set());
    setReason('');
    setBusy(false);
    setVersion((v) => v + 1);
  }

  function toggle(id: string) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  }

  return (
    <div class="screen" data-screen="inbox">
      <div class="screen-head">
        <h1>{at(lang, 'inboxTitle')}</h1>
      </div>
      <div class="tabs" role="group" aria-label={at(lang, 'inboxParts')}>
        {(['leave', 'correction', 'device', 'punch'] as const).map((k) => (
          <button
            key={k}
            type="button"
            class="btn"
            data-kind={k}
            aria-pressed={kind === k}
            onClick={() => {
              setKind(k);
              setStatus('pending');
            }}
          >
            {at(lang, TAB_LABEL[k], { n: (k === 'punch' ? punchCount : data?.counts[k]) ?? '…' })}
          </button>
        ))}
      </div>
      <p class="muted small">{at(lang, 'inboxLater')}</p>

      <section class="panel" data-part="inbox">
        <div class="filters">
          <label>
            <span>{at(lang, 'colStatus')}</span>
            <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              {STATUSES[kind].map((s) => (
                <option key={s} value={s}>
                  {at(lang, `st_${s}` as AdminKey)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {kind === 'punch' ? (
          <PunchReviews
            lang={lang}
            status={status}
            version={version}
            onDecided={() => setVersion((v) => v + 1)}
          />
        ) : (
          <>
            {error && (
              <p class="error" role="alert">
                {pick(lang, error)}
              </p>
            )}
            {outcome && (
              <div class={outcome.failed.length > 0 ? 'error' : 'note'} role="status" data-part="outcome">
                {outcome.ok > 0 && <p>{at(lang, 'decidedSummary', { ok: outcome.ok })}</p>}
                {outcome.failed.map((f) => (
                  <p key={f}>{f}</p>
                ))}
              </div>
            )}
            {pending && items.length > 0 && (
              <div class="bulk" data-part="bulk">
                <label class="check">
                  <input
                    type="checkbox"
                    checked={items.length > 0 && items.every((i) => selected.has(i.id))}
                    onChange={(e) =>
                      setSelected(e.currentTarget.checked ? new Set(items.map((i) => i.id)) : new Set())
                    }
                  />
                  <span>{at(lang, 'selectAll')}</span>
                </label>
                <span class="muted">{at(lang, 'selectedCount', { n: selected.size })}</span>
                {kind !== 'device' && (
                  <label class="grow">
                    <span>{at(lang, 'decisionReasonLabel')}</span>
                    <input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
                  </label>
                )}
                <button
                  type="button"
                  class="btn primary"
                  disabled={busy || selected.size === 0}
                  onClick={() => void run([...selected], true)}
                >
                  {at(lang, 'approveSelected')}
                </button>
                <button
                  type="button"
                  class="btn danger"
                  disabled={busy || selected.size === 0}
                  onClick={() => void run([...selected], false)}
                >
                  {at(lang, 'rejectSelected')}
                </button>
              </div>
            )}
            {data && items.length === 0 && <p class="muted">{at(lang, 'inboxEmpty')}</p>}
            <ul class="inbox-list">
              {items.map((item) => (
                <li key={item.id} data-id={item.id} data-status={str(item['status'])}>
                  {pending && (
                    <input
                      type="checkbox"
                      checked={selected.has(item.id)}
                      aria-label={at(lang, 'selectItem', { name: item.employee?.name ?? item.id })}
                      onChange={() => toggle(item.id)}
                    />
                  )}
                  <div class="inbox-body">
                    <p class="who-line">
                      <strong>{item.employee?.name ?? '–'}</strong>{' '}
                      <span class="muted small">
                        {item.employee?.nip ?? item.employee?.internalId ?? ''} ·{' '}
                        {item.employee?.unitName ?? ''}
                      </span>
                    </p>
                    <ItemLine lang={lang} kind={kind} item={item} />
                    {str(item['reason']) !== '' && <p class="reason-text">“{str(item['reason'])}”</p>}
                    {str(item['decisionReason']) !== '' && (
                      <p class="muted small">
                        {at(lang, 'decisionBy', { reason: str(item['decisionReason']) })}
                      </p>
                    )}
                    {kind !== 'device' &&
                      (str(item['attachmentSha256']) === '' ? (
                        <p class="muted small">{at(lang, 'noAttachment')}</p>
                      ) : preview === item.id ? (
                        <>
                          <button type="button" class="linkish" onClick={() => setPreview(null)}>
                            {at(lang, 'hideAttachment')}
                          </button>
                          <AttachmentPreview
                            lang={lang}
                            sha={str(item['attachmentSha256'])}
                            title={at(lang, 'attachmentOf', { name: item.employee?.name ?? '' })}
                          />
                        </>
                      ) : (
                        <button type="button" class="linkish" onClick={() => setPreview(item.id)}>
                          {at(lang, 'viewAttachment')}
                        </button>
                      ))}
                  </div>
                  {pending && (
                    <div class="inbox-actions">
                      <button
                        type="button"
                        class="btn primary"
                        disabled={busy}
                        onClick={() => void run([item.id], true)}
                      >
                        {at(lang, 'approve')}
                      </button>
                      <button
                        type="button"
                        class="btn danger"
                        disabled={busy}
                        onClick={() => void run([item.id], false)}
                      >
                        {at(lang, 'reject')}
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
            {data && data.total > PAGE_SIZE && (
              <Pager
                lang={lang}
                page={data.page}
                pageSize={data.pageSize}
                total={data.total}
                onPage={setPage}
              />
            )}
          </>
        )}
      </section>
    </div>
  );
}

function ItemLine({ lang, kind, item }: { lang: Lang; kind: Kind; item: Item }) {
  const zone = item.employee?.zone ?? 'Asia/Jakarta';
  const requested = str(item['requestedAt']) || str(item['createdAt']);
  const when =
    requested === ''
      ? ''
      : `${formatDate(lang, todayIn(zone, Date.parse(requested)), 'short')} ${hm(requested, zone)}`;
  if (kind === 'device') return <p>{at(lang, 'deviceLine', { label: str(item['label']), time: when })}</p>;
  if (kind === 'leave')
    return (
      <p>
        <strong>{leaveTypeName(lang, str(item['type']))}</strong> ·{' '}
        {at(lang, 'periodLine', {
          from: formatDate(lang, str(item['from']), 'short'),
          to: formatDate(lang, str(item['to']), 'short'),
        })}{' '}
        <span class="muted small">· {at(lang, 'requestedAt', { time: when })}</span>
      </p>
    );
  return (
    <p>
      <strong>
        {at(lang, 'correctionLine', {
          kind: at(lang, item['kind'] === 'out' ? 'kindOut' : 'kindIn'),
          time: hm(str(item['at']), zone),
          date: formatDate(lang, str(item['workDate']), 'short'),
        })}
      </strong>{' '}
      <span class="muted small">· {at(lang, 'requestedAt', { time: when })}</span>
    </p>
  );
}

/** The attachment fetched with the session's token and shown in the page: a photo, or a PDF in a frame. */
function AttachmentPreview({ lang, sha, title }: { lang: Lang; sha: string; title: string }) {
  const [file, setFile] = useState<{ url: string; type: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    objectUrl(`/attachments/${sha}`).then(
      (f) => {
        url = f.url;
        if (live) setFile(f);
        else URL.revokeObjectURL(f.url);
      },
      (e: unknown) => live && setError(pick(lang, errorText(e))),
    );
    return () => {
      live = false;
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [sha]);
  if (error) return <p class="error">{error}</p>;
  if (file === null) return <p class="muted">{at(lang, 'loading')}</p>;
  return (
    <div class="attachment" data-part="attachment" data-type={file.type}>
      {file.type.startsWith('image/') ? (
        <img src={file.url} alt={title} />
      ) : (
        <iframe src={file.url} title={title} />
      )}
    </div>
  );
}
