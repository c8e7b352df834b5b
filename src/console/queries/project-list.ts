/** The project list's read: the projects the viewer sees, filtered by region, stage and words, one page at a time. */
import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { projects, regions, units } from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import { packById } from '../../rules/packs/index.js';
import { STATUS_LABELS, stageLabel } from '../../services/projects.js';
import type { Viewer } from '../scope.js';
import { visibleProjects, type Project } from './scoped.js';

export interface ProjectListFilter {
  regionId?: string;
  stage?: string;
  q?: string;
  page?: number;
}

export const PAGE_SIZE = 50;

export interface ProjectListRow {
  id: number;
  number: string;
  name: string;
  regionName: string;
  unitName: string;
  kind: string;
  stage: string;
  investmentYuan: number;
  submittedAt: Date;
  approvedAt: Date | null;
}

/** Stage filter → SQL: a status label or a lifecycle stage name of the region's pack. */
function stageCondition(ctx: AppContext, label: string): SQL | undefined {
  const status = (Object.entries(STATUS_LABELS) as [Project['status'], string][]).find(([, l]) => l === label)?.[0];
  const stageIds = ctx.packs.flatMap((p) => p.stages.filter((s) => s.name === label).map((s) => s.id));
  const parts: SQL[] = [];
  if (status) parts.push(and(eq(projects.status, status), sql`${projects.stage} is null`)!);
  if (stageIds.length) parts.push(inArray(projects.stage, stageIds));
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0] : or(...parts);
}

export async function projectList(
  ctx: AppContext,
  v: Viewer,
  f: ProjectListFilter,
): Promise<{ rows: ProjectListRow[]; total: number; page: number }> {
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const conds: (SQL | undefined)[] = [];
  if (f.regionId) conds.push(eq(projects.regionId, f.regionId));
  if (f.stage) conds.push(stageCondition(ctx, f.stage));
  if (f.q && f.q.trim()) {
    const like = `%${f.q.trim().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    conds.push(or(ilike(projects.number, like), ilike(projects.name, like)));
  }
  const [{ n }] = (await visibleProjects(ctx, v, { n: count() }, ...conds)) as [{ n: number }];
  const rows = await visibleProjects(
    ctx,
    v,
    {
      id: projects.id,
      number: projects.number,
      name: projects.name,
      policy: projects.policy,
      status: projects.status,
      stage: projects.stage,
      kind: projects.kind,
      investmentYuan: projects.investmentYuan,
      submittedAt: projects.submittedAt,
      approvedAt: projects.approvedAt,
      regionName: regions.name,
      unitName: units.name,
    },
    ...conds,
  )
    .orderBy(desc(projects.submittedAt), desc(projects.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return {
    total: n,
    page,
    rows: rows.map((r) => {
      const pack = packById(r.policy, ctx.packs);
      return {
        id: r.id,
        number: r.number,
        name: r.name,
        regionName: r.regionName,
        unitName: r.unitName,
        kind: pack?.projectKinds.find((k) => k.id === r.kind)?.label ?? r.kind,
        stage: stageLabel(pack, r),
        investmentYuan: r.investmentYuan,
        submittedAt: r.submittedAt,
        approvedAt: r.approvedAt,
      };
    }),
  };
}
