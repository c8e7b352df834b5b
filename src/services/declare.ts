/**
 * 申报 and the declaration form's card actions: a new draft, choosing the kind, one step after
 * another, the drafts list, resuming, editing and deleting a draft. Submitting it is in
 * declaration-submit.ts; loading, saving and showing a draft in declaration-drafts.ts.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { attachments, drafts, projects, regions } from '../../db/schema/index.js';
import { declarationStepCard, draftsListCard, kindChoiceCard, notInUnitCard } from '../../cards/declaration.js';
import { todayInShanghai } from '../calendar.js';
import type { IncomingText } from '../lark/messages.js';
import type { AppContext } from '../context.js';
import type { DeclarationForm } from '../declaration/types.js';
import type { RulePack } from '../rules/types.js';
import { declarationForm, defaultValues, summarise, validateStep } from '../declaration/index.js';
import { lookupPerson, officesWithRole, withRegion, type PersonUnit } from '../org/store.js';
import { replyCard, replyPrivately, sendCardTo } from './reply.js';
import {
  type Draft,
  type DraftOutcome,
  type KindChoice,
  type UnitInfo,
  draftPack,
  draftWithForm,
  onOwnedDraft,
  regionPackOf,
  reviewView,
  saveDraft,
  saveShowingStep,
  STALE,
  stepView,
  unitInfo,
} from './declaration-drafts.js';
import { isRefusal, refuse } from './project-access.js';

export { regionPackOf, type DraftOutcome, type DraftScreen } from './declaration-drafts.js';
export { submitDeclaration } from './declaration-submit.js';

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
      const values = prefilled(ctx, form, unit);
      await tx.update(drafts).set({ values }).where(eq(drafts.id, draft!.id));
      card = declarationStepCard(stepView(pack, form, { ...draft!, values }, unit, {}));
    } else {
      card = kindChoiceCard(kindChoice(ctx, pack, draft!));
    }
    await deliver.card(tx, card);
  });
  return 'form';
}

/** The form's answers known before anyone types: the unit, the region, today. */
function prefilled(ctx: AppContext, form: DeclarationForm, unit: UnitInfo): Record<string, string> {
  return defaultValues(form, {
    unitName: unit.unitName,
    regionName: unit.regionName,
    today: todayInShanghai(ctx.clock()),
  });
}

/** What the first card of a region with several kinds of project shows: which kind to declare. */
function kindChoice(ctx: AppContext, pack: RulePack, draft: Draft): KindChoice {
  return { pack, draftId: draft.id, version: draft.version, today: todayInShanghai(ctx.clock()) };
}

/** The kind chosen on the first card: the form of that kind, prefilled. */
export const chooseKind = onOwnedDraft(async (ctx, draft, value) => {
  const pack = await draftPack(ctx, draft);
  const kind = pack.projectKinds.find((k) => k.id === value.kind);
  if (!kind) return refuse('请选择项目类型。');
  const unit = await unitInfo(ctx.db, draft.unitId);
  const form = declarationForm(pack, kind.id);
  const values = { ...prefilled(ctx, form, unit), ...(draft.values as Record<string, string>) };
  return saveShowingStep(ctx, { pack, form, draft, unit }, value.version, {
    kind: kind.id,
    step: 0,
    values,
    errors: {},
  });
});

/**
 * One step of the form submitted (or 上一步 / 保存草稿). A rejected step keeps everything typed,
 * shows the errors on the card, and writes nothing but the draft.
 */
export async function submitStep(
  ctx: AppContext,
  operator: string,
  value: Record<string, unknown>,
  formValue: Record<string, unknown>,
): Promise<DraftOutcome> {
  const found = await draftWithForm(ctx, value.draftId, operator);
  if (isRefusal(found)) return found;
  const { draft, pack, form } = found;
  const unit = await unitInfo(ctx.db, draft.unitId);
  const stepIndex = Number(value.step ?? draft.step);
  if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= form.steps.length) return refuse('无效的步骤。');
  const nav = value.nav === 'prev' || value.nav === 'save' ? value.nav : 'next';

  // The stored values let a step check what depends on earlier steps (附件2 funds vs the item total).
  const result = validateStep(form, stepIndex, formValue, draft.values as Record<string, string>);
  const merged = { ...(draft.values as Record<string, string>), ...result.values };
  if (nav !== 'next' || !result.ok) {
    const errors = result.ok || nav !== 'next' ? {} : result.errors;
    const step = nav === 'prev' ? Math.max(0, stepIndex - 1) : stepIndex;
    const said =
      nav === 'save'
        ? ({ kind: 'saved' } as const)
        : !result.ok && nav === 'next'
          ? ({ kind: 'to_fix', count: Object.keys(errors).length } as const)
          : undefined;
    return saveShowingStep(ctx, { pack, form, draft, unit }, value.version, { values: merged, errors, step }, said);
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
  if (nextStep < form.steps.length) return { shown: { step: stepView(pack, form, saved, unit, {}) } };
  return { shown: { review: await reviewView(ctx.db, pack, form, saved) } };
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
    const pack = await draftPack(ctx, d);
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
): Promise<DraftOutcome> {
  const found = await draftWithForm(ctx, value.draftId, operator);
  if (isRefusal(found)) return found;
  const { draft, pack, form } = found;
  const step = Math.min(Math.max(0, Number(value.step ?? form.steps.length - 1) || 0), form.steps.length - 1);
  const unit = await unitInfo(ctx.db, draft.unitId);
  return saveShowingStep(ctx, { pack, form, draft, unit }, value.version, { step });
}

/** 保存草稿 on the review card: everything is saved already; say so and how to come back. */
export const keepDraft = onOwnedDraft(async () => ({ note: { kind: 'saved' } }));

/** 继续填写 a draft from the list: its current card. */
export const resumeDraft = onOwnedDraft(async (ctx, draft) => {
  const pack = await draftPack(ctx, draft);
  if (!draft.kind) return { shown: { kinds: kindChoice(ctx, pack, draft) } };
  const form = declarationForm(pack, draft.kind);
  if (draft.step >= form.steps.length) return { shown: { review: await reviewView(ctx.db, pack, form, draft) } };
  const unit = await unitInfo(ctx.db, draft.unitId);
  return { shown: { step: stepView(pack, form, draft, unit, draft.errors) } };
});

/** 删除 a draft from the list: it leaves the list; its attachments are let go. */
export const deleteDraft = onOwnedDraft(async (ctx, draft) => {
  await ctx.db.update(drafts).set({ status: 'deleted', updatedAt: ctx.clock() }).where(eq(drafts.id, draft.id));
  await ctx.db.update(attachments).set({ draftId: null }).where(eq(attachments.draftId, draft.id));
  return { note: { kind: 'deleted' } };
});

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
