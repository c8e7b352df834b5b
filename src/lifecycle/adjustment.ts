/**
 * Budget adjustments (调整/变更): may the unit simply adjust and file it (备案), or does it need a
 * change approval? Decided by the pack's checks on the adjustment facts, never by a number
 * written here. The facts: `budgetAdjustmentRatio` (|adjusted − approved| / approved),
 * `adjustedTotalExceedsApproved`, and what only the unit can say: `adjustedContentRatio` (调整内容
 * 涉及资金数额 / 概算总投资) and `procurementStarted`.
 * - a blocker that fires → approval (牡丹区: 超出概算批复, 采购后, 调整内容 > 15 %: 项目变更手续);
 * - else, when the pack's checks read a fact the unit has not given → ask for it (`needs`);
 * - a warning that fires and bounds a ratio from above → file, with the pack's conditions
 *   (牡丹区 ≤ 15 %: 建设目标不变、第二十一条三种情形之一);
 * - a warning that fires without an upper bound → approval (金寨: any adjustment goes to 县政府);
 * - no check on the adjustment → approval, citing the pack's check that speaks of 调整 (高平 第十九条).
 */
import { describeCondition, evaluate, type ProjectFacts } from '../rules/engine.js';
import type { ArticleNo, Check, Condition, FactName, RulePack } from '../rules/types.js';

export interface AdjustmentInput {
  approvedYuan: number;
  adjustedYuan: number;
  /** 调整内容涉及资金数额: the money of the content changed (moved, added or dropped), in yuan. */
  contentYuan?: number;
  /** Whether procurement had begun when the change is made (第二十一条 allows 采购前 only). */
  procurementStarted?: boolean;
  /** The project's kind and facts, for checks that also read them. */
  kind?: string;
  facts?: ProjectFacts;
}

/** What the unit still has to state before the pack can decide. */
export type AdjustmentQuestion = 'content' | 'procurement';

export interface AdjustmentClassification {
  /** `ask`: the pack needs what `needs` lists before it can decide. */
  mode: 'file' | 'approval' | 'ask';
  needs: AdjustmentQuestion[];
  /** |adjusted − approved| / approved. */
  ratio: number;
  /** The upper bound on the ratio the pack allows for filing (0.15 for 牡丹区), when it has one. */
  limitRatio: number | null;
  /** The check the decision rests on (null when the pack has nothing to say). */
  checkId: string | null;
  message: string;
  article: ArticleNo | null;
  quote: string;
  /** What must also hold for filing to be enough, in the pack's words; [] for approval. */
  conditions: string[];
}

const RATIO_FACTS: readonly FactName[] = ['budgetAdjustmentRatio', 'adjustedContentRatio'];
const ADJUSTMENT_FACTS: readonly FactName[] = [...RATIO_FACTS, 'adjustedTotalExceedsApproved', 'procurementStarted'];
/** The facts only the unit can state, and the question that asks for each. */
const ASKED: readonly [FactName, AdjustmentQuestion][] = [
  ['adjustedContentRatio', 'content'],
  ['procurementStarted', 'procurement'],
];

function factsIn(c: Condition): FactName[] {
  if ('all' in c) return c.all.flatMap(factsIn);
  if ('any' in c) return c.any.flatMap(factsIn);
  if ('not' in c) return factsIn(c.not);
  return 'fact' in c ? [c.fact] : [];
}

/** Comparisons on a ratio in a condition, with their polarity (false under a `not`). */
function ratioBounds(c: Condition, positive = true): { op: string; value: number; positive: boolean }[] {
  if ('all' in c) return c.all.flatMap((x) => ratioBounds(x, positive));
  if ('any' in c) return c.any.flatMap((x) => ratioBounds(x, positive));
  if ('not' in c) return ratioBounds(c.not, !positive);
  if ('fact' in c && RATIO_FACTS.includes(c.fact) && typeof c.value === 'number')
    return [{ op: c.op, value: c.value, positive }];
  return [];
}

function upperBound(check: Check): number | null {
  const ups = ratioBounds(check.when)
    .filter((b) => (b.positive && (b.op === '<=' || b.op === '<')) || (!b.positive && (b.op === '>' || b.op === '>=')))
    .map((b) => b.value);
  return ups.length > 0 ? Math.min(...ups) : null;
}

export function classifyAdjustment(pack: RulePack, input: AdjustmentInput): AdjustmentClassification {
  const { approvedYuan, adjustedYuan, contentYuan } = input;
  if (!(approvedYuan > 0) || !Number.isFinite(adjustedYuan) || adjustedYuan < 0) {
    throw new Error(`approvedYuan must be > 0 and adjustedYuan ≥ 0 (got ${approvedYuan}, ${adjustedYuan})`);
  }
  if (contentYuan !== undefined && !(Number.isFinite(contentYuan) && contentYuan >= 0)) {
    throw new Error(`contentYuan must be ≥ 0 (got ${contentYuan})`);
  }
  const ratio = Math.abs(adjustedYuan - approvedYuan) / approvedYuan;
  // An adjustment of content with no change in money is still an adjustment: the smallest one.
  const facts: ProjectFacts = {
    ...input.facts,
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    budgetAdjustmentRatio: ratio === 0 ? Number.EPSILON : ratio,
    adjustedTotalExceedsApproved: adjustedYuan > approvedYuan,
    ...(contentYuan !== undefined ? { adjustedContentRatio: contentYuan / approvedYuan } : {}),
    ...(input.procurementStarted !== undefined ? { procurementStarted: input.procurementStarted } : {}),
  };
  const onRatio = pack.checks.filter((c) => factsIn(c.when).some((f) => ADJUSTMENT_FACTS.includes(f)));
  const fired = onRatio.filter((c) => evaluate(c.when, facts));
  const base = (c: Check, mode: 'file' | 'approval', conditions: string[]): AdjustmentClassification => ({
    mode,
    needs: [],
    ratio,
    limitRatio: onRatio.map(upperBound).find((u) => u !== null) ?? null,
    checkId: c.id,
    message: c.message,
    article: c.article,
    quote: c.quote,
    conditions,
  });

  const blocker = fired.find((c) => c.level === 'blocker');
  if (blocker) return base(blocker, 'approval', []);
  const read = new Set(onRatio.flatMap((c) => factsIn(c.when)));
  const needs = ASKED.filter(([fact]) => read.has(fact) && facts[fact] === undefined).map(([, q]) => q);
  if (needs.length > 0) {
    const asking = onRatio.find((c) => c.level === 'blocker') ?? onRatio[0]!;
    return { ...base(asking, 'approval', []), mode: 'ask', needs };
  }
  const tolerance = fired.find((c) => upperBound(c) !== null);
  if (tolerance) return base(tolerance, 'file', [describeCondition(tolerance.when, pack), tolerance.message]);
  if (fired[0]) return base(fired[0], 'approval', []);

  const aboutAdjusting = pack.checks.find((c) => c.message.includes('调整'));
  if (aboutAdjusting) return { ...base(aboutAdjusting, 'approval', []), limitRatio: null };
  return {
    mode: 'approval',
    needs: [],
    ratio,
    limitRatio: null,
    checkId: null,
    message: '本办法未规定可由项目建设单位自行调整的情形，调整须报原审批部门同意',
    article: null,
    quote: '',
    conditions: [],
  };
}
