import { describe, expect, it } from 'vitest';
import { checkReport, type ReportCheck } from '../../src/lifecycle/report.js';
import { projectDeadlines, reconcileDeadlines, type DeadlineRow } from '../../src/lifecycle/deadlines.js';
import { remindersDue } from '../../src/lifecycle/reminders.js';
import type { LifecycleProject } from '../../src/lifecycle/common.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';
import { gaoping2020 } from '../../src/rules/packs/gaoping-2020.js';
import type { RulePack } from '../../src/rules/types.js';

// A project of each region from approval to self-evaluation. Every expected date is counted by
// hand from the State Council's holiday arrangements (国务院办公厅关于2024/2025/2026年部分节假日
// 安排的通知; the same dates are in chinese-days' data), never from the code:
// - 2024 国庆: 10-01..10-07 off, Sun 09-29 and Sat 10-12 work.
// - 2025 国庆/中秋: 10-01..10-08 off, Sun 09-28 and Sat 10-11 work.
// - 2026 春节: 02-15..02-23 off, Sat 02-14 and Sat 02-28 work.
// - 2026 中秋 09-25..09-27 off, 国庆 10-01..10-07 off; Sun 09-20 and Sat 10-10 work.

class Journey {
  project: LifecycleProject;
  constructor(
    readonly pack: RulePack,
    kind: string,
    facts: LifecycleProject['facts'] = {},
  ) {
    this.project = { kind, events: {}, facts, attachedMaterialIds: [] };
  }
  approve(date: string): this {
    this.project = { ...this.project, events: { ...this.project.events, approved: date } };
    return this;
  }
  attach(...ids: string[]): this {
    this.project = { ...this.project, attachedMaterialIds: [...this.project.attachedMaterialIds, ...ids] };
    return this;
  }
  setFacts(facts: NonNullable<LifecycleProject['facts']>): this {
    this.project = { ...this.project, facts: { ...this.project.facts, ...facts } };
    return this;
  }
  try(event: string, date: string, today = date): ReportCheck {
    return checkReport(this.pack, this.project, { event, date }, today);
  }
  report(event: string, date: string, today = date): Extract<ReportCheck, { ok: true }> {
    const r = this.try(event, date, today);
    if (!r.ok) throw new Error(`${event} ${date}: ${r.problems.map((p) => p.message).join('; ')}`);
    this.project = { ...this.project, events: r.events };
    return r;
  }
  deadlines(today: string): DeadlineRow[] {
    return projectDeadlines(this.pack, this.project, today);
  }
}

const row = (rows: DeadlineRow[], limitId: string) => {
  const r = rows.find((x) => x.limitId === limitId);
  if (!r) throw new Error(`no row ${limitId} in ${rows.map((x) => x.limitId).join(', ')}`);
  return r;
};

