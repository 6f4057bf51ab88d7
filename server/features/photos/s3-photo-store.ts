/**
 * Selfies in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Cloudflare R2, …), with
 * no SDK: path-style URLs (`<endpoint>/<bucket>/<key>`, which every such server
 * accepts) signed with AWS Signature Version 4 over `fetch`.
 *
 * The object names are the disk store's keys (`aa/bb/<sha256>.jpg`). A key names exactly
 * one content, so a PUT over an existing object writes the same bytes again: harmless.
 * `x-amz-content-sha256` carries the hex SHA-256 of the body, so the server refuses a
 * body damaged on the way (XAmzContentSHA256Mismatch) instead of storing it.
 */
import { createHash, createHmac } from 'node:crypto';
import { photoKey } from './photo-store.js';
import type { PhotoStore } from './photo-store.js';

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Signing region, e.g. `us-east-1` (MinIO and Ceph accept `us-east-1` unless set otherwise). */
  readonly region: string;
  /** Signing service; `s3` unless told otherwise. */
  readonly service?: string;
}

export interface SignableRequest {
  readonly method: string;
  readonly url: string | URL;
  /** Headers to sign besides `host`, `x-amz-date` and `x-amz-content-sha256` (added here). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body; the hash of an empty body when absent. */
  readonly payloadSha256?: string;
}

export interface SignedRequest {
  /** Every header to send (lower-case names), `authorization` included; `host` is the URL's. */
  readonly headers: Record<string, string>;
  readonly authorization: string;
  readonly signature: string;
  readonly signedHeaders: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 percent-encoding: everything except A–Z a–z 0–9 - . _ ~ (as SigV4 requires). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `20130524T000000Z` of an instant. */
export function amzDate(now: Date | number): string {
  return new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * Signs a request with AWS Signature Version 4 (Authorization header form), a pure
 * function of its arguments: canonical request → string to sign → signature with the
 * key derived from the secret, date, region and service.
 */
export function signV4(
  request: SignableRequest,
  credentials: S3Credentials,
  now: Date | number,
): SignedRequest {
  const url = new URL(request.url);
  const service = credentials.service ?? 's3';
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const payload = request.payloadSha256 ?? EMPTY_SHA256;

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  }
  headers['host'] = url.host;
  headers['x-amz-date'] = date;
  headers['x-amz-content-sha256'] = payload;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');

  // S3 encodes the path once: each segment as given, decoded, then strictly re-encoded.
  const canonicalUri = url.pathname
    .split('/')
    .map((seg) => uriEncode(decodeURIComponent(seg)))
    .join('/');
  const canonicalQuery = [...url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    signedHeaders,
    payload,
  ].join('\n');

  const scope = `${day}/${credentials.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${credentials.secretAccessKey}`, day);
  const kRegion = hmac(kDate, credentials.region);
  const kService = hmac(kRegion, service);
  const kSigning = hmac(kService, 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  const authorization =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},` +
    `SignedHeaders=${signedHeaders},Signature=${signature}`;
  return {
    headers: { ...headers, authorization },
    authorization,
    signature,
    signedHeaders,
    canonicalRequest,
    stringToSign,
  };
}

/** A refusal or failure answered by the S3 server. */
export class S3Error extends Error {
  override name = 'S3Error';
  constructor(
    message: string,
    /** HTTP status of the answer. */
    readonly status: number,
    /** S3's error code (`<Code>` of the XML body), e.g. SignatureDoesNotMatch; null when none. */
    readonly code: string | null,
  ) {
    super(message);
  }
}

const xmlText = (xml: string, tag: string) =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1]?.trim() || null;

export interface S3PhotoStoreOptions extends S3Credentials {
  /** `https://s3.example.com` (or `http://` inside a private network); may carry a path prefix. */
  readonly endpoint: string;
  readonly bucket: string;
  /** The clock for signatures (tests); `Date.now` by default. */
  readonly now?: () => number;
}

/** Photos as objects in one bucket of an S3-compatible server. */
export class S3PhotoStore implements PhotoStore {
  private readonly base: string;
  private readonly now: () => number;

  constructor(private readonly opts: S3PhotoStoreOptions) {
    const u = new URL(opts.endpoint);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      throw new RangeError(`S3 endpoint must be an http:// or https:// URL: ${opts.endpoint}`);
    }
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(opts.bucket)) {
      throw new RangeError(`not an S3 bucket name: ${opts.bucket}`);
    }
    this.base = `${u.origin}${u.pathname.replace(/\/+$/, '')}/${opts.bucket}/`;
    this.now = opts.now ?? Date.now;
  }

  /** The object URL of a key; refuses anything that is not a key this store made. */
  urlOf(key: string): string {
    const m = /^[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})\.jpg$/.exec(key);
    if (!m?.[1] || photoKey(m[1]) !== key) throw new RangeError(`not a photo key: ${key}`);
    return this.base + key;
  }

  private async send(method: string, key: string, body?: Buffer, headers: Record<string, string> = {}) {
    const url = this.urlOf(key);
    const signed = signV4(
      { method, url, headers, payloadSha256: body ? sha256Hex(body) : EMPTY_SHA256 },
      this.opts,
      this.now(),
    );
    const { host: _host, ...send } = signed.headers; // fetch sets Host from the URL itself
    try {
      return await fetch(url, {
        method,
        headers: send,
        ...(body ? { body: new Uint8Array(body) } : {}),
      });
    } catch (err) {
      throw new Error(`S3 ${method} ${url} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  private async fail(method: string, key: string, res: Response, body?: string): Promise<never> {
    const xml = body ?? (method === 'HEAD' ? '' : await res.text().catch(() => ''));
    const code = xmlText(xml, 'Code');
    const detail = xmlText(xml, 'Message');
    throw new S3Error(
      `S3 ${method} ${this.opts.bucket}/${key} failed: ${res.status}` +
        (code ? ` ${code}` : '') +
        (detail ? ` (${detail})` : ''),
      res.status,
      code,
    );
  }

  async put(bytes: Buffer, sha256: string): Promise<{ key: string }> {
    const key = photoKey(sha256);
    const res = await this.send('PUT', key, bytes, { 'content-type': 'image/jpeg' });
    if (!res.ok) return this.fail('PUT', key, res);
    await res.body?.cancel();
    return { key };
  }

  async get(key: string): Promise<Buffer | null> {
    const res = await this.send('GET', key);
    if (res.ok) return Buffer.from(await res.arrayBuffer());
    // Only a missing object is "no photo"; a missing bucket (NoSuchBucket) is an error.
    if (res.status === 404) {
      const xml = await res.text().catch(() => '');
      const code = xmlText(xml, 'Code');
      if (code === null || code === 'NoSuchKey') return null;
      return this.fail('GET', key, res, xml);
    }
    return this.fail('GET', key, res);
  }

  /**
   * HEAD, to know whether there was an object (S3 answers DELETE alike either way), then
   * DELETE in any case: its error body tells a missing bucket from a missing object.
   */
  async delete(key: string): Promise<boolean> {
    const head = await this.send('HEAD', key);
    if (!head.ok && head.status !== 404) return this.fail('HEAD', key, head);
    await head.body?.cancel();
    const res = await this.send('DELETE', key);
    if (res.ok) {
      await res.body?.cancel();
      return head.ok;
    }
    const xml = await res.text().catch(() => '');
    if (res.status === 404 && xmlText(xml, 'Code') === 'NoSuchKey') return false;
    return this.fail('DELETE', key, res, xml);
  }
}
