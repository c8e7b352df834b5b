/** A unit's projects: 我的项目 with each project's stage and next deadline, who may see a project, and the 申报表 export. */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { attachments, deadlines, projects, regions, units } from '../../db/schema/index.js';
import { myProjectsCard, type ProjectEntry } from '../../cards/declaration.js';
import type { IncomingText } from '../lark/messages.js';
import type { AppContext } from '../context.js';
import { complianceFindings, declarationForm, summarise } from '../declaration/index.js';
import { genericDeclarationDocx, jinzhaiAnnex1Docx, jinzhaiAnnex2Docx } from '../documents/declaration-docx.js';
import { parseWan, parseYuan } from '../money.js';
import { lookupPerson, type Person } from '../org/store.js';
import { requiredMaterials } from '../rules/engine.js';
import { packById } from '../rules/packs/index.js';
import type { RulePack } from '../rules/types.js';
import { enqueue } from '../outbox/outbox.js';
import { digestEntries } from '../lifecycle/reminders.js';
import { targetOf } from './deadline-rows.js';
import { AFTER_APPROVAL, todayOf } from './lifecycle-store.js';
import { replyPrivately, replyText } from './reply.js';

type Project = typeof projects.$inferSelect;

export const STATUS_LABELS: Record<Project['status'], string> = {
  submitted: '已提交待审核',
  in_review: '审核中',
  returned: '退回修改',
  approved: '已立项',
  rejected: '未通过',
  suspended: '已暂停',
  terminated: '已终止',
};

/** A project's stage for people: the lifecycle stage once approved, else where its approval is. */
export function stageLabel(pack: RulePack | undefined, p: Pick<Project, 'status' | 'stage'>): string {
  if (p.stage && pack) return pack.stages.find((s) => s.id === p.stage)?.name ?? p.stage;
  return STATUS_LABELS[p.status];
}

/** `我的项目`: the projects of the person's units. */
export async function listMyProjects(ctx: AppContext, msg: IncomingText): Promise<void> {
  const person = await lookupPerson(ctx.db, msg.senderOpenId);
  if (person.units.length === 0) {
    await replyText(ctx.db, msg, '你还不在任何申报单位的名单中。请联系管理员把你加入单位。');
    return ctx.notifyOutbox();
  }
  const rows = await ctx.db
    .select()
    .from(projects)
    .where(
      inArray(
        projects.unitId,
        person.units.map((u) => u.unitId),
      ),
    )
    .orderBy(desc(projects.submittedAt))
    .limit(30);
  const next = await nextDeadlines(
    ctx,
    rows.map((p) => p.id),
  );
  const entries: ProjectEntry[] = rows.map((p) => {
    const entry: ProjectEntry = {
      id: p.id,
      number: p.number,
      name: p.name,
      stageLabel: stageLabel(packById(p.policy, ctx.packs), p),
      reportable: AFTER_APPROVAL.includes(p.status),
    };
    const d = next.get(p.id);
    if (d) entry.nextDeadline = d;
    return entry;
  });
  await replyPrivately(ctx.db, msg, myProjectsCard(entries), '已私信你本单位的项目列表。');
  ctx.notifyOutbox();
}

/**
 * Each project's most pressing open deadline, as the unit's daily digest orders them (`digestEntries`:
 * overdue first, then due today, then by the last day that counts — an extension, a window's end).
 */
async function nextDeadlines(ctx: AppContext, projectIds: readonly number[]) {
  const out = new Map<number, NonNullable<ProjectEntry['nextDeadline']>>();
  if (projectIds.length === 0) return out;
  const rows = await ctx.db
    .select()
    .from(deadlines)
    .where(and(inArray(deadlines.projectId, [...projectIds]), eq(deadlines.state, 'open')));
  const stored = rows.map((r) => ({ ...targetOf(r), state: r.state, row: r }));
  for (const e of digestEntries(stored, todayOf(ctx), { horizonWorkingDays: Number.POSITIVE_INFINITY })) {
    const projectId = e.row.row.projectId;
    if (projectId === null || out.has(projectId)) continue;
    out.set(projectId, {
      obligation: e.row.row.obligation,
      due: e.end,
      article: e.row.row.article,
      overdue: e.status === 'overdue',
    });
  }
  return out;
}

/** Who may see a project: its unit's people, the offices of its region, the admins. */
export function maySee(person: Person, p: Pick<Project, 'unitId' | 'regionId'>): boolean {
  return (
    person.isAdmin ||
    person.units.some((u) => u.unitId === p.unitId) ||
    person.offices.some((o) => o.regionId === p.regionId)
  );
}

export async function findProject(ctx: AppContext, number: string): Promise<Project | null> {
  const [p] = await ctx.db.select().from(projects).where(eq(projects.number, number.trim().toUpperCase()));
  return p ?? null;
}

