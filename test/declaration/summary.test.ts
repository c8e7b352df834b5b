import { describe, expect, it } from 'vitest';
import { declarationForm, lineItems, summarise } from '../../src/declaration/index.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { validValues } from './support.js';

const annex1 = declarationForm(jinzhai2022, 'new_build');
const annex2 = declarationForm(jinzhai2022, 'office_pc');

describe('附件2 totals and 大写', () => {
  const values = {
    ...validValues(annex2),
    items_2_item: '笔记本电脑',
    items_2_model: 'ThinkPad X1',
    items_2_quantity: '3',
    items_2_unit_price_yuan: '3,599.50',
    budget_funds: '20000',
    special_fiscal_funds: '',
    other_funds: '798.5',
  };

  it('computes each row’s amount (数量 × 单价) and the total exactly, in 分', () => {
    const items = lineItems(annex2, values)!;
    expect(items.rows.map((r) => [r.row, r.quantity, r.unitPriceFen, r.amountFen])).toEqual([
      [1, 2, 500000, 1000000],
      [2, 3, 359950, 1079850],
    ]);
    expect(items.totalFen).toBe(2079850);
    expect(items.complete).toBe(true);
  });

  it('summarises the rows, the total, 合计金额（大写）, and names the purchase', () => {
    const s = summarise(annex2, values);
    expect(s.name).toBe('办公电脑采购（台式计算机等2项）');
    expect(s.investmentYuan).toBe(20798.5);
    expect(s.fiscalFundsYuan).toBe(20000);
    const line = (label: string) => s.lines.find((l) => l.label === label)?.value;
    expect(line('第1项')).toBe('台式计算机｜ThinkCentre M90t｜2 × 5,000.00元 = 10,000.00元');
    expect(line('第2项')).toBe('笔记本电脑｜ThinkPad X1｜3 × 3,599.50元 = 10,798.50元');
    expect(line('合计金额（元）')).toBe('20,798.50元');
    expect(line('合计金额（大写）')).toBe('贰万零柒佰玖拾捌元伍角');
    expect(line('其他资金')).toBe('798.50元');
    expect(line('日期')).toBe('2026年3月15日');
  });

  it('a row with a bad amount is shown as typed and left out of the total', () => {
    const items = lineItems(annex2, { ...values, items_2_quantity: '三' })!;
    expect(items.totalFen).toBe(1000000);
    expect(items.complete).toBe(false);
  });
});

describe('summarise 附件1 and base forms', () => {
  it('shows every field with amounts in 万元, dates in Chinese; investment and 财政资金 in 元', () => {
    const v = { ...validValues(annex1), investment_wan: '120.5', funding_fiscal_wan: '100', funding_self_wan: '20.5' };
    const s = summarise(annex1, v);
    expect(s).toMatchObject({ name: '全县智慧教育平台', investmentYuan: 1205000, fiscalFundsYuan: 1000000 });
    const line = (label: string) => s.lines.find((l) => l.label === label)?.value;
    expect(line('项目类型')).toBe('新建');
    expect(line('申请单位')).toBe('县教育局');
    expect(line('申报日期')).toBe('2026年3月15日');
    expect(line('投资额')).toBe('120.5万元');
    expect(line('银行贷款')).toBeUndefined(); // left blank: no line
    expect(line('建设年度')).toBe('2026年04月至2026年12月');
    expect(s.lines.some((l) => l.label === '项目主管部门意见')).toBe(false);
  });

  it('shows yes/no answers', () => {
    const form = declarationForm(mudan2023, 'government_build');
    const s = summarise(form, { ...validValues(form), fact_isSoftwareDevelopment: 'true' });
    expect(s.lines.find((l) => l.label === '是否涉及软件开发')?.value).toBe('是');
    expect(s.lines.find((l) => l.label === '是否新建APP/小程序/公众号')?.value).toBe('否');
  });
});
