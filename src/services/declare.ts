import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { attachments, auditLog, drafts, projectCounters, projects, regions, units } from '../../db/schema/index.js';
import {
  declarationReviewCard,
  declarationStepCard,
  draftsListCard,
  kindChoiceCard,
  notInUnitCard,
  submittedCard,
} from '../../cards/declaration.js';
import { todayInShanghai } from '../calendar.js';
import { toast, type CardActionResponse, type IncomingText } from '../lark/messages.js';
import type { AppContext } from '../context.js';
import {
  complianceFindings,
  declarationForm,
  declarationMaterials,
  firstStepWithError,
  defaultValues,
  factsOf,
  summarise,
  validateDeclaration,
  validateStep,
} from '../declaration/index.js';
import type { DeclarationForm } from '../declaration/types.js';
import { lookupPerson, officesWithRole, withRegion, type PersonUnit } from '../org/store.js';
import { requiredMaterials } from '../rules/engine.js';
import { packInForce } from '../rules/versions.js';
import type { RulePack } from '../rules/types.js';
import { replyCard, replyPrivately, sendCardTo } from './reply.js';
import { projectNoticeCard } from '../../cards/notice.js';
import { startApproval } from './approval/index.js';

type Draft = typeof drafts.$inferSelect;

const showCard = (card: object, t?: CardActionResponse['toast']): CardActionResponse => ({
  card: { type: 'raw', data: card },
  ...(t ? { toast: t } : {}),
});

const STALE = toast('warning', '这张卡片已不是最新的，请在最新的表单卡片上操作（或发送“我的草稿”）。');

/**
 * The pack a new declaration of a region falls under: the version of the region's `policy` in
 * force today (a revision that supersedes it takes over on its first day). A project then keeps
 * the pack it was declared under (`projects.policy`).
 */
export function regionPackOf(ctx: Pick<AppContext, 'packs' | 'clock'>, policy: string): RulePack {
  const pack = packInForce(ctx.packs, policy, todayInShanghai(ctx.clock()));
  if (!pack) throw new Error(`no rule pack ${policy}`);
  return pack;
}

/** The unit a person declares for: the first unit the directory lists for them. */
async function declaringUnit(ctx: AppContext, openId: string): Promise<PersonUnit | null> {
  const person = await lookupPerson(ctx.db, openId);
  return person.units[0] ?? null;
}

/** Who to ask when someone belongs to no unit: the bot's admins and every region's reviewer office. */
async function whoToAsk(ctx: AppContext): Promise<string[]> {
  const rows = await ctx.db.select({ id: regions.id, name: regions.name }).from(regions);
  const names: string[] = [];
  for (const r of rows)
    for (const o of await officesWithRole(ctx.db, r.id, 'reviewer')) names.push(withRegion(r.name, o.officeName));
  return names;
}

/** `申报`: a new draft and the first card of the region's form, privately. */
export async function startDeclaration(ctx: AppContext, msg: IncomingText): Promise<void> {
  await beginDeclaration(ctx, msg.senderOpenId, {
    card: (tx, card) => replyPrivately(tx, msg, card, '已私信你申报表单，申报信息不在群内展示。'),
    notice: (tx, card) => replyCard(tx, msg, card),
  });
  ctx.notifyOutbox();
}

/**
 * The 申报 button on a card or the bot menu: the form goes to the person's chat with the bot; to
 * someone in no declaring unit, the card saying whom to ask instead. Says which of the two was sent.
 */
export async function startDeclarationPrivately(ctx: AppContext, openId: string): Promise<'form' | 'not_in_unit'> {
  const sent = await beginDeclaration(ctx, openId, {
    card: (tx, card) => sendCardTo(tx, openId, card),
    notice: (tx, card) => sendCardTo(tx, openId, card),
  });
  ctx.notifyOutbox();
  return sent;
}

