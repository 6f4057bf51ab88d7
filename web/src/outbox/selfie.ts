/**
 * The selfie: a frame from the front camera (or a photo from the file picker on phones
 * without getUserMedia), drawn at most 480 px on its long side and encoded WebP (JPEG
 * where the browser cannot encode WebP, e.g. older Safari) at a falling quality until
 * it fits in 40 KB (DESIGN.md: a selfie at most 40 KB). The SHA-256 travels with the
 * punch; the bytes follow after the punch is accepted.
 */

export const SELFIE_MAX_BYTES = 40 * 1024;
export const SELFIE_MAX_SIDE = 480;
const QUALITIES = [0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];

export interface Selfie {
  bytes: ArrayBuffer;
  type: 'image/webp' | 'image/jpeg';
  sha256: string;
  width: number;
  height: number;
}

export type CameraFailure = 'denied' | 'unavailable';

export class CameraError extends Error {
  constructor(readonly reason: CameraFailure) {
    super(`camera: ${reason}`);
    this.name = 'CameraError';
  }
}

/** True when the browser can open a camera stream (else use `<input type=file capture=user>`). */
export function hasCameraApi(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

/** The front camera as a stream; rejects with a `CameraError`. */
export async function openFrontCamera(): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 640 } },
      audio: false,
    });
  } catch (e) {
    const name = (e as { name?: string } | null)?.name;
    throw new CameraError(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
  }
}

export function stopCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}

/** Width and height scaled so the longer side is at most `max`. */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function toBlob(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/** Lowercase hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Encodes `source` (a video frame or a decoded photo of `width`×`height`) as a selfie of
 * at most `maxBytes`, shrinking the picture when even the lowest quality is too large.
 */
export async function encodeSelfie(
  source: CanvasImageSource,
  width: number,
  height: number,
  maxBytes = SELFIE_MAX_BYTES,
): Promise<Selfie> {
  let size = fitWithin(width, height, SELFIE_MAX_SIDE);
  const canvas = document.createElement('canvas');
  for (let shrink = 0; shrink < 4; shrink++) {
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new CameraError('unavailable');
    ctx.drawImage(source, 0, 0, size.width, size.height);
    for (const type of ['image/webp', 'image/jpeg'] as const) {
      for (const q of QUALITIES) {
        const blob = await toBlob(canvas, type, q);
        // A browser that cannot encode WebP hands back PNG: move on to JPEG.
        if (blob === null || blob.type !== type) break;
        if (blob.size <= maxBytes) {
          const bytes = await blob.arrayBuffer();
          return { bytes, type, sha256: await sha256Hex(bytes), ...size };
        }
      }
    }
    size = { width: Math.round(size.width * 0.75), height: Math.round(size.height * 0.75) };
  }
  throw new CameraError('unavailable');
}

/** A frame of a playing `<video>` as a selfie. */
export function selfieFromVideo(video: HTMLVideoElement): Promise<Selfie> {
  return encodeSelfie(video, video.videoWidth, video.videoHeight);
}

/** A photo picked with `<input type=file capture=user>` as a selfie. */
export async function selfieFromFile(file: Blob): Promise<Selfie> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    return await encodeSelfie(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}
