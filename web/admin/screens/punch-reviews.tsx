/**
 * The inbox part for punches outside the work site (GET /check-ins/reviews): who pressed,
 * when, how far from their site, where the phone was and the selfie, with accept (the
 * punch counts) and reject (it never counts), one by one or those selected, always with a
 * reason (POST /check-ins/{id}/review). The server checks the scope and writes the audit
 * log; the daily list and the exports print the decision and its reason.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PunchReviewView } from '../../../core/wire.js';
import { errorText } from '../../src/errors.js';
import { formatDate, formatDistance, pick, type Lang } from '../../src/i18n.js';
import { post, query } from '../api.js';
import { at, bothAt, isAdminKey, type AdminKey } from '../i18n.js';
import { SelfiePreview } from '../selfie.js';
import { Pager } from '../table.js';
import { useFetch } from '../use-fetch.js';

/** One punch of the queue, as GET /check-ins/reviews gives it. */
export interface ReviewItem {
  punchId: string;
  kind: 'in' | 'out';
  at: string;
  workDate: string;
  localTime: string;
  zone: string;
  employee: { id: number; name: string; nip: string | null; internalId: string | null; unitName: string };
  position: { lat: number; lon: number; accuracy: number } | null;
  site: { id: number | null; name: string | null; distanceM: number };
  flags: string[];
  photoUrl: string | null;
  /** What the server observed about the punch's time (instants ISO). */
  evidence?: {
    timeSource: string;
    capturedAt: string;
    anchorTime: string | null;
    receivedAt: string;
    delayMs: number;
    contactAt: string | null;
  };
  review: PunchReviewView;
}

interface Queue {
  total: number;
  page: number;
  pageSize: number;
  items: ReviewItem[];
}

const PAGE_SIZE = 20;
export const REVIEW_STATUSES = ['pending', 'accepted', 'rejected'] as const;

/** How many punches wait for a decision (the tab's count). */
export function usePendingReviews(version: number): number | null {
  const { data } = useFetch<Queue>(`/check-ins/reviews${query({ status: 'pending', pageSize: 1 })}`, version);
  return data?.total ?? null;
}

