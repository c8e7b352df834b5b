/**
 * A question as weighted concepts for one pack, and BM25 scoring of the pack's documents against it.
 *
 * A concept is one thing the question says (a phrase of the synonym dictionary, a word, a bigram, a
 * number) with its variants (synonyms, typo corrections) and their weights; a document scores the
 * best variant of each concept, so a text that uses two synonyms is not counted twice.
 */
import { type Doc, type PackKnowledge, PHRASE_PREFIX } from './knowledge.js';
import { PARTICLE_CHARS, STOP_CHARS, STOP_WORDS } from './lexicon.js';
import { CJK, pinyinKey, tokenize } from './text.js';

export interface Variant {
  term: string;
  weight: number;
}

export interface Concept {
  /** What the question said. */
  surface: string;
  variants: Variant[];
  importance: number;
  /** Bigrams that match nothing in the pack are noise, not missing content. */
  kind: 'phrase' | 'word' | 'bigram' | 'number' | 'inner';
}

export interface Query {
  concepts: Concept[];
  /** Sum of importance × idf of the concepts that count towards coverage. */
  mass: number;
}

const SYNONYM_WEIGHT = 0.8;
const UNKNOWN_WORD_WEIGHT = 0.5;
const TYPO_WEIGHT = 0.85;

export function idf(k: PackKnowledge, term: string): number {
  const df = k.df.get(term) ?? 0;
  return Math.log(1 + (k.n - df + 0.5) / (df + 0.5));
}

function conceptIdf(k: PackKnowledge, c: Concept): number {
  let best = 0;
  for (const v of c.variants) if ((k.df.get(v.term) ?? 0) > 0) best = Math.max(best, idf(k, v.term) * v.weight);
  return best;
}

function phraseConcept(k: PackKnowledge, phrase: string, surface: string, factor: number): Concept {
  const group = k.phraseGroups.get(phrase) ?? [phrase];
  return {
    surface,
    variants: group.map((m) => ({ term: PHRASE_PREFIX + m, weight: (m === phrase ? 1 : SYNONYM_WEIGHT) * factor })),
    // 我们单位 / 建设单位 say who asks, rarely what about.
    importance: k.contextPhrases.has(phrase) ? 0.3 : 1.2,
    kind: 'phrase',
  };
}

/**
 * Concepts of a normalised question (region names already removed) for a pack.
 * `py` is the pinyin of `norm`, character by character.
 */
