/**
 * Today, live: the counts of a unit and its child units (checked in, late by band, not
 * yet, on leave, dinas luar, outside the fence, flagged), updated from the server's event
 * stream as punches are committed; the morning's arrivals by minute; the people behind
 * any count, searched, sorted and paged on the server; who has not checked in, exported.
 */
import type { Static } from '@sinclair/typebox';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type {
  BoardSchema,
  LiveFilter,
  LiveSort,
  PeopleSchema,
} from '../../../server/features/live/schemas.js';
import { errorText } from '../../src/errors.js';
import { formatDate, pick, type Bilingual, type Lang } from '../../src/i18n.js';
import { get, query, readStream } from '../api.js';
import { ExportButtons } from '../export-buttons.js';
import { hm, num, zoneLabel } from '../format.js';
import { at, type AdminKey } from '../i18n.js';
import { navigate } from '../router.js';
import type { ScreenProps } from '../screens.js';
import { Pager, SortHeader, type SortState } from '../table.js';
import { ArrivalsChart } from './arrivals-chart.js';

type Board = Static<typeof BoardSchema>;
type People = Static<typeof PeopleSchema>;
type Person = People['people'][number];
type Counts = Board['totals'];

const PAGE_SIZE = 25;
const FLAGS = ['time_unverified', 'late_submission', 'selfie_missing'] as const;

/** A person list refetch waits this long after a punch, so a burst is one request. */
const PEOPLE_REFRESH_MS = 1500;
const RECONNECT_MS = 3000;

/** Keeps the board current: the first answer, then the event stream, reconnecting after a drop. */
function useLiveBoard(unitId: number | null) {
  const [board, setBoard] = useState<Board | null>(null);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);
  const [punches, setPunches] = useState<(Person & { punch: { id: string; kind: string } })[]>([]);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const stop = new AbortController();
    const q = query({ unitId });
    let timer: ReturnType<typeof setTimeout> | undefined;
    setBoard(null);
    setPunches([]);
    const run = async () => {
      while (!stop.signal.aborted) {
        try {
          // A plain request first: it renews an expired token before the stream opens.
          setBoard(await get<Board>(`/live/board${q}`));
          setError(null);
          await readStream(
            `/live/stream${q}`,
            (e) => {
              setConnected(true);
              if (e.event === 'board') setBoard(e.data as Board);
              else if (e.event === 'punch') {
                setPunches((list) =>
                  [e.data as Person & { punch: { id: string; kind: string } }, ...list].slice(0, 8),
                );
                setTick((n) => n + 1);
              }
            },
            stop.signal,
          );
        } catch (err) {
          if (stop.signal.aborted) return;
          setError(errorText(err));
        }
        setConnected(false);
        if (stop.signal.aborted) return;
        await new Promise((r) => (timer = setTimeout(r, RECONNECT_MS)));
      }
    };
    void run();
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
  }, [unitId]);

  return { board, connected, error, punches, tick };
}

interface Tile {
  key: AdminKey;
  value: number;
  filter: LiveFilter;
  band?: string;
  tone?: 'ok' | 'warn' | 'bad' | 'info';
  sub?: string;
}

function tiles(lang: Lang, c: Counts, bands: readonly string[]): Tile[] {
  const late = Object.values(c.late).reduce((a, b) => a + b, 0);
  const flagged = FLAGS.reduce((n, f) => n + c.flagged[f], 0);
  return [
    { key: 'tileExpected', value: c.expected, filter: 'all', sub: at(lang, 'tileOff', { n: c.off }) },
    { key: 'tileCheckedIn', value: c.checkedIn, filter: 'checked_in', tone: 'ok' },
    { key: 'tileOnTime', value: c.onTime, filter: 'on_time', tone: 'ok' },
    {
      key: 'tileLate',
      value: late,
      filter: 'late',
      tone: 'warn',
      sub: bands.map((b) => `${b}: ${c.late[b] ?? 0}`).join(' · '),
    },
    {
      key: 'tileNotYet',
      value: c.notYet,
      filter: 'not_yet',
      tone: 'bad',
      sub: at(lang, 'tileMissed', { n: c.missed }),
    },
    { key: 'tileLeave', value: c.leave, filter: 'leave', tone: 'info' },
    { key: 'tileDinasLuar', value: c.dinasLuar, filter: 'dinas_luar', tone: 'info' },
    { key: 'tileOutside', value: c.outside, filter: 'outside', tone: 'warn' },
    {
      key: 'tileFlagged',
      value: flagged,
      filter: 'flagged',
      tone: 'warn',
      sub: FLAGS.map((f) => `${at(lang, `flag_${f}`)}: ${c.flagged[f]}`).join(' · '),
    },
  ];
}

