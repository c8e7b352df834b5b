/** The 申报表 as a Word document, cell for cell as the region's measures lay it out. */
import type { Paragraph, Table, TableRow } from 'docx';
import type { FormDefinition, LocalDate } from '../rules/types.js';
import { jinzhaiAnnex1, jinzhaiAnnex2, parseAnnexTable, readForm } from '../rules/forms/jinzhai-forms.js';
import { text as jinzhaiText } from '../rules/texts/jinzhai-2022.js';
import { articleLabel } from '../rules/articles.js';
import { chineseDate } from '../calendar.js';
import { formatWan, formatYuan, toChineseCapital } from '../money.js';
import { cell, columns, document, pack, paras, row, spanWidth, table, title } from './docx-kit.js';

/**
 * The declaration (申报表) as a .docx for printing, signing and stamping:
 *
 * - `jinzhaiAnnex1Docx`: 金寨 附件1 金寨县政务信息化建设项目申报表, cell for cell as the text lays it out;
 * - `jinzhaiAnnex2Docx`: 金寨 附件2 金寨县行政事业单位办公电脑采购申报表;
 * - `genericDeclarationDocx`: for regions whose measures prescribe no form.
 *
 * Labels, titles and notes of the 金寨 forms come from their `FormDefinition` (parsed from the shipped
 * text), looked up by field id; only the placement of each id is ours. Stamp and signature cells are
 * always left blank. All amounts arrive as integers (元 for 万元 fields, 分 for 元 fields, see money.ts)
 * and are formatted here. Every function returns the .docx bytes and runs on Node and on Workers.
 */

/** 金寨 附件1. Amounts in integer 元 (printed in 万元); an absent amount prints blank. */
export interface Annex1Data {
  applicant: string; // 申请单位
  /** 申报日期; absent → the blank `年 月 日` of the paper form. */
  declaredOn?: LocalDate;
  head: string; // 负责人
  contact: string; // 联系人
  phone: string; // 联系电话
  email: string; // 电子邮箱
  projectName: string; // 项目名称
  /** 建设年度 as the form asks it: “2024年03月至2024年12月”. */
  constructionPeriod: string;
  investmentYuan: number; // 投资额（万元）
  fiscalYuan?: number | null; // 资金渠道: 财政资金（万元）
  selfRaisedYuan?: number | null; // 单位自筹（万元）
  bankLoanYuan?: number | null; // 银行贷款（万元）
  otherYuan?: number | null; // 其它（万元）
  /** 项目实施依据及主要内容 (the form's 说明 limits it to 200 字; checked where it is entered, not here). */
  basisAndContent: string;
}

/** One line of 附件2. The 金额 is computed: quantity × unit price. */
export interface Annex2Item {
  item: string; // 采购品目
  model: string; // 规格型号
  quantity: number; // 数量 (a non-negative integer)
  unitPriceFen: number; // 单价（元）in integer 分
}

/** 金寨 附件2. Amounts in integer 分 (printed in 元). */
export interface Annex2Data {
  applicant: string; // 申请单位名称
  /** 日期; absent → the blank `年 月 日`. */
  date?: LocalDate;
  items: readonly Annex2Item[];
  reason: string; // 购置依据或理由
  budgetFundsFen?: number | null; // 预算安排资金
  specialFiscalFundsFen?: number | null; // 财政专项资金
  otherFundsFen?: number | null; // 其他资金
}

/** A declaration for a region without a prescribed form; every label is the caller's. */
export interface GenericDeclarationData {
  regionName: string; // 牡丹区
  /** The region's measures (pack.identity.title), cited with every article. */
  policyTitle: string;
  projectKind: string; // ProjectKind.label: 新建
  /** The declared fields in order, label | value (申报单位, 项目名称, 投资额（万元）…), formatted by the caller. */
  fields: readonly { label: string; value: string }[];
  /** The required materials (requiredMaterials) and whether each is attached. */
  materials: readonly { name: string; attached: boolean; article?: number }[];
  /** The compliance findings (runChecks). */
  findings: readonly { level: 'blocker' | 'warning'; message: string; article: number }[];
}

