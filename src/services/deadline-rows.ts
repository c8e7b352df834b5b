/**
 * A project's deadline rows in the database: when each reminds next, kept in step with the
 * project's events (`syncDeadlines`), paused and resumed with the project, and which reminders of
 * a row are already recorded. Shared by the lifecycle, reminder and rectification services; nothing
 * here sends a message.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { deadlines, remindersSent } from '../../db/schema/index.js';
import { addWorkingDays, isWorkingDay } from '../calendar.js';
import type { LifecycleProject } from '../lifecycle/common.js';
import { projectDeadlines, reconcileDeadlines, type DeadlineRow } from '../lifecycle/deadlines.js';
import { remindersDue, type ReminderTarget } from '../lifecycle/reminders.js';
import type { AppContext } from '../context.js';
import { triggerEvents } from '../rules/engine.js';
import type { LocalDate, Role, RulePack } from '../rules/types.js';
import type { Project, StoredDeadline } from './lifecycle-store.js';

// ---------------------------------------------------------------------------------------------
// Reminder scheduling

export interface ReminderSettings {
  leadDays: readonly number[];
  graceWorkingDays: number;
}

export function reminderSettings(ctx: Pick<AppContext, 'config'>): ReminderSettings {
  const r = ctx.config.reminders;
  return { leadDays: r?.leadDays ?? [7, 3, 1], graceWorkingDays: r?.graceWorkingDays ?? 3 };
}

export function targetOf(
  row: Pick<StoredDeadline, 'key' | 'due' | 'type' | 'from' | 'triggerKind' | 'responsible' | 'until' | 'extendedTo'>,
): ReminderTarget {
  const t: ReminderTarget = {
    key: row.key,
    due: row.due,
    type: row.type,
    from: row.from,
    triggerKind: row.triggerKind,
    responsible: row.responsible as Role,
  };
  if (row.until) t.until = row.until;
  if (row.extendedTo) t.extendedTo = row.extendedTo;
  return t;
}

function onOrAfter(d: LocalDate): LocalDate {
  return isWorkingDay(d) ? d : addWorkingDays(d, 1).date;
}

/**
 * The working day of the next reminder of a row not in `recorded` (reminder keys of the pure
 * core), or null when none will come. Past the escalation, overdue reminders come every working
 * day, so the next one is the next working day.
 */
export function nextReminderDate(
  target: ReminderTarget,
  recorded: ReadonlySet<string>,
  today: LocalDate,
  s: ReminderSettings,
): LocalDate | null {
  if (target.type === 'not_before' || target.type === 'minimum') {
    return recorded.has(`${target.key}:on`) ? null : onOrAfter(target.due);
  }
  const end = target.extendedTo ?? (target.type === 'window' ? (target.until ?? target.due) : target.due);
  const horizon = addWorkingDays(end, Math.max(1, Math.floor(s.graceWorkingDays))).date;
  const all = remindersDue(target, {
    today: horizon,
    state: 'open',
    leadDays: s.leadDays,
    graceWorkingDays: s.graceWorkingDays,
  });
  const pending = all.filter((r) => !recorded.has(r.key)).map((r) => r.date);
  if (pending.length > 0) return pending.reduce((a, b) => (a < b ? a : b));
  return addWorkingDays(today > horizon ? today : horizon, 1).date;
}

/**
 * The first reminder day for a new row: reminders dated before `today` are not sent (the answer to
 * the report has just said when things are due), so the next is on or after today.
 */
export function firstReminderDate(target: ReminderTarget, today: LocalDate, s: ReminderSettings): LocalDate | null {
  const end = target.extendedTo ?? (target.type === 'window' ? (target.until ?? target.due) : target.due);
  const horizon =
    target.type === 'not_before' || target.type === 'minimum'
      ? onOrAfter(target.due)
      : addWorkingDays(end, Math.max(1, s.graceWorkingDays)).date;
  const past = remindersDue(target, {
    today: horizon,
    state: 'open',
    leadDays: s.leadDays,
    graceWorkingDays: s.graceWorkingDays,
  })
    .filter((r) => r.date < today && r.kind !== 'escalate')
    .map((r) => r.key);
  return nextReminderDate(target, new Set(past), today, s);
}

// ---------------------------------------------------------------------------------------------
// Deadline rows

