/**
 * 金寨's two attached forms (金政办秘〔2022〕46号 附件1, 附件2), parsed from the tab-separated table
 * cells of the shipped text rather than retyped.
 *
 * Why not `attachmentCells` from articles.ts: it flattens the table into one list of non-empty
 * strings. That drops the empty cells (the value slots that tell a label from the cell it labels),
 * the row boundaries (needed to see that the blank first cell of a row continues the 资金渠道 group,
 * and that the lone （盖章） row belongs to 项目主管部门意见 above it) and the cell boundaries of
 * multi-line cells (`项目实施` / `依据及主要` / `内容` is ONE cell, `单 价` / `(元）` is one header).
 * So this module reads the table itself: a line starting with a tab opens a cell, a blank line
 * followed by a tab ends a row, a line without a tab continues the cell above it, and from
 * `说明：` on every line is a note. The test checks that the non-empty cells found here are exactly
 * the cells `attachmentCells` finds.
 *
 * Labels are cleaned (whitespace removed: `负 责 人` → `负责人`; parentheses made full-width:
 * `单 价(元）` → `单价（元）`), and a unit cell right after a label is joined to it
 * (`投资额` + `（万元）` → `投资额（万元）`). Field types are inferred from the label, the cell
 * after it and the form's 说明 lines (see `inferField`); only the English field ids are ours.
 */
import type { FormDefinition, FormField } from '../types.js';
import { text } from '../texts/jinzhai-2022.js';

/** One attached form as the text lays it out. */
export interface AnnexTable {
  annex: string; // 附件1
  title: string; // 金寨县政务信息化建设项目申报表
  /** Table rows; each cell's text with the layout whitespace kept ('' = an empty cell). */
  rows: string[][];
  /** The 说明 lines, without the `说明：` heading. */
  notes: string[];
}

/** Reads the table of `annex` ('附件1', '附件2') from the raw text. */
export function parseAnnexTable(raw: string, annex: string): AnnexTable {
  const src = raw.replace(/\r\n?/g, '\n');
  const start = src.indexOf(`${annex}\n`, src.lastIndexOf('附件：'));
  if (start < 0) throw new Error(`${annex} not found`);
  const next = src.indexOf('\n附件', start + annex.length);
  const lines = src
    .slice(start, next < 0 ? undefined : next)
    .split('\n')
    .slice(1);

  let title = '';
  const rows: string[][] = [];
  const notes: string[] = [];
  let row: string[] | null = null;
  let blankSinceCell = false;
  let inNotes = false;

  for (const line of lines) {
    const blank = line.replace(/[\s\u3000]+/g, '') === '' && !line.includes('\t');
    if (blank) {
      blankSinceCell = true;
      continue;
    }
    if (inNotes || /^[\s\u3000]*说明[：:]/.test(line)) {
      inNotes = true;
      const note = line.replace(/^[\s\u3000]*说明[：:]/, '').trim();
      if (note) notes.push(note);
      continue;
    }
    if (line.startsWith('\t')) {
      if (!row || blankSinceCell) {
        row = [];
        rows.push(row);
      }
      row.push(line.slice(1));
      blankSinceCell = false;
      continue;
    }
    if (!row) {
      if (!title) title = line.trim();
      continue;
    }
    // A line without a tab continues the cell above it (`项目实施` / `依据及主要` / `内容`).
    row[row.length - 1] += `\n${line}`;
    blankSinceCell = false;
  }
  if (!title) throw new Error(`${annex}: no title`);
  return { annex, title, rows, notes };
}

