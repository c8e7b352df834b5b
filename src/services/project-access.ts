/**
 * The first steps of a card action on a project: load the project, its rule pack and the person
 * acting (as the org directory knows them), so that each action goes on to its own role check.
 * A missing subject is a plain message, not an exception: a card may outlive its project.
 */
import { eq } from 'drizzle-orm';
import { projects } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';
import { lookupPerson, type Person } from '../org/store.js';
import type { RulePack } from '../rules/types.js';
import { packOf, type Project } from './lifecycle-store.js';

/** What looking up a card's subject came to: the subject, or why there is none (for the person). */
export type Found<T> = ({ ok: true } & T) | { ok: false; error: string };

export interface ProjectAccess {
  project: Project;
  pack: RulePack;
  person: Person;
}

export const NO_PROJECT = '没有找到这个项目。';

/** The project by id with its pack and the person acting. */
export async function projectAccess(
  ctx: Pick<AppContext, 'db' | 'packs'>,
  operator: string,
  projectId: number,
): Promise<Found<ProjectAccess>> {
  const [project] = await ctx.db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) return { ok: false, error: NO_PROJECT };
  return { ok: true, project, pack: packOf(ctx, project.policy), person: await lookupPerson(ctx.db, operator) };
}
