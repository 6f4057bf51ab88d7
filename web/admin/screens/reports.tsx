/**
 * Reports: the daily list of a unit, its monthly recap (the regency-wide one for the
 * agency admin, with each person's unit and totals per unit), and a person's attendance
 * card — each paged and sorted on the server, each exported by the reports API in the
 * same XLSX, PDF and CSV as the command line.
 */
import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import { DAY_STATUSES, type DayStatusCode } from '../../../core/attendance/types.js';
import type {
  DailyPageSchema,
  DailySort,
  RecapPageSchema,
  RecapSort,
} from '../../../server/features/console/schemas.js';
import { formatDate, pick, type Lang } from '../../src/i18n.js';
import {
  chargeLine,
  countRows,
  formatMonth,
  formatPct,
  leaveTypeName,
  statusLabel,
} from '../../src/recap-format.js';
import type { RecapCard } from '../../src/requests-api.js';
import { query } from '../api.js';
import { ExportButtons } from '../export-buttons.js';
import { hm, num, todayIn } from '../format.js';
import { at } from '../i18n.js';
import type { ScreenProps } from '../screens.js';
import { Pager, SortHeader, type SortState } from '../table.js';
import { UnitPicker, useUnits } from '../units.js';
import { useFetch } from '../use-fetch.js';

type Daily = Static<typeof DailyPageSchema>;
type Recap = Static<typeof RecapPageSchema>;
type Tab = 'daily' | 'recap' | 'card';
interface CardPerson {
  id: number;
  name: string;
  /** The zone of the person's unit, for the times. */
  zone: string;
}

const PAGE_SIZE = 50;

/** The mean deduction of a group (a sum of percentages means nothing), basis points. */
const avg = (bp: number, people: number) => (people === 0 ? 0 : Math.round(bp / people));

