/**
 * What was declared, line by line, for the review card and the record: every field in form order
 * (a fund channel left blank left out),
 * the line items with their computed amounts, the total and 合计金额（大写）.
 */
import { chineseDate } from '../calendar.js';
import { formatYuan, toChineseCapital } from '../money.js';
import { amountFen, lineItems, showAmount } from './amounts.js';
import { allFields } from './form.js';
import type { DeclarationForm, FieldSpec } from './types.js';

export interface DeclarationSummary {
  name: string;
  /** The investment (or the line items' total), in 元; 0 when not known yet. May have 分 for a line-item total. */
  investmentYuan: number;
  /** The fund channels that count as 财政资金, in 元. */
  fiscalFundsYuan: number;
  lines: { label: string; value: string }[];
}

/** The investment in 分: the investment field, or the line items' total; null when not known. */
export function investmentFen(form: DeclarationForm, values: Record<string, string>): number | null {
  const inv = allFields(form).find((f) => f.role === 'investment');
  if (inv) return amountFen(inv, values[inv.id]);
  const items = lineItems(form, values);
  return items && items.rows.length > 0 ? items.totalFen : null;
}

/** The 财政资金 channels in 分 (a blank channel is 0); null when the form has no fiscal channel. */
export function fiscalFundsFen(form: DeclarationForm, values: Record<string, string>): number | null {
  const fiscal = allFields(form).filter((f) => f.role === 'fiscal_fund');
  if (fiscal.length === 0) return null;
  return fiscal.reduce((n, f) => n + (amountFen(f, values[f.id]) ?? 0), 0);
}

/** A field's value as people read it (amounts with their unit, dates in Chinese, 是/否, option labels). */
export function displayValue(f: FieldSpec, value: string): string {
  const v = value.trim();
  switch (f.type) {
    case 'money_wan':
    case 'money_yuan': {
      const fen = amountFen(f, v);
      if (fen === null) return v === '' && (f.role === 'fund' || f.role === 'fiscal_fund') ? showAmount(0, f.type) : v;
      return showAmount(fen, f.type);
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) ? chineseDate(v) : v;
    case 'boolean':
      return v === 'true' ? '是' : v === 'false' ? '否' : v;
    case 'select':
      return f.options?.find((o) => o.value === v)?.label ?? v;
    default:
      return v;
  }
}

export function summarise(form: DeclarationForm, values: Record<string, string>): DeclarationSummary {
  const lines: { label: string; value: string }[] = [{ label: '项目类型', value: form.kindLabel }];
  const items = lineItems(form, values);
  let itemsShown = false;
  for (const step of form.steps) {
    if (step.lineItems && items && !itemsShown) {
      itemsShown = true;
      const textCols = items.columns.filter((c) => !c.computed && c.role === 'item');
      const qty = items.columns.find((c) => c.role === 'quantity');
      const price = items.columns.find((c) => c.role === 'unit_price');
      for (const r of items.rows) {
        const parts = textCols.map((c) => r.cells[c.id] ?? '').filter((s) => s !== '');
        const q = qty ? (r.quantity !== null ? String(r.quantity) : (r.cells[qty.id] ?? '')) : '';
        const p = price
          ? r.unitPriceFen !== null
            ? `${formatYuan(r.unitPriceFen)}元`
            : (r.cells[price.id] ?? '')
          : '';
        const amount = r.amountFen !== null ? ` = ${formatYuan(r.amountFen)}元` : '';
        parts.push(`${q} × ${p}${amount}`);
        lines.push({ label: `第${r.row}项`, value: parts.join('｜') });
      }
      lines.push({ label: '合计金额（元）', value: `${formatYuan(items.totalFen)}元` });
    }
    for (const f of step.fields) {
      if (f.role === 'total_in_words') {
        lines.push({ label: f.label, value: items ? toChineseCapital(items.totalFen) : '' });
        continue;
      }
      // A fund channel left blank is 0: not worth a line (投资额 and the channels used say it all).
      if ((f.role === 'fund' || f.role === 'fiscal_fund') && (values[f.id] ?? '').trim() === '') continue;
      // 投资额：80万元, not 投资额（万元）：80万元 — the value carries its unit.
      const money = f.type === 'money_wan' || f.type === 'money_yuan';
      lines.push({
        label: money ? f.label.replace(/[（(](万元|元)[）)]\s*$/, '').trim() : f.label,
        value: displayValue(f, values[f.id] ?? ''),
      });
    }
  }

  const named = allFields(form).find((f) => f.role === 'project_name');
  let name = named ? (values[named.id] ?? '').trim() : '';
  if (!name && items && items.rows.length > 0) {
    const itemCol = items.columns.find((c) => c.role === 'item');
    const first = itemCol ? items.rows[0]!.cells[itemCol.id] : '';
    name = `${form.kindLabel}（${first}${items.rows.length > 1 ? `等${items.rows.length}项` : ''}）`;
  }
  if (!name) name = form.kindLabel;

  const inv = investmentFen(form, values);
  const fiscal = fiscalFundsFen(form, values);
  return {
    name,
    investmentYuan: inv === null ? 0 : inv / 100,
    fiscalFundsYuan: fiscal === null ? 0 : fiscal / 100,
    lines,
  };
}