export function buildQuery(k: PackKnowledge, norm: string, py: readonly string[]): Query {
  const concepts: Concept[] = [];
  const covered = new Uint8Array(norm.length);
  /** 1 where the covering phrase occurs as such in the pack. */
  const known = new Uint8Array(norm.length);

  // 1. Dictionary phrases, leftmost-longest.
  for (let i = 0; i < norm.length; ) {
    let matched: string | null = null;
    for (const p of k.phrasesByLength) {
      if (p.length > norm.length - i) continue;
      if (norm.startsWith(p, i)) {
        matched = p;
        break;
      }
    }
    if (matched) {
      if (!concepts.some((c) => c.surface === matched)) concepts.push(phraseConcept(k, matched, matched, 1));
      covered.fill(1, i, i + matched.length);
      if ((k.df.get(PHRASE_PREFIX + matched) ?? 0) > 0) known.fill(1, i, i + matched.length);
      i += matched.length;
    } else i++;
  }

  // 2. Homophone typos of dictionary phrases in what is left: 中验 → 终验, 密平 → 密评. Two
  //    characters that end one word and start the next are no typo (审核|通过 is not 合同).
  const tokens = tokenize(norm);
  const acrossWords = new Set(tokens.filter((t) => t.kind === 'bigram' && t.crossesWord).map((t) => t.start));
  for (let len = 4; len >= 2; len--) {
    for (let i = 0; i + len <= norm.length; i++) {
      if (covered.subarray(i, i + len).some((x) => x)) continue;
      const span = norm.slice(i, i + len);
      if (![...span].every((c) => CJK.test(c))) continue;
      if (len === 2 && ((k.df.get(span) ?? 0) > 0 || acrossWords.has(i))) continue;
      const hits = k.phraseByPinyin.get(pinyinKey(py, i, i + len));
      if (!hits?.length) continue;
      concepts.push(phraseConcept(k, hits[0]!, span, TYPO_WEIGHT));
      covered.fill(1, i, i + len);
    }
  }

  // 3. Words, bigrams and numbers. Inside a phrase they count little (the phrase already does),
  //    but they still find a text that words the phrase differently (年度项目计划 / 年度…建设计划).
  // Bigrams inside a question word (能不|不能 of 能不能, 要不 of 要不要) are no content either.
  const asking = new Uint8Array(norm.length);
  for (const w of STOP_WORDS) {
    if (w.length < 3) continue;
    for (let i = norm.indexOf(w); i >= 0; i = norm.indexOf(w, i + 1)) asking.fill(1, i, i + w.length);
  }
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind === 'bigram' && asking[t.start] && asking[t.end - 1]) continue;
    const cov = covered.subarray(t.start, t.end);
    const inside = cov.every((x) => x);
    // Inside a phrase the pack uses as such, the phrase is enough; inside one it does not use,
    // the words still find texts that word it differently (年度项目计划 / 年度…建设计划).
    if (inside && known[t.start]) continue;
    // A bigram across the edge of a dictionary phrase or of a segmenter word joins two words:
    // 申报|项目 → 报项, 报告|报给 → 告报.
    if (t.kind === 'bigram' && !inside && (cov.some((x) => x) || t.crossesWord)) continue;
    if (STOP_WORDS.has(t.term)) continue;
    if (t.kind === 'bigram' && STOP_CHARS.test(t.term)) continue;
    if (t.kind === 'word' && ([...t.term].every((c) => STOP_CHARS.test(c)) || PARTICLE_CHARS.test(t.term))) continue;
    if (seen.has(t.term)) continue;
    seen.add(t.term);
    const variants: Variant[] = [{ term: t.term, weight: 1 }];
    if (t.kind === 'bigram' && (k.df.get(t.term) ?? 0) === 0) {
      for (const b of k.bigramByPinyin.get(pinyinKey(py, t.start, t.end)) ?? [])
        variants.push({ term: b, weight: TYPO_WEIGHT });
    }
    concepts.push({
      surface: t.term,
      variants,
      importance: inside ? 0.3 : t.kind === 'number' ? 1.2 : t.kind === 'bigram' ? 0.7 : 1,
      kind: inside ? 'inner' : t.kind === 'latin' ? 'word' : t.kind,
    });
  }

  let mass = 0;
  for (const c of concepts) {
    // Words inside a phrase help find texts, but the phrase alone says what was asked.
    if (c.kind === 'inner') continue;
    const w = conceptIdf(k, c);
    // Unknown words (天气, 食堂) count as missing content; unknown bigrams are segmentation noise.
    if (w > 0) mass += c.importance * w;
    // (at half weight: a colloquial word the measures do not use should not sink a real match).
    else if (c.kind === 'word' || c.kind === 'phrase') mass += c.importance * UNKNOWN_WORD_WEIGHT * idf(k, '\u0000');
  }
  return { concepts, mass };
}

const K1 = 1.2;
const B = 0.75;

function bm25(k: PackKnowledge, term: string, doc: Doc, avgLen: number): number {
  const tf = doc.tf.get(term);
  if (!tf) return 0;
  return (idf(k, term) * (tf * (K1 + 1))) / (tf + K1 * (1 - B + (B * doc.len) / avgLen));
}

export interface Scored {
  score: number;
  /** Share of the question's content the document matches (0..1). */
  coverage: number;
  matched: Concept[];
}

export function scoreDoc(k: PackKnowledge, q: Query, doc: Doc, avgLen: number): Scored {
  let score = 0;
  let covered = 0;
  const matched: Concept[] = [];
  for (const c of q.concepts) {
    let best = 0;
    let bestIdf = 0;
    for (const v of c.variants) {
      const s = v.weight * bm25(k, v.term, doc, avgLen);
      if (s > best) {
        best = s;
        bestIdf = v.weight * idf(k, v.term);
      }
    }
    if (best > 0) {
      score += c.importance * best;
      if (c.kind !== 'inner') covered += c.importance * bestIdf;
      matched.push(c);
    }
  }
  return { score, coverage: q.mass > 0 ? Math.min(1, covered / q.mass) : 0, matched };
}

/** How well a piece of text (a sentence) matches: sum of idf of matched concepts. */
export function scoreTf(k: PackKnowledge, q: Query, tf: Map<string, number>): number {
  let s = 0;
  for (const c of q.concepts) {
    let best = 0;
    for (const v of c.variants) if (tf.has(v.term)) best = Math.max(best, v.weight * idf(k, v.term));
    s += c.importance * best;
  }
  return s;
}
