/**
 * The written opinions of a project: one .docx per decision of a deciding step (审核, 批准), built
 * from the audit row of that decision, so it is the same document whenever it is asked for. After a
 * decision the document goes to the applicant and the unit's group; the console lists and serves it.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { approvalRoutes, auditLog, changeApprovalRoutes, type projects, units } from '../../db/schema/index.js';
import { stepKind, type RoutePlan } from '../approval/plan.js';
import { DECISION_LABELS, type Decision } from '../approval/machine.js';
import { todayInShanghai } from '../calendar.js';
import { personLabel, directoryOf } from '../org/people.js';
import type { AppContext } from '../context.js';
import { declarationForm, reviewSummary } from '../declaration/index.js';
import { opinionDocx, opinionFileName } from '../documents/opinion-docx.js';
import { formatWan } from '../money.js';
import { enqueue } from '../outbox/outbox.js';
import { packById } from '../rules/packs/index.js';
import { demoSurname } from '../org/names.js';

type Project = typeof projects.$inferSelect;

export interface OpinionEntry {
  auditId: number;
  at: Date;
  stepName: string;
  produces: string;
  officeName: string;
  decision: Decision;
  fileName: string;
}

interface DecisionRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

async function planOf(db: Db, projectId: number, detail: Record<string, unknown>): Promise<RoutePlan | null> {
  if (typeof detail.changeRequestId === 'number') {
    const [r] = await db
      .select({ plan: changeApprovalRoutes.plan })
      .from(changeApprovalRoutes)
      .where(eq(changeApprovalRoutes.changeRequestId, detail.changeRequestId));
    return (r?.plan as RoutePlan) ?? null;
  }
  const [r] = await db
    .select({ plan: approvalRoutes.plan })
    .from(approvalRoutes)
    .where(eq(approvalRoutes.projectId, projectId));
  return (r?.plan as RoutePlan) ?? null;
}

/** A decision row as an opinion, when it decided a step of kind `decide`. */
function entryOf(row: DecisionRow, plan: RoutePlan | null, number: string): OpinionEntry | null {
  const index = row.detail.stepIndex;
  if (!plan || typeof index !== 'number') return null;
  const step = plan.steps[index];
  if (!step || stepKind(step) !== 'decide') return null;
  const officeName =
    step.offices.find((o) => o.officeId === row.detail.officeId)?.officeName ?? step.offices[0]?.officeName ?? '';
  return {
    auditId: row.id,
    at: row.at,
    stepName: step.name,
    produces: step.produces,
    officeName,
    decision: row.action.slice('decision:'.length) as Decision,
    fileName: opinionFileName(number, step.name),
  };
}

async function decisionRows(db: Db, projectId: number, auditId?: number): Promise<DecisionRow[]> {
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actorOpenId,
      action: auditLog.action,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.projectId, projectId),
        like(auditLog.action, 'decision:%'),
        auditId === undefined ? undefined : eq(auditLog.id, auditId),
      ),
    )
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  return rows as DecisionRow[];
}

/** Every written opinion of the project, oldest first. */
export async function projectOpinions(db: Db, project: Project): Promise<OpinionEntry[]> {
  const out: OpinionEntry[] = [];
  for (const row of await decisionRows(db, project.id)) {
    const e = entryOf(row, await planOf(db, project.id, row.detail), project.number);
    if (e) out.push(e);
  }
  return out;
}

/** The .docx of one opinion of the project; null when `auditId` is not a deciding step's decision of it. */
export async function opinionDocument(
  ctx: Pick<AppContext, 'db' | 'packs'>,
  project: Project,
  auditId: number,
): Promise<{ fileName: string; bytes: Uint8Array } | null> {
  const [row] = await decisionRows(ctx.db, project.id, auditId);
  if (!row) return null;
  const plan = await planOf(ctx.db, project.id, row.detail);
  const entry = entryOf(row, plan, project.number);
  if (!entry || !plan) return null;
  const step = plan.steps[row.detail.stepIndex as number]!;
  const pack = packById(project.policy, ctx.packs)!;
  const form = declarationForm(pack, project.kind);
  const review = reviewSummary(form, project.fields as Record<string, string>);
  const [unit] = await ctx.db.select({ name: units.name }).from(units).where(eq(units.id, project.unitId));
  const people = await directoryOf(ctx.db, [row.actor]);
  const bytes = await opinionDocx({
    regionName: pack.region.name,
    policyTitle: pack.identity.title,
    produces: step.produces,
    project: {
      number: project.number,
      name: project.name,
      unitName: unit?.name ?? '',
      investment: `${formatWan(project.investmentYuan)}万元`,
      ...(review.funding.length ? { funding: review.funding.map((f) => `${f.label}${f.value}`).join('、') } : {}),
      ...(review.content.length ? { content: review.content.map((c) => c.text).join('\n') } : {}),
    },
    step: { name: step.name, article: step.article, quote: step.quote },
    officeName: entry.officeName,
    decision: DECISION_LABELS[entry.decision],
    opinion: typeof row.detail.comment === 'string' ? row.detail.comment : '',
    decidedBy: personLabel(row.actor, people.get(row.actor), demoSurname),
    date: todayInShanghai(row.at),
  });
  return { fileName: entry.fileName, bytes };
}

/**
 * Sends the opinion of a decision to the applicant and the unit's group as a file (after the
 * decision's answer: uploading can outlast Lark's 3 s). Nothing when the step does not decide.
 */
export async function sendOpinion(
  ctx: AppContext,
  project: Project,
  auditId: number,
  applicant: string,
): Promise<string> {
  const doc = await opinionDocument(ctx, project, auditId);
  if (!doc) return '';
  if (!ctx.messenger) return '未配置飞书应用，无法上传文件。';
  const upload = await ctx.messenger.uploadFile({ name: doc.fileName, data: doc.bytes, fileType: 'doc' });
  if (!upload.ok) return `审核意见书上传失败：${upload.message}`;
  const [unit] = await ctx.db.select({ chatId: units.chatId }).from(units).where(eq(units.id, project.unitId));
  await ctx.db.transaction(async (tx) => {
    const content = { file_key: upload.fileKey };
    await enqueue(tx, {
      kind: 'send',
      to: { type: 'open_id', id: applicant },
      msgType: 'file',
      content,
      dedupeKey: `opinion:${auditId}:applicant`,
    });
    if (unit?.chatId)
      await enqueue(tx, {
        kind: 'send',
        to: { type: 'chat_id', id: unit.chatId },
        msgType: 'file',
        content,
        dedupeKey: `opinion:${auditId}:group`,
      });
  });
  ctx.notifyOutbox();
  return '';
}
