/**
 * Answering from the pack's rules: how much each kind of rule fits each kind of question, the rules
 * ranked by BM25 against the question, and the structured answer of the best one (a stage's
 * materials, a time limit, a route, checks, consequences, scope, validity, an office, a form), with
 * the article that says most of what was asked put where it belongs.
 */
import { describeCondition, scopeExclusions } from '../rules/engine.js';
import type { RankedArticle } from './articles.js';
import { contradicts, supports } from './facts.js';
import { type ItemDoc, type ItemPayload, type ItemType, type PackKnowledge, PHRASE_PREFIX } from './knowledge.js';
import { type Intent, ROLE_VERBS } from './lexicon.js';
import { type Query, type Scored, scoreDoc, scoreTf } from './query.js';
import {
  type BuildContext,
  checkAnswer,
  consequenceAnswer,
  formAnswer,
  ladderAnswer,
  limitAnswer,
  roleAnswer,
  routeAnswer,
  scopeAnswer,
  validityAnswer,
} from './structured.js';
import { kindAnswer, materialAnswer, stageAnswer } from './materials.js';
import { normalizeText } from './text.js';
import type { Answer, Citation } from './types.js';

/** How much each kind of rule fits each kind of question (0: not an answer to it). */
const FIT: Record<Intent, Partial<Record<ItemType, number>>> = {
  materials: { stage: 1.3, kind: 1.3, material: 1.0, form: 1.1, limit: 0.4, route: 0.4, check: 0.5 },
  contents: { material: 1.5, form: 1.3, stage: 1.0, kind: 1.0, check: 0.4 },
  time: { limit: 1.5, stage: 0.5, check: 0.4, form: 0.3 },
  who: { role: 1.2, route: 1.0, limit: 1.0, stage: 0.7, kind: 0.5, check: 0.6, material: 0.5 },
  route: { route: 1.3, kind: 0.6, check: 0.6, limit: 0.5, stage: 0.5, role: 0.6 },
  check: {
    check: 1.3,
    consequence: 1.0,
    scope: 0.9,
    ladder: 0.6,
    limit: 0.7,
    material: 0.6,
    stage: 0.6,
    kind: 0.5,
    route: 0.6,
    form: 0.6,
  },
  consequence: { consequence: 1.4, ladder: 1.4, check: 0.8, limit: 0.5 },
  scope: { scope: 1.5, check: 0.6 },
  validity: { validity: 2.5 },
  after: { limit: 1.5, stage: 0.6 },
};

/** A structured answer needs the rule to cover this share of the question … */
const ITEM_MIN_COVERAGE = 0.4;
/** … and this BM25 score (after the fit factor). */
const ITEM_MIN_SCORE = 1.0;
/** Retrieval wins when its best article covers this much more of the question than the best rule. */
const RETRIEVAL_MARGIN = 0.15;
/** Asks for a month or a day of the year, not for a length of time. */
const ASKS_CALENDAR = /几月|几号|哪天|哪一天|哪个月|月份|几月份|每年什么时候/;

export interface RankedItem {
  item: ItemDoc;
  s: Scored;
  final: number;
  /** The question names the stage or kind itself. */
  named?: boolean;
}

export function hasContent(stage: {
  materials: readonly unknown[];
  requires?: readonly unknown[];
  notBefore?: { offset: { amount: number } };
}): boolean {
  return stage.materials.length > 0 || (stage.requires?.length ?? 0) > 0 || (stage.notBefore?.offset.amount ?? 0) > 0;
}

/** What a who-question asks about: 谁来批准 → 批准, 谁负责投资立项审批 → 投资立项审批. */
export function whoVerb(norm: string): string | undefined {
  const m = /(?:谁|哪个部门|哪个单位|哪家|哪个局)(?:来|负责|去)?([\u4e00-\u9fff]{2,8})/.exec(norm);
  if (m) return m[1];
  // 项目立项报给谁, 验收报告交给谁: what is done comes before 谁.
  return /([\u4e00-\u9fff]{2,8}?)(?:报给|交给|送给|报送给|给|找|向)(?:谁|哪个部门|哪个单位|哪家|哪个局)/.exec(
    norm,
  )?.[1];
}

export function sharedBigrams(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i + 1 < a.length; i++) if (b.includes(a.slice(i, i + 2))) n++;
  return n;
}

