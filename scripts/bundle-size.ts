/**
 * The first load of each page, gzipped: the entry script, the modules it preloads and
 * the stylesheets its HTML references. The employee phone page (dist/web/index.html)
 * fails past 60 KB (DESIGN.md "Figures we hold ourselves to"); the admin console
 * (dist/web/admin/index.html) is reported on its own line and never counts against the
 * phone's budget. Chunks loaded later (screens opened on demand) count for neither.
 *
 *   npm run build:web && npm run bundle:check
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

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
];

/** Prints a page's assets and returns its gzipped first-load size. */
function measure(page: Page): number {
  let total = 0;
  for (const asset of firstLoadAssets(readFileSync(join(webDir, page.html), 'utf8'))) {
    const bytes = readFileSync(join(webDir, asset.replace(/^\//, '')));
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    console.log(
      `  ${asset.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  gzip ${(gz / 1024).toFixed(1).padStart(6)} KB`,
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
    const total = measure(page);
    const kb = (total / 1024).toFixed(1);
    if (page.budget === undefined) {
      console.log(`${page.name} first load (JS+CSS, gzip): ${kb} KB (no budget; not part of the phone's)`);
    } else {
      const within = total <= page.budget;
      over ||= !within;
      console.log(
        `${page.name} first load (JS+CSS, gzip): ${kb} KB of ${page.budget / 1024} KB budget — ${within ? 'within' : 'OVER'}`,
      );
    }
  }
  if (over) process.exit(1);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
