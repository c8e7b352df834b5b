/**
 * Which form a declaration uses and what it asks, built from the rule pack alone:
 * - a kind with a prescribed form (金寨 附件1/附件2, `kind.form`) asks exactly that form's fields,
 *   taken from the parsed FormDefinition (stamp and signature cells are left to paper);
 * - any other kind asks the base set of declaration fields plus a question for every fact the pack's
 *   conditions read (checks, materials, routes, stages, time limits), so a new pack's form follows
 *   from its data. `mentions` keywords are read from the free text, never asked.
 * Long forms are split into steps of at most MAX_INPUTS_PER_STEP inputs.
 */
import { evaluate } from '../rules/engine.js';
import type {
  Condition,
  FactName,
  FormDefinition,
  FormField,
  LocalDate,
  ProjectKind,
  RulePack,
} from '../rules/types.js';
import type { DeclarationForm, FieldRole, FieldSpec, FormStep } from './types.js';

/** About what fits a phone screen; a line-item step takes as many whole rows as fit. */
export const MAX_INPUTS_PER_STEP = 12;
/** The id of a form's line-item table (its cells are `items_<row>_<column>`). */
export const LINE_ITEMS_ID = 'items';
/** An input's hard limit on the card (Card JSON 2.0 `max_length` ≤ 1000). */
export const MAX_TEXT_CHARS = 1000;

export function kindChoices(pack: RulePack): { value: string; label: string }[] {
  return pack.projectKinds.map((k) => ({ value: k.id, label: k.label }));
}

function kindOf(pack: RulePack, kindId: string): ProjectKind {
  const kind = pack.projectKinds.find((k) => k.id === kindId);
  if (!kind) throw new Error(`${pack.id}: no project kind "${kindId}"`);
  return kind;
}

// ---------------------------------------------------------------------------------------------
// Prescribed forms

/** What a label of a prescribed form means (see FieldRole). */
function inferRole(f: FormField): FieldRole | undefined {
  const l = f.label;
  if (f.type === 'text' && /大写/.test(l)) return 'total_in_words';
  if (f.type === 'text' && /(申请|申报|建设)单位(名称)?$/.test(l)) return 'unit';
  if (/项目名称/.test(l)) return 'project_name';
  if (f.type === 'date' && /日期/.test(l)) return 'declared_on';
  if (f.type === 'money_wan' || f.type === 'money_yuan') {
    if (/投资额|总投资|投资总额/.test(l)) return 'investment';
    return /财政|预算安排/.test(l) ? 'fiscal_fund' : 'fund';
  }
  if (f.type === 'long_text') return 'description';
  return undefined;
}

function inferColumnRole(f: FormField): FieldRole | undefined {
  if (f.label === '序号') return 'row_number';
  if (f.type === 'integer' && /数量/.test(f.label)) return 'quantity';
  if ((f.type === 'money_yuan' || f.type === 'money_wan') && /单价/.test(f.label)) return 'unit_price';
  if ((f.type === 'money_yuan' || f.type === 'money_wan') && /金额/.test(f.label)) return 'row_amount';
  if (f.type === 'text') return 'item';
  return undefined;
}

/** A sensible length limit where the form gives none (names, people, specifications). */
function defaultMaxChars(type: FieldSpec['type'], label: string, role?: FieldRole): number | undefined {
  switch (type) {
    case 'text':
      if (role === 'project_name') return 60;
      if (role === 'unit' || role === 'region') return 50;
      if (/人$/.test(label)) return 20;
      if (/规格|型号/.test(label)) return 100;
      return 50;
    case 'long_text':
      return MAX_TEXT_CHARS;
    case 'phone':
      return 20;
    case 'email':
      return 100;
    case 'money_wan':
    case 'money_yuan':
      return 20;
    case 'integer':
      return 6;
    case 'month_range':
      return 30;
    default:
      return undefined;
  }
}

function placeholderOf(f: FieldSpec): string | undefined {
  switch (f.type) {
    case 'phone':
      return '手机号如13800000000，固定电话如0564-5222333';
    case 'email':
      return '如 name@example.com';
    case 'money_wan':
      return '单位：万元，最多4位小数，如 12.5';
    case 'money_yuan':
      return '单位：元，最多2位小数';
    case 'integer':
      return '填写整数';
    case 'month_range':
      return f.withinOneYear ? '如 2026年03月至2026年12月（同一年度内）' : '如 2026年03月至2027年06月';
    case 'long_text':
      return f.maxChars ? `不超过${f.maxChars}字` : undefined;
    default:
      return undefined;
  }
}

function withDefaults(f: FieldSpec): FieldSpec {
  const maxChars = f.maxChars ?? defaultMaxChars(f.type, f.label, f.role);
  const out: FieldSpec = { ...f };
  if (maxChars !== undefined) out.maxChars = maxChars;
  const placeholder = f.placeholder ?? placeholderOf(out);
  if (placeholder !== undefined) out.placeholder = placeholder;
  return out;
}

