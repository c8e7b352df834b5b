/**
 * Budget adjustments (调整/变更): `调整 <编号> <调整后投资额（万元）> [理由]`. The pack decides
 * (`classifyAdjustment`): filing is enough (recorded as filed, the reviewer office is told), or a
 * change approval is needed: the change request is routed like a declaration through the approval
 * machinery (`startChangeApproval`: the pack's change route, the same cards, taps, 转交, 催办 and
 * escalation); when its last step approves, the project's amount is changed. The reviewer office
 * is told of every adjustment (备案) unless it is asked to approve it anyway.
 */
import { and, eq } from 'drizzle-orm';
import { auditLog, changeRequests, projects } from '../../db/schema/index.js';
import { adjustmentResultCard } from '../../cards/lifecycle-forms.js';
import type { IncomingText } from '../lark/messages.js';
import type { AppContext } from '../context.js';
import { applicantNext } from '../approval/progress.js';
import { classifyAdjustment } from '../lifecycle/adjustment.js';
import { formatWan, parseWan } from '../money.js';
import { lookupPerson } from '../org/store.js';
import { startChangeApproval, type ChangeApprovalStart } from './approval.js';
import { replyPrivately, replyText, sendCardTo } from './reply.js';
import { AFTER_APPROVAL, actsForUnit, cardProject, officePeople, packOf, todayOf } from './lifecycle-store.js';

/** `<编号> <金额>[万元] [理由]`. */
const ARGS = /^([A-Za-z]{1,8}-\d{4}-\d{1,6})\s+([0-9０-９.,，．]+)\s*(?:万元|万)?(?:\s+([\s\S]*))?$/;
const REASON_MAX_CHARS = 500;
const USAGE = '请写项目编号、调整后的总投资（万元）和调整理由，例如：调整 MD-2026-0001 92 因省厅要求增加数据接口';

export async function adjustCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const say = async (t: string) => {
    await replyText(ctx.db, msg, t);
    ctx.notifyOutbox();
  };
  const m = ARGS.exec(args.trim());
  if (!m) return say(USAGE);
  const amount = parseWan(m[2]!.replace(/[,，]/g, ''));
  if (!amount.ok) return say(`调整后投资额“${m[2]}”${amount.error}，请以万元填写，例如 92 或 92.5`);
  const reason = (m[3] ?? '').trim();
  if ([...reason].length > REASON_MAX_CHARS) return say(`调整理由不能超过${REASON_MAX_CHARS}字。`);
  const [project] = await ctx.db.select().from(projects).where(eq(projects.number, m[1]!.toUpperCase()));
  const person = await lookupPerson(ctx.db, msg.senderOpenId);
  if (!project || !actsForUnit(person, project.unitId)) return say(`没有找到本单位的项目 ${m[1]}。`);
  if (!AFTER_APPROVAL.includes(project.status)) return say(`项目 ${project.number} 尚未立项，调整申报内容请修改申报表。`);
  if (!(project.investmentYuan > 0)) return say(`项目 ${project.number} 没有登记批复投资额，无法计算调整幅度。`);
  const pending = await pendingChange(ctx, project.id);
  if (pending) return say(pendingMessage(project.number, pending.adjustedYuan));
  const pack = packOf(ctx, project.policy);
  const result = classifyAdjustment(pack, { approvedYuan: project.investmentYuan, adjustedYuan: amount.yuan, kind: project.kind, facts: project.facts });
  const now = ctx.clock();
  const today = todayOf(ctx);
  try {
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
          reason: reason || null,
          requestedBy: msg.senderOpenId,
          createdAt: now,
        })
        .returning({ id: changeRequests.id });
      await tx.insert(auditLog).values({
        projectId: project.id,
        actorOpenId: msg.senderOpenId,
        action: result.mode === 'file' ? 'adjustment.filed' : 'adjustment.pending_approval',
        detail: { changeRequestId: req!.id, approvedYuan: project.investmentYuan, adjustedYuan: amount.yuan, ratio: result.ratio, checkId: result.checkId, reason: reason || null },
        messageId: msg.messageId,
        at: now,
      });
      const started: ChangeApprovalStart | null = result.mode === 'approval' ? await startChangeApproval(ctx, tx, req!.id, pack, now) : null;
      const reviewers = await officePeople(tx, project.regionId, 'reviewer');
      const office = reviewers.names[0] ?? pack.roleNames.reviewer ?? '主管部门';
      // Reviewers who act on the change route get its cards; the others are told (备案).
      const onRoute = new Set(started?.ok ? started.plan.steps.flatMap((s) => s.offices.flatMap((o) => o.members)) : []);
      const told = reviewers.members.filter((openId) => !onRoute.has(openId));
      const card = (next: string) =>
        adjustmentResultCard({ pack, project: cardProject(project), approvedYuan: project.investmentYuan, adjustedYuan: amount.yuan, result, next, today, ...(reason ? { reason } : {}) });
      for (const openId of told) {
        await sendCardTo(tx, openId, card(result.mode === 'file' ? '项目建设单位已报备本次调整。' : '项目建设单位申请调整，已按规定报送变更审批，现向你部门备案。'));
      }
      await replyPrivately(tx, msg, card(nextForUnit(result.mode, started, office, told.length > 0)), '已私信你调整的处理结果。');
    });
  } catch (e) {
    // Two requests at once: the unique index lets one wait for approval, the other is told.
    const again = await pendingChange(ctx, project.id);
    if (again) return say(pendingMessage(project.number, again.adjustedYuan));
    throw e;
  }
  ctx.notifyOutbox();
}

async function pendingChange(ctx: AppContext, projectId: number) {
  const [row] = await ctx.db
    .select()
    .from(changeRequests)
    .where(and(eq(changeRequests.projectId, projectId), eq(changeRequests.state, 'pending_approval')));
  return row ?? null;
}

function pendingMessage(number: string, adjustedYuan: number): string {
  return `项目 ${number} 已有一项待审批的变更申请（调整为 ${formatWan(adjustedYuan)} 万元），请待其审批结束后再提交新的调整。发送“进度 ${number}”可查看审批记录。`;
}

/** What the unit is told happens next. */
function nextForUnit(mode: 'file' | 'approval', started: ChangeApprovalStart | null, office: string, officeTold: boolean): string {
  if (mode === 'file') return `已登记为调整备案，并告知${office}。`;
  if (!started || !started.ok) {
    return `已登记为待变更审批，但变更审批流程无法自动启动：${started?.error ?? '未知原因'}。请联系管理员完善组织目录。`;
  }
  const next = applicantNext(started.plan, started.state);
  const filed = officeTold ? `，并同时向${office}备案` : '';
  if (next.kind === 'pending') return `已提交变更审批${filed}：第${next.position.index + 1}步/共${next.position.total}步“${next.stepName}”，待${next.offices.join('、')}办理。审批通过后调整生效，每一步的结果都会通知你。`;
  if (next.kind === 'approved') return `变更审批已完成，调整已生效${filed}。`;
  return `已提交变更审批${filed}。`;
}
