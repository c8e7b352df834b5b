import { describe, expect, it } from 'vitest';
import {
  complianceFindings,
  declarationForm,
  declarationMaterials,
  factsOf,
  formMaterialIds,
} from '../../src/declaration/index.js';
import { evaluate, routeSteps } from '../../src/rules/engine.js';
import { gaoping2020 } from '../../src/rules/packs/gaoping-2020.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { validValues } from './support.js';

describe('factsOf', () => {
  it('derives the engine facts from a 金寨 附件1 declaration', () => {
    const form = declarationForm(jinzhai2022, 'upgrade');
    const v = {
      ...validValues(form),
      investment_wan: '150',
      funding_fiscal_wan: '120',
      funding_self_wan: '30',
      basis_and_content: '升级县政务云上的审批系统',
    };
    const facts = factsOf(jinzhai2022, form, v, ['construction_plan']);
    expect(facts).toMatchObject({ kind: 'upgrade', investmentWan: 150, fiscalFundsWan: 120 });
    expect(facts.text).toBe('全县智慧教育平台\n升级县政务云上的审批系统');
    // The 申报表 itself is what the bot fills in: it counts as attached.
    expect(facts.materials).toEqual(['construction_plan', 'declaration_form']);
  });

  it('derives the answers to the pack’s questions and 0 财政资金 when no fiscal channel is filled', () => {
    const form = declarationForm(mudan2023, 'joint_build');
    const v = {
      ...validValues(form),
      funding_fiscal_wan: '',
      funding_social_wan: '100',
      fact_isSoftwareDevelopment: 'true',
      fact_isNewApp: 'false',
    };
    const facts = factsOf(mudan2023, form, v, []);
    expect(facts).toMatchObject({
      investmentWan: 100,
      fiscalFundsWan: 0,
      isSoftwareDevelopment: true,
      isNewApp: false,
    });
    // …which the route reads: no fiscal money, no 区发改局 step.
    expect(routeSteps(mudan2023, 'joint_build', facts).map((s) => s.id)).not.toContain('investment_approval');
    expect('hasExistingSystem' in facts).toBe(false);
  });

  it('附件2: the investment is the line items’ total, the text their items and the reason', () => {
    const form = declarationForm(jinzhai2022, 'office_pc');
    const facts = factsOf(jinzhai2022, form, { ...validValues(form), reason: '现有电脑老化' }, []);
    expect(facts.investmentWan).toBe(1); // 2 × 5000元
    expect(facts.fiscalFundsWan).toBe(1);
    expect(facts.text).toBe('现有电脑老化\n台式计算机\nThinkCentre M90t');
    expect(formMaterialIds(jinzhai2022, form)).toEqual(['office_pc_form']);
  });

  it('an unanswered question stays unknown (a condition on it is false)', () => {
    const form = declarationForm(gaoping2020, 'new_build');
    const facts = factsOf(gaoping2020, form, { ...validValues(form), fact_hasExistingSystem: '' }, []);
    expect(facts.hasExistingSystem).toBeUndefined();
    expect(evaluate({ fact: 'hasExistingSystem', op: '==', value: false }, facts)).toBe(false);
  });
});

