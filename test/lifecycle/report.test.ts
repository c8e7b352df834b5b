import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/lifecycle/report.js';
import { parseLifecycleCommand } from '../../src/lifecycle/report-parse.js';
import { bestQuote, currentStage, mainStages } from '../../src/lifecycle/common.js';
import { quoteOf } from '../../src/rules/engine.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';
import { gaoping2020 } from '../../src/rules/packs/gaoping-2020.js';
import type { RulePack } from '../../src/rules/types.js';

const TODAY = '2026-03-05';

function parsed(pack: RulePack, text: string, today = TODAY): string | null {
  const r = parseLifecycleCommand(pack, text, today);
  if (r === null) return null;
  return 'error' in r ? `error: ${r.error}` : `${r.event.id} ${r.date}`;
}

describe('parseLifecycleCommand', () => {
  it.each([
    ['合同已签订 2026-03-02', 'contract_signed 2026-03-02'],
    ['初验完成', `initial_acceptance ${TODAY}`],
    ['终验通过 2026年3月2日', 'final_acceptance 2026-03-02'],
    ['竣工验收通过 2026/3/2', 'final_acceptance 2026-03-02'],
    ['试运行开始 3月2日', 'trial_run_started 2026-03-02'],
    ['项目建设完成 昨天', 'construction_completed 2026-03-04'],
    ['投入运行 今天', `operation_started ${TODAY}`],
    ['绩效自评价报告已报送', `self_evaluation_submitted ${TODAY}`],
    ['智慧教育平台 合同已签订 前天', 'contract_signed 2026-03-03'],
    ['调整已备案', `adjustment_filed ${TODAY}`],
  ])('金寨: %s → %s', (text, want) => {
    expect(parsed(jinzhai2022, text)).toBe(want);
  });

  it.each([
    ['合同签订 2026-03-02', 'contract_signed 2026-03-02'],
    ['验收通过', `final_acceptance ${TODAY}`], // 牡丹区 uses 验收 for 竣工验收
    ['终验通过', `final_acceptance ${TODAY}`],
    ['验收报告已备案', `acceptance_report_filed ${TODAY}`],
    ['数据资源审核通过', `data_resource_audited ${TODAY}`],
    ['责任书已签订', `responsibility_letter_signed ${TODAY}`],
    ['项目建成', `construction_completed ${TODAY}`],
    ['投入使用', `operation_started ${TODAY}`],
  ])('牡丹区: %s → %s', (text, want) => {
    expect(parsed(mudan2023, text)).toBe(want);
  });

  it.each([
    ['竣工验收合格 2025-06-01', 'final_acceptance 2025-06-01'],
    ['密评通过 2026-03-02', 'crypto_assessment_passed 2026-03-02'],
    ['商用密码应用安全性评估已通过', `crypto_assessment_passed ${TODAY}`],
    ['系统建设报告已确认', `system_report_confirmed ${TODAY}`],
    ['项目建成', `construction_completed ${TODAY}`],
    ['自评价报告已形成', `self_evaluation_done ${TODAY}`],
  ])('淮安: %s → %s', (text, want) => {
    expect(parsed(huaianDraft, text)).toBe(want);
  });

  it.each([
    ['合同已签订 2026-03-02', 'contract_signed 2026-03-02'], // not 合同文本备案
    ['合同已备案', `contract_filed ${TODAY}`],
    ['验收报告已备案', `acceptance_report_filed ${TODAY}`],
    ['预算已安排', `budget_arranged ${TODAY}`],
  ])('高平: %s → %s', (text, want) => {
    expect(parsed(gaoping2020, text)).toBe(want);
  });

  it('is not a report: questions, negations, a bare stage name, other talk', () => {
    expect(parsed(jinzhai2022, '终验需要什么材料？')).toBeNull();
    expect(parsed(jinzhai2022, '终验什么时候可以做')).toBeNull();
    expect(parsed(jinzhai2022, '合同还没签订')).toBeNull();
    expect(parsed(jinzhai2022, '终验')).toBeNull();
    expect(parsed(jinzhai2022, '明天下午开会')).toBeNull();
    expect(parsed(jinzhai2022, '')).toBeNull();
  });

  // The parser itself refuses questions and statements of rules (they are answered, not recorded),
  // in every pack, whatever event they name.
  it.each([
    '终验需要什么材料',
    '终验需要什么材料？',
    '合同签订后多久备案？',
    '合同签订后多久备案',
    '合同签了几天内要备案',
    '合同签订多少天备案',
    '合同备案要几天',
    '合同签订后何时备案',
    '初验完成了吗',
    '谁负责初验',
    '初验由谁组织',
    '合同签订呢',
    '合同签订后要备案',
    '合同签订 应备案',
    '合同签订后应当备案',
    '终验须提交哪些材料',
    '验收报告备案期限',
    '合同签订后10个工作日内备案',
    '合同签订后5个工作日内报备案',
    '签订合同后报项目主管部门备案',
    '合同签订以后备案',
    '终验通过后6个月内开展绩效自评价',
    '竣工验收后30个工作日内备案',
    '项目建设完成后半年内验收',
    '合同签订后备案的规定',
    '终验通过的项目，绩效自评价报告应当包括哪些内容，由谁审核，报送给哪些部门，是否需要附上运行数据和用户满意度调查结果',
  ])('not a report in any pack: %s', (text) => {
    for (const pack of [jinzhai2022, mudan2023, huaianDraft, gaoping2020])
      expect(parsed(pack, text), pack.id).toBeNull();
  });

  it('still reads reports that share words with questions: 应用, 该项目, a long project name', () => {
    expect(parsed(jinzhai2022, '智慧应用平台 合同已签订 2026-03-02')).toBe('contract_signed 2026-03-02');
    expect(parsed(jinzhai2022, '该项目初验合格 2026-03-02')).toBe('initial_acceptance 2026-03-02');
    expect(parsed(huaianDraft, '密码应用安全性评估通过 2026-03-02')).toBe('crypto_assessment_passed 2026-03-02');
  });

  it('errors: an impossible date, two dates', () => {
    expect(parsed(jinzhai2022, '合同已签订 2026-02-30')).toMatch(/^error: 日期“2026-02-30”无效/);
    expect(parsed(jinzhai2022, '初验合格 2026-03-01 2026-03-02')).toMatch(/^error: 一次只能报告一个日期/);
  });

  it('accepts full-width digits and a mention before the text', () => {
    expect(parsed(jinzhai2022, '@_user_1 初验完成 ２０２６－０３－０２')).toBe('initial_acceptance 2026-03-02');
  });
});

