/**
 * Tasks held by officials who may no longer act on them (they left the office, or joined the
 * declaring unit) are handed to the office's people of today. Run by the scheduler.
 */
import { eq } from 'drizzle-orm';
import { approvalTasks, projects } from '../../../db/schema/index.js';
import { closedCard } from '../../../cards/approval/index.js';
import type { CardRecipient } from '../../approval/delegation.js';
import type { AppContext } from '../../context.js';
import { packById } from '../../rules/packs/index.js';
import { authoriseNow, officesNow } from './authority.js';
import { pendingRoutes, pendingTasksOfStep, projectDelegations } from './routes.js';
import { stepCardSummary } from './summary.js';
import { closeTasks, sendTaskCards } from './task-cards.js';

/**
 * Scheduler sweep: a pending task held by someone who may no longer act on it (they left the
 * office, or joined the declaring unit) is closed, and the office's people of today (members and
 * leaders) who hold no card for it get one. Returns how many tasks were handed on.
 */
export async function reassignDepartedTasks(ctx: AppContext): Promise<number> {
  const now = ctx.clock();
  let handedOn = 0;
  for (const route of await pendingRoutes(ctx.db)) {
    const stepIndex = route.state.current;
    if (stepIndex === null) continue;
    const tasks = await ctx.db
      .select()
      .from(approvalTasks)
      .where(pendingTasksOfStep(route.projectId, route.subject, route.state.round, stepIndex));
    if (tasks.length === 0) continue;
    const [project] = await ctx.db
      .select({ unitId: projects.unitId, policy: projects.policy })
      .from(projects)
      .where(eq(projects.id, route.projectId));
    if (!project || !packById(project.policy, ctx.packs)) continue;
    const delegations = await projectDelegations(ctx.db, route.projectId, route.plan, route.subject);
    const query = (officeId: number, operator: string) => ({
      plan: route.plan,
      stepIndex,
      officeId,
      operator,
      delegations,
      now,
      round: route.state.round,
      unitId: project.unitId,
    });
    const departed: typeof tasks = [];
    for (const t of tasks) if (!(await authoriseNow(ctx.db, query(t.officeId, t.assignee))).ok) departed.push(t);
    if (departed.length === 0) continue;
    const offices = [...new Set(departed.map((t) => t.officeId))];
    const people = await officesNow(ctx.db, offices);
    const recipients: CardRecipient[] = [];
    for (const officeId of offices) {
      const holding = new Set(
        tasks.filter((t) => t.officeId === officeId && !departed.includes(t)).map((t) => t.assignee),
      );
      const office = people.get(officeId)!;
      for (const openId of new Set([...office.members, ...office.leaders])) {
        if (holding.has(openId) || !(await authoriseNow(ctx.db, query(officeId, openId))).ok) continue;
        recipients.push({ openId, officeId });
      }
    }
    const step = route.plan.steps[stepIndex]!;
    await ctx.db.transaction(async (tx) => {
      const summary = await stepCardSummary(tx, ctx, route.projectId, route.subject);
      const reason = '您已不在该审批部门，此项审批已交由部门现有人员办理';
      await closeTasks(tx, departed, closedCard({ project: summary, step: { name: step.name }, reason }), now);
      if (recipients.length)
        await sendTaskCards(ctx, tx, {
          projectId: route.projectId,
          subject: route.subject,
          plan: route.plan,
          round: route.state.round,
          stepIndex,
          recipients,
          at: now,
        });
    });
    handedOn += departed.length;
  }
  if (handedOn) ctx.notifyOutbox();
  return handedOn;
}
