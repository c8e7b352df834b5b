/**
 * A declaration draft as the form's card actions see it: loading one the operator owns, saving a
 * change only over the version the card showed, its region's rule pack and unit, and what the step
 * and review cards show of it (the cards themselves are built where the answer goes out). The actions themselves are in declare.ts and declaration-submit.ts.
 */
import { and, eq, or } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { attachments, drafts, regions, units } from '../../db/schema/index.js';
import type { ReviewCardInput, StepCardInput } from '../../cards/declaration.js';
import { todayInShanghai } from '../calendar.js';
import type { AppContext } from '../context.js';
import { complianceFindings, declarationForm, declarationMaterials, factsOf, summarise } from '../declaration/index.js';
import type { DeclarationForm } from '../declaration/types.js';
import { requiredMaterials } from '../rules/engine.js';
import { packInForce } from '../rules/versions.js';
import type { RulePack } from '../rules/types.js';
import { isRefusal, refuse, type Refusal } from './project-access.js';

export type Draft = typeof drafts.$inferSelect;

/** What a card of the draft shows: a step of the form, the review before submitting, or the choice of kind. */
export type DraftScreen = { step: StepCardInput } | { review: ReviewCardInput } | { kinds: KindChoice };

/** What the kind choice card shows. */
export interface KindChoice {
  pack: RulePack;
  draftId: number;
  version: number;
  today: string;
}

/** What else a draft action has to say: the toast's matter, worded where the answer goes out. */
export type DraftNote =
  | { kind: 'saved' }
  | { kind: 'deleted' }
  | { kind: 'to_fix'; count: number }
  | { kind: 'invalid' }
  | { kind: 'blocked'; count: number; message: string; article: string | number };

/** What came of a draft action: a refusal, or the screen to show and/or a note. */
export type DraftOutcome = Refusal | { shown: DraftScreen; note?: DraftNote } | { note: DraftNote };

/** The answer to a tap on a card older than the draft. */
export const STALE = refuse('这张卡片已不是最新的，请在最新的表单卡片上操作（或发送“我的草稿”）。', 'warning');

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

export interface UnitInfo {
  unitName: string;
  regionName: string;
}

/** The names of a unit and its region, as the form's cards show them. */
export async function unitInfo(db: Db | Tx, unitId: number): Promise<UnitInfo> {
  const [row] = await db
    .select({ unitName: units.name, regionName: regions.name })
    .from(units)
    .innerJoin(regions, eq(units.regionId, regions.id))
    .where(eq(units.id, unitId));
  return row ?? { unitName: '', regionName: '' };
}

/** The materials attached to a draft (and to its project, when returned), and the list the review card shows. */
export async function draftMaterials(db: Db | Tx, pack: RulePack, form: DeclarationForm, draft: Draft) {
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

/** What the card of the draft's current step shows, with the materials its answers so far call for. */
export function stepView(
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
  return {
    form,
    stepIndex: Math.min(draft.step, form.steps.length - 1),
    values: draft.values as Record<string, string>,
    errors,
    draftId: draft.id,
    version: draft.version,
    regionName: unit.regionName,
    unitName: unit.unitName,
    materials,
  };
}

/** What the review card shows of the whole declaration before it is submitted: summary, findings, materials. */
export async function reviewView(
  db: Db | Tx,
  pack: RulePack,
  form: DeclarationForm,
  draft: Draft,
): Promise<ReviewCardInput> {
  const values = draft.values as Record<string, string>;
  const { attachedIds, list } = await draftMaterials(db, pack, form, draft);
  return {
    form,
    summary: summarise(form, values),
    findings: complianceFindings(pack, form, values, attachedIds),
    materials: list,
    draftId: draft.id,
    version: draft.version,
  };
}

/** Loads a draft the operator owns and that is still open, or says why not. */
async function ownedDraft(ctx: AppContext, draftId: unknown, operator: string): Promise<Draft | Refusal> {
  const id = Number(draftId);
  if (!Number.isInteger(id) || id <= 0) return refuse('无效的草稿。');
  const [draft] = await ctx.db.select().from(drafts).where(eq(drafts.id, id));
  if (!draft || draft.ownerOpenId !== operator) return refuse('只能操作自己的申报草稿。');
  if (draft.status === 'submitted') return refuse('该申报已提交，无需重复操作。', 'info');
  if (draft.status !== 'open') return refuse('该草稿已删除。', 'info');
  return draft;
}

/** The rule pack of a draft's region. */
export async function draftPack(ctx: AppContext, draft: Draft): Promise<RulePack> {
  const [region] = await ctx.db.select().from(regions).where(eq(regions.id, draft.regionId));
  return regionPackOf(ctx, region!.policy);
}

/** An owned, open draft whose kind is chosen, with its pack and form; or why not. */
export async function draftWithForm(
  ctx: AppContext,
  draftId: unknown,
  operator: string,
): Promise<{ draft: Draft; pack: RulePack; form: DeclarationForm } | Refusal> {
  const draft = await ownedDraft(ctx, draftId, operator);
  if (isRefusal(draft)) return draft;
  if (!draft.kind) return refuse('请先选择项目类型。');
  const pack = await draftPack(ctx, draft);
  return { draft, pack, form: declarationForm(pack, draft.kind) };
}

/** Saves a draft change only if nobody changed the draft since the card was shown. */
export async function saveDraft(
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

/** A card action on a draft: the operator's open id and the button's value (its draftId, version …). */
type DraftAction = (ctx: AppContext, operator: string, value: Record<string, unknown>) => Promise<DraftOutcome>;

/** A card action on one of the operator's open drafts, named by `value.draftId`; why not otherwise. */
export function onOwnedDraft(
  act: (ctx: AppContext, draft: Draft, value: Record<string, unknown>) => Promise<DraftOutcome>,
): DraftAction {
  return async (ctx, operator, value) => {
    const draft = await ownedDraft(ctx, value.draftId, operator);
    return isRefusal(draft) ? draft : act(ctx, draft, value);
  };
}

/** Saves a change to the draft and shows its step (with the errors saved), or `STALE`. */
export async function saveShowingStep(
  ctx: AppContext,
  shown: { pack: RulePack; form: DeclarationForm; draft: Draft; unit: UnitInfo },
  version: unknown,
  set: Partial<typeof drafts.$inferInsert>,
  note?: DraftNote,
): Promise<DraftOutcome> {
  const saved = await saveDraft(ctx.db, shown.draft, version, set, ctx.clock());
  if (!saved) return STALE;
  return {
    shown: { step: stepView(shown.pack, shown.form, saved, shown.unit, set.errors ?? {}) },
    ...(note ? { note } : {}),
  };
}
