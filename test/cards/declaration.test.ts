import { describe, expect, it } from 'vitest';
import {
  declarationReviewCard,
  declarationStepCard,
  draftsListCard,
  kindChoiceCard,
  materialAssignCard,
  myProjectsCard,
  notInUnitCard,
  submittedCard,
} from '../../cards/declaration.js';
import {
  complianceFindings,
  declarationForm,
  declarationMaterials,
  stepKeys,
  summarise,
  type DeclarationForm,
} from '../../src/declaration/index.js';
import { requiredMaterials } from '../../src/rules/engine.js';
import { PACKS } from '../../src/rules/packs/index.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import type { RulePack } from '../../src/rules/types.js';
import { CARD_MAX_BYTES, cardByteLength, validateCardV2 } from '../support/card-schema.js';
import { longestValues, validValues } from '../declaration/support.js';

type Obj = Record<string, any>;

/** Every object in the card with a string tag, depth first. */
function nodes(v: unknown, out: Obj[] = []): Obj[] {
  if (Array.isArray(v)) v.forEach((x) => nodes(x, out));
  else if (v && typeof v === 'object') {
    const o = v as Obj;
    if (typeof o.tag === 'string') out.push(o);
    Object.values(o).forEach((x) => nodes(x, out));
  }
  return out;
}
const byTag = (card: unknown, tag: string) => nodes(card).filter((n) => n.tag === tag);
const markdownText = (card: unknown) =>
  byTag(card, 'markdown')
    .map((m) => m.content as string)
    .join('\n');
const buttonByText = (card: unknown, text: string) => byTag(card, 'button').find((b) => b.text.content === text);

function expectValid(card: object): void {
  expect(validateCardV2(card)).toEqual([]);
  expect(cardByteLength(card)).toBeLessThanOrEqual(CARD_MAX_BYTES);
}

const everyForm = PACKS.flatMap((pack) => pack.projectKinds.map((k) => ({ pack, form: declarationForm(pack, k.id) })));

function stepCard(
  pack: RulePack,
  form: DeclarationForm,
  stepIndex: number,
  values: Record<string, string>,
  errors: Record<string, string> = {},
) {
  return declarationStepCard({
    form,
    stepIndex,
    values,
    errors,
    draftId: 42,
    version: 7,
    regionName: pack.region.name,
    unitName: values.applicant ?? '县教育局',
    materials: requiredMaterials(pack, form.kindId, { kind: form.kindId, text: Object.values(values).join(' ') }),
  });
}

describe('every region’s forms build valid cards under 30 KB with the longest allowed inputs', () => {
  it.each(everyForm.map((x) => [`${x.pack.id}/${x.form.kindId}`, x] as const))('%s', (_, { pack, form }) => {
    const values = longestValues(pack, form);
    for (let i = 0; i < form.steps.length; i++) {
      // …and with an error under every input.
      const errors = Object.fromEntries(stepKeys(form.steps[i]!).map((k) => [k, `${k}：${'错'.repeat(100)}`]));
      for (const e of [{}, errors]) {
        const card = stepCard(pack, form, i, values, e);
        expectValid(card);
      }
    }
    const attached: string[] = [];
    const review = declarationReviewCard({
      form,
      summary: summarise(form, values),
      findings: complianceFindings(pack, form, values, attached),
      materials: declarationMaterials(pack, form, values, attached),
      draftId: 42,
      version: 7,
    });
    expectValid(review);
  });

  it('the longest values are really at every limit (so the size test means something)', () => {
    const form = declarationForm(jinzhai2022, 'office_pc');
    const v = longestValues(jinzhai2022, form);
    expect(Array.from(v.reason!)).toHaveLength(1000);
    expect(Array.from(v.items_6_model!)).toHaveLength(100);
    const a1 = declarationForm(jinzhai2022, 'new_build');
    expect(Array.from(longestValues(jinzhai2022, a1).basis_and_content!)).toHaveLength(200);
  });
});

