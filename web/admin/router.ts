/**
 * The console's pages are paths under /admin/ (so a page can be bookmarked and the back
 * button works); the server answers every such path with the console's index.html.
 */
import { useEffect, useState } from 'preact/hooks';

export const CONSOLE_BASE = '/admin';

/** The path inside the console ('' for the start page) and the query of the address bar. */
export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  const raw = window.location.pathname;
  const inside = raw.startsWith(CONSOLE_BASE) ? raw.slice(CONSOLE_BASE.length) : raw;
  return { path: inside.replace(/^\/+|\/+$/g, ''), query: new URLSearchParams(window.location.search) };
}

const listeners = new Set<() => void>();

/** Goes to `path` inside the console (e.g. 'reports?month=2026-03'), adding a history entry. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  const url = `${CONSOLE_BASE}/${path.replace(/^\/+/, '')}`;
  if (opts.replace === true) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  for (const l of listeners) l();
}

/** The console's href for `path`, for real links (open in a new tab works). */
export function href(path: string): string {
  return `${CONSOLE_BASE}/${path.replace(/^\/+/, '')}`;
}

/** The current location; re-renders on navigate() and on the back and forward buttons. */
export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/** A click on an in-console link navigates without reloading (unless a modifier key asks for a new tab). */
export function onLinkClick(e: MouseEvent, path: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(path);
}