// ---------------------------------------------------------------------------------------------

const BLANK_DATE = '      年    月    日';

function label(form: FormDefinition, id: string): string {
  const field = form.fields.find((f) => f.id === id) ?? form.lineItems?.columns.find((f) => f.id === id);
  if (!field) throw new Error(`${form.id}: no field "${id}"`);
  return field.label;
}

function wan(yuan: number | null | undefined): string {
  return yuan === null || yuan === undefined ? '' : formatWan(yuan);
}

function yuanText(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '' : `${formatYuan(fen)}元`;
}

function dateText(d: LocalDate | undefined): string {
  return d ? chineseDate(d) : BLANK_DATE;
}

/** The 说明 lines under a form: `说明：1.…`, the following lines indented under the first. */
function notes(lines: readonly string[]): Paragraph[] {
  return lines.flatMap((line, i) => (i === 0 ? paras(`说明：${line}`) : paras(line, { indent: 630 })));
}

/**
 * The heading of the 资金渠道 group, from the same parsed table as the form (FormField has no group;
 * see the report: a `group` on FormField would make this lookup unnecessary).
 */
let annex1Found: ReturnType<typeof readForm> | undefined;
function groupHeading(form: FormDefinition, fieldId: string): string {
  const wanted = label(form, fieldId);
  annex1Found ??= readForm(parseAnnexTable(jinzhaiText, '附件1'));
  const found = annex1Found.fields.find((f) => f.label === wanted)?.group;
  if (!found) throw new Error(`${form.id}: field "${fieldId}" has no group heading`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// 附件1

/**
 * 金寨县政务信息化建设项目申报表 (附件1). Grid of five columns, as the 资金渠道 rows need:
 *
 *   申请单位 | value (2) | 申报日期 | value
 *   负责人 | … | 联系人 | …;   联系电话 | … | 电子邮箱 | …
 *   项目名称 | value (4)
 *   建设年度 | value (2) | 投资额（万元） | value
 *   资金渠道 (2 rows) | 财政资金（万元） | value | 单位自筹（万元） | value
 *                     | 银行贷款（万元） | value | 其它（万元） | value
 *   项目实施依据及主要内容 | value (4)
 *   项目主管部门意见 | blank (4) with （盖章）
 *   说明 …
 */
export async function jinzhaiAnnex1Docx(data: Annex1Data, form: FormDefinition = jinzhaiAnnex1): Promise<Uint8Array> {
  const cols = columns(1300, 1900, 1800, 1900);
  const w = (from: number, span = 1) => spanWidth(cols, from, span);
  const L = (id: string) => label(form, id);
  const lbl = (text: string, from: number, span = 1) => cell(text, { width: w(from, span), span, align: 'center' });
  const val = (text: string, from: number, span = 1) => cell(text, { width: w(from, span), span, align: 'left' });

  const pair = (l1: string, v1: string, l2: string, v2: string): TableRow =>
    row([lbl(l1, 0), val(v1, 1, 2), lbl(l2, 3), val(v2, 4)]);
  const heading = groupHeading(form, 'funding_fiscal_wan');

  const rows: TableRow[] = [
    pair(L('applicant'), data.applicant, L('declared_on'), dateText(data.declaredOn)),
    pair(L('head'), data.head, L('contact'), data.contact),
    pair(L('phone'), data.phone, L('email'), data.email),
    row([lbl(L('project_name'), 0), val(data.projectName, 1, 4)]),
    pair(L('construction_period'), data.constructionPeriod, L('investment_wan'), wan(data.investmentYuan)),
    row([
      cell(heading, { width: w(0), rowSpan: 2, align: 'center' }),
      lbl(L('funding_fiscal_wan'), 1),
      val(wan(data.fiscalYuan), 2),
      lbl(L('funding_self_wan'), 3),
      val(wan(data.selfRaisedYuan), 4),
    ]),
    row([
      lbl(L('funding_bank_loan_wan'), 1),
      val(wan(data.bankLoanYuan), 2),
      lbl(L('funding_other_wan'), 3),
      val(wan(data.otherYuan), 4),
    ]),
    row(
      [
        lbl(L('basis_and_content'), 0),
        cell(data.basisAndContent, { width: w(1, 4), span: 4, align: 'both', valign: 'top' }),
      ],
      4536,
    ),
    row(
      [
        lbl(L('department_opinion'), 0),
        // Left blank for the 主管部门's opinion; only the form's own （盖章） corner is printed.
        cell('（盖章）', { width: w(1, 4), span: 4, align: 'right', valign: 'bottom' }),
      ],
      2835,
    ),
  ];

  const body: (Paragraph | Table)[] = [...title(form.title), table(cols, rows), ...paras(''), ...notes(form.notes)];
  return pack(document(form.title, body));
}

// ---------------------------------------------------------------------------------------------
// 附件2

function lineAmount(item: Annex2Item): number {
  if (!Number.isSafeInteger(item.quantity) || item.quantity < 0)
    throw new RangeError(`数量 must be a non-negative integer, got ${item.quantity}`);
  const amount = item.quantity * item.unitPriceFen;
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`金额 out of range: ${item.quantity} × ${item.unitPriceFen} 分`);
  return amount;
}

/** 合计金额 of 附件2 in integer 分: the sum of quantity × unit price over the items. */
export function annex2Total(items: readonly Annex2Item[]): number {
  const total = items.reduce((sum, it) => sum + lineAmount(it), 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('合计金额 out of range');
  return total;
}

/**
 * 金寨县行政事业单位办公电脑采购申报表 (附件2). Grid of the six line-item columns:
 *
 *   申请单位名称：… (4) | 日期：… (2)
 *   序号 | 采购品目 | 规格型号 | 数量 | 单价（元） | 金额（元）
 *   1 … max(6, items) rows, numbered as the form is
 *   合计金额（大写） (2) | 大写 of the total (4)
 *   购置依据或理由：… (6)
 *   预算安排资金：… (2) | 财政专项资金：… (2) | 其他资金：… (2)
 *   经办人签名（联系电话）： (3) | 单位意见（盖章）： … 单位负责人签名： (3)   — blank
 *   项目主管部门意见（盖章）： (6)                                          — blank
 */
export async function jinzhaiAnnex2Docx(data: Annex2Data, form: FormDefinition = jinzhaiAnnex2): Promise<Uint8Array> {
  const cols = columns(700, 1900, 2326, 900, 1600);
  const w = (from: number, span = 1) => spanWidth(cols, from, span);
  const L = (id: string) => label(form, id);
  const itemColumns = form.lineItems?.columns ?? [];
  if (itemColumns.length !== cols.length)
    throw new Error(`${form.id}: expected ${cols.length} line-item columns, found ${itemColumns.length}`);
  const lineCount = Math.max(form.lineItems?.rows ?? 0, data.items.length);

  const header = row(itemColumns.map((c, i) => cell(c.label, { width: w(i), align: 'center' })));
  const lines: TableRow[] = [];
  for (let i = 0; i < lineCount; i++) {
    const it = data.items[i];
    const values = it
      ? [String(i + 1), it.item, it.model, String(it.quantity), formatYuan(it.unitPriceFen), formatYuan(lineAmount(it))]
      : [String(i + 1), '', '', '', '', ''];
    const align = ['center', 'left', 'left', 'center', 'right', 'right'] as const;
    lines.push(row(values.map((v, c) => cell(v, { width: w(c), align: align[c] }))));
  }

  const labelled = (id: string, value: string) => `${L(id)}：${value}`;
  const rows: TableRow[] = [
    row([
      cell(labelled('applicant', data.applicant), { width: w(0, 4), span: 4 }),
      cell(labelled('date', dateText(data.date)), { width: w(4, 2), span: 2 }),
    ]),
    header,
    ...lines,
    row([
      cell(L('total_in_words'), { width: w(0, 2), span: 2, align: 'center' }),
      cell(toChineseCapital(annex2Total(data.items)), { width: w(2, 4), span: 4 }),
    ]),
    row([cell(labelled('reason', data.reason), { width: w(0, 6), span: 6, align: 'both', valign: 'top' })], 1701),
    row([
      cell(labelled('budget_funds', yuanText(data.budgetFundsFen)), { width: w(0, 2), span: 2 }),
      cell(labelled('special_fiscal_funds', yuanText(data.specialFiscalFundsFen)), { width: w(2, 2), span: 2 }),
      cell(labelled('other_funds', yuanText(data.otherFundsFen)), { width: w(4, 2), span: 2 }),
    ]),
    // Signature and stamp cells: the labels only, the space below left for pen and seal.
    row(
      [
        cell(`${L('handler_signature')}：`, { width: w(0, 3), span: 3, valign: 'top' }),
        cell(`${L('unit_opinion')}：\n\n\n${L('unit_head_signature')}：`, { width: w(3, 3), span: 3, valign: 'top' }),
      ],
      1701,
    ),
    row([cell(`${L('department_opinion')}：`, { width: w(0, 6), span: 6, valign: 'top' })], 1701),
  ];

  const body: (Paragraph | Table)[] = [...title(form.title), table(cols, rows)];
  if (form.notes.length > 0) body.push(...paras(''), ...notes(form.notes));
  return pack(document(form.title, body));
}

// ---------------------------------------------------------------------------------------------
// Regions without a prescribed form

const LEVEL_NAMES = { blocker: '须整改', warning: '提醒' } as const;

/** The title of the generic form: 牡丹区政务信息化项目申报表. */
export function genericDeclarationTitle(regionName: string): string {
  return `${regionName}政务信息化项目申报表`;
}

/**
 * 《<region>政务信息化项目申报表》 for regions whose measures prescribe no form (牡丹区, 淮安, 高平):
 * under the title “依据《<the region's measures>》”, label | value rows for the project kind and the
 * declared fields, the required materials with ✓ 已附 / ✗ 未附, the compliance findings, each with
 * its article of those measures (第十条), and blank
 * 单位意见（盖章） / 主管部门意见（盖章） cells.
 */
export async function genericDeclarationDocx(data: GenericDeclarationData): Promise<Uint8Array> {
  const cols = columns(2400);
  const w = (from: number, span = 1) => spanWidth(cols, from, span);
  const pair = (l: string, v: string, minHeight?: number) =>
    row([cell(l, { width: w(0), align: 'center' }), cell(v, { width: w(1), align: 'both' })], minHeight);
  const section = (text: string) => row([cell(text, { width: w(0, 2), span: 2, align: 'center', bold: true })]);
  const cite = (article: number) => articleLabel(article);

  const rows: TableRow[] = [pair('项目类型', data.projectKind), ...data.fields.map((f) => pair(f.label, f.value))];

  rows.push(section('申报材料'));
  if (data.materials.length === 0) rows.push(row([cell('无', { width: w(0, 2), span: 2, align: 'center' })]));
  for (const m of data.materials) {
    const name = m.article === undefined ? m.name : `${m.name}（${cite(m.article)}）`;
    rows.push(
      row([cell(m.attached ? '✓ 已附' : '✗ 未附', { width: w(0), align: 'center' }), cell(name, { width: w(1) })]),
    );
  }

  rows.push(section('合规检查'));
  if (data.findings.length === 0)
    rows.push(row([cell('未发现不符合规定的情形', { width: w(0, 2), span: 2, align: 'center' })]));
  for (const f of data.findings) {
    rows.push(
      row([
        cell(LEVEL_NAMES[f.level], { width: w(0), align: 'center' }),
        cell(`${f.message}（${cite(f.article)}）`, { width: w(1), align: 'both' }),
      ]),
    );
  }

  // Left blank for the opinion, signature and seal.
  rows.push(pair('单位意见（盖章）', '', 2268), pair('主管部门意见（盖章）', '', 2268));

  const heading = genericDeclarationTitle(data.regionName);
  const basis = paras(`依据《${data.policyTitle}》`, { align: 'center', after: 120 });
  const body: (Paragraph | Table)[] = [...title(heading), ...basis, table(cols, rows)];
  return pack(document(heading, body));
}
