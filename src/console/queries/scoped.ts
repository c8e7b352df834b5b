/**
 * The console's scoped selects: every list of the console starts from the projects or the deadlines
 * the viewer may see (scope.ts), joined to what names them; callers add their own joins, order,
 * grouping and limits.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import type { PgSelectBase, SelectedFields } from 'drizzle-orm/pg-core';
import { deadlines, projects, regions, units } from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import { scopeWhere, type Viewer } from '../scope.js';

export type Project = typeof projects.$inferSelect;

export const projectScope = (v: Viewer) => scopeWhere(v, { regionId: projects.regionId, unitId: projects.unitId });

/** What a scoped select is given: who looks, what to select, and further conditions. */
type ScopedArgs<F> = [ctx: AppContext, v: Viewer, fields: F, ...conds: (SQL | undefined)[]];

/**
 * The query's own type, spelled out: TypeScript cannot follow drizzle's types through a generic
 * selection. `J` says which joined tables may be null.
 */
type Scoped<
  T extends string,
  F extends SelectedFields,
  J extends Record<string, 'not-null' | 'nullable'>,
> = PgSelectBase<T, F, 'partial', J, false, 'where'>;

/**
 * `select fields from projects` joined to the project's region and unit, limited to the projects
 * the viewer sees and to `conds`. Lists of things that belong to a project (approval tasks,
 * 整改) join their table to it.
 */
export function visibleProjects<F extends SelectedFields>(...[ctx, v, fields, ...conds]: ScopedArgs<F>) {
  return ctx.db
    .select(fields as SelectedFields)
    .from(projects)
    .innerJoin(regions, eq(regions.id, projects.regionId))
    .innerJoin(units, eq(units.id, projects.unitId))
    .where(and(projectScope(v), ...conds)) as unknown as Scoped<
    'projects',
    F,
    { projects: 'not-null'; regions: 'not-null'; units: 'not-null' }
  >;
}

/**
 * `select fields from deadlines` joined to the row's region and, where it has them (annual rows
 * are the region's), its project and unit, limited to the rows the viewer sees and to `conds`.
 */
export function visibleDeadlines<F extends SelectedFields>(...[ctx, v, fields, ...conds]: ScopedArgs<F>) {
  const scope = scopeWhere(v, { regionId: deadlines.regionId, unitId: deadlines.unitId });
  // Annual rows have no project or unit: left joins keep them.
  const withNames = ctx.db
    .select(fields as SelectedFields)
    .from(deadlines)
    .innerJoin(regions, eq(regions.id, deadlines.regionId))
    .leftJoin(projects, eq(projects.id, deadlines.projectId))
    .leftJoin(units, eq(units.id, deadlines.unitId));
  return withNames.where(and(scope, ...conds)) as unknown as Scoped<
    'deadlines',
    F,
    { deadlines: 'not-null'; regions: 'not-null'; projects: 'nullable'; units: 'nullable' }
  >;
}

/** What names a project-bound row: the project's number and name, its region and unit. */
export const PROJECT_NAMES = {
  projectNumber: projects.number,
  projectName: projects.name,
  regionName: regions.name,
  unitName: units.name,
};
