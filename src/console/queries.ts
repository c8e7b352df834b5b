/**
 * The console's reads, one function per page, each limited to what the viewer may see (scope.ts)
 * and written so a page answers in well under 100 ms with 10 000 projects (aggregates in SQL,
 * lists paged or capped).
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgSelectBase, SelectedFields } from 'drizzle-orm/pg-core';
import type { AppContext } from '../context.js';
import {
  approvalTasks,
  attachments,
  auditLog,
  deadlines,
  offices,
  projectEvents,
  projects,
  qaAnswers,
  qaFeedback,
  rectifications,
  regions,
  units,
} from '../../db/schema/index.js';
import { allFields, declarationForm } from '../declaration/form.js';
import { summarise } from '../declaration/summary.js';
import type { FieldSpec } from '../declaration/types.js';
import { ladder } from '../lifecycle/rectification.js';
import { statutoryTimeline, type TimelineEntry } from '../lifecycle/timeline.js';
import { requiredMaterials, type ProjectFacts } from '../rules/engine.js';
import { packById } from '../rules/packs/index.js';
import type { LocalDate, RulePack } from '../rules/types.js';
import { STATUS_LABELS, stageLabel } from '../services/projects.js';
import { scopeWhere, seesRegion, type Viewer } from './scope.js';

type Project = typeof projects.$inferSelect;

const projectScope = (v: Viewer) => scopeWhere(v, { regionId: projects.regionId, unitId: projects.unitId });

// ---------------------------------------------------------------------------------------------
// The scoped queries: every list of the console is one of two shapes, limited to what the viewer sees

/**
 * `select fields from projects` joined to the project's region and unit, limited to the projects
 * the viewer sees and to `conds`. Lists of things that belong to a project (approval tasks,
 * 整改) join their table to it; callers add order, grouping and limits.
 */
function visibleProjects<F extends SelectedFields>(
  ctx: AppContext,
  v: Viewer,
  fields: F,
  ...conds: (SQL | undefined)[]
) {
  const q = ctx.db
    .select(fields as SelectedFields)
    .from(projects)
    .innerJoin(regions, eq(regions.id, projects.regionId))
    .innerJoin(units, eq(units.id, projects.unitId))
    .where(and(projectScope(v), ...conds));
  // The query's own type, spelled out: TypeScript cannot follow drizzle's types through a generic selection.
  return q as unknown as PgSelectBase<
    'projects',
    F,
    'partial',
    { projects: 'not-null'; regions: 'not-null'; units: 'not-null' },
    false,
    'where'
  >;
}

/**
 * `select fields from deadlines` joined to the row's region and, where it has them (annual rows
 * are the region's), its project and unit, limited to the rows the viewer sees and to `conds`.
 */
function visibleDeadlines<F extends SelectedFields>(
  ctx: AppContext,
  v: Viewer,
  fields: F,
  ...conds: (SQL | undefined)[]
) {
  const q = ctx.db
    .select(fields as SelectedFields)
    .from(deadlines)
    .innerJoin(regions, eq(regions.id, deadlines.regionId))
    .leftJoin(projects, eq(projects.id, deadlines.projectId))
    .leftJoin(units, eq(units.id, deadlines.unitId))
    .where(and(scopeWhere(v, { regionId: deadlines.regionId, unitId: deadlines.unitId }), ...conds));
  return q as unknown as PgSelectBase<
    'deadlines',
    F,
    'partial',
    { deadlines: 'not-null'; regions: 'not-null'; projects: 'nullable'; units: 'nullable' },
    false,
    'where'
  >;
}

/** What names a project-bound row: the project's number and name, its region and unit. */
const PROJECT_NAMES = {
  projectNumber: projects.number,
  projectName: projects.name,
  regionName: regions.name,
  unitName: units.name,
};

// ---------------------------------------------------------------------------------------------
// Stages

const BEFORE = ['submitted', 'in_review', 'returned'] as const;
const AFTER = ['rejected', 'suspended', 'terminated'] as const;

/** Where a stage label sorts in the pack's pipeline: approval first, then the lifecycle, then the ends. */
export function stageOrder(pack: RulePack | undefined, status: Project['status'], stage: string | null): number {
  if (stage && pack) {
    const i = pack.stages.findIndex((s) => s.id === stage);
    if (i >= 0) return 100 + i;
  }
  const b = (BEFORE as readonly string[]).indexOf(status);
  if (b >= 0) return b;
  if (status === 'approved') return 50;
  return 1000 + (AFTER as readonly string[]).indexOf(status);
}

