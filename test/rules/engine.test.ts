import { describe, expect, it } from 'vitest';
import { parseArticles } from '../../src/rules/articles.js';
import {
  allDueDates,
  citation,
  describeCondition,
  describeDuration,
  describeTimeLimit,
  dueDate,
  evaluate,
  packValidity,
  quoteOf,
  requiredMaterials,
  routeSteps,
  runChecks,
  scopeExclusions,
} from '../../src/rules/engine.js';
import { mentionsAffirmatively } from '../../src/rules/engine.js';
import type { Condition, RulePack, TimeLimit } from '../../src/rules/types.js';

const TEXT = `第一条 为规范本县政务信息化项目管理，制定本办法。
第二条 涉及国家秘密的项目，不适用本办法。
第三条 项目建设单位申报项目，应当提交项目建设方案；基于已有系统建设的，还应当提交现有系统清单。
第四条 项目由县数据局审核；投资额100万元以上的，报县政府审批；运维项目不再报县政府审批。
第五条 合同签订后10个工作日内报县数据局备案。试运行满3个月后方可申请终验。每年10月1日前报送下一年度项目计划。每季度结束后5个工作日内报送项目进度。终验所在预算年度结束后6个月内完成决算。终验后免费运维期不少于2年。终验后12至24个月内开展绩效评价。
第六条 投资额100万元以上的，应当委托工程监理。未通过密码应用安全性评估的，不得组织终验。
第七条 违反本办法的，责令限期整改；拒不整改的，暂缓安排投资计划。
第八条 本办法自2023年5月8日起试行，有效期至2025年5月8日。`;

const limit = (l: Omit<TimeLimit, 'responsible'>): TimeLimit => ({ responsible: 'unit', ...l });

