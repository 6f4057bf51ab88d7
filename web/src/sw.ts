/**
 * The service worker: precaches the app shell (the list is injected at build time by
 * vite-plugin-pwa) so that after the first visit the app opens and captures with no
 * network at all, and answers every page navigation with the cached index.html.
 *
 * Background Sync (Chromium browsers): the page registers the tag "hadir-outbox" after
 * each save; when the browser sees a connection it fires `sync` here and this worker
 * tells the open Hadir pages to flush their outbox (the outbox, the device key and the
 * session live with the page). With no page open nothing is sent until the app is
 * opened again. Safari and Firefox have no Background Sync: there the page flushes on
 * start, on `online`, on becoming visible and on its own backoff timer.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

/** The few service-worker globals used here (the DOM lib has no ServiceWorkerGlobalScope). */
interface ExtendableEventLike extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SyncEventLike extends ExtendableEventLike {
  tag: string;
}
interface WorkerScope {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    matchAll(opts: {
      type: 'window';
      includeUncontrolled: boolean;
    }): Promise<{ postMessage(m: unknown): void }[]>;
  };
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'sync', fn: (e: SyncEventLike) => void): void;
}

declare const self: WorkerScope;

const SYNC_TAG = 'hadir-outbox';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Page paths are client routes: serve the shell; the API is never cached, and the admin
// console (not precached) always comes from the network. The kiosk page has its own shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('kiosk/index.html'), { allowlist: [/^\/kiosk(\/|$)/] }),
);
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/api\//, /^\/admin(\/|$)/, /^\/kiosk(\/|$)/],
  }),
);

// A new version takes over at once: the shell is one entry chunk, so no page is left
// asking for a chunk that is gone.
self.addEventListener('install', (e) => e.waitUntil(self.skipWaiting()));
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

self.addEventListener('sync', (e) => {
  if (e.tag !== SYNC_TAG) return;
  e.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((pages) => {
      for (const page of pages) page.postMessage({ type: 'hadir-flush' });
    }),
  );
});