describe('kindChoiceCard', () => {
  it('offers a button per kind with the draft and version, and says the pack is in force', () => {
    const card = kindChoiceCard({ pack: jinzhai2022, draftId: 5, version: 2, today: '2026-03-15' });
    expectValid(card);
    const buttons = byTag(card, 'button');
    expect(buttons.map((b) => b.text.content)).toEqual(jinzhai2022.projectKinds.map((k) => k.label));
    expect(buttons[5]!.behaviors).toEqual([
      { type: 'callback', value: { action: 'declare.kind', draftId: 5, version: 2, kind: 'office_pc' } },
    ]);
    expect(markdownText(card)).toContain('金政办秘〔2022〕46号');
    expect(markdownText(card)).toContain('填写《金寨县行政事业单位办公电脑采购申报表》（第五条）');
    expect(markdownText(card)).not.toContain('⚠️');
  });

  it('notes 牡丹区’s expired trial and 淮安’s draft', () => {
    const mudan = kindChoiceCard({ pack: mudan2023, draftId: 5, version: 2, today: '2026-03-15' });
    expectValid(mudan);
    expect(markdownText(mudan)).toContain('有效期至2025年5月8日，已过期（第四十三条）');
    expect((mudan as Obj).header.template).toBe('orange');
    const inTrial = kindChoiceCard({ pack: mudan2023, draftId: 5, version: 2, today: '2024-01-01' });
    expect(markdownText(inTrial)).toContain('试行');
    const huaian = kindChoiceCard({ pack: huaianDraft, draftId: 5, version: 2, today: '2026-03-15' });
    expect(markdownText(huaian)).toContain('征求意见稿');
  });
});

