/**
 * Work sites on a map: the sites of a unit drawn as circles and polygons; draw a new one
 * (a circle: click its centre, set or drag its radius; a polygon: click its corners) or
 * edit one (drag the centre, the edge or a corner), saved through the sites API (POST
 * /sites, PUT /sites/{id}), which checks the shape and the scope and writes the audit
 * log. The punches of a day can be shown as points with their accuracy circles. The map
 * background is the configured tile server's, or a plain grid when none is configured.
 */
import type { Static } from '@sinclair/typebox';
import { useEffect, useState } from 'preact/hooks';
import type { LatLon, Shape } from '../../../core/model.js';
import { distanceM } from '../../../core/geo.js';
import type { DayPunchesSchema } from '../../../server/features/console/schemas.js';
import type { SiteListSchema } from '../../../server/features/units/schemas.js';
import { errorText } from '../../src/errors.js';
import { pick, type Bilingual } from '../../src/i18n.js';
import { post, put, query } from '../api.js';
import { todayIn } from '../format.js';
import { at } from '../i18n.js';
import { SlippyMap, type MapView, type Projection } from '../map.js';
import { href, onLinkClick } from '../router.js';
import type { ScreenProps } from '../screens.js';
import { UnitPicker, useUnits } from '../units.js';
import { useFetch } from '../use-fetch.js';

type Sites = Static<typeof SiteListSchema>;
type Site = Sites['items'][number];
type Punches = Static<typeof DayPunchesSchema>;

interface Draft {
  id: number | null;
  name: string;
  mode: Site['mode'];
  active: boolean;
  shape: Shape | null;
  kind: 'circle' | 'polygon';
}

const DEFAULT_VIEW: MapView = { center: { lat: -2.5, lon: 118 }, zoom: 5 };

function centreOf(s: Shape): LatLon {
  if (s.type === 'circle') return s.center;
  const n = s.points.length;
  return {
    lat: s.points.reduce((a, p) => a + p.lat, 0) / n,
    lon: s.points.reduce((a, p) => a + p.lon, 0) / n,
  };
}

function ShapeSvg({ shape, proj, cls }: { shape: Shape; proj: Projection; cls: string }) {
  if (shape.type === 'circle') {
    const c = proj.toPx(shape.center);
    return <circle cx={c.x} cy={c.y} r={proj.pxOfMetres(shape.radiusM)} class={cls} />;
  }
  const pts = shape.points.map((p) => proj.toPx(p)).map((p) => `${p.x},${p.y}`);
  return <polygon points={pts.join(' ')} class={cls} />;
}

