/**
 * "我们项目还差什么" through the webhook: a unit with one project gets that project's checklist
 * (number, ✅ attached / ❌ missing with articles, the open deadline), whatever the wording; a unit
 * with several projects is asked which, and the choice answers for the chosen one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packById } from '../src/rules/packs/index.js';
import { validateCardV2 } from './support/card-schema.js';
import { buttonBy, cardText } from './support/card-driver.js';
import { startTestBot, type TestBot } from './support/harness.js';
import { approvedProject } from './support/lifecycle.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai

function cardOf(messages: { msg_type: string; content: unknown }[]): object {
  const card = messages.find((m) => m.msg_type === 'interactive');
  expect(card).toBeDefined();
  expect(validateCardV2(card!.content)).toEqual([]);
  return card!.content as object;
}

const WORDINGS = [
  '我们项目还差什么',
  '我们的项目还缺什么材料',
  '我单位那个项目下一步要交什么',
  '咱们的项目还差啥',
  '本单位项目还要交什么',
];

describe('questions about our own project', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: () => NOW });
  }, 120_000);
  afterAll(async () => bot.close());

  it('a unit with one project: each of five wordings answers with that project’s checklist and due date', async () => {
    const gaoping = packById('gaoping-2020')!;
    const p = await approvedProject(bot, {
      number: 'GP-2026-0101',
      regionId: 'gaoping',
      unitName: '市自然资源局',
      kind: gaoping.projectKinds[0]!.id,
      name: '不动产登记协同系统',
      investmentWan: 120,
      createdBy: 'ou_gpZrjDong',
      approvedOn: '2026-11-16',
    });
    // 合同已签订: the 5-working-day filing of the contract (第十五条) is now due.
    await bot.say({ openId: 'ou_gpZrjDong', text: `${p.number} 合同已签订 2026-11-20` });
    // Nothing attached yet: the contract text (or, asked for the next step, the supervisor filing) is missing.
    for (const [i, text] of WORDINGS.entries()) {
      const asker = i % 2 === 0 ? 'ou_gpZrjDong' : 'ou_gpZrjYuan';
      const out = cardText(cardOf(await bot.say({ openId: asker, text })));
      expect(out, text).toContain(p.number);
      expect(out, text).toMatch(/还差\d+项|没有列出需要提交的材料/);
      expect(out, text).toMatch(/❌ .+（第[一二三四五六七八九十]+条）/);
      expect(out, text).toMatch(/⏰ .*合同.*2026-11-27前/);
      expect(out, text).toContain('第十五条');
    }
  });

  it('a unit with several projects is asked which; the chosen one is answered', async () => {
    const a = await approvedProject(bot, {
      number: 'JZ-2026-0201',
      regionId: 'jinzhai',
      unitName: '县卫健委',
      kind: 'new_build',
      name: '全民健康信息平台',
      investmentWan: 150,
      createdBy: 'ou_jzWjwFeng',
      approvedOn: '2026-11-16',
    });
    const b = await approvedProject(bot, {
      number: 'JZ-2026-0202',
      regionId: 'jinzhai',
      unitName: '县卫健委',
      kind: 'new_build',
      name: '基层医疗云',
      investmentWan: 90,
      createdBy: 'ou_jzWjwFeng',
      approvedOn: '2026-11-17',
    });
    const ask = cardOf(await bot.say({ openId: 'ou_jzWjwFeng', text: '咱们的项目还缺什么' }));
    const text = cardText(ask);
    expect(text).toContain('请选择项目');
    for (const p of [a, b]) expect(text).toContain(p.number);
    const choice = buttonBy(ask, (x) => x.value.action === 'qa.project' && x.value.number === a.number);
    const answer = await bot.tap({ openId: 'ou_jzWjwFeng', value: choice.value });
    expect(validateCardV2(answer.card!.data)).toEqual([]);
    const chosen = cardText(answer.card!.data);
    expect(chosen).toContain(a.number);
    expect(chosen).not.toContain(b.number);
    expect(chosen).toMatch(/❌|✅/);
  });

  it('someone of another unit cannot open a project through the choice', async () => {
    const answer = await bot.tap({
      openId: 'ou_mdScjGao',
      value: { action: 'qa.project', number: 'JZ-2026-0201', question: '我们项目还差什么' },
    });
    expect(answer.toast?.type).toBe('error');
    expect(answer.card).toBeUndefined();
  });
});
