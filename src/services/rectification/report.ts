/**
 * The unit's 整改报告: the form on the notice, how to send files, and the report submitted (its
 * text and the files the unit's people sent since the notice) to the reviewer.
 */
import { and, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { attachments } from '../../../db/schema/index.js';
import type { CardProject } from '../../../cards/lifecycle-common.js';
import { type rectificationReportCard, rectificationReviewCard } from '../../../cards/rectification.js';
import { todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { formValueString } from '../../declaration/validate.js';
import { applyRectificationAction, type Rectification } from '../../lifecycle/rectification.js';
import { actsForUnit, cardProject, type Project } from '../lifecycle-store.js';
import { refuse, type Refusal } from '../project-access.js';
import { sendCardTo } from '../reply.js';
import { unitAudience } from '../unit-notices.js';
import { type RectAction, type RectRow, STALE, auditRect, rectAccess, reviewerAudience, saveRect } from './common.js';

/** 提交整改报告 (open), 上传材料 (upload) or the form submitted (submit). */
export interface RectificationReport extends RectAction {
  mode?: string | undefined;
  form: Record<string, unknown>;
}

/** Files the unit's people sent since the notice was issued (or last sent back), not in an earlier report. */
async function reportFiles(tx: DbOrTx, row: RectRow, rect: Rectification, project: Project) {
  const people = (await unitAudience(tx, project)).people;
  if (people.length === 0) return [];
  const used = new Set(rect.history.flatMap((s) => (s.action === 'report' ? s.materialIds : [])));
  const files = await tx
    .select({ id: attachments.id, name: attachments.fileName })
    .from(attachments)
    .where(
      and(
        inArray(attachments.senderOpenId, people),
        gte(attachments.receivedAt, row.openedAt),
        or(isNull(attachments.projectId), eq(attachments.projectId, project.id)),
      ),
    );
  return files.filter((f) => !used.has(`file:${f.id}`));
}

/** The report form (opened, for files, or again with what is wrong), or the report sent with how many files. */
export type RectificationReported =
  | Refusal
  | { form: Parameters<typeof rectificationReportCard>[0] }
  | { reported: { project: CardProject; files: number } };

/**
 * 提交整改报告 on the notice (mode open: the form), 上传材料 (mode upload: the form with the files
 * received so far), the form submitted (mode submit): the report goes to the reviewer.
 */
export async function rectificationReport(ctx: AppContext, input: RectificationReport): Promise<RectificationReported> {
  const { operator, form } = input;
  const found = await rectAccess(ctx, input);
  if (!found.ok) return refuse(found.error);
  const { row, rect, project, pack, person } = found;
  if (!actsForUnit(person, project.unitId)) return refuse('只有项目建设单位的人员可以提交整改报告。');
  if (rect.state !== 'issued' && rect.state !== 'returned')
    return refuse(
      rect.state === 'reported' ? '整改报告已提交，待主管部门审核。' : '这份整改通知已不需要提交报告。',
      'info',
    );
  const files = await reportFiles(ctx.db, row, rect, project);
  const form_ = (extra: { error?: string; draftText?: string } = {}) => ({
    form: { project: cardProject(project), rect, uploaded: files.map((f) => f.name), ...extra },
  });
  if (input.mode === 'open') return form_();
  if (input.mode === 'upload') return form_({ draftText: formValueString(undefined, form.report_text) });
  const text = formValueString(undefined, form.report_text).trim();
  const now = ctx.clock();
  const today = todayInShanghai(now);
  const applied = applyRectificationAction(rect, {
    type: 'report',
    at: today,
    text,
    materialIds: files.map((f) => `file:${f.id}`),
  });
  if (!applied.ok) return form_({ error: applied.error, draftText: text });
  const saved = await ctx.db.transaction(async (tx) => {
    if (!(await saveRect(tx, row, applied.rect, now))) return false;
    const review = rectificationReviewCard({
      pack,
      project: cardProject(project),
      rect: applied.rect,
      materials: files.map((f) => f.name),
      today,
    });
    for (const openId of await reviewerAudience(tx, project, row.issuedBy)) await sendCardTo(tx, openId, review);
    await auditRect(tx, row, { actor: operator, action: 'reported', detail: { files: files.length }, at: now });
    return true;
  });
  if (!saved) return STALE;
  ctx.notifyOutbox();
  return { reported: { project: cardProject(project), files: files.length } };
}
