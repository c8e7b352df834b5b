/** Citations: an article of a pack with the words that answer, `《title》第X条：“quote”`. */
import type { RulePack } from '../rules/types.js';
import { splitSentences } from './knowledge.js';
import type { Citation } from './types.js';

const MAX_QUOTE = 240;

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  const t = s.replace(/[\s，。；：、“”《》（）()]/g, '');
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  return out;
}

/** The sentence of the article closest to `hint` (shared character bigrams); the first one without a hint. */
export function sentenceLike(text: string, hint?: string): string {
  const sents = splitSentences(text);
  if (!hint || sents.length <= 1) return clip(sents[0] ?? text);
  const want = bigrams(hint);
  let best = sents[0]!;
  let bestScore = -1;
  for (const s of sents) {
    let n = 0;
    for (const b of bigrams(s)) if (want.has(b)) n++;
    if (n > bestScore) {
      bestScore = n;
      best = s;
    }
  }
  return clip(best);
}

function clip(s: string): string {
  return s.length <= MAX_QUOTE ? s : s.slice(0, MAX_QUOTE);
}

/**
 * A citation of `article`. `quote` is used when the article contains it; otherwise the sentence
 * closest to `hint` (or to the quote) is quoted. Null when the pack has no such article.
 */
export function citationOf(pack: RulePack, article: number, quote?: string, hint?: string): Citation | null {
  const a = pack.articles.find((x) => x.no === article);
  if (!a) return null;
  const q = quote && quote.length <= MAX_QUOTE && a.text.includes(quote) ? quote : sentenceLike(a.text, hint ?? quote);
  return {
    packId: pack.id,
    article,
    label: a.label,
    quote: q,
    text: `《${pack.identity.title}》${a.label}：“${q}”`,
  };
}

/** Adds citations, keeping the first per article and the order. */
export function addCitations(list: Citation[], more: readonly (Citation | null)[]): Citation[] {
  for (const c of more) {
    if (!c) continue;
    if (list.some((x) => x.packId === c.packId && x.article === c.article)) continue;
    list.push(c);
  }
  return list;
}
