/**
 * What a change request (调整/变更) brings to the approval machinery (this folder),
 * which routes it like a declaration: what its cards show about it, who applied, and what its
 * outcome does. On final approval the change is applied (the project's investment, its
 * `investmentWan` fact and the form's investment field; audit logged); on 不同意 or 退回修改 the
 * request is closed and the project stays as approved.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/client.js';
import { auditLog, changeRequests, projects } from '../../../db/schema/index.js';
import type { ChangeSummary } from '../../../cards/approval/index.js';
import { allFields, declarationForm } from '../../declaration/index.js';
import { formatWan, formatYuan } from '../../money.js';
import type { RulePack } from '../../rules/types.js';

export type ChangeRequest = typeof changeRequests.$inferSelect;
type Project = typeof projects.$inferSelect;

export async function changeRequestById(q: DbOrTx, id: number): Promise<ChangeRequest | null> {
  const [row] = await q.select().from(changeRequests).where(eq(changeRequests.id, id));
  return row ?? null;
}

/**
 * Why the change needs approval, from the pack's check the classification rested on (its message,
 * article and quote), or the general statement when the pack has none.
 */
export function changeBasis(pack: RulePack, req: Pick<ChangeRequest, 'checkId' | 'article'>): ChangeSummary['basis'] {
  const check = req.checkId ? pack.checks.find((c) => c.id === req.checkId) : undefined;
  if (check) return { message: check.message, article: check.article, quote: check.quote };
  return {
    message: '本办法未规定可由项目建设单位自行调整的情形，调整须报原审批部门同意',
    article: req.article ?? null,
    quote: '',
  };
}

export function changeSummary(pack: RulePack, req: ChangeRequest): ChangeSummary {
  return {
    approvedWan: req.approvedYuan / 10_000,
    adjustedWan: req.adjustedYuan / 10_000,
    ratio: Number(req.ratio),
    ...(req.reason ? { reason: req.reason } : {}),
    basis: changeBasis(pack, req),
  };
}

/** The form's investment field set to `yuan`, in the field's unit; the fields unchanged when the form has none. */
function fieldsWithInvestment(pack: RulePack, project: Project, yuan: number): Record<string, unknown> {
  let form: ReturnType<typeof declarationForm>;
  try {
    form = declarationForm(pack, project.kind);
  } catch {
    return project.fields;
  }
  const field = allFields(form).find((f) => f.role === 'investment');
  if (!field) return project.fields;
  const value =
    field.type === 'money_wan'
      ? formatWan(yuan)
      : field.type === 'money_yuan'
        ? formatYuan(yuan * 100).replace(/,/g, '')
        : null;
  return value === null ? project.fields : { ...project.fields, [field.id]: value };
}

/**
 * The route approved the change: the project's investment becomes the adjusted amount (with its
 * fact and form field), the request is marked approved, and the audit log says what changed on
 * whose route. Only a request still pending is applied (a rerun changes nothing).
 */
export async function applyApprovedChange(
  tx: Tx,
  pack: RulePack,
  project: Project,
  changeRequestId: number,
  outputs: string[],
  at: Date,
): Promise<void> {
  const closed = await tx
    .update(changeRequests)
    .set({ state: 'approved', decidedAt: at })
    .where(and(eq(changeRequests.id, changeRequestId), eq(changeRequests.state, 'pending_approval')))
    .returning();
  const req = closed[0];
  if (!req) return;
  const [current] = await tx.select().from(projects).where(eq(projects.id, project.id)).for('update');
  const facts = { ...(current!.facts as Record<string, unknown>), investmentWan: req.adjustedYuan / 10_000 };
  await tx
    .update(projects)
    .set({
      investmentYuan: req.adjustedYuan,
      facts,
      fields: fieldsWithInvestment(pack, current!, req.adjustedYuan),
      updatedAt: at,
      version: sql`${projects.version} + 1`,
    })
    .where(eq(projects.id, project.id));
  await tx.insert(auditLog).values({
    projectId: project.id,
    actorOpenId: 'system',
    action: 'adjustment.approved',
    detail: {
      changeRequestId: req.id,
      previousYuan: current!.investmentYuan,
      adjustedYuan: req.adjustedYuan,
      outputs,
      article: req.article,
      step: `项目总投资由 ${formatWan(current!.investmentYuan)} 万元调整为 ${formatWan(req.adjustedYuan)} 万元`,
    },
    at,
  });
}

/** The route said 不同意 or 退回修改: the request is closed with that outcome; the project does not change. */
export async function closeChange(
  tx: Tx,
  project: Project,
  changeRequestId: number,
  outcome: 'rejected' | 'returned',
  at: Date,
): Promise<void> {
  const closed = await tx
    .update(changeRequests)
    .set({ state: outcome, decidedAt: at })
    .where(and(eq(changeRequests.id, changeRequestId), eq(changeRequests.state, 'pending_approval')))
    .returning({ id: changeRequests.id });
  if (!closed[0]) return;
  await tx.insert(auditLog).values({
    projectId: project.id,
    actorOpenId: 'system',
    action: outcome === 'rejected' ? 'adjustment.rejected' : 'adjustment.returned',
    detail: {
      changeRequestId,
      step: outcome === 'rejected' ? '变更申请未获同意，项目按原批复执行' : '变更申请退回修改，项目按原批复执行',
    },
    at,
  });
}
