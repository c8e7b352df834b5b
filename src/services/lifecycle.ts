/**
 * After approval: the project's lifecycle. Approval records the `approved` event and starts the
 * deadlines; the unit reports what happened (a text like `合同已签订 2026-03-02`, or the
 * 报告进展 card), checked against the pack by `checkReport`; every report updates the stored
 * events, the stage and the deadline rows in one transaction, and is answered with the next stage,
 * what it needs and what falls due, with the articles. Budget adjustments are in
 * `lifecycle-adjust.ts`.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { auditLog, projectEvents, projects, units } from '../../db/schema/index.js';
import { lifecycleReplyCard } from '../../cards/lifecycle.js';
import { lifecycleProjectChoiceCard, lifecycleReportFormCard } from '../../cards/lifecycle-forms.js';
import { todayInShanghai } from '../calendar.js';
import type { IncomingText } from '../lark/messages.js';
import type { AppContext } from '../context.js';
import { mainStages } from '../lifecycle/common.js';
import { checkReport } from '../lifecycle/report.js';
import { parseLifecycleCommand } from '../lifecycle/report-parse.js';
import { formValueString } from '../declaration/validate.js';
import { lookupPerson, type Person } from '../org/store.js';
import { PACKS } from '../rules/packs/index.js';
import type { LifecycleEvent, LocalDate, RulePack } from '../rules/types.js';
import { answerMessage } from './answer.js';
import { stageLabel } from './projects.js';
import { replyCard, replyPrivately, replyText } from './reply.js';
import {
  AFTER_APPROVAL,
  actsForUnit,
  cardProject,
  loadLifecycleProject,
  packOf,
  stageAfter,
  todayOf,
  type Project,
} from './lifecycle-store.js';
import { reminderSettings, syncDeadlines } from './deadline-rows.js';
import { projectAccess, refuse, type Refusal } from './project-access.js';

// ---------------------------------------------------------------------------------------------
// Approval

/**
 * Called by the approval service in the transaction that approves a project: records the
 * `approved` event (the Shanghai date of `at`), sets the stage and creates the deadline rows.
 * Idempotent: a second call keeps the first date.
 */
export async function onProjectApproved(tx: Tx, project: Project, pack: RulePack, at: Date): Promise<void> {
  const date = todayInShanghai(at);
  await tx
    .insert(projectEvents)
    .values({ projectId: project.id, event: 'approved', date, reportedBy: 'system', reportedAt: at })
    .onConflictDoNothing();
  const lp = await loadLifecycleProject(tx, pack, project);
  await tx
    .update(projects)
    .set({ stage: stageAfter(pack, lp.events) })
    .where(eq(projects.id, project.id));
  // The approval hook has no context (so no configured reminder settings): the rows' first
  // reminder day is today, and the scheduler's next sweep sets the real one.
  await syncDeadlines(tx, pack, project, lp, date, at, null);
}

// ---------------------------------------------------------------------------------------------
// Reports

const NUMBER_PREFIX = /^([A-Za-z]{1,8}-\d{4}-\d{1,6})\s*/;

/**
 * Matches a message that reports progress for some pack (`合同已签订 2026-03-02`, `初验完成`,
 * `JZ-2026-0001 终验通过 3月2日`), so the command table can route it; anything else (a question, a
 * topic) is left to the commands after it and to the help/answer fallback. The date only helps
 * classify: the command itself parses again with the business clock.
 */
class LifecycleReportPattern extends RegExp {
  constructor(private readonly packs: readonly RulePack[]) {
    super('^');
  }
  override exec(text: string): RegExpExecArray | null {
    const rest = text.replace(NUMBER_PREFIX, '');
    const today = todayInShanghai(new Date());
    for (const pack of this.packs) if (parseLifecycleCommand(pack, rest, today) !== null) return super.exec(text);
    return null;
  }
}

export const LIFECYCLE_REPORT_PATTERN: RegExp = new LifecycleReportPattern(PACKS);

async function reportableProjects(ctx: AppContext, person: Person): Promise<Project[]> {
  const unitIds = person.units.map((u) => u.unitId);
  if (unitIds.length === 0) return [];
  return ctx.db
    .select()
    .from(projects)
    .where(and(inArray(projects.unitId, unitIds), inArray(projects.status, [...AFTER_APPROVAL])))
    .orderBy(desc(projects.approvedAt), desc(projects.id))
    .limit(200);
}

/** Replies in the chat when it is the project's own unit group (or a chat with the bot), else privately. */
async function answerAbout(
  tx: Tx | AppContext['db'],
  msg: IncomingText,
  project: Project,
  card: object,
): Promise<void> {
  if (msg.chatType === 'p2p') {
    await replyCard(tx, msg, card);
    return;
  }
  const [unit] = await tx.select({ chatId: units.chatId }).from(units).where(eq(units.id, project.unitId));
  if (unit?.chatId === msg.chatId) await replyCard(tx, msg, card);
  else await replyPrivately(tx, msg, card, '已私信你处理结果。');
}

