/**
 * 整改: a reviewer of the project's region issues a notice (`整改 <编号>` → form), the unit's
 * people and group get it, the unit answers with a 整改报告 (text, and the files its people sent
 * since the notice), the reviewer accepts it or sends it back. Overdue (checked by the scheduler)
 * or refused (`整改不到位 <编号> <理由>`) notices climb the pack's ladder one rung at a time: each
 * rung is proposed to the reviewer on a card and applied only on 确认; the unit is told with the
 * article. 暂停 suspends the project (its reminders pause) until the notice is accepted; 终止 ends it.
 */
import { and, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { attachments, auditLog, projects, rectifications, remindersSent } from '../../db/schema/index.js';
import {
  rectificationNoticeCard,
  rectificationReportCard,
  rectificationReviewCard,
  rungProposalCard,
} from '../../cards/rectification.js';
import { consequenceNoticeCard, outcomeCard, rectificationIssueFormCard } from '../../cards/lifecycle-forms.js';
import { escapeMarkdown } from '../../cards/markdown.js';
import { chineseDate, todayInShanghai, workingDaysBetween } from '../calendar.js';
import { toast, type CardActionResponse, type IncomingText } from '../lark/messages.js';
import type { AppContext } from '../context.js';
import { formValueString } from '../declaration/validate.js';
import {
  applyRectificationAction,
  applyRung,
  escalationDue,
  issueRectification,
  ladder,
  type DeadlineSpec,
  type Rectification,
  type RectificationAction,
  type RectificationStep,
} from '../lifecycle/rectification.js';
import { lookupPerson } from '../org/store.js';
import type { LocalDate, RulePack } from '../rules/types.js';
import { sendToUnitGroup } from './lifecycle.js';
import { replyPrivately, replyText, sendCardTo } from './reply.js';
import {
  AFTER_APPROVAL,
  actsForUnit,
  cardProject,
  haltKind,
  isReviewerOf,
  officePeople,
  packOf,
  pauseDeadlines,
  reminderSettings,
  resumeDeadlines,
  todayOf,
  unitPeople,
  type Project,
} from './lifecycle-store.js';

type RectRow = typeof rectifications.$inferSelect;
const NUMBER = /^([A-Za-z]{1,8}-\d{4}-\d{1,6})\s*/;

const card = (data: object, t?: CardActionResponse['toast']): CardActionResponse => ({
  card: { type: 'raw', data },
  ...(t ? { toast: t } : {}),
});

async function findProject(ctx: AppContext, number: string): Promise<Project | null> {
  const [p] = await ctx.db.select().from(projects).where(eq(projects.number, number.toUpperCase()));
  return p ?? null;
}

/** The reviewer office's name of the region, for signing a notice. */
async function issuerName(tx: Tx | AppContext['db'], pack: RulePack, regionId: string): Promise<string> {
  const o = await officePeople(tx, regionId, 'reviewer');
  return o.names[0] ?? pack.roleNames.reviewer ?? '主管部门';
}

/** Everyone of the unit who hears about a notice: members, leaders and the declarant. */
async function unitAudience(
  tx: Tx | AppContext['db'],
  project: Project,
): Promise<{ people: string[]; chatId: string | null }> {
  const u = await unitPeople(tx, project.unitId);
  return { people: [...new Set([...u.members, ...u.leaders, project.createdBy].filter(Boolean))], chatId: u.chatId };
}

async function reviewerAudience(tx: Tx | AppContext['db'], project: Project, issuedBy: string): Promise<string[]> {
  const o = await officePeople(tx, project.regionId, 'reviewer');
  return [...new Set([issuedBy, ...o.members])];
}

// ---------------------------------------------------------------------------------------------
// Issuing

/** `整改 <编号>`: the reviewer gets the notice form, privately. */
export async function rectifyCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const number = NUMBER.exec(args.trim())?.[1];
  const say = async (t: string) => {
    await replyText(ctx.db, msg, t);
    ctx.notifyOutbox();
  };
  if (!number) return say('请在指令后写项目编号，例如：整改 JZ-2026-0001');
  const project = await findProject(ctx, number);
  const person = await lookupPerson(ctx.db, msg.senderOpenId);
  if (!project || !isReviewerOf(person, project.regionId))
    return say(`没有找到你可以下达整改通知的项目 ${number}（须为项目所在地区主管部门人员）。`);
  if (!AFTER_APPROVAL.includes(project.status)) return say(`项目 ${project.number} 尚未立项。`);
  const pack = packOf(ctx, project.policy);
  const form = rectificationIssueFormCard({
    pack,
    project: cardProject(project),
    checks: pack.checks,
    today: todayOf(ctx),
  });
  await replyPrivately(ctx.db, msg, form, '已私信你整改通知表单。');
  ctx.notifyOutbox();
}

function deadlineSpecOf(form: Record<string, unknown>): DeadlineSpec | string {
  const days = formValueString(undefined, form.deadline_days).trim();
  const date = formValueString({ type: 'date' }, form.deadline_date).slice(0, 10);
  if (days !== '') {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 365) return '整改期限请填写1至365之间的工作日数。';
    return { workingDays: n };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return { date };
  return '请填写整改期限（工作日数）或选择截止日期。';
}

