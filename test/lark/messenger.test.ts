import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLarkMessenger, type Messenger, type OutgoingMessage } from '../../src/lark/messenger.js';
import { startFakeLark, type FakeLark, type FakeLarkOptions } from '../support/fake-lark.js';

const APP = { appId: 'cli_msgr000000000001', appSecret: 'secret-m' };
const OPEN_ID = 'ou_1111111111111111';
const CHAT_ID = 'oc_2222222222222222';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function setup(
  extra: Partial<FakeLarkOptions> = {},
  timeoutMs?: number,
): Promise<{ fake: FakeLark; m: Messenger }> {
  const fake = await startFakeLark({ ...APP, ...extra });
  closers.push(() => fake.close());
  const m = createLarkMessenger({ ...APP, baseUrl: fake.url, timeoutMs });
  return { fake, m };
}

let n = 0;
const textMsg = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  receiveIdType: 'open_id',
  receiveId: OPEN_ID,
  msgType: 'text',
  content: JSON.stringify({ text: 'hello' }),
  uuid: `uuid-${++n}-${Date.now()}`,
  ...over,
});

const card = (content = 'hello') => ({
  schema: '2.0',
  config: { update_multi: true },
  body: { elements: [{ tag: 'markdown', content }] },
});

const imRequests = (fake: FakeLark) => fake.requests.filter((r) => r.path.startsWith('/open-apis/im/'));

describe('messenger: happy paths against the fake', () => {
  it('sends with a cached tenant token and the uuid', async () => {
    const { fake, m } = await setup();
    const a = await m.send(textMsg({ uuid: 'send-a' }));
    const b = await m.send(textMsg({ receiveIdType: 'chat_id', receiveId: CHAT_ID, uuid: 'send-b' }));
    expect(a).toMatchObject({ ok: true, messageId: expect.stringMatching(/^om_/) });
    expect(b.ok).toBe(true);
    expect(fake.tokensIssued).toHaveLength(1);
    expect(fake.messages.map((x) => [x.receive_id_type, x.receive_id, x.uuid])).toEqual([
      ['open_id', OPEN_ID, 'send-a'],
      ['chat_id', CHAT_ID, 'send-b'],
    ]);
    expect(fake.messages[0]!.content).toEqual({ text: 'hello' });
    expect(imRequests(fake).every((r) => r.headers.authorization === `Bearer ${fake.tokensIssued[0]}`)).toBe(true);
    if (a.ok) expect(fake.messages[0]!.id).toBe(a.messageId);
  });

  it('replies through the reply endpoint, keeping the uuid', async () => {
    const { fake, m } = await setup();
    fake.addUserMessage('om_from_user', CHAT_ID);
    const r = await m.send(textMsg({ replyToMessageId: 'om_from_user', uuid: 'reply-1', receiveId: '' }));
    expect(r.ok).toBe(true);
    expect(fake.messages[0]).toMatchObject({ reply_to: 'om_from_user', chat_id: CHAT_ID, uuid: 'reply-1' });
    expect(imRequests(fake)[0]!.path).toBe('/open-apis/im/v1/messages/om_from_user/reply');
  });

  it('sends and patches a card', async () => {
    const { fake, m } = await setup();
    const sent = await m.send(textMsg({ msgType: 'interactive', content: JSON.stringify(card('v1')) }));
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    expect(await m.patchCard(sent.messageId, card('v2'))).toEqual({ ok: true });
    expect(fake.patches).toHaveLength(1);
    expect(fake.patches[0]).toMatchObject({
      message_id: sent.messageId,
      content: { body: { elements: [{ content: 'v2' }] } },
    });
  });

  it('uploads a file as a named multipart part and can then send it', async () => {
    const { fake, m } = await setup();
    const data = new TextEncoder().encode('%PDF-1.7 周报');
    const up = await m.uploadFile({ name: '项目周报.pdf', data, fileType: 'pdf' });
    expect(up).toMatchObject({ ok: true, fileKey: expect.stringMatching(/^file_/) });
    if (!up.ok) return;
    expect(fake.files[0]).toMatchObject({
      file_key: up.fileKey,
      file_type: 'pdf',
      file_name: '项目周报.pdf',
      size: data.length,
    });
    expect(Array.from(fake.files[0]!.data)).toEqual(Array.from(data));
    const sent = await m.send(textMsg({ msgType: 'file', content: JSON.stringify({ file_key: up.fileKey }) }));
    expect(sent.ok).toBe(true);
  });

  it('buzzes with urgent_app by open_id', async () => {
    const { fake, m } = await setup();
    const sent = await m.send(textMsg({ receiveIdType: 'chat_id', receiveId: CHAT_ID }));
    if (!sent.ok) throw new Error(sent.message);
    expect(await m.urgentApp(sent.messageId, ['ou_x1', 'ou_x2'])).toEqual({ ok: true });
    expect(fake.urgents[0]).toMatchObject({
      message_id: sent.messageId,
      user_id_type: 'open_id',
      user_id_list: ['ou_x1', 'ou_x2'],
    });
  });

  it('keeps its own token cache (two messengers with the same app id do not share tokens)', async () => {
    const one = await setup();
    const two = await setup();
    expect((await one.m.send(textMsg())).ok).toBe(true);
    expect((await two.m.send(textMsg())).ok).toBe(true);
    expect(one.fake.tokensIssued).toHaveLength(1);
    expect(two.fake.tokensIssued).toHaveLength(1);
  });
});

