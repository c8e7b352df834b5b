/**
 * One project as its page shows it: declared fields, materials (counted as the unit's card counts
 * them), approval tasks, audit rows and lifecycle events, and its whole statutory timeline.
 */
import { and, eq } from 'drizzle-orm';
import {
  approvalTasks,
  attachments,
  auditLog,
  offices,
  projectEvents,
  projects,
  regions,
  units,
} from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import { projectMaterialStatus, type MaterialStatus } from '../../declaration/compliance.js';
import { declarationForm } from '../../declaration/form.js';
import { summarise } from '../../declaration/summary.js';
import { statutoryTimeline, type TimelineEntry } from '../../lifecycle/timeline.js';
import { requiredMaterials, type ProjectFacts } from '../../rules/engine.js';
import { packById } from '../../rules/packs/index.js';
import type { LocalDate, RulePack } from '../../rules/types.js';
import { STATUS_LABELS, stageLabel } from '../../services/projects.js';
import type { Viewer } from '../scope.js';
import type { DeadlineItem } from './deadlines.js';
import { projectScope, type Project } from './scoped.js';

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
  /**
   * The required materials with the files filed under each; `counted` as the unit's card counts it
   * (`projectMaterialStatus`): attached, or `generated` from the declaration (its 申报表).
   */
  materials: { name: string; attached: MaterialFile[]; article: number | null; counted: boolean; generated: boolean }[];
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

/**
 * The project's form kind label and its declared fields as the review card lists them (`summarise`);
 * null where the pack no longer has the kind.
 */
export function declaredFields(
  pack: RulePack | undefined,
  p: Pick<Project, 'kind' | 'fields'>,
): { kindLabel: string; lines: { label: string; value: string }[] } | null {
  if (!pack) return null;
  try {
    const form = declarationForm(pack, p.kind);
    return { kindLabel: form.kindLabel, lines: summarise(form, p.fields as Record<string, string>).lines };
  } catch {
    return null;
  }
}

/** The required materials, counted as the unit's review card counted them (its 申报表 is generated, so attached). */
function materialStatus(pack: RulePack | undefined, p: Project, attachedIds: string[]): MaterialStatus[] {
  if (!pack) return [];
  try {
    return projectMaterialStatus(pack, p.kind, p.facts as ProjectFacts, attachedIds);
  } catch {
    return requiredMaterials(pack, p.kind, p.facts).map((material) => ({
      material,
      attached: attachedIds.includes(material.id),
      generated: false,
    }));
  }
}

export async function projectDetail(ctx: AppContext, p: Project): Promise<ProjectDetail> {
  const pack = packById(p.policy, ctx.packs);
  const [[names], files, tasks, audit, eventRows] = await Promise.all([
    ctx.db
      .select({ regionName: regions.name, unitName: units.name })
      .from(units)
      .innerJoin(regions, eq(regions.id, units.regionId))
      .where(eq(units.id, p.unitId)),
    ctx.db.select().from(attachments).where(eq(attachments.projectId, p.id)).orderBy(attachments.receivedAt),
    ctx.db
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
      .orderBy(approvalTasks.round, approvalTasks.stepIndex, approvalTasks.id),
    ctx.db.select().from(auditLog).where(eq(auditLog.projectId, p.id)).orderBy(auditLog.at, auditLog.id).limit(500),
    ctx.db
      .select({ event: projectEvents.event, date: projectEvents.date })
      .from(projectEvents)
      .where(eq(projectEvents.projectId, p.id)),
  ]);
  const declared = declaredFields(pack, p);
  const attachedMaterialIds = [...new Set(files.flatMap((f) => (f.materialId ? [f.materialId] : [])))];
  const required = materialStatus(pack, p, attachedMaterialIds);
  const requiredIds = new Set(required.map((m) => m.material.id));
  return {
    project: p,
    pack,
    regionName: names?.regionName ?? p.regionId,
    unitName: names?.unitName ?? String(p.unitId),
    kindLabel: declared?.kindLabel ?? p.kind,
    stage: stageLabel(pack, p),
    status: STATUS_LABELS[p.status],
    fields:
      declared?.lines ?? Object.entries(p.fields).map(([label, value]) => ({ label, value: String(value ?? '') })),
    materials: required.map((m) => ({
      name: m.material.name,
      article: m.material.article ?? null,
      attached: files.filter((f) => f.materialId === m.material.id).map(materialFile),
      counted: m.attached,
      generated: m.generated,
    })),
    otherFiles: files.filter((f) => !f.materialId || !requiredIds.has(f.materialId)).map(materialFile),
    tasks,
    audit,
    events: Object.fromEntries(eventRows.map((e) => [e.event, String(e.date).slice(0, 10)])),
    attachedMaterialIds,
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
