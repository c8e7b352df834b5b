/**
 * Which article leads an answer. The article that holds the answer comes first: the article that
 * puts the document in force (施行, 有效期两年) leads only an answer about the document's validity
 * — otherwise the validity note says it, after the answer's own article; and an article that says
 * most of what was asked is cited right after the answer's own, not after all the rule's articles.
 */
import type { RulePack } from '../rules/types.js';
import type { RankedArticle } from './articles.js';
import { validityArticle } from './structured.js';
import type { Answer, Citation } from './types.js';

/** The document's validity article moved behind the others, unless the answer is about validity. */
export function validityArticleLast(answer: Answer, pack: RulePack, aboutValidity: boolean): Answer {
  if (aboutValidity || answer.topic?.type === 'validity' || answer.citations.length < 2) return answer;
  const no = validityArticle(pack);
  if (no === null) return answer;
  const own = answer.citations.filter((c) => c.packId === pack.id && c.article === no);
  if (!own.length) return answer;
  return { ...answer, citations: [...answer.citations.filter((c) => !own.includes(c)), ...own] };
}

/**
 * The rule's citations with `best` (the article that matches the question best) placed second, right
 * after the rule's own article, when the rule does not cite it among its first two already.
 */
export function bestArticleSecond(citations: readonly Citation[], best: Citation | undefined): Citation[] {
  if (!best) return [...citations];
  const i = citations.findIndex((c) => c.packId === best.packId && c.article === best.article);
  if (i >= 0 && i < 2) return [...citations];
  const rest = citations.filter((_, j) => j !== i);
  return [...rest.slice(0, 1), i >= 0 ? citations[i]! : best, ...rest.slice(1)];
}

/** Words of an article that says what the measures cover (本办法所称…是指, 适用本办法). */
const DEFINES_SCOPE = /本办法所称|适用本办法|本办法适用/;

/**
 * For 算不算 / 属不属于 without a named exclusion: the article that defines what the measures cover,
 * the one of them that matches the question best (`ranked`), else the first.
 */
export function scopeDefinition(pack: RulePack, ranked: readonly RankedArticle[]): number | null {
  const best = ranked.find((r) => DEFINES_SCOPE.test(r.doc.article.text));
  return best?.doc.article.no ?? pack.articles.find((a) => DEFINES_SCOPE.test(a.text))?.no ?? null;
}