function testPack(
  status: RulePack['identity']['status'] = { kind: 'trial', since: '2023-05-08', until: '2025-05-08', article: 8 },
): RulePack {
  return {
    id: 'test-2023',
    version: { label: '2023' },
    region: { id: 'test', name: '测试县', code: 'CS' },
    identity: { title: '测试县政务信息化项目管理办法（试行）', issuer: '测试县人民政府办公室', status },
    articles: parseArticles(TEXT),
    forms: [],
    scope: {
      exclusions: [
        {
          id: 'classified',
          label: '涉密项目',
          keywords: ['涉密', '国家秘密'],
          article: 2,
          quote: '涉及国家秘密的项目，不适用本办法',
        },
      ],
    },
    projectKinds: [
      {
        id: 'new_build',
        label: '新建',
        route: 'standard',
        article: 3,
        materials: [
          { id: 'plan', name: '项目建设方案', article: 3, quote: '应当提交项目建设方案' },
          {
            id: 'inventory',
            name: '现有系统清单',
            when: { fact: 'hasExistingSystem', op: '==', value: true },
            article: 3,
            quote: '还应当提交现有系统清单',
          },
        ],
      },
      {
        id: 'operation',
        label: '运维',
        route: 'standard',
        article: 4,
        materials: [{ id: 'plan', name: '项目建设方案', article: 3 }],
      },
    ],
    routes: [
      {
        id: 'standard',
        name: '审核审批',
        resubmitFrom: 'start',
        article: 4,
        steps: [
          {
            id: 'review',
            name: '县数据局审核',
            role: 'reviewer',
            mode: 'all',
            produces: '审核意见',
            article: 4,
            quote: '项目由县数据局审核',
          },
          {
            id: 'approve',
            name: '县政府审批',
            role: 'approver',
            mode: 'all',
            produces: '批复',
            skipWhen: {
              any: [
                { fact: 'kind', op: '==', value: 'operation' },
                { fact: 'investmentWan', op: '<', value: 100 },
              ],
            },
            article: 4,
            quote: '投资额100万元以上的，报县政府审批',
          },
        ],
      },
    ],
    events: [
      { id: 'contract_signed', label: '合同签订' },
      { id: 'trial_run_started', label: '试运行开始' },
      { id: 'final_acceptance', label: '终验' },
    ],
    stages: [
      {
        id: 'final_acceptance',
        name: '终验',
        completedBy: 'final_acceptance',
        materials: [{ id: 'acceptance_report', name: '验收报告', article: 5 }],
        requires: [
          { condition: { fact: 'passedCryptoAssessment', op: '==', value: true }, message: '须先通过密评', article: 6 },
        ],
        notBefore: { event: 'trial_run_started', offset: { amount: 3, unit: 'months' }, article: 5 },
        article: 5,
      },
    ],
    timeLimits: [
      limit({
        id: 'contract_filing',
        obligation: '合同备案',
        trigger: { kind: 'event', event: 'contract_signed' },
        type: 'deadline',
        offset: { amount: 10, unit: 'working_days' },
        article: 5,
        quote: '合同签订后10个工作日内报县数据局备案',
      }),
      limit({
        id: 'trial_run',
        obligation: '试运行满3个月后方可申请终验',
        trigger: { kind: 'event', event: 'trial_run_started' },
        type: 'not_before',
        offset: { amount: 3, unit: 'months' },
        article: 5,
        quote: '试运行满3个月后方可申请终验',
      }),
      limit({
        id: 'annual_plan',
        obligation: '报送下一年度项目计划',
        trigger: { kind: 'annual', month: 10, day: 1 },
        type: 'deadline',
        offset: { amount: 0, unit: 'days' },
        article: 5,
        quote: '每年10月1日前报送下一年度项目计划',
      }),
      limit({
        id: 'quarterly_progress',
        obligation: '报送项目进度',
        trigger: { kind: 'quarterly' },
        type: 'deadline',
        offset: { amount: 5, unit: 'working_days' },
        article: 5,
        quote: '每季度结束后5个工作日内报送项目进度',
      }),
      limit({
        id: 'final_accounts',
        obligation: '完成决算',
        trigger: { kind: 'budget_year_end', event: 'final_acceptance' },
        type: 'deadline',
        offset: { amount: 6, unit: 'months' },
        article: 5,
        quote: '终验所在预算年度结束后6个月内完成决算',
      }),
      limit({
        id: 'free_maintenance',
        obligation: '免费运维',
        trigger: { kind: 'event', event: 'final_acceptance' },
        type: 'minimum',
        offset: { amount: 2, unit: 'years' },
        article: 5,
        quote: '终验后免费运维期不少于2年',
      }),
      limit({
        id: 'performance_review',
        obligation: '开展绩效评价',
        trigger: { kind: 'event', event: 'final_acceptance' },
        type: 'window',
        offset: { amount: 12, unit: 'months' },
        until: { amount: 24, unit: 'months' },
        when: { fact: 'isSoftwareDevelopment', op: '==', value: true },
        article: 5,
        quote: '终验后12至24个月内开展绩效评价',
      }),
    ],
    checks: [
      {
        id: 'supervision',
        level: 'warning',
        when: {
          all: [{ fact: 'investmentWan', op: '>=', value: 100 }, { not: { hasMaterial: 'supervision_contract' } }],
        },
        message: '投资额100万元以上的，应当委托工程监理',
        article: 6,
        quote: '投资额100万元以上的，应当委托工程监理',
      },
      {
        id: 'crypto',
        level: 'blocker',
        when: { not: { fact: 'passedCryptoAssessment', op: '==', value: true } },
        message: '未通过密评的，不得组织终验',
        article: 6,
        quote: '未通过密码应用安全性评估的，不得组织终验',
      },
    ],
    consequences: [
      { rung: 1, name: '限期整改', article: 7, quote: '责令限期整改' },
      { rung: 2, name: '暂缓安排投资计划', article: 7, quote: '暂缓安排投资计划' },
    ],
    roleNames: { reviewer: '县数据局', approver: '县政府' },
  };
}

