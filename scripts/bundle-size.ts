/**
 * The employee app's first load, gzipped: the entry script, the modules it preloads and
 * the stylesheets that dist/web/index.html references. Fails past 60 KB (DESIGN.md
 * "Figures we hold ourselves to"); chunks loaded later (admin screens) do not count.
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

function main(): void {
  const indexPath = join(webDir, 'index.html');
  if (!existsSync(indexPath)) {
    console.error('dist/web/index.html is missing: run `npm run build:web` first.');
    process.exit(2);
  }
  let total = 0;
  for (const asset of firstLoadAssets(readFileSync(indexPath, 'utf8'))) {
    const bytes = readFileSync(join(webDir, asset.replace(/^\//, '')));
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    console.log(
      `${asset.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  gzip ${(gz / 1024).toFixed(1).padStart(6)} KB`,
    );
  }
  const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER';
  console.log(
    `first load (JS+CSS, gzip): ${(total / 1024).toFixed(1)} KB of ${BUDGET_BYTES / 1024} KB budget — ${verdict}`,
  );
  if (total > BUDGET_BYTES) process.exit(1);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