async function beginDeclaration(
  ctx: AppContext,
  openId: string,
  deliver: {
    card: (tx: Tx | Db, card: object) => Promise<unknown>;
    notice: (tx: Tx | Db, card: object) => Promise<unknown>;
  },
): Promise<'form' | 'not_in_unit'> {
  const unit = await declaringUnit(ctx, openId);
  if (!unit) {
    await deliver.notice(ctx.db, notInUnitCard({ contacts: await whoToAsk(ctx) }));
    return 'not_in_unit';
  }
  const pack = regionPackOf(ctx, unit.policy);
  await ctx.db.transaction(async (tx) => {
    const onlyKind = pack.projectKinds.length === 1 ? pack.projectKinds[0]!.id : null;
    const [draft] = await tx
      .insert(drafts)
      .values({
        ownerOpenId: openId,
        regionId: unit.regionId,
        unitId: unit.unitId,
        kind: onlyKind,
        createdAt: ctx.clock(),
        updatedAt: ctx.clock(),
      })
      .returning();
    let card: object;
    if (onlyKind) {
      const form = declarationForm(pack, onlyKind);
      const values = defaultValues(form, {
        unitName: unit.unitName,
        regionName: unit.regionName,
        today: todayInShanghai(ctx.clock()),
      });
      await tx.update(drafts).set({ values }).where(eq(drafts.id, draft!.id));
      card = stepCard(ctx, pack, form, { ...draft!, values }, unit, {});
    } else {
      card = kindChoiceCard({ pack, draftId: draft!.id, version: draft!.version, today: todayInShanghai(ctx.clock()) });
    }
    await deliver.card(tx, card);
  });
  return 'form';
}

interface UnitInfo {
  unitName: string;
  regionName: string;
}

async function unitInfo(db: Db | Tx, unitId: number): Promise<UnitInfo> {
  const [row] = await db
    .select({ unitName: units.name, regionName: regions.name })
    .from(units)
    .innerJoin(regions, eq(units.regionId, regions.id))
    .where(eq(units.id, unitId));
  return row ?? { unitName: '', regionName: '' };
}

async function draftMaterials(db: Db | Tx, pack: RulePack, form: DeclarationForm, draft: Draft) {
  // A returned project's draft keeps the materials already filed for the project.
  const attached = await db
    .select({ materialId: attachments.materialId })
    .from(attachments)
    .where(
      draft.projectId
        ? or(eq(attachments.draftId, draft.id), eq(attachments.projectId, draft.projectId))
        : eq(attachments.draftId, draft.id),
    );
  const attachedIds = attached.map((a) => a.materialId).filter((m): m is string => Boolean(m));
  // The forms the bot fills in itself (金寨 附件1/附件2) count as attached.
  return { attachedIds, list: declarationMaterials(pack, form, draft.values as Record<string, string>, attachedIds) };
}

function stepCard(
  _ctx: AppContext,
  pack: RulePack,
  form: DeclarationForm,
  draft: Draft,
  unit: UnitInfo,
  errors: Record<string, string>,
) {
  const materials = requiredMaterials(
    pack,
    form.kindId,
    factsOf(pack, form, draft.values as Record<string, string>, []),
  );
  return declarationStepCard({
    form,
    stepIndex: Math.min(draft.step, form.steps.length - 1),
    values: draft.values as Record<string, string>,
    errors,
    draftId: draft.id,
    version: draft.version,
    regionName: unit.regionName,
    unitName: unit.unitName,
    materials,
  });
}

async function reviewCard(db: Db | Tx, pack: RulePack, form: DeclarationForm, draft: Draft) {
  const values = draft.values as Record<string, string>;
  const { attachedIds, list } = await draftMaterials(db, pack, form, draft);
  return declarationReviewCard({
    form,
    summary: summarise(form, values),
    findings: complianceFindings(pack, form, values, attachedIds),
    materials: list,
    draftId: draft.id,
    version: draft.version,
  });
}

