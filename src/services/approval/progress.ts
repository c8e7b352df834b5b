/**
 * What the applicant and the officials see of a route's progress: the timeline card (its steps and
 * the audit trail), sent privately to whoever may see the project or holds one of its tasks.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { approvalTasks, auditLog, projects } from '../../../db/schema/index.js';
import { timelineCard } from '../../../cards/approval/index.js';
import { timelineSteps } from '../../approval/progress.js';
import { declarationSubject, parseSubject, type ApprovalSubject } from '../../approval/subject.js';
import type { AppContext } from '../../context.js';
import { lookupPerson, type Person } from '../../org/store.js';
import { packById } from '../../rules/packs/index.js';
import { findProject, maySee } from '../projects.js';
import { sendCardTo } from '../reply.js';
import { loadRoute } from './routes.js';
import { subjectSummary, type Project } from './summary.js';

/** Project `number` with the person asking, when that person may see it; else null. */
export async function visibleProject(
  ctx: AppContext,
  openId: string,
  number: string,
): Promise<{ person: Person; project: Project } | null> {
  const person = await lookupPerson(ctx.db, openId);
  const project = await findProject(ctx, number);
  return project && maySee(person, project) ? { person, project } : null;
}

/** 查看进度: the timeline of project `number` sent privately to `viewer`; false when they may not see it. */
export async function sendProgress(ctx: AppContext, o: { viewer: string; number: string }): Promise<boolean> {
  const found = await visibleProject(ctx, o.viewer, o.number);
  if (!found) return false;
  await sendCardTo(ctx.db, o.viewer, await progressCard(ctx, found.project, undefined, o.viewer));
  ctx.notifyOutbox();
  return true;
}

/**
 * 查看详情 on an approval card: the timeline of the task's route sent privately to the task's
 * holder; false when the card is not theirs.
 */
export async function sendTaskDetails(ctx: AppContext, o: { operator: string; token: string }): Promise<boolean> {
  const [task] = await ctx.db.select().from(approvalTasks).where(eq(approvalTasks.token, o.token));
  if (!task || task.assignee !== o.operator) return false;
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, task.projectId));
  await sendCardTo(ctx.db, o.operator, await progressCard(ctx, project!, parseSubject(task.subject)));
  ctx.notifyOutbox();
  return true;
}

/** `进度 <编号>`: the project's timeline card (of its declaration, or of the route of `subject`). */
export async function progressCard(
  ctx: AppContext,
  project: Project,
  subject: ApprovalSubject = declarationSubject,
  viewer?: string,
): Promise<object> {
  const pack = packById(project.policy, ctx.packs)!;
  const { summary } = await subjectSummary(ctx.db, pack, project, subject);
  const route = await loadRoute(ctx.db, project.id, subject);
  const entries = await ctx.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.projectId, project.id))
    .orderBy(auditLog.at, auditLog.id)
    .limit(100);
  const plan = route?.plan;
  const state = route?.state;
  return timelineCard({
    project: summary,
    outcome: state?.outcome ?? 'pending',
    steps: plan && state ? timelineSteps(plan, state) : [],
    entries: entries.map((e) => ({
      at: e.at,
      actor: e.actorOpenId === 'system' ? null : { openId: e.actorOpenId },
      action: auditLabel(e.action),
      detail: auditEntryDetail(e.detail),
    })),
    // Only the unit chases the offices: an official is never offered to urge (possibly himself).
    canUrge:
      state?.outcome === 'pending' && viewer !== undefined && (await isUnitMember(ctx.db, viewer, project.unitId)),
  });
}

/** What a trail entry says after its action: the funding arranged, the comment, or the step. */
function auditEntryDetail(detail: Record<string, unknown>): string | undefined {
  const funding = detail.funding as { amountWan?: number; fundChannel?: string } | undefined;
  const arranged =
    funding && typeof funding.amountWan === 'number'
      ? `安排资金 ${+funding.amountWan.toFixed(4)} 万元（${funding.fundChannel ?? ''}）`
      : '';
  const comment = typeof detail.comment === 'string' ? detail.comment : '';
  const text = [arranged, comment].filter(Boolean).join('；');
  return text || (typeof detail.step === 'string' ? detail.step : undefined);
}

async function isUnitMember(db: Db, openId: string, unitId: number): Promise<boolean> {
  const person = await lookupPerson(db, openId);
  return person.units.some((u) => u.unitId === unitId);
}

function auditLabel(action: string): string {
  if (action.startsWith('escalate:')) return action.endsWith('urgent') ? '超时加急' : '超时督办';
  return (
    (
      {
        submit: '提交申报',
        resubmit: '修改后重新提交',
        'decision:approve': '同意',
        'decision:return': '退回修改',
        'decision:reject': '不同意',
        transfer: '转交',
        urge: '催办',
        approved: '批复/立项',
        'adjustment.filed': '调整备案',
        'adjustment.pending_approval': '申请项目变更',
        'adjustment.approved': '变更已批准并生效',
        'adjustment.rejected': '变更未获批准',
        'adjustment.returned': '变更退回修改',
      } as Record<string, string>
    )[action] ?? action
  );
}