export function PunchReviews(props: { lang: Lang; status: string; onDecided: () => void; version: number }) {
  const { lang, status } = props;
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: number; failed: string[] } | null>(null);
  const [selfie, setSelfie] = useState<string | null>(null);
  useEffect(() => {
    setPage(1);
    setSelected(new Set());
    setSelfie(null);
  }, [status]);
  const { data, error } = useFetch<Queue>(
    `/check-ins/reviews${query({ status, page, pageSize: PAGE_SIZE })}`,
    props.version,
  );
  const items = data?.items ?? [];
  const pending = status === 'pending';

  async function run(ids: readonly string[], accept: boolean) {
    if (reason.trim() === '') {
      setOutcome({ ok: 0, failed: [pick(lang, bothAt('reviewNeedsReason'))] });
      return;
    }
    setBusy(true);
    const failed: string[] = [];
    let ok = 0;
    // One after the other: each is its own decision in the audit log.
    for (const id of ids) {
      const item = items.find((i) => i.punchId === id);
      try {
        await post(`/check-ins/${encodeURIComponent(id)}/review`, {
          decision: accept ? 'accept' : 'reject',
          reason: reason.trim(),
        });
        ok++;
      } catch (e) {
        failed.push(
          at(lang, 'decidedFailed', { name: item?.employee.name ?? id, reason: pick(lang, errorText(e)) }),
        );
      }
    }
    setOutcome({ ok, failed });
    setSelected(new Set());
    setReason('');
    setBusy(false);
    props.onDecided();
  }

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  return (
    <>
      <p class="muted small">{at(lang, 'punchReviewHint')}</p>
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
              checked={items.every((i) => selected.has(i.punchId))}
              onChange={(e) =>
                setSelected(e.currentTarget.checked ? new Set(items.map((i) => i.punchId)) : new Set())
              }
            />
            <span>{at(lang, 'selectAll')}</span>
          </label>
          <span class="muted">{at(lang, 'selectedCount', { n: selected.size })}</span>
          <label class="grow">
            <span>{at(lang, 'reviewReasonLabel')}</span>
            <input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button
            type="button"
            class="btn primary"
            disabled={busy || selected.size === 0}
            onClick={() => void run([...selected], true)}
          >
            {at(lang, 'acceptSelected')}
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
          <li key={item.punchId} data-id={item.punchId} data-status={item.review.status}>
            {pending && (
              <input
                type="checkbox"
                checked={selected.has(item.punchId)}
                aria-label={at(lang, 'selectItem', { name: item.employee.name })}
                onChange={() => toggle(item.punchId)}
              />
            )}
            <div class="inbox-body">
              <p class="who-line">
                <strong>{item.employee.name}</strong>{' '}
                <span class="muted small">
                  {item.employee.nip ?? item.employee.internalId ?? ''} · {item.employee.unitName}
                </span>
              </p>
              <p>
                <strong>
                  {at(lang, 'punchLine', {
                    kind: at(lang, item.kind === 'out' ? 'kindOut' : 'kindIn'),
                    time: item.localTime.slice(0, 5),
                    date: formatDate(lang, item.workDate, 'short'),
                    dist: formatDistance(lang, item.site.distanceM),
                    site: item.site.name ?? '–',
                  })}
                </strong>
              </p>
              {item.position && (
                <p class="muted small" data-part="position">
                  {at(lang, 'punchPosition', {
                    lat: item.position.lat.toFixed(5),
                    lon: item.position.lon.toFixed(5),
                    acc: Math.round(item.position.accuracy),
                  })}
                </p>
              )}
              {item.review.cause !== null && item.review.cause !== 'outside_fence' && (
                <p class="small" data-part="cause">
                  <strong>{at(lang, `cause_${item.review.cause}` as AdminKey)}</strong>
                </p>
              )}
              {item.evidence && item.review.cause !== null && item.review.cause !== 'outside_fence' && (
                <p class="muted small" data-part="evidence">
                  {at(lang, 'evidenceTimes', {
                    anchor:
                      item.evidence.anchorTime === null ? '–' : stamp(item.evidence.anchorTime, item.zone),
                    received: stamp(item.evidence.receivedAt, item.zone),
                    phone: stamp(item.evidence.capturedAt, item.zone),
                  })}
                  {item.evidence.contactAt !== null &&
                    ' · ' + at(lang, 'evidenceContact', { at: stamp(item.evidence.contactAt, item.zone) })}
                </p>
              )}
              {item.flags.length > 0 && (
                <p class="small">
                  {item.flags.map((f) => (
                    <span key={f} class="flag">
                      {flagText(lang, f)}
                    </span>
                  ))}
                </p>
              )}
              <DecisionLine lang={lang} review={item.review} />
              {item.photoUrl === null ? (
                <p class="muted small">{at(lang, 'noSelfie')}</p>
              ) : selfie === item.punchId ? (
                <>
                  <button type="button" class="linkish" onClick={() => setSelfie(null)}>
                    {at(lang, 'hideSelfie')}
                  </button>
                  <SelfiePreview
                    lang={lang}
                    url={item.photoUrl}
                    title={at(lang, 'selfieOf', { name: item.employee.name })}
                  />
                </>
              ) : (
                <button type="button" class="linkish" onClick={() => setSelfie(item.punchId)}>
                  {at(lang, 'viewSelfie')}
                </button>
              )}
            </div>
            {pending && (
              <div class="inbox-actions">
                <button
                  type="button"
                  class="btn primary"
                  disabled={busy}
                  onClick={() => void run([item.punchId], true)}
                >
                  {at(lang, 'accept')}
                </button>
                <button
                  type="button"
                  class="btn danger"
                  disabled={busy}
                  onClick={() => void run([item.punchId], false)}
                >
                  {at(lang, 'reject')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {data && data.total > PAGE_SIZE && (
        <Pager lang={lang} page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
      )}
    </>
  );
}

/** An instant as 'YYYY-MM-DD HH:MM' on the clock of the work site. */
function stamp(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const v = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${v('year')}-${v('month')}-${v('day')} ${v('hour')}:${v('minute')}`;
}

function flagText(lang: Lang, f: string): string {
  const key = `flag_${f}`;
  return isAdminKey(key) ? at(lang, key) : f;
}

function DecisionLine({ lang, review }: { lang: Lang; review: PunchReviewView }) {
  if (review.status === 'pending') return null;
  return (
    <p class="muted small" data-part="decision">
      {at(lang, review.status === 'accepted' ? 'reviewAcceptedBy' : 'reviewRejectedBy', {
        by: review.decidedBy ?? '',
        reason: review.reason ?? '',
      })}
    </p>
  );
}
