/**
 * Materials in a Cloudflare R2 bucket bound to the Worker (wrangler.toml `[[r2_buckets]]`, binding
 * MATERIALS_BUCKET). Only the two calls used are typed here, so no @cloudflare/workers-types is needed.
 */
import { assertSafeKey, type MaterialStorage } from './storage.js';

export interface R2BucketLike {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null>;
}

export function isR2Bucket(v: unknown): v is R2BucketLike {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as R2BucketLike).put === 'function' &&
    typeof (v as R2BucketLike).get === 'function'
  );
}

export function r2Storage(bucket: R2BucketLike, prefix = ''): MaterialStorage {
  return {
    kind: 'r2',
    async put(key, data, contentType) {
      assertSafeKey(key);
      await bucket.put(`${prefix}${key}`, data, { httpMetadata: { contentType } });
    },
    async get(key) {
      assertSafeKey(key);
      const object = await bucket.get(`${prefix}${key}`);
      return object ? { body: object.body, size: object.size } : null;
    },
  };
}
