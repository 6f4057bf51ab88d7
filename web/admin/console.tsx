/**
 * The console's shell: sign-in for admins, the menu, the language switch and the screen
 * of the current path. Employees who reach /admin/ are sent to the phone page.
 *
 * The session is the phone page's own (same storage): an expired access token is renewed
 * quietly with the refresh token by every request (src/api.ts), so an officer is only
 * asked to sign in again when the session itself has ended.
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { logout, setSignedOutHandler } from '../src/api.js';
import { loadLang, saveLang, type Lang } from '../src/i18n.js';
import { loadSession, type Session } from '../src/session.js';
import { at, type AdminKey } from './i18n.js';
import { LazyScreen } from './lazy.js';
import { href, navigate, onLinkClick, useLocation } from './router.js';
import { SCREENS, screenOf } from './screens.js';
import { LoginScreen } from './screens/login.js';

/** Where an employee account belongs. */
const PHONE_PAGE = '/';

export function isAdminAccount(s: Session | null): boolean {
  return s !== null && (s.account.role === 'agency_admin' || s.account.role === 'unit_admin');
}

export function Console() {
  const [lang, setLang] = useState<Lang>(loadLang);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<AdminKey | null>(null);
  const location = useLocation();

  useEffect(() => {
    setSignedOutHandler(() => {
      setSession(null);
      setNotice('signedOutExpired');
    });
  }, []);

  // Before paint, in the same task as the render: the page never shows one
  // language while announcing the other to a screen reader.
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const employee = session !== null && !isAdminAccount(session);
  useEffect(() => {
    if (employee) window.location.replace(PHONE_PAGE);
  }, [employee]);

  function switchLang() {
    const next: Lang = lang === 'id' ? 'en' : 'id';
    saveLang(next);
    setLang(next);
  }

  async function signOut() {
    await logout();
    setSession(null);
    setNotice(null);
    navigate('', { replace: true });
  }

  const account = session?.account ?? null;
  const agency = account?.role === 'agency_admin';
  const menu = SCREENS.filter((s) => agency || s.agencyOnly !== true);
  const def = screenOf(location.path);
  const allowed = def !== undefined && (agency || def.agencyOnly !== true);

  return (
    <div class="console">
      <a class="skip" href="#content">
        {at(lang, 'skipToContent')}
      </a>
      <header class="topbar">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            H
          </span>
          <span>Hadir</span>
          <span class="brand-sub">{at(lang, 'consoleName')}</span>
        </div>
        <div class="top-actions">
          {account && isAdminAccount(session) && (
            <span class="who" data-part="who">
              <strong>{account.username}</strong>
              <span>{at(lang, agency ? 'roleAgency' : 'roleUnit')}</span>
            </span>
          )}
          <button type="button" class="link" onClick={switchLang} aria-label={at(lang, 'switchLangLabel')}>
            {at(lang, 'switchLang')}
          </button>
          {session && (
            <button type="button" class="link" onClick={() => void signOut()}>
              {at(lang, 'logout')}
            </button>
          )}
        </div>
      </header>

      {session === null ? (
        <LoginScreen
          lang={lang}
          notice={notice}
          onSignedIn={(s) => {
            setNotice(null);
            setSession(s);
          }}
        />
      ) : employee || account === null ? (
        <main id="content" class="content">
          <p class="note">{at(lang, 'employeeRedirect')}</p>
        </main>
      ) : (
        <div class="layout">
          <nav class="sidenav" aria-label={at(lang, 'navMain')}>
            <ul>
              {menu.map((s) => (
                <li key={s.path}>
                  <a
                    href={href(s.path)}
                    aria-current={def === s ? 'page' : undefined}
                    onClick={(e) => onLinkClick(e, s.path)}
                  >
                    {at(lang, s.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main id="content" class="content" tabIndex={-1}>
            {def !== undefined && allowed ? (
              <LazyScreen key={def.path} def={def} lang={lang} account={account} location={location} />
            ) : (
              <div class="panel">
                <h1>{at(lang, 'notFoundTitle')}</h1>
                <a href={href('')} onClick={(e) => onLinkClick(e, '')}>
                  {at(lang, 'notFoundBack')}
                </a>
              </div>
            )}
          </main>
        </div>
      )}
    </div>
  );
}
