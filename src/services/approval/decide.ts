/**
 * An official's decision on a task (同意, 退回修改, 不同意, or the 财政 step's funding): authorised
 * against the directory of today, written as a conditional update on the route's version, carried
 * out (next step, closed cards, the project's or change's outcome), and told to the applicant.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { approvalTasks, drafts, projects, units } from '../../../db/schema/index.js';
import { applicantUpdateCard, decidedCard, handledByOtherCard } from '../../../cards/approval/index.js';
import { decide, type Decision } from '../../approval/machine.js';
import { stepKind } from '../../approval/plan.js';
import { applicantNext } from '../../approval/progress.js';
import type { AppContext } from '../../context.js';
import { formatWan } from '../../money.js';
import { enqueue } from '../../outbox/outbox.js';
import { packById } from '../../rules/packs/index.js';
import { sendCardTo } from '../reply.js';
import { audit } from './audit.js';
import { applyEvents } from './events.js';
import { sendOpinion } from '../opinions.js';
import { authoriseOnTask, pendingTasksOfStep, saveRouteState, taskWithRoute } from './routes.js';
import { subjectSummary, type Project } from './summary.js';
import { closeTasks } from './task-cards.js';

export interface DecisionRequest {
  operator: string;
  token: string;
  decision: Decision;
  comment?: string;
  /** 财政 step: the amount arranged and its channel. */
  funding?: { amountWan: number; fundChannel: string };
  messageId?: string;
}

/** Decided (the operator's card as it now reads), or refused with why (and the card to show instead, if any). */
export type DecisionOutcome = { ok: true; card: object } | { ok: false; message: string; card?: object };

/**
 * An official's tap. The operator is checked against the task's office (or a delegation), never
 * against ids in the card; the decision is a conditional update on the route's version, so of
 * twenty simultaneous taps exactly one decides and the others are told who did.
 */
