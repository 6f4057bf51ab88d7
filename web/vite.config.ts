// Three pages of one build, served by the API server: the employee phone page at `/`
// (index.html), the admin console at `/admin/` (admin/index.html) and the shared
// kiosk tablet at `/kiosk/` (kiosk/index.html, precached like the phone page so it
// opens offline). The console's own
// chunks go to assets/admin/ and are left out of the service worker's precache, so a
// phone never downloads them. `npm run build:web` runs from the repo root, so paths are
// resolved from this file.
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { precompressDir } from '../scripts/precompress.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));
const adminDir = fileURLToPath(new URL('./admin/', import.meta.url));
const kioskDir = fileURLToPath(new URL('./kiosk/', import.meta.url));

/** Whether every module of a chunk belongs to the console (web/admin/). */
function consoleOnly(moduleIds: readonly string[]): boolean {
  return moduleIds.length > 0 && moduleIds.every((id) => id.startsWith(adminDir));
}

export default defineConfig({
  root,
  plugins: [
    preact(),
    // Brotli and gzip copies of every text file, sent as they are by the server
    // (server/platform/http/static.ts), after the service worker is written.
    {
      name: 'hadir-precompress',
      apply: 'build',
      closeBundle: { order: 'post', sequential: true, handler: () => void precompressDir(outDir) },
    },
    // Installable PWA: manifest, icons, and a service worker (src/sw.ts) that precaches
    // the shell, so the app opens and captures offline after the first visit.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // Registered by hand in main.tsx (a few lines instead of workbox-window's kilobytes).
      injectRegister: false,
      registerType: 'autoUpdate',
      includeAssets: ['icon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Hadir — Presensi',
        short_name: 'Hadir',
        description: 'Presensi online pegawai — staff attendance',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0f5c4a',
        background_color: '#f3f6f5',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The admin console is for laptops and tablets online; phones never fetch it.
        globIgnores: ['admin/**', 'assets/admin/**'],
      },
    }),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    // The first load must stay small on low data quotas (DESIGN.md: at most 60 KB gzipped;
    // scripts/bundle-size.ts checks it).
    target: 'es2020',
    reportCompressedSize: true,
    rollupOptions: {
      input: { main: `${root}index.html`, admin: `${adminDir}index.html`, kiosk: `${kioskDir}index.html` },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'admin' ? 'assets/admin/[name]-[hash].js' : 'assets/[name]-[hash].js',
        chunkFileNames: (chunk) =>
          consoleOnly(chunk.moduleIds) ? 'assets/admin/[name]-[hash].js' : 'assets/[name]-[hash].js',
        assetFileNames: (asset) =>
          asset.originalFileNames.some((f) => f.startsWith('admin/'))
            ? 'assets/admin/[name]-[hash][extname]'
            : 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
