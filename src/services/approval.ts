import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import {
  approvalRoutes,
  approvalTasks,
  auditLog,
  changeApprovalRoutes,
  changeRequests,
  delegations,
  drafts,
  projects,
  units,
} from '../../db/schema/index.js';
import {
  applicantUpdateCard,
  approvalCard,
  closedCard,
  decidedCard,
  escalationMessage,
  financeCard,
  handledByOtherCard,
  timelineCard,
  type ProjectSummary,
} from '../../cards/approval/index.js';
import {
  decide,
  resumeAfterResubmit,
  startRoute,
  type Decision,
  type RouteEvent,
  type RouteState,
} from '../approval/machine.js';
import type { CardRecipient, Delegation } from '../approval/delegation.js';
import {
  authoriseNow,
  checkDeputy,
  checkTransferTarget,
  officesNow,
  stepRecipientsNow,
  type TargetCheck,
} from './approval-authority.js';
import {
  isPlanError,
  planChangeRoute,
  planRoute,
  stepKind,
  type OfficesByRole,
  type RoutePlan,
} from '../approval/plan.js';
import {
  changeSubject,
  declarationSubject,
  parseSubject,
  subjectKey,
  type ApprovalSubject,
} from '../approval/subject.js';
import { applicantNext, timelineSteps } from '../approval/progress.js';
import { canUrge, escalationSchedule, escalationsDue, pendingWorkingDays } from '../approval/timing.js';
import { declarationForm, projectMaterialStatus, reviewSummary } from '../declaration/index.js';
import type { AppContext } from '../context.js';
import { formatWan } from '../money.js';
import { enqueue } from '../outbox/outbox.js';
import { lookupPerson, officesWithRole } from '../org/store.js';
import { packById } from '../rules/packs/index.js';
import type { Role, RulePack } from '../rules/types.js';
import { sendCardTo, sendTextTo } from './reply.js';
import { onProjectApproved } from './lifecycle.js';
import { applyApprovedChange, changeRequestById, changeSummary, closeChange } from './change-approval.js';
import { sendOpinion } from './opinions.js';

type Project = typeof projects.$inferSelect;
type Task = typeof approvalTasks.$inferSelect;
type Route = typeof approvalRoutes.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Routes by subject

/**
 * A stored route, whatever it approves: a project's declaration route (`approval_routes`) or a
 * change request's (`change_approval_routes`). Everything after loading is the same.
 */
interface StoredRoute {
  projectId: number;
  subject: ApprovalSubject;
  plan: RoutePlan;
  state: RouteState;
  version: number;
  stepStartedAt: Date | null;
}

