/**
 * Unit groups: the bot is added to a group, `绑定单位 <单位名>` (by an admin or a leader of that
 * unit) binds the group to the unit, and removing the bot from the group unbinds it. A group is
 * bound to one unit and only ever hears about that unit's projects.
 */
import { and, eq, ne } from 'drizzle-orm';
import { auditLog, regions, units } from '../../db/schema/index.js';
import type { IncomingText } from '../lark/messages.js';
import type { AppContext } from '../context.js';
import { enqueue } from '../outbox/outbox.js';
import { lookupPerson } from '../org/store.js';
import { chatQueue, replyText } from './reply.js';

/** The bot was added to a group: say how to bind it (or which unit it is already bound to). */
export async function botAddedToGroup(ctx: AppContext, chatId: string, operator: string | null): Promise<void> {
  const [bound] = await ctx.db
    .select({ name: units.name, region: regions.name })
    .from(units)
    .innerJoin(regions, eq(regions.id, units.regionId))
    .where(eq(units.chatId, chatId));
  const text = bound
    ? `本群已绑定${bound.region}${bound.name}：每个工作日会收到本单位项目的到期、逾期事项。`
    : '你好，我是政务信息化项目助手。请单位负责人或管理员在群里发送“@我 绑定单位 单位名称”，绑定后本群每个工作日收到本单位项目的到期事项和整改通知。';
  await enqueue(ctx.db, {
    kind: 'send',
    to: { type: 'chat_id', id: chatId },
    queue: chatQueue(chatId),
    msgType: 'text',
    content: { text },
  });
  ctx.log(`groups: added to ${chatId}${operator ? ` by ${operator}` : ''}`);
  ctx.notifyOutbox();
}

/** The bot was removed from a group: nothing is sent there any more. */
export async function botRemovedFromGroup(ctx: AppContext, chatId: string, operator: string | null): Promise<void> {
  const now = ctx.clock();
  const unbound = await ctx.db
    .update(units)
    .set({ chatId: null })
    .where(eq(units.chatId, chatId))
    .returning({ id: units.id, name: units.name });
  for (const u of unbound) {
    await ctx.db.insert(auditLog).values({
      projectId: null,
      actorOpenId: operator ?? 'lark',
      action: 'unit.group_unbound',
      detail: { unitId: u.id, unit: u.name, chatId },
      at: now,
    });
  }
  ctx.log(
    `groups: removed from ${chatId}${unbound.length ? `, unbound ${unbound.map((u) => u.name).join(', ')}` : ''}`,
  );
}

/** `绑定单位 [<地区名>] <单位名>` in a group. */
export async function bindUnitCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const say = async (t: string) => {
    await replyText(ctx.db, msg, t);
    ctx.notifyOutbox();
  };
  if (msg.chatType === 'p2p') return say('请在单位的工作群里 @我 发送“绑定单位 单位名称”。');
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return say('请写单位名称，例如：绑定单位 县教育局');
  const unitName = words[words.length - 1]!;
  const regionName = words.length > 1 ? words.slice(0, -1).join('') : null;
  const person = await lookupPerson(ctx.db, msg.senderOpenId);
  let candidates = await ctx.db
    .select({ id: units.id, name: units.name, regionId: units.regionId, region: regions.name, chatId: units.chatId })
    .from(units)
    .innerJoin(regions, eq(regions.id, units.regionId))
    .where(eq(units.name, unitName));
  if (regionName) candidates = candidates.filter((c) => c.region === regionName || c.regionId === regionName);
  if (candidates.length === 0) return say(`没有找到单位“${unitName}”。请按组织目录中的单位名称填写。`);
  const allowed = candidates.filter(
    (c) => person.isAdmin || person.units.some((u) => u.unitId === c.id && u.position === 'leader'),
  );
  if (allowed.length === 0) return say(`只有管理员或${unitName}的负责人可以绑定本群。`);
  if (allowed.length > 1)
    return say(`有多个地区的“${unitName}”，请写明地区，例如：绑定单位 ${allowed[0]!.region} ${unitName}`);
  const unit = allowed[0]!;
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    // One group, one unit: a group bound before to another unit stops hearing about it.
    await tx
      .update(units)
      .set({ chatId: null })
      .where(and(eq(units.chatId, msg.chatId), ne(units.id, unit.id)));
    await tx.update(units).set({ chatId: msg.chatId }).where(eq(units.id, unit.id));
    await tx.insert(auditLog).values({
      projectId: null,
      actorOpenId: msg.senderOpenId,
      action: 'unit.group_bound',
      detail: { unitId: unit.id, unit: unit.name, chatId: msg.chatId, previous: unit.chatId },
      messageId: msg.messageId,
      at: now,
    });
    await replyText(
      tx,
      msg,
      `已将本群绑定到${unit.region}${unit.name}。每个工作日会在群里发送本单位项目的到期、逾期事项和整改通知。`,
    );
  });
  ctx.notifyOutbox();
}
