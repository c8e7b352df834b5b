import { describe, expect, it } from 'vitest';
import { isPlanError, planChangeRoute, planRoute, type RoutePlan } from '../../src/approval/plan.js';
import { routeSteps } from '../../src/rules/engine.js';
import { PACKS, packById } from '../../src/rules/packs/index.js';
import { yunling2024 } from '../fixtures/demo-region-pack.js';
import { EXTRA_OFFICES, officesFor } from './fake-directory.js';

const FACTS = { investmentWan: 300, fiscalFundsWan: 300, text: '重大项目 新设立部门' };

function plan(
  packId: string,
  kind: string,
  facts = FACTS,
  offices = officesFor(packId, EXTRA_OFFICES[packId]),
): RoutePlan {
  const p = planRoute(packById(packId)!, kind, facts, offices);
  if (isPlanError(p)) throw new Error(p.error);
  return p;
}

describe('planRoute', () => {
  it('plans every kind of every shipped pack with the example directory', () => {
    for (const pack of PACKS) {
      for (const kind of pack.projectKinds) {
        const p = plan(pack.id, kind.id);
        const engineSteps = routeSteps(pack, kind.id, FACTS);
        // every engine step is either an approval step or fulfilled by the declaration
        expect(p.steps.length + p.declaration.length, `${pack.id}/${kind.id}`).toBe(engineSteps.length);
        expect([...p.declaration.map((d) => d.stepId), ...p.steps.map((s) => s.stepId)].sort()).toEqual(
          engineSteps.map((s) => s.id).sort(),
        );
        p.steps.forEach((s, i) => {
          expect(s.index).toBe(i);
          expect(s.offices.length).toBeGreaterThan(0);
          for (const o of s.offices) expect(o.members.length).toBeGreaterThan(0);
        });
      }
    }
  });

  it('金寨: the unit step is the declaration; 会同审核 involves 县智慧办 and the 会同 office; 县财政局 records funding', () => {
    const p = plan('jinzhai-2022', 'new_build');
    expect(p.declaration.map((d) => d.stepId)).toEqual(['declaration']);
    expect(p.steps.map((s) => s.stepId)).toEqual([
      'joint_review',
      'written_opinion',
      'government_approval',
      'opinion_feedback',
      'funding',
    ]);
    expect(p.steps[0]!.offices.map((o) => [o.officeName, o.role])).toEqual([
      ['县智慧办', 'reviewer'],
      ['县委网信办', 'joint_reviewer'],
    ]);
    expect(p.steps[0]!.offices[0]!.leaders).toEqual(['ou_jzZhbZhao']);
    expect(p.steps.map((s) => s.recordsFunding)).toEqual([false, false, false, false, true]);
    expect(p.steps[0]).toMatchObject({
      name: '县智慧办会同有关部门审核项目方案',
      produces: '审核意见',
      article: 9,
      mode: 'all',
    });
    expect(p.route).toEqual({
      id: 'review_approval',
      name: '县智慧办审核、县政府批准',
      resubmitFrom: 'start',
      article: 9,
    });
  });

  it('a joint role without an office is left out; the step still runs with its main role', () => {
    const p = plan('jinzhai-2022', 'new_build', FACTS, officesFor('jinzhai-2022'));
    expect(p.steps[0]!.offices.map((o) => o.officeName)).toEqual(['县智慧办']);
  });

  it('skipped steps are gone (金寨 without fiscal money has no 县财政局 step)', () => {
    const p = plan('jinzhai-2022', 'new_build', { ...FACTS, fiscalFundsWan: 0 });
    expect(p.steps.map((s) => s.stepId)).not.toContain('funding');
  });

  it('a missing main role is an error naming the region and role', () => {
    const offices = officesFor('jinzhai-2022');
    delete offices.finance;
    const p = planRoute(packById('jinzhai-2022')!, 'new_build', FACTS, offices);
    expect(isPlanError(p)).toBe(true);
    if (!isPlanError(p)) return;
    expect(p.error).toContain('金寨县');
    expect(p.error).toContain('finance');
    expect(p.error).toContain('县财政局');
    expect(p).toMatchObject({ stepId: 'funding', role: 'finance' });
  });

  it('an office without members does not count', () => {
    const offices = officesFor('gaoping-2020');
    offices.approver = [{ officeId: 9, officeName: '市人民政府', members: [], leaders: [] }];
    const p = planRoute(packById('gaoping-2020')!, 'new_build', FACTS, offices);
    expect(isPlanError(p) && p.role).toBe('approver');
  });

  it('the escalation limit is the deployment default, or the pack limit for the role where the pack has one', () => {
    const p = plan('huaian-draft', 'new_build');
    expect(p.steps.every((s) => s.limit.workingDays === 3 && s.limit.source === 'deployment')).toBe(true);
    const p5 = planRoute(packById('huaian-draft')!, 'new_build', FACTS, officesFor('huaian-draft'), {
      defaultLimitWorkingDays: 5,
    });
    expect(!isPlanError(p5) && p5.steps[0]!.limit.workingDays).toBe(5);

    // 云岭县 (a fifth, made-up region): 15 working days for the reviewer, from its article 2
    const y = planRoute(
      yunling2024,
      yunling2024.projectKinds[0]!.id,
      { investmentWan: 80 },
      {
        reviewer: [{ officeId: 1, officeName: '县数据资源局', members: ['ou_a'], leaders: [] }],
        approver: [{ officeId: 2, officeName: '县人民政府', members: ['ou_b'], leaders: [] }],
      },
    );
    if (isPlanError(y)) throw new Error(y.error);
    expect(y.steps.map((s) => [s.stepId, s.limit.workingDays, s.limit.source, s.limit.article])).toEqual([
      ['review', 15, 'pack', 2],
      ['approve', 3, 'deployment', undefined],
    ]);
  });

  it('淮安 年度计划会商 involves 市数据局, 市发改委 and 市财政局; 运维 skips 立项审批', () => {
    const p = plan('huaian-draft', 'new_build');
    expect(p.steps[0]!.offices.map((o) => o.officeName)).toEqual(['市数据局', '市发展改革委', '市财政局']);
    expect(p.steps[2]!.offices.map((o) => o.officeName)).toEqual([
      '市数据局',
      '市委网信办',
      '市密码管理局',
      '市档案局',
    ]);
    expect(plan('huaian-draft', 'operation').steps.map((s) => s.stepId)).not.toContain('project_approval');
  });
});

