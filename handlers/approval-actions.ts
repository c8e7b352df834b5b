/**
 * Card actions of approval cards: each parses the callback with zod, calls one function of the
 * approval service (which finds the task and decides who may do what), and answers with its result
 * as a toast or a card.
 */
import { z } from 'zod';
import { delegateCard } from '../cards/approval/index.js';
import { APPROVAL_ACTIONS, parseDecide, parseDelegate, parseFinance } from '../src/approval/forms.js';
import type { AppContext } from '../src/context.js';
import type { CardAction } from '../src/lark/envelope.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import {
  decideTask,
  sendTaskDetails,
  transferChoices,
  transferTask,
  type DecisionOutcome,
  type DecisionRequest,
} from '../src/services/approval/index.js';

/** The task a card's button is about (the service still checks who may act on it). */
const TaskValue = z.object({ task: z.string().min(1).max(512) });
const taskToken = (action: CardAction) => TaskValue.safeParse(action.action.value).data?.task ?? null;

const show = (card: object, t: CardActionResponse['toast']): CardActionResponse => ({
  card: { type: 'raw', data: card },
  toast: t,
});

/** Decides the tapped task as `operator`, and answers with the card as it now reads (or why not). */
async function decideAndShow(
  ctx: AppContext,
  action: CardAction,
  decision: Omit<DecisionRequest, 'operator' | 'messageId'>,
  done: string,
): Promise<CardActionResponse> {
  const outcome: DecisionOutcome = await decideTask(ctx, {
    operator: action.operator.open_id,
    messageId: action.context?.open_message_id,
    ...decision,
  });
  if (outcome.ok) return show(outcome.card, { type: 'success', content: done });
  return outcome.card
    ? show(outcome.card, { type: 'info', content: outcome.message })
    : toast('error', outcome.message);
}

export async function onApprovalDecide(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const parsed = parseDecide(action.action.value, action.action.form_value);
  if (!parsed.ok) return toast('error', parsed.message);
  const { task, decision, comment } = parsed;
  return decideAndShow(ctx, action, { token: task, decision, comment }, '已提交审批意见。');
}

export async function onApprovalFinance(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const parsed = parseFinance(action.action.value, action.action.form_value);
  if (!parsed.ok) return toast('error', parsed.message);
  const { task, comment, amountWan, fundChannel } = parsed;
  const funding = { amountWan, fundChannel };
  return decideAndShow(ctx, action, { token: task, decision: 'approve', comment, funding }, '已记录资金安排。');
}

/** 查看详情: the project's full timeline, sent privately (the approval card stays as it is). */
export async function onApprovalDetails(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const token = taskToken(action);
  const sent = token !== null && (await sendTaskDetails(ctx, { operator: action.operator.open_id, token }));
  return sent ? toast('info', '项目详情已发给你。') : toast('error', '审批卡片无效。');
}

/** 转交: the card becomes a choice of colleague and a note. */
export async function onApprovalDelegate(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const token = taskToken(action);
  const choices = token === null ? null : await transferChoices(ctx, { operator: action.operator.open_id, token });
  if (token === null || !choices?.ok) return toast('error', '该审批已处理或已失效。');
  const colleagues = choices.colleagues.map((openId) => ({ openId }));
  return { card: { type: 'raw', data: delegateCard({ task: token, colleagues }) } };
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
  return result.ok ? toast('success', '已转交。') : toast('error', result.message);
}

export const APPROVAL_CARD_ACTIONS = {
  [APPROVAL_ACTIONS.decide]: onApprovalDecide,
  [APPROVAL_ACTIONS.finance]: onApprovalFinance,
  [APPROVAL_ACTIONS.details]: onApprovalDetails,
  [APPROVAL_ACTIONS.delegate]: onApprovalDelegate,
  [APPROVAL_ACTIONS.delegateConfirm]: onApprovalDelegateConfirm,
};
