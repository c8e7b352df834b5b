/**
 * answerQuestion: the pure core of the bot's question answering.
 *
 * 1. Region: a region the question names wins over the asker's; with neither, ask.
 * 2. The asker's own project (我们的项目…, its number or name): answer from the snapshot.
 * 3. Structured: classify what is asked (materials, time limit, who/route, check, consequence,
 *    scope, validity), match the pack's rules by BM25 over their names and words, and answer from
 *    the rule with its article.
 * 4. Retrieval: otherwise the best articles by BM25 (segmenter words + bigrams + synonyms +
 *    homophone typos); below a threshold, say 没有找到.
 */
import { describeCondition, packValidity, scopeExclusions } from '../rules/engine.js';
import type { RulePack, Stage } from '../rules/types.js';
import { addCitations, citationOf } from './cite.js';
import { questionFacts, contradicts, supports } from './facts.js';
import { type ItemDoc, type ItemType, knowledgeOf, type PackKnowledge, PHRASE_PREFIX } from './knowledge.js';
import { INTENT_CUES, type Intent, NEXT_STAGE_CUES, PROJECT_CUES, ROLE_VERBS } from './lexicon.js';
import { bestArticleSecond, validityArticleLast } from './lead.js';
import { projectAnswer } from './project.js';
import { buildQuery, type Query, type Scored, scoreDoc, scoreTf } from './query.js';
import { detectRegion, stripRegionNames } from './region.js';
import {
  type BuildContext,
  checkAnswer,
  consequenceAnswer,
  kindAnswer,
  ladderAnswer,
  limitAnswer,
  formAnswer,
  materialAnswer,
  roleAnswer,
  routeAnswer,
  scopeAnswer,
  stageAnswer,
  validityAnswer,
} from './structured.js';
import { normalizeText, pinyinOf } from './text.js';
import type { Answer, AnswerInput, Citation } from './types.js';

/** How much each kind of rule fits each kind of question (0: not an answer to it). */
const FIT: Record<Intent, Partial<Record<ItemType, number>>> = {
  materials: { stage: 1.3, kind: 1.3, material: 1.0, form: 1.1, limit: 0.4, route: 0.4, check: 0.5 },
  contents: { material: 1.5, form: 1.3, stage: 1.0, kind: 1.0, check: 0.4 },
  time: { limit: 1.5, stage: 0.5, check: 0.4, form: 0.3 },
  who: { role: 1.2, route: 1.0, limit: 1.0, stage: 0.7, kind: 0.5, check: 0.6, material: 0.5 },
  route: { route: 1.3, kind: 0.6, check: 0.6, limit: 0.5, stage: 0.5, role: 0.6 },
  check: { check: 1.3, consequence: 1.0, scope: 0.9, ladder: 0.6, limit: 0.7, material: 0.6, stage: 0.6, kind: 0.5, route: 0.6, form: 0.6 },
  consequence: { consequence: 1.4, ladder: 1.4, check: 0.8, limit: 0.5 },
  scope: { scope: 1.5, check: 0.6 },
  validity: { validity: 2.5 },
  after: { limit: 1.5, stage: 0.6 },
};

/** A structured answer needs the rule to cover this share of the question … */
const ITEM_MIN_COVERAGE = 0.4;
/** … and this BM25 score (after the fit factor). */
const ITEM_MIN_SCORE = 1.0;
/** Retrieval answers need the best article to cover this share of the question … */
const ARTICLE_MIN_COVERAGE = 0.34;
/** … and this BM25 score. */
const ARTICLE_MIN_SCORE = 1.2;
/** Below those, the best article is still cited (as the nearest) when it covers this share … */
const NEAR_MIN_COVERAGE = 0.2;
/** … and scores this much. */
const NEAR_MIN_SCORE = 0.8;
/** Retrieval wins when its best article covers this much more of the question than the best rule. */
const RETRIEVAL_MARGIN = 0.15;
/** A project question names a stage when it matches the stage's name this well (项目 alone does not). */
const NAMED_STAGE_MIN = 1.0;
/** Articles added after a structured answer's own must cover this share of the question. */
const EXTRA_MIN_COVERAGE = 0.6;
/** Characters of a question that are analysed. */
const MAX_QUESTION_CHARS = 300;
/** Citations shown with an answer at most. */
const MAX_CITATIONS = 5;