const pack = testPack();

describe('evaluate', () => {
  it('compares numbers with every operator', () => {
    const f = { investmentWan: 100 };
    expect(
      ['>=', '>', '<=', '<', '==', '!='].map((op) =>
        evaluate({ fact: 'investmentWan', op: op as '>=', value: 100 }, f),
      ),
    ).toEqual([true, false, true, false, true, false]);
  });
  it('a comparison on an unknown fact is false, even !=; its negation is true', () => {
    expect(evaluate({ fact: 'investmentWan', op: '>=', value: 0 }, {})).toBe(false);
    expect(evaluate({ fact: 'passedCryptoAssessment', op: '!=', value: true }, {})).toBe(false);
    expect(evaluate({ not: { fact: 'passedCryptoAssessment', op: '==', value: true } }, {})).toBe(true);
  });
  it('in, all, any, not', () => {
    const c: Condition = {
      all: [
        { fact: 'kind', op: 'in', value: ['new_build', 'upgrade'] },
        { any: [{ fact: 'isNewApp', op: '==', value: true }, { not: { fact: 'fiscalFundsWan', op: '<', value: 50 } }] },
      ],
    };
    expect(evaluate(c, { kind: 'new_build', isNewApp: true })).toBe(true);
    expect(evaluate(c, { kind: 'new_build', isNewApp: false, fiscalFundsWan: 10 })).toBe(false);
    expect(evaluate(c, { kind: 'operation', isNewApp: true })).toBe(false);
  });
  it('mentions is a case-insensitive substring match on text', () => {
    expect(evaluate({ mentions: ['服务器', 'app'] }, { text: '开发一个APP' })).toBe(true);
    expect(evaluate({ mentions: ['服务器'] }, { text: '购置办公电脑' })).toBe(false);
    expect(evaluate({ mentions: ['服务器'] }, {})).toBe(false);
  });
  it('materials: hasMaterial, == (includes) and in (includes one of)', () => {
    const f = { materials: ['plan', 'budget'] };
    expect(evaluate({ hasMaterial: 'plan' }, f)).toBe(true);
    expect(evaluate({ hasMaterial: 'inventory' }, f)).toBe(false);
    expect(evaluate({ fact: 'materials', op: '==', value: 'budget' }, f)).toBe(true);
    expect(evaluate({ fact: 'materials', op: 'in', value: ['x', 'budget'] }, f)).toBe(true);
    expect(evaluate({ fact: 'materials', op: 'in', value: ['x'] }, f)).toBe(false);
  });
  it('ordering a string or boolean is false, not a coercion', () => {
    expect(evaluate({ fact: 'kind', op: '>=', value: 1 }, { kind: '2' })).toBe(false);
  });
});

describe('describeCondition', () => {
  it('renders thresholds, keywords and booleans in Chinese', () => {
    expect(describeCondition({ fact: 'investmentWan', op: '>=', value: 100 })).toBe('投资额 ≥ 100万元');
    expect(describeCondition({ mentions: ['服务器', '机房'] })).toBe('提及“服务器”或“机房”');
    expect(describeCondition({ fact: 'isSoftwareDevelopment', op: '==', value: true })).toBe('属于软件开发项目');
    expect(describeCondition({ fact: 'passedCryptoAssessment', op: '!=', value: true })).toBe(
      '未通过密码应用安全性评估',
    );
    expect(describeCondition({ fact: 'budgetAdjustmentRatio', op: '>', value: 0.1 })).toBe('预算调整幅度 > 10%');
  });
  it('renders negations', () => {
    expect(describeCondition({ not: { fact: 'passedCryptoAssessment', op: '==', value: true } })).toBe(
      '未通过密码应用安全性评估',
    );
    expect(describeCondition({ not: { fact: 'investmentWan', op: '>=', value: 100 } })).toBe('投资额 < 100万元');
    expect(describeCondition({ not: { mentions: ['涉密'] } })).toBe('未提及“涉密”');
    expect(describeCondition({ not: { all: [{ mentions: ['a'] }, { mentions: ['b'] }] } })).toBe(
      '并非（提及“a”且提及“b”）',
    );
  });
  it('names kinds and materials by their labels when given the pack, and brackets nested groups', () => {
    const c: Condition = {
      all: [
        { fact: 'kind', op: 'in', value: ['new_build', 'operation'] },
        { any: [{ hasMaterial: 'plan' }, { fact: 'fiscalFundsWan', op: '<', value: 50 }] },
      ],
    };
    expect(describeCondition(c, pack)).toBe('项目类型为“新建”或“运维”且（已附“项目建设方案”或财政资金 < 50万元）');
    expect(describeCondition({ not: { hasMaterial: 'inventory' } }, pack)).toBe('未附“现有系统清单”');
    expect(describeCondition({ fact: 'kind', op: '==', value: 'operation' })).toBe('项目类型为“operation”');
  });
});

