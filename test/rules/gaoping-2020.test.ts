import { describe, it, expect } from 'vitest';
import { gaoping2020 as pack } from '../../src/rules/packs/gaoping-2020.js';
import { articleLabel } from '../../src/rules/articles.js';
import {
  dueDate,
  requiredMaterials,
  routeSteps,
  runChecks,
  scopeExclusions,
  citation,
  type ProjectFacts,
} from '../../src/rules/engine.js';
import type { ArticleNo } from '../../src/rules/types.js';
import { checkReport } from '../../src/lifecycle/report.js';

const art = (no: ArticleNo) => pack.articles.find((a) => a.no === no)!;
const limit = (id: string) => pack.timeLimits.find((l) => l.id === id)!;
const check = (id: string) => pack.checks.find((c) => c.id === id)!;
const stage = (id: string) => pack.stages.find((s) => s.id === id)!;
const checkIds = (facts: ProjectFacts) => runChecks(pack, facts).map((f) => f.id);

/** Every rule of the pack that cites an article, with the words it quotes. */
function citedRules(): { where: string; article: ArticleNo; quote?: string }[] {
  const out: { where: string; article: ArticleNo; quote?: string }[] = [];
  for (const e of pack.scope.exclusions) out.push({ where: `scope ${e.id}`, article: e.article, quote: e.quote });
  for (const k of pack.projectKinds) {
    out.push({ where: `kind ${k.id}`, article: k.article });
    for (const m of k.materials) out.push({ where: `material ${k.id}/${m.id}`, article: m.article, quote: m.quote });
  }
  for (const r of pack.routes) {
    out.push({ where: `route ${r.id}`, article: r.article });
    for (const s of r.steps) out.push({ where: `step ${s.id}`, article: s.article, quote: s.quote });
  }
  for (const s of pack.stages) {
    out.push({ where: `stage ${s.id}`, article: s.article });
    for (const m of s.materials) out.push({ where: `stage material ${m.id}`, article: m.article, quote: m.quote });
    for (const r of s.requires ?? []) out.push({ where: `stage ${s.id} requires`, article: r.article });
    if (s.notBefore) out.push({ where: `stage ${s.id} notBefore`, article: s.notBefore.article });
  }
  for (const l of pack.timeLimits) out.push({ where: `limit ${l.id}`, article: l.article, quote: l.quote });
  for (const c of pack.checks) out.push({ where: `check ${c.id}`, article: c.article, quote: c.quote });
  for (const c of pack.consequences) out.push({ where: `rung ${c.rung}`, article: c.article, quote: c.quote });
  return out;
}

