/** Sign in with a NIP (or an internal id / username) and a password. */
import { useEffect, useState } from 'preact/hooks';
import { login } from '../api.js';
import { errorText } from '../errors.js';
import { pick, t, type Bilingual, type Lang, type MessageKey } from '../i18n.js';
import { idbOutbox, isWaiting } from '../outbox/outbox.js';
import { loginWaitingText } from '../outbox/wait-text.js';
import type { Session } from '../session.js';

export function LoginScreen(props: {
  lang: Lang;
  notice: MessageKey | null;
  onSignedIn: (s: Session) => void;
}) {
  const { lang } = props;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);
  // Punches left on the phone by a session that ended: they go out after the next sign-in.
  const [waiting, setWaiting] = useState(0);
  useEffect(() => {
    idbOutbox
      .list()
      .then((items) => setWaiting(items.filter(isWaiting).length))
      .catch(() => setWaiting(0));
  }, []);
  const waitingLine = loginWaitingText(lang, waiting);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (username.trim() === '' || password === '') {
      setError({ id: t('id', 'loginMissing'), en: t('en', 'loginMissing') });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await login(username.trim(), password));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <main>
      <form class="card login" onSubmit={(e) => void submit(e)} noValidate>
        <h1>{t(lang, 'loginTitle')}</h1>
        <p class="muted">{t(lang, 'tagline')}</p>
        {props.notice && <p class="note">{t(lang, props.notice)}</p>}
        {waitingLine && (
          <p class="note" data-part="login-waiting">
            {waitingLine}
          </p>
        )}
        <label>
          <span>{t(lang, 'loginUser')}</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            value={username}
            onInput={(e) => {
              setUsername(e.currentTarget.value);
              // An old refusal no longer describes what is typed now.
              setError(null);
            }}
          />
          <small class="muted">{t(lang, 'loginUserHint')}</small>
        </label>
        <label>
          <span>{t(lang, 'loginPassword')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(e) => {
              setPassword(e.currentTarget.value);
              // An old refusal no longer describes what is typed now.
              setError(null);
            }}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {pick(lang, error)}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t(lang, 'loginBusy') : t(lang, 'loginSubmit')}
        </button>
      </form>
    </main>
  );
}