/** Every stage label a region's projects can have, in pipeline order (for filters and charts). */
export function stageLabels(pack: RulePack | undefined): string[] {
  return [
    ...BEFORE.map((s) => STATUS_LABELS[s]),
    STATUS_LABELS.approved,
    ...(pack?.stages.map((s) => s.name) ?? []),
    ...AFTER.map((s) => STATUS_LABELS[s]),
  ].filter((x, i, all) => all.indexOf(x) === i);
}

// ---------------------------------------------------------------------------------------------
// Fund channels

export interface ChannelField {
  key: string;
  label: string;
  /** 元 per unit typed: 10000 for 万元 fields, 1 for 元 fields. */
  yuanPer: number;
}

/** A channel's name for people: 财政资金 for the fiscal channel, else the field's label without its unit. */
export function channelLabel(f: Pick<FieldSpec, 'label' | 'role'>): string {
  if (f.role === 'fiscal_fund') return '财政资金';
  return f.label.replace(/[（(][^）)]*[元][^）)]*[）)]\s*$/, '').trim() || f.label;
}

/** The fund-channel fields of each (pack, kind) form. */
export function channelFields(packs: readonly RulePack[]): Map<string, ChannelField[]> {
  const out = new Map<string, ChannelField[]>();
  for (const pack of packs) {
    for (const kind of pack.projectKinds) {
      let fields: FieldSpec[];
      try {
        fields = allFields(declarationForm(pack, kind.id));
      } catch {
        continue;
      }
      out.set(
        `${pack.id}/${kind.id}`,
        fields
          .filter(
            (f) =>
              (f.role === 'fund' || f.role === 'fiscal_fund') && (f.type === 'money_wan' || f.type === 'money_yuan'),
          )
          .map((f) => ({ key: f.id, label: channelLabel(f), yuanPer: f.type === 'money_wan' ? 10000 : 1 })),
      );
    }
  }
  return out;
}

/** The sum of one `fields` key as a number: 0 when blank or not a plain amount like 12 or 12.5. */
const amountOf = (key: string) =>
  sql`coalesce(sum(case when ${projects.fields}->>${key} ~ '^[0-9]+(\.[0-9]+)?$' then (${projects.fields}->>${key})::numeric end), 0)`;

// ---------------------------------------------------------------------------------------------
// Pipeline

export interface StageCount {
  label: string;
  order: number;
  count: number;
  investmentYuan: number;
}

export interface PipelineRegion {
  regionId: string;
  regionName: string;
  policy: string;
  count: number;
  investmentYuan: number;
  stages: StageCount[];
  channels: { label: string; yuan: number }[];
  /** What the finance office arranged (安排金额 by 资金渠道), when known. */
  arranged?: { label: string; yuan: number }[];
}

/** Projects per stage per region, with counts, investment and amounts by fund channel. */
export async function pipeline(ctx: AppContext, v: Viewer): Promise<PipelineRegion[]> {
  const fieldsByForm = channelFields(ctx.packs);
  const keys = [...new Set([...fieldsByForm.values()].flat().map((f) => f.key))].sort();
  const sums = Object.fromEntries(keys.map((k, i) => [`c${i}`, amountOf(k).mapWith(Number)]));
  const rows = await ctx.db
    .select({
      regionId: projects.regionId,
      policy: projects.policy,
      kind: projects.kind,
      status: projects.status,
      stage: projects.stage,
      n: count(),
      investment: sql`coalesce(sum(${projects.investmentYuan}), 0)`.mapWith(Number),
      ...sums,
    })
    .from(projects)
    .where(projectScope(v))
    .groupBy(projects.regionId, projects.policy, projects.kind, projects.status, projects.stage);
  const regionRows = await ctx.db.select().from(regions).orderBy(regions.id);

  const out = new Map<string, PipelineRegion>();
  for (const r of regionRows) {
    if (!seesRegion(v, r.id) && !rows.some((x) => x.regionId === r.id)) continue;
    out.set(r.id, {
      regionId: r.id,
      regionName: r.name,
      policy: r.policy,
      count: 0,
      investmentYuan: 0,
      stages: [],
      channels: [],
    });
  }
  for (const row of rows) {
    const region = out.get(row.regionId);
    if (!region) continue;
    const pack = packById(row.policy, ctx.packs);
    const label = stageLabel(pack, { status: row.status, stage: row.stage });
    let stage = region.stages.find((s) => s.label === label);
    if (!stage) {
      stage = { label, order: stageOrder(pack, row.status, row.stage), count: 0, investmentYuan: 0 };
      region.stages.push(stage);
    }
    stage.count += row.n;
    stage.investmentYuan += row.investment;
    region.count += row.n;
    region.investmentYuan += row.investment;
    const record = row as unknown as Record<string, number>;
    for (const f of fieldsByForm.get(`${row.policy}/${row.kind}`) ?? []) {
      const amount = (record[`c${keys.indexOf(f.key)}`] ?? 0) * f.yuanPer;
      if (!amount) continue;
      const ch = region.channels.find((c) => c.label === f.label);
      if (ch) ch.yuan += amount;
      else region.channels.push({ label: f.label, yuan: amount });
    }
  }
  for (const r of out.values()) {
    r.stages.sort((a, b) => a.order - b.order);
    r.channels.sort((a, b) => b.yuan - a.yuan);
  }
  return [...out.values()];
}

