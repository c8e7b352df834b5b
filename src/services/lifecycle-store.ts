/**
 * Data access shared by the lifecycle, reminder and rectification services: a project as the pure
 * lifecycle core sees it, who is responsible and who may act. Its deadline rows are in
 * `deadline-rows.ts`. Nothing here sends a message.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import {
  attachments,
  type deadlines,
  memberships,
  projectEvents,
  type projects,
  rectifications,
  units,
} from '../../db/schema/index.js';
import { todayInShanghai } from '../calendar.js';
import { currentStage, mainStages, type LifecycleProject } from '../lifecycle/common.js';
import { ladder, type Rectification } from '../lifecycle/rectification.js';
import type { AppContext } from '../context.js';
import type { Person } from '../org/store.js';
import { officesWithRole } from '../org/store.js';
import type { ProjectFacts } from '../rules/engine.js';
import { packById } from '../rules/packs/index.js';
import type { LocalDate, RulePack } from '../rules/types.js';

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
