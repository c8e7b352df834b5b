import { describe, expect, it } from 'vitest';
import {
  articleLabel,
  chineseNumeralToInt,
  intToChineseNumeral,
  parseArticles,
  repairExtractionResidue,
  repairLostChinese,
} from '../../src/rules/articles.js';
import { text as jinzhai } from '../../src/rules/texts/jinzhai-2022.js';
import { text as mudan } from '../../src/rules/texts/mudan-2023.js';
import { text as huaian } from '../../src/rules/texts/huaian-draft.js';
import { text as gaoping } from '../../src/rules/texts/gaoping-2020.js';

describe('Chinese article numbers', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十八', 18],
    ['二十', 20],
    ['二十四', 24],
    ['四十三', 43],
    ['一百零五', 105],
    ['一百一十', 110],
  ])('%s ↔ %i', (numeral, n) => {
    expect(chineseNumeralToInt(numeral)).toBe(n);
    expect(intToChineseNumeral(n)).toBe(numeral);
  });
  it('labels articles the way the measures do', () => {
    expect(articleLabel(18)).toBe('第十八条');
  });
  it('rejects what is not a numeral', () => {
    expect(() => chineseNumeralToInt('十a')).toThrow();
  });
});

describe('extraction artefacts (shared/regulations/README.md)', () => {
  it('puts Chinese back where English words stand for it', () => {
    expect(repairLostChinese('根据国家 and 省、市有关规定')).toBe('根据国家和省、市有关规定');
    expect(repairLostChinese('履行管理和 service 职能')).toBe('履行管理和服务职能');
  });
  it('drops word-processor bookmarks and spaces after enumeration commas', () => {
    expect(repairExtractionResidue('[bookmark: _GoBack]（六）未按照')).toBe('（六）未按照');
    expect(repairExtractionResidue('基础设施、 系统开发')).toBe('基础设施、系统开发');
  });
});

describe('parseArticles on the shipped texts', () => {
  const cases = [
    ['金寨', jinzhai, 24],
    ['牡丹区', mudan, 43],
    ['淮安', huaian, 41],
    ['高平', gaoping, 35],
  ] as const;

  it.each(cases)('%s: every article, numbered 1..N, each with its chapter', (_name, text, count) => {
    const articles = parseArticles(text);
    expect(articles.map((a) => a.no)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    for (const a of articles) {
      expect(a.chapter).toMatch(/^第[一二三四五六七八九十]+章 \S/);
      expect(a.text.length).toBeGreaterThan(5);
      expect(a.text).not.toMatch(/^第[一二三四五六七八九十百]+\s*条/);
      expect(a.text).not.toMatch(/#|\band\b|service|bookmark/);
    }
  });

  it('金寨 第十八条 reads 第十八条 项目建设单位…, not 条项目建设单位', () => {
    const a = parseArticles(jinzhai).find((x) => x.no === 18)!;
    expect(a.label).toBe('第十八条');
    expect(a.text.startsWith('项目建设单位须在项目通过终验并投入运行后6个月内')).toBe(true);
  });

  it('牡丹区: run-together articles split, words broken across lines joined', () => {
    const articles = parseArticles(mudan);
    const second = articles.find((a) => a.no === 2)!;
    expect(second.text).toContain('平板电脑');
    expect(second.text).toContain('管理和服务职能');
    expect(articles.find((a) => a.no === 4)!.text).toContain('牵头组织');
    expect(articles.find((a) => a.no === 1)!.text).toContain('根据国家和省、市有关管理规定');
    expect(articles.find((a) => a.no === 43)!.text).toBe(
      '本办法自印发之日起施行，有效期两年。本办法在实施过程中如遇上级政策调整，从其规定。',
    );
  });

  it('the last article ends before the signature, 抄送 and attachments', () => {
    expect(parseArticles(jinzhai).at(-1)!.text).not.toContain('附件');
    expect(parseArticles(gaoping).at(-1)!.text).toBe('本办法自印发之日起施行。');
  });

  it('a 第X条 inside a sentence is a cross-reference, not a new article', () => {
    const articles = parseArticles(
      '第一章 总则\n第一条 见本办法第三条规定。\n第二条 其他。\n第三条 本办法自印发之日起施行。',
    );
    expect(articles.map((a) => a.no)).toEqual([1, 2, 3]);
    expect(articles[0]!.text).toBe('见本办法第三条规定。');
  });
});
