/**
 * answerQuestion: the pure core of the bot's question answering.
 *
 * 1. Region: a region the question names wins over the asker's; with neither, ask.
 * 2. The asker's own project (我们的项目…, its number or name): answer from the snapshot.
 * 3. Structured (rules.ts): classify what is asked (materials, time limit, who/route, check,
 *    consequence, scope, validity, what follows an event), match the pack's rules by BM25 over their
 *    names and words, and answer from the rule with its article.
 * 4. Retrieval (articles.ts): otherwise the best articles by BM25 (segmenter words + bigrams +
 *    synonyms + homophone typos); the nearest one when it covers part of the question; with none
 *    near, say 没有找到.
 * The article that holds the answer leads (lead.ts); the validity note never displaces it.
 */
import { packValidity, scopeExclusions } from '../rules/engine.js';
import type { RulePack, Stage } from '../rules/types.js';
import { noneAnswer, quoteFor, type RankedArticle, rankArticles, retrievalCitations } from './articles.js';
import { addCitations, citationOf } from './cite.js';
import { questionFacts } from './facts.js';
import { knowledgeOf, type PackKnowledge } from './knowledge.js';
import { bestArticleSecond, scopeDefinition, validityArticleLast } from './lead.js';
import { INTENT_CUES, type Intent, NEXT_STAGE_CUES, PROJECT_CUES } from './lexicon.js';
import { projectAnswer } from './project.js';
import { buildQuery, type Query, scoreTf } from './query.js';
import { detectRegion, stripRegionNames } from './region.js';
import { hasContent, labelTerms, rankItems, structuredAnswer, whoVerb } from './rules.js';
import { type BuildContext, scopeAnswer } from './structured.js';
import { normalizeText, pinyinOf } from './text.js';
import type { Answer, AnswerInput, Citation } from './types.js';

/** Retrieval answers need the best article to cover this share of the question … */
const ARTICLE_MIN_COVERAGE = 0.34;
/** … and this BM25 score. */
const ARTICLE_MIN_SCORE = 1.2;
/** Below those, the best article is still cited (as the nearest) when it covers this share … */
const NEAR_MIN_COVERAGE = 0.2;
/** … and scores this much. */
const NEAR_MIN_SCORE = 0.8;
/** A project question names a stage when it matches the stage's name this well (项目 alone does not). */
const NAMED_STAGE_MIN = 1.0;
/** Articles added after a structured answer's own must cover this share of the question. */
const EXTRA_MIN_COVERAGE = 0.6;
/** Characters of a question that are analysed. */
const MAX_QUESTION_CHARS = 300;
/** Citations shown with an answer at most. */
const MAX_CITATIONS = 5;

/** 也算政务信息化项目吗 (no exclusion named): the article that defines what the measures cover. */
function scopeLead(intents: Set<Intent>, k: PackKnowledge, q: Query, articles: RankedArticle[]): Citation | undefined {
  if (!intents.has('scope')) return undefined;
  const no = scopeDefinition(k.pack, articles);
  const doc = k.articles.find((a) => a.article.no === no);
  return doc ? (citationOf(k.pack, doc.article.no, quoteFor(k, q, doc)) ?? undefined) : undefined;
}

export function classifyIntents(norm: string): Set<Intent> {
  const out = new Set<Intent>();
  for (const [intent, re] of Object.entries(INTENT_CUES) as [Intent, RegExp][]) if (re.test(norm)) out.add(intent);
  return out;
}

function withValidity(answer: Answer, pack: RulePack, today: string, question: string): Answer {
  const v = packValidity(pack, today);
  const aboutValidity = INTENT_CUES.validity.test(normalizeText(question.slice(0, MAX_QUESTION_CHARS)));
  const out: Answer = { ...validityArticleLast(answer, pack, aboutValidity), question };
  if (v.status !== 'in_force') out.validityNote = v.note;
  return out;
}

function resolvePack(input: AnswerInput, norm: string, projectRef: boolean): RulePack | null {
  const { packs, project } = input;
  if (projectRef && project) {
    const p = packs.find((x) => x.id === project.packId);
    if (p) return p;
  }
  const mention = detectRegion(packs, norm, input.today);
  if (mention) return mention.pack;
  if (input.regionPackId) {
    const p = packs.find((x) => x.id === input.regionPackId);
    if (p) return p;
  }
  if (project) return packs.find((x) => x.id === project.packId) ?? null;
  return null;
}

/** The question is about the asker's own project (我们项目还差什么, 我单位那个项目下一步 …). */
export function asksAboutOwnProject(question: string): boolean {
  return PROJECT_CUES.test(normalizeText(question.slice(0, MAX_QUESTION_CHARS)));
}

function refersToProject(norm: string, input: AnswerInput): boolean {
  const p = input.project;
  if (!p) return false;
  if (PROJECT_CUES.test(norm)) return true;
  const num = normalizeText(p.number);
  if (num.length >= 3 && norm.includes(num)) return true;
  const name = normalizeText(p.name);
  return name.length >= 4 && norm.includes(name);
}

/** Builds the search indexes of these packs now (otherwise the first question does it). */
export function prepareAnswering(packs: readonly RulePack[]): void {
  for (const p of packs) knowledgeOf(p);
}

