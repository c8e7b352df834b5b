import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cardAction, type CardInput } from '../../handlers/card-input.js';
import { DEADLINE_CARD_ACTIONS } from '../../handlers/deadline-actions.js';
import { RECT_CARD_ACTIONS } from '../../handlers/rect-actions.js';
import type { AppContext } from '../../src/context.js';
import type { CardAction } from '../../src/lark/envelope.js';

const ctx = {} as AppContext;

function press(value: Record<string, unknown>, form?: Record<string, unknown>): CardAction {
  return {
    operator: { open_id: 'ou_someone' },
    action: { value, ...(form ? { form_value: form } : {}) },
  } as CardAction;
}

describe('cardAction: parse the value, call one service, return', () => {
  it('hands the service the parsed value, the operator and the form', async () => {
    const seen: CardInput<{ deadlineId: number }>[] = [];
    const handler = cardAction(z.object({ deadlineId: z.coerce.number().int().positive() }), async (_ctx, input) => {
      seen.push(input);
      return { toast: { type: 'success', content: 'ok' } };
    });
    const r = await handler(ctx, press({ deadlineId: '12', extra: 'x' }, { reason: '因故' }));
    expect(r.toast?.type).toBe('success');
    expect(seen).toEqual([{ deadlineId: 12, operator: 'ou_someone', form: { reason: '因故' } }]);
  });

  it('answers a value the schema refuses in Chinese and never calls the service', async () => {
    let called = false;
    const handler = cardAction(z.object({ deadlineId: z.coerce.number().int().positive() }), async () => {
      called = true;
      return {};
    });
    expect(await handler(ctx, press({ deadlineId: 'abc' }))).toEqual({
      toast: { type: 'error', content: '卡片数据无效。' },
    });
    expect(called).toBe(false);
  });

  // The context is empty: a handler that reached its service would fail on ctx.db.
  it.each([
    ['deadline.done', { deadlineId: 0 }],
    ['extension.decide', { requestId: 3, decision: 'maybe' }],
    ['rung.confirm', { rectificationId: 4 }],
    ['rect.report', { rectificationId: 'x' }],
  ] as const)('%s refuses a forged value before any service runs', async (name, value) => {
    const all: Record<string, (c: AppContext, a: CardAction) => Promise<unknown>> = {
      ...DEADLINE_CARD_ACTIONS,
      ...RECT_CARD_ACTIONS,
    };
    expect(await all[name]!(ctx, press(value))).toEqual({ toast: { type: 'error', content: '卡片数据无效。' } });
  });
});
