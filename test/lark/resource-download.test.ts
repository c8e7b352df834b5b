/**
 * The messenger's message-resource download against the fake Lark: the bytes, Lark's permanent codes
 * (recalled 230110, key not in the message 234003), a stale token refreshed once, the size limit
 * enforced while reading, and a 5xx left to the caller to retry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLarkMessenger } from '../../src/lark/messenger.js';
import { startFakeLark, type FakeLark } from '../support/fake-lark.js';

const APP = { appId: 'cli_dl00000000000001', appSecret: 'secret-d' };
const CHAT = 'oc_3333333333333333';
let fake: FakeLark;
afterEach(async () => fake?.close());

async function setup() {
  fake = await startFakeLark(APP);
  const data = new Uint8Array(4096).map((_, i) => i % 251);
  fake.addUserFile('om_dl0001', CHAT, { key: 'file_v3_dl0001', type: 'file', data });
  return { m: createLarkMessenger({ ...APP, baseUrl: fake.url }), data };
}
const get = (fileKey = 'file_v3_dl0001', maxBytes = 1 << 20, messageId = 'om_dl0001') => ({
  messageId,
  fileKey,
  type: 'file' as const,
  maxBytes,
});

describe('downloading a message resource', () => {
  it('answers the bytes with Lark’s content type, and refreshes a token Lark rejects once', async () => {
    const { m, data } = await setup();
    expect(await m.downloadResource(get())).toEqual({
      ok: true,
      tooLarge: false,
      data,
      contentType: 'application/octet-stream',
    });
    fake.expireTokens();
    expect(await m.downloadResource(get())).toMatchObject({ ok: true, data });
    expect(fake.tokensIssued).toHaveLength(2);
  });

  it('stops reading past maxBytes', async () => {
    const { m } = await setup();
    expect(await m.downloadResource(get('file_v3_dl0001', 4095))).toEqual({ ok: true, tooLarge: true });
    expect(await m.downloadResource(get('file_v3_dl0001', 4096))).toMatchObject({ ok: true, tooLarge: false });
  });

  it('reports Lark’s permanent answers as not retryable, a 5xx as retryable', async () => {
    const { m } = await setup();
    expect(await m.downloadResource(get('file_v3_other'))).toMatchObject({
      ok: false,
      retryable: false,
      code: 234003,
      status: 400,
    });
    fake.recallMessage('om_dl0001');
    expect(await m.downloadResource(get())).toMatchObject({ ok: false, retryable: false, code: 230110 });
    fake.setFaults({ ratio: 1, kinds: ['500'] });
    expect(await m.downloadResource(get('file_v3_dl0001', 1 << 20, 'om_dl0002'))).toMatchObject({
      ok: false,
      retryable: true,
      status: 500,
    });
  });
});
