/**
 * The fake Lark's message store: every message in its chats (the bot's and those people "sent"),
 * delivery with Lark's uuid de-duplication (the same uuid within an hour returns the first message
 * and delivers nothing) and its per-receiver rate limit, and the message data Lark answers with.
 */
import type { RateLimits } from './traffic.js';
import type { DeliveredMessage } from './types.js';
import { type Reply, hex, success } from './wire.js';

const UUID_TTL_MS = 60 * 60 * 1000;

export interface StoredMessage {
  id: string;
  chatId?: string;
  /** The receiver the per-receiver rate limit counts against (a chat for replies). */
  targetKey: string;
  msgType: string;
  content: string;
  fromBot: boolean;
  time: number;
  parentId?: string;
  rootId?: string;
}

export interface Delivery {
  receiveIdType: string;
  receiveId: string;
  chatId?: string;
  targetKey: string;
  msgType: string;
  content: string;
  parsed: unknown;
  uuid?: string;
  replyTo?: string;
  replyInThread?: boolean;
  now: number;
}

export class MessageStore {
  private readonly byId = new Map<string, StoredMessage>();
  private readonly uuids = new Map<string, { id: string; time: number }>();

  constructor(
    private readonly appId: string,
    private readonly limits: RateLimits,
    /** The fake's record of what the bot sent (`fake.messages`). */
    private readonly delivered: DeliveredMessage[],
  ) {}

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** A message a person sent in `chatId`: replies to it land in that chat. */
  addUserMessage(messageId: string, chatId: string): void {
    this.byId.set(messageId, {
      id: messageId,
      chatId,
      targetKey: `chat_id:${chatId}`,
      msgType: 'text',
      content: '{}',
      fromBot: false,
      time: Date.now(),
    });
  }

  deliver(args: Delivery): Reply {
    if (args.uuid !== undefined) {
      const prev = this.uuids.get(args.uuid);
      if (prev && args.now - prev.time < UUID_TTL_MS) return this.answer(this.byId.get(prev.id)!);
    }
    this.limits.target(args.targetKey, args.now);
    const parent = args.replyTo ? this.byId.get(args.replyTo) : undefined;
    const s: StoredMessage = {
      id: `om_${hex(16)}`,
      chatId: args.chatId,
      targetKey: args.targetKey,
      msgType: args.msgType,
      content: args.content,
      fromBot: true,
      time: args.now,
      parentId: args.replyTo,
      rootId: args.replyTo ? (parent?.rootId ?? args.replyTo) : undefined,
    };
    this.byId.set(s.id, s);
    if (args.uuid !== undefined) this.uuids.set(args.uuid, { id: s.id, time: args.now });
    this.delivered.push({
      id: s.id,
      receive_id: args.receiveId,
      receive_id_type: args.receiveIdType,
      chat_id: args.chatId,
      msg_type: args.msgType,
      content: args.parsed,
      uuid: args.uuid,
      reply_to: args.replyTo,
      reply_in_thread: args.replyInThread,
      time: args.now,
    });
    return this.answer(s);
  }

  /** The message as Lark answers a send with it. */
  private answer(s: StoredMessage): Reply {
    return success({
      message_id: s.id,
      root_id: s.rootId,
      parent_id: s.parentId,
      msg_type: s.msgType,
      create_time: String(s.time),
      update_time: String(s.time),
      deleted: false,
      updated: false,
      chat_id: s.chatId ?? '',
      sender: { id: this.appId, id_type: 'app_id', sender_type: 'app', tenant_key: 'fake_tenant' },
      body: { content: s.content },
    });
  }
}