/** The region's official 申报表 of a project, as .docx bytes. */
export async function declarationDocx(ctx: AppContext, p: Project): Promise<Uint8Array> {
  const pack = packById(p.policy, ctx.packs)!;
  const form = declarationForm(pack, p.kind);
  const v = p.fields as Record<string, string>;
  const wan = (key: string) => {
    const r = v[key] ? parseWan(v[key]!) : null;
    return r && r.ok ? r.yuan : null;
  };
  const yuan = (key: string) => {
    const r = v[key] ? parseYuan(v[key]!) : null;
    return r && r.ok ? r.fen : null;
  };
  if (form.formId === 'jinzhai-annex-1') {
    return jinzhaiAnnex1Docx({
      applicant: v.applicant ?? '',
      declaredOn: v.declared_on,
      head: v.head ?? '',
      contact: v.contact ?? '',
      phone: v.phone ?? '',
      email: v.email ?? '',
      projectName: v.project_name ?? p.name,
      constructionPeriod: v.construction_period ?? '',
      investmentYuan: wan('investment_wan') ?? p.investmentYuan,
      fiscalYuan: wan('funding_fiscal_wan'),
      selfRaisedYuan: wan('funding_self_wan'),
      bankLoanYuan: wan('funding_bank_loan_wan'),
      otherYuan: wan('funding_other_wan'),
      basisAndContent: v.basis_and_content ?? '',
    });
  }
  if (form.formId === 'jinzhai-annex-2') {
    const items = [];
    for (let row = 1; row <= 50; row++) {
      const item = v[`items_${row}_item`];
      if (!item) continue;
      const price = v[`items_${row}_unit_price_yuan`] ? parseYuan(v[`items_${row}_unit_price_yuan`]!) : null;
      items.push({
        item,
        model: v[`items_${row}_model`] ?? '',
        quantity: Number(v[`items_${row}_quantity`] ?? 0),
        unitPriceFen: price && price.ok ? price.fen : 0,
      });
    }
    return jinzhaiAnnex2Docx({
      applicant: v.applicant ?? '',
      date: v.date,
      items,
      reason: v.reason ?? '',
      budgetFundsFen: yuan('budget_funds'),
      specialFiscalFundsFen: yuan('special_fiscal_funds'),
      otherFundsFen: yuan('other_funds'),
    });
  }
  const attached = await ctx.db
    .select({ materialId: attachments.materialId })
    .from(attachments)
    .where(eq(attachments.projectId, p.id));
  const attachedIds = attached.map((a) => a.materialId).filter((m): m is string => Boolean(m));
  const findings = complianceFindings(pack, form, v, attachedIds);
  return genericDeclarationDocx({
    regionName: pack.region.name,
    policyTitle: pack.identity.title,
    projectKind: form.kindLabel,
    fields: [{ label: '项目编号', value: p.number }, ...summarise(form, v).lines],
    materials: requiredMaterials(pack, p.kind, p.facts).map((m) => ({
      name: m.name,
      attached: attachedIds.includes(m.id),
      article: m.article,
    })),
    findings: [...findings.blockers, ...findings.warnings].map((f) => ({
      level: f.level,
      message: f.message,
      article: f.article,
    })),
  });
}

/**
 * `导出申报表 <编号>` (and the 导出 button): the .docx is uploaded to Lark and sent to the person as a
 * file message, privately.
 */
export async function exportDeclaration(
  ctx: AppContext,
  openId: string,
  number: string,
  reply?: IncomingText,
): Promise<string> {
  const person = await lookupPerson(ctx.db, openId);
  const p = number ? await findProject(ctx, number) : null;
  if (!p || !maySee(person, p))
    return number ? `没有找到你可以查看的项目 ${number}。` : '请在指令后写项目编号，例如：导出申报表 JZ-2026-0001';
  if (!ctx.messenger) return '未配置飞书应用，无法上传文件。';
  const bytes = await declarationDocx(ctx, p);
  const upload = await ctx.messenger.uploadFile({ name: `${p.number}-申报表.docx`, data: bytes, fileType: 'doc' });
  if (!upload.ok) {
    if (upload.retryable) throw new Error(`upload failed: ${upload.message}`);
    return `申报表上传失败：${upload.message}`;
  }
  const [unit] = await ctx.db
    .select({ name: units.name, region: regions.name })
    .from(units)
    .innerJoin(regions, eq(units.regionId, regions.id))
    .where(eq(units.id, p.unitId));
  await ctx.db.transaction(async (tx) => {
    await enqueue(tx, {
      kind: 'send',
      to: { type: 'open_id', id: openId },
      msgType: 'file',
      content: { file_key: upload.fileKey },
    });
    if (reply && reply.chatType !== 'p2p')
      await replyText(tx, reply, `已私信你 ${p.number}（${unit?.name ?? ''}）的申报表。`);
  });
  ctx.notifyOutbox();
  return '';
}

export async function exportCommand(ctx: AppContext, msg: IncomingText, args: string): Promise<void> {
  const problem = await exportDeclaration(ctx, msg.senderOpenId, args, msg);
  if (problem) {
    await replyText(ctx.db, msg, problem);
    ctx.notifyOutbox();
  }
}
