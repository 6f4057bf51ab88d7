/** The photo store the configuration asks for (HADIR_PHOTO_STORE). */
import type { Config } from '../../platform/config.js';
import { DiskPhotoStore } from './photo-store.js';
import type { PhotoStore } from './photo-store.js';
import { S3PhotoStore } from './s3-photo-store.js';

export function openPhotoStore(config: Pick<Config, 'dataDir' | 'photoStore'>): PhotoStore {
  const c = config.photoStore;
  return c.kind === 's3' ? new S3PhotoStore(c) : DiskPhotoStore.inDataDir(config.dataDir);
}
