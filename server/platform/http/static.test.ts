/**
 * The built pages over the wire: the build's brotli or gzip copy when the browser accepts
 * it, the file itself otherwise, and caching by kind (a year for content-hashed assets,
 * revalidation for everything else). Raw HTTP, so nothing decompresses behind the test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../../scripts/precompress.js';
import { NOW, testConfig } from '../../test-support/http-fixtures.js';
import { buildApp } from './app.js';
import { IMMUTABLE, REVALIDATE, isHashedAsset } from './static.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(url: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the built pages over the wire', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hadir-static-'));
  const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `kata-${i % 37}`))};\n`;
  const html = `<!doctype html><title>Hadir</title>${'<p>Presensi</p>'.repeat(200)}`;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), html);
    writeFileSync(join(dir, 'assets', 'index-Ab3_d-9Z.js'), script);
    writeFileSync(join(dir, 'sw.js'), script);
    writeFileSync(join(dir, 'icon.png'), Buffer.alloc(2048, 7));
    const written = precompressDir(dir);
    expect(written.map((w) => w.file).sort()).toEqual(['assets/index-Ab3_d-9Z.js', 'index.html', 'sw.js']);
    const { openTestDatabase } = await import('../../test-support/engines.js');
    const t = await openTestDatabase('sqlite');
    const app = await buildApp(testConfig({ webDir: dir }), { handle: t, now: () => NOW });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    close = async () => {
      await app.close();
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    };
  });
  afterAll(() => close?.());

  it('sends the brotli copy to a browser that accepts it, else gzip, else the file', async () => {
    const br = await get(`${url}/assets/index-Ab3_d-9Z.js`, 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(br.body).toString()).toBe(script);

    const gz = await get(`${url}/assets/index-Ab3_d-9Z.js`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);

    const plain = await get(`${url}/assets/index-Ab3_d-9Z.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('compresses the page itself, at / and for client-side routes', async () => {
    for (const p of ['/', '/riwayat']) {
      const r = await get(url + p, 'br');
      expect(r.status, p).toBe(200);
      expect(r.headers['content-encoding'], p).toBe('br');
      expect(brotliDecompressSync(r.body).toString(), p).toBe(html);
      expect(r.headers['cache-control'], p).toBe(REVALIDATE);
    }
  });

  it('lets browsers keep content-hashed assets for a year, and revalidate everything else', async () => {
    expect((await get(`${url}/assets/index-Ab3_d-9Z.js`, 'br')).headers['cache-control']).toBe(IMMUTABLE);
    expect((await get(`${url}/assets/index-Ab3_d-9Z.js`)).headers['cache-control']).toBe(IMMUTABLE);
    // The service worker and the icons keep their names across releases.
    expect((await get(`${url}/sw.js`, 'br')).headers['cache-control']).toBe(REVALIDATE);
    expect((await get(`${url}/icon.png`)).headers['cache-control']).toBe(REVALIDATE);
  });

  it('tells a hashed asset from a file that keeps its name', () => {
    expect(isHashedAsset('/srv/web/assets/index-Ab3_d-9Z.js')).toBe(true);
    expect(isHashedAsset('/srv/web/assets/admin/console-BxQ1zz0a.css.gz')).toBe(true);
    expect(isHashedAsset('/srv/web/sw.js')).toBe(false);
    expect(isHashedAsset('/srv/web/manifest.webmanifest')).toBe(false);
    expect(isHashedAsset('/srv/web/assets/icon.svg')).toBe(false);
  });
});
