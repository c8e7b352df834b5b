/**
 * What follows a route's state change, in its transaction: cards for a started step, closed cards
 * for offices that no longer need to act, and at the route's end the project's status (a
 * declaration) or the change request's outcome (a change).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { approvalTasks, projects } from '../../../db/schema/index.js';
import { closedCard } from '../../../cards/approval/index.js';
import type { RouteEvent, RouteState } from '../../approval/machine.js';
import type { RoutePlan } from '../../approval/plan.js';
import type { ApprovalSubject } from '../../approval/subject.js';
import type { RulePack } from '../../rules/types.js';
import { onProjectApproved } from '../lifecycle.js';
import { audit } from './audit.js';
import { applyApprovedChange, closeChange } from './change.js';
import { markStepStarted, pendingTasksOfStep } from './routes.js';
import { subjectSummary, type Project } from './summary.js';
import { closeTasks, sendStepCards } from './task-cards.js';

/**
 * Carries out what the state machine says: cards for a started step, closed cards for offices
 * that no longer need to act, the project's status at the end of the route.
 */
export async function applyEvents(
  tx: Tx,
  project: Project,
  pack: RulePack,
  plan: RoutePlan,
  state: RouteState,
  events: RouteEvent[],
  at: Date,
  subject: ApprovalSubject,
) {
  for (const ev of events) {
    if (
      subject.kind === 'change' &&
      (ev.type === 'route_approved' || ev.type === 'route_rejected' || ev.type === 'route_returned')
    ) {
      // A change's outcome changes the change request (and, approved, the project), never the project's status.
      if (ev.type === 'route_approved')
        await applyApprovedChange(
          tx,
          pack,
          project,
          subject.changeRequestId,
          plan.steps.map((s) => s.produces),
          at,
        );
      else
        await closeChange(
          tx,
          project,
          subject.changeRequestId,
          ev.type === 'route_rejected' ? 'rejected' : 'returned',
          at,
        );
      continue;
    }
    switch (ev.type) {
      case 'step_started':
        await markStepStarted(tx, project.id, subject, at);
        await sendStepCards(tx, project, pack, plan, state, ev.stepIndex, at, subject);
        break;
      case 'step_completed':
        if (ev.closedOffices.length)
          await closeOfficesTasks(tx, { project, pack, plan, subject, round: state.round, ev });
        break;
      case 'route_approved': {
        const [updated] = await tx
          .update(projects)
          .set({ status: 'approved', approvedAt: at, updatedAt: at, version: sql`${projects.version} + 1` })
          .where(eq(projects.id, project.id))
          .returning();
        await audit(tx, {
          projectId: project.id,
          actor: 'system',
          action: 'approved',
          detail: { outputs: plan.steps.map((s) => s.produces) },
          at,
        });
        // The lifecycle starts in the same transaction: approved event, stage, deadlines.
        await onProjectApproved(tx, updated!, pack, at);
        break;
      }
      case 'route_rejected':
        await tx.update(projects).set({ status: 'rejected', updatedAt: at }).where(eq(projects.id, project.id));
        break;
      case 'route_returned': {
        await tx.update(projects).set({ status: 'returned', updatedAt: at }).where(eq(projects.id, project.id));
        break;
      }
      case 'office_decided':
        break;
    }
  }
}

/** The tasks of offices whose part of a step ended without them (another office decided it). */
async function closeOfficesTasks(
  tx: Tx,
  o: {
    project: Project;
    pack: RulePack;
    plan: RoutePlan;
    subject: ApprovalSubject;
    round: number;
    ev: { stepIndex: number; closedOffices: number[] };
  },
) {
  const open = await tx
    .select()
    .from(approvalTasks)
    .where(
      and(
        pendingTasksOfStep(o.project.id, o.subject, o.round, o.ev.stepIndex),
        inArray(approvalTasks.officeId, o.ev.closedOffices),
      ),
    );
  if (!open.length) return;
  const { summary } = await subjectSummary(tx, o.pack, o.project, o.subject);
  const step = { name: o.plan.steps[o.ev.stepIndex]!.name };
  await closeTasks(tx, open, closedCard({ project: summary, step, reason: '本环节已有结论，无需再办理' }));
}
