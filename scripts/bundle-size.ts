/**
 * The first load of each page as it goes over the wire: the HTML, the entry script, the
 * modules it preloads and the stylesheets it references, each counted as the bytes the
 * server sends — the build's `.gz` copy (scripts/precompress.ts; what the server sends
 * to a browser that accepts gzip, which every browser does, over plain HTTP too), or the
 * file itself when it has none. The brotli copy (sent over HTTPS) is reported beside it.
 * The employee phone page (dist/web/index.html) fails past 60 KB (DESIGN.md "Figures we
 * hold ourselves to"); the admin console (dist/web/admin/index.html) is reported on its
 * own line and never counts against the phone's budget, as is the kiosk tablet's page
 * (dist/web/kiosk/index.html). Chunks loaded later (screens
 * opened on demand) count for neither.
 *
 *   npm run build:web && npm run bundle:check
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUDGET_BYTES = 60 * 1024;

const webDir = fileURLToPath(new URL('../dist/web', import.meta.url));

/** Paths of the scripts, module preloads and stylesheets an HTML page loads at once. */
export function firstLoadAssets(html: string): string[] {
  const found = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
    if (/^<script/i.test(tag)) {
      const src = attr('src');
      if (src !== undefined) found.add(src);
    } else if (/^(stylesheet|modulepreload)$/i.test(attr('rel') ?? '')) {
      const href = attr('href');
      if (href !== undefined) found.add(href);
    }
  }
  return [...found].filter((p) => !/^[a-z]+:\/\//i.test(p));
}

interface Page {
  name: string;
  html: string;
  /** Fail past this many gzipped bytes; none for pages without a budget. */
  budget?: number;
}

const PAGES: readonly Page[] = [
  { name: 'phone page (employees)', html: 'index.html', budget: BUDGET_BYTES },
  { name: 'admin console', html: 'admin/index.html' },
  { name: 'kiosk tablet', html: 'kiosk/index.html' },
];

/** Bytes the server sends for `file` (a path under `dir`): its `.gz` or `.br` copy when there is one, else the file. */
export function wireBytes(dir: string, file: string, encoding: 'gzip' | 'br'): number {
  const copy = join(dir, `${file}${encoding === 'gzip' ? '.gz' : '.br'}`);
  return statSync(existsSync(copy) ? copy : join(dir, file)).size;
}

/** Prints a page's files and returns its first-load bytes over the wire (gzip) and with brotli. */
export function measure(dir: string, html: string): { gzip: number; br: number; raw: number } {
  const total = { gzip: 0, br: 0, raw: 0 };
  const files = [
    html,
    ...firstLoadAssets(readFileSync(join(dir, html), 'utf8')).map((a) => a.replace(/^\//, '')),
  ];
  for (const file of files) {
    const raw = statSync(join(dir, file)).size;
    const gz = wireBytes(dir, file, 'gzip');
    const br = wireBytes(dir, file, 'br');
    total.raw += raw;
    total.gzip += gz;
    total.br += br;
    console.log(
      `  ${file.padEnd(40)} ${(raw / 1024).toFixed(1).padStart(7)} KB  sent gzip ${(gz / 1024).toFixed(1).padStart(6)} KB  br ${(br / 1024).toFixed(1).padStart(6)} KB`,
    );
  }
  return total;
}

function main(): void {
  let over = false;
  for (const page of PAGES) {
    if (!existsSync(join(webDir, page.html))) {
      console.error(`dist/web/${page.html} is missing: run \`npm run build:web\` first.`);
      process.exit(2);
    }
    console.log(`${page.name} (${page.html}):`);
    const total = measure(webDir, page.html);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const line = `${page.name} first load over the wire (HTML+JS+CSS): ${kb(total.gzip)} gzip, ${kb(total.br)} brotli, ${kb(total.raw)} uncompressed`;
    if (page.budget === undefined) {
      console.log(`${line} (no budget; not part of the phone's)`);
    } else {
      const within = total.gzip <= page.budget;
      over ||= !within;
      console.log(`${line} — gzip ${within ? 'within' : 'OVER'} the ${page.budget / 1024} KB budget`);
    }
  }
  if (over) process.exit(1);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
