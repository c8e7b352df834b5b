/**
 * Material storage behind its one interface: the directory (DATA_DIR/materials) and an S3-compatible
 * bucket, the latter against a tiny S3 server on loopback that checks what S3 checks of a request
 * signed with AWS Signature V4 (the header's shape, the payload hash) and keeps objects in memory.
 * The R2 binding is exercised by `npm run check:workers` (wrangler dev simulates it).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { openMaterialStorage } from '../../src/materials/open-storage.js';
import { directoryStorage } from '../../src/materials/storage-dir.js';
import { s3Storage } from '../../src/materials/storage-s3.js';
import type { MaterialStorage } from '../../src/materials/storage.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const read = async (storage: MaterialStorage, key: string) => {
  const o = await storage.get(key);
  return o ? { size: o.size, text: await new Response(o.body).text() } : null;
};

/** What every backend must do. */
async function contract(storage: MaterialStorage) {
  await storage.put('sha256/ab/abc123', bytes('%PDF-1 first'), 'application/pdf');
  expect(await read(storage, 'sha256/ab/abc123')).toEqual({ size: 12, text: '%PDF-1 first' });
  await storage.put('sha256/ab/abc123', bytes('%PDF-1 again!'), 'application/pdf');
  expect(await read(storage, 'sha256/ab/abc123')).toEqual({ size: 13, text: '%PDF-1 again!' });
  expect(await storage.get('sha256/cd/missing')).toBeNull();
  await expect(storage.put('../escape', bytes('x'), 'text/plain')).rejects.toThrow(/unsafe key/);
  await expect(storage.get('a//b')).rejects.toThrow(/unsafe key/);
}

describe('directory storage', () => {
  it('keeps, replaces and misses objects; refuses keys that leave its directory', async () => {
    await contract(directoryStorage(mkdtempSync(join(tmpdir(), 'zw-materials-'))));
  });
});

describe('S3 storage against a loopback S3', () => {
  const objects = new Map<string, { data: Buffer; type: string }>();
  const seen: { method: string; url: string; authorization: string; payloadHash: string; bodyHash: string }[] = [];
  let endpoint = '';
  let server: ReturnType<typeof createServer>;
  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const authorization = String(req.headers.authorization ?? '');
      const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
      seen.push({
        method: req.method!,
        url: req.url!,
        authorization,
        payloadHash,
        bodyHash: createHash('sha256').update(body).digest('hex'),
      });
      // S3 refuses an unsigned request, and a body whose hash is not the signed one.
      if (
        !/^AWS4-HMAC-SHA256 Credential=AKIATEST\/\d{8}\/auto\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/.test(
          authorization,
        )
      ) {
        res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      if (req.method === 'PUT') {
        if (payloadHash !== createHash('sha256').update(body).digest('hex')) {
          res.writeHead(400).end('<Error><Code>XAmzContentSHA256Mismatch</Code></Error>');
          return;
        }
        objects.set(req.url!, { data: body, type: String(req.headers['content-type']) });
        res.writeHead(200).end();
        return;
      }
      const o = objects.get(req.url!);
      if (!o) {
        res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
        return;
      }
      res.writeHead(200, { 'content-type': o.type, 'content-length': String(o.data.length) }).end(o.data);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('puts signed objects path-style under the prefix, gets them back, and misses unknown keys', async () => {
    const storage = s3Storage({
      endpoint,
      bucket: 'zw-bucket',
      region: 'auto',
      accessKeyId: 'AKIATEST',
      secretAccessKey: 'not-a-real-secret',
      prefix: 'bot/',
    });
    await contract(storage);
    expect(seen[0]).toMatchObject({ method: 'PUT', url: '/zw-bucket/bot/sha256/ab/abc123' });
    expect(seen[0]!.payloadHash).toBe(seen[0]!.bodyHash);
    expect(objects.get('/zw-bucket/bot/sha256/ab/abc123')?.type).toBe('application/pdf');
    // The secret itself never travels.
    expect(JSON.stringify(seen)).not.toContain('not-a-real-secret');
  });

  it('reports a refused request as an error, not as a missing object', async () => {
    const storage = s3Storage({
      endpoint,
      bucket: 'zw-bucket',
      region: 'auto',
      accessKeyId: 'WRONGKEY',
      secretAccessKey: 'x',
      prefix: '',
    });
    await expect(storage.put('k', bytes('x'), 'text/plain')).rejects.toThrow(/403/);
    await expect(storage.get('k')).rejects.toThrow(/403/);
  });
});

describe('choosing the storage', () => {
  it('defaults to DATA_DIR/materials and 50 MiB; s3 needs its four settings; r2 only on Workers, dir not there', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/bot/' }).materials).toEqual({
      storage: 'dir',
      maxBytes: 50 * 1024 * 1024,
      dir: '/var/lib/bot/materials',
    });
    expect(() =>
      loadConfig({
        MATERIALS_STORAGE: 's3',
        S3_ENDPOINT: 'https://s3.example.cn',
        S3_BUCKET: 'b',
        S3_ACCESS_KEY_ID: 'k',
      }),
    ).toThrow(/^配置错误: S3_SECRET_ACCESS_KEY is missing/);
    expect(() => loadConfig({ MATERIALS_MAX_MB: '101' })).toThrow(/^配置错误: MATERIALS_MAX_MB /);
    expect(() => loadConfig({ MATERIALS_STORAGE: 'ftp' })).toThrow(/^配置错误: MATERIALS_STORAGE /);
    const r2 = loadConfig({ MATERIALS_STORAGE: 'r2' }).materials;
    expect(() => openMaterialStorage(r2, { runtime: 'node' })).toThrow(ConfigError);
    expect(() => openMaterialStorage(r2, { runtime: 'workers' })).toThrow(/MATERIALS_BUCKET/);
    expect(() => openMaterialStorage(loadConfig({}).materials, { runtime: 'workers' })).toThrow(
      /not available on Workers/,
    );
  });
});
