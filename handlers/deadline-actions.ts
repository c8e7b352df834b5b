import type { AppContext } from '../src/context.js';
import type { CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';
import { decideExtension, markDeadlineDone, requestExtension, uploadForDeadline } from '../src/services/reminders.js';

/** Buttons of a reminder card (已完成 / 上传材料 / 申请延期) and the reviewer's extension decision. */

export async function onDeadlineDone(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return markDeadlineDone(ctx, action.operator.open_id, action.action.value);
}

export async function onDeadlineUpload(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return uploadForDeadline(ctx, action.operator.open_id, action.action.value);
}

export async function onDeadlineExtend(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return requestExtension(ctx, action.operator.open_id, action.action.value, action.action.form_value ?? {});
}

export async function onExtensionDecide(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return decideExtension(ctx, action.operator.open_id, action.action.value);
}

export const DEADLINE_CARD_ACTIONS = {
  'deadline.done': onDeadlineDone,
  'deadline.upload': onDeadlineUpload,
  'deadline.extend': onDeadlineExtend,
  'extension.decide': onExtensionDecide,
} as const;
