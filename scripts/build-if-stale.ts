/**
 * `npm run demo` builds only what changed since the last build: the server when a file
 * under server/, core/ or bench/ (or a tsconfig, package.json) is newer than the
 * compiled CLI, the web app when one under web/ or core/ is newer than its index.html.
 * A second `npm run demo` on an unchanged checkout starts at once.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The newest modification time under `paths` (files or folders), skipping dist and node_modules. */
export function newestMtime(root: string, paths: readonly string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && name !== 'dist') visit(join(p, name));
    } else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of paths) visit(join(root, p));
  return newest;
}

/** True when `output` is missing or older than any of `sources`. */
export function isStale(root: string, sources: readonly string[], output: string): boolean {
  const out = join(root, output);
  if (!existsSync(out)) return true;
  return newestMtime(root, sources) > statSync(out).mtimeMs;
}

export const TARGETS = [
  {
    name: 'server',
    script: 'build:server',
    sources: ['server', 'core', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package.json'],
    output: 'dist/server/cli/cli.js',
  },
  {
    name: 'web',
    script: 'build:web',
    sources: ['web', 'core', 'package.json'],
    output: 'dist/web/index.html',
  },
] as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.cwd();
  for (const t of TARGETS) {
    if (isStale(root, t.sources, t.output)) execSync(`npm run ${t.script}`, { stdio: 'inherit' });
    else process.stdout.write(`${t.name}: sudah terbangun / already built\n`);
  }
}
