/**
 * Strict measurement of a question set written apart from the engine (colloquial questions as people
 * type them). A question counts as answered when the answer follows the question's region and one of
 * the question's `articles` is among the first two articles it cites: the article that holds the
 * answer must lead, not be listed third. Each question is asked as a member of a unit in the
 * question's region (the region named in the question, if any, still wins, as in the bot).
 *
 * File format: an array of { id?, q, pack, regionNamedInQuestion?, articles, why? }, where `pack` is a
 * region id (jinzhai, mudan, huaian, gaoping) or a pack id (jinzhai-2022 …).
 */
import { readFileSync } from 'node:fs';
import { answerQuestion, prepareAnswering } from '../../src/answer/index.js';
import { PACKS } from '../../src/rules/packs/index.js';
import type { RulePack } from '../../src/rules/types.js';

export interface StrictQuestion {
  id?: string;
  q: string;
  pack: string;
  regionNamedInQuestion?: boolean | string;
  articles: number[];
  why?: string;
}

/** How many leading citations count. */
const LEAD = 2;

function packOf(idOrRegion: string): RulePack | undefined {
  return PACKS.find((p) => p.id === idOrRegion) ?? PACKS.find((p) => p.region.id === idOrRegion);
}

export interface StrictRow {
  q: StrictQuestion;
  packId: string | undefined;
  got: number[];
  kind: string;
  ok: boolean;
  /** Among the first three (for information). */
  top3: boolean;
  problem?: string;
}

export function measureStrict(questions: readonly StrictQuestion[], today: string): StrictRow[] {
  prepareAnswering(PACKS);
  return questions.map((q) => {
    const pack = packOf(q.pack);
    if (!pack)
      return { q, packId: undefined, got: [], kind: '-', ok: false, top3: false, problem: `unknown pack ${q.pack}` };
    const answer = answerQuestion({ packs: PACKS, question: q.q, today, regionPackId: pack.id });
    const own = answer.packId === pack.id;
    const got = answer.citations.map((c) => c.article);
    return {
      q,
      packId: answer.packId,
      got,
      kind: answer.kind,
      ok: own && got.slice(0, LEAD).some((a) => q.articles.includes(a)),
      top3: own && got.slice(0, 3).some((a) => q.articles.includes(a)),
      ...(own ? {} : { problem: `answered from ${answer.packId ?? 'no pack'}` }),
    };
  });
}

export function runStrict(path: string, today: string, showAll: boolean): void {
  const questions = JSON.parse(readFileSync(path, 'utf8')) as StrictQuestion[];
  const rows = measureStrict(questions, today);
  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
  console.log(`QA strict: ${path}, ${questions.length} questions, today ${today}`);
  console.log(`a question counts when one of its articles is among the first ${LEAD} cited (lead accuracy)`);
  console.log('');
  console.log('region          n    lead   top-3');
  const regions = [...new Set(rows.map((r) => packOf(r.q.pack)?.region.id ?? r.q.pack))];
  for (const region of regions) {
    const r = rows.filter((x) => (packOf(x.q.pack)?.region.id ?? x.q.pack) === region);
    const lead = r.filter((x) => x.ok).length;
    console.log(
      `${region.padEnd(14)} ${String(r.length).padStart(3)}  ${pct(lead, r.length).padStart(6)}  ${pct(r.filter((x) => x.top3).length, r.length).padStart(6)}`,
    );
  }
  const lead = rows.filter((x) => x.ok).length;
  console.log(
    `${'overall'.padEnd(14)} ${String(rows.length).padStart(3)}  ${pct(lead, rows.length).padStart(6)}  ${pct(rows.filter((x) => x.top3).length, rows.length).padStart(6)}`,
  );
  const kinds = new Map<string, number>();
  for (const r of rows) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  console.log(`answer kinds: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const shown = rows.filter((r) => showAll || !r.ok);
  if (shown.length) {
    console.log('');
    console.log(showAll ? 'all questions:' : 'misses:');
    for (const r of shown) {
      const mark = r.ok ? 'ok ' : r.top3 ? '~3 ' : 'XX ';
      const id = r.q.id ? `${r.q.id} ` : '';
      console.log(
        `${mark} ${id}[${r.q.pack}] ${r.q.q} → ${r.kind} [${r.got.join(',')}] want [${r.q.articles.join(',')}]${r.problem ? ` (${r.problem})` : ''}`,
      );
    }
  }
}
