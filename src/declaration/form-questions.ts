/**
 * What a declaration asks beyond a prescribed form: the base set of declaration fields for a kind
 * without one, and a yes/no question for every fact the pack's conditions read (checks, materials,
 * routes, stages, time limits), so a new pack's form follows from its data. `mentions` keywords are
 * read from the free text, never asked: the content field's help names those that matter.
 */
import { evaluate } from '../rules/engine.js';
import type { Condition, FactName, ProjectKind, RulePack } from '../rules/types.js';
import { withDefaults } from './form-fields.js';
import type { FieldSpec } from './types.js';

export function kindOf(pack: RulePack, kindId: string): ProjectKind {
  const kind = pack.projectKinds.find((k) => k.id === kindId);
  if (!kind) throw new Error(`${pack.id}: no project kind "${kindId}"`);
  return kind;
}

/** Facts a declaration can answer with a yes/no question; the others come from the amounts, the kind, the text or the materials. */
const FACT_QUESTIONS: Partial<Record<FactName, { label: string; help: string }>> = {
  isSoftwareDevelopment: { label: '是否涉及软件开发', help: '项目是否包含应用软件的定制开发' },
  isNewApp: { label: '是否新建APP/小程序/公众号', help: '是否新建面向公众或政务的APP、小程序或公众号等移动端应用' },
  hasExistingSystem: { label: '是否基于已有系统建设', help: '是否在已建成运行的系统上改造、扩展、对接或迁移' },
  plansOwnHardware: {
    label: '是否自建或采购独立机房、数据中心、大屏、服务器等硬件',
    help: '本单位拟自建或购置独立机房、数据中心、大屏、服务器等硬件设备的选“是”；部署在云计算中心、政务云等共享资源上的选“否”',
  },
};

/** Every condition of the pack that could apply to a project of this kind, with the article it comes from. */
function packConditions(pack: RulePack, kind: ProjectKind): { c: Condition; article: number }[] {
  const out: { c: Condition; article: number }[] = [];
  for (const ch of pack.checks) out.push({ c: ch.when, article: ch.article });
  for (const m of kind.materials) if (m.when) out.push({ c: m.when, article: m.article });
  const route = pack.routes.find((r) => r.id === kind.route);
  for (const s of route?.steps ?? []) if (s.skipWhen) out.push({ c: s.skipWhen, article: s.article });
  for (const st of pack.stages) {
    for (const r of st.requires ?? []) out.push({ c: r.condition, article: r.article });
    for (const m of st.materials) if (m.when) out.push({ c: m.when, article: m.article });
  }
  for (const l of pack.timeLimits) if (l.when) out.push({ c: l.when, article: l.article });
  return out;
}

/** A condition on the kind alone that does not hold for this kind: the `all` around it cannot hold. */
function excludesKind(c: Condition, kindId: string): boolean {
  return 'fact' in c && c.fact === 'kind' && !evaluate(c, { kind: kindId });
}

function walk(c: Condition, kindId: string, visit: (c: Condition) => void): void {
  if ('all' in c) {
    if (c.all.some((x) => excludesKind(x, kindId))) return;
    c.all.forEach((x) => walk(x, kindId, visit));
  } else if ('any' in c) c.any.forEach((x) => walk(x, kindId, visit));
  else if ('not' in c) walk(c.not, kindId, visit);
  else visit(c);
}

/** The facts the pack's conditions read for this kind, with the first article that reads each, in FactName order of first use. */
export function factsRead(pack: RulePack, kindId: string): Map<FactName, number> {
  const kind = kindOf(pack, kindId);
  const found = new Map<FactName, number>();
  for (const { c, article } of packConditions(pack, kind)) {
    walk(c, kindId, (leaf) => {
      if ('fact' in leaf && !found.has(leaf.fact)) found.set(leaf.fact, article);
    });
  }
  return found;
}

/** The `mentions` keywords that change this kind's materials or route (worth writing in the text). */
export function routingKeywords(pack: RulePack, kindId: string): string[] {
  const kind = kindOf(pack, kindId);
  const words: string[] = [];
  const conds: Condition[] = [];
  for (const m of kind.materials) if (m.when) conds.push(m.when);
  const route = pack.routes.find((r) => r.id === kind.route);
  for (const s of route?.steps ?? []) if (s.skipWhen) conds.push(s.skipWhen);
  for (const c of conds) {
    walk(c, kindId, (leaf) => {
      if ('mentions' in leaf) for (const w of leaf.mentions) if (!words.includes(w)) words.push(w);
    });
  }
  return words;
}

function factQuestion(fact: FactName, article: number): FieldSpec | null {
  const q = FACT_QUESTIONS[fact];
  if (!q) return null;
  return {
    id: `fact_${fact}`,
    label: q.label,
    type: 'boolean',
    required: true,
    options: [
      { value: 'true', label: '是' },
      { value: 'false', label: '否' },
    ],
    help: q.help,
    article,
    fact,
  };
}

export function baseFields(pack: RulePack, kindId: string): FieldSpec[] {
  const keywords = routingKeywords(pack, kindId).slice(0, 16);
  const contentHelp =
    '写明建设目标、主要建设内容、部署方式等' +
    (keywords.length > 0 ? `；如属以下情形请写明（影响所需材料和审批流程）：${keywords.join('、')}` : '');
  const fields: FieldSpec[] = [
    { id: 'project_name', label: '项目名称', type: 'text', required: true, role: 'project_name' },
    { id: 'applicant', label: '申报单位', type: 'text', required: true, readonly: true, role: 'unit' },
    { id: 'head', label: '负责人', type: 'text', required: true },
    { id: 'contact', label: '联系人', type: 'text', required: true },
    { id: 'phone', label: '联系电话', type: 'phone', required: true },
    { id: 'email', label: '电子邮箱', type: 'email', required: true },
    { id: 'construction_period', label: '建设周期', type: 'month_range', required: true },
    { id: 'investment_wan', label: '投资额（万元）', type: 'money_wan', required: true, role: 'investment' },
    { id: 'funding_fiscal_wan', label: '财政资金（万元）', type: 'money_wan', required: false, role: 'fiscal_fund' },
    { id: 'funding_self_wan', label: '单位自筹（万元）', type: 'money_wan', required: false, role: 'fund' },
    { id: 'funding_social_wan', label: '社会投资（万元）', type: 'money_wan', required: false, role: 'fund' },
    { id: 'funding_other_wan', label: '其他资金（万元）', type: 'money_wan', required: false, role: 'fund' },
    { id: 'content', label: '建设内容', type: 'long_text', required: true, role: 'description', help: contentHelp },
  ];
  return [...fields, ...factQuestions(pack, kindId)].map(withDefaults);
}

/** The yes/no questions for the facts the pack's conditions read for this kind. */
export function factQuestions(pack: RulePack, kindId: string): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const [fact, article] of factsRead(pack, kindId)) {
    const q = factQuestion(fact, article);
    if (q) out.push(q);
  }
  return out;
}
