/**
 * Question-answering bench: top-1 / top-3 article accuracy per region and overall (top-k = the first
 * k citations of the answer, in order), and latency per question, warm (the indexes are built once
 * before timing).
 *
 *   npm run bench:qa            # summary and the misses
 *   npm run bench:qa -- --all   # every question with its citations
 *   npm run bench:qa -- --set path/to/questions.json [--today 2025-06-16] [--all]
 *                               # strict lead accuracy of another question set (see strict.ts)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerQuestion, prepareAnswering } from '../../src/answer/index.js';
import { PACKS } from '../../src/rules/packs/index.js';
import { runStrict } from './strict.js';

interface BenchQuestion {
  q: string;
  pack: string;
  askerPack?: string;
  articles: number[];
}

const TODAY = '2025-06-16';
const RUNS = 30;

const showAll = process.argv.includes('--all');
const argAfter = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const setPath = argAfter('--set');
if (setPath) {
  runStrict(setPath, argAfter('--today') ?? TODAY, showAll);
  process.exit(0);
}
const file = fileURLToPath(new URL('./questions.json', import.meta.url));
const questions = JSON.parse(readFileSync(file, 'utf8')) as BenchQuestion[];

const t0 = performance.now();
prepareAnswering(PACKS);
const buildMs = performance.now() - t0;

const ask = (b: BenchQuestion) =>
  answerQuestion({ packs: PACKS, question: b.q, today: TODAY, ...(b.askerPack ? { regionPackId: b.askerPack } : {}) });

// Warm-up: every question once (JIT, lazy caches).
for (const b of questions) ask(b);

interface Row {
  b: BenchQuestion;
  got: number[];
  packOk: boolean;
  kind: string;
  top1: boolean;
  top3: boolean;
}
const rows: Row[] = [];
const latencies: number[] = [];
for (const b of questions) {
  let answer = ask(b);
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    answer = ask(b);
    latencies.push(performance.now() - s);
  }
  const cites = answer.citations.filter((c) => c.packId === b.pack).map((c) => c.article);
  const packOk = answer.packId === b.pack;
  rows.push({
    b,
    got: answer.citations.map((c) => c.article),
    packOk,
    kind: answer.kind,
    top1: packOk && cites.length > 0 && b.articles.includes(answer.citations[0]!.article),
    top3: packOk && answer.citations.slice(0, 3).some((c) => b.articles.includes(c.article)),
  });
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
};

console.log(
  `QA bench: ${questions.length} questions, ${PACKS.length} packs, today ${TODAY}; index built in ${buildMs.toFixed(1)} ms`,
);
console.log('');
console.log('region          n   top-1    top-3');
for (const pack of PACKS) {
  const r = rows.filter((x) => x.b.pack === pack.id);
  console.log(
    `${pack.id.padEnd(14)} ${String(r.length).padStart(3)}  ${pct(r.filter((x) => x.top1).length, r.length).padStart(6)}  ${pct(r.filter((x) => x.top3).length, r.length).padStart(6)}`,
  );
}
console.log(
  `${'overall'.padEnd(14)} ${String(rows.length).padStart(3)}  ${pct(rows.filter((x) => x.top1).length, rows.length).padStart(6)}  ${pct(rows.filter((x) => x.top3).length, rows.length).padStart(6)}`,
);
console.log('');
console.log(
  `latency per question (warm, ${RUNS} runs each, ${latencies.length} samples): p50 ${quantile(latencies, 0.5).toFixed(3)} ms, p99 ${quantile(latencies, 0.99).toFixed(3)} ms, max ${Math.max(...latencies).toFixed(3)} ms`,
);
const kinds = new Map<string, number>();
for (const r of rows) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
console.log(`answer kinds: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);

const shown = rows.filter((r) => showAll || !r.top1);
if (shown.length) {
  console.log('');
  console.log(showAll ? 'all questions:' : 'top-1 misses:');
  for (const r of shown) {
    const mark = r.top1 ? 'ok ' : r.top3 ? '~3 ' : 'XX ';
    console.log(
      `${mark} [${r.b.pack}] ${r.b.q} → ${r.kind} [${r.got.join(',')}] want [${r.b.articles.join(',')}]${r.packOk ? '' : ' (wrong pack)'}`,
    );
  }
}