describe('messenger: token refresh', () => {
  it('on 99991663 refreshes the token once and retries immediately with the same uuid', async () => {
    const { fake, m } = await setup();
    expect((await m.send(textMsg())).ok).toBe(true);
    fake.expireTokens();
    const r = await m.send(textMsg({ uuid: 'after-expiry' }));
    expect(r.ok).toBe(true);
    expect(fake.tokensIssued).toHaveLength(2);
    const sends = imRequests(fake).slice(1);
    expect(sends.map((x) => x.code)).toEqual([99991663, 0]);
    expect(sends.map((x) => (x.body as { uuid: string }).uuid)).toEqual(['after-expiry', 'after-expiry']);
    expect(sends[1]!.headers.authorization).toBe(`Bearer ${fake.tokensIssued[1]}`);
    expect(fake.messages.filter((x) => x.uuid === 'after-expiry')).toHaveLength(1);
  });

  it('refreshes for patch, upload and urgent too', async () => {
    const { fake, m } = await setup();
    const sent = await m.send(textMsg({ msgType: 'interactive', content: JSON.stringify(card()) }));
    if (!sent.ok) throw new Error(sent.message);
    fake.expireTokens();
    expect((await m.patchCard(sent.messageId, card('x'))).ok).toBe(true);
    fake.expireTokens();
    expect((await m.uploadFile({ name: 'a.txt', data: new Uint8Array([1]), fileType: 'stream' })).ok).toBe(true);
    fake.expireTokens();
    expect((await m.urgentApp(sent.messageId, ['ou_y'])).ok).toBe(true);
    expect(fake.tokensIssued).toHaveLength(4);
  });

  it('gives up (not retryable) when the token endpoint refuses the app', async () => {
    const fake = await startFakeLark(APP);
    closers.push(() => fake.close());
    const m = createLarkMessenger({ appId: APP.appId, appSecret: 'wrong', baseUrl: fake.url });
    const r = await m.send(textMsg());
    expect(r).toMatchObject({ ok: false, retryable: false, code: 10014 });
    expect(fake.messages).toHaveLength(0);
  });
});

