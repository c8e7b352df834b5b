import { describe, expect, it } from 'vitest';
import { answerCard, regionChoiceCard } from '../../cards/answer.js';
import { escapeMarkdown, unescapeMarkdown } from '../../cards/markdown.js';
import { answerQuestion, type Answer } from '../../src/answer/index.js';
import { PACKS } from '../../src/rules/packs/index.js';
import { cardByteLength, validateCardV2 } from '../support/card-schema.js';

const TODAY = '2025-06-16';
const ask = (question: string, regionPackId?: string) =>
  answerQuestion({ packs: PACKS, question, today: TODAY, ...(regionPackId ? { regionPackId } : {}) });

type Card = { header: { title: { content: string }; template: string }; body: { elements: Record<string, unknown>[] } };

function texts(card: object): string {
  return JSON.stringify(card);
}

function buttons(
  card: object,
): { text: { content: string }; behaviors: { type: string; value: Record<string, unknown> }[] }[] {
  const out: ReturnType<typeof buttons> = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.tag === 'button') out.push(o as never);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('answerCard', () => {
  it.each([
    ['金寨终验需要什么材料', undefined],
    ['牡丹区合同签了几天内要备案', undefined],
    ['高平政务数据归谁所有', undefined],
    ['食堂几点开饭', 'jinzhai-2022'],
    ['淮安这个办法生效了吗', undefined],
  ])('%s: a valid Card 2.0 with the answer, the quoted articles and feedback', (q, region) => {
    const a = ask(q, region);
    const card = answerCard(a, { feedbackToken: 'tok-1' }) as Card;
    expect(validateCardV2(card)).toEqual([]);
    expect(card.header.title.content).toBe(a.title);
    const json = texts(card);
    for (const c of a.citations) expect(json).toContain(c.label);
    const votes = buttons(card).map((b) => b.behaviors[0]!.value);
    expect(votes).toEqual([
      { action: 'qa.feedback', vote: 'up', token: 'tok-1' },
      { action: 'qa.feedback', vote: 'down', token: 'tok-1' },
    ]);
  });

  it('shows the validity note of an expired trial / a draft', () => {
    const md = answerCard(ask('牡丹区合同签了几天内要备案'), { feedbackToken: 't' }) as Card;
    expect(texts(md)).toContain('已过期');
    expect(md.header.template).toBe('orange');
    expect(texts(answerCard(ask('淮安竣工验收后多久要备案'), { feedbackToken: 't' }))).toContain('征求意见稿');
    expect(texts(answerCard(ask('金寨终验需要什么材料'), { feedbackToken: 't' }))).not.toContain('⚠️');
  });

  it('escapes the question and every line: user text cannot fake formatting or links', () => {
    const a = ask('金寨终验**需要**什么材料 [点我](http://evil.example) <at id=all></at>');
    const card = answerCard(a, { feedbackToken: 't' }) as Card;
    expect(validateCardV2(card)).toEqual([]);
    const md = card.body.elements.filter((e) => e.tag === 'markdown').map((e) => e.content as string);
    const q = md.find((m) => m.startsWith('问：'))!;
    expect(q).toBe(`问：${escapeMarkdown(a.question!)}`);
    expect(q).not.toContain('**');
    expect(q).not.toContain('[点我](');
    expect(q).not.toContain('<at');
    expect(unescapeMarkdown(q)).toBe(`问：${a.question}`);
    const crafted: Answer = { kind: 'retrieval', title: 't', lines: ['**x** [y](z)'], citations: [] };
    const cc = answerCard(crafted, { feedbackToken: 't' }) as Card;
    const line = cc.body.elements.find((e) => e.tag === 'markdown')!.content as string;
    expect(line).toBe(escapeMarkdown('**x** [y](z)'));
    expect(line).not.toContain('**');
  });

  it('says when a language model phrased the answer', () => {
    const a = { ...ask('金寨终验需要什么材料'), lines: ['要交七样材料。'], phrasedBy: 'qa-model' };
    expect(texts(answerCard(a, { feedbackToken: 't' }))).toContain('语言模型');
  });

  it('a project answer with ✅/❌ is a valid card', () => {
    const a = answerQuestion({
      packs: PACKS,
      question: '我们的项目终验还差什么',
      today: TODAY,
      project: {
        number: 'JZ-1',
        name: '**平台**',
        packId: 'jinzhai-2022',
        kind: 'new_build',
        stage: 'final_acceptance',
        events: {},
        attachedMaterialIds: ['construction_summary'],
        facts: {},
        openDeadlines: [],
        rectifications: [],
      },
    });
    const card = answerCard(a, { feedbackToken: 't' }) as Card;
    expect(validateCardV2(card)).toEqual([]);
    expect(card.header.template).toBe('green');
    expect(texts(card)).toContain('✅');
    expect(texts(card)).toContain('❌');
  });

  it('stays within Lark’s 30 KB however long the answer', () => {
    const long = 'X'.repeat(230);
    const a: Answer = {
      kind: 'retrieval',
      title: '很长的回答',
      lines: Array.from({ length: 300 }, (_, i) => `${i}. ${long}`),
      citations: Array.from({ length: 80 }, (_, i) => ({
        packId: 'p',
        article: i + 1,
        label: `第${i + 1}条`,
        quote: long,
        text: `《办法》第${i + 1}条：“${long}”`,
      })),
    };
    const card = answerCard(a, { feedbackToken: 't' });
    expect(validateCardV2(card)).toEqual([]);
    expect(cardByteLength(card)).toBeLessThanOrEqual(30 * 1024);
  });

  it('an ask_region answer becomes the region choice card', () => {
    const card = answerCard(ask('合同签了几天内要备案'), { feedbackToken: 't' });
    expect(buttons(card).map((b) => b.behaviors[0]!.value.action)).toEqual(PACKS.map(() => 'qa.region'));
  });
});

describe('regionChoiceCard', () => {
  it('one button per region, carrying the pack and the question', () => {
    const choices = PACKS.map((p) => ({ packId: p.id, name: p.region.name }));
    const card = regionChoiceCard('合同签了几天内要备案', choices);
    expect(validateCardV2(card)).toEqual([]);
    const bs = buttons(card);
    expect(bs.map((b) => b.text.content)).toEqual(['金寨县', '牡丹区', '淮安市', '高平市']);
    expect(bs.map((b) => b.behaviors[0]!.value)).toEqual(
      choices.map((c) => ({ action: 'qa.region', packId: c.packId, question: '合同签了几天内要备案' })),
    );
  });

  it('escapes the question in the text', () => {
    const card = regionChoiceCard('终验__材料__ `code`', [{ packId: 'jinzhai-2022', name: '金寨县' }]) as Card;
    expect(validateCardV2(card)).toEqual([]);
    const md = card.body.elements.find((e) => e.tag === 'markdown')!.content as string;
    expect(md).toContain(escapeMarkdown('终验__材料__ `code`'));
    expect(md).not.toContain('__材料__');
  });
});
