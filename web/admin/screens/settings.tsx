/**
 * Settings: the deduction rule versions (pick a preset or a version, edit its bands, save
 * it as a new version from a date; see which one is in force), holidays and cuti bersama
 * of a year, incident windows that excuse lateness, and a unit's own settings. The
 * organisation-wide parts are the agency admin's; the server refuses them to anyone else.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Band, RuleSet } from '../../../core/attendance/types.js';
import { formatDate, pick, type Lang } from '../../src/i18n.js';
import { del, post, put, query } from '../api.js';
import { hm, todayIn, zoneLabel } from '../format.js';
import { at, type AdminKey } from '../i18n.js';
import type { ScreenProps } from '../screens.js';
import { UnitPicker, useUnits, type UnitsAnswer } from '../units.js';
import { useAction } from '../use-action.js';
import { useFetch } from '../use-fetch.js';

interface RuleSets {
  organisationId: number;
  versions: { rules: RuleSet; createdAt: number }[];
  presets: RuleSet[];
}
interface Holiday {
  id: number;
  date: string;
  name: string;
  kind: 'national' | 'cuti_bersama' | 'regional';
}
interface Incident {
  id: string;
  from: string;
  to: string;
  reason: string;
  unitIds: number[] | null;
}
interface UnitSettings {
  unitId: number;
  worksOnHolidays: boolean;
  flex: { flexMinutes: number; lateGraceMinutes: number; earlyGraceMinutes: number };
  rulesFromUnitId: number | null;
  selfieRequired: boolean | null;
  selfieRequiredEffective: boolean;
}

/** The UTC offset of an Indonesian zone (none keeps daylight saving). */
function offsetOf(zone: string): string {
  return zone === 'Asia/Makassar' ? '+08:00' : zone === 'Asia/Jayapura' ? '+09:00' : '+07:00';
}

export function SettingsScreen({ lang, account }: ScreenProps) {
  const units = useUnits();
  const agency = account.role === 'agency_admin';
  if (units === null) return <p class="muted">{at(lang, 'loading')}</p>;
  return (
    <div class="screen" data-screen="settings">
      <div class="screen-head">
        <h1>{at(lang, 'settingsTitle')}</h1>
      </div>
      {agency && <RuleSetsPanel lang={lang} zone={units.units[0]?.zone ?? 'Asia/Jakarta'} />}
      {agency && <HolidaysPanel lang={lang} zone={units.units[0]?.zone ?? 'Asia/Jakarta'} />}
      {agency && <IncidentsPanel lang={lang} units={units} />}
      <UnitSettingsPanel lang={lang} units={units} />
    </div>
  );
}