describe('高平市政务信息化项目建设应用管理办法（高政办发〔2020〕35号）: the text', () => {
  it('has 35 articles numbered 第一条 to 第三十五条 in six chapters', () => {
    expect(pack.articles).toHaveLength(35);
    pack.articles.forEach((a, i) => {
      expect(a.no).toBe(i + 1);
      expect(a.label).toBe(articleLabel(i + 1));
    });
    expect(art(8).chapter).toBe('第二章 规划和审核');
    expect(art(20).chapter).toBe('第三章 建设和验收');
    expect(art(22).chapter).toBe('第四章 应用和评估');
    expect(art(35).chapter).toBe('第六章 附则');
  });

  it('第三十五条 ends the measures: nothing of the 抄送 block or the signature is in it', () => {
    expect(art(35).text).toBe('本办法自印发之日起施行。');
  });

  it('no extraction artefact is left in any article (第三条 "管理和 service 职能" reads 管理和服务职能)', () => {
    expect(art(3).text).toContain('履行管理和服务职能');
    for (const a of pack.articles) {
      expect(a.text, a.label).not.toMatch(/[#＃]/);
      expect(a.text, a.label).not.toMatch(/\b(and|service)\b/);
      // The only Latin letters of the law are 第十七条's “5G+AI+云+大数据”.
      const latin = a.text.match(/[A-Za-z]+/g) ?? [];
      expect(latin, a.label).toEqual(a.no === 17 ? ['G', 'AI'] : []);
      expect(a.text, a.label).not.toMatch(/第[一二三四五六七八九十]+章/);
    }
  });

  it('words broken across pages are joined (第九条, 第十五条, 第十八条, 第二十二条, 第二十六条, 第三十二条)', () => {
    expect(art(3).text).toContain('文件、资料、图表和数据等信息资源');
    expect(art(9).text).toContain('新建一批在“政务服务系统”规划体系内的应用,提高信息化建设集约化水平。');
    expect(art(15).text).toContain('对于项目内容复杂、技术要求高的');
    expect(art(18).text).toContain('基础软件、系统软件和业务应用软件');
    expect(art(22).text).toContain('项目产出和效果等情况进行绩效考评');
    expect(art(26).text).toContain('依托市政务云系统进行数据治理');
    expect(art(32).text).toContain('发生危害网络安全事件时');
    for (const a of pack.articles) expect(a.text, a.label).not.toMatch(/\n[^\n]{0,3}\n/);
  });

  it('every rule cites an existing article and quotes words that are in that article', () => {
    const rules = citedRules();
    expect(rules.length).toBeGreaterThan(40);
    for (const r of rules) {
      const a = art(r.article);
      expect(a, `${r.where}: 第${r.article}条`).toBeDefined();
      if (r.quote !== undefined) expect(a.text.includes(r.quote), `${r.where}: ${r.quote}`).toBe(true);
    }
  });

  it('ids are unique snake_case and every time limit, stage and notBefore uses a declared event', () => {
    const events = new Set(pack.events.map((e) => e.id));
    for (const ids of [
      pack.events.map((e) => e.id),
      pack.timeLimits.map((l) => l.id),
      pack.checks.map((c) => c.id),
      pack.stages.map((s) => s.id),
      pack.projectKinds.map((k) => k.id),
    ]) {
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]*$/);
    }
    for (const l of pack.timeLimits) if ('event' in l.trigger) expect(events.has(l.trigger.event), l.id).toBe(true);
    for (const s of pack.stages) {
      expect(events.has(s.completedBy), s.id).toBe(true);
      if (s.notBefore) expect(events.has(s.notBefore.event), s.id).toBe(true);
    }
    for (const k of pack.projectKinds)
      expect(
        pack.routes.some((r) => r.id === k.route),
        k.id,
      ).toBe(true);
  });

  it('citation(第二十条) gives the label, the article text and the title', () => {
    const c = citation(pack, 20);
    expect(c.label).toBe('第二十条');
    expect(c.text).toContain('项目竣工验收后 30 个工作日内');
    expect(c.title).toContain('高平市政务信息化项目建设应用管理办法');
  });
});

describe('第三十五条 and the notice: identity and validity', () => {
  it('第三十五条: 高政办发〔2020〕35号, 自印发之日（2020年8月13日）起施行', () => {
    expect(pack.id).toBe('gaoping-2020');
    expect(pack.region).toEqual({ id: 'gaoping', name: '高平市', code: 'GP' });
    expect(pack.identity.title).toBe('高平市政务信息化项目建设应用管理办法');
    expect(pack.identity.docNumber).toBe('高政办发〔2020〕35号');
    expect(pack.identity.issuer).toBe('高平市人民政府办公室');
    expect(pack.identity.issued).toBe('2020-08-13');
    expect(pack.identity.status).toEqual({ kind: 'in_force', since: '2020-08-13' });
    expect(art(35).text).toContain('自印发之日起施行');
  });

  it('第五条: the offices are named 市行政审批服务管理局（市政务信息管理局）, 市人民政府, 市财政局', () => {
    expect(pack.roleNames.reviewer).toBe('市行政审批服务管理局（市政务信息管理局）');
    expect(pack.roleNames.unit).toBe('项目实施单位');
    expect(pack.roleNames.approver).toBe('市人民政府');
    expect(pack.roleNames.finance).toBe('市财政局');
    expect(art(5).text).toContain('市行政审批服务管理局(市政务信息管理局)是我市政务信息化主管部门');
    // 项目建设单位 is the contractor in this text, never the declaring unit.
    expect(pack.synonyms!.flat()).not.toContain('项目建设单位');
    expect(pack.synonyms).toContainEqual(expect.arrayContaining(['市政务信息化主管部门', '市行政审批服务管理局']));
  });
});