export function classifyIntents(norm: string): Set<Intent> {
  const out = new Set<Intent>();
  for (const [intent, re] of Object.entries(INTENT_CUES) as [Intent, RegExp][]) if (re.test(norm)) out.add(intent);
  return out;
}

interface RankedItem {
  item: ItemDoc;
  s: Scored;
  final: number;
  /** The question names the stage or kind itself. */
  named?: boolean;
}

function hasContent(stage: { materials: readonly unknown[]; requires?: readonly unknown[]; notBefore?: { offset: { amount: number } } }): boolean {
  return stage.materials.length > 0 || (stage.requires?.length ?? 0) > 0 || (stage.notBefore?.offset.amount ?? 0) > 0;
}

/** What a who-question asks about: 谁来批准 → 批准, 谁负责投资立项审批 → 投资立项审批. */
export function whoVerb(norm: string): string | undefined {
  const m = /(?:谁|哪个部门|哪个单位|哪家|哪个局)(?:来|负责|去)?([\u4e00-\u9fff]{2,8})/.exec(norm);
  if (m) return m[1];
  // 项目立项报给谁, 验收报告交给谁: what is done comes before 谁.
  return /([\u4e00-\u9fff]{2,8}?)(?:报给|交给|送给|报送给|给|找|向)(?:谁|哪个部门|哪个单位|哪家|哪个局)/.exec(norm)?.[1];
}

function sharedBigrams(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i + 1 < a.length; i++) if (b.includes(a.slice(i, i + 2))) n++;
  return n;
}

function rankItems(k: PackKnowledge, q: Query, intents: Set<Intent>, ctx: BuildContext & { whoVerb?: string }): RankedItem[] {
  const out: RankedItem[] = [];
  const phrases = new Set(q.concepts.filter((c) => c.kind === 'phrase').flatMap((c) => c.variants.map((v) => v.term)));
  for (const item of k.items) {
    let fit = 0;
    for (const i of intents) fit = Math.max(fit, FIT[i][item.payload.type] ?? 0);
    if (fit === 0) continue;
    const s = scoreDoc(k, q, item, k.avgItemLen);
    if (s.score === 0) continue;
    let final = s.score * fit;
    const p = item.payload;
    if (p.type === 'stage' && !hasContent(p.stage)) final *= 0.4;
    // The question names the stage or kind itself (竣工验收, not 竣工验收报告备案).
    const named = (p.type === 'stage' || p.type === 'kind') && phrases.has(PHRASE_PREFIX + normalizeText(p.type === 'stage' ? p.stage.name : p.kind.label));
    if (named) final *= 2;
    // 概算要报给谁: a material the question names, asked where it goes — its own article says.
    if (p.type === 'material' && ctx.whoVerb && phrases.has(PHRASE_PREFIX + normalizeText(p.material.name.replace(/[（(][^）)]*[）)]/g, '')))) final *= 2;
    // 谁来批准: the role that does what is asked.
    if (p.type === 'role' && ctx.whoVerb && (ROLE_VERBS[p.role] ?? []).some((v) => ctx.whoVerb!.includes(v))) final *= 1.5;
    // An exclusion answers 属不属于 only when the question names one of its keywords.
    if (p.type === 'scope' && !scopeExclusions(ctx.pack, ctx.qf.facts.text ?? '').includes(p.exclusion)) final *= 0.3;
    // 终验过了接下来做啥: the limit the named event starts (竣工验收后…开展自评价).
    if (p.type === 'limit' && intents.has('after') && (p.limit.trigger.kind === 'event' || p.limit.trigger.kind === 'budget_year_end')) {
      const trigger = k.pack.events.find((e) => e.id === (p.limit.trigger as { event: string }).event)?.label ?? '';
      if (trigger && scoreTf(k, q, labelTerms(k, trigger)) > 0) final *= 1.5;
    }
    if (p.type === 'check' && intents.has('check')) {
      if (supports(p.check.when, ctx.qf)) final *= 1.6;
      else if (contradicts(p.check.when, ctx.qf)) final *= 0.75;
    }
    out.push({ item, s, final, ...(named ? { named } : {}) });
  }
  return out.sort((a, b) => b.final - a.final || a.item.order - b.item.order);
}

/** Citations reordered by how well their article matches the question. */
function byRelevance(citations: Citation[], articles: RankedArticle[]): Citation[] {
  const rank = (c: Citation) => {
    const i = articles.findIndex((a) => a.doc.article.no === c.article);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...citations].sort((a, b) => rank(a) - rank(b));
}