/** The notice form submitted: the notice is stored and sent to the unit's people and group. */
export async function issueRectificationFromCard(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
  form: Record<string, unknown>,
): Promise<CardActionResponse> {
  const id = Number(value.projectId);
  const [project] = Number.isInteger(id) ? await ctx.db.select().from(projects).where(eq(projects.id, id)) : [];
  if (!project) return toast('error', '没有找到这个项目。');
  const person = await lookupPerson(ctx.db, operator);
  if (!isReviewerOf(person, project.regionId)) return toast('error', '只有项目所在地区的主管部门可以下达整改通知。');
  const pack = packOf(ctx, project.policy);
  const now = ctx.clock();
  const today = todayInShanghai(now);
  const problems = formValueString(undefined, form.problems);
  const failed = Array.isArray(form.failed_checks)
    ? form.failed_checks.map(String)
    : formValueString(undefined, form.failed_checks).split(',').filter(Boolean);
  const again = (error: string) =>
    card(
      rectificationIssueFormCard({
        pack,
        project: cardProject(project),
        checks: pack.checks,
        today,
        error,
        typed: { problems, days: formValueString(undefined, form.deadline_days) },
      }),
    );
  const spec = deadlineSpecOf(form);
  if (typeof spec === 'string') return again(spec);
  const trial = issueRectification(pack, {
    id: 'new',
    issuedOn: today,
    problems,
    failedCheckIds: failed,
    deadline: spec,
  });
  if (!trial.ok) return again(trial.error);

  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(rectifications)
      .values({
        projectId: project.id,
        issuedBy: operator,
        state: 'issued',
        deadline: trial.rect.deadline,
        rung: trial.rect.rung,
        data: trial.rect,
        openedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: rectifications.id });
    const rect: Rectification = { ...trial.rect, id: String(row!.id) };
    await tx.update(rectifications).set({ data: rect }).where(eq(rectifications.id, row!.id));
    const notice = rectificationNoticeCard({
      pack,
      project: cardProject(project),
      rect,
      issuer: await issuerName(tx, pack, project.regionId),
      today,
    });
    const unit = await unitAudience(tx, project);
    for (const openId of unit.people) await sendCardTo(tx, openId, notice);
    await sendToUnitGroup(tx, unit.chatId, notice);
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: operator,
      action: 'rectification.issued',
      detail: { rectificationId: row!.id, deadline: rect.deadline, problems: rect.problems.map((p) => p.message) },
      at: now,
    });
  });
  ctx.notifyOutbox();
  return card(
    outcomeCard('整改通知已发出', 'green', [
      `**${escapeMarkdown(project.name)}**（${escapeMarkdown(project.number)}）`,
      `整改期限：${chineseDate(trial.rect.deadline)}`,
      '已通知项目建设单位及其工作群。',
    ]),
    { type: 'success', content: '整改通知已发出。' },
  );
}

// ---------------------------------------------------------------------------------------------
// Loading and changing a notice

async function loadRect(
  ctx: AppContext,
  value: Record<string, unknown>,
): Promise<{ row: RectRow; rect: Rectification; project: Project; pack: RulePack } | CardActionResponse> {
  const id = Number(value.rectificationId);
  if (!Number.isInteger(id) || id <= 0) return toast('error', '卡片数据无效。');
  const [row] = await ctx.db.select().from(rectifications).where(eq(rectifications.id, id));
  if (!row) return toast('error', '没有找到这份整改通知。');
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, row.projectId));
  if (!project) return toast('error', '没有找到这个项目。');
  return { row, rect: row.data as Rectification, project, pack: packOf(ctx, project.policy) };
}

const isResponse = (x: unknown): x is CardActionResponse => typeof x === 'object' && x !== null && !('rect' in x);

