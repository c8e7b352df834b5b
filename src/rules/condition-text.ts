/**
 * Conditions in Chinese (`投资额 ≥ 100万元`, `未提及“服务器”`), for the cards that explain a
 * finding and for docs/rules.md: the wording of each fact, operator and negation lives here.
 */
import type { Condition, FactName, Material, RulePack } from './types.js';

const FACT_LABELS: Record<FactName, string> = {
  kind: '项目类型',
  investmentWan: '投资额',
  fiscalFundsWan: '财政资金',
  text: '申报内容',
  isSoftwareDevelopment: '软件开发项目',
  isNewApp: '新建APP、小程序或公众号',
  hasExistingSystem: '基于已有系统建设',
  budgetAdjustmentRatio: '预算调整幅度',
  adjustedTotalExceedsApproved: '调整后总投资超出概算批复',
  adjustedContentRatio: '调整内容涉及资金占概算总投资的比例',
  procurementStarted: '已开始采购',
  plansOwnHardware: '自建机房、数据中心、大屏、服务器等硬件',
  passedCryptoAssessment: '通过密码应用安全性评估',
  materials: '已附材料',
};

/** How a boolean fact reads when it holds and when it does not. */
const BOOLEAN_PHRASES: Partial<Record<FactName, readonly [string, string]>> = {
  isSoftwareDevelopment: ['属于软件开发项目', '不属于软件开发项目'],
  isNewApp: ['新建APP、小程序或公众号', '不是新建APP、小程序或公众号'],
  hasExistingSystem: ['基于已有系统建设', '不基于已有系统建设'],
  passedCryptoAssessment: ['已通过密码应用安全性评估', '未通过密码应用安全性评估'],
  adjustedTotalExceedsApproved: ['调整后总投资超出概算批复', '调整后总投资未超出概算批复'],
  procurementStarted: ['已开始采购', '在采购前'],
  plansOwnHardware: [
    '拟自建或采购独立机房、数据中心、大屏、服务器等硬件设备',
    '不自建或采购独立机房、数据中心、大屏、服务器等硬件设备',
  ],
};

const OP_SYMBOLS = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=', '!=': '≠' } as const;
const NEGATED_OPS = { '>=': '<', '>': '<=', '<=': '>', '<': '>=', '==': '!=', '!=': '==' } as const;

function quoted(items: readonly string[], joiner = '或'): string {
  return items.map((s) => `“${s}”`).join(joiner);
}

function kindLabel(id: string, pack?: RulePack): string {
  return pack?.projectKinds.find((k) => k.id === id)?.label ?? id;
}

/** Every material of the pack (declaration and stage materials), by id. */
function findMaterial(pack: RulePack, id: string): Material | undefined {
  for (const k of pack.projectKinds) {
    const m = k.materials.find((x) => x.id === id);
    if (m) return m;
  }
  for (const s of pack.stages) {
    const m = s.materials.find((x) => x.id === id);
    if (m) return m;
  }
  return undefined;
}

function materialName(id: string, pack?: RulePack): string {
  return (pack && findMaterial(pack, id)?.name) ?? id;
}

function inNames(fact: FactName, values: readonly string[], pack?: RulePack): string[] {
  return values.map((v) => (fact === 'kind' ? kindLabel(v, pack) : fact === 'materials' ? materialName(v, pack) : v));
}

function formatValue(fact: FactName, value: number | string | boolean, pack?: RulePack): string {
  if (fact === 'investmentWan' || fact === 'fiscalFundsWan') return `${value}万元`;
  if ((fact === 'budgetAdjustmentRatio' || fact === 'adjustedContentRatio') && typeof value === 'number')
    return `${+(value * 100).toFixed(4)}%`;
  if (fact === 'kind') return `“${kindLabel(String(value), pack)}”`;
  if (fact === 'materials') return `“${materialName(String(value), pack)}”`;
  return typeof value === 'string' ? `“${value}”` : String(value);
}

/**
 * Renders a condition in Chinese: `投资额 ≥ 100万元`, `提及“服务器”或“机房”`,
 * `项目类型为“新建”且属于软件开发项目`. Pass the pack to name kinds and materials by label.
 */
export function describeCondition(c: Condition, pack?: RulePack): string {
  return describe(c, pack, false);
}

function describe(c: Condition, pack: RulePack | undefined, nested: boolean): string {
  const wrap = (s: string, parts: number) => (nested && parts > 1 ? `（${s}）` : s);
  if ('all' in c) return wrap(c.all.map((x) => describe(x, pack, true)).join('且'), c.all.length);
  if ('any' in c) return wrap(c.any.map((x) => describe(x, pack, true)).join('或'), c.any.length);
  if ('not' in c) return describeNot(c.not, pack);
  if ('mentions' in c) return `提及${quoted(c.mentions)}`;
  if ('hasMaterial' in c) return `已附${quoted([materialName(c.hasMaterial, pack)])}`;
  const label = FACT_LABELS[c.fact];
  if (c.op === 'in') {
    const names = inNames(c.fact, c.value, pack);
    if (c.fact === 'materials') return `已附${quoted(names)}之一`;
    return `${label}为${quoted(names)}`;
  }
  const phrases = BOOLEAN_PHRASES[c.fact];
  if (phrases && typeof c.value === 'boolean' && (c.op === '==' || c.op === '!=')) {
    return (c.value === true) === (c.op === '==') ? phrases[0] : phrases[1];
  }
  if (c.fact === 'kind' && (c.op === '==' || c.op === '!=')) {
    return `${label}${c.op === '==' ? '为' : '不为'}${formatValue('kind', c.value, pack)}`;
  }
  if (c.fact === 'materials' && (c.op === '==' || c.op === '!=')) {
    return `${c.op === '==' ? '已附' : '未附'}${formatValue('materials', c.value, pack)}`;
  }
  return `${label} ${OP_SYMBOLS[c.op]} ${formatValue(c.fact, c.value, pack)}`;
}

function describeNot(c: Condition, pack: RulePack | undefined): string {
  if ('not' in c) return describe(c.not, pack, false);
  if ('mentions' in c) return `未提及${quoted(c.mentions)}`;
  if ('hasMaterial' in c) return `未附${quoted([materialName(c.hasMaterial, pack)])}`;
  if ('fact' in c && c.op !== 'in')
    return describe({ fact: c.fact, op: NEGATED_OPS[c.op], value: c.value }, pack, false);
  if ('fact' in c && c.op === 'in') {
    const names = inNames(c.fact, c.value, pack);
    if (c.fact === 'materials') return `未附${quoted(names, '、')}中任何一项`;
    return `${FACT_LABELS[c.fact]}不是${quoted(names, '、')}中任何一种`;
  }
  return `并非（${describe(c, pack, false)}）`;
}
