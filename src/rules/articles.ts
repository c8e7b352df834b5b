/**
 * Parses the shipped regulation texts into articles.
 *
 * The texts come from PDF/HTML extraction and carry artefacts (see shared/regulations/README.md):
 * stray English words for lost Chinese, `第一条#` markers, several articles on one line, words
 * broken across lines, and `第十八  条项目…` for `第十八条  项目…`. Only these are repaired; every
 * other character stays as the law reads.
 */
import type { Article, ArticleNo } from './types.js';

/** The value of each Chinese digit (also read by the question normaliser). */
export const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 第四十三 → 43. Handles numbers up to 九百九十九, more than any of these measures need. */
export function chineseNumeralToInt(numeral: string): number {
  let total = 0;
  let current = 0;
  for (const ch of numeral) {
    if (ch in CHINESE_DIGITS) {
      current = CHINESE_DIGITS[ch]!;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else {
      throw new Error(`not a Chinese numeral: ${numeral}`);
    }
  }
  return total + current;
}

const NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 43 → 四十三, the way the measures number their articles (10 → 十, 21 → 二十一). */
export function intToChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new Error(`out of range: ${n}`);
  if (n < 10) return NUMERALS[n]!;
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = '';
  if (hundreds) out += `${NUMERALS[hundreds]}百`;
  if (tens) out += `${hundreds || tens > 1 ? NUMERALS[tens] : ''}十`;
  else if (hundreds && ones) out += '零';
  if (ones) out += NUMERALS[ones];
  return out;
}

export function articleLabel(no: ArticleNo): string {
  return `第${intToChineseNumeral(no)}条`;
}

/** English words the extraction put where Chinese was lost (README: "Known defects"). */
const LOST_CHINESE: Record<string, string> = { and: '和', service: '服务' };

export function repairLostChinese(text: string): string {
  return text.replace(/\s*\b(and|service)\b\s*/g, (_m, word: string) => LOST_CHINESE[word]!);
}

/**
 * Word-processor residue the extraction kept (淮安 第三十八条 `[bookmark: _GoBack]`) and a space
 * after Chinese enumeration punctuation (淮安 第二条 `基础设施、 系统开发`): neither is in the law.
 */
export function repairExtractionResidue(text: string): string {
  return text.replace(/\[bookmark:[^\]]*\]/g, '').replace(/([、，；：])[ \u3000]+(?=\S)/g, '$1');
}

