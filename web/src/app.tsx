/**
 * The shell: language switch, sign-in state and the screens: today and history, and the
 * leave, correction and recap screens loaded on demand (lazy-screen.tsx).
 */
import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { logout, setSignedOutHandler } from './api.js';
import { loadLang, saveLang, t, type Lang, type MessageKey } from './i18n.js';
import { LazyScreen, type LazyTab } from './lazy-screen.js';
import { HistoryScreen } from './screens/history.js';
import { HomeScreen } from './screens/home.js';
import { OutboxClient } from './outbox/client.js';
import { LoginScreen } from './screens/login.js';
import { loadSession, type Session } from './session.js';

type Tab = 'today' | 'history' | LazyTab;

const TABS: readonly [Tab, MessageKey][] = [
  ['today', 'navToday'],
  ['history', 'navHistory'],
  ['leave', 'navLeave'],
  ['correction', 'navCorrection'],
  ['recap', 'navRecap'],
];

export function App() {
  const [lang, setLang] = useState<Lang>(loadLang);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [tab, setTab] = useState<Tab>('today');

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

  function switchLang() {
    const next: Lang = lang === 'id' ? 'en' : 'id';
    saveLang(next);
    setLang(next);
  }

  async function signOut() {
    // Last chance to send this account's waiting punches while its session still works;
    // any left stay on the phone and go out at its next sign-in.
    await outbox?.trigger('manual');
    await logout();
    setSession(null);
    setNotice(null);
    setTab('today');
  }

  const employee = session?.account.employee ?? null;
  // Admins have no check-in of their own here: they are offered the console instead.
  const admin = session !== null && session.account.role !== 'employee';
  const accountId = session?.account.id ?? null;
  // The outbox of the signed-in account: flushes on start and on every trigger after.
  const outbox = useMemo(
    () => (accountId === null || admin ? null : new OutboxClient(accountId)),
    [accountId, admin],
  );
  useEffect(() => {
    if (outbox === null) return;
    outbox.start();
    return () => outbox.stop();
  }, [outbox]);

  return (
    <div class="app">
      <header class="bar">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            H
          </span>
          <span>{t(lang, 'appName')}</span>
        </div>
        <div class="bar-actions">
          <button type="button" class="link" onClick={switchLang} aria-label={t(lang, 'switchLangLabel')}>
            {t(lang, 'switchLang')}
          </button>
          {session && (
            <button type="button" class="link" onClick={() => void signOut()}>
              {t(lang, 'logout')}
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
      ) : admin ? (
        <main>
          <section class="card" data-part="admin-offer">
            <h1>{t(lang, 'adminOfferTitle')}</h1>
            <p>{t(lang, 'adminOfferText')}</p>
            <a class="primary button-link" href="/admin/">
              {t(lang, 'adminOfferOpen')}
            </a>
          </section>
        </main>
      ) : (
        <>
          <div class="who">
            <strong>{employee?.name ?? session.account.username}</strong>
            {employee && (
              <span>
                {employee.position ? `${employee.position} · ` : ''}
                {employee.unitName}
              </span>
            )}
          </div>
          <nav class="tabs">
            {TABS.map(([id, label]) => (
              <button key={id} type="button" aria-pressed={tab === id} onClick={() => setTab(id)}>
                {t(lang, label)}
              </button>
            ))}
          </nav>
          <main>
            {tab === 'today' && outbox ? (
              <HomeScreen lang={lang} outbox={outbox} />
            ) : tab === 'leave' || tab === 'correction' || tab === 'recap' ? (
              <LazyScreen key={tab} tab={tab} lang={lang} accountId={session.account.id} />
            ) : (
              <HistoryScreen lang={lang} />
            )}
          </main>
        </>
      )}
    </div>
  );
}
