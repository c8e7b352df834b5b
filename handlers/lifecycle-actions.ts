import type { AppContext } from '../src/context.js';
import type { CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';
import { openProgressForm, submitProgressForm } from '../src/services/lifecycle.js';
import { submitAdjustmentForm } from '../src/services/lifecycle-adjust.js';

/** 报告进展 on the project choice card: the report form of that project. */
export async function onLifecycleForm(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return openProgressForm(ctx, action.operator.open_id, action.action.value);
}

/** The report form submitted: checked against the pack and recorded; the answer replaces the form. */
export async function onLifecycleReport(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return submitProgressForm(ctx, action.operator.open_id, action.action.value, action.action.form_value ?? {});
}

/** The adjustment form (调整内容涉及资金数额, 采购前 or not) submitted: classified and recorded. */
export async function onAdjustmentSubmit(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return submitAdjustmentForm(ctx, action.operator.open_id, action.action.value, action.action.form_value ?? {});
}

export const LIFECYCLE_CARD_ACTIONS = {
  'lifecycle.form': onLifecycleForm,
  'lifecycle.report': onLifecycleReport,
  'lifecycle.adjust': onAdjustmentSubmit,
} as const;