export function SitesScreen({ lang }: ScreenProps) {
  const units = useUnits();
  const [unitId, setUnitId] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [view, setView] = useState<MapView | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<Bilingual | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [showPunches, setShowPunches] = useState(false);
  const zone = units?.units[0]?.zone ?? 'Asia/Jakarta';
  const [date, setDate] = useState(() => todayIn(zone));
  const config = useFetch<{ tileUrl: string | null }>('/console/map');

  useEffect(() => {
    if (units !== null && unitId === null) setUnitId(units.top);
  }, [units, unitId]);
  const sites = useFetch<Sites>(unitId === null ? null : `/sites${query({ unitId })}`, version);
  const punches = useFetch<Punches>(
    showPunches && unitId !== null && /^\d{4}-\d{2}-\d{2}$/.test(date)
      ? `/console/punches${query({ unitId, date })}`
      : null,
  );
  // Centre on the unit's first site once its sites arrive.
  useEffect(() => {
    if (view !== null || !sites.data) return;
    const first = sites.data.items[0];
    setView(first ? { center: centreOf(first.shape), zoom: 17 } : DEFAULT_VIEW);
  }, [sites.data, view]);

  if (units === null || unitId === null || view === null || config.data === null)
    return <p class="muted">{at(lang, 'loading')}</p>;

  const items = sites.data?.items ?? [];

  function edit(s: Site) {
    setSaved(null);
    setError(null);
    setDraft({ id: s.id, name: s.name, mode: s.mode, active: s.active, shape: s.shape, kind: s.shape.type });
    setView({ center: centreOf(s.shape), zoom: view!.zoom });
  }
  function start(kind: 'circle' | 'polygon') {
    setSaved(null);
    setError(null);
    setDraft({ id: null, name: '', mode: 'office', active: true, shape: null, kind });
  }
  function onClick(p: LatLon) {
    if (draft === null) return;
    if (draft.kind === 'circle') {
      const radiusM = draft.shape?.type === 'circle' ? draft.shape.radiusM : 100;
      setDraft({ ...draft, shape: { type: 'circle', center: p, radiusM } });
    } else {
      const points = draft.shape?.type === 'polygon' ? draft.shape.points : [];
      setDraft({ ...draft, shape: { type: 'polygon', points: [...points, p] } });
    }
  }
  function onHandleMove(handle: string, p: LatLon) {
    if (draft?.shape == null) return;
    const s = draft.shape;
    if (s.type === 'circle') {
      if (handle === 'center') setDraft({ ...draft, shape: { ...s, center: p } });
      else if (handle === 'edge')
        setDraft({ ...draft, shape: { ...s, radiusM: Math.max(10, Math.round(distanceM(s.center, p))) } });
    } else if (handle.startsWith('v')) {
      const i = Number(handle.slice(1));
      setDraft({ ...draft, shape: { ...s, points: s.points.map((q, j) => (j === i ? p : q)) } });
    }
  }
  async function save() {
    if (draft === null || draft.shape === null) return;
    setError(null);
    const body = {
      unitId: unitId!,
      name: draft.name.trim(),
      mode: draft.mode,
      shape: draft.shape,
      active: draft.active,
    };
    try {
      if (draft.id === null) await post('/sites', body);
      else await put(`/sites/${draft.id}`, body);
      setSaved(draft.name.trim());
      setDraft(null);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(errorText(e));
    }
  }

  const shape = draft?.shape ?? null;
  const ready =
    draft !== null &&
    draft.name.trim() !== '' &&
    shape !== null &&
    (shape.type === 'circle' || shape.points.length >= 3);

  return (
    <div class="screen" data-screen="sites">
      <div class="screen-head">
        <h1>{at(lang, 'sitesMapTitle')}</h1>
        <a
          class="btn"
          href={href('people/import?kind=sites')}
          onClick={(e) => onLinkClick(e, 'people/import?kind=sites')}
        >
          {at(lang, 'importOpen')}
        </a>
      </div>
      <div class="filters">
        <UnitPicker
          lang={lang}
          units={units}
          value={unitId}
          onChange={(id) => {
            setUnitId(id);
            setDraft(null);
            setView(null);
          }}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={showPunches}
            onChange={(e) => setShowPunches(e.currentTarget.checked)}
          />
          <span>{at(lang, 'mapShowPunches')}</span>
        </label>
        {showPunches && (
          <label>
            <span>{at(lang, 'dateLabel')}</span>
            <input type="date" name="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          </label>
        )}
      </div>
      <div class="map-cols">
        <section class="panel" data-part="map-panel">
          <SlippyMap
            lang={lang}
            view={view}
            onView={setView}
            tileUrl={config.data.tileUrl}
            onClick={onClick}
            onHandleMove={onHandleMove}
            label={at(lang, 'mapLabel')}
          >
            {(proj) => (
              <>
                {items
                  .filter((s) => s.id !== draft?.id)
                  .map((s) => (
                    <g key={s.id} data-site={s.name}>
                      <ShapeSvg shape={s.shape} proj={proj} cls={s.active ? 'site' : 'site inactive'} />
                    </g>
                  ))}
                {showPunches &&
                  (punches.data?.points ?? []).map((p) => {
                    const c = proj.toPx(p);
                    return (
                      <g key={p.id} data-punch={p.id} class={`punch ${p.fence}`}>
                        <circle
                          cx={c.x}
                          cy={c.y}
                          r={Math.max(2, proj.pxOfMetres(p.accuracyM))}
                          class="accuracy"
                        />
                        <circle cx={c.x} cy={c.y} r={4} class="dot">
                          <title>
                            {p.name} · {p.localTime.slice(0, 5)} · ±{Math.round(p.accuracyM)} m
                          </title>
                        </circle>
                      </g>
                    );
                  })}
                {shape !== null && (
                  <g data-part="draft">
                    <ShapeSvg shape={shape} proj={proj} cls="site draft" />
                    {shape.type === 'circle' ? (
                      <>
                        <circle data-handle="center" {...cxy(proj.toPx(shape.center))} r={7} class="handle" />
                        <circle
                          data-handle="edge"
                          cx={proj.toPx(shape.center).x + proj.pxOfMetres(shape.radiusM)}
                          cy={proj.toPx(shape.center).y}
                          r={7}
                          class="handle edge"
                        />
                      </>
                    ) : (
                      shape.points.map((p, i) => (
                        <circle key={i} data-handle={`v${i}`} {...cxy(proj.toPx(p))} r={6} class="handle" />
                      ))
                    )}
                  </g>
                )}
              </>
            )}
          </SlippyMap>
          {showPunches && punches.data && (
            <p class="muted small" data-part="punch-count">
              {at(lang, 'mapPunches', { n: punches.data.points.length, total: punches.data.total })}
            </p>
          )}
        </section>
        <aside class="panel" data-part="sites">
          {draft === null ? (
            <>
              <div class="actions">
                <button type="button" class="btn primary" onClick={() => start('circle')}>
                  {at(lang, 'siteNewCircle')}
                </button>
                <button type="button" class="btn" onClick={() => start('polygon')}>
                  {at(lang, 'siteNewPolygon')}
                </button>
              </div>
              {saved && (
                <p class="note" role="status">
                  {at(lang, 'siteSaved', { name: saved })}
                </p>
              )}
              <h2>{at(lang, 'sitesOfUnit')}</h2>
              {items.length === 0 ? (
                <p class="muted">{at(lang, 'noSites')}</p>
              ) : (
                <ul class="plain site-list">
                  {items.map((s) => (
                    <li key={s.id} data-site={s.name}>
                      <strong>{s.name}</strong>{' '}
                      <span class="muted small">
                        {s.shape.type === 'circle'
                          ? at(lang, 'siteCircle', { m: Math.round(s.shape.radiusM) })
                          : at(lang, 'sitePolygon', { n: s.shape.points.length })}
                        {!s.active && ` · ${at(lang, 'activeNo')}`}
                      </span>{' '}
                      <button
                        type="button"
                        class="link"
                        aria-label={at(lang, 'siteEdit', { name: s.name })}
                        onClick={() => edit(s)}
                      >
                        {at(lang, 'edit')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : (
            <div class="site-form" data-part="site-form">
              <h2>
                {draft.id === null
                  ? at(lang, draft.kind === 'circle' ? 'siteNewCircle' : 'siteNewPolygon')
                  : draft.name}
              </h2>
              <p class="muted small">
                {at(lang, draft.kind === 'circle' ? 'siteCircleHelp' : 'sitePolygonHelp')}
              </p>
              <label>
                <span>{at(lang, 'siteName')}</span>
                <input
                  name="siteName"
                  value={draft.name}
                  onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
                />
              </label>
              <label>
                <span>{at(lang, 'siteMode')}</span>
                <select
                  name="mode"
                  value={draft.mode}
                  onChange={(e) => setDraft({ ...draft, mode: e.currentTarget.value as Site['mode'] })}
                >
                  <option value="office">{at(lang, 'mode_office')}</option>
                  <option value="wfh">{at(lang, 'mode_wfh')}</option>
                  <option value="dinas_luar">{at(lang, 'mode_dinas_luar')}</option>
                </select>
              </label>
              {shape?.type === 'circle' && (
                <>
                  <label>
                    <span>{at(lang, 'siteRadius')}</span>
                    <input
                      type="number"
                      name="radius"
                      min={10}
                      max={100000}
                      value={Math.round(shape.radiusM)}
                      onInput={(e) => {
                        const r = Number(e.currentTarget.value);
                        if (r > 0) setDraft({ ...draft, shape: { ...shape, radiusM: r } });
                      }}
                    />
                  </label>
                  <p class="muted small" data-part="site-center">
                    {shape.center.lat.toFixed(6)}, {shape.center.lon.toFixed(6)}
                  </p>
                </>
              )}
              {shape?.type === 'polygon' && (
                <p class="muted small" data-part="site-points">
                  {at(lang, 'sitePolygon', { n: shape.points.length })}{' '}
                  <button
                    type="button"
                    class="link"
                    onClick={() =>
                      setDraft({ ...draft, shape: { type: 'polygon', points: shape.points.slice(0, -1) } })
                    }
                  >
                    {at(lang, 'siteUndoPoint')}
                  </button>
                </p>
              )}
              <label class="check">
                <input
                  type="checkbox"
                  checked={draft.active}
                  onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })}
                />
                <span>{at(lang, 'siteActive')}</span>
              </label>
              {error && (
                <p class="error" role="alert">
                  {pick(lang, error)}
                </p>
              )}
              <div class="actions">
                <button type="button" class="btn primary" disabled={!ready} onClick={() => void save()}>
                  {at(lang, 'siteSave')}
                </button>
                <button type="button" class="btn" onClick={() => setDraft(null)}>
                  {at(lang, 'cancel')}
                </button>
              </div>
            </div>
          )}
        </aside>
      </div>
    </div>
  );
}

function cxy(p: { x: number; y: number }) {
  return { cx: p.x, cy: p.y };
}
