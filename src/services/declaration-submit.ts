/**
 * 提交申报: the last card action of the declaration form. Checks the draft once more, turns it into
 * a project exactly once (a new number, or the returned project updated) and starts its approval.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { attachments, auditLog, drafts, projectCounters, projects } from '../../db/schema/index.js';
import { todayInShanghai } from '../calendar.js';
import type { AppContext } from '../context.js';
import {
  complianceFindings,
  factsOf,
  firstStepWithError,
  summarise,
  validateDeclaration,
} from '../declaration/index.js';
import type { RulePack } from '../rules/types.js';
import { startApproval } from './approval/index.js';
import {
  type DraftOutcome,
  draftMaterials,
  draftWithForm,
  reviewView,
  saveShowingStep,
  unitInfo,
} from './declaration-drafts.js';
import { isRefusal, refuse } from './project-access.js';

/** Per region code and year, the next readable project number: JZ-2026-0007. */
async function nextProjectNumber(tx: Tx, pack: RulePack, year: number): Promise<string> {
  const [row] = await tx
    .insert(projectCounters)
    .values({ prefix: pack.region.code, year, last: 1 })
    .onConflictDoUpdate({
      target: [projectCounters.prefix, projectCounters.year],
      set: { last: sql`${projectCounters.last} + 1` },
    })
    .returning({ last: projectCounters.last });
  return `${pack.region.code}-${year}-${String(row!.last).padStart(4, '0')}`;
}

/** What the card of a submitted declaration shows. */
export interface Submitted {
  number: string;
  name: string;
  regionName: string;
  status: string;
  nextStep: string;
}

export interface SubmittedProject {
  id: number;
  number: string;
  regionId: string;
  unitId: number;
  name: string;
}

/**
 * 提交申报: creates the project from the draft exactly once (a double tap or a replayed callback
 * finds the draft already submitted), records the audit entry and hands it on.
 */
export async function submitDeclaration(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
  messageId: string | undefined,
  onSubmitted: (tx: Tx, project: SubmittedProject, pack: RulePack) => Promise<void> = (tx, project, pack) =>
    startApproval(ctx, tx, project.id, pack, ctx.clock()),
): Promise<DraftOutcome | { submitted: Submitted }> {
  const found = await draftWithForm(ctx, value.draftId, operator);
  if (isRefusal(found)) return found;
  const { draft, pack, form } = found;
  const values = draft.values as Record<string, string>;

  const check = validateDeclaration(form, values);
  if (!check.ok) {
    const unit = await unitInfo(ctx.db, draft.unitId);
    return saveShowingStep(
      ctx,
      { pack, form, draft, unit },
      value.version,
      { errors: check.errors, step: firstStepWithError(form, check.errors) },
      { kind: 'invalid' },
    );
  }
  const { attachedIds } = await draftMaterials(ctx.db, pack, form, draft);
  const findings = complianceFindings(pack, form, values, attachedIds);
  if (findings.blockers.length > 0) {
    const first = findings.blockers[0]!;
    return {
      shown: { review: await reviewView(ctx.db, pack, form, draft) },
      note: { kind: 'blocked', count: findings.blockers.length, message: first.message, article: first.article },
    };
  }

  const summary = summarise(form, values);
  const facts = factsOf(pack, form, values, attachedIds);
  const now = ctx.clock();
  const outcome = await ctx.db.transaction(async (tx) => {
    const claimed = await tx
      .update(drafts)
      .set({ status: 'submitted', updatedAt: now, version: draft.version + 1 })
      .where(and(eq(drafts.id, draft.id), eq(drafts.version, Number(value.version)), eq(drafts.status, 'open')))
      .returning({ id: drafts.id });
    if (claimed.length === 0) return null;
    const year = Number(todayInShanghai(now).slice(0, 4));
    let project: SubmittedProject;
    const common = {
      kind: draft.kind!,
      name: summary.name,
      investmentYuan: summary.investmentYuan,
      fields: values,
      facts: facts as Record<string, unknown>,
      findings: findings.warnings as unknown[],
      status: 'submitted' as const,
      submittedAt: now,
      updatedAt: now,
    };
    if (draft.projectId) {
      // A resubmission after 退回修改 updates the returned project.
      const [row] = await tx
        .update(projects)
        .set({ ...common, version: sql`${projects.version} + 1` })
        .where(eq(projects.id, draft.projectId))
        .returning();
      project = row!;
    } else {
      const number = await nextProjectNumber(tx, pack, year);
      const [row] = await tx
        .insert(projects)
        .values({
          ...common,
          number,
          regionId: draft.regionId,
          policy: pack.id,
          unitId: draft.unitId,
          createdBy: operator,
        })
        .returning();
      project = row!;
    }
    await tx.update(attachments).set({ projectId: project.id }).where(eq(attachments.draftId, draft.id));
    await tx.insert(auditLog).values({
      projectId: project.id,
      actorOpenId: operator,
      action: draft.projectId ? 'resubmit' : 'submit',
      detail: { draftId: draft.id, number: project.number, warnings: findings.warnings.map((w) => w.id) },
      messageId: messageId ?? null,
      at: now,
    });
    await onSubmitted(tx, project, pack);
    return project;
  });
  if (!outcome) return refuse('该申报已提交，无需重复提交。', 'info');
  ctx.notifyOutbox();
  const unit = await unitInfo(ctx.db, draft.unitId);
  return {
    submitted: {
      number: outcome.number,
      name: outcome.name,
      regionName: unit.regionName,
      status: '已提交',
      nextStep: `等待${pack.roleNames.reviewer ?? '主管部门'}审核`,
    },
  };
}