/** Removes layout whitespace and makes parentheses full-width, as the rest of the text writes them. */
export function cleanLabel(cell: string): string {
  return cell
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

type Cell =
  | { kind: 'slot' } // an empty cell to fill in
  | { kind: 'unit'; unit: string } // （万元）: a cell to fill in, the unit printed in it
  | { kind: 'stamp' } // （盖章）
  | { kind: 'label'; label: string }
  | { kind: 'inline'; raw: string }; // `申请单位名称：   日期：  年  月  日`: labels with their blanks

function classify(cell: string): Cell {
  const c = cleanLabel(cell);
  if (c === '') return { kind: 'slot' };
  if (c === '（盖章）') return { kind: 'stamp' };
  const unit = /^（(万元|元)）$/.exec(c);
  if (unit) return { kind: 'unit', unit: unit[1]! };
  if (c.includes('：')) return { kind: 'inline', raw: cell };
  return { kind: 'label', label: c };
}

/** A field as found in the table, before it gets an id and a type. */
export interface FoundField {
  label: string;
  /** 万元 / 元 when the cell or the label prints a unit. */
  unit?: string;
  /** What the blank to fill in already shows (`年`, `月`, `日`). */
  placeholders: string[];
  stamp: boolean;
  /** The header above it (资金渠道). */
  group?: string;
}

export interface FoundForm {
  title: string;
  fields: FoundField[];
  lineItems?: { columns: FoundField[]; rows: number };
  notes: string[];
}

function unitOfLabel(label: string): string | undefined {
  return /（(万元|元)）$/.exec(label)?.[1];
}

/** `经办人签名（联系电话）：   单位意见：（盖章）\n  单位负责人签名：` → three fields. */
function inlineFields(raw: string): FoundField[] {
  const fields: FoundField[] = [];
  const segments = raw
    .split(/\n|[ \u3000]{2,}/)
    .map(cleanLabel)
    .filter((s) => s.length > 0);
  for (const segment of segments) {
    for (const part of segment.split(/(?<=：)/)) {
      if (part.endsWith('：')) {
        const label = part.slice(0, -1);
        fields.push({ label, unit: unitOfLabel(label), placeholders: [], stamp: label.includes('盖章') });
      } else {
        const last = fields[fields.length - 1];
        if (!last) throw new Error(`text before any label: ${part}`);
        if (part === '（盖章）') {
          last.label += part; // 单位意见：（盖章） → 单位意见（盖章）
          last.stamp = true;
        } else {
          last.placeholders.push(part);
        }
      }
    }
  }
  return fields;
}

/** Turns the table into fields: a label followed by a blank is a field, a label followed by a label heads a group. */
export function readForm(table: AnnexTable): FoundForm {
  const fields: FoundField[] = [];
  let lineItems: FoundForm['lineItems'];
  let group: string | undefined;

  for (let r = 0; r < table.rows.length; r++) {
    const cells = table.rows[r]!.map(classify);

    // A header row whose next rows are numbered 1, 2, 3 … is a line-item table.
    const numbered = (k: number) => cleanLabel(table.rows[r + k]?.[0] ?? '') === String(k);
    if (cells.every((c) => c.kind === 'label') && cells.length > 1 && numbered(1)) {
      let n = 1;
      while (numbered(n + 1)) n++;
      const columns = cells.map((c) => {
        const label = (c as { label: string }).label;
        return { label, unit: unitOfLabel(label), placeholders: [], stamp: false };
      });
      lineItems = { columns, rows: n };
      r += n;
      continue;
    }

    if (cells[0]?.kind !== 'slot') group = undefined; // a blank first cell continues the group above
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell.kind === 'inline') {
        fields.push(...inlineFields(cell.raw));
      } else if (cell.kind === 'label') {
        const next = cells[i + 1];
        if (next?.kind === 'label') {
          group = cell.label;
          continue;
        }
        const field: FoundField = { label: cell.label, unit: unitOfLabel(cell.label), placeholders: [], stamp: false };
        if (group) field.group = group;
        if (next?.kind === 'unit') {
          field.label += `（${next.unit}）`;
          field.unit = next.unit;
        }
        if (next?.kind === 'stamp') field.stamp = true;
        fields.push(field);
        if (next && next.kind !== 'inline') i++;
      } else if (cell.kind === 'stamp') {
        // The （盖章） corner of the cell above (附件1: 项目主管部门意见).
        const last = fields[fields.length - 1];
        if (!last) throw new Error('（盖章） before any field');
        last.stamp = true;
      }
      // A lone slot is the blank first cell of a continued group.
    }
  }
  return { title: table.title, fields, lineItems, notes: table.notes };
}

/**
 * The type of a field, from what the form prints:
 * 盖章/签名 → a stamp or signature cell; a （万元）/（元） unit → money; 电话 → phone; 邮箱 → email;
 * a 说明 line giving “<label>” as “202X年XX月至202X年XX月” → month_range; 日期 or a `年 月 日` blank
 * → date; 序号/数量 → integer; an amount of 资金 without a unit → money in the unit of the form's
 * other amounts; 依据/内容/理由 → long text, limited by the 说明 line's `字数控制在N字`.
 */