// ---------------------------------------------------------------------------------------------
// Project list

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

// ---------------------------------------------------------------------------------------------
// Deadlines (the `deadlines` table)

export interface DeadlineItem {
  id: number;
  projectId: number | null;
  projectNumber: string | null;
  projectName: string | null;
  regionId: string;
  regionName: string;
  unitId: number | null;
  unitName: string | null;
  limitId: string;
  obligation: string;
  type: string;
  /** The last day that counts: an extension's new date, a window's end, else the due date. */
  lastDay: string;
  due: string;
  article: number;
  articleQuote: string;
  /** The role the pack makes responsible (unit, reviewer …). */
  responsible: string;
  state: string;
  provisional: boolean;
}

/**
 * Open deadlines of the viewer's projects and regions (the one query the deadlines board, the
 * project page and the chart share). `from`/`to` bound the last day; `projectId` narrows to one
 * project (then closed rows come too).
 */
/** The last day that counts: an extension's new date, a window's end, else the due date. */
const deadlineLastDay = sql<string>`coalesce(${deadlines.extendedTo}, case when ${deadlines.type} = 'window' then coalesce(${deadlines.until}, ${deadlines.due}) else ${deadlines.due} end)`;

/** The rows the board counts: open, with a last day to keep (not a "not before" or a minimum). */
const OPEN_DEADLINES = [eq(deadlines.state, 'open'), inArray(deadlines.type, ['deadline', 'window'])];

export interface DeadlineCount {
  lastDay: string;
  unitName: string | null;
  regionName: string;
  n: number;
}

/** Open deadlines counted per last day and unit, up to `to`: the board's chart and per-unit table. */
export async function deadlineCounts(ctx: AppContext, v: Viewer, to: string): Promise<DeadlineCount[]> {
  const rows = await visibleDeadlines(
    ctx,
    v,
    { lastDay: deadlineLastDay, unitName: units.name, regionName: regions.name, n: count() },
    ...OPEN_DEADLINES,
    lte(deadlineLastDay, to),
  ).groupBy(deadlineLastDay, units.name, regions.name);
  return rows.map((r) => ({ ...r, lastDay: String(r.lastDay).slice(0, 10) }));
}

export async function loadDeadlines(
  ctx: AppContext,
  v: Viewer,
  o: { from?: string; to?: string; projectId?: number; limit?: number } = {},
): Promise<DeadlineItem[]> {
  const lastDay = deadlineLastDay;
  const conds: (SQL | undefined)[] =
    o.projectId !== undefined ? [eq(deadlines.projectId, o.projectId)] : [...OPEN_DEADLINES];
  if (o.from) conds.push(gte(lastDay, o.from));
  if (o.to) conds.push(lte(lastDay, o.to));
  const rows = await visibleDeadlines(
    ctx,
    v,
    {
      id: deadlines.id,
      projectId: deadlines.projectId,
      ...PROJECT_NAMES,
      regionId: deadlines.regionId,
      unitId: deadlines.unitId,
      limitId: deadlines.limitId,
      obligation: deadlines.obligation,
      type: deadlines.type,
      lastDay,
      due: deadlines.due,
      article: deadlines.article,
      articleQuote: deadlines.quote,
      responsible: deadlines.responsible,
      state: deadlines.state,
      provisional: deadlines.provisional,
    },
    ...conds,
  )
    .orderBy(asc(lastDay), asc(deadlines.id))
    .limit(o.limit ?? 2000);
  return rows.map((r) => ({ ...r, lastDay: String(r.lastDay).slice(0, 10), due: String(r.due).slice(0, 10) }));
}

