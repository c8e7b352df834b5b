import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEvents } from '../../db/schema/index.js';
import { startServer } from '../../src/server.js';
import { openTestDatabase, testDbKind } from '../support/db.js';
import { startFakeLark, type FakeLark } from '../support/fake-lark.js';
import { attachFakeLongConnection, type FakeLongConnection } from '../support/fake-long-connection.js';
import { cardActionEvent, messageReceiveEvent, newEventId, newMessageId } from '../support/lark-events.js';
import type { Database } from '../../db/client.js';

/**
 * LARK_MODE=ws end to end: the real server (startServer) dials the fake Lark's long connection with
 * the SDK's WSClient; events and card callbacks come through it and go through the same table of
 * handlers as the webhook. Runs on PGlite, or on Postgres with TEST_DATABASE_URL.
 */

const APP = { appId: 'cli_a1b2c3d4e5f60718', appSecret: 'ws-test-secret' };
const USER = 'ou_jzEduZhou';
const CHAT = 'oc_p2pjzEduZhou';

let fake: FakeLark;
let lc: FakeLongConnection;
let database: Database;
let server: Awaited<ReturnType<typeof startServer>>;
const logs: string[] = [];

function help(o: { eventId?: string; messageId?: string; padding?: number } = {}) {
  const messageId = o.messageId ?? newMessageId();
  fake.addUserMessage(messageId, CHAT);
  const event = messageReceiveEvent({
    token: '',
    appId: APP.appId,
    eventId: o.eventId,
    messageId,
    openId: USER,
    chatId: CHAT,
    chatType: 'p2p',
    text: '帮助',
  });
  // A large event: Lark splits it into fragments; the bot ignores the extra field.
  if (o.padding) (event.event.message as Record<string, unknown>).padding = '政'.repeat(o.padding);
  return { event, messageId, eventId: event.header.event_id };
}

async function deliver() {
  await server.runtime.settle();
  await server.runtime.dispatcher!.drain();
}

const repliesTo = (messageId: string) => fake.messages.filter((m) => m.reply_to === messageId);

async function stored(eventId: string) {
  return database.db.select().from(inboundEvents).where(eq(inboundEvents.eventId, eventId));
}

beforeAll(async () => {
  fake = await startFakeLark(APP);
  lc = attachFakeLongConnection(fake, APP);
  database = await openTestDatabase();
  server = await startServer(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LARK_MODE: 'ws',
      LARK_APP_ID: APP.appId,
      LARK_APP_SECRET: APP.appSecret,
      LARK_BASE_URL: fake.url,
      BACKGROUND_LOOPS: 'off',
      ORG_CONFIG: 'docs/org.example.json',
      METRICS_TOKEN: 'ws-metrics',
    },
    { database, log: (line) => logs.push(line) },
  );
  await lc.waitForConnections(1);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await database?.close();
  await fake?.close();
});