describe('declarationStepCard', () => {
  const form = declarationForm(jinzhai2022, 'new_build');
  const values = { ...validValues(form), project_name: '**紧急** [点我](http://x)' };

  it('puts every input of the step in one form container, named by its value key, with the value typed', () => {
    const card = stepCard(jinzhai2022, form, 0, values);
    expectValid(card);
    const forms = byTag(card, 'form');
    expect(forms).toHaveLength(1);
    const named = nodes(forms[0]).filter((n) => ['input', 'select_static', 'date_picker'].includes(n.tag));
    expect(named.map((n) => n.name)).toEqual(stepKeys(form.steps[0]!));
    const name = named.find((n) => n.name === 'project_name')!;
    expect(name).toMatchObject({ tag: 'input', default_value: values.project_name, max_length: 60 });
    expect(named.find((n) => n.name === 'declared_on')).toMatchObject({
      tag: 'date_picker',
      initial_date: '2026-03-15',
    });
    // The unit comes from the directory: shown, not an input.
    expect(named.some((n) => n.name === 'applicant')).toBe(false);
    expect(markdownText(card)).toContain('**申请单位**：县教育局');
    expect((card as Obj).header.subtitle.content).toBe('第1步/共2步 · 基本信息');
  });

  it('long text is multiline with its limit; yes/no questions are a select with the answer', () => {
    const s2 = stepCard(jinzhai2022, form, 1, values);
    const text = byTag(s2, 'input').find((n) => n.name === 'basis_and_content')!;
    expect(text).toMatchObject({ input_type: 'multiline_text', max_length: 200 });
    const m = declarationForm(mudan2023, 'government_build');
    const card = stepCard(mudan2023, m, 1, { ...validValues(m), fact_isNewApp: 'true' });
    expectValid(card);
    const select = byTag(card, 'select_static').find((n) => n.name === 'fact_isNewApp')!;
    expect(select.options[select.initial_index - 1].value).toBe('true');
    expect(select.initial_option).toBeUndefined();
    expect(select.options.map((o: Obj) => o.text.content)).toEqual(['是', '否']);
    expect(markdownText(card)).toContain('依据第十八条');
  });

  it('shows each error in red next to its field and a summary at the top', () => {
    const errors = { phone: '联系电话格式不正确', construction_period: '建设年度的开始月份晚于结束月份' };
    const card = stepCard(jinzhai2022, form, 0, { ...values, phone: '12345' }, errors);
    expectValid(card);
    const formEls: Obj[] = byTag(card, 'form')[0]!.elements;
    const phoneAt = formEls.findIndex((e) => e.name === 'phone');
    expect(formEls[phoneAt]!.default_value).toBe('12345'); // what was typed stays
    const after = formEls
      .slice(phoneAt + 1, phoneAt + 3)
      .map((e) => e.content)
      .join('\n');
    expect(after).toContain("<font color='red'>⚠ 联系电话格式不正确</font>");
    const top = (card as Obj).body.elements.map((e: Obj) => e.content ?? '').join('\n');
    expect(top).toContain('请修改以下 2 处后再提交');
    expect(top).toContain('建设年度的开始月份晚于结束月份');
  });

  it('submit, 上一步 and 保存草稿 all submit the form with the draft, version, step and nav; the last step goes to the review', () => {
    const first = stepCard(jinzhai2022, form, 0, values);
    expect(buttonByText(first, '上一步')).toBeUndefined();
    expect(buttonByText(first, '下一步')).toMatchObject({
      form_action_type: 'submit',
      behaviors: [
        { type: 'callback', value: { action: 'declare.step', draftId: 42, version: 7, step: 0, nav: 'next' } },
      ],
    });
    const last = stepCard(jinzhai2022, form, 1, values);
    expect(buttonByText(last, '上一步')).toMatchObject({
      form_action_type: 'submit',
      behaviors: [{ value: { nav: 'prev', step: 1 } }],
    });
    expect(buttonByText(last, '保存草稿')).toMatchObject({
      form_action_type: 'submit',
      behaviors: [{ value: { nav: 'save', step: 1 } }],
    });
    expect(buttonByText(last, '下一步：核对并提交')).toMatchObject({
      behaviors: [{ value: { action: 'declare.step', nav: 'next', review: true } }],
    });
  });

  it('lists the kind’s materials', () => {
    const card = stepCard(jinzhai2022, form, 0, values);
    const panel = byTag(card, 'collapsible_panel')[0]!;
    expect(panel.header.title.content).toBe('本类项目需提交的材料（5项）');
    expect(panel.expanded).toBe(true);
    expect(markdownText(panel)).toContain('项目可行性研究报告（第八条）');
  });

  it('附件2: line items with their computed amounts, the running total and 大写', () => {
    const pc = declarationForm(jinzhai2022, 'office_pc');
    const v = {
      ...validValues(pc),
      items_2_item: '笔记本',
      items_2_model: 'X1',
      items_2_quantity: '3',
      items_2_unit_price_yuan: '3599.5',
    };
    const card = stepCard(jinzhai2022, pc, 0, v);
    expectValid(card);
    const text = markdownText(card);
    expect(text).toContain('**第1项**　金额：10,000.00元');
    expect(text).toContain('**第2项**　金额：10,798.50元');
    expect(text).toContain('当前合计：**20,798.50元**（贰万零柒佰玖拾捌元伍角）');
    const last = stepCard(jinzhai2022, pc, 2, v);
    expect(markdownText(last)).toContain(
      '**合计金额（大写）**：贰万零柒佰玖拾捌元伍角（合计 20,798.50元，由采购清单自动计算）',
    );
  });
});

