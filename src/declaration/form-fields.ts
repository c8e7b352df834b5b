/**
 * What the form asks in each field of a prescribed form (金寨 附件1/附件2), read from the parsed
 * FormDefinition: the field's role (unit, investment, fund …), its length limit and placeholder, and
 * which of the form's 说明 lines a phone still needs. Stamp and signature cells are left to paper, and
 * so are the 说明 lines about the paper itself (盖章, 字体).
 */
import type { FormDefinition, FormField } from '../rules/types.js';
import type { FieldRole, FieldSpec } from './types.js';

/** An input's hard limit on the card (Card JSON 2.0 `max_length` ≤ 1000). */
export const MAX_TEXT_CHARS = 1000;

/** A 说明 line about the paper (who stamps it, the typeface): nothing to do on a phone. */
const PAPER_NOTE = /盖章|签字|签名|字体|字号|宋体|仿宋|黑体|打印|一式/;

const unnumbered = (n: string) => n.replace(/^\d+[.．、]\s*/, '');

/** The form's 说明 lines about a field: those that name it, or give its length limit. */
function notesOf(f: FormField, def: FormDefinition): string[] {
  return def.notes.filter(
    (n) =>
      n.includes(`“${f.label}”`) || (f.maxChars !== undefined && n.includes('字数') && n.includes(String(f.maxChars))),
  );
}

/** The 说明 lines the card still shows: not about a field (those go with it or its placeholder), not about the paper. */
export function phoneNotes(def: FormDefinition): string[] {
  const aboutFields = new Set(def.fields.flatMap((f) => notesOf(f, def)));
  return def.notes.filter((n) => !aboutFields.has(n) && !PAPER_NOTE.test(n)).map(unnumbered);
}

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
    // A label that carries its unit (投资额（万元）) is not told it again.
    case 'money_wan':
      return /万元/.test(f.label) ? '如 12.5' : '单位：万元，如 12.5';
    case 'money_yuan':
      return /元/.test(f.label) ? '如 5000' : '单位：元，如 5000';
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

export function withDefaults(f: FieldSpec): FieldSpec {
  const maxChars = f.maxChars ?? defaultMaxChars(f.type, f.label, f.role);
  const out: FieldSpec = { ...f };
  if (maxChars !== undefined) out.maxChars = maxChars;
  const placeholder = f.placeholder ?? placeholderOf(out);
  if (placeholder !== undefined) out.placeholder = placeholder;
  return out;
}

export function fromFormField(f: FormField, def: FormDefinition): FieldSpec | null {
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
  // The form's 说明 lines about the field, unless its placeholder already says them (不超过200字, 如 2026年03月至…).
  const help = notesOf(f, def).filter((n) => !(/字数/.test(n) || (f.type === 'month_range' && /年.*月至/.test(n))));
  if (help.length > 0) spec.help = help.map(unnumbered).join('；');
  return withDefaults(spec);
}

export function fromColumn(f: FormField, def: FormDefinition): FieldSpec {
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
