/**
 * What approval cards show of a project: its summary (with the change request's, for a change
 * route), who applied, and the required materials as the unit submitted them. Shared by every
 * card the approval service sends.
 */
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client.js';
import { attachments, projects, units } from '../../../db/schema/index.js';
import type { ProjectSummary } from '../../../cards/approval/index.js';
import type { ApprovalSubject } from '../../approval/subject.js';
import type { AppContext } from '../../context.js';
import { declarationForm, projectMaterialStatus, reviewSummary } from '../../declaration/index.js';
import { packById } from '../../rules/packs/index.js';
import type { RulePack } from '../../rules/types.js';
import { changeRequestById, changeSummary } from './change.js';

export type Project = typeof projects.$inferSelect;

/** What the cards show, and who applied: the project (declaration) or the change request and its requester. */
export async function subjectSummary(
  tx: DbOrTx,
  pack: RulePack,
  project: Project,
  subject: ApprovalSubject,
): Promise<{ summary: ProjectSummary; applicant: string }> {
  const base = await projectSummary(tx, pack, project);
  if (subject.kind === 'declaration') return { summary: base, applicant: project.createdBy };
  const req = await changeRequestById(tx as Db, subject.changeRequestId);
  if (!req) throw new Error(`no change request ${subject.changeRequestId}`);
  return { summary: { ...base, change: changeSummary(pack, req) }, applicant: req.requestedBy };
}

async function projectSummary(tx: DbOrTx, pack: RulePack, p: Project): Promise<ProjectSummary> {
  const [unit] = await (tx as Db).select({ name: units.name }).from(units).where(eq(units.id, p.unitId));
  const form = declarationForm(pack, p.kind);
  return {
    number: p.number,
    name: p.name,
    unitName: unit?.name ?? '',
    regionName: pack.region.name,
    kindLabel: form.kindLabel,
    investmentWan: p.investmentYuan / 10_000,
    review: reviewSummary(form, p.fields as Record<string, string>),
  };
}

/** What a step's cards show of a project (or of its change request). */
export async function stepCardSummary(
  tx: DbOrTx,
  ctx: AppContext,
  projectId: number,
  subject: ApprovalSubject,
): Promise<ProjectSummary> {
  const [project] = await (tx as Db).select().from(projects).where(eq(projects.id, projectId));
  return (await subjectSummary(tx, packById(project!.policy, ctx.packs)!, project!, subject)).summary;
}

/** The required materials as the unit saw them on submitting (its 申报表 counts as attached). */
export async function projectMaterials(tx: DbOrTx, pack: RulePack, project: Project) {
  const rows = await (tx as Db)
    .select({ materialId: attachments.materialId })
    .from(attachments)
    .where(eq(attachments.projectId, project.id));
  const ids = rows.map((r) => r.materialId).filter((m): m is string => Boolean(m));
  return projectMaterialStatus(pack, project.kind, project.facts, ids).map((m) => ({
    name: m.material.name,
    attached: m.attached,
    generated: m.generated,
  }));
}