/** Saves a new state of the notice if nobody changed it meanwhile (version). */
async function saveRect(
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

const STALE = toast('warning', '这份整改通知刚被处理过，请在最新的卡片上操作。');

// ---------------------------------------------------------------------------------------------
// The unit's report

/** Files the unit's people sent since the notice was issued (or last sent back), not in an earlier report. */
async function reportFiles(tx: Tx | AppContext['db'], row: RectRow, rect: Rectification, project: Project) {
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

/** Names of the files of the latest 整改报告. */
async function reportMaterialNames(q: Tx | AppContext['db'], rect: Rectification): Promise<string[]> {
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

/**
 * 提交整改报告 on the notice (mode open: the form), 上传材料 (mode upload: how to send files, and
 * those received so far), the form submitted (mode submit): the report goes to the reviewer.
 */
export async function rectificationReport(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
  form: Record<string, unknown>,
): Promise<CardActionResponse> {
  const found = await loadRect(ctx, value);
  if (isResponse(found)) return found;
  const { row, rect, project, pack } = found;
  const person = await lookupPerson(ctx.db, operator);
  if (!actsForUnit(person, project.unitId)) return toast('error', '只有项目建设单位的人员可以提交整改报告。');
  if (rect.state !== 'issued' && rect.state !== 'returned')
    return toast(
      'info',
      rect.state === 'reported' ? '整改报告已提交，待主管部门审核。' : '这份整改通知已不需要提交报告。',
    );
  const files = await reportFiles(ctx.db, row, rect, project);
  const form_ = (extra: { error?: string; draftText?: string } = {}) =>
    rectificationReportCard({ project: cardProject(project), rect, uploaded: files.map((f) => f.name), ...extra });
  if (value.mode === 'open') return card(form_());
  if (value.mode === 'upload') {
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
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: operator,
      action: 'rectification.reported',
      detail: { rectificationId: row.id, files: files.length },
      at: now,
    });
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

// ---------------------------------------------------------------------------------------------
// The reviewer's decisions

/** 通过 / 退回 on the review card. */
export async function reviewRectification(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
  form: Record<string, unknown>,
  decision: 'accept' | 'return',
): Promise<CardActionResponse> {
  const found = await loadRect(ctx, value);
  if (isResponse(found)) return found;
  const { row, rect, project, pack } = found;
  const person = await lookupPerson(ctx.db, operator);
  if (!isReviewerOf(person, project.regionId)) return toast('error', '只有主管部门可以审核整改报告。');
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
  if (!applied.ok) return toast('error', applied.error);
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
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: operator,
      action: `rectification.${decision === 'accept' ? 'accepted' : 'returned'}`,
      detail: { rectificationId: row.id, reason },
      at: now,
    });
    return true;
  });
  if (!saved) return STALE;
  ctx.notifyOutbox();
  const materials = await reportMaterialNames(ctx.db, applied.rect);
  return card(rectificationReviewCard({ pack, project: cardProject(project), rect: applied.rect, materials, today }), {
    type: 'success',
    content: decision === 'accept' ? '整改已通过。' : '已退回重新整改。',
  });
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
  const keys = async (deadlineId: number) => {
    const prefix = `d${deadlineId}:`;
    const rows = await tx
      .select({ key: remindersSent.key })
      .from(remindersSent)
      .where(eq(remindersSent.deadlineId, deadlineId));
    return new Set(rows.map((r) => r.key.slice(prefix.length)));
  };
  await resumeDeadlines(tx, project.id, keys, todayInShanghai(now), now, reminderSettings(ctx));
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
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: msg.senderOpenId,
      action: 'rectification.refused',
      detail: { rectificationId: row.id, reason },
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

// ---------------------------------------------------------------------------------------------
// The ladder

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

/** 确认 / 取消 on the proposal card. A confirmed rung is applied and the unit is told with the article. */
export async function decideRung(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
  decision: 'confirm' | 'cancel',
): Promise<CardActionResponse> {
  const found = await loadRect(ctx, value);
  if (isResponse(found)) return found;
  const { row, rect, project, pack } = found;
  const person = await lookupPerson(ctx.db, operator);
  if (!isReviewerOf(person, project.regionId)) return toast('error', '只有主管部门可以确认处理措施。');
  const rungNo = Number(value.rung);
  if (row.proposedRung === null || row.proposedRung !== rungNo) return toast('info', '这项处理措施已处理。');
  const now = ctx.clock();
  const today = todayInShanghai(now);
  if (decision === 'cancel') {
    const updated = await ctx.db
      .update(rectifications)
      .set({ proposedRung: null, updatedAt: now, version: row.version + 1 })
      .where(and(eq(rectifications.id, row.id), eq(rectifications.version, row.version)))
      .returning({ id: rectifications.id });
    if (updated.length === 0) return STALE;
    await ctx.db.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: operator,
      action: 'rectification.rung_cancelled',
      detail: { rectificationId: row.id, rung: rungNo },
      at: now,
    });
    return card(outcomeCard('已取消', 'grey', [`未执行处理措施（第${rungNo}级）。`]), {
      type: 'info',
      content: '已取消。',
    });
  }
  const applied = applyRung(pack, rect, rungNo, today);
  if (!applied.ok) return toast('error', applied.error);
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
    const unit = await unitAudience(tx, project);
    for (const openId of unit.people) await sendCardTo(tx, openId, notice);
    await sendToUnitGroup(tx, unit.chatId, notice);
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: operator,
      action: 'rectification.rung_applied',
      detail: { rectificationId: row.id, rung: rungNo, name: rung.name, article: rung.article },
      at: now,
    });
    return true;
  });
  if (!saved) return STALE;
  ctx.notifyOutbox();
  return card(
    outcomeCard(`已执行：${rung.name}`, 'red', [
      `**${escapeMarkdown(project.name)}**（${escapeMarkdown(project.number)}）`,
      `已执行“${escapeMarkdown(rung.name)}”，并通知项目建设单位。`,
    ]),
    {
      type: 'success',
      content: `已执行：${rung.name}`,
    },
  );
}
