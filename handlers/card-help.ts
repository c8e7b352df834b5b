import { helpCard } from '../cards/help.js';
import type { AppContext } from '../src/context.js';
import { COMMANDS } from '../src/commands.js';
import { helpEntries } from '../src/services/help.js';
import type { CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';

/** The 帮助 button: shows the help card in place. */
export async function onHelpButton(_ctx: AppContext, _action: CardAction): Promise<CardActionResponse> {
  return { card: { type: 'raw', data: helpCard({ entries: helpEntries(COMMANDS) }) } };
}
