/**
 * Which project a question is about, and what the answerer knows of it. A project number in the
 * question names it; "我们项目 / 我单位那个项目 / 咱们的项目 …" from a unit member means the unit's
 * project when the unit has one, and a choice when it has several. The snapshot carries what is
 * attached, the reported events, the open deadlines and the open 整改 of the project.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { attachments, deadlines, projects, rectifications } from '../../db/schema/index.js';
import { asksAboutOwnProject, type ProjectSnapshot } from '../answer/index.js';
import { todayInShanghai } from '../calendar.js';
import type { AppContext } from '../context.js';
import type { Person } from '../org/store.js';
import { projectEventDates, rectOf } from './lifecycle-store.js';

export type Project = typeof projects.$inferSelect;

const PROJECT_NUMBER = /\b([A-Z]{2}-\d{4}-\d{4})\b/i;
/** Projects offered to choose from at most (newest first). */
const MAX_CHOICES = 10;
const OPEN_RECTIFICATION_STATES = ['issued', 'reported', 'returned', 'refused'] as const;

export type ProjectOfQuestion = { project: Project } | { choose: Project[] } | null;

/** Who may ask about a project: its unit's people, the offices of its region, the admins. */
export function mayAskAbout(person: Person, p: Pick<Project, 'unitId' | 'regionId'>): boolean {
  return (
    person.isAdmin ||
    person.units.some((u) => u.unitId === p.unitId) ||
    person.offices.some((o) => o.regionId === p.regionId)
  );
}

/**
 * The project a question is about: one it names by number (when the asker may see it), else for
 * "我们项目…" the unit's only project, or the unit's projects to choose from when there are several.
 */
export async function projectOfQuestion(ctx: AppContext, person: Person, question: string): Promise<ProjectOfQuestion> {
  const number = PROJECT_NUMBER.exec(question)?.[1]?.toUpperCase();
  if (number) {
    const [p] = await ctx.db.select().from(projects).where(eq(projects.number, number));
    return p && mayAskAbout(person, p) ? { project: p } : null;
  }
  const unitIds = person.units.map((u) => u.unitId);
  if (!asksAboutOwnProject(question) || unitIds.length === 0) return null;
  const own = await ctx.db
    .select()
    .from(projects)
    .where(inArray(projects.unitId, unitIds))
    .orderBy(desc(projects.submittedAt), desc(projects.id))
    .limit(MAX_CHOICES + 1);
  if (own.length === 0) return null;
  if (own.length === 1) return { project: own[0]! };
  return { choose: own.slice(0, MAX_CHOICES) };
}

export async function projectSnapshot(ctx: AppContext, p: Project): Promise<ProjectSnapshot> {
  const files = await ctx.db
    .select({ materialId: attachments.materialId })
    .from(attachments)
    .where(eq(attachments.projectId, p.id));
  const events: Record<string, string> = { declared: todayInShanghai(p.submittedAt) };
  if (p.approvedAt) events.approved = todayInShanghai(p.approvedAt);
  Object.assign(events, await projectEventDates(ctx.db, p.id));
  const open = await ctx.db
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.projectId, p.id), eq(deadlines.state, 'open')));
  const rects = await ctx.db
    .select()
    .from(rectifications)
    .where(and(eq(rectifications.projectId, p.id), inArray(rectifications.state, [...OPEN_RECTIFICATION_STATES])));
  return {
    number: p.number,
    name: p.name,
    packId: p.policy,
    kind: p.kind,
    stage: p.stage,
    events,
    attachedMaterialIds: [...new Set(files.map((f) => f.materialId).filter((m): m is string => Boolean(m)))],
    facts: p.facts,
    openDeadlines: open.map((d) => ({ obligation: d.obligation, due: d.extendedTo ?? d.due, article: d.article })),
    rectifications: rects.map((r) => ({
      title:
        rectOf(r)
          .problems.map((x) => x.message)
          .join('；') || '整改',
      deadline: r.deadline,
      rung: r.rung,
    })),
  };
}
