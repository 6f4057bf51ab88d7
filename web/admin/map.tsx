/**
 * A small slippy map for the work-site editor, with no library: Web Mercator (as every
 * XYZ tile server), tiles from the configured template when there is one and a plain
 * metre grid when there is none (so the editor works offline and in tests), and an SVG
 * layer the screen draws on. Drag to pan, the wheel or the buttons to zoom, arrow keys
 * and +/- when the map has focus; a click (a press without a drag) reports where, and
 * a drag of an element marked `data-handle` reports each position it passes.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LatLon } from '../../core/model.js';
import type { Lang } from '../src/i18n.js';
import { at } from './i18n.js';

export interface MapView {
  center: LatLon;
  zoom: number;
}

const TILE = 256;
export const MIN_ZOOM = 3;
export const MAX_ZOOM = 20;

/** World pixel of a point at zoom `z`. */
export function project(p: LatLon, z: number): { x: number; y: number } {
  const size = TILE * 2 ** z;
  const sin = Math.sin((p.lat * Math.PI) / 180);
  return {
    x: ((p.lon + 180) / 360) * size,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size,
  };
}

export function unproject(x: number, y: number, z: number): LatLon {
  const size = TILE * 2 ** z;
  const n = Math.PI - (2 * Math.PI * y) / size;
  return { lat: (180 / Math.PI) * Math.atan(Math.sinh(n)), lon: (x / size) * 360 - 180 };
}

/** Metres one screen pixel covers at a latitude and zoom. */
export function metresPerPixel(lat: number, z: number): number {
  return (156543.03392 * Math.cos((lat * Math.PI) / 180)) / 2 ** z;
}

/** Where things are on screen: a point's pixel, and metres to pixels here. */
export interface Projection {
  toPx: (p: LatLon) => { x: number; y: number };
  pxOfMetres: (m: number) => number;
  width: number;
  height: number;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export function SlippyMap(props: {
  lang: Lang;
  view: MapView;
  onView: (v: MapView) => void;
  tileUrl: string | null;
  height?: number;
  onClick?: (p: LatLon) => void;
  onHandleMove?: (handle: string, p: LatLon) => void;
  children: (proj: Projection) => ComponentChildren;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const height = props.height ?? 460;
  const drag = useRef<{
    x: number;
    y: number;
    moved: boolean;
    handle: string | null;
    start: MapView;
  } | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, el.clientWidth));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const { center, zoom } = props.view;
  const c = project(center, zoom);
  const left = c.x - width / 2;
  const top = c.y - height / 2;
  const toPx = (p: LatLon) => {
    const w = project(p, zoom);
    return { x: w.x - left, y: w.y - top };
  };
  const at_ = (clientX: number, clientY: number): LatLon => {
    const r = ref.current!.getBoundingClientRect();
    const p = unproject(left + clientX - r.left, top + clientY - r.top, zoom);
    return { lat: round6(p.lat), lon: round6(p.lon) };
  };
  const mpp = metresPerPixel(center.lat, zoom);
  const proj: Projection = { toPx, pxOfMetres: (m) => m / mpp, width, height };

