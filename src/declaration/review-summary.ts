/**
 * What a reviewer has to judge, taken from a declaration: what the project builds and on what basis
 * (项目实施依据及主要内容 / 建设内容), the amount by fund source, the construction period, the unit's
 * answers to the pack's compliance questions and, for a purchase form, its line items. Pure; the
 * approval cards and the opinion document show it.
 */
import { formatYuan } from '../money.js';
import { amountFen, lineItems } from './amounts.js';
import { allFields } from './form.js';
import { displayValue } from './summary.js';
import type { DeclarationForm } from './types.js';

export interface ReviewSummary {
  /** The description fields (建设内容 …), label and the unit's words. */
  content: { label: string; text: string }[];
  /** Each fund source with a non-zero amount, e.g. { label: '财政资金', value: '50万元' }. */
  funding: { label: string; value: string }[];
  /** 建设年度 / 建设周期 (month-range fields). */
  period: { label: string; value: string }[];
  /** The unit's answers to the questions the pack's conditions read (是否…). */
  answers: { label: string; value: string }[];
  /** Line items of a purchase form, one line each, and their total. */
  items: string[];
}

/** `财政资金（万元）` → `财政资金`: the value already carries its unit. */
export function labelWithoutUnit(label: string): string {
  return label.replace(/[（(](万元|元)[）)]\s*$/, '').trim();
}

export function reviewSummary(form: DeclarationForm, values: Record<string, string>): ReviewSummary {
  const out: ReviewSummary = { content: [], funding: [], period: [], answers: [], items: [] };
  for (const f of allFields(form)) {
    const raw = (values[f.id] ?? '').trim();
    if (f.role === 'description' || (f.type === 'long_text' && !f.computed)) {
      if (raw) out.content.push({ label: f.label, text: raw });
    } else if (f.role === 'fund' || f.role === 'fiscal_fund') {
      const fen = amountFen(f, raw);
      if (fen !== null && fen > 0) out.funding.push({ label: labelWithoutUnit(f.label), value: displayValue(f, raw) });
    } else if (f.type === 'month_range') {
      if (raw) out.period.push({ label: f.label, value: displayValue(f, raw) });
    } else if (f.fact && (f.type === 'boolean' || f.type === 'select')) {
      if (raw) out.answers.push({ label: f.label, value: displayValue(f, raw) });
    }
  }
  const items = lineItems(form, values);
  if (items && items.rows.length > 0) {
    const text = items.columns.filter((c) => !c.computed && c.role === 'item');
    for (const r of items.rows) {
      const what = text
        .map((c) => r.cells[c.id] ?? '')
        .filter((s) => s !== '')
        .join(' ');
      const amount = r.amountFen !== null ? `，${formatYuan(r.amountFen)}元` : '';
      out.items.push(`${what} × ${r.quantity ?? r.cells.quantity ?? ''}${amount}`);
    }
    out.items.push(`合计 ${formatYuan(items.totalFen)}元`);
  }
  return out;
}
