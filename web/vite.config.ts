// The employee phone page: Preact, built to dist/web and served by the API server at `/`.
// `npm run build:web` runs from the repo root, so paths are resolved from this file.
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The first load must stay small on low data quotas (DESIGN.md: at most 60 KB gzipped).
    target: 'es2020',
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
