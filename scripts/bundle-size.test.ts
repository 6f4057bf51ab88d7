import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstLoadAssets, measure } from './bundle-size.js';
import { precompressDir } from './precompress.js';

describe('the bundle check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hadir-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the scripts, preloads and stylesheets a page loads at once', () => {
    const html =
      '<script type="module" src="/assets/main-abc.js"></script>' +
      '<link rel="modulepreload" href="/assets/errors-def.js"><link rel="stylesheet" href="/assets/main-ghi.css">' +
      '<link rel="icon" href="/icon.svg"><script src="https://example.org/x.js"></script>';
    expect(firstLoadAssets(html)).toEqual([
      '/assets/main-abc.js',
      '/assets/errors-def.js',
      '/assets/main-ghi.css',
    ]);
  });

  it('counts what the server sends: the file raw until the build writes its compressed copies', () => {
    mkdirSync(join(dir, 'assets'));
    const html = `<!doctype html><script type="module" src="/assets/main-abc12345.js"></script>`;
    const script = `export const t = ${JSON.stringify('Absen masuk tercatat. '.repeat(300))};`;
    writeFileSync(join(dir, 'index.html'), html);
    writeFileSync(join(dir, 'assets', 'main-abc12345.js'), script);
    const raw = html.length + script.length;
    // Nothing compressed: the server would send the files as they are.
    expect(measure(dir, 'index.html')).toEqual({ gzip: raw, br: raw, raw });

    precompressDir(dir);
    const gz = statSync(join(dir, 'assets', 'main-abc12345.js.gz')).size;
    const br = statSync(join(dir, 'assets', 'main-abc12345.js.br')).size;
    // The HTML is under the size worth compressing and goes out as it is.
    expect(measure(dir, 'index.html')).toEqual({ gzip: html.length + gz, br: html.length + br, raw });
    expect(gz).toBeLessThan(script.length / 10);
  });
});
