/**
 * 查看进度 and 催办 on the applicant's cards: the project's progress card, sent privately, and the
 * unit's 催办 of the pending step. Both check that the person may see the project; only the unit urges.
 */
import { z } from 'zod';
import { APPROVAL_ACTIONS } from '../src/approval/forms.js';
import type { AppContext } from '../src/context.js';
import type { CardAction } from '../src/lark/envelope.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import { lookupPerson } from '../src/org/store.js';
import { progressCard, urge } from '../src/services/approval.js';
import { findProject, maySee } from '../src/services/projects.js';
import { sendCardTo } from '../src/services/reply.js';

const ProjectValue = z.object({ project: z.string().min(1).max(40) });

async function visible(ctx: AppContext, action: CardAction) {
  const v = ProjectValue.safeParse(action.action.value);
  if (!v.success) return null;
  const person = await lookupPerson(ctx.db, action.operator.open_id);
  const project = await findProject(ctx, v.data.project);
  return project && maySee(person, project) ? { person, project } : null;
}

export async function onApprovalTimeline(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const found = await visible(ctx, action);
  if (!found) return toast('error', '没有找到你可以查看的项目。');
  await sendCardTo(
    ctx.db,
    action.operator.open_id,
    await progressCard(ctx, found.project, undefined, action.operator.open_id),
  );
  ctx.notifyOutbox();
  return toast('info', '审批进度已发给你。');
}

export async function onApprovalUrge(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const found = await visible(ctx, action);
  if (!found) return toast('error', '没有找到你可以查看的项目。');
  if (!found.person.units.some((u) => u.unitId === found.project.unitId))
    return toast('error', '只有项目申报单位可以催办。');
  const said = await urge(ctx, { operator: action.operator.open_id, project: found.project });
  return toast(said.startsWith('已') ? 'success' : 'info', said);
}

export const APPROVAL_PROGRESS_ACTIONS = {
  [APPROVAL_ACTIONS.timeline]: onApprovalTimeline,
  [APPROVAL_ACTIONS.urge]: onApprovalUrge,
};
