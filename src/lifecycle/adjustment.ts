/**
 * Budget adjustments (调整/变更): may the unit simply adjust and file it (备案), or does it need a
 * change approval? Decided by the pack's checks on `budgetAdjustmentRatio`, never by a number
 * written here:
 * - a blocker on the ratio that fires → approval (牡丹区 > 15 %: 履行项目变更手续);
 * - a warning that fires and bounds the ratio from above → file, with the pack's conditions
 *   (牡丹区 ≤ 15 %: 投资规模未超出概算批复、建设目标不变、在采购前 …);
 * - a warning that fires without an upper bound → approval (金寨: any adjustment goes to 县政府);
 * - no check on the ratio → approval, citing the pack's check that speaks of 调整 (高平 第十九条).
 */
import { describeCondition, evaluate, type ProjectFacts } from '../rules/engine.js';
import type { ArticleNo, Check, Condition, RulePack } from '../rules/types.js';

export interface AdjustmentInput {
  approvedYuan: number;
  adjustedYuan: number;
  /** The project's kind and facts, for checks that also read them. */
  kind?: string;
  facts?: ProjectFacts;
}

export interface AdjustmentClassification {
  mode: 'file' | 'approval';
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

const FACT = 'budgetAdjustmentRatio';

/** Comparisons on the ratio in a condition, with their polarity (false under a `not`). */
function ratioBounds(c: Condition, positive = true): { op: string; value: number; positive: boolean }[] {
  if ('all' in c) return c.all.flatMap((x) => ratioBounds(x, positive));
  if ('any' in c) return c.any.flatMap((x) => ratioBounds(x, positive));
  if ('not' in c) return ratioBounds(c.not, !positive);
  if ('fact' in c && c.fact === FACT && typeof c.value === 'number') return [{ op: c.op, value: c.value, positive }];
  return [];
}

function upperBound(check: Check): number | null {
  const ups = ratioBounds(check.when)
    .filter((b) => (b.positive && (b.op === '<=' || b.op === '<')) || (!b.positive && (b.op === '>' || b.op === '>=')))
    .map((b) => b.value);
  return ups.length > 0 ? Math.min(...ups) : null;
}

export function classifyAdjustment(pack: RulePack, input: AdjustmentInput): AdjustmentClassification {
  const { approvedYuan, adjustedYuan } = input;
  if (!(approvedYuan > 0) || !Number.isFinite(adjustedYuan) || adjustedYuan < 0) {
    throw new Error(`approvedYuan must be > 0 and adjustedYuan ≥ 0 (got ${approvedYuan}, ${adjustedYuan})`);
  }
  const ratio = Math.abs(adjustedYuan - approvedYuan) / approvedYuan;
  // An adjustment of content with no change in money is still an adjustment: the smallest one.
  const facts: ProjectFacts = {
    ...input.facts,
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    budgetAdjustmentRatio: ratio === 0 ? Number.EPSILON : ratio,
  };
  const onRatio = pack.checks.filter((c) => ratioBounds(c.when).length > 0);
  const fired = onRatio.filter((c) => evaluate(c.when, facts));
  const base = (c: Check, mode: 'file' | 'approval', conditions: string[]): AdjustmentClassification => ({
    mode,
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
  const tolerance = fired.find((c) => upperBound(c) !== null);
  if (tolerance) return base(tolerance, 'file', [describeCondition(tolerance.when, pack), tolerance.message]);
  if (fired[0]) return base(fired[0], 'approval', []);

  const aboutAdjusting = pack.checks.find((c) => c.message.includes('调整'));
  if (aboutAdjusting) return { ...base(aboutAdjusting, 'approval', []), limitRatio: null };
  return {
    mode: 'approval',
    ratio,
    limitRatio: null,
    checkId: null,
    message: '本办法未规定可由项目建设单位自行调整的情形，调整须报原审批部门同意',
    article: null,
    quote: '',
    conditions: [],
  };
}
