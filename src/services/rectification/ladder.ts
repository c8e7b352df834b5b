/**
 * The ladder of a 整改 notice: refused (`整改不到位 <编号> <理由>`) or overdue (the scheduler's
 * sweep), the next rung is proposed to the reviewer once; 确认 applies it (暂停 suspends the
 * project, 终止 ends it) and tells the unit with the article, 取消 drops the proposal.
 */
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { projects, rectifications, remindersSent } from '../../../db/schema/index.js';
import { rungProposalCard } from '../../../cards/rectification.js';
import type { CardProject } from '../../../cards/lifecycle-common.js';
import { consequenceNoticeCard } from '../../../cards/lifecycle-forms.js';
import { todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import type { IncomingText } from '../../lark/messages.js';
import {
  applyRectificationAction,
  applyRung,
  escalationDue,
  ladder,
  type Rectification,
  type RectificationStep,
} from '../../lifecycle/rectification.js';
import { lookupPerson } from '../../org/store.js';
import type { LocalDate } from '../../rules/types.js';
import { pauseDeadlines } from '../deadline-rows.js';
import { cardProject, haltKind, isReviewerOf, packOf } from '../lifecycle-store.js';
import { refuse, type Refusal } from '../project-access.js';
import { replyText, sendCardTo } from '../reply.js';
import { tellUnit } from '../unit-notices.js';
import {
  NUMBER,
  type RectAction,
  STALE,
  auditRect,
  findProject,
  rectAccess,
  reviewerAudience,
  saveRect,
} from './common.js';

/** 确认 or 取消 on the proposal of a rung. */
export interface RungDecision extends RectAction {
  rung: number;
  decision: 'confirm' | 'cancel';
}

/** `整改不到位 <编号> <理由>`: the reviewer marks the open notice as refused; the next rung is proposed. */
export async function refuseCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const m = NUMBER.exec(args.trim());
  const say = async (t: string) => {
    await replyText(ctx.db, msg, t);
    ctx.notifyOutbox();
  };
  if (!m) return say('请写项目编号和理由，例如：整改不到位 JZ-2026-0001 逾期未提交整改报告');
  const reason = args.trim().slice(m[0].length).trim();
  const project = await findProject(ctx, m[1]!);
  const person = await lookupPerson(ctx.db, msg.senderOpenId);
  if (!project || !isReviewerOf(person, project.regionId)) return say(`没有找到你可以处理的项目 ${m[1]}。`);
  if (reason === '') return say('请写明整改不到位的理由。');
  const [row] = await ctx.db
    .select()
    .from(rectifications)
    .where(
      and(eq(rectifications.projectId, project.id), inArray(rectifications.state, ['issued', 'reported', 'returned'])),
    )
    .orderBy(sql`${rectifications.id} desc`)
    .limit(1);
  if (!row) return say(`项目 ${project.number} 没有进行中的整改通知。`);
  const now = ctx.clock();
  const applied = applyRectificationAction(row.data as Rectification, {
    type: 'refuse',
    at: todayInShanghai(now),
    reason,
  });
  if (!applied.ok) return say(applied.error);
  const saved = await ctx.db.transaction(async (tx) => {
    if (!(await saveRect(tx, row, applied.rect, now))) return false;
    await auditRect(tx, row, {
      actor: msg.senderOpenId,
      action: 'refused',
      detail: { reason },
      messageId: msg.messageId,
      at: now,
    });
    return true;
  });
  if (!saved) return say('这份整改通知刚被处理过，请稍后再试。');
  const proposed = await proposeRung(ctx, row.id, now, { sameDay: true });
  await say(
    proposed
      ? `已记录整改不到位，已向你发送下一级处理措施的建议（${proposed}），确认后执行。`
      : '已记录整改不到位；本办法的处理措施已到最后一级。',
  );
}

/**
 * Proposes the next rung of one notice to the reviewer, once per rung (ledger key), when it is
 * overdue or refused. Not on the day a rung was applied (one rung a day), unless `sameDay`.
 */
