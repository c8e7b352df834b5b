import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEvents } from '../../db/schema/index.js';
import { persistInbound } from '../../src/inbound.js';
import { runScheduledWork } from '../../src/scheduler.js';
import { validateCardV2 } from '../support/card-schema.js';
import { startTestBot, TEST_APP, type TestBot } from '../support/harness.js';
import {
  cardActionEvent,
  messageReceiveEvent,
  newEventId,
  newMessageId,
  signedRequest,
  urlVerification,
} from '../support/lark-events.js';
import { testDbKind } from '../support/db.js';

const USER = 'ou_jzEduZhou';
const CHAT = 'oc_p2pchatzhou';

function helpMessage(o: { eventId?: string; messageId?: string; text?: string } = {}) {
  return messageReceiveEvent({
    token: TEST_APP.verificationToken,
    appId: TEST_APP.appId,
    eventId: o.eventId,
    messageId: o.messageId ?? newMessageId(),
    openId: USER,
    chatId: CHAT,
    chatType: 'p2p',
    text: o.text ?? '帮助',
  });
}

async function storedEvents(bot: TestBot): Promise<number> {
  const [row] = await bot.database.db.select({ n: sql<number>`count(*)::int` }).from(inboundEvents);
  return Number(row!.n);
}

describe('webhook with an encrypt key', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(async () => bot.close());

  it('GET /healthz answers once migrations ran, naming the database', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: testDbKind });
  });

  it('answers the url_verification challenge, encrypted and without signature headers', async () => {
    const req = await urlVerification({
      token: TEST_APP.verificationToken,
      challenge: 'ch-1',
      encryptKey: TEST_APP.encryptKey,
    });
    expect(req.headers['x-lark-signature']).toBeUndefined();
    const res = await fetch(`${bot.url}/lark/events`, { method: 'POST', headers: req.headers, body: req.body });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'ch-1' });
  });

  it('refuses a challenge with the wrong token', async () => {
    const req = await urlVerification({ token: 'not-the-token', challenge: 'ch-2', encryptKey: TEST_APP.encryptKey });
    const res = await fetch(`${bot.url}/lark/events`, { method: 'POST', headers: req.headers, body: req.body });
    expect(res.status).toBe(401);
  });

  it('帮助 → acks at once, then replies with the help card through the outbox', async () => {
    const messageId = newMessageId();
    bot.fake.addUserMessage(messageId, CHAT);
    const res = await bot.post(helpMessage({ messageId }));
    expect(res.status).toBe(200);
    await bot.deliver();
    const reply = bot.fake.messages.find((m) => m.reply_to === messageId);
    expect(reply).toBeDefined();
    expect(reply!.msg_type).toBe('interactive');
    expect(validateCardV2(reply!.content)).toEqual([]);
    expect(JSON.stringify(reply!.content)).toContain('帮助');
  });

  it('text that is not a command is answered as a question, with the user text escaped', async () => {
    const messageId = newMessageId();
    bot.fake.addUserMessage(messageId, CHAT);
    await bot.post(helpMessage({ messageId, text: '**点我**[链接](http://x)' }));
    await bot.deliver();
    const reply = bot.fake.messages.find((m) => m.reply_to === messageId)!;
    const body = JSON.stringify(reply.content);
    expect(validateCardV2(reply.content)).toEqual([]);
    expect(body).not.toContain('**点我**');
    expect(body).not.toContain('[链接](http://x)');
  });

  it('a redelivered event (same event_id) and the same message under a new event_id have one effect', async () => {
    const messageId = newMessageId();
    bot.fake.addUserMessage(messageId, CHAT);
    const eventId = newEventId();
    expect((await bot.post(helpMessage({ eventId, messageId }))).status).toBe(200);
    expect((await bot.post(helpMessage({ eventId, messageId }))).status).toBe(200);
    expect((await bot.post(helpMessage({ eventId: newEventId(), messageId }))).status).toBe(200);
    await bot.deliver();
    expect(bot.fake.messages.filter((m) => m.reply_to === messageId)).toHaveLength(1);
  });

  it('a bad signature gets 401 and stores nothing', async () => {
    const before = await storedEvents(bot);
    const req = await signedRequest(helpMessage(), { encryptKey: TEST_APP.encryptKey });
    const res = await fetch(`${bot.url}/lark/events`, {
      method: 'POST',
      headers: { ...req.headers, 'x-lark-signature': '0'.repeat(64) },
      body: req.body,
    });
    expect(res.status).toBe(401);
    expect(await storedEvents(bot)).toBe(before);
  });

  it('a signature over other bytes (body changed in transit) gets 401', async () => {
    const req = await signedRequest(helpMessage(), { encryptKey: TEST_APP.encryptKey });
    const other = await signedRequest(helpMessage(), {
      encryptKey: TEST_APP.encryptKey,
      timestamp: req.headers['x-lark-request-timestamp'],
      nonce: req.headers['x-lark-request-nonce'],
    });
    const res = await fetch(`${bot.url}/lark/events`, { method: 'POST', headers: req.headers, body: other.body });
    expect(res.status).toBe(401);
  });

  it('missing signature headers on an event get 401', async () => {
    const req = await signedRequest(helpMessage(), { encryptKey: TEST_APP.encryptKey });
    const res = await fetch(`${bot.url}/lark/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: req.body,
    });
    expect(res.status).toBe(401);
  });

  it('a wrong header.token gets 401 and stores nothing', async () => {
    const before = await storedEvents(bot);
    const body = helpMessage();
    (body as { header: { token: string } }).header.token = 'forged';
    expect((await bot.post(body)).status).toBe(401);
    expect(await storedEvents(bot)).toBe(before);
  });

  it('an unencrypted body is refused when an encrypt key is configured', async () => {
    expect((await bot.post(helpMessage(), { encrypt: false })).status).toBe(400);
  });

  it('non-JSON, a JSON array, and a body over 1 MiB are clear 4xx, never 500', async () => {
    const post = (body: string) =>
      fetch(`${bot.url}/lark/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const notJson = await post('{not json');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'body is not JSON' });
    expect((await post('[1,2]')).status).toBe(400);
    expect((await post(JSON.stringify({ encrypt: 'not-base64!!' }))).status).toBe(400);
    const huge = await post(JSON.stringify({ encrypt: 'A'.repeat(1024 * 1024 + 10) }));
    expect(huge.status).toBe(413);
  });

  it('an unknown event type is acked and logged, not stored', async () => {
    const before = await storedEvents(bot);
    const body = helpMessage();
    (body as { header: { event_type: string } }).header.event_type = 'contact.user.updated_v3';
    expect((await bot.post(body)).status).toBe(200);
    expect(await storedEvents(bot)).toBe(before);
    expect(bot.logs.some((l) => l.includes('ignored event contact.user.updated_v3'))).toBe(true);
  });

  it('a card button is answered in the callback response; a replayed callback is refused', async () => {
    const action = cardActionEvent({
      token: TEST_APP.verificationToken,
      appId: TEST_APP.appId,
      openId: USER,
      value: { action: 'help.show' },
      messageId: newMessageId(),
      chatId: CHAT,
    });
    const res = await bot.post(action);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { card?: { type: string; data: object } };
    expect(answer.card?.type).toBe('raw');
    expect(validateCardV2(answer.card!.data)).toEqual([]);
    const replay = await bot.post(action);
    expect(await replay.json()).toEqual({ toast: { type: 'info', content: '该操作已处理。' } });
  });

  it('a card action nobody handles gets an honest toast', async () => {
    const res = await bot.post(
      cardActionEvent({
        token: TEST_APP.verificationToken,
        appId: TEST_APP.appId,
        openId: USER,
        value: { action: 'no.such.thing' },
        messageId: newMessageId(),
        chatId: CHAT,
      }),
    );
    expect(await res.json()).toEqual({ toast: { type: 'error', content: '这个按钮已失效，请重新发送指令。' } });
  });

  it('an event stored but never handled (crash after the ack) is handled by the recovery sweep', async () => {
    const messageId = newMessageId();
    bot.fake.addUserMessage(messageId, CHAT);
    const body = helpMessage({ messageId }) as never;
    // Store it as the webhook would, but let "the process die" before handling it.
    const realNow = Date.now();
    const ctx = { ...bot.runtime.ctx, clock: () => new Date(realNow - 60_000) };
    expect(await persistInbound(ctx, body)).toBe(true);
    await bot.deliver();
    expect(bot.fake.messages.filter((m) => m.reply_to === messageId)).toHaveLength(0);
    const { recovered } = await runScheduledWork(bot.runtime.ctx);
    expect(recovered).toBeGreaterThanOrEqual(1);
    await bot.deliver();
    expect(bot.fake.messages.filter((m) => m.reply_to === messageId)).toHaveLength(1);
  });
});

describe('webhook without an encrypt key', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ encrypt: false });
  });
  afterAll(async () => bot.close());

  it('answers a plain challenge and takes plain events checked by token', async () => {
    const req = await urlVerification({ token: TEST_APP.verificationToken, challenge: 'plain' });
    const res = await fetch(`${bot.url}/lark/events`, { method: 'POST', headers: req.headers, body: req.body });
    expect(await res.json()).toEqual({ challenge: 'plain' });
    const messageId = newMessageId();
    bot.fake.addUserMessage(messageId, CHAT);
    expect((await bot.post(helpMessage({ messageId }))).status).toBe(200);
    const forged = helpMessage();
    (forged as { header: { token: string } }).header.token = 'x';
    expect((await bot.post(forged)).status).toBe(401);
    await bot.deliver();
    expect(bot.fake.messages.filter((m) => m.reply_to === messageId)).toHaveLength(1);
  });

  it('an encrypted body without a configured key is a clear 400', async () => {
    const res = await bot.post(helpMessage(), { encrypt: true });
    expect(res.status).toBe(400);
  });
});
