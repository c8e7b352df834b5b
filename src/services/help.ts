import { helpCard } from '../../cards/help.js';
import type { AppContext } from '../context.js';
import type { IncomingText } from '../commands.js';
import { helpEntries } from '../commands.js';
import { enqueue } from '../outbox/outbox.js';

/** Answers with the help card; `unrecognised` is the text the bot did not understand. */
export async function replyWithHelp(ctx: AppContext, msg: IncomingText, unrecognised?: string): Promise<void> {
  await enqueue(ctx.db, {
    kind: 'reply',
    messageId: msg.messageId,
    queue: `chat_id:${msg.chatId}`,
    msgType: 'interactive',
    content: helpCard({ entries: helpEntries(), unrecognised }),
  });
  ctx.notifyOutbox();
}