const FILTERS: readonly LiveFilter[] = [
  'all',
  'checked_in',
  'on_time',
  'late',
  'not_yet',
  'missed',
  'leave',
  'dinas_luar',
  'off',
  'outside',
  'flagged',
  'time_unverified',
  'late_submission',
  'selfie_missing',
];

export function TodayScreen({ lang, location }: ScreenProps) {
  const unitParam = location.query.get('unit');
  const unitId = unitParam !== null && /^\d+$/.test(unitParam) ? Number(unitParam) : null;
  const { board, connected, error, punches, tick } = useLiveBoard(unitId);
  const [filter, setFilter] = useState<{ filter: LiveFilter; band?: string }>({ filter: 'all' });
  const [text, setText] = useState('');
  const [sort, setSort] = useState<SortState<LiveSort>>({ sort: 'category', desc: false });
  const [page, setPage] = useState(1);
  const [people, setPeople] = useState<People | null>(null);
  const [peopleError, setPeopleError] = useState<Bilingual | null>(null);
  const peopleRef = useRef<HTMLElement>(null);

  useEffect(() => setPage(1), [unitId, filter, text, sort]);

  // The people list: refetched when the view changes, and shortly after new punches.
  const peoplePath = useMemo(
    () =>
      `/live/people${query({
        unitId,
        filter: filter.filter,
        band: filter.band,
        q: text.trim(),
        sort: sort.sort,
        order: sort.desc ? 'desc' : 'asc',
        page,
        pageSize: PAGE_SIZE,
      })}`,
    [unitId, filter, text, sort, page],
  );
  useEffect(() => {
    let live = true;
    const delay = tick === 0 ? 0 : PEOPLE_REFRESH_MS;
    const t = setTimeout(() => {
      get<People>(peoplePath).then(
        (p) => {
          if (!live) return;
          setPeople(p);
          setPeopleError(null);
        },
        (e: unknown) => live && setPeopleError(errorText(e)),
      );
    }, delay);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [peoplePath, tick]);

  function show(f: LiveFilter, band?: string) {
    setFilter(band === undefined ? { filter: f } : { filter: f, band });
    peopleRef.current?.scrollIntoView({ block: 'start' });
  }

  if (board === null)
    return error ? (
      <p class="error" role="alert">
        {pick(lang, error)}
      </p>
    ) : (
      <p class="muted">{at(lang, 'loading')}</p>
    );

  const zone = board.unit.zone;
  return (
    <div class="screen today" data-screen="today">
      <div class="screen-head">
        <div>
          <nav aria-label={at(lang, 'breadcrumb')} class="crumbs">
            {board.path.map((u, i) => (
              <span key={u.id}>
                {i > 0 && ' › '}
                {i < board.path.length - 1 ? (
                  <a
                    href={`/admin/?unit=${u.id}`}
                    onClick={(e) => (e.preventDefault(), navigate(`?unit=${u.id}`))}
                  >
                    {u.name}
                  </a>
                ) : (
                  <strong>{u.name}</strong>
                )}
              </span>
            ))}
          </nav>
          <h1>{at(lang, 'todayTitle')}</h1>
          <p class="muted">{formatDate(lang, board.date)}</p>
        </div>
        <p class={connected ? 'live on' : 'live off'} data-part="live-state" role="status">
          <span class="dot" aria-hidden="true" />
          {connected ? at(lang, 'liveOn') : at(lang, 'liveOff')}
          <span class="muted small">
            {' · '}
            {at(lang, 'updatedAt', { time: `${hm(board.generatedAt, zone)} ${zoneLabel(zone)}` })}
          </span>
        </p>
      </div>
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}

      <ul class="tiles" data-part="tiles">
        {tiles(lang, board.totals, board.bands).map((tile) => (
          <li key={tile.key}>
            <button
              type="button"
              class={`tile ${tile.tone ?? ''}`}
              data-tile={tile.filter}
              aria-pressed={filter.filter === tile.filter && filter.band === undefined}
              onClick={() => show(tile.filter)}
            >
              <span class="tile-label">{at(lang, tile.key)}</span>
              <strong class="tile-value">{num(lang, tile.value)}</strong>
              {tile.sub !== undefined && <span class="tile-sub">{tile.sub}</span>}
            </button>
          </li>
        ))}
      </ul>

      <div class="two-col">
        <section class="panel" aria-labelledby="chart-title">
          <h2 id="chart-title">{at(lang, 'chartTitle')}</h2>
          <ArrivalsChart lang={lang} arrivals={board.arrivals} zone={zone} />
        </section>
        <section class="panel" aria-labelledby="recent-title">
          <h2 id="recent-title">{at(lang, 'recentTitle')}</h2>
          {punches.length === 0 ? (
            <p class="muted">{at(lang, 'chartEmpty')}</p>
          ) : (
            <ul class="recent" data-part="recent">
              {punches.map((p) => (
                <li key={p.punch.id} data-employee={p.employeeId}>
                  <span class="time">{p.checkInAt ? hm(p.checkInAt, zone) : '–'}</span>
                  <span>{at(lang, 'recentLine', { name: p.name, unit: p.unitName })}</span>
                  <StatusChip lang={lang} p={p} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section class="panel" aria-labelledby="units-title">
        <h2 id="units-title">{at(lang, 'unitsTitle')}</h2>
        <div class="table-wrap">
          <table class="grid" data-part="units">
            <thead>
              <tr>
                <th scope="col">{at(lang, 'colUnit')}</th>
                <th scope="col" class="num">
                  {at(lang, 'colExpected')}
                </th>
                <th scope="col" class="num">
                  {at(lang, 'colIn')}
                </th>
                <th scope="col" class="num">
                  {at(lang, 'colOnTime')}
                </th>
                {board.bands.map((b) => (
                  <th key={b} scope="col" class="num">
                    {b}
                  </th>
                ))}
                <th scope="col" class="num">
                  {at(lang, 'colNotYet')}
                </th>
                <th scope="col" class="num">
                  {at(lang, 'colLeave')}
                </th>
                <th scope="col" class="num">
                  {at(lang, 'colDl')}
                </th>
                <th scope="col" class="num">
                  {at(lang, 'colOutside')}
                </th>
                <th scope="col" class="num">
                  {at(lang, 'colReview')}
                </th>
              </tr>
            </thead>
            <tbody>
              {board.rows.map((r) => (
                <tr key={`${r.unitId}-${r.own ? 'own' : 'sub'}`} data-unit={r.unitId}>
                  <th scope="row">
                    {r.own ? (
                      at(lang, 'ownRow', { name: r.name })
                    ) : (
                      <a
                        href={`/admin/?unit=${r.unitId}`}
                        aria-label={at(lang, 'openUnit', { name: r.name })}
                        onClick={(e) => (e.preventDefault(), navigate(`?unit=${r.unitId}`))}
                      >
                        {r.name}
                      </a>
                    )}
                  </th>
                  <td class="num">{num(lang, r.counts.expected)}</td>
                  <td class="num">{num(lang, r.counts.checkedIn)}</td>
                  <td class="num">{num(lang, r.counts.onTime)}</td>
                  {board.bands.map((b) => (
                    <td key={b} class="num">
                      {num(lang, r.counts.late[b] ?? 0)}
                    </td>
                  ))}
                  <td class="num">{num(lang, r.counts.notYet)}</td>
                  <td class="num">{num(lang, r.counts.leave)}</td>
                  <td class="num">{num(lang, r.counts.dinasLuar)}</td>
                  <td class="num">{num(lang, r.counts.outside)}</td>
                  <td class="num">
                    {num(
                      lang,
                      FLAGS.reduce((n, f) => n + r.counts.flagged[f], 0),
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="panel" aria-labelledby="people-title" ref={peopleRef}>
        <div class="panel-head">
          <h2 id="people-title">{at(lang, 'peopleTitle')}</h2>
          <ExportButtons
            lang={lang}
            label={at(lang, 'missedExport')}
            formats={['xlsx', 'csv', 'pdf']}
            path={(format) => `/live/missed/export${query({ unitId, format })}`}
          />
        </div>
        <div class="filters">
          <label>
            <span>{at(lang, 'filterLabel')}</span>
            <select
              name="filter"
              value={filter.band === undefined ? filter.filter : `late:${filter.band}`}
              onChange={(e) => {
                const v = e.currentTarget.value;
                if (v.startsWith('late:')) setFilter({ filter: 'late', band: v.slice(5) });
                else setFilter({ filter: v as LiveFilter });
              }}
            >
              {FILTERS.map((f) => (
                <option key={f} value={f}>
                  {at(lang, `filter_${f}`)}
                </option>
              ))}
              {board.bands.map((b) => (
                <option key={b} value={`late:${b}`}>
                  {at(lang, 'filter_late')} {b}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{at(lang, 'search')}</span>
            <input name="q" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </label>
        </div>
        {peopleError && (
          <p class="error" role="alert">
            {pick(lang, peopleError)}
          </p>
        )}
        {people && (
          <>
            <div class="table-wrap">
              <table class="grid" data-part="people">
                <thead>
                  <tr>
                    <SortHeader lang={lang} col="name" state={sort} onSort={setSort}>
                      {at(lang, 'colName')}
                    </SortHeader>
                    <SortHeader lang={lang} col="unit" state={sort} onSort={setSort}>
                      {at(lang, 'colUnit')}
                    </SortHeader>
                    <SortHeader lang={lang} col="category" state={sort} onSort={setSort}>
                      {at(lang, 'colStatus')}
                    </SortHeader>
                    <SortHeader lang={lang} col="check_in" state={sort} onSort={setSort}>
                      {at(lang, 'colCheckIn')}
                    </SortHeader>
                    <SortHeader lang={lang} col="late" state={sort} onSort={setSort} numeric>
                      {at(lang, 'colLate')}
                    </SortHeader>
                    <th scope="col">{at(lang, 'colFlags')}</th>
                  </tr>
                </thead>
                <tbody>
                  {people.people.map((p) => (
                    <tr key={p.employeeId} data-employee={p.employeeId} data-category={p.category}>
                      <td>
                        <strong>{p.name}</strong>
                        <span class="sub">{p.nip ?? p.internalId ?? ''}</span>
                      </td>
                      <td>{p.unitName}</td>
                      <td>
                        <StatusChip lang={lang} p={p} />
                      </td>
                      <td>
                        {p.checkInAt
                          ? `${hm(p.checkInAt, zone)}`
                          : p.plannedStart
                            ? `(${p.plannedStart})`
                            : '–'}
                      </td>
                      <td class="num">
                        {p.lateMinutes > 0 ? at(lang, 'minutesShort', { n: p.lateMinutes }) : ''}
                      </td>
                      <td>
                        {p.outside && <span class="flag">{at(lang, 'outsideFlag')}</span>}
                        {p.flags.map((f) => (
                          <span key={f} class="flag">
                            {at(lang, `flag_${f}` as AdminKey)}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {people.total === 0 ? (
              <p class="muted">{at(lang, 'noneFound')}</p>
            ) : (
              <Pager
                lang={lang}
                page={people.page}
                pageSize={people.pageSize}
                total={people.total}
                onPage={setPage}
              />
            )}
          </>
        )}
      </section>
    </div>
  );
}

function StatusChip({ lang, p }: { lang: Lang; p: Person }) {
  const late = p.category === 'checked_in' && p.lateMinutes > 0;
  const tone =
    p.category === 'checked_in' ? (late ? 'warn' : 'ok') : p.category === 'not_yet' ? 'bad' : 'info';
  return (
    <span class={`chip ${tone}`}>
      {late ? `${at(lang, 'filter_late')} ${p.lateBand ?? ''}`.trim() : at(lang, `cat_${p.category}`)}
    </span>
  );
}
