import { describe, expect, it } from 'vitest';
import {
  allFields,
  declarationForm,
  defaultValues,
  factsRead,
  firstStepWithError,
  isAsked,
  kindChoices,
  lineItemKey,
  lineItemTable,
  MAX_INPUTS_PER_STEP,
  stepKeys,
  stepOfKey,
} from '../../src/declaration/index.js';
import { jinzhaiAnnex1, jinzhaiAnnex2 } from '../../src/rules/forms/jinzhai-forms.js';
import { PACKS } from '../../src/rules/packs/index.js';
import { gaoping2020 } from '../../src/rules/packs/gaoping-2020.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import type { RulePack } from '../../src/rules/types.js';
import { yunling2024 } from '../fixtures/demo-region-pack.js';

const everyForm = PACKS.flatMap((p) => p.projectKinds.map((k) => ({ pack: p, kind: k.id })));

describe('kindChoices', () => {
  it('lists the pack’s project kinds in order', () => {
    expect(kindChoices(jinzhai2022)).toEqual(jinzhai2022.projectKinds.map((k) => ({ value: k.id, label: k.label })));
    expect(kindChoices(mudan2023).map((k) => k.label)).toContain('政府向社会购买服务');
  });
});

describe('declarationForm: 金寨 prescribed forms', () => {
  it('附件1 asks every field of the parsed form except the department’s stamp cell, in its order, then the pack’s questions', () => {
    const form = declarationForm(jinzhai2022, 'new_build');
    expect(form.formId).toBe('jinzhai-annex-1');
    expect(form.title).toBe(jinzhaiAnnex1.title);
    const all = allFields(form);
    // what the pack's conditions need to know (第八条 own hardware, 第十四条 existing system) comes after the printed form
    expect(all.filter((f) => f.fact).map((f) => [f.fact, f.article])).toEqual([
      ['plansOwnHardware', 8],
      ['hasExistingSystem', 14],
    ]);
    const fields = all.filter((f) => !f.fact);
    const expected = jinzhaiAnnex1.fields.filter((f) => !f.stamp);
    expect(fields.map((f) => [f.id, f.label, f.type])).toEqual(expected.map((f) => [f.id, f.label, f.type]));
    expect(fields.map((f) => f.label)).toEqual([
      '申请单位',
      '申报日期',
      '负责人',
      '联系人',
      '联系电话',
      '电子邮箱',
      '项目名称',
      '建设年度',
      '投资额（万元）',
      '财政资金（万元）',
      '单位自筹（万元）',
      '银行贷款（万元）',
      '其它（万元）',
      '项目实施依据及主要内容',
    ]);
    expect(fields.every((f) => f.article === 5)).toBe(true);
  });

  it('reads the roles off the form: unit read-only, 投资额 the total, 财政资金 the fiscal channel, 200字 from the 说明', () => {
    const fields = allFields(declarationForm(jinzhai2022, 'new_build'));
    const by = (id: string) => fields.find((f) => f.id === id)!;
    expect(by('applicant')).toMatchObject({ readonly: true, role: 'unit' });
    expect(by('declared_on')).toMatchObject({ type: 'date', role: 'declared_on' });
    expect(by('investment_wan')).toMatchObject({ role: 'investment', required: true });
    expect(by('funding_fiscal_wan')).toMatchObject({ role: 'fiscal_fund', required: false });
    expect(by('funding_bank_loan_wan')).toMatchObject({ role: 'fund' });
    expect(by('basis_and_content')).toMatchObject({ type: 'long_text', maxChars: 200, role: 'description' });
    // The 说明's 200字 and 202X年XX月至202X年XX月 are said once, by the placeholder, not again under the field.
    expect(by('basis_and_content').placeholder).toBe('不超过200字');
    expect(by('basis_and_content').help).toBeUndefined();
    expect(by('construction_period')).toMatchObject({ type: 'month_range', withinOneYear: true });
    expect(by('construction_period').placeholder).toBe('如 2026年03月至2026年12月（同一年度内）');
    expect(by('construction_period').help).toBeUndefined();
    expect(by('investment_wan').placeholder).toBe('如 12.5');
  });

  it('keeps off the phone the 说明 about the paper (盖章, 宋体五号字) and those its fields already say', () => {
    const form = declarationForm(jinzhai2022, 'new_build');
    expect(jinzhai2022.forms.find((f) => f.id === form.formId)!.notes.join()).toContain('宋体五号字');
    expect(form.notes).toEqual([]);
    const text = JSON.stringify(form);
    expect(text).not.toContain('盖章');
    expect(text).not.toContain('宋体');
  });

  it('every 附件1 kind uses the same form; 办公电脑采购 uses 附件2 with its line items', () => {
    for (const k of ['operation', 'expansion', 'upgrade', 'mature_system_purchase']) {
      expect(declarationForm(jinzhai2022, k).formId).toBe('jinzhai-annex-1');
    }
    const form = declarationForm(jinzhai2022, 'office_pc');
    expect(form.formId).toBe('jinzhai-annex-2');
    const table = lineItemTable(form)!;
    expect(table.rows).toEqual([1, 2, 3, 4, 5, 6]);
    expect(table.columns.map((c) => c.label)).toEqual(jinzhaiAnnex2.lineItems!.columns.map((c) => c.label));
    expect(table.columns.filter(isAsked).map((c) => c.label)).toEqual(['采购品目', '规格型号', '数量', '单价（元）']);
    expect(table.columns.find((c) => c.id === 'amount_yuan')).toMatchObject({ computed: true, role: 'row_amount' });
    const fields = allFields(form);
    expect(fields.find((f) => f.id === 'total_in_words')).toMatchObject({ computed: true, role: 'total_in_words' });
    expect(fields.find((f) => f.id === 'reason')).toMatchObject({ type: 'long_text', role: 'description' });
    expect(fields.filter((f) => f.role === 'fiscal_fund').map((f) => f.label)).toEqual([
      '预算安排资金',
      '财政专项资金',
    ]);
    expect(fields.find((f) => f.id === 'other_funds')).toMatchObject({ role: 'fund', type: 'money_yuan' });
    // Signature and stamp cells stay on paper.
    expect(fields.some((f) => /签名|盖章/.test(f.label))).toBe(false);
  });
});

