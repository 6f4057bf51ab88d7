/**
 * The console's calls to the API. Every request goes through src/api.ts, which renews an
 * expired access token quietly with the refresh token; the server scopes every answer
 * to the admin's units, so nothing here filters for safety.
 */
import { ApiError, authed, authedResponse } from '../src/api.js';

export { ApiError };

/** A query string from the defined values of `params` ('' when none). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

export function get<T>(path: string): Promise<T> {
  return authed<T>('GET', path);
}

export function post<T>(path: string, body?: unknown): Promise<T> {
  return authed<T>('POST', path, body);
}

export function put<T>(path: string, body?: unknown): Promise<T> {
  return authed<T>('PUT', path, body);
}

export function del<T>(path: string): Promise<T> {
  return authed<T>('DELETE', path);
}

/** The file name a Content-Disposition header gives, or `fallback`. */
function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(cd)?.[1] ?? fallback;
}

/** Fetches an export with the session's token and hands it to the browser as a download. */
export async function download(path: string, fallback = 'hadir-export'): Promise<string> {
  const res = await authedResponse('GET', path);
  const blob = await res.blob();
  const name = fileNameOf(res, fallback);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** A file from the API (an attachment, a selfie) as an object URL for an <img> or <iframe>. */
export async function objectUrl(path: string): Promise<{ url: string; type: string }> {
  const res = await authedResponse('GET', path);
  const blob = await res.blob();
  return { url: URL.createObjectURL(blob), type: blob.type };
}

export interface StreamEvent {
  event: string;
  data: unknown;
}

/**
 * Reads a server-sent event stream with the session's token (EventSource cannot send an
 * Authorization header). Resolves when the stream ends; rejects on a refusal or a
 * network failure. Abort `signal` to stop.
 */
export async function readStream(
  path: string,
  onEvent: (e: StreamEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await authedResponse('GET', path, undefined, { accept: 'text/event-stream' }, signal);
  if (!res.body) return;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onEvent({ event, data: JSON.parse(data.join('\n')) as unknown });
    }
  }
}
