/**
 * Where selfie files live. The database keeps only the key; the bytes sit in a store
 * behind this small interface, so a deployment can move them without touching the rest.
 *
 * The default stores files on disk, content-addressed:
 * `<dataDir>/photos/<aa>/<bb>/<sha256>.jpg` (the first two byte pairs of the hash as
 * folders, so no folder grows past 65,536 entries). A key names exactly one content, so
 * writing the same photo twice is harmless and a crash can never leave a key pointing at
 * half a file: the bytes go to a temporary file, are fsynced, then renamed into place and
 * the folder fsynced (rename is atomic on POSIX file systems).
 *
 * An S3-compatible store (`S3PhotoStore` in s3-photo-store.ts, HADIR_PHOTO_STORE=s3)
 * implements the same three methods with the same keys as object names:
 * - `put`: PutObject, the body's SHA-256 in `x-amz-content-sha256` so the server verifies
 *   the bytes; the key is the content hash, so writing over an existing object is harmless;
 * - `get`: GetObject, NoSuchKey → null;
 * - `delete`: HeadObject (to answer whether there was one), then DeleteObject.
 * Keep the bucket private (the API checks access and writes the audit trail), with
 * server-side encryption on: these are biometric data under UU 27/2022.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface PhotoStore {
  /** Stores `bytes` whose SHA-256 (hex) is `sha256`; returns the key to find it again. */
  put(bytes: Buffer, sha256: string): Promise<{ key: string }>;
  /** The stored bytes, or null when there is nothing under `key`. */
  get(key: string): Promise<Buffer | null>;
  /** Deletes the file under `key`; false when there was none. */
  delete(key: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const KEY = /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})\.jpg$/;

/** The key of a stored JPEG with this content hash. */
export function photoKey(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new RangeError(`photoKey: not a SHA-256 hex digest: ${sha256}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.jpg`;
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Flushes a folder's entries (the rename) to disk. */
async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Photos as files under `root` (normally `<dataDir>/photos`). */
export class DiskPhotoStore implements PhotoStore {
  constructor(readonly root: string) {}

  /** The store of a data folder: `<dataDir>/photos`. */
  static inDataDir(dataDir: string): DiskPhotoStore {
    return new DiskPhotoStore(join(dataDir, 'photos'));
  }

  /** The file of a key; refuses anything that is not a key this store made (no path tricks). */
  pathOf(key: string): string {
    const m = KEY.exec(key);
    if (!m || m[3]?.slice(0, 2) !== m[1] || m[3]?.slice(2, 4) !== m[2]) {
      throw new RangeError(`not a photo key: ${key}`);
    }
    return join(this.root, key);
  }

  async put(bytes: Buffer, sha256: string): Promise<{ key: string }> {
    const key = photoKey(sha256);
    const file = this.pathOf(key);
    try {
      if ((await stat(file)).size === bytes.length) return { key };
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    const dir = join(file, '..');
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } catch (err) {
      await fh.close();
      await rm(tmp, { force: true });
      throw err;
    }
    await fh.close();
    await rename(tmp, file);
    await fsyncDir(dir);
    return { key };
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<boolean> {
    const file = this.pathOf(key);
    try {
      await rm(file);
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
    await fsyncDir(join(file, '..'));
    return true;
  }
}