describe('messenger: classification', () => {
  it('HTTP 500 → retryable, nothing delivered', async () => {
    const { fake, m } = await setup();
    await m.send(textMsg()); // fetch a token first
    fake.setFaults({ ratio: 1, kinds: ['500'] });
    const r = await m.send(textMsg());
    expect(r).toMatchObject({ ok: false, retryable: true, status: 500 });
    expect(fake.messages).toHaveLength(1);
  });

  it('HTTP 429 / 99991400 → retryable with retryAfterMs from x-ogw-ratelimit-reset', async () => {
    const { fake, m } = await setup();
    fake.setFaults({ ratio: 1, kinds: ['429'] });
    const r = await m.send(textMsg());
    expect(r).toMatchObject({ ok: false, retryable: true, status: 429, code: 99991400, retryAfterMs: 2000 });
  });

  it('the app-wide limit (51st send in a second) → retryable 99991400 with a reset', async () => {
    const { m } = await setup({ rateLimits: true });
    await m.send(textMsg({ receiveId: 'ou_warmup' }));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => m.send(textMsg({ receiveId: `ou_r${String(i).padStart(4, '0')}` }))),
    );
    const limited = results.filter((r) => !r.ok);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    for (const r of limited)
      expect(r).toMatchObject({ retryable: true, code: 99991400, retryAfterMs: expect.any(Number) });
    expect((limited[0] as { retryAfterMs: number }).retryAfterMs).toBeGreaterThanOrEqual(1000);
  });

  it('230020 (per-chat limit) → retryable after about a second', async () => {
    const { m } = await setup({ rateLimits: true });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await m.send(textMsg({ receiveIdType: 'chat_id', receiveId: CHAT_ID })));
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5]).toMatchObject({ ok: false, retryable: true, code: 230020, retryAfterMs: 1000 });
  });

  it('a timeout → retryable; retrying with the same uuid does not send twice', async () => {
    const { fake, m } = await setup({}, 400);
    await m.send(textMsg()); // token
    fake.setFaults({ ratio: 1, kinds: ['timeout'] });
    const msg = textMsg({ uuid: 'ambiguous-1' });
    const first = await m.send(msg);
    expect(first).toMatchObject({ ok: false, retryable: true });
    if (!first.ok) expect(first.message).toMatch(/timed out/i);
    expect(fake.messages.filter((x) => x.uuid === 'ambiguous-1')).toHaveLength(1); // it did go out
    fake.setFaults(null);
    const again = await m.send(msg);
    expect(again.ok).toBe(true);
    if (again.ok) expect(again.messageId).toBe(fake.messages.find((x) => x.uuid === 'ambiguous-1')!.id);
    expect(fake.messages.filter((x) => x.uuid === 'ambiguous-1')).toHaveLength(1);
  });

  it('a dropped connection and a dead server → retryable network errors', async () => {
    const { fake, m } = await setup();
    await m.send(textMsg());
    fake.setFaults({ ratio: 1, kinds: ['close'] });
    expect(await m.send(textMsg())).toMatchObject({ ok: false, retryable: true });
    await fake.close();
    const r = await m.send(textMsg());
    expect(r).toMatchObject({ ok: false, retryable: true });
    if (!r.ok) expect(r.message).toMatch(/network|ECONN/i);
  });

  it('other 4xx codes → not retryable, with Lark’s msg', async () => {
    const { fake, m } = await setup();
    const bad = await m.send(textMsg({ receiveId: 'not-an-open-id' }));
    expect(bad).toMatchObject({ ok: false, retryable: false, code: 230001, status: 400 });
    if (!bad.ok) expect(bad.message).toMatch(/invalid receive_id/);
    const badCard = await m.send(textMsg({ msgType: 'interactive', content: JSON.stringify({ elements: [] }) }));
    expect(badCard).toMatchObject({ ok: false, retryable: false, code: 230099 });
    expect(await m.patchCard('om_nope', card())).toMatchObject({ ok: false, retryable: false, code: 230001 });
    fake.setUrgentQuota(0);
    const sent = await m.send(textMsg());
    if (!sent.ok) throw new Error(sent.message);
    expect(await m.urgentApp(sent.messageId, ['ou_z'])).toMatchObject({ ok: false, retryable: false, code: 230024 });
  });

  it('HTTP 200 with a non-zero code is a failure too (some Lark answers look like that)', async () => {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/open-apis/auth/')) {
        res.end(JSON.stringify({ code: 0, msg: 'ok', tenant_access_token: 't-ok', expire: 7200 }));
        return;
      }
      res.end(JSON.stringify({ code: 230002, msg: 'Bot/User can NOT be out of the chat.' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    const m = createLarkMessenger({ ...APP, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    expect(await m.send(textMsg())).toEqual({
      ok: false,
      retryable: false,
      code: 230002,
      status: 200,
      message: 'Bot/User can NOT be out of the chat.',
    });
    expect(await m.uploadFile({ name: 'a', data: new Uint8Array([1]), fileType: 'stream' })).toMatchObject({
      ok: false,
      code: 230002,
    });
  });
});
