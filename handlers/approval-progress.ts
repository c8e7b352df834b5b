/**
 * 查看进度 and 催办 on the applicant's cards: each parses the callback with zod and calls one
 * function of the approval service, which checks that the person may see the project (and, to
 * urge, belongs to its declaring unit); the answer is a toast.
 */
import { z } from 'zod';
import { APPROVAL_ACTIONS } from '../src/approval/forms.js';
import type { AppContext } from '../src/context.js';
import type { CardAction } from '../src/lark/envelope.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import { sendProgress, urgeProject } from '../src/services/approval/index.js';

const ProjectValue = z.object({ project: z.string().min(1).max(40) });
const projectNumber = (action: CardAction) => ProjectValue.safeParse(action.action.value).data?.project ?? null;

const NOT_FOUND = '没有找到你可以查看的项目。';

export async function onApprovalTimeline(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const number = projectNumber(action);
  const sent = number !== null && (await sendProgress(ctx, { viewer: action.operator.open_id, number }));
  return sent ? toast('info', '审批进度已发给你。') : toast('error', NOT_FOUND);
}

export async function onApprovalUrge(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const number = projectNumber(action);
  if (number === null) return toast('error', NOT_FOUND);
  const urged = await urgeProject(ctx, { operator: action.operator.open_id, number });
  if (urged.kind === 'not_visible') return toast('error', NOT_FOUND);
  const type = { urged: 'success', not_now: 'info', not_applicant: 'error' } as const;
  return toast(type[urged.kind], urged.message);
}

export const APPROVAL_PROGRESS_ACTIONS = {
  [APPROVAL_ACTIONS.timeline]: onApprovalTimeline,
  [APPROVAL_ACTIONS.urge]: onApprovalUrge,
};
