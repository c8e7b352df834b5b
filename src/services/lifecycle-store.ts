/**
 * Data access shared by the lifecycle, reminder and rectification services: a project as the pure
 * lifecycle core sees it, its deadline rows kept in step with its events, who is responsible and
 * who may act. Nothing here sends a message.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import {
  attachments,
  deadlines,
  memberships,
  projectEvents,
  type projects,
  rectifications,
  units,
} from '../../db/schema/index.js';
import { addWorkingDays, isWorkingDay, todayInShanghai } from '../calendar.js';
import { currentStage, mainStages, type LifecycleProject } from '../lifecycle/common.js';
import { projectDeadlines, reconcileDeadlines, type DeadlineRow } from '../lifecycle/deadlines.js';
import { ladder, type Rectification } from '../lifecycle/rectification.js';
import { remindersDue, type ReminderTarget } from '../lifecycle/reminders.js';
import type { AppContext } from '../context.js';
import type { Person } from '../org/store.js';
import { officesWithRole } from '../org/store.js';
import { triggerEvents, type ProjectFacts } from '../rules/engine.js';
import { packById } from '../rules/packs/index.js';
import type { LocalDate, Role, RulePack } from '../rules/types.js';

export type Project = typeof projects.$inferSelect;
export type StoredDeadline = typeof deadlines.$inferSelect;

/** Statuses of a project that has been approved (its lifecycle exists). */
export const AFTER_APPROVAL: readonly Project['status'][] = ['approved', 'suspended', 'terminated'];

export function packOf(ctx: Pick<AppContext, 'packs'>, policy: string): RulePack {
  const pack = packById(policy, ctx.packs);
  if (!pack) throw new Error(`no rule pack ${policy}`);
  return pack;
}

export function todayOf(ctx: Pick<AppContext, 'clock'>): LocalDate {
  return todayInShanghai(ctx.clock());
}

/** The project's events as the core reads them: event id → date. */
export async function projectEventDates(q: DbOrTx, projectId: number): Promise<Record<string, LocalDate>> {
  const rows = await q
    .select({ event: projectEvents.event, date: projectEvents.date })
    .from(projectEvents)
    .where(eq(projectEvents.projectId, projectId));
  return Object.fromEntries(rows.map((r) => [r.event, r.date]));
}

/** Material ids attached to the project. */
export async function attachedMaterialIds(q: DbOrTx, projectId: number): Promise<string[]> {
  const rows = await q
    .select({ materialId: attachments.materialId })
    .from(attachments)
    .where(and(eq(attachments.projectId, projectId), isNotNull(attachments.materialId)));
  return [...new Set(rows.map((r) => r.materialId!))];
}

/** The consequence that stops a suspended or terminated project, from the rung its 整改 reached. */
async function haltOf(q: DbOrTx, pack: RulePack, project: Project): Promise<LifecycleProject['halted']> {
  if (project.status !== 'suspended' && project.status !== 'terminated') return null;
  const rows = await q.select().from(rectifications).where(eq(rectifications.projectId, project.id));
  const rungs = ladder(pack);
  let best: NonNullable<LifecycleProject['halted']> | null = null;
  let bestRung = -1;
  for (const r of rows) {
    const rung = rungs.find((x) => x.rung === r.rung);
    if (rung && haltKind(rung.name) !== null && r.rung > bestRung) {
      best = { name: rung.name, article: rung.article, quote: rung.quote };
      bestRung = r.rung;
    }
  }
  return best;
}

/**
 * Whether a consequence of the ladder stops the project: 终止 ends it, 暂停 suspends it. This reads
 * the words of the consequence's name (the packs' vocabulary), not a rule.
 */
export function haltKind(name: string): 'terminated' | 'suspended' | null {
  if (name.includes('终止')) return 'terminated';
  if (name.includes('暂停')) return 'suspended';
  return null;
}

export async function loadLifecycleProject(
  q: DbOrTx,
  pack: RulePack,
  project: Project,
  events?: Record<string, LocalDate>,
): Promise<LifecycleProject> {
  return {
    kind: project.kind,
    stage: project.stage,
    events: events ?? (await projectEventDates(q, project.id)),
    facts: project.facts as ProjectFacts,
    attachedMaterialIds: await attachedMaterialIds(q, project.id),
    halted: await haltOf(q, pack, project),
  };
}

