import { describe, expect, it } from 'vitest';
import {
  charCount,
  collectStepValues,
  declarationForm,
  formValueString,
  normalisePhone,
  stepKeys,
  validateDeclaration,
  validateStep,
} from '../../src/declaration/index.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { validValues } from './support.js';

const annex1 = declarationForm(jinzhai2022, 'new_build');
const annex2 = declarationForm(jinzhai2022, 'office_pc');
const mudan = declarationForm(mudan2023, 'government_build');

/** The step's keys from `values`, with overrides: a form_value as the card would send it. */
function stepInput(form: typeof annex1, step: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  const v = validValues(form);
  return { ...Object.fromEntries(stepKeys(form.steps[step]!).map((k) => [k, v[k] ?? ''])), ...over };
}

function errorsOf(form: typeof annex1, step: number, over: Record<string, unknown>): Record<string, string> {
  const r = validateStep(form, step, stepInput(form, step, over));
  return r.ok ? {} : r.errors;
}

describe('validateStep: a valid step', () => {
  it('accepts each step of a valid declaration and returns canonical values', () => {
    for (const form of [annex1, annex2, mudan]) {
      for (let i = 0; i < form.steps.length; i++) {
        const r = validateStep(form, i, stepInput(form, i));
        expect(r.ok ? r.values : r.errors, `${form.formId ?? form.packId} step ${i}`).toEqual(expect.any(Object));
        expect(r.ok, JSON.stringify(r)).toBe(true);
      }
    }
  });

  it('normalises what was typed: phone, amounts, month range', () => {
    const r0 = validateStep(
      annex1,
      0,
      stepInput(annex1, 0, { phone: ' 138 0000 0000 ', construction_period: '2026.4-2026.12' }),
    );
    expect(r0).toMatchObject({
      ok: true,
      values: { phone: '13800000000', construction_period: '2026年04月至2026年12月' },
    });
    const r1 = validateStep(
      annex1,
      1,
      stepInput(annex1, 1, { investment_wan: '1,000.50', funding_fiscal_wan: '１０００.５万元' }),
    );
    expect(r1).toMatchObject({ ok: true, values: { investment_wan: '1000.5', funding_fiscal_wan: '1000.5' } });
  });
});