async function proposeRung(
  ctx: AppContext,
  rectId: number,
  now: Date,
  o: { sameDay?: boolean } = {},
): Promise<string | null> {
  const today = todayInShanghai(now);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(rectifications)
      .where(and(eq(rectifications.id, rectId), isNull(rectifications.proposedRung)))
      .for('update', { skipLocked: true });
    if (!row) return null;
    const [project] = await tx.select().from(projects).where(eq(projects.id, row.projectId));
    if (!project || project.status === 'terminated') return null;
    const pack = packOf(ctx, project.policy);
    const rect = row.data as Rectification;
    const lastRung = [...rect.history]
      .reverse()
      .find((s): s is Extract<RectificationStep, { action: 'rung' }> => s.action === 'rung');
    if (!o.sameDay && lastRung?.at === today) return null;
    const proposal = escalationDue(pack, rect, today);
    if (!proposal) return null;
    const ledger = await tx
      .insert(remindersSent)
      .values({ key: `rect:${proposal.key}`, kind: 'rung', date: today, sentAt: now })
      .onConflictDoNothing()
      .returning({ key: remindersSent.key });
    if (ledger.length === 0) return null;
    await tx
      .update(rectifications)
      .set({ proposedRung: proposal.rung.rung, updatedAt: now })
      .where(eq(rectifications.id, row.id));
    const proposalCard = rungProposalCard({ pack, project: cardProject(project), rect, proposal, today });
    for (const openId of await reviewerAudience(tx, project, row.issuedBy)) {
      await sendCardTo(tx, openId, proposalCard, { dedupeKey: `rect:${proposal.key}:${openId}` });
    }
    return proposal.rung.name;
  });
}

/** The scheduler: every open notice past its deadline (or refused) gets its next rung proposed. */
export async function sweepRectifications(ctx: AppContext, now: Date): Promise<number> {
  const today: LocalDate = todayInShanghai(now);
  const rows = await ctx.db
    .select({ id: rectifications.id })
    .from(rectifications)
    .where(
      and(
        inArray(rectifications.state, ['issued', 'returned', 'refused']),
        isNull(rectifications.proposedRung),
        or(lt(rectifications.deadline, today), eq(rectifications.state, 'refused')),
      ),
    );
  let proposed = 0;
  for (const { id } of rows) if (await proposeRung(ctx, id, now)) proposed++;
  return proposed;
}

/** The proposal dropped (its rung), or the rung applied to the project (its name). */
export type RungDecided =
  | Refusal
  | { cancelled: { rung: number } }
  | { applied: { project: CardProject; name: string } };

/** 确认 / 取消 on the proposal card. A confirmed rung is applied and the unit is told with the article. */
export async function decideRung(ctx: AppContext, input: RungDecision): Promise<RungDecided> {
  const { operator, decision, rung: rungNo } = input;
  const found = await rectAccess(ctx, input);
  if (!found.ok) return refuse(found.error);
  const { row, rect, project, pack, person } = found;
  if (!isReviewerOf(person, project.regionId)) return refuse('只有主管部门可以确认处理措施。');
  if (row.proposedRung === null || row.proposedRung !== rungNo) return refuse('这项处理措施已处理。', 'info');
  const now = ctx.clock();
  const today = todayInShanghai(now);
  if (decision === 'cancel') {
    const updated = await ctx.db
      .update(rectifications)
      .set({ proposedRung: null, updatedAt: now, version: row.version + 1 })
      .where(and(eq(rectifications.id, row.id), eq(rectifications.version, row.version)))
      .returning({ id: rectifications.id });
    if (updated.length === 0) return STALE;
    await auditRect(ctx.db, row, { actor: operator, action: 'rung_cancelled', detail: { rung: rungNo }, at: now });
    return { cancelled: { rung: rungNo } };
  }
  const applied = applyRung(pack, rect, rungNo, today);
  if (!applied.ok) return refuse(applied.error);
  const rung = ladder(pack).find((r) => r.rung === rungNo)!;
  const halt = haltKind(rung.name);
  const saved = await ctx.db.transaction(async (tx) => {
    if (!(await saveRect(tx, row, applied.rect, now, { proposedRung: null }))) return false;
    if (halt && project.status !== 'terminated') {
      await tx
        .update(projects)
        .set({ status: halt, updatedAt: now, version: sql`${projects.version} + 1` })
        .where(eq(projects.id, project.id));
      await pauseDeadlines(tx, project.id, halt, now);
    }
    const notice = consequenceNoticeCard({ pack, project: cardProject(project), rung, rect: applied.rect, today });
    await tellUnit(tx, project, notice);
    await auditRect(tx, row, {
      actor: operator,
      action: 'rung_applied',
      detail: { rung: rungNo, name: rung.name, article: rung.article },
      at: now,
    });
    return true;
  });
  if (!saved) return STALE;
  ctx.notifyOutbox();
  return { applied: { project: cardProject(project), name: rung.name } };
}
