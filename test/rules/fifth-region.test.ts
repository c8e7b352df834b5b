import { describe, expect, it } from 'vitest';
import { renderRulesMarkdown } from '../../src/rules/docs.js';
import {
  allDueDates,
  citation,
  describeCondition,
  dueDate,
  evaluate,
  packValidity,
  quoteOf,
  requiredMaterials,
  routeSteps,
  runChecks,
  scopeExclusions,
} from '../../src/rules/engine.js';
import type { RulePack } from '../../src/rules/types.js';
import { yunling2024 as pack } from '../fixtures/demo-region-pack.js';

/** Every (article, quote) a pack cites. */
function citations(p: RulePack): { where: string; article: number; quote?: string }[] {
  return [
    ...p.scope.exclusions.map((e) => ({ where: e.id, article: e.article, quote: e.quote })),
    ...p.projectKinds.flatMap((k) => [
      { where: k.id, article: k.article },
      ...k.materials.map((m) => ({ where: m.id, article: m.article, quote: m.quote })),
    ]),
    ...p.routes.flatMap((r) => [
      { where: r.id, article: r.article },
      ...r.steps.map((s) => ({ where: s.id, article: s.article, quote: s.quote })),
    ]),
    ...p.stages.flatMap((s) => [
      { where: s.id, article: s.article },
      ...s.materials.map((m) => ({ where: m.id, article: m.article, quote: m.quote })),
    ]),
    ...p.timeLimits.map((l) => ({ where: l.id, article: l.article, quote: l.quote })),
    ...p.checks.map((c) => ({ where: c.id, article: c.article, quote: c.quote })),
    ...p.consequences.map((c) => ({ where: c.name, article: c.article, quote: c.quote })),
  ];
}

describe('a fifth region (云岭县, made up) is one file and works with every engine function', () => {
  it('its text parses into 第一条..第五条', () => {
    expect(pack.articles.map((a) => a.label)).toEqual(['第一条', '第二条', '第三条', '第四条', '第五条']);
  });

  it('every rule cites an existing article and quotes its words', () => {
    for (const c of citations(pack)) {
      const a = pack.articles.find((x) => x.no === c.article);
      expect(a, c.where).toBeDefined();
      if (c.quote) expect(a!.text, c.where).toContain(c.quote);
    }
  });

  it('第一条: 涉密 projects are out of scope', () => {
    expect(scopeExclusions(pack, '县委涉密网络改造').map((e) => e.id)).toEqual(['classified']);
    expect(scopeExclusions(pack, '智慧停车平台')).toEqual([]);
  });

  it('第二条: a new APP also needs 必要性说明', () => {
    expect(requiredMaterials(pack, 'new_build', { isNewApp: false }).map((m) => m.name)).toEqual([
      '项目申报书',
      '建设方案',
    ]);
    expect(requiredMaterials(pack, 'new_build', { isNewApp: true }).map((m) => m.name)).toEqual([
      '项目申报书',
      '建设方案',
      '必要性说明',
    ]);
  });

  it('第二条: 50万元 and above goes on to 县人民政府', () => {
    expect(routeSteps(pack, 'new_build', { investmentWan: 50 }).map((s) => s.name)).toEqual([
      '县数据资源局审核',
      '县人民政府审批',
    ]);
    expect(routeSteps(pack, 'new_build', { investmentWan: 49.9 }).map((s) => s.name)).toEqual(['县数据资源局审核']);
  });

  it('第二条: declared Fri 2025-01-24, 15 working days across 春节 2025 → 2025-02-20', () => {
    // 01-26 (Sun, 调休), 01-27, 02-05, 02-06, 02-07, 02-08 (Sat, 调休), 02-10..02-14, 02-17..02-20
    expect(dueDate(pack, 'review_opinion', { declared: '2025-01-24' })).toMatchObject({
      due: '2025-02-20',
      provisional: false,
    });
  });

  it('第三条: contract signed Fri 2025-09-26, 5 working days across 国庆 2025 → 2025-10-10', () => {
    // 09-28 (Sun, 调休), 09-29, 09-30, 10-09, 10-10
    expect(dueDate(pack, 'contract_filing', { contract_signed: '2025-09-26' })?.due).toBe('2025-10-10');
  });

  it('第三条: 竣工验收 not before 2 months of trial run; allDueDates lists what is known', () => {
    const events = { contract_signed: '2025-09-26', trial_run_started: '2025-12-31' };
    expect(allDueDates(pack, events).map((d) => [d.limit.id, d.due])).toEqual([
      ['contract_filing', '2025-10-10'],
      ['trial_run', '2026-03-01'],
    ]);
  });

  it('第四条: 第三方测评 is raised at 50万元 until the report is attached', () => {
    expect(runChecks(pack, { investmentWan: 80 }).map((f) => [f.id, f.level, f.article])).toEqual([
      ['third_party_testing', 'warning', 4],
    ]);
    expect(runChecks(pack, { investmentWan: 80, materials: ['test_report'] })).toEqual([]);
    expect(evaluate(pack.checks[0]!.when, { investmentWan: 10 })).toBe(false);
    expect(describeCondition(pack.checks[0]!.when, pack)).toBe('投资额 ≥ 50万元且未附“第三方测评报告”');
  });

  it('第五条: in force from 2024-03-01; citations and quotes name the article', () => {
    expect(packValidity(pack, '2025-01-01').status).toBe('in_force');
    expect(packValidity(pack, '2024-02-29').status).toBe('not_yet_in_force');
    expect(citation(pack, 5)).toEqual({
      label: '第五条',
      text: '本办法自2024年3月1日起施行。',
      title: '云岭县政务信息化项目管理办法',
    });
    expect(quoteOf(pack, 4, '责令限期整改')).toBe('《云岭县政务信息化项目管理办法》第四条：“责令限期整改”');
  });

  it('the docs renderer covers it without any change elsewhere', () => {
    const doc = renderRulesMarkdown([pack]);
    expect(doc).toContain('## 云岭县：《云岭县政务信息化项目管理办法》');
    expect(doc).toContain('- 效力：自2024年3月1日起施行');
    expect(doc).toContain('- **合同报县数据资源局备案**（`contract_filing`）：“合同签订”之日起5个工作日内');
    expect(doc).toContain('第三条：“合同签订后5个工作日内将合同报县数据资源局备案”');
    expect(doc).toContain('- **提醒** 投资额50万元以上的项目，应当在竣工验收前开展第三方测评（`third_party_testing`）');
    expect(doc).toContain('   - 跳过：投资额 < 50万元');
    expect(doc).toContain('2. **暂停拨付项目资金** — 第四条：“逾期不整改的，暂停拨付项目资金”');
  });
});
