/** The 帮助 button: shows, in place, the help card of the commands for the person's roles. */
import { helpCard } from '../cards/help.js';
import type { AppContext } from '../src/context.js';
import { COMMANDS } from '../src/commands.js';
import { helpFor } from '../src/services/help.js';
import type { CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';

export async function onHelpButton(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const entries = await helpFor(ctx, action.operator.open_id, COMMANDS);
  return { card: { type: 'raw', data: helpCard({ entries }) } };
}
