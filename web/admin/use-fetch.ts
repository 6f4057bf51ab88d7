/** Loads a path whenever it changes; keeps the last answer while the next one comes. */
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../src/errors.js';
import type { Bilingual } from '../src/i18n.js';
import { get } from './api.js';

export function useFetch<T>(path: string | null, version = 0): { data: T | null; error: Bilingual | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Bilingual | null>(null);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    get<T>(path).then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [path, version]);
  return { data, error };
}