describe('scope (第二条, 第二十四条)', () => {
  it('第二十四条: “已建、在建的非涉密应用系统应向市政务云迁移” — 涉密 systems stay in scope, only outside the migration', () => {
    expect(art(24).text).toContain('项目实施单位已建、在建的非涉密应用系统应向市政务云迁移');
    expect(scopeExclusions(pack, '某局涉密文件管理系统建设项目')).toEqual([]);
    expect(checkIds({ kind: 'upgrade', text: '某局涉密文件管理系统升级' })).not.toContain(
      'migrate_to_government_cloud',
    );
  });

  it('第二十四条: an existing 非涉密 system not moving to 市政务云 gets the reviewer’s warning; the duty is listed', () => {
    expect(checkIds({ kind: 'upgrade', text: '不动产登记系统升级，本地部署' })).toContain(
      'migrate_to_government_cloud',
    );
    expect(checkIds({ kind: 'upgrade', text: '不动产登记系统升级，迁移至市政务云' })).not.toContain(
      'migrate_to_government_cloud',
    );
    expect(check('migrate_to_government_cloud').level).toBe('warning');
    expect(pack.duties!.find((d) => d.id === 'cloud_migration')!.quote).toContain(
      '已建行业云要全部纳入市政务云系统统一管理',
    );
  });

  it('第七条: “编制的各类规划涉及政务信息系统建设的,报市政务信息化主管部门备案” — the units’ filing duty is listed', () => {
    const d = pack.duties!.find((x) => x.article === 7)!;
    expect(d).toMatchObject({ id: 'unit_plan_filing', responsible: 'unit' });
    expect(art(7).text).toContain(d.quote);
    expect(d.quote).toContain('报市政务信息化主管部门备案');
  });

  it('第三十二条: “共同制定有关政务信息化安全事件的应急预案并定期组织演练” — listed as a duty', () => {
    const d = pack.duties!.find((x) => x.id === 'security_emergency_plan')!;
    expect(d.article).toBe(32);
    expect(d.quote).toBe('项目实施单位与项目建设单位共同制定有关政务信息化安全事件的应急预案并定期组织演练');
    expect(d.obligation).toContain('定期组织演练');
  });

  it('第二条: the measures apply to 市直各单位; a 镇人民政府 project is flagged', () => {
    expect(scopeExclusions(pack, '米山镇人民政府便民服务平台').map((h) => h.id)).toEqual(['non_municipal_unit']);
    expect(scopeExclusions(pack, '市自然资源局不动产登记系统升级').map((h) => h.id)).toEqual([]);
  });
});

