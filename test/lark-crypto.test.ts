import { createHash } from 'node:crypto';
import { AESCipher } from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { decryptLarkPayload, encryptLarkPayload, larkSignature, verifyLarkSignature } from '../src/lark/crypto.js';

// The vector from Lark's own decryption docs (also used by several SDKs' tests):
// encrypt key "test key", encrypt "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=" → "hello world".
const DOC_KEY = 'test key';
const DOC_ENCRYPT = 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=';

describe('decryptLarkPayload', () => {
  it('decrypts the documented vector', async () => {
    expect(await decryptLarkPayload(DOC_KEY, DOC_ENCRYPT)).toBe('hello world');
  });

  it('agrees with the SDK AESCipher on the documented vector', () => {
    expect(new AESCipher(DOC_KEY).decrypt(DOC_ENCRYPT)).toBe('hello world');
  });

  it('rejects the wrong key, short, misaligned and non-base64 input', async () => {
    await expect(decryptLarkPayload('other key', DOC_ENCRYPT)).rejects.toThrow();
    await expect(decryptLarkPayload(DOC_KEY, 'AAAA')).rejects.toThrow(/length/);
    await expect(decryptLarkPayload(DOC_KEY, btoa('x'.repeat(40)))).rejects.toThrow(/length/);
    await expect(decryptLarkPayload(DOC_KEY, '!!not base64!!')).rejects.toThrow(/base64/);
    await expect(decryptLarkPayload(DOC_KEY, '')).rejects.toThrow(/base64/);
  });

  it('uses the first 16 bytes as IV (a flipped IV byte changes only the first block)', async () => {
    const plain = JSON.stringify({ a: '0123456789abcdef', b: 'second block and more' });
    const enc = await encryptLarkPayload('k', plain);
    const raw = Uint8Array.from(atob(enc), (c) => c.charCodeAt(0));
    raw[0] = raw[0]! ^ 0x01;
    const tampered = btoa(String.fromCharCode(...raw));
    const out = await decryptLarkPayload('k', tampered);
    expect(out).not.toBe(plain);
    expect(out.slice(16)).toBe(plain.slice(16));
  });
});

describe('encryptLarkPayload', () => {
  it('round-trips, including non-ASCII and block-aligned lengths', async () => {
    for (const s of ['', 'x', '0123456789abcdef', '项目助手 — 政务信息化 ✓', JSON.stringify({ challenge: 'c', type: 'url_verification' })]) {
      const enc = await encryptLarkPayload('my encrypt key', s);
      expect(await decryptLarkPayload('my encrypt key', enc)).toBe(s);
    }
  });

  it('is decryptable by the SDK AESCipher (the SDK is the reference implementation)', async () => {
    const plain = JSON.stringify({ schema: '2.0', header: { event_type: 'im.message.receive_v1' }, event: { text: '你好' } });
    const enc = await encryptLarkPayload('sdk cross-check', plain);
    expect(new AESCipher('sdk cross-check').decrypt(enc)).toBe(plain);
  });

  it('uses a fresh random IV each time unless one is given', async () => {
    const a = await encryptLarkPayload('k', 'same');
    const b = await encryptLarkPayload('k', 'same');
    expect(a).not.toBe(b);
    const iv = new Uint8Array(16).fill(7);
    expect(await encryptLarkPayload('k', 'same', iv)).toBe(await encryptLarkPayload('k', 'same', iv));
    const raw = Uint8Array.from(atob(await encryptLarkPayload('k', 'same', iv)), (c) => c.charCodeAt(0));
    expect(Array.from(raw.subarray(0, 16))).toEqual(Array.from(iv));
    await expect(encryptLarkPayload('k', 'x', new Uint8Array(8))).rejects.toThrow(/16/);
  });
});

describe('larkSignature / verifyLarkSignature', () => {
  const input = { timestamp: '1700000000', nonce: 'nonce-1', encryptKey: 'ek', rawBody: '{"encrypt":"abc"}' };

  it('is hex sha256(timestamp + nonce + encryptKey + rawBody)', async () => {
    const expected = createHash('sha256').update('1700000000' + 'nonce-1' + 'ek' + '{"encrypt":"abc"}').digest('hex');
    expect(await larkSignature(input)).toBe(expected);
    // Fixed vector, so a change in concatenation order cannot slip by.
    expect(await larkSignature({ timestamp: '1', nonce: '2', encryptKey: '3', rawBody: '4' })).toBe(
      createHash('sha256').update('1234').digest('hex'),
    );
    expect(await larkSignature({ timestamp: '1', nonce: '2', encryptKey: '3', rawBody: '4' })).toBe(
      '03ac674216f3e15c761ee1a5e255f067953623c8b388b4459e13f978d7c846f4',
    );
  });

  it('signs raw bytes the same as the equivalent string, including UTF-8 bodies', async () => {
    const body = '{"text":"中文"}';
    expect(await larkSignature({ ...input, rawBody: new TextEncoder().encode(body) })).toBe(
      await larkSignature({ ...input, rawBody: body }),
    );
  });

  it('verifies a good signature and rejects any change', async () => {
    const sig = await larkSignature(input);
    expect(await verifyLarkSignature({ ...input, signature: sig })).toBe(true);
    expect(await verifyLarkSignature({ ...input, signature: sig.toUpperCase() })).toBe(true);
    expect(await verifyLarkSignature({ ...input, rawBody: input.rawBody + ' ', signature: sig })).toBe(false);
    expect(await verifyLarkSignature({ ...input, nonce: 'nonce-2', signature: sig })).toBe(false);
    expect(await verifyLarkSignature({ ...input, timestamp: '1700000001', signature: sig })).toBe(false);
    expect(await verifyLarkSignature({ ...input, encryptKey: 'other', signature: sig })).toBe(false);
    expect(await verifyLarkSignature({ ...input, signature: sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0') })).toBe(false);
    expect(await verifyLarkSignature({ ...input, signature: sig.slice(0, 10) })).toBe(false);
    expect(await verifyLarkSignature({ ...input, signature: '' })).toBe(false);
    expect(await verifyLarkSignature({ ...input, signature: undefined })).toBe(false);
    expect(await verifyLarkSignature({ ...input, signature: null })).toBe(false);
  });
});

describe('runs without node:crypto', () => {
  it('the module source imports nothing from node', async () => {
    const { readFile } = await import('node:fs/promises');
    const src = await readFile(new URL('../src/lark/crypto.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/from ['"](node:)?crypto['"]/);
    expect(src).not.toMatch(/\bBuffer\.(from|alloc|concat)\b/);
  });
});
