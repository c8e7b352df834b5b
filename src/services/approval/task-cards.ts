/**
 * Approval tasks and their cards: one task per person per office, each card in that person's own
 * chat, its token in the card's buttons. A started step's cards go to whoever may act on it now;
 * a task handed on (转交, an away period's deputy) gets its card the same way; a closed task's card
 * is patched to say why.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { approvalTasks, projects } from '../../../db/schema/index.js';
import { approvalCard, financeCard } from '../../../cards/approval/index.js';
import type { CardRecipient } from '../../approval/delegation.js';
import type { RouteState } from '../../approval/machine.js';
import { stepKind, type PlannedStep, type RoutePlan } from '../../approval/plan.js';
import { subjectKey, type ApprovalSubject } from '../../approval/subject.js';
import { escalationSchedule } from '../../approval/timing.js';
import type { AppContext } from '../../context.js';
import { enqueue } from '../../outbox/outbox.js';
import { packById } from '../../rules/packs/index.js';
import type { RulePack } from '../../rules/types.js';
import { sendCardTo } from '../reply.js';
import { stepRecipientsNow } from './authority.js';
import { projectDelegations } from './routes.js';
import { projectMaterials, subjectSummary, type Project } from './summary.js';

type Task = typeof approvalTasks.$inferSelect;
type NewTask = Omit<typeof approvalTasks.$inferInsert, 'token' | 'cardUuid'> & { assignee: string };

const newToken = () => crypto.randomUUID().replace(/-/g, '');

/** Sends a task's card (built around its new token) to the assignee and records the task. */
async function issueTask(tx: Tx, task: NewTask, card: (token: string) => object): Promise<void> {
  const token = newToken();
  const [uuid] = await sendCardTo(tx, task.assignee, card(token));
  await tx.insert(approvalTasks).values({ ...task, token, cardUuid: uuid ?? null });
}

/** What every approval card says of its step. */
const cardStep = (step: PlannedStep) => ({
  name: step.name,
  kind: stepKind(step),
  produces: step.produces,
  article: step.article,
  quote: step.quote,
  mode: step.mode,
});

/** Sends a step's cards to the people who may act on it now (the directory of today, not the plan's). */
export async function sendStepCards(
  tx: Tx,
  project: Project,
  pack: RulePack,
  plan: RoutePlan,
  state: RouteState,
  stepIndex: number,
  at: Date,
  subject: ApprovalSubject,
) {
  const delegations = await projectDelegations(tx, project.id, plan, subject);
  const recipients = await stepRecipientsNow(tx, {
    plan,
    stepIndex,
    delegations,
    now: at,
    round: state.round,
    unitId: project.unitId,
  });
  await sendCardsTo(tx, project, pack, plan, state.round, stepIndex, at, subject, recipients);
}

/** A step's cards for `recipients` of a pending route (tasks handed on after the directory changed). */
export async function sendTaskCards(
  ctx: AppContext,
  tx: Tx,
  o: {
    projectId: number;
    subject: ApprovalSubject;
    plan: RoutePlan;
    round: number;
    stepIndex: number;
    recipients: CardRecipient[];
    at: Date;
  },
) {
  const [project] = await tx.select().from(projects).where(eq(projects.id, o.projectId));
  if (!project) return;
  await sendCardsTo(
    tx,
    project,
    packById(project.policy, ctx.packs)!,
    o.plan,
    o.round,
    o.stepIndex,
    o.at,
    o.subject,
    o.recipients,
  );
}

/** One task per person per office, each card in that person's own chat. */
async function sendCardsTo(
  tx: Tx,
  project: Project,
  pack: RulePack,
  plan: RoutePlan,
  round: number,
  stepIndex: number,
  at: Date,
  subject: ApprovalSubject,
  recipients: CardRecipient[],
) {
  const step = plan.steps[stepIndex]!;
  const { summary } = await subjectSummary(tx, pack, project, subject);
  const schedule = escalationSchedule(at, { limitWorkingDays: step.limit.workingDays });
  const materials = await projectMaterials(tx, pack, project);
  const findings = (project.findings as { level: 'blocker' | 'warning'; message: string; article: number }[]) ?? [];
  for (const r of recipients) {
    const task = {
      projectId: project.id,
      subject: subjectKey(subject),
      round,
      stepIndex,
      officeId: r.officeId,
      assignee: r.openId,
      onBehalfOf: r.onBehalfOf ?? null,
      createdAt: at,
    };
    await issueTask(tx, task, (token) =>
      step.recordsFunding
        ? financeCard({
            project: summary,
            task: token,
            step: { name: step.name, article: step.article },
            suggestedAmountWan: summary.change?.adjustedWan ?? project.investmentYuan / 10_000,
          })
        : approvalCard({
            project: summary,
            step: {
              ...cardStep(step),
              offices: step.offices.map((o) => o.officeName),
              position: { index: stepIndex, total: plan.steps.length },
              dueOn: schedule.dueOn,
            },
            findings,
            materials,
            taskToken: token,
            ...(r.onBehalfOf ? { onBehalfOf: { openId: r.onBehalfOf } } : {}),
          }),
    );
  }
}

/**
 * A task handed on to someone acting for `task.onBehalfOf` (转交, or an away period's deputy): a new
 * task of the same office and step, its card saying for whom (and the 转交's note).
 */
export async function handOnTask(
  tx: Tx,
  o: {
    project: Project;
    pack: RulePack;
    subject: ApprovalSubject;
    step: PlannedStep;
    position?: { index: number; total: number };
    task: NewTask & { onBehalfOf: string };
  },
): Promise<void> {
  const { summary } = await subjectSummary(tx, o.pack, o.project, o.subject);
  const materials = await projectMaterials(tx, o.pack, o.project);
  const note = o.task.note ?? undefined;
  await issueTask(tx, o.task, (token) =>
    approvalCard({
      project: summary,
      step: { ...cardStep(o.step), ...(o.position ? { position: o.position } : {}) },
      findings: (o.project.findings as never[]) ?? [],
      materials,
      taskToken: token,
      onBehalfOf: { openId: o.task.onBehalfOf },
      ...(note ? { transferNote: note } : {}),
    }),
  );
}

/**
 * Closes `tasks`, their cards (those sent) now showing `card`; `closedAt` is set when someone's act
 * closed them (a decision, a departure), not when the step moved on without them.
 */
export async function closeTasks(tx: Tx, tasks: readonly Task[], card: object, closedAt?: Date): Promise<void> {
  if (tasks.length === 0) return;
  for (const t of tasks) if (t.cardUuid) await enqueue(tx, { kind: 'patch', messageId: `outbox:${t.cardUuid}`, card });
  await tx
    .update(approvalTasks)
    .set({ status: 'closed', ...(closedAt ? { closedAt } : {}) })
    .where(
      inArray(
        approvalTasks.id,
        tasks.map((t) => t.id),
      ),
    );
}