describe('第八条: declaration materials', () => {
  const base = [
    'project_proposal',
    'feasibility_study',
    'preliminary_design',
    'resource_catalogue',
    'investment_estimate',
  ];

  it('第三条: four kinds — 新建、扩建、改造升级、运行维护 — all on the one approval route', () => {
    expect(pack.projectKinds.map((k) => [k.id, k.label, k.route])).toEqual([
      ['new_build', '新建', 'approval'],
      ['expansion', '扩建', 'approval'],
      ['upgrade', '改造升级', 'approval'],
      ['operation', '运行维护', 'approval'],
    ]);
  });

  it('第八条: every kind declares 项目建议书、可行性研究报告、初步设计、信息资源目录和投资概算', () => {
    for (const kind of ['new_build', 'expansion', 'upgrade', 'operation']) {
      const ids = requiredMaterials(pack, kind, { kind, text: '市民政局社会救助信息系统' }).map((m) => m.id);
      expect(ids, kind).toEqual(['system_catalogue_entry', ...base]);
    }
    const names = requiredMaterials(pack, 'new_build', { kind: 'new_build' }).map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining(['项目建议书', '可行性研究报告', '初步设计', '信息资源目录', '投资概算']),
    );
  });

  it('第八条第二款: a 跨部门、跨层级共建共享 project adds the 项目整体方案 of the 牵头部门 and 共建单位', () => {
    const ids = requiredMaterials(pack, 'new_build', {
      kind: 'new_build',
      text: '跨部门共建共享的城市运行监测平台',
    }).map((m) => m.id);
    expect(ids).toEqual(['system_catalogue_entry', ...base, 'overall_plan']);
  });

  it('第十条: listing the systems in the 政务信息系统目录 is a precondition of 报批', () => {
    const entry = requiredMaterials(pack, 'new_build', { kind: 'new_build' }).find(
      (m) => m.id === 'system_catalogue_entry',
    )!;
    expect(entry.precondition).toBe(true);
    expect(entry.article).toBe(10);
  });
});

describe('第二章 规划和审核: the approval route', () => {
  it('第八条、第十一条、第十三条: 实施单位报送 → 主管部门全面审核、审批立项 → 市人民政府同意 → 市财政部门安排预算', () => {
    const steps = routeSteps(pack, 'new_build', { kind: 'new_build', text: '市医保局医保结算系统' });
    expect(steps.map((s) => [s.id, s.role])).toEqual([
      ['declaration', 'unit'],
      ['review', 'reviewer'],
      ['government_consent', 'approver'],
      ['budget', 'finance'],
    ]);
    expect(steps.map((s) => s.article)).toEqual([8, 11, 13, 13]);
  });

  it('第十一条第三款: 新设立部门或未纳入规划的项目 first go through the 主管部门前置审查', () => {
    const steps = routeSteps(pack, 'new_build', { kind: 'new_build', text: '未纳入规划的应急指挥调度系统' });
    expect(steps.map((s) => s.id)).toEqual(['declaration', 'pre_review', 'review', 'government_consent', 'budget']);
    expect(steps[1]!.role).toBe('reviewer');
  });

  it('第十一条: 运行维护 projects take the same route (no step is skipped for them)', () => {
    expect(routeSteps(pack, 'operation', { kind: 'operation', text: '运维' }).map((s) => s.id)).toEqual([
      'declaration',
      'review',
      'government_consent',
      'budget',
    ]);
  });
});