function fromFormField(f: FormField, def: FormDefinition): FieldSpec | null {
  if (f.stamp) return null;
  const role = inferRole(f);
  const spec: FieldSpec = { id: f.id, label: f.label, type: f.type, required: true, article: def.article };
  if (role) spec.role = role;
  if (f.maxChars !== undefined) spec.maxChars = f.maxChars;
  if (role === 'unit' || role === 'region') spec.readonly = true;
  if (role === 'total_in_words') {
    spec.computed = true;
    spec.required = false;
  }
  if (role === 'fund' || role === 'fiscal_fund') spec.required = false; // a blank channel is 0
  if (f.type === 'month_range' && /年度/.test(f.label)) spec.withinOneYear = true;
  // The form's 说明 lines that name the field, or its length limit.
  const help = def.notes.filter(
    (n) =>
      n.includes(`“${f.label}”`) || (f.maxChars !== undefined && n.includes('字数') && n.includes(String(f.maxChars))),
  );
  if (help.length > 0) spec.help = help.map((n) => n.replace(/^\d+[.．、]\s*/, '')).join('；');
  return withDefaults(spec);
}

function fromColumn(f: FormField, def: FormDefinition): FieldSpec {
  const role = inferColumnRole(f);
  const spec: FieldSpec = { id: f.id, label: f.label, type: f.type, required: true, article: def.article };
  if (role) spec.role = role;
  if (role === 'row_number' || role === 'row_amount') {
    spec.computed = true;
    spec.required = false;
  }
  if (role === 'quantity') spec.placeholder = '正整数';
  if (role === 'unit_price') spec.placeholder = '单位：元';
  return withDefaults(spec);
}

// ---------------------------------------------------------------------------------------------
// The base form and the questions derived from the pack's conditions

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

