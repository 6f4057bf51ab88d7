/**
 * Schedules and rosters: a unit's roster as a grid of people × the days of a month, filled
 * by clicking cells with a shift code (or a day off) and saved as one write, a rotating
 * pattern applied to everyone on the page, a swap of two cells (tukar dinas); the shift
 * types the unit may use; and its weekly hours as versions from a date. Every write goes
 * through the feature APIs (rosters, shift types, weekly schedules), which check scope
 * and audit; the server scopes every answer to the admin's units.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  RAMADAN_2026,
  RAMADAN_FIVE_DAY,
  RAMADAN_SIX_DAY,
  officeDay,
} from '../../../core/attendance/index.js';
import type { WorkDay as FullWorkDay } from '../../../core/attendance/types.js';
import { addDays, parseHHMM, weekdayOf } from '../../../core/time.js';
import type { RosterGrid } from '../../../server/features/console/rosters.js';
import { formatDate, pick, type Lang } from '../../src/i18n.js';
import { post, query } from '../api.js';
import { minuteLabel, num, todayIn } from '../format.js';
import { at, type AdminKey } from '../i18n.js';
import type { ScreenProps } from '../screens.js';
import { Pager } from '../table.js';
import { UnitPicker, useUnits } from '../units.js';
import { useAction } from '../use-action.js';
import { useFetch } from '../use-fetch.js';

type Tab = 'roster' | 'shifts' | 'weekly' | 'overrides';
const TABS: readonly { id: Tab; label: AdminKey }[] = [
  { id: 'roster', label: 'schedTabRoster' },
  { id: 'shifts', label: 'schedTabShifts' },
  { id: 'weekly', label: 'schedTabWeekly' },
  { id: 'overrides', label: 'schedTabOverrides' },
];

/** A cell's key in the pending edits. */
const cellKey = (employeeId: number, date: string) => `${employeeId}|${date}`;

/** What fills a clicked cell: a shift code, or null for a rostered day off. */
type Fill = { code: string | null };

const PAGE_SIZE = 50;

export function SchedulesScreen({ lang, account, location }: ScreenProps) {
  const units = useUnits();
  const [unitId, setUnitId] = useState<number | null>(null);
  const initialTab = location.query.get('tab');
  const [tab, setTab] = useState<Tab>(TABS.some((t) => t.id === initialTab) ? (initialTab as Tab) : 'roster');
  const unit = unitId ?? units?.top ?? null;

  return (
    <div class="screen" data-screen="schedules">
      <div class="screen-head">
        <h1>{at(lang, 'schedTitle')}</h1>
        <p class="muted">{at(lang, 'schedLead')}</p>
      </div>
      <section class="panel" data-part="schedule-filters">
        <div class="filters">
          {units && unit !== null && (
            <UnitPicker lang={lang} units={units} value={unit} onChange={setUnitId} />
          )}
        </div>
        <div class="tabs" role="group" aria-label={at(lang, 'schedTitle')}>
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              class="btn"
              aria-pressed={tab === t.id}
              onClick={() => setTab(t.id)}
            >
              {at(lang, t.label)}
            </button>
          ))}
        </div>
      </section>
      {unit !== null && tab === 'roster' && <RosterTab lang={lang} unitId={unit} />}
      {unit !== null && tab === 'shifts' && <ShiftTypesTab lang={lang} unitId={unit} />}
      {unit !== null && tab === 'weekly' && <WeeklyTab lang={lang} unitId={unit} />}
      {unit !== null && units && tab === 'overrides' && (
        <OverridesTab
          lang={lang}
          unitId={unit}
          isTop={unit === units.top}
          agency={account.role === 'agency_admin'}
        />
      )}
    </div>
  );
}

/** "S", "S", "R", "K", "J", "S", "M" — the weekday's initial, Monday (weekday 1) first. */
const WEEKDAY_INITIALS: Record<Lang, readonly string[]> = {
  id: ['S', 'S', 'R', 'K', 'J', 'S', 'M'],
  en: ['M', 'T', 'W', 'T', 'F', 'S', 'S'],
};

function useGrid(unitId: number, month: string, text: string, page: number, version: number) {
  return useFetch<RosterGrid>(
    /^\d{4}-\d{2}$/.test(month)
      ? `/console/rosters${query({ unitId, month, q: text.trim(), page, pageSize: PAGE_SIZE })}`
      : null,
    version,
  );
}

