import { syntheticPunch } from '../reports/punch-rows.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PunchPhotoView } from '../../../core/wire.js';
import { insertPunch } from '../check-ins/store.js';
import { ConfigError, loadConfig } from '../../platform/config.js';
import { login, NIP_A, newId, NOW, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { photoKey } from './photo-store.js';
import { S3Error, S3PhotoStore, signV4 } from './s3-photo-store.js';
import type { S3Credentials } from './s3-photo-store.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('signV4 against the AWS Signature Version 4 examples for S3', () => {
  // The examples of "Authenticating Requests: Using the Authorization Header (AWS Signature
  // Version 4)" in the Amazon S3 API reference: same key, secret, date and region.
  const aws: S3Credentials = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    region: 'us-east-1',
  };
  const at = Date.UTC(2013, 4, 24, 0, 0, 0); // 20130524T000000Z

  it('GET Object (the first 10 bytes of test.txt)', () => {
    const s = signV4(
      {
        method: 'GET',
        url: 'https://examplebucket.s3.amazonaws.com/test.txt',
        headers: { Range: 'bytes=0-9' },
      },
      aws,
      at,
    );
    expect(s.canonicalRequest).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        'x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
    expect(s.stringToSign).toBe(
      'AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n' +
        '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
    );
    expect(s.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(s.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(s.headers).toMatchObject({
      'x-amz-date': '20130524T000000Z',
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
  });

  it('PUT Object (a body, a path needing encoding, extra headers)', () => {
    const s = signV4(
      {
        method: 'PUT',
        url: 'https://examplebucket.s3.amazonaws.com/test$file.text',
        headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
        payloadSha256: sha256('Welcome to Amazon S3.'),
      },
      aws,
      at,
    );
    expect(s.canonicalRequest.split('\n').slice(0, 2)).toEqual(['PUT', '/test%24file.text']);
    expect(s.signedHeaders).toBe('date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class');
    expect(s.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  it('GET Bucket Lifecycle and GET Bucket (List Objects): query strings', () => {
    const lifecycle = signV4(
      { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/?lifecycle' },
      aws,
      at,
    );
    expect(lifecycle.canonicalRequest.split('\n')[2]).toBe('lifecycle=');
    expect(lifecycle.signature).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
    const list = signV4(
      { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J' },
      aws,
      at,
    );
    expect(list.signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });
});

/**
 * A small S3-compatible server: one in-memory bucket, path-style URLs, and the
 * Authorization header checked by recomputing the signature with the shared secret.
 */
interface FakeS3 {
  endpoint: string;
  objects: Map<string, { bytes: Buffer; contentType: string | undefined }>;
  requests: string[];
  close(): Promise<void>;
}

const BUCKET = 'hadir-selfies';
const CREDS = {
  accessKeyId: 'HADIRTESTKEY',
  secretAccessKey: 'fake-secret/for+tests',
  region: 'ap-southeast-3',
};

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  objects: FakeS3['objects'],
  requests: string[],
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  requests.push(`${method} ${url.pathname}`);

  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,SignedHeaders=([a-z0-9;-]+),Signature=([0-9a-f]{64})$/.exec(
      req.headers.authorization ?? '',
    );
  const date = req.headers['x-amz-date'];
  const payload = req.headers['x-amz-content-sha256'];
  if (!auth || typeof date !== 'string' || typeof payload !== 'string') {
    return s3Error(res, 403, 'AccessDenied', 'Missing or malformed signature');
  }
  const [, keyId, , region, signedHeaders = '', signature] = auth;
  if (keyId !== CREDS.accessKeyId) {
    return s3Error(res, 403, 'InvalidAccessKeyId', 'The AWS access key Id you provided does not exist');
  }
  const signed = signedHeaders.split(';');
  if (!['host', 'x-amz-date', 'x-amz-content-sha256'].every((h) => signed.includes(h))) {
    return s3Error(res, 403, 'AccessDenied', 'host, x-amz-date and x-amz-content-sha256 must be signed');
  }
  const others: Record<string, string> = {};
  for (const h of signed) {
    if (h === 'host' || h === 'x-amz-date' || h === 'x-amz-content-sha256') continue;
    others[h] = String(req.headers[h] ?? '');
  }
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!m) return s3Error(res, 403, 'AccessDenied', 'Bad x-amz-date');
  const at = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  const expected = signV4(
    { method, url: url.toString(), headers: others, payloadSha256: payload },
    { ...CREDS, region: region ?? '' },
    at,
  );
  if (
    region !== CREDS.region ||
    expected.signature !== signature ||
    expected.signedHeaders !== signedHeaders
  ) {
    return s3Error(
      res,
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  }
  if (payload !== sha256(body)) {
    return s3Error(res, 400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 does not match');
  }

  const prefix = `/${BUCKET}/`;
  if (!url.pathname.startsWith(prefix)) return s3Error(res, 404, 'NoSuchBucket', 'The bucket does not exist');
  const key = decodeURIComponent(url.pathname.slice(prefix.length));
  const obj = objects.get(key);
  switch (method) {
    case 'PUT':
      objects.set(key, { bytes: body, contentType: req.headers['content-type'] });
      res.writeHead(200, { etag: `"${sha256(body).slice(0, 32)}"` });
      return void res.end();
    case 'GET':
    case 'HEAD':
      if (!obj) {
        if (method === 'HEAD') return void res.writeHead(404).end();
        return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      }
      res.writeHead(200, { 'content-type': obj.contentType ?? '', 'content-length': obj.bytes.length });
      return void res.end(method === 'GET' ? obj.bytes : undefined);
    case 'DELETE':
      objects.delete(key);
      return void res.writeHead(204).end();
    default:
      return s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed');
  }
}

async function startFakeS3(): Promise<FakeS3> {
  const objects: FakeS3['objects'] = new Map();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    handle(req, res, objects, requests).catch((err: unknown) =>
      s3Error(res, 500, 'InternalError', (err as Error).message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

describe('S3PhotoStore against an S3-compatible server', () => {
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await startFakeS3();
  });
  afterAll(async () => {
    await s3?.close();
  });

  const store = (secretAccessKey = CREDS.secretAccessKey) =>
    new S3PhotoStore({ ...CREDS, secretAccessKey, endpoint: s3.endpoint, bucket: BUCKET });

  it('puts, gets and deletes an object under the content-addressed key', async () => {
    const bytes = Buffer.from('a selfie, pretend JPEG bytes \u00ff\u0000');
    const h = sha256(bytes);
    const st = store();
    expect(await st.get(photoKey(h))).toBeNull();

    expect(await st.put(bytes, h)).toEqual({ key: photoKey(h) });
    expect(s3.objects.get(photoKey(h))).toEqual({ bytes, contentType: 'image/jpeg' });
    expect(s3.requests.at(-1)).toBe(`PUT /${BUCKET}/${h.slice(0, 2)}/${h.slice(2, 4)}/${h}.jpg`);
    // Same key, same bytes: a second PUT is harmless.
    expect(await st.put(bytes, h)).toEqual({ key: photoKey(h) });
    expect(s3.objects.size).toBe(1);

    expect(await st.get(photoKey(h))).toEqual(bytes);
    expect(await st.delete(photoKey(h))).toBe(true);
    expect(s3.objects.has(photoKey(h))).toBe(false);
    expect(await st.get(photoKey(h))).toBeNull();
    expect(await st.delete(photoKey(h))).toBe(false);
  });

  it('refuses keys it did not make', async () => {
    await expect(store().get('../etc/passwd')).rejects.toThrow(RangeError);
    expect(() => store().urlOf('ab/cd/' + 'a'.repeat(64) + '.jpg')).toThrow(/not a photo key/);
  });

  it('fails clearly, with the status and S3 code, when the secret is wrong', async () => {
    const bytes = Buffer.from('another photo');
    const h = sha256(bytes);
    const bad = store('not-the-secret');
    const err = await bad.put(bytes, h).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3Error);
    expect(err).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect((err as Error).message).toMatch(
      new RegExp(
        `^S3 PUT ${BUCKET}/${photoKey(h)} failed: 403 SignatureDoesNotMatch \\(The request signature`,
      ),
    );
    expect(s3.objects.has(photoKey(h))).toBe(false);
    await expect(bad.get(photoKey(h))).rejects.toThrow(/403 SignatureDoesNotMatch/);
    await expect(bad.delete(photoKey(h))).rejects.toThrow(/HEAD .* failed: 403/);
  });

  it('fails clearly when the bucket does not exist (not "no photo")', async () => {
    const other = new S3PhotoStore({ ...CREDS, endpoint: s3.endpoint, bucket: 'no-such-bucket' });
    const key = photoKey(sha256('x'));
    await expect(other.get(key)).rejects.toMatchObject({ status: 404, code: 'NoSuchBucket' });
    await expect(other.delete(key)).rejects.toThrow(/^S3 DELETE no-such-bucket\/.* failed: 404 NoSuchBucket/);
    await expect(other.put(Buffer.from('x'), sha256('x'))).rejects.toMatchObject({ code: 'NoSuchBucket' });
  });

  it('fails clearly when the server cannot be reached', async () => {
    const gone = new S3PhotoStore({ ...CREDS, endpoint: 'http://127.0.0.1:1', bucket: BUCKET });
    await expect(gone.get(photoKey(sha256('x')))).rejects.toThrow(
      /^S3 GET http:\/\/127\.0\.0\.1:1\/.* failed/,
    );
  });
});

describe('selfie upload through the app with HADIR_PHOTO_STORE=s3', () => {
  let s3: FakeS3;
  let s: TestServer;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    s3 = await startFakeS3();
    dataDir = mkdtempSync(join(tmpdir(), 'hadir-s3-'));
    const { photoStore } = loadConfig(
      {
        HADIR_DATA_DIR: dataDir,
        HADIR_PHOTO_STORE: 's3',
        HADIR_S3_ENDPOINT: s3.endpoint,
        HADIR_S3_BUCKET: BUCKET,
        HADIR_S3_REGION: CREDS.region,
        HADIR_S3_ACCESS_KEY_ID: CREDS.accessKeyId,
        HADIR_S3_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
      },
      dataDir,
    );
    expect(photoStore.kind).toBe('s3');
    s = await startServer('sqlite', { config: { dataDir, photoStore } });
    token = (await login(s.url, NIP_A)).token;
  });
  afterAll(async () => {
    await s?.close();
    await s3?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores the re-encoded JPEG in the bucket and serves it back', async () => {
    const px = Buffer.alloc(320 * 240 * 3, 0);
    for (let i = 0; i < px.length; i += 3) px[i] = (i / 3) % 256;
    const selfie = await sharp(px, { raw: { width: 320, height: 240, channels: 3 } })
      .jpeg({ quality: 80 })
      .withExif({ IFD0: { Make: 'PhoneMaker' } })
      .toBuffer();

    const id = newId(NOW - 60_000);
    const row = syntheticPunch(id, s.seeded.employees.a, 'in', NOW - 60_000, 'Asia/Makassar', {
      photo_sha256: sha256(selfie),
      photo_bytes: selfie.length,
    });
    expect(await insertPunch(s.t.db, row)).toBe('inserted');

    const put = await fetch(`${s.url}/api/v1/check-ins/${id}/photo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
      body: new Uint8Array(selfie),
    });
    expect(put.status).toBe(201);
    const view = (await put.json()) as PunchPhotoView;
    expect(view).toMatchObject({ punchId: id, sha256: sha256(selfie), stored: { width: 320, height: 240 } });

    const key = photoKey(view.stored.sha256);
    const obj = s3.objects.get(key);
    expect(obj?.contentType).toBe('image/jpeg');
    expect(sha256(obj!.bytes)).toBe(view.stored.sha256);
    expect(obj!.bytes.length).toBe(view.stored.bytes);
    expect(obj!.bytes.equals(selfie)).toBe(false); // re-encoded, EXIF gone
    expect((await sharp(obj!.bytes).metadata()).exif).toBeUndefined();

    const got = await fetch(`${s.url}/api/v1/check-ins/${id}/photo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await got.arrayBuffer()).equals(obj!.bytes)).toBe(true);
  });
});

describe('HADIR_PHOTO_STORE configuration', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hadir-s3-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const S3_ENV = {
    HADIR_PHOTO_STORE: 's3',
    HADIR_S3_ENDPOINT: 'https://minio.example.go.id',
    HADIR_S3_BUCKET: 'selfies',
    HADIR_S3_ACCESS_KEY_ID: 'AKID',
    HADIR_S3_SECRET_ACCESS_KEY: 'secret',
  };
  const load = (env: Record<string, string | undefined>) => () =>
    loadConfig({ HADIR_DATA_DIR: dir, HADIR_TOKEN_SECRET: 'x'.repeat(32), ...env }, dir);

  it('defaults to disk', () => {
    expect(load({})().photoStore).toEqual({ kind: 'disk' });
    expect(load({ HADIR_PHOTO_STORE: 'disk', HADIR_S3_BUCKET: 'ignored' })().photoStore).toEqual({
      kind: 'disk',
    });
  });

  it('reads the S3 settings, with us-east-1 as the default region', () => {
    expect(load(S3_ENV)().photoStore).toEqual({
      kind: 's3',
      endpoint: 'https://minio.example.go.id',
      bucket: 'selfies',
      region: 'us-east-1',
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
    });
    expect(load({ ...S3_ENV, HADIR_S3_REGION: 'ap-southeast-3' })().photoStore).toMatchObject({
      region: 'ap-southeast-3',
    });
  });

  it.each(['HADIR_S3_ENDPOINT', 'HADIR_S3_BUCKET', 'HADIR_S3_ACCESS_KEY_ID', 'HADIR_S3_SECRET_ACCESS_KEY'])(
    'refuses to start without %s',
    (name) => {
      expect(load({ ...S3_ENV, [name]: undefined })).toThrow(ConfigError);
      expect(load({ ...S3_ENV, [name]: '' })).toThrow(`${name} is required when HADIR_PHOTO_STORE=s3`);
    },
  );

  it('refuses bad values, naming the variable', () => {
    expect(load({ HADIR_PHOTO_STORE: 'gcs' })).toThrow(
      'HADIR_PHOTO_STORE must be one of disk, s3, got "gcs"',
    );
    expect(load({ ...S3_ENV, HADIR_S3_ENDPOINT: 'minio:9000' })).toThrow(/^HADIR_S3_ENDPOINT must be/);
    expect(load({ ...S3_ENV, HADIR_S3_ENDPOINT: 'ftp://minio.example' })).toThrow(
      /^HADIR_S3_ENDPOINT must be/,
    );
    expect(load({ ...S3_ENV, HADIR_S3_BUCKET: 'Selfies_2026' })).toThrow(/^HADIR_S3_BUCKET must be/);
    expect(load({ ...S3_ENV, HADIR_S3_REGION: 'us east' })).toThrow(/^HADIR_S3_REGION must be/);
  });
});
