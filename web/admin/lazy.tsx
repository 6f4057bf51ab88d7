/** Loads a screen's chunk on first use, with a retry when the network failed. */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { both, pick } from '../src/i18n.js';
import { at } from './i18n.js';
import type { ScreenDef, ScreenProps } from './screens.js';

const loaded = new Map<string, ComponentType<ScreenProps>>();

export function LazyScreen({ def, ...props }: ScreenProps & { def: ScreenDef }) {
  const [Screen, setScreen] = useState<ComponentType<ScreenProps> | null>(() => loaded.get(def.path) ?? null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ready = loaded.get(def.path);
    if (ready !== undefined) {
      setScreen(() => ready);
      return;
    }
    let live = true;
    setScreen(null);
    setFailed(false);
    def.load().then(
      (c) => {
        loaded.set(def.path, c);
        if (live) setScreen(() => c);
      },
      () => {
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [def, attempt]);

  if (Screen !== null) return <Screen {...props} />;
  return failed ? (
    <div class="panel">
      <p class="error" role="alert">
        {pick(props.lang, both('network'))}
      </p>
      <button type="button" class="btn" onClick={() => setAttempt((n) => n + 1)}>
        {at(props.lang, 'retry')}
      </button>
    </div>
  ) : (
    <p class="muted">{at(props.lang, 'loading')}</p>
  );
}
