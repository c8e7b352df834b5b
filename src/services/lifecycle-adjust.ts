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
import { adjustmentQuestionCard, adjustmentResultCard } from '../../cards/lifecycle-forms.js';
import type { AppContext } from '../context.js';
import type { IncomingText } from '../lark/messages.js';
import { applicantNext } from '../approval/progress.js';
import { formValueString } from '../declaration/validate.js';
import { classifyAdjustment, type AdjustmentQuestion } from '../lifecycle/adjustment.js';
import type { RulePack } from '../rules/types.js';
import { formatWan, parseWan } from '../money.js';
import { lookupPerson } from '../org/store.js';
import { startChangeApproval, type ChangeApprovalStart } from './approval/index.js';
import { refuse, type Refusal } from './project-access.js';
import { replyPrivately, replyText, sendCardTo } from './reply.js';
import { factsOf } from '../lifecycle/common.js';
import {
  AFTER_APPROVAL,
  actsForUnit,
  cardProject,
  loadLifecycleProject,
  officePeople,
  packOf,
  todayOf,
} from './lifecycle-store.js';
import type { Tx } from '../../db/client.js';

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
  const found = await adjustableProject(ctx, msg.senderOpenId, m[1]!.toUpperCase());
  if (typeof found === 'string') return say(found);
  const outcome = await recordAdjustment(ctx, {
    operator: msg.senderOpenId,
    project: found,
    adjustedYuan: amount.yuan,
    reason,
    messageId: msg.messageId,
    deliver: async (tx, reply) => {
      await replyPrivately(tx, msg, adjustmentReplyCard(reply), '已私信你调整的处理结果。');
    },
  });
  if (typeof outcome === 'string') return say(outcome);
  ctx.notifyOutbox();
}

/** The adjustment form submitted on its card: what the card carried, and the form's answers. */
export interface AdjustmentForm {
  operator: string;
  projectId: number;
  adjustedYuan: number;
  reason: string;
  /** The questions the card asked (AdjustmentQuestion ids; others are ignored). */
  needs: readonly unknown[];
  form: Record<string, unknown>;
}

/** What the unit's card about an adjustment says: the questions the pack still needs answered, or the result. */
export type AdjustmentReply =
  | { ask: Parameters<typeof adjustmentQuestionCard>[0] }
  | { result: Parameters<typeof adjustmentResultCard>[0] };

/** The card the text command sends the unit. */
const adjustmentReplyCard = (reply: AdjustmentReply): object =>
  'ask' in reply ? adjustmentQuestionCard(reply.ask) : adjustmentResultCard(reply.result);

/** The form again (an answer missing or not usable), or the adjustment taken. */
export type AdjustmentSubmitted =
  | Refusal
  | { form: Parameters<typeof adjustmentQuestionCard>[0] }
  | { adjusted: AdjustmentReply };

/**
 * The adjustment form submitted (what the pack asked for: 调整内容涉及资金数额, 是否已开始采购):
 * classified again with the answers; the result card replaces the form.
 */
export async function submitAdjustmentForm(ctx: AppContext, input: AdjustmentForm): Promise<AdjustmentSubmitted> {
  const { operator, adjustedYuan, form } = input;
  const reason = input.reason.slice(0, REASON_MAX_CHARS * 2);
  const [row] = await ctx.db.select({ number: projects.number }).from(projects).where(eq(projects.id, input.projectId));
  if (!row) return refuse('没有找到这个项目。');
  const found = await adjustableProject(ctx, operator, row.number);
  if (typeof found === 'string') return refuse(found);
  const pack = packOf(ctx, found.policy);
  const asked = input.needs.filter((q): q is AdjustmentQuestion => q === 'content' || q === 'procurement');
  const answers = parseAdjustmentAnswers(form, asked);
  if (typeof answers === 'string')
    return { form: askCardInput(ctx, pack, found, adjustedYuan, reason, asked, answers) };
  const outcome = await recordAdjustment(ctx, { operator, project: found, adjustedYuan, reason, ...answers });
  if (typeof outcome === 'string') return refuse(outcome);
  ctx.notifyOutbox();
  return { adjusted: outcome };
}

