import { eq } from 'drizzle-orm';
import { approvalTasks, projects } from '../db/schema/index.js';
import { delegateCard } from '../cards/approval/index.js';
import { APPROVAL_ACTIONS, parseDecide, parseDelegate, parseFinance } from '../src/approval/forms.js';
import { parseSubject } from '../src/approval/subject.js';
import type { AppContext } from '../src/context.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';
import { decideTask, progressCard, taskOffice, transferTask } from '../src/services/approval.js';
import { sendCardTo } from '../src/services/reply.js';

/** Card actions of approval cards: parse, then the approval service decides who may do what. */

const show = (card: object, t: CardActionResponse['toast']): CardActionResponse => ({
  card: { type: 'raw', data: card },
  toast: t,
});

export async function onApprovalDecide(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const parsed = parseDecide(action.action.value, action.action.form_value);
  if (!parsed.ok) return toast('error', parsed.message);
  const outcome = await decideTask(ctx, {
    operator: action.operator.open_id,
    token: parsed.task,
    decision: parsed.decision,
    comment: parsed.comment,
    messageId: action.context?.open_message_id,
  });
  if (outcome.ok) return show(outcome.card, { type: 'success', content: outcome.toast });
  return outcome.card ? show(outcome.card, { type: 'info', content: outcome.toast }) : toast('error', outcome.toast);
}

export async function onApprovalFinance(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const parsed = parseFinance(action.action.value, action.action.form_value);
  if (!parsed.ok) return toast('error', parsed.message);
  const outcome = await decideTask(ctx, {
    operator: action.operator.open_id,
    token: parsed.task,
    decision: 'approve',
    comment: parsed.comment,
    funding: { amountWan: parsed.amountWan, fundChannel: parsed.fundChannel },
    messageId: action.context?.open_message_id,
  });
  if (outcome.ok) return show(outcome.card, { type: 'success', content: '已记录资金安排。' });
  return outcome.card ? show(outcome.card, { type: 'info', content: outcome.toast }) : toast('error', outcome.toast);
}

async function taskOf(ctx: AppContext, action: CardAction) {
  const token = typeof action.action.value.task === 'string' ? action.action.value.task : '';
  const [task] = token ? await ctx.db.select().from(approvalTasks).where(eq(approvalTasks.token, token)) : [];
  return task ?? null;
}

/** 查看详情: the project's full timeline, sent privately (the approval card stays as it is). */
export async function onApprovalDetails(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const task = await taskOf(ctx, action);
  if (!task || task.assignee !== action.operator.open_id) return toast('error', '审批卡片无效。');
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, task.projectId));
  await sendCardTo(ctx.db, action.operator.open_id, await progressCard(ctx, project!, parseSubject(task.subject)));
  ctx.notifyOutbox();
  return toast('info', '项目详情已发给你。');
}

/** 转交: the card becomes a choice of colleague and a note. */
export async function onApprovalDelegate(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const task = await taskOf(ctx, action);
  if (!task || task.status !== 'pending' || task.assignee !== action.operator.open_id)
    return toast('error', '该审批已处理或已失效。');
  const office = await taskOffice(ctx, task);
  const colleagues = (office?.members ?? []).filter((m) => m !== action.operator.open_id).map((openId) => ({ openId }));
  return { card: { type: 'raw', data: delegateCard({ task: task.token, colleagues }) } };
}

export async function onApprovalDelegateConfirm(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const parsed = parseDelegate(action.action.value, action.action.form_value);
  if (!parsed.ok) return toast('error', parsed.message);
  const result = await transferTask(ctx, {
    operator: action.operator.open_id,
    token: parsed.task,
    to: parsed.to,
    note: parsed.note,
  });
  return toast(result.ok ? 'success' : 'error', result.toast);
}

export const APPROVAL_CARD_ACTIONS = {
  [APPROVAL_ACTIONS.decide]: onApprovalDecide,
  [APPROVAL_ACTIONS.finance]: onApprovalFinance,
  [APPROVAL_ACTIONS.details]: onApprovalDetails,
  [APPROVAL_ACTIONS.delegate]: onApprovalDelegate,
  [APPROVAL_ACTIONS.delegateConfirm]: onApprovalDelegateConfirm,
};
