import { describe, expect, it } from 'vitest';
import { defineActions, handlerFor, type CardActionHandler } from '../../src/lark/dispatch.js';
import { toast } from '../../src/lark/messages.js';
import { CARD_ACTIONS, REGISTRY } from '../../src/registry.js';
import { APPROVAL_CARD_ACTIONS } from '../../handlers/approval-actions.js';
import { RECT_CARD_ACTIONS } from '../../handlers/rect-actions.js';

const says =
  (word: string): CardActionHandler =>
  async () =>
    toast('info', word);

describe('the card action table', () => {
  it('joins groups of actions into one table', async () => {
    const table = defineActions({ 'a.one': says('one') }, { 'b.two': says('two'), 'b.three': says('three') });
    expect(Object.keys(table)).toEqual(['a.one', 'b.two', 'b.three']);
    expect(await table['b.two']!({} as never, {} as never)).toEqual({ toast: { type: 'info', content: 'two' } });
  });

  it('refuses an action registered by two groups instead of letting the later one win', () => {
    expect(() => defineActions({ 'x.go': says('first') }, { 'y.ok': says('ok') }, { 'x.go': says('second') })).toThrow(
      'card action x.go is registered twice',
    );
  });

  it('the registry holds every group’s actions, each under its own key', () => {
    for (const key of [
      ...Object.keys(APPROVAL_CARD_ACTIONS),
      ...Object.keys(RECT_CARD_ACTIONS),
      'help.show',
      'qa.region',
    ])
      expect(handlerFor(REGISTRY.cardActions, key), key).toBeTypeOf('function');
    expect(REGISTRY.cardActions).toBe(CARD_ACTIONS);
  });

  it('finds only own keys: `constructor`, `toString` and non-strings find no handler', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 42, undefined, null])
      expect(handlerFor(REGISTRY.cardActions, key), String(key)).toBeUndefined();
    expect(handlerFor(REGISTRY.events, 'im.message.receive_v1')).toBeTypeOf('function');
    expect(handlerFor(REGISTRY.events, 'constructor')).toBeUndefined();
  });
});