/** Loads a draft the operator owns and that is still open, or says why not. */
async function ownedDraft(ctx: AppContext, draftId: unknown, operator: string): Promise<Draft | CardActionResponse> {
  const id = Number(draftId);
  if (!Number.isInteger(id) || id <= 0) return toast('error', '无效的草稿。');
  const [draft] = await ctx.db.select().from(drafts).where(eq(drafts.id, id));
  if (!draft || draft.ownerOpenId !== operator) return toast('error', '只能操作自己的申报草稿。');
  if (draft.status === 'submitted') return toast('info', '该申报已提交，无需重复操作。');
  if (draft.status !== 'open') return toast('info', '该草稿已删除。');
  return draft;
}

const isResponse = (x: unknown): x is CardActionResponse =>
  typeof x === 'object' && x !== null && !('ownerOpenId' in x) && !('draft' in x);

/** The rule pack of a draft's region. */
async function draftPack(ctx: AppContext, draft: Draft): Promise<RulePack> {
  const [region] = await ctx.db.select().from(regions).where(eq(regions.id, draft.regionId));
  return regionPackOf(ctx, region!.policy);
}

/** An owned, open draft whose kind is chosen, with its pack and form; or why not. */
async function draftWithForm(
  ctx: AppContext,
  draftId: unknown,
  operator: string,
): Promise<{ draft: Draft; pack: RulePack; form: DeclarationForm } | CardActionResponse> {
  const draft = await ownedDraft(ctx, draftId, operator);
  if (isResponse(draft)) return draft;
  if (!draft.kind) return toast('error', '请先选择项目类型。');
  const pack = await draftPack(ctx, draft);
  return { draft, pack, form: declarationForm(pack, draft.kind) };
}

/** Saves a draft change only if nobody changed the draft since the card was shown. */
async function saveDraft(
  db: Db | Tx,
  draft: Draft,
  expectedVersion: unknown,
  set: Partial<typeof drafts.$inferInsert>,
  now: Date,
): Promise<Draft | null> {
  if (Number(expectedVersion) !== draft.version) return null;
  const [row] = await db
    .update(drafts)
    .set({ ...set, updatedAt: now, version: draft.version + 1 })
    .where(and(eq(drafts.id, draft.id), eq(drafts.version, draft.version), eq(drafts.status, 'open')))
    .returning();
  return row ?? null;
}

/** The kind chosen on the first card: the form of that kind, prefilled. */
export async function chooseKind(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
): Promise<CardActionResponse> {
  const draft = await ownedDraft(ctx, value.draftId, operator);
  if (isResponse(draft)) return draft;
  const pack = await draftPack(ctx, draft);
  const kind = pack.projectKinds.find((k) => k.id === value.kind);
  if (!kind) return toast('error', '请选择项目类型。');
  const unit = await unitInfo(ctx.db, draft.unitId);
  const form = declarationForm(pack, kind.id);
  const values = {
    ...defaultValues(form, {
      unitName: unit.unitName,
      regionName: unit.regionName,
      today: todayInShanghai(ctx.clock()),
    }),
    ...(draft.values as Record<string, string>),
  };
  const saved = await saveDraft(
    ctx.db,
    draft,
    value.version,
    { kind: kind.id, step: 0, values, errors: {} },
    ctx.clock(),
  );
  if (!saved) return STALE;
  return showCard(stepCard(ctx, pack, form, saved, unit, {}));
}

/**
 * One step of the form submitted (or 上一步 / 保存草稿). A rejected step keeps everything typed,
 * shows the errors on the card, and writes nothing but the draft.
 */