function BandsEditor(props: {
  lang: Lang;
  title: AdminKey;
  bands: readonly Band[];
  onChange: (b: Band[]) => void;
}) {
  const { lang, bands } = props;
  const set = (i: number, patch: Partial<Band>) =>
    props.onChange(bands.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  return (
    <fieldset class="bands">
      <legend>{at(lang, props.title)}</legend>
      <table class="grid">
        <thead>
          <tr>
            <th scope="col">{at(lang, 'bandCode')}</th>
            <th scope="col">{at(lang, 'bandFrom')}</th>
            <th scope="col">{at(lang, 'bandTo')}</th>
            <th scope="col">{at(lang, 'bandPct')}</th>
          </tr>
        </thead>
        <tbody>
          {bands.map((b, i) => (
            <tr key={i}>
              <td>
                <input
                  aria-label={`${at(lang, 'bandCode')} ${i + 1}`}
                  value={b.code}
                  onInput={(e) => set(i, { code: e.currentTarget.value })}
                />
              </td>
              <td>
                <input
                  type="number"
                  aria-label={`${b.code} ${at(lang, 'bandFrom')}`}
                  value={b.from}
                  onInput={(e) => set(i, { from: Number(e.currentTarget.value) })}
                />
              </td>
              <td>
                <input
                  type="number"
                  aria-label={`${b.code} ${at(lang, 'bandTo')}`}
                  value={b.to ?? ''}
                  onInput={(e) =>
                    set(i, { to: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })
                  }
                />
              </td>
              <td>
                <input
                  type="number"
                  step="0.01"
                  aria-label={`${b.code} ${at(lang, 'bandPct')}`}
                  value={b.pct}
                  onInput={(e) => set(i, { pct: Number(e.currentTarget.value) })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

function RuleSetsPanel({ lang, zone }: { lang: Lang; zone: string }) {
  const [version, setVersion] = useState(0);
  const { data, error } = useFetch<RuleSets>('/rule-sets', version);
  const action = useAction(lang);
  const today = todayIn(zone);
  const [base, setBase] = useState('');
  const [draft, setDraft] = useState<RuleSet | null>(null);

  const bases: { key: string; label: string; rules: RuleSet }[] = data
    ? [
        ...data.versions.map((v) => ({
          key: `v:${v.rules.id}`,
          label: at(lang, 'versionLabel', { name: v.rules.name, from: v.rules.effectiveFrom }),
          rules: v.rules,
        })),
        ...data.presets.map((p) => ({
          key: `p:${p.id}`,
          label: at(lang, 'presetLabel', { name: p.name }),
          rules: p,
        })),
      ]
    : [];
  const inForce = data?.versions.filter((v) => v.rules.effectiveFrom <= today).at(-1)?.rules.id ?? null;

  useEffect(() => {
    const first = bases[0];
    if (first === undefined || draft !== null) return;
    setBase(first.key);
    setDraft(fromBase(first.rules, today));
  }, [data]);

  function fromBase(r: RuleSet, from: string): RuleSet {
    return { ...structuredClone(r), id: `${r.id.split('@')[0]}@${from}`, effectiveFrom: from };
  }

  return (
    <section class="panel" data-part="rule-sets">
      <h2>{at(lang, 'rulesTitle')}</h2>
      <p class="muted small">{at(lang, 'rulesLead')}</p>
      {error && <p class="error">{pick(lang, error)}</p>}
      {data && data.versions.length === 0 && <p class="note">{at(lang, 'rulesNone')}</p>}
      {data && data.versions.length > 0 && (
        <div class="table-wrap">
          <table class="grid" data-part="versions">
            <thead>
              <tr>
                <th scope="col">{at(lang, 'colVersion')}</th>
                <th scope="col">{at(lang, 'colFrom')}</th>
                <th scope="col">TL</th>
                <th scope="col">{at(lang, 'colSource')}</th>
              </tr>
            </thead>
            <tbody>
              {data.versions.map((v) => (
                <tr key={v.rules.id} data-version={v.rules.id}>
                  <td>
                    <strong>{v.rules.name}</strong>
                    <span class="sub">{v.rules.id}</span>
                    {v.rules.id === inForce && <span class="chip ok">{at(lang, 'rulesInForce')}</span>}
                  </td>
                  <td>{formatDate(lang, v.rules.effectiveFrom, 'short')}</td>
                  <td>{v.rules.lateBands.map((b) => `${b.code} ${b.pct}%`).join(' · ')}</td>
                  <td class="small">{v.rules.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {draft && (
        <form
          class="form-grid"
          data-part="new-version"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(
              () => post('/rule-sets', { ruleSet: draft }),
              () => {
                setVersion((n) => n + 1);
                setDraft(null);
              },
            );
          }}
        >
          <h3>{at(lang, 'newVersion')}</h3>
          <div class="filters">
            <label>
              <span>{at(lang, 'baseOn')}</span>
              <select
                name="base"
                value={base}
                onChange={(e) => {
                  const b = bases.find((x) => x.key === e.currentTarget.value);
                  setBase(e.currentTarget.value);
                  if (b) setDraft(fromBase(b.rules, draft.effectiveFrom));
                }}
              >
                {bases.map((b) => (
                  <option key={b.key} value={b.key}>
                    {b.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{at(lang, 'colFrom')}</span>
              <input
                type="date"
                name="effectiveFrom"
                value={draft.effectiveFrom}
                onInput={(e) => {
                  const from = e.currentTarget.value;
                  setDraft({ ...draft, effectiveFrom: from, id: `${draft.id.split('@')[0]}@${from}` });
                }}
              />
            </label>
            <label>
              <span>{at(lang, 'versionId')}</span>
              <input
                name="id"
                value={draft.id}
                onInput={(e) => setDraft({ ...draft, id: e.currentTarget.value })}
              />
            </label>
            <label class="grow">
              <span>{at(lang, 'versionName')}</span>
              <input
                name="name"
                value={draft.name}
                onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
              />
            </label>
          </div>
          <div class="two-col even">
            <BandsEditor
              lang={lang}
              title="lateBands"
              bands={draft.lateBands}
              onChange={(b) => setDraft({ ...draft, lateBands: b })}
            />
            <BandsEditor
              lang={lang}
              title="earlyBands"
              bands={draft.earlyBands}
              onChange={(b) => setDraft({ ...draft, earlyBands: b })}
            />
          </div>
          <label class="narrow">
            <span>{at(lang, 'tkPct')}</span>
            <input
              type="number"
              step="0.01"
              name="tkPctPerDay"
              value={draft.tkPctPerDay}
              onInput={(e) => setDraft({ ...draft, tkPctPerDay: Number(e.currentTarget.value) })}
            />
          </label>
          {action.view}
          <button type="submit" class="btn primary" disabled={action.busy}>
            {at(lang, 'saveVersion')}
          </button>
        </form>
      )}
      {!draft && action.view}
    </section>
  );
}

function HolidaysPanel({ lang, zone }: { lang: Lang; zone: string }) {
  const [year, setYear] = useState(() => todayIn(zone).slice(0, 4));
  const [version, setVersion] = useState(0);
  const { data, error } = useFetch<{ holidays: Holiday[] }>(`/holidays${query({ year })}`, version);
  const action = useAction(lang);
  const [form, setForm] = useState({ date: '', name: '', kind: 'national' as Holiday['kind'] });
  const reload = () => setVersion((n) => n + 1);
  return (
    <section class="panel" data-part="holidays">
      <div class="panel-head">
        <h2>{at(lang, 'holidaysTitle')}</h2>
        <label class="inline">
          <span>{at(lang, 'yearLabel')}</span>
          <input
            type="number"
            name="year"
            min="2000"
            max="2100"
            value={year}
            onInput={(e) => /^\d{4}$/.test(e.currentTarget.value) && setYear(e.currentTarget.value)}
          />
        </label>
      </div>
      {error && <p class="error">{pick(lang, error)}</p>}
      {data && (
        <div class="table-wrap scroll-y">
          <table class="grid">
            <tbody>
              {data.holidays.map((h) => (
                <tr key={h.id} data-holiday={h.id}>
                  <td>{formatDate(lang, h.date, 'short')}</td>
                  <td>{h.name}</td>
                  <td>
                    <span class={`chip ${h.kind === 'cuti_bersama' ? 'info' : 'ok'}`}>
                      {at(lang, `hk_${h.kind}`)}
                    </span>
                  </td>
                  <td>
                    <button
                      type="button"
                      class="btn danger"
                      aria-label={at(lang, 'removeHoliday', { name: `${h.name} ${h.date}` })}
                      onClick={() => void action.run(() => del(`/holidays/${h.id}`), reload)}
                    >
                      {at(lang, 'remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        class="filters"
        data-part="add-holiday"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(
            () => post('/holidays', form),
            () => {
              setForm({ date: '', name: '', kind: 'national' });
              reload();
            },
          );
        }}
      >
        <label>
          <span>{at(lang, 'dateLabel')}</span>
          <input
            type="date"
            name="date"
            value={form.date}
            onInput={(e) => setForm({ ...form, date: e.currentTarget.value })}
          />
        </label>
        <label class="grow">
          <span>{at(lang, 'holidayName')}</span>
          <input
            name="holidayName"
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'holidayKind')}</span>
          <select
            name="kind"
            value={form.kind}
            onChange={(e) => setForm({ ...form, kind: e.currentTarget.value as Holiday['kind'] })}
          >
            <option value="national">{at(lang, 'hk_national')}</option>
            <option value="cuti_bersama">{at(lang, 'hk_cuti_bersama')}</option>
          </select>
        </label>
        <button type="submit" class="btn primary" disabled={action.busy}>
          {at(lang, 'add')}
        </button>
      </form>
      {action.view}
    </section>
  );
}

function IncidentsPanel({ lang, units }: { lang: Lang; units: UnitsAnswer }) {
  const zone = units.units[0]?.zone ?? 'Asia/Jakarta';
  const [month, setMonth] = useState(() => todayIn(zone).slice(0, 7));
  const [version, setVersion] = useState(0);
  const { data, error } = useFetch<{ incidents: Incident[] }>(`/incidents${query({ month })}`, version);
  const action = useAction(lang);
  const day = todayIn(zone);
  const [form, setForm] = useState({ from: `${day}T07:00`, to: `${day}T08:10`, reason: '', unit: '' });
  const unitName = (id: number) => units.units.find((u) => u.id === id)?.name ?? String(id);
  return (
    <section class="panel" data-part="incidents">
      <div class="panel-head">
        <h2>{at(lang, 'incidentsTitle')}</h2>
        <label class="inline">
          <span>{at(lang, 'monthLabel')}</span>
          <input
            type="month"
            name="incidentMonth"
            value={month}
            onInput={(e) => e.currentTarget.value && setMonth(e.currentTarget.value)}
          />
        </label>
      </div>
      <p class="muted small">{at(lang, 'incidentsLead')}</p>
      {error && <p class="error">{pick(lang, error)}</p>}
      {data && data.incidents.length === 0 && <p class="muted">{at(lang, 'noIncidents')}</p>}
      {data && data.incidents.length > 0 && (
        <ul class="plain">
          {data.incidents.map((i) => (
            <li key={i.id} data-incident={i.id}>
              <strong>
                {formatDate(lang, todayIn(zone, Date.parse(i.from)), 'short')} {hm(i.from, zone)}–
                {hm(i.to, zone)} {zoneLabel(zone)}
              </strong>{' '}
              · {i.reason} · {i.unitIds === null ? at(lang, 'everyUnit') : i.unitIds.map(unitName).join(', ')}
            </li>
          ))}
        </ul>
      )}
      <form
        class="filters"
        data-part="add-incident"
        onSubmit={(e) => {
          e.preventDefault();
          const off = offsetOf(zone);
          void action.run(
            () =>
              post('/incidents', {
                from: `${form.from}:00${off}`,
                to: `${form.to}:00${off}`,
                reason: form.reason,
                unitIds: form.unit === '' ? null : [Number(form.unit)],
              }),
            () => setVersion((n) => n + 1),
          );
        }}
      >
        <label>
          <span>{at(lang, 'incidentFrom', { zone: zoneLabel(zone) })}</span>
          <input
            type="datetime-local"
            name="from"
            value={form.from}
            onInput={(e) => setForm({ ...form, from: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'incidentTo', { zone: zoneLabel(zone) })}</span>
          <input
            type="datetime-local"
            name="to"
            value={form.to}
            onInput={(e) => setForm({ ...form, to: e.currentTarget.value })}
          />
        </label>
        <label class="grow">
          <span>{at(lang, 'incidentReason')}</span>
          <input
            name="reason"
            value={form.reason}
            onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })}
          />
        </label>
        <label>
          <span>{at(lang, 'incidentUnits')}</span>
          <select
            name="incidentUnit"
            value={form.unit}
            onChange={(e) => setForm({ ...form, unit: e.currentTarget.value })}
          >
            <option value="">{at(lang, 'everyUnit')}</option>
            {units.units.map((u) => (
              <option key={u.id} value={u.id}>
                {'\u2003'.repeat(u.depth)}
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="btn primary" disabled={action.busy}>
          {at(lang, 'declareIncident')}
        </button>
      </form>
      {action.view}
    </section>
  );
}

function UnitSettingsPanel({ lang, units }: { lang: Lang; units: UnitsAnswer }) {
  const [unitId, setUnitId] = useState(units.top);
  const [version, setVersion] = useState(0);
  const { data, error } = useFetch<UnitSettings>(`/units/${unitId}/attendance-settings`, version);
  const action = useAction(lang);
  const [form, setForm] = useState<UnitSettings | null>(null);
  useEffect(() => setForm(data), [data]);
  const from = (id: number | null) =>
    id === null ? at(lang, 'settingsDefaults') : (units.units.find((u) => u.id === id)?.name ?? String(id));
  return (
    <section class="panel" data-part="unit-settings">
      <h2>{at(lang, 'unitSettingsTitle')}</h2>
      <div class="filters">
        <UnitPicker lang={lang} units={units} value={unitId} onChange={setUnitId} name="settingsUnit" />
      </div>
      {error && <p class="error">{pick(lang, error)}</p>}
      {form && form.unitId === unitId && (
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(
              () =>
                put(`/units/${unitId}/attendance-settings`, {
                  worksOnHolidays: form.worksOnHolidays,
                  flexMinutes: form.flex.flexMinutes,
                  lateGraceMinutes: form.flex.lateGraceMinutes,
                  earlyGraceMinutes: form.flex.earlyGraceMinutes,
                  selfieRequired: form.selfieRequired,
                }),
              () => setVersion((n) => n + 1),
            );
          }}
        >
          <p class="muted small full">{at(lang, 'settingsFrom', { unit: from(form.rulesFromUnitId) })}</p>
          <label class="check">
            <input
              type="checkbox"
              name="worksOnHolidays"
              checked={form.worksOnHolidays}
              onChange={(e) => setForm({ ...form, worksOnHolidays: e.currentTarget.checked })}
            />
            <span>{at(lang, 'worksOnHolidays')}</span>
          </label>
          {(['flexMinutes', 'lateGraceMinutes', 'earlyGraceMinutes'] as const).map((k) => (
            <label key={k}>
              <span>
                {at(
                  lang,
                  k === 'flexMinutes' ? 'flexMinutes' : k === 'lateGraceMinutes' ? 'lateGrace' : 'earlyGrace',
                )}
              </span>
              <input
                type="number"
                name={k}
                min="0"
                value={form.flex[k]}
                onInput={(e) =>
                  setForm({ ...form, flex: { ...form.flex, [k]: Number(e.currentTarget.value) } })
                }
              />
            </label>
          ))}
          <label>
            <span>{at(lang, 'selfieSetting')}</span>
            <select
              name="selfie"
              value={form.selfieRequired === null ? 'inherit' : form.selfieRequired ? 'yes' : 'no'}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setForm({ ...form, selfieRequired: v === 'inherit' ? null : v === 'yes' });
              }}
            >
              <option value="inherit">
                {at(lang, 'selfieInherit', {
                  effective: at(lang, form.selfieRequiredEffective ? 'selfieYes' : 'selfieNo'),
                })}
              </option>
              <option value="yes">{at(lang, 'selfieYes')}</option>
              <option value="no">{at(lang, 'selfieNo')}</option>
            </select>
          </label>
          <button type="submit" class="btn primary" disabled={action.busy}>
            {at(lang, 'save')}
          </button>
        </form>
      )}
      {action.view}
    </section>
  );
}
