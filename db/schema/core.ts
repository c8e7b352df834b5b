/**
 * The transport tables: inbound Lark events, stored before they are acked, and the outbox of
 * calls to Lark, written in the transaction of the change that causes them.
 */
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Every event Lark delivers, written before the webhook acks it. `event_id` deduplicates
 * redeliveries; `message_id` deduplicates a message that comes again under a new event_id.
 * A row stays `pending` until a worker has handled it, so a crash after the ack loses nothing.
 */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    eventId: text('event_id').primaryKey(),
    eventType: text('event_type').notNull(),
    messageId: text('message_id'),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed', 'ignored'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** A worker holds the row until then; after it, another worker may take it over. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbound_events_message_id_uq').on(t.messageId),
    index('inbound_events_pending_idx').on(t.receivedAt).where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * Every call the bot makes to Lark that changes what a user sees. Written in the same transaction
 * as the state change that caused it; delivered by the dispatcher. `uuid` is passed to Lark, which
 * keeps a send idempotent for an hour; `dedupeKey` keeps a promised message (a reminder, say) from
 * ever being queued twice.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: text('uuid').notNull(),
    dedupeKey: text('dedupe_key'),
    /** `fetch`: download a material sent to the bot (target the message, content its key and attachment). */
    kind: text('kind', { enum: ['send', 'reply', 'patch', 'urgent', 'fetch'] }).notNull(),
    /** open_id / chat_id the message goes to; for patch and urgent the target message id. */
    target: text('target').notNull(),
    targetType: text('target_type').notNull(),
    msgType: text('msg_type'),
    content: text('content').notNull(),
    /** Messages to one chat or person go out in order: this is their queue. */
    queueKey: text('queue_key').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    larkMessageId: text('lark_message_id'),
    /** What to do with the Lark message id once sent (e.g. remember an approval card). */
    onSent: jsonb('on_sent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_uuid_uq').on(t.uuid),
    uniqueIndex('outbox_dedupe_key_uq').on(t.dedupeKey),
    // The claim's skip scan over the heads of the queues (src/outbox/claim.ts). It is the only
    // index over pending rows, so that no plan can prefer another one when the statistics lag.
    index('outbox_queue_pending_idx').on(t.queueKey, t.id).where(sql`${t.status} = 'pending'`),
  ],
);
