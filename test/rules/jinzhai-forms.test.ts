import { describe, it, expect } from 'vitest';
import {
  buildForm,
  cleanLabel,
  jinzhaiAnnex1,
  jinzhaiAnnex2,
  parseAnnexTable,
  readForm,
} from '../../src/rules/forms/jinzhai-forms.js';
import { attachmentCells, parseArticles } from '../../src/rules/articles.js';
import { text } from '../../src/rules/texts/jinzhai-2022.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';

const fields = (f: typeof jinzhaiAnnex1) => f.fields.map((x) => [x.id, x.label, x.type]);
const ANNEX1_IDS = {
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
};

describe('the attached tables as the text lays them out', () => {
  it('附件1: ten rows; 项目实施/依据及主要/内容 is one cell; the lone （盖章） row follows 项目主管部门意见', () => {
    const t = parseAnnexTable(text, '附件1');
    expect(t.title).toBe('金寨县政务信息化建设项目申报表');
    expect(t.rows.map((r) => r.map(cleanLabel))).toEqual([
      ['申请单位', '', '申报日期', ''],
      ['负责人', '', '联系人', ''],
      ['联系电话', '', '电子邮箱', ''],
      ['项目名称', ''],
      ['建设年度', '', '投资额', '（万元）'],
      ['资金渠道', '财政资金', '（万元）', '单位自筹', '（万元）'],
      ['', '银行贷款', '（万元）', '其它', '（万元）'],
      ['项目实施依据及主要内容', ''],
      ['项目主管部门意见', ''],
      ['', '（盖章）'],
    ]);
  });

  it('finds exactly the non-empty cells attachmentCells finds (附件1 and 附件2)', () => {
    for (const annex of ['附件1', '附件2']) {
      const t = parseAnnexTable(text, annex);
      const pieces = t.rows
        .flat()
        .flatMap((c) => c.split('\n'))
        .map((c) => c.replace(/[\s\u3000]+/g, ''))
        .filter((c) => c.length > 0);
      const notes = t.notes.map((n, i) => (i === 0 ? `说明：${n}` : n)).map((n) => n.replace(/[\s\u3000]+/g, ''));
      expect([annex, t.title, ...pieces, ...notes], annex).toEqual(attachmentCells(text, annex));
    }
  });

  it('附件2: a header row, six numbered rows of five blanks, then the colon-labelled rows', () => {
    const t = parseAnnexTable(text, '附件2');
    expect(t.title).toBe('金寨县行政事业单位办公电脑采购申报表');
    expect(t.rows[1]!.map(cleanLabel)).toEqual(['序号', '采购品目', '规格型号', '数量', '单价（元）', '金额（元）']);
    for (let n = 1; n <= 6; n++) expect(t.rows[1 + n]!.map(cleanLabel)).toEqual([String(n), '', '', '', '', '']);
    expect(t.notes).toEqual([]);
  });
});

describe('附件1 金寨县政务信息化建设项目申报表 (第五条)', () => {
  it('第五条: the fields, labels cleaned (负 责 人 → 负责人) and typed from what the form prints', () => {
    expect(jinzhaiAnnex1.id).toBe('jinzhai-annex-1');
    expect(jinzhaiAnnex1.title).toBe('金寨县政务信息化建设项目申报表');
    expect(jinzhaiAnnex1.article).toBe(5);
    expect(fields(jinzhaiAnnex1)).toEqual([
      ['applicant', '申请单位', 'text'],
      ['declared_on', '申报日期', 'date'],
      ['head', '负责人', 'text'],
      ['contact', '联系人', 'text'],
      ['phone', '联系电话', 'phone'],
      ['email', '电子邮箱', 'email'],
      ['project_name', '项目名称', 'text'],
      ['construction_period', '建设年度', 'month_range'],
      ['investment_wan', '投资额（万元）', 'money_wan'],
      ['funding_fiscal_wan', '财政资金（万元）', 'money_wan'],
      ['funding_self_wan', '单位自筹（万元）', 'money_wan'],
      ['funding_bank_loan_wan', '银行贷款（万元）', 'money_wan'],
      ['funding_other_wan', '其它（万元）', 'money_wan'],
      ['basis_and_content', '项目实施依据及主要内容', 'long_text'],
      ['department_opinion', '项目主管部门意见', 'text'],
    ]);
    expect(jinzhaiAnnex1.lineItems).toBeUndefined();
  });

  it('资金渠道 heads the four funding fields (the blank first cell of the next row continues it)', () => {
    const found = readForm(parseAnnexTable(text, '附件1'));
    expect(found.fields.filter((f) => f.group === '资金渠道').map((f) => f.label)).toEqual([
      '财政资金（万元）',
      '单位自筹（万元）',
      '银行贷款（万元）',
      '其它（万元）',
    ]);
    expect(found.fields.map((f) => f.label)).not.toContain('资金渠道');
  });

  it('说明2: 简要说明 控制在200字 → 项目实施依据及主要内容 maxChars 200; 说明1: 主管部门盖章 → stamp', () => {
    const content = jinzhaiAnnex1.fields.find((f) => f.id === 'basis_and_content')!;
    expect(content.maxChars).toBe(200);
    const opinion = jinzhaiAnnex1.fields.find((f) => f.id === 'department_opinion')!;
    expect(opinion.stamp).toBe(true);
    expect(jinzhaiAnnex1.fields.filter((f) => f.stamp).map((f) => f.id)).toEqual(['department_opinion']);
  });

  it('the three 说明 lines are kept as notes', () => {
    expect(jinzhaiAnnex1.notes).toEqual([
      '1.本表由项目建设单位填写，主管部门盖章，字体为宋体五号字。',
      '2.每个项目的简要说明字数控制在200字。',
      '3.“建设年度”填写“202X年XX月至202X年XX月”以内。',
    ]);
  });

  it('is parsed, not retyped: changing the text changes the form', () => {
    const spec = { id: 'jinzhai-annex-1', article: 5, ids: ANNEX1_IDS };
    expect(buildForm(text, '附件1', spec)).toEqual(jinzhaiAnnex1);
    const longer = buildForm(text.replace('控制在200字', '控制在300字'), '附件1', spec);
    expect(longer.fields.find((f) => f.id === 'basis_and_content')!.maxChars).toBe(300);
    const noNote3 = buildForm(text.replace(/3\.“建设年度”[^\n]*/, ''), '附件1', spec);
    expect(noNote3.fields.find((f) => f.id === 'construction_period')!.type).toBe('text');
    expect(noNote3.notes).toHaveLength(2);
    expect(() => buildForm(text.replace('\t电子邮箱', '\t传真号码'), '附件1', spec)).toThrow(/传真号码/);
  });
});