function RosterTab({ lang, unitId }: { lang: Lang; unitId: number }) {
  const [month, setMonth] = useState(() => todayIn('Asia/Jakarta').slice(0, 7));
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [fill, setFill] = useState<Fill | null>(null);
  const [swapMode, setSwapMode] = useState(false);
  const [swapPick, setSwapPick] = useState<{ employeeId: number; date: string; name: string }[]>([]);
  const [pending, setPending] = useState<ReadonlyMap<string, string | null>>(new Map());
  const action = useAction(lang);
  const { data, error } = useGrid(unitId, month, text, page, version);

  useEffect(() => setPage(1), [unitId, month, text]);
  useEffect(() => {
    setPending(new Map());
    setSwapPick([]);
  }, [unitId, month]);

  const offLabel = at(lang, 'rosterOffShort');
  const shown = (v: string | null | undefined) => (v === undefined ? '' : v === null ? offLabel : v);
  const reload = () => setVersion((v) => v + 1);

  function clickCell(p: RosterGrid['people'][number], date: string) {
    if (swapMode) {
      const picked = { employeeId: p.employeeId, date, name: p.name };
      setSwapPick((prev) =>
        prev.length >= 2
          ? [picked]
          : prev.some((x) => x.employeeId === p.employeeId && x.date === date)
            ? prev
            : [...prev, picked],
      );
      return;
    }
    if (!fill) return;
    const key = cellKey(p.employeeId, date);
    const next = new Map(pending);
    // The same fill again takes the change back; a fill equal to what is saved is no change.
    const again = pending.has(key) && pending.get(key) === fill.code;
    const same = date in p.shifts && p.shifts[date] === fill.code;
    if (again || same) next.delete(key);
    else next.set(key, fill.code);
    setPending(next);
  }

  function save() {
    const entries = [...pending].map(([key, shiftCode]) => {
      const [id, date] = key.split('|') as [string, string];
      return { employeeId: Number(id), date, shiftCode };
    });
    void action.run(
      () => post('/rosters', { entries }),
      () => {
        setPending(new Map());
        reload();
      },
    );
  }

  function doSwap() {
    const [a, b] = swapPick;
    if (!a || !b) return;
    void action.run(
      () =>
        post('/rosters/swaps', {
          a: { employeeId: a.employeeId, date: a.date },
          b: { employeeId: b.employeeId, date: b.date },
        }),
      () => {
        setSwapPick([]);
        reload();
      },
    );
  }

  const dayLabel = (date: string) => formatDate(lang, date);
  const today = todayIn('Asia/Jakarta');

  return (
    <section class="panel" data-part="roster">
      <div class="filters">
        <label>
          <span>{at(lang, 'monthLabel')}</span>
          <input type="month" name="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} />
        </label>
        <label>
          <span>{at(lang, 'rosterSearch')}</span>
          <input type="search" name="q" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
      </div>
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}
      {data && (
        <>
          {data.shiftTypes.length === 0 && <p class="note">{at(lang, 'rosterNoShifts')}</p>}
          <div class="tabs palette" role="toolbar" aria-label={at(lang, 'rosterBrush')} data-part="palette">
            <span class="muted">{at(lang, 'rosterBrush')}:</span>
            {data.shiftTypes.map((t) => (
              <button
                key={t.code}
                type="button"
                class="btn"
                aria-pressed={!swapMode && fill?.code === t.code}
                title={`${t.name} ${minuteLabel(t.start)}–${minuteLabel(t.end)}`}
                onClick={() => {
                  setSwapMode(false);
                  setFill({ code: t.code });
                }}
              >
                <strong>{t.code}</strong> {t.name}{' '}
                <span class="muted">
                  {minuteLabel(t.start)}–{minuteLabel(t.end)}
                </span>
              </button>
            ))}
            <button
              type="button"
              class="btn"
              aria-pressed={!swapMode && fill?.code === null}
              onClick={() => {
                setSwapMode(false);
                setFill({ code: null });
              }}
            >
              <strong>{offLabel}</strong> {at(lang, 'rosterOff')}
            </button>
            <button
              type="button"
              class="btn"
              aria-pressed={swapMode}
              onClick={() => {
                setSwapMode(!swapMode);
                setSwapPick([]);
              }}
            >
              ⇄ {at(lang, 'rosterSwapMode')}
            </button>
          </div>
          <p class="muted small">{at(lang, swapMode ? 'rosterSwapHint' : 'rosterHint')}</p>
          {data.people.length === 0 ? (
            <p class="muted">{at(lang, 'rosterNoPeople')}</p>
          ) : (
            <div class="table-wrap roster-wrap">
              <table class="grid roster-grid">
                <thead>
                  <tr>
                    <th scope="col" class="sticky">
                      {at(lang, 'colName')}
                    </th>
                    {data.days.map((d) => {
                      const wd = weekdayOf(d);
                      return (
                        <th
                          key={d}
                          scope="col"
                          class={`day${wd >= 6 ? ' weekend' : ''}${d === today ? ' today' : ''}`}
                          title={dayLabel(d)}
                        >
                          <span class="sub">{WEEKDAY_INITIALS[lang][wd - 1]}</span>
                          {Number(d.slice(8))}
                        </th>
                      );
                    })}
                  </tr>
                </thead>
                <tbody>
                  {data.people.map((p) => (
                    <tr key={p.employeeId} data-employee={p.employeeId}>
                      <th scope="row" class="sticky">
                        <strong>{p.name}</strong>
                        <span class="sub">{p.nip ?? p.position}</span>
                      </th>
                      {data.days.map((d) => {
                        const key = cellKey(p.employeeId, d);
                        const isPending = pending.has(key);
                        const value = isPending ? pending.get(key) : p.shifts[d];
                        const picked = swapPick.some((x) => x.employeeId === p.employeeId && x.date === d);
                        const label = value === undefined ? at(lang, 'rosterEmpty') : shown(value);
                        return (
                          <td
                            key={d}
                            class={`cell${weekdayOf(d) >= 6 ? ' weekend' : ''}${isPending ? ' pending' : ''}${picked ? ' picked' : ''}${value === null ? ' off' : ''}`}
                          >
                            <button
                              type="button"
                              data-date={d}
                              aria-label={at(lang, 'rosterCell', {
                                name: p.name,
                                date: dayLabel(d),
                                value: label,
                              })}
                              onClick={() => clickCell(p, d)}
                            >
                              {shown(value)}
                            </button>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager
            lang={lang}
            noun="people"
            page={data.page}
            pageSize={data.pageSize}
            total={data.total}
            onPage={setPage}
          />
          {swapMode && swapPick.length === 2 && (
            <div class="actions" data-part="swap">
              <span>
                {at(lang, 'rosterSwapPair', {
                  a: `${swapPick[0]!.name} ${dayLabel(swapPick[0]!.date)}`,
                  b: `${swapPick[1]!.name} ${dayLabel(swapPick[1]!.date)}`,
                })}
              </span>
              <button type="button" class="btn primary" disabled={action.busy} onClick={doSwap}>
                {at(lang, 'rosterSwapDo')}
              </button>
            </div>
          )}
          {pending.size > 0 && (
            <div class="actions sticky-actions" data-part="pending">
              <span>{at(lang, 'rosterPending', { n: num(lang, pending.size) })}</span>
              <button type="button" class="btn primary" disabled={action.busy} onClick={save}>
                {at(lang, 'rosterSave')}
              </button>
              <button type="button" class="btn" disabled={action.busy} onClick={() => setPending(new Map())}>
                {at(lang, 'rosterDiscard')}
              </button>
            </div>
          )}
          {action.view}
          <RotationForm lang={lang} grid={data} onDone={reload} />
        </>
      )}
    </section>
  );
}

/** The day-off words a pattern may use, beside the shift codes. */
const OFF_WORDS = new Set(['L', 'O', '-', 'LIBUR', 'OFF']);

function RotationForm({ lang, grid, onDone }: { lang: Lang; grid: RosterGrid; onDone: () => void }) {
  const first = grid.days[0]!;
  const last = grid.days[grid.days.length - 1]!;
  const [cycle, setCycle] = useState('');
  const [from, setFrom] = useState(first);
  const [to, setTo] = useState(last);
  const [stagger, setStagger] = useState('0');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction(lang);
  useEffect(() => {
    setFrom(first);
    setTo(last);
  }, [first, last]);
  const known = useMemo(() => new Set(grid.shiftTypes.map((t) => t.code)), [grid.shiftTypes]);

  function apply(e: Event) {
    e.preventDefault();
    const words = cycle
      .split(/[\s,;]+/)
      .map((w) => w.trim())
      .filter((w) => w !== '');
    if (words.length === 0) return setProblem(at(lang, 'rotationEmpty'));
    const unknown = words.filter((w) => !known.has(w) && !OFF_WORDS.has(w.toUpperCase()));
    if (unknown.length > 0)
      return setProblem(
        at(lang, 'rotationUnknown', {
          codes: [...new Set(unknown)].join(', '),
          known: [...known].join(', ') || '–',
        }),
      );
    setProblem(null);
    const codes = words.map((w) => (known.has(w) ? w : null));
    const step = Math.max(0, Math.floor(Number(stagger) || 0));
    const people = grid.people.map((p, i) => ({
      employeeId: p.employeeId,
      offset: (i * step) % codes.length,
    }));
    void action.run(
      () =>
        post<{ entries: number }>('/rosters/rotations', {
          pattern: { code: 'pola', cycle: codes },
          people,
          from,
          to,
        }),
      onDone,
    );
  }

  return (
    <details class="subpanel" data-part="rotation">
      <summary>{at(lang, 'rotationTitle')}</summary>
      <p class="muted">{at(lang, 'rotationLead')}</p>
      <form class="filters" onSubmit={apply}>
        <label>
          <span>{at(lang, 'rotationCycle')}</span>
          <input name="cycle" value={cycle} onInput={(e) => setCycle(e.currentTarget.value)} />
        </label>
        <label>
          <span>{at(lang, 'fromDate')}</span>
          <input type="date" name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          <span>{at(lang, 'toDate')}</span>
          <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label>
          <span>{at(lang, 'rotationStagger')}</span>
          <input
            type="number"
            name="stagger"
            min="0"
            max="61"
            value={stagger}
            onInput={(e) => setStagger(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn primary" disabled={action.busy}>
          {at(lang, 'rotationApply')}
        </button>
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {action.view}
    </details>
  );
}

/** The end of a shift for its check-out window: the next morning when it ends before it starts. */
const endsAt = (start: number, end: number) => (end < start ? end + 1440 : end);

function ShiftTypesTab({ lang, unitId }: { lang: Lang; unitId: number }) {
  const [version, setVersion] = useState(0);
  const month = todayIn('Asia/Jakarta').slice(0, 7);
  const { data, error } = useFetch<RosterGrid>(
    `/console/rosters${query({ unitId, month, pageSize: 1 })}`,
    version,
  );
  const units = useUnits();
  const unitName = (id: number) => units?.units.find((u) => u.id === id)?.name ?? `#${id}`;
  const [form, setForm] = useState({ code: '', name: '', start: '07:00', end: '14:00' });
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction(lang);

  function add(e: Event) {
    e.preventDefault();
    const start = parseHHMM(form.start);
    const end = parseHHMM(form.end);
    if (start === null || end === null || start >= 1440 || end >= 1440)
      return setProblem(at(lang, 'badTime'));
    setProblem(null);
    const ends = endsAt(start, end);
    void action.run(
      () =>
        post('/shift-types', {
          unitId,
          code: form.code.trim(),
          name: form.name.trim(),
          start,
          end,
          checkInFrom: start - 60,
          checkInUntil: start + 120,
          checkOutFrom: ends - 60,
          checkOutUntil: ends + 120,
        }),
      () => {
        setForm({ ...form, code: '', name: '' });
        setVersion((v) => v + 1);
      },
    );
  }

  return (
    <section class="panel" data-part="shift-types">
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}
      {data && data.shiftTypes.length === 0 && <p class="muted">{at(lang, 'shiftNone')}</p>}
      {data && data.shiftTypes.length > 0 && (
        <div class="table-wrap">
          <table class="grid">
            <thead>
              <tr>
                <th scope="col">{at(lang, 'shiftCode')}</th>
                <th scope="col">{at(lang, 'shiftName')}</th>
                <th scope="col">{at(lang, 'shiftStart')}</th>
                <th scope="col">{at(lang, 'shiftEnd')}</th>
                <th scope="col">{at(lang, 'shiftFromUnit')}</th>
              </tr>
            </thead>
            <tbody>
              {data.shiftTypes.map((t) => (
                <tr key={t.code}>
                  <td>
                    <strong>{t.code}</strong>
                  </td>
                  <td>{t.name}</td>
                  <td>{minuteLabel(t.start)}</td>
                  <td>
                    {minuteLabel(t.end)}
                    {t.end < t.start ? ' (+1)' : ''}
                  </td>
                  <td>{unitName(t.unitId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{at(lang, 'shiftAdd')}</h2>
      <p class="muted">{at(lang, 'shiftAddLead')}</p>
      <form class="filters" onSubmit={add}>
        <label>
          <span>{at(lang, 'shiftCode')}</span>
          <input
            name="code"
            required
            maxLength={10}
            value={form.code}
            onInput={(e) => setForm({ ...form, code: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'shiftName')}</span>
          <input
            name="name"
            required
            maxLength={100}
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'shiftStart')}</span>
          <input
            type="time"
            name="start"
            required
            value={form.start}
            onInput={(e) => setForm({ ...form, start: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'shiftEnd')}</span>
          <input
            type="time"
            name="end"
            required
            value={form.end}
            onInput={(e) => setForm({ ...form, end: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="btn primary" disabled={action.busy}>
          {at(lang, 'shiftAdd')}
        </button>
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {action.view}
    </section>
  );
}

interface WorkDay {
  start: number;
  end: number;
}
interface WeeklyVersion {
  id: number;
  unitId: number;
  name: string;
  effectiveFrom: string;
  days: (WorkDay | null)[];
  unitName?: string;
}

/** "Sen–Kam 07:30–16:00 · Jum 07:30–16:30 · Sab, Min libur": runs of equal days. */
function daysSummary(lang: Lang, days: readonly (WorkDay | null)[]): string {
  const names =
    lang === 'en'
      ? ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
      : ['Sen', 'Sel', 'Rab', 'Kam', 'Jum', 'Sab', 'Min'];
  const text = (d: WorkDay | null) =>
    d === null ? at(lang, 'dayOff').toLowerCase() : `${minuteLabel(d.start)}–${minuteLabel(d.end)}`;
  const runs: { from: number; to: number; text: string }[] = [];
  days.forEach((d, i) => {
    const t = text(d);
    const last = runs[runs.length - 1];
    if (last && last.text === t && last.to === i - 1) last.to = i;
    else runs.push({ from: i, to: i, text: t });
  });
  return runs
    .map((r) => `${r.from === r.to ? names[r.from] : `${names[r.from]}–${names[r.to]}`} ${r.text}`)
    .join(' · ');
}

function WeeklyTab({ lang, unitId }: { lang: Lang; unitId: number }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useFetch<{ own: WeeklyVersion[]; inherited: WeeklyVersion[] }>(
    `/units/${unitId}/schedules`,
    version,
  );
  const [form, setForm] = useState({
    name: '',
    effectiveFrom: todayIn('Asia/Jakarta'),
    template: 'five_day' as 'five_day' | 'six_day',
    start: '',
    fridayEnd: '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction(lang);

  function add(e: Event) {
    e.preventDefault();
    const start = form.start === '' ? undefined : parseHHMM(form.start);
    const fridayEnd = form.fridayEnd === '' ? undefined : parseHHMM(form.fridayEnd);
    if (start === null || fridayEnd === null) return setProblem(at(lang, 'badTime'));
    setProblem(null);
    void action.run(
      () =>
        post(`/units/${unitId}/schedules`, {
          name: form.name.trim(),
          effectiveFrom: form.effectiveFrom,
          template: form.template,
          ...(start !== undefined && { start }),
          ...(fridayEnd !== undefined && { friday: { start: start ?? 450, end: fridayEnd } }),
        }),
      () => setVersion((v) => v + 1),
    );
  }

  const list = (items: WeeklyVersion[], inherited: boolean) =>
    items.length === 0 ? (
      <p class="muted">{at(lang, 'weeklyNone')}</p>
    ) : (
      <ul class="versions">
        {items.map((v) => (
          <li key={v.id} data-schedule={v.id}>
            <strong>{v.name}</strong>{' '}
            <span class="muted">{at(lang, 'weeklyFrom', { date: formatDate(lang, v.effectiveFrom) })}</span>
            {inherited && v.unitName && <span class="sub">{v.unitName}</span>}
            <span class="sub">{daysSummary(lang, v.days)}</span>
          </li>
        ))}
      </ul>
    );

  return (
    <section class="panel" data-part="weekly">
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}
      {data && (
        <>
          <h2>{at(lang, 'weeklyOwn')}</h2>
          {list(data.own, false)}
          <h2>{at(lang, 'weeklyInherited')}</h2>
          {list(data.inherited, true)}
        </>
      )}
      <h2>{at(lang, 'weeklyAdd')}</h2>
      <p class="muted">{at(lang, 'weeklyAddLead')}</p>
      <form class="filters" onSubmit={add}>
        <label>
          <span>{at(lang, 'shiftName')}</span>
          <input
            name="name"
            required
            maxLength={200}
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'effectiveFromLabel')}</span>
          <input
            type="date"
            name="effectiveFrom"
            required
            value={form.effectiveFrom}
            onInput={(e) => setForm({ ...form, effectiveFrom: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'weeklyTemplate')}</span>
          <select
            name="template"
            value={form.template}
            onChange={(e) => setForm({ ...form, template: e.currentTarget.value as 'five_day' | 'six_day' })}
          >
            <option value="five_day">{at(lang, 'weeklyFive')}</option>
            <option value="six_day">{at(lang, 'weeklySix')}</option>
          </select>
        </label>
        <label>
          <span>{at(lang, 'weeklyStart')}</span>
          <input
            type="time"
            name="start"
            value={form.start}
            onInput={(e) => setForm({ ...form, start: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'weeklyFridayEnd')}</span>
          <input
            type="time"
            name="fridayEnd"
            value={form.fridayEnd}
            onInput={(e) => setForm({ ...form, fridayEnd: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="btn primary" disabled={action.busy}>
          {at(lang, 'weeklyAdd')}
        </button>
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {action.view}
    </section>
  );
}

interface Override {
  id: number;
  name: string;
  from: string;
  to: string;
  unitIds: number[] | null;
  days: (WorkDay | null)[];
}

type OverridePattern = 'ramadan_five' | 'ramadan_six' | 'own';

/** The week an override form asks for: a Ramadan template, or the admin's own hours. */
function overrideDays(
  pattern: OverridePattern,
  own: { start: number; end: number; fridayEnd: number; saturday: boolean },
): readonly (FullWorkDay | null)[] {
  if (pattern === 'ramadan_five') return RAMADAN_FIVE_DAY;
  if (pattern === 'ramadan_six') return RAMADAN_SIX_DAY;
  const day = officeDay(own.start, own.end);
  return [day, day, day, day, officeDay(own.start, own.fridayEnd), own.saturday ? day : null, null];
}

function OverridesTab(props: { lang: Lang; unitId: number; isTop: boolean; agency: boolean }) {
  const { lang, unitId } = props;
  const units = useUnits();
  const unitName = (id: number) => units?.units.find((u) => u.id === id)?.name ?? `#${id}`;
  const [year, setYear] = useState(() => todayIn('Asia/Jakarta').slice(0, 4));
  const [version, setVersion] = useState(0);
  const validYear = /^\d{4}$/.test(year);
  const { data, error } = useFetch<{ overrides: Override[] }>(
    validYear ? `/schedule-overrides${query({ from: `${year}-01-01`, to: `${year}-12-31` })}` : null,
    version,
  );
  const [form, setForm] = useState({
    name: 'Ramadan 1447 H',
    from: String(RAMADAN_2026.from),
    to: String(RAMADAN_2026.to),
    whole: false,
    pattern: 'ramadan_five' as OverridePattern,
    start: '08:00',
    end: '15:00',
    fridayEnd: '15:30',
    saturday: false,
  });
  const [ends, setEnds] = useState<Record<number, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction(lang);
  const reload = () => setVersion((v) => v + 1);
  const canWhole = props.agency && props.isTop;

  function add(e: Event) {
    e.preventDefault();
    const [start, end, fridayEnd] = [form.start, form.end, form.fridayEnd].map(parseHHMM);
    if (form.pattern === 'own' && (start == null || end == null || fridayEnd == null))
      return setProblem(at(lang, 'badTime'));
    setProblem(null);
    const days = overrideDays(form.pattern, {
      start: start ?? 0,
      end: end ?? 0,
      fridayEnd: fridayEnd ?? 0,
      saturday: form.saturday,
    });
    void action.run(
      () =>
        post('/schedule-overrides', {
          name: form.name.trim(),
          from: form.from,
          to: form.to,
          unitIds: canWhole && form.whole ? null : [unitId],
          days,
        }),
      reload,
    );
  }

  return (
    <section class="panel" data-part="overrides">
      <p class="muted">{at(lang, 'overridesLead')}</p>
      <div class="filters">
        <label>
          <span>{at(lang, 'yearLabel')}</span>
          <input
            name="year"
            inputMode="numeric"
            maxLength={4}
            value={year}
            onInput={(e) => setYear(e.currentTarget.value)}
          />
        </label>
      </div>
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}
      {data && data.overrides.length === 0 && <p class="muted">{at(lang, 'weeklyNone')}</p>}
      {data && data.overrides.length > 0 && (
        <ul class="versions">
          {data.overrides.map((o) => (
            <li key={o.id} data-override={o.id}>
              <strong>{o.name}</strong>{' '}
              <span class="muted">
                {formatDate(lang, o.from)} – {formatDate(lang, o.to)}
              </span>
              <span class="sub">
                {o.unitIds === null ? at(lang, 'overrideWhole') : o.unitIds.map(unitName).join(', ')}
              </span>
              <span class="sub">{daysSummary(lang, o.days)}</span>
              <span class="actions">
                <label>
                  <span class="muted small">{at(lang, 'overrideEndOn')}</span>
                  <input
                    type="date"
                    name={`end-${o.id}`}
                    value={ends[o.id] ?? ''}
                    min={addDays(o.from, -1)}
                    max={addDays(o.to, -1)}
                    onInput={(e) => setEnds({ ...ends, [o.id]: e.currentTarget.value })}
                  />
                </label>
                <button
                  type="button"
                  class="btn"
                  disabled={action.busy || !ends[o.id]}
                  onClick={() =>
                    void action.run(() => post(`/schedule-overrides/${o.id}/end`, { to: ends[o.id] }), reload)
                  }
                >
                  {at(lang, 'overrideEnd')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>{at(lang, 'overrideAdd')}</h2>
      <form class="filters" onSubmit={add}>
        <label>
          <span>{at(lang, 'shiftName')}</span>
          <input
            name="name"
            required
            maxLength={100}
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'fromDate')}</span>
          <input
            type="date"
            name="from"
            required
            value={form.from}
            onInput={(e) => setForm({ ...form, from: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'toDate')}</span>
          <input
            type="date"
            name="to"
            required
            value={form.to}
            onInput={(e) => setForm({ ...form, to: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'weeklyTemplate')}</span>
          <select
            name="pattern"
            value={form.pattern}
            onChange={(e) => setForm({ ...form, pattern: e.currentTarget.value as OverridePattern })}
          >
            <option value="ramadan_five">{at(lang, 'overrideRamadanFive')}</option>
            <option value="ramadan_six">{at(lang, 'overrideRamadanSix')}</option>
            <option value="own">{at(lang, 'overrideOwn')}</option>
          </select>
        </label>
        {form.pattern === 'own' && (
          <>
            <label>
              <span>{at(lang, 'shiftStart')}</span>
              <input
                type="time"
                name="start"
                value={form.start}
                onInput={(e) => setForm({ ...form, start: e.currentTarget.value })}
              />
            </label>
            <label>
              <span>{at(lang, 'shiftEnd')}</span>
              <input
                type="time"
                name="end"
                value={form.end}
                onInput={(e) => setForm({ ...form, end: e.currentTarget.value })}
              />
            </label>
            <label>
              <span>{at(lang, 'overrideFridayEnd')}</span>
              <input
                type="time"
                name="fridayEnd"
                value={form.fridayEnd}
                onInput={(e) => setForm({ ...form, fridayEnd: e.currentTarget.value })}
              />
            </label>
            <label class="check">
              <input
                type="checkbox"
                name="saturday"
                checked={form.saturday}
                onChange={(e) => setForm({ ...form, saturday: e.currentTarget.checked })}
              />
              <span>{at(lang, 'overrideSaturday')}</span>
            </label>
          </>
        )}
        {canWhole && (
          <label class="check">
            <input
              type="checkbox"
              name="whole"
              checked={form.whole}
              onChange={(e) => setForm({ ...form, whole: e.currentTarget.checked })}
            />
            <span>{at(lang, 'overrideWhole')}</span>
          </label>
        )}
        <button type="submit" class="btn primary" disabled={action.busy}>
          {at(lang, 'overrideAdd')}
        </button>
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      {action.view}
    </section>
  );
}