/** The stage id to store for a project: the main stage it is in, or the last one once all are done. */
export function stageAfter(pack: RulePack, events: Readonly<Record<string, LocalDate>>): string | null {
  const main = mainStages(pack);
  return currentStage(pack, events)?.id ?? main[main.length - 1]?.id ?? null;
}

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
    key: row.key,
    limitId: row.limitId,
    obligation: row.obligation,
    type: row.type,
    triggerKind: row.triggerKind,
    from: row.from,
    due: row.due,
    until: row.until ?? null,
    provisional: row.provisional,
    article: row.article,
    quote: row.quote,
    responsible: row.responsible,
    extensionArticle: row.extensionArticle ?? null,
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
  recordedKeys: (deadlineId: number) => Promise<Set<string>>,
  today: LocalDate,
  now: Date,
  s: ReminderSettings,
): Promise<void> {
  const open = await tx
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.projectId, projectId), eq(deadlines.state, 'open')));
  for (const r of open) {
    const next = nextReminderDate(targetOf(r), await recordedKeys(r.id), today, s);
    await tx.update(deadlines).set({ nextReminderOn: next, updatedAt: now }).where(eq(deadlines.id, r.id));
  }
}

// ---------------------------------------------------------------------------------------------
// People

export interface UnitPeople {
  unitId: number;
  name: string;
  chatId: string | null;
  members: string[];
  leaders: string[];
}

export async function unitPeople(q: DbOrTx, unitId: number): Promise<UnitPeople> {
  const [unit] = await q.select().from(units).where(eq(units.id, unitId));
  const rows = await q
    .select({ openId: memberships.openId, position: memberships.position })
    .from(memberships)
    .where(and(eq(memberships.orgType, 'unit'), eq(memberships.orgId, unitId)));
  return {
    unitId,
    name: unit?.name ?? '',
    chatId: unit?.chatId ?? null,
    members: [...new Set(rows.filter((r) => r.position === 'member').map((r) => r.openId))],
    leaders: [...new Set(rows.filter((r) => r.position === 'leader').map((r) => r.openId))],
  };
}

/** The people of the region's offices with a role: members, leaders, and the offices' names. */
export async function officePeople(
  q: DbOrTx,
  regionId: string,
  role: string,
): Promise<{ members: string[]; leaders: string[]; names: string[] }> {
  const offices = await officesWithRole(q as Db, regionId, role);
  return {
    members: [...new Set(offices.flatMap((o) => o.members))],
    leaders: [...new Set(offices.flatMap((o) => o.leaders))],
    names: offices.map((o) => o.officeName),
  };
}

/**
 * Who is responsible for a row: for the unit, the unit's members and the project's declarant (its
 * leaders when it has no members); for an office role, the members of that role's offices.
 */
export async function responsiblePeople(
  q: DbOrTx,
  project: Pick<Project, 'unitId' | 'regionId' | 'createdBy'>,
  role: string,
): Promise<string[]> {
  if (role === 'unit') {
    const u = await unitPeople(q, project.unitId);
    const people = new Set([...u.members, project.createdBy].filter((x) => x));
    if (people.size === 0) for (const l of u.leaders) people.add(l);
    return [...people];
  }
  const o = await officePeople(q, project.regionId, role);
  return o.members.length > 0 ? o.members : o.leaders;
}

/** Members and leaders of the project's unit may report for it. */
export function actsForUnit(person: Person, unitId: number): boolean {
  return person.units.some((u) => u.unitId === unitId);
}

/** A member or leader of a reviewer office of the region. */
export function isReviewerOf(person: Person, regionId: string): boolean {
  return person.offices.some((o) => o.regionId === regionId && o.role === 'reviewer');
}

/** May mark a row done: the unit's people for unit rows, the members of the office for an office's row. */
export function isResponsibleFor(
  person: Person,
  row: Pick<StoredDeadline, 'responsible' | 'unitId' | 'regionId'>,
): boolean {
  if (row.responsible === 'unit') return row.unitId !== null && actsForUnit(person, row.unitId);
  return person.offices.some((o) => o.regionId === row.regionId && o.role === row.responsible);
}

/** A project card's data. */
export function cardProject(p: Pick<Project, 'id' | 'name' | 'number'>) {
  return { id: p.id, name: p.name, number: p.number };
}

export function rectOf(row: typeof rectifications.$inferSelect): Rectification {
  return row.data as Rectification;
}

/** Shanghai date of an instant stored in the database. */
export function dayOf(at: Date): LocalDate {
  return todayInShanghai(at);
}
