/**
 * The list pages' reads: the approval cards not yet acted on and the 整改 notices, each limited to
 * what the viewer sees.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { approvalTasks, offices, projects, rectifications } from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import { ladder } from '../../lifecycle/rectification.js';
import { packById } from '../../rules/packs/index.js';
import type { Viewer } from '../scope.js';
import { PROJECT_NAMES, visibleProjects } from './scoped.js';

export interface PendingTask {
  id: number;
  projectNumber: string;
  projectName: string;
  regionName: string;
  unitName: string;
  officeName: string;
  officeId: number;
  assignee: string;
  onBehalfOf: string | null;
  round: number;
  stepIndex: number;
  createdAt: Date;
}

/** Approval cards not yet acted on, oldest first, with the office they wait in. */
export async function pendingApprovals(ctx: AppContext, v: Viewer, limit = 500): Promise<PendingTask[]> {
  return visibleProjects(
    ctx,
    v,
    {
      id: approvalTasks.id,
      ...PROJECT_NAMES,
      officeName: offices.name,
      officeId: offices.id,
      assignee: approvalTasks.assignee,
      onBehalfOf: approvalTasks.onBehalfOf,
      round: approvalTasks.round,
      stepIndex: approvalTasks.stepIndex,
      createdAt: approvalTasks.createdAt,
    },
    eq(approvalTasks.status, 'pending'),
  )
    .innerJoin(approvalTasks, eq(approvalTasks.projectId, projects.id))
    .innerJoin(offices, eq(offices.id, approvalTasks.officeId))
    .orderBy(asc(approvalTasks.createdAt), asc(approvalTasks.id))
    .limit(limit);
}

export interface RectificationItem {
  id: number;
  projectNumber: string;
  projectName: string;
  regionName: string;
  unitName: string;
  state: string;
  deadline: string;
  rung: number;
  rungName: string;
  proposedRungName: string | null;
  problems: string[];
  updatedAt: Date;
}

export const RECT_STATE_LABELS: Record<string, string> = {
  issued: '待整改',
  reported: '已报告待审核',
  returned: '退回重新整改',
  accepted: '已通过',
  refused: '拒不整改',
  closed: '已关闭',
};

export async function rectificationList(
  ctx: AppContext,
  v: Viewer,
  o: { projectId?: number; limit?: number } = {},
): Promise<RectificationItem[]> {
  const rows = await visibleProjects(
    ctx,
    v,
    {
      id: rectifications.id,
      ...PROJECT_NAMES,
      policy: projects.policy,
      state: rectifications.state,
      deadline: rectifications.deadline,
      rung: rectifications.rung,
      proposedRung: rectifications.proposedRung,
      data: rectifications.data,
      updatedAt: rectifications.updatedAt,
    },
    o.projectId !== undefined ? eq(rectifications.projectId, o.projectId) : undefined,
  )
    .innerJoin(rectifications, eq(rectifications.projectId, projects.id))
    .orderBy(
      sql`case when ${rectifications.state} in ('accepted', 'closed') then 1 else 0 end`,
      asc(rectifications.deadline),
    )
    .limit(o.limit ?? 500);
  return rows.map((r) => {
    const pack = packById(r.policy, ctx.packs);
    const rungs = pack ? ladder(pack) : [];
    const name = (n: number | null) => (n === null ? null : (rungs.find((x) => x.rung === n)?.name ?? `第${n}级`));
    const data = (r.data ?? {}) as { problems?: { message?: string }[] };
    return {
      id: r.id,
      projectNumber: r.projectNumber,
      projectName: r.projectName,
      regionName: r.regionName,
      unitName: r.unitName,
      state: r.state,
      deadline: String(r.deadline).slice(0, 10),
      rung: r.rung,
      rungName: name(r.rung) ?? '',
      proposedRungName: name(r.proposedRung),
      problems: (data.problems ?? []).map((p) => String(p.message ?? '')).filter(Boolean),
      updatedAt: r.updatedAt,
    };
  });
}
