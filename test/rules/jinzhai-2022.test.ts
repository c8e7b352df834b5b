import { describe, it, expect } from 'vitest';
import { citedArticles as articlesOf, citedQuotes as quotesOf } from '../support/pack-citations.js';
import { jinzhai2022 as pack } from '../../src/rules/packs/jinzhai-2022.js';
import { text } from '../../src/rules/texts/jinzhai-2022.js';
import {
  citation,
  dueDate,
  evaluate,
  requiredMaterials,
  routeSteps,
  runChecks,
  scopeExclusions,
} from '../../src/rules/engine.js';
import { isWorkingDay } from '../../src/calendar.js';
import type { ArticleNo } from '../../src/rules/types.js';

const article = (no: ArticleNo) => pack.articles.find((a) => a.no === no)!;
const limit = (id: string) => pack.timeLimits.find((l) => l.id === id)!;
const findings = (facts: Parameters<typeof runChecks>[1]) => runChecks(pack, facts).map((f) => f.id);

const citedQuotes = () => quotesOf(pack);
const citedArticles = () => articlesOf(pack);

describe('金寨县政务信息化项目管理办法（修订版）: the parsed text', () => {
  it('has 24 articles numbered 第一条 … 第二十四条 in six chapters', () => {
    expect(pack.articles.map((a) => a.no)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(pack.articles[23]!.label).toBe('第二十四条');
    expect([...new Set(pack.articles.map((a) => a.chapter))]).toEqual([
      '第一章 总则',
      '第二章 项目规划和审核管理',
      '第三章 项目实施管理',
      '第四章 项目验收和监督管理',
      '第五章 项目运维管理',
      '第六章 附则',
    ]);
  });

  it('第十八条 reads 项目建设单位须在… (the source writes "第十八  条项目建设单位")', () => {
    expect(article(18).text.startsWith('项目建设单位须在项目通过终验并投入运行后6个月内')).toBe(true);
    expect(pack.articles.some((a) => a.text.startsWith('条'))).toBe(false);
  });

  it('no article carries an extraction artefact, a Latin letter, a broken line or the attachments', () => {
    for (const a of pack.articles) {
      expect(a.text, a.label).not.toMatch(/#|＃| and |service/);
      expect(a.text, a.label).not.toMatch(/[A-Za-z]/); // the articles have no Latin letters at all
      for (const paragraph of a.text.split('\n')) expect(paragraph, a.label).toMatch(/[。；：]$/);
      expect(a.text, a.label).not.toMatch(/附件：|说明：|申请单位名称|\t/);
    }
    expect(article(24).text).toBe(
      '本办法自发布之日起施行,原《金寨县智慧城市（信息化）项目管理办法》（修订版）（金政办秘〔2018〕16号）同时废止。',
    );
    expect(article(9).text.split('\n')).toHaveLength(5); // 审核内容 (一)…(四)
  });

  it('every rule cites an existing article and quotes it word for word', () => {
    const numbers = new Set(pack.articles.map((a) => a.no));
    for (const n of citedArticles()) expect(numbers.has(n), `article ${n}`).toBe(true);
    const quotes = citedQuotes();
    expect(quotes.length).toBeGreaterThan(30);
    for (const q of quotes) {
      expect(q.quote.length, q.where).toBeGreaterThan(1);
      expect(article(q.article).text.includes(q.quote), `${q.where}: ${q.quote}`).toBe(true);
    }
  });

  it('ids are stable snake_case and unique within their list', () => {
    const lists = [
      pack.projectKinds.map((k) => k.id),
      pack.routes.map((r) => r.id),
      pack.events.map((e) => e.id),
      pack.stages.map((s) => s.id),
      pack.timeLimits.map((l) => l.id),
      pack.checks.map((c) => c.id),
      pack.scope.exclusions.map((e) => e.id),
      ...pack.routes.map((r) => r.steps.map((s) => s.id)),
    ];
    for (const ids of lists) {
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('every event a stage or a time limit names is a lifecycle event of the pack', () => {
    const events = new Set(pack.events.map((e) => e.id));
    for (const s of pack.stages) {
      expect(events.has(s.completedBy), s.id).toBe(true);
      if (s.notBefore) expect(events.has(s.notBefore.event), s.id).toBe(true);
    }
    for (const l of pack.timeLimits)
      if (l.trigger.kind === 'event') expect(events.has(l.trigger.event), l.id).toBe(true);
    for (const shared of [
      'declared',
      'approved',
      'contract_signed',
      'initial_acceptance',
      'trial_run_started',
      'final_acceptance',
      'operation_started',
    ]) {
      expect(events.has(shared), shared).toBe(true);
    }
  });

  it('citation(第十七条) gives the article with the measures title', () => {
    const c = citation(pack, 17);
    expect(c.label).toBe('第十七条');
    expect(c.title).toBe('金寨县政务信息化项目管理办法（修订版）');
    expect(c.text).toContain('初验合格且试运行3个月后');
  });
});

describe('identity and validity (通知, 第二十四条)', () => {
  it('金政办秘〔2022〕46号 of 金寨县人民政府办公室, in force from issue on 2022-06-16, replacing 金政办秘〔2018〕16号', () => {
    expect(pack.id).toBe('jinzhai-2022');
    expect(pack.region).toEqual({ id: 'jinzhai', name: '金寨县', code: 'JZ' });
    expect(pack.identity.docNumber).toBe('金政办秘〔2022〕46号');
    expect(pack.identity.issuer).toBe('金寨县人民政府办公室');
    expect(text).toContain(pack.identity.docNumber!);
    expect(text).toContain('2022年6月16日');
    expect(pack.identity.issued).toBe('2022-06-16');
    expect(pack.identity.status).toEqual({ kind: 'in_force', since: '2022-06-16' });
    expect(pack.identity.replaces).toContain('金政办秘〔2018〕16号');
    expect(text).toContain(pack.identity.title);
  });
});

describe('scope (第三条)', () => {
  it('第三条: 有保密要求的 (涉密) projects are not covered', () => {
    expect(scopeExclusions(pack, '县公安局涉密网络改造').map((e) => e.id)).toEqual(['classified']);
    expect(scopeExclusions(pack, '按省文件有保密要求的档案系统').map((e) => e.id)).toEqual(['classified']);
    expect(scopeExclusions(pack, '县人社局社保业务系统升级')).toEqual([]);
  });
});

describe('project kinds and declaration materials (第五条, 第八条)', () => {
  const ids = (kind: string) => requiredMaterials(pack, kind, {}).map((m) => m.id);

  it('第八条: 新建 declares 申报表（附件1）, 项目建设依据, 项目建设方案, 项目概算, 项目可行性研究报告', () => {
    expect(ids('new_build')).toEqual([
      'declaration_form',
      'project_basis',
      'construction_plan',
      'budget_estimate',
      'feasibility_study',
    ]);
    expect(pack.projectKinds.find((k) => k.id === 'new_build')!.form).toBe('jinzhai-annex-1');
  });

  it('第八条: 项目建设方案 须包括软硬件基本情况、应用软件开发功能清单、费用估算（含监理、第三方评测、等保）及信息资源目录', () => {
    const plan = requiredMaterials(pack, 'new_build', {}).find((m) => m.id === 'construction_plan')!;
    expect(plan.contents).toEqual([
      '软硬件基本情况',
      '应用软件开发功能清单',
      '费用估算（包含监理、第三方评测、信息安全等级保护等费用）',
      '信息资源目录（建立信息共享长效机制和共享信息使用情况反馈机制）',
    ]);
  });

  it('第八条: 已建成并投入使用/已建成需新增功能/已建成需系统升级/采购成熟系统 add 现有软硬件资源情况 (9 items)', () => {
    for (const kind of ['operation', 'expansion', 'upgrade', 'mature_system_purchase']) {
      expect(ids(kind), kind).toEqual([...ids('new_build'), 'existing_resources']);
    }
    expect(pack.projectKinds.map((k) => k.label)).toEqual([
      '新建',
      '已建成并投入使用',
      '已建成需新增功能',
      '已建成需系统升级',
      '采购成熟系统',
      '办公电脑采购',
    ]);
    const inventory = requiredMaterials(pack, 'upgrade', {}).find((m) => m.id === 'existing_resources')!;
    expect(inventory.contents).toEqual([
      '硬件品种数量',
      '系统软件清单',
      '安全保障措施',
      '应用系统及数据库列表',
      '购置时间',
      '过保时间',
      '应用情况',
      '费用估算',
      '存在问题',
    ]);
    expect(ids('new_build')).not.toContain('existing_resources');
  });

  it('第五条第二款: 办公电脑 purchases fill in 《金寨县行政事业单位办公电脑采购申报表》（附件2） only', () => {
    expect(ids('office_pc')).toEqual(['office_pc_form']);
    const kind = pack.projectKinds.find((k) => k.id === 'office_pc')!;
    expect(kind.form).toBe('jinzhai-annex-2');
    expect(kind.route).toBe('office_pc_review');
    expect(pack.forms.map((f) => f.id)).toEqual(['jinzhai-annex-1', 'jinzhai-annex-2']);
  });
});

describe('approval routes (第四条, 第五条, 第九条, 第十条)', () => {
  it('第九条、第十条、第四条: 申报 → 县智慧办会同有关部门审核 → 书面审核意见 → 县政府批准 → 反馈建设单位 → 县财政局拨付', () => {
    const steps = routeSteps(pack, 'new_build', { fiscalFundsWan: 80 });
    expect(steps.map((s) => s.id)).toEqual([
      'declaration',
      'joint_review',
      'written_opinion',
      'government_approval',
      'opinion_feedback',
      'funding',
    ]);
    expect(steps.map((s) => s.role)).toEqual(['unit', 'reviewer', 'reviewer', 'approver', 'reviewer', 'finance']);
    const review = steps[1]!;
    expect(review.jointRoles).toEqual(['reviewer', 'joint_reviewer']);
    expect(review.mode).toBe('all');
    expect(steps[2]!.produces).toBe('书面审核意见');
    expect(routeSteps(pack, 'upgrade', { fiscalFundsWan: 80 })).toEqual(steps);
  });

  it('第四条: a project without 财政资金 (第二条 自筹资金) skips the 县财政局 step', () => {
    expect(routeSteps(pack, 'new_build', { fiscalFundsWan: 0 }).map((s) => s.id)).not.toContain('funding');
    // Unknown funding: keep the step.
    expect(routeSteps(pack, 'new_build', {}).map((s) => s.id)).toContain('funding');
  });

  it('第五条第二款: 办公电脑 — 填写附件2, 报县智慧办审核 (no 县政府 step)', () => {
    const steps = routeSteps(pack, 'office_pc', {});
    expect(steps.map((s) => [s.id, s.role])).toEqual([
      ['declaration', 'unit'],
      ['review', 'reviewer'],
    ]);
  });

  it('roles are named as 金寨 names its offices', () => {
    expect(pack.roleNames).toEqual({
      unit: '项目建设单位',
      reviewer: '县智慧办',
      joint_reviewer: '有关部门',
      approver: '县政府',
      finance: '县财政局',
      audit: '县审计局',
    });
  });
});

describe('time limits', () => {
  it('第五条: 每年10月份前 submit the 申报表 — last day 09-30 (2025-09-30, a Tuesday)', () => {
    const d = dueDate(pack, 'annual_declaration', {}, 2025)!;
    expect(d.due).toBe('2025-09-30');
    expect(d.limit.type).toBe('deadline');
    expect(d.limit.responsible).toBe('unit');
    // Without a year: the next 09-30 from the day asked.
    expect(dueDate(pack, 'annual_declaration', { asOf: '2025-10-15' })!.due).toBe('2026-09-30');
    expect(dueDate(pack, 'annual_declaration', { asOf: '2025-03-01' })!.due).toBe('2025-09-30');
  });

  it('第五条: in 2023 the last day 09-30 was a Saturday inside the 中秋国庆 holiday (09-29…10-06) and is not moved', () => {
    const d = dueDate(pack, 'annual_declaration', {}, 2023)!;
    expect(d.due).toBe('2023-09-30');
    expect(isWorkingDay('2023-09-30')).toBe(false);
    expect(isWorkingDay('2023-09-28')).toBe(true); // the last working day before it
  });

  it('第五条: the October date does not apply to 办公电脑 purchases', () => {
    const when = limit('annual_declaration').when!;
    expect(evaluate(when, { kind: 'office_pc' })).toBe(false);
    expect(evaluate(when, { kind: 'new_build' })).toBe(true);
  });

  it('第十五条: 向县政府申请调整, 同时向县智慧办备案 — the same day', () => {
    expect(dueDate(pack, 'adjustment_filing', { adjustment_requested: '2025-03-10' })!.due).toBe('2025-03-10');
  });

  it('第十七条: “初验合格且试运行3个月后” — started 2024-11-30, the 3 months run to 2025-02-28 (no 02-30), 终验 from 2025-03-01', () => {
    expect(article(17).text).toContain('初验合格且试运行3个月后，项目建设单位应组织相关单位、专家进行终验');
    const d = dueDate(pack, 'trial_run_before_final_acceptance', { trial_run_started: '2024-11-30' })!;
    expect(d.limit.type).toBe('not_before');
    expect(d.due).toBe('2025-03-01');
    // started 2025-01-10: 3 full months are 01-11 … 04-10, so 04-10 is too early
    expect(dueDate(pack, 'trial_run_before_final_acceptance', { trial_run_started: '2025-01-10' })!.due).toBe(
      '2025-04-11',
    );
    expect(dueDate(pack, 'trial_run_before_final_acceptance', { initial_acceptance: '2024-11-30' })).toBeNull();
    const stage = pack.stages.find((s) => s.id === 'final_acceptance')!;
    expect(stage.notBefore).toEqual({ event: 'trial_run_started', offset: { amount: 3, unit: 'months' }, article: 17 });
  });

  it('第十八条: 绩效自评价 within 6 months — 2023-08-31 → 2024-02-29 (leap year)', () => {
    const d = dueDate(pack, 'performance_self_evaluation', {
      final_acceptance: '2023-08-31',
      operation_started: '2023-08-31',
    })!;
    expect(d.due).toBe('2024-02-29');
    expect(d.limit.offset).toEqual({ amount: 6, unit: 'months' });
  });

  it('第十八条: “在项目通过终验并投入运行后6个月内” — from the later of 终验 and 投入运行', () => {
    expect(limit('performance_self_evaluation').quote).toContain('在项目通过终验并投入运行后6个月内');
    // 终验 2025-08-25, 投入运行 2025-10-15: due 2026-04-15, not 2026-02-25
    const d = dueDate(pack, 'performance_self_evaluation', {
      final_acceptance: '2025-08-25',
      operation_started: '2025-10-15',
    })!;
    expect([d.from, d.due]).toEqual(['2025-10-15', '2026-04-15']);
    // running before 终验 (试运行 counts as 运行): 终验 is the later one
    expect(
      dueDate(pack, 'performance_self_evaluation', { final_acceptance: '2025-08-25', operation_started: '2025-05-23' })!
        .due,
    ).toBe('2026-02-25');
    // 终验 alone: no clock yet, so no overdue reminder
    expect(dueDate(pack, 'performance_self_evaluation', { final_acceptance: '2025-08-25' })).toBeNull();
  });

  it('第十八条: 6 months are calendar months and not moved off a holiday — 2024-04-01 → 2024-10-01 (国庆)', () => {
    const d = dueDate(pack, 'performance_self_evaluation', {
      final_acceptance: '2024-04-01',
      operation_started: '2024-03-01',
    })!;
    expect(d.due).toBe('2024-10-01');
    expect(isWorkingDay('2024-10-01')).toBe(false);
  });

  it('the text has exactly these four time limits (第九条、第十条 say only 及时)', () => {
    expect(pack.timeLimits.map((l) => [l.id, l.article])).toEqual([
      ['annual_declaration', 5],
      ['adjustment_filing', 15],
      ['trial_run_before_final_acceptance', 17],
      ['performance_self_evaluation', 18],
    ]);
    expect(pack.timeLimits.every((l) => l.extensionArticle === undefined)).toBe(true);
  });
});

describe('stages (第十五条, 第十六条, 第十七条, 第十八条)', () => {
  it('第十六条: 验收 has two stages, 初验 then 终验', () => {
    const ids = pack.stages.map((s) => s.id);
    expect(ids.indexOf('initial_acceptance')).toBeLessThan(ids.indexOf('final_acceptance'));
    expect(article(16).text).toContain('包括初验和终验两个阶段');
  });

  it('第十七条: 终验 needs the seven listed materials and an 初验 passed', () => {
    const stage = pack.stages.find((s) => s.id === 'final_acceptance')!;
    expect(stage.materials.map((m) => m.name)).toEqual([
      '项目建设总结',
      '试运行报告',
      '初验及问题整改报告',
      '信息资源共享落实情况',
      '第三方测评报告',
      '安全风险评估报告',
      '密码应用安全性评估报告',
    ]);
    const [req] = stage.requires!;
    expect(evaluate(req!.condition, { materials: ['initial_acceptance_report'] })).toBe(true);
    expect(evaluate(req!.condition, { materials: [] })).toBe(false);
  });

  it('第十八条: 绩效自评价报告 主要包括运行效果及遇到的问题', () => {
    const stage = pack.stages.find((s) => s.id === 'performance_self_evaluation')!;
    expect(stage.materials[0]!.contents).toEqual(['运行效果', '遇到的问题']);
    expect(stage.completedBy).toBe('self_evaluation_submitted');
  });

  it('第十五条: an adjustment is applied for at 县政府 and filed with 县智慧办', () => {
    const stage = pack.stages.find((s) => s.id === 'adjustment')!;
    expect(stage.materials.map((m) => m.id)).toEqual(['adjustment_application', 'adjustment_filing']);
  });
});

describe('checks', () => {
  it('第八条: “项目建设方案原则上不得有独立机房、数据中心、大屏、服务器等硬件设备” — a warning on what the unit plans to own, not on a word', () => {
    expect(article(8).text).toContain(
      '除法律、法规、规章另有规定的以外，项目建设方案原则上不得有独立机房、数据中心、大屏、服务器等硬件设备，由县智慧办统筹配置管理。',
    );
    const f = runChecks(pack, { kind: 'new_build', text: '新建独立机房一间', plansOwnHardware: true }).find(
      (x) => x.id === 'no_own_hardware',
    );
    expect(f?.level).toBe('warning');
    // 第十四条 asks for the county cloud: deploying on its servers is no finding
    expect(
      findings({ kind: 'new_build', text: '系统部署在县云计算中心服务器上', plansOwnHardware: false }),
    ).not.toContain('no_own_hardware');
    expect(findings({ kind: 'new_build', text: '利用县指挥中心现有大屏展示' })).not.toContain('no_own_hardware');
    expect(
      runChecks(pack, { kind: 'new_build', text: '系统部署在县云计算中心服务器上' }).filter(
        (x) => x.level === 'blocker',
      ),
    ).toEqual([]);
    expect(pack.checks.find((c) => c.id === 'no_own_hardware')!.note).toContain('原则上');
  });

  it('第七条: “编制年度政务信息化项目建设计划并报县财政局、县发改委备案” — listed as the 县智慧办’s duty', () => {
    const d = pack.duties!.find((x) => x.article === 7)!;
    expect(d).toMatchObject({ responsible: 'reviewer' });
    expect(d.quote).toContain('编制年度政务信息化项目建设计划并报县财政局、县发改委备案');
    expect(article(7).text).toContain(d.quote);
  });

  it('第十六条: “项目实行验收制度，包括初验和终验两个阶段” — listed as a duty', () => {
    expect(pack.duties!.find((x) => x.article === 16)!.quote).toBe('项目实行验收制度，包括初验和终验两个阶段。');
  });

  it('第八条: 须普遍共享的数据 may not be opened only to a specific enterprise (blocker)', () => {
    expect(findings({ text: '数据仅向特定企业开放' })).toContain('no_exclusive_data_opening');
    expect(findings({ text: '数据通过县共享平台普遍共享' })).not.toContain('no_exclusive_data_opening');
  });

  it('第七条: a project outside the 年度建设计划 gets no 财政资金 in principle (warning)', () => {
    const f = runChecks(pack, { fiscalFundsWan: 30, text: '未纳入年度计划，临时确需建设' }).find(
      (x) => x.id === 'not_in_annual_plan',
    );
    expect(f?.level).toBe('warning');
    expect(findings({ fiscalFundsWan: 0, text: '未纳入年度计划，单位自筹' })).not.toContain('not_in_annual_plan');
    expect(findings({ fiscalFundsWan: 30, text: '已列入2025年度建设计划' })).not.toContain('not_in_annual_plan');
  });

  it('第十四条: 原则上不再重复建设专网 (warning)', () => {
    expect(findings({ text: '新建视频会议专网' })).toContain('no_duplicate_network');
    expect(findings({ text: '依托县电子政务外网' })).not.toContain('no_duplicate_network');
  });

  it('第十四条: 已建成 systems are to move to the 县云计算中心 (warning unless the plan says so)', () => {
    expect(findings({ kind: 'upgrade', text: '系统升级' })).toContain('migrate_to_county_cloud');
    expect(findings({ kind: 'upgrade', text: '升级后迁移至县云计算中心' })).not.toContain('migrate_to_county_cloud');
    expect(findings({ kind: 'new_build', text: '新建系统' })).not.toContain('migrate_to_county_cloud');
    expect(findings({ kind: 'new_build', hasExistingSystem: true, text: '对接旧系统' })).toContain(
      'migrate_to_county_cloud',
    );
  });

  it('第十五条: 投资概算 changed → 向县政府申请调整，同时向县智慧办备案 (warning)', () => {
    expect(findings({ budgetAdjustmentRatio: 0.12 })).toContain('adjustment_needs_approval');
    expect(findings({ budgetAdjustmentRatio: 0 })).not.toContain('adjustment_needs_approval');
  });

  it('第十二条: 招标采购涉密信息系统 also follows the 保密 laws (warning)', () => {
    expect(findings({ text: '涉密信息系统采购' })).toContain('classified_procurement');
  });

  it('an ordinary declaration raises nothing', () => {
    expect(
      runChecks(pack, {
        kind: 'new_build',
        fiscalFundsWan: 50,
        investmentWan: 50,
        text: '开发不动产登记网上申办应用，依托县云计算中心部署',
      }),
    ).toEqual([]);
  });
});

describe('consequences (第二十条)', () => {
  it('第二十条: 限期整改 → 暂缓安排投资计划 → 暂停项目建设 → 终止项目', () => {
    expect(pack.consequences.map((c) => [c.rung, c.name, c.article])).toEqual([
      [1, '限期整改', 20],
      [2, '暂缓安排投资计划', 20],
      [3, '暂停项目建设', 20],
      [4, '终止项目', 20],
    ]);
  });
});

describe('synonyms', () => {
  it('第四条: 县智慧办 = 金寨县智慧城市管理服务中心; the 附件1 title has three spellings in the text', () => {
    const group = (w: string) => pack.synonyms!.find((g) => g.includes(w));
    expect(group('县智慧办')).toContain('金寨县智慧城市管理服务中心');
    for (const w of group('附件1')!.filter((w) => w !== '附件1')) expect(text).toContain(w.replace(/[《》]/g, ''));
    expect(group('投资概算')).toContain('项目概算');
  });
});