describe('LARK_MODE=ws: the long connection', () => {
  it('/healthz reports the connection; the webhook is off', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ok: boolean;
      db: string;
      lark: { mode: string; state: string; connected: boolean };
    };
    expect(body).toMatchObject({ ok: true, db: testDbKind, lark: { mode: 'ws', state: 'connected', connected: true } });
    expect(lc.endpointRequests).toBeGreaterThanOrEqual(1);
    const webhook = await fetch(`http://127.0.0.1:${server.port}/lark/events`, { method: 'POST', body: '{}' });
    expect(webhook.status).toBe(404);
  });

  it('a text message is stored before its ack and answered', async () => {
    const m = help();
    const ack = await lc.push(m.event);
    expect(ack.code).toBe(200);
    // Nothing awaited between the ack and this query: the row was there when the ack went out.
    expect(await stored(m.eventId)).toHaveLength(1);
    await deliver();
    expect(repliesTo(m.messageId)).toHaveLength(1);
    expect(repliesTo(m.messageId)[0]!.msg_type).toBe('interactive');
    expect((await stored(m.eventId))[0]!.status).toBe('done');
  });

  it.each(['event', 'card'] as const)(
    'a card tap in a frame of type %s is answered within 3 s with the card',
    async (frameType) => {
      const tap = cardActionEvent({
        token: '',
        appId: APP.appId,
        openId: USER,
        value: { action: 'help.show' },
        messageId: newMessageId(),
        chatId: CHAT,
      });
      const ack = await Promise.race([
        lc.push(tap, { frameType }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no ack within 3 s: Lark shows 出错了')), 3_000),
        ),
      ]);
      expect(ack.code).toBe(200);
      expect(ack.frameType).toBe(frameType);
      expect(ack.ms).toBeLessThan(3_000);
      const answer = ack.data as { card?: { type: string; data: { schema?: string } } };
      expect(answer.card?.type).toBe('raw');
      expect(answer.card?.data.schema).toBe('2.0');
      // Recorded, so that a replay of the same callback is refused.
      expect((await stored(tap.header.event_id))[0]?.status).toBe('done');
    },
  );

  it('a large event in fragments is joined, stored whole and answered once', async () => {
    const m = help({ padding: 60_000 });
    const ack = await lc.push(m.event, { fragments: 4 });
    expect(ack.code).toBe(200);
    const [row] = await stored(m.eventId);
    expect(row!.payload).toEqual(m.event);
    await deliver();
    expect(repliesTo(m.messageId)).toHaveLength(1);
  });

  it('a dropped connection is reconnected; nothing is lost or handled twice', async () => {
    const connectionsBefore = lc.connections;
    // A: the bot stores and acks, but the ack is lost with the connection: Lark pushes A again.
    const a = help();
    lc.loseNextAck();
    await expect(lc.push(a.event)).rejects.toThrow(/dropped/);
    await lc.acked(a.eventId);
    // B: the connection drops after the first of three fragments: Lark pushes B again, whole.
    const b = help({ padding: 20_000 });
    lc.dropMidNextEvent();
    await expect(lc.push(b.event, { fragments: 3 })).rejects.toThrow(/dropped/);
    await lc.acked(b.eventId);
    // C: Lark re-sends A's message under a new event_id.
    const c = help({ messageId: a.messageId, eventId: newEventId() });
    expect((await lc.push(c.event)).code).toBe(200);
    await deliver();

    expect(lc.connections).toBe(connectionsBefore + 2);
    expect(lc.unacked()).toEqual([]);
    expect(repliesTo(a.messageId)).toHaveLength(1);
    expect(repliesTo(b.messageId)).toHaveLength(1);
    expect(await stored(c.eventId)).toHaveLength(0);
    const rows = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(inboundEvents)
      .where(eq(inboundEvents.messageId, a.messageId));
    expect(Number(rows[0]!.n)).toBe(1);
    expect(logs.some((l) => l.includes(`ws: duplicate im.message.receive_v1 ${a.eventId}`))).toBe(true);

    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { lark: { disconnects: number } }).lark.disconnects).toBeGreaterThanOrEqual(2);
    const metrics = await (
      await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers: { authorization: 'Bearer ws-metrics' } })
    ).text();
    expect(metrics).toMatch(/^zwbot_lark_ws_connected 1$/m);
    expect(metrics).toMatch(/^zwbot_lark_ws_disconnects [2-9]/m);
    expect(metrics).toMatch(
      /^zwbot_lark_events_received_total\{type="im.message.receive_v1",duplicate="true"\} [1-9]/m,
    );
  });

  it('when the SDK gives up (endpoint refused), the connection is started again with backoff', async () => {
    const connectionsBefore = lc.connections;
    lc.refuseEndpoint(2);
    lc.drop();
    const states = new Set<string>();
    const deadline = Date.now() + 15_000;
    while (lc.connections === connectionsBefore && Date.now() < deadline) {
      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      const body = (await res.json()) as { lark: { state: string } };
      if (res.status === 503) states.add(body.lark.state);
      await new Promise((r) => setTimeout(r, 20));
    }
    await lc.waitForConnections(connectionsBefore + 1);
    expect(states.has('backoff'), JSON.stringify([...states, lc.endpointRequests, ...logs.slice(-8)])).toBe(true);
    expect(logs.filter((l) => l.includes('gave up')).length).toBeGreaterThanOrEqual(2);
    const m = help();
    expect((await lc.push(m.event)).code).toBe(200);
  });

  it('/healthz answers 503 while the connection is down', async () => {
    await fake.close();
    const deadline = Date.now() + 5_000;
    let status = 0;
    while (Date.now() < deadline && status !== 503) {
      status = (await fetch(`http://127.0.0.1:${server.port}/healthz`)).status;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(503);
  });
});