export function rankItems(
  k: PackKnowledge,
  q: Query,
  intents: Set<Intent>,
  ctx: BuildContext & { whoVerb?: string },
): RankedItem[] {
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
    const named =
      (p.type === 'stage' || p.type === 'kind') &&
      phrases.has(PHRASE_PREFIX + normalizeText(p.type === 'stage' ? p.stage.name : p.kind.label));
    if (named) final *= 2;
    // 概算要报给谁: a material the question names, asked where it goes — its own article says.
    if (
      p.type === 'material' &&
      ctx.whoVerb &&
      phrases.has(PHRASE_PREFIX + normalizeText(p.material.name.replace(/[（(][^）)]*[）)]/g, '')))
    )
      final *= 2;
    // 谁来批准: the role that does what is asked.
    if (p.type === 'role' && ctx.whoVerb && (ROLE_VERBS[p.role] ?? []).some((v) => ctx.whoVerb!.includes(v)))
      final *= 1.5;
    // An exclusion answers 属不属于 only when the question names one of its keywords.
    if (p.type === 'scope' && !scopeExclusions(ctx.pack, ctx.qf.facts.text ?? '').includes(p.exclusion)) final *= 0.3;
    // 终验过了接下来做啥: the limit the named event starts (竣工验收后…开展自评价).
    if (
      p.type === 'limit' &&
      intents.has('after') &&
      (p.limit.trigger.kind === 'event' || p.limit.trigger.kind === 'budget_year_end')
    ) {
      const trigger = k.pack.events.find((e) => e.id === (p.limit.trigger as { event: string }).event)?.label ?? '';
      if (trigger && scoreTf(k, q, labelTerms(k, trigger)) > 0) final *= 1.5;
    }
    // 申报截止到几月: a month or a day of the year is asked, so a yearly limit (每年10月份前) answers.
    if (p.type === 'limit' && p.limit.trigger.kind === 'annual' && ASKS_CALENDAR.test(ctx.qf.facts.text ?? ''))
      final *= 1.6;
    if (p.type === 'check' && intents.has('check')) {
      if (supports(p.check.when, ctx.qf)) final *= 1.6;
      else if (contradicts(p.check.when, ctx.qf)) final *= 0.75;
    }
    out.push({ item, s, final, ...(named ? { named } : {}) });
  }
  return out.sort((a, b) => b.final - a.final || a.item.order - b.item.order);
}

/**
 * 主管部门是哪个: the question names an office's role and asks which office it is (no deed asked,
 * as in 谁来批): the office's answer, with the article that names it, whatever else the articles say.
 */
function asksWhichOffice(best: RankedItem, ctx: { intents: Set<Intent>; whoVerb?: string }, q: Query): boolean {
  const p = best.item.payload;
  if (p.type !== 'role' || ctx.whoVerb || !ctx.intents.has('who')) return false;
  return q.concepts.some((c) => c.kind === 'phrase' && c.importance >= 1 && best.s.matched.includes(c));
}

/** Citations reordered by how well their article matches the question. */
export function byRelevance(citations: Citation[], articles: RankedArticle[]): Citation[] {
  const rank = (c: Citation) => {
    const i = articles.findIndex((a) => a.doc.article.no === c.article);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...citations].sort((a, b) => rank(a) - rank(b));
}

/** The terms of a label, for "did the question name it". */
export function labelTerms(k: PackKnowledge, label: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokenizeForTf(normalizeText(label), k)) tf.set(t, 1);
  return tf;
}

export function structuredAnswer(
  ranked: RankedItem[],
  ctx: BuildContext & { intents: Set<Intent>; whoVerb?: string },
  q: Query,
  k: PackKnowledge,
  articles: RankedArticle[],
): Answer | null {
  const best = ranked[0];
  if (!best || best.s.coverage < ITEM_MIN_COVERAGE || best.final < ITEM_MIN_SCORE) return null;
  // An article that says clearly more of what was asked than any rule: answer from the articles.
  const topArticle = articles[0];
  // A list of offices answers "who" only as well as the article that says who does it.
  const margin = best.item.payload.type === 'role' ? 0 : RETRIEVAL_MARGIN;
  if (!best.named && !asksWhichOffice(best, ctx, q) && topArticle && topArticle.s.coverage > best.s.coverage + margin)
    return null;
  /** The payloads of other rules of `type` that score at least `ratio` of the best, at most `most`. */
  const near = <T extends ItemType>(type: T, ratio: number, most: number) =>
    ranked
      .filter((r) => r !== best && r.item.payload.type === type && r.final >= best.final * ratio)
      .slice(0, most)
      .map((r) => r.item.payload as Extract<ItemPayload, { type: T }>);
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
      const related = near('limit', 0.85, 2).map((x) => x.limit);
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
          // 谁批 of a step named 报县政府批准: what the step's office does (ROLE_VERBS) counts too.
          const n =
            sharedBigrams(verb, st.name) +
            (st.name.includes(verb.slice(0, 2)) ? 2 : 0) +
            ((ROLE_VERBS[st.role] ?? []).some((v) => verb.includes(v)) ? 1 : 0);
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
      const checks = [p.check, ...near('check', 0.7, 2).map((x) => x.check)];
      return checkAnswer(ctx, checks);
    }
    case 'ladder': {
      const direct = near('consequence', 0.8, 2).map((x) => x.rung);
      return ladderAnswer(ctx, p.rungs, direct);
    }
    case 'consequence': {
      const more = near('consequence', 0.8, 2).map((x) => x.rung);
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
export function tokenizeForTf(norm: string, k: PackKnowledge): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < norm.length; i++) out.push(norm.slice(i, i + 2));
  for (const p of k.phrasesByLength) if (norm.includes(p)) out.push(`§${p}`);
  return out;
}