describe('planChangeRoute: a change (调整/变更) that needs approval, routed from the pack’s change route', () => {
  const change = (packId: string, kind: string, facts = FACTS) => {
    const p = planChangeRoute(packById(packId)!, kind, facts, officesFor(packId));
    if (isPlanError(p)) throw new Error(p.error);
    return p;
  };
  const steps = (p: RoutePlan) =>
    p.steps.map((s) => [s.name, s.offices.map((o) => o.officeName).join('、'), s.article]);

  it('金寨 第十五条: the unit’s request is the application; 县政府 decides (县智慧办 is told, not asked)', () => {
    const p = change('jinzhai-2022', 'new_build');
    expect(p.route).toMatchObject({ id: 'adjustment', article: 15 });
    expect(p.declaration.map((d) => d.stepId)).toEqual(['adjustment_application']);
    expect(steps(p)).toEqual([['县政府审批调整申请', '县政府', 15]]);
  });

  it('牡丹区 第二十一条: 项目主管部门, then 区发改局 for government investment; 行政审批服务局 for the social part of a joint build', () => {
    expect(steps(change('mudan-2023', 'government_build'))).toEqual([
      ['项目主管部门审核项目变更', '区大数据局', 16],
      ['区发展和改革局审批项目变更（涉及政府投资）', '区发展和改革局', 21],
    ]);
    expect(steps(change('mudan-2023', 'joint_build', { ...FACTS, fiscalFundsWan: 0 })).map((s) => s[1])).toEqual([
      '区大数据局',
      '区行政审批服务局',
    ]);
    expect(steps(change('mudan-2023', 'operation')).map((s) => s[1])).toEqual(['区大数据局']);
  });

  it('淮安 第二十五条: back to 市数据局 and, for projects with 立项审批, 市发改委', () => {
    expect(steps(change('huaian-draft', 'new_build'))).toEqual([
      ['市数据局审核项目变更', '市数据局', 4],
      ['市发改委审批项目变更（投资概算）', '市发展改革委', 25],
    ]);
    expect(steps(change('huaian-draft', 'operation')).map((s) => s[1])).toEqual(['市数据局']);
  });

  it('高平 第十九条: the unit submits the 调整申请; the 主管部门 assesses it', () => {
    const p = change('gaoping-2020', 'new_build');
    expect(p.declaration.map((d) => d.stepId)).toEqual(['adjustment_request']);
    expect(steps(p)).toEqual([['市政务信息化主管部门综合评估并提出意见', '市行政审批服务管理局', 19]]);
  });

  it('escalation limits are the deployment’s (the pack’s limits count from a declaration)', () => {
    for (const pack of PACKS)
      for (const s of change(pack.id, pack.projectKinds[0]!.id).steps) expect(s.limit.source).toBe('deployment');
  });

  it('a pack without a change route sends a change the way its declaration went', () => {
    const { changeRoute: _none, ...rest } = packById('gaoping-2020')!;
    const p = planChangeRoute(rest, 'new_build', FACTS, officesFor('gaoping-2020'));
    if (isPlanError(p)) throw new Error(p.error);
    expect(p.route.id).toBe('approval');
  });
});
