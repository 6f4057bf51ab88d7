import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStale } from './build-if-stale.js';

describe('build-if-stale', () => {
  const root = mkdtempSync(join(tmpdir(), 'hadir-stale-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const touch = (path: string, atSeconds: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), 'x');
    utimesSync(join(root, path), atSeconds, atSeconds);
  };

  it('builds when the output is missing, not again until a source is newer', () => {
    touch('server/a.ts', 1000);
    expect(isStale(root, ['server'], 'dist/server/cli/cli.js')).toBe(true);
    touch('dist/server/cli/cli.js', 2000);
    expect(isStale(root, ['server'], 'dist/server/cli/cli.js')).toBe(false);
    touch('server/deep/b.ts', 3000);
    expect(isStale(root, ['server'], 'dist/server/cli/cli.js')).toBe(true);
  });

  it('ignores node_modules and dist inside the sources', () => {
    touch('web/index.html', 1000);
    touch('dist/web/index.html', 2000);
    touch('web/node_modules/x.js', 5000);
    touch('web/dist/y.js', 5000);
    expect(isStale(root, ['web'], 'dist/web/index.html')).toBe(false);
  });
});