describe('validateStep: every rule, in Chinese, naming the field', () => {
  it('required fields', () => {
    expect(errorsOf(annex1, 0, { project_name: '  ' })).toEqual({ project_name: '请填写项目名称' });
    expect(errorsOf(annex1, 0, { head: '' }).head).toBe('请填写负责人');
    expect(errorsOf(annex1, 0, { declared_on: '' }).declared_on).toBe('请选择申报日期');
    expect(errorsOf(annex1, 1, { basis_and_content: '' }).basis_and_content).toBe('请填写项目实施依据及主要内容');
    expect(errorsOf(mudan, 1, { fact_isSoftwareDevelopment: '' }).fact_isSoftwareDevelopment).toBe(
      '请选择是否涉及软件开发',
    );
  });

  it('phone: mobile 1[3-9]xxxxxxxxx or a landline with its area code', () => {
    const message = '联系电话格式不正确：应为11位手机号（如13800000000）或带区号的固定电话（如0564-5222333）';
    for (const bad of ['12345', '12800000000', '1380000000', '5222333', '0564-52', 'abc']) {
      expect(errorsOf(annex1, 0, { phone: bad }).phone, bad).toBe(message);
    }
    for (const [good, norm] of [
      ['13800000000', '13800000000'],
      ['+86 139-0000-0000', '13900000000'],
      ['0564-5222333', '0564-5222333'],
      ['05645222333', '0564-5222333'],
      ['(0564)5222333', '0564-5222333'],
      ['010-12345678', '010-12345678'],
      ['02112345678', '021-12345678'],
      ['0564-5222333-801', '0564-5222333-801'],
    ] as const) {
      expect(normalisePhone(good), good).toBe(norm);
    }
  });

  it('e-mail', () => {
    expect(errorsOf(annex1, 0, { email: 'zhang@' }).email).toBe('电子邮箱格式不正确：应如 name@example.com');
    expect(errorsOf(annex1, 0, { email: 'zhang.san@jinzhai.gov.cn' }).email).toBeUndefined();
  });

  it('amounts in 万元: not negative, at most 4 decimals, a number; the investment above 0', () => {
    expect(errorsOf(annex1, 1, { investment_wan: '12.34567' }).investment_wan).toBe('投资额（万元）：最多4位小数');
    expect(errorsOf(annex1, 1, { funding_self_wan: '-5' }).funding_self_wan).toBe('单位自筹（万元）：不能为负数');
    expect(errorsOf(annex1, 1, { funding_other_wan: '十万' }).funding_other_wan).toBe(
      '其它（万元）：不是有效金额（单位为万元，如 12.5）',
    );
    expect(errorsOf(annex1, 1, { investment_wan: '0', funding_fiscal_wan: '' }).investment_wan).toBe(
      '投资额（万元）须大于0',
    );
    expect(errorsOf(annex1, 1, { investment_wan: '100.0001', funding_fiscal_wan: '100.0001' })).toEqual({});
  });

  it('fund channels must add up to the investment, and the message says the difference', () => {
    const e = errorsOf(annex1, 1, { investment_wan: '100', funding_fiscal_wan: '60', funding_self_wan: '30' });
    expect(e.investment_wan).toBe(
      '财政资金、单位自筹、银行贷款、其它合计90万元，比投资额100万元少10万元：资金来源各项之和应等于投资额',
    );
    const more = errorsOf(annex1, 1, {
      investment_wan: '100',
      funding_fiscal_wan: '60',
      funding_bank_loan_wan: '40.5',
    });
    expect(more.investment_wan).toContain('合计100.5万元，比投资额100万元多0.5万元');
    expect(
      errorsOf(annex1, 1, {
        investment_wan: '100',
        funding_fiscal_wan: '60',
        funding_self_wan: '30',
        funding_other_wan: '10',
      }),
    ).toEqual({});
    const base = errorsOf(mudan, 1, { investment_wan: '50', funding_fiscal_wan: '20' });
    expect(base.investment_wan).toBe(
      '财政资金、单位自筹、社会投资、其他资金合计20万元，比投资额50万元少30万元：资金来源各项之和应等于投资额',
    );
  });

  it('200-character limit counted in characters, not bytes', () => {
    const hz = (n: number) => '字'.repeat(n);
    expect(errorsOf(annex1, 1, { basis_and_content: hz(201) }).basis_and_content).toBe(
      '项目实施依据及主要内容不能超过200字（现为201字）',
    );
    expect(errorsOf(annex1, 1, { basis_and_content: hz(200) })).toEqual({});
    // 200 characters of 4 bytes each (800 bytes) are still 200 characters.
    const wide = '𠮷'.repeat(200);
    expect(charCount(wide)).toBe(200);
    expect(new TextEncoder().encode(wide).length).toBe(800);
    expect(errorsOf(annex1, 1, { basis_and_content: wide })).toEqual({});
    expect(errorsOf(annex1, 0, { project_name: 'a'.repeat(61) }).project_name).toBe('项目名称不能超过60字（现为61字）');
  });

  it('建设年度: a month range inside one year, start not after end', () => {
    const e = (v: string) => errorsOf(annex1, 0, { construction_period: v }).construction_period;
    expect(e('2026年03月至2027年02月')).toBe(
      '建设年度的起止月份须在同一年度内（如“2026年03月至2026年12月”），现为2026年至2027年',
    );
    expect(e('2026年12月至2026年03月')).toBe('建设年度的开始月份晚于结束月份');
    expect(e('2026年13月至2026年12月')).toBe('建设年度中的月份应为1至12月');
    expect(e('明年上半年')).toBe('建设年度格式不正确：应如“2026年03月至2026年12月”');
    for (const ok of [
      '2026年3月至2026年12月',
      '2026.03-2026.12',
      '2026-3~2026-12',
      '2026/03至2026/12',
      '202603-202612',
      '2026年3月至12月',
      '２０２６年３月至２０２６年１２月',
    ]) {
      const r = validateStep(annex1, 0, stepInput(annex1, 0, { construction_period: ok }));
      expect(r, ok).toMatchObject({ ok: true, values: { construction_period: '2026年03月至2026年12月' } });
    }
    // 建设周期 of the base form may span years.
    const r = validateStep(mudan, 0, stepInput(mudan, 0, { construction_period: '2026年3月至2027年6月' }));
    expect(r).toMatchObject({ ok: true, values: { construction_period: '2026年03月至2027年06月' } });
    expect(errorsOf(mudan, 0, { construction_period: '2027.06-2026.03' }).construction_period).toBe(
      '建设周期的开始月份晚于结束月份',
    );
  });

  it('a select answer must be one of its options', () => {
    expect(errorsOf(mudan, 1, { fact_isNewApp: 'maybe' }).fact_isNewApp).toBe(
      '是否新建APP/小程序/公众号的选项无效，请重新选择',
    );
  });

  it('line items: a filled row needs every column; quantity a positive integer; at least one item', () => {
    const e = errorsOf(annex2, 0, { items_2_item: '笔记本电脑' });
    expect(e).toEqual({
      items_2_model: '请填写第2项规格型号',
      items_2_quantity: '请填写第2项数量',
      items_2_unit_price_yuan: '请填写第2项单价（元）',
    });
    expect(errorsOf(annex2, 0, { items_1_quantity: '0' }).items_1_quantity).toBe('第1项数量须为正整数');
    expect(errorsOf(annex2, 0, { items_1_quantity: '1.5' }).items_1_quantity).toBe('第1项数量须为正整数');
    expect(errorsOf(annex2, 0, { items_1_unit_price_yuan: '5000.123' }).items_1_unit_price_yuan).toBe(
      '第1项单价（元）：最多2位小数',
    );
    const empty = Object.fromEntries(stepKeys(annex2.steps[0]!).map((k) => [k, '']));
    expect(validateStep(annex2, 0, empty)).toMatchObject({
      ok: false,
      errors: { items_1_item: '请至少填写一项采购品目' },
    });
    // Rows 4–6 may stay empty.
    expect(validateStep(annex2, 1, Object.fromEntries(stepKeys(annex2.steps[1]!).map((k) => [k, ''])))).toMatchObject({
      ok: true,
    });
  });

  it('a rejected step keeps everything the user typed', () => {
    const input = stepInput(annex1, 0, {
      phone: '12345',
      project_name: '  教育云  ',
      construction_period: '2026.4-2026.12',
    });
    const r = validateStep(annex1, 0, input);
    expect(r.ok).toBe(false);
    expect(r.values).toMatchObject({
      phone: '12345',
      project_name: '  教育云  ',
      construction_period: '2026.4-2026.12',
      head: input.head,
    });
    expect(Object.keys(r.values).sort()).toEqual(stepKeys(annex1.steps[0]!).sort());
  });
});

