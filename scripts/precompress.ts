/**
 * Brotli and gzip copies of the built pages' text files (`x.js` → `x.js.br`, `x.js.gz`),
 * written once at build time so the server sends them as they are (@fastify/static
 * `preCompressed`) instead of compressing each response or sending the file raw. Run by
 * the Vite build (web/vite.config.ts); scripts/bundle-size.ts measures these files.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Files worth compressing: text. Images and fonts are compressed already. */
export const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;

/** Below this size compression saves less than the headers it costs. */
export const MIN_BYTES = 1024;

export interface Compressed {
  /** Path relative to the folder, with '/'. */
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export function gzipBytes(bytes: Buffer): Buffer {
  return gzipSync(bytes, { level: 9 });
}

export function brotliBytes(bytes: Buffer): Buffer {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** Writes `.br` and `.gz` beside every compressible file of `dir` (recursively) that gains from it. */
export function precompressDir(dir: string): Compressed[] {
  const out: Compressed[] = [];
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub === '' ? name : `${sub}/${name}`;
      const path = join(dir, rel);
      if (statSync(path).isDirectory()) {
        walk(rel);
        continue;
      }
      if (!COMPRESSIBLE.test(name)) continue;
      const bytes = readFileSync(path);
      if (bytes.length < MIN_BYTES) continue;
      const gz = gzipBytes(bytes);
      const br = brotliBytes(bytes);
      // A copy no smaller than the file is left out: the file itself is sent.
      if (gz.length < bytes.length) writeFileSync(`${path}.gz`, gz);
      if (br.length < bytes.length) writeFileSync(`${path}.br`, br);
      out.push({ file: rel, raw: bytes.length, gzip: gz.length, brotli: br.length });
    }
  };
  walk('');
  return out;
}