describe('complianceFindings', () => {
  it('金寨 第八条 “原则上不得有独立机房、数据中心、大屏、服务器等硬件设备”: the form asks what the unit plans to own; a yes is a warning, deploying on the county cloud’s servers nothing', () => {
    const form = declarationForm(jinzhai2022, 'new_build');
    expect(form.steps.flatMap((st) => st.fields).some((f) => f.id === 'fact_plansOwnHardware')).toBe(true);
    const clean = complianceFindings(jinzhai2022, form, validValues(form), []);
    expect(clean.blockers).toEqual([]);
    // 第十四条's county cloud: the words 服务器/机房 alone raise nothing
    const onCloud = {
      ...validValues(form),
      basis_and_content: '系统部署在县云计算中心服务器上，不新建机房',
      fact_plansOwnHardware: 'false',
    };
    const cloud = complianceFindings(jinzhai2022, form, onCloud, []);
    expect(cloud.blockers).toEqual([]);
    expect(cloud.warnings.some((w) => w.id === 'no_own_hardware')).toBe(false);
    const own = {
      ...validValues(form),
      basis_and_content: '新建独立机房，采购服务器10台',
      fact_plansOwnHardware: 'true',
    };
    const { blockers, warnings } = complianceFindings(jinzhai2022, form, own, []);
    expect(blockers).toEqual([]);
    const w = warnings.find((x) => x.id === 'no_own_hardware')!;
    expect(w).toMatchObject({ level: 'warning', article: 8 });
    expect(w.quote).toContain('原则上不得有独立机房、数据中心、大屏、服务器等硬件设备');
  });

  it('牡丹区 第十七条: 监理 is a warning from 100万元 on', () => {
    const form = declarationForm(mudan2023, 'government_build');
    const at = (wan: string) =>
      complianceFindings(mudan2023, form, { ...validValues(form), investment_wan: wan, funding_fiscal_wan: wan }, [])
        .warnings;
    expect(at('100').find((w) => w.id === 'supervision_required')).toMatchObject({ article: 17, level: 'warning' });
    expect(at('99.9999').some((w) => w.id === 'supervision_required')).toBe(false);
    expect(at('99.9999').some((w) => w.id === 'supervision_optional')).toBe(true);
  });

  it('牡丹区 第二条: office devices are out of scope', () => {
    const form = declarationForm(mudan2023, 'government_build');
    const v = { ...validValues(form), content: '为各科室采购办公电脑30台、打印机5台' };
    const { outOfScope } = complianceFindings(mudan2023, form, v, []);
    expect(outOfScope).toHaveLength(1);
    expect(outOfScope[0]).toMatchObject({ article: 2 });
    expect(outOfScope[0]!.label).toContain('办公计算机');
    expect(outOfScope[0]!.quote).toContain('打印机');
  });

  it('淮安 第七条: without the 首席数据官 sign-off the declaration is blocked', () => {
    const form = declarationForm(huaianDraft, 'new_build');
    const without = complianceFindings(huaianDraft, form, validValues(form), ['data_resource_catalogue']);
    expect(without.blockers.map((b) => [b.id, b.article])).toEqual([['cdo_approval_missing', 7]]);
    expect(without.blockers[0]!.quote).toContain('首席数据官');
    const withIt = complianceFindings(huaianDraft, form, validValues(form), [
      'cdo_approval',
      'data_resource_catalogue',
    ]);
    expect(withIt.blockers).toEqual([]);
  });

  it('a missing precondition material blocks once, from the check when there is one, else from the material', () => {
    const form = declarationForm(mudan2023, 'urgent_addition');
    const { blockers } = complianceFindings(mudan2023, form, validValues(form), []);
    // 第八条 事前绩效评估: the check says it; 第十三条 党委（党组）会集体研究: only the material does.
    expect(blockers.map((b) => b.id)).toEqual(['pre_evaluation_missing', 'material_party_committee_decision']);
    expect(blockers[1]).toMatchObject({ article: 13, level: 'blocker' });
    expect(blockers[1]!.message).toContain('部门（单位）党委（党组）会集体研究意见');
    const done = complianceFindings(mudan2023, form, validValues(form), [
      'pre_performance_evaluation_report',
      'party_committee_decision',
    ]);
    expect(done.blockers).toEqual([]);
  });

  it('answers to the pack’s questions raise its findings (牡丹区 第十八条 new APP)', () => {
    const form = declarationForm(mudan2023, 'government_build');
    const v = { ...validValues(form), fact_isNewApp: 'true' };
    const f = complianceFindings(mudan2023, form, v, ['pre_performance_evaluation_report']);
    expect(f.warnings.filter((b) => b.article === 18).map((b) => b.id)).toEqual(
      expect.arrayContaining(['new_app_platform', 'new_app_consent']),
    );
    const onPlatform = complianceFindings(mudan2023, form, { ...v, content: '依托“爱山东”平台开发' }, [
      'pre_performance_evaluation_report',
    ]);
    expect(onPlatform.warnings.some((b) => b.id === 'new_app_platform')).toBe(false);
    expect(onPlatform.blockers).toEqual([]);
  });
});

describe('declarationMaterials', () => {
  it('marks the prescribed form as generated and the rest by what is attached', () => {
    const form = declarationForm(jinzhai2022, 'new_build');
    const list = declarationMaterials(jinzhai2022, form, validValues(form), ['project_basis']);
    expect(list.map((m) => [m.material.id, m.attached, m.generated])).toEqual([
      ['declaration_form', true, true],
      ['project_basis', true, false],
      ['construction_plan', false, false],
      ['budget_estimate', false, false],
      ['feasibility_study', false, false],
    ]);
    const upgrade = declarationForm(jinzhai2022, 'upgrade');
    expect(declarationMaterials(jinzhai2022, upgrade, validValues(upgrade), []).map((m) => m.material.id)).toContain(
      'existing_resources',
    );
  });
});
