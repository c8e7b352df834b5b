import { describe, expect, it } from 'vitest';
import { answerCard } from '../../cards/answer.js';
import { answerQuestion } from '../../src/answer/index.js';
import { PACKS } from '../../src/rules/packs/index.js';

const TODAY = '2025-06-16';
const ask = (question: string, regionPackId: string) =>
  answerQuestion({ packs: PACKS, question, today: TODAY, regionPackId });

describe('which article leads an answer', () => {
  it('牡丹区: the expired trial’s article (第四十三条) leads only a question about validity; the note stays, after the articles', () => {
    const a = ask('这个项目实施有啥要求', 'mudan-2023');
    expect(a.citations.length).toBeGreaterThan(1);
    expect(a.citations.slice(0, 2).map((c) => c.article)).not.toContain(43);
    expect(a.validityNote).toMatch(/过期|有效期/);
    const card = JSON.stringify(answerCard(a, { feedbackToken: 't' }));
    expect(card.indexOf(a.citations[0]!.label)).toBeGreaterThan(-1);
    expect(card.indexOf(a.citations[0]!.label)).toBeLessThan(card.indexOf('⚠️'));

    const v = ask('这个办法还能用吗', 'mudan-2023');
    expect(v.citations[0]!.article).toBe(43);
  });

  it('cites the nearest article rather than nothing when one says part of what was asked', () => {
    const a = ask('领导让我们把系统搬到云上', 'jinzhai-2022');
    expect(a.kind).toBe('retrieval');
    expect(a.citations.slice(0, 2).map((c) => c.article)).toContain(14);
    expect(a.lines[0]).toContain('最接近');
    expect(ask('今天食堂吃什么', 'jinzhai-2022').kind).toBe('none');
  });

  it('the article that says what was asked comes second when the rule’s own articles do not include it', () => {
    // The check on adjusting the budget answers first; 第四十一条 (不得用于其他支出) says it.
    const a = ask('钱能不能挪到别的地方用', 'mudan-2023');
    expect(a.citations.slice(0, 2).map((c) => c.article)).toContain(41);
  });

  it('colloquial: 谁来批 is 审批, 别的 is 其他', () => {
    expect(
      ask('能不能把信息化项目打包进别的项目里建', 'gaoping-2020')
        .citations.slice(0, 2)
        .map((c) => c.article),
    ).toContain(10);
    expect(
      ask('运维项目谁来批', 'huaian-draft')
        .citations.slice(0, 2)
        .map((c) => c.article),
    ).toContain(14);
  });

  it('after an event, what next: the time limit the event starts (终验过了 → 绩效自评价, 第十八条)', () => {
    expect(
      ask('我们局的系统终验过了，接下来还要做啥', 'jinzhai-2022')
        .citations.slice(0, 2)
        .map((c) => c.article),
    ).toContain(18);
  });
});
