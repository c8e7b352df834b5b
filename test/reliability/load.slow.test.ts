/**
 * 10 000 message events through the webhook, 5 % of them delivered again (Lark's redelivery: the
 * same event_id, or the same message under a new event_id), 50 at a time: every message has exactly
 * one effect (one stored event, one reply queued to it).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.js';
import { testDbKind } from '../support/db.js';
import { startTestBot, TEST_APP, type TestBot } from '../support/harness.js';
import { messageReceiveEvent, newEventId, newMessageId } from '../support/lark-events.js';
import { MESSAGE_USERS, pool } from './server-process.js';

const TOTAL = Number(process.env.LOAD_EVENTS ?? 10_000);
const TEXTS = ['帮助', '我的项目', '我的草稿', '菜单'];

describe(`${TOTAL} events with 5 % redeliveries (${testDbKind})`, () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: () => new Date('2026-11-23T02:00:00Z') });
  });
  afterAll(async () => bot?.close());

  it('every event has exactly one effect', { timeout: 600_000 }, async () => {
    const events = Array.from({ length: TOTAL }, (_, i) => {
      const openId = MESSAGE_USERS[i % MESSAGE_USERS.length]!;
      return messageReceiveEvent({
        token: TEST_APP.verificationToken,
        appId: TEST_APP.appId,
        openId,
        chatId: `oc_p2p${openId.slice(3)}`,
        chatType: 'p2p',
        messageId: newMessageId(),
        eventId: newEventId(),
        text: TEXTS[i % TEXTS.length]!,
      });
    });
    // 5 %: half the same event again, half the same message under a new event_id.
    const again = events
      .filter((_, i) => i % 20 === 7)
      .map((e, j) => (j % 2 === 0 ? e : { ...e, header: { ...e.header, event_id: newEventId() } }));
    const wire = [...events];
    // Redeliveries arrive mixed in, some while the first delivery is still being handled.
    again.forEach((e, j) => wire.splice(Math.min(wire.length, (j + 1) * 19 + 5), 0, e));
    const t0 = performance.now();
    const statuses = await pool(wire, 50, async (e) => (await bot.post(e)).status);
    await bot.runtime.settle();
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `${wire.length} deliveries in ${seconds.toFixed(1)} s (${(wire.length / seconds).toFixed(0)}/s) on ${testDbKind}`,
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const db = bot.database.db;
    const [stored] = rowsOf(
      await db.execute(sql`select count(*)::int as n, count(distinct message_id)::int as messages,
      count(*) filter (where status = 'done')::int as done from inbound_events where event_type = 'im.message.receive_v1'`),
    );
    expect(stored).toEqual({ n: TOTAL, messages: TOTAL, done: TOTAL });
    const [replies] = rowsOf(
      await db.execute(
        sql`select count(*)::int as n, count(distinct target)::int as targets from outbox where kind = 'reply'`,
      ),
    );
    expect(replies).toEqual({ n: TOTAL, targets: TOTAL });
    const ids = new Set(events.map((e) => (e.event as { message: { message_id: string } }).message.message_id));
    const targets = rowsOf(await db.execute(sql`select target from outbox where kind = 'reply'`)).map((r) =>
      String(r.target),
    );
    expect(targets.every((t) => ids.has(t))).toBe(true);
    expect(bot.logs.filter((l) => l.startsWith('webhook: duplicate')).length).toBe(again.length);
  });
});
