import { describe, it, expect } from 'vitest';
import { citedArticles as articlesOf, citedQuotes as quotesOf } from '../support/pack-citations.js';
import { mudan2023 as pack } from '../../src/rules/packs/mudan-2023.js';
import { text } from '../../src/rules/texts/mudan-2023.js';
import {
  citation,
  dueDate,
  evaluate,
  packValidity,
  requiredMaterials,
  routeSteps,
  runChecks,
  scopeExclusions,
  type ProjectFacts,
} from '../../src/rules/engine.js';
import { addDuration, isWorkingDay } from '../../src/calendar.js';
import type { ArticleNo } from '../../src/rules/types.js';

const article = (no: ArticleNo) => pack.articles.find((a) => a.no === no)!;
const limit = (id: string) => pack.timeLimits.find((l) => l.id === id)!;
const stage = (id: string) => pack.stages.find((s) => s.id === id)!;
const check = (id: string) => pack.checks.find((c) => c.id === id)!;
const findings = (facts: ProjectFacts) => runChecks(pack, facts).map((f) => f.id);
const materialIds = (kind: string, facts: ProjectFacts = {}) => requiredMaterials(pack, kind, facts).map((m) => m.id);
const stepIds = (kind: string, facts: ProjectFacts = {}) => routeSteps(pack, kind, facts).map((s) => s.id);
const excluded = (t: string) => scopeExclusions(pack, t).map((e) => e.id);
const materialIdsOfStage = (id: string, facts: ProjectFacts) =>
  stage(id)
    .materials.filter((m) => !m.when || evaluate(m.when, facts))
    .map((m) => m.id);
const Q18 = '新建公共服务类、政务类APP和小程序，必须经项目主管部门审核同意，并依托“爱山东”“山东通”等统建平台开发建设';

const citedQuotes = () => quotesOf(pack);
const citedArticles = () => articlesOf(pack);

