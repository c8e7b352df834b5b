import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEvents, outbox } from '../db/schema/index.js';
import { persistInbound, processInboundBatch } from '../src/inbound.js';
import { REGISTRY } from '../src/registry.js';
import type { EnvelopeV2 } from '../src/lark/envelope.js';
import { messageReceiveEvent, newMessageId } from '../src/sandbox/lark-events.js';
import { testDbKind } from './support/db.js';
import { TEST_APP, startTestBot, type TestBot } from './support/harness.js';

// The stored-event worker: a batch is handled in one transaction, optimistically without a
// savepoint per event; one failing handler must cost its neighbours nothing.

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => bot.close());

const common = { token: TEST_APP.verificationToken, appId: TEST_APP.appId };

function helpMessage(openId: string): EnvelopeV2 {
  return messageReceiveEvent({
    ...common,
    openId,
    chatId: `oc_p2p${openId.slice(3)}`,
    chatType: 'p2p',
    messageId: newMessageId(),
    text: '帮助',
  }) as unknown as EnvelopeV2;
}

/** A message event whose body the handler's schema refuses (no sender): it fails for good. */
function malformed(): EnvelopeV2 {
  const e = helpMessage('ou_jzEduZhou') as unknown as { event: Record<string, unknown> };
  delete e.event.sender;
  return e as unknown as EnvelopeV2;
}

async function store(events: EnvelopeV2[]): Promise<string[]> {
  for (const e of events) expect(await persistInbound(bot.runtime.ctx, e)).toBe(true);
  return events.map((e) => e.header.event_id);
}

const rows = (ids: string[]) => bot.database.db.select().from(inboundEvents).where(inArray(inboundEvents.eventId, ids));
/** Messages queued so far (each 帮助 is answered with one help card). */
const queued = async () => (await bot.database.db.select({ id: outbox.id }).from(outbox)).length;

describe(`a batch of stored events (${testDbKind})`, () => {
  it('all good: every event handled once, marked done with one attempt, in one commit', async () => {
    const people = ['ou_jzEduZhou', 'ou_jzZhbLi', 'ou_jzGovChen'];
    const before = await queued();
    const ids = await store(people.map(helpMessage));
    const outcomes = await processInboundBatch(bot.runtime.ctx, REGISTRY, ids);
    expect([...outcomes.values()]).toEqual(['done', 'done', 'done']);
    expect((await rows(ids)).map((r) => [r.status, r.attempts])).toEqual([
      ['done', 1],
      ['done', 1],
      ['done', 1],
    ]);
    const after = await queued();
    expect(after - before).toBe(3);
    // Run again: nothing is pending, nothing happens twice.
    expect([...(await processInboundBatch(bot.runtime.ctx, REGISTRY, ids)).values()]).toEqual([
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(await queued()).toBe(after);
  });

  it('one malformed event among good ones: it alone fails; the others are handled exactly once', async () => {
    const good = ['ou_mdDsjLv', 'ou_mdGovQin'];
    const before = await queued();
    const events = [helpMessage(good[0]!), malformed(), helpMessage(good[1]!)];
    const ids = await store(events);
    const outcomes = await processInboundBatch(bot.runtime.ctx, REGISTRY, ids);
    expect(ids.map((id) => outcomes.get(id))).toEqual(['done', 'failed', 'done']);
    const byId = new Map((await rows(ids)).map((r) => [r.eventId, r]));
    expect(byId.get(ids[0]!)).toMatchObject({ status: 'done', attempts: 1, lastError: null });
    expect(byId.get(ids[1]!)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(byId.get(ids[1]!)!.lastError).toContain('sender');
    expect(byId.get(ids[2]!)).toMatchObject({ status: 'done', attempts: 1 });
    // The rolled-back optimistic pass left no reply behind: one each, not two.
    expect((await queued()) - before).toBe(2);
  });

  it('an id that is not stored, or already done, is skipped', async () => {
    const [id] = await store([helpMessage('ou_jzCzjSun')]);
    await processInboundBatch(bot.runtime.ctx, REGISTRY, [id!]);
    const outcomes = await processInboundBatch(bot.runtime.ctx, REGISTRY, [id!, 'ev_never_stored']);
    expect([...outcomes.entries()]).toEqual([
      [id, 'skipped'],
      ['ev_never_stored', 'skipped'],
    ]);
  });
});
