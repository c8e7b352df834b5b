/**
 * Validation of what the user typed, with zod; every message is Chinese and names the field and
 * what is wrong. A step is validated on its own (`validateStep`, from the card's `form_value`);
 * the whole declaration again before review (`validateDeclaration`, with the checks that span
 * steps: fund channels against a line-item total, at least one line item, 建设年度 against the
 * declaration date). A rejected step keeps everything the user typed.
 */
import { z } from 'zod';
import { chineseDate, todayInShanghai } from '../calendar.js';
import { formatWan, parseWan, parseYuan } from '../money.js';
import { amountFen, lineItems, showAmount } from './amounts.js';
import { allFields, isAsked, lineItemKey, stepRows } from './form.js';
import { formatMonthRange, monthIndex, parseMonthRange } from './month-range.js';
import type { DeclarationForm, FieldSpec, FormStep } from './types.js';

// ---------------------------------------------------------------------------------------------
// form_value → strings

/**
 * One value of a card's `action.form_value` as a string. Lark sends strings for input and
 * select_static (the option's value), a boolean for checker, a string array for
 * multi_select_static, and for date_picker the date with the user's offset ("2026-03-15 +0800");
 * picker_datetime adds the time. Dates keep only `YYYY-MM-DD` (a number is taken as epoch
 * milliseconds and read in Asia/Shanghai).
 */
export function formValueString(f: Pick<FieldSpec, 'type'> | undefined, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (f?.type === 'date' && v > 1e11) return todayInShanghai(new Date(v));
    return String(v);
  }
  if (Array.isArray(v))
    return v
      .map((x) => formValueString(undefined, x))
      .filter((x) => x !== '')
      .join(',');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['value', 'option', 'text', 'content'])
      if (typeof o[k] === 'string') return formValueString(f, o[k]);
    return '';
  }
  const s = String(v);
  if (f?.type === 'date') {
    const m = /^\s*(\d{4}-\d{2}-\d{2})/.exec(s);
    if (m) return m[1]!;
  }
  return s;
}

/** The field (or line-item column) behind every input key of a step. */
function stepInputs(step: FormStep): { key: string; field: FieldSpec; label: string; row?: number }[] {
  const out: { key: string; field: FieldSpec; label: string; row?: number }[] = [];
  if (step.lineItems) {
    const li = step.lineItems;
    for (const r of stepRows(step)) {
      for (const c of li.columns)
        if (isAsked(c)) out.push({ key: lineItemKey(li.id, r, c.id), field: c, label: `第${r}项${c.label}`, row: r });
    }
  }
  for (const f of step.fields) if (isAsked(f)) out.push({ key: f.id, field: f, label: f.label });
  return out;
}

/**
 * The step's values from a card's `form_value`, as strings, without validating them (for 保存草稿
 * and 上一步). Only the step's own inputs are read: readonly and computed fields, and keys the
 * step does not have, are ignored.
 */
export function collectStepValues(
  form: DeclarationForm,
  stepIndex: number,
  input: Record<string, unknown>,
): Record<string, string> {
  const step = form.steps[stepIndex];
  if (!step) throw new Error(`form ${form.packId}/${form.kindId} has no step ${stepIndex}`);
  const values: Record<string, string> = {};
  for (const { key, field } of stepInputs(step)) values[key] = formValueString(field, input[key]);
  return values;
}

// ---------------------------------------------------------------------------------------------
// Field rules

/**
 * Characters as a reader counts them: Unicode code points (`Array.from`), so 200字 is 200 汉字
 * whatever their UTF-8 size (4 bytes for CJK Extension B), and an emoji is one character. Code
 * points rather than grapheme clusters keep the card's bytes bounded: one cluster can join any
 * number of code points (ZWJ sequences), which would let a 1000-character limit exceed 30 KB.
 */
export function charCount(s: string): number {
  return Array.from(s).length;
}

const MOBILE = /^1[3-9]\d{9}$/;

