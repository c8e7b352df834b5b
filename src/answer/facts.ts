/**
 * Facts a question states (`一百万以下`, `超过15%`, `新建小程序`), so checks can be evaluated on
 * them, and which conditions those facts support or rule out.
 */
import { evaluate, type ProjectFacts } from '../rules/engine.js';
import type { Condition, FactName } from '../rules/types.js';
import { ABOVE_CUES, BELOW_CUES } from './lexicon.js';

export interface QuestionFacts {
  facts: ProjectFacts;
  provided: Set<FactName>;
}

function adjust(n: number, after: string, strictStep: number): number {
  const near = after.slice(0, 6);
  if (BELOW_CUES.test(near)) return n - strictStep;
  if (/^(及以上|以上|或以上)/.test(near)) return n;
  if (ABOVE_CUES.test(near)) return n + strictStep;
  return n;
}

/** Facts stated in a normalised question. */
export function questionFacts(norm: string): QuestionFacts {
  const facts: ProjectFacts = { text: norm };
  const provided = new Set<FactName>();
  const money = /(\d+(?:\.\d+)?)万/.exec(norm);
  if (money) {
    facts.investmentWan = adjust(Number(money[1]), norm.slice(money.index + money[0].length), 0.01);
    provided.add('investmentWan');
  }
  const pct = /(\d+(?:\.\d+)?)%/.exec(norm);
  if (pct) {
    facts.budgetAdjustmentRatio = adjust(Number(pct[1]), norm.slice(pct.index + pct[0].length), 0.1) / 100;
    provided.add('budgetAdjustmentRatio');
  }
  if (/app|小程序|公众号|移动端|客户端/.test(norm) && /新建|新开发|开发|新做|做一个|建一个|搞一个/.test(norm)) {
    facts.isNewApp = true;
    provided.add('isNewApp');
  }
  if (/软件开发|开发软件|定制开发|开发系统|系统开发/.test(norm)) {
    facts.isSoftwareDevelopment = true;
    provided.add('isSoftwareDevelopment');
  }
  if (/密评|密码.{0,8}评估|密码测评/.test(norm)) {
    if (/不合格|没通过|未通过|不通过|没过|不达标/.test(norm)) {
      facts.passedCryptoAssessment = false;
      provided.add('passedCryptoAssessment');
    } else if (/已通过|通过了|合格了|已合格/.test(norm)) {
      facts.passedCryptoAssessment = true;
      provided.add('passedCryptoAssessment');
    }
  }
  return { facts, provided };
}

/** True when the condition holds and some fact the question gave (or a keyword it used) makes it hold. */
export function supports(c: Condition, qf: QuestionFacts): boolean {
  if ('all' in c) return evaluate(c, qf.facts) && c.all.some((x) => supports(x, qf));
  if ('any' in c) return c.any.some((x) => supports(x, qf));
  if ('not' in c) return false;
  if ('mentions' in c) return evaluate(c, qf.facts);
  if ('hasMaterial' in c) return false;
  return qf.provided.has(c.fact) && evaluate(c, qf.facts);
}

/** True when a fact the question gave makes the condition fail. */
export function contradicts(c: Condition, qf: QuestionFacts): boolean {
  return !evaluate(c, qf.facts) && references(c, qf.provided);
}

function references(c: Condition, provided: Set<FactName>): boolean {
  if ('all' in c) return c.all.some((x) => references(x, provided));
  if ('any' in c) return c.any.some((x) => references(x, provided));
  if ('not' in c) return references(c.not, provided);
  if ('mentions' in c || 'hasMaterial' in c) return false;
  return provided.has(c.fact);
}