describe('compliance checks', () => {
  const declared: ProjectFacts = {
    kind: 'upgrade',
    text: '市人社局就业服务系统功能完善',
    materials: ['system_catalogue_entry'],
  };

  it('第十条: a system not in the 政务信息系统目录 blocks the declaration (不予审批项目)', () => {
    const f = runChecks(pack, { kind: 'upgrade', text: '市人社局就业服务系统功能完善' }).find(
      (x) => x.id === 'system_catalogue',
    );
    expect(f?.level).toBe('blocker');
    expect(f?.article).toBe(10);
    expect(checkIds(declared)).not.toContain('system_catalogue');
  });

  it('第十条: 不得未批先建 — a project that has already started is a blocker', () => {
    expect(checkIds({ ...declared, text: '该系统已开工建设，现补办审批' })).toContain('no_build_before_approval');
    expect(check('no_build_before_approval').level).toBe('blocker');
  });

  it('第十一条: 原则上不再新建信息平台系统 — every 新建 is warned, an upgrade is not', () => {
    expect(checkIds({ ...declared, kind: 'new_build' })).toContain('no_new_platform');
    expect(checkIds(declared)).not.toContain('no_new_platform');
  });

  it('第十一条: a new system demanded by the 上级主管部门 should be an 改造对接 of the existing one', () => {
    expect(checkIds({ ...declared, kind: 'new_build', text: '按上级主管部门要求新建数据对接系统' })).toContain(
      'upper_level_requirement',
    );
    expect(checkIds({ ...declared, text: '按上级主管部门要求改造现有系统' })).not.toContain('upper_level_requirement');
  });

  it('第十一条: an existing platform must connect to 市“政务服务系统” or gets no 运维资金', () => {
    expect(checkIds({ ...declared, kind: 'operation' })).toContain('existing_system_integration');
    expect(checkIds({ ...declared, hasExistingSystem: true })).toContain('existing_system_integration');
    expect(checkIds({ ...declared, kind: 'new_build', hasExistingSystem: false })).not.toContain(
      'existing_system_integration',
    );
  });

  it('第十一条: 无法实现互联互通、信息共享、业务协同的信息系统不再批准建设', () => {
    expect(checkIds({ ...declared, text: '系统独立运行，不与其他系统共享数据' })).toContain('interconnection');
  });

  it('第十一条: 负面清单 — a platform that will not connect to 政务云 needs reasons and the 市人民政府', () => {
    expect(checkIds({ ...declared, text: '系统采用本地部署，暂不对接政务云' })).toContain('negative_list');
  });

  it('第十一条: 市直单位不得新建业务专网 without the 主管部门同意', () => {
    expect(checkIds({ ...declared, text: '新建视频会议业务专网' })).toContain('private_network');
    expect(checkIds(declared)).not.toContain('private_network');
  });

  it('第十二条: servers and storage come from the 《高平市政务云系统服务目录》', () => {
    expect(checkIds({ ...declared, text: '采购服务器和存储设备' })).toContain('cloud_service_catalogue');
  });

  it('第十五条: 内容复杂、技术要求高的 projects choose the 建设单位 by competition', () => {
    expect(checkIds({ ...declared, text: '项目内容复杂、技术要求高' })).toContain('competitive_selection');
  });

  it('第十六条: a new mobile client must connect to the 政务服务系统总终端', () => {
    expect(checkIds({ ...declared, isNewApp: true })).toContain('mobile_terminal');
    expect(checkIds({ ...declared, text: '开发微信小程序' })).toContain('mobile_terminal');
  });

  it('第十八条: 自主可控 key products — warned when software is developed or equipment bought', () => {
    expect(checkIds({ ...declared, isSoftwareDevelopment: true })).toContain('secure_controllable_products');
    expect(checkIds({ ...declared, text: '购置核心交换机和防火墙' })).toContain('secure_controllable_products');
    expect(check('secure_controllable_products').level).toBe('warning');
  });

  it('第十九条: a 建设内容 change needs an 调整申请 to the 主管部门', () => {
    expect(checkIds({ ...declared, text: '拟调整建设内容，增加统计模块' })).toContain('major_change');
  });

  it('第二十条: a 运行维护 project of a system whose 竣工验收报告 is not filed gets no 运行维护经费', () => {
    expect(checkIds({ ...declared, kind: 'operation' })).toContain('operation_needs_filed_acceptance');
    expect(
      checkIds({ ...declared, kind: 'operation', materials: ['system_catalogue_entry', 'acceptance_report'] }),
    ).not.toContain('operation_needs_filed_acceptance');
  });

  it('第三十一条: 等级保护和国家密码管理要求 — warned when the 密评 was not passed', () => {
    expect(checkIds({ ...declared, passedCryptoAssessment: false })).toContain('crypto_and_protection');
    expect(checkIds({ ...declared, passedCryptoAssessment: true })).not.toContain('crypto_and_protection');
  });

  it('a plain upgrade with its system listed raises no blocker', () => {
    expect(runChecks(pack, declared).filter((f) => f.level === 'blocker')).toEqual([]);
  });
});

