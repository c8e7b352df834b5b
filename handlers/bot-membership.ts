import { z } from 'zod';
import type { AppContext } from '../src/context.js';
import { botAddedToGroup, botRemovedFromGroup } from '../src/services/groups.js';

/** im.chat.member.bot.added_v1 / deleted_v1: the bot joined or left a group chat. */
const MembershipEvent = z.object({
  chat_id: z.string().min(1),
  operator_id: z.object({ open_id: z.string().optional() }).optional(),
});

export async function onBotAdded(ctx: AppContext, raw: unknown): Promise<void> {
  const event = MembershipEvent.parse(raw);
  await botAddedToGroup(ctx, event.chat_id, event.operator_id?.open_id ?? null);
}

export async function onBotRemoved(ctx: AppContext, raw: unknown): Promise<void> {
  const event = MembershipEvent.parse(raw);
  await botRemovedFromGroup(ctx, event.chat_id, event.operator_id?.open_id ?? null);
}
