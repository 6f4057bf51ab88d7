/**
 * The import wizard on POST /import/{employees|units|sites}: pick what the sheet holds
 * (people, units or work sites), upload an XLSX or CSV sheet, check the columns the server
 * matched to each field of that kind (and change them), see the dry run — what would be
 * created, changed, moved or deactivated, and each refused row with its reason — then
 * apply exactly that plan (the dry run's fingerprint is sent back, so a sheet or
 * organisation that changed in between is refused rather than applied differently).
 */
import type { Static } from '@sinclair/typebox';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { EMPLOYEE_FIELDS } from '../../../core/import/employee-rows.js';
import { SITE_FIELDS } from '../../../core/import/sites.js';
import { UNIT_FIELDS } from '../../../core/import/units.js';
import type {
  EmployeeImportPreviewSchema,
  SiteImportPreviewSchema,
  UnitImportPreviewSchema,
} from '../../../server/features/import/routes.js';
import type { SheetHeadersSchema } from '../../../server/features/console/schemas.js';
import { errorText } from '../../src/errors.js';
import { pick, type Bilingual, type Lang } from '../../src/i18n.js';
import { post, query } from '../api.js';
import { num } from '../format.js';
import { at, type AdminKey } from '../i18n.js';
import { href, navigate, onLinkClick } from '../router.js';
import type { ScreenProps } from '../screens.js';

/** The dry run's answer: the same envelope for every kind of sheet, rows of the kind's own shape. */
type Preview =
  | Static<typeof EmployeeImportPreviewSchema>
  | Static<typeof UnitImportPreviewSchema>
  | Static<typeof SiteImportPreviewSchema>;
type Headers = Static<typeof SheetHeadersSchema>;
type Loose = Record<string, unknown>;
type Step = 'upload' | 'map' | 'preview' | 'done';
type Mapping = Partial<Record<string, number>>;