function lastMonth(zone: string): string {
  const today = todayIn(zone);
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function ReportsScreen({ lang, location }: ScreenProps) {
  const units = useUnits();
  const initialTab = location.query.get('tab');
  const [tab, setTab] = useState<Tab>(initialTab === 'recap' || initialTab === 'card' ? initialTab : 'daily');
  const [unitId, setUnitId] = useState<number | null>(null);
  const [card, setCard] = useState<CardPerson | null>(null);
  const zone = units?.units[0]?.zone ?? 'Asia/Jakarta';
  const [date, setDate] = useState(() => todayIn(zone));
  const [month, setMonth] = useState(() => lastMonth(zone));

  useEffect(() => {
    if (units !== null && unitId === null) setUnitId(units.top);
  }, [units, unitId]);

  if (units === null || unitId === null) return <p class="muted">{at(lang, 'loading')}</p>;

  const tabs: [Tab, 'tabDaily' | 'tabRecap' | 'tabCard'][] = [
    ['daily', 'tabDaily'],
    ['recap', 'tabRecap'],
    ['card', 'tabCard'],
  ];
  return (
    <div class="screen" data-screen="reports">
      <div class="screen-head">
        <h1>{at(lang, 'reportsTitle')}</h1>
      </div>
      <div class="tabs" role="group" aria-label={at(lang, 'reportKinds')}>
        {tabs.map(([id, key]) => (
          <button key={id} type="button" class="btn" aria-pressed={tab === id} onClick={() => setTab(id)}>
            {at(lang, key)}
          </button>
        ))}
      </div>
      <div class="filters">
        <UnitPicker lang={lang} units={units} value={unitId} onChange={setUnitId} />
        {tab === 'daily' ? (
          <label>
            <span>{at(lang, 'dateLabel')}</span>
            <input type="date" name="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          </label>
        ) : (
          <label>
            <span>{at(lang, 'monthLabel')}</span>
            <input
              type="month"
              name="month"
              value={month}
              onInput={(e) => /^\d{4}-\d{2}$/.test(e.currentTarget.value) && setMonth(e.currentTarget.value)}
            />
          </label>
        )}
      </div>
      {tab === 'daily' && /^\d{4}-\d{2}-\d{2}$/.test(date) && (
        <DailyReport lang={lang} unitId={unitId} date={date} />
      )}
      {tab === 'recap' && (
        <RecapReport
          lang={lang}
          unitId={unitId}
          month={month}
          zoneOf={(id) => units.units.find((u) => u.id === id)?.zone ?? zone}
          onCard={(p) => {
            setCard(p);
            setTab('card');
          }}
        />
      )}
      {tab === 'card' &&
        (card === null ? (
          <p class="note">{at(lang, 'cardPick')}</p>
        ) : (
          <CardReport lang={lang} employee={card} month={month} />
        ))}
    </div>
  );
}

function useListState<K extends string>(first: K, deps: readonly unknown[]) {
  const [sort, setSort] = useState<SortState<K>>({ sort: first, desc: false });
  const [page, setPage] = useState(1);
  const [text, setText] = useState('');
  useEffect(() => setPage(1), [sort, text, ...deps]);
  return { sort, setSort, page, setPage, text, setText };
}

function SearchBox({ lang, value, onInput }: { lang: Lang; value: string; onInput: (v: string) => void }) {
  return (
    <label>
      <span>{at(lang, 'search')}</span>
      <input name="q" type="search" value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

const CHANNEL_KEYS = {
  app: 'channelApp',
  fingerprint: 'channelFingerprint',
  kiosk: 'channelKiosk',
  manual: 'channelManual',
  import: 'channelImport',
  correction: 'channelCorrection',
} as const;

/** The name of a punch's channel; an unknown one as it is. */
function channelLabel(lang: Lang, c: string): string {
  const key = (CHANNEL_KEYS as Record<string, (typeof CHANNEL_KEYS)[keyof typeof CHANNEL_KEYS]>)[c];
  return key ? at(lang, key) : c;
}

/** "Check-ins by channel: app 120 · fingerprint machine 34", biggest first. */
function ChannelCounts({ lang, counts }: { lang: Lang; counts: Record<string, number> }) {
  const list = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (list.length === 0) return null;
  return (
    <p class="muted" data-part="channels">
      {at(lang, 'channelsLabel')}: {list.map(([c, n]) => `${channelLabel(lang, c)} ${n}`).join(' · ')}
    </p>
  );
}

function DailyReport({ lang, unitId, date }: { lang: Lang; unitId: number; date: string }) {
  const [status, setStatus] = useState('');
  const l = useListState<DailySort>('name', [unitId, date, status]);
  const { data, error } = useFetch<Daily>(
    `/console/daily${query({
      unitId,
      date,
      status,
      q: l.text.trim(),
      sort: l.sort.sort,
      order: l.sort.desc ? 'desc' : 'asc',
      page: l.page,
      pageSize: PAGE_SIZE,
    })}`,
  );
  const head = (col: DailySort, label: string, numeric = false) => (
    <SortHeader lang={lang} col={col} state={l.sort} onSort={l.setSort} numeric={numeric}>
      {label}
    </SortHeader>
  );
  return (
    <section class="panel" data-part="daily">
      <div class="panel-head">
        <h2>
          {at(lang, 'tabDaily')} · {formatDate(lang, date)}
        </h2>
        <ExportButtons
          lang={lang}
          label={at(lang, 'exportLabel')}
          path={(format) => `/units/${unitId}/daily/export${query({ date, format })}`}
        />
      </div>
      <div class="filters">
        <label>
          <span>{at(lang, 'statusFilter')}</span>
          <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{at(lang, 'allStatuses')}</option>
            {DAY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(lang, s)}
                {data?.byStatus[s] !== undefined ? ` (${data.byStatus[s]})` : ''}
              </option>
            ))}
          </select>
        </label>
        <SearchBox lang={lang} value={l.text} onInput={l.setText} />
      </div>
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}
      {data && (
        <>
          <ChannelCounts lang={lang} counts={data.byChannel} />
          <div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  {head('name', at(lang, 'colName'))}
                  {head('unit', at(lang, 'colUnit'))}
                  {head('status', at(lang, 'colStatus'))}
                  <th scope="col">{at(lang, 'colPlanned')}</th>
                  {head('check_in', at(lang, 'colCheckIn'))}
                  <th scope="col">{at(lang, 'colCheckOut')}</th>
                  {head('late', at(lang, 'colLate'), true)}
                  {head('early', at(lang, 'colEarly'), true)}
                </tr>
              </thead>
              <tbody>
                {data.people.map((p) => (
                  <tr key={p.employeeId} data-employee={p.employeeId}>
                    <td>
                      <strong>{p.name}</strong>
                      <span class="sub">{p.nip ?? p.internalId ?? ''}</span>
                    </td>
                    <td>{p.unitName}</td>
                    <td>
                      {statusLabel(lang, p.status as DayStatusCode)}
                      {p.leaveType !== null && <span class="sub">{leaveTypeName(lang, p.leaveType)}</span>}
                    </td>
                    <td>{p.plannedStart ? `${p.plannedStart}–${p.plannedEnd ?? ''}` : '–'}</td>
                    <td>
                      {p.checkInAt ? hm(p.checkInAt, data.unit.zone) : '–'}
                      {p.checkInChannel !== null && (
                        <span class="sub" data-channel={p.checkInChannel}>
                          {channelLabel(lang, p.checkInChannel)}
                        </span>
                      )}
                    </td>
                    <td>
                      {p.checkOutAt ? hm(p.checkOutAt, data.unit.zone) : '–'}
                      {p.checkOutChannel !== null && (
                        <span class="sub" data-channel={p.checkOutChannel}>
                          {channelLabel(lang, p.checkOutChannel)}
                        </span>
                      )}
                    </td>
                    <td class="num">
                      {p.lateMinutes > 0
                        ? `${at(lang, 'minutesShort', { n: p.lateMinutes })} ${p.lateBand ?? ''}`
                        : ''}
                    </td>
                    <td class="num">
                      {p.earlyMinutes > 0
                        ? `${at(lang, 'minutesShort', { n: p.earlyMinutes })} ${p.earlyBand ?? ''}`
                        : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.total === 0 ? (
            <p class="muted">{at(lang, 'noneFound')}</p>
          ) : (
            <Pager
              lang={lang}
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              onPage={l.setPage}
            />
          )}
        </>
      )}
    </section>
  );
}

function RecapReport(props: {
  lang: Lang;
  unitId: number;
  month: string;
  zoneOf: (unitId: number) => string;
  onCard: (p: CardPerson) => void;
}) {
  const { lang, unitId, month } = props;
  const l = useListState<RecapSort>('name', [unitId, month]);
  const { data, error } = useFetch<Recap>(
    `/console/recap${query({
      unitId,
      month,
      q: l.text.trim(),
      sort: l.sort.sort,
      order: l.sort.desc ? 'desc' : 'asc',
      page: l.page,
      pageSize: PAGE_SIZE,
    })}`,
  );
  const head = (col: RecapSort, label: string, numeric = true) => (
    <SortHeader lang={lang} col={col} state={l.sort} onSort={l.setSort} numeric={numeric}>
      {label}
    </SortHeader>
  );
  return (
    <>
      <section class="panel" data-part="recap">
        <div class="panel-head">
          <h2>
            {at(lang, 'tabRecap')} · {formatMonth(lang, month)}
          </h2>
          <ExportButtons
            lang={lang}
            label={at(lang, 'exportLabel')}
            path={(format) => `/units/${unitId}/recap/export${query({ month, format })}`}
          />
        </div>
        <p class="muted small">{at(lang, 'daysInMonthNote')}</p>
        <div class="filters">
          <SearchBox lang={lang} value={l.text} onInput={l.setText} />
        </div>
        {error && (
          <p class="error" role="alert">
            {pick(lang, error)}
          </p>
        )}
        {data && (
          <>
            <div class="table-wrap">
              <table class="grid" data-part="recap-people">
                <thead>
                  <tr>
                    {head('name', at(lang, 'colName'), false)}
                    {head('unit', at(lang, 'colUnit'), false)}
                    {head('present', at(lang, 'colPresent'))}
                    {head('tk', at(lang, 'colTk'))}
                    {head('late', at(lang, 'colLateMin'))}
                    {head('early', at(lang, 'colEarlyMin'))}
                    {head('deduction', at(lang, 'colDeduction'))}
                    {head('year_tk', at(lang, 'colYearTk'))}
                  </tr>
                </thead>
                <tbody>
                  {data.people.map((p) => (
                    <tr key={p.employeeId} data-employee={p.employeeId}>
                      <td>
                        <button
                          type="button"
                          class="linkish"
                          aria-label={at(lang, 'openCard', { name: p.name })}
                          onClick={() =>
                            props.onCard({ id: p.employeeId, name: p.name, zone: props.zoneOf(p.unitId) })
                          }
                        >
                          {p.name}
                        </button>
                        <span class="sub">{p.nip ?? p.internalId ?? ''}</span>
                      </td>
                      <td>{p.unitName}</td>
                      <td class="num">
                        {p.counts['present'] ?? 0}/{p.counts['workingDays'] ?? 0}
                      </td>
                      <td class="num">{p.counts['tanpaKeterangan'] ?? 0}</td>
                      <td class="num">{num(lang, p.lateMinutes)}</td>
                      <td class="num">{num(lang, p.earlyMinutes)}</td>
                      <td class="num">{formatPct(lang, p.totalBp)}</td>
                      <td class="num">
                        {p.yearTk}
                        {p.yearStep !== null && <span class="sub">{p.yearStep}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {data.total === 0 ? (
              <p class="muted">{at(lang, 'noneFound')}</p>
            ) : (
              <Pager
                lang={lang}
                page={data.page}
                pageSize={data.pageSize}
                total={data.total}
                onPage={l.setPage}
              />
            )}
          </>
        )}
      </section>
      {data && data.units.length > 0 && (
        <section class="panel" data-part="recap-units">
          <h2>{at(lang, 'unitTotals')}</h2>
          <div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  <th scope="col">{at(lang, 'colUnit')}</th>
                  <th scope="col" class="num">
                    {at(lang, 'colPeople')}
                  </th>
                  <th scope="col" class="num">
                    {at(lang, 'colTk')}
                  </th>
                  <th scope="col" class="num">
                    {at(lang, 'colLateMin')}
                  </th>
                  <th scope="col" class="num">
                    {at(lang, 'colEarlyMin')}
                  </th>
                  <th scope="col" class="num">
                    {at(lang, 'colAvgDeduction')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.units.map((u) => (
                  <tr key={u.unitId}>
                    <th scope="row">{u.name}</th>
                    <td class="num">{u.employees}</td>
                    <td class="num">{u.counts['tanpaKeterangan'] ?? 0}</td>
                    <td class="num">{num(lang, u.lateMinutes)}</td>
                    <td class="num">{num(lang, u.earlyMinutes)}</td>
                    <td class="num">{formatPct(lang, avg(u.totalBp, u.employees))}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{at(lang, 'totalsRow')}</th>
                  <td class="num">{data.totals.employees}</td>
                  <td class="num">{data.totals.counts['tanpaKeterangan'] ?? 0}</td>
                  <td class="num">{num(lang, data.totals.lateMinutes)}</td>
                  <td class="num">{num(lang, data.totals.earlyMinutes)}</td>
                  <td class="num">{formatPct(lang, avg(data.totals.totalBp, data.totals.employees))}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

export function CardReport({ lang, employee, month }: { lang: Lang; employee: CardPerson; month: string }) {
  const { data, error } = useFetch<RecapCard>(`/employees/${employee.id}/card${query({ month })}`);
  const ledger = new Map((data?.ledger ?? []).map((d) => [d.date, d]));
  return (
    <section class="panel" data-part="card">
      <div class="panel-head">
        <h2>
          {at(lang, 'cardOf', { name: employee.name })} · {formatMonth(lang, month)}
        </h2>
        <ExportButtons
          lang={lang}
          label={at(lang, 'exportLabel')}
          path={(format) => `/employees/${employee.id}/card/export${query({ month, format })}`}
        />
      </div>
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}
      {data && (
        <>
          <p>
            <strong>{at(lang, 'cardDeduction', { pct: formatPct(lang, data.recap.totalBp) })}</strong>
            {' · '}
            {at(lang, 'cardYearTk', { year: data.yearly.year, n: data.yearly.tkDays })}
          </p>
          <ul class="counts-inline">
            {countRows(lang, data.recap.counts).map((c) => (
              <li key={c.key}>
                {c.label}: <strong>{c.n}</strong>
              </li>
            ))}
          </ul>
          <div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  <th scope="col">{at(lang, 'colDate')}</th>
                  <th scope="col">{at(lang, 'colStatus')}</th>
                  <th scope="col">{at(lang, 'colCheckIn')}</th>
                  <th scope="col">{at(lang, 'colCheckOut')}</th>
                  <th scope="col">{at(lang, 'colCharges')}</th>
                </tr>
              </thead>
              <tbody>
                {data.days.map((d) => (
                  <tr key={d.date} data-date={d.date}>
                    <td>{formatDate(lang, d.date, 'short')}</td>
                    <td>
                      {statusLabel(lang, d.status)}
                      {d.leaveType !== null && <span class="sub">{leaveTypeName(lang, d.leaveType)}</span>}
                      {(d.reviews ?? []).map((r) => (
                        <span key={r.eventId} class="sub" data-part="review" data-state={r.state}>
                          {hm(r.at, employee.zone)}{' '}
                          {r.state === 'pending'
                            ? at(lang, 'reviewPendingShort')
                            : at(lang, r.state === 'accepted' ? 'reviewAcceptedBy' : 'reviewRejectedBy', {
                                by: r.by ?? '',
                                reason: r.reason ?? '',
                              })}
                        </span>
                      ))}
                    </td>
                    <td>{d.checkInAt ? hm(d.checkInAt, employee.zone) : '–'}</td>
                    <td>{d.checkOutAt ? hm(d.checkOutAt, employee.zone) : '–'}</td>
                    <td>{(ledger.get(d.date)?.items ?? []).map((i) => chargeLine(lang, i)).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