  function setZoom(z: number) {
    props.onView({ center, zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z)) });
  }
  function panBy(dx: number, dy: number) {
    const p = unproject(c.x + dx, c.y + dy, zoom);
    props.onView({ center: { lat: round6(p.lat), lon: round6(p.lon) }, zoom });
  }

  function onPointerDown(e: PointerEvent) {
    if (e.button !== 0) return;
    const target = e.target as Element;
    const handle = target.closest('[data-handle]')?.getAttribute('data-handle') ?? null;
    drag.current = { x: e.clientX, y: e.clientY, moved: false, handle, start: props.view };
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
  }
  function onPointerMove(e: PointerEvent) {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    d.moved = true;
    if (d.handle !== null) {
      props.onHandleMove?.(d.handle, at_(e.clientX, e.clientY));
      return;
    }
    const s = project(d.start.center, d.start.zoom);
    const p = unproject(s.x - dx, s.y - dy, d.start.zoom);
    props.onView({ center: { lat: round6(p.lat), lon: round6(p.lon) }, zoom: d.start.zoom });
  }
  function onPointerUp(e: PointerEvent) {
    const d = drag.current;
    drag.current = null;
    if (d && !d.moved && d.handle === null) props.onClick?.(at_(e.clientX, e.clientY));
  }
  function onWheel(e: WheelEvent) {
    e.preventDefault();
    setZoom(zoom + (e.deltaY < 0 ? 1 : -1));
  }
  function onKey(e: KeyboardEvent) {
    const step = 80;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      panBy(m[0], m[1]);
    } else if (e.key === '+' || e.key === '=') setZoom(zoom + 1);
    else if (e.key === '-') setZoom(zoom - 1);
  }

  // Tiles in view, when a tile server is configured.
  const tiles: { key: string; src: string; x: number; y: number }[] = [];
  if (props.tileUrl !== null) {
    const n = 2 ** zoom;
    for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx++)
      for (let ty = Math.floor(top / TILE); ty <= Math.floor((top + height) / TILE); ty++) {
        if (ty < 0 || ty >= n) continue;
        const wx = ((tx % n) + n) % n;
        tiles.push({
          key: `${zoom}/${tx}/${ty}`,
          src: props.tileUrl
            .replace('{z}', String(zoom))
            .replace('{x}', String(wx))
            .replace('{y}', String(ty)),
          x: tx * TILE - left,
          y: ty * TILE - top,
        });
      }
  }

  // Without tiles: grid lines every "round" number of metres (about 100 px apart).
  const grid: { v: boolean; at: number }[] = [];
  let gridM = 0;
  if (props.tileUrl === null) {
    const raw = mpp * 100;
    const pow = 10 ** Math.floor(Math.log10(raw));
    gridM = [1, 2, 5, 10].map((k) => k * pow).find((g) => g >= raw) ?? raw;
    const stepPx = gridM / mpp;
    for (let x = -(left % stepPx); x < width; x += stepPx) grid.push({ v: true, at: x });
    for (let y = -(top % stepPx); y < height; y += stepPx) grid.push({ v: false, at: y });
  }

  return (
    <div class="map-wrap">
      <div
        ref={ref}
        class="map"
        style={{ height: `${height}px` }}
        tabIndex={0}
        role="application"
        aria-label={props.label}
        data-part="map"
        data-zoom={zoom}
        data-center={`${center.lat},${center.lon}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onWheel={onWheel}
        onKeyDown={onKey}
      >
        {tiles.map((t) => (
          <img
            key={t.key}
            class="map-tile"
            src={t.src}
            alt=""
            draggable={false}
            style={{ left: `${t.x}px`, top: `${t.y}px` }}
          />
        ))}
        <svg width={width} height={height} class="map-layer">
          {grid.map((g, i) =>
            g.v ? (
              <line key={i} x1={g.at} x2={g.at} y1={0} y2={height} class="map-grid" />
            ) : (
              <line key={i} y1={g.at} y2={g.at} x1={0} x2={width} class="map-grid" />
            ),
          )}
          {props.children(proj)}
        </svg>
        <div class="map-controls">
          <button
            type="button"
            class="btn"
            aria-label={at(props.lang, 'mapZoomIn')}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={() => setZoom(zoom + 1)}
          >
            +
          </button>
          <button
            type="button"
            class="btn"
            aria-label={at(props.lang, 'mapZoomOut')}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={() => setZoom(zoom - 1)}
          >
            −
          </button>
        </div>
        {props.tileUrl === null && (
          <span class="map-note">
            {at(props.lang, 'mapNoTiles', { m: gridM >= 1000 ? `${gridM / 1000} km` : `${gridM} m` })}
          </span>
        )}
      </div>
    </div>
  );
}
