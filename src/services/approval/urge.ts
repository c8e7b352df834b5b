/**
 * Chasing a pending step: 催办 by the applicant's unit (at most once a working day), and the
 * scheduler's escalation of a step pending past its limit (加急 to the approvers, then a message
 * to the office's leaders), for declarations and change approvals alike.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { approvalTasks, auditLog, changeRequests, projects } from '../../../db/schema/index.js';
import { escalationMessage } from '../../../cards/approval/index.js';
import { changeSubject, declarationSubject, subjectKey } from '../../approval/subject.js';
import { canUrge, escalationsDue, pendingWorkingDays } from '../../approval/timing.js';
import type { AppContext } from '../../context.js';
import { enqueue } from '../../outbox/outbox.js';
import { packById } from '../../rules/packs/index.js';
import { sendCardTo } from '../reply.js';
import { audit, auditOfSubject } from './audit.js';
import { authoriseNow } from './authority.js';
import { visibleProject } from './progress.js';
import { loadRoute, pendingRoutes, pendingTasksOfStep, projectDelegations } from './routes.js';
import { subjectSummary, type Project } from './summary.js';

type Task = typeof approvalTasks.$inferSelect;

/** 催办's answer: sent (to which offices), or not now (nothing pending, or urged already today). */
export type UrgeOutcome = { kind: 'urged' | 'not_now'; message: string };

/**
 * 催办 of project `number` by `operator`: only someone who may see the project, and only its
 * declaring unit, urges.
 */
export async function urgeProject(
  ctx: AppContext,
  o: { operator: string; number: string },
): Promise<UrgeOutcome | { kind: 'not_visible' } | { kind: 'not_applicant'; message: string }> {
  const found = await visibleProject(ctx, o.operator, o.number);
  if (!found) return { kind: 'not_visible' };
  if (!found.person.units.some((u) => u.unitId === found.project.unitId))
    return { kind: 'not_applicant', message: '只有项目申报单位可以催办。' };
  return urge(ctx, { operator: o.operator, project: found.project });
}

/**
 * The pending step of the project's route waiting for a decision (its declaration, else a change
 * under approval): whom it waits for, since when.
 */
async function pendingStep(db: Db, projectId: number) {
  const changes = await db
    .select({ id: changeRequests.id })
    .from(changeRequests)
    .where(and(eq(changeRequests.projectId, projectId), eq(changeRequests.state, 'pending_approval')));
  for (const subject of [declarationSubject, ...changes.map((c) => changeSubject(c.id))]) {
    const route = await loadRoute(db, projectId, subject);
    if (!route || route.state.outcome !== 'pending' || route.state.current === null) continue;
    return { route, plan: route.plan, state: route.state, stepIndex: route.state.current, subject };
  }
  return null;
}

/** 催办: the applicant's unit urges the pending step, at most once a working day. */
async function urge(ctx: AppContext, o: { operator: string; project: Project }): Promise<UrgeOutcome> {
  const now = ctx.clock();
  const pending = await pendingStep(ctx.db, o.project.id);
  if (!pending) return { kind: 'not_now', message: `项目 ${o.project.number} 当前没有待审批的环节。` };
  const [last] = await ctx.db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.projectId, o.project.id),
        eq(auditLog.action, 'urge'),
        auditOfSubject(pending.subject),
        sql`(${auditLog.detail}->>'stepIndex')::int = ${pending.stepIndex}`,
        sql`(${auditLog.detail}->>'round')::int = ${pending.state.round}`,
      ),
    )
    .orderBy(desc(auditLog.at))
    .limit(1);
  const check = canUrge(last?.at ?? null, now);
  if (!check.ok) return { kind: 'not_now', message: check.message };
  const pack = packById(o.project.policy, ctx.packs)!;
  const step = pending.plan.steps[pending.stepIndex]!;
  const tasks = await ctx.db
    .select()
    .from(approvalTasks)
    .where(pendingTasksOfStep(o.project.id, pending.subject, pending.state.round, pending.stepIndex));
  // Someone who left the office hears nothing more of the project.
  const delegated = await projectDelegations(ctx.db, o.project.id, pending.plan, pending.subject);
  const current: Task[] = [];
  for (const t of tasks) {
    const auth = await authoriseNow(ctx.db, {
      plan: pending.plan,
      stepIndex: pending.stepIndex,
      officeId: t.officeId,
      operator: t.assignee,
      delegations: delegated,
      now,
      round: pending.state.round,
      unitId: o.project.unitId,
    });
    if (auth.ok) current.push(t);
  }
  await ctx.db.transaction(async (tx) => {
    const { summary } = await subjectSummary(tx, pack, o.project, pending.subject);
    for (const t of current) {
      const office = step.offices.find((x) => x.officeId === t.officeId);
      await sendCardTo(
        tx,
        t.assignee,
        escalationMessage({
          level: 'urge',
          project: summary,
          step: { name: step.name },
          officeName: office?.officeName ?? '',
          since: pending.route.stepStartedAt ?? now,
          pendingWorkingDays: pendingWorkingDays(pending.route.stepStartedAt ?? now, now),
          limitWorkingDays: step.limit.workingDays,
          urgedBy: { openId: o.operator },
          task: t.token,
        }),
      );
    }
    const subjectDetail = pending.subject.kind === 'change' ? { subject: subjectKey(pending.subject) } : {};
    await audit(tx, {
      projectId: o.project.id,
      actor: o.operator,
      action: 'urge',
      detail: { stepIndex: pending.stepIndex, round: pending.state.round, step: step.name, ...subjectDetail },
      at: now,
    });
  });
  ctx.notifyOutbox();
  return { kind: 'urged', message: `已向${step.offices.map((x) => x.officeName).join('、')}催办。` };
}

