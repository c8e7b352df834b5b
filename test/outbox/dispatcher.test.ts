import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';
import { createLarkMessenger } from '../../src/lark/messenger.js';
import { Dispatcher } from '../../src/outbox/dispatcher.js';
import { enqueue, type OutgoingCall } from '../../src/outbox/outbox.js';
import { openSecondConnection, openTestDatabase } from '../support/db.js';
import { startFakeLark, type FakeLark } from '../support/fake-lark.js';

const APP = { appId: 'cli_outboxtest', appSecret: 'sec' };

const text = (chat: string, n: number): OutgoingCall => ({
  kind: 'send',
  to: { type: 'chat_id', id: chat },
  msgType: 'text',
  content: { text: `${chat} #${n}` },
});

/** A clock the test moves, so retries with backoff become due without sleeping. */
function steppingClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

describe('outbox dispatcher', () => {
  let database: Database;
  let fake: FakeLark;
  beforeAll(async () => {
    database = await openTestDatabase();
    fake = await startFakeLark(APP);
  });
  afterAll(async () => {
    await database.close();
    await fake.close();
  });
  afterEach(async () => {
    fake.setFaults(null);
    fake.setRateLimits(false);
    await database.db.delete(outbox);
  });

  const messenger = () => createLarkMessenger({ ...APP, baseUrl: fake.url, timeoutMs: 400 });
  /** A dispatcher on a clock the test moves, with this many attempts before a row fails. */
  const onSteppingClock = (maxAttempts: number) => {
    const clock = steppingClock();
    return {
      clock,
      d: new Dispatcher({ db: database.db, messenger: messenger(), now: clock.now, log: () => {}, maxAttempts }),
    };
  };
  const delivered = (chat: string) =>
    fake.messages.filter((m) => m.receive_id === chat).map((m) => (m.content as { text: string }).text);

  it('sends queued messages once each, in order per chat, and marks them sent', async () => {
    for (let i = 1; i <= 5; i++) await enqueue(database.db, text('oc_ordera', i), text('oc_orderb', i));
    const d = new Dispatcher({ db: database.db, messenger: messenger(), log: () => {} });
    const report = await d.drain();
    expect(report.sent).toBe(10);
    expect(delivered('oc_ordera')).toEqual([1, 2, 3, 4, 5].map((i) => `oc_ordera #${i}`));
    expect(delivered('oc_orderb')).toEqual([1, 2, 3, 4, 5].map((i) => `oc_orderb #${i}`));
    const rows = await database.db.select().from(outbox);
    expect(rows.every((r) => r.status === 'sent' && r.larkMessageId?.startsWith('om_'))).toBe(true);
  });

  it('claims only the oldest pending row of each queue, oldest queues first, and no more than a batch', async () => {
    // Three rows in each of five chats; chat c's head waits for a retry, so none of c's rows may go.
    for (let i = 1; i <= 3; i++)
      await enqueue(database.db, ...['a', 'b', 'c', 'd', 'e'].map((c) => text(`oc_claim${c}`, i)));
    const heads = await database.db.select().from(outbox).orderBy(outbox.id).limit(5);
    await database.db
      .update(outbox)
      .set({ nextAttemptAt: new Date(Date.now() + 60_000) })
      .where(eq(outbox.id, heads[2]!.id));
    const d = new Dispatcher({ db: database.db, messenger: messenger(), batchSize: 3, log: () => {} });
    const first = await d.dispatchOnce();
    expect(first.sent).toBe(3);
    const sent = fake.messages.filter((m) => String(m.receive_id).startsWith('oc_claim'));
    expect(sent.map((m) => (m.content as { text: string }).text)).toEqual([
      'oc_claima #1',
      'oc_claimb #1',
      'oc_claimd #1',
    ]);
    await d.drain();
    expect(delivered('oc_claimc')).toEqual([]);
    expect(delivered('oc_claime')).toEqual(['oc_claime #1', 'oc_claime #2', 'oc_claime #3']);
  });

  it('a dedupe key queues a promised message only once', async () => {
    const first = await enqueue(database.db, { ...text('oc_dedupe', 1), dedupeKey: 'reminder:p1:before:3' });
    const second = await enqueue(database.db, { ...text('oc_dedupe', 2), dedupeKey: 'reminder:p1:before:3' });
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
    await new Dispatcher({ db: database.db, messenger: messenger(), log: () => {} }).drain();
    expect(delivered('oc_dedupe')).toEqual(['oc_dedupe #1']);
  });

  it('under 500s, 429s, timeouts and dropped connections every message arrives exactly once, in order', async () => {
    fake.setFaults({ ratio: 0.35, kinds: ['500', '429', 'timeout', 'close'], seed: 7 });
    const chats = ['oc_faulta', 'oc_faultb', 'oc_faultc'];
    for (let i = 1; i <= 8; i++) await enqueue(database.db, ...chats.map((c) => text(c, i)));
    const { clock, d } = onSteppingClock(30);
    for (let round = 0; round < 60; round++) {
      await d.drain();
      const [{ pending }] = (await database.db
        .select({ pending: sql<number>`count(*)::int` })
        .from(outbox)
        .where(eq(outbox.status, 'pending'))) as [{ pending: number }];
      if (Number(pending) === 0) break;
      clock.advance(10 * 60_000);
    }
    expect(fake.requests.some((r) => r.fault)).toBe(true);
    for (const chat of chats) expect(delivered(chat)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `${chat} #${i}`));
    const failed = await database.db.select().from(outbox).where(eq(outbox.status, 'failed'));
    expect(failed).toEqual([]);
  });

  it('rate limits do not use up attempts: a message limited more often than its attempts still arrives', async () => {
    fake.setFaults({ ratio: 1, kinds: ['429'], seed: 1 });
    await enqueue(database.db, text('oc_limited', 1));
    const { clock, d } = onSteppingClock(3);
    for (let round = 0; round < 6; round++) {
      await d.drain();
      clock.advance(10_000);
    }
    fake.setFaults(null);
    await d.drain();
    expect(fake.requests.filter((r) => r.fault === '429').length).toBeGreaterThanOrEqual(6);
    expect(delivered('oc_limited')).toEqual(['oc_limited #1']);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.target, 'oc_limited'));
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a non-retryable refusal is marked failed, logged, and does not block the chat', async () => {
    const logs: string[] = [];
    await enqueue(database.db, {
      kind: 'send',
      to: { type: 'chat_id', id: 'oc_refused' },
      msgType: 'interactive',
      content: { schema: '2.0', body: { elements: 'not an array' } },
    });
    await enqueue(database.db, text('oc_refused', 2));
    await new Dispatcher({ db: database.db, messenger: messenger(), log: (l) => logs.push(l) }).drain();
    expect(delivered('oc_refused')).toEqual(['oc_refused #2']);
    expect(logs.some((l) => l.includes('giving up'))).toBe(true);
  });

  it('with Lark rate limits on, a burst drains without a single rate-limit error', async () => {
    fake.setRateLimits(true);
    for (let i = 1; i <= 12; i++) await enqueue(database.db, text('oc_hotchat', i));
    for (let i = 0; i < 60; i++) await enqueue(database.db, text(`oc_burst${i}`, 1));
    const since = fake.requests.length;
    await new Dispatcher({ db: database.db, messenger: messenger(), log: () => {}, batchSize: 100 }).drain();
    const mine = fake.requests.slice(since).filter((r) => r.path === '/open-apis/im/v1/messages');
    expect(mine).toHaveLength(72);
    expect(delivered('oc_hotchat')).toHaveLength(12);
    expect(mine.filter((r) => r.code !== 0).map((r) => `${r.code} ${r.time}`)).toEqual([]);
  });

  it('patches wait for the message they refer to and then target its Lark id', async () => {
    const [uuid] = await enqueue(database.db, {
      kind: 'send',
      to: { type: 'open_id', id: 'ou_patchtarget' },
      msgType: 'interactive',
      content: { schema: '2.0', body: { elements: [{ tag: 'markdown', content: 'v1' }] } },
    });
    await enqueue(database.db, {
      kind: 'patch',
      messageId: `outbox:${uuid}`,
      card: { schema: '2.0', config: { update_multi: true }, body: { elements: [{ tag: 'markdown', content: 'v2' }] } },
    });
    await new Dispatcher({ db: database.db, messenger: messenger(), log: () => {} }).drain();
    const [sent] = await database.db.select().from(outbox).where(eq(outbox.uuid, uuid!));
    expect(fake.patches.at(-1)?.message_id).toBe(sent!.larkMessageId);
  });
});