describe('declarationForm: base forms and the questions the pack’s conditions need', () => {
  const ids = (pack: RulePack, kind: string) => allFields(declarationForm(pack, kind)).map((f) => f.id);

  it('asks the base declaration fields where the region prescribes no form', () => {
    for (const pack of [mudan2023, huaianDraft, gaoping2020]) {
      for (const k of pack.projectKinds) {
        const f = ids(pack, k.id);
        for (const id of [
          'project_name',
          'applicant',
          'head',
          'contact',
          'phone',
          'email',
          'investment_wan',
          'funding_fiscal_wan',
          'construction_period',
          'content',
        ]) {
          expect(f, `${pack.id}/${k.id}`).toContain(id);
        }
      }
    }
    const applicant = allFields(declarationForm(mudan2023, 'government_build')).find((f) => f.id === 'applicant')!;
    expect(applicant).toMatchObject({ readonly: true, role: 'unit', label: '申报单位' });
  });

  it('asks 是否涉及软件开发 and 是否新建APP/小程序 in 牡丹区 (第十七条, 第十八条), not the facts of later stages', () => {
    const fields = allFields(declarationForm(mudan2023, 'government_build'));
    const sw = fields.find((f) => f.fact === 'isSoftwareDevelopment')!;
    expect(sw).toMatchObject({ type: 'boolean', label: '是否涉及软件开发', required: true, article: 17 });
    expect(fields.find((f) => f.fact === 'isNewApp')).toMatchObject({
      label: '是否新建APP/小程序/公众号',
      article: 18,
    });
    expect(fields.some((f) => f.fact === 'passedCryptoAssessment' || f.fact === 'budgetAdjustmentRatio')).toBe(false);
  });

  it('follows each pack’s data: 高平 also asks 是否基于已有系统建设, 淮安 only the APP question', () => {
    expect(ids(gaoping2020, 'new_build')).toEqual(
      expect.arrayContaining(['fact_hasExistingSystem', 'fact_isNewApp', 'fact_isSoftwareDevelopment']),
    );
    expect(ids(huaianDraft, 'new_build').filter((i) => i.startsWith('fact_'))).toEqual(['fact_isNewApp']);
    expect([...factsRead(huaianDraft, 'new_build').keys()]).toEqual(
      expect.arrayContaining(['isNewApp', 'passedCryptoAssessment', 'kind']),
    );
  });

  it('a new pack’s form follows from its data alone (the 云岭县 fixture reads isNewApp in a material condition)', () => {
    const form = declarationForm(yunling2024, 'new_build');
    expect(allFields(form).find((f) => f.fact === 'isNewApp')).toMatchObject({ article: 2 });
    expect(form.title).toContain('云岭县');
  });

  it('names the keywords that change materials or route in the description’s help (牡丹区 延续项目)', () => {
    const content = allFields(declarationForm(mudan2023, 'service_purchase')).find((f) => f.id === 'content')!;
    expect(content.help).toContain('延续项目');
    expect(content.help).toContain('跨部门');
  });

  it('throws on an unknown kind', () => {
    expect(() => declarationForm(mudan2023, 'office_pc')).toThrow(/no project kind/);
  });
});

