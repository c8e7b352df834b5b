import { helpCard, type HelpEntry } from '../../cards/help.js';
import type { AppContext } from '../context.js';
import type { IncomingText } from '../lark/messages.js';
import { enqueue } from '../outbox/outbox.js';

/**
 * What the help card tells besides the commands: ways to use the bot that are no command (a
 * question needs no command word: whatever matches no command is answered from the rule packs).
 * Each goes on the card after the command named by `after`.
 */
export const HELP_ONLY_ENTRIES: readonly (HelpEntry & { after: string })[] = [
  {
    after: '帮助',
    command: '直接提问',
    summary: '如“终验需要什么材料”“合同签了几天内要备案”“我们的项目终验还差什么”，按本地区办法回答并注明条款',
  },
];

/**
 * The help card's entries: every command of `commands` (the command table, passed in so that this
 * service does not import the table that imports it), in order, with the help-only entries in their places.
 */
export function helpEntries(commands: readonly HelpEntry[]): HelpEntry[] {
  const out: HelpEntry[] = [];
  for (const { command, summary, button } of commands) {
    out.push({ command, summary, button });
    for (const { after, ...entry } of HELP_ONLY_ENTRIES) if (after === command) out.push(entry);
  }
  return out;
}

/** Answers with the help card of `entries`; `unrecognised` is the text the bot did not understand. */
export async function replyWithHelp(
  ctx: AppContext,
  msg: IncomingText,
  entries: readonly HelpEntry[],
  unrecognised?: string,
): Promise<void> {
  await enqueue(ctx.db, {
    kind: 'reply',
    messageId: msg.messageId,
    queue: `chat_id:${msg.chatId}`,
    msgType: 'interactive',
    content: helpCard({ entries, unrecognised }),
  });
  ctx.notifyOutbox();
}
