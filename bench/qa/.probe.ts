import { answerQuestion, prepareAnswering } from '../../src/answer/index.js';
import { PACKS } from '../../src/rules/packs/index.js';
import { knowledgeOf } from '../../src/answer/knowledge.js';
prepareAnswering(PACKS);
const [region, ...qs] = process.argv.slice(2);
const pack = PACKS.find((p) => p.region.id === region)!;
for (const q of qs) {
  const a = answerQuestion({ packs: PACKS, question: q, today: '2025-06-16', regionPackId: pack.id });
  console.log(q, '→', a.kind, a.topic?.type ?? '', a.citations.map((c) => c.article).join(','), '|', a.title);
}
