/**
 * Hostile requests at the webhook, through the real server and the fake Lark: a signed request
 * replayed later, a chunked body with no Content-Length that never ends, event ids kept forever,
 * user words quoted back as live mentions and links, a project's details answered to a group that
 * has nothing to do with it.
 */
import { request } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEvents } from '../db/schema/index.js';
import { runScheduledWork } from '../src/scheduler.js';
import { EVENT_ID_RETENTION_MS, pruneInbound } from '../src/inbound.js';
import { testDbKind } from './support/db.js';
import { startTestBot, TEST_APP, type TestBot } from './support/harness.js';
import {
  cardActionEvent,
  messageReceiveEvent,
  newEventId,
  newMessageId,
  signedRequest,
} from './support/lark-events.js';
import { approvedProject } from './support/lifecycle.js';

const USER = 'ou_jzEduZhou';
let now = new Date('2026-11-23T02:00:00Z');
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ clock: () => now });
}, 120_000);
afterAll(async () => bot?.close());

const helpEvent = (eventId = newEventId()) =>
  messageReceiveEvent({
    token: TEST_APP.verificationToken,
    appId: TEST_APP.appId,
    eventId,
    messageId: newMessageId(),
    openId: USER,
    chatId: 'oc_p2pEduZhou',
    chatType: 'p2p',
    text: '帮助',
  });

async function postSigned(body: object, timestamp: number) {
  const req = await signedRequest(body, { encryptKey: TEST_APP.encryptKey, timestamp: String(timestamp) });
  return fetch(`${bot.url}/lark/events`, { method: 'POST', headers: req.headers, body: req.body });
}

const stored = async (eventId: string) =>
  (await bot.database.db.select().from(inboundEvents).where(eq(inboundEvents.eventId, eventId))).length;

describe(`hostile input at the webhook (${testDbKind})`, () => {
  it('a correctly signed request more than 5 minutes old (a replay), or from the future, is refused and stores nothing', async () => {
    const wall = Math.floor(Date.now() / 1000);
    for (const at of [wall - 6 * 60, wall + 6 * 60]) {
      const eventId = newEventId();
      const res = await postSigned(helpEvent(eventId), at);
      expect(res.status).toBe(401);
      expect(await stored(eventId)).toBe(0);
    }
    // A replayed card tap is refused the same way, before it acts.
    const tap = cardActionEvent({
      token: TEST_APP.verificationToken,
      appId: TEST_APP.appId,
      openId: USER,
      value: { action: 'help.show' },
      messageId: newMessageId(),
      chatId: 'oc_p2pEduZhou',
    });
    expect((await postSigned(tap, wall - 3600)).status).toBe(401);
    // Within Lark's clock skew it is taken.
    const fresh = newEventId();
    expect((await postSigned(helpEvent(fresh), wall - 60)).status).toBe(200);
    expect(await stored(fresh)).toBe(1);
  });

  it('a chunked body with no Content-Length is cut off at 1 MiB while it arrives, not read to its end first', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${bot.url}/lark/events`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          req.destroy();
        },
      );
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
      // 1.5 MiB sent and the body never ended: only a server that counts while reading can answer.
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let i = 0; i < 24; i++) req.write(chunk);
      setTimeout(
        () => reject(new Error('no answer before the body ended: the server waits for the whole body')),
        15_000,
      );
    });
    expect(status).toBe(413);
  });

  it('handled event ids are dropped once past Lark’s 6 h redelivery window; pending and recent ones stay', async () => {
    const old = newEventId();
    expect((await bot.post(helpEvent(old))).status).toBe(200);
    await bot.deliver();
    expect(await stored(old)).toBe(1);
    const pending = newEventId();
    const start = now;
    try {
      now = new Date(start.getTime() + 60 * 60_000);
      const recent = newEventId();
      expect((await bot.post(helpEvent(recent))).status).toBe(200);
      await bot.deliver();
      now = new Date(start.getTime() + EVENT_ID_RETENTION_MS + 60_000);
      await runScheduledWork(bot.runtime.ctx);
      expect(EVENT_ID_RETENTION_MS).toBeGreaterThanOrEqual(6 * 3600_000);
      expect(await stored(old)).toBe(0);
      expect(await stored(recent)).toBe(1);
      // An event not yet handled is never dropped, however old.
      await bot.database.db.insert(inboundEvents).values({
        eventId: pending,
        eventType: 'im.message.receive_v1',
        payload: {},
        status: 'pending',
        receivedAt: start,
      });
      expect(await pruneInbound(bot.runtime.ctx)).toBe(0);
      expect(await stored(pending)).toBe(1);
    } finally {
      now = start;
      await bot.database.db.delete(inboundEvents).where(eq(inboundEvents.eventId, pending));
    }
  });

  it('text replies never echo a live @all or link: 进度 <at user_id="all">所有人</at> [通知](https://…) in a group', async () => {
    const attack = '进度 <at user_id="all">所有人</at> [通知](https://evil.example/x)';
    const out = await bot.say({ openId: USER, text: attack, chatId: 'oc_someGroup0001', chatType: 'group' });
    const texts = out.filter((m) => m.msg_type === 'text').map((m) => (m.content as { text: string }).text);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) {
      expect(t).not.toMatch(/<at\b/i);
      expect(t).not.toContain('](');
      expect(t).not.toMatch(/[<>[\]]/);
    }
  });

  it('a question about a project asked in an unrelated group is answered privately; the group gets one line', async () => {
    const p = await approvedProject(bot, {
      number: 'JZ-2026-0777',
      regionId: 'jinzhai',
      unitName: '县教育局',
      kind: 'new_build',
      name: '机密平台',
      investmentWan: 150,
      createdBy: USER,
      approvedOn: '2026-11-20',
    });
    const group = 'oc_unrelatedGroup01';
    const out = await bot.say({ openId: USER, text: `${p.number} 下一步做什么`, chatId: group, chatType: 'group' });
    const inGroup = out.filter((m) => m.chat_id === group || m.receive_id === group || m.reply_to !== undefined);
    const privately = out.filter((m) => m.receive_id === USER && m.msg_type === 'interactive');
    expect(privately.length).toBe(1);
    expect(JSON.stringify(privately[0]!.content)).toContain('机密平台');
    expect(inGroup.length).toBe(1);
    expect(JSON.stringify(inGroup[0]!.content)).not.toContain('机密平台');
    // The same question in the bot's private chat is answered there, as before.
    const p2p = await bot.say({ openId: USER, text: `${p.number} 下一步做什么` });
    expect(JSON.stringify(p2p.map((m) => m.content))).toContain('机密平台');
  });
});