/** A line ending with one of these ends a paragraph; any other line break is an extraction break. */
const PARAGRAPH_END = /[。；;：:！？!?）)」”]$/;
/** A chapter heading standing alone on its line (short, no sentence punctuation). */
const CHAPTER = /^第[一二三四五六七八九十百零]+章[\s\u3000]*[^。；，]{1,20}$/;
const ARTICLE_START = /第([一二三四五六七八九十百零]+)\s*条[#＃]?[\s\u3000]*/g;

/**
 * Joins lines the extraction broke in the middle of a sentence and puts every chapter heading and
 * every `第X条` that starts an article on a line of its own.
 */
function normaliseLines(raw: string): string[] {
  const text = repairExtractionResidue(repairLostChinese(raw.replace(/\r\n?/g, '\n')));
  // Put chapter headings that run inline (牡丹区: "…第七章附 则第四十二条#…") on their own line.
  // 牡丹区 marks every article start with `#`: a line break before each is safe.
  const withBreaks = text
    .replace(/(第[一二三四五六七八九十]+章)/g, '\n$1')
    .replace(/(第[一二三四五六七八九十百零]+条[#＃])/g, '\n$1');
  const lines = withBreaks
    .split('\n')
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((line) => line.length > 0);
  const joined: string[] = [];
  for (const line of lines) {
    const prev = joined[joined.length - 1];
    const startsNew =
      CHAPTER.test(line) ||
      /^第[一二三四五六七八九十百零]+\s*条/.test(line) ||
      /^[（(][一二三四五六七八九十]+[）)]/.test(line);
    if (prev !== undefined && !PARAGRAPH_END.test(prev) && !CHAPTER.test(prev) && !startsNew) {
      joined[joined.length - 1] = prev + line;
    } else {
      joined.push(line);
    }
  }
  return joined;
}

function chapterTitle(line: string): string | null {
  const m = /^(第[一二三四五六七八九十]+章)\s*(.+?)\s*(?=第[一二三四五六七八九十百零]+\s*条|$)/.exec(line);
  if (!m) return null;
  return `${m[1]} ${m[2]!.replace(/[\s\u3000]+/g, '')}`;
}

/**
 * Splits the text into articles. An article starts at `第X条` where X is the next expected
 * number, at the start of a line or right after a sentence end (牡丹区 runs articles together);
 * a `第X条` anywhere else is a cross-reference and stays in the text. The last article ends at its
 * first paragraph break: what follows is the signature block, 抄送 or the attachments.
 */
export function parseArticles(raw: string): Article[] {
  const lines = normaliseLines(raw);
  const articles: Article[] = [];
  let chapter = '';
  let current: { no: number; chapter: string; paragraphs: string[] } | null = null;
  let finished = false;

  const flush = () => {
    if (!current) return;
    articles.push({
      no: current.no,
      label: articleLabel(current.no),
      chapter: current.chapter,
      text: current.paragraphs.join('\n'),
    });
    current = null;
  };

  for (const line of lines) {
    if (finished) break;
    const title = chapterTitle(line);
    let rest = line;
    if (title) {
      chapter = title;
      rest = line
        .replace(/^第[一二三四五六七八九十]+章\s*/, '')
        .replace(/^.*?(?=第[一二三四五六七八九十百零]+\s*条)/, '');
      if (!/^第[一二三四五六七八九十百零]+\s*条/.test(rest)) continue;
    }
    // Cut the line at every article start that carries the next expected number.
    let cursor = 0;
    ARTICLE_START.lastIndex = 0;
    let match: RegExpExecArray | null;
    const pieces: { no: number | null; text: string }[] = [];
    while ((match = ARTICLE_START.exec(rest)) !== null) {
      const expected =
        (current?.no ?? articles[articles.length - 1]?.no ?? 0) + 1 + pieces.filter((p) => p.no !== null).length;
      const no = safeNumeral(match[1]!);
      const before = rest.slice(0, match.index);
      const atBoundary = match.index === 0 || /[。；;！？!?]$/.test(before);
      if (no === expected && atBoundary) {
        pieces.push({ no: null, text: rest.slice(cursor, match.index) });
        pieces.push({ no, text: '' });
        cursor = match.index + match[0].length;
      }
    }
    pieces.push({ no: null, text: rest.slice(cursor) });

    for (const piece of pieces) {
      if (piece.no !== null) {
        flush();
        current = { no: piece.no, chapter, paragraphs: [] };
        continue;
      }
      const text = piece.text.trim();
      if (!text || !current) continue;
      const open: { no: number; chapter: string; paragraphs: string[] } = current;
      if (open.paragraphs.length > 0 && isClosingArticle(open.paragraphs[0]!)) {
        finished = true;
        break;
      }
      open.paragraphs.push(text);
    }
  }
  flush();
  return articles;
}

/** The 施行 article closes the measures; anything after its paragraph is not part of the law. */
function isClosingArticle(firstParagraph: string): boolean {
  return /施行/.test(firstParagraph) && /(自|起)/.test(firstParagraph) && /(印发|发布|公布)/.test(firstParagraph);
}

function safeNumeral(numeral: string): number | null {
  try {
    return chineseNumeralToInt(numeral);
  } catch {
    return null;
  }
}

/** The tab-separated attachment tables of 金寨's text (附件1, 附件2), as raw cell lists. */
export function attachmentCells(raw: string, annex: string): string[] {
  const start = raw.indexOf(`${annex}\n`, raw.lastIndexOf('附件：'));
  if (start < 0) return [];
  const nextAnnex = raw.indexOf('\n附件', start + annex.length);
  const block = raw.slice(start, nextAnnex < 0 ? undefined : nextAnnex);
  return block
    .split(/\t|\n/)
    .map((c) => c.replace(/[\s\u3000]+/g, ''))
    .filter((c) => c.length > 0);
}
