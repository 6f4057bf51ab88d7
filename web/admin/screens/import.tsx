/**
 * The import wizard on POST /import/employees: upload an XLSX or CSV sheet, check the
 * columns the server matched to each field (and change them), see the dry run — what
 * would be created, changed, moved or deactivated, and each refused row with its reason —
 * then apply exactly that plan (the dry run's fingerprint is sent back, so a sheet or
 * organisation that changed in between is refused rather than applied differently).
 */
import type { Static } from '@sinclair/typebox';
import { useState } from 'preact/hooks';
import { EMPLOYEE_FIELDS, type EmployeeField } from '../../../core/import/employee-rows.js';
import type { ImportPreviewSchema } from '../../../server/features/import/routes.js';
import type { SheetHeadersSchema } from '../../../server/features/console/schemas.js';
import { errorText } from '../../src/errors.js';
import { pick, type Bilingual } from '../../src/i18n.js';
import { post, query } from '../api.js';
import { num } from '../format.js';
import { at } from '../i18n.js';
import { href, onLinkClick } from '../router.js';
import type { ScreenProps } from '../screens.js';

type Preview = Static<typeof ImportPreviewSchema>;
type Headers = Static<typeof SheetHeadersSchema>;
type Loose = Record<string, unknown>;
type Step = 'upload' | 'map' | 'preview' | 'done';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHOWN = 20;

function fieldLabel(f: EmployeeField, lang: 'id' | 'en'): string {
  return at(lang, `field_${f}`);
}

export function ImportWizard({ lang }: ScreenProps) {
  const [step, setStep] = useState<Step>('upload');
  const [file, setFile] = useState<{ name: string; type: string; bytes: ArrayBuffer } | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<EmployeeField, number>>>({});
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [skipRefused, setSkipRefused] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [sheet, setSheet] = useState<Headers | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);

  async function run(dryRun: boolean, map: Partial<Record<EmployeeField, number>> | null) {
    if (file === null) return;
    if (dryRun) setPreview(null);
    setBusy(true);
    setError(null);
    try {
      const q = query({
        dryRun: dryRun ? 'true' : undefined,
        mapping: map === null ? undefined : JSON.stringify(map),
        effectiveFrom,
        skipRefused: skipRefused ? 'true' : undefined,
        expect: dryRun ? undefined : preview?.fingerprint,
      });
      const answer = await post<Preview>(`/import/employees${q}`, { type: file.type, bytes: file.bytes });
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
      const h = await post<Headers>('/console/import/headers', { type, bytes: chosen.bytes });
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
  return (
    <div class="screen" data-screen="import">
      <nav class="crumbs" aria-label={at(lang, 'breadcrumbs')}>
        <a href={href('people')} onClick={(ev) => onLinkClick(ev, 'people')}>
          {at(lang, 'navPeople')}
        </a>{' '}
        › <span>{at(lang, 'importTitle')}</span>
      </nav>
      <div class="screen-head">
        <h1>{at(lang, 'importTitle')}</h1>
      </div>
      <ol class="steps" aria-label={at(lang, 'importSteps')}>
        {(['upload', 'map', 'preview', 'done'] as const).map((s) => (
          <li key={s} aria-current={step === s ? 'step' : undefined}>
            {at(lang, `importStep_${s}`)}
          </li>
        ))}
      </ol>
      <section class="panel" data-part="import-upload">
        <div class="filters">
          <label>
            <span>{at(lang, 'importFile')}</span>
            <input
              type="file"
              name="file"
              accept=".xlsx,.csv"
              onChange={(e) => void pick_(e.currentTarget)}
            />
          </label>
          <label>
            <span>{at(lang, 'importEffective')}</span>
            <input
              type="date"
              name="effectiveFrom"
              value={effectiveFrom}
              onInput={(e) => setEffectiveFrom(e.currentTarget.value)}
            />
          </label>
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
            {at(lang, 'importMappingLead', { name: file?.name ?? '', rows: num(lang, sheet.rows) })}
          </p>
          <div class="mapping">
            {EMPLOYEE_FIELDS.map((f) => (
              <label key={f}>
                <span>{fieldLabel(f, lang)}</span>
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
          <PreviewPanel lang={lang} p={p} />
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
          <a href={href('people')} onClick={(ev) => onLinkClick(ev, 'people')}>
            {at(lang, 'backToPeople')}
          </a>
        </section>
      )}
    </div>
  );
}

function PreviewPanel({ lang, p }: { lang: 'id' | 'en'; p: Preview }) {
  const counts = [
    ['create', p.summary.create],
    ['change', p.summary.change],
    ['move', p.summary.move],
    ['deactivate', p.summary.deactivate],
    ['unchanged', p.summary.unchanged],
    ['refused', p.summary.refused],
  ] as const;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return (
    <section class="panel" data-part="import-preview">
      <h2>{at(lang, 'importPreview', { rows: num(lang, p.rows) })}</h2>
      <ul class="counts-inline" data-part="import-summary">
        {counts.map(([k, n]) => (
          <li key={k} data-count={k}>
            {at(lang, `importCount_${k}`)}: <strong>{num(lang, n)}</strong>
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
                    <td>{pick(lang, r.message)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {p.create.length > 0 && (
        <>
          <h3>{at(lang, 'importToCreate')}</h3>
          <ul class="plain" data-part="import-create">
            {(p.create as Loose[]).slice(0, SHOWN).map((c, i) => (
              <li key={i}>
                {str(c['name'])}{' '}
                <span class="muted">
                  · {str(c['nip']) || str(c['internalId'])} · {str(c['unitName'])}
                </span>
              </li>
            ))}
            {p.create.length > SHOWN && (
              <li class="muted">{at(lang, 'andMore', { n: p.create.length - SHOWN })}</li>
            )}
          </ul>
        </>
      )}
      {p.move.length > 0 && (
        <>
          <h3>{at(lang, 'importToMove')}</h3>
          <ul class="plain">
            {(p.move as Loose[]).slice(0, SHOWN).map((c, i) => (
              <li key={i}>
                {str(c['name'])}: {str(c['fromUnit'])} → {str(c['toUnit'])}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
