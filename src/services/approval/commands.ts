/** Text commands around approvals: 进度, 催办, 设置代理. */
import type { IncomingText } from '../../lark/messages.js';
import type { AppContext } from '../../context.js';
import { lookupPerson } from '../../org/store.js';
import { replyPrivately, replyText } from '../reply.js';
import { progressCard, visibleProject } from './progress.js';
import { setAway } from './transfer.js';
import { urgeProject } from './urge.js';

const USAGE = '请在指令后写项目编号，例如：进度 JZ-2026-0001';
const notFound = (number: string) => `没有找到你可以查看的项目 ${number}。`;

export async function progressCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const found = args ? await visibleProject(ctx, msg.senderOpenId, args) : null;
  if (found)
    await replyPrivately(
      ctx.db,
      msg,
      await progressCard(ctx, found.project, undefined, msg.senderOpenId),
      `已私信你 ${found.project.number} 的进度。`,
    );
  else await replyText(ctx.db, msg, args ? notFound(args) : USAGE);
  ctx.notifyOutbox();
}

export async function urgeCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const urged = args ? await urgeProject(ctx, { operator: msg.senderOpenId, number: args }) : null;
  await replyText(ctx.db, msg, !urged ? USAGE : urged.kind === 'not_visible' ? notFound(args) : urged.message);
  ctx.notifyOutbox();
}

const DATE = /(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?/g;

/**
 * `设置代理 @同事 2026-12-01 至 2026-12-05`: while away, the colleague receives and may act on the
 * sender's approval cards (the audit trail says on whose behalf).
 */
export async function awayCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const deputy = msg.mentions?.[0];
  const dates = [...args.matchAll(DATE)].map((m) => `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`);
  const person = await lookupPerson(ctx.db, msg.senderOpenId);
  if (person.offices.length === 0) await replyText(ctx.db, msg, '只有审批部门的人员可以设置代理。');
  else if (!deputy || dates.length !== 2 || dates[0]! > dates[1]!)
    await replyText(ctx.db, msg, '格式：设置代理 @同事 2026-12-01 至 2026-12-05');
  else {
    // Shanghai days: from 00:00 on the first to 24:00 on the last.
    const from = new Date(`${dates[0]}T00:00:00+08:00`);
    const until = new Date(new Date(`${dates[1]}T00:00:00+08:00`).getTime() + 86_400_000);
    const set = await setAway(ctx, { principal: msg.senderOpenId, deputy, from, until });
    if (!set.ok) await replyText(ctx.db, msg, set.message);
    else
      await replyText(ctx.db, msg, `已设置：${dates[0]} 至 ${dates[1]} 期间，你的审批由代理人办理（记录为代你办理）。`);
  }
  ctx.notifyOutbox();
}
