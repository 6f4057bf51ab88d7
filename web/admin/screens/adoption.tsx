/**
 * Adoption: per unit, how far Hadir has been taken up over a chosen period — accounts
 * activated, phones enrolled, the share of days checked in on time and of punches through
 * each channel — sortable, with the list of people who never activated (to hand them
 * their slips). Counted on the server, scoped to the admin's units.
 */
import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import { addDays } from '../../../core/time.js';
import type { AdoptionSchema, NeverActivatedSchema } from '../../../server/features/console/schemas.js';
import { pick } from '../../src/i18n.js';
import { query } from '../api.js';
import { num, pct, todayIn } from '../format.js';
import { at } from '../i18n.js';
import { href, onLinkClick } from '../router.js';
import type { ScreenProps } from '../screens.js';
import { Pager, SortHeader, type SortState } from '../table.js';
import { UnitPicker, useUnits } from '../units.js';
import { useFetch } from '../use-fetch.js';

type Adoption = Static<typeof AdoptionSchema>;
type Row = Adoption['total'];
type Never = Static<typeof NeverActivatedSchema>;
type Sort =
  'name' | 'employees' | 'activated' | 'phones' | 'on_time' | 'app' | 'fingerprint' | 'manual' | 'never';

const PAGE_SIZE = 25;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function AdoptionScreen({ lang }: ScreenProps) {
  const units = useUnits();
  const zone = units?.units[0]?.zone ?? 'Asia/Jakarta';
  const [unitId, setUnitId] = useState<number | null>(null);
  const [to, setTo] = useState(() => todayIn(zone));
  const [from, setFrom] = useState(() => addDays(todayIn(zone), -29));
  const [sort, setSort] = useState<SortState<Sort>>({ sort: 'name', desc: false });
  const [page, setPage] = useState(1);
  useEffect(() => {
    if (units !== null && unitId === null) setUnitId(units.top);
  }, [units, unitId]);
  useEffect(() => setPage(1), [unitId]);

  const ready = unitId !== null && DATE.test(from) && DATE.test(to);
  const { data, error } = useFetch<Adoption>(
    ready
      ? `/console/adoption${query({ unitId, from, to, sort: sort.sort, order: sort.desc ? 'desc' : 'asc' })}`
      : null,
  );
  const never = useFetch<Never>(
    unitId === null
      ? null
      : `/console/adoption/never-activated${query({ unitId, page, pageSize: PAGE_SIZE })}`,
  );
  if (units === null || unitId === null) return <p class="muted">{at(lang, 'loading')}</p>;

  const head = (col: Sort, label: string) => (
    <SortHeader lang={lang} col={col} state={sort} onSort={setSort} numeric={col !== 'name'}>
      {label}
    </SortHeader>
  );
  const cells = (r: Row) => (
    <>
      <td class="num">{num(lang, r.employees)}</td>
      <td class="num" data-col="activated">
        {pct(lang, r.activated, r.employees)}
        <span class="sub">
          {num(lang, r.activated)} / {num(lang, r.employees)}
        </span>
      </td>
      <td class="num" data-col="phones">
        {pct(lang, r.phones, r.employees)}
        <span class="sub">{num(lang, r.phones)}</span>
      </td>
      <td class="num" data-col="on_time">
        {pct(lang, r.daysOnTime, r.daysIn)}
        <span class="sub">
          {num(lang, r.daysOnTime)} / {num(lang, r.daysIn)}
        </span>
      </td>
      {(['app', 'fingerprint', 'manual'] as const).map((c) => (
        <td key={c} class="num" data-col={c}>
          {pct(lang, r.bySource[c] ?? 0, r.punches)}
        </td>
      ))}
      <td class="num" data-col="never">
        {num(lang, r.employees - r.activated)}
      </td>
    </>
  );

  return (
    <div class="screen" data-screen="adoption">
      <div class="screen-head">
        <h1>{at(lang, 'adoptionTitle')}</h1>
        <p class="muted">{at(lang, 'adoptionLead')}</p>
      </div>
      <div class="filters">
        <UnitPicker lang={lang} units={units} value={unitId} onChange={setUnitId} />
        <label>
          <span>{at(lang, 'fromDate')}</span>
          <input type="date" name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          <span>{at(lang, 'toDate')}</span>
          <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
      </div>
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}
      {data && (
        <section class="panel" data-part="adoption">
          <div class="tiles">
            <div class="tile" data-tile="activated">
              <span class="tile-label">{at(lang, 'adoptActivated')}</span>
              <span class="tile-value">{pct(lang, data.total.activated, data.total.employees)}</span>
              <span class="tile-sub">
                {num(lang, data.total.activated)} / {num(lang, data.total.employees)}
              </span>
            </div>
            <div class="tile" data-tile="phones">
              <span class="tile-label">{at(lang, 'adoptPhones')}</span>
              <span class="tile-value">{pct(lang, data.total.phones, data.total.employees)}</span>
              <span class="tile-sub">{num(lang, data.total.phones)}</span>
            </div>
            <div class="tile" data-tile="on_time">
              <span class="tile-label">{at(lang, 'adoptOnTime')}</span>
              <span class="tile-value">{pct(lang, data.total.daysOnTime, data.total.daysIn)}</span>
              <span class="tile-sub">
                {num(lang, data.total.daysOnTime)} / {num(lang, data.total.daysIn)}
              </span>
            </div>
            <div class="tile" data-tile="app">
              <span class="tile-label">{at(lang, 'adoptByPhone')}</span>
              <span class="tile-value">{pct(lang, data.total.bySource['app'] ?? 0, data.total.punches)}</span>
              <span class="tile-sub">{at(lang, 'adoptPunches', { n: num(lang, data.total.punches) })}</span>
            </div>
          </div>
          <div class="table-wrap">
            <table class="grid">
              <thead>
                <tr>
                  {head('name', at(lang, 'colUnit'))}
                  {head('employees', at(lang, 'adoptPeople'))}
                  {head('activated', at(lang, 'adoptActivated'))}
                  {head('phones', at(lang, 'adoptPhones'))}
                  {head('on_time', at(lang, 'adoptOnTime'))}
                  {head('app', at(lang, 'channel_app'))}
                  {head('fingerprint', at(lang, 'channel_fingerprint'))}
                  {head('manual', at(lang, 'channel_manual'))}
                  {head('never', at(lang, 'adoptNever'))}
                </tr>
              </thead>
              <tbody>
                {data.units.map((r) => (
                  <tr key={r.unitId} data-unit={r.name}>
                    <td
                      style={
                        sort.sort === 'name' && !sort.desc
                          ? { paddingLeft: `${0.5 + r.depth}rem` }
                          : undefined
                      }
                    >
                      <button type="button" class="linkish" onClick={() => setUnitId(r.unitId)}>
                        {r.name}
                      </button>
                    </td>
                    {cells(r)}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-part="adoption-total">
                  <td>
                    <strong>{at(lang, 'adoptTotal')}</strong>
                  </td>
                  {cells(data.total)}
                </tr>
              </tfoot>
            </table>
          </div>
          <p class="muted small">{at(lang, 'adoptNote')}</p>
        </section>
      )}
      <section class="panel" data-part="never">
        <h2>
          {at(lang, 'adoptNeverTitle')}
          {never.data && (
            <span class="muted"> · {at(lang, 'peopleCount', { n: num(lang, never.data.total) })}</span>
          )}
        </h2>
        {never.data && never.data.total === 0 && <p class="muted">{at(lang, 'adoptNeverNone')}</p>}
        {never.data && never.data.total > 0 && (
          <>
            <div class="table-wrap">
              <table class="grid">
                <thead>
                  <tr>
                    <th scope="col">{at(lang, 'colName')}</th>
                    <th scope="col">NIP</th>
                    <th scope="col">{at(lang, 'colUnit')}</th>
                    <th scope="col">{at(lang, 'accountLabel')}</th>
                  </tr>
                </thead>
                <tbody>
                  {never.data.people.map((p) => (
                    <tr key={p.employeeId}>
                      <td>
                        <a
                          href={href(`people/${p.employeeId}`)}
                          onClick={(e) => onLinkClick(e, `people/${p.employeeId}`)}
                        >
                          {p.name}
                        </a>
                      </td>
                      <td>{p.nip ?? p.internalId ?? '–'}</td>
                      <td>{p.unitName}</td>
                      <td>{at(lang, p.account === 'none' ? 'account_none' : 'account_pending')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              lang={lang}
              page={never.data.page}
              pageSize={PAGE_SIZE}
              total={never.data.total}
              onPage={setPage}
            />
          </>
        )}
      </section>
    </div>
  );
}