// ---------------------------------------------------------------------------------------------
// Pending approvals

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

// ---------------------------------------------------------------------------------------------
// Rectifications

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

// ---------------------------------------------------------------------------------------------
// Q&A feedback

export interface FeedbackItem {
  answerId: number;
  question: string;
  title: string;
  packId: string | null;
  citations: string[];
  downVotes: number;
  lastAt: Date;
}

/** Answers people marked 👎, most disliked first: admins see all, an office its region's pack. */
export async function qaDownVotes(ctx: AppContext, v: Viewer, limit = 200): Promise<FeedbackItem[] | null> {
  if (!v.isAdmin && v.regionIds.length === 0) return null;
  let packCond: SQL | undefined;
  if (!v.isAdmin) {
    const policies = (
      await ctx.db.select({ policy: regions.policy }).from(regions).where(inArray(regions.id, v.regionIds))
    ).map((r) => r.policy);
    packCond = policies.length ? inArray(qaAnswers.packId, policies) : sql`false`;
  }
  const rows = await ctx.db
    .select({
      answerId: qaAnswers.id,
      question: qaAnswers.question,
      title: qaAnswers.title,
      packId: qaAnswers.packId,
      citations: qaAnswers.citations,
      downVotes: count(),
      lastAt: sql<Date>`max(${qaFeedback.at})`.mapWith((x) => new Date(x)),
    })
    .from(qaFeedback)
    .innerJoin(qaAnswers, eq(qaAnswers.id, qaFeedback.answerId))
    .where(and(eq(qaFeedback.vote, 'down'), packCond))
    .groupBy(qaAnswers.id)
    .orderBy(desc(count()), desc(sql`max(${qaFeedback.at})`))
    .limit(limit);
  return rows.map((r) => ({ ...r, citations: (r.citations ?? []).map((c) => c.label) }));
}

// ---------------------------------------------------------------------------------------------
// One project

/** A file filed under a project, as the project page lists it. */
export interface MaterialFile {
  id: number;
  fileName: string;
  receivedAt: Date;
  /** `stored` files can be downloaded; `fetching` ones are still being kept. */
  storage: (typeof attachments.$inferSelect)['storage'];
  fileSize: number | null;
}

export interface ProjectDetail {
  project: Project;
  pack: RulePack | undefined;
  regionName: string;
  unitName: string;
  kindLabel: string;
  stage: string;
  /** Where its approval is, or 已立项 / 已暂停 / 已终止 (`STATUS_LABELS`). */
  status: string;
  fields: { label: string; value: string }[];
  materials: { name: string; attached: MaterialFile[]; article: number | null }[];
  otherFiles: MaterialFile[];
  tasks: {
    officeName: string;
    assignee: string;
    onBehalfOf: string | null;
    status: string;
    round: number;
    stepIndex: number;
    createdAt: Date;
    closedAt: Date | null;
  }[];
  audit: (typeof auditLog.$inferSelect)[];
  /** Lifecycle event id → the date reported. */
  events: Record<string, LocalDate>;
  /** Material ids of the project's attachments (conditions of the pack read them). */
  attachedMaterialIds: string[];
}

const materialFile = (f: typeof attachments.$inferSelect): MaterialFile => ({
  id: f.id,
  fileName: f.fileName,
  receivedAt: f.receivedAt,
  storage: f.storage,
  fileSize: f.fileSize,
});

/** A stored file of the project (the caller has checked the viewer sees the project). */
export async function storedMaterial(ctx: AppContext, projectId: number, attachmentId: number) {
  const [f] = await ctx.db
    .select()
    .from(attachments)
    .where(
      and(eq(attachments.id, attachmentId), eq(attachments.projectId, projectId), eq(attachments.storage, 'stored')),
    );
  return f?.storageKey ? { ...f, storageKey: f.storageKey } : null;
}

export async function findVisibleProject(ctx: AppContext, v: Viewer, number: string): Promise<Project | null> {
  const [p] = await ctx.db
    .select()
    .from(projects)
    .where(and(eq(projects.number, number.trim().toUpperCase()), projectScope(v)));
  return p ?? null;
}

