/**
 * The kiosk page: an enrolment screen (type the admin's code), then a big keypad where
 * people type their NIP (or scan their card) and PIN and press Masuk or Pulang.
 *
 * A shared screen shows nobody's data but the person's at the keypad: the fields empty
 * at the press (and after {@link IDLE_MS} untouched), and the confirmation names only
 * the person who just pressed, for {@link CONFIRM_MS}, then the screen is blank again.
 * "Tersimpan" is said once the press is committed to IndexedDB; the name follows when
 * the server answers within that time (offline, the time alone).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { KioskBatchResult } from '../../core/kiosk.js';
import type { PunchKind } from '../../core/model.js';
import { hasCameraApi, openFrontCamera, selfieFromVideo, stopCamera } from '../src/outbox/selfie.js';
import { ApiError } from '../src/outbox/transport.js';
import type { Bilingual } from '../src/i18n.js';
import { enrolKiosk, KioskClient, loadKiosk } from './client.js';
import type { KioskRecord } from './store.js';
import { clockTime, fill, K, whoOf } from './strings.js';

/** How long the confirmation stays, ms. */
export const CONFIRM_MS = 6_000;
/** Typed fields are emptied after this long without a key, ms (someone walked away). */
export const IDLE_MS = 30_000;

/** Indonesian, and the English beneath it. */
function B({ s }: { s: Bilingual }) {
  return (
    <>
      <span lang="id">{s.id}</span>
      <span lang="en" class="en">
        {s.en}
      </span>
    </>
  );
}

export function KioskApp() {
  const [kiosk, setKiosk] = useState<KioskRecord | null | undefined>(undefined);
  useEffect(() => {
    loadKiosk().then(
      (k) => setKiosk(k ?? null),
      () => setKiosk(null),
    );
  }, []);
  if (kiosk === undefined)
    return (
      <main class="kiosk">
        <p class="muted">
          <B s={K.loading} />
        </p>
      </main>
    );
  if (kiosk === null) return <EnrolScreen onEnrolled={setKiosk} />;
  return <PressScreen kiosk={kiosk} onForgotten={() => setKiosk(null)} />;
}

