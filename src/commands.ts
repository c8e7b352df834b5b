import type { AppContext } from './context.js';
import type { HelpEntry } from '../cards/help.js';
import { replyWithHelp } from './services/help.js';

/** A text message addressed to the bot, after mentions are stripped. */
export interface IncomingText {
  senderOpenId: string;
  chatId: string;
  chatType: string;
  messageId: string;
  text: string;
}

export interface Command extends HelpEntry {
  /** Exact words or a pattern for the start of the message. */
  match: readonly string[] | RegExp;
  run(ctx: AppContext, msg: IncomingText, args: string): Promise<void>;
}

/**
 * Every text command, in one table: what the user types, what the help card says about it, and
 * the service that runs it. A message that matches nothing gets the help card.
 */
export const COMMANDS: readonly Command[] = [
  {
    command: '帮助',
    summary: '查看我能做什么',
    match: ['帮助', 'help', '菜单', '？', '?'],
    run: (ctx, msg) => replyWithHelp(ctx, msg),
  },
];

export function helpEntries(): HelpEntry[] {
  return COMMANDS.map(({ command, summary }) => ({ command, summary }));
}

export function findCommand(text: string): { command: Command; args: string } | null {
  const trimmed = text.trim();
  for (const command of COMMANDS) {
    if (command.match instanceof RegExp) {
      const m = command.match.exec(trimmed);
      if (m) return { command, args: trimmed.slice(m[0].length).trim() };
      continue;
    }
    for (const word of command.match) {
      if (trimmed.toLowerCase() === word.toLowerCase()) return { command, args: '' };
      if (trimmed.startsWith(`${word} `)) return { command, args: trimmed.slice(word.length).trim() };
    }
  }
  return null;
}
