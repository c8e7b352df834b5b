import { describe, expect, it } from 'vitest';
import { answerQuestion, type ProjectSnapshot } from '../../src/answer/index.js';
import { PACKS } from '../../src/rules/packs/index.js';

const TODAY = '2025-06-16';
const jinzhai = PACKS.find((p) => p.id === 'jinzhai-2022')!;
const finalStage = jinzhai.stages.find((s) => s.id === 'final_acceptance')!;

const project: ProjectSnapshot = {
  number: 'JZ-2025-007',
  name: '智慧教育平台',
  packId: 'jinzhai-2022',
  kind: 'new_build',
  stage: 'final_acceptance',
  events: { trial_run_started: '2025-04-01', contract_signed: '2024-11-05' },
  attachedMaterialIds: ['construction_summary', 'trial_run_report', 'third_party_test_report'],
  facts: { investmentWan: 180 },
  openDeadlines: [
    { obligation: '开展绩效自评价，并将评价报告报送至县智慧办和县财政局', due: '2025-06-30', article: 18 },
    { obligation: '向县政府申请调整的同时向县智慧办备案', due: '2025-06-10', article: 15 },
  ],
  rectifications: [{ title: '未按批复建设内容实施', deadline: '2025-07-15', rung: 1 }],
};

const ask = (question: string, p: ProjectSnapshot = project, regionPackId?: string) =>
  answerQuestion({ packs: PACKS, question, today: TODAY, project: p, ...(regionPackId ? { regionPackId } : {}) });

describe('questions about the asker’s own project', () => {
  it('我们的项目终验还差什么: ✅ for attached, ❌ for missing, the stage’s preconditions and dates', () => {
    const a = ask('我们的项目终验还差什么');
    expect(a.kind).toBe('project');
    expect(a.packId).toBe('jinzhai-2022');
    expect(a.title).toContain('JZ-2025-007');
    expect(a.materials?.map((m) => [m.id, m.attached])).toEqual(
      finalStage.materials.map((m) => [m.id, project.attachedMaterialIds.includes(m.id)]),
    );
    for (const m of finalStage.materials) {
      const mark = project.attachedMaterialIds.includes(m.id) ? '✅' : '❌';
      expect(
        a.lines.some((l) => l.startsWith(`${mark} ${m.name}`)),
        m.name,
      ).toBe(true);
    }
    expect(a.lines.join('\n')).toContain(`还差${finalStage.materials.length - 3}项`);
    // 初验及问题整改报告 is not attached: the precondition is not met.
    expect(a.lines.some((l) => l.startsWith('❌ 前提：终验须在初验合格后进行'))).toBe(true);
    // 试运行 started 2025-04-01: 终验 not before 2025-07-01, which is after today.
    expect(a.lines.some((l) => l.startsWith('⏳') && l.includes('2025-07-01'))).toBe(true);
    expect(a.citations[0]!.article).toBe(17);
  });

  it('lists the open deadlines (overdue ones flagged) and the rectifications with their measure', () => {
    const a = ask('我们的项目现在什么情况');
    const text = a.lines.join('\n');
    expect(text).toContain('已逾期6天');
    expect(text).toContain('还剩14天');
    expect(text.indexOf('2025-06-10')).toBeLessThan(text.indexOf('2025-06-30'));
    expect(text).toContain('未按批复建设内容实施');
    expect(text).toContain('限期整改');
    expect(a.citations.map((c) => c.article)).toEqual(expect.arrayContaining([17, 18, 15, 20]));
  });

  it('the project number refers to it too', () => {
    expect(ask('JZ-2025-007 还差什么材料').kind).toBe('project');
  });

  it('before any stage: the declaration materials of its kind, conditions applied', () => {
    const mudanProject: ProjectSnapshot = {
      ...project,
      number: 'MD-9',
      packId: 'mudan-2023',
      kind: 'government_build',
      stage: null,
      attachedMaterialIds: ['project_application'],
      facts: { text: '跨部门共建的城市管理平台' },
      openDeadlines: [],
      rectifications: [],
    };
    const a = ask('我们的项目申报还差什么材料', mudanProject, 'jinzhai-2022');
    expect(a.packId).toBe('mudan-2023');
    const ids = a.materials!.map((m) => m.id);
    expect(ids).toContain('joint_construction_plan');
    expect(a.materials!.find((m) => m.id === 'project_application')!.attached).toBe(true);
    expect(a.lines.some((l) => l.startsWith('✅ 项目立项申请'))).toBe(true);
    expect(a.lines.some((l) => l.startsWith('❌ 事前绩效评估报告'))).toBe(true);
    expect(a.validityNote).toContain('已过期');
  });

  it('下一步: the stage after the current one', () => {
    const a = ask('我们项目下一步要准备什么', { ...project, stage: 'initial_acceptance' });
    expect(a.materials?.map((m) => m.id)).toEqual(finalStage.materials.map((m) => m.id));
  });

  it('a question that does not refer to the project gets the general answer', () => {
    const a = ask('金寨终验需要什么材料');
    expect(a.kind).toBe('structured');
    expect(a.materials?.every((m) => m.attached === undefined)).toBe(true);
  });
});