export async function decideTask(ctx: AppContext, req: DecisionRequest): Promise<DecisionOutcome> {
  const now = ctx.clock();
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await taskWithRoute(ctx.db, req.token);
    if (found === 'no_task') return { ok: false, message: '审批卡片无效。' };
    if (found === 'no_project') return { ok: false, message: '项目不存在。' };
    const { task, subject, route, project } = found;
    const pack = packById(project.policy, ctx.packs)!;
    const { plan, state } = route;
    const auth = await authoriseOnTask(ctx.db, found, req.operator, now);
    if (!auth.ok) return { ok: false, message: auth.message };
    const kind = plan.steps[task.stepIndex] ? stepKind(plan.steps[task.stepIndex]!) : 'decide';
    if (kind === 'notify' && req.decision !== 'approve')
      return { ok: false, message: '本环节为告知环节，只需确认已反馈建设单位。' };
    if (kind === 'record_funding' && req.decision === 'approve' && !req.funding)
      return { ok: false, message: '请填写安排金额和资金渠道后点“确认安排资金”。' };
    const result = decide(state, {
      stepIndex: task.stepIndex,
      officeId: task.officeId,
      actor: req.operator,
      onBehalfOf: auth.onBehalfOf,
      decision: req.decision,
      comment: req.funding
        ? `安排资金 ${formatWan(Math.round(req.funding.amountWan * 10_000))} 万元（${req.funding.fundChannel}）${req.comment ? `；${req.comment}` : ''}`
        : req.comment,
      at: now,
      round: task.round,
    });
    const { summary, applicant } = await subjectSummary(ctx.db, pack, project, subject);
    const step = plan.steps[task.stepIndex]!;
    if (!result.ok) {
      if (result.reason === 'office_already_decided') {
        const office = state.steps[task.stepIndex]?.offices.find((o) => o.officeId === task.officeId);
        const by = office?.decidedBy ? { openId: office.decidedBy } : { openId: req.operator };
        const decision: Decision =
          office?.status === 'approved' ? 'approve' : office?.status === 'returned' ? 'return' : 'reject';
        return {
          ok: false,
          message: '该审批已由他人处理。',
          card: handledByOtherCard({ project: summary, step: { name: step.name }, by, decision, at: office?.at }),
        };
      }
      return { ok: false, message: result.message };
    }
    let auditId: number | null = null;
    const committed = await ctx.db.transaction(async (tx) => {
      if (!(await saveRouteState(tx, route, result.state, now))) return false;
      await tx.update(approvalTasks).set({ status: 'done', closedAt: now }).where(eq(approvalTasks.id, task.id));
      // The office's other members see who handled it.
      const others = await tx
        .select()
        .from(approvalTasks)
        .where(
          and(
            pendingTasksOfStep(project.id, subject, task.round, task.stepIndex),
            eq(approvalTasks.officeId, task.officeId),
          ),
        );
      const handled = handledByOtherCard({
        project: summary,
        step: { name: step.name },
        by: { openId: req.operator },
        decision: req.decision,
        at: now,
        ...(auth.onBehalfOf ? { onBehalfOf: { openId: auth.onBehalfOf } } : {}),
        officeName: step.offices.find((x) => x.officeId === task.officeId)?.officeName,
      });
      await closeTasks(tx, others, handled, now);
      auditId = await audit(tx, {
        projectId: project.id,
        actor: req.operator,
        onBehalfOf: auth.onBehalfOf,
        action: `decision:${req.decision}`,
        detail: {
          step: step.name,
          stepIndex: task.stepIndex,
          round: task.round,
          officeId: task.officeId,
          comment: req.comment ?? null,
          ...(req.funding ? { funding: req.funding } : {}),
          ...(subject.kind === 'change' ? { subject: task.subject, changeRequestId: subject.changeRequestId } : {}),
        },
        messageId: req.messageId,
        at: now,
      });
      await applyEvents(tx, project, pack, plan, result.state, result.events, now, subject);
      const [fresh] = await tx.select().from(projects).where(eq(projects.id, project.id));
      let editAction: Record<string, unknown> | undefined;
      if (result.state.outcome === 'returned' && subject.kind === 'declaration')
        editAction = { action: 'draft.resume', draftId: await returnedDraft(tx, fresh!, now) };
      const officeName = step.offices.find((x) => x.officeId === task.officeId)?.officeName ?? '';
      // What the applicant reads is the project as it is now (a change approved has been applied).
      const after = (await subjectSummary(tx, pack, fresh!, subject)).summary;
      await tellApplicant(
        tx,
        fresh!,
        applicant,
        applicantUpdateCard({
          project: after,
          decided: {
            stepName: step.name,
            officeName,
            decision: req.decision,
            by: { openId: req.operator },
            ...(auth.onBehalfOf ? { onBehalfOf: { openId: auth.onBehalfOf } } : {}),
            at: now,
            comment: req.comment,
            ...(req.funding ? { funding: req.funding } : {}),
          },
          next: applicantNext(plan, result.state),
          ...(editAction ? { editAction } : {}),
        }),
      );
      return true;
    });
    if (!committed) continue; // someone else decided in between: look again
    ctx.notifyOutbox();
    // The written opinion of a deciding step goes to the unit after the answer (uploading takes time).
    if (auditId !== null && kind === 'decide' && subject.kind === 'declaration') {
      const id = auditId;
      ctx.runAfterResponse(
        sendOpinion(ctx, project, id, applicant).then(
          (problem) => problem && ctx.log(`opinion ${project.number}/${id}: ${problem}`),
        ),
      );
    }
    return {
      ok: true,
      card: decidedCard({
        project: summary,
        step: { name: step.name },
        decision: req.decision,
        by: { openId: req.operator },
        at: now,
        comment: req.comment,
        ...(auth.onBehalfOf ? { onBehalfOf: { openId: auth.onBehalfOf } } : {}),
        ...(req.funding ? { funding: req.funding } : {}),
      }),
    };
  }
  return { ok: false, message: '审批正忙，请稍后再试。' };
}

/** 退回修改: the project comes back to its applicant as an editable draft with what was submitted. */
async function returnedDraft(tx: Tx, project: Project, at: Date): Promise<number> {
  const [open] = await tx
    .select({ id: drafts.id })
    .from(drafts)
    .where(and(eq(drafts.projectId, project.id), eq(drafts.status, 'open')));
  if (open) return open.id;
  const [draft] = await tx
    .insert(drafts)
    .values({
      ownerOpenId: project.createdBy,
      regionId: project.regionId,
      unitId: project.unitId,
      kind: project.kind,
      step: 0,
      values: project.fields,
      projectId: project.id,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: drafts.id });
  return draft!.id;
}

/** The applicant (the declarant, or who asked for the change) and the unit's group hear about every decision. */
async function tellApplicant(tx: Tx, project: Project, applicant: string, card: object) {
  await sendCardTo(tx, applicant, card);
  const [unit] = await tx.select({ chatId: units.chatId }).from(units).where(eq(units.id, project.unitId));
  if (unit?.chatId)
    await enqueue(tx, {
      kind: 'send',
      to: { type: 'chat_id', id: unit.chatId },
      msgType: 'interactive',
      content: card,
    });
}
