/**
 * Browser security headers on every answer: the phone page, the admin console, the API
 * documentation and the API itself (OWASP ASVS 5.0 V3.4 "Browser security mechanism
 * headers"). One hook, so no route can forget them.
 *
 * - The pages get a strict Content-Security-Policy: scripts, styles, workers and
 *   connections from this origin only, no inline script, no plugins, and no framing
 *   (`frame-ancestors 'none'`, ASVS 3.4.6). Images may also be `blob:` and `data:` (the
 *   selfie preview and photos fetched with the bearer token), media `blob:` (the camera).
 *   The service worker (sw.js) is served under the same policy, which governs its own
 *   fetches: `connect-src 'self'` lets it precache the shell.
 * - The Swagger UI page of /api/docs needs inline styles (it sets them while rendering)
 *   and nothing else beyond the pages' policy.
 * - API answers are data, never documents: `default-src 'none'; frame-ancestors 'none';
 *   sandbox`, so a JSON body or a file opened directly cannot run anything.
 * - Every answer: `X-Content-Type-Options: nosniff` (ASVS 3.4.4), `Referrer-Policy:
 *   no-referrer` (ASVS 3.4.5: paths may carry ids), `X-Frame-Options: DENY` for old
 *   browsers, `Cross-Origin-Opener-Policy` and `Cross-Origin-Resource-Policy:
 *   same-origin`.
 * - API answers are personal (attendance, names, photos, exports): `Cache-Control:
 *   no-store` unless the route chose its own (ASVS 14.3.2), so no shared cache or
 *   browser disk keeps them.
 *
 * HSTS is the TLS terminator's job (README, "Behind a reverse proxy"): Hadir itself
 * listens on plain HTTP behind it and cannot know the scheme the browser used.
 */
import type { FastifyInstance } from 'fastify';

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** The phone page may use the camera and the position; nothing else. */
const PERMISSIONS = 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()';

/** The CSP of an answer to `url`, by what it is. */
export function contentSecurityPolicy(url: string): string {
  if (url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?')) return DOCS_CSP;
  if (url.startsWith('/api/')) return API_CSP;
  return PAGE_CSP;
}

/** Adds the headers to every answer of `app` (routes may set a stricter CSP of their own). */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const url = request.url;
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    void reply.header('cross-origin-resource-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) {
      void reply.header('content-security-policy', contentSecurityPolicy(url));
    }
    const api = url.startsWith('/api/');
    if (api && !url.startsWith('/api/docs') && !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    if (!api) void reply.header('permissions-policy', PERMISSIONS);
    done(null, payload);
  });
}
