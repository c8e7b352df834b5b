import { describe, it, expect } from 'vitest';
import { huaianDraft as pack } from '../../src/rules/packs/huaian-draft.js';
import { text } from '../../src/rules/texts/huaian-draft.js';
import { articleLabel } from '../../src/rules/articles.js';
import { isWorkingDay } from '../../src/calendar.js';
import {
  citation,
  dueDate,
  evaluate,
  requiredMaterials,
  routeSteps,
  runChecks,
  scopeExclusions,
  type ProjectFacts,
} from '../../src/rules/engine.js';
import type { ArticleNo, Material } from '../../src/rules/types.js';

/** 淮安市市级政务信息化项目建设管理办法（征求意见稿）, 41 articles in 7 chapters. */

const article = (no: ArticleNo) => {
  const a = pack.articles.find((x) => x.no === no);
  if (!a) throw new Error(`no ${articleLabel(no)}`);
  return a;
};
const limit = (id: string) => {
  const l = pack.timeLimits.find((x) => x.id === id);
  if (!l) throw new Error(`no time limit ${id}`);
  return l;
};
const stage = (id: string) => {
  const s = pack.stages.find((x) => x.id === id);
  if (!s) throw new Error(`no stage ${id}`);
  return s;
};
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);
const findingIds = (facts: ProjectFacts) => runChecks(pack, facts).map((f) => f.id);
const finding = (facts: ProjectFacts, id: string) => runChecks(pack, facts).find((f) => f.id === id);

/** Everything a complete, unobjectionable 新建 declaration has attached. */
const COMPLETE_BUILD: readonly string[] = [
  'cdo_approval',
  'plan_declaration',
  'related_documents',
  'construction_plan',
  'feasibility_study',
  'preliminary_design',
  'data_sharing_chapter',
  'joint_review_opinion',
  'data_resource_catalogue',
  'security_reliability_statement',
];
const NEUTRAL_TEXT = '市级财政预算一体化数据分析平台，部署于政务云';