describe('form_value shapes (Card JSON 2.0)', () => {
  it('input and select_static strings, checker booleans, multi_select arrays, date_picker with offset or time', () => {
    const date = { type: 'date' } as const;
    expect(formValueString(date, '2026-03-20 +0800')).toBe('2026-03-20');
    expect(formValueString(date, '2026-03-20 10:30 +0800')).toBe('2026-03-20');
    expect(formValueString(date, Date.UTC(2026, 2, 19, 17))).toBe('2026-03-20'); // epoch ms, read in Asia/Shanghai
    expect(formValueString({ type: 'boolean' }, true)).toBe('true');
    expect(formValueString({ type: 'boolean' }, false)).toBe('false');
    expect(formValueString({ type: 'text' }, ['a', 'b'])).toBe('a,b');
    expect(formValueString({ type: 'text' }, undefined)).toBe('');
    expect(formValueString({ type: 'integer' }, 12)).toBe('12');
  });

  it('a date picker value with its offset passes validation; readonly fields and unknown keys are ignored', () => {
    const r = validateStep(
      annex1,
      0,
      stepInput(annex1, 0, { declared_on: '2026-03-20 +0800', applicant: '别的单位', extra: 'x' }),
    );
    expect(r).toMatchObject({ ok: true });
    expect(r.values.declared_on).toBe('2026-03-20');
    expect('applicant' in r.values).toBe(false);
    expect('extra' in r.values).toBe(false);
    expect(collectStepValues(annex1, 0, { applicant: '别的单位', head: '张三' })).toMatchObject({
      head: '张三',
      project_name: '',
    });
  });
});

