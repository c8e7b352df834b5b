import { describe, expect, it } from 'vitest';
import { projectDeadlines } from '../../src/lifecycle/deadlines.js';
import { statutoryTimeline, type TimelineEntry, type TimelineProject } from '../../src/lifecycle/timeline.js';
import { gaoping2020 } from '../../src/rules/packs/gaoping-2020.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import type { RulePack } from '../../src/rules/types.js';

const TODAY = '2026-11-23';

function project(kind: string, events: Record<string, string>): TimelineProject {
  return { kind, facts: {}, attachedMaterialIds: [], events };
}

/** The timeline with the rows the deadline core dates for the project today (what the database holds). */
function timeline(pack: RulePack, p: TimelineProject) {
  const rows = projectDeadlines(pack, { ...p, attachedMaterialIds: [...p.attachedMaterialIds] }, TODAY);
  return statutoryTimeline(pack, p, rows, TODAY);
}

/** [kind, limit, article, when-or-date] for each entry. */
function summary(entries: TimelineEntry<{ limitId: string; due: string; article: number }>[]) {
  return entries.map((e) =>
    e.kind === 'dated'
      ? ['dated', e.row.limitId, e.row.article, e.row.due]
      : e.kind === 'annual'
        ? ['annual', e.limitId, e.article, e.due]
        : ['pending', e.limitId, e.article, e.when],
  );
}