function EnrolScreen({ onEnrolled }: { onEnrolled: (k: KioskRecord) => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Bilingual | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (code.trim() === '') return;
    setBusy(true);
    setProblem(null);
    try {
      onEnrolled(await enrolKiosk(code));
    } catch (err) {
      setProblem(err instanceof ApiError && err.status !== 0 ? err.text : K.enrolOffline);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="kiosk enrol">
      <h1>
        <B s={K.enrolTitle} />
      </h1>
      <p class="muted">
        <B s={K.enrolHelp} />
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <label for="kiosk-code">
          {K.enrolCode.id} / {K.enrolCode.en}
        </label>
        <input
          id="kiosk-code"
          class="code"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          value={code}
          onInput={(e) => setCode((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" disabled={busy}>
          <B s={busy ? K.enrolBusy : K.enrolSubmit} />
        </button>
      </form>
      {problem && (
        <p class="error" role="alert">
          <B s={problem} />
        </p>
      )}
    </main>
  );
}

interface Confirmation {
  id: string | null;
  kind: PunchKind;
  time: string;
  state: 'saved' | 'stored' | 'refused' | 'failed';
  name?: string;
  error?: Bilingual;
  /** The server's review of a stored press whose time it doubts: pending, or refused by the rules. */
  review?: 'pending' | 'accepted' | 'rejected';
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

function PressScreen({ kiosk, onForgotten }: { kiosk: KioskRecord; onForgotten: () => void }) {
  const client = useMemo(() => new KioskClient(kiosk), [kiosk]);
  const [, redraw] = useState(0);
  const [field, setField] = useState<'nip' | 'pin'>('nip');
  const [nip, setNip] = useState('');
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<Bilingual | null>(null);
  const [confirm, setConfirm] = useState<Confirmation | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const confirmTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const current = useRef<string | null>(null);
  const nipInput = useRef<HTMLInputElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<'off' | 'on' | 'unavailable'>('off');
  const selfieRequired = client.kiosk.selfieRequired;
  const pinInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const off = client.subscribe(() => redraw((n) => n + 1));
    const offAnswer = client.onAnswer((r: KioskBatchResult) => {
      // Only the answer for the press on the screen is shown, and only while it is.
      if (r.id !== current.current) return;
      setConfirm((c) =>
        c === null || c.id !== r.id
          ? c
          : r.body !== undefined
            ? {
                ...c,
                state: 'stored',
                name: r.body.name,
                time: r.body.localTime.slice(0, 5),
                ...(r.body.review && { review: r.body.review.status }),
              }
            : { ...c, state: 'refused', ...(r.error ? { error: r.error.message } : {}) },
      );
    });
    client.start();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      off();
      offAnswer();
      clearInterval(tick);
      client.stop();
    };
  }, [client]);

  // The site's unit asks for a selfie: the camera stays on, and a frame is taken at each press.
  useEffect(() => {
    if (!selfieRequired) return;
    if (!hasCameraApi()) {
      setCamera('unavailable');
      return;
    }
    let stream: MediaStream | null = null;
    let live = true;
    openFrontCamera().then(
      (s) => {
        if (!live) return stopCamera(s);
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play().catch(() => undefined);
        }
        setCamera('on');
      },
      () => live && setCamera('unavailable'),
    );
    return () => {
      live = false;
      stopCamera(stream);
    };
  }, [selfieRequired]);

  const empty = () => {
    setNip('');
    setPin('');
    setField('nip');
    nipInput.current?.focus();
  };

  /** Any key: the fields are emptied if nobody touches them for a while. */
  const touched = () => {
    if (idleTimer.current !== null) clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(empty, IDLE_MS);
  };

  const show = (c: Confirmation | null) => {
    current.current = c?.id ?? null;
    setConfirm(c);
    if (confirmTimer.current !== null) clearTimeout(confirmTimer.current);
    if (c !== null)
      confirmTimer.current = setTimeout(() => {
        current.current = null;
        setConfirm(null);
      }, CONFIRM_MS);
  };

  const type = (key: string) => {
    touched();
    setProblem(null);
    if (field === 'nip') setNip((v) => (key === '⌫' ? v.slice(0, -1) : v + key));
    else setPin((v) => (key === '⌫' ? v.slice(0, -1) : (v + key).slice(0, 8)));
  };

  const press = async (kind: PunchKind) => {
    const typed = nip.trim();
    if (typed === '') {
      setProblem(K.missingNip);
      setField('nip');
      return;
    }
    if (!/^\d{6,8}$/.test(pin)) {
      setProblem(K.badPin);
      setField('pin');
      pinInput.current?.focus();
      return;
    }
    // The next person must not see what this one typed: empty the fields before anything else.
    const typedPin = pin;
    empty();
    setProblem(null);
    show(null);
    try {
      const v = video.current;
      const selfie =
        selfieRequired && camera === 'on' && v !== null && v.videoWidth > 0 ? selfieFromVideo(v) : undefined;
      const { id, at } = await client.press(whoOf(typed), typedPin, kind, selfie);
      show({ id, kind, time: clockTime(at, client.kiosk.site.zone), state: 'saved' });
    } catch {
      show({ id: null, kind, time: '', state: 'failed' });
    }
  };

  const k = client.kiosk;
  const online = client.waitReason() !== 'network';
  const refused = client.refused;
  if (refused !== null) {
    return (
      <main class="kiosk">
        <p class="error" role="alert">
          <B s={refused === 'kiosk_revoked' ? K.revoked : K.unknownKiosk} />
        </p>
        <button
          type="button"
          class="secondary"
          onClick={() => void client.forget().then(onForgotten, onForgotten)}
        >
          <B s={K.enrolAgain} />
        </button>
      </main>
    );
  }
  return (
    <main class="kiosk">
      <header class="kiosk-head">
        <div>
          <h1 id="kiosk-site">{k.site.name}</h1>
          <p class="muted">{k.label}</p>
        </div>
        <div class="kiosk-clock" aria-label="Jam / Time">
          {clockTime(now, k.site.zone)}
        </div>
      </header>
      <p class="kiosk-net" data-part={online ? 'online' : 'offline'}>
        <B s={online ? K.online : K.offline} />
        {' · '}
        <span data-part="waiting" data-count={client.waiting}>
          <B s={client.waiting === 0 ? K.allSent : fill(K.waiting, { n: client.waiting })} />
        </span>
      </p>

      {selfieRequired && (
        <div class="kiosk-camera">
          <video ref={video} autoplay muted playsInline aria-label="Kamera / Camera" />
          <p class="muted small">
            <B s={camera === 'unavailable' ? K.cameraOff : K.selfieNote} />
          </p>
        </div>
      )}

      <div class="kiosk-fields">
        <label for="kiosk-nip">
          {K.nip.id} / {K.nip.en}
        </label>
        <input
          id="kiosk-nip"
          ref={nipInput}
          class={field === 'nip' ? 'active' : ''}
          inputMode="numeric"
          autocomplete="off"
          spellcheck={false}
          value={nip}
          onFocus={() => setField('nip')}
          onInput={(e) => {
            touched();
            setNip((e.target as HTMLInputElement).value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              setField('pin');
              pinInput.current?.focus();
            }
          }}
        />
        <p class="muted small">
          <B s={K.nipHint} />
        </p>
        <label for="kiosk-pin">PIN</label>
        <input
          id="kiosk-pin"
          ref={pinInput}
          type="password"
          class={field === 'pin' ? 'active' : ''}
          inputMode="numeric"
          autocomplete="off"
          maxLength={8}
          value={pin}
          onFocus={() => setField('pin')}
          onInput={(e) => {
            touched();
            setPin((e.target as HTMLInputElement).value.replace(/\D/g, '').slice(0, 8));
          }}
        />
      </div>

      <div class="keypad" role="group" aria-label="Papan angka / Keypad">
        {KEYS.map((d) => (
          <button type="button" key={d} onClick={() => type(d)}>
            {d}
          </button>
        ))}
        <button type="button" onClick={() => type('⌫')} aria-label="Hapus / Delete">
          ⌫
        </button>
        <button type="button" onClick={() => type('0')}>
          0
        </button>
        <button type="button" onClick={() => (touched(), empty())}>
          <B s={K.clear} />
        </button>
      </div>

      <div class="kiosk-actions">
        <button type="button" class="primary in" onClick={() => void press('in')}>
          <B s={K.checkIn} />
        </button>
        <button type="button" class="primary out" onClick={() => void press('out')}>
          <B s={K.checkOut} />
        </button>
      </div>

      {problem && (
        <p class="error" role="alert">
          <B s={problem} />
        </p>
      )}
      <div class="kiosk-confirm" role="status" aria-live="polite">
        {confirm && <ConfirmText c={confirm} />}
      </div>
    </main>
  );
}

function ConfirmText({ c }: { c: Confirmation }) {
  if (c.state === 'failed')
    return (
      <p class="error" data-state="failed">
        <B s={K.saveFailed} />
      </p>
    );
  const when = fill(c.kind === 'in' ? K.savedIn : K.savedOut, { time: c.time });
  return (
    <div data-state={c.state} data-id={c.id ?? ''}>
      {c.name !== undefined && <p class="kiosk-name">{c.name}</p>}
      <p class="kiosk-saved">
        <strong>
          <B s={c.state === 'refused' ? K.refused : K.saved} />
        </strong>{' '}
        <B s={when} />
      </p>
      <p class="muted">
        {c.state === 'refused' && c.error ? (
          <B s={c.error} />
        ) : (
          <B s={c.state === 'stored' ? K.stored : K.willSend} />
        )}
      </p>
      {c.review === 'pending' && (
        <p class="kiosk-review" data-review="pending">
          <B s={K.reviewPending} />
        </p>
      )}
      {c.review === 'rejected' && (
        <p class="error" data-review="rejected">
          <B s={K.reviewRejected} />
        </p>
      )}
    </div>
  );
}