export async function projectDetail(ctx: AppContext, p: Project): Promise<ProjectDetail> {
  const pack = packById(p.policy, ctx.packs);
  const [names] = await ctx.db
    .select({ regionName: regions.name, unitName: units.name })
    .from(units)
    .innerJoin(regions, eq(regions.id, units.regionId))
    .where(eq(units.id, p.unitId));
  let fields: { label: string; value: string }[] = [];
  let kindLabel = p.kind;
  if (pack) {
    try {
      const form = declarationForm(pack, p.kind);
      kindLabel = form.kindLabel;
      fields = summarise(form, p.fields as Record<string, string>).lines;
    } catch {
      fields = Object.entries(p.fields).map(([label, value]) => ({ label, value: String(value ?? '') }));
    }
  }
  const files = await ctx.db
    .select()
    .from(attachments)
    .where(eq(attachments.projectId, p.id))
    .orderBy(attachments.receivedAt);
  const required = pack ? requiredMaterials(pack, p.kind, p.facts) : [];
  const materials = required.map((m) => ({
    name: m.name,
    article: m.article ?? null,
    attached: files.filter((f) => f.materialId === m.id).map(materialFile),
  }));
  const requiredIds = new Set(required.map((m) => m.id));
  const otherFiles = files.filter((f) => !f.materialId || !requiredIds.has(f.materialId)).map(materialFile);
  const tasks = await ctx.db
    .select({
      officeName: offices.name,
      assignee: approvalTasks.assignee,
      onBehalfOf: approvalTasks.onBehalfOf,
      status: approvalTasks.status,
      round: approvalTasks.round,
      stepIndex: approvalTasks.stepIndex,
      createdAt: approvalTasks.createdAt,
      closedAt: approvalTasks.closedAt,
    })
    .from(approvalTasks)
    .innerJoin(offices, eq(offices.id, approvalTasks.officeId))
    .where(eq(approvalTasks.projectId, p.id))
    .orderBy(approvalTasks.round, approvalTasks.stepIndex, approvalTasks.id);
  const audit = await ctx.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.projectId, p.id))
    .orderBy(auditLog.at, auditLog.id)
    .limit(500);
  const eventRows = await ctx.db
    .select({ event: projectEvents.event, date: projectEvents.date })
    .from(projectEvents)
    .where(eq(projectEvents.projectId, p.id));
  return {
    project: p,
    pack,
    regionName: names?.regionName ?? p.regionId,
    unitName: names?.unitName ?? String(p.unitId),
    kindLabel,
    stage: stageLabel(pack, p),
    status: STATUS_LABELS[p.status],
    fields,
    materials,
    otherFiles,
    tasks,
    audit,
    events: Object.fromEntries(eventRows.map((e) => [e.event, String(e.date).slice(0, 10)])),
    attachedMaterialIds: [...new Set(files.flatMap((f) => (f.materialId ? [f.materialId] : [])))],
  };
}

/** Statuses whose project has no statutory future: only the rows already dated are shown. */
const NO_FUTURE: readonly Project['status'][] = ['rejected', 'suspended', 'terminated'];

/**
 * The project's whole statutory timeline (`statutoryTimeline`): its deadline rows, the unit's annual
 * obligations and the pack's limits not yet triggered (待起算).
 */
export function projectTimeline(
  d: ProjectDetail,
  rows: DeadlineItem[],
  today: LocalDate,
): TimelineEntry<DeadlineItem>[] {
  if (!d.pack || NO_FUTURE.includes(d.project.status)) return rows.map((row) => ({ kind: 'dated', row }));
  const p = d.project;
  return statutoryTimeline(
    d.pack,
    { kind: p.kind, facts: p.facts as ProjectFacts, attachedMaterialIds: d.attachedMaterialIds, events: d.events },
    rows,
    today,
  );
}

const AUDIT_LABELS: Record<string, string> = {
  submit: '提交申报',
  resubmit: '修改后重新提交',
  'decision:approve': '同意',
  'decision:return': '退回修改',
  'decision:reject': '不同意',
  transfer: '转交',
  urge: '催办',
  approved: '批复/立项',
  'deadline.done': '期限事项已完成',
  'deadline.extension_requested': '申请延期',
  'deadline.extension_granted': '同意延期',
  'deadline.extension_refused': '不同意延期',
  'rectification.issued': '下发整改通知',
  'rectification.reported': '提交整改报告',
  'rectification.accepted': '整改通过',
  'rectification.returned': '整改退回',
  'rectification.refused': '拒不整改',
  'rectification.rung_applied': '升级处理',
  'rectification.rung_cancelled': '取消升级',
};

