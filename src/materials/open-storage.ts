/**
 * Picks the material storage MATERIALS_STORAGE names. `dir` needs a file system (the Node entry);
 * `r2` needs the Worker's bucket binding; `s3` runs anywhere.
 */
import { ConfigError, type MaterialsConfig } from '../config.js';
import { directoryStorage } from './storage-dir.js';
import { isR2Bucket, r2Storage } from './storage-r2.js';
import { s3Storage } from './storage-s3.js';
import type { MaterialStorage } from './storage.js';

export const R2_BINDING = 'MATERIALS_BUCKET';

export function openMaterialStorage(
  c: MaterialsConfig,
  where: { runtime: 'node' } | { runtime: 'workers'; r2?: unknown },
): MaterialStorage {
  switch (c.storage) {
    case 's3':
      return s3Storage(c.s3!);
    case 'dir':
      if (where.runtime === 'workers') {
        throw new ConfigError(
          `配置错误: MATERIALS_STORAGE=dir is not available on Workers (no file system); bind an R2 bucket as ${R2_BINDING} (MATERIALS_STORAGE=r2) or use s3`,
        );
      }
      return directoryStorage(c.dir);
    case 'r2':
      if (where.runtime !== 'workers') {
        throw new ConfigError(
          "配置错误: MATERIALS_STORAGE=r2 is a Workers binding; on Node use MATERIALS_STORAGE=s3 with R2's S3 endpoint",
        );
      }
      if (!isR2Bucket(where.r2)) {
        throw new ConfigError(
          `配置错误: MATERIALS_STORAGE=r2 needs an R2 bucket bound as ${R2_BINDING} ([[r2_buckets]] in wrangler.toml)`,
        );
      }
      return r2Storage(where.r2);
  }
}
