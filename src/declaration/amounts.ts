/**
 * Amounts of a declaration, exactly (integers, through `../money.ts`): fund channels, the investment,
 * and the line items of a purchase form (row amount = 数量 × 单价, total, 合计金额（大写）).
 */
import { formatWan, formatYuan, parseWan, parseYuan } from '../money.js';
import { lineItemKey, lineItemTable } from './form.js';
import type { DeclarationForm, FieldSpec } from './types.js';

/** A money field's value in 分, or null when blank or not an amount. */
export function amountFen(f: Pick<FieldSpec, 'type'>, value: string | undefined): number | null {
  const s = (value ?? '').trim();
  if (s === '') return null;
  if (f.type === 'money_wan') {
    const r = parseWan(s);
    return r.ok ? r.yuan * 100 : null;
  }
  if (f.type === 'money_yuan') {
    const r = parseYuan(s);
    return r.ok ? r.fen : null;
  }
  return null;
}

/** An amount in 分 shown in the unit of `type`: 12.5万元 / 12,300.00元 (万元 only when it is a whole 元). */
export function showAmount(fen: number, type: FieldSpec['type']): string {
  if (type === 'money_wan' && fen % 100 === 0) return `${formatWan(fen / 100)}万元`;
  return `${formatYuan(fen)}元`;
}

/** Half-width digits; '' when not a whole number. */
export function parseCount(value: string | undefined): number | null {
  const s = (value ?? '').trim().replace(/[\uFF10-\uFF19]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  if (!/^\d{1,9}$/.test(s)) return null;
  return Number(s);
}

export interface LineItemRow {
  row: number;
  /** Column id → the value typed (asked columns only). */
  cells: Record<string, string>;
  quantity: number | null;
  unitPriceFen: number | null;
  /** 数量 × 单价 in 分, when both are valid. */
  amountFen: number | null;
}

export interface LineItems {
  columns: FieldSpec[];
  /** Rows with anything typed in them. */
  rows: LineItemRow[];
  /** Sum of the row amounts that could be computed, in 分. */
  totalFen: number;
  /** Every filled row has a computed amount. */
  complete: boolean;
}

/** The filled rows of the form's line items, with amounts; null when the form has none. */
export function lineItems(form: DeclarationForm, values: Record<string, string>): LineItems | null {
  const table = lineItemTable(form);
  if (!table) return null;
  const qty = table.columns.find((c) => c.role === 'quantity');
  const price = table.columns.find((c) => c.role === 'unit_price');
  const rows: LineItemRow[] = [];
  for (const r of table.rows) {
    const cells: Record<string, string> = {};
    let filled = false;
    for (const c of table.columns) {
      if (c.computed) continue;
      const v = (values[lineItemKey(table.id, r, c.id)] ?? '').trim();
      cells[c.id] = v;
      if (v !== '') filled = true;
    }
    if (!filled) continue;
    const quantity = qty ? parseCount(cells[qty.id]) : null;
    const unitPriceFen = price ? amountFen(price, cells[price.id]) : null;
    const amount = quantity !== null && unitPriceFen !== null ? quantity * unitPriceFen : null;
    rows.push({
      row: r,
      cells,
      quantity,
      unitPriceFen,
      amountFen: amount !== null && Number.isSafeInteger(amount) ? amount : null,
    });
  }
  const totalFen = rows.reduce((n, r) => n + (r.amountFen ?? 0), 0);
  return { columns: table.columns, rows, totalFen, complete: rows.every((r) => r.amountFen !== null) };
}
