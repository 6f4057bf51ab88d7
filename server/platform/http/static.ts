/**
 * The built pages (the phone app at `/`, the console at `/admin/`) as files: the
 * build's brotli or gzip copy when the browser accepts it (scripts/precompress.ts writes
 * them), and caching by kind. A file whose name carries its content hash (Vite's
 * `assets/name-HASH.js`) never changes, so browsers keep it a year without asking; every
 * other file (the HTML, the service worker, the manifest, the icons) is revalidated on
 * each load, so a new release is picked up at once.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite's hashed output: `assets/<name>-<8 character hash>.<ext>` (and its compressed copies). */
const HASHED = /[/\\]assets[/\\](?:.+[/\\])?[^/\\]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+(?:\.br|\.gz)?$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Whether the file at `path` is a content-hashed asset. */
export function isHashedAsset(path: string): boolean {
  return HASHED.test(path);
}

export async function serveWebPages(app: FastifyInstance, webDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: true,
    preCompressed: true,
    // Cache-Control is set below, by the kind of file.
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', isHashedAsset(path) ? IMMUTABLE : REVALIDATE);
    },
  });
}
