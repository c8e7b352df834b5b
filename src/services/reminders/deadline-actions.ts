/**
 * The reminder card's buttons 已完成 and 上传材料, and what they share with the extension request:
 * the row, its project and the person acting.
 */
import { and, eq } from 'drizzle-orm';
import { auditLog, deadlines } from '../../../db/schema/index.js';
import { outcomeCard } from '../../../cards/lifecycle-forms.js';
import { escapeMarkdown } from '../../../cards/markdown.js';
import { chineseDate, todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { toast, type CardActionResponse } from '../../lark/messages.js';
import { missingMaterials } from '../../lifecycle/deadlines.js';
import type { LocalDate } from '../../rules/types.js';
import { attachedMaterialIds, isResponsibleFor, isReviewerOf, type StoredDeadline } from '../lifecycle-store.js';
import { projectAccess, type Found, type ProjectAccess } from '../project-access.js';

/** A reminder card's button: who pressed it, on which row. */
export interface DeadlineAction {
  operator: string;
  deadlineId: number;
}

/** A project's row, its project and pack, and the person acting. */
export async function deadlineAccess(
  ctx: AppContext,
  input: DeadlineAction,
): Promise<Found<ProjectAccess & { row: StoredDeadline }>> {
  const [row] = await ctx.db.select().from(deadlines).where(eq(deadlines.id, input.deadlineId));
  if (!row || row.projectId === null) return { ok: false, error: '没有找到这项期限。' };
  const found = await projectAccess(ctx, input.operator, row.projectId);
  return found.ok ? { ...found, row } : found;
}

/** The day a row ends: its extension, the close of its window, or its due day. */
export function endOf(row: Pick<StoredDeadline, 'extendedTo' | 'until' | 'due' | 'type'>): LocalDate {
  return row.extendedTo ?? (row.type === 'window' ? (row.until ?? row.due) : row.due);
}

/** 已完成: the responsible people mark the row done; reminders about it stop. */
export async function markDeadlineDone(ctx: AppContext, input: DeadlineAction): Promise<CardActionResponse> {
  const found = await deadlineAccess(ctx, input);
  if (!found.ok) return toast('error', found.error);
  const { row, project, person } = found;
  if (!isResponsibleFor(person, row)) return toast('error', '只有负责这项事项的单位或部门人员可以标记完成。');
  if (row.state !== 'open')
    return toast('info', row.state === 'done' ? '这项事项已标记完成。' : '这项期限已不再适用。');
  const now = ctx.clock();
  const today = todayInShanghai(now);
  const changed = await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(deadlines)
      .set({ state: 'done', doneOn: today, doneBy: input.operator, nextReminderOn: null, updatedAt: now })
      .where(and(eq(deadlines.id, row.id), eq(deadlines.state, 'open')))
      .returning({ id: deadlines.id });
    if (updated.length === 0) return false;
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: input.operator,
      action: 'deadline.done',
      detail: { deadlineId: row.id, key: row.key, obligation: row.obligation },
      at: now,
    });
    return true;
  });
  if (!changed) return toast('info', '这项事项已标记完成。');
  return {
    toast: { type: 'success', content: '已标记完成，不再提醒。' },
    card: {
      type: 'raw',
      data: outcomeCard(`已完成：${row.obligation}`.slice(0, 100), 'green', [
        `**${escapeMarkdown(project.name)}**（${escapeMarkdown(project.number)}）`,
        `已于${chineseDate(today)}标记完成。`,
      ]),
    },
  };
}

/** 上传材料: the files go through the usual path (send the file, choose project and material). */
export async function uploadForDeadline(ctx: AppContext, input: DeadlineAction): Promise<CardActionResponse> {
  const found = await deadlineAccess(ctx, input);
  if (!found.ok) return toast('error', found.error);
  const { row, project, pack, person } = found;
  if (!isResponsibleFor(person, row) && !isReviewerOf(person, project.regionId))
    return toast('error', '只有负责这项事项的单位人员可以上传材料。');
  const missing = missingMaterials(pack, row, {
    kind: project.kind,
    facts: project.facts,
    attachedMaterialIds: await attachedMaterialIds(ctx.db, project.id),
  });
  const what = missing.length > 0 ? `（尚缺：${missing.map((m) => m.name).join('、')}）` : '';
  return toast('info', `请把材料以文件发给我${what}，我会请你选择它属于 ${project.number} 的哪项材料。`.slice(0, 200));
}
