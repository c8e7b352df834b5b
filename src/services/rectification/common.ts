/**
 * What the steps of a 整改 notice share: the notice's row with its project and the person acting,
 * saving a new state of it (optimistic version), who hears about it, and the refusal of a stale card.
 *
 * 整改: a reviewer of the project's region issues a notice (`整改 <编号>` → form), the unit's
 * people and group get it, the unit answers with a 整改报告 (text, and the files its people sent
 * since the notice), the reviewer accepts it or sends it back. Overdue (checked by the scheduler)
 * or refused (`整改不到位 <编号> <理由>`) notices climb the pack's ladder one rung at a time: each
 * rung is proposed to the reviewer on a card and applied only on 确认; the unit is told with the
 * article. 暂停 suspends the project (its reminders pause) until the notice is accepted; 终止 ends it.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/client.js';
import { auditLog, projects, rectifications } from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import type { Rectification } from '../../lifecycle/rectification.js';
import type { RulePack } from '../../rules/types.js';
import { officePeople, type Project } from '../lifecycle-store.js';
import { projectAccess, refuse, type Found, type ProjectAccess } from '../project-access.js';

export type RectRow = typeof rectifications.$inferSelect;

/** A project number at the start of a command's arguments. */
export const NUMBER = /^([A-Za-z]{1,8}-\d{4}-\d{1,6})\s*/;

/** Someone changed the notice between the card being shown and pressed. */
export const STALE = refuse('这份整改通知刚被处理过，请在最新的卡片上操作。', 'warning');

export async function findProject(ctx: AppContext, number: string): Promise<Project | null> {
  const [p] = await ctx.db.select().from(projects).where(eq(projects.number, number.toUpperCase()));
  return p ?? null;
}

/** The reviewer office's name of the region, for signing a notice. */
export async function issuerName(tx: DbOrTx, pack: RulePack, regionId: string): Promise<string> {
  const o = await officePeople(tx, regionId, 'reviewer');
  return o.names[0] ?? pack.roleNames.reviewer ?? '主管部门';
}

/** Who hears from the unit: the notice's issuer and the members of the reviewer offices. */
export async function reviewerAudience(tx: DbOrTx, project: Project, issuedBy: string): Promise<string[]> {
  const o = await officePeople(tx, project.regionId, 'reviewer');
  return [...new Set([issuedBy, ...o.members])];
}

/** A notice's card action: who pressed, on which notice. */
export interface RectAction {
  operator: string;
  rectificationId: number;
}

export type RectAccess = ProjectAccess & { row: RectRow; rect: Rectification };

/** The notice with its project, pack and the person acting. */
export async function rectAccess(ctx: AppContext, input: RectAction): Promise<Found<RectAccess>> {
  const [row] = await ctx.db.select().from(rectifications).where(eq(rectifications.id, input.rectificationId));
  if (!row) return { ok: false, error: '没有找到这份整改通知。' };
  const found = await projectAccess(ctx, input.operator, row.projectId);
  return found.ok ? { ...found, row, rect: row.data as Rectification } : found;
}

/** Saves a new state of the notice if nobody changed it meanwhile (version). */
export async function saveRect(
  tx: Tx,
  row: RectRow,
  rect: Rectification,
  now: Date,
  extra: Partial<typeof rectifications.$inferInsert> = {},
): Promise<boolean> {
  const updated = await tx
    .update(rectifications)
    .set({
      data: rect,
      state: rect.state,
      deadline: rect.deadline,
      rung: rect.rung,
      updatedAt: now,
      version: row.version + 1,
      ...extra,
    })
    .where(and(eq(rectifications.id, row.id), eq(rectifications.version, row.version)))
    .returning({ id: rectifications.id });
  return updated.length > 0;
}

/** The audit row of a step of the notice. */
export async function auditRect(
  tx: DbOrTx,
  row: Pick<RectRow, 'id' | 'projectId'>,
  o: { actor: string; action: string; at: Date; detail?: Record<string, unknown>; messageId?: string },
): Promise<void> {
  await tx.insert(auditLog).values({
    projectId: row.projectId,
    actorOpenId: o.actor,
    action: `rectification.${o.action}`,
    detail: { rectificationId: row.id, ...o.detail },
    ...(o.messageId ? { messageId: o.messageId } : {}),
    at: o.at,
  });
}
