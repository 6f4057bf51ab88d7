/**
 * The selfie card: the front camera in the page (getUserMedia), or the phone's own camera
 * app through `<input type=file capture=user>` where the page cannot open a stream
 * (older iOS). The photo is compressed on the phone and shown before the press.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../errors.js';
import { pick, t, type Bilingual, type Lang } from '../i18n.js';
import {
  hasCameraApi,
  openFrontCamera,
  selfieFromFile,
  selfieFromVideo,
  stopCamera,
  type Selfie,
} from '../outbox/selfie.js';

export function SelfieCard(props: {
  lang: Lang;
  required: boolean;
  selfie: Selfie | null;
  onChange: (s: Selfie | null) => void;
  /** A press is waiting for the selfie the unit requires: open the camera and say why. */
  ask?: boolean;
  /** Record the waiting press without a selfie (offered when the camera fails). */
  onSkip?: () => void;
}) {
  const { lang, selfie } = props;
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<Bilingual | null>(null);
  const [busy, setBusy] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const preview = useObjectUrl(selfie);

  useEffect(() => {
    const video = videoRef.current;
    if (video && stream) {
      video.srcObject = stream;
      void video.play().catch(() => undefined);
    }
  }, [stream]);
  useEffect(() => () => stopCamera(stream), [stream]);
  useEffect(() => {
    if (props.ask === true && stream === null) void open();
  }, [props.ask]);

  async function open() {
    setError(null);
    if (!hasCameraApi()) {
      fileRef.current?.click();
      return;
    }
    try {
      setStream(await openFrontCamera());
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function snap() {
    const video = videoRef.current;
    if (!video || video.videoWidth === 0) return;
    setBusy(true);
    try {
      props.onChange(await selfieFromVideo(video));
      stopCamera(stream);
      setStream(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  async function picked(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    try {
      props.onChange(await selfieFromFile(file));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class={`card selfie ${props.ask === true ? 'asking' : ''}`} aria-labelledby="selfie-title">
      <h2 id="selfie-title">{t(lang, 'selfie')}</h2>
      {props.ask === true ? (
        <p class="note" role="alert" data-part="selfie-ask">
          {t(lang, 'selfieAsk')}
        </p>
      ) : (
        <p class="muted small">{t(lang, props.required ? 'selfieRequired' : 'selfieOptional')}</p>
      )}
      {stream ? (
        <div class="camera">
          <video ref={videoRef} playsInline muted autoPlay />
          <div class="row">
            <button type="button" class="primary" disabled={busy} onClick={() => void snap()}>
              {t(lang, 'selfieSnap')}
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                stopCamera(stream);
                setStream(null);
              }}
            >
              {t(lang, 'selfieCancel')}
            </button>
          </div>
        </div>
      ) : selfie && preview ? (
        <div class="row">
          <img src={preview} alt={t(lang, 'selfiePreview')} class="selfie-preview" />
          <div>
            <p class="small">{t(lang, 'selfieReady', { kb: Math.ceil(selfie.bytes.byteLength / 1024) })}</p>
            <button type="button" class="link" onClick={() => void open()}>
              {t(lang, 'selfieRetake')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="secondary" disabled={busy} onClick={() => void open()}>
          {t(lang, 'selfieTake')}
        </button>
      )}
      <input
        ref={fileRef}
        type="file"
        accept="image/*"
        capture="user"
        hidden
        onChange={(e) => void picked(e.currentTarget.files?.[0])}
      />
      {error && (
        <p class="error" role="alert">
          {pick(lang, error)}
        </p>
      )}
      {props.ask === true && (error !== null || !hasCameraApi()) && props.onSkip && (
        <>
          <p class="small">{t(lang, 'selfieSkipHint')}</p>
          <button type="button" class="secondary" onClick={props.onSkip}>
            {t(lang, 'selfieSkip')}
          </button>
        </>
      )}
    </section>
  );
}

/** An object URL for the selfie's bytes, revoked when it changes. */
function useObjectUrl(selfie: Selfie | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (selfie === null) {
      setUrl(null);
      return;
    }
    const u = URL.createObjectURL(new Blob([selfie.bytes], { type: selfie.type }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [selfie]);
  return url;
}
