// The employee phone page: Preact, built to dist/web and served by the API server at `/`.
// `npm run build:web` runs from the repo root, so paths are resolved from this file.
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [
    preact(),
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
      },
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The first load must stay small on low data quotas (DESIGN.md: at most 60 KB gzipped;
    // scripts/bundle-size.ts checks it).
    target: 'es2020',
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