/** 调整内容涉及资金数额（万元） and 采购前/已开始采购 from the form; a message when an asked one is missing or not usable. */
function parseAdjustmentAnswers(
  form: Record<string, unknown>,
  asked: readonly AdjustmentQuestion[],
): { contentYuan?: number; procurementStarted?: boolean } | string {
  const out: { contentYuan?: number; procurementStarted?: boolean } = {};
  const content = formValueString(undefined, form.content_wan).trim();
  if (content !== '') {
    const wan = parseWan(content.replace(/[,，]/g, ''));
    if (!wan.ok) return `调整内容涉及资金数额“${content}”${wan.error}，请以万元填写`;
    out.contentYuan = wan.yuan;
  }
  const procurement = formValueString(undefined, form.procurement);
  if (procurement === 'before') out.procurementStarted = false;
  else if (procurement === 'after') out.procurementStarted = true;
  if (asked.includes('content') && out.contentYuan === undefined) return '请填写调整内容涉及资金数额（万元）。';
  if (asked.includes('procurement') && out.procurementStarted === undefined) return '请选择调整时是否已开始采购。';
  return out;
}

type Project = typeof projects.$inferSelect;

/** The unit's approved project by number, or what to tell the person. */
async function adjustableProject(ctx: AppContext, operator: string, number: string): Promise<Project | string> {
  const [project] = await ctx.db.select().from(projects).where(eq(projects.number, number));
  const person = await lookupPerson(ctx.db, operator);
  if (!project || !actsForUnit(person, project.unitId)) return `没有找到本单位的项目 ${number}。`;
  if (!AFTER_APPROVAL.includes(project.status)) return `项目 ${project.number} 尚未立项，调整申报内容请修改申报表。`;
  if (!(project.investmentYuan > 0)) return `项目 ${project.number} 没有登记批复投资额，无法计算调整幅度。`;
  const pending = await pendingChange(ctx, project.id);
  if (pending) return pendingMessage(project.number, pending.adjustedYuan);
  return project;
}

function askCardInput(
  ctx: AppContext,
  pack: RulePack,
  project: Project,
  adjustedYuan: number,
  reason: string,
  needs: readonly AdjustmentQuestion[],
  error?: string,
) {
  const basis = classifyAdjustment(pack, {
    approvedYuan: project.investmentYuan,
    adjustedYuan,
    kind: project.kind,
    facts: project.facts,
  });
  return {
    pack,
    article: basis.article,
    quote: basis.quote,
    project: cardProject(project),
    approvedYuan: project.investmentYuan,
    adjustedYuan,
    needs,
    today: todayOf(ctx),
    ...(reason ? { reason } : {}),
    ...(error ? { error } : {}),
  };
}

/**
 * Classifies an adjustment and records it: filed (the reviewer office is told) or a change approval
 * started. When the pack needs what the unit has not said yet, nothing is recorded and the unit
 * gets the form that asks for it. `deliver` sends the unit its card inside the transaction.
 * Returns what the unit's card says, or a message for the person when the adjustment cannot be taken.
 */
