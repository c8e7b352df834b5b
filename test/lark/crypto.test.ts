import { createHash } from 'node:crypto';
import { AESCipher, EventDispatcher } from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decryptLarkPayload,
  encryptLarkPayload,
  larkSignature,
  useNodeCryptoForTests,
  verifyLarkSignature,
} from '../../src/lark/crypto.js';
import {
  botAddedEvent,
  botRemovedEvent,
  cardActionEvent,
  fileMessageEvent,
  messageReceiveEvent,
  signedRequest,
  urlVerification,
} from '../support/lark-events.js';

// The vector from Lark's own decryption docs (also used by several SDKs' tests):
// encrypt key "test key", encrypt "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=" → "hello world".
const DOC_KEY = 'test key';
const DOC_ENCRYPT = 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=';

// Under Node the decrypt and signature use node:crypto; on Workers, WebCrypto. Both paths pass the same tests.
describe.each([
  { path: 'node:crypto', useNode: true },
  { path: 'WebCrypto', useNode: false },
])('$path', ({ useNode }) => {
  // Under Node the fast path must really be taken, or both runs would test WebCrypto.
  beforeAll(() => expect(useNodeCryptoForTests(useNode)).toBe(useNode));
  afterAll(() => useNodeCryptoForTests(true));

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
      // One stray character inside otherwise good base64 (Node's decoder would skip it silently), or too much padding.
      await expect(decryptLarkPayload(DOC_KEY, `${DOC_ENCRYPT.slice(0, 10)}*${DOC_ENCRYPT.slice(11)}`)).rejects.toThrow(
        /base64/,
      );
      await expect(decryptLarkPayload(DOC_KEY, `${DOC_ENCRYPT.slice(0, 20)} ${DOC_ENCRYPT.slice(20)}`)).rejects.toThrow(
        /base64/,
      );
      await expect(decryptLarkPayload(DOC_KEY, `${DOC_ENCRYPT.slice(0, -1)}===`)).rejects.toThrow(/base64/);
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
      for (const s of [
        '',
        'x',
        '0123456789abcdef',
        '项目助手 — 政务信息化 ✓',
        JSON.stringify({ challenge: 'c', type: 'url_verification' }),
      ]) {
        const enc = await encryptLarkPayload('my encrypt key', s);
        expect(await decryptLarkPayload('my encrypt key', enc)).toBe(s);
      }
    });

    it('is decryptable by the SDK AESCipher (the SDK is the reference implementation)', async () => {
      const plain = JSON.stringify({
        schema: '2.0',
        header: { event_type: 'im.message.receive_v1' },
        event: { text: '你好' },
      });
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
      const expected = createHash('sha256')
        .update('1700000000' + 'nonce-1' + 'ek' + '{"encrypt":"abc"}')
        .digest('hex');
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
      expect(await verifyLarkSignature({ ...input, rawBody: `${input.rawBody} `, signature: sig })).toBe(false);
      expect(await verifyLarkSignature({ ...input, nonce: 'nonce-2', signature: sig })).toBe(false);
      expect(await verifyLarkSignature({ ...input, timestamp: '1700000001', signature: sig })).toBe(false);
      expect(await verifyLarkSignature({ ...input, encryptKey: 'other', signature: sig })).toBe(false);
      expect(
        await verifyLarkSignature({ ...input, signature: sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0') }),
      ).toBe(false);
      expect(await verifyLarkSignature({ ...input, signature: sig.slice(0, 10) })).toBe(false);
      expect(await verifyLarkSignature({ ...input, signature: '' })).toBe(false);
      expect(await verifyLarkSignature({ ...input, signature: undefined })).toBe(false);
      expect(await verifyLarkSignature({ ...input, signature: null })).toBe(false);
    });
  });
});

describe('runs without node:crypto', () => {
  it('the module source imports nothing from node', async () => {
    const { readFile } = await import('node:fs/promises');
    const src = await readFile(new URL('../../src/lark/crypto.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/from ['"](node:)?crypto['"]/);
    expect(src).not.toMatch(/\bBuffer\.(from|alloc|concat)\b/);
  });
});