describe('two dispatcher instances on one database', () => {
  let database: Database;
  let second: Database | null;
  let fake: FakeLark;
  beforeAll(async () => {
    database = await openTestDatabase();
    second = await openSecondConnection(database);
    fake = await startFakeLark(APP);
  });
  afterAll(async () => {
    await second?.close();
    await database.close();
    await fake.close();
  });

  it('never send one outbox row twice', async () => {
    const calls: OutgoingCall[] = [];
    for (let i = 0; i < 150; i++) calls.push(text(`oc_pair${i % 30}`, i));
    await enqueue(database.db, ...calls);
    const a = new Dispatcher({
      db: database.db,
      messenger: createLarkMessenger({ ...APP, baseUrl: fake.url }),
      log: () => {},
      batchSize: 10,
    });
    const b = new Dispatcher({
      db: (second ?? database).db,
      messenger: createLarkMessenger({ ...APP, baseUrl: fake.url }),
      log: () => {},
      batchSize: 10,
    });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect(ra.sent + rb.sent).toBe(150);
    if (second) {
      expect(ra.sent).toBeGreaterThan(0);
      expect(rb.sent).toBeGreaterThan(0);
    }
    // Each uuid was *requested* once (not merely deduplicated by Lark).
    const sends = fake.requests.filter((r) => r.method === 'POST' && r.path === '/open-apis/im/v1/messages');
    const uuids = sends.map((r) => (r.body as { uuid: string }).uuid);
    expect(new Set(uuids).size).toBe(150);
    expect(uuids).toHaveLength(150);
    for (let c = 0; c < 30; c++) {
      const chat = `oc_pair${c}`;
      const got = fake.messages
        .filter((m) => m.receive_id === chat)
        .map((m) => Number((m.content as { text: string }).text.split('#')[1]));
      expect(got).toEqual([...got].sort((x, y) => x - y));
    }
  });
});