function baseFields(pack: RulePack, kindId: string): FieldSpec[] {
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
function factQuestions(pack: RulePack, kindId: string): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const [fact, article] of factsRead(pack, kindId)) {
    const q = factQuestion(fact, article);
    if (q) out.push(q);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Steps

type Section = 'basic' | 'money' | 'narrative';

function sectionOf(f: FieldSpec): Section {
  if (f.type === 'money_wan' || f.type === 'money_yuan' || f.role === 'total_in_words') return 'money';
  if (f.type === 'long_text' || f.type === 'boolean' || f.type === 'select') return 'narrative';
  return 'basic';
}

/** Whether the field is an input on the card (readonly and computed fields are shown, not asked). */
export function isAsked(f: FieldSpec): boolean {
  return !f.readonly && !f.computed;
}

function inputCount(fields: readonly FieldSpec[]): number {
  return fields.filter(isAsked).length;
}

function sectionTitle(sections: Section[], fields: FieldSpec[]): string {
  const parts: string[] = [];
  if (sections.includes('basic')) parts.push('基本信息');
  if (sections.includes('money'))
    parts.push(fields.some((f) => f.role === 'investment') ? '投资与资金来源' : '资金来源');
  if (sections.includes('narrative')) {
    const long = fields.filter((f) => f.type === 'long_text');
    parts.push(long.length === 1 ? long[0]!.label : '建设内容');
  }
  return parts.join('、');
}

/** Splits a list of fields into chunks of at most MAX_INPUTS_PER_STEP inputs, in order. */
function chunk(fields: FieldSpec[]): FieldSpec[][] {
  const out: FieldSpec[][] = [];
  let cur: FieldSpec[] = [];
  for (const f of fields) {
    if (isAsked(f) && inputCount(cur) >= MAX_INPUTS_PER_STEP) {
      out.push(cur);
      cur = [];
    }
    cur.push(f);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

function fieldSteps(fields: FieldSpec[], idPrefix: string): FormStep[] {
  if (inputCount(fields) <= MAX_INPUTS_PER_STEP) {
    const secs = [...new Set(fields.map(sectionOf))];
    return [{ id: idPrefix, title: sectionTitle(secs, fields), fields }];
  }
  const basic = fields.filter((f) => sectionOf(f) === 'basic');
  const rest = fields.filter((f) => sectionOf(f) !== 'basic');
  const groups: FieldSpec[][] = [];
  if (basic.length > 0) groups.push(basic);
  if (inputCount(rest) <= MAX_INPUTS_PER_STEP) {
    if (rest.length > 0) groups.push(rest);
  } else {
    for (const s of ['money', 'narrative'] as const) {
      const part = rest.filter((f) => sectionOf(f) === s);
      if (part.length > 0) groups.push(part);
    }
  }
  const steps: FormStep[] = [];
  for (const g of groups) {
    for (const c of chunk(g)) {
      const secs = [...new Set(c.map(sectionOf))];
      steps.push({ id: `${idPrefix}${steps.length + 1}`, title: sectionTitle(secs, c), fields: c });
    }
  }
  return steps;
}

function buildSteps(fields: FieldSpec[], lineItems?: { columns: FieldSpec[]; rows: number }): FormStep[] {
  if (!lineItems) return fieldSteps(fields, 'details');
  // Line items first (the fund split and the 大写 follow from their total), then everything else.
  const asked = Math.max(1, inputCount(lineItems.columns));
  const perStep = Math.max(1, Math.floor(MAX_INPUTS_PER_STEP / asked));
  const steps: FormStep[] = [];
  for (let first = 1; first <= lineItems.rows; first += perStep) {
    const rows = Math.min(perStep, lineItems.rows - first + 1);
    const last = first + rows - 1;
    steps.push({
      id: `items${steps.length + 1}`,
      title: lineItems.rows > perStep ? `采购清单（第${first}–${last}项）` : '采购清单',
      fields: [],
      lineItems: { id: LINE_ITEMS_ID, columns: lineItems.columns, rows, firstRow: first },
    });
  }
  return [...steps, ...fieldSteps(fields, 'details')];
}

/** The form for declaring a project of `kindId` under `pack`. Throws on an unknown kind or form id. */
export function declarationForm(pack: RulePack, kindId: string): DeclarationForm {
  const kind = kindOf(pack, kindId);
  if (kind.form) {
    const def = pack.forms.find((f) => f.id === kind.form);
    if (!def) throw new Error(`${pack.id}: kind "${kindId}" names form "${kind.form}", which the pack does not have`);
    // The prescribed form's own fields, then what the pack's conditions need to know (not printed on the form).
    const fields = [
      ...def.fields.map((f) => fromFormField(f, def)).filter((f): f is FieldSpec => f !== null),
      ...factQuestions(pack, kindId).map(withDefaults),
    ];
    const lineItems = def.lineItems
      ? { columns: def.lineItems.columns.map((c) => fromColumn(c, def)), rows: def.lineItems.rows }
      : undefined;
    return {
      packId: pack.id,
      kindId,
      formId: def.id,
      title: def.title,
      kindLabel: kind.label,
      article: def.article,
      notes: def.notes,
      steps: buildSteps(fields, lineItems),
    };
  }
  return {
    packId: pack.id,
    kindId,
    title: `${pack.region.name}政务信息化项目申报（${kind.label}）`,
    kindLabel: kind.label,
    steps: buildSteps(baseFields(pack, kindId)),
  };
}

// ---------------------------------------------------------------------------------------------
// Keys and defaults

export function lineItemKey(lineItemsId: string, row: number, columnId: string): string {
  return `${lineItemsId}_${row}_${columnId}`;
}

/** Rows of a step's line items, 1-based. */
export function stepRows(step: FormStep): number[] {
  if (!step.lineItems) return [];
  const first = step.lineItems.firstRow ?? 1;
  return Array.from({ length: step.lineItems.rows }, (_, i) => first + i);
}

/** Every field of the form (line-item columns not included), in step order. */
export function allFields(form: DeclarationForm): FieldSpec[] {
  return form.steps.flatMap((s) => s.fields);
}

/** The line-item table of the form: its columns and all its rows. */
export function lineItemTable(form: DeclarationForm): { id: string; columns: FieldSpec[]; rows: number[] } | null {
  const steps = form.steps.filter((s) => s.lineItems);
  if (steps.length === 0) return null;
  const li = steps[0]!.lineItems!;
  return { id: li.id, columns: li.columns, rows: steps.flatMap(stepRows) };
}

/** The value keys a step's inputs submit, in card order. */
export function stepKeys(step: FormStep): string[] {
  const keys: string[] = [];
  if (step.lineItems) {
    const li = step.lineItems;
    for (const r of stepRows(step)) for (const c of li.columns) if (isAsked(c)) keys.push(lineItemKey(li.id, r, c.id));
  }
  for (const f of step.fields) if (isAsked(f)) keys.push(f.id);
  return keys;
}

/** The index of the step that asks `key` (a field id or a line-item cell key), or -1. */
export function stepOfKey(form: DeclarationForm, key: string): number {
  return form.steps.findIndex((s) => stepKeys(s).includes(key) || s.fields.some((f) => f.id === key));
}

/** The first step holding one of the errors' keys (to send the user back to it), or -1. */
export function firstStepWithError(form: DeclarationForm, errors: Record<string, string>): number {
  const steps = Object.keys(errors)
    .map((k) => stepOfKey(form, k))
    .filter((i) => i >= 0);
  return steps.length === 0 ? -1 : Math.min(...steps);
}

/**
 * Initial values: the unit and region from the directory, dates today (Asia/Shanghai, passed in),
 * everything else blank. Keys are field ids and line-item cell keys.
 */
export function defaultValues(
  form: DeclarationForm,
  ctx: { unitName: string; regionName: string; today: LocalDate },
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const step of form.steps) {
    for (const key of stepKeys(step)) values[key] = '';
    for (const f of step.fields) {
      if (f.computed) continue;
      if (f.role === 'unit') values[f.id] = ctx.unitName;
      else if (f.role === 'region') values[f.id] = ctx.regionName;
      else if (f.type === 'date') values[f.id] = ctx.today;
      else values[f.id] ??= '';
    }
  }
  return values;
}
