/**
 * The shape of a declaration form as the bot asks it on the phone: a prescribed form of the pack
 * (金寨 附件1/附件2) or the base set of declaration fields plus the questions the pack's conditions
 * need. Pure data; `form.ts` builds it from a pack, `validate.ts` checks what the user typed.
 */
import type { FactName } from '../rules/types.js';

export type FieldType =
  | 'text'
  | 'long_text'
  | 'date'
  | 'phone'
  | 'email'
  | 'money_wan'
  | 'money_yuan'
  | 'integer'
  | 'month_range'
  | 'select'
  | 'boolean';

/**
 * What a field means to the bot, beyond its type (inferred from the form's labels, or set by the
 * base form):
 * - project_name: names the project (summary name, part of the text keyword conditions read);
 * - unit / region: filled from the directory, read-only;
 * - declared_on: the declaration date, defaults to today;
 * - investment: the total the fund channels add up to;
 * - fund / fiscal_fund: one fund channel (fiscal_fund counts as 财政资金);
 * - description: free text keyword conditions (`mentions`) read;
 * - total_in_words: 合计金额（大写）, computed from the line items;
 * - row_number / row_amount: line-item columns computed by the bot (序号, 金额 = 数量 × 单价);
 * - item / quantity / unit_price: the line-item columns asked.
 */
export type FieldRole =
  | 'project_name'
  | 'unit'
  | 'region'
  | 'declared_on'
  | 'investment'
  | 'fund'
  | 'fiscal_fund'
  | 'description'
  | 'total_in_words'
  | 'row_number'
  | 'row_amount'
  | 'item'
  | 'quantity'
  | 'unit_price';

export interface FieldSpec {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** Characters (graphemes), not bytes. */
  maxChars?: number;
  options?: { value: string; label: string }[];
  /** Shown, never asked (filled from the directory); a submitted value for it is ignored. */
  readonly?: boolean;
  help?: string;
  /** The article the field rests on (the form's article, or the article of the check that reads the fact). */
  article?: number;
  role?: FieldRole;
  /** Computed by the bot (序号, 金额, 合计金额（大写）): shown, never asked. */
  computed?: boolean;
  /** The engine fact a question answers (isSoftwareDevelopment …). */
  fact?: FactName;
  /** month_range: start and end must lie in one calendar year (“建设年度”). */
  withinOneYear?: boolean;
  placeholder?: string;
}

export interface FormStep {
  id: string;
  title: string;
  fields: FieldSpec[];
  /**
   * Line items shown in this step: rows `firstRow` … `firstRow + rows - 1` (1-based) of the form's
   * table. A cell's value key is `${id}_${row}_${column.id}` (see `lineItemKey`).
   */
  lineItems?: { id: string; columns: FieldSpec[]; rows: number; firstRow?: number };
}

export interface DeclarationForm {
  packId: string;
  kindId: string;
  /** The prescribed form's id (金寨 jinzhai-annex-1), when the region prescribes one for the kind. */
  formId?: string;
  title: string;
  kindLabel: string;
  /** The article that prescribes the form (第五条), when there is one. */
  article?: number;
  /** The prescribed form's 说明 lines a phone still needs (not the paper's, not those shown at a field). */
  notes?: readonly string[];
  steps: FormStep[];
}