function insertValues(
  project: Project,
  row: DeadlineRow,
  today: LocalDate,
  now: Date,
  s: ReminderSettings | null,
): typeof deadlines.$inferInsert {
  const done = row.fulfilled !== null;
  const target = targetOf({ ...row, until: row.until ?? null, extendedTo: null });
  return {
    projectId: project.id,
    regionId: project.regionId,
    unitId: project.unitId,
    ...ruleColumns(row),
    state: done ? 'done' : 'open',
    doneOn: row.fulfilled?.date ?? null,
    doneBy: row.fulfilled ? `event:${row.fulfilled.event}` : null,
    nextReminderOn: done ? null : s ? firstReminderDate(target, today, s) : today,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Recomputes a project's deadline rows from its events and brings the stored rows in line
 * (`reconcileDeadlines`): new rows added, rows of a corrected date cancelled (and reopened when the
 * date is corrected back), rows the events show as met completed. Returns what changed. Without
 * reminder settings, new rows are looked at by the next sweep (which sets their reminder day).
 */
export async function syncDeadlines(
  tx: DbOrTx,
  pack: RulePack,
  project: Project,
  lp: LifecycleProject,
  today: LocalDate,
  now: Date,
  s: ReminderSettings | null,
): Promise<{ added: number; cancelled: number; completed: number; reopened: number }> {
  const computed = projectDeadlines(pack, lp, today);
  const stored = await tx.select().from(deadlines).where(eq(deadlines.projectId, project.id));
  const { add, cancel, complete } = reconcileDeadlines(
    pack,
    stored.map((r) => ({ key: r.key, limitId: r.limitId, due: r.due, state: r.state })),
    computed,
    today,
  );
  if (add.length > 0) {
    await tx
      .insert(deadlines)
      .values(add.map((r) => insertValues(project, r, today, now, s)))
      .onConflictDoNothing();
  }
  if (cancel.length > 0) {
    await tx
      .update(deadlines)
      .set({ state: 'cancelled', nextReminderOn: null, updatedAt: now })
      .where(and(eq(deadlines.projectId, project.id), inArray(deadlines.key, cancel), eq(deadlines.state, 'open')));
  }
  for (const c of complete) {
    await tx
      .update(deadlines)
      .set({ state: 'done', doneOn: c.date, doneBy: `event:${c.event}`, nextReminderOn: null, updatedAt: now })
      .where(and(eq(deadlines.projectId, project.id), eq(deadlines.key, c.key), eq(deadlines.state, 'open')));
  }
  // A date corrected back: the rows of the original date come back to life.
  const computedKeys = new Map(computed.map((c) => [c.key, c]));
  let reopened = 0;
  for (const r of stored) {
    const c = computedKeys.get(r.key);
    if (r.state !== 'cancelled' || !c || c.fulfilled) continue;
    await tx
      .update(deadlines)
      .set({ state: 'open', nextReminderOn: s ? firstReminderDate(targetOf(r), today, s) : today, updatedAt: now })
      .where(eq(deadlines.id, r.id));
    reopened++;
  }
  // A "not before" row has served once the act it gates has happened (金寨 终验 after 试运行).
  const waiting = await tx
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.projectId, project.id), eq(deadlines.state, 'open'), eq(deadlines.type, 'not_before')));
  let used = 0;
  for (const r of waiting) {
    const met = notBeforeMet(pack, r, lp.events);
    if (!met) continue;
    await tx
      .update(deadlines)
      .set({ state: 'done', doneOn: met.date, doneBy: `event:${met.event}`, nextReminderOn: null, updatedAt: now })
      .where(eq(deadlines.id, r.id));
    used++;
  }
  return { added: add.length, cancelled: cancel.length, completed: complete.length + used, reopened };
}

/**
 * The event that used a "not before" row: a stage gated by the limit's event (its `notBefore`), or
 * resting on the same article, completed on or after the row's start. The pure core completes
 * deadline and window rows (`reconcileDeadlines`); this does the same for not_before rows, so the
 * "you may now" reminder does not come after the act.
 */
export function notBeforeMet(
  pack: RulePack,
  row: Pick<StoredDeadline, 'limitId' | 'from' | 'type'>,
  events: Readonly<Record<string, LocalDate>>,
): { event: string; date: LocalDate } | null {
  if (row.type !== 'not_before') return null;
  const limit = pack.timeLimits.find((l) => l.id === row.limitId);
  if (!limit) return null;
  const starts = triggerEvents(limit.trigger);
  for (const s of pack.stages) {
    if (starts.includes(s.completedBy)) continue;
    if (s.article !== limit.article && !(s.notBefore && starts.includes(s.notBefore.event))) continue;
    const d = events[s.completedBy];
    if (d !== undefined && d >= row.from) return { event: s.completedBy, date: d };
  }
  return null;
}

/** Open rows of a project stop reminding (suspended) or end (terminated). */
export async function pauseDeadlines(
  tx: DbOrTx,
  projectId: number,
  how: 'suspended' | 'terminated',
  now: Date,
): Promise<void> {
  await tx
    .update(deadlines)
    .set(
      how === 'terminated'
        ? { state: 'cancelled', nextReminderOn: null, updatedAt: now }
        : { nextReminderOn: null, updatedAt: now },
    )
    .where(and(eq(deadlines.projectId, projectId), eq(deadlines.state, 'open')));
}

/** Open rows of a resumed project get their next reminder again (reminders already recorded stay so). */
export async function resumeDeadlines(
  tx: DbOrTx,
  projectId: number,
  today: LocalDate,
  now: Date,
  s: ReminderSettings,
): Promise<void> {
  const open = await tx
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.projectId, projectId), eq(deadlines.state, 'open')));
  for (const r of open) {
    const next = nextReminderDate(targetOf(r), await recordedReminderKeys(tx, r.id), today, s);
    await tx.update(deadlines).set({ nextReminderOn: next, updatedAt: now }).where(eq(deadlines.id, r.id));
  }
}

/** The columns a stored row copies from the pure core's row (a project's or a region's). */
export function ruleColumns(r: Omit<DeadlineRow, 'fulfilled'>) {
  return {
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
  };
}

/** The reminder keys (of the pure core) already recorded for a row. */
export async function recordedReminderKeys(q: DbOrTx, deadlineId: number): Promise<Set<string>> {
  const prefix = `d${deadlineId}:`;
  const rows = await q
    .select({ key: remindersSent.key })
    .from(remindersSent)
    .where(eq(remindersSent.deadlineId, deadlineId));
  return new Set(rows.map((r) => r.key.slice(prefix.length)));
}