describe('validateDeclaration: across steps', () => {
  it('accepts a valid declaration of every form', () => {
    for (const form of [annex1, annex2, mudan])
      expect(validateDeclaration(form, validValues(form))).toEqual({ ok: true });
  });

  it('附件2: the fund split must add up to the line items’ total', () => {
    const v = { ...validValues(annex2), budget_funds: '9000', special_fiscal_funds: '' };
    expect(validateDeclaration(annex2, v)).toEqual({
      ok: false,
      errors: {
        other_funds:
          '预算安排资金、财政专项资金、其他资金合计9,000.00元，比采购合计金额10,000.00元少1,000.00元：资金来源各项之和应等于采购合计金额',
      },
    });
    expect(validateDeclaration(annex2, { ...v, other_funds: '1000' })).toEqual({ ok: true });
  });

  it('附件2: at least one line item across all steps', () => {
    const v = validValues(annex2);
    for (const k of Object.keys(v)) if (k.startsWith('items_')) v[k] = '';
    const r = validateDeclaration(annex2, v);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.items_1_item).toBe('请至少填写一项采购品目');
  });

  it('建设年度 may not end before the declaration date; the unit must come from the directory', () => {
    const v = { ...validValues(annex1), construction_period: '2025年01月至2025年12月' };
    const r = validateDeclaration(annex1, v);
    expect(!r.ok && r.errors.construction_period).toBe(
      '建设年度（2025年01月至2025年12月）早于申报日期（2026年3月15日）：应填写计划建设的月份',
    );
    const u = validateDeclaration(annex1, { ...validValues(annex1), applicant: '' });
    expect(!u.ok && u.errors.applicant).toBe('申请单位缺失：未能从组织目录取得，请联系管理员登记');
  });

  it('re-checks every step’s rules on the stored values', () => {
    const r = validateDeclaration(mudan, { ...validValues(mudan), email: 'nope', investment_wan: '80' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toMatchObject({ email: '电子邮箱格式不正确：应如 name@example.com' });
    expect(!r.ok && r.errors.investment_wan).toContain('比投资额80万元多20万元');
  });
});

describe('validateStep with the stored draft', () => {
  it('附件2: the step asking the fund split checks it against the line items stored from earlier steps', () => {
    const stored = validValues(annex2); // one row: 2 × 5000元
    const last = annex2.steps.length - 1;
    const input = (over: Record<string, string>) => ({
      ...Object.fromEntries(stepKeys(annex2.steps[last]!).map((k) => [k, stored[k] ?? ''])),
      ...over,
    });
    const r = validateStep(annex2, last, input({ budget_funds: '8000' }), stored);
    expect(r).toMatchObject({
      ok: false,
      errors: { other_funds: expect.stringContaining('合计8,000.00元，比采购合计金额10,000.00元少2,000.00元') },
    });
    expect(validateStep(annex2, last, input({ budget_funds: '8000', other_funds: '2000' }), stored)).toMatchObject({
      ok: true,
    });
    // Without the stored draft the step cannot know the total: only validateDeclaration can.
    expect(validateStep(annex2, last, input({ budget_funds: '8000' })).ok).toBe(true);
  });
});