async function loadRoute(q: DbOrTx, projectId: number, subject: ApprovalSubject): Promise<StoredRoute | null> {
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
async function saveRouteState(tx: Tx, route: StoredRoute, state: RouteState, at: Date): Promise<boolean> {
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

async function markStepStarted(tx: Tx, projectId: number, subject: ApprovalSubject, at: Date): Promise<void> {
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
    ...decl.map((r) => ({
      projectId: r.projectId,
      subject: declarationSubject,
      plan: r.plan as RoutePlan,
      state: r.state as RouteState,
      version: r.version,
      stepStartedAt: r.stepStartedAt,
    })),
    ...changes.map((r) => ({
      projectId: r.projectId,
      subject: changeSubject(r.changeRequestId),
      plan: r.plan as RoutePlan,
      state: r.state as RouteState,
      version: r.version,
      stepStartedAt: r.stepStartedAt,
    })),
  ];
}

/** The tasks of one route (its subject) of a project. */
const ofRoute = (projectId: number, subject: ApprovalSubject) =>
  and(eq(approvalTasks.projectId, projectId), eq(approvalTasks.subject, subjectKey(subject)));

/** What the cards show, and who applied: the project (declaration) or the change request and its requester. */
async function subjectSummary(
  tx: DbOrTx,
  pack: RulePack,
  project: Project,
  subject: ApprovalSubject,
): Promise<{ summary: ProjectSummary; applicant: string }> {
  const base = await projectSummary(tx, pack, project);
  if (subject.kind === 'declaration') return { summary: base, applicant: project.createdBy };
  const req = await changeRequestById(tx as Db, subject.changeRequestId);
  if (!req) throw new Error(`no change request ${subject.changeRequestId}`);
  return { summary: { ...base, change: changeSummary(pack, req) }, applicant: req.requestedBy };
}

const ROLES: readonly Role[] = ['reviewer', 'joint_reviewer', 'approver', 'finance', 'audit', 'leading_group'];

async function officesByRole(tx: DbOrTx, regionId: string): Promise<OfficesByRole> {
  const out: OfficesByRole = {};
  for (const role of ROLES) out[role] = await officesWithRole(tx as Db, regionId, role);
  return out;
}

async function projectSummary(tx: DbOrTx, pack: RulePack, p: Project): Promise<ProjectSummary> {
  const [unit] = await (tx as Db).select({ name: units.name }).from(units).where(eq(units.id, p.unitId));
  const form = declarationForm(pack, p.kind);
  return {
    number: p.number,
    name: p.name,
    unitName: unit?.name ?? '',
    regionName: pack.region.name,
    kindLabel: form.kindLabel,
    investmentWan: p.investmentYuan / 10_000,
    review: reviewSummary(form, p.fields as Record<string, string>),
  };
}

const newToken = () => crypto.randomUUID().replace(/-/g, '');

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

/** Sends a step's cards to the people who may act on it now (the directory of today, not the plan's). */
async function sendStepCards(
  _ctx: AppContext,
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

/** What a step's cards show of a project (or of its change request). */
export async function stepCardSummary(
  tx: DbOrTx,
  ctx: AppContext,
  projectId: number,
  subject: ApprovalSubject,
): Promise<ProjectSummary> {
  const [project] = await (tx as Db).select().from(projects).where(eq(projects.id, projectId));
  return (await subjectSummary(tx, packById(project!.policy, ctx.packs)!, project!, subject)).summary;
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
    const token = newToken();
    const card = step.recordsFunding
      ? financeCard({
          project: summary,
          task: token,
          step: { name: step.name, article: step.article },
          suggestedAmountWan: summary.change?.adjustedWan ?? project.investmentYuan / 10_000,
        })
      : approvalCard({
          project: summary,
          step: {
            name: step.name,
            kind: stepKind(step),
            produces: step.produces,
            article: step.article,
            quote: step.quote,
            mode: step.mode,
            offices: step.offices.map((o) => o.officeName),
            position: { index: stepIndex, total: plan.steps.length },
            dueOn: schedule.dueOn,
          },
          findings,
          materials,
          taskToken: token,
          ...(r.onBehalfOf ? { onBehalfOf: { openId: r.onBehalfOf } } : {}),
        });
    const [uuid] = await sendCardTo(tx, r.openId, card);
    await tx.insert(approvalTasks).values({
      token,
      projectId: project.id,
      subject: subjectKey(subject),
      round,
      stepIndex,
      officeId: r.officeId,
      assignee: r.openId,
      onBehalfOf: r.onBehalfOf ?? null,
      cardUuid: uuid ?? null,
      createdAt: at,
    });
  }
}

/** The required materials as the unit saw them on submitting (its 申报表 counts as attached). */
async function projectMaterials(tx: DbOrTx, pack: RulePack, project: Project) {
  const { attachments } = await import('../../db/schema/index.js');
  const rows = await (tx as Db)
    .select({ materialId: attachments.materialId })
    .from(attachments)
    .where(eq(attachments.projectId, project.id));
  const ids = rows.map((r) => r.materialId).filter((m): m is string => Boolean(m));
  return projectMaterialStatus(pack, project.kind, project.facts, ids).map((m) => ({
    name: m.material.name,
    attached: m.attached,
    generated: m.generated,
  }));
}

async function audit(
  tx: DbOrTx,
  row: {
    projectId: number;
    actor: string;
    onBehalfOf?: string | null;
    action: string;
    detail?: Record<string, unknown>;
    messageId?: string | null;
    at: Date;
  },
): Promise<number> {
  const [inserted] = await (tx as Db)
    .insert(auditLog)
    .values({
      projectId: row.projectId,
      actorOpenId: row.actor,
      onBehalfOf: row.onBehalfOf ?? null,
      action: row.action,
      detail: row.detail ?? {},
      messageId: row.messageId ?? null,
      at: row.at,
    })
    .returning({ id: auditLog.id });
  return inserted!.id;
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

/**
 * Carries out what the state machine says: cards for a started step, closed cards for offices
 * that no longer need to act, the project's status at the end of the route.
 */
async function applyEvents(
  ctx: AppContext,
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
        await sendStepCards(ctx, tx, project, pack, plan, state, ev.stepIndex, at, subject);
        break;
      case 'step_completed':
        if (ev.closedOffices.length)
          await closeTasks(
            tx,
            project,
            pack,
            plan,
            state.round,
            ev.stepIndex,
            ev.closedOffices,
            '本环节已有结论，无需再办理',
            subject,
          );
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

async function closeTasks(
  tx: Tx,
  project: Project,
  pack: RulePack,
  plan: RoutePlan,
  round: number,
  stepIndex: number,
  officeIds: number[],
  reason: string,
  subject: ApprovalSubject,
) {
  const open = await tx
    .select()
    .from(approvalTasks)
    .where(
      and(
        ofRoute(project.id, subject),
        eq(approvalTasks.round, round),
        eq(approvalTasks.stepIndex, stepIndex),
        inArray(approvalTasks.officeId, officeIds),
        eq(approvalTasks.status, 'pending'),
      ),
    );
  if (!open.length) return;
  const { summary } = await subjectSummary(tx, pack, project, subject);
  for (const t of open)
    if (t.cardUuid)
      await enqueue(tx, {
        kind: 'patch',
        messageId: `outbox:${t.cardUuid}`,
        card: closedCard({ project: summary, step: { name: plan.steps[stepIndex]!.name }, reason }),
      });
  await tx
    .update(approvalTasks)
    .set({ status: 'closed' })
    .where(
      inArray(
        approvalTasks.id,
        open.map((t) => t.id),
      ),
    );
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
    await applyEvents(ctx, tx, project, pack, plan, resumed.state, resumed.events, at, declarationSubject);
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
  await applyEvents(ctx, tx, project, pack, plan, state, events, at, declarationSubject);
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
  await applyEvents(ctx, tx, project, pack, plan, state, events, at, subject);
  return { ok: true, plan, state };
}

export interface DecisionRequest {
  operator: string;
  token: string;
  decision: Decision;
  comment?: string;
  /** 财政 step: the amount arranged and its channel. */
  funding?: { amountWan: number; fundChannel: string };
  messageId?: string;
}

export type DecisionOutcome = { ok: true; card: object; toast: string } | { ok: false; toast: string; card?: object };

/**
 * An official's tap. The operator is checked against the task's office (or a delegation), never
 * against ids in the card; the decision is a conditional update on the route's version, so of
 * twenty simultaneous taps exactly one decides and the others are told who did.
 */
export async function decideTask(ctx: AppContext, req: DecisionRequest): Promise<DecisionOutcome> {
  const now = ctx.clock();
  for (let attempt = 0; attempt < 3; attempt++) {
    const [task] = await ctx.db.select().from(approvalTasks).where(eq(approvalTasks.token, req.token));
    if (!task) return { ok: false, toast: '审批卡片无效。' };
    const subject = parseSubject(task.subject);
    const route = await loadRoute(ctx.db, task.projectId, subject);
    const [project] = await ctx.db.select().from(projects).where(eq(projects.id, task.projectId));
    if (!route || !project) return { ok: false, toast: '项目不存在。' };
    const pack = packById(project.policy, ctx.packs)!;
    const { plan, state } = route;
    const all = await projectDelegations(ctx.db, project.id, plan, subject);
    const auth = await authoriseNow(ctx.db, {
      plan,
      stepIndex: task.stepIndex,
      officeId: task.officeId,
      operator: req.operator,
      delegations: all,
      now,
      round: task.round,
      unitId: project.unitId,
    });
    if (!auth.ok) return { ok: false, toast: auth.message };
    const kind = plan.steps[task.stepIndex] ? stepKind(plan.steps[task.stepIndex]!) : 'decide';
    if (kind === 'notify' && req.decision !== 'approve')
      return { ok: false, toast: '本环节为告知环节，只需确认已反馈建设单位。' };
    if (kind === 'record_funding' && req.decision === 'approve' && !req.funding)
      return { ok: false, toast: '请填写安排金额和资金渠道后点“确认安排资金”。' };
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
          toast: '该审批已由他人处理。',
          card: handledByOtherCard({ project: summary, step: { name: step.name }, by, decision, at: office?.at }),
        };
      }
      return { ok: false, toast: result.message };
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
            ofRoute(project.id, subject),
            eq(approvalTasks.round, task.round),
            eq(approvalTasks.stepIndex, task.stepIndex),
            eq(approvalTasks.officeId, task.officeId),
            eq(approvalTasks.status, 'pending'),
          ),
        );
      for (const o of others) {
        if (o.cardUuid)
          await enqueue(tx, {
            kind: 'patch',
            messageId: `outbox:${o.cardUuid}`,
            card: handledByOtherCard({
              project: summary,
              step: { name: step.name },
              by: { openId: req.operator },
              decision: req.decision,
              at: now,
              ...(auth.onBehalfOf ? { onBehalfOf: { openId: auth.onBehalfOf } } : {}),
              officeName: step.offices.find((x) => x.officeId === task.officeId)?.officeName,
            }),
          });
      }
      if (others.length)
        await tx
          .update(approvalTasks)
          .set({ status: 'closed', closedAt: now })
          .where(
            inArray(
              approvalTasks.id,
              others.map((o) => o.id),
            ),
          );
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
      await applyEvents(ctx, tx, project, pack, plan, result.state, result.events, now, subject);
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
      toast: '已提交审批意见。',
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
  return { ok: false, toast: '审批正忙，请稍后再试。' };
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

/** The office a task was sent for, with its members and leaders as the directory has them now (the 转交 choices). */
export async function taskOffice(ctx: AppContext, task: Task) {
  const route = await loadRoute(ctx.db, task.projectId, parseSubject(task.subject));
  const office = route?.plan.steps[task.stepIndex]?.offices.find((o) => o.officeId === task.officeId);
  if (!office) return null;
  const now = (await officesNow(ctx.db, [office.officeId])).get(office.officeId)!;
  return { ...office, members: now.members, leaders: now.leaders };
}

/** 转交: the task goes to a colleague (with a note); the audit says on whose behalf they act. */
export async function transferTask(
  ctx: AppContext,
  o: { operator: string; token: string; to: string; note?: string },
): Promise<{ ok: boolean; toast: string }> {
  const now = ctx.clock();
  const [task] = await ctx.db.select().from(approvalTasks).where(eq(approvalTasks.token, o.token));
  if (!task || task.status !== 'pending') return { ok: false, toast: '该审批已处理或已失效。' };
  const subject = parseSubject(task.subject);
  const route = await loadRoute(ctx.db, task.projectId, subject);
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, task.projectId));
  if (!route || !project) return { ok: false, toast: '该审批已处理或已失效。' };
  const { plan, state } = route;
  const delegated = await projectDelegations(ctx.db, task.projectId, plan, subject);
  const auth = await authoriseNow(ctx.db, {
    plan,
    stepIndex: task.stepIndex,
    officeId: task.officeId,
    operator: o.operator,
    delegations: delegated,
    now,
    round: task.round,
    unitId: project.unitId,
  });
  if (!auth.ok) return { ok: false, toast: auth.message };
  if (o.to === o.operator) return { ok: false, toast: '不能转交给自己。' };
  if (!/^ou_[0-9A-Za-z]+$/.test(o.to)) return { ok: false, toast: '请选择转交对象。' };
  // Only a colleague of the office today, never someone of the declaring unit (the applicant approving his own project).
  const officeName =
    plan.steps[task.stepIndex]?.offices.find((x) => x.officeId === task.officeId)?.officeName ?? '本部门';
  const target = await checkTransferTarget(ctx.db, {
    officeId: task.officeId,
    officeName,
    to: o.to,
    unitId: project.unitId,
  });
  if (!target.ok) return { ok: false, toast: target.message };
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
    const token = newToken();
    const { summary } = await subjectSummary(tx, pack, project, subject);
    const card = approvalCard({
      project: summary,
      step: {
        name: step.name,
        kind: stepKind(step),
        produces: step.produces,
        article: step.article,
        quote: step.quote,
        mode: step.mode,
        position: { index: task.stepIndex, total: plan.steps.length },
      },
      findings: (project.findings as never[]) ?? [],
      materials: await projectMaterials(tx, pack, project),
      taskToken: token,
      onBehalfOf: { openId: auth.onBehalfOf ?? o.operator },
      ...(o.note ? { transferNote: o.note } : {}),
    });
    const [uuid] = await sendCardTo(tx, o.to, card);
    await tx.insert(approvalTasks).values({
      token,
      projectId: task.projectId,
      subject: task.subject,
      round: state.round,
      stepIndex: task.stepIndex,
      officeId: task.officeId,
      assignee: o.to,
      onBehalfOf: auth.onBehalfOf ?? o.operator,
      note: o.note ?? null,
      cardUuid: uuid ?? null,
      createdAt: now,
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
  return { ok: true, toast: '已转交。' };
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
    await ctx.db.transaction(async (tx) => {
      const token = newToken();
      const card = approvalCard({
        project: (await subjectSummary(tx, pack, project, subject)).summary,
        step: {
          name: step.name,
          kind: stepKind(step),
          produces: step.produces,
          article: step.article,
          quote: step.quote,
          mode: step.mode,
        },
        findings: (project.findings as never[]) ?? [],
        materials: await projectMaterials(tx, pack, project),
        taskToken: token,
        onBehalfOf: { openId: o.principal },
      });
      const [uuid] = await sendCardTo(tx, o.deputy, card);
      await tx.insert(approvalTasks).values({
        token,
        projectId: t.projectId,
        subject: t.subject,
        round: t.round,
        stepIndex: t.stepIndex,
        officeId: t.officeId,
        assignee: o.deputy,
        onBehalfOf: o.principal,
        cardUuid: uuid ?? null,
        createdAt: ctx.clock(),
      });
    });
  }
  ctx.notifyOutbox();
  return { ok: true };
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

/** Audit rows of one subject's route (declaration rows predate subjects and carry none). */
const auditOfSubject = (subject: ApprovalSubject) =>
  sql`coalesce(${auditLog.detail}->>'subject', 'declaration') = ${subjectKey(subject)}`;

/** 催办: the applicant's unit urges the pending step, at most once a working day. */
export async function urge(ctx: AppContext, o: { operator: string; project: Project }): Promise<string> {
  const now = ctx.clock();
  const pending = await pendingStep(ctx.db, o.project.id);
  if (!pending) return `项目 ${o.project.number} 当前没有待审批的环节。`;
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
  if (!check.ok) return check.message;
  const pack = packById(o.project.policy, ctx.packs)!;
  const step = pending.plan.steps[pending.stepIndex]!;
  const tasks = await ctx.db
    .select()
    .from(approvalTasks)
    .where(
      and(
        ofRoute(o.project.id, pending.subject),
        eq(approvalTasks.round, pending.state.round),
        eq(approvalTasks.stepIndex, pending.stepIndex),
        eq(approvalTasks.status, 'pending'),
      ),
    );
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
  return `已向${step.offices.map((x) => x.officeName).join('、')}催办。`;
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
      .where(
        and(
          ofRoute(route.projectId, subject),
          eq(approvalTasks.round, state.round),
          eq(approvalTasks.stepIndex, state.current),
          eq(approvalTasks.status, 'pending'),
        ),
      );
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

export type { Route };