/** A report checked: recorded or not, and what the answer card says (the check, with its articles). */
export interface ReportOutcome {
  ok: boolean;
  reply: Parameters<typeof lifecycleReplyCard>[0];
}

/**
 * Checks and records one report for a project: the events, the stage, the deadline rows and an
 * audit row change together, or nothing changes. The project row is locked for the check, so two
 * reports at once are checked one after the other.
 */
export async function recordReport(
  ctx: AppContext,
  o: {
    operator: string;
    projectId: number;
    event: string;
    date: LocalDate;
    label: string;
    messageId?: string;
    deliver?: (tx: Tx, card: object) => Promise<void>;
  },
): Promise<ReportOutcome> {
  const now = ctx.clock();
  const today = todayInShanghai(now);
  const outcome = await ctx.db.transaction(async (tx) => {
    const [project] = await tx.select().from(projects).where(eq(projects.id, o.projectId)).for('update');
    if (!project) throw new Error(`no project ${o.projectId}`);
    const pack = packOf(ctx, project.policy);
    const lp = await loadLifecycleProject(tx, pack, project);
    const check = checkReport(pack, lp, { event: o.event, date: o.date }, today);
    const reply = { pack, project: cardProject(project), reportedLabel: o.label, check, today };
    if (!check.ok) {
      if (o.deliver) await o.deliver(tx, lifecycleReplyCard(reply));
      return { ok: false, reply };
    }
    await tx
      .insert(projectEvents)
      .values({
        projectId: project.id,
        event: check.event.id,
        date: check.date,
        reportedBy: o.operator,
        reportedAt: now,
        messageId: o.messageId ?? null,
      })
      .onConflictDoUpdate({
        target: [projectEvents.projectId, projectEvents.event],
        set: { date: check.date, reportedBy: o.operator, reportedAt: now, messageId: o.messageId ?? null },
      });
    const stage = stageAfter(pack, check.events);
    const [updated] = await tx
      .update(projects)
      .set({ stage, updatedAt: now, version: sql`${projects.version} + 1` })
      .where(eq(projects.id, project.id))
      .returning();
    const changes = await syncDeadlines(
      tx,
      pack,
      updated!,
      { ...lp, events: check.events, stage },
      today,
      now,
      reminderSettings(ctx),
    );
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: o.operator,
      action: check.correction ? 'lifecycle.correct' : 'lifecycle.report',
      detail: {
        event: check.event.id,
        date: check.date,
        previous: check.correction?.previous ?? null,
        stage,
        deadlines: changes,
      },
      messageId: o.messageId ?? null,
      at: now,
    });
    if (o.deliver) await o.deliver(tx, lifecycleReplyCard(reply));
    return { ok: true, reply };
  });
  ctx.notifyOutbox();
  return outcome;
}

/** A text report: `[<编号>] 合同已签订 2026-03-02`. */
export async function lifecycleTextCommand(ctx: AppContext, msg: IncomingText, text: string): Promise<void> {
  const person = await lookupPerson(ctx.db, msg.senderOpenId);
  if (person.units.length === 0) return answerMessage(ctx, msg);
  const numbered = NUMBER_PREFIX.exec(text.trim());
  const number = numbered?.[1]?.toUpperCase();
  const rest = numbered ? text.trim().slice(numbered[0].length) : text.trim();
  const all = await reportableProjects(ctx, person);
  const candidates = number ? all.filter((p) => p.number === number) : all;
  const policies = [...new Set(candidates.map((p) => p.policy))];
  const pack = packOf(ctx, policies.length === 1 ? policies[0]! : person.units[0]!.policy);
  const today = todayOf(ctx);
  // Questions and statements of rules are not reports (the parser refuses them): they are answered.
  const parsed = parseLifecycleCommand(pack, rest, today);
  if (parsed === null) return answerMessage(ctx, msg);
  const say = async (t: string) => {
    await replyText(ctx.db, msg, t);
    ctx.notifyOutbox();
  };
  if ('error' in parsed) return say(parsed.error);
  if (number && candidates.length === 0)
    return say(`没有找到本单位已立项的项目 ${number}。发送“我的项目”查看项目编号。`);
  if (candidates.length === 0) return say('你的单位还没有已立项的项目，立项批准后才能报告建设进展。');
  if (candidates.length > 1) {
    const list = candidates
      .slice(0, 10)
      .map((p) => `${p.number} ${p.name}`)
      .join('\n');
    return say(`你的单位有多个已立项项目，请在开头写上项目编号，例如“${candidates[0]!.number} ${rest}”：\n${list}`);
  }
  const project = candidates[0]!;
  await recordReport(ctx, {
    operator: msg.senderOpenId,
    projectId: project.id,
    event: parsed.event.id,
    date: parsed.date,
    label: parsed.event.label,
    messageId: msg.messageId,
    deliver: (tx, card) => answerAbout(tx, msg, project, card),
  });
}