describe('checks, materials, routes, scope', () => {
  it('runChecks raises the checks whose condition holds, with article and quote', () => {
    expect(runChecks(pack, { investmentWan: 120, passedCryptoAssessment: false })).toEqual([
      {
        id: 'supervision',
        level: 'warning',
        message: '投资额100万元以上的，应当委托工程监理',
        article: 6,
        quote: '投资额100万元以上的，应当委托工程监理',
      },
      {
        id: 'crypto',
        level: 'blocker',
        message: '未通过密评的，不得组织终验',
        article: 6,
        quote: '未通过密码应用安全性评估的，不得组织终验',
      },
    ]);
    expect(
      runChecks(pack, { investmentWan: 120, passedCryptoAssessment: true, materials: ['supervision_contract'] }),
    ).toEqual([]);
    expect(runChecks(pack, { investmentWan: 99, passedCryptoAssessment: true }).map((f) => f.id)).toEqual([]);
  });
  it('requiredMaterials adds the inventory only for projects on an existing system', () => {
    expect(requiredMaterials(pack, 'new_build', {}).map((m) => m.id)).toEqual(['plan']);
    expect(requiredMaterials(pack, 'new_build', { hasExistingSystem: true }).map((m) => m.id)).toEqual([
      'plan',
      'inventory',
    ]);
    expect(() => requiredMaterials(pack, 'nope', {})).toThrow(/nope/);
  });
  it('routeSteps skips 县政府审批 below 100万元 and for 运维 projects', () => {
    expect(routeSteps(pack, 'new_build', { investmentWan: 150 }).map((s) => s.id)).toEqual(['review', 'approve']);
    expect(routeSteps(pack, 'new_build', { investmentWan: 80 }).map((s) => s.id)).toEqual(['review']);
    expect(routeSteps(pack, 'operation', { investmentWan: 150 }).map((s) => s.id)).toEqual(['review']);
  });
  it('scopeExclusions finds 涉密 by keyword', () => {
    expect(scopeExclusions(pack, '某涉密网络改造').map((e) => e.id)).toEqual(['classified']);
    expect(scopeExclusions(pack, '政务服务平台升级')).toEqual([]);
  });
});

