/** The sandbox's card renderer: markdown subset, escaping, and every component the bot's cards use. */
import { describe, expect, it } from 'vitest';
import { approvalCard, financeCard, delegateCard } from '../../cards/approval/index.js';
import { escapeMarkdown } from '../../cards/markdown.js';
import { CardView } from '../../src/sandbox/card-view.js';
import { Markdown } from '../../src/sandbox/markdown.js';
import { validateCardV2 } from '../support/card-schema.js';

const html = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString());

const project = {
  number: 'JZ-2026-0001',
  name: '智慧教育平台',
  unitName: '县教育局',
  regionName: '金寨县',
  kindLabel: '新建',
  investmentWan: 100,
};
const step = {
  name: '县智慧办审核',
  produces: '审核意见',
  article: 9,
  quote: '县智慧办会同有关部门审核',
  position: { index: 0, total: 3 },
};

describe('markdown as Feishu shows it', () => {
  it('bold, colour, lists, line breaks, mentions and links', async () => {
    const out = await html(
      Markdown({
        content:
          "**项目名称**：平台\n<font color='red'>⚠ 请填写负责人</font>\n- 第一项\n- 第二项\n1. 甲\n2. 乙\n<at id=ou_jzZhbLi></at> [查看](https://open.feishu.cn/x)",
        options: { personName: (id) => (id === 'ou_jzZhbLi' ? '李（县智慧办）' : id) },
      }),
    );
    expect(out).toContain('<b>项目名称</b>');
    expect(out).toMatch(/<span style="color:#f54a45">⚠ 请填写负责人<\/span>/);
    expect(out).toContain('<ul><li>第一项</li><li>第二项</li></ul>');
    expect(out).toContain('<ol><li>甲</li><li>乙</li></ol>');
    expect(out).toContain('@李（县智慧办）');
    expect(out).toContain('<a href="https://open.feishu.cn/x" target="_blank" rel="noopener noreferrer">查看</a>');
    expect(out).toContain('<br/>');
  });

  it('a numbered list whose items carry an indented second line keeps counting (the 进度 card)', async () => {
    const out = await html(
      Markdown({ content: '**审批环节**\n1. ✅ 审核\n　县智慧办：同意\n2. 🟡 批准\n　县政府：待处理\n3. ⚪ 反馈' }),
    );
    expect(out).toContain(
      '<ol><li>✅ 审核<br/>县智慧办：同意</li><li>🟡 批准<br/>县政府：待处理</li><li>⚪ 反馈</li></ol>',
    );
    expect((out.match(/<ol/g) ?? []).length).toBe(1);
  });

  it('escaped user text shows as typed: no bold, no fake mention, no HTML', async () => {
    const typed = '**紧急** <at id=all></at> <script>alert(1)</script> [点我](javascript:alert(1)) a_b~c';
    const out = await html(Markdown({ content: `名称：${escapeMarkdown(typed)}` }));
    expect(out).not.toContain('<b>');
    expect(out).not.toContain('lk-at');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<a ');
    // What the person reads is exactly what they typed (HTML-escaped once for the page).
    expect(out).toContain(
      '**紧急** &lt;at id=all&gt;&lt;/at&gt; &lt;script&gt;alert(1)&lt;/script&gt; [点我](javascript:alert(1)) a_b~c',
    );
  });

  it('markup the bot did not write stays text, and a javascript: link is not a link', async () => {
    const out = await html(Markdown({ content: '<img src=x onerror=alert(1)> [x](javascript:alert(1))' }));
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toContain('<a ');
  });

  it('quotes and notation size', async () => {
    const out = await html(Markdown({ content: '意见：\n> 同意立项。', notation: true }));
    expect(out).toContain('lk-notation');
    expect(out).toContain('<blockquote class="lk-quote">同意立项。</blockquote>');
  });
});