describe('金寨县 (jinzhai-2022): approval → 初验 → 试运行 → 终验 → 运行 → 绩效自评价', () => {
  const j = new Journey(jinzhai2022, 'new_build', { investmentWan: 120, fiscalFundsWan: 120 }).approve('2025-01-10');

  it('reports contract and construction (events without a stage) and 初验', () => {
    const c = j.report('contract_signed', '2025-02-10');
    expect(c.nextStage?.id).toBe('construction');
    j.report('construction_completed', '2025-05-06');
    const ia = j.report('initial_acceptance', '2025-05-20');
    expect(ia.completes?.id).toBe('initial_acceptance');
    expect(ia.nextStage?.id).toBe('final_acceptance');
    // the next stage's seven materials of 第十七条 are what it needs
    expect(ia.needs.map((m) => m.id)).toContain('crypto_assessment_report');
    expect(ia.needs).toHaveLength(7);
  });

  it('试运行 started Fri 2025-05-23: the 3 months run to 08-23, 终验 not before Sun 2025-08-24 (第十七条)', () => {
    const t = j.report('trial_run_started', '2025-05-23');
    expect(t.due.map((d) => [d.limit.id, d.due])).toEqual([['trial_run_before_final_acceptance', '2025-08-24']]);
  });

  it('refuses 终验 on 2025-08-23, the last day of 3 months of 试运行, citing 第十七条', () => {
    j.attach(...jinzhai2022.stages.find((s) => s.id === 'final_acceptance')!.materials.map((m) => m.id));
    const r = j.try('final_acceptance', '2025-08-23');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toContain('不得早于2025年8月24日');
    expect(r.problems[0]!.article).toBe(17);
    expect(r.problems[0]!.quote).toContain('初验合格且试运行3个月后');
  });

  it('refuses 绩效自评价 before 终验 (stage order)', () => {
    const r = j.try('self_evaluation_submitted', '2025-08-22');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toContain('须先完成“终验”');
  });

  it('accepts 终验 on Mon 2025-08-25; running since 试运行 (reported 2025-08-20): 绩效自评价 due 2026-02-25, from the later (第十八条)', () => {
    j.report('operation_started', '2025-08-20');
    const f = j.report('final_acceptance', '2025-08-25');
    expect(f.nextStage?.id).toBe('performance_self_evaluation');
    expect(f.due.map((d) => [d.limit.id, d.due, d.limit.article])).toEqual([
      ['performance_self_evaluation', '2026-02-25', 18],
    ]);
  });

  it('reminds before 2026-02-25 across 春节 2026: 7 → 02-09, 3 → Fri 02-13, 1 → Tue 02-24', () => {
    // back from Wed 02-25: 02-24 (1), 02-23..02-15 off, Sat 02-14 works (2), 02-13 (3), 02-12 (4),
    // 02-11 (5), 02-10 (6), 02-09 (7)
    const self = row(j.deadlines('2026-02-25'), 'performance_self_evaluation');
    const r = remindersDue(self, { today: '2026-02-25', state: 'open', graceWorkingDays: 3 });
    expect(r.map((x) => [x.kind, x.date])).toEqual([
      ['before', '2026-02-09'],
      ['before', '2026-02-13'],
      ['before', '2026-02-24'],
      ['on', '2026-02-25'],
    ]);
    // overdue from Thu 02-26; Sat 02-28 works and is the third working day: the escalation
    const later = remindersDue(self, { today: '2026-03-02', state: 'open', graceWorkingDays: 3 });
    expect(later.filter((x) => x.kind === 'overdue').map((x) => x.date)).toEqual([
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
      '2026-03-02',
    ]);
    expect(later.find((x) => x.kind === 'escalate')?.date).toBe('2026-02-28');
  });

  it('绩效自评价 reported 2026-02-13: the project is done and the deadline is fulfilled', () => {
    j.attach('self_evaluation_report');
    const s = j.report('self_evaluation_submitted', '2026-02-13');
    expect(s.nextStage).toBeNull();
    const self = row(j.deadlines('2026-02-13'), 'performance_self_evaluation');
    expect(self.fulfilled).toEqual({ event: 'self_evaluation_submitted', date: '2026-02-13' });
    const stored = [{ key: self.key, limitId: self.limitId, due: self.due, state: 'open' as const }];
    expect(reconcileDeadlines(jinzhai2022, stored, j.deadlines('2026-02-13'), '2026-02-13').complete).toEqual([
      { key: self.key, event: 'self_evaluation_submitted', date: '2026-02-13' },
    ]);
  });
});

