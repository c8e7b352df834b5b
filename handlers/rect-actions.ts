import type { AppContext } from '../src/context.js';
import type { CardActionResponse } from '../src/lark/messages.js';
import type { CardAction } from '../src/lark/envelope.js';
import {
  decideRung,
  issueRectificationFromCard,
  rectificationReport,
  reviewRectification,
} from '../src/services/rectification.js';

/** Card actions of 整改: issue, the unit's report, the reviewer's review, the ladder's proposals. */

const form = (action: CardAction) => action.action.form_value ?? {};

export const RECT_CARD_ACTIONS = {
  'rect.issue': (ctx: AppContext, a: CardAction): Promise<CardActionResponse> =>
    issueRectificationFromCard(ctx, a.operator.open_id, a.action.value, form(a)),
  'rect.report': (ctx: AppContext, a: CardAction) =>
    rectificationReport(ctx, a.operator.open_id, a.action.value, form(a)),
  'rect.accept': (ctx: AppContext, a: CardAction) =>
    reviewRectification(ctx, a.operator.open_id, a.action.value, form(a), 'accept'),
  'rect.return': (ctx: AppContext, a: CardAction) =>
    reviewRectification(ctx, a.operator.open_id, a.action.value, form(a), 'return'),
  'rung.confirm': (ctx: AppContext, a: CardAction) => decideRung(ctx, a.operator.open_id, a.action.value, 'confirm'),
  'rung.cancel': (ctx: AppContext, a: CardAction) => decideRung(ctx, a.operator.open_id, a.action.value, 'cancel'),
} as const;