async function recordAdjustment(
  ctx: AppContext,
  o: {
    operator: string;
    project: Project;
    adjustedYuan: number;
    reason: string;
    contentYuan?: number;
    procurementStarted?: boolean;
    messageId?: string;
    deliver?: (tx: Tx, reply: AdjustmentReply) => Promise<void>;
  },
): Promise<AdjustmentReply | string> {
  const { project, reason } = o;
  const pack = packOf(ctx, project.policy);
  // What the reported events establish (合同签订 → procurement has begun) outweighs an answer.
  const facts = factsOf(await loadLifecycleProject(ctx.db, pack, project), pack);
  const procurementStarted = facts.procurementStarted ?? o.procurementStarted;
  const result = classifyAdjustment(pack, {
    approvedYuan: project.investmentYuan,
    adjustedYuan: o.adjustedYuan,
    kind: project.kind,
    facts,
    ...(o.contentYuan !== undefined ? { contentYuan: o.contentYuan } : {}),
    ...(procurementStarted !== undefined ? { procurementStarted } : {}),
  });
  if (result.mode === 'ask') {
    const reply = { ask: askCardInput(ctx, pack, project, o.adjustedYuan, reason, result.needs) };
    const { deliver } = o;
    if (deliver) await ctx.db.transaction((tx) => deliver(tx, reply));
    return reply;
  }
  const mode = result.mode;
  const now = ctx.clock();
  const today = todayOf(ctx);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [req] = await tx
        .insert(changeRequests)
        .values({
          projectId: project.id,
          approvedYuan: project.investmentYuan,
          adjustedYuan: o.adjustedYuan,
          ratio: result.ratio.toFixed(6),
          mode,
          state: mode === 'file' ? 'filed' : 'pending_approval',
          checkId: result.checkId,
          article: result.article,
          reason: reason || null,
          requestedBy: o.operator,
          createdAt: now,
        })
        .returning({ id: changeRequests.id });
      await tx.insert(auditLog).values({
        projectId: project.id,
        actorOpenId: o.operator,
        action: mode === 'file' ? 'adjustment.filed' : 'adjustment.pending_approval',
        detail: {
          changeRequestId: req!.id,
          approvedYuan: project.investmentYuan,
          adjustedYuan: o.adjustedYuan,
          ratio: result.ratio,
          checkId: result.checkId,
          reason: reason || null,
          ...(o.contentYuan !== undefined ? { contentYuan: o.contentYuan } : {}),
          ...(o.procurementStarted !== undefined ? { procurementStarted: o.procurementStarted } : {}),
        },
        messageId: o.messageId ?? null,
        at: now,
      });
      const started: ChangeApprovalStart | null =
        mode === 'approval' ? await startChangeApproval(ctx, tx, req!.id, pack, now) : null;
      const reviewers = await officePeople(tx, project.regionId, 'reviewer');
      const office = reviewers.names[0] ?? pack.roleNames.reviewer ?? '主管部门';
      // Reviewers who act on the change route get its cards; the others are told (备案).
      const onRoute = new Set(
        started?.ok ? started.plan.steps.flatMap((s) => s.offices.flatMap((x) => x.members)) : [],
      );
      const told = reviewers.members.filter((openId) => !onRoute.has(openId));
      const resultFor = (next: string) => ({
        pack,
        project: cardProject(project),
        approvedYuan: project.investmentYuan,
        adjustedYuan: o.adjustedYuan,
        result,
        next,
        today,
        ...(reason ? { reason } : {}),
      });
      for (const openId of told) {
        await sendCardTo(
          tx,
          openId,
          adjustmentResultCard(
            resultFor(
              mode === 'file'
                ? '项目建设单位已报备本次调整。'
                : '项目建设单位申请调整，已按规定报送变更审批，现向你部门备案。',
            ),
          ),
        );
      }
      const reply = { result: resultFor(nextForUnit(mode, started, office, told.length > 0)) };
      if (o.deliver) await o.deliver(tx, reply);
      return reply;
    });
  } catch (e) {
    // Two requests at once: the unique index lets one wait for approval, the other is told.
    const again = await pendingChange(ctx, project.id);
    if (again) return pendingMessage(project.number, again.adjustedYuan);
    throw e;
  }
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
function nextForUnit(
  mode: 'file' | 'approval',
  started: ChangeApprovalStart | null,
  office: string,
  officeTold: boolean,
): string {
  if (mode === 'file') return `已登记为调整备案，并告知${office}。`;
  if (!started || !started.ok) {
    return `已登记为待变更审批，但变更审批流程无法自动启动：${started?.error ?? '未知原因'}。请联系管理员完善组织目录。`;
  }
  const next = applicantNext(started.plan, started.state);
  const filed = officeTold ? `，并同时向${office}备案` : '';
  if (next.kind === 'pending')
    return `已提交变更审批${filed}：第${next.position.index + 1}步/共${next.position.total}步“${next.stepName}”，待${next.offices.join('、')}办理。审批通过后调整生效，每一步的结果都会通知你。`;
  if (next.kind === 'approved') return `变更审批已完成，调整已生效${filed}。`;
  return `已提交变更审批${filed}。`;
}
