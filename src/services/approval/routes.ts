/**
 * The route store: a project's declaration route (`approval_routes`) or a change request's
 * (`change_approval_routes`) read and written as one `StoredRoute`, the tasks of a route's step,
 * a task found by its card's token (and whether someone may act on it now), and the delegations
 * (转交, away periods) that bear on a route. Everything after loading is the same whatever the
 * route approves.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../../db/client.js';
import {
  approvalRoutes,
  approvalTasks,
  changeApprovalRoutes,
  delegations,
  projects,
} from '../../../db/schema/index.js';
import type { Authorisation, Delegation } from '../../approval/delegation.js';
import type { RouteState } from '../../approval/machine.js';
import type { RoutePlan } from '../../approval/plan.js';
import {
  changeSubject,
  declarationSubject,
  parseSubject,
  subjectKey,
  type ApprovalSubject,
} from '../../approval/subject.js';
import { authoriseNow } from './authority.js';

/** A stored route, whatever it approves. */
export interface StoredRoute {
  projectId: number;
  subject: ApprovalSubject;
  plan: RoutePlan;
  state: RouteState;
  version: number;
  stepStartedAt: Date | null;
}

export async function loadRoute(q: DbOrTx, projectId: number, subject: ApprovalSubject): Promise<StoredRoute | null> {
  if (subject.kind === 'declaration') {
    const [r] = await (q as Db).select().from(approvalRoutes).where(eq(approvalRoutes.projectId, projectId));
    return r ? storedRoute(projectId, subject, r) : null;
  }
  const [r] = await (q as Db)
    .select()
    .from(changeApprovalRoutes)
    .where(
      and(
        eq(changeApprovalRoutes.changeRequestId, subject.changeRequestId),
        eq(changeApprovalRoutes.projectId, projectId),
      ),
    );
  return r ? storedRoute(projectId, subject, r) : null;
}

/** A route row (of either table: they share these columns) as the machine reads it. */
function storedRoute(
  projectId: number,
  subject: ApprovalSubject,
  r: { plan: unknown; state: unknown; version: number; stepStartedAt: Date | null },
): StoredRoute {
  return {
    projectId,
    subject,
    plan: r.plan as RoutePlan,
    state: r.state as RouteState,
    version: r.version,
    stepStartedAt: r.stepStartedAt,
  };
}

/** Writes a new state if nobody else did since `route` was read (conditional on its version). */
export async function saveRouteState(tx: Tx, route: StoredRoute, state: RouteState, at: Date): Promise<boolean> {
  const set = { state, version: route.version + 1, updatedAt: at };
  if (route.subject.kind === 'declaration') {
    const rows = await tx
      .update(approvalRoutes)
      .set(set)
      .where(and(eq(approvalRoutes.projectId, route.projectId), eq(approvalRoutes.version, route.version)))
      .returning({ projectId: approvalRoutes.projectId });
    return rows.length > 0;
  }
  const rows = await tx
    .update(changeApprovalRoutes)
    .set(set)
    .where(
      and(
        eq(changeApprovalRoutes.changeRequestId, route.subject.changeRequestId),
        eq(changeApprovalRoutes.version, route.version),
      ),
    )
    .returning({ id: changeApprovalRoutes.changeRequestId });
  return rows.length > 0;
}

export async function markStepStarted(tx: Tx, projectId: number, subject: ApprovalSubject, at: Date): Promise<void> {
  if (subject.kind === 'declaration')
    await tx.update(approvalRoutes).set({ stepStartedAt: at }).where(eq(approvalRoutes.projectId, projectId));
  else
    await tx
      .update(changeApprovalRoutes)
      .set({ stepStartedAt: at })
      .where(eq(changeApprovalRoutes.changeRequestId, subject.changeRequestId));
}

/** Every route still waiting for a decision, declarations first. */
export async function pendingRoutes(q: Db): Promise<StoredRoute[]> {
  const pending = (state: unknown) => sql`${state}->>'outcome' = 'pending'`;
  const decl = await q.select().from(approvalRoutes).where(pending(approvalRoutes.state));
  const changes = await q.select().from(changeApprovalRoutes).where(pending(changeApprovalRoutes.state));
  return [
    ...decl.map((r) => storedRoute(r.projectId, declarationSubject, r)),
    ...changes.map((r) => storedRoute(r.projectId, changeSubject(r.changeRequestId), r)),
  ];
}

/** The tasks of one route (its subject) of a project. */
export const ofRoute = (projectId: number, subject: ApprovalSubject) =>
  and(eq(approvalTasks.projectId, projectId), eq(approvalTasks.subject, subjectKey(subject)));

/** The tasks of a route's step in one round still waiting for someone. */
export const pendingTasksOfStep = (projectId: number, subject: ApprovalSubject, round: number, stepIndex: number) =>
  and(
    ofRoute(projectId, subject),
    eq(approvalTasks.round, round),
    eq(approvalTasks.stepIndex, stepIndex),
    eq(approvalTasks.status, 'pending'),
  );

/** The 转交 of this route (its project and subject) and the away periods of its people. */
export async function projectDelegations(
  tx: DbOrTx,
  projectId: number,
  plan: RoutePlan,
  subject: ApprovalSubject = declarationSubject,
): Promise<Delegation[]> {
  const members = [...new Set(plan.steps.flatMap((s) => s.offices.flatMap((o) => o.members)))];
  const rows = await (tx as Db)
    .select()
    .from(delegations)
    .where(
      or(
        and(eq(delegations.projectId, projectId), eq(delegations.subject, subjectKey(subject))),
        and(eq(delegations.kind, 'away'), members.length ? inArray(delegations.principal, members) : sql`false`),
      ),
    );
  return rows.map((d) =>
    d.kind === 'transfer'
      ? {
          kind: 'transfer',
          stepIndex: d.stepIndex!,
          officeId: d.officeId!,
          from: d.principal,
          to: d.deputy,
          note: d.note ?? undefined,
          at: d.createdAt,
          round: d.round ?? undefined,
        }
      : {
          kind: 'away',
          principal: d.principal,
          deputy: d.deputy,
          from: d.from,
          until: d.until ?? new Date(8.64e15),
          note: d.note ?? undefined,
        },
  );
}

/** A task with the route and project it belongs to. */
export interface TaskWithRoute {
  task: typeof approvalTasks.$inferSelect;
  subject: ApprovalSubject;
  route: StoredRoute;
  project: typeof projects.$inferSelect;
}

/** The task of a card's token with its route and project, or which of them is gone. */
export async function taskWithRoute(db: Db, token: string): Promise<TaskWithRoute | 'no_task' | 'no_project'> {
  const [task] = await db.select().from(approvalTasks).where(eq(approvalTasks.token, token));
  if (!task) return 'no_task';
  const subject = parseSubject(task.subject);
  const route = await loadRoute(db, task.projectId, subject);
  const [project] = await db.select().from(projects).where(eq(projects.id, task.projectId));
  return route && project ? { task, subject, route, project } : 'no_project';
}

/** Whether `operator` may act on the task now (as its office's member, transferee or deputy). */
export async function authoriseOnTask(
  db: Db,
  { task, subject, route, project }: TaskWithRoute,
  operator: string,
  now: Date,
): Promise<Authorisation> {
  return authoriseNow(db, {
    plan: route.plan,
    stepIndex: task.stepIndex,
    officeId: task.officeId,
    operator,
    delegations: await projectDelegations(db, project.id, route.plan, subject),
    now,
    round: task.round,
    unitId: project.unitId,
  });
}