export const IMPORT_KINDS = ['employees', 'units', 'sites'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What each kind of sheet shows: its fields, which counts can be non-zero, where its result lives. */
const KINDS: Readonly<
  Record<
    ImportKind,
    {
      fields: readonly string[];
      label: (f: string) => AdminKey;
      counts: readonly (keyof Preview['summary'])[];
      back: { path: string; label: AdminKey };
    }
  >
> = {
  employees: {
    fields: EMPLOYEE_FIELDS,
    label: (f) => `field_${f}` as AdminKey,
    counts: ['create', 'change', 'move', 'deactivate', 'unchanged', 'refused'],
    back: { path: 'people', label: 'backToPeople' },
  },
  units: {
    fields: UNIT_FIELDS,
    label: (f) => `unitField_${f}` as AdminKey,
    counts: ['create', 'change', 'move', 'unchanged', 'refused'],
    back: { path: 'people', label: 'importBackToUnits' },
  },
  sites: {
    fields: SITE_FIELDS,
    label: (f) => `siteField_${f}` as AdminKey,
    counts: ['create', 'change', 'deactivate', 'unchanged', 'refused'],
    back: { path: 'sites', label: 'importBackToSites' },
  },
};

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHOWN = 20;

/** The kind the address names (`?kind=units`); employees when it names none it knows. */
export function importKindOf(q: URLSearchParams): ImportKind {
  const k = q.get('kind');
  return (IMPORT_KINDS as readonly string[]).includes(k ?? '') ? (k as ImportKind) : 'employees';
}

export function ImportWizard({ lang, location }: ScreenProps) {
  const kind = importKindOf(location.query);
  const def = KINDS[kind];
  const [step, setStep] = useState<Step>('upload');
  const [file, setFile] = useState<{ name: string; type: string; bytes: ArrayBuffer } | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [skipRefused, setSkipRefused] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [sheet, setSheet] = useState<Headers | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);

  function choose(next: ImportKind) {
    if (next === kind) return;
    setStep('upload');
    setFile(null);
    setMapping({});
    setSkipRefused(false);
    setPreview(null);
    setSheet(null);
    setError(null);
    navigate(next === 'employees' ? 'people/import' : `people/import?kind=${next}`, { replace: true });
  }

  async function run(dryRun: boolean, map: Mapping | null) {
    if (file === null) return;
    if (dryRun) setPreview(null);
    setBusy(true);
    setError(null);
    try {
      const q = query({
        dryRun: dryRun ? 'true' : undefined,
        mapping: map === null ? undefined : JSON.stringify(map),
        effectiveFrom: kind === 'employees' ? effectiveFrom : undefined,
        skipRefused: skipRefused ? 'true' : undefined,
        expect: dryRun ? undefined : preview?.fingerprint,
      });
      const answer = await post<Preview>(`/import/${kind}${q}`, { type: file.type, bytes: file.bytes });
      setPreview(answer);
      setMapping(answer.mapping);
      setStep(dryRun ? 'preview' : 'done');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function pick_(input: HTMLInputElement) {
    const f = input.files?.[0];
    if (!f) return;
    const type = f.name.toLowerCase().endsWith('.csv') ? 'text/csv' : XLSX_TYPE;
    const chosen = { name: f.name, type, bytes: await f.arrayBuffer() };
    setFile(chosen);
    setPreview(null);
    setSheet(null);
    setStep('upload');
    setBusy(true);
    setError(null);
    try {
      const h = await post<Headers>(`/console/import/headers${query({ kind })}`, {
        type,
        bytes: chosen.bytes,
      });
      setSheet(h);
      setMapping(h.mapping);
      setStep('map');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const p = preview;
  const crumb =
    kind === 'sites'
      ? { path: 'sites', label: 'navSites' as const }
      : { path: 'people', label: 'navPeople' as const };
  return (
    <div class="screen" data-screen="import" data-kind={kind}>
      <nav class="crumbs" aria-label={at(lang, 'breadcrumbs')}>
        <a href={href(crumb.path)} onClick={(ev) => onLinkClick(ev, crumb.path)}>
          {at(lang, crumb.label)}
        </a>{' '}
        › <span>{at(lang, `importTitle_${kind}`)}</span>
      </nav>
      <div class="screen-head">
        <h1>{at(lang, `importTitle_${kind}`)}</h1>
      </div>
      <div class="tabs" role="group" aria-label={at(lang, 'importKinds')} data-part="import-kinds">
        {IMPORT_KINDS.map((k) => (
          <button
            key={k}
            type="button"
            class="btn"
            aria-pressed={kind === k}
            disabled={busy}
            onClick={() => choose(k)}
          >
            {at(lang, `importKind_${k}`)}
          </button>
        ))}
      </div>
      <ol class="steps" aria-label={at(lang, 'importSteps')}>
        {(['upload', 'map', 'preview', 'done'] as const).map((s) => (
          <li key={s} aria-current={step === s ? 'step' : undefined}>
            {at(lang, `importStep_${s}`)}
          </li>
        ))}
      </ol>
      <section class="panel" data-part="import-upload">
        <p class="muted small">{at(lang, `importLead_${kind}`)}</p>
        <div class="filters">
          <label>
            <span>{at(lang, 'importFile')}</span>
            <input
              key={kind}
              type="file"
              name="file"
              accept=".xlsx,.csv"
              onChange={(e) => void pick_(e.currentTarget)}
            />
          </label>
          {kind === 'employees' && (
            <label>
              <span>{at(lang, 'importEffective')}</span>
              <input
                type="date"
                name="effectiveFrom"
                value={effectiveFrom}
                onInput={(e) => setEffectiveFrom(e.currentTarget.value)}
              />
            </label>
          )}
        </div>
        {error && (
          <p class="error" role="alert">
            {pick(lang, error)}
          </p>
        )}
      </section>

      {sheet !== null && (step === 'map' || step === 'preview') && (
        <section class="panel" data-part="import-mapping">
          <h2>{at(lang, 'importMapping')}</h2>
          <p class="muted small">
            {at(lang, 'importMappingLead', { name: file?.name ?? '', rows: num(lang, sheet.rows) })}{' '}
            {at(lang, `importRequired_${kind}`)}
          </p>
          <div class="mapping">
            {def.fields.map((f) => (
              <label key={f}>
                <span>{at(lang, def.label(f))}</span>
                <select
                  name={`map-${f}`}
                  value={mapping[f] === undefined ? '' : String(mapping[f])}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    const next = { ...mapping };
                    if (v === '') delete next[f];
                    else next[f] = Number(v);
                    setMapping(next);
                  }}
                >
                  <option value="">{at(lang, 'importNoColumn')}</option>
                  {sheet.headers.map((h, i) => (
                    <option key={i} value={i}>
                      {h || `#${i + 1}`}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <button type="button" class="btn primary" disabled={busy} onClick={() => void run(true, mapping)}>
            {at(lang, step === 'preview' ? 'importRecheck' : 'importCheck')}
          </button>
        </section>
      )}
      {p !== null && step === 'preview' && (
        <>
          <PreviewPanel lang={lang} kind={kind} p={p} />
          <section class="panel" data-part="import-apply">
            <label class="check">
              <input
                type="checkbox"
                checked={skipRefused}
                onChange={(e) => setSkipRefused(e.currentTarget.checked)}
              />
              <span>{at(lang, 'importSkipRefused')}</span>
            </label>
            <button
              type="button"
              class="btn primary"
              disabled={busy || (p.summary.refused > 0 && !skipRefused)}
              onClick={() => void run(false, mapping)}
            >
              {at(lang, 'importApply', {
                n: num(lang, p.summary.create + p.summary.change + p.summary.move + p.summary.deactivate),
              })}
            </button>
            {p.summary.refused > 0 && !skipRefused && <p class="muted small">{at(lang, 'importFixFirst')}</p>}
          </section>
        </>
      )}

      {p !== null && step === 'done' && (
        <section class="panel" data-part="import-done">
          <p class="note" role="status">
            {at(lang, 'importApplied', {
              create: num(lang, p.summary.create),
              change: num(lang, p.summary.change),
              move: num(lang, p.summary.move),
              deactivate: num(lang, p.summary.deactivate),
            })}
          </p>
          <a href={href(def.back.path)} onClick={(ev) => onLinkClick(ev, def.back.path)}>
            {at(lang, def.back.label)}
          </a>
        </section>
      )}
    </div>
  );
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A site's shape as the dry run names it ('circle lat,lon r 100', 'polygon lat,lon …'), in words. */
export function shapeWords(lang: Lang, summary: string): string {
  const circle = /^circle \S+ r (\d+(?:\.\d+)?)$/.exec(summary);
  if (circle) return at(lang, 'importShapeCircle', { m: num(lang, Number(circle[1])) });
  if (summary.startsWith('polygon ')) {
    const points = summary.slice('polygon '.length).trim().split(/\s+/).length;
    return at(lang, 'importShapePolygon', { n: num(lang, points) });
  }
  return summary;
}

/** One line of a planned item: the name, then its details after middle dots. */
function Item({ name, details }: { name: string; details: string[] }) {
  const shown = details.filter((d) => d !== '');
  return (
    <li>
      {name}
      {shown.length > 0 && <span class="muted"> · {shown.join(' · ')}</span>}
    </li>
  );
}

function ItemList({
  lang,
  title,
  part,
  items,
  line,
}: {
  lang: Lang;
  title: AdminKey;
  part: string;
  items: Loose[];
  line: (c: Loose, i: number) => JSX.Element;
}) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>{at(lang, title)}</h3>
      <ul class="plain" data-part={part}>
        {items.slice(0, SHOWN).map(line)}
        {items.length > SHOWN && <li class="muted">{at(lang, 'andMore', { n: items.length - SHOWN })}</li>}
      </ul>
    </>
  );
}

/** A change's fields as 'field: from → to'. */
function changeText(lang: Lang, kind: ImportKind, c: Loose): string {
  const fields = Array.isArray(c['fields']) ? (c['fields'] as Loose[]) : [];
  return fields
    .map((f) => {
      const field = str(f['field']);
      const value = (v: unknown): string => {
        const t =
          typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
        if (t === '') return '–';
        if (field === 'shape') return shapeWords(lang, t);
        if (kind === 'units' && field === 'kind') return at(lang, `unitKind_${t}` as AdminKey);
        return t;
      };
      const from = value(f['from']);
      const to = value(f['to']);
      return `${at(lang, KINDS[kind].label(field))}: ${from} → ${to}`;
    })
    .join('; ');
}

function PreviewPanel({ lang, kind, p }: { lang: Lang; kind: ImportKind; p: Preview }) {
  const other: Lang = lang === 'id' ? 'en' : 'id';
  const create = p.create as Loose[];
  const unitKind = (k: unknown) =>
    typeof k === 'string' && k !== '' ? at(lang, `unitKind_${k}` as AdminKey) : '';
  return (
    <section class="panel" data-part="import-preview">
      <h2>{at(lang, 'importPreview', { rows: num(lang, p.rows) })}</h2>
      <ul class="counts-inline" data-part="import-summary">
        {KINDS[kind].counts.map((k) => (
          <li key={k} data-count={k}>
            {at(lang, k === 'move' && kind === 'units' ? 'importCount_moveUnit' : `importCount_${k}`)}:{' '}
            <strong>{num(lang, p.summary[k])}</strong>
          </li>
        ))}
      </ul>
      {p.refused.length > 0 && (
        <>
          <h3>{at(lang, 'importRefused')}</h3>
          <div class="table-wrap">
            <table class="grid" data-part="import-refused">
              <thead>
                <tr>
                  <th scope="col">{at(lang, 'importRow')}</th>
                  <th scope="col">{at(lang, 'importColumn')}</th>
                  <th scope="col">{at(lang, 'importValue')}</th>
                  <th scope="col">{at(lang, 'importReason')}</th>
                </tr>
              </thead>
              <tbody>
                {p.refused.slice(0, 200).map((r, i) => (
                  <tr key={i} data-row={r.row}>
                    <td class="num">{r.row}</td>
                    <td>{r.column ?? '–'}</td>
                    <td>{r.value ?? ''}</td>
                    <td>
                      <span lang={lang}>{pick(lang, r.message)}</span>
                      <span class="muted small other-lang" lang={other}>
                        {pick(other, r.message)}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.refused.length > 200 && (
            <p class="muted small">{at(lang, 'andMore', { n: p.refused.length - 200 })}</p>
          )}
        </>
      )}
      <ItemList
        lang={lang}
        title="importToCreate"
        part="import-create"
        items={create}
        line={(c, i) =>
          kind === 'employees' ? (
            <Item
              key={i}
              name={str(c['name'])}
              details={[str(c['nip']) || str(c['internalId']), str(c['unitName'])]}
            />
          ) : kind === 'units' ? (
            <Item
              key={i}
              name={str(c['name'])}
              details={[
                str(c['code']),
                unitKind(c['kind']),
                c['parent'] === null
                  ? at(lang, 'importTopUnit')
                  : at(lang, 'importUnder', { name: str(c['parentName']) }),
              ]}
            />
          ) : (
            <Item
              key={i}
              name={str(c['name'])}
              details={[
                str(c['unitName']),
                at(lang, c['mode'] === 'wfh' ? 'importModeWfh' : 'importModeOffice'),
                shapeWords(lang, str(c['shape'])),
              ]}
            />
          )
        }
      />
      <ItemList
        lang={lang}
        title="importToChange"
        part="import-change"
        items={p.change}
        line={(c, i) => <Item key={i} name={str(c['name'])} details={[changeText(lang, kind, c)]} />}
      />
      <ItemList
        lang={lang}
        title={kind === 'units' ? 'importToMoveUnit' : 'importToMove'}
        part="import-move"
        items={p.move}
        line={(c, i) =>
          kind === 'units' ? (
            <li key={i}>
              {str(c['name'])}: {str(c['fromParent']) || '–'} → {str(c['toParent'])}
            </li>
          ) : (
            <li key={i}>
              {str(c['name'])}: {str(c['fromUnit'])} → {str(c['toUnit'])}
            </li>
          )
        }
      />
      <ItemList
        lang={lang}
        title="importToDeactivate"
        part="import-deactivate"
        items={p.deactivate}
        line={(c, i) => <Item key={i} name={str(c['name'])} details={[str(c['nip']), str(c['unitName'])]} />}
      />
    </section>
  );
}
