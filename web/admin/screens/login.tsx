/** Sign-in for admins; an employee who signs in here is sent on to the phone page. */
import { useState } from 'preact/hooks';
import { login } from '../../src/api.js';
import { errorText } from '../../src/errors.js';
import { pick, type Bilingual, type Lang } from '../../src/i18n.js';
import type { Session } from '../../src/session.js';
import { at, bothAt, type AdminKey } from '../i18n.js';

export function LoginScreen(props: {
  lang: Lang;
  notice: AdminKey | null;
  onSignedIn: (s: Session) => void;
}) {
  const { lang } = props;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (username.trim() === '' || password === '') {
      setError(bothAt('loginMissing'));
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
    <main id="content" class="login-wrap">
      <form class="panel login" onSubmit={(e) => void submit(e)} noValidate>
        <h1>{at(lang, 'loginTitle')}</h1>
        <p class="muted">{at(lang, 'loginLead')}</p>
        {props.notice && <p class="note">{at(lang, props.notice)}</p>}
        <label>
          <span>{at(lang, 'loginUser')}</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{at(lang, 'loginPassword')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {pick(lang, error)}
          </p>
        )}
        <button type="submit" class="btn primary" disabled={busy}>
          {busy ? at(lang, 'loginBusy') : at(lang, 'loginSubmit')}
        </button>
        <a class="small" href="/">
          {at(lang, 'phonePageLink')}
        </a>
      </form>
    </main>
  );
}