describe('cards as Feishu shows them', () => {
  it('the approval card: header colour, markdown, a form with a comment box and decision buttons that carry their callback', async () => {
    const card = approvalCard({
      project,
      step,
      findings: [],
      materials: [{ name: '项目建设方案', attached: true }],
      taskToken: 'tok123',
    });
    expect(validateCardV2(card)).toEqual([]);
    const out = await html(CardView({ card, messageId: 'om_1' }));
    expect(out).toContain('data-lk-card="om_1"');
    expect(out).toContain('待审批：智慧教育平台');
    expect(out).toContain('background:#3370ff');
    expect(out).toMatch(/<form class="lk-form" data-lk-form="approval_form"/);
    expect(out).toMatch(/<textarea name="comment"[^>]*data-lk-tag="input"/);
    const approve = /<button[^>]*data-name="approve"[^>]*>/.exec(out)![0];
    expect(approve).toContain('data-form-action="submit"');
    const value = JSON.parse(/data-value="([^"]*)"/.exec(approve)![1]!.replace(/&quot;/g, '"'));
    expect(value).toEqual({ action: 'approval.decide', decision: 'approve', task: 'tok123' });
    const reject = /<button[^>]*data-name="reject"[^>]*>/.exec(out)![0];
    expect(reject).toContain('data-confirm-title="确认不同意？"');
    expect(out).not.toContain('lk-unknown');
  });

  it('the finance card: input with its label and default, a select with its options', async () => {
    const card = financeCard({
      project,
      step: { name: '县财政局安排资金', article: 10 },
      task: 't1',
      suggestedAmountWan: 100,
    } as Parameters<typeof financeCard>[0]);
    const out = await html(CardView({ card, messageId: 'om_2' }));
    expect(out).toMatch(
      /<span class="lk-label">安排金额（万元）<\/span><input type="text" name="amount_wan" value="100"/,
    );
    expect(out).toMatch(
      /<select name="fund_channel"[^>]*data-lk-tag="select_static"><option value="">资金渠道<\/option><option value="[^"]+">/,
    );
    expect(out).not.toContain('lk-unknown');
  });

  it('select_person shows the people by name', async () => {
    const card = delegateCard({
      project,
      step: { name: '县智慧办审核' },
      task: 't2',
      colleagues: [{ openId: 'ou_jzZhbWang' }],
    } as Parameters<typeof delegateCard>[0]);
    const out = await html(CardView({ card, messageId: 'om_3', o: { personName: (id) => `王（${id}）` } }));
    expect(out).toContain('<option value="ou_jzZhbWang">王（ou_jzZhbWang）</option>');
  });

  it('date pickers, checkers, columns, collapsible panels and unknown components', async () => {
    const card = {
      schema: '2.0',
      header: { title: { tag: 'plain_text', content: '表单' }, template: 'orange' },
      body: {
        elements: [
          {
            tag: 'column_set',
            columns: [
              { tag: 'column', width: 'weighted', weight: 2, elements: [{ tag: 'markdown', content: '左' }] },
              { tag: 'column', width: 'auto', elements: [{ tag: 'markdown', content: '右' }] },
            ],
          },
          {
            tag: 'collapsible_panel',
            expanded: false,
            header: { title: { tag: 'markdown', content: '更多' } },
            elements: [{ tag: 'markdown', content: '内容' }],
          },
          {
            tag: 'form',
            name: 'f',
            elements: [
              { tag: 'date_picker', name: 'd', initial_date: '2026-11-23' },
              { tag: 'checker', name: 'c', checked: true, text: { tag: 'plain_text', content: '同意' } },
              {
                tag: 'button',
                text: { tag: 'plain_text', content: '提交' },
                form_action_type: 'submit',
                name: 's',
                behaviors: [{ type: 'callback', value: { action: 'x' } }],
              },
            ],
          },
          {
            tag: 'button',
            text: { tag: 'plain_text', content: '打开' },
            behaviors: [{ type: 'open_url', default_url: 'https://example.cn' }],
          },
          { tag: 'chart' },
        ],
      },
    };
    const out = await html(CardView({ card, messageId: 'om_4' }));
    expect(out).toContain('background:#ff8800');
    expect(out).toContain('style="flex:2 1 0;min-width:0"');
    expect(out).toContain('<details class="lk-panel">');
    expect(out).toContain('<input type="date" name="d" value="2026-11-23" data-lk-tag="date_picker"');
    expect(out).toMatch(/<input type="checkbox" name="c" checked="" data-lk-tag="checker"\/>/);
    expect(out).toContain('<a class="lk-btn lk-btn-default" href="https://example.cn"');
    expect(out).toContain('[暂不支持显示的组件：chart]');
  });
});
