/**
 * Card actions of the declaration form: each parses its value with zod and calls the declare
 * service, which says what came of the press; the card that replaces the pressed one and the toast
 * are built here.
 */
import { z } from 'zod';
import { declarationReviewCard, declarationStepCard, kindChoiceCard, submittedCard } from '../cards/declaration.js';
import type { AppContext } from '../src/context.js';
import type { CardAction } from '../src/lark/envelope.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import {
  chooseKind,
  deleteDraft,
  type DraftOutcome,
  type DraftScreen,
  editDraft,
  keepDraft,
  resumeDraft,
  submitDeclaration,
  submitStep,
} from '../src/services/declare.js';
import type { DraftNote } from '../src/services/declaration-drafts.js';
import type { Submitted } from '../src/services/declaration-submit.js';
import { isRefusal } from '../src/services/project-access.js';
import { refusalToast } from './card-input.js';

const DraftRef = z.object({
  draftId: z.coerce.number().int().positive(),
  version: z.coerce.number().int().min(0).optional(),
});
const badCard = toast('error', '卡片数据无效，请重新发送“申报”。');

function parse<T extends z.ZodType>(schema: T, action: CardAction): z.infer<T> | null {
  const parsed = schema.safeParse(action.action.value);
  return parsed.success ? parsed.data : null;
}

function screenCard(shown: DraftScreen): object {
  if ('step' in shown) return declarationStepCard(shown.step);
  if ('review' in shown) return declarationReviewCard(shown.review);
  return kindChoiceCard(shown.kinds);
}

function noteToast(note: DraftNote): NonNullable<CardActionResponse['toast']> {
  switch (note.kind) {
    case 'saved':
      return { type: 'success', content: '草稿已保存，发送“我的草稿”可继续填写。' };
    case 'deleted':
      return { type: 'success', content: '草稿已删除。' };
    case 'to_fix':
      return { type: 'error', content: `有 ${note.count} 处需要修改，请查看卡片上的红字提示。` };
    case 'invalid':
      return { type: 'error', content: '申报信息有误，请修改后再提交。' };
    case 'blocked':
      return {
        type: 'error',
        content: `有 ${note.count} 项不符合规定，无法提交：${note.message}（第${note.article}条）`,
      };
  }
}

/** The answer to Lark: the refusal's toast, or the draft's card and the note's toast. */
function draftAnswer(r: DraftOutcome | { submitted: Submitted }): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  if ('submitted' in r)
    return {
      card: { type: 'raw', data: submittedCard(r.submitted) },
      toast: { type: 'success', content: `已提交，项目编号 ${r.submitted.number}` },
    };
  return {
    ...('shown' in r ? { card: { type: 'raw', data: screenCard(r.shown) } } : {}),
    ...(r.note ? { toast: noteToast(r.note) } : {}),
  };
}

/**
 * The kind comes from the button's value, or from a select on the card (its option, or the form's
 * `kind`); a kind of the wrong type is no choice, and the service asks to choose one.
 */
const KindChoice = z.object({
  value: DraftRef.extend({ kind: z.string().optional() }),
  option: z.string().optional().catch(undefined),
  form_value: z
    .object({ kind: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

export async function onDeclareKind(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const parsed = KindChoice.safeParse(action.action);
  if (!parsed.success) return badCard;
  const { value, option, form_value } = parsed.data;
  return draftAnswer(
    await chooseKind(ctx, action.operator.open_id, { ...value, kind: value.kind ?? option ?? form_value?.kind }),
  );
}

export async function onDeclareStep(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const v = parse(
    DraftRef.extend({ step: z.coerce.number().int().min(0), nav: z.enum(['next', 'prev', 'save']).optional() }),
    action,
  );
  if (!v) return badCard;
  return draftAnswer(await submitStep(ctx, action.operator.open_id, v, action.action.form_value ?? {}));
}

export async function onDeclareSubmit(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const v = parse(DraftRef, action);
  if (!v) return badCard;
  return draftAnswer(await submitDeclaration(ctx, action.operator.open_id, v, action.context?.open_message_id));
}

export async function onDeclareEdit(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const v = parse(DraftRef.extend({ step: z.coerce.number().int().min(0).optional() }), action);
  if (!v) return badCard;
  return draftAnswer(await editDraft(ctx, action.operator.open_id, v));
}

/** An action that names only the draft (继续填写, 删除, the review's 保存草稿): parsed, then handed to `service`. */
function draftAction(
  service: (ctx: AppContext, operator: string, ref: z.infer<typeof DraftRef>) => Promise<DraftOutcome>,
) {
  return async (ctx: AppContext, action: CardAction): Promise<CardActionResponse> => {
    const v = parse(DraftRef, action);
    return v ? draftAnswer(await service(ctx, action.operator.open_id, v)) : badCard;
  };
}

export const onDraftResume = draftAction(resumeDraft);
export const onDraftDelete = draftAction(deleteDraft);
export const onDeclareSave = draftAction(keepDraft);
