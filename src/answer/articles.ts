/**
 * Answering from the articles themselves: the articles ranked by BM25 against the question, the
 * sentence of an article that answers it (a substring of the text), the citations of the best ones,
 * and the 没有找到 answer with examples of what can be asked.
 */
import type { RulePack } from '../rules/types.js';
import { citationOf } from './cite.js';
import type { PackKnowledge } from './knowledge.js';
import { type Query, type Scored, scoreDoc, scoreTf } from './query.js';
import type { Answer, Citation } from './types.js';

export interface RankedArticle {
  doc: PackKnowledge['articles'][number];
  s: Scored;
}

export function rankArticles(k: PackKnowledge, q: Query): RankedArticle[] {
  return k.articles
    .map((doc) => ({ doc, s: scoreDoc(k, q, doc, k.avgArticleLen) }))
    .filter((r) => r.s.score > 0)
    .sort((a, b) => b.s.score - a.s.score || a.doc.article.no - b.doc.article.no);
}

/** The best sentence(s) of an article for the question: a substring of the article text. */
export function quoteFor(k: PackKnowledge, q: Query, doc: RankedArticle['doc']): string {
  const text = doc.article.text;
  if (text.length <= 120) return text;
  let bestI = 0;
  let best = -1;
  doc.sentences.forEach((s, i) => {
    const sc = scoreTf(k, q, s.tf);
    if (sc > best) {
      best = sc;
      bestI = i;
    }
  });
  const first = doc.sentences[bestI]!.text;
  const next = doc.sentences[bestI + 1]?.text;
  if (first.length < 50 && next && text.includes(first + next)) return first + next;
  return first;
}

export function retrievalCitations(
  k: PackKnowledge,
  q: Query,
  ranked: RankedArticle[],
  n: number,
  minCoverage = 0,
): Citation[] {
  const top = ranked[0];
  if (!top) return [];
  return ranked
    .filter((r) => r.s.score >= top.s.score * 0.35 && r.s.coverage >= minCoverage)
    .slice(0, n)
    .map((r) => citationOf(k.pack, r.doc.article.no, quoteFor(k, q, r.doc))!)
    .filter(Boolean);
}

export function noneAnswer(pack: RulePack, question: string): Answer {
  const stage = [...pack.stages].sort((a, b) => b.materials.length - a.materials.length)[0];
  const examples = [stage?.materials.length ? `${stage.name}需要什么材料` : null, '项目审批流程是怎样的'].filter(
    (x): x is string => Boolean(x),
  );
  const lines = [`在《${pack.identity.title}》中没有找到与这个问题直接相关的规定。`];
  lines.push(`可以换个说法再问，例如：${examples.map((e) => `“${e}”`).join('、')}。`);
  return { kind: 'none', packId: pack.id, title: '没有找到', lines, citations: [], question };
}
