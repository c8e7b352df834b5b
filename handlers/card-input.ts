/**
 * The one shape of a card action handler: the button's value parsed by its schema, then one service
 * call with what was parsed, the person acting and the card's form. A value the schema refuses (an
 * old or forged card) changes nothing and is answered with a toast.
 */
import type { z } from 'zod';
import type { AppContext } from '../src/context.js';
import type { CardAction } from '../src/lark/envelope.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import type { Refusal } from '../src/services/project-access.js';

/** What a service of a card action is given. */
export type CardInput<T> = T & { operator: string; form: Record<string, unknown> };

export function cardAction<S extends z.ZodType<object>>(
  schema: S,
  service: (ctx: AppContext, input: CardInput<z.infer<S>>) => Promise<CardActionResponse>,
  invalid = '卡片数据无效。',
): (ctx: AppContext, action: CardAction) => Promise<CardActionResponse> {
  return async (ctx, action) => {
    const parsed = schema.safeParse(action.action.value);
    if (!parsed.success) return toast('error', invalid);
    return service(ctx, { ...parsed.data, operator: action.operator.open_id, form: action.action.form_value ?? {} });
  };
}

/** A service's refusal as Lark's toast: nothing changed, the person reads why. */
export const refusalToast = (r: Refusal): CardActionResponse => toast(r.level, r.refused);

/** A card that replaces the tapped one. */
export const rawCard = (data: object): CardActionResponse['card'] => ({ type: 'raw', data });