describe('第三章 建设和验收: stages', () => {
  it('第十条: 不得未批先建 — contracting and construction only after 审批立项', () => {
    expect(stage('contracting').notBefore?.event).toBe('approved');
    expect(stage('construction').notBefore?.event).toBe('approved');
  });

  it('第十五条: 合同文本 and 监理单位 are filed with the 主管部门; the 建设单位 hands over 设计文件、源代码、测试文档', () => {
    expect(stage('contracting').materials.map((m) => m.id)).toEqual(['contract_text']);
    expect(stage('supervisor_filing')).toMatchObject({ optional: true, completedBy: 'supervisor_filed' });
    expect(stage('supervisor_filing').materials.map((m) => m.id)).toEqual(['supervisor_filing']);
    expect(stage('construction').materials[0]!.contents).toEqual(['设计文件', '源代码', '测试文档']);
  });

  it('第十五条: “在签订正式合同后5个工作日内,将合同文本报市政务信息化主管部门备案” — the contract text alone meets it', () => {
    expect(limit('contract_filing').quote).toBe(
      '项目实施单位应在签订正式合同后5个工作日内,将合同文本报市政务信息化主管部门备案',
    );
    const project = {
      kind: 'new_build',
      events: { declared: '2026-01-05', approved: '2026-01-20', contract_signed: '2026-02-02' },
      attachedMaterialIds: ['contract_text'],
    };
    const r = checkReport(pack, project, { event: 'contract_filed', date: '2026-02-05' }, '2026-02-06');
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([]);
  });

  it('第二十条、第十八条: 竣工验收 requires the 信息资源目录 in the 共享平台目录管理系统 and the 安全可控 record', () => {
    const s = stage('final_acceptance');
    expect(s.completedBy).toBe('final_acceptance');
    expect(s.notBefore?.event).toBe('construction_completed');
    expect(s.requires!.map((r) => [r.article, r.condition])).toEqual([
      [20, { hasMaterial: 'resource_catalogue_registration' }],
      [18, { hasMaterial: 'secure_controllable_statement' }],
    ]);
  });

  it('第二十条: the 竣工验收报告 filing stage is completed by acceptance_report_filed', () => {
    expect(stage('acceptance_filing').completedBy).toBe('acceptance_report_filed');
    expect(stage('acceptance_filing').materials.map((m) => m.name)).toEqual(['竣工验收报告']);
  });
});