describe('牡丹区 (mudan-2023): 责任书 → 采购合同 → 建设 → 数据资源审核 → 竣工验收 → 备案 → 运行 → 自评价', () => {
  const m = new Journey(mudan2023, 'government_build', { investmentWan: 80, isSoftwareDevelopment: false }).approve(
    '2024-06-03',
  );

  it('starts at 签订《项目建设主体责任书》 after 立项', () => {
    m.attach('responsibility_letter');
    const r = m.report('responsibility_letter_signed', '2024-06-05');
    expect(r.nextStage?.id).toBe('procurement');
    expect(r.needs.map((x) => x.id)).toEqual(['procurement_contract']); // no 监理 below 100万元
  });

  it('资金下达 2024-07-15: 当年形成支出 by 2024-12-31 (第二十三条)', () => {
    const f = m.report('funds_allocated', '2024-07-15');
    expect(f.due.map((d) => [d.limit.id, d.due])).toEqual([['in_year_spending', '2024-12-31']]);
  });

  it('合同 signed Fri 2024-09-27: 备案 within 10 working days → Wed 2024-10-16 (第二十二条)', () => {
    // 09-29 Sun works (1), 09-30 (2), 10-01..10-07 off, 10-08 (3), 10-09 (4), 10-10 (5), 10-11 (6),
    // Sat 10-12 works (7), 10-14 (8), 10-15 (9), 10-16 (10)
    m.attach('procurement_contract');
    const c = m.report('contract_signed', '2024-09-27');
    expect(c.due.map((d) => [d.limit.id, d.due, d.limit.article])).toEqual([['contract_filing', '2024-10-16', 22]]);
    const filing = row(m.deadlines('2024-09-27'), 'contract_filing');
    expect(filing.key).toBe('contract_filing:2024-09-27');
    // before:7 → Tue 10-08, before:3 → the 调休 Saturday 10-12, before:1 → 10-15
    const r = remindersDue(filing, { today: '2024-10-16', state: 'open', graceWorkingDays: 3 });
    expect(r.map((x) => x.key)).toEqual([
      'contract_filing:2024-09-27:before:7',
      'contract_filing:2024-09-27:before:3',
      'contract_filing:2024-09-27:before:1',
      'contract_filing:2024-09-27:on',
    ]);
    expect(r.map((x) => x.date)).toEqual(['2024-10-08', '2024-10-12', '2024-10-15', '2024-10-16']);
  });

  it('quarterly reports for the current and the next quarter while under construction (第二十三条)', () => {
    const q = m.deadlines('2024-09-27').filter((r) => r.limitId === 'quarterly_progress_report');
    expect(q.map((r) => r.due)).toEqual(['2024-09-30', '2024-12-31']);
  });

  it('建设 completed 2025-01-10: 竣工验收 within half a year → 2025-07-10, extension allowed (第三十条)', () => {
    m.attach('electronic_archive');
    const b = m.report('construction_completed', '2025-01-10');
    expect(b.nextStage?.id).toBe('data_resource_audit');
    expect(b.due.map((d) => [d.limit.id, d.due])).toEqual([['final_acceptance', '2025-07-10']]);
    const fa = row(m.deadlines('2025-01-10'), 'final_acceptance');
    expect(fa.extensionArticle).toBe(30);
    // construction ended in Q1 2025: that quarter still reports, the next one not
    expect(
      m
        .deadlines('2025-01-10')
        .filter((r) => r.limitId === 'quarterly_progress_report')
        .map((r) => r.due),
    ).toEqual(['2025-03-31']);
  });

  it('refuses 竣工验收 before the 数据资源审核 (第二十七条)', () => {
    m.attach('acceptance_report');
    const r = m.try('final_acceptance', '2025-03-03');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.map((p) => p.article)).toContain(27);
      expect(r.problems.some((p) => p.message.includes('数据资源审核'))).toBe(true);
    }
  });

  it('竣工验收 2025-04-30 after the audit, 投入使用运行 2025-05-06: 自评价 window 2026-05-07 to 2027-05-06 (第三十一条)', () => {
    m.attach('data_resource_audit_opinion');
    m.report('data_resource_audited', '2025-03-03');
    const f = m.report('final_acceptance', '2025-04-30');
    expect(f.due.map((d) => d.limit.id)).not.toContain('self_evaluation');
    const fa = row(m.deadlines('2025-04-30'), 'final_acceptance');
    expect(fa.fulfilled).toBeNull(); // 验收报告 not yet 备案
    m.report('acceptance_report_filed', '2025-05-06');
    expect(row(m.deadlines('2025-05-06'), 'final_acceptance').fulfilled).toEqual({
      event: 'acceptance_report_filed',
      date: '2025-05-06',
    });
    m.attach('data_platform_integration');
    const o = m.report('operation_started', '2025-05-06');
    expect(o.due.map((d) => [d.limit.id, d.due, d.until])).toEqual([['self_evaluation', '2026-05-07', '2027-05-06']]);
  });

  it('自评价 not before 12 months after 竣工验收 and 投入使用运行 (the later, 2025-05-06), then accepted', () => {
    m.attach('self_evaluation_report');
    // 12 months after 竣工验收 alone would allow 2026-05-01
    const early = m.try('self_evaluation_submitted', '2026-05-06');
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.problems[0]!.article).toBe(31);
    if (!early.ok) expect(early.problems[0]!.message).toContain('不得早于2026年5月7日');
    const s = m.report('self_evaluation_submitted', '2026-05-08');
    expect(s.nextStage).toBeNull();
  });
});