/** 13800000000, 138 0000 0000, +86 138…, 0564-5222333, (0564)5222333, 010-12345678-801 → normalised, or null. */
export function normalisePhone(input: string): string | null {
  let s = input
    .replace(/[\uFF10-\uFF19\uFF08\uFF09\uFF0D]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .trim();
  s = s.replace(/[\s\u3000]+/g, '').replace(/[—–－]/g, '-');
  const mobile = s.replace(/^(\+?86)-?/, '').replace(/-/g, '');
  if (MOBILE.test(mobile) && !/^0/.test(s)) return mobile;
  const land = /^\(?(0\d{2,3})\)?-?(\d{7,8})(?:-(\d{1,6}))?$/.exec(s);
  if (land) {
    let area = land[1]!;
    let local = land[2]!;
    // Without a separator the split is ambiguous: 010 and 02X are the only 3-digit area codes.
    if (!/[-)]/.test(s)) {
      const digits = area + local;
      area = /^0(10|2\d)/.test(digits) ? digits.slice(0, 3) : digits.slice(0, 4);
      local = digits.slice(area.length);
      if (local.length < 7 || local.length > 8) return null;
    } else if (/^0(10|2\d)$/.test(area) === false && area.length === 3) {
      return null;
    }
    return `${area}-${local}${land[3] ? `-${land[3]}` : ''}`;
  }
  return null;
}