export async function submitStep(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
  formValue: Record<string, unknown>,
): Promise<CardActionResponse> {
  const found = await draftWithForm(ctx, value.draftId, operator);
  if (isResponse(found)) return found;
  const { draft, pack, form } = found;
  const unit = await unitInfo(ctx.db, draft.unitId);
  const stepIndex = Number(value.step ?? draft.step);
  if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= form.steps.length)
    return toast('error', '无效的步骤。');
  const nav = value.nav === 'prev' || value.nav === 'save' ? value.nav : 'next';

  // The stored values let a step check what depends on earlier steps (附件2 funds vs the item total).
  const result = validateStep(form, stepIndex, formValue, draft.values as Record<string, string>);
  const merged = { ...(draft.values as Record<string, string>), ...result.values };
  if (nav !== 'next' || !result.ok) {
    const errors = result.ok || nav !== 'next' ? {} : result.errors;
    const step = nav === 'prev' ? Math.max(0, stepIndex - 1) : stepIndex;
    const saved = await saveDraft(ctx.db, draft, value.version, { values: merged, errors, step }, ctx.clock());
    if (!saved) return STALE;
    const card = stepCard(ctx, pack, form, saved, unit, errors);
    if (nav === 'save') return showCard(card, { type: 'success', content: '草稿已保存，发送“我的草稿”可继续填写。' });
    if (!result.ok && nav === 'next')
      return showCard(card, {
        type: 'error',
        content: `有 ${Object.keys(errors).length} 处需要修改，请查看卡片上的红字提示。`,
      });
    return showCard(card);
  }
  const nextStep = stepIndex + 1;
  const saved = await saveDraft(
    ctx.db,
    draft,
    value.version,
    { values: merged, errors: {}, step: Math.min(nextStep, form.steps.length) },
    ctx.clock(),
  );
  if (!saved) return STALE;
  if (nextStep < form.steps.length) return showCard(stepCard(ctx, pack, form, saved, unit, {}));
  return showCard(await reviewCard(ctx.db, pack, form, saved));
}

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
): Promise<CardActionResponse> {
  const found = await draftWithForm(ctx, value.draftId, operator);
  if (isResponse(found)) return found;
  const { draft, pack, form } = found;
  const values = draft.values as Record<string, string>;

  const check = validateDeclaration(form, values);
  if (!check.ok) {
    const unit = await unitInfo(ctx.db, draft.unitId);
    const saved = await saveDraft(
      ctx.db,
      draft,
      value.version,
      { errors: check.errors, step: firstStepWithError(form, check.errors) },
      ctx.clock(),
    );
    if (!saved) return STALE;
    return showCard(stepCard(ctx, pack, form, saved, unit, check.errors), {
      type: 'error',
      content: '申报信息有误，请修改后再提交。',
    });
  }
  const { attachedIds } = await draftMaterials(ctx.db, pack, form, draft);
  const findings = complianceFindings(pack, form, values, attachedIds);
  if (findings.blockers.length > 0) {
    return showCard(await reviewCard(ctx.db, pack, form, draft), {
      type: 'error',
      content: `有 ${findings.blockers.length} 项不符合规定，无法提交：${findings.blockers[0]!.message}（第${findings.blockers[0]!.article}条）`,
    });
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
  if (!outcome) return toast('info', '该申报已提交，无需重复提交。');
  ctx.notifyOutbox();
  const unit = await unitInfo(ctx.db, draft.unitId);
  return showCard(
    submittedCard({
      number: outcome.number,
      name: outcome.name,
      regionName: unit.regionName,
      status: '已提交',
      nextStep: `等待${pack.roleNames.reviewer ?? '主管部门'}审核`,
    }),
    { type: 'success', content: `已提交，项目编号 ${outcome.number}` },
  );
}

/** Tells the region's reviewers there is a new declaration (used where no route applies). */
export async function notifyReviewers(tx: Tx, project: SubmittedProject, pack: RulePack): Promise<void> {
  const unit = await unitInfo(tx, project.unitId);
  for (const office of await officesWithRole(tx as unknown as Db, project.regionId, 'reviewer')) {
    for (const member of office.members) {
      await sendCardTo(
        tx,
        member,
        projectNoticeCard({
          title: '新的项目申报待审核',
          lines: [`项目编号：${project.number}`, `项目名称：${project.name}`, `申报单位：${unit.unitName}`],
          note: `依据《${pack.identity.title}》`,
        }),
      );
    }
  }
}

/** `我的草稿`: the person's unfinished declarations. */
export async function listDrafts(ctx: AppContext, msg: IncomingText): Promise<void> {
  const rows = await ctx.db
    .select()
    .from(drafts)
    .where(and(eq(drafts.ownerOpenId, msg.senderOpenId), eq(drafts.status, 'open')))
    .orderBy(desc(drafts.updatedAt))
    .limit(20);
  const entries = [];
  for (const d of rows) {
    const [region] = await ctx.db.select().from(regions).where(eq(regions.id, d.regionId));
    const pack = regionPackOf(ctx, region!.policy);
    const kind = pack.projectKinds.find((k) => k.id === d.kind);
    const form = d.kind ? declarationForm(pack, d.kind) : null;
    const values = d.values as Record<string, string>;
    entries.push({
      id: d.id,
      title: (form ? summarise(form, values).name : '') || '（未命名项目）',
      kindLabel: kind?.label ?? '未选择类型',
      updatedAt: d.updatedAt.toISOString(),
      step: d.step,
      stepCount: form?.steps.length ?? 0,
    });
  }
  await replyPrivately(ctx.db, msg, draftsListCard(entries), '已私信你草稿列表。');
  ctx.notifyOutbox();
}

/** 返回修改 on the review card: back to a step of the form, nothing lost. */
export async function editDraft(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
): Promise<CardActionResponse> {
  const found = await draftWithForm(ctx, value.draftId, operator);
  if (isResponse(found)) return found;
  const { draft, pack, form } = found;
  const step = Math.min(Math.max(0, Number(value.step ?? form.steps.length - 1) || 0), form.steps.length - 1);
  const saved = await saveDraft(ctx.db, draft, value.version, { step }, ctx.clock());
  if (!saved) return STALE;
  return showCard(stepCard(ctx, pack, form, saved, await unitInfo(ctx.db, draft.unitId), {}));
}

/** 保存草稿 on the review card: everything is saved already; say so and how to come back. */
export async function keepDraft(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
): Promise<CardActionResponse> {
  const draft = await ownedDraft(ctx, value.draftId, operator);
  if (isResponse(draft)) return draft;
  return toast('success', '草稿已保存，发送“我的草稿”可继续填写。');
}

/** 继续填写 a draft from the list: its current card. */
export async function resumeDraft(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
): Promise<CardActionResponse> {
  const draft = await ownedDraft(ctx, value.draftId, operator);
  if (isResponse(draft)) return draft;
  const pack = await draftPack(ctx, draft);
  if (!draft.kind)
    return showCard(
      kindChoiceCard({ pack, draftId: draft.id, version: draft.version, today: todayInShanghai(ctx.clock()) }),
    );
  const form = declarationForm(pack, draft.kind);
  if (draft.step >= form.steps.length) return showCard(await reviewCard(ctx.db, pack, form, draft));
  const unit = await unitInfo(ctx.db, draft.unitId);
  return showCard(stepCard(ctx, pack, form, draft, unit, draft.errors));
}

export async function deleteDraft(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
): Promise<CardActionResponse> {
  const draft = await ownedDraft(ctx, value.draftId, operator);
  if (isResponse(draft)) return draft;
  await ctx.db.update(drafts).set({ status: 'deleted', updatedAt: ctx.clock() }).where(eq(drafts.id, draft.id));
  await ctx.db.update(attachments).set({ draftId: null }).where(eq(attachments.draftId, draft.id));
  return toast('success', '草稿已删除。');
}

/** Open drafts of a person and the projects of their unit, for the material card and `我的项目`. */
export async function personTargets(db: Db, openId: string, unitIds: number[]) {
  const openDrafts = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.ownerOpenId, openId), eq(drafts.status, 'open')))
    .orderBy(desc(drafts.updatedAt))
    .limit(10);
  const unitProjects = unitIds.length
    ? await db
        .select()
        .from(projects)
        .where(inArray(projects.unitId, unitIds))
        .orderBy(desc(projects.submittedAt))
        .limit(20)
    : [];
  return { openDrafts, unitProjects };
}