describe('statutoryTimeline', () => {
  it('金寨 right after approval: no dated row, yet the page has 第五条’s next 9月30日 and 第十五、十七、十八条 待起算', () => {
    const p = project('new_build', { approved: '2026-11-20' });
    expect(projectDeadlines(jinzhai2022, { ...p, attachedMaterialIds: [] }, TODAY)).toEqual([]);
    expect(summary(timeline(jinzhai2022, p))).toEqual([
      ['annual', 'annual_declaration', 5, '2027-09-30'],
      ['pending', 'adjustment_filing', 15, '“向县政府申请调整”时同时办理'],
      ['pending', 'trial_run_before_final_acceptance', 17, '“开始试运行”之日起满3个月后'],
      ['pending', 'performance_self_evaluation', 18, '“通过终验”与“投入运行”中较晚者之日起6个月内'],
    ]);
    const selfEval = timeline(jinzhai2022, p).find(
      (e) => e.kind === 'pending' && e.limitId === 'performance_self_evaluation',
    );
    expect(selfEval).toMatchObject({
      triggerEvent: 'operation_started',
      responsible: 'unit',
      quote: expect.stringContaining('通过终验并投入运行后6个月内'),
    });
  });

  it('金寨 after 终验 and 投入运行: the self-evaluation is dated and leaves the pending list; the annual date stays in date order', () => {
    const p = project('new_build', {
      approved: '2026-01-05',
      trial_run_started: '2026-03-02',
      final_acceptance: '2026-06-15',
    });
    // 终验 alone: the self-evaluation still waits for 投入运行 (第十八条 “通过终验并投入运行后”)
    expect(
      timeline(jinzhai2022, p).find((e) => e.kind === 'pending' && e.limitId === 'performance_self_evaluation'),
    ).toMatchObject({ kind: 'pending', triggerEvent: 'operation_started' });
    const running = project('new_build', { ...p.events, operation_started: '2026-06-15' });
    expect(summary(timeline(jinzhai2022, running))).toEqual([
      ['dated', 'trial_run_before_final_acceptance', 17, '2026-06-03'],
      ['dated', 'performance_self_evaluation', 18, '2026-12-15'],
      ['annual', 'annual_declaration', 5, '2027-09-30'],
      ['pending', 'adjustment_filing', 15, '“向县政府申请调整”时同时办理'],
    ]);
  });

  it('金寨 办公电脑 purchases have no annual 申报表 (第五条’s condition)', () => {
    expect(timeline(jinzhai2022, project('office_pc', { approved: '2026-11-20' })).map((e) => e.kind)).not.toContain(
      'annual',
    );
  });

  it('牡丹区: quarterly reports are dated during construction; 合同备案, 年度支出, 竣工验收, 自评价 wait for their events', () => {
    const p = project('government_build', { approved: '2026-11-20' });
    expect(summary(timeline(mudan2023, p))).toEqual([
      ['dated', 'quarterly_progress_report', 23, '2026-12-31'],
      ['annual', 'project_library_listing', 12, '2026-12-31'],
      ['dated', 'quarterly_progress_report', 23, '2027-03-31'],
      ['pending', 'in_year_spending', 23, '“项目资金下达”所在预算年度结束（12月31日）前'],
      ['pending', 'contract_filing', 22, '“签订正式采购合同”之日起10个工作日内'],
      ['pending', 'final_acceptance', 28, '“完成项目建设任务”之日起6个月内'],
      ['pending', 'self_evaluation', 31, '“竣工验收”与“投入使用运行”中较晚者之日起12个月至24个月之间'],
    ]);
    // Before approval the quarterly report is pending too, counted from 项目立项.
    const before = timeline(mudan2023, project('government_build', {}));
    expect(before.find((e) => e.kind === 'pending' && e.limitId === 'quarterly_progress_report')).toMatchObject({
      when: '“项目立项”后每季度末前',
      triggerEvent: 'approved',
    });
    // 突发性、临时性急需 additions are not listed in the 项目库 beforehand (第十二条's condition).
    expect(
      timeline(mudan2023, project('urgent_addition', { approved: '2026-11-20' })).map((e) => e.kind),
    ).not.toContain('annual');
  });

  it('淮安: the 年度计划 is the 市数据局’s, not the unit’s; 免费运维 only for 建设类', () => {
    expect(summary(timeline(huaianDraft, project('new_build', { approved: '2026-11-20' })))).toEqual([
      ['pending', 'acceptance_report_filing', 27, '“竣工验收合格”之日起1个月内'],
      ['pending', 'free_maintenance', 23, '“竣工验收合格”之日起不少于2年'],
    ]);
    expect(summary(timeline(huaianDraft, project('operation', { approved: '2026-11-20' })))).toEqual([
      ['pending', 'acceptance_report_filing', 27, '“竣工验收合格”之日起1个月内'],
    ]);
  });

  it('高平: no annual limit; 合同备案 dated once the contract is signed, the rest pending in event order', () => {
    const p = project('new_build', { approved: '2026-11-02', contract_signed: '2026-11-16' });
    expect(summary(timeline(gaoping2020, p))).toEqual([
      ['dated', 'contract_filing', 15, '2026-11-23'],
      ['pending', 'self_evaluation', 21, '“市财政部门安排预算”所在预算年度结束（12月31日）后方可'],
      ['pending', 'acceptance_report_filing', 20, '“竣工验收”之日起30个工作日内'],
      ['pending', 'finance_notification', 20, '“竣工验收报告备案”之日起5个工作日内'],
    ]);
    const notify = timeline(gaoping2020, p).find((e) => e.kind === 'pending' && e.limitId === 'finance_notification');
    expect(notify).toMatchObject({ responsible: 'reviewer', article: 20 });
  });

  it('an event recorded without a row given is not pending any more (the rows are the caller’s)', () => {
    const p = project('new_build', { approved: '2026-11-02', contract_signed: '2026-11-16' });
    expect(
      statutoryTimeline(gaoping2020, p, [], TODAY).map((e) => (e.kind === 'dated' ? '' : e.limitId)),
    ).not.toContain('contract_filing');
  });

  it('a halted project has only its dated rows', () => {
    const p = {
      ...project('new_build', { approved: '2026-11-02', contract_signed: '2026-11-16' }),
      halted: { name: '终止', article: 30, quote: '' },
    };
    expect(summary(timeline(gaoping2020, p))).toEqual([['dated', 'contract_filing', 15, '2026-11-23']]);
  });
});
