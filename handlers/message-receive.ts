/**
 * im.message.receive_v1, a message to the bot: a file (or, in a chat with the bot, a picture) is
 * taken as a material; text runs its command, or is answered as a question about the regulations.
 */
import type { AppContext } from '../src/context.js';
import type { IncomingText } from '../src/lark/messages.js';
import { COMMANDS, findCommand } from '../src/commands.js';
import { MessageReceiveSchema } from '../src/lark/envelope.js';
import { replyWithHelp } from '../src/services/help.js';
import { receiveFile } from '../src/services/materials.js';
import { answerMessage } from '../src/services/answer.js';
import { z } from 'zod';

const FileContent = z.object({ file_key: z.string().min(1), file_name: z.string().min(1) });
const ImageContent = z.object({ image_key: z.string().min(1) });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** im.message.receive_v1: a message to the bot (in a group, one that @-mentions it). */
export async function onMessageReceive(ctx: AppContext, raw: unknown): Promise<void> {
  const event = MessageReceiveSchema.parse(raw);
  const { message, sender } = event;
  if (sender.sender_type && sender.sender_type !== 'user') return;
  // In groups Lark delivers text that @-mentions the bot (and, with the im:message.group_msg
  // scope, every message): answer text only when addressed; files are always taken as materials.
  if (message.message_type === 'text' && message.chat_type !== 'p2p' && !message.mentions?.length) return;
  const from = {
    senderOpenId: sender.sender_id.open_id,
    chatId: message.chat_id,
    chatType: message.chat_type,
    messageId: message.message_id,
  };
  if (message.message_type === 'file') {
    const content = FileContent.safeParse(safeJson(message.content));
    if (!content.success) return;
    return receiveFile(ctx, { ...from, fileKey: content.data.file_key, fileName: content.data.file_name });
  }
  // A picture (a scanned page, say) is a material too, but only sent to the bot directly: in a group
  // every screenshot would be asked about.
  if (message.message_type === 'image' && message.chat_type === 'p2p') {
    const content = ImageContent.safeParse(safeJson(message.content));
    if (!content.success) return;
    return receiveFile(ctx, { ...from, fileKey: content.data.image_key, fileName: '图片', resourceType: 'image' });
  }
  if (message.message_type !== 'text') return;
  const text = textOf(message.content);
  const incoming: IncomingText = {
    ...from,
    text,
    // In a chat with the bot every mention is a person; in a group the first one is the bot.
    mentions: (message.mentions ?? [])
      .slice(message.chat_type === 'p2p' ? 0 : 1)
      .map((m) => m.id?.open_id)
      .filter((id): id is string => Boolean(id)),
  };
  const found = findCommand(text);
  if (found) return found.command.run(ctx, incoming, found.args);
  // An empty mention gets the help card; anything else is a question about the regulations.
  if (!text) return replyWithHelp(ctx, incoming, COMMANDS);
  return answerMessage(ctx, incoming);
}

/** Text of a text message with `@_user_N` mention placeholders removed. */
export function textOf(content: string): string {
  let text = '';
  try {
    const parsed = JSON.parse(content) as { text?: unknown };
    text = typeof parsed.text === 'string' ? parsed.text : '';
  } catch {
    text = '';
  }
  return text
    .replace(/@_user_\d+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
