/**
 * A stored selfie shown to an admin, fetched with the session's token (an <img> cannot
 * send it). The server writes every such read to the audit trail (photo.viewed).
 */
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../src/errors.js';
import { pick, type Lang } from '../src/i18n.js';
import { objectUrl } from './api.js';
import { at } from './i18n.js';

export function SelfiePreview({ lang, url, title }: { lang: Lang; url: string; title: string }) {
  const [file, setFile] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    objectUrl(url.replace(/^\/api\/v1/, '')).then(
      (f) => {
        made = f.url;
        if (live) setFile(f.url);
        else URL.revokeObjectURL(f.url);
      },
      (e: unknown) => live && setError(pick(lang, errorText(e))),
    );
    return () => {
      live = false;
      if (made !== null) URL.revokeObjectURL(made);
    };
  }, [url]);
  if (error) return <p class="error">{error}</p>;
  if (file === null) return <p class="muted">{at(lang, 'loading')}</p>;
  return (
    <div class="attachment" data-part="selfie">
      <img src={file} alt={title} />
    </div>
  );
}
