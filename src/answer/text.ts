/**
 * Text handling for question answering: normalisation (full-width forms, colloquial words, Chinese
 * numerals before units), Chinese word segmentation (Intl.Segmenter) plus character bigrams, and
 * toneless pinyin for homophone typos (中验 → 终验, 被案 → 备案). Pure; no pack knowledge here.
 */
import { pinyin } from 'pinyin-pro';
import { CHINESE_DIGITS } from '../rules/articles.js';

const SEGMENTER = new Intl.Segmenter('zh', { granularity: 'word' });

/** A CJK ideograph (the ranges the regulations and questions use). */
export const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/** Chinese digits, with the colloquial 俩 (two). */
const NUMERAL_DIGITS: Readonly<Record<string, number>> = { ...CHINESE_DIGITS, 俩: 2 };

/** 一百二十 → 120, 十五 → 15, 两 → 2, 一千五 → 1500 (a trailing digit after 千/百 scales down). */
export function parseChineseNumber(s: string): number | null {
  let total = 0;
  let current = 0;
  let lastUnit = 0;
  let seen = false;
  for (const ch of s) {
    if (ch in NUMERAL_DIGITS) {
      current = NUMERAL_DIGITS[ch]!;
      seen = true;
    } else if (ch === '十' || ch === '百' || ch === '千') {
      const unit = ch === '十' ? 10 : ch === '百' ? 100 : 1000;
      total += (current || 1) * unit;
      current = 0;
      lastUnit = unit;
      seen = true;
    } else return null;
  }
  if (!seen) return null;
  // 一千五 = 1500, 一百五 = 150 (colloquial): a lone digit right after 百/千 is one order lower.
  if (current && lastUnit >= 100 && !s.endsWith('十') && /[百千][一二两三四五六七八九]$/.test(s))
    return total + current * (lastUnit / 10);
  return total + current;
}

/** Units after which a Chinese numeral is a quantity (so 一网统管, 统一 stay as they are). */
const UNIT_AFTER = '(?=个|万|亿|天|日|年|月|周|星期|小时|元|块|%|倍|次|项|份|名|家|条|人|季度)';
const NUMERAL_RUN = new RegExp(`([零〇一二两俩三四五六七八九十百千]+)${UNIT_AFTER}`, 'g');

/** Colloquial or dialect words → the words the regulations use. Longest first. */
const COLLOQUIAL: readonly (readonly [RegExp, string])[] = [
  [/百分之([零〇一二两三四五六七八九十百\d.]+)/g, '$1%'],
  [/咋办/g, '怎么办'],
  [/咋整/g, '怎么办'],
  [/咋弄/g, '怎么做'],
  [/咋/g, '怎么'],
  [/啥时候/g, '什么时候'],
  [/啥时/g, '什么时候'],
  [/啥/g, '什么'],
  [/管什么/g, '负责什么'],
  [/干什么/g, '做什么'],
  [/俺们|咱们|咱/g, '我们'],
  [/俺/g, '我'],
  [/半年/g, '6个月'],
  [/改(\d+%的|一下)?(方案|预算|概算|建设内容|内容|投资|合同|计划)/g, '调整$1$2'],
  [/(马上|直接|立即|立刻)就?能?用/g, '投入使用'],
  [/(市|县|区|省)里/g, '$1级'],
  [/别的/g, '其他'],
  // 谁来查: 查 alone is 监督检查 (not 查询/查看/查找).
  [/(谁来|谁|来|会)查(?![询看找阅])/g, '$1监督检查'],
  // 谁来批, 能批吗: 批 alone is 审批 (not 批准/批复/批次 …).
  [/(谁来|谁|能|才能|可以|会|给|要|报)批(?![准复评次量示办])/g, '$1审批'],
  [/一个半月/g, '45天'],
  // 审方案, 谁来审: 审 alone is 审核 (the measures always write 审核, 审批, 审查, 审计, 评审 …).
  [/(?<![评预初复送报终联会政受])审(?![核批计查定议阅签理判])/g, '审核'],
  // 签啥, 要签吗: 签 alone is 签订 (签了, 签完, 签字 … stay).
  [/签(?![订了署完好定约字名收发过])/g, '签订'],
  // 系统归谁: who owns it (归谁管 asks who is in charge, and stays).
  [/归谁(?![管负])/g, '归属谁'],
  // 经费谁出, 谁来掏: who pays (出钱); 谁来出方案 names what is made, and stays.
  [/谁(来)?(出|掏)(?=$|[^\u4e00-\u9fff]|[呢啊呀吧的])/g, '谁$1出钱'],
  // 拍板, 说了算: who decides is who approves (批准).
  [/拍板|说了算|定夺/g, '批准'],
];