describe('time limits', () => {
  it('event + working days across National Day 2024: 09-27 + 10 = 10-16', () => {
    const d = dueDate(pack, 'contract_filing', { contract_signed: '2024-09-27' });
    expect(d).toMatchObject({ from: '2024-09-27', due: '2024-10-16', provisional: false });
    expect(d?.limit.id).toBe('contract_filing');
  });
  it('null when the triggering event is not known', () => {
    expect(dueDate(pack, 'contract_filing', {})).toBeNull();
    expect(dueDate(pack, 'quarterly_progress', {})).toBeNull();
    expect(dueDate(pack, 'annual_plan', {})).toBeNull();
  });
  it('unknown limit id throws', () => {
    expect(() => dueDate(pack, 'nope', {})).toThrow(/nope/);
  });
  it('not_before in months is the day after the period: trial run from 2025-11-30, 3 months to 2026-02-28 → 2026-03-01', () => {
    expect(dueDate(pack, 'trial_run', { trial_run_started: '2025-11-30' })?.due).toBe('2026-03-01');
  });
  it('annual: the date in the given year, or the next one on or after asOf', () => {
    expect(dueDate(pack, 'annual_plan', {}, 2025)).toMatchObject({ from: '2025-10-01', due: '2025-10-01' });
    expect(dueDate(pack, 'annual_plan', { asOf: '2025-09-30' })?.due).toBe('2025-10-01');
    expect(dueDate(pack, 'annual_plan', { asOf: '2025-10-02' })?.due).toBe('2026-10-01');
  });
  it('quarterly: end of the quarter containing asOf + 5 working days (Q3 2025 → 10-14, past 国庆)', () => {
    // 09-30 + 5: 10-01..10-08 off, 10-09, 10-10, 10-11 (Sat, 调休), 10-13, 10-14
    expect(dueDate(pack, 'quarterly_progress', { asOf: '2025-08-14' })).toMatchObject({
      from: '2025-09-30',
      due: '2025-10-14',
    });
    expect(dueDate(pack, 'quarterly_progress', { asOf: '2025-02-01' })?.from).toBe('2025-03-31');
    expect(dueDate(pack, 'quarterly_progress', { asOf: '2025-06-30' })?.from).toBe('2025-06-30');
  });
  it('budget_year_end: final acceptance 2025-03-10 → 2025-12-31 + 6 months = 2026-06-30', () => {
    expect(dueDate(pack, 'final_accounts', { final_acceptance: '2025-03-10' })).toMatchObject({
      from: '2025-12-31',
      due: '2026-06-30',
    });
  });
  it('minimum: 2 years from 2024-02-29 ends 2026-02-28', () => {
    expect(dueDate(pack, 'free_maintenance', { final_acceptance: '2024-02-29' })?.due).toBe('2026-02-28');
  });
  it('window: 12 to 24 months after 2025-08-31 — opens the day after the 12 months', () => {
    expect(dueDate(pack, 'performance_review', { final_acceptance: '2025-08-31' })).toMatchObject({
      due: '2026-09-01',
      until: '2027-08-31',
      provisional: false,
    });
  });
  it('a working-day count into a year without holiday data is provisional', () => {
    expect(dueDate(pack, 'contract_filing', { contract_signed: '2099-06-01' })?.provisional).toBe(true);
  });
  it('allDueDates lists the limits whose trigger is known, and drops those whose `when` fails for the facts', () => {
    const events = { contract_signed: '2024-09-27', final_acceptance: '2025-08-31' };
    expect(allDueDates(pack, events).map((d) => d.limit.id)).toEqual([
      'contract_filing',
      'final_accounts',
      'free_maintenance',
      'performance_review',
    ]);
    expect(allDueDates(pack, events, 2025).map((d) => d.limit.id)).toEqual([
      'contract_filing',
      'annual_plan',
      'final_accounts',
      'free_maintenance',
      'performance_review',
    ]);
    expect(allDueDates(pack, events, undefined, { isSoftwareDevelopment: false }).map((d) => d.limit.id)).toEqual([
      'contract_filing',
      'final_accounts',
      'free_maintenance',
    ]);
  });
  it('describes durations and limits in Chinese', () => {
    expect(describeDuration({ amount: 10, unit: 'working_days' })).toBe('10个工作日');
    expect(describeTimeLimit(pack.timeLimits[0]!, pack)).toBe('“合同签订”之日起10个工作日内');
    expect(describeTimeLimit(pack.timeLimits[2]!, pack)).toBe('每年10月1日前');
    expect(describeTimeLimit(pack.timeLimits[6]!, pack)).toBe('“终验”之日起12个月至24个月之间');
    expect(describeTimeLimit(pack.timeLimits[1]!, pack)).toBe('“试运行开始”之日起满3个月后');
    expect(describeTimeLimit(pack.timeLimits[3]!, pack)).toBe('每季度末后5个工作日内');
    expect(describeTimeLimit(pack.timeLimits[4]!, pack)).toBe('“终验”所在预算年度结束（12月31日）后6个月内');
    expect(describeTimeLimit(pack.timeLimits[5]!, pack)).toBe('“终验”之日起不少于2年');
  });
});