describe('steps', () => {
  it.each(everyForm.map((x) => [`${x.pack.id}/${x.kind}`, x] as const))(
    '%s: at most 12 inputs per step, every input in exactly one step',
    (_, { pack, kind }) => {
      const form = declarationForm(pack, kind);
      const seen = new Set<string>();
      for (const step of form.steps) {
        const keys = stepKeys(step);
        expect(keys.length).toBeLessThanOrEqual(MAX_INPUTS_PER_STEP);
        expect(keys.length).toBeGreaterThan(0);
        for (const k of keys) {
          expect(seen.has(k)).toBe(false);
          seen.add(k);
        }
      }
      expect(form.steps.length).toBeGreaterThanOrEqual(2); // all these forms have more than 12 inputs
    },
  );

  it('splits 附件1 into basic information and investment/content, 附件2 into line items 1–3, 4–6 and the rest', () => {
    const a1 = declarationForm(jinzhai2022, 'new_build');
    expect(a1.steps.map((s) => s.title)).toEqual(['基本信息', '投资与资金来源、项目实施依据及主要内容']);
    const a2 = declarationForm(jinzhai2022, 'office_pc');
    expect(a2.steps.map((s) => s.title)).toEqual([
      '采购清单（第1–3项）',
      '采购清单（第4–6项）',
      '基本信息、资金来源、购置依据或理由',
    ]);
    expect(stepKeys(a2.steps[1]!)).toContain(lineItemKey('items', 4, 'item'));
    expect(stepOfKey(a2, 'items_5_quantity')).toBe(1);
    expect(stepOfKey(a2, 'reason')).toBe(2);
    expect(firstStepWithError(a2, { reason: 'x', items_2_item: 'y' })).toBe(0);
    expect(firstStepWithError(a2, {})).toBe(-1);
  });
});

describe('defaultValues', () => {
  it('fills the unit from the directory and dates with today, leaves the rest blank', () => {
    const form = declarationForm(jinzhai2022, 'new_build');
    const v = defaultValues(form, { unitName: '县教育局', regionName: '金寨县', today: '2026-03-15' });
    expect(v.applicant).toBe('县教育局');
    expect(v.declared_on).toBe('2026-03-15');
    expect(v.project_name).toBe('');
    expect(v.investment_wan).toBe('');
    const pc = defaultValues(declarationForm(jinzhai2022, 'office_pc'), {
      unitName: '县教育局',
      regionName: '金寨县',
      today: '2026-03-15',
    });
    expect(pc).toMatchObject({
      applicant: '县教育局',
      date: '2026-03-15',
      items_1_item: '',
      items_6_unit_price_yuan: '',
    });
    expect('total_in_words' in pc).toBe(false);
  });
});
