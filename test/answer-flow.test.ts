import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qaAnswers, qaFeedback } from '../db/schema/index.js';
import { validateCardV2 } from './support/card-schema.js';
import { buttonBy, cardText } from './support/card-driver.js';
import { declareProject } from './support/declare.js';
import { startTestBot, type TestBot } from './support/harness.js';

const NOW = new Date('2026-11-23T02:00:00Z');

function answerOf(messages: { msg_type: string; content: unknown }[]): object {
  const card = messages.find((m) => m.msg_type === 'interactive');
  expect(card).toBeDefined();
  expect(validateCardV2(card!.content)).toEqual([]);
  return card!.content as object;
}

describe('asking the bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: () => NOW });
  });
  afterAll(async () => bot.close());

  it('answers from the asker’s region with the article quoted: 金寨 终验 materials (第十七条)', async () => {
    const card = answerOf(await bot.say({ openId: 'ou_jzEduZhou', text: '终验需要什么材料' }));
    const text = cardText(card);
    expect(text).toContain('第十七条');
    for (const m of ['试运行报告', '第三方测评报告', '密码应用安全性评估报告']) expect(text).toContain(m);
  });

  it('a region named in the question wins: 高平 contract filing within 5 working days (第十五条)', async () => {
    const text = cardText(answerOf(await bot.say({ openId: 'ou_jzEduZhou', text: '高平合同签了几天内要备案' })));
    expect(text).toContain('第十五条');
    expect(text).toMatch(/5个工作日/);
  });

  it('with no region known, asks which region; the choice answers, saying 牡丹区’s trial has expired', async () => {
    const ask = answerOf(await bot.say({ openId: 'ou_stranger02', text: '合同签了几天内要备案' }));
    const choice = buttonBy(ask, (b) => b.value.action === 'qa.region' && b.value.packId === 'mudan-2023');
    const answer = await bot.tap({ openId: 'ou_stranger02', value: choice.value });
    const text = cardText(answer.card!.data);
    expect(text).toContain('第二十二条');
    expect(text).toMatch(/10个工作日/);
    expect(text).toMatch(/试行|过期|有效期/);
  });

  it('says plainly when nothing fits', async () => {
    const text = cardText(answerOf(await bot.say({ openId: 'ou_jzEduZhou', text: '今天食堂吃什么' })));
    expect(text).toMatch(/没有找到/);
  });

  it('user text in a question is escaped in the card', async () => {
    const card = answerOf(await bot.say({ openId: 'ou_jzEduZhou', text: '**终验**[点我](http://x) 需要什么材料' }));
    expect(JSON.stringify(card)).not.toContain('[点我](http://x)');
  });

  it('about our own project: its stage and the materials with ✅/❌', async () => {
    const number = await declareProject(bot, 'ou_jzEduWu', 'jinzhai-2022');
    const text = cardText(answerOf(await bot.say({ openId: 'ou_jzEduWu', text: `${number} 还差什么材料` })));
    expect(text).toContain(number);
    expect(text).toMatch(/✅|❌/);
  });

  it('👍/👎 are stored for the admins, one vote per person', async () => {
    const card = answerOf(await bot.say({ openId: 'ou_jzEduZhou', text: '绩效自评价什么时候做' }));
    const down = buttonBy(card, (b) => b.value.action === 'qa.feedback' && b.value.vote === 'down');
    const up = buttonBy(card, (b) => b.value.action === 'qa.feedback' && b.value.vote === 'up');
    expect((await bot.tap({ openId: 'ou_jzEduZhou', value: down.value })).toast?.type).toBe('success');
    expect((await bot.tap({ openId: 'ou_jzEduZhou', value: up.value })).toast?.type).toBe('success');
    const [answer] = await bot.database.db
      .select()
      .from(qaAnswers)
      .where(eq(qaAnswers.token, String(up.value.token)));
    const votes = await bot.database.db.select().from(qaFeedback).where(eq(qaFeedback.answerId, answer!.id));
    expect(votes).toEqual([expect.objectContaining({ voterOpenId: 'ou_jzEduZhou', vote: 'up' })]);
    expect(answer!.question).toBe('绩效自评价什么时候做');
  });

  it('in a group it answers when @-mentioned, in the group', async () => {
    const out = await bot.say({
      openId: 'ou_jzEduZhou',
      text: '一百万以下要不要监理',
      chatType: 'group',
      chatId: 'oc_jzEduGroup',
    });
    expect(out.filter((m) => m.chat_id === 'oc_jzEduGroup' && m.msg_type === 'interactive')).toHaveLength(1);
  });
});