describe('附件2 金寨县行政事业单位办公电脑采购申报表 (第五条第二款)', () => {
  it('第五条: the header and foot fields, typed; stamps and signatures left for paper', () => {
    expect(jinzhaiAnnex2.id).toBe('jinzhai-annex-2');
    expect(jinzhaiAnnex2.title).toBe('金寨县行政事业单位办公电脑采购申报表');
    expect(jinzhaiAnnex2.article).toBe(5);
    expect(fields(jinzhaiAnnex2)).toEqual([
      ['applicant', '申请单位名称', 'text'],
      ['date', '日期', 'date'],
      ['total_in_words', '合计金额（大写）', 'text'],
      ['reason', '购置依据或理由', 'long_text'],
      ['budget_funds', '预算安排资金', 'money_yuan'],
      ['special_fiscal_funds', '财政专项资金', 'money_yuan'],
      ['other_funds', '其他资金', 'money_yuan'],
      ['handler_signature', '经办人签名（联系电话）', 'text'],
      ['unit_opinion', '单位意见（盖章）', 'text'],
      ['unit_head_signature', '单位负责人签名', 'text'],
      ['department_opinion', '项目主管部门意见（盖章）', 'text'],
    ]);
    expect(jinzhaiAnnex2.fields.filter((f) => f.stamp).map((f) => f.id)).toEqual([
      'handler_signature',
      'unit_opinion',
      'unit_head_signature',
      'department_opinion',
    ]);
    expect(jinzhaiAnnex2.notes).toEqual([]);
  });

  it('第五条: six line items 序号/采购品目/规格型号/数量/单价（元）/金额（元）', () => {
    expect(jinzhaiAnnex2.lineItems!.rows).toBe(6);
    expect(jinzhaiAnnex2.lineItems!.columns.map((c) => [c.id, c.label, c.type])).toEqual([
      ['no', '序号', 'integer'],
      ['item', '采购品目', 'text'],
      ['model', '规格型号', 'text'],
      ['quantity', '数量', 'integer'],
      ['unit_price_yuan', '单价（元）', 'money_yuan'],
      ['amount_yuan', '金额（元）', 'money_yuan'],
    ]);
  });

  it('the row count is read from the numbered rows', () => {
    const five = text.replace('\t6\n\t\n\t\n\t\n\t\n\t\n\n', '');
    expect(five).not.toBe(text);
    expect(readForm(parseAnnexTable(five, '附件2')).lineItems!.rows).toBe(5);
  });
});

describe('the forms in the pack', () => {
  it('第五条 names both attachments, and the pack ships both forms', () => {
    const art5 = parseArticles(text).find((a) => a.no === 5)!;
    expect(art5.text).toContain('（附件1）');
    expect(art5.text).toContain('（附件2）');
    expect(jinzhai2022.forms).toEqual([jinzhaiAnnex1, jinzhaiAnnex2]);
    for (const k of jinzhai2022.projectKinds) {
      expect(
        jinzhai2022.forms.map((f) => f.id),
        k.id,
      ).toContain(k.form);
    }
  });
});