// ---------------------------------------------------------------------------------------------
// The 报告进展 card

/** Events a unit reports after approval: the pack's events after the approval stage. */
export function reportableEvents(pack: RulePack): LifecycleEvent[] {
  const main = mainStages(pack);
  const at = main.findIndex((s) => s.completedBy === 'approved');
  const before = new Set(['declared', 'approved', ...main.slice(0, at + 1).map((s) => s.completedBy)]);
  return pack.events.filter((e) => !before.has(e.id));
}

/** What the report form of a project shows (again with what is wrong, and what was chosen). */
export type ProgressFormData = Parameters<typeof lifecycleReportFormCard>[0];

function progressForm(
  ctx: AppContext,
  project: Project,
  extra: { error?: string; chosen?: { event?: string; date?: string } } = {},
): ProgressFormData {
  const pack = packOf(ctx, project.policy);
  return {
    project: cardProject(project),
    stageLabel: stageLabel(pack, project),
    events: reportableEvents(pack),
    today: todayOf(ctx),
    ...extra,
  };
}

/** `报告进展 [<编号>]`: the report form for the project (or a choice of the unit's projects). */
export async function progressFormCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const person = await lookupPerson(ctx.db, msg.senderOpenId);
  const all = await reportableProjects(ctx, person);
  const number = args.trim().toUpperCase();
  const candidates = number ? all.filter((p) => p.number === number) : all;
  let card: object;
  if (candidates.length === 0) {
    await replyText(
      ctx.db,
      msg,
      number ? `没有找到本单位已立项的项目 ${number}。` : '你的单位还没有已立项的项目，立项批准后才能报告建设进展。',
    );
    return ctx.notifyOutbox();
  }
  if (candidates.length === 1) card = lifecycleReportFormCard(progressForm(ctx, candidates[0]!));
  else {
    card = lifecycleProjectChoiceCard({
      projects: candidates.map((p) => ({ ...cardProject(p), stageLabel: stageLabel(packOf(ctx, p.policy), p) })),
    });
  }
  await replyPrivately(ctx.db, msg, card, '已私信你报告进展的表单。');
  ctx.notifyOutbox();
}

/** A card action of the 报告进展 form on a project. */
export interface ProgressAction {
  operator: string;
  projectId: number;
}

/** The unit's approved project, or why the person may not report on it. */
async function projectForUnitAction(ctx: AppContext, input: ProgressAction): Promise<Project | string> {
  const found = await projectAccess(ctx, input.operator, input.projectId);
  if (!found.ok || !AFTER_APPROVAL.includes(found.project.status)) return '没有找到这个已立项的项目。';
  if (!actsForUnit(found.person, found.project.unitId)) return '只有本项目建设单位的人员可以报告进展。';
  return found.project;
}

/** The report form to show. */
export type ProgressFormOpened = Refusal | { form: ProgressFormData };

/** 报告进展 on the project choice card: the form in place. */
export async function openProgressForm(ctx: AppContext, input: ProgressAction): Promise<ProgressFormOpened> {
  const project = await projectForUnitAction(ctx, input);
  if (typeof project === 'string') return refuse(project);
  return { form: progressForm(ctx, project) };
}

/** The form again (with what is missing), or the report checked: recorded or not, and the event's label. */
export type ProgressReported = ProgressFormOpened | { reported: ReportOutcome & { label: string } };

/** The form submitted: checked and recorded like a text report; the answer replaces the form. */
export async function submitProgressForm(
  ctx: AppContext,
  input: ProgressAction & { form: Record<string, unknown> },
): Promise<ProgressReported> {
  const { operator, form } = input;
  const project = await projectForUnitAction(ctx, input);
  if (typeof project === 'string') return refuse(project);
  const pack = packOf(ctx, project.policy);
  const eventId = formValueString(undefined, form.event);
  const date = formValueString({ type: 'date' }, form.date).slice(0, 10);
  const event = pack.events.find((e) => e.id === eventId);
  if (!event) return { form: progressForm(ctx, project, { error: '请选择发生的事项。', chosen: { date } }) };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    return { form: progressForm(ctx, project, { error: '请选择发生日期。', chosen: { event: eventId } }) };
  const outcome = await recordReport(ctx, {
    operator,
    projectId: project.id,
    event: event.id,
    date,
    label: event.label,
  });
  return { reported: { ...outcome, label: event.label } };
}