describe('citations and validity', () => {
  it('citation gives label, article text and title', () => {
    expect(citation(pack, 6)).toEqual({
      label: '第六条',
      text: '投资额100万元以上的，应当委托工程监理。未通过密码应用安全性评估的，不得组织终验。',
      title: '测试县政务信息化项目管理办法（试行）',
    });
    expect(() => citation(pack, 99)).toThrow();
  });
  it('a trial pack is trial inside its period, expired_trial after it, not yet in force before it', () => {
    expect(packValidity(pack, '2024-01-01').status).toBe('trial');
    expect(packValidity(pack, '2025-05-08').status).toBe('trial');
    expect(packValidity(pack, '2025-05-09')).toEqual({
      status: 'expired_trial',
      note: '《测试县政务信息化项目管理办法（试行）》为试行办法，有效期至2025年5月8日，已过期（第八条），以下规则仅供参考',
    });
    expect(packValidity(pack, '2023-05-07').status).toBe('not_yet_in_force');
  });
  it('in force and draft', () => {
    expect(packValidity(testPack({ kind: 'in_force', since: '2022-06-01' }), '2025-01-01')).toEqual({
      status: 'in_force',
      note: '《测试县政务信息化项目管理办法（试行）》自2022年6月1日起施行，现行有效',
    });
    const draft = testPack({ kind: 'draft', note: '2024年征求意见稿' });
    expect(packValidity(draft, '2025-01-01')).toEqual({
      status: 'draft',
      note: '《测试县政务信息化项目管理办法（试行）》为征求意见稿，尚未正式施行，以下规则仅供参考',
    });
    expect(quoteOf(draft, 7, '责令限期整改')).toBe(
      '《测试县政务信息化项目管理办法（试行）》第七条：“责令限期整改”（注：该办法为征求意见稿，尚未正式施行，仅供参考）',
    );
  });
  it('quoteOf quotes the article and adds the validity when the pack is not in force', () => {
    const inForce = testPack({ kind: 'in_force', since: '2022-06-01' });
    expect(quoteOf(inForce, 7, '责令限期整改')).toBe('《测试县政务信息化项目管理办法（试行）》第七条：“责令限期整改”');
    expect(quoteOf(pack, 7, '责令限期整改', '2025-06-01')).toBe(
      '《测试县政务信息化项目管理办法（试行）》第七条：“责令限期整改”（注：该办法为试行办法，有效期至2025年5月8日，已过期（第八条），仅供参考）',
    );
    expect(quoteOf(pack, 7, '责令限期整改')).toContain('有效期至2025年5月8日');
    expect(() => quoteOf(pack, 7, '不在条文中的话')).toThrow();
  });
});

describe('mentions ignores negated mentions', () => {
  it.each([
    ['本项目采购服务器2台', '服务器', true],
    ['本项目不采购服务器', '服务器', false],
    ['不涉及服务器、机房', '机房', false],
    ['非涉密系统', '涉密', false],
    ['现有服务器不足，需采购服务器', '服务器', true],
    ['无需新建机房。另建设大屏', '大屏', true],
    ['无需新建机房', '机房', false],
    ['不动产登记政务服务系统', '政务服务', true],
  ])('%s / %s → %s', (text, keyword, expected) => {
    expect(mentionsAffirmatively(text, keyword)).toBe(expected);
    expect(evaluate({ mentions: [keyword] }, { text })).toBe(expected);
  });
});
