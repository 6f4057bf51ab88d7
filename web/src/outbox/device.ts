/**
 * Device binding (DESIGN.md "Device binding"): at the first sign-in on a phone the app
 * enrols a device, imports the key the server returns as a NON-extractable WebCrypto
 * HMAC key, keeps the CryptoKey in IndexedDB and forgets the raw bytes. Every capture
 * is signed with it over `captureCanonical` (core/capture.ts), the bytes the server checks.
 */
import { captureCanonical } from '../../../core/capture.js';
import type { DeviceEnrolResponse, DeviceStatus } from '../../../core/wire.js';
import { request, transact } from './idb.js';
import type { RawCapture } from './outbox.js';

export interface DeviceRecord {
  /** `device:<accountId>`: one key per account that signed in on this phone. */
  name: string;
  deviceId: string;
  key: CryptoKey;
  status: DeviceStatus;
}

const nameOf = (accountId: number) => `device:${accountId}`;

export function loadDevice(accountId: number): Promise<DeviceRecord | undefined> {
  return transact('keys', 'readonly', (s) =>
    request(s.get(nameOf(accountId)) as IDBRequest<DeviceRecord | undefined>),
  );
}

export async function saveDeviceStatus(accountId: number, status: DeviceStatus): Promise<void> {
  await transact('keys', 'readwrite', async (s) => {
    const r = await request(s.get(nameOf(accountId)) as IDBRequest<DeviceRecord | undefined>);
    if (r !== undefined && r.status !== status) await request(s.put({ ...r, status }));
  });
}

export function forgetDevice(accountId: number): Promise<void> {
  return transact('keys', 'readwrite', async (s) => void (await request(s.delete(nameOf(accountId)))));
}

/** base64url (RFC 4648 §5, no padding) → bytes. */
export function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** bytes → base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The device of `accountId` on this phone, enrolling one through `enrol` when there is
 * none. The raw key is imported non-extractable and dropped.
 */
export async function ensureDevice(
  accountId: number,
  enrol: () => Promise<DeviceEnrolResponse>,
): Promise<DeviceRecord> {
  const existing = await loadDevice(accountId);
  if (existing !== undefined) return existing;
  const r = await enrol();
  const raw = fromBase64Url(r.key);
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  raw.fill(0);
  const record: DeviceRecord = { name: nameOf(accountId), deviceId: r.deviceId, key, status: r.status };
  await transact('keys', 'readwrite', async (s) => void (await request(s.put(record))));
  return record;
}

/** `{ id, signature }` for a capture: base64url(HMAC-SHA256(key, utf8(captureCanonical))). */
export async function signCapture(
  device: Pick<DeviceRecord, 'deviceId' | 'key'>,
  capture: RawCapture,
): Promise<{ id: string; signature: string }> {
  const data = new TextEncoder().encode(captureCanonical(capture));
  const mac = await crypto.subtle.sign('HMAC', device.key, data);
  return { id: device.deviceId, signature: toBase64Url(new Uint8Array(mac)) };
}

/** A label an admin can recognise in the approval list, e.g. "Chrome di Android". */
export function deviceLabel(ua: string): string {
  const os = /iPhone|iPad|iPod/.test(ua)
    ? 'iPhone'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'Mac'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'perangkat';
  const browser = /EdgA?\//.test(ua)
    ? 'Edge'
    : /SamsungBrowser\//.test(ua)
      ? 'Samsung Internet'
      : /Firefox\/|FxiOS\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|CriOS\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : 'Browser';
  return `${browser} di ${os}`;
}
