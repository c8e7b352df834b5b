/**
 * Buttons of a reminder card (已完成 / 上传材料 / 申请延期) and the reviewer's extension decision:
 * each service says what came of the press, and the answer to Lark is worded here.
 */
import { z } from 'zod';
import { projectLine } from '../cards/lifecycle-common.js';
import { extensionDecisionCard, extensionFormCard, outcomeCard } from '../cards/lifecycle-forms.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { chineseDate } from '../src/calendar.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import { isRefusal } from '../src/services/project-access.js';
import {
  decideExtension,
  requestExtension,
  type ExtensionDecided,
  type ExtensionRequested,
} from '../src/services/reminders/extensions.js';
import {
  markDeadlineDone,
  uploadForDeadline,
  type DeadlineDone,
  type DeadlineUpload,
} from '../src/services/reminders/deadline-actions.js';
import { cardAction, rawCard, refusalToast } from './card-input.js';

const DeadlineRef = z.object({ deadlineId: z.coerce.number().int().positive() });

function doneAnswer(r: DeadlineDone): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  const { project, obligation, on } = r.done;
  return {
    toast: { type: 'success', content: '已标记完成，不再提醒。' },
    card: rawCard(
      outcomeCard(`已完成：${obligation}`.slice(0, 100), 'green', [
        projectLine(project),
        `已于${chineseDate(on)}标记完成。`,
      ]),
    ),
  };
}

function uploadAnswer(r: DeadlineUpload): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  const { projectNumber, missing } = r.upload;
  const what = missing.length > 0 ? `（尚缺：${missing.join('、')}）` : '';
  return toast('info', `请把材料以文件发给我${what}，我会请你选择它属于 ${projectNumber} 的哪项材料。`.slice(0, 200));
}

function extensionAnswer(r: ExtensionRequested): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  if ('form' in r) return { card: rawCard(extensionFormCard(r.form)) };
  const { obligation, until } = r.requested;
  return {
    toast: { type: 'success', content: '延期申请已提交主管部门确认。' },
    card: rawCard(
      outcomeCard('延期申请已提交', 'blue', [
        `${escapeMarkdown(obligation)}：申请延期至${chineseDate(until)}，待主管部门确认。`,
      ]),
    ),
  };
}

function decisionAnswer(r: ExtensionDecided): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  return {
    toast: { type: 'success', content: r.decided.decided?.granted ? '已同意延期。' : '已不同意延期。' },
    card: rawCard(extensionDecisionCard(r.decided)),
  };
}

export const onDeadlineDone = cardAction(DeadlineRef, async (ctx, input) =>
  doneAnswer(await markDeadlineDone(ctx, input)),
);

export const onDeadlineUpload = cardAction(DeadlineRef, async (ctx, input) =>
  uploadAnswer(await uploadForDeadline(ctx, input)),
);

/** The first press opens the form (mode open); the form's own button submits it (mode submit). */
export const onDeadlineExtend = cardAction(
  DeadlineRef.extend({ mode: z.string().optional() }).transform((v) => ({ ...v, submit: v.mode === 'submit' })),
  async (ctx, input) => extensionAnswer(await requestExtension(ctx, input)),
);

export const onExtensionDecide = cardAction(
  z.object({ requestId: z.coerce.number().int().positive(), decision: z.enum(['grant', 'refuse']) }),
  async (ctx, input) => decisionAnswer(await decideExtension(ctx, input)),
);

export const DEADLINE_CARD_ACTIONS = {
  'deadline.done': onDeadlineDone,
  'deadline.upload': onDeadlineUpload,
  'deadline.extend': onDeadlineExtend,
  'extension.decide': onExtensionDecide,
} as const;