/** The terms of a label, for "did the question name it". */
function labelTerms(k: PackKnowledge, label: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokenizeForTf(normalizeText(label), k)) tf.set(t, 1);
  return tf;
}

function structuredAnswer(ranked: RankedItem[], ctx: BuildContext & { intents: Set<Intent>; whoVerb?: string }, q: Query, k: PackKnowledge, articles: RankedArticle[]): Answer | null {
  const best = ranked[0];
  if (!best || best.s.coverage < ITEM_MIN_COVERAGE || best.final < ITEM_MIN_SCORE) return null;
  // An article that says clearly more of what was asked than any rule: answer from the articles.
  const topArticle = articles[0];
  // A list of offices answers "who" only as well as the article that says who does it.
  const margin = best.item.payload.type === 'role' ? 0 : RETRIEVAL_MARGIN;
  if (!best.named && topArticle && topArticle.s.coverage > best.s.coverage + margin) return null;
  const near = (type: ItemType, ratio: number) => ranked.filter((r) => r !== best && r.item.payload.type === type && r.final >= best.final * ratio);
  const p = best.item.payload;
  switch (p.type) {
    case 'stage': {
      const answer = stageAnswer(ctx, p.stage);
      // Not a materials question (数据资源审核不通过能验收吗): the article that fits the question leads.
      if (!ctx.intents.has('materials')) answer.citations = byRelevance(answer.citations, articles);
      return answer;
    }
    case 'kind': {
      // No kind named (申报要交什么材料): the pack's first kind, the others are listed as a hint.
      const named = scoreTf(k, q, labelTerms(k, p.kind.label)) > 0;
      return kindAnswer(ctx, named ? p.kind : (k.pack.projectKinds[0] ?? p.kind));
    }
    case 'material':
      return materialAnswer(ctx, p.material);
    case 'limit': {
      const related = near('limit', 0.85)
        .slice(0, 2)
        .flatMap((r) => (r.item.payload.type === 'limit' ? [r.item.payload.limit] : []));
      return limitAnswer(ctx, p.limit, related);
    }
    case 'route': {
      // Lead with the step the question is about when it fits better than the route's own
      // article (谁批 → the approval step; 新设立部门 → the pre-review step).
      const stepScore = (step: (typeof p.route.steps)[number]) => {
        const text = `${step.name} ${step.produces} ${step.skipWhen ? describeCondition(step.skipWhen, k.pack) : ''}`;
        return scoreTf(k, q, labelTerms(k, text));
      };
      const verb = ctx.whoVerb;
      if (verb) {
        let doing: (typeof p.route.steps)[number] | undefined;
        let most = 0;
        for (const st of p.route.steps) {
          // The verb itself (审核 of 审核项目) counts more than its object (项目).
          const n = sharedBigrams(verb, st.name) + (st.name.includes(verb.slice(0, 2)) ? 2 : 0);
          if (n > most) {
            most = n;
            doing = st;
          }
        }
        if (doing) return routeAnswer(ctx, p.route, doing.article);
      }
      let lead: number | undefined;
      let bestStep = 0;
      let own = 0;
      for (const step of p.route.steps) {
        const s = stepScore(step);
        if (step.article === p.route.article) own = Math.max(own, s);
        if (s > bestStep) {
          bestStep = s;
          lead = step.article;
        }
      }
      return routeAnswer(ctx, p.route, bestStep > own * 1.2 ? lead : undefined);
    }
    case 'check': {
      const checks = [best, ...near('check', 0.7)]
        .slice(0, 3)
        .flatMap((r) => (r.item.payload.type === 'check' ? [r.item.payload.check] : []));
      return checkAnswer(ctx, checks);
    }
    case 'ladder': {
      const direct = near('consequence', 0.8)
        .slice(0, 2)
        .flatMap((r) => (r.item.payload.type === 'consequence' ? [r.item.payload.rung] : []));
      return ladderAnswer(ctx, p.rungs, direct);
    }
    case 'consequence': {
      const more = near('consequence', 0.8)
        .slice(0, 2)
        .flatMap((r) => (r.item.payload.type === 'consequence' ? [r.item.payload.rung] : []));
      return consequenceAnswer(ctx, [p.rung, ...more]);
    }
    case 'scope':
      return scopeAnswer(ctx, p.exclusion.id);
    case 'validity':
      return validityAnswer(ctx);
    case 'role':
      return roleAnswer(ctx, p.role);
    case 'form':
      return formAnswer(ctx, p.form);
  }
}