describe('淮安市 (huaian-draft): 建设 → 系统建设报告 → 竣工验收 → 备案 → 运维 → 自评价', () => {
  const h = new Journey(huaianDraft, 'new_build', { investmentWan: 300 }).approve('2025-01-15');

  it('建成 2025-07-31, 系统建设报告 confirmed 2025-08-15', () => {
    h.report('contract_signed', '2025-03-03');
    h.attach('procurement_documents_and_contract');
    const b = h.report('construction_completed', '2025-07-31');
    expect(b.nextStage?.id).toBe('system_report');
    expect(b.needs.map((x) => x.id)).toEqual(['system_construction_report']);
  });

  it('refuses 竣工验收 without the 系统建设报告 and without a passing 密评 (第二十六条)', () => {
    const r = h.try('final_acceptance', '2025-08-20');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.map((p) => p.message).join('\n');
    expect(text).toContain('系统建设报告');
    expect(text).toContain('密码应用安全性评估结果不合格的，不得进行项目竣工验收');
    expect(r.problems.every((p) => p.article === 26)).toBe(true);
    expect(r.problems.find((p) => p.message.includes('密码'))!.quote).toContain('密码应用安全性评估结果不合格的');
  });

  it('still refuses with the report confirmed but 密评 not passed', () => {
    h.attach('system_construction_report');
    h.report('system_report_confirmed', '2025-08-15');
    const r = h.try('final_acceptance', '2025-09-01');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.map((p) => p.message)).toEqual(['密码应用安全性评估结果不合格的，不得进行项目竣工验收']);
  });

  it('密评 reported passed on 2025-08-28: the report establishes the fact, 竣工验收 no longer waits for it', () => {
    const c = h.report('crypto_assessment_passed', '2025-08-28');
    expect(c.completes).toBeNull();
    expect(c.nextStage?.id).toBe('final_acceptance');
    expect(c.requirements).toEqual([]);
  });

  it('accepts 竣工验收 on Mon 2025-09-01 with 密评 passed: 备案 by 2025-10-01, free maintenance ≥ 2 years', () => {
    const f = h.report('final_acceptance', '2025-09-01');
    expect(f.due.map((d) => [d.limit.id, d.due, d.limit.type])).toEqual([
      ['acceptance_report_filing', '2025-10-01', 'deadline'],
      ['free_maintenance', '2027-09-01', 'minimum'],
    ]);
  });

  it('the 备案 due on the 国庆 holiday 2025-10-01 is reminded on working days only', () => {
    // last working day on or before 10-01: Tue 09-30; back from it: 09-29 (1), Sun 09-28 works (2),
    // Fri 09-26 (3), 09-25, 09-24, 09-23, Mon 09-22 (7). Overdue from Thu 10-09 (10-01..10-08 off);
    // escalation 2 working days after: Fri 10-10.
    const filing = row(h.deadlines('2025-09-01'), 'acceptance_report_filing');
    const r = remindersDue(filing, { today: '2025-10-10', state: 'open', graceWorkingDays: 2 });
    expect(r.map((x) => [x.kind, x.date])).toEqual([
      ['before', '2025-09-22'],
      ['before', '2025-09-26'],
      ['before', '2025-09-29'],
      ['on', '2025-09-30'],
      ['overdue', '2025-10-09'],
      ['overdue', '2025-10-10'],
      ['escalate', '2025-10-10'],
    ]);
  });

  it('备案, 投入使用, 自评价', () => {
    h.attach('acceptance_report');
    h.report('acceptance_report_filed', '2025-09-30');
    expect(row(h.deadlines('2025-09-30'), 'acceptance_report_filing').fulfilled?.date).toBe('2025-09-30');
    h.attach('operation_management_rules', 'emergency_plan');
    h.report('operation_started', '2025-10-09');
    h.attach('self_evaluation_report');
    expect(h.report('self_evaluation_done', '2026-03-02').nextStage).toBeNull();
  });
});