describe('time limits', () => {
  it('the text has exactly four time limits (第十五条, 第二十条 ×2, 第二十一条)', () => {
    expect(pack.timeLimits.map((l) => [l.id, l.article])).toEqual([
      ['contract_filing', 15],
      ['acceptance_report_filing', 20],
      ['finance_notification', 20],
      ['self_evaluation', 21],
    ]);
  });

  it('第十五条: 签订正式合同后5个工作日内将合同文本备案 — signed 2024-09-27, due 2024-10-10 (调休 Sunday 09-29 counts, 国庆 10-01…07 does not)', () => {
    expect(limit('contract_filing')).toMatchObject({
      type: 'deadline',
      offset: { amount: 5, unit: 'working_days' },
      responsible: 'unit',
      trigger: { kind: 'event', event: 'contract_signed' },
    });
    const due = dueDate(pack, 'contract_filing', { contract_signed: '2024-09-27' })!;
    expect(due.from).toBe('2024-09-27');
    expect(due.due).toBe('2024-10-10');
    expect(due.provisional).toBe(false);
  });

  it('第十五条: across the 2026 春节 — signed 2026-02-12, due 2026-02-26 (02-14 Saturday is a 调休 working day)', () => {
    expect(dueDate(pack, 'contract_filing', { contract_signed: '2026-02-12' })!.due).toBe('2026-02-26');
  });

  it('第二十条: 竣工验收后30个工作日内报送竣工验收报告备案 — accepted 2025-01-10, due 2025-02-27 across the 2025 春节', () => {
    expect(limit('acceptance_report_filing')).toMatchObject({
      type: 'deadline',
      offset: { amount: 30, unit: 'working_days' },
      responsible: 'unit',
      trigger: { kind: 'event', event: 'final_acceptance' },
    });
    // 01-13…01-24 = 10, 01-26 (调休 Sunday) = 11, 01-27 = 12, 01-28…02-04 春节, 02-05…02-07 = 15,
    // 02-08 (调休 Saturday) = 16, 02-10…02-21 = 26, 02-24…02-27 = 30.
    expect(dueDate(pack, 'acceptance_report_filing', { final_acceptance: '2025-01-10' })!.due).toBe('2025-02-27');
  });

  it('第二十条: 完成备案手续后5个工作日内书面告知市财政部门 — filed 2025-04-30, due 2025-05-12 (劳动节 05-01…05 off)', () => {
    expect(limit('finance_notification')).toMatchObject({
      type: 'deadline',
      offset: { amount: 5, unit: 'working_days' },
      responsible: 'reviewer',
      trigger: { kind: 'event', event: 'acceptance_report_filed' },
    });
    expect(dueDate(pack, 'finance_notification', { acceptance_report_filed: '2025-04-30' })!.due).toBe('2025-05-12');
  });

  it('第二十条: the two limits chain — the finance notice runs from the actual filing, not from the acceptance', () => {
    const events: Record<string, string> = { final_acceptance: '2025-01-10' };
    expect(dueDate(pack, 'acceptance_report_filing', events)!.due).toBe('2025-02-27');
    expect(dueDate(pack, 'finance_notification', events)).toBeNull();
    events.acceptance_report_filed = '2025-02-27';
    const notice = dueDate(pack, 'finance_notification', events)!;
    expect(notice.from).toBe('2025-02-27');
    expect(notice.due).toBe('2025-03-06');
  });

  it('第二十一条: 年度预算结束后开展项目自评价 — budget arranged 2024-03-15, self-evaluation from the end of 2024', () => {
    expect(limit('self_evaluation')).toMatchObject({
      type: 'not_before',
      trigger: { kind: 'budget_year_end', event: 'budget_arranged' },
      responsible: 'unit',
    });
    const due = dueDate(pack, 'self_evaluation', { budget_arranged: '2024-03-15' })!;
    expect(due.from).toBe('2024-12-31');
    expect(due.due).toBe('2024-12-31');
    expect(dueDate(pack, 'self_evaluation', {})).toBeNull();
  });

  it('no time limit of this text allows an extension', () => {
    for (const l of pack.timeLimits) expect(l.extensionArticle, l.id).toBeUndefined();
  });
});

describe('第二十二条: consequences', () => {
  const ladder = () => pack.consequences.filter((c) => c.directFrom === undefined);
  const direct = () => pack.consequences.filter((c) => c.directFrom !== undefined);

  it('第二十二条: 违反审批要求建设、擅自调整、拖延不验收 → 限期整改 → 暂停拨付项目建设和运维资金 → 终止项目', () => {
    expect(ladder().map((c) => [c.rung, c.name, c.article])).toEqual([
      [1, '责令限期整改', 22],
      [2, '暂停拨付项目建设和运维资金', 22],
      [3, '终止项目', 22],
    ]);
    expect(ladder()[0]!.quote).toContain('擅自调整建设内容、无合理原因长期拖延不验收');
    // The text has no 暂缓 rung.
    expect(art(22).text).not.toContain('暂缓');
  });

  it('第二十二条、第十条、第十一条、第二十条: consequences that follow directly from a finding come after the ladder', () => {
    expect(direct().map((c) => [c.article, c.name])).toEqual([
      [22, '追究相关当事人责任'],
      [10, '不予审批项目，不予安排建设投资，不予安排运维资金'],
      [11, '不予安排运维资金'],
      [11, '不再拨付运维经费'],
      [20, '不得拨付后续建设资金和运行维护经费'],
    ]);
    const rungs = pack.consequences.map((c) => c.rung);
    expect(rungs).toEqual([...rungs].sort((a, b) => a - b));
    expect(Math.min(...direct().map((c) => c.rung))).toBeGreaterThan(Math.max(...ladder().map((c) => c.rung)));
  });
});
