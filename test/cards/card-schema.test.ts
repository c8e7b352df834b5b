import { describe, expect, it } from 'vitest';
import { CARD_MAX_BYTES, cardByteLength, validateCardV2 } from '../support/card-schema.js';

const md = (content: string) => ({ tag: 'markdown', content });
const card = (elements: unknown[], extra: Record<string, unknown> = {}) => ({
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: '标题' }, template: 'blue' },
  body: { elements },
  ...extra,
});
const submit = (name = 'submit_btn') => ({
  tag: 'button',
  name,
  text: { tag: 'plain_text', content: '提交' },
  form_action_type: 'submit',
  behaviors: [{ type: 'callback', value: { action: 'submit' } }],
});
const form = (name: string, elements: unknown[]) => ({ tag: 'form', name, elements });

describe('validateCardV2', () => {
  it('accepts a well-formed 2.0 card with a form', () => {
    const c = card([
      md('**项目** 概要'),
      { tag: 'hr' },
      form('f1', [
        { tag: 'input', name: 'title', max_length: 200, placeholder: { tag: 'plain_text', content: '填写标题' } },
        {
          tag: 'select_static',
          name: 'kind',
          options: [{ text: { tag: 'plain_text', content: 'A' }, value: 'a' }, { value: 'b' }],
        },
        { tag: 'column_set', columns: [{ tag: 'column', elements: [{ tag: 'date_picker', name: 'due' }] }] },
        submit(),
      ]),
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '打开' },
        behaviors: [{ type: 'open_url', default_url: 'https://example.com' }],
      },
    ]);
    expect(validateCardV2(c)).toEqual([]);
    expect(validateCardV2(JSON.stringify(c))).toEqual([]);
  });

  it('requires schema 2.0 and body.elements', () => {
    expect(validateCardV2({ body: { elements: [] } }).join()).toMatch(/schema/);
    expect(validateCardV2({ schema: '1.0', body: { elements: [] } }).join()).toMatch(/schema/);
    expect(validateCardV2({ schema: '2.0' }).join()).toMatch(/body/);
    expect(validateCardV2({ schema: '2.0', body: {} }).join()).toMatch(/body\.elements/);
    expect(validateCardV2({ schema: '2.0', elements: [md('x')], body: { elements: [] } }).join()).toMatch(
      /1\.0 layout/,
    );
    expect(validateCardV2('not json')).toEqual(['card is not valid JSON']);
    expect(validateCardV2([])).toEqual(['card must be a JSON object']);
  });

  it('rejects 1.0-only and malformed components', () => {
    expect(validateCardV2(card([{ tag: 'action', actions: [] }])).join()).toMatch(/deprecated/);
    expect(validateCardV2(card([{ tag: 'note', elements: [] }])).join()).toMatch(/deprecated/);
    expect(validateCardV2(card([{ tag: 'bogus' }])).join()).toMatch(/unknown component/);
    expect(validateCardV2(card([{ content: 'no tag' }])).join()).toMatch(/tag is missing/);
    expect(validateCardV2(card([{ tag: 'markdown' }])).join()).toMatch(/content must be a string/);
  });

  it('checks header text objects and update_multi', () => {
    expect(validateCardV2(card([], { header: { title: '裸字符串' } })).join()).toMatch(/header\.title/);
    expect(
      validateCardV2(card([], { header: { title: { tag: 'plain_text', content: 't' }, subtitle: 's' } })).join(),
    ).toMatch(/header\.subtitle/);
    expect(validateCardV2(card([], { config: { update_multi: false } })).join()).toMatch(/update_multi/);
  });

  it('counts nested components and text objects against the 200 limit', () => {
    expect(validateCardV2(card(Array.from({ length: 200 }, () => md('x'))))).toEqual([]);
    expect(validateCardV2(card(Array.from({ length: 201 }, () => md('x')))).join()).toMatch(/201 components/);
    // 100 buttons = 100 buttons + 100 plain_text texts = 200 → fine; one more markdown tips it over.
    const buttons = Array.from({ length: 100 }, () => ({ tag: 'button', text: { tag: 'plain_text', content: 'b' } }));
    expect(validateCardV2(card(buttons))).toEqual([]);
    expect(validateCardV2(card([...buttons, md('x')])).join()).toMatch(/201 components/);
    // Nested inside columns still counts.
    const nested = card([
      { tag: 'column_set', columns: [{ tag: 'column', elements: Array.from({ length: 199 }, () => md('x')) }] },
    ]);
    expect(validateCardV2(nested).join()).toMatch(/201 components/);
  });

  it('enforces form rules: root only, name, submit button, named fields, card-unique names', () => {
    expect(validateCardV2(card([form('f', [{ tag: 'input', name: 'a' }])])).join()).toMatch(/submit/);
    expect(validateCardV2(card([{ tag: 'form', elements: [submit()] }])).join()).toMatch(/form needs a name/);
    expect(validateCardV2(card([form('f', [{ tag: 'input' }, submit()])])).join()).toMatch(
      /input inside a form needs a name/,
    );
    expect(validateCardV2(card([form('f', [{ tag: 'checker' }, submit()])])).join()).toMatch(
      /checker inside a form needs a name/,
    );
    expect(
      validateCardV2(
        card([form('f', [{ tag: 'input', name: 'dup' }, { tag: 'input', name: 'dup' }, submit()])]),
      ).join(),
    ).toMatch(/"dup" is already used/);
    expect(validateCardV2(card([form('f', [submit('s1')]), form('f', [submit('s2')])])).join()).toMatch(
      /"f" is already used/,
    );
    expect(validateCardV2(card([form('f', [submit()]), form('g', [submit()])])).join()).toMatch(
      /"submit_btn" is already used/,
    );
    const inColumn = card([{ tag: 'column_set', columns: [{ tag: 'column', elements: [form('f', [submit()])] }] }]);
    expect(validateCardV2(inColumn).join()).toMatch(/form can only sit at the root/);
    expect(validateCardV2(card([form('f', [form('g', [submit('s2')]), submit()])])).join()).toMatch(
      /form can only sit at the root/,
    );
    expect(validateCardV2(card([{ tag: 'collapsible_panel', elements: [form('f', [submit()])] }])).join()).toMatch(
      /root/,
    );
    expect(validateCardV2(card([form('f', [{ tag: 'table', columns: [], rows: [] }, submit()])])).join()).toMatch(
      /table can only sit/,
    );
    // A submit button outside a form does nothing: Lark rejects form_action_type there.
    expect(validateCardV2(card([submit()])).join()).toMatch(/only works on a button inside a form/);
  });

  it('checks buttons, inputs and selects', () => {
    const longText = 'x'.repeat(101);
    expect(validateCardV2(card([{ tag: 'button', text: { tag: 'plain_text', content: longText } }])).join()).toMatch(
      /limit is 100/,
    );
    expect(
      validateCardV2(
        card([{ tag: 'button', text: { tag: 'plain_text', content: 'b' }, behaviors: [{ type: 'callback' }] }]),
      ).join(),
    ).toMatch(/needs a value/);
    expect(validateCardV2(card([{ tag: 'button', behaviors: {} }])).join()).toMatch(/behaviors must be an array/);
    expect(validateCardV2(card([form('f', [{ ...submit(), form_action_type: 'send' }])])).join()).toMatch(
      /submit" or "reset/,
    );
    expect(validateCardV2(card([{ tag: 'input', max_length: 1001 }])).join()).toMatch(/max_length/);
    expect(validateCardV2(card([{ tag: 'input', max_length: 0 }])).join()).toMatch(/max_length/);
    expect(
      validateCardV2(card([{ tag: 'input', placeholder: { tag: 'plain_text', content: longText } }])).join(),
    ).toMatch(/limit is 100/);
    expect(validateCardV2(card([{ tag: 'select_static', options: [{ value: 'a' }, { value: 'a' }] }])).join()).toMatch(
      /repeated/,
    );
  });

  it('checks element_id format and uniqueness', () => {
    expect(
      validateCardV2(
        card([
          { ...md('a'), element_id: 'ok_1' },
          { ...md('b'), element_id: 'ok_2' },
        ]),
      ),
    ).toEqual([]);
    expect(validateCardV2(card([{ ...md('a'), element_id: '1bad' }])).join()).toMatch(/element_id/);
    expect(validateCardV2(card([{ ...md('a'), element_id: 'a'.repeat(21) }])).join()).toMatch(/element_id/);
    expect(
      validateCardV2(
        card([
          { ...md('a'), element_id: 'x' },
          { ...md('b'), element_id: 'x' },
        ]),
      ).join(),
    ).toMatch(/already used/);
  });

  it('limits tables and container depth', () => {
    const table = { tag: 'table', columns: [], rows: [] };
    expect(validateCardV2(card(Array.from({ length: 5 }, () => table)))).toEqual([]);
    expect(validateCardV2(card(Array.from({ length: 6 }, () => table))).join()).toMatch(/6 tables/);
    let deep: unknown = md('x');
    for (let i = 0; i < 6; i++) deep = { tag: 'interactive_container', elements: [deep] };
    expect(validateCardV2(card([deep])).join()).toMatch(/nest 6 deep/);
    let ok: unknown = md('x');
    for (let i = 0; i < 5; i++) ok = { tag: 'interactive_container', elements: [ok] };
    expect(validateCardV2(card([ok]))).toEqual([]);
  });

  it('reports cards over 30 KB, counting UTF-8 bytes', () => {
    const big = card([md('汉'.repeat(10_500))]); // 3 bytes each → > 30 KB
    expect(cardByteLength(big)).toBeGreaterThan(CARD_MAX_BYTES);
    expect(validateCardV2(big).join()).toMatch(/30 KB/);
    expect(validateCardV2(card([md('a'.repeat(20_000))]))).toEqual([]);
  });

  it('refuses what 2.0 does not document: a name on a button outside a form, initial_option that is no option text, a subtitle longer than a phone line', () => {
    const plainButton = {
      tag: 'button',
      text: { tag: 'plain_text', content: '查看' },
      behaviors: [{ type: 'callback', value: { a: 1 } }],
    };
    expect(validateCardV2(card([plainButton]))).toEqual([]);
    expect(validateCardV2(card([{ ...plainButton, name: 'view' }])).join()).toMatch(/outside a form takes no name/);
    const options = [
      { text: { tag: 'plain_text', content: '是' }, value: 'true' },
      { text: { tag: 'plain_text', content: '否' }, value: 'false' },
    ];
    const select = (extra: object) => form('f', [{ tag: 'select_static', name: 's', options, ...extra }, submit()]);
    expect(validateCardV2(card([select({ initial_index: 1 })]))).toEqual([]);
    expect(validateCardV2(card([select({ initial_option: '是' })]))).toEqual([]);
    expect(validateCardV2(card([select({ initial_option: 'true' })])).join()).toMatch(
      /initial_option must be an option's text/,
    );
    expect(validateCardV2(card([select({ initial_index: 3 })])).join()).toMatch(
      /initial_index must be an integer from 0 to 2/,
    );
    const subtitle = (content: string) =>
      card([md('a')], {
        header: {
          title: { tag: 'plain_text', content: '标题' },
          subtitle: { tag: 'plain_text', content },
          template: 'blue',
        },
      });
    expect(validateCardV2(subtitle('JZ-2026-0001 · 县教育局'))).toEqual([]);
    expect(validateCardV2(subtitle('第2步/共2步 · 投资与资金来源、项目实施依据及主要内容')).join()).toMatch(
      /one phone line/,
    );
  });
});
