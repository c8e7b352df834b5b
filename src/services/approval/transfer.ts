/**
 * Handing a task on: 转交 to a colleague of the office (with a note), and an away period in which a
 * deputy receives and may act on the principal's cards. Either way the new holder's card says on
 * whose behalf they act, and so does the audit trail.
 */
import { and, eq } from 'drizzle-orm';
import { approvalTasks, delegations, projects } from '../../../db/schema/index.js';
import type { Delegation } from '../../approval/delegation.js';
import { parseSubject } from '../../approval/subject.js';
import type { AppContext } from '../../context.js';
import { packById } from '../../rules/packs/index.js';
import { audit } from './audit.js';
import { authoriseNow, checkDeputy, checkTransferTarget, officesNow, type TargetCheck } from './authority.js';
import { authoriseOnTask, loadRoute, taskWithRoute } from './routes.js';
import { handOnTask } from './task-cards.js';

type Task = typeof approvalTasks.$inferSelect;

/** A pending task held by `operator`, found by the token of its card; null when it is not theirs or is done. */
async function heldTask(ctx: AppContext, operator: string, token: string): Promise<Task | null> {
  const [task] = await ctx.db.select().from(approvalTasks).where(eq(approvalTasks.token, token));
  return task && task.status === 'pending' && task.assignee === operator ? task : null;
}

/** 转交 choices: the members of the task's office as the directory has them now, but the operator. */
export async function transferChoices(
  ctx: AppContext,
  o: { operator: string; token: string },
): Promise<{ ok: true; colleagues: string[] } | { ok: false }> {
  const task = await heldTask(ctx, o.operator, o.token);
  if (!task) return { ok: false };
  const route = await loadRoute(ctx.db, task.projectId, parseSubject(task.subject));
  const office = route?.plan.steps[task.stepIndex]?.offices.find((x) => x.officeId === task.officeId);
  const members = office ? (await officesNow(ctx.db, [office.officeId])).get(office.officeId)!.members : [];
  return { ok: true, colleagues: members.filter((m) => m !== o.operator) };
}

/** 转交: the task goes to a colleague (with a note); the audit says on whose behalf they act. */
export async function transferTask(
  ctx: AppContext,
  o: { operator: string; token: string; to: string; note?: string },
): Promise<TargetCheck> {
  const now = ctx.clock();
  const gone = { ok: false as const, message: '该审批已处理或已失效。' };
  const found = await taskWithRoute(ctx.db, o.token);
  if (typeof found === 'string' || found.task.status !== 'pending') return gone;
  const { task, subject, route, project } = found;
  const { plan, state } = route;
  const auth = await authoriseOnTask(ctx.db, found, o.operator, now);
  if (!auth.ok) return { ok: false, message: auth.message };
  if (o.to === o.operator) return { ok: false, message: '不能转交给自己。' };
  if (!/^ou_[0-9A-Za-z]+$/.test(o.to)) return { ok: false, message: '请选择转交对象。' };
  // Only a colleague of the office today, never someone of the declaring unit (the applicant approving his own project).
  const officeName =
    plan.steps[task.stepIndex]?.offices.find((x) => x.officeId === task.officeId)?.officeName ?? '本部门';
  const target = await checkTransferTarget(ctx.db, {
    officeId: task.officeId,
    officeName,
    to: o.to,
    unitId: project.unitId,
  });
  if (!target.ok) return target;
  const pack = packById(project.policy, ctx.packs)!;
  await ctx.db.transaction(async (tx) => {
    await tx.insert(delegations).values({
      kind: 'transfer',
      principal: o.operator,
      deputy: o.to,
      projectId: task.projectId,
      subject: task.subject,
      round: task.round,
      stepIndex: task.stepIndex,
      officeId: task.officeId,
      from: now,
      note: o.note ?? null,
      createdAt: now,
    });
    const step = plan.steps[task.stepIndex]!;
    await handOnTask(tx, {
      project,
      pack,
      subject,
      step,
      position: { index: task.stepIndex, total: plan.steps.length },
      task: {
        projectId: task.projectId,
        subject: task.subject,
        round: state.round,
        stepIndex: task.stepIndex,
        officeId: task.officeId,
        assignee: o.to,
        onBehalfOf: auth.onBehalfOf ?? o.operator,
        note: o.note ?? null,
        createdAt: now,
      },
    });
    await audit(tx, {
      projectId: task.projectId,
      actor: o.operator,
      onBehalfOf: auth.onBehalfOf,
      action: 'transfer',
      detail: { to: o.to, note: o.note ?? null, step: step.name },
      at: now,
    });
  });
  ctx.notifyOutbox();
  return { ok: true };
}

/** An away period: from..until, the deputy receives (and may act on) the principal's cards. */
export async function setAway(
  ctx: AppContext,
  o: { principal: string; deputy: string; from: Date; until: Date; note?: string },
): Promise<TargetCheck> {
  const colleague = await checkDeputy(ctx.db, o);
  if (!colleague.ok) return colleague;
  const away: Delegation = { kind: 'away', principal: o.principal, deputy: o.deputy, from: o.from, until: o.until };
  await ctx.db.insert(delegations).values({
    kind: 'away',
    principal: o.principal,
    deputy: o.deputy,
    from: o.from,
    until: o.until,
    note: o.note ?? null,
    createdAt: ctx.clock(),
  });
  // Cards already waiting for the principal go to the deputy as well.
  const pending = await ctx.db
    .select()
    .from(approvalTasks)
    .where(and(eq(approvalTasks.assignee, o.principal), eq(approvalTasks.status, 'pending')));
  for (const t of pending) {
    const subject = parseSubject(t.subject);
    const [project] = await ctx.db.select().from(projects).where(eq(projects.id, t.projectId));
    const route = await loadRoute(ctx.db, t.projectId, subject);
    if (!project || !route) continue;
    const pack = packById(project.policy, ctx.packs)!;
    const plan = route.plan;
    const step = plan.steps[t.stepIndex]!;
    // Only where the deputy may act now: a colleague in that office, not of the declaring unit.
    const deputyAuth = await authoriseNow(ctx.db, {
      plan,
      stepIndex: t.stepIndex,
      officeId: t.officeId,
      operator: o.deputy,
      delegations: [away],
      now: o.from > ctx.clock() ? o.from : ctx.clock(),
      round: t.round,
      unitId: project.unitId,
    });
    if (!deputyAuth.ok) continue;
    await ctx.db.transaction((tx) =>
      handOnTask(tx, {
        project,
        pack,
        subject,
        step,
        task: {
          projectId: t.projectId,
          subject: t.subject,
          round: t.round,
          stepIndex: t.stepIndex,
          officeId: t.officeId,
          assignee: o.deputy,
          onBehalfOf: o.principal,
          createdAt: ctx.clock(),
        },
      }),
    );
  }
  ctx.notifyOutbox();
  return { ok: true };
}
