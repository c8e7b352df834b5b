import type { Db } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';
import type { ReceiveIdType } from '../lark/messenger.js';

/** A database handle or an open transaction: enqueueing must join the caller's transaction. */
export type DbOrTx = Pick<Db, 'insert' | 'select' | 'update' | 'execute'>;

interface Base {
  /** Set for a message the bot promised exactly once (a reminder of a deadline, say). */
  dedupeKey?: string;
  /** Defaults to a fresh UUID; also passed to Lark so a retried send shows once. */
  uuid?: string;
  /** Ordering and per-chat rate queue; defaults to the receiver (or the target message). */
  queue?: string;
}

export type OutgoingCall =
  | (Base & {
      kind: 'send';
      to: { type: ReceiveIdType; id: string };
      msgType: 'text' | 'interactive' | 'file' | 'post';
      content: object;
    })
  | (Base & { kind: 'reply'; messageId: string; msgType: 'text' | 'interactive' | 'file' | 'post'; content: object })
  /** `messageId` may be `outbox:<uuid>`: the Lark message of an earlier outbox row, once sent. */
  | (Base & { kind: 'patch'; messageId: string; card: object })
  | (Base & { kind: 'urgent'; messageId: string; openIds: string[] });

/** Messages to one person or chat are delivered in the order they were queued. */
function queueKeyOf(call: OutgoingCall): string {
  if (call.queue) return call.queue;
  switch (call.kind) {
    case 'send':
      return `${call.to.type}:${call.to.id}`;
    case 'reply':
    case 'patch':
    case 'urgent':
      return `message:${call.messageId}`;
  }
}

function rowOf(call: OutgoingCall): typeof outbox.$inferInsert {
  const uuid = call.uuid ?? crypto.randomUUID();
  const common = { uuid, dedupeKey: call.dedupeKey ?? null, queueKey: queueKeyOf(call) };
  switch (call.kind) {
    case 'send':
      return { ...common, kind: 'send', target: call.to.id, targetType: call.to.type, msgType: call.msgType, content: JSON.stringify(call.content) };
    case 'reply':
      return { ...common, kind: 'reply', target: call.messageId, targetType: 'message_id', msgType: call.msgType, content: JSON.stringify(call.content) };
    case 'patch':
      return { ...common, kind: 'patch', target: call.messageId, targetType: 'message_id', content: JSON.stringify(call.card) };
    case 'urgent':
      return { ...common, kind: 'urgent', target: call.messageId, targetType: 'message_id', content: JSON.stringify({ openIds: call.openIds }) };
  }
}

/**
 * Queues calls to Lark inside the caller's transaction. Returns the uuids of the rows actually
 * queued: a call whose dedupeKey was queued before is dropped (that is the point of the key).
 */
export async function enqueue(tx: DbOrTx, ...calls: OutgoingCall[]): Promise<string[]> {
  if (calls.length === 0) return [];
  const rows = calls.map(rowOf);
  const inserted = await tx
    .insert(outbox)
    .values(rows)
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ uuid: outbox.uuid });
  return inserted.map((r) => r.uuid);
}