// The builders in test/support/lark-events.ts produce what Lark sends; the SDK's EventDispatcher is an
// independent reader of that format (it decrypts, checks X-Lark-Signature and flattens the 2.0 envelope).
describe('lark-events builders, read back by the SDK', () => {
  const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };
  const dispatch = async (req: { headers: Record<string, string>; body: string }, encryptKey: string) => {
    let got: Record<string, unknown> | undefined;
    const d = new EventDispatcher({ encryptKey, verificationToken: 'vt', logger: silent }).register({
      'im.message.receive_v1': async (e: unknown) => void (got = e as Record<string, unknown>),
      'card.action.trigger': async (e: unknown) => void (got = e as Record<string, unknown>),
      'im.chat.member.bot.added_v1': async (e: unknown) => void (got = e as Record<string, unknown>),
    } as never);
    // The SDK's HTTP adapters hang headers off the prototype of the parsed body.
    const data = Object.assign(Object.create({ headers: req.headers }), JSON.parse(req.body));
    await d.invoke(data);
    return got;
  };

  it('signedRequest encrypts and signs so that both our verifier and the SDK accept it', async () => {
    const ev = messageReceiveEvent({
      openId: 'ou_u1',
      chatId: 'oc_c1',
      chatType: 'group',
      text: '查进度',
      mentionBot: true,
      token: 'vt',
      messageId: 'om_m1',
    });
    const req = await signedRequest(ev, { encryptKey: 'ek-1', timestamp: '1700000000', nonce: 'n1' });
    expect(Object.keys(JSON.parse(req.body))).toEqual(['encrypt']);
    expect(
      await verifyLarkSignature({
        timestamp: '1700000000',
        nonce: 'n1',
        encryptKey: 'ek-1',
        rawBody: req.body,
        signature: req.headers['x-lark-signature'],
      }),
    ).toBe(true);
    const got = await dispatch(req, 'ek-1');
    expect(got).toBeDefined();
    const message = got!.message as {
      message_id: string;
      content: string;
      chat_type: string;
      mentions: { key: string }[];
    };
    expect(message.message_id).toBe('om_m1');
    expect(message.chat_type).toBe('group');
    expect(JSON.parse(message.content)).toEqual({ text: '@_user_1 查进度' });
    expect(message.mentions[0]!.key).toBe('@_user_1');
    expect(got!.event_type).toBe('im.message.receive_v1');
    expect(got!.token).toBe('vt');

    // A tampered body fails the SDK's signature check too.
    const tampered = { ...req, headers: { ...req.headers, 'x-lark-request-nonce': 'n2' } };
    expect(await dispatch(tampered, 'ek-1')).toBeUndefined();
  });

  it('without an encrypt key, sends plain JSON and no signature', async () => {
    const ev = botAddedEvent({ chatId: 'oc_c2', operatorOpenId: 'ou_op', token: 'vt' });
    const req = await signedRequest(ev);
    expect(req.headers['x-lark-signature']).toBeUndefined();
    expect(JSON.parse(req.body)).toEqual(ev);
    expect(ev.header.event_type).toBe('im.chat.member.bot.added_v1');
    expect(botRemovedEvent({ chatId: 'oc_c2', operatorOpenId: 'ou_op', token: 'vt' }).header.event_type).toBe(
      'im.chat.member.bot.deleted_v1',
    );
    const got = await dispatch(req, '');
    expect(got).toMatchObject({ chat_id: 'oc_c2', operator_id: { open_id: 'ou_op' } });
  });

  it('card.action.trigger carries operator, token, action.value/form_value/name and context ids', async () => {
    const ev = cardActionEvent({
      openId: 'ou_op',
      value: { action: 'submit_report' },
      formValue: { progress: '80' },
      name: 'submit_btn',
      messageId: 'om_card',
      chatId: 'oc_c3',
      token: 'vt',
    });
    expect(ev.header.event_type).toBe('card.action.trigger');
    expect(ev.event).toMatchObject({
      operator: { open_id: 'ou_op' },
      token: expect.stringMatching(/^c-/),
      action: { value: { action: 'submit_report' }, form_value: { progress: '80' }, name: 'submit_btn', tag: 'button' },
      context: { open_message_id: 'om_card', open_chat_id: 'oc_c3' },
    });
    const got = await dispatch(await signedRequest(ev, { encryptKey: 'ek-3' }), 'ek-3');
    expect(got).toMatchObject({ context: { open_message_id: 'om_card' } });
  });

  it('file messages and url_verification', async () => {
    const f = fileMessageEvent({
      openId: 'ou_u',
      chatId: 'oc_c',
      chatType: 'p2p',
      fileKey: 'file_v3_k',
      fileName: '合同.pdf',
      token: 'vt',
    });
    expect(f.event.message.message_type).toBe('file');
    expect(JSON.parse(f.event.message.content)).toEqual({ file_key: 'file_v3_k', file_name: '合同.pdf' });
    expect(f.event.message.chat_type).toBe('p2p');

    const plain = await urlVerification({ token: 'vt', challenge: 'ch-1' });
    expect(JSON.parse(plain.body)).toEqual({ challenge: 'ch-1', token: 'vt', type: 'url_verification' });
    expect(Object.keys(plain.headers).some((h) => h.startsWith('x-lark'))).toBe(false);
    const enc = await urlVerification({ token: 'vt', challenge: 'ch-2', encryptKey: 'ek' });
    const wire = JSON.parse(enc.body) as { encrypt: string };
    expect(JSON.parse(await decryptLarkPayload('ek', wire.encrypt))).toEqual({
      challenge: 'ch-2',
      token: 'vt',
      type: 'url_verification',
    });
  });
});
