/**
 * Materials in an S3-compatible bucket (MATERIALS_STORAGE=s3: AWS S3, MinIO, Cloudflare R2's S3 API,
 * Aliyun OSS …), for deployments with several instances. Requests are signed with AWS Signature V4 by
 * aws4fetch, which runs on Node and Workers alike. Objects are addressed path-style
 * (`<endpoint>/<bucket>/<prefix><key>`), which every one of those services accepts.
 */
import { AwsClient } from 'aws4fetch';
import type { S3Config } from '../config.js';
import { assertSafeKey, sha256Hex, type MaterialStorage } from './storage.js';

export function s3Storage(c: S3Config, fetchImpl: typeof fetch = fetch): MaterialStorage {
  // aws4fetch retries 5xx and 429 itself (`retries`, exponential from 50 ms); the outbox retries the rest.
  const client = new AwsClient({
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    region: c.region,
    service: 's3',
    retries: 3,
  });
  const urlOf = (key: string) => {
    assertSafeKey(key);
    return `${c.endpoint}/${encodeURIComponent(c.bucket)}/${`${c.prefix}${key}`.split('/').map(encodeURIComponent).join('/')}`;
  };
  const send = async (url: string, init: RequestInit) => fetchImpl(await client.sign(url, init));
  return {
    kind: 's3',
    async put(key, data, contentType) {
      // The payload's hash is signed (aws4fetch would send UNSIGNED-PAYLOAD): the bucket checks the bytes arrived whole.
      const headers = { 'content-type': contentType, 'x-amz-content-sha256': await sha256Hex(data) };
      const res = await send(urlOf(key), { method: 'PUT', body: data as Uint8Array<ArrayBuffer>, headers });
      if (!res.ok) throw new Error(`S3 PUT ${key} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      await res.body?.cancel();
    },
    async get(key) {
      const res = await send(urlOf(key), { method: 'GET' });
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok || !res.body)
        throw new Error(`S3 GET ${key} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      return { body: res.body, size: Number(res.headers.get('content-length') ?? '0') };
    },
  };
}
