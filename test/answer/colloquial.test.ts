import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer/index.js';
import { knowledgeOf, PHRASE_PREFIX } from '../../src/answer/knowledge.js';
import { buildQuery } from '../../src/answer/query.js';
import { normalizeText, pinyinOf } from '../../src/answer/text.js';
import { PACKS } from '../../src/rules/packs/index.js';

/** Questions as unit staff type them: the article that holds the answer must be among the first two cited. */
const TODAY = '2025-06-16';
const packOf = (region: string) => PACKS.find((p) => p.region.id === region)!;
const ask = (region: string, question: string) =>
  answerQuestion({ packs: PACKS, question, today: TODAY, regionPackId: packOf(region).id });
const lead = (region: string, question: string) =>
  ask(region, question)
    .citations.slice(0, 2)
    .map((c) => c.article);

describe('colloquial words read as the measures write them', () => {
  it('审 alone is 审核, and 评审, 审计, 审批 stay', () => {
    expect(normalizeText('谁来审方案')).toBe('谁来审核方案');
    expect(normalizeText('评审和审计')).toBe('评审和审计');
    expect(normalizeText('审批')).toBe('审批');
  });

  it('签 alone is 签订; 签了 stays', () => {
    expect(normalizeText('立项以后还要签啥')).toBe('立项以后还要签订什么');
    expect(normalizeText('合同签了')).toBe('合同签了');
  });

  it('经费谁出 asks who pays; 谁来出方案 names what is made', () => {
    expect(normalizeText('经费谁出')).toBe('经费谁出钱');
    expect(normalizeText('谁来出方案')).toBe('谁来出方案');
  });

  it('the bigrams of 能不能 are no content of the question', () => {
    const k = knowledgeOf(packOf('huaian'));
    const norm = normalizeText('项目能不能分开报');
    const surfaces = buildQuery(k, norm, pinyinOf(norm)).concepts.map((c) => c.surface);
    expect(surfaces).not.toContain('能不');
    expect(surfaces).not.toContain('不能');
  });
});

describe('the article that holds the answer leads', () => {
  it('没过关 is 不合格 and 投用 is 投入使用: the article on acceptance that failed leads', () => {
    expect(ask('huaian', '验收没过关能先投用吗').citations[0]!.article).toBe(28);
  });

  it('再采一次 is 重复采集', () => {
    expect(lead('huaian', '别的部门那能拿到的数据我们再采一次行吗')).toContain(19);
  });

  it('算不算 without an exclusion named: the article that defines the projects the measures cover', () => {
    expect(lead('gaoping', '运维项目算不算政务信息化项目')).toContain(3);
  });

  it('主管部门是哪个单位: the office, with the article that names it', () => {
    const a = ask('mudan', '项目主管部门是哪个单位');
    expect(a.topic).toEqual({ type: 'role', id: 'reviewer' });
    expect(a.citations[0]!.article).toBe(4);
  });

  it('系统归谁 asks who owns it', () => {
    expect(lead('gaoping', '做好的系统归谁').some((n) => n === 15 || n === 25)).toBe(true);
  });

  it('立项以后还要签啥: the article on the responsibility letter signed after approval', () => {
    expect(ask('mudan', '立项以后还要签啥').citations[0]!.article).toBe(14);
  });

  it('建设资金谁来掏: the finance office', () => {
    const a = ask('gaoping', '建设资金谁来掏');
    expect(a.topic).toEqual({ type: 'role', id: 'finance' });
    expect(a.citations[0]!.article).toBe(5);
  });

  it('审项目主要看哪几方面: the article that lists what the review looks at', () => {
    expect(ask('jinzhai', '智慧办审项目主要看哪几方面').citations[0]!.article).toBe(9);
  });

  it('谁来批 after the review: the approval step leads, found by what its office does', () => {
    expect(ask('jinzhai', '出了审核意见以后还得谁来批').citations[0]!.article).toBe(10);
  });

  it('建设类、政府购买服务类项目 says 建设类项目: the article on their approval files leads', () => {
    const k = knowledgeOf(packOf('huaian'));
    expect(k.articles.find((a) => a.article.no === 14)!.tf.has(`${PHRASE_PREFIX}建设类项目`)).toBe(true);
    expect(ask('huaian', '建设类项目立项审批要交啥文件').citations[0]!.article).toBe(14);
  });

  it('几月 asks for a yearly date: the article with the yearly deadline is cited', () => {
    expect(lead('jinzhai', '申报截止到几月')).toContain(5);
  });
});
