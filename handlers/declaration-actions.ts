import { z } from 'zod';
import type { AppContext } from '../src/context.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';
import {
  chooseKind,
  deleteDraft,
  editDraft,
  keepDraft,
  resumeDraft,
  submitDeclaration,
  submitStep,
} from '../src/services/declare.js';

/** Card actions of the declaration form: each parses its value and calls the declare service. */

const DraftRef = z.object({
  draftId: z.coerce.number().int().positive(),
  version: z.coerce.number().int().min(0).optional(),
});
const badCard = toast('error', '卡片数据无效，请重新发送“申报”。');

function parse<T extends z.ZodType>(schema: T, action: CardAction): z.infer<T> | null {
  const parsed = schema.safeParse(action.action.value);
  return parsed.success ? parsed.data : null;
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
  return chooseKind(ctx, action.operator.open_id, { ...value, kind: value.kind ?? option ?? form_value?.kind });
}

export async function onDeclareStep(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const v = parse(
    DraftRef.extend({ step: z.coerce.number().int().min(0), nav: z.enum(['next', 'prev', 'save']).optional() }),
    action,
  );
  if (!v) return badCard;
  return submitStep(ctx, action.operator.open_id, v, action.action.form_value ?? {});
}

export async function onDeclareSubmit(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const v = parse(DraftRef, action);
  if (!v) return badCard;
  return submitDeclaration(ctx, action.operator.open_id, v, action.context?.open_message_id);
}

export async function onDeclareEdit(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  const v = parse(DraftRef.extend({ step: z.coerce.number().int().min(0).optional() }), action);
  if (!v) return badCard;
  return editDraft(ctx, action.operator.open_id, v);
}

/** An action that names only the draft (继续填写, 删除, the review's 保存草稿): parsed, then handed to `service`. */
function draftAction(
  service: (ctx: AppContext, operator: string, ref: z.infer<typeof DraftRef>) => Promise<CardActionResponse>,
) {
  return async (ctx: AppContext, action: CardAction): Promise<CardActionResponse> => {
    const v = parse(DraftRef, action);
    return v ? service(ctx, action.operator.open_id, v) : badCard;
  };
}

export const onDraftResume = draftAction(resumeDraft);
export const onDraftDelete = draftAction(deleteDraft);
export const onDeclareSave = draftAction(keepDraft);