describe('declarationReviewCard', () => {
  it('blockers in red with 第X条 and quote disable 提交申报; warnings orange; materials ✅/❌ with how to attach', () => {
    const form = declarationForm(jinzhai2022, 'new_build');
    const values = { ...validValues(form), basis_and_content: '数据仅向特定企业开放，接入县电子政务外网，建设专网' };
    const attached = ['project_basis'];
    const card = declarationReviewCard({
      form,
      summary: summarise(form, values),
      findings: complianceFindings(jinzhai2022, form, values, attached),
      materials: declarationMaterials(jinzhai2022, form, values, attached),
      draftId: 42,
      version: 7,
    });
    expectValid(card);
    const text = markdownText(card);
    expect(text).toContain("<font color='red'>不符合规定，不能提交（1项）</font>");
    expect(text).toContain('（第八条）');
    expect(text).toContain('不得将须普遍共享的数据仅向特定企业、社会组织开放');
    expect(text).toContain("<font color='orange'>请注意（1项）</font>");
    expect(text).toContain('（第十四条）');
    expect(text).toContain('✅ 《金寨县政务信息化项目申报表》（附件1）（由本申报表生成）');
    expect(text).toContain('✅ 项目建设依据');
    expect(text).toContain('❌ 项目概算');
    expect(text).toContain('把文件直接发给我');
    expect(text).toContain('**投资额**：100万元');
    expect(buttonByText(card, '提交申报')).toMatchObject({
      disabled: true,
      behaviors: [{ value: { action: 'declare.submit', draftId: 42, version: 7 } }],
    });
    expect(buttonByText(card, '返回修改')).toMatchObject({
      behaviors: [{ value: { action: 'declare.edit', step: 1 } }],
    });
    expect(buttonByText(card, '保存草稿')).toMatchObject({ behaviors: [{ value: { action: 'declare.save' } }] });
    expect((card as Obj).header.template).toBe('red');
  });

  it('without blockers 提交申报 is enabled; out-of-scope items are named with their article; user text is escaped', () => {
    const form = declarationForm(mudan2023, 'government_build');
    const values = { ...validValues(form), project_name: '**紧急**项目', content: '采购办公电脑30台' };
    const attached = ['pre_performance_evaluation_report'];
    const card = declarationReviewCard({
      form,
      summary: summarise(form, values),
      findings: complianceFindings(mudan2023, form, values, attached),
      materials: declarationMaterials(mudan2023, form, values, attached),
      draftId: 1,
      version: 1,
    });
    expectValid(card);
    expect(buttonByText(card, '提交申报')!.disabled).toBeUndefined();
    const text = markdownText(card);
    expect(text).toContain('可能不属于本办法的管辖范围');
    expect(text).toContain('（第二条）');
    expect(text).toContain('&#42;&#42;紧急&#42;&#42;项目');
    expect(text).not.toContain('**紧急**项目');
  });
});

