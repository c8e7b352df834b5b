/**
 * Telling a project's unit: its group chat (when bound) and everyone of the unit who hears about
 * notices (members, leaders and the declarant). Shared by the rectification and reminder services.
 */
import type { DbOrTx } from '../../db/client.js';
import { enqueue } from '../outbox/outbox.js';
import { type Project, unitPeople } from './lifecycle-store.js';
import { chatQueue, sendCardTo } from './reply.js';

/** Sends a card to the unit's group, if it has one. */
export async function sendToUnitGroup(
  tx: DbOrTx,
  chatId: string | null,
  card: object,
  dedupeKey?: string,
): Promise<void> {
  if (!chatId) return;
  await enqueue(tx, {
    kind: 'send',
    to: { type: 'chat_id', id: chatId },
    queue: chatQueue(chatId),
    msgType: 'interactive',
    content: card,
    ...(dedupeKey ? { dedupeKey } : {}),
  });
}

/** Everyone of the unit who hears about a notice: members, leaders and the declarant. */
export async function unitAudience(
  tx: DbOrTx,
  project: Pick<Project, 'unitId' | 'createdBy'>,
): Promise<{ people: string[]; chatId: string | null }> {
  const u = await unitPeople(tx, project.unitId);
  return { people: [...new Set([...u.members, ...u.leaders, project.createdBy].filter(Boolean))], chatId: u.chatId };
}

/** A card to each of the unit's people and to its group. */
export async function tellUnit(
  tx: DbOrTx,
  project: Pick<Project, 'unitId' | 'createdBy'>,
  card: object,
): Promise<void> {
  const unit = await unitAudience(tx, project);
  for (const openId of unit.people) await sendCardTo(tx, openId, card);
  await sendToUnitGroup(tx, unit.chatId, card);
}
