/** A change the console makes (a POST, a PUT): busy while it runs, then what came of it. */
import { useState } from 'preact/hooks';
import { errorText } from '../src/errors.js';
import { pick, type Bilingual, type Lang } from '../src/i18n.js';
import { at } from './i18n.js';

/** Runs a change and says how it went. */
export function useAction(lang: Lang) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(fn: () => Promise<unknown>, after?: () => void, done?: string) {
    setBusy(true);
    try {
      await fn();
      setMessage({ ok: true, text: done ?? at(lang, 'saved') });
      after?.();
    } catch (e) {
      const err: Bilingual = errorText(e);
      setMessage({ ok: false, text: pick(lang, err) });
    } finally {
      setBusy(false);
    }
  }
  const view =
    message === null ? null : (
      <p class={message.ok ? 'note' : 'error'} role="status" data-part="result">
        {message.text}
      </p>
    );
  return { run, busy, view };
}
