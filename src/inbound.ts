import { and, eq, lt, or, isNull, sql } from 'drizzle-orm';
import { inboundEvents } from '../db/schema/index.js';
import type { AppContext } from './context.js';
import type { EnvelopeV2 } from './lark/envelope.js';
import { EVENT_HANDLERS } from './registry.js';
import { rowsOf } from './outbox/dispatcher.js';

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 5;

/**
 * Stores an event before the webhook acks it. Returns false for a redelivery: the same event_id,
 * or (for messages) the same message_id under a new event_id.
 */
export async function persistInbound(ctx: AppContext, envelope: EnvelopeV2): Promise<boolean> {
  const message = (envelope.event as { message?: { message_id?: unknown } }).message;
  const messageId =
    envelope.header.event_type === 'im.message.receive_v1' && typeof message?.message_id === 'string'
      ? message.message_id
      : null;
  const inserted = await ctx.db
    .insert(inboundEvents)
    .values({
      eventId: envelope.header.event_id,
      eventType: envelope.header.event_type,
      messageId,
      payload: envelope,
      receivedAt: ctx.clock(),
    })
    .onConflictDoNothing()
    .returning({ eventId: inboundEvents.eventId });
  return inserted.length > 0;
}

/**
 * Handles one stored event: claims it under a lease (so two workers never run it at once), runs
 * its handler, marks it done. A handler error leaves it pending for a retry, up to MAX_ATTEMPTS.
 */
export async function processInbound(ctx: AppContext, eventId: string): Promise<'done' | 'skipped' | 'failed' | 'retry'> {
  const now = ctx.clock();
  const claimed = await ctx.db
    .update(inboundEvents)
    .set({ lockedUntil: new Date(now.getTime() + LEASE_MS), attempts: sql`${inboundEvents.attempts} + 1` })
    .where(
      and(
        eq(inboundEvents.eventId, eventId),
        eq(inboundEvents.status, 'pending'),
        or(isNull(inboundEvents.lockedUntil), lt(inboundEvents.lockedUntil, now)),
      ),
    )
    .returning();
  const row = claimed[0];
  if (!row) return 'skipped';
  const envelope = row.payload as EnvelopeV2;
  const handler = Object.hasOwn(EVENT_HANDLERS, row.eventType) ? EVENT_HANDLERS[row.eventType] : undefined;
  try {
    if (!handler) throw new Error(`no handler for ${row.eventType}`);
    await handler(ctx, envelope.event);
    await ctx.db
      .update(inboundEvents)
      .set({ status: 'done', processedAt: ctx.clock(), lockedUntil: null, lastError: null })
      .where(eq(inboundEvents.eventId, eventId));
    return 'done';
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    const isBadInput = (e as { name?: string }).name === 'ZodError';
    const giveUp = isBadInput || row.attempts >= MAX_ATTEMPTS;
    ctx.log(`inbound: ${row.eventType} ${eventId} ${giveUp ? 'failed' : 'will retry'}: ${error.slice(0, 300)}`);
    await ctx.db
      .update(inboundEvents)
      .set({ status: giveUp ? 'failed' : 'pending', lockedUntil: null, lastError: error.slice(0, 1000) })
      .where(eq(inboundEvents.eventId, eventId));
    return giveUp ? 'failed' : 'retry';
  }
}

/** Picks up events stored but not handled (the process died after the ack, or a handler failed). */
export async function recoverInbound(ctx: AppContext, olderThanMs = 10_000, limit = 100): Promise<number> {
  const cutoff = new Date(ctx.clock().getTime() - olderThanMs);
  const result = await ctx.db.execute(sql`
    select event_id from ${inboundEvents}
    where status = 'pending' and received_at < ${cutoff.toISOString()}::timestamptz
      and (locked_until is null or locked_until < ${ctx.clock().toISOString()}::timestamptz)
    order by received_at limit ${limit}`);
  let handled = 0;
  for (const row of rowsOf(result)) {
    const outcome = await processInbound(ctx, String(row.event_id));
    if (outcome !== 'skipped') handled++;
  }
  return handled;
}
