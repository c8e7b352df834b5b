/**
 * The scheduler's lifecycle work and the reminder cards' buttons.
 *
 * Every promised message has a key in `reminders_sent`, inserted in the same transaction as its
 * outbox rows (which carry a dedupe key of their own): a key is sent at most once, whether two
 * schedulers run at the same time or one dies mid-sweep (each deadline is its own transaction, so
 * what was not committed is simply done by the next run). Reminders, digests, region notices and
 * rung proposals go out on working days from the configured hour (Asia/Shanghai).
 */
import { and, asc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  auditLog,
  deadlines,
  extensionRequests,
  projectEvents,
  projects,
  regions,
  remindersSent,
  units,
} from '../../db/schema/index.js';
import { digestCard, regionNoticeCard, reminderCard, type DigestProject } from '../../cards/reminder.js';
import { extensionDecisionCard, extensionFormCard, outcomeCard } from '../../cards/lifecycle-forms.js';
import { escapeMarkdown } from '../../cards/markdown.js';
import { addDuration, chineseDate, todayInShanghai } from '../calendar.js';
import type { AppContext } from '../context.js';
import { formValueString } from '../declaration/validate.js';
import {
  CONSTRUCTION_END_EVENTS,
  missingMaterials,
  regionAnnualDeadlines,
  type DeadlineRow,
} from '../lifecycle/deadlines.js';
import {
  digestEntries,
  digestKey,
  isDigestTime,
  regionNotices,
  remindersDue,
  type Audience,
  type Reminder,
} from '../lifecycle/reminders.js';
import { toast, type CardActionResponse } from '../lark/messages.js';
import { enqueue } from '../outbox/outbox.js';
import { lookupPerson } from '../org/store.js';
import { packInForce } from '../rules/versions.js';
import type { LocalDate, Role, RulePack } from '../rules/types.js';
import { chatQueue, sendCardTo } from './reply.js';
import {
  attachedMaterialIds,
  cardProject,
  dayOf,
  isResponsibleFor,
  isReviewerOf,
  loadLifecycleProject,
  nextReminderDate,
  officePeople,
  packOf,
  reminderSettings,
  responsiblePeople,
  syncDeadlines,
  targetOf,
  todayOf,
  unitPeople,
  type Project,
  type ReminderSettings,
  type StoredDeadline,
} from './lifecycle-store.js';
import { sweepRectifications } from './rectification.js';

const BATCH = 500;
/** A sweep stops taking new batches after this long; the next run goes on where it stopped. */
const SWEEP_BUDGET_MS = 20_000;

export interface LifecycleSweepReport {
  reminders: number;
  superseded: number;
  digests: number;
  notices: number;
  proposals: number;
}

/** The scheduler's lifecycle work, in one call (Node loop and Workers cron alike). */
export async function runLifecycleWork(ctx: AppContext): Promise<LifecycleSweepReport> {
  const now = ctx.clock();
  const report: LifecycleSweepReport = { reminders: 0, superseded: 0, digests: 0, notices: 0, proposals: 0 };
  const hour = ctx.config.reminders?.digestHour ?? 9;
  if (!isDigestTime(now, { hour })) return report;
  const today = todayInShanghai(now);
  if (await onceToday(ctx, `daily:${today}`, now)) {
    await ensureAnnualDeadlines(ctx, today, now);
    await refreshQuarters(ctx, today, now);
  }
  const r = await sweepDeadlineReminders(ctx, now);
  report.reminders = r.sent;
  report.superseded = r.superseded;
  report.notices = await sendRegionNotices(ctx, now);
  report.digests = await sendDigests(ctx, now);
  report.proposals = await sweepRectifications(ctx, now);
  if (report.reminders + report.digests + report.notices + report.proposals > 0) ctx.notifyOutbox();
  return report;
}