export function inferField(
  found: FoundField,
  notes: readonly string[],
  formUnit: string | undefined,
): Omit<FormField, 'id'> {
  const label = found.label;
  if (found.stamp || label.includes('签名')) return { label, type: 'text', stamp: true };
  const unit = found.unit ?? (/资金$/.test(label) ? formUnit : undefined);
  if (unit === '万元') return { label, type: 'money_wan' };
  if (unit === '元') return { label, type: 'money_yuan' };
  if (label.includes('电话')) return { label, type: 'phone' };
  if (label.includes('邮箱')) return { label, type: 'email' };
  if (notes.some((n) => n.includes(`“${label}”`) && /年.*月至.*年.*月/.test(n))) return { label, type: 'month_range' };
  if (label.includes('日期') || found.placeholders.join('') === '年月日') return { label, type: 'date' };
  if (label === '序号' || label === '数量') return { label, type: 'integer' };
  if (/依据|内容|理由/.test(label)) {
    const limit = notes.map((n) => /字数控制在(\d+)字/.exec(n)).find((m) => m);
    return limit ? { label, type: 'long_text', maxChars: Number(limit[1]) } : { label, type: 'long_text' };
  }
  return { label, type: 'text' };
}

/** Builds a FormDefinition from the text; `ids` names every label the form has (an unknown label throws). */
export function buildForm(
  raw: string,
  annex: string,
  spec: { id: string; article: number; ids: Record<string, string> },
): FormDefinition {
  const found = readForm(parseAnnexTable(raw, annex));
  const units = [...found.fields, ...(found.lineItems?.columns ?? [])]
    .map((f) => f.unit)
    .filter((u): u is string => !!u);
  const formUnit = units.length > 0 && units.every((u) => u === units[0]) ? units[0] : undefined;
  const toField = (f: FoundField): FormField => {
    const id = spec.ids[f.label];
    if (!id) throw new Error(`${annex}: no id for field ${f.label}`);
    return { id, ...inferField(f, found.notes, formUnit) };
  };
  const form: FormDefinition = {
    id: spec.id,
    title: found.title,
    fields: found.fields.map(toField),
    notes: found.notes,
    article: spec.article,
  };
  if (found.lineItems) {
    return { ...form, lineItems: { columns: found.lineItems.columns.map(toField), rows: found.lineItems.rows } };
  }
  return form;
}

/** 附件1 金寨县政务信息化建设项目申报表 (第五条). */
export const jinzhaiAnnex1: FormDefinition = buildForm(text, '附件1', {
  id: 'jinzhai-annex-1',
  article: 5,
  ids: {
    申请单位: 'applicant',
    申报日期: 'declared_on',
    负责人: 'head',
    联系人: 'contact',
    联系电话: 'phone',
    电子邮箱: 'email',
    项目名称: 'project_name',
    建设年度: 'construction_period',
    '投资额（万元）': 'investment_wan',
    '财政资金（万元）': 'funding_fiscal_wan',
    '单位自筹（万元）': 'funding_self_wan',
    '银行贷款（万元）': 'funding_bank_loan_wan',
    '其它（万元）': 'funding_other_wan',
    项目实施依据及主要内容: 'basis_and_content',
    项目主管部门意见: 'department_opinion',
  },
});

/** 附件2 金寨县行政事业单位办公电脑采购申报表 (第五条). */
export const jinzhaiAnnex2: FormDefinition = buildForm(text, '附件2', {
  id: 'jinzhai-annex-2',
  article: 5,
  ids: {
    申请单位名称: 'applicant',
    日期: 'date',
    序号: 'no',
    采购品目: 'item',
    规格型号: 'model',
    数量: 'quantity',
    '单价（元）': 'unit_price_yuan',
    '金额（元）': 'amount_yuan',
    '合计金额（大写）': 'total_in_words',
    购置依据或理由: 'reason',
    预算安排资金: 'budget_funds',
    财政专项资金: 'special_fiscal_funds',
    其他资金: 'other_funds',
    '经办人签名（联系电话）': 'handler_signature',
    '单位意见（盖章）': 'unit_opinion',
    单位负责人签名: 'unit_head_signature',
    '项目主管部门意见（盖章）': 'department_opinion',
  },
});

export const jinzhaiForms: readonly FormDefinition[] = [jinzhaiAnnex1, jinzhaiAnnex2];