// -----------------------------------------------------------------------------------------------
describe('淮安 pack: the text and every citation', () => {
  it('第一条至第四十一条: 41 articles numbered 1..41 in seven chapters', () => {
    expect(pack.articles).toHaveLength(41);
    expect(pack.articles.map((a) => a.no)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(article(1).chapter).toBe('第一章 总则');
    expect(article(6).chapter).toBe('第二章 项目计划管理');
    expect(article(12).chapter).toBe('第三章 项目立项审批');
    expect(article(19).chapter).toBe('第四章 项目建设管理');
    expect(article(26).chapter).toBe('第五章 项目验收和运维管理');
    expect(article(33).chapter).toBe('第六章 监督评价');
    expect(article(40).chapter).toBe('第七章 附则');
    expect(article(41).text).toBe(
      '本办法自印发之日起施行。《淮安市市级政务信息化项目建设管理办法》（淮政办发〔2022〕25号）同步废止。',
    );
    // 第四条 has eleven paragraphs, 第三十八条 an opening and eight items.
    expect(article(4).text.split('\n')).toHaveLength(11);
    expect(article(38).text.split('\n')).toHaveLength(9);
  });

  it('every rule cites an existing article and quotes its words exactly', () => {
    const cited: { what: string; article: ArticleNo; quote?: string }[] = [];
    const materials = (where: string, ms: readonly Material[]) =>
      ms.forEach((m) => cited.push({ what: `${where}/${m.id}`, article: m.article, quote: m.quote }));
    pack.scope.exclusions.forEach((e) => cited.push({ what: `scope/${e.id}`, article: e.article, quote: e.quote }));
    pack.projectKinds.forEach((k) => {
      cited.push({ what: `kind/${k.id}`, article: k.article });
      materials(`kind/${k.id}`, k.materials);
    });
    pack.routes.forEach((r) => {
      cited.push({ what: `route/${r.id}`, article: r.article });
      r.steps.forEach((s) => cited.push({ what: `step/${s.id}`, article: s.article, quote: s.quote }));
    });
    pack.stages.forEach((s) => {
      cited.push({ what: `stage/${s.id}`, article: s.article });
      materials(`stage/${s.id}`, s.materials);
      s.requires?.forEach((r, i) => cited.push({ what: `stage/${s.id}/requires/${i}`, article: r.article }));
      if (s.notBefore) cited.push({ what: `stage/${s.id}/notBefore`, article: s.notBefore.article });
    });
    pack.timeLimits.forEach((l) => cited.push({ what: `limit/${l.id}`, article: l.article, quote: l.quote }));
    pack.checks.forEach((c) => cited.push({ what: `check/${c.id}`, article: c.article, quote: c.quote }));
    pack.consequences.forEach((c) => cited.push({ what: `rung/${c.rung}`, article: c.article, quote: c.quote }));

    expect(cited.length).toBeGreaterThan(60);
    const problems = cited.flatMap((c) => {
      const a = pack.articles.find((x) => x.no === c.article);
      if (!a) return [`${c.what}: no ${c.article}`];
      if (c.quote !== undefined && !a.text.includes(c.quote)) return [`${c.what}: not in ${a.label}: ${c.quote}`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('every material of a kind carries a quote, and ids are unique', () => {
    for (const k of pack.projectKinds) {
      for (const m of k.materials) expect(m.quote, `${k.id}/${m.id}`).toBeTruthy();
      expect(new Set(ids(k.materials)).size).toBe(k.materials.length);
    }
    for (const list of [
      pack.checks,
      pack.timeLimits,
      pack.stages,
      pack.events,
      pack.scope.exclusions,
      pack.projectKinds,
    ]) {
      expect(new Set(ids(list)).size).toBe(list.length);
    }
  });

  it('no extraction artefact: no 第X条# markers, no stray English for lost Chinese', () => {
    for (const a of pack.articles) {
      expect(a.text, a.label).not.toMatch(/[#＃]/);
      expect(a.text, a.label).not.toMatch(/\band\b|\bservice\b/);
    }
  });

  it('no extraction artefact: Latin letters only where the law has them (GB/T40692-2021, APP)', () => {
    for (const a of pack.articles) {
      const rest = a.text.replace('GB/T40692-2021', '').replace('APP', '');
      // 第三十八条(六) carries the Word bookmark "[bookmark: _GoBack]" in the source.
      expect(rest, a.label).not.toMatch(/[A-Za-z_[\]]/);
    }
    expect(article(2).text).toContain('（GB/T40692-2021）');
    expect(article(38).text).toContain('擅自开发APP等应用的');
  });

  it('no extraction artefact: no space inside a sentence, no word broken across lines', () => {
    for (const a of pack.articles) {
      // 第二条 reads "基础设施、 系统开发" in the source: a stray space after the 顿号.
      expect(a.text, a.label).not.toMatch(/[ \t\u3000]/);
      for (const p of a.text.split('\n')) expect(p, a.label).toMatch(/[。；：]$/);
    }
    expect(article(19).text).toContain('相关系统不重复建设。\n项目单位应加强市县（区）平台（系统）一体化建设。');
  });

  it('第四十一条: a draft for comment that replaces 淮政办发〔2022〕25号 once issued', () => {
    expect(pack.id).toBe('huaian-draft');
    expect(pack.region).toEqual({ id: 'huaian', name: '淮安市', code: 'HA' });
    expect(pack.identity.title).toBe('淮安市市级政务信息化项目建设管理办法（征求意见稿）');
    expect(text.startsWith('淮安市市级政务信息化项目建设管理办法\n（征求意见稿）')).toBe(true);
    expect(pack.identity.status.kind).toBe('draft');
    expect(pack.identity.issued).toBeUndefined();
    expect(pack.identity.docNumber).toBeUndefined();
    expect(pack.identity.replaces).toContain('淮政办发〔2022〕25号');
    expect(article(1).text).toContain('（苏政办发〔2024〕38号）');
  });

  it('citation(第二十六条) gives the label, the article and the title of the draft', () => {
    const c = citation(pack, 26);
    expect(c.label).toBe('第二十六条');
    expect(c.title).toBe('淮安市市级政务信息化项目建设管理办法（征求意见稿）');
    expect(c.text).toContain('密码应用安全性评估结果不合格的，不得进行项目竣工验收。');
  });
});

// -----------------------------------------------------------------------------------------------
describe('淮安 pack: scope', () => {
  it('第四十条: 涉密项目依据相关保密要求执行 — outside the measures', () => {
    expect(ids(scopeExclusions(pack, '公安专网涉密信息系统升级改造'))).toEqual(['classified']);
    expect(article(11).text).toContain('涉密项目按国家有关保密规定申报');
  });

  it('第二条 “市直党政机关、事业单位……” and 第四条 “市卫健委、市教育局……分别负责统筹管理市管医院、市管学校” — hospitals and schools are in scope, the reviewer is told', () => {
    expect(article(2).text).toContain('市直党政机关、事业单位及具有行政职能的社会团体');
    expect(article(4).text).toContain(
      '市卫健委、市教育局、市国资委分别负责统筹管理市管医院、市管学校、市管国企的信息化系统项目',
    );
    expect(scopeExclusions(pack, '市第一人民医院互联网医院建设')).toEqual([]);
    expect(scopeExclusions(pack, '市管学校智慧校园平台')).toEqual([]);
    expect(scopeExclusions(pack, '市卫健委全民健康信息平台，对接各医院')).toEqual([]);
    expect(findingIds({ text: '市第一人民医院互联网医院建设' })).toContain('hospital_school_coordination');
    expect(pack.checks.find((c) => c.id === 'hospital_school_coordination')!.level).toBe('warning');
    // 国企 are none of 第二条's units; the 市国资委's own platform is
    expect(ids(scopeExclusions(pack, '市管国企数字化转型平台'))).toEqual(['municipal_soe']);
    expect(scopeExclusions(pack, '市国资委国有企业在线监管平台')).toEqual([]);
  });

  it('第六条: 县（区）、园区项目由县区、园区数据管理部门统筹管理 — but a 市级 project naming a 开发区 or 区级 partner is in scope', () => {
    expect(ids(scopeExclusions(pack, '淮安经济技术开发区智慧园区平台'))).toEqual(['county_or_park']);
    expect(scopeExclusions(pack, '市级企业服务平台，覆盖各开发区、园区')).toEqual([]);
    expect(scopeExclusions(pack, '市本级城市运行平台，对接区级指挥中心')).toEqual([]);
  });

  it('a 市直 project is in scope', () => {
    expect(scopeExclusions(pack, NEUTRAL_TEXT)).toEqual([]);
  });
});

// -----------------------------------------------------------------------------------------------
describe('淮安 pack: declaration materials', () => {
  it('第七条: 新建、改建、扩建 and 运维、政府购买服务 are the five kinds', () => {
    expect(pack.projectKinds.map((k) => [k.id, k.label])).toEqual([
      ['new_build', '新建'],
      ['upgrade', '改建'],
      ['expansion', '扩建'],
      ['operation', '运维'],
      ['service_purchase', '政府购买服务'],
    ]);
    expect(pack.projectKinds.map((k) => k.route)).toEqual([
      'municipal',
      'municipal',
      'municipal',
      'operation_plan',
      'municipal',
    ]);
  });

  it('第七条: every declaration needs the 首席数据官 sign-off, a precondition', () => {
    for (const k of pack.projectKinds) {
      const m = requiredMaterials(pack, k.id, { kind: k.id }).find((x) => x.id === 'cdo_approval');
      expect(m?.precondition, k.id).toBe(true);
    }
  });

  it('第七条(一): 新建、改建、扩建类 submit 建设内容、概算（预算）、公共数据资源共享及需求情况', () => {
    for (const kind of ['new_build', 'upgrade', 'expansion']) {
      const got = requiredMaterials(pack, kind, { kind, text: NEUTRAL_TEXT });
      const decl = got.find((m) => m.id === 'plan_declaration');
      expect(decl?.contents).toEqual(['项目建设内容', '概算（预算）情况', '公共数据资源共享及需求情况']);
      expect(ids(got)).not.toContain('previous_contract_or_needs_report');
      expect(ids(got)).toContain('related_documents');
    }
  });

  it('第七条(二): 运维、政府购买服务类 submit 上一期合同或服务需求报告', () => {
    for (const kind of ['operation', 'service_purchase']) {
      const got = ids(requiredMaterials(pack, kind, { kind, text: NEUTRAL_TEXT }));
      expect(got).toContain('previous_contract_or_needs_report');
      expect(got).not.toContain('plan_declaration');
      expect(got).toContain('related_documents');
    }
  });

  it('第十二条: 建设方案 covers 数据资源共享、网络和数据安全、密码应用方案、电子文件和电子档案、安全可靠情况', () => {
    for (const k of pack.projectKinds) {
      const plan = requiredMaterials(pack, k.id, { kind: k.id }).find((m) => m.id === 'construction_plan');
      expect(plan?.contents, k.id).toEqual([
        '数据资源共享',
        '网络和数据安全',
        '密码应用方案',
        '电子文件和电子档案',
        '软硬件产品的安全可靠情况',
      ]);
    }
  });

  it('第十四条: 建设类、政府购买服务类 submit 可研、初步设计、联合评估意见 to 市发改委; 运维类 does not', () => {
    const approvalDocs = ['feasibility_study', 'preliminary_design', 'joint_review_opinion'];
    for (const kind of ['new_build', 'upgrade', 'expansion', 'service_purchase']) {
      expect(ids(requiredMaterials(pack, kind, { kind, text: NEUTRAL_TEXT }))).toEqual(
        expect.arrayContaining(approvalDocs),
      );
    }
    const operation = ids(requiredMaterials(pack, 'operation', { kind: 'operation', text: NEUTRAL_TEXT }));
    for (const d of approvalDocs) expect(operation).not.toContain(d);
  });

  it('第十四条: a project already in the annual plan writes 可研 directly, without 项目建议书', () => {
    expect(ids(requiredMaterials(pack, 'new_build', { kind: 'new_build', text: NEUTRAL_TEXT }))).not.toContain(
      'project_proposal',
    );
  });

  it('第十条: a project outside the plan (突发事件 紧急建设) needs 市政府同意 and a 项目建议书', () => {
    const got = requiredMaterials(pack, 'new_build', {
      kind: 'new_build',
      text: '应对突发事件需要紧急建设的应急指挥系统',
    });
    expect(ids(got)).toEqual(expect.arrayContaining(['municipal_gov_consent', 'project_proposal']));
    expect(got.find((m) => m.id === 'municipal_gov_consent')?.precondition).toBe(true);
  });

  it('第十五条: 可研 and 初步设计 include a 数据资源共享分析专篇（章）', () => {
    const got = requiredMaterials(pack, 'new_build', { kind: 'new_build' });
    expect(got.find((m) => m.id === 'feasibility_study')?.contents).toEqual(['数据资源共享分析专篇（章）']);
    expect(got.find((m) => m.id === 'preliminary_design')?.contents).toEqual(['数据资源共享分析专篇（章）']);
    expect(ids(got)).toContain('data_sharing_chapter');
  });

  it('第十六条: the 数据资源目录 is a precondition of approval; 第十五条: 运维 compiles it too', () => {
    const build = requiredMaterials(pack, 'new_build', { kind: 'new_build' }).find(
      (m) => m.id === 'data_resource_catalogue',
    );
    expect(build).toMatchObject({ precondition: true, article: 16 });
    const ops = requiredMaterials(pack, 'operation', { kind: 'operation' }).find(
      (m) => m.id === 'data_resource_catalogue',
    );
    expect(ops?.article).toBe(15);
    expect(ops?.precondition).toBeUndefined();
  });

  it('第十七条: 节能评估、规划选址、用地预审、环评 only for 新建土建工程 or 高耗能项目', () => {
    const approvals = 'energy_site_environment_approvals';
    expect(ids(requiredMaterials(pack, 'new_build', { kind: 'new_build', text: NEUTRAL_TEXT }))).not.toContain(
      approvals,
    );
    expect(
      ids(requiredMaterials(pack, 'new_build', { kind: 'new_build', text: '数据中心机房新建土建工程' })),
    ).toContain(approvals);
  });

  it('第二十一条: 建设类 and 政府购买服务类 explain product 安全可靠性 at the 报批 stage', () => {
    expect(ids(requiredMaterials(pack, 'upgrade', { kind: 'upgrade' }))).toContain('security_reliability_statement');
    expect(ids(requiredMaterials(pack, 'operation', { kind: 'operation' }))).not.toContain(
      'security_reliability_statement',
    );
  });
});

// -----------------------------------------------------------------------------------------------
describe('淮安 pack: approval route', () => {
  const route = pack.routes[0]!;

  it('第八条: 市数据局会同市发改委、市财政局 会商 the plan, 市政府 agrees to it', () => {
    expect(route.steps[0]).toMatchObject({
      id: 'annual_plan_consultation',
      role: 'reviewer',
      jointRoles: ['reviewer', 'approver', 'finance'],
      mode: 'all',
      produces: '年度计划建议方案',
    });
    expect(route.steps[1]).toMatchObject({ id: 'annual_plan_consent', role: 'approver', name: '市政府同意年度计划' });
  });

  it('第十三条、第十四条: joint review by 市数据局 with 网信办/密码管理局/档案局, then 市发改委 立项审批', () => {
    expect(ids(routeSteps(pack, 'new_build', { kind: 'new_build' }))).toEqual([
      'annual_plan_consultation',
      'annual_plan_consent',
      'joint_review',
      'project_approval',
    ]);
    expect(route.steps[2]).toMatchObject({
      id: 'joint_review',
      role: 'reviewer',
      jointRoles: ['reviewer', 'joint_reviewer'],
      mode: 'all',
      produces: '联合评估意见',
    });
    expect(route.steps[3]).toMatchObject({ id: 'project_approval', role: 'approver', produces: '立项批复' });
    expect(pack.roleNames).toMatchObject({
      reviewer: '市数据局',
      joint_reviewer: '市委网信办、市密码管理局、市档案局',
      approver: '市发改委',
      finance: '市财政局',
    });
  });

  it('第十四条: “运维类项目，年度计划经市数据局会同市财政局批准后……原则上不再进行立项审批” — a route of its own', () => {
    expect(article(14).text).toContain(
      '运维类项目，年度计划经市数据局会同市财政局批准后，由项目单位按程序组织实施，原则上不再进行立项审批',
    );
    const steps = routeSteps(pack, 'operation', { kind: 'operation' });
    expect(ids(steps)).toEqual(['operation_plan_approval', 'joint_review']);
    expect(steps[0]).toMatchObject({ role: 'reviewer', jointRoles: ['reviewer', 'finance'], article: 14 });
    expect(steps.some((s) => s.role === 'approver')).toBe(false);
  });

  it('the draft names no issuer, and the pack names none', () => {
    expect(pack.identity.issuer).toBeUndefined();
    expect(text).not.toContain('人民政府办公室');
  });

  it('第十四条: 政府购买服务类 still goes to 市发改委 立项审批', () => {
    expect(ids(routeSteps(pack, 'service_purchase', { kind: 'service_purchase' }))).toContain('project_approval');
  });
});

// -----------------------------------------------------------------------------------------------
describe('淮安 pack: stages after approval', () => {
  it('第二十六条: 系统建设报告 with its six contents comes before 竣工验收', () => {
    expect(ids(pack.stages)).toEqual([
      'construction',
      'system_report',
      'final_acceptance',
      'acceptance_filing',
      'operation',
      'self_evaluation',
    ]);
    expect(stage('system_report').materials[0]).toMatchObject({
      id: 'system_construction_report',
      contents: [
        '项目建设情况',
        '项目数据目录编制和共享开放开发情况',
        '安全可靠政策落实情况',
        '密码应用情况',
        '网络安全',
        '电子文件和电子档案完成情况',
      ],
    });
    expect(stage('final_acceptance').notBefore).toEqual({
      event: 'system_report_confirmed',
      offset: { amount: 0, unit: 'days' },
      article: 26,
    });
    const report = stage('final_acceptance').requires!.find((r) => 'hasMaterial' in r.condition)!;
    expect(evaluate(report.condition, { materials: ['system_construction_report'] })).toBe(true);
    expect(evaluate(report.condition, { materials: [] })).toBe(false);
  });

  it('第二十六条: 密码应用安全性评估结果不合格的，不得进行项目竣工验收', () => {
    const crypto = stage('final_acceptance').requires!.find((r) => r.message.includes('密码应用安全性评估'))!;
    expect(evaluate(crypto.condition, { passedCryptoAssessment: true })).toBe(true);
    expect(evaluate(crypto.condition, { passedCryptoAssessment: false })).toBe(false);
    expect(evaluate(crypto.condition, {})).toBe(false);
  });

  it('第二十三条: 建设类 procurement documents and contract state 质保 and 免费运维期', () => {
    const m = stage('construction').materials[0]!;
    expect(m.contents).toEqual(['质保', '免费运维期（自竣工验收合格之日起不少于2年）']);
    expect(evaluate(m.when!, { kind: 'expansion' })).toBe(true);
    expect(evaluate(m.when!, { kind: 'service_purchase' })).toBe(false);
  });

  it('第二十七条、第二十八条: 备案 and 投入使用 only after 竣工验收合格', () => {
    expect(stage('acceptance_filing').notBefore?.event).toBe('final_acceptance');
    expect(stage('operation').notBefore).toEqual({
      event: 'final_acceptance',
      offset: { amount: 0, unit: 'days' },
      article: 28,
    });
  });

  it('第二十九条: 运维 needs 运维管理制度 and 应急预案; 第三十六条: 自评价报告', () => {
    expect(ids(stage('operation').materials)).toEqual(['operation_management_rules', 'emergency_plan']);
    expect(ids(stage('self_evaluation').materials)).toEqual(['self_evaluation_report']);
  });
});

// -----------------------------------------------------------------------------------------------
describe('淮安 pack: time limits', () => {
  it('the text sets three time limits in figures (及时、定期、限期 carry none)', () => {
    expect(ids(pack.timeLimits)).toEqual(['annual_plan', 'acceptance_report_filing', 'free_maintenance']);
  });

  it('第六条: 每年9月中旬前 编制下一年度计划 — read as 09-15, the middle of 中旬 (11–20)', () => {
    expect(limit('annual_plan')).toMatchObject({
      trigger: { kind: 'annual', month: 9, day: 15 },
      type: 'deadline',
      responsible: 'reviewer',
    });
    expect(dueDate(pack, 'annual_plan', {}, 2025)?.due).toBe('2025-09-15'); // a Monday
    expect(dueDate(pack, 'annual_plan', {}, 2026)?.due).toBe('2026-09-15'); // a Tuesday
  });

  it('第二十七条: 竣工验收合格后一个月内 验收报告备案 (calendar month, clamped)', () => {
    expect(limit('acceptance_report_filing')).toMatchObject({
      type: 'deadline',
      offset: { amount: 1, unit: 'months' },
      responsible: 'unit',
    });
    expect(dueDate(pack, 'acceptance_report_filing', { final_acceptance: '2024-05-20' })?.due).toBe('2024-06-20');
    // 08-31 + 1 month: September has no 31st.
    expect(dueDate(pack, 'acceptance_report_filing', { final_acceptance: '2024-08-31' })?.due).toBe('2024-09-30');
    // 2024 is a leap year.
    expect(dueDate(pack, 'acceptance_report_filing', { final_acceptance: '2024-01-31' })?.due).toBe('2024-02-29');
    expect(dueDate(pack, 'acceptance_report_filing', {})).toBeNull();
  });

  it('第二十七条: a month ending in National Day 2025 (10-01…10-08) is not moved (the text says no 顺延)', () => {
    const due = dueDate(pack, 'acceptance_report_filing', { final_acceptance: '2025-09-08' })!;
    expect(due.due).toBe('2025-10-08');
    expect(isWorkingDay('2025-10-08')).toBe(false); // last day of the 2025 国庆中秋 holiday
    expect(due.provisional).toBe(false);
  });

  it('第二十三条: 免费运维期自竣工验收合格之日起不得少于2年 (建设类 only)', () => {
    const l = limit('free_maintenance');
    expect(l).toMatchObject({
      type: 'minimum',
      offset: { amount: 2, unit: 'years' },
      trigger: { kind: 'event', event: 'final_acceptance' },
    });
    expect(dueDate(pack, 'free_maintenance', { final_acceptance: '2024-06-28' })?.due).toBe('2026-06-28');
    // 2026 has no 29 February; 2026-02-28 is a Saturday worked for the Spring Festival (调休上班).
    expect(dueDate(pack, 'free_maintenance', { final_acceptance: '2024-02-29' })?.due).toBe('2026-02-28');
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(evaluate(l.when!, { kind: 'new_build' })).toBe(true);
    expect(evaluate(l.when!, { kind: 'operation' })).toBe(false);
  });
});

// -----------------------------------------------------------------------------------------------
describe('淮安 pack: checks', () => {
  const build = (extra: Partial<ProjectFacts> = {}): ProjectFacts => ({
    kind: 'new_build',
    text: NEUTRAL_TEXT,
    materials: COMPLETE_BUILD,
    ...extra,
  });

  it('a complete 新建 declaration on 政务云 raises nothing', () => {
    expect(runChecks(pack, build())).toEqual([]);
  });

  it('第七条: without the 首席数据官 sign-off the declaration is blocked', () => {
    const f = finding(build({ materials: COMPLETE_BUILD.filter((m) => m !== 'cdo_approval') }), 'cdo_approval_missing');
    expect(f).toMatchObject({ level: 'blocker', article: 7 });
  });

  it('第九条: 未列入年度计划的项目原则上不予审批 — unless 市政府同意 (第十条)', () => {
    expect(finding(build({ text: '未列入年度计划的应急指挥平台' }), 'not_in_annual_plan')?.level).toBe('blocker');
    expect(
      findingIds(
        build({ text: '未列入年度计划的应急指挥平台', materials: [...COMPLETE_BUILD, 'municipal_gov_consent'] }),
      ),
    ).not.toContain('not_in_annual_plan');
  });

  it('第九条: 不得未批先建', () => {
    expect(finding(build({ text: '系统已开工，补办审批' }), 'built_before_approval')?.level).toBe('warning');
  });

  it('第六条: 镇（街道）不得独立建设项目; 不得拆分申报相似项目', () => {
    expect(findingIds(build({ text: '某街道网格化服务平台' }))).toContain('town_street_project');
    expect(finding(build({ text: '将平台拆分为两个项目申报' }), 'split_declaration')?.level).toBe('warning');
  });

  it('第十五条: 可研/初步设计 without 数据资源共享分析专篇 is blocked', () => {
    const f = finding(
      build({ materials: COMPLETE_BUILD.filter((m) => m !== 'data_sharing_chapter') }),
      'data_sharing_chapter_missing',
    );
    expect(f).toMatchObject({ level: 'blocker', article: 15 });
  });

  it('第十六条: no 数据资源目录, no approval — 运维 skips 立项审批 and is not blocked', () => {
    const noCatalogue = COMPLETE_BUILD.filter((m) => m !== 'data_resource_catalogue');
    expect(finding(build({ materials: noCatalogue }), 'data_resource_catalogue_missing')?.level).toBe('blocker');
    expect(findingIds({ kind: 'operation', text: NEUTRAL_TEXT, materials: ['cdo_approval'] })).not.toContain(
      'data_resource_catalogue_missing',
    );
  });

  it('第十七条: 新建土建工程、高耗能项目 still need 节能评估等审批', () => {
    expect(finding(build({ text: '含新建土建工程的数据中心' }), 'energy_site_environment_review')?.level).toBe(
      'warning',
    );
  });

  it('第二十一条: 报批阶段 without a 安全可靠性说明 is warned', () => {
    const f = finding(
      build({ materials: COMPLETE_BUILD.filter((m) => m !== 'security_reliability_statement') }),
      'security_reliability_statement_missing',
    );
    expect(f).toMatchObject({ level: 'warning', article: 21 });
  });

  it('第二十五条: building away from the approved 投资概算 is warned', () => {
    expect(finding(build({ budgetAdjustmentRatio: 0.12 }), 'deviation_from_approved_budget')?.level).toBe('warning');
    expect(findingIds(build({ budgetAdjustmentRatio: 0 }))).not.toContain('deviation_from_approved_budget');
  });

  it('第二十六条: a failed 密码应用安全性评估 blocks 竣工验收; no result yet raises nothing', () => {
    expect(finding(build({ passedCryptoAssessment: false }), 'crypto_assessment_failed')).toMatchObject({
      level: 'blocker',
      article: 26,
    });
    expect(findingIds(build({ passedCryptoAssessment: true }))).not.toContain('crypto_assessment_failed');
    expect(findingIds(build())).not.toContain('crypto_assessment_failed');
  });

  describe('第三十八条: eight cases in which 后续建设及运维服务 are not arranged', () => {
    const raised = (id: string, facts: Partial<ProjectFacts>) => {
      const f = finding(build(facts), id);
      expect(f?.article).toBe(38);
      expect(f?.message).toContain('不予安排项目的后续建设及运维服务');
      return f;
    };

    it('第三十八条(一): 未完成对接互通、数据归集和共享 或者 重复采集数据', () => {
      raised('no_follow_up_data_sharing', { text: '企业基础信息采集系统' });
    });
    it('第三十八条(二): 不按规定使用电子政务网络或政务云资源', () => {
      raised('no_follow_up_egov_network_cloud', { text: '自建机房并采购服务器' });
      expect(findingIds(build({ text: '服务器资源使用政务云' }))).not.toContain('no_follow_up_egov_network_cloud');
    });
    it('第三十八条(三): 不基于统一移动门户，擅自开发APP', () => {
      raised('no_follow_up_app_without_portal', { isNewApp: true, text: '市民服务APP' });
      expect(findingIds(build({ isNewApp: true, text: '基于统一移动门户的轻应用' }))).not.toContain(
        'no_follow_up_app_without_portal',
      );
    });
    it('第三十八条(四): 不按规定接入“一网统管”平台', () => {
      raised('no_follow_up_yiwangtongguan', { text: '城市运行指挥中心' });
      expect(findingIds(build({ text: '城市运行指挥中心，接入一网统管平台' }))).not.toContain(
        'no_follow_up_yiwangtongguan',
      );
    });
    it('第三十八条(五): 政务服务类、监管类、办公类 not connected to their platform', () => {
      raised('no_follow_up_government_service_platform', { text: '不动产登记政务服务系统' });
      raised('no_follow_up_supervision_platform', { text: '市场监管执法平台' });
      raised('no_follow_up_office_platform', { text: '局内OA系统' });
      expect(findingIds(build({ text: '政务服务事项接入一体化在线政务服务平台' }))).not.toContain(
        'no_follow_up_government_service_platform',
      );
    });
    it('第三十八条(六): 未按照项目批复要求建设 或者 存在重大安全隐患', () => {
      raised('no_follow_up_not_as_approved', { text: '系统存在重大安全隐患' });
    });
    it('第三十八条(七): 停用系统、僵尸系统', () => {
      raised('no_follow_up_idle_system', { kind: 'operation', text: '已停用的旧审批系统运维' });
    });
    it('第三十八条(八): 绩效评价等级为差且整改不到位', () => {
      raised('no_follow_up_poor_performance', { text: '上年度绩效评价等级为差' });
    });
    it('all eight items are covered, each quoting its own item', () => {
      const quotes = pack.checks.filter((c) => c.article === 38).map((c) => c.quote);
      const items = article(38).text.split('\n').slice(1);
      expect(items).toHaveLength(8);
      for (const [i, item] of items.entries()) {
        expect(quotes.filter((q) => item.includes(q)).length, `（${i + 1}）`).toBeGreaterThan(0);
      }
    });
  });
});

// -----------------------------------------------------------------------------------------------
describe('淮安 pack: consequences', () => {
  it('第三十三条: 限期整改 → 通报批评 → 暂缓安排投资计划 → 暂停项目建设 → 终止项目', () => {
    const ladder = pack.consequences.filter((c) => c.directFrom === undefined);
    expect(ladder.map((c) => [c.rung, c.name, c.article])).toEqual([
      [1, '限期整改', 33],
      [2, '通报批评', 33],
      [3, '暂缓安排投资计划', 33],
      [4, '暂停项目建设', 33],
      [5, '终止项目', 33],
    ]);
  });

  it('第二十四条、第二十七条、第二十八条、第三十八条、第三十九条: consequences that follow directly', () => {
    const direct = pack.consequences.filter((c) => c.directFrom !== undefined);
    expect(direct.map((c) => [c.article, c.name])).toEqual([
      [24, '督促整改或暂停项目建设'],
      [27, '不予安排后续建设资金和运维经费'],
      [28, '不得投入使用，不拨付项目资金'],
      [38, '不予安排项目的后续建设及运维服务'],
      [39, '依法依纪追究责任'],
    ]);
    // They come after the ladder.
    expect(Math.min(...direct.map((c) => c.rung))).toBeGreaterThan(5);
  });
});