export function auditLabel(action: string): string {
  if (action.startsWith('escalate:')) return action.endsWith('urgent') ? '超时加急' : '超时督办';
  if (action.startsWith('event:') || action.startsWith('lifecycle'))
    return `报告进展（${action.replace(/^[a-z]+[:.]/, '')}）`;
  return AUDIT_LABELS[action] ?? action;
}

/** Is this audit row part of the approval trail (as opposed to lifecycle and other events)? */
export function isApprovalAction(action: string): boolean {
  return (
    ['submit', 'resubmit', 'transfer', 'urge', 'approved'].includes(action) ||
    action.startsWith('decision:') ||
    action.startsWith('escalate:')
  );
}

/**
 * A short description of an audit row's detail (comment, step, reason …); `name` names the person a
 * task was transferred to (`to`).
 */
export function auditDetail(detail: Record<string, unknown>, name: (openId: string) => string = (id) => id): string {
  const parts: string[] = [];
  const funding = detail.funding as { amountWan?: unknown; fundChannel?: unknown } | undefined;
  if (funding && typeof funding.amountWan === 'number')
    parts.push(`安排资金 ${+funding.amountWan.toFixed(4)} 万元（${String(funding.fundChannel ?? '')}）`);
  for (const k of ['step', 'comment', 'note', 'reason', 'obligation', 'until', 'deadline', 'to']) {
    const val = detail[k];
    if (typeof val === 'string' && val.trim()) parts.push(k === 'to' ? `转交给 ${name(val.trim())}` : val.trim());
  }
  if (Array.isArray(detail.problems)) parts.push(detail.problems.map(String).join('；'));
  return parts.join(' · ');
}

// ---------------------------------------------------------------------------------------------
// 项目库 export rows

export interface LibraryRow {
  project: Project;
  regionName: string;
  unitName: string;
  kindLabel: string;
  stage: string;
  fields: { label: string; value: string }[];
  channels: { label: string; yuan: number }[];
}

/** Every project of a region the viewer sees, with its declared fields, for the .xlsx 项目库. */
export async function regionLibrary(
  ctx: AppContext,
  v: Viewer,
  regionId: string,
): Promise<{ regionName: string; rows: LibraryRow[] } | null> {
  const [region] = await ctx.db.select().from(regions).where(eq(regions.id, regionId));
  if (!region) return null;
  const list = await visibleProjects(
    ctx,
    v,
    { p: projects, unitName: units.name },
    eq(projects.regionId, regionId),
  ).orderBy(asc(projects.number));
  if (list.length === 0 && !seesRegion(v, regionId)) return null;
  const fieldsByForm = channelFields(ctx.packs);
  const rows = list.map(({ p, unitName }) => {
    const pack = packById(p.policy, ctx.packs);
    let fields: { label: string; value: string }[] = [];
    let kindLabel = p.kind;
    if (pack) {
      try {
        const form = declarationForm(pack, p.kind);
        kindLabel = form.kindLabel;
        fields = summarise(form, p.fields as Record<string, string>).lines.filter((l) => l.label !== '项目类型');
      } catch {
        /* a kind the pack no longer has: no fields */
      }
    }
    const channels = (fieldsByForm.get(`${p.policy}/${p.kind}`) ?? []).map((f) => {
      const raw = String((p.fields as Record<string, unknown>)[f.key] ?? '');
      return { label: f.label, yuan: /^[0-9]+(\.[0-9]+)?$/.test(raw) ? Number(raw) * f.yuanPer : 0 };
    });
    return { project: p, regionName: region.name, unitName, kindLabel, stage: stageLabel(pack, p), fields, channels };
  });
  return { regionName: region.name, rows };
}

/** Regions the viewer can export: every region they see a project of, or see whole. */
export async function visibleRegions(ctx: AppContext, v: Viewer): Promise<{ id: string; name: string }[]> {
  const all = await ctx.db.select({ id: regions.id, name: regions.name }).from(regions).orderBy(regions.id);
  if (v.isAdmin) return all;
  const unitRegions = v.unitIds.length
    ? (await ctx.db.select({ regionId: units.regionId }).from(units).where(inArray(units.id, v.unitIds))).map(
        (u) => u.regionId,
      )
    : [];
  return all.filter((r) => v.regionIds.includes(r.id) || unitRegions.includes(r.id));
}