export function answerQuestion(input: AnswerInput): Answer {
  const { packs, question, today } = input;
  // A pasted paragraph: its start says what is asked, and the work stays bounded.
  const norm = normalizeText(question.slice(0, MAX_QUESTION_CHARS));
  const projectRef = refersToProject(norm, input);
  const pack = resolvePack(input, norm, projectRef);
  if (!pack) {
    return {
      kind: 'ask_region',
      title: '请选择地区',
      lines: ['回答要依据所在地区的管理办法。您的单位还没有对应地区，请选择按哪个地区的办法回答：'],
      citations: [],
      question,
      choices: packs.map((p) => ({ packId: p.id, name: p.region.name })),
    };
  }
  const k = knowledgeOf(pack);
  let stripped = stripRegionNames(packs, norm);
  if (input.project) {
    for (const s of [input.project.number, input.project.name].map(normalizeText).filter((s) => s.length >= 3)) {
      stripped = stripped.split(s).join(' ');
    }
  }
  const py = pinyinOf(stripped);
  const q = buildQuery(k, stripped, py);
  const intents = classifyIntents(norm);
  const project = input.project && input.project.packId === pack.id ? input.project : undefined;
  const ctx: BuildContext = { pack, today, question, qf: questionFacts(norm), ...(project ? { project } : {}) };

  if (projectRef && project) {
    // A stage the question names (终验还差什么): by its name, not by the words of its materials.
    let named: Stage | null = null;
    let bestName = NAMED_STAGE_MIN;
    for (const stage of pack.stages) {
      // A stage with nothing to show (牡丹区 项目申报) is not what 还差什么 is about.
      if (!hasContent(stage)) continue;
      const s = scoreTf(k, q, labelTerms(k, stage.name));
      if (s > bestName) {
        bestName = s;
        named = stage;
      }
    }
    const answer = projectAnswer(pack, project, today, {
      stage: named,
      next: NEXT_STAGE_CUES.test(norm),
    });
    return withValidity(answer, pack, today, question);
  }

  // 第十七条说的什么: the article itself.
  const explicit = /第(\d+)条/.exec(stripped);
  if (explicit) {
    const c = citationOf(pack, Number(explicit[1]));
    if (c) {
      const a = pack.articles.find((x) => x.no === c.article)!;
      return withValidity(
        {
          kind: 'retrieval',
          packId: pack.id,
          title: `${pack.region.name}：${a.label}`,
          lines: [`《${pack.identity.title}》${a.label}${a.chapter ? `（${a.chapter}）` : ''}：`, a.text],
          citations: [c],
        },
        pack,
        today,
        question,
      );
    }
  }

  // 属不属于 with a word the pack's exclusions name (涉密, 办公电脑 …): the scope answer.
  if (intents.has('scope') && scopeExclusions(pack, norm).length) {
    const structured = scopeAnswer(ctx);
    return withValidity(
      { ...structured, citations: structured.citations.slice(0, MAX_CITATIONS) },
      pack,
      today,
      question,
    );
  }

  const articles = rankArticles(k, q);
  const verb = whoVerb(norm);
  const ranked = intents.size ? rankItems(k, q, intents, { ...ctx, ...(verb ? { whoVerb: verb } : {}) }) : [];
  const structured = structuredAnswer(ranked, { ...ctx, intents, ...(verb ? { whoVerb: verb } : {}) }, q, k, articles);
  if (structured) {
    // Further articles that say much of what was asked (not for the document's validity).
    const extra =
      structured.topic?.type === 'validity' ? [] : retrievalCitations(k, q, articles, 2, EXTRA_MIN_COVERAGE);
    // The article that says most of what was asked comes second when it covers at least as much
    // of the question as the rule did (钱能不能挪到别的地方用: the rule on adjusting, the article on 挪用).
    const topArticle = articles[0];
    const rival =
      structured.topic?.type !== 'validity' && topArticle && ranked[0] && topArticle.s.coverage >= ranked[0].s.coverage
        ? (citationOf(pack, topArticle.doc.article.no, quoteFor(k, q, topArticle.doc)) ?? undefined)
        : undefined;
    const citations = bestArticleSecond(
      addCitations([...structured.citations], extra),
      scopeLead(intents, k, q, articles) ?? extra[0] ?? rival,
    ).slice(0, Math.max(MAX_CITATIONS, structured.citations.length));
    return withValidity({ ...structured, citations }, pack, today, question);
  }

  const top = articles[0];
  const clear = top && top.s.coverage >= ARTICLE_MIN_COVERAGE && top.s.score >= ARTICLE_MIN_SCORE;
  // Not clearly answered, but an article says part of what was asked: cite it rather than nothing.
  const near = top && top.s.coverage >= NEAR_MIN_COVERAGE && top.s.score >= NEAR_MIN_SCORE;
  if (!clear && !near) return withValidity(noneAnswer(pack, question), pack, today, question);
  const citations = bestArticleSecond(
    retrievalCitations(k, q, articles, clear ? 3 : 2),
    scopeLead(intents, k, q, articles),
  );
  const labels = citations.map((c) => c.label).join('、');
  return withValidity(
    {
      kind: 'retrieval',
      packId: pack.id,
      title: `${pack.region.name}：相关条款`,
      lines: [
        clear
          ? `以下是《${pack.identity.title}》中与您的问题最相关的条款（${labels}）：`
          : `《${pack.identity.title}》中没有直接回答这个问题的条款，最接近的是（${labels}）：`,
      ],
      citations,
    },
    pack,
    today,
    question,
  );
}
