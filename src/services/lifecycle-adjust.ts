/**
 * Budget adjustments (调整/变更): `调整 <编号> <调整后投资额（万元）>`. The pack decides
 * (`classifyAdjustment`): filing is enough (recorded as filed, the reviewer office is told), or a
 * change approval is needed (recorded as pending change approval; the reviewer office is told).
 * Routing the change approval like a declaration is the approval service's: when it offers
 * `startChangeApproval`, this is where it is called.
 */
import { eq } from 'drizzle-orm';
import { auditLog, changeRequests, projects } from '../../db/schema/index.js';
import { adjustmentResultCard } from '../../cards/lifecycle-forms.js';
import type { IncomingText } from '../commands.js';
import type { AppContext } from '../context.js';
import { classifyAdjustment } from '../lifecycle/adjustment.js';
import { parseWan } from '../money.js';
import { lookupPerson } from '../org/store.js';
import { replyPrivately, replyText, sendCardTo } from './reply.js';
import { AFTER_APPROVAL, actsForUnit, cardProject, officePeople, packOf, todayOf } from './lifecycle-store.js';

const ARGS = /^([A-Za-z]{1,8}-\d{4}-\d{1,6})\s+(.+)$/;

export async function adjustCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const say = async (t: string) => {
    await replyText(ctx.db, msg, t);
    ctx.notifyOutbox();
  };
  const m = ARGS.exec(args.trim());
  if (!m) return say('请写项目编号和调整后的总投资（万元），例如：调整 MD-2026-0001 92');
  const amount = parseWan(m[2]!.replace(/\s+/g, ''));
  if (!amount.ok) return say(`调整后投资额“${m[2]}”${amount.error}，请以万元填写，例如 92 或 92.5`);
  const [project] = await ctx.db.select().from(projects).where(eq(projects.number, m[1]!.toUpperCase()));
  const person = await lookupPerson(ctx.db, msg.senderOpenId);
  if (!project || !actsForUnit(person, project.unitId)) return say(`没有找到本单位的项目 ${m[1]}。`);
  if (!AFTER_APPROVAL.includes(project.status)) return say(`项目 ${project.number} 尚未立项，调整申报内容请修改申报表。`);
  if (!(project.investmentYuan > 0)) return say(`项目 ${project.number} 没有登记批复投资额，无法计算调整幅度。`);
  const pack = packOf(ctx, project.policy);
  const result = classifyAdjustment(pack, { approvedYuan: project.investmentYuan, adjustedYuan: amount.yuan, kind: project.kind, facts: project.facts });
  const now = ctx.clock();
  const today = todayOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const [req] = await tx
      .insert(changeRequests)
      .values({
        projectId: project.id,
        approvedYuan: project.investmentYuan,
        adjustedYuan: amount.yuan,
        ratio: result.ratio.toFixed(6),
        mode: result.mode,
        state: result.mode === 'file' ? 'filed' : 'pending_approval',
        checkId: result.checkId,
        article: result.article,
        requestedBy: msg.senderOpenId,
        createdAt: now,
      })
      .returning({ id: changeRequests.id });
    const reviewers = await officePeople(tx, project.regionId, 'reviewer');
    const office = reviewers.names[0] ?? pack.roleNames.reviewer ?? '主管部门';
    const next =
      result.mode === 'file'
        ? `已登记为调整备案，并告知${office}。`
        : `已登记为待变更审批，并告知${office}；请按规定报原审批部门办理变更手续。`;
    const resultCard = adjustmentResultCard({ pack, project: cardProject(project), approvedYuan: project.investmentYuan, adjustedYuan: amount.yuan, result, next, today });
    const officeCard = adjustmentResultCard({
      pack,
      project: cardProject(project),
      approvedYuan: project.investmentYuan,
      adjustedYuan: amount.yuan,
      result,
      next: result.mode === 'file' ? '项目建设单位已报备本次调整。' : '项目建设单位申请调整，须履行变更审批手续。',
      today,
    });
    for (const openId of reviewers.members) await sendCardTo(tx, openId, officeCard);
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: msg.senderOpenId,
      action: result.mode === 'file' ? 'adjustment.filed' : 'adjustment.pending_approval',
      detail: { changeRequestId: req!.id, approvedYuan: project.investmentYuan, adjustedYuan: amount.yuan, ratio: result.ratio, checkId: result.checkId },
      messageId: msg.messageId,
      at: now,
    });
    await replyPrivately(tx, msg, resultCard, '已私信你调整的处理结果。');
  });
  ctx.notifyOutbox();
}