/**
 * Scheduler sweep: a step pending past its limit escalates — an urgent (加急) notification to the
 * approvers, then, a working day later, a message to the office's leaders; for declarations and
 * change approvals alike. Each escalation is queued with a dedupe key, so two schedulers or a
 * rerun never send it twice.
 */
export async function escalateOverdueApprovals(ctx: AppContext): Promise<number> {
  const now = ctx.clock();
  const routes = await pendingRoutes(ctx.db);
  let sent = 0;
  for (const route of routes) {
    const { state, plan, subject } = route;
    if (state.current === null || !route.stepStartedAt) continue;
    const step = plan.steps[state.current]!;
    // Declaration keys keep their original shape, so escalations recorded before subjects existed still count.
    const routeKey =
      subject.kind === 'declaration' ? `${route.projectId}` : `${route.projectId}:${subjectKey(subject)}`;
    const key = (kind: string) => `escalate:${routeKey}:${state.round}:${state.current}:${kind}`;
    const done = await ctx.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.projectId, route.projectId), inArray(auditLog.action, [key('urgent'), key('leader')])));
    const alreadyDone = done.map((d) => (d.action.endsWith('urgent') ? 'urgent' : 'leader')) as ('urgent' | 'leader')[];
    const due = escalationsDue(route.stepStartedAt, now, { limitWorkingDays: step.limit.workingDays, alreadyDone });
    if (!due) continue;
    const [project] = await ctx.db.select().from(projects).where(eq(projects.id, route.projectId));
    const pack = packById(project!.policy, ctx.packs)!;
    const tasks = await ctx.db
      .select()
      .from(approvalTasks)
      .where(pendingTasksOfStep(route.projectId, subject, state.round, state.current));
    await ctx.db.transaction(async (tx) => {
      const { summary } = await subjectSummary(tx, pack, project!, subject);
      const pendingOffices = state.steps[state.current!]!.offices.filter((o) => o.status === 'pending').map(
        (o) => o.officeId,
      );
      for (const officeId of pendingOffices) {
        const office = step.offices.find((x) => x.officeId === officeId)!;
        const officeTasks = tasks.filter((t) => t.officeId === officeId);
        const message = (level: 'urgent' | 'leader', task?: Task) =>
          escalationMessage({
            level,
            project: summary,
            step: { name: step.name },
            officeName: office.officeName,
            since: route.stepStartedAt!,
            pendingWorkingDays: pendingWorkingDays(route.stepStartedAt!, now),
            limitWorkingDays: step.limit.workingDays,
            approvers: officeTasks.map((t) => ({ openId: t.assignee })),
            ...(task ? { task: task.token } : {}),
          });
        if (due === 'urgent') {
          for (const t of officeTasks) {
            const [uuid] = await sendCardTo(tx, t.assignee, message('urgent', t), {
              dedupeKey: `${key('urgent')}:${t.assignee}:msg`,
            });
            // The 加急 buzz on that message; refused by Lark's quota, the message itself still stands.
            if (uuid)
              await enqueue(tx, {
                kind: 'urgent',
                messageId: `outbox:${uuid}`,
                openIds: [t.assignee],
                dedupeKey: `${key('urgent')}:${t.assignee}`,
              });
          }
        } else {
          for (const leader of office.leaders)
            await sendCardTo(tx, leader, message('leader'), { dedupeKey: `${key('leader')}:${leader}` });
        }
      }
      await audit(tx, {
        projectId: route.projectId,
        actor: 'system',
        action: key(due),
        detail: { step: step.name },
        at: now,
      });
    });
    sent++;
  }
  if (sent) ctx.notifyOutbox();
  return sent;
}