function plainFen(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`.replace(/\.00$/, '');
}

type Ctx = z.RefinementCtx;

/** The zod schema of one input: string in, canonical string out, Chinese messages naming `label`. */
function fieldSchema(f: FieldSpec, label: string, required: boolean): z.ZodType<string, string> {
  return z.string().transform((raw: string, ctx: Ctx): string => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    const s = raw.trim();
    if (s === '') {
      if (!required) return '';
      const pick = f.type === 'select' || f.type === 'boolean' || f.type === 'date';
      return fail(pick ? `请选择${label}` : `请填写${label}`);
    }
    if (f.maxChars !== undefined && charCount(s) > f.maxChars) {
      return fail(`${label}不能超过${f.maxChars}字（现为${charCount(s)}字）`);
    }
    switch (f.type) {
      case 'text':
      case 'long_text':
        return s;
      case 'phone': {
        const p = normalisePhone(s);
        return p ?? fail(`${label}格式不正确：应为11位手机号（如13800000000）或带区号的固定电话（如0564-5222333）`);
      }
      case 'email': {
        const r = z.email().safeParse(s);
        return r.success ? s : fail(`${label}格式不正确：应如 name@example.com`);
      }
      case 'money_wan': {
        const r = parseWan(s);
        if (!r.ok) return fail(`${label}：${r.error}${r.error === '不是有效金额' ? '（单位为万元，如 12.5）' : ''}`);
        if (f.role === 'investment' && r.yuan === 0) return fail(`${label}须大于0`);
        return formatWan(r.yuan);
      }
      case 'money_yuan': {
        const r = parseYuan(s);
        if (!r.ok) return fail(`${label}：${r.error}${r.error === '不是有效金额' ? '（单位为元，如 5000）' : ''}`);
        if (f.role === 'unit_price' && r.fen === 0) return fail(`${label}须大于0`);
        return plainFen(r.fen);
      }
      case 'integer': {
        const half = s.replace(/[\uFF10-\uFF19]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
        if (!/^\d+$/.test(half)) return fail(f.role === 'quantity' ? `${label}须为正整数` : `${label}须为整数`);
        const n = Number(half);
        if (f.role === 'quantity' && n < 1) return fail(`${label}须为正整数`);
        return String(n);
      }
      case 'date': {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
        const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
        if (!d || d.toISOString().slice(0, 10) !== s) return fail(`${label}不是有效日期（应如2026-03-15）`);
        return s;
      }
      case 'month_range': {
        const r = parseMonthRange(s);
        const example = f.withinOneYear ? '2026年03月至2026年12月' : '2026年03月至2027年06月';
        if (!r.ok) {
          if (r.reason === 'month') return fail(`${label}中的月份应为1至12月`);
          if (r.reason === 'order') return fail(`${label}的开始月份晚于结束月份`);
          return fail(`${label}格式不正确：应如“${example}”`);
        }
        const { from, to } = r.range;
        if (from.year < 2000 || to.year > 2100) return fail(`${label}的年份不正确：应如“${example}”`);
        if (f.withinOneYear && from.year !== to.year) {
          return fail(
            `${label}的起止月份须在同一年度内（如“2026年03月至2026年12月”），现为${from.year}年至${to.year}年`,
          );
        }
        return formatMonthRange(r.range);
      }
      case 'select':
      case 'boolean': {
        const options = f.options ?? [];
        return options.some((o) => o.value === s) ? s : fail(`${label}的选项无效，请重新选择`);
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules

function shortLabel(label: string): string {
  return label.replace(/（(万元|元)）$/, '');
}

/**
 * The fund channels must add up to the total (the investment field, or the line items' total).
 * Returns the error, keyed to the investment field when there is one, else to the last channel.
 */
function fundSumError(
  fields: readonly FieldSpec[],
  values: Record<string, string>,
  lineTotalFen: number | null,
): { key: string; message: string } | null {
  const channels = fields.filter((f) => f.role === 'fund' || f.role === 'fiscal_fund');
  if (channels.length === 0) return null;
  const total = fields.find((f) => f.role === 'investment');
  let totalFen: number | null;
  let totalLabel: string;
  if (total) {
    totalFen = amountFen(total, values[total.id]);
    totalLabel = shortLabel(total.label);
  } else {
    totalFen = lineTotalFen;
    totalLabel = '采购合计金额';
  }
  if (totalFen === null) return null;
  let sum = 0;
  for (const c of channels) {
    const v = values[c.id] ?? '';
    const fen = amountFen(c, v);
    if (fen === null && v.trim() !== '') return null; // its own error is shown
    sum += fen ?? 0;
  }
  if (sum === totalFen) return null;
  const unit = channels[0]!.type;
  const names = channels.map((c) => shortLabel(c.label)).join('、');
  const diff = Math.abs(totalFen - sum);
  const relation = sum < totalFen ? '少' : '多';
  const message = `${names}合计${showAmount(sum, unit)}，比${totalLabel}${showAmount(totalFen, unit)}${relation}${showAmount(diff, unit)}：资金来源各项之和应等于${totalLabel}`;
  return { key: total?.id ?? channels[channels.length - 1]!.id, message };
}

// ---------------------------------------------------------------------------------------------
// Steps and the whole declaration

type StepResult = { values: Record<string, string>; errors: Record<string, string> };

function checkStep(step: FormStep, raw: Record<string, string>, crossStep: boolean): StepResult {
  const inputs = stepInputs(step);
  // Which line-item rows have anything typed: only those are checked, and then every column is required.
  const filledRows = new Set<number>();
  for (const i of inputs) if (i.row !== undefined && (raw[i.key] ?? '').trim() !== '') filledRows.add(i.row);

  const shape: Record<string, z.ZodType<string, string>> = {};
  for (const i of inputs) {
    const required = i.row !== undefined ? filledRows.has(i.row) && i.field.required : i.field.required;
    shape[i.key] = fieldSchema(i.field, i.label, required);
  }
  const result = z.object(shape).safeParse(Object.fromEntries(inputs.map((i) => [i.key, raw[i.key] ?? ''])));
  const errors: Record<string, string> = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0]);
      errors[key] ??= issue.message;
    }
  }
  const values: Record<string, string> = {};
  for (const i of inputs) values[i.key] = result.success ? result.data[i.key]! : (raw[i.key] ?? '');

  // At least one line item, on the step holding the first row.
  if (step.lineItems && (step.lineItems.firstRow ?? 1) === 1 && filledRows.size === 0 && !crossStep) {
    const first = step.lineItems.columns.find((c) => isAsked(c));
    if (first) errors[lineItemKey(step.lineItems.id, 1, first.id)] = `请至少填写一项${first.label}`;
  }
  // Fund channels against the investment, when both are on this step.
  if (step.fields.some((f) => f.role === 'investment')) {
    const e = fundSumError(step.fields, { ...raw, ...values }, null);
    if (e && !errors[e.key]) errors[e.key] = e.message;
  }
  return { values, errors };
}

/**
 * Validates one step from the card's `form_value`. With `stored` (the draft's values so far) the
 * rules that reach into other steps are checked here too, as far as this step's fields are
 * concerned: 附件2's fund split against the line items' total on the step that asks the split.
 */
export function validateStep(
  form: DeclarationForm,
  stepIndex: number,
  input: Record<string, unknown>,
  stored?: Record<string, string>,
):
  | { ok: true; values: Record<string, string> }
  | { ok: false; values: Record<string, string>; errors: Record<string, string> } {
  const step = form.steps[stepIndex];
  if (!step) throw new Error(`form ${form.packId}/${form.kindId} has no step ${stepIndex}`);
  const raw = collectStepValues(form, stepIndex, input);
  const { values, errors } = checkStep(step, raw, false);
  const hasChannels = step.fields.some((f) => f.role === 'fund' || f.role === 'fiscal_fund');
  const hasTotal = allFields(form).some((f) => f.role === 'investment');
  if (stored && hasChannels && !hasTotal && Object.keys(errors).length === 0) {
    const all = { ...stored, ...values };
    const items = lineItems(form, all);
    if (items && items.rows.length > 0 && items.complete) {
      const e = fundSumError(allFields(form), all, items.totalFen);
      if (e) errors[e.key] = e.message;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, values: raw, errors };
  return { ok: true, values };
}

/**
 * Every step's rules again on the stored values, and the rules that span steps: the fund channels
 * against the line-item total, at least one line item, the directory fields present, and a
 * 建设年度/建设周期 that does not end before the declaration date.
 */
export function validateDeclaration(
  form: DeclarationForm,
  values: Record<string, string>,
): { ok: true } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  for (const step of form.steps) {
    const r = checkStep(step, values, true);
    for (const [k, m] of Object.entries(r.errors)) errors[k] ??= m;
  }
  const fields = allFields(form);
  for (const f of fields) {
    if (f.readonly && f.required && (values[f.id] ?? '').trim() === '') {
      errors[f.id] ??= `${f.label}缺失：未能从组织目录取得，请联系管理员登记`;
    }
  }
  const items = lineItems(form, values);
  if (items) {
    if (items.rows.length === 0) {
      const table = form.steps.find((s) => s.lineItems)!.lineItems!;
      const first = table.columns.find((c) => isAsked(c))!;
      errors[lineItemKey(table.id, table.firstRow ?? 1, first.id)] ??= `请至少填写一项${first.label}`;
    } else if (items.complete && !fields.some((f) => f.role === 'investment')) {
      const e = fundSumError(fields, values, items.totalFen);
      if (e) errors[e.key] ??= e.message;
    }
  }
  const declared = fields.find((f) => f.role === 'declared_on');
  const range = fields.find((f) => f.type === 'month_range');
  if (declared && range && !errors[range.id] && !errors[declared.id]) {
    const d = values[declared.id] ?? '';
    const r = parseMonthRange(values[range.id] ?? '');
    if (r.ok && /^\d{4}-\d{2}-\d{2}$/.test(d)) {
      const declaredMonth = { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)) };
      if (monthIndex(r.range.to) < monthIndex(declaredMonth)) {
        errors[range.id] =
          `${range.label}（${formatMonthRange(r.range)}）早于${declared.label}（${chineseDate(d)}）：应填写计划建设的月份`;
      }
    }
  }
  return Object.keys(errors).length === 0 ? { ok: true } : { ok: false, errors };
}
