import type { AppContext } from '../src/context.js';
import type { CardAction } from '../src/lark/envelope.js';
import type { CardActionResponse } from '../src/lark/messages.js';
import { answerForProject, answerForRegion, recordFeedback } from '../src/services/answer.js';

/** 👍/👎 under an answer. */
export function onQaFeedback(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return recordFeedback(ctx, action.operator.open_id, action.action.value);
}

/** A region chosen on the "which region?" card. */
export function onQaRegion(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return answerForRegion(ctx, action.operator.open_id, action.action.value);
}

/** A project chosen on the "which project?" card. */
export function onQaProject(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return answerForProject(ctx, action.operator.open_id, action.action.value);
}
