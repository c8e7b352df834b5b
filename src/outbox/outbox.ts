/**
 * The outbox's write side: services queue calls to Lark (send, reply, patch, urgent, a material
 * download) as rows in the transaction of the change that caused them, so that a message goes out
 * if and only if the change is committed. The dispatcher (dispatcher.ts) sends them.
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';
import type { ReceiveIdType } from '../lark/messenger.js';

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
  | (Base & { kind: 'urgent'; messageId: string; openIds: string[] })
  /** Download a material from its message into material storage (src/materials/fetch.ts). */
  | (Base & {
      kind: 'fetch';
      messageId: string;
      resourceType: 'file' | 'image';
      fileKey: string;
      attachmentId: number;
    });

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
    case 'fetch':
      return `fetch:${call.messageId}`;
  }
}

/** A text message's content with mentions and links neutralised: replies quote what users wrote. */
function safeContent(msgType: string, content: object): string {
  const text = (content as { text?: unknown }).text;
  return JSON.stringify(
    msgType === 'text' && typeof text === 'string' ? { ...content, text: neutraliseText(text) } : content,
  );
}

/** A row of the outbox as Postgres names its columns (see `enqueue`). */
function rowOf(call: OutgoingCall) {
  const uuid = call.uuid ?? crypto.randomUUID();
  const common = { uuid, dedupe_key: call.dedupeKey ?? null, queue_key: queueKeyOf(call), kind: call.kind };
  if (call.kind === 'send') {
    const content = safeContent(call.msgType, call.content);
    return { ...common, target: call.to.id, target_type: call.to.type, msg_type: call.msgType, content };
  }
  // Every other call is about a message the bot knows.
  const onMessage = { ...common, target: call.messageId, target_type: 'message_id' };
  switch (call.kind) {
    case 'reply':
      return { ...onMessage, msg_type: call.msgType, content: safeContent(call.msgType, call.content) };
    case 'patch':
      return { ...onMessage, msg_type: null, content: JSON.stringify(call.card) };
    case 'urgent':
      return { ...onMessage, msg_type: null, content: JSON.stringify({ openIds: call.openIds }) };
    case 'fetch': {
      const content = JSON.stringify({ fileKey: call.fileKey, attachmentId: call.attachmentId });
      return { ...onMessage, msg_type: call.resourceType, content };
    }
  }
}

/**
 * Queues calls to Lark inside the caller's transaction. Returns the uuids of the rows actually
 * queued: a call whose dedupeKey was queued before is dropped (that is the point of the key).
 * The rows go as one JSON parameter (jsonb_to_recordset), in the order given: a short statement
 * prepared once, where a drizzle insert is rebuilt value by value on every call.
 */
export async function enqueue(tx: DbOrTx, ...calls: OutgoingCall[]): Promise<string[]> {
  if (calls.length === 0) return [];
  const inserted = rowsOf(
    await tx.execute(sql`
      insert into ${outbox} (uuid, dedupe_key, queue_key, kind, target, target_type, msg_type, content)
      select uuid, dedupe_key, queue_key, kind, target, target_type, msg_type, content
      from rows from (
        jsonb_to_recordset(${JSON.stringify(calls.map(rowOf))}::jsonb)
          as (uuid text, dedupe_key text, queue_key text, kind text, target text, target_type text, msg_type text, content text)
      ) with ordinality as r(uuid, dedupe_key, queue_key, kind, target, target_type, msg_type, content, n)
      order by n
      on conflict (dedupe_key) do nothing
      returning uuid`),
  );
  return inserted.map((r) => String(r.uuid));
}

/**
 * Text for a plain `text` message. Lark reads `<at user_id="all">` and `[label](url)` in text
 * messages too, and character references are not decoded there: the characters that open a
 * mention or a link become their full-width look-alikes, so user words quoted back stay words.
 */
export function neutraliseText(text: string): string {
  return text.replace(/[<>[\]]/g, (ch) => ({ '<': '＜', '>': '＞', '[': '［', ']': '］' })[ch]!);
}
