import { render } from 'preact';
import { KioskApp } from './app.js';
import './kiosk.css';

const root = document.getElementById('kiosk');
if (root) render(<KioskApp />, root);

// The phone page's service worker serves this page too, so the kiosk opens offline
// after its first visit (web/src/sw.ts routes /kiosk/ to kiosk/index.html).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // No service worker: the kiosk still works while the page stays open.
    });
  });
}
