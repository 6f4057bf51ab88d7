/**
 * Screens loaded on demand with dynamic import(), so the first load of the employee app
 * stays small (DESIGN.md: at most 60 KB gzipped). The service worker precaches their
 * chunks, so after the first visit they open offline too.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { both, pick, t, type Lang } from './i18n.js';

export interface LazyProps {
  lang: Lang;
  accountId: number;
}

export type LazyTab = 'leave' | 'correction' | 'recap';

const LOADERS: Record<LazyTab, () => Promise<ComponentType<LazyProps>>> = {
  leave: () => import('./screens/leave.js').then((m) => m.LeaveScreen),
  correction: () => import('./screens/correction.js').then((m) => m.CorrectionScreen),
  recap: () => import('./screens/recap.js').then((m) => m.RecapScreen),
};

const loaded = new Map<LazyTab, ComponentType<LazyProps>>();

export function LazyScreen({ tab, ...props }: LazyProps & { tab: LazyTab }) {
  const [Screen, setScreen] = useState<ComponentType<LazyProps> | null>(() => loaded.get(tab) ?? null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ready = loaded.get(tab);
    if (ready !== undefined) {
      setScreen(() => ready);
      return;
    }
    let live = true;
    setScreen(null);
    setFailed(false);
    LOADERS[tab]().then(
      (c) => {
        loaded.set(tab, c);
        if (live) setScreen(() => c);
      },
      () => {
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [tab, attempt]);

  if (Screen !== null) return <Screen {...props} />;
  return (
    <section class="card">
      {failed ? (
        <>
          <p class="error" role="alert">
            {pick(props.lang, both('network'))}
          </p>
          <button type="button" class="secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t(props.lang, 'retry')}
          </button>
        </>
      ) : (
        <p class="muted">{t(props.lang, 'loading')}</p>
      )}
    </section>
  );
}
