/**
 * What is known about a project (`ProjectFacts`) and how a pack's conditions are evaluated over
 * it, negated mentions included. The rest of the engine builds on `evaluate`. Pure: no I/O.
 */
import type { Condition } from './types.js';

/** What is known about a project. A fact left out is unknown. */
export interface ProjectFacts {
  kind?: string;
  investmentWan?: number;
  fiscalFundsWan?: number;
  text?: string;
  isSoftwareDevelopment?: boolean;
  isNewApp?: boolean;
  hasExistingSystem?: boolean;
  budgetAdjustmentRatio?: number;
  adjustedTotalExceedsApproved?: boolean;
  adjustedContentRatio?: number;
  procurementStarted?: boolean;
  plansOwnHardware?: boolean;
  passedCryptoAssessment?: boolean;
  materials?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Conditions

/**
 * Phrases that, earlier in the same clause, negate what follows. Single characters such as 不 or
 * 无 would also hit 不动产 or 无线, so only whole negating phrases count, and 非 only right before
 * the keyword (非涉密).
 */
const NEGATION =
  /(不涉及|不含|不包含|不包括|不采购|不购置|不购买|不新建|不建设|不新增|不需要|不需|无需|无须|没有|并无|未涉及|未包含|不属于|不再)/;
const CLAUSE_END = /[，。；;,!！?？\n]/;

/**
 * True when `keyword` occurs in `text` at least once without a negation earlier in its clause:
 * "不涉及服务器、机房" mentions neither, "现有服务器不足，需采购服务器" mentions 服务器.
 */
export function mentionsAffirmatively(text: string, keyword: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(keyword, from);
    if (at < 0) return false;
    let start = at;
    while (start > 0 && !CLAUSE_END.test(text[start - 1]!)) start--;
    const before = text.slice(start, at);
    if (!NEGATION.test(before) && !before.endsWith('非')) return true;
    from = at + keyword.length;
  }
}

/**
 * Evaluates a condition. A comparison on an unknown fact is false (whatever the operator, `!=`
 * included), so `not` of it is true: packs write a check the way it should behave when the fact
 * is not known yet. On `materials` (a list), `==` means "includes", `!=` "does not include", `in`
 * "includes one of", and an ordering (`>=` …) is false; `hasMaterial` is the same as `==` on it.
 * `mentions` is a case-insensitive match on `text` that ignores negated mentions: "非涉密",
 * "不采购服务器", "无需新建机房" do not mention 涉密, 服务器, 机房 (see `mentionsAffirmatively`).
 */
export function evaluate(c: Condition, facts: ProjectFacts): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(x, facts));
  if ('any' in c) return c.any.some((x) => evaluate(x, facts));
  if ('not' in c) return !evaluate(c.not, facts);
  if ('mentions' in c) {
    const text = (facts.text ?? '').toLowerCase();
    return c.mentions.some((k) => k.length > 0 && mentionsAffirmatively(text, k.toLowerCase()));
  }
  if ('hasMaterial' in c) return (facts.materials ?? []).includes(c.hasMaterial);

  const actual = facts[c.fact];
  if (actual === undefined) return false;
  if (c.op === 'in') {
    const allowed = c.value as readonly string[];
    if (Array.isArray(actual)) return (actual as readonly string[]).some((a) => allowed.includes(a));
    return typeof actual === 'string' && allowed.includes(actual);
  }
  if (Array.isArray(actual)) {
    const has = (actual as readonly string[]).includes(String(c.value));
    if (c.op === '==') return has;
    if (c.op === '!=') return !has;
    return false;
  }
  const value = c.value;
  switch (c.op) {
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
    default:
      if (typeof actual !== 'number' || typeof value !== 'number') return false;
      if (c.op === '>=') return actual >= value;
      if (c.op === '>') return actual > value;
      if (c.op === '<=') return actual <= value;
      return actual < value;
  }
}
