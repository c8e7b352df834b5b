/**
 * Lark misbehaving while people use the bot: the fake Lark answers 500, 429 (with a reset), never
 * answers (the message WAS delivered: the "did it go out?" case) or drops the connection on a share
 * of its calls, while units declare projects and officials approve them through the webhook. Every
 * message still reaches its person exactly once (Lark's uuid idempotency), in order per chat, and
 * the business outcome is the same as on a good day.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, projects } from '../../db/schema/index.js';
import { declareProject } from '../support/declare.js';
import { startTestBot, type TestBot } from '../support/harness.js';
import { testDbKind } from '../support/db.js';
import { approveAll, deliverThroughFaults, expectExactlyOnceInOrder } from './support.js';

function movableClock(start = '2026-11-23T02:00:00Z') {
  const now = new Date(start);
  return () => now;
}

describe(`declaring and approving while Lark fails a third of its calls (${testDbKind})`, () => {
  let bot: TestBot;
  let delivery: { rounds: () => number };
  beforeAll(async () => {
    bot = await startTestBot({
      clock: movableClock(),
      fake: { faults: { ratio: 0.3, kinds: ['500', '429', 'timeout', 'close'], seed: 20261123 } },
    });
    delivery = deliverThroughFaults(bot);
  });
  afterAll(async () => bot?.close());

  it('every message arrives exactly once, in order per chat, and the projects end approved', {
    timeout: 180_000,
  }, async () => {
    const declared: { number: string; unit: string }[] = [];
    for (const [pack, applicant] of [
      ['jinzhai-2022', 'ou_jzEduZhou'],
      ['huaian-draft', 'ou_haGajDeng'],
    ] as const) {
      const number = await declareProject(bot, applicant, pack);
      declared.push({ number, unit: applicant });
    }
    for (const d of declared) {
      const [p] = await bot.database.db.select().from(projects).where(eq(projects.number, d.number));
      expect(p!.status).toBe('in_review');
      await approveAll(bot, p!.id);
      const [after] = await bot.database.db.select().from(projects).where(eq(projects.id, p!.id));
      expect(after!.status).toBe('approved');
    }
    // The faults happened, of every kind, and were survived.
    const faulted = bot.fake.requests.filter((r) => r.fault);
    expect(new Set(faulted.map((r) => r.fault))).toEqual(new Set(['500', '429', 'timeout', 'close']));
    expect(faulted.length).toBeGreaterThan(10);
    expect(delivery.rounds()).toBeGreaterThan(1);
    const { rows, delivered } = await expectExactlyOnceInOrder(bot.database.db, bot.fake);
    expect(rows).toBeGreaterThan(20);
    expect(delivered).toBeGreaterThan(20);
    // A 'timeout' fault means Lark processed the call and the answer was lost: the retry with the
    // same uuid must have found the message already there rather than showing it twice.
    const timedOutUuids = new Set(
      faulted
        .filter((r) => r.fault === 'timeout')
        .map((r) => (r.body as { uuid?: string } | undefined)?.uuid)
        .filter(Boolean),
    );
    expect(timedOutUuids.size).toBeGreaterThan(0);
    for (const uuid of timedOutUuids) expect(bot.fake.messages.filter((m) => m.uuid === uuid)).toHaveLength(1);
    // Card patches (other members' cards closed, decided cards) were applied too.
    const patches = await bot.database.db.select().from(outbox).where(eq(outbox.kind, 'patch'));
    expect(patches.every((p) => p.status === 'sent')).toBe(true);
  });
});
