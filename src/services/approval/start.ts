/**
 * Starting a route: a submitted declaration's (or, after 退回修改, its resumption), and a change
 * request's that the pack says needs approval. The route is planned from the region's pack and
 * staffed from the directory; its first step's cards go out in the submission's transaction.
 */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../../db/client.js';
import { approvalRoutes, changeApprovalRoutes, projects } from '../../../db/schema/index.js';
import { resumeAfterResubmit, startRoute, type RouteState } from '../../approval/machine.js';
import { isPlanError, planChangeRoute, planRoute, type OfficesByRole, type RoutePlan } from '../../approval/plan.js';
import { changeSubject, declarationSubject } from '../../approval/subject.js';
import type { AppContext } from '../../context.js';
import { officesWithRole } from '../../org/store.js';
import type { Role, RulePack } from '../../rules/types.js';
import { sendTextTo } from '../reply.js';
import { changeRequestById } from './change.js';
import { applyEvents } from './events.js';

const ROLES: readonly Role[] = ['reviewer', 'joint_reviewer', 'approver', 'finance', 'audit', 'leading_group'];

async function officesByRole(tx: DbOrTx, regionId: string): Promise<OfficesByRole> {
  const out: OfficesByRole = {};
  for (const role of ROLES) out[role] = await officesWithRole(tx as Db, regionId, role);
  return out;
}

/**
 * Starts (or, after 退回修改, resumes) the region's route for a submitted project, in the
 * submission's transaction. A route that cannot be staffed from the directory leaves the project
 * submitted and tells the applicant and the admins why.
 */
export async function startApproval(
  ctx: AppContext,
  tx: Tx,
  projectId: number,
  pack: RulePack,
  at: Date,
): Promise<void> {
  const [project] = await tx.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw new Error(`no project ${projectId}`);
  const [existing] = await tx.select().from(approvalRoutes).where(eq(approvalRoutes.projectId, project.id));
  if (existing && (existing.state as RouteState).outcome === 'returned') {
    const plan = existing.plan as RoutePlan;
    const resumed = resumeAfterResubmit(existing.state as RouteState, plan.route.resubmitFrom, plan);
    if (!resumed.ok) throw new Error(resumed.message);
    await tx
      .update(approvalRoutes)
      .set({ state: resumed.state, version: existing.version + 1, updatedAt: at })
      .where(eq(approvalRoutes.projectId, project.id));
    await tx.update(projects).set({ status: 'in_review' }).where(eq(projects.id, project.id));
    await applyEvents(tx, project, pack, plan, resumed.state, resumed.events, at, declarationSubject);
    return;
  }
  const plan = planRoute(pack, project.kind, project.facts, await officesByRole(tx, project.regionId));
  if (isPlanError(plan)) {
    ctx.log(`approval: cannot start the route of ${project.number}: ${plan.error}`);
    await sendTextTo(
      tx,
      { type: 'open_id', id: project.createdBy },
      `项目 ${project.number} 已提交，但审批流程无法自动启动：${plan.error}。请联系管理员完善组织目录。`,
    );
    return;
  }
  const { state, events } = startRoute(plan);
  await tx
    .insert(approvalRoutes)
    .values({ projectId: project.id, plan, state, version: 0, stepStartedAt: at, updatedAt: at });
  await tx.update(projects).set({ status: 'in_review' }).where(eq(projects.id, project.id));
  await applyEvents(tx, project, pack, plan, state, events, at, declarationSubject);
}

export type ChangeApprovalStart = { ok: true; plan: RoutePlan; state: RouteState } | { ok: false; error: string };

/**
 * Routes a change request the pack says needs approval (调整/变更) like a declaration, in the
 * request's transaction: the pack's change route staffed from the directory, the first step's
 * cards sent. A route that cannot be staffed leaves the request pending and says why.
 */
export async function startChangeApproval(
  ctx: AppContext,
  tx: Tx,
  changeRequestId: number,
  pack: RulePack,
  at: Date,
): Promise<ChangeApprovalStart> {
  const req = await changeRequestById(tx, changeRequestId);
  if (!req) throw new Error(`no change request ${changeRequestId}`);
  const [project] = await tx.select().from(projects).where(eq(projects.id, req.projectId));
  if (!project) throw new Error(`no project ${req.projectId}`);
  const plan = planChangeRoute(pack, project.kind, project.facts, await officesByRole(tx, project.regionId));
  if (isPlanError(plan)) {
    ctx.log(`approval: cannot start the change route of ${project.number} (change ${changeRequestId}): ${plan.error}`);
    return { ok: false, error: plan.error };
  }
  const subject = changeSubject(changeRequestId);
  const { state, events } = startRoute(plan);
  await tx
    .insert(changeApprovalRoutes)
    .values({ changeRequestId, projectId: project.id, plan, state, version: 0, stepStartedAt: at, updatedAt: at });
  await applyEvents(tx, project, pack, plan, state, events, at, subject);
  return { ok: true, plan, state };
}
