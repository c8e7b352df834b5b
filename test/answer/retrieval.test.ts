import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerQuestion, prepareAnswering } from '../../src/answer/index.js';
import { normalizeText, tokenize } from '../../src/answer/text.js';
import { PACKS } from '../../src/rules/packs/index.js';

const TODAY = '2025-06-16';
const ask = (question: string, regionPackId?: string) =>
  answerQuestion({ packs: PACKS, question, today: TODAY, ...(regionPackId ? { regionPackId } : {}) });

describe('text', () => {
  it('Node has full ICU: Intl.Segmenter splits Chinese into words', () => {
    const words = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment('合同签订后报主管部门备案')].filter(
      (s) => s.isWordLike,
    );
    expect(words.length).toBeGreaterThan(3);
    expect(words.map((w) => w.segment)).toContain('合同');
  });

  it('normalises numerals before units, full-width forms and colloquial words', () => {
    expect(normalizeText('一百万以下')).toBe('100万以下');
    expect(normalizeText('百分之十五')).toBe('15%');
    expect(normalizeText('十个工作日')).toBe('10个工作日');
    expect(normalizeText('１２０万')).toBe('120万');
    expect(normalizeText('啥时候交')).toBe('什么时候交');
    expect(normalizeText('接入一网统管')).toBe('接入一网统管');
    expect(normalizeText('完成建设任务半年内')).toBe('完成建设任务6个月内');
  });

  it('tokens are segmenter words, bigrams and numbers with units', () => {
    const terms = tokenize(normalizeText('终验需要100万')).map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['终验', '需要', '100万']));
  });
});

describe('retrieval and tolerance', () => {
  it('homophone typos: 中验 → 终验, 被案 → 备案, 积效 → 绩效, 密平 → 密评', () => {
    expect(ask('金寨中验要什么材料').topic).toEqual({ type: 'stage', id: 'final_acceptance' });
    expect(ask('牡丹区合同签定后几天内要被案').topic).toEqual({ type: 'limit', id: 'contract_filing' });
    expect(ask('金寨积效自评价啥时候交').citations[0]!.article).toBe(18);
    expect(ask('淮安 密平不合格可以验收吗').citations[0]!.article).toBe(26);
  });

  it('synonyms the texts use: 终验 in 高平 (竣工验收), 竣工验收 in 金寨 (终验), 大数据局 in 高平', () => {
    expect(ask('高平终验需要什么材料').topic).toEqual({ type: 'stage', id: 'final_acceptance' });
    expect(ask('金寨竣工验收要准备什么').topic).toEqual({ type: 'stage', id: 'final_acceptance' });
    expect(ask('高平市合同文本要报给大数据局吗').citations[0]!.article).toBe(15);
  });

  it('a question no rule answers is answered from the articles, quoting them', () => {
    const a = ask('高平政务数据归谁所有');
    expect(a.kind).toBe('retrieval');
    expect(a.citations[0]!.article).toBe(25);
    for (const c of a.citations) {
      const art = PACKS.find((p) => p.id === c.packId)!.articles.find((x) => x.no === c.article)!;
      expect(art.text).toContain(c.quote);
    }
  });

  it('第十七条说的什么: the article itself', () => {
    const a = ask('金寨第十七条说的什么');
    expect(a.citations.map((c) => c.article)).toEqual([17]);
    expect(a.lines.join('')).toContain('终验');
  });

  it.each(['今天天气怎么样', '食堂几点开饭', '帮我订个会议室', '公积金怎么提取', '你好', '年终奖什么时候发'])(
    '%s → 没有找到, no guess',
    (q) => {
      const a = ask(q, 'jinzhai-2022');
      expect(a.kind).toBe('none');
      expect(a.title).toBe('没有找到');
      expect(a.citations).toEqual([]);
      expect(a.lines[0]).toContain('没有找到');
    },
  );

  it('没有找到 in 牡丹区 still carries the validity note', () => {
    expect(ask('食堂几点开饭', 'mudan-2023').validityNote).toContain('已过期');
  });
});

describe('the bench questions (bench/qa/questions.json)', () => {
  const questions = JSON.parse(readFileSync(new URL('../../bench/qa/questions.json', import.meta.url), 'utf8')) as {
    q: string;
    pack: string;
    askerPack?: string;
    articles: number[];
  }[];

  it('has at least 80 questions, 15 per region, some without the region named', () => {
    expect(questions.length).toBeGreaterThanOrEqual(80);
    for (const p of PACKS) expect(questions.filter((q) => q.pack === p.id).length).toBeGreaterThanOrEqual(15);
    expect(questions.filter((q) => q.askerPack).length).toBeGreaterThan(5);
  });

  it('top-1 ≥ 90 % and top-3 ≥ 98 % article accuracy', () => {
    prepareAnswering(PACKS);
    let top1 = 0;
    let top3 = 0;
    for (const b of questions) {
      const a = answerQuestion({
        packs: PACKS,
        question: b.q,
        today: TODAY,
        ...(b.askerPack ? { regionPackId: b.askerPack } : {}),
      });
      if (a.packId !== b.pack) continue;
      const got = a.citations.map((c) => c.article);
      if (got.length && b.articles.includes(got[0]!)) top1++;
      if (got.slice(0, 3).some((n) => b.articles.includes(n))) top3++;
    }
    expect(top1 / questions.length).toBeGreaterThanOrEqual(0.9);
    expect(top3 / questions.length).toBeGreaterThanOrEqual(0.98);
  });
});