describe('list and notice cards', () => {
  it('submittedCard', () => {
    const card = submittedCard({
      number: 'JZ-2026-0007',
      name: '全县智慧教育平台',
      regionName: '金寨县',
      status: '已提交',
      nextStep: '等待县智慧办审核',
    });
    expectValid(card);
    expect(markdownText(card)).toContain('**项目编号**：JZ&#45;2026&#45;0007');
    expect(markdownText(card)).toContain('等待县智慧办审核');
  });

  it('draftsListCard: 继续 and 删除 per draft, progress and time in Asia/Shanghai', () => {
    const drafts = Array.from({ length: 25 }, (_, i) => ({
      id: i + 1,
      title: i === 0 ? '' : `项目${i}`,
      kindLabel: '新建',
      updatedAt: '2026-03-15T06:30:00.000Z',
      step: i === 1 ? 2 : 0,
      stepCount: 2,
    }));
    const card = draftsListCard(drafts);
    expectValid(card);
    const text = markdownText(card);
    expect(text).toContain('（未命名项目）');
    expect(text).toContain('第1步/共2步 · 更新于2026-03-15 14:30');
    expect(text).toContain('已填完，待核对提交');
    expect(text).toContain('另有 10 份草稿未列出');
    expect(buttonByText(card, '继续填写')!.behaviors[0].value).toEqual({ action: 'draft.resume', draftId: 1 });
    expect(byTag(card, 'button').filter((b) => b.text.content === '删除')[1]).toMatchObject({
      behaviors: [{ value: { action: 'draft.delete', draftId: 2 } }],
    });
    expectValid(draftsListCard([]));
    expect(markdownText(draftsListCard([]))).toContain('暂无未完成的申报草稿');
  });

  it('myProjectsCard: each project with its next deadline and the buttons 进度, 报告进展 (once approved), 导出申报表', () => {
    const card = myProjectsCard([
      {
        id: 7,
        number: 'MD-2026-0001',
        name: '城市大脑',
        stageLabel: '建设实施',
        nextDeadline: { obligation: '签订正式采购合同后将相关资料报项目主管部门备案', due: '2026-04-10', article: 22 },
        reportable: true,
      },
      {
        id: 8,
        number: 'MD-2026-0002',
        name: '政务服务',
        stageLabel: '建设实施',
        nextDeadline: { obligation: '报送绩效自评价报告', due: '2026-03-01', article: 18, overdue: true },
        reportable: true,
      },
      { id: 9, number: 'MD-2026-0003', name: '数据平台', stageLabel: '审核中' },
    ]);
    expectValid(card);
    const text = markdownText(card);
    expect(text).toContain('下一期限：签订正式采购合同后将相关资料报项目主管部门备案，2026年4月10日前（第二十二条）');
    expect(text).toContain('已逾期');
    expect(text).toContain('报送绩效自评价报告，2026年3月1日前（第十八条）');
    expect(text).toContain('当前阶段：审核中\n下一期限：暂无');
    const values = byTag(card, 'button').map((b) => [b.text.content, b.behaviors[0].value]);
    expect(values).toEqual([
      ['进度', { action: 'approval.timeline', project: 'MD-2026-0001' }],
      ['报告进展', { action: 'lifecycle.form', projectId: 7 }],
      ['导出申报表', { action: 'project.export', number: 'MD-2026-0001' }],
      ['进度', { action: 'approval.timeline', project: 'MD-2026-0002' }],
      ['报告进展', { action: 'lifecycle.form', projectId: 8 }],
      ['导出申报表', { action: 'project.export', number: 'MD-2026-0002' }],
      ['进度', { action: 'approval.timeline', project: 'MD-2026-0003' }],
      ['导出申报表', { action: 'project.export', number: 'MD-2026-0003' }],
    ]);
  });

  it('myProjectsCard lists 15 and counts the rest, within the card limits', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      id: i + 1,
      number: `JZ-2026-${String(i + 1).padStart(4, '0')}`,
      name: '智慧校园平台'.repeat(10),
      stageLabel: '建设实施',
      nextDeadline: { obligation: '报送绩效自评价报告'.repeat(10), due: '2026-04-10', article: 18 },
      reportable: true,
    }));
    const card = myProjectsCard(many);
    expectValid(card);
    expect(byTag(card, 'button')).toHaveLength(45);
    expect(markdownText(card)).toContain('另有 15 个项目未列出');
  });

  it('materialAssignCard: two selects and a submit with the file’s message id', () => {
    const card = materialAssignCard({
      fileName: '可研报告.pdf',
      fileMessageId: 'om_123',
      targets: [
        { kind: 'draft', id: 3, label: '草稿：全县智慧教育平台' },
        { kind: 'project', id: 9, label: 'JZ-2026-0001 政务云' },
      ],
      materials: [
        { id: 'feasibility_study', name: '项目可行性研究报告' },
        { id: 'feasibility_study', name: '项目可行性研究报告' },
        { id: 'budget_estimate', name: '项目概算' },
      ],
    });
    expectValid(card);
    const selects = byTag(card, 'select_static');
    expect(selects.map((s) => s.name)).toEqual(['target', 'material']);
    expect(selects[0]!.options.map((o: Obj) => o.value)).toEqual(['draft:3', 'project:9']);
    expect(selects[1]!.options).toHaveLength(2);
    expect(byTag(card, 'button')[0]).toMatchObject({
      form_action_type: 'submit',
      behaviors: [{ value: { action: 'material.assign', fileMessageId: 'om_123' } }],
    });
  });

  it('notInUnitCard names who to ask and mentions only real open_ids', () => {
    const card = notInUnitCard({
      contacts: ['金寨县县智慧办', '牡丹区区大数据局'],
      admins: ['ou_admin1', '<at id=all>'],
    });
    expectValid(card);
    const text = markdownText(card);
    expect(text).toContain('金寨县县智慧办');
    expect(text).toContain('<at id=ou_admin1></at>');
    expect(text).not.toContain('id=all');
  });
});
