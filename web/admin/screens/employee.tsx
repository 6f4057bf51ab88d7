/**
 * An employee's page: the profile and unit history (GET /employees/{id}), the account,
 * phones, work sites and the week in force (GET /console/employees/{id}/overview), this
 * month's attendance card, and this month's punches with their fence, timing and flags.
 * Each read is scoped by the server: another OPD's person answers as if missing.
 */
import type { Static } from '@sinclair/typebox';
import type { EmployeeOverviewSchema } from '../../../server/features/console/schemas.js';
import type { EmployeeDetailSchema } from '../../../server/features/units/schemas.js';
import type { AttendanceResponseSchema } from '../../../server/platform/http/schemas.js';
import { useState } from 'preact/hooks';
import { formatDate, pick, type Lang } from '../../src/i18n.js';
import { query } from '../api.js';
import { todayIn } from '../format.js';
import { at, isAdminKey } from '../i18n.js';
import { href, onLinkClick } from '../router.js';
import type { ScreenProps } from '../screens.js';
import { SelfiePreview } from '../selfie.js';
import { useFetch } from '../use-fetch.js';
import { CardReport } from './reports.js';

type Detail = Static<typeof EmployeeDetailSchema>;
type Overview = Static<typeof EmployeeOverviewSchema>;
type Attendance = Static<typeof AttendanceResponseSchema>;

function flagText(lang: Lang, f: string): string {
  const key = `flag_${f}`;
  return isAdminKey(key) ? at(lang, key) : f;
}

