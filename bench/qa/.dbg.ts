import { PACKS } from '../../src/rules/packs/index.js';
import { knowledgeOf } from '../../src/answer/knowledge.js';
import { buildQuery, scoreDoc } from '../../src/answer/query.js';
import { normalizeText, pinyinOf } from '../../src/answer/text.js';
import { stripRegionNames } from '../../src/answer/region.js';
const [region, ...qs] = process.argv.slice(2);
const pack = PACKS.find((p) => p.region.id === region)!;
const k = knowledgeOf(pack);
for (const q0 of qs) {
  const norm = stripRegionNames(PACKS, normalizeText(q0));
  const q = buildQuery(k, norm, pinyinOf(norm));
  console.log(q0, 'mass', q.mass.toFixed(2), q.concepts.map((c) => `${c.surface}/${c.kind}`).join(' '));
  const arts = k.articles.map((d) => ({ no: d.article.no, s: scoreDoc(k, q, d, k.avgArticleLen) })).filter((x) => x.s.score > 0).sort((a, b) => b.s.score - a.s.score).slice(0, 4);
  for (const a of arts) console.log('   art', a.no, a.s.score.toFixed(2), a.s.coverage.toFixed(2));
  const items = k.items.map((d) => ({ id: d.id, s: scoreDoc(k, q, d, k.avgItemLen) })).filter((x) => x.s.score > 0).sort((a, b) => b.s.score - a.s.score).slice(0, 4);
  for (const a of items) console.log('   item', a.id, a.s.score.toFixed(2), a.s.coverage.toFixed(2));
}
