/**
 * Attachments of leave and correction requests, checked on the phone the way the server
 * checks them (server/attendance/attachments.ts): PDF, JPEG or PNG by the file's first
 * bytes, at most 2 MB, sent as base64 inside the JSON body. A photo of a letter that is
 * too large is shrunk on the phone (canvas → JPEG) rather than refused.
 *
 * @example checkAttachment(new TextEncoder().encode('%PDF-1.4')) // { ok: true, type: 'application/pdf' }
 */

/** The server's limit on the decoded file (2 MiB). */
export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;

export type AttachmentType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** A file ready to go inside a request body. */
export interface Attachment {
  name: string;
  type: AttachmentType;
  /** Size of the file (decoded), bytes. */
  bytes: number;
  base64: string;
  /** Whether the phone shrank a photo to fit the limit. */
  compressed: boolean;
}

export type AttachmentProblem = 'type' | 'too_large' | 'unreadable';

/** The type by magic bytes: %PDF-, FF D8 FF, 89 50 4E 47 0D 0A 1A 0A; null otherwise. */
export function sniffAttachment(b: Uint8Array): AttachmentType | null {
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d)
    return 'application/pdf';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 8 && png.every((v, i) => b[i] === v)) return 'image/png';
  return null;
}

/** Whether the bytes would be accepted by the server, and as what. */
export function checkAttachment(
  b: Uint8Array,
): { ok: true; type: AttachmentType } | { ok: false; problem: AttachmentProblem } {
  const type = sniffAttachment(b);
  if (type === null) return { ok: false, problem: 'type' };
  if (b.length > ATTACHMENT_MAX_BYTES) return { ok: false, problem: 'too_large' };
  return { ok: true, type };
}

/** Standard base64 of `bytes` (btoa over chunks, so a 2 MB file does not overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The decoded length of a base64 string, without decoding it. */
export function base64Size(b64: string): number {
  const len = b64.replace(/\s/g, '').length;
  if (len === 0) return 0;
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor((len * 3) / 4) - pad;
}

/** A size for people: "850 KB", "1,4 MB" / "1.4 MB". */
export function formatBytes(locale: string, n: number): string {
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n / (1024 * 1024))} MB`;
}

/** The file's bytes, through FileReader (works in every phone browser Hadir supports). */
export function readFileBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(file);
  });
}

/** Longest side and JPEG quality of each attempt to fit a photo under the limit. */
const SHRINK_STEPS: readonly [number, number][] = [
  [2400, 0.85],
  [2000, 0.8],
  [1600, 0.75],
  [1280, 0.7],
  [1024, 0.65],
];

/** A JPEG of the photo small enough for the limit, or null when the browser cannot draw it. */
async function shrinkPhoto(file: Blob, maxBytes: number): Promise<Uint8Array | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  try {
    for (const [side, quality] of SHRINK_STEPS) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      const ctx = canvas.getContext('2d');
      if (ctx === null) return null;
      // White under a transparent PNG, so the letter stays readable as a JPEG.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', quality));
      if (blob !== null && blob.size <= maxBytes) return readFileBytes(blob);
    }
    return null;
  } finally {
    bitmap.close();
  }
}

/**
 * Reads a chosen file and makes it ready to send, or says why it cannot go: not a PDF,
 * JPEG or PNG; too large (a PDF, or a photo that would not shrink enough); unreadable.
 */
export async function prepareAttachment(file: File): Promise<Attachment | AttachmentProblem> {
  let bytes: Uint8Array;
  try {
    bytes = await readFileBytes(file);
  } catch {
    return 'unreadable';
  }
  const checked = checkAttachment(bytes);
  if (checked.ok) {
    return {
      name: file.name,
      type: checked.type,
      bytes: bytes.length,
      base64: toBase64(bytes),
      compressed: false,
    };
  }
  if (checked.problem !== 'too_large' || sniffAttachment(bytes) === 'application/pdf') return checked.problem;
  const small = await shrinkPhoto(file, ATTACHMENT_MAX_BYTES);
  if (small === null) return 'too_large';
  return {
    name: file.name.replace(/\.\w+$/, '') + '.jpg',
    type: 'image/jpeg',
    bytes: small.length,
    base64: toBase64(small),
    compressed: true,
  };
}