export function EmployeePage({ lang, employeeId }: ScreenProps & { employeeId: number }) {
  const detail = useFetch<Detail>(`/employees/${employeeId}`);
  const overview = useFetch<Overview>(`/console/employees/${employeeId}/overview`);
  const zone = overview.data?.zone ?? 'Asia/Jakarta';
  const today = overview.data?.today ?? todayIn(zone);
  const month = today.slice(0, 7);
  const punches = useFetch<Attendance>(
    overview.data ? `/employees/${employeeId}/attendance${query({ from: `${month}-01`, to: today })}` : null,
  );
  const error = detail.error ?? overview.error;
  if (error)
    return (
      <div class="screen" data-screen="employee">
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
        <a href={href('people')} onClick={(e) => onLinkClick(e, 'people')}>
          {at(lang, 'backToPeople')}
        </a>
      </div>
    );
  if (!detail.data || !overview.data) return <p class="muted">{at(lang, 'loading')}</p>;
  const e = detail.data.employee;
  const o = overview.data;
  const days = [...(punches.data?.days ?? [])].filter((d) => d.punches.length > 0).reverse();

  return (
    <div class="screen" data-screen="employee">
      <nav class="crumbs" aria-label={at(lang, 'breadcrumbs')}>
        <a href={href('people')} onClick={(ev) => onLinkClick(ev, 'people')}>
          {at(lang, 'navPeople')}
        </a>{' '}
        › <span>{e.name}</span>
      </nav>
      <div class="screen-head">
        <h1>{e.name}</h1>
        <a
          href={href(`audit?employeeId=${e.id}&name=${encodeURIComponent(e.name)}`)}
          onClick={(ev) => onLinkClick(ev, `audit?employeeId=${e.id}&name=${encodeURIComponent(e.name)}`)}
        >
          {at(lang, 'seeAudit')}
        </a>
      </div>
      <div class="two-col">
        <section class="panel" data-part="profile">
          <h2>{at(lang, 'profileTitle')}</h2>
          <dl class="facts">
            <dt>NIP</dt>
            <dd>{e.nip ?? e.internalId ?? '–'}</dd>
            <dt>{at(lang, 'colUnit')}</dt>
            <dd>{detail.data.unitName}</dd>
            <dt>{at(lang, 'colPosition')}</dt>
            <dd>{e.position || '–'}</dd>
            <dt>{at(lang, 'kindLabel')}</dt>
            <dd>
              {e.kind === 'non_asn' ? 'Non-ASN' : e.kind.toUpperCase()} {e.rank ?? ''}
            </dd>
            <dt>{at(lang, 'activeLabel')}</dt>
            <dd>
              {e.active
                ? at(lang, 'activeYes')
                : `${at(lang, 'activeNo')} ${e.inactiveFrom ?? ''} ${e.inactiveReason ?? ''}`}
            </dd>
            <dt>{at(lang, 'accountLabel')}</dt>
            <dd data-part="account">
              {o.account === null ? (
                <span class="chip warn">{at(lang, 'account_none')}</span>
              ) : (
                <>
                  <code>{o.account.username}</code>{' '}
                  <span class={`chip ${o.account.state === 'active' ? 'ok' : 'warn'}`}>
                    {at(lang, `account_${o.account.state}`)}
                  </span>
                </>
              )}
            </dd>
          </dl>
          {detail.data.placements.length > 1 && (
            <>
              <h3>{at(lang, 'unitHistory')}</h3>
              <ul class="plain">
                {detail.data.placements.map((p) => (
                  <li key={p.fromDate}>
                    {formatDate(lang, p.fromDate, 'short')}: {p.unitName}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section class="panel" data-part="devices">
          <h2>{at(lang, 'devicesTitle')}</h2>
          {o.devices.length === 0 ? (
            <p class="muted">{at(lang, 'noDevices')}</p>
          ) : (
            <ul class="plain">
              {o.devices.map((d) => (
                <li key={d.id}>
                  {d.label}{' '}
                  <span
                    class={`chip ${d.status === 'active' ? 'ok' : d.status === 'pending' ? 'warn' : 'bad'}`}
                  >
                    {at(lang, `device_${d.status as 'active' | 'pending' | 'revoked'}`)}
                  </span>{' '}
                  <span class="muted small">{formatDate(lang, d.createdAt.slice(0, 10), 'short')}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>{at(lang, 'sitesTitle')}</h2>
          {o.sites.length === 0 ? (
            <p class="muted">{at(lang, 'noSites')}</p>
          ) : (
            <ul class="plain">
              {o.sites.map((s) => (
                <li key={s.id}>{s.name}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section class="panel" data-part="week">
        <h2>
          {at(lang, 'scheduleInForce')}
          {o.schedule && (
            <span class="muted">
              {' '}
              · {o.schedule.name} ({at(lang, 'since')} {formatDate(lang, o.schedule.effectiveFrom, 'short')})
            </span>
          )}
        </h2>
        <div class="table-wrap">
          <table class="grid">
            <thead>
              <tr>
                <th scope="col">{at(lang, 'colDate')}</th>
                <th scope="col">{at(lang, 'colPlanned')}</th>
                <th scope="col">{at(lang, 'checkInWindow')}</th>
                <th scope="col">{at(lang, 'checkOutWindow')}</th>
              </tr>
            </thead>
            <tbody>
              {o.week.map((w, i) => {
                return (
                  <tr key={w.date} data-date={w.date}>
                    <td>
                      {formatDate(lang, w.date, 'short')}
                      {i === 0 && <span class="chip info">{at(lang, 'todayChip')}</span>}
                    </td>
                    <td>
                      {w.day ? `${w.day.start}–${w.day.end}` : at(lang, w.holiday ? 'holidayDay' : 'dayOff')}
                    </td>
                    <td>{w.day ? `${w.day.checkInFrom}–${w.day.checkInUntil}` : ''}</td>
                    <td>{w.day ? `${w.day.checkOutFrom}–${w.day.checkOutUntil}` : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section class="panel" data-part="punches">
        <h2>{at(lang, 'punchesThisMonth')}</h2>
        {punches.error && (
          <p class="error" role="alert">
            {pick(lang, punches.error)}
          </p>
        )}
        {days.length === 0 ? (
          <p class="muted">{at(lang, 'noPunches')}</p>
        ) : (
          <div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  <th scope="col">{at(lang, 'colDate')}</th>
                  <th scope="col">{at(lang, 'colTime')}</th>
                  <th scope="col">{at(lang, 'colKind')}</th>
                  <th scope="col">{at(lang, 'colChannel')}</th>
                  <th scope="col">{at(lang, 'colFence')}</th>
                  <th scope="col">{at(lang, 'colFlags')}</th>
                </tr>
              </thead>
              <tbody>
                {days.flatMap((d) =>
                  d.punches.map((p) => (
                    <tr key={p.id} data-punch={p.id}>
                      <td>{formatDate(lang, d.date, 'short')}</td>
                      <td>{p.localTime.slice(0, 5)}</td>
                      <td>{at(lang, p.kind === 'in' ? 'punchIn' : 'punchOut')}</td>
                      <td>{at(lang, `channel_${p.source}`)}</td>
                      <td>
                        {p.fence.status === 'inside'
                          ? (p.fence.locationName ?? at(lang, 'fenceInside'))
                          : p.fence.status === 'outside'
                            ? at(lang, 'fenceOutside', { m: Math.round(p.fence.distanceM) })
                            : '–'}
                      </td>
                      <td>
                        {p.timing.lateMinutes > 0 && (
                          <span class="flag">{at(lang, 'minutesLate', { n: p.timing.lateMinutes })}</span>
                        )}
                        {p.flags.map((f) => (
                          <span key={f} class="flag">
                            {flagText(lang, f)}
                          </span>
                        ))}
                        {p.photo &&
                          (p.photo.uploaded ? (
                            <SelfieToggle lang={lang} punchId={p.id} name={e.name} />
                          ) : (
                            <span class="chip info">{at(lang, 'selfieNotArrived')}</span>
                          ))}
                        {p.review && (
                          <span
                            class={`chip ${p.review.status === 'accepted' ? 'ok' : p.review.status === 'rejected' ? 'bad' : 'warn'}`}
                            data-part="review"
                          >
                            {p.review.status === 'pending'
                              ? at(lang, 'reviewPendingShort')
                              : at(
                                  lang,
                                  p.review.status === 'accepted' ? 'reviewAcceptedBy' : 'reviewRejectedBy',
                                  {
                                    by: p.review.decidedBy ?? '',
                                    reason: p.review.reason ?? '',
                                  },
                                )}
                          </span>
                        )}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CardReport lang={lang} employee={{ id: e.id, name: e.name, zone }} month={month} />
    </div>
  );
}

/** A punch's selfie behind a button: shown only when asked for, since every view is audited. */
function SelfieToggle({ lang, punchId, name }: { lang: Lang; punchId: string; name: string }) {
  const [open, setOpen] = useState(false);
  return (
    <span class="selfie-toggle" data-part="selfie-toggle">
      <button type="button" class="linkish" onClick={() => setOpen(!open)}>
        {at(lang, open ? 'hideSelfie' : 'viewSelfie')}
      </button>
      {open && (
        <SelfiePreview
          lang={lang}
          url={`/check-ins/${punchId}/photo`}
          title={at(lang, 'selfieOf', { name })}
        />
      )}
    </span>
  );
}