/**
 * Normalises text for matching: NFKC (full-width digits, letters and punctuation → ASCII),
 * lower case, colloquial words, Chinese numerals before units → digits (一百万 → 100万,
 * 十个工作日 → 10个工作日, 百分之十五 → 15%). Applied alike to questions and to regulation texts.
 */
export function normalizeText(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  for (const [re, to] of COLLOQUIAL) s = s.replace(re, to);
  s = s.replace(NUMERAL_RUN, (m, run: string) => {
    const n = parseChineseNumber(run);
    return n === null ? m : String(n);
  });
  // 百万 / 千万 without a leading digit: 百万以下 → 100万以下.
  s = s.replace(/(^|[^\d])百万/g, '$1100万').replace(/(^|[^\d])千万/g, '$11000万');
  // 1百万 → 100万
  s = s.replace(/(\d+)百万/g, (_m, d: string) => `${Number(d) * 100}万`);
  s = s.replace(/(\d+)千万/g, (_m, d: string) => `${Number(d) * 1000}万`);
  // 十五% written as 15 % etc.
  s = s.replace(/(\d)\s+%/g, '$1%');
  return s;
}

export interface Token {
  term: string;
  /** Position of the first character in the normalised text. */
  start: number;
  end: number;
  kind: 'word' | 'bigram' | 'number' | 'latin';
  /** A bigram that joins the end of one segmenter word and the start of another, where either is a word of two or more characters (报告|报给 → 告报): usually noise. */
  crossesWord?: boolean;
}

/**
 * Tokens of normalised text: Intl.Segmenter words of two or more characters, every CJK character
 * bigram, numbers (`100`, `100万`, `15%`) and latin words (`app`). Single CJK characters are left
 * out: the bigrams carry them.
 */
export function tokenize(norm: string): Token[] {
  const out: Token[] = [];
  /** For each UTF-16 index: the length of the segment it belongs to, and where that segment starts. */
  const segLen = new Uint16Array(norm.length);
  const segStart = new Uint32Array(norm.length);
  for (const seg of SEGMENTER.segment(norm)) {
    const w = seg.segment;
    segLen.fill(w.length, seg.index, seg.index + w.length);
    segStart.fill(seg.index, seg.index, seg.index + w.length);
    if (!seg.isWordLike) continue;
    const start = seg.index;
    if (/^[\d.]+$/.test(w)) {
      // A bare 1 (一次, 一个) says nothing; 1个月 is kept below with its unit.
      if (w === '1') continue;
      out.push({ term: w, start, end: start + w.length, kind: 'number' });
      continue;
    }
    if (/^[a-z][a-z0-9+]*$/.test(w)) {
      out.push({ term: w, start, end: start + w.length, kind: 'latin' });
      continue;
    }
    if (w.length >= 2 && [...w].every((c) => CJK.test(c)))
      out.push({ term: w, start, end: start + w.length, kind: 'word' });
  }
  // Numbers with their unit: 100万, 15%, 30个 (the segmenter splits them).
  for (const m of norm.matchAll(/(\d+(?:\.\d+)?)(万|%|个工作日|个月|年|天|日)/g)) {
    out.push({ term: m[1]! + m[2]!, start: m.index!, end: m.index! + m[0].length, kind: 'number' });
  }
  // Work on UTF-16 indexes: every CJK character used here is in the BMP.
  for (let i = 0; i + 1 < norm.length; i++) {
    const a = norm[i]!;
    const b = norm[i + 1]!;
    if (!CJK.test(a) || !CJK.test(b)) continue;
    const crosses = segStart[i] !== segStart[i + 1] && (segLen[i]! >= 2 || segLen[i + 1]! >= 2);
    out.push({ term: a + b, start: i, end: i + 2, kind: 'bigram', ...(crosses ? { crossesWord: true } : {}) });
  }
  return out;
}

/** Toneless pinyin of every UTF-16 unit of `norm` (non-Chinese characters stand for themselves). */
export function pinyinOf(norm: string): string[] {
  const arr = pinyin(norm, { toneType: 'none', type: 'array', nonZh: 'spaced' }) as string[];
  if (arr.length === norm.length) return arr;
  // Fallback: per character (slower, context-free), keeps the alignment.
  return [...norm].map((c) =>
    CJK.test(c) ? ((pinyin(c, { toneType: 'none', type: 'array' }) as string[])[0] ?? c) : c,
  );
}

/** The pinyin key of a span, e.g. `zhong yan`. */
export function pinyinKey(py: readonly string[], start: number, end: number): string {
  return py.slice(start, end).join(' ');
}
