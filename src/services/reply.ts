/** Messages back to people and chats, each queued through the outbox in the caller's transaction. */
import type { IncomingText } from '../lark/messages.js';
import type { DbOrTx } from '../../db/client.js';
import { enqueue } from '../outbox/outbox.js';

/** The chat a message came from: replies keep that chat's order and rate. */
export const chatQueue = (chatId: string) => `chat_id:${chatId}`;

/** Replies to the user's message with a card (in the chat they wrote in). */
export function replyCard(tx: DbOrTx, msg: IncomingText, card: object) {
  return enqueue(tx, {
    kind: 'reply',
    messageId: msg.messageId,
    queue: chatQueue(msg.chatId),
    msgType: 'interactive',
    content: card,
  });
}

export function replyText(tx: DbOrTx, msg: IncomingText, text: string) {
  return enqueue(tx, {
    kind: 'reply',
    messageId: msg.messageId,
    queue: chatQueue(msg.chatId),
    msgType: 'text',
    content: { text },
  });
}

/** A card to one person, privately (their chat with the bot). */
export function sendCardTo(tx: DbOrTx, openId: string, card: object, o: { dedupeKey?: string; uuid?: string } = {}) {
  return enqueue(tx, {
    kind: 'send',
    to: { type: 'open_id', id: openId },
    msgType: 'interactive',
    content: card,
    ...o,
  });
}

export function sendTextTo(
  tx: DbOrTx,
  to: { type: 'open_id' | 'chat_id'; id: string },
  text: string,
  o: { dedupeKey?: string } = {},
) {
  return enqueue(tx, { kind: 'send', to, msgType: 'text', content: { text }, ...o });
}

/**
 * Where a private answer goes: in a chat with the bot, a reply; in a group, a private message to
 * the person and one line in the group saying so (declaration data is not for the whole group).
 */
export async function replyPrivately(tx: DbOrTx, msg: IncomingText, card: object, groupNote: string) {
  if (msg.chatType === 'p2p') return replyCard(tx, msg, card);
  await sendCardTo(tx, msg.senderOpenId, card);
  return replyText(tx, msg, groupNote);
}
