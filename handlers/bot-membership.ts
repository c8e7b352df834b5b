/**
 * im.chat.member.bot.added_v1 / deleted_v1: the bot joined or left a group chat. Joining, it says
 * how to bind the group to a unit; leaving, units bound to the group are unbound (services/groups.ts).
 */
import { z } from 'zod';
import type { AppContext } from '../src/context.js';
import { botAddedToGroup, botRemovedFromGroup } from '../src/services/groups.js';

/** The part of either event the services need: which chat, and who added or removed the bot. */
const MembershipEvent = z.object({
  chat_id: z.string().min(1),
  operator_id: z.object({ open_id: z.string().optional() }).optional(),
});

/** The bot was added to a group. */
export async function onBotAdded(ctx: AppContext, raw: unknown): Promise<void> {
  const event = MembershipEvent.parse(raw);
  await botAddedToGroup(ctx, event.chat_id, event.operator_id?.open_id ?? null);
}

/** The bot was removed from a group. */
export async function onBotRemoved(ctx: AppContext, raw: unknown): Promise<void> {
  const event = MembershipEvent.parse(raw);
  await botRemovedFromGroup(ctx, event.chat_id, event.operator_id?.open_id ?? null);
}