describe('高平市 (gaoping-2020): 合同备案 → 建设 → 竣工验收 → 验收报告备案 → 自评价', () => {
  const g = new Journey(gaoping2020, 'new_build', { investmentWan: 90 }).approve('2026-01-05');

  it('预算 arranged 2026-01-20: 自评价 not before the end of the budget year (第二十一条)', () => {
    const b = g.report('budget_arranged', '2026-01-20');
    expect(b.due.map((d) => [d.limit.id, d.due, d.limit.type])).toEqual([
      ['self_evaluation', '2026-12-31', 'not_before'],
    ]);
  });

  it('合同 signed Wed 2026-02-11: 备案 within 5 working days → Wed 2026-02-25 across 春节 (第十五条)', () => {
    // 02-12 (1), 02-13 (2), Sat 02-14 works (3), 02-15..02-23 off, 02-24 (4), 02-25 (5)
    const c = g.report('contract_signed', '2026-02-11');
    expect(c.due.map((d) => [d.limit.id, d.due])).toEqual([['contract_filing', '2026-02-25']]);
    // back from 02-25: 02-24 (1), 02-23..02-15 off, Sat 02-14 works (2), Fri 02-13 (3), 02-12 (4),
    // 02-11 (5): before:7 would fall before the signing day and is left out
    const filing = row(g.deadlines('2026-02-11'), 'contract_filing');
    const r = remindersDue(filing, { today: '2026-02-25', state: 'open', graceWorkingDays: 3 });
    expect(r.map((x) => [x.kind, x.date])).toEqual([
      ['before', '2026-02-13'],
      ['before', '2026-02-24'],
      ['on', '2026-02-25'],
    ]);
    expect(r.map((x) => x.leadDays ?? null)).toEqual([3, 1, null]);
  });

  it('合同 and 监理 filed 2026-02-24: the filing deadline is fulfilled', () => {
    g.attach('contract_text', 'supervisor_filing');
    g.report('contract_filed', '2026-02-24');
    expect(row(g.deadlines('2026-02-24'), 'contract_filing').fulfilled).toEqual({
      event: 'contract_filed',
      date: '2026-02-24',
    });
  });

  it('竣工验收 Fri 2026-09-11: 验收报告备案 within 30 working days → Thu 2026-10-29 (第二十条)', () => {
    // Sep: 14,15,16,17,18 (5), Sun 09-20 works (6), 21,22,23,24 (10), 09-25 off, 28,29,30 (13),
    // 10-01..10-07 off, 10-08, 10-09 (15), Sat 10-10 works (16), 12..16 (21), 19..23 (26), 26,27,28,29 (30)
    g.attach('deliverables');
    g.report('construction_completed', '2026-08-31');
    g.attach('resource_catalogue_registration', 'secure_controllable_statement');
    const f = g.report('final_acceptance', '2026-09-11');
    expect(f.due.map((d) => [d.limit.id, d.due])).toEqual([['acceptance_report_filing', '2026-10-29']]);
  });

  it('验收报告 filed Fri 2026-10-09: the 主管部门 tells 财政 within 5 working days → 2026-10-15', () => {
    // Sat 10-10 works (1), 10-12 (2), 10-13 (3), 10-14 (4), 10-15 (5)
    g.attach('acceptance_report');
    const a = g.report('acceptance_report_filed', '2026-10-09');
    expect(a.due.map((d) => [d.limit.id, d.due, d.limit.responsible])).toEqual([
      ['finance_notification', '2026-10-15', 'reviewer'],
    ]);
  });

  it('自评价 after the budget year', () => {
    g.attach('self_evaluation_report');
    expect(g.report('self_evaluation_submitted', '2027-01-11').nextStage).toBeNull();
  });
});

describe('a fifth region works by adding a pack (云岭县, test fixture)', () => {
  it('parses, checks, counts and escalates from the pack alone', async () => {
    const { yunling2024 } = await import('../fixtures/demo-region-pack.js');
    const { parseLifecycleCommand } = await import('../../src/lifecycle/report-parse.js');
    const { proposeNextRung } = await import('../../src/lifecycle/rectification.js');
    const cmd = parseLifecycleCommand(yunling2024, '合同已签订 2025-09-26', '2025-09-30');
    expect(cmd && 'event' in cmd ? [cmd.event.id, cmd.date] : cmd).toEqual(['contract_signed', '2025-09-26']);
    const y = new Journey(yunling2024, 'new_build', { investmentWan: 60 }).approve('2025-09-01');
    // Fri 09-26 + 5 working days: Sun 09-28 works (1), 09-29 (2), 09-30 (3), (国庆) 10-09 (4), 10-10 (5)
    expect(y.report('contract_signed', '2025-09-26', '2025-09-30').due.map((d) => d.due)).toEqual(['2025-10-10']);
    y.report('trial_run_started', '2025-10-09');
    y.attach('test_report');
    // 试运行满2个月: 10-10 … 12-09, so 竣工验收 from 12-10
    const early = y.try('final_acceptance', '2025-12-09');
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.problems[0]!.message).toContain('不得早于2025年12月10日');
    expect(y.report('final_acceptance', '2025-12-10').nextStage).toBeNull();
    expect(proposeNextRung(yunling2024, 1)?.name).toBe('暂停拨付项目资金');
  });
});