/** Terms of a short text in the pack's vocabulary (tokens and dictionary phrases). */
function tokenizeForTf(norm: string, k: PackKnowledge): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < norm.length; i++) out.push(norm.slice(i, i + 2));
  for (const p of k.phrasesByLength) if (norm.includes(p)) out.push(`§${p}`);
  return out;
}

interface RankedArticle {
  doc: PackKnowledge['articles'][number];
  s: Scored;
}

function rankArticles(k: PackKnowledge, q: Query): RankedArticle[] {
  return k.articles
    .map((doc) => ({ doc, s: scoreDoc(k, q, doc, k.avgArticleLen) }))
    .filter((r) => r.s.score > 0)
    .sort((a, b) => b.s.score - a.s.score || a.doc.article.no - b.doc.article.no);
}

/** The best sentence(s) of an article for the question: a substring of the article text. */
function quoteFor(k: PackKnowledge, q: Query, doc: RankedArticle['doc']): string {
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

function retrievalCitations(k: PackKnowledge, q: Query, ranked: RankedArticle[], n: number, minCoverage = 0): Citation[] {
  const top = ranked[0];
  if (!top) return [];
  return ranked
    .filter((r) => r.s.score >= top.s.score * 0.35 && r.s.coverage >= minCoverage)
    .slice(0, n)
    .map((r) => citationOf(k.pack, r.doc.article.no, quoteFor(k, q, r.doc))!)
    .filter(Boolean);
}

function noneAnswer(pack: RulePack, question: string): Answer {
  const stage = [...pack.stages].sort((a, b) => b.materials.length - a.materials.length)[0];
  const examples = [stage?.materials.length ? `${stage.name}需要什么材料` : null, '项目审批流程是怎样的'].filter((x): x is string => Boolean(x));
  const lines = [`在《${pack.identity.title}》中没有找到与这个问题直接相关的规定。`];
  lines.push(`可以换个说法再问，例如：${examples.map((e) => `“${e}”`).join('、')}。`);
  return { kind: 'none', packId: pack.id, title: '没有找到', lines, citations: [], question };
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
    return withValidity({ ...structured, citations: structured.citations.slice(0, MAX_CITATIONS) }, pack, today, question);
  }

  const articles = rankArticles(k, q);
  const verb = whoVerb(norm);
  const ranked = intents.size ? rankItems(k, q, intents, { ...ctx, ...(verb ? { whoVerb: verb } : {}) }) : [];
  const structured = structuredAnswer(ranked, { ...ctx, intents, ...(verb ? { whoVerb: verb } : {}) }, q, k, articles);
  if (structured) {
    // Further articles that say much of what was asked (not for the document's validity).
    const extra = structured.topic?.type === 'validity' ? [] : retrievalCitations(k, q, articles, 2, EXTRA_MIN_COVERAGE);
    // The article that says most of what was asked comes second when it covers at least as much
    // of the question as the rule did (钱能不能挪到别的地方用: the rule on adjusting, the article on 挪用).
    const topArticle = articles[0];
    const rival =
      structured.topic?.type !== 'validity' && topArticle && ranked[0] && topArticle.s.coverage >= ranked[0].s.coverage
        ? citationOf(pack, topArticle.doc.article.no, quoteFor(k, q, topArticle.doc)) ?? undefined
        : undefined;
    const citations = bestArticleSecond(addCitations([...structured.citations], extra), extra[0] ?? rival).slice(
      0,
      Math.max(MAX_CITATIONS, structured.citations.length),
    );
    return withValidity({ ...structured, citations }, pack, today, question);
  }

  const top = articles[0];
  const clear = top && top.s.coverage >= ARTICLE_MIN_COVERAGE && top.s.score >= ARTICLE_MIN_SCORE;
  // Not clearly answered, but an article says part of what was asked: cite it rather than nothing.
  const near = top && top.s.coverage >= NEAR_MIN_COVERAGE && top.s.score >= NEAR_MIN_SCORE;
  if (!clear && !near) return withValidity(noneAnswer(pack, question), pack, today, question);
  const citations = retrievalCitations(k, q, articles, clear ? 3 : 2);
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

