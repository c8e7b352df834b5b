/** application.bot.menu_v6: a tap on the bot's menu. The menu key `declare` starts a declaration. */
import { z } from 'zod';
import type { AppContext } from '../src/context.js';
import { startDeclarationPrivately } from '../src/services/declare.js';

const MenuEvent = z.object({
  operator: z.object({ operator_id: z.object({ open_id: z.string().min(1) }) }),
  event_key: z.string(),
});

export async function onBotMenu(ctx: AppContext, raw: unknown): Promise<void> {
  const event = MenuEvent.parse(raw);
  if (event.event_key === 'declare') await startDeclarationPrivately(ctx, event.operator.operator_id.open_id);
  else ctx.log(`bot menu: unknown key ${event.event_key}`);
}
