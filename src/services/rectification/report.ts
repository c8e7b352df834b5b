/**
 * The unit's 整改报告: the form on the notice, how to send files, and the report submitted (its
 * text and the files the unit's people sent since the notice) to the reviewer.
 */
import { and, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { attachments } from '../../../db/schema/index.js';
import { rectificationReportCard, rectificationReviewCard } from '../../../cards/rectification.js';
import { outcomeCard } from '../../../cards/lifecycle-forms.js';
import { escapeMarkdown } from '../../../cards/markdown.js';
import { todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { formValueString } from '../../declaration/validate.js';
import { toast, type CardActionResponse } from '../../lark/messages.js';
import { applyRectificationAction, type Rectification } from '../../lifecycle/rectification.js';
import { actsForUnit, cardProject, type Project } from '../lifecycle-store.js';
import { sendCardTo } from '../reply.js';
import { unitAudience } from '../unit-notices.js';
import {
  type RectAction,
  type RectRow,
  STALE,
  auditRect,
  card,
  rectAccess,
  reviewerAudience,
  saveRect,
} from './common.js';

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

/**
 * 提交整改报告 on the notice (mode open: the form), 上传材料 (mode upload: how to send files, and
 * those received so far), the form submitted (mode submit): the report goes to the reviewer.
 */
export async function rectificationReport(ctx: AppContext, input: RectificationReport): Promise<CardActionResponse> {
  const { operator, form } = input;
  const found = await rectAccess(ctx, input);
  if (!found.ok) return toast('error', found.error);
  const { row, rect, project, pack, person } = found;
  if (!actsForUnit(person, project.unitId)) return toast('error', '只有项目建设单位的人员可以提交整改报告。');
  if (rect.state !== 'issued' && rect.state !== 'returned')
    return toast(
      'info',
      rect.state === 'reported' ? '整改报告已提交，待主管部门审核。' : '这份整改通知已不需要提交报告。',
    );
  const files = await reportFiles(ctx.db, row, rect, project);
  const form_ = (extra: { error?: string; draftText?: string } = {}) =>
    rectificationReportCard({ project: cardProject(project), rect, uploaded: files.map((f) => f.name), ...extra });
  if (input.mode === 'open') return card(form_());
  if (input.mode === 'upload') {
    return card(form_({ draftText: formValueString(undefined, form.report_text) }), {
      type: 'info',
      content: '请把整改材料以文件发给我（可多份），再回到本卡片提交整改报告。',
    });
  }
  const text = formValueString(undefined, form.report_text).trim();
  const now = ctx.clock();
  const today = todayInShanghai(now);
  const applied = applyRectificationAction(rect, {
    type: 'report',
    at: today,
    text,
    materialIds: files.map((f) => `file:${f.id}`),
  });
  if (!applied.ok) return card(form_({ error: applied.error, draftText: text }));
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
  return card(
    outcomeCard('整改报告已提交', 'green', [
      `**${escapeMarkdown(project.name)}**（${escapeMarkdown(project.number)}）`,
      `已提交整改报告${files.length ? `及${files.length}份材料` : ''}，待主管部门审核。`,
    ]),
    {
      type: 'success',
      content: '整改报告已提交。',
    },
  );
}
