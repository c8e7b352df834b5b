/**
 * 我的项目 through the webhook: each project with its next deadline — the unit's most pressing open
 * row, in the order of the daily digest — and buttons that work: 进度 sends the approval trail,
 * 报告进展 opens the report form in place, 导出申报表 sends the .docx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseDate } from '../src/calendar.js';
import { articleLabel } from '../src/rules/articles.js';
import { buttonBy, cardText } from './support/card-driver.js';
import { startTestBot, type TestBot } from './support/harness.js';
import { approvedProject, deadlineRows } from './support/lifecycle.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const GAO = 'ou_mdScjGao'; // 区市场监管局, 牡丹区

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({ clock: () => NOW });
}, 120_000);
afterAll(async () => bot?.close());

describe('我的项目', () => {
  it('shows the next deadline of an approved project, and its 进度, 报告进展, 导出申报表 buttons work', async () => {
    const p = await approvedProject(bot, {
      number: 'MD-2026-0901',
      regionId: 'mudan',
      unitName: '区市场监管局',
      kind: 'government_build',
      name: '市场监管一体化平台',
      investmentWan: 150,
      createdBy: GAO,
      approvedOn: '2026-11-20',
    });
    const open = (await deadlineRows(bot, p.id)).filter(
      (r) => r.state === 'open' && (r.type === 'deadline' || r.type === 'window') && r.due >= '2026-11-23',
    );
    expect(open.length).toBeGreaterThan(0);
    const first = open[0]!;

    const replies = await bot.say({ openId: GAO, text: '我的项目' });
    const card = replies.find((m) => m.msg_type === 'interactive')!.content as object;
    const text = cardText(card);
    expect(text).toContain('MD-2026-0901');
    expect(text).toContain(`下一期限：${first.obligation.slice(0, 20)}`);
    expect(text).toContain(
      `${chineseDate(first.extendedTo ?? first.until ?? first.due)}前（${articleLabel(first.article)}）`,
    );

    const progress = await bot.tap({ openId: GAO, value: buttonBy(card, (b) => b.text === '进度').value });
    expect(progress.toast?.content).toBe('审批进度已发给你。');
    await bot.deliver();
    expect(bot.fake.messages.some((m) => JSON.stringify(m.content).includes('审批进度：市场监管一体化平台'))).toBe(
      true,
    );

    const form = await bot.tap({ openId: GAO, value: buttonBy(card, (b) => b.text === '报告进展').value });
    expect(JSON.stringify(form.card)).toContain('lifecycle.report');

    const files = bot.fake.messages.filter((m) => m.msg_type === 'file').length;
    const exported = await bot.tap({ openId: GAO, value: buttonBy(card, (b) => b.text === '导出申报表').value });
    expect(exported.toast?.content).toContain('正在生成申报表');
    await bot.runtime.settle();
    await bot.deliver();
    expect(bot.fake.messages.filter((m) => m.msg_type === 'file').length).toBe(files + 1);
  }, 120_000);
});
