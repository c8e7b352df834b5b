/**
 * 申请延期 on a reminder card (only where the pack allows it) and the reviewer office's decision:
 * a granted extension counts reminders to the new date.
 */
import { and, eq } from 'drizzle-orm';
import { auditLog, deadlines, extensionRequests } from '../../../db/schema/index.js';
import { extensionDecisionCard, extensionFormCard, outcomeCard } from '../../../cards/lifecycle-forms.js';
import { escapeMarkdown } from '../../../cards/markdown.js';
import { chineseDate, todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { formValueString } from '../../declaration/validate.js';
import { toast, type CardActionResponse } from '../../lark/messages.js';
import { nextReminderDate, recordedReminderKeys, reminderSettings, targetOf } from '../deadline-rows.js';
import {
  cardProject,
  isResponsibleFor,
  isReviewerOf,
  officePeople,
  responsiblePeople,
  todayOf,
} from '../lifecycle-store.js';
import { projectAccess } from '../project-access.js';
import { sendCardTo } from '../reply.js';
import { type DeadlineAction, deadlineAccess, endOf } from './deadline-actions.js';

/** 申请延期: the form (first press), or the form submitted. */
export interface ExtensionRequest extends DeadlineAction {
  submit: boolean;
  form: Record<string, unknown>;
}

/** The reviewer office's answer to an extension request. */
export interface ExtensionDecision {
  operator: string;
  requestId: number;
  decision: 'grant' | 'refuse';
}

/**
 * 申请延期 (only where the pack allows it): the form, then the request to the reviewer office,
 * which confirms or refuses it; a granted extension counts reminders to the new date.
 */
export async function requestExtension(ctx: AppContext, input: ExtensionRequest): Promise<CardActionResponse> {
  const { operator, form } = input;
  const found = await deadlineAccess(ctx, input);
  if (!found.ok) return toast('error', found.error);
  const { row, project, pack, person } = found;
  if (!isResponsibleFor(person, row)) return toast('error', '只有负责这项事项的单位人员可以申请延期。');
  if (row.extensionArticle === null) return toast('error', '本办法没有规定这项期限可以延期。');
  if (row.state !== 'open') return toast('info', '这项期限已不再需要办理。');
  const today = todayOf(ctx);
  const formCard = (error?: string) => ({
    card: {
      type: 'raw' as const,
      data: extensionFormCard({
        pack,
        project: cardProject(project),
        deadlineId: row.id,
        obligation: row.obligation,
        end: endOf(row),
        extensionArticle: row.extensionArticle!,
        today,
        ...(error ? { error } : {}),
      }),
    },
  });
  if (!input.submit) return formCard();
  const until = formValueString({ type: 'date' }, form.until).slice(0, 10);
  const reason = formValueString(undefined, form.reason).trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) return formCard('请选择申请延期至的日期。');
  if (until <= endOf(row)) return formCard(`延期后的日期须晚于现截止日期${chineseDate(endOf(row))}。`);
  if (reason === '') return formCard('请写明延期理由。');
  const now = ctx.clock();
  const outcome = await ctx.db.transaction(async (tx) => {
    const [pending] = await tx
      .select()
      .from(extensionRequests)
      .where(and(eq(extensionRequests.deadlineId, row.id), eq(extensionRequests.state, 'pending')));
    if (pending) return 'pending' as const;
    const [req] = await tx
      .insert(extensionRequests)
      .values({
        deadlineId: row.id,
        projectId: project.id,
        requestedBy: operator,
        requestedUntil: until,
        reason,
        createdAt: now,
      })
      .returning();
    const card = extensionDecisionCard({
      pack,
      project: cardProject(project),
      requestId: req!.id,
      obligation: row.obligation,
      end: endOf(row),
      until,
      reason,
      extensionArticle: row.extensionArticle!,
      today,
    });
    for (const openId of (await officePeople(tx, project.regionId, 'reviewer')).members)
      await sendCardTo(tx, openId, card);
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: operator,
      action: 'deadline.extension_requested',
      detail: { deadlineId: row.id, until, reason },
      at: now,
    });
    return 'sent' as const;
  });
  ctx.notifyOutbox();
  if (outcome === 'pending') return toast('warning', '这项期限已有待确认的延期申请。');
  return {
    toast: { type: 'success', content: '延期申请已提交主管部门确认。' },
    card: {
      type: 'raw',
      data: outcomeCard('延期申请已提交', 'blue', [
        `${escapeMarkdown(row.obligation)}：申请延期至${chineseDate(until)}，待主管部门确认。`,
      ]),
    },
  };
}

