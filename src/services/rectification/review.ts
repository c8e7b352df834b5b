/**
 * The reviewer's decision on a 整改报告: 通过 (a suspension the notice's ladder applied is lifted)
 * or 退回 (the unit gets the notice again, with new time when its deadline has passed).
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../db/client.js';
import { attachments, projects } from '../../../db/schema/index.js';
import { rectificationNoticeCard, type rectificationReviewCard } from '../../../cards/rectification.js';
import { outcomeCard } from '../../../cards/lifecycle-forms.js';
import { escapeMarkdown } from '../../../cards/markdown.js';
import { todayInShanghai, workingDaysBetween } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { formValueString } from '../../declaration/validate.js';
import {
  applyRectificationAction,
  ladder,
  type Rectification,
  type RectificationAction,
  type RectificationStep,
} from '../../lifecycle/rectification.js';
import type { RulePack } from '../../rules/types.js';
import { reminderSettings, resumeDeadlines } from '../deadline-rows.js';
import { cardProject, haltKind, isReviewerOf, type Project } from '../lifecycle-store.js';
import { refuse, type Refusal } from '../project-access.js';
import { sendCardTo } from '../reply.js';
import { sendToUnitGroup, unitAudience } from '../unit-notices.js';
import { type RectAction, type RectRow, STALE, auditRect, issuerName, rectAccess, saveRect } from './common.js';

/** 通过 or 退回, with the reviewer's words from the card's form. */
export interface RectificationReview extends RectAction {
  decision: 'accept' | 'return';
  form: Record<string, unknown>;
}

/** Names of the files of the latest 整改报告. */
async function reportMaterialNames(q: DbOrTx, rect: Rectification): Promise<string[]> {
  const report = [...rect.history]
    .reverse()
    .find((s): s is Extract<RectificationStep, { action: 'report' }> => s.action === 'report');
  const ids = (report?.materialIds ?? [])
    .map((m) => Number(m.replace(/^file:/, '')))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length === 0) return [];
  const rows = await q.select({ name: attachments.fileName }).from(attachments).where(inArray(attachments.id, ids));
  return rows.map((r) => r.name);
}

// ---------------------------------------------------------------------------------------------
// The reviewer's decisions

/** The decision taken: the review card as it now stands. */
export type RectificationReviewed =
  | Refusal
  | { reviewed: { decision: RectificationReview['decision']; card: Parameters<typeof rectificationReviewCard>[0] } };

/** 通过 / 退回 on the review card. */
export async function reviewRectification(ctx: AppContext, input: RectificationReview): Promise<RectificationReviewed> {
  const { operator, form, decision } = input;
  const found = await rectAccess(ctx, input);
  if (!found.ok) return refuse(found.error);
  const { row, rect, project, pack, person } = found;
  if (!isReviewerOf(person, project.regionId)) return refuse('只有主管部门可以审核整改报告。');
  const now = ctx.clock();
  const today = todayInShanghai(now);
  const reason = formValueString(undefined, form.review_reason).trim();
  // Sent back after its deadline, the unit gets as many working days again as the notice gave.
  const again =
    today >= rect.deadline
      ? { deadline: { workingDays: Math.max(1, workingDaysBetween(rect.issuedOn, rect.deadline)) } }
      : {};
  const action: RectificationAction =
    decision === 'accept'
      ? { type: 'accept', at: today, ...(reason ? { note: reason } : {}) }
      : { type: 'return', at: today, reason, ...again };
  const applied = applyRectificationAction(rect, action);
  if (!applied.ok) return refuse(applied.error);
  const saved = await ctx.db.transaction(async (tx) => {
    if (!(await saveRect(tx, row, applied.rect, now, decision === 'return' ? { openedAt: now } : {}))) return false;
    if (decision === 'accept') await liftSuspension(ctx, tx, project, pack, row, now);
    const unit = await unitAudience(tx, project);
    const notice =
      decision === 'accept'
        ? outcomeCard('整改已通过', 'green', [
            `**${escapeMarkdown(project.name)}**（${escapeMarkdown(project.number)}）`,
            '整改报告已审核通过。',
            ...(reason ? [`审核意见：${escapeMarkdown(reason)}`] : []),
          ])
        : rectificationNoticeCard({
            pack,
            project: cardProject(project),
            rect: applied.rect,
            issuer: await issuerName(tx, pack, project.regionId),
            today,
          });
    for (const openId of unit.people) await sendCardTo(tx, openId, notice);
    if (decision === 'return') {
      for (const openId of unit.people)
        await sendCardTo(
          tx,
          openId,
          outcomeCard('整改报告被退回', 'orange', [
            `**${escapeMarkdown(project.number)}**　退回意见：${escapeMarkdown(reason)}`,
          ]),
        );
    }
    await sendToUnitGroup(tx, unit.chatId, notice);
    await auditRect(tx, row, {
      actor: operator,
      action: decision === 'accept' ? 'accepted' : 'returned',
      detail: { reason },
      at: now,
    });
    return true;
  });
  if (!saved) return STALE;
  ctx.notifyOutbox();
  const materials = await reportMaterialNames(ctx.db, applied.rect);
  return {
    reviewed: { decision, card: { pack, project: cardProject(project), rect: applied.rect, materials, today } },
  };
}

/** An accepted notice lifts the suspension its own ladder applied. */
async function liftSuspension(
  ctx: AppContext,
  tx: Tx,
  project: Project,
  pack: RulePack,
  row: RectRow,
  now: Date,
): Promise<void> {
  const rung = ladder(pack).find((r) => r.rung === row.rung);
  if (project.status !== 'suspended' || !rung || haltKind(rung.name) !== 'suspended') return;
  await tx
    .update(projects)
    .set({ status: 'approved', updatedAt: now, version: sql`${projects.version} + 1` })
    .where(eq(projects.id, project.id));
  await resumeDeadlines(tx, project.id, todayInShanghai(now), now, reminderSettings(ctx));
}