describe('checkReport', () => {
  const base = { kind: 'new_build', facts: {}, attachedMaterialIds: [] as string[] };

  it('refuses a date after today', () => {
    const r = checkReport(
      jinzhai2022,
      { ...base, events: { approved: '2026-01-05' } },
      { event: 'contract_signed', date: '2026-03-06' },
      TODAY,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toContain('晚于今天');
  });

  it('refuses an event the pack does not have, and an invalid date', () => {
    const a = checkReport(jinzhai2022, { ...base, events: {} }, { event: 'nonsense', date: TODAY }, TODAY);
    const b = checkReport(
      jinzhai2022,
      { ...base, events: {} },
      { event: 'contract_signed', date: '2026-02-30' },
      TODAY,
    );
    expect([a.ok, b.ok]).toEqual([false, false]);
  });

  it('refuses every report of a halted project, citing the consequence', () => {
    const rung = jinzhai2022.consequences[2]!; // 暂停项目建设
    const r = checkReport(
      jinzhai2022,
      {
        ...base,
        events: { approved: '2026-01-05' },
        halted: { name: rung.name, article: rung.article, quote: rung.quote },
      },
      { event: 'contract_signed', date: '2026-03-02' },
      TODAY,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ article: 20, quote: '暂停项目建设' });
  });

  it('lists the missing materials of the stage, one problem per shared quote (金寨 终验, 第十七条)', () => {
    const r = checkReport(
      jinzhai2022,
      {
        ...base,
        events: { approved: '2025-01-05', initial_acceptance: '2025-03-01', trial_run_started: '2025-03-01' },
      },
      { event: 'final_acceptance', date: '2025-07-01' },
      '2025-07-01',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // the requirement on 初验及问题整改报告 replaces its material line; the six others share one quote
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]!.message).toContain('初验合格后');
    expect(r.problems[1]!.message).toContain('“第三方测评报告”');
    expect(r.problems[1]!.message).not.toContain('初验及问题整改报告');
  });

  it('a later date for a reported event is a correction, checked again', () => {
    const events = { approved: '2025-01-05', initial_acceptance: '2025-03-01', trial_run_started: '2025-03-01' };
    const r = checkReport(jinzhai2022, { ...base, events }, { event: 'trial_run_started', date: '2025-03-10' }, TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.correction).toEqual({ previous: '2025-03-01' });
    expect(r.due[0]!.due).toBe('2025-06-11'); // 03-11 … 06-10 are the 3 months; 终验 from the day after
  });

  it('a stage date cannot come before the stage before it, nor after the one after it', () => {
    const events = { approved: '2025-01-05', initial_acceptance: '2025-03-01', trial_run_started: '2025-03-01' };
    const project = {
      ...base,
      events: { ...events, final_acceptance: '2025-06-10' },
      attachedMaterialIds: jinzhai2022.stages.find((s) => s.id === 'final_acceptance')!.materials.map((m) => m.id),
    };
    const early = checkReport(jinzhai2022, project, { event: 'initial_acceptance', date: '2025-07-01' }, TODAY);
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.problems.map((p) => p.message).join()).toContain('不能晚于“通过终验”');
  });

  it('stages before the last reported one count as history (牡丹区 starts after 立项)', () => {
    expect(currentStage(mudan2023, { approved: '2024-06-03' })?.id).toBe('responsibility_letter');
    expect(currentStage(jinzhai2022, { approved: '2024-06-03' })?.id).toBe('construction');
    // 金寨's 项目调整 stage is beside the main line
    expect(mainStages(jinzhai2022).map((s) => s.id)).toEqual([
      'construction',
      'initial_acceptance',
      'final_acceptance',
      'performance_self_evaluation',
    ]);
  });

  it('names the next stage’s unmet conditions (淮安 竣工验收 after the 系统建设报告)', () => {
    const r = checkReport(
      huaianDraft,
      {
        kind: 'new_build',
        facts: {},
        events: { approved: '2025-01-05', construction_completed: '2025-07-01' },
        attachedMaterialIds: ['system_construction_report'],
      },
      { event: 'system_report_confirmed', date: '2025-07-10' },
      '2025-07-10',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.nextStage?.id).toBe('final_acceptance');
    expect(r.requirements.map((x) => x.message)).toEqual(['密码应用安全性评估结果不合格的，不得进行项目竣工验收']);
  });
});

describe('quotes of the rules a stage gives without one', () => {
  it.each([jinzhai2022, mudan2023, huaianDraft, gaoping2020])(
    '%s: every requires/notBefore quote is the article’s words',
    (pack) => {
      for (const stage of pack.stages) {
        for (const r of stage.requires ?? []) {
          const q = bestQuote(pack, r.article, r.message);
          expect(q, `${pack.id} ${stage.id}: ${r.message}`).not.toBe('');
          expect(() => quoteOf(pack, r.article, q)).not.toThrow();
        }
      }
    },
  );
});
