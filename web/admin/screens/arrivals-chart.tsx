/**
 * The morning's first check-ins per minute as bars (SVG, no chart library), so the
 * 07:00–08:00 peak is visible. A sentence above it says the same for screen readers.
 */
import type { Lang } from '../../src/i18n.js';
import { minuteLabel, num, zoneLabel } from '../format.js';
import { at } from '../i18n.js';

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 32, right: 20, top: 8, bottom: 24 };

export function ArrivalsChart(props: {
  lang: Lang;
  arrivals: readonly { minute: number; count: number }[];
  zone: string;
}) {
  const { lang, arrivals } = props;
  if (arrivals.length === 0) return <p class="muted">{at(lang, 'chartEmpty')}</p>;
  const total = arrivals.reduce((n, a) => n + a.count, 0);
  const peak = arrivals.reduce((m, a) => (a.count > m.count ? a : m), arrivals[0]!);
  // At least 06:30–08:30, widened to every arrival, on whole quarter hours.
  const from = Math.min(390, Math.floor(arrivals[0]!.minute / 15) * 15);
  const to = Math.max(510, Math.ceil((arrivals[arrivals.length - 1]!.minute + 1) / 15) * 15);
  const span = to - from;
  const w = (WIDTH - PAD.left - PAD.right) / span;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const x = (m: number) => PAD.left + (m - from) * w;
  const y = (n: number) => PAD.top + h - (n / peak.count) * h;
  const ticks: number[] = [];
  for (let m = from; m <= to; m += span > 240 ? 60 : 30) ticks.push(m);
  return (
    <figure class="chart" data-part="arrivals">
      <figcaption class="muted small">
        {at(lang, 'chartSummary', {
          n: num(lang, total),
          max: num(lang, peak.count),
          time: minuteLabel(peak.minute),
        })}{' '}
        ({zoneLabel(props.zone)})
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={at(lang, 'chartTitle')}
        preserveAspectRatio="none"
      >
        <line x1={PAD.left} y1={PAD.top + h} x2={WIDTH - PAD.right} y2={PAD.top + h} class="axis" />
        <text x={PAD.left - 4} y={PAD.top + 8} class="tick" text-anchor="end">
          {peak.count}
        </text>
        {ticks.map((m) => (
          <g key={m}>
            <line x1={x(m)} y1={PAD.top} x2={x(m)} y2={PAD.top + h} class="grid-line" />
            <text x={x(m)} y={HEIGHT - 6} class="tick" text-anchor="middle">
              {minuteLabel(m)}
            </text>
          </g>
        ))}
        {arrivals.map((a) => (
          <rect
            key={a.minute}
            x={x(a.minute)}
            y={y(a.count)}
            width={Math.max(1, w - 0.5)}
            height={PAD.top + h - y(a.count)}
            class="bar"
            data-minute={a.minute}
          >
            <title>{`${minuteLabel(a.minute)}: ${a.count}`}</title>
          </rect>
        ))}
      </svg>
    </figure>
  );
}