/** True for the first caller of the day with this key (any instance). */
async function onceToday(ctx: AppContext, key: string, now: Date): Promise<boolean> {
  const inserted = await ctx.db
    .insert(remindersSent)
    .values({ key, kind: 'daily', date: todayInShanghai(now), sentAt: now })
    .onConflictDoNothing()
    .returning({ key: remindersSent.key });
  return inserted.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Annual and quarterly rows

/**
 * The region-wide annual rows of this year and the next, idempotently (per region and year). A
 * year's row already past due when it is first written is left out: the duty fell before the bot
 * was there to track it, so a fresh install shows the next 申报 date, not an overdue one.
 */
export async function ensureAnnualDeadlines(ctx: AppContext, today: LocalDate, now: Date): Promise<number> {
  const year = Number(today.slice(0, 4));
  const rows: (typeof deadlines.$inferInsert)[] = [];
  for (const region of await ctx.db.select().from(regions)) {
    const pack = packInForce(ctx.packs, region.policy, today);
    if (!pack) continue;
    for (const y of [year, year + 1]) {
      for (const r of regionAnnualDeadlines(pack, y)) {
        if (r.due < today) continue;
        rows.push({
          projectId: null,
          regionId: region.id,
          unitId: null,
          key: r.key,
          limitId: r.limitId,
          obligation: r.obligation,
          type: r.type,
          triggerKind: r.triggerKind,
          from: r.from,
          due: r.due,
          until: r.until ?? null,
          provisional: r.provisional,
          article: r.article,
          quote: r.quote,
          responsible: r.responsible,
          extensionArticle: r.extensionArticle ?? null,
          year: y,
          // Announced to the region by the notices (opening, 4 weeks and 1 week before the close).
          nextReminderOn: null,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
  }
  if (rows.length === 0) return 0;
  const inserted = await ctx.db.insert(deadlines).values(rows).onConflictDoNothing().returning({ id: deadlines.id });
  return inserted.length;
}

function quarterEndAfterNext(today: LocalDate): LocalDate {
  const y = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const nextQ = q + 1;
  const year = y + Math.floor(nextQ / 4);
  const endMonth = (nextQ % 4) * 3 + 3;
  const endDay = endMonth === 6 || endMonth === 9 ? 30 : 31;
  return `${year}-${String(endMonth).padStart(2, '0')}-${endDay}`;
}

/**
 * Quarterly rows exist for the current and the next quarter: a project under construction whose
 * latest quarterly row ends before the next quarter's end is recomputed (once a day).
 */
export async function refreshQuarters(ctx: AppContext, today: LocalDate, now: Date): Promise<number> {
  const nextEnd = quarterEndAfterNext(today);
  const ids = await ctx.db
    .select({ projectId: deadlines.projectId })
    .from(deadlines)
    .innerJoin(projects, eq(projects.id, deadlines.projectId))
    .where(
      and(
        eq(deadlines.triggerKind, 'quarterly'),
        eq(projects.status, 'approved'),
        sql`not exists (select 1 from ${projectEvents} e where e.project_id = ${deadlines.projectId} and e.event in (${sql.join(
          CONSTRUCTION_END_EVENTS.map((e) => sql`${e}`),
          sql`, `,
        )}))`,
      ),
    )
    .groupBy(deadlines.projectId)
    .having(sql`max(${deadlines.due}) < ${nextEnd}::date`);
  const s = reminderSettings(ctx);
  for (const { projectId } of ids) {
    await ctx.db.transaction(async (tx) => {
      const [project] = await tx.select().from(projects).where(eq(projects.id, projectId!)).for('update');
      if (!project) return;
      const pack = packOf(ctx, project.policy);
      await syncDeadlines(tx, pack, project, await loadLifecycleProject(tx, pack, project), today, now, s);
    });
  }
  return ids.length;
}

// ---------------------------------------------------------------------------------------------
// Deadline reminders

/** The pure core's row from a stored one (for the cards). */
export function deadlineRowOf(r: StoredDeadline): DeadlineRow & { extendedTo?: LocalDate } {
  const row: DeadlineRow & { extendedTo?: LocalDate } = {
    key: r.key,
    limitId: r.limitId,
    obligation: r.obligation,
    triggerKind: r.triggerKind,
    from: r.from,
    due: r.due,
    provisional: r.provisional,
    article: r.article,
    quote: r.quote,
    responsible: r.responsible as Role,
    type: r.type,
    fulfilled: null,
  };
  if (r.until) row.until = r.until;
  if (r.extensionArticle !== null) row.extensionArticle = r.extensionArticle;
  if (r.extendedTo) row.extendedTo = r.extendedTo;
  return row;
}

async function recordedKeys(q: DbOrTx, deadlineId: number): Promise<Set<string>> {
  const prefix = `d${deadlineId}:`;
  const rows = await q
    .select({ key: remindersSent.key })
    .from(remindersSent)
    .where(eq(remindersSent.deadlineId, deadlineId));
  return new Set(rows.map((r) => r.key.slice(prefix.length)));
}

export { recordedKeys as recordedReminderKeys };

/** The people a reminder goes to, by audience (the group hears through its daily digest). */
async function peopleFor(
  q: DbOrTx,
  project: Project,
  row: StoredDeadline,
  audience: readonly Audience[],
): Promise<string[]> {
  const out = new Set<string>();
  for (const a of audience) {
    switch (a) {
      case 'responsible':
        for (const p of await responsiblePeople(q, project, row.responsible)) out.add(p);
        break;
      case 'unit_leaders':
        for (const p of (await unitPeople(q, project.unitId)).leaders) out.add(p);
        break;
      case 'reviewer_office': {
        const o = await officePeople(q, project.regionId, 'reviewer');
        for (const p of [...o.members, ...o.leaders]) out.add(p);
        break;
      }
      case 'unit_group':
        break;
    }
  }
  return [...out];
}

/**
 * Handles one due row in its own transaction: locks it (another scheduler skips it), records every
 * reminder the core says is due and not yet recorded, sends the ones not superseded, and sets the
 * row's next reminder day. Reminders dated before the row existed are recorded as superseded.
 */
async function remindOne(
  ctx: AppContext,
  id: number,
  now: Date,
  s: ReminderSettings,
): Promise<{ sent: number; superseded: number }> {
  const today = todayInShanghai(now);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(deadlines)
      .where(and(eq(deadlines.id, id), eq(deadlines.state, 'open'), lte(deadlines.nextReminderOn, today)))
      .for('update', { skipLocked: true });
    if (!row) return { sent: 0, superseded: 0 };
    const [project] =
      row.projectId !== null ? await tx.select().from(projects).where(eq(projects.id, row.projectId)) : [];
    if (!project || project.status !== 'approved') {
      // Region rows are announced by notices; a suspended project's rows wait until it resumes.
      await tx.update(deadlines).set({ nextReminderOn: null, updatedAt: now }).where(eq(deadlines.id, row.id));
      return { sent: 0, superseded: 0 };
    }
    const pack = packOf(ctx, project.policy);
    const target = targetOf(row);
    const recorded = await recordedKeys(tx, row.id);
    const createdOn = dayOf(row.createdAt);
    const due = remindersDue(target, {
      today,
      state: 'open',
      leadDays: s.leadDays,
      graceWorkingDays: s.graceWorkingDays,
    }).filter((r) => !recorded.has(r.key));
    let sent = 0;
    let superseded = 0;
    let attached: string[] | null = null;
    for (const r of due) {
      recorded.add(r.key);
      const stale = r.superseded || (r.kind !== 'escalate' && r.date < createdOn);
      const people = stale ? [] : await peopleFor(tx, project, row, r.audience);
      const ledger = await tx
        .insert(remindersSent)
        .values({
          key: `d${row.id}:${r.key}`,
          kind: r.kind,
          deadlineId: row.id,
          superseded: stale,
          date: r.date,
          recipients: people.length,
          sentAt: now,
        })
        .onConflictDoNothing()
        .returning({ key: remindersSent.key });
      if (ledger.length === 0) continue;
      if (stale) {
        superseded++;
        continue;
      }
      attached ??= await attachedMaterialIds(tx, project.id);
      const card = reminderCard({
        pack,
        project: cardProject(project),
        deadlineId: row.id,
        deadline: deadlineRowOf(row),
        reminder: r,
        missing: missingMaterials(pack, row, {
          kind: project.kind,
          facts: project.facts,
          attachedMaterialIds: attached,
        }),
        today,
      });
      for (const openId of people)
        await sendCardTo(tx, openId, card, { dedupeKey: reminderDedupeKey(row.id, r, openId) });
      sent++;
    }
    await tx
      .update(deadlines)
      .set({ nextReminderOn: nextReminderDate(target, recorded, today, s), updatedAt: now })
      .where(eq(deadlines.id, row.id));
    return { sent, superseded };
  });
}

/** The outbox key of one reminder to one person. */
export function reminderDedupeKey(deadlineId: number, r: Pick<Reminder, 'key'>, openId: string): string {
  return `rem:d${deadlineId}:${r.key}:${openId}`;
}

/**
 * Every open row whose next reminder day has come, in (day, id) order by keyset pages of the
 * partial index `deadlines_sweep_idx`, each handled by `remindOne`.
 */
export async function sweepDeadlineReminders(
  ctx: AppContext,
  now: Date,
): Promise<{ rows: number; sent: number; superseded: number }> {
  const today = todayInShanghai(now);
  const s = reminderSettings(ctx);
  const started = Date.now();
  const total = { rows: 0, sent: 0, superseded: 0 };
  let cursor: { day: LocalDate; id: number } | null = null;
  for (;;) {
    const page: { id: number; day: LocalDate | null }[] = await findDueDeadlines(ctx, today, cursor);
    if (page.length === 0) break;
    for (const { id } of page) {
      // One row's failure (rolled back whole) must not hold up the others; it is retried next run.
      try {
        const r = await remindOne(ctx, id, now, s);
        total.rows++;
        total.sent += r.sent;
        total.superseded += r.superseded;
      } catch (e) {
        ctx.log(`reminders: deadline ${id} failed, will retry: ${(e as Error).message.slice(0, 300)}`);
      }
    }
    const last = page[page.length - 1]!;
    cursor = { day: last.day!, id: last.id };
    if (page.length < BATCH || Date.now() - started > SWEEP_BUDGET_MS) break;
  }
  return total;
}

/** One page of due rows after `cursor` (the sweep's query; what the benchmark times). */
export function findDueDeadlines(
  ctx: Pick<AppContext, 'db'>,
  today: LocalDate,
  cursor: { day: LocalDate; id: number } | null,
  limit = BATCH,
) {
  return ctx.db
    .select({ id: deadlines.id, day: deadlines.nextReminderOn })
    .from(deadlines)
    .where(
      and(
        eq(deadlines.state, 'open'),
        isNotNull(deadlines.nextReminderOn),
        lte(deadlines.nextReminderOn, today),
        cursor ? sql`(${deadlines.nextReminderOn}, ${deadlines.id}) > (${cursor.day}::date, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(asc(deadlines.nextReminderOn), asc(deadlines.id))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// Group digests

/** The ledger key of a unit group's digest of a day. */
export function unitDigestKey(now: Date, unitId: number): string {
  return `${digestKey(now)}:unit:${unitId}`;
}

/**
 * One digest per bound unit group and working day: its own projects' overdue items, those due
 * today and those due within 7 working days. A day with nothing to list is recorded and not sent.
 */
export async function sendDigests(ctx: AppContext, now: Date): Promise<number> {
  const today = todayInShanghai(now);
  const prefix = `${digestKey(now)}:unit:`;
  const pending = await ctx.db
    .select({ id: units.id, name: units.name, chatId: units.chatId })
    .from(units)
    .where(
      and(
        isNotNull(units.chatId),
        sql`not exists (select 1 from ${remindersSent} r where r.key = ${prefix} || ${units.id}::text)`,
      ),
    );
  const horizon = addDuration(today, { amount: 40, unit: 'days' }).date;
  let sent = 0;
  for (const unit of pending) {
    const rows = await ctx.db
      .select({ d: deadlines, p: { id: projects.id, name: projects.name, number: projects.number } })
      .from(deadlines)
      .innerJoin(projects, eq(projects.id, deadlines.projectId))
      .where(
        and(
          eq(deadlines.unitId, unit.id),
          eq(deadlines.state, 'open'),
          eq(projects.status, 'approved'),
          inArray(deadlines.type, ['deadline', 'window']),
          sql`coalesce(${deadlines.extendedTo}, ${deadlines.until}, ${deadlines.due}) <= ${horizon}::date`,
        ),
      );
    const entries = digestEntries(
      rows.map(({ d, p }) => ({
        ...targetOf(d),
        state: d.state,
        obligation: d.obligation,
        article: d.article,
        project: p,
      })),
      today,
    );
    const byProject = new Map<number, DigestProject<(typeof entries)[number]['row']>>();
    for (const e of entries) {
      const p = e.row.project;
      const entry = byProject.get(p.id) ?? { project: cardProject(p), entries: [] };
      (entry.entries as (typeof e)[]).push(e);
      byProject.set(p.id, entry);
    }
    const key = `${prefix}${unit.id}`;
    const delivered = await ctx.db.transaction(async (tx) => {
      const ledger = await tx
        .insert(remindersSent)
        .values({ key, kind: 'digest', date: today, recipients: entries.length > 0 ? 1 : 0, sentAt: now })
        .onConflictDoNothing()
        .returning({ key: remindersSent.key });
      if (ledger.length === 0 || entries.length === 0 || !unit.chatId) return false;
      const card = digestCard({ unitName: unit.name, date: today, projects: [...byProject.values()] });
      await enqueue(tx, {
        kind: 'send',
        to: { type: 'chat_id', id: unit.chatId },
        queue: chatQueue(unit.chatId),
        msgType: 'interactive',
        content: card,
        dedupeKey: key,
      });
      return true;
    });
    if (delivered) sent++;
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------
// Region notices

/**
 * The region's annual windows: opening, 4 weeks and 1 week before the close, to every unit group
 * of the region (units without a group: their members) or, for the office's own limits, to the
 * reviewer office. Each notice once; a superseded one (missed runs) is recorded, not sent.
 */
export async function sendRegionNotices(ctx: AppContext, now: Date): Promise<number> {
  const today = todayInShanghai(now);
  let sent = 0;
  for (const region of await ctx.db.select().from(regions)) {
    const pack = packInForce(ctx.packs, region.policy, today);
    if (!pack) continue;
    for (const notice of regionNotices(pack, today)) {
      const key = `notice:${notice.key}`;
      const done = await ctx.db.transaction(async (tx) => {
        const ledger = await tx
          .insert(remindersSent)
          .values({ key, kind: `notice:${notice.kind}`, superseded: notice.superseded, date: notice.date, sentAt: now })
          .onConflictDoNothing()
          .returning({ key: remindersSent.key });
        if (ledger.length === 0 || notice.superseded) return false;
        const card = regionNoticeCard({ pack, notice, today });
        if (notice.audience === 'units') {
          for (const unit of await tx.select().from(units).where(eq(units.regionId, region.id))) {
            if (unit.chatId) {
              await enqueue(tx, {
                kind: 'send',
                to: { type: 'chat_id', id: unit.chatId },
                queue: chatQueue(unit.chatId),
                msgType: 'interactive',
                content: card,
                dedupeKey: `${key}:chat:${unit.chatId}`,
              });
            } else {
              for (const openId of (await unitPeople(tx, unit.id)).members)
                await sendCardTo(tx, openId, card, { dedupeKey: `${key}:ou:${openId}` });
            }
          }
        } else {
          for (const openId of (await officePeople(tx, region.id, notice.responsible)).members)
            await sendCardTo(tx, openId, card, { dedupeKey: `${key}:ou:${openId}` });
        }
        return true;
      });
      if (done) sent++;
    }
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------
// Buttons of the reminder card

async function deadlineFor(
  ctx: AppContext,
  value: Record<string, unknown>,
): Promise<{ row: StoredDeadline; project: Project; pack: RulePack } | CardActionResponse> {
  const id = Number(value.deadlineId);
  if (!Number.isInteger(id) || id <= 0) return toast('error', '卡片数据无效。');
  const [row] = await ctx.db.select().from(deadlines).where(eq(deadlines.id, id));
  if (!row || row.projectId === null) return toast('error', '没有找到这项期限。');
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, row.projectId));
  if (!project) return toast('error', '没有找到这个项目。');
  return { row, project, pack: packOf(ctx, project.policy) };
}

const isResponse = (x: unknown): x is CardActionResponse => typeof x === 'object' && x !== null && !('row' in x);

function endOf(row: Pick<StoredDeadline, 'extendedTo' | 'until' | 'due' | 'type'>): LocalDate {
  return row.extendedTo ?? (row.type === 'window' ? (row.until ?? row.due) : row.due);
}

/** 已完成: the responsible people mark the row done; reminders about it stop. */
export async function markDeadlineDone(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
): Promise<CardActionResponse> {
  const found = await deadlineFor(ctx, value);
  if (isResponse(found)) return found;
  const { row, project } = found;
  const person = await lookupPerson(ctx.db, operator);
  if (!isResponsibleFor(person, row)) return toast('error', '只有负责这项事项的单位或部门人员可以标记完成。');
  if (row.state !== 'open')
    return toast('info', row.state === 'done' ? '这项事项已标记完成。' : '这项期限已不再适用。');
  const now = ctx.clock();
  const today = todayInShanghai(now);
  const changed = await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(deadlines)
      .set({ state: 'done', doneOn: today, doneBy: operator, nextReminderOn: null, updatedAt: now })
      .where(and(eq(deadlines.id, row.id), eq(deadlines.state, 'open')))
      .returning({ id: deadlines.id });
    if (updated.length === 0) return false;
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: operator,
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
export async function uploadForDeadline(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
): Promise<CardActionResponse> {
  const found = await deadlineFor(ctx, value);
  if (isResponse(found)) return found;
  const { row, project, pack } = found;
  const person = await lookupPerson(ctx.db, operator);
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

/**
 * 申请延期 (only where the pack allows it): the form, then the request to the reviewer office,
 * which confirms or refuses it; a granted extension counts reminders to the new date.
 */
export async function requestExtension(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
  form: Record<string, unknown>,
): Promise<CardActionResponse> {
  const found = await deadlineFor(ctx, value);
  if (isResponse(found)) return found;
  const { row, project, pack } = found;
  const person = await lookupPerson(ctx.db, operator);
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
  if (value.mode !== 'submit') return formCard();
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
export async function decideExtension(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
): Promise<CardActionResponse> {
  const id = Number(value.requestId);
  const decision = value.decision;
  if (!Number.isInteger(id) || (decision !== 'grant' && decision !== 'refuse')) return toast('error', '卡片数据无效。');
  const [req] = await ctx.db.select().from(extensionRequests).where(eq(extensionRequests.id, id));
  if (!req) return toast('error', '没有找到这项延期申请。');
  const [row] = await ctx.db.select().from(deadlines).where(eq(deadlines.id, req.deadlineId));
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, req.projectId));
  if (!row || !project) return toast('error', '没有找到这项期限。');
  const person = await lookupPerson(ctx.db, operator);
  if (!isReviewerOf(person, project.regionId)) return toast('error', '只有主管部门可以确认延期。');
  const pack = packOf(ctx, project.policy);
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
      const next = locked!.state === 'open' ? nextReminderDate(target, await recordedKeys(tx, row.id), today, s) : null;
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
