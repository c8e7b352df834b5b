/**
 * Issuing a 整改 notice: `整改 <编号>` gives the reviewer the form; the form submitted stores the
 * notice and sends it to the unit's people and group.
 */
import { eq } from 'drizzle-orm';
import { rectifications } from '../../../db/schema/index.js';
import { rectificationNoticeCard } from '../../../cards/rectification.js';
import type { CardProject } from '../../../cards/lifecycle-common.js';
import { rectificationIssueFormCard } from '../../../cards/lifecycle-forms.js';
import { todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { formValueString } from '../../declaration/validate.js';
import type { IncomingText } from '../../lark/messages.js';
import { issueRectification, type DeadlineSpec, type Rectification } from '../../lifecycle/rectification.js';
import { lookupPerson } from '../../org/store.js';
import { AFTER_APPROVAL, cardProject, isReviewerOf, packOf, todayOf } from '../lifecycle-store.js';
import type { LocalDate } from '../../rules/types.js';
import { projectAccess, refuse, type Refusal } from '../project-access.js';
import { replyPrivately, replyText } from '../reply.js';
import { tellUnit } from '../unit-notices.js';
import { NUMBER, auditRect, findProject, issuerName } from './common.js';

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

/** The notice form submitted on a project. */
export interface RectificationIssue {
  operator: string;
  projectId: number;
  form: Record<string, unknown>;
}

/** The form again (with what is wrong), or the notice sent: its project and deadline. */
export type RectificationIssued =
  | Refusal
  | { form: Parameters<typeof rectificationIssueFormCard>[0] }
  | { issued: { project: CardProject; deadline: LocalDate } };

/** The notice form submitted: the notice is stored and sent to the unit's people and group. */
export async function issueRectificationFromCard(
  ctx: AppContext,
  input: RectificationIssue,
): Promise<RectificationIssued> {
  const { operator, form } = input;
  const found = await projectAccess(ctx, operator, input.projectId);
  if (!found.ok) return refuse(found.error);
  const { project, pack, person } = found;
  if (!isReviewerOf(person, project.regionId)) return refuse('只有项目所在地区的主管部门可以下达整改通知。');
  const now = ctx.clock();
  const today = todayInShanghai(now);
  const problems = formValueString(undefined, form.problems);
  const failed = Array.isArray(form.failed_checks)
    ? form.failed_checks.map(String)
    : formValueString(undefined, form.failed_checks).split(',').filter(Boolean);
  const again = (error: string) => ({
    form: {
      pack,
      project: cardProject(project),
      checks: pack.checks,
      today,
      error,
      typed: { problems, days: formValueString(undefined, form.deadline_days) },
    },
  });
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
      .returning({ id: rectifications.id, projectId: rectifications.projectId });
    const rect: Rectification = { ...trial.rect, id: String(row!.id) };
    await tx.update(rectifications).set({ data: rect }).where(eq(rectifications.id, row!.id));
    const notice = rectificationNoticeCard({
      pack,
      project: cardProject(project),
      rect,
      issuer: await issuerName(tx, pack, project.regionId),
      today,
    });
    await tellUnit(tx, project, notice);
    await auditRect(tx, row!, {
      actor: operator,
      action: 'issued',
      detail: { deadline: rect.deadline, problems: rect.problems.map((p) => p.message) },
      at: now,
    });
  });
  ctx.notifyOutbox();
  return { issued: { project: cardProject(project), deadline: trial.rect.deadline } };
}