/** The reviewer office grants or refuses an extension; the unit is told. */
export async function decideExtension(ctx: AppContext, input: ExtensionDecision): Promise<CardActionResponse> {
  const { operator, requestId: id, decision } = input;
  const [req] = await ctx.db.select().from(extensionRequests).where(eq(extensionRequests.id, id));
  if (!req) return toast('error', '没有找到这项延期申请。');
  const [row] = await ctx.db.select().from(deadlines).where(eq(deadlines.id, req.deadlineId));
  const found = await projectAccess(ctx, operator, req.projectId);
  if (!row || !found.ok) return toast('error', '没有找到这项期限。');
  const { project, pack, person } = found;
  if (!isReviewerOf(person, project.regionId)) return toast('error', '只有主管部门可以确认延期。');
  const now = ctx.clock();
  const today = todayInShanghai(now);
  const granted = decision === 'grant';
  const s = reminderSettings(ctx);
  const done = await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(extensionRequests)
      .set({ state: granted ? 'granted' : 'refused', decidedBy: operator, decidedAt: now })
      .where(and(eq(extensionRequests.id, id), eq(extensionRequests.state, 'pending')))
      .returning({ id: extensionRequests.id });
    if (updated.length === 0) return false;
    if (granted) {
      const [locked] = await tx.select().from(deadlines).where(eq(deadlines.id, row.id)).for('update');
      const target = { ...targetOf(locked!), extendedTo: req.requestedUntil };
      const next =
        locked!.state === 'open' ? nextReminderDate(target, await recordedReminderKeys(tx, row.id), today, s) : null;
      await tx
        .update(deadlines)
        .set({ extendedTo: req.requestedUntil, nextReminderOn: next, updatedAt: now })
        .where(eq(deadlines.id, row.id));
    }
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: operator,
      action: granted ? 'deadline.extension_granted' : 'deadline.extension_refused',
      detail: { deadlineId: row.id, until: req.requestedUntil },
      at: now,
    });
    const text = granted
      ? `${project.number}「${row.obligation}」的延期申请已同意，截止日期延至${chineseDate(req.requestedUntil)}。`
      : `${project.number}「${row.obligation}」的延期申请未获同意，仍须在${chineseDate(endOf(row))}前完成。`;
    const notice = outcomeCard(granted ? '延期申请已同意' : '延期申请未同意', granted ? 'green' : 'orange', [
      escapeMarkdown(text),
    ]);
    const people = new Set([req.requestedBy, ...(await responsiblePeople(tx, project, row.responsible))]);
    for (const openId of people) await sendCardTo(tx, openId, notice);
    return true;
  });
  ctx.notifyOutbox();
  if (!done) return toast('info', '这项延期申请已处理。');
  const card = extensionDecisionCard({
    pack,
    project: cardProject(project),
    requestId: id,
    obligation: row.obligation,
    end: endOf(row),
    until: req.requestedUntil,
    reason: req.reason,
    extensionArticle: row.extensionArticle ?? 0,
    today,
    decided: { granted, by: operator },
  });
  return {
    toast: { type: 'success', content: granted ? '已同意延期。' : '已不同意延期。' },
    card: { type: 'raw', data: card },
  };
}