describe('牡丹区政务信息化项目管理办法（试行）: the parsed text', () => {
  it('has 43 articles numbered 第一条 … 第四十三条 in seven chapters', () => {
    expect(pack.articles.map((a) => a.no)).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
    expect(pack.articles[42]!.label).toBe('第四十三条');
    expect([...new Set(pack.articles.map((a) => a.chapter))]).toEqual([
      '第一章 总则',
      '第二章 申报和审批管理',
      '第三章 建设和资金管理',
      '第四章 验收和绩效评价管理',
      '第五章 网络与信息安全管理',
      '第六章 监督管理',
      '第七章 附则',
    ]);
    expect(article(17).chapter).toBe('第三章 建设和资金管理');
    expect(article(34).chapter).toBe('第五章 网络与信息安全管理');
    expect(article(42).chapter).toBe('第七章 附则');
  });

  it('articles run together on one line are split (第十三条 … 第十六条, 第三十条 … 第四十三条)', () => {
    expect(article(13).text.endsWith('纳入本年度项目建设计划。')).toBe(true);
    expect(article(14).text.startsWith('项目立项后项目建设单位应签订《项目建设主体责任书》')).toBe(true);
    expect(article(16).text).toBe('各部门（单位）所有政务信息化项目，均应当在区项目主管部门报批或者备案。');
    expect(article(31).text.startsWith('项目建设单位应在竣工验收并投入使用运行后12至24个月内开展项目自评价')).toBe(
      true,
    );
    // 第十条 has no `#` in the source and is still an article of its own.
    expect(article(10).text.startsWith('政务信息化项目立项评审原则上采用集中评审方式')).toBe(true);
  });

  it('第四十三条 ends the measures: the signature block is not part of it', () => {
    expect(article(43).text).toBe('本办法自印发之日起施行，有效期两年。本办法在实施过程中如遇上级政策调整，从其规定。');
  });

  it('no article carries `#`, a lost-Chinese English word, or a Latin letter other than 第十八条 APP', () => {
    expect(article(1).text).toContain('根据国家和省、市有关管理规定');
    expect(article(2).text).toContain('用于支撑政务部门履行管理和服务职能的各类信息系统');
    for (const a of pack.articles) {
      expect(a.text, a.label).not.toMatch(/#|＃| and |service/);
      expect(a.text.replace(/APP/g, ''), a.label).not.toMatch(/[A-Za-z]/);
    }
    expect(article(18).text).toContain('政务类APP和小程序');
  });

  it('no article keeps a word broken across lines (平板电脑, 100万元…应当实行, 项目建设, 相关规定)', () => {
    for (const a of pack.articles) expect(a.text, a.label).not.toContain('\n');
    expect(article(2).text).toContain('笔记本电脑、平板电脑、手机');
    expect(article(8).text).toContain('作为项目立项和预算申请的前置条件');
    expect(article(4).text).toContain('牵头组织预算绩效管理');
    expect(article(17).text).toContain('100万元及以上的信息化项目应当实行工程监理制');
    expect(article(36).text).toContain('原则上，项目建设优先采用安全可靠的信息安全设备');
    expect(article(41).text).toContain('由有关部门按照相关规定予以查处');
  });

  it('every rule cites an existing article and quotes it word for word', () => {
    const numbers = new Set(pack.articles.map((a) => a.no));
    for (const no of citedArticles()) expect(numbers.has(no), `article ${no}`).toBe(true);
    const quotes = citedQuotes();
    expect(quotes.length).toBeGreaterThan(40);
    for (const q of quotes) {
      expect(q.quote.length, q.where).toBeGreaterThan(3);
      expect(article(q.article).text.includes(q.quote), `${q.where}: ${q.quote}`).toBe(true);
    }
    expect(citation(pack, 22)).toEqual({
      label: '第二十二条',
      text: article(22).text,
      title: '牡丹区政务信息化项目管理办法（试行）',
    });
  });

  it('ids are unique within their lists and every kind names an existing route', () => {
    const unique = (ids: string[]) => expect(new Set(ids).size).toBe(ids.length);
    unique(pack.projectKinds.map((k) => k.id));
    unique(pack.routes.map((r) => r.id));
    unique(pack.events.map((e) => e.id));
    unique(pack.stages.map((s) => s.id));
    unique(pack.timeLimits.map((l) => l.id));
    unique(pack.checks.map((c) => c.id));
    for (const r of pack.routes) unique(r.steps.map((s) => s.id));
    for (const k of pack.projectKinds)
      expect(
        pack.routes.some((r) => r.id === k.route),
        k.id,
      ).toBe(true);
    const events = new Set(pack.events.map((e) => e.id));
    for (const s of pack.stages) {
      expect(events.has(s.completedBy), s.id).toBe(true);
      if (s.notBefore) expect(events.has(s.notBefore.event), s.id).toBe(true);
    }
    for (const l of pack.timeLimits) {
      if (l.trigger.kind === 'event' || l.trigger.kind === 'budget_year_end')
        expect(events.has(l.trigger.event), l.id).toBe(true);
    }
  });
});

describe('identity and validity', () => {
  it('第四十三条: 自印发之日起施行，有效期两年 — a trial from 2023-05-09 whose last valid day is 2025-05-08', () => {
    expect(pack.identity).toMatchObject({
      title: '牡丹区政务信息化项目管理办法（试行）',
      docNumber: '菏区政办发〔2023〕17号',
      issuer: '菏泽市牡丹区人民政府办公室',
      issued: '2023-05-09',
    });
    expect(text).toContain('菏区政办发〔2023〕17号');
    expect(text).toContain('2023年5月9日');
    expect(pack.identity.status).toEqual({ kind: 'trial', since: '2023-05-09', until: '2025-05-08', article: 43 });
    expect(article(43).text).toContain('本办法自印发之日起施行，有效期两年');
    // The issue day is the first day in force, so two years end the day before the second anniversary.
    expect(addDuration('2023-05-09', { amount: 2, unit: 'years' }).date).toBe('2025-05-09');
    expect(packValidity(pack, '2023-05-09').status).toBe('trial');
    expect(packValidity(pack, '2025-05-08').status).toBe('trial');
    expect(packValidity(pack, '2025-05-09').status).toBe('expired_trial');
    expect(packValidity(pack, '2023-05-08').status).toBe('not_yet_in_force');
  });

  it('第四条: roles are named as the text names the offices', () => {
    expect(pack.roleNames).toMatchObject({
      unit: '项目建设单位',
      reviewer: '区大数据局（项目主管部门）',
      finance: '区财政局',
      audit: '区审计局',
      leading_group: '数字牡丹区建设领导小组',
    });
    expect(pack.roleNames.approver).toContain('区发展和改革局');
    expect(pack.roleNames.approver).toContain('区行政审批服务局');
    expect(article(4).text).toContain('数字牡丹区建设领导小组办公室（设在区大数据局）是政务信息化项目的主管部门');
    expect(pack.synonyms).toContainEqual([
      '项目主管部门',
      '区项目主管部门',
      '区大数据主管部门',
      '区大数据局',
      '数字牡丹区建设领导小组办公室',
    ]);
  });
});

describe('scope (第二条, 第四条)', () => {
  it('第二条: 日常办公计算机、笔记本电脑、平板电脑、手机、打印机、复印机、传真机等通用设备的采购 are out of scope', () => {
    expect(excluded('采购笔记本电脑20台、打印机5台')).toEqual(['office_devices']);
    expect(excluded('更新办公电脑')).toEqual(['office_devices']);
    expect(excluded('传真机采购')).toEqual(['office_devices']);
    const e = pack.scope.exclusions.find((x) => x.id === 'office_devices')!;
    expect(article(2).text).toContain(`${e.label}，`);
  });

  it('第二条: 网站、公众号、小程序、抖音、微博等新媒体的建设运维 are out of scope', () => {
    expect(excluded('局微信公众号运维')).toEqual(['new_media']);
    expect(excluded('政务抖音号内容运营')).toEqual(['new_media']);
    expect(excluded('门户网站改版')).toEqual(['new_media']);
  });

  it('第二条: 影视文化等数字艺术创意类产品和服务的策划、制作、发行 are out of scope', () => {
    expect(excluded('城市形象宣传片策划制作')).toEqual(['digital_art']);
    expect(excluded('牡丹文化数字艺术展')).toEqual(['digital_art']);
  });

  it('第四条: “区国家保密局负责涉密政务信息化项目有关事宜的审查确认” — 涉密 projects are in scope, the reviewer is told', () => {
    expect(article(4).text).toContain('区国家保密局负责涉密政务信息化项目有关事宜的审查确认和实施情况的保密督查');
    expect(excluded('涉密办公网络改造')).toEqual([]);
    expect(findings({ text: '涉密办公网络改造' })).toContain('classified_review');
    expect(check('classified_review')).toMatchObject({ level: 'warning', article: 4 });
  });

  it('第十八条: “新建公共服务类、政务类APP和小程序，必须经项目主管部门审核同意” — such 小程序 are in scope, not 第二条 新媒体', () => {
    expect(article(18).text).toContain('新建公共服务类、政务类APP和小程序，必须经项目主管部门审核同意');
    expect(excluded('新建政务类小程序“牡丹办”，依托爱山东开发')).toEqual([]);
    expect(scopeExclusions(pack, '便民服务小程序', { isNewApp: true })).toEqual([]);
    expect(excluded('局宣传小程序运营')).toEqual(['new_media']);
  });

  it('第二条: an ordinary 业务信息系统 is in scope', () => {
    expect(excluded('智慧城管业务信息系统建设，部署于市政务云')).toEqual([]);
    expect(excluded('不动产登记数据资源库建设')).toEqual([]);
  });
});

describe('project kinds and declaration materials (第二条, 第六条, 第八条, 第九条, 第十三条, 第三十六条)', () => {
  it('第二条: the kinds follow how the system is paid for; 第十三条 adds the in-year addition', () => {
    expect(pack.projectKinds.map((k) => [k.id, k.route])).toEqual([
      ['government_build', 'government_funded'],
      ['joint_build', 'joint_investment'],
      ['service_purchase', 'government_funded'],
      ['operation', 'government_funded'],
      ['urgent_addition', 'urgent_addition'],
    ]);
    expect(article(2).text).toContain(
      '由政府投资建设、政府与社会企业联合建设、政府向社会购买服务或需要政府资金运行维护的',
    );
  });

  it('第九条: 项目立项申请、项目建设方案和新增项目事前绩效评估报告 (+ 第三十六条 安全可靠情况说明)', () => {
    expect(materialIds('government_build')).toEqual([
      'project_application',
      'construction_plan',
      'pre_performance_evaluation_report',
      'secure_product_statement',
    ]);
    expect(materialIds('joint_build')).toEqual(materialIds('government_build'));
  });

  it('第八条: the 事前绩效评估报告 is the precondition of 立项 and 预算申请', () => {
    const m = requiredMaterials(pack, 'government_build', {}).find(
      (x) => x.id === 'pre_performance_evaluation_report',
    )!;
    expect(m.precondition).toBe(true);
    expect(m.article).toBe(8);
    expect(m.quote).toBe('出具评估报告，作为项目立项和预算申请的前置条件');
  });

  it('第六条: the 建设方案 states the 建设内容, the 政务信息资源目录 and the 数据共享开放属性', () => {
    const m = requiredMaterials(pack, 'government_build', {}).find((x) => x.id === 'construction_plan')!;
    expect(m.contents).toEqual(['具体建设内容', '项目涉及的政务信息资源目录', '数据共享开放属性']);
  });

  it('第九条: 跨部门、跨地域、跨层级共建共享 projects add the plan formed with the 共建部门', () => {
    expect(materialIds('government_build', { text: '跨部门社会治理协同平台' })).toContain('joint_construction_plan');
    expect(materialIds('government_build', { text: '单一部门业务系统' })).not.toContain('joint_construction_plan');
  });

  it('第九条: only 新增 运维/购买服务 needs the 事前绩效评估报告; a declared 延续项目 does not', () => {
    expect(materialIds('operation', { text: '2025年新上线系统首年运维' })).toEqual([
      'project_application',
      'construction_plan',
      'pre_performance_evaluation_report',
      'acceptance_report',
    ]);
    expect(materialIds('operation', { text: '视频会议系统运维（延续项目）' })).not.toContain(
      'pre_performance_evaluation_report',
    );
    expect(materialIds('service_purchase', { text: '延续项目' })).toEqual(['project_application', 'construction_plan']);
  });

  it('第十三条: 追加项目 need the 党委（党组）会集体研究; 重大项目 also the 区领导同意', () => {
    const plain = requiredMaterials(pack, 'urgent_addition', { text: '防汛应急指挥临时扩容' });
    expect(plain.map((m) => m.id)).toEqual([
      'party_committee_decision',
      'project_application',
      'construction_plan',
      'pre_performance_evaluation_report',
      'secure_product_statement',
    ]);
    expect(plain[0]!.precondition).toBe(true);
    expect(materialIds('urgent_addition', { text: '重大项目：疫情防控平台' })).toContain('district_leader_consent');
  });
});

describe('approval routes (第四条, 第十条 … 第十三条, 第十五条)', () => {
  it('第四条, 第十条 … 第十二条, 第十五条: 主管部门论证评审 → 区发改局立项审批 → 区财政局预算评审 → 建设计划 → 市级备案', () => {
    expect(stepIds('government_build')).toEqual([
      'demand_review',
      'project_review',
      'investment_approval',
      'budget_review',
      'annual_plan',
      'city_filing',
    ]);
    const steps = routeSteps(pack, 'government_build', {});
    expect(steps.map((s) => s.role)).toEqual(['reviewer', 'reviewer', 'approver', 'finance', 'reviewer', 'reviewer']);
    expect(steps[1]!.produces).toContain('立项审核意见及投资额度建议');
    expect(steps[2]!.name).toContain('区发展和改革局');
  });

  it('第十二条: the 建设计划 is formed by the 主管部门 together with the 区财政部门 (会同)', () => {
    const plan = routeSteps(pack, 'government_build', {}).find((s) => s.id === 'annual_plan')!;
    expect(plan.jointRoles).toEqual(['reviewer', 'finance']);
    expect(plan.mode).toBe('all');
  });

  it('第四条: 运维 and 购买服务 are not 政府投资 and skip the 区发改局 投资立项审批', () => {
    const expected = ['demand_review', 'project_review', 'budget_review', 'annual_plan', 'city_filing'];
    expect(stepIds('operation')).toEqual(expected);
    expect(stepIds('service_purchase')).toEqual(expected);
  });

  it('第四条: 社会投资 is approved by the 区行政审批服务局; with no 财政资金 the 发改 and 财政 steps drop out', () => {
    expect(stepIds('joint_build', { fiscalFundsWan: 300 })).toEqual([
      'demand_review',
      'project_review',
      'investment_approval',
      'social_investment_approval',
      'budget_review',
      'annual_plan',
      'city_filing',
    ]);
    expect(stepIds('joint_build', { fiscalFundsWan: 0 })).toEqual([
      'demand_review',
      'project_review',
      'social_investment_approval',
      'city_filing',
    ]);
    const social = routeSteps(pack, 'joint_build', {}).find((s) => s.id === 'social_investment_approval')!;
    expect(social.name).toContain('区行政审批服务局');
  });

  it('第十三条: 追加项目 go 党委（党组）会集体研究 → (重大项目) 区领导同意 → 主管部门、区财政部门审核', () => {
    expect(stepIds('urgent_addition', { text: '临时扩容' })).toEqual([
      'collective_decision',
      'joint_review',
      'city_filing',
    ]);
    expect(stepIds('urgent_addition', { text: '重大项目' })).toEqual([
      'collective_decision',
      'district_leader_consent',
      'joint_review',
      'city_filing',
    ]);
    const review = routeSteps(pack, 'urgent_addition', {}).find((s) => s.id === 'joint_review')!;
    expect(review.jointRoles).toEqual(['reviewer', 'finance']);
    expect(review.produces).toContain('纳入本年度项目建设计划');
  });
});

describe('stages (第八条, 第十四条, 第十七条, 第二十七条, 第二十八条, 第三十一条)', () => {
  it('第八条: no 立项评审 without the 事前绩效评估报告 (a 延续 运维 item excepted)', () => {
    const [req] = stage('approval').requires!;
    expect(evaluate(req!.condition, { kind: 'government_build' })).toBe(false);
    expect(
      evaluate(req!.condition, { kind: 'government_build', materials: ['pre_performance_evaluation_report'] }),
    ).toBe(true);
    expect(evaluate(req!.condition, { kind: 'operation', text: '延续项目' })).toBe(true);
  });

  it('第十四条: the 《项目建设主体责任书》 is signed after 立项 and names four 主体责任', () => {
    const s = stage('responsibility_letter');
    expect(s.notBefore).toMatchObject({ event: 'approved', article: 14 });
    expect(s.materials[0]!.contents).toEqual([
      '项目建设主体责任',
      '数据共享主体责任',
      '资金使用主体责任',
      '绩效管理主体责任',
    ]);
  });

  it('第十七条: 100万元及以上 projects cannot finish construction without a 工程监理 contract', () => {
    const [req] = stage('construction').requires!;
    expect(evaluate(req!.condition, { investmentWan: 100 })).toBe(false);
    expect(evaluate(req!.condition, { investmentWan: 100, materials: ['supervision_contract'] })).toBe(true);
    expect(evaluate(req!.condition, { investmentWan: 99.9 })).toBe(true);
  });

  it('第二十七条: no 竣工验收 before the 主管部门 数据资源审核 has passed', () => {
    const req = stage('final_acceptance').requires!.find((r) => r.article === 27)!;
    expect(evaluate(req.condition, {})).toBe(false);
    expect(evaluate(req.condition, { materials: ['data_resource_audit_opinion'] })).toBe(true);
    expect(req.message).toContain('不得验收');
  });

  it('第十七条: “100万元及以上的信息化项目……；涉及软件开发的项目，应当提供……第三方软件验收测评报告” — only 100万元及以上 software projects', () => {
    expect(article(17).text).toContain(
      '100万元及以上的信息化项目应当实行工程监理制，建设单位应当按照信息工程监理有关规定，委托工程监理单位对项目建设进行工程监理；涉及软件开发的项目，应当提供检验检测机构出具的第三方软件验收测评报告。100万元以下的信息化项目',
    );
    const req = stage('final_acceptance').requires!.find((r) => r.article === 17)!;
    expect(evaluate(req.condition, { isSoftwareDevelopment: true, investmentWan: 100 })).toBe(false);
    expect(
      evaluate(req.condition, {
        isSoftwareDevelopment: true,
        investmentWan: 100,
        materials: ['software_acceptance_test_report'],
      }),
    ).toBe(true);
    expect(evaluate(req.condition, { isSoftwareDevelopment: true, investmentWan: 99 })).toBe(true);
    expect(evaluate(req.condition, { isSoftwareDevelopment: false, investmentWan: 500 })).toBe(true);
    expect(check('software_test_report').note).toContain('100万元及以上');
  });

  it('第三十一条: “在竣工验收并投入使用运行后12至24个月内” — the 自评价 is not done before 12 months after the later of the two', () => {
    expect(stage('self_evaluation').notBefore).toEqual({
      event: 'final_acceptance',
      alsoAfter: ['operation_started'],
      offset: { amount: 12, unit: 'months' },
      article: 31,
    });
  });
});

describe('time limits', () => {
  it('第十二条: 所有申请预算的项目都应在预算年度开始前列入项目库 — by 12-31 of the year before (not for 追加项目)', () => {
    const l = limit('project_library_listing');
    expect(l).toMatchObject({ type: 'deadline', trigger: { kind: 'annual', month: 12, day: 31 }, responsible: 'unit' });
    expect(dueDate(pack, 'project_library_listing', {}, 2025)!.due).toBe('2025-12-31'); // for the 2026 budget
    expect(evaluate(l.when!, { kind: 'government_build' })).toBe(true);
    expect(evaluate(l.when!, {})).toBe(true);
    expect(evaluate(l.when!, { kind: 'urgent_addition' })).toBe(false);
  });

  it('第二十二条: 签订正式采购合同10个工作日内备案 — signed 2025-01-24, due 2025-02-13 across 春节 and the 调休 days 01-26, 02-08', () => {
    const l = limit('contract_filing');
    expect(l.offset).toEqual({ amount: 10, unit: 'working_days' });
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2025-01-28')).toBe(false);
    const due = dueDate(pack, 'contract_filing', { contract_signed: '2025-01-24' })!;
    expect(due.due).toBe('2025-02-13');
    expect(due.provisional).toBe(false);
  });

  it('第二十二条: signed 2024-09-27, due 2024-10-16 (国庆, 调休 09-29 and 10-12); signed 2026-09-24, due 2026-10-15 (中秋, 国庆, 调休 10-10)', () => {
    expect(dueDate(pack, 'contract_filing', { contract_signed: '2024-09-27' })!.due).toBe('2024-10-16');
    expect(dueDate(pack, 'contract_filing', { contract_signed: '2026-09-24' })!.due).toBe('2026-10-15');
    expect(dueDate(pack, 'contract_filing', {})).toBeNull();
  });

  it('第二十三条: 每季度末报送项目建设进度和资金执行情况 — the last day of the quarter', () => {
    expect(limit('quarterly_progress_report').trigger).toEqual({ kind: 'quarterly' });
    expect(dueDate(pack, 'quarterly_progress_report', { asOf: '2024-08-15' })!.due).toBe('2024-09-30');
    expect(dueDate(pack, 'quarterly_progress_report', { asOf: '2025-12-01' })!.due).toBe('2025-12-31');
  });

  it('第二十三条: 原则上应于当年形成支出 — funds allocated 2025-03-15 are spent by 2025-12-31', () => {
    expect(limit('in_year_spending').trigger).toEqual({ kind: 'budget_year_end', event: 'funds_allocated' });
    expect(dueDate(pack, 'in_year_spending', { funds_allocated: '2025-03-15' })!.due).toBe('2025-12-31');
  });

  it('第二十八条: 完成项目建设任务半年内竣工验收 — finished 2024-08-31, due 2025-02-28; 第三十条 allows 延期验收', () => {
    const l = limit('final_acceptance');
    expect(l).toMatchObject({ type: 'deadline', offset: { amount: 6, unit: 'months' }, extensionArticle: 30 });
    expect(dueDate(pack, 'final_acceptance', { construction_completed: '2024-08-31' })!.due).toBe('2025-02-28');
    expect(dueDate(pack, 'final_acceptance', { construction_completed: '2025-05-20' })!.due).toBe('2025-11-20');
    expect(article(30).text).toContain('应向项目主管部门提出延期验收申请');
  });

  it('第三十一条: “在竣工验收并投入使用运行后12至24个月内” — from the later event: accepted 2024-02-29, running 2024-02-29: 2025-03-01 to 2026-02-28', () => {
    const l = limit('self_evaluation');
    expect(l).toMatchObject({
      type: 'window',
      offset: { amount: 12, unit: 'months' },
      until: { amount: 24, unit: 'months' },
    });
    expect(l.quote).toContain('在竣工验收并投入使用运行后12至24个月内');
    const due = dueDate(pack, 'self_evaluation', { final_acceptance: '2024-02-29', operation_started: '2024-02-29' })!;
    expect([due.due, due.until]).toEqual(['2025-03-01', '2026-02-28']);
    // accepted first, running three months later: the window counts from 投入使用运行
    const later = dueDate(pack, 'self_evaluation', {
      final_acceptance: '2024-02-29',
      operation_started: '2024-05-31',
    })!;
    expect([later.from, later.due, later.until]).toEqual(['2024-05-31', '2025-06-01', '2026-05-31']);
    // accepted only: not yet counting (no early reminder, no early acceptance)
    expect(dueDate(pack, 'self_evaluation', { final_acceptance: '2024-02-29' })).toBeNull();
  });

  it('the text has these six time limits and no other', () => {
    expect(pack.timeLimits.map((l) => [l.id, l.article])).toEqual([
      ['project_library_listing', 12],
      ['contract_filing', 22],
      ['quarterly_progress_report', 23],
      ['in_year_spending', 23],
      ['final_acceptance', 28],
      ['self_evaluation', 31],
    ]);
  });
});

describe('checks', () => {
  it('第八条: a 新增 project without the 事前绩效评估报告 is blocked from 立项评审', () => {
    expect(check('pre_evaluation_missing').level).toBe('blocker');
    expect(findings({ kind: 'government_build' })).toContain('pre_evaluation_missing');
    expect(findings({ kind: 'government_build', materials: ['pre_performance_evaluation_report'] })).not.toContain(
      'pre_evaluation_missing',
    );
    expect(findings({ kind: 'government_build', text: '延续项目' })).toContain('pre_evaluation_missing');
    expect(findings({ kind: 'operation', text: '运维（延续项目）', materials: ['acceptance_report'] })).not.toContain(
      'pre_evaluation_missing',
    );
  });

  it('第十七条: 100万元及以上 → 工程监理制; below 100万元 → 视情况设置监理机构', () => {
    expect(findings({ investmentWan: 100 })).toContain('supervision_required');
    expect(findings({ investmentWan: 100 })).not.toContain('supervision_optional');
    expect(findings({ investmentWan: 99.99 })).toContain('supervision_optional');
    expect(findings({ investmentWan: 99.99 })).not.toContain('supervision_required');
    expect(findings({ investmentWan: 500, materials: ['supervision_contract'] })).not.toContain('supervision_required');
  });

  it('第十七条: 100万元及以上 涉及软件开发 → 第三方软件验收测评报告; below 100万元 it is not required', () => {
    expect(findings({ isSoftwareDevelopment: true, investmentWan: 150 })).toContain('software_test_report');
    expect(findings({ isSoftwareDevelopment: true, investmentWan: 50 })).not.toContain('software_test_report');
    expect(findings({ isSoftwareDevelopment: false, investmentWan: 150 })).not.toContain('software_test_report');
    expect(materialIdsOfStage('final_acceptance', { isSoftwareDevelopment: true, investmentWan: 50 })).not.toContain(
      'software_acceptance_test_report',
    );
    expect(materialIdsOfStage('final_acceptance', { isSoftwareDevelopment: true, investmentWan: 150 })).toContain(
      'software_acceptance_test_report',
    );
  });

  it('第十八条: “依托“爱山东”“山东通”等统建平台开发建设” — other 统建平台 are allowed; the consent of the 主管部门 is needed', () => {
    expect(Q18).toContain('依托“爱山东”“山东通”等统建平台开发建设');
    expect(check('new_app_platform').level).toBe('warning');
    expect(findings({ isNewApp: true, text: '便民服务小程序' })).toEqual(
      expect.arrayContaining(['new_app_platform', 'new_app_consent']),
    );
    const onPlatform = findings({ isNewApp: true, text: '依托爱山东开发便民服务专区' });
    expect(onPlatform).toContain('new_app_consent');
    expect(onPlatform).not.toContain('new_app_platform');
    expect(findings({ isNewApp: true, text: '依托省级统建平台“鲁通码”开发' })).not.toContain('new_app_platform');
  });

  it('第十八条: 指挥调度、辅助决策 … on the 城市大脑; 上云为常态，不上云为例外', () => {
    expect(findings({ text: '应急指挥调度系统' })).toContain('city_brain_platform');
    expect(findings({ text: '依托城市大脑建设应急指挥调度场景' })).not.toContain('city_brain_platform');
    expect(findings({ text: '采购服务器和存储设备' })).toContain('government_cloud');
    expect(findings({ text: '部署于市政务云，无需服务器采购' })).not.toContain('government_cloud');
  });

  it('第二十一条: “项目投资规模未超出概算批复……主要建设内容在采购前确需调整且调整内容涉及资金数额不超过概算总投资15%” — all three, else 项目变更手续', () => {
    expect(article(21).text).toContain(
      '项目投资规模未超出概算批复、建设目标不变，主要建设内容在采购前确需调整且调整内容涉及资金数额不超过概算总投资15%',
    );
    expect(check('budget_adjustment_over_limit').level).toBe('blocker');
    const approved = { kind: 'government_build', materials: ['pre_performance_evaluation_report'] };
    const within = { ...approved, adjustedTotalExceedsApproved: false, procurementStarted: false };
    expect(findings({ ...within, adjustedContentRatio: 0.15 })).toEqual(['budget_adjustment_within_limit']);
    expect(findings({ ...within, adjustedContentRatio: 0.1501 })).toEqual(['budget_adjustment_over_limit']);
    // the 15 % is the content changed, not the change of the total
    expect(findings({ ...within, budgetAdjustmentRatio: 0.3 })).toEqual([]);
    expect(findings({ ...within, adjustedTotalExceedsApproved: true, adjustedContentRatio: 0.1 })).toContain(
      'adjustment_exceeds_estimate',
    );
    expect(findings({ ...within, procurementStarted: true, adjustedContentRatio: 0.1 })).toContain(
      'adjustment_after_procurement',
    );
    expect(check('adjustment_after_procurement').message).toContain('采购前');
    expect(article(21).text).toContain('不符合上述情形的，应当履行项目变更手续');
  });

  it('第十九条 and 第二十条: 多部门共建 → 协调机制; 市县协同 → 区承担部分列入同级财政预算', () => {
    expect(findings({ text: '跨部门数据共享平台' })).toContain('cross_department_mechanism');
    expect(findings({ text: '市县协同建设的一体化平台' })).toContain('city_county_coordination');
  });

  it('第三十条 and 第二十九条: 运维经费 only after 验收, and only for projects that share data and are secure', () => {
    expect(check('operation_without_acceptance').level).toBe('blocker');
    expect(findings({ kind: 'operation' })).toEqual(
      expect.arrayContaining(['operation_without_acceptance', 'operation_data_security']),
    );
    expect(findings({ kind: 'operation', materials: ['acceptance_report'] })).not.toContain(
      'operation_without_acceptance',
    );
    expect(findings({ kind: 'government_build' })).not.toContain('operation_without_acceptance');
  });

  it('第三十九条: “密码管理部门负责对项目国产密码应用和安全性评估进行监督管理” — supervision only, no 整改 duty added', () => {
    expect(findings({ passedCryptoAssessment: false })).toContain('crypto_assessment');
    expect(findings({ passedCryptoAssessment: true })).not.toContain('crypto_assessment');
    expect(check('crypto_assessment').quote).toBe('密码管理部门负责对项目国产密码应用和安全性评估进行监督管理');
    expect(check('crypto_assessment').message).not.toContain('整改');
  });

  it('an unremarkable fully documented project raises nothing', () => {
    expect(
      runChecks(pack, {
        kind: 'government_build',
        investmentWan: 80,
        text: '不动产登记业务系统，部署于市政务云',
        isSoftwareDevelopment: true,
        isNewApp: false,
        passedCryptoAssessment: true,
        materials: ['pre_performance_evaluation_report', 'supervision_contract', 'software_acceptance_test_report'],
      }),
    ).toEqual([]);
  });
});

describe('consequences', () => {
  it('第二十五条: “出现工程严重逾期、投资重大损失等情形的……可要求项目建设单位进行整改或暂停建设” — one or the other for those cases, no general ladder', () => {
    expect(article(25).text).toContain(
      '项目建设过程中出现工程严重逾期、投资重大损失等情形的，项目建设单位应及时向项目主管部门和财政部门报告，项目主管部门和财政部门依照有关规定可要求项目建设单位进行整改或暂停建设',
    );
    expect(pack.consequences.filter((c) => !c.directFrom)).toEqual([]);
    const r25 = pack.consequences.find((c) => c.article === 25)!;
    expect(r25).toMatchObject({ name: '要求整改或暂停建设' });
    expect(r25.directFrom).toContain('工程严重逾期、投资重大损失');
    expect(pack.consequences.map((c) => c.article)).toEqual([25, 29, 8, 10, 12, 29, 30, 41, 41]);
    expect(pack.duties!.find((d) => d.article === 25)!.obligation).toContain('及时向项目主管部门和财政部门报告');
  });

  it('第二十九条, 第三十条, 第四十一条: 暂停运行, no further funds, 查处 and 处分', () => {
    const byArticle = (a: number) => pack.consequences.filter((c) => c.article === a).map((c) => c.name);
    expect(byArticle(29)).toEqual(['立即暂停运行并限期整改', '不安排后续运行维护经费']);
    expect(byArticle(30)).toEqual(['不得拨付后续建设资金和运行维护经费']);
    expect(byArticle(41)).toEqual(['由有关部门按照相关规定予以查处', '相关负有责任的人员依法给予处分']);
  });
});
