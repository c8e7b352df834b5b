import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalTasks, auditLog, changeRequests, projectEvents, projects } from '../db/schema/index.js';
import { declareProject } from './support/declare.js';
import { validateCardV2 } from './support/card-schema.js';
import { buttonBy, cardText, formValue } from './support/card-driver.js';
import { p2pChat, startTestBot, type TestBot } from './support/harness.js';
import { approvedProject, attach, cards, deadlineRows, mutableClock, shanghai } from './support/lifecycle.js';

// A project of each region from approval to self-evaluation, reported through the bot the way a
// unit does it, with the business clock set to the day of each report. Every expected date is
// counted by hand from the State Council's holiday arrangements (the same as
// test/lifecycle/journeys.test.ts):
// - 2024 国庆: 10-01..10-07 off, Sun 09-29 and Sat 10-12 work.
// - 2025 国庆/中秋: 10-01..10-08 off, Sun 09-28 and Sat 10-11 work.
// - 2026 春节: 02-15..02-23 off, Sat 02-14 and Sat 02-28 work.
// - 2026 中秋 09-25..09-27 off, 国庆 10-01..10-07 off; Sun 09-20 and Sat 10-10 work.

const time = mutableClock(shanghai('2024-06-03'));
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ clock: time.clock });
});
afterAll(async () => bot.close());

/** Says `text` on `date` (10:00 Shanghai) and returns the one card the bot answered with. */
async function report(
  openId: string,
  date: string,
  text: string,
  o: { chatId?: string; chatType?: 'p2p' | 'group' } = {},
) {
  time.set(date);
  const out = cards(await bot.say({ openId, text, ...o }));
  expect(out).toHaveLength(1);
  expect(validateCardV2(out[0]!.card)).toEqual([]);
  return out[0]!;
}

const rowsBy = async (projectId: number) => {
  const rows = await deadlineRows(bot, projectId);
  return (limitId: string) =>
    rows
      .filter((r) => r.limitId === limitId)
      .map((r) => ({ from: r.from, due: r.due, until: r.until, state: r.state, article: r.article, type: r.type }));
};

describe('金寨县: approval → 合同 → 建设 → 初验 → 试运行 → 终验 → 运行 → 绩效自评价', () => {
  const USER = 'ou_jzEduZhou';
  let p: typeof projects.$inferSelect;

  it('approval records the event, the stage and the region-independent rows', async () => {
    p = await approvedProject(bot, {
      number: 'JZ-2025-0101',
      regionId: 'jinzhai',
      unitName: '县教育局',
      kind: 'new_build',
      name: '智慧教育平台',
      investmentWan: 120,
      createdBy: USER,
      approvedOn: '2025-01-10',
    });
    expect(p.stage).toBe('construction');
    const events = await bot.database.db.select().from(projectEvents).where(eq(projectEvents.projectId, p.id));
    expect(events.map((e) => [e.event, e.date])).toEqual([['approved', '2025-01-10']]);
    // nothing of 金寨's limits starts from the approval
    expect(await deadlineRows(bot, p.id)).toEqual([]);
  });

  it('with two projects in the unit, a report without a number asks which; with the number it is recorded', async () => {
    await approvedProject(bot, {
      number: 'JZ-2025-0102',
      regionId: 'jinzhai',
      unitName: '县教育局',
      kind: 'upgrade',
      name: '校园安防升级',
      investmentWan: 40,
      createdBy: 'ou_jzEduWu',
      approvedOn: '2025-01-10',
    });
    time.set('2025-02-10');
    const ask = await bot.say({ openId: USER, text: '合同已签订 2025-02-10' });
    expect(JSON.stringify(ask[0]!.content)).toContain('JZ-2025-0101');
    expect(JSON.stringify(ask[0]!.content)).toContain('请在开头写上项目编号');
    const c = await report(USER, '2025-02-10', 'JZ-2025-0101 合同已签订 2025-02-10');
    expect(c.text).toContain('已记录“合同签订”（2025年2月10日）');
    expect(c.text).toContain('建设实施');
  });

  it('someone of another unit cannot report for the project', async () => {
    time.set('2025-02-11');
    const out = await bot.say({ openId: 'ou_jzWjwFeng', text: 'JZ-2025-0101 项目建设完成 2025-02-11' });
    expect(JSON.stringify(out[0]!.content)).toContain('没有找到本单位已立项的项目 JZ-2025-0101');
  });

  it('建设 and 初验, reported in the unit group: the answer stays in the group', async () => {
    await report(USER, '2025-05-06', 'JZ-2025-0101 项目建设完成 2025-05-06');
    const ia = await report(USER, '2025-05-20', 'JZ-2025-0101 初验合格', {
      chatType: 'group',
      chatId: 'oc_jzEduGroup',
    });
    expect(ia.chat).toBe('oc_jzEduGroup');
    expect(ia.text).toContain('下一阶段');
    expect(ia.text).toContain('终验');
    expect(ia.text).toContain('密码应用安全性评估报告'); // what 终验 needs (第十七条)
  });

  it('试运行 started Fri 2025-05-23: its 3 months run to 08-23, 终验 not before Sun 2025-08-24 (第十七条 “试运行3个月后”)', async () => {
    const t = await report(USER, '2025-05-23', 'JZ-2025-0101 开始试运行 2025-05-23');
    expect(t.text).toContain('2025年8月24日');
    expect(t.text).toContain('第十七条');
    const by = await rowsBy(p.id);
    expect(by('trial_run_before_final_acceptance')).toEqual([
      { from: '2025-05-23', due: '2025-08-24', until: null, state: 'open', article: 17, type: 'not_before' },
    ]);
  });

  it('refuses 终验 on 2025-08-23, the last day of the 3 months, and records nothing', async () => {
    const final = [
      'construction_summary',
      'trial_run_report',
      'initial_acceptance_report',
      'resource_sharing_status',
      'third_party_test_report',
      'security_risk_assessment',
      'crypto_assessment_report',
    ];
    await attach(bot, p.id, ...final);
    const r = await report(USER, '2025-08-23', 'JZ-2025-0101 终验通过 2025-08-23');
    expect(r.text).toContain('未能记录');
    expect(r.text).toContain('不得早于2025年8月24日');
    expect(r.text).toContain('第十七条');
    const [after] = await bot.database.db.select().from(projects).where(eq(projects.id, p.id));
    expect(after!.stage).toBe('final_acceptance');
  });

  it('终验 on Mon 2025-08-25, 投入运行 2025-09-01: 绩效自评价 due 2026-03-01, 6 months from the later (第十八条 “通过终验并投入运行后”)', async () => {
    const f = await report(USER, '2025-08-25', 'JZ-2025-0101 终验通过 2025-08-25');
    expect(f.text).not.toContain('2026年2月25日');
    expect((await rowsBy(p.id))('performance_self_evaluation')).toEqual([]);
    const o = await report(USER, '2025-09-01', 'JZ-2025-0101 投入运行 2025-09-01');
    expect(o.text).toContain('2026年3月1日');
    expect(o.text).toContain('第十八条');
    const by = await rowsBy(p.id);
    // the 3 months have served: 终验 happened after them
    expect(by('trial_run_before_final_acceptance')[0]!.state).toBe('done');
    expect(by('performance_self_evaluation')).toEqual([
      { from: '2025-09-01', due: '2026-03-01', until: null, state: 'open', article: 18, type: 'deadline' },
    ]);
  });

  it('绩效自评价 reported 2026-02-13: the deadline is met, the project has done every stage', async () => {
    await attach(bot, p.id, 'self_evaluation_report');
    const s = await report(USER, '2026-02-13', 'JZ-2025-0101 绩效自评价报告已报送 2026-02-13');
    expect(s.text).toContain('项目各阶段均已完成');
    const by = await rowsBy(p.id);
    expect(by('performance_self_evaluation')[0]!.state).toBe('done');
    const [after] = await bot.database.db.select().from(projects).where(eq(projects.id, p.id));
    expect(after!.stage).toBe('performance_self_evaluation');
    const audits = await bot.database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.projectId, p.id));
    expect(audits[0]!.n).toBe(7); // seven reports recorded, the refused one not
  });

  it('调整: any adjustment in 金寨 goes to 县政府 (第十五条), recorded as pending change approval', async () => {
    time.set('2026-02-16');
    const out = cards(await bot.say({ openId: USER, text: '调整 JZ-2025-0101 130' }));
    const mine = out.find((c) => c.chat === p2pChat(USER))!;
    expect(mine.text).toContain('须履行项目变更');
    expect(mine.text).toContain('第十五条');
    expect(out.some((c) => c.to === 'ou_jzZhbLi')).toBe(true); // the reviewer office is told
    const [req] = await bot.database.db.select().from(changeRequests).where(eq(changeRequests.projectId, p.id));
    expect(req).toMatchObject({
      mode: 'approval',
      state: 'pending_approval',
      approvedYuan: 1_200_000,
      adjustedYuan: 1_300_000,
    });
  });
});

describe('牡丹区: 责任书 → 资金 → 合同 (corrected) → 建设 → 数据资源审核 → 竣工验收 → 备案 → 运行 → 自评价', () => {
  const USER = 'ou_mdScjGao';
  let p: typeof projects.$inferSelect;

  it('approval 2024-06-03: quarterly reports for Q2 and Q3 (第二十三条)', async () => {
    p = await approvedProject(bot, {
      number: 'MD-2024-0201',
      regionId: 'mudan',
      unitName: '区市场监管局',
      kind: 'government_build',
      name: '市场监管一体化平台',
      investmentWan: 80,
      facts: { isSoftwareDevelopment: false },
      createdBy: USER,
      approvedOn: '2024-06-03',
    });
    expect(p.stage).toBe('responsibility_letter');
    const by = await rowsBy(p.id);
    expect(by('quarterly_progress_report').map((r) => [r.due, r.article])).toEqual([
      ['2024-06-30', 23],
      ['2024-09-30', 23],
    ]);
  });

  it('责任书 and 资金下达 2024-07-15: 当年形成支出 by 2024-12-31', async () => {
    await attach(bot, p.id, 'responsibility_letter');
    await report(USER, '2024-06-05', '责任书已签订 2024-06-05');
    const f = await report(USER, '2024-07-15', '项目资金已下达 2024-07-15');
    expect(f.text).toContain('2024年12月31日');
    expect((await rowsBy(p.id))('in_year_spending').map((r) => r.due)).toEqual(['2024-12-31']);
  });

  it('调整 before procurement (第二十一条): the pack asks the content share and 采购前; 10 % of content with the total down is filed', async () => {
    time.set('2024-07-20');
    const ask = cards(await bot.say({ openId: USER, text: '调整 MD-2024-0201 76 需求变化' })).find(
      (c) => c.chat === p2pChat(USER),
    )!;
    expect(ask.text).toContain('调整内容涉及资金数额');
    const submit = buttonBy(ask.card, (b) => b.value.action === 'lifecycle.adjust');
    const missing = await bot.tap({
      openId: USER,
      value: submit.value,
      formValue: formValue(ask.card, { content_wan: '8' }),
    });
    expect(cardText(missing.card!.data as object)).toContain('请选择调整时是否已开始采购');
    expect(missing.toast).toBeUndefined();
    const answer = await bot.tap({
      openId: USER,
      value: submit.value,
      formValue: formValue(ask.card, { content_wan: '8', procurement: 'before' }),
    });
    expect(answer.toast).toEqual({ type: 'success', content: '已登记调整。' });
    const result = cardText(answer.card!.data as object);
    expect(result).toContain('可由项目建设单位调整');
    expect(result).toContain('第二十一条');
    const reqs = await bot.database.db.select().from(changeRequests).where(eq(changeRequests.projectId, p.id));
    expect(reqs.map((r) => [r.mode, r.state, r.adjustedYuan])).toEqual([['file', 'filed', 760_000]]);
    // the next adjustment compares with the approved amount again (a filed one changes nothing)
    await bot.database.db.delete(changeRequests).where(eq(changeRequests.projectId, p.id));
  });

  it('合同 reported for Thu 09-26, then corrected to Fri 09-27: 备案 due 10-15, then 10-16 (10 working days, 第二十二条)', async () => {
    await attach(bot, p.id, 'procurement_contract');
    // from Thu 09-26: 09-27 (1), Sun 09-29 works (2), 09-30 (3), 10-08 (4) … Sat 10-12 works (8), 10-14 (9), 10-15 (10)
    await report(USER, '2024-09-27', '采购合同已签订 2024-09-26');
    expect((await rowsBy(p.id))('contract_filing')).toEqual([
      { from: '2024-09-26', due: '2024-10-15', until: null, state: 'open', article: 22, type: 'deadline' },
    ]);
    // from Fri 09-27: Sun 09-29 (1), 09-30 (2), 10-08 (3), 10-09, 10-10, 10-11 (6), Sat 10-12 (7), 10-14, 10-15, 10-16 (10)
    const c = await report(USER, '2024-09-28', '采购合同已签订 2024-09-27');
    expect(c.text).toContain('更正为2024年9月27日');
    expect((await rowsBy(p.id))('contract_filing')).toEqual([
      { from: '2024-09-26', due: '2024-10-15', until: null, state: 'cancelled', article: 22, type: 'deadline' },
      { from: '2024-09-27', due: '2024-10-16', until: null, state: 'open', article: 22, type: 'deadline' },
    ]);
    // the quarter after next appears once the project reports in Q3
    expect((await rowsBy(p.id))('quarterly_progress_report').map((r) => r.due)).toEqual([
      '2024-06-30',
      '2024-09-30',
      '2024-12-31',
    ]);
    const audits = await bot.database.db.select().from(auditLog).where(eq(auditLog.action, 'lifecycle.correct'));
    expect(audits.map((a) => a.detail)).toEqual([
      expect.objectContaining({ event: 'contract_signed', date: '2024-09-27', previous: '2024-09-26' }),
    ]);
  });

  it('调整 after the contract (第二十一条 “在采购前”): 项目变更手续 at once, whatever the amounts; a second one waits for it', async () => {
    time.set('2024-09-30');
    const after = cards(await bot.say({ openId: USER, text: '调整 MD-2024-0201 78 接口调整' })).find(
      (c) => c.chat === p2pChat(USER),
    )!;
    expect(after.text).toContain('须履行项目变更');
    expect(after.text).toContain('采购前');
    expect(after.text).toContain('第二十一条');
    const again = await bot.say({ openId: USER, text: '调整 MD-2024-0201 88' });
    expect(JSON.stringify(again.map((m) => m.content))).toContain('已有一项待审批的变更申请');
    const reqs = await bot.database.db.select().from(changeRequests).where(eq(changeRequests.projectId, p.id));
    expect(reqs.map((r) => [r.mode, r.state, r.adjustedYuan, r.checkId])).toEqual([
      ['approval', 'pending_approval', 780_000, 'adjustment_after_procurement'],
    ]);
  });

  it('建设 completed 2025-01-10: 竣工验收 by 2025-07-10, extension allowed (第三十条); Q1 2025 still reports', async () => {
    await attach(bot, p.id, 'electronic_archive');
    const b = await report(USER, '2025-01-10', '项目建设任务完成 2025-01-10');
    expect(b.text).toContain('2025年7月10日');
    const rows = await deadlineRows(bot, p.id);
    expect(rows.find((r) => r.limitId === 'final_acceptance')).toMatchObject({
      due: '2025-07-10',
      extensionArticle: 30,
      state: 'open',
    });
    expect(rows.filter((r) => r.limitId === 'quarterly_progress_report').map((r) => r.due)).toEqual([
      '2024-06-30',
      '2024-09-30',
      '2024-12-31',
      '2025-03-31',
    ]);
  });

  it('refuses 竣工验收 before the 数据资源审核 (第二十七条)', async () => {
    await attach(bot, p.id, 'acceptance_report');
    const r = await report(USER, '2025-03-03', '竣工验收 2025-03-03');
    expect(r.text).toContain('未能记录');
    expect(r.text).toContain('第二十七条');
  });

  it('竣工验收 2025-04-30, 投入使用运行 2025-05-06: 自评价 window 2026-05-07 to 2027-05-06 (第三十一条 “竣工验收并投入使用运行后”); 备案 meets the acceptance deadline', async () => {
    await attach(bot, p.id, 'data_resource_audit_opinion');
    await report(USER, '2025-03-03', '数据资源审核通过 2025-03-03');
    const f = await report(USER, '2025-04-30', '竣工验收通过 2025-04-30');
    expect(f.text).not.toContain('2026年4月30日');
    await report(USER, '2025-05-06', '验收报告已备案 2025-05-06');
    await attach(bot, p.id, 'data_platform_integration');
    const o = await report(USER, '2025-05-06', '投入使用运行 2025-05-06');
    expect(o.text).toContain('2026年5月7日至2027年5月6日');
    const by = await rowsBy(p.id);
    expect(by('final_acceptance')[0]!.state).toBe('done');
    expect(by('self_evaluation')).toEqual([
      { from: '2025-05-06', due: '2026-05-07', until: '2027-05-06', state: 'open', article: 31, type: 'window' },
    ]);
  });

  it('自评价 2026-05-08 closes the window and the project', async () => {
    await attach(bot, p.id, 'self_evaluation_report');
    const s = await report(USER, '2026-05-08', '自评价报告已报送 2026-05-08');
    expect(s.text).toContain('项目各阶段均已完成');
    expect((await rowsBy(p.id))('self_evaluation')[0]!.state).toBe('done');
  });
});

describe('淮安市: 合同 → 建成 → 系统建设报告 → 竣工验收 (密评) → 备案 → 投入使用 → 自评价', () => {
  const USER = 'ou_haGajDeng';
  let p: typeof projects.$inferSelect;

  it('建成 2025-07-31; 竣工验收 refused without the 系统建设报告 and a passing 密评 (第二十六条)', async () => {
    p = await approvedProject(bot, {
      number: 'HA-2025-0301',
      regionId: 'huaian',
      unitName: '市公安局',
      kind: 'new_build',
      name: '警务数据平台',
      investmentWan: 300,
      createdBy: USER,
      approvedOn: '2025-01-15',
    });
    await report(USER, '2025-03-03', '合同已签订 2025-03-03');
    await attach(bot, p.id, 'procurement_documents_and_contract');
    await report(USER, '2025-07-31', '项目建成 2025-07-31');
    const r = await report(USER, '2025-08-20', '竣工验收合格 2025-08-20');
    expect(r.text).toContain('系统建设报告');
    expect(r.text).toContain('密码应用安全性评估结果不合格的，不得进行项目竣工验收');
    expect(r.text).toContain('第二十六条');
  });

  it('the unit files its 系统建设报告 (a file, then the material card) and reports it confirmed', async () => {
    time.set('2025-08-14');
    const sent = cards(
      await bot.sendFile({ openId: USER, fileKey: 'file_v2_ha_sysreport', fileName: '系统建设报告.pdf' }),
    );
    expect(sent).toHaveLength(1);
    const assign = buttonBy(sent[0]!.card, (b) => b.value.action === 'material.assign');
    const filed = await bot.tap({
      openId: USER,
      value: assign.value,
      formValue: formValue(sent[0]!.card, { target: `project:${p.id}`, material: 'system_construction_report' }),
    });
    expect(filed.toast).toMatchObject({ type: 'success', content: '已登记为“系统建设报告”。' });
    const c = await report(USER, '2025-08-15', '系统建设报告已确认 2025-08-15');
    expect(c.text).toContain('已记录');
    // 竣工验收 is next and still waits for a passing 密评 (第二十六条)
    expect(c.text).toContain('密码应用安全性评估结果不合格的，不得进行项目竣工验收');
  });

  it('密评通过 2025-08-28 is reported by the unit: the fact is established, nothing is asked of the database', async () => {
    const c = await report(USER, '2025-08-28', '密评通过 2025-08-28');
    expect(c.text).toContain('已记录“密码应用安全性评估通过”（2025年8月28日）');
    expect(c.text).not.toContain('密码应用安全性评估结果不合格的');
    const [row] = await bot.database.db.select().from(projects).where(eq(projects.id, p.id));
    expect(row!.facts).not.toHaveProperty('passedCryptoAssessment'); // established by the event, not written into facts
    const events = await bot.database.db.select().from(projectEvents).where(eq(projectEvents.projectId, p.id));
    expect(events.find((e) => e.event === 'crypto_assessment_passed')).toMatchObject({
      date: '2025-08-28',
      reportedBy: USER,
    });
  });

  it('竣工验收 on Mon 2025-09-01 with 密评 passed: 备案 by 2025-10-01 (第二十七条), free maintenance ≥ 2 years (第二十三条)', async () => {
    const f = await report(USER, '2025-09-01', '竣工验收合格 2025-09-01');
    expect(f.text).toContain('2025年10月1日');
    expect(f.text).toContain('2027年9月1日');
    const by = await rowsBy(p.id);
    expect(by('acceptance_report_filing')).toEqual([
      { from: '2025-09-01', due: '2025-10-01', until: null, state: 'open', article: 27, type: 'deadline' },
    ]);
    expect(by('free_maintenance')).toEqual([
      { from: '2025-09-01', due: '2027-09-01', until: null, state: 'open', article: 23, type: 'minimum' },
    ]);
  });

  it('备案 2025-09-30, then 投入使用 from the 报告进展 card, then 自评价', async () => {
    await attach(bot, p.id, 'acceptance_report');
    await report(USER, '2025-09-30', '验收报告已备案 2025-09-30');
    expect((await rowsBy(p.id))('acceptance_report_filing')[0]!.state).toBe('done');

    await attach(bot, p.id, 'operation_management_rules', 'emergency_plan');
    const form = await report(USER, '2025-10-09', '报告进展');
    const submit = buttonBy(form.card, (b) => b.submitsForm);
    // without a date the form comes back saying so, keeping the event chosen; nothing is recorded
    const undated = await bot.tap({
      openId: USER,
      value: submit.value,
      formValue: formValue(form.card, { event: 'operation_started', date: '' }),
    });
    expect(undated.toast).toBeUndefined();
    expect(cardText(undated.card!.data)).toContain('请选择发生日期');
    const answer = await bot.tap({
      openId: USER,
      value: submit.value,
      formValue: formValue(form.card, { event: 'operation_started', date: '2025-10-09 +0800' }),
    });
    expect(answer.toast).toEqual({ type: 'success', content: '已记录“投入使用”。' });
    expect(validateCardV2(answer.card!.data)).toEqual([]);
    expect(cardText(answer.card!.data)).toContain('已记录“投入使用”');
    // someone else cannot use the form
    const foreign = await bot.tap({
      openId: 'ou_mdScjGao',
      value: submit.value,
      formValue: formValue(form.card, { event: 'operation_started' }),
    });
    expect(foreign.toast?.type).toBe('error');

    await attach(bot, p.id, 'self_evaluation_report');
    const s = await report(USER, '2026-03-02', '自评价报告已形成 2026-03-02');
    expect(s.text).toContain('项目各阶段均已完成');
  });
});

describe('高平市: 预算 → 合同 → 合同备案 → 建成 → 竣工验收 → 验收报告备案 → 自评价', () => {
  const USER = 'ou_gpZrjDong';
  let p: typeof projects.$inferSelect;

  it('预算 2026-01-20: 自评价 not before the end of the budget year (第二十一条)', async () => {
    p = await approvedProject(bot, {
      number: 'GP-2026-0401',
      regionId: 'gaoping',
      unitName: '市自然资源局',
      kind: 'new_build',
      name: '自然资源一张图',
      investmentWan: 90,
      createdBy: USER,
      approvedOn: '2026-01-05',
    });
    await report(USER, '2026-01-20', '预算已安排 2026-01-20');
    expect((await rowsBy(p.id))('self_evaluation')).toEqual([
      { from: '2026-12-31', due: '2026-12-31', until: null, state: 'open', article: 21, type: 'not_before' },
    ]);
  });

  it('合同 Wed 2026-02-11: 备案 within 5 working days → Wed 2026-02-25 across 春节 (第十五条); filed 02-24', async () => {
    // 02-12 (1), 02-13 (2), Sat 02-14 works (3), 02-15..02-23 off, 02-24 (4), 02-25 (5)
    const c = await report(USER, '2026-02-11', '合同已签订 2026-02-11');
    expect(c.text).toContain('2026年2月25日');
    expect((await rowsBy(p.id))('contract_filing')).toEqual([
      { from: '2026-02-11', due: '2026-02-25', until: null, state: 'open', article: 15, type: 'deadline' },
    ]);
    // the 5 working days are for the 合同文本 alone (第十五条); the 监理单位 is filed when it is chosen
    await attach(bot, p.id, 'contract_text');
    await report(USER, '2026-02-24', '合同已备案 2026-02-24');
    expect((await rowsBy(p.id))('contract_filing')[0]!.state).toBe('done');
    await attach(bot, p.id, 'supervisor_filing');
  });

  it('竣工验收 Fri 2026-09-11: 验收报告备案 within 30 working days → Thu 2026-10-29 (第二十条)', async () => {
    // Sep 14–18 (5), Sun 09-20 works (6), 21–24 (10), 09-25 off, 28–30 (13), 10-01..10-07 off,
    // 10-08, 10-09 (15), Sat 10-10 works (16), 12–16 (21), 19–23 (26), 26–29 (30)
    await attach(bot, p.id, 'deliverables');
    await report(USER, '2026-08-31', '项目建成 2026-08-31');
    await attach(bot, p.id, 'resource_catalogue_registration', 'secure_controllable_statement');
    await report(USER, '2026-09-11', '竣工验收 2026-09-11');
    expect((await rowsBy(p.id))('acceptance_report_filing').map((r) => [r.due, r.article])).toEqual([
      ['2026-10-29', 20],
    ]);
  });

  it('验收报告 filed Fri 2026-10-09: the office tells 财政 within 5 working days → 2026-10-15; 自评价 in 2027', async () => {
    // Sat 10-10 works (1), 10-12 (2), 10-13 (3), 10-14 (4), 10-15 (5)
    await attach(bot, p.id, 'acceptance_report');
    await report(USER, '2026-10-09', '竣工验收报告已备案 2026-10-09');
    const rows = await deadlineRows(bot, p.id);
    expect(rows.find((r) => r.limitId === 'acceptance_report_filing')!.state).toBe('done');
    expect(rows.find((r) => r.limitId === 'finance_notification')).toMatchObject({
      due: '2026-10-15',
      responsible: 'reviewer',
      state: 'open',
    });
    await attach(bot, p.id, 'self_evaluation_report');
    const s = await report(USER, '2027-01-11', '自评价报告已报送 2027-01-11');
    expect(s.text).toContain('项目各阶段均已完成');
    expect((await rowsBy(p.id))('self_evaluation')[0]!.state).toBe('done');
  });
});

describe('the approval service starts the lifecycle (its route-approved hook)', () => {
  it('a 牡丹区 project approved through its real route has its approved event, stage and quarterly rows', async () => {
    time.set('2026-11-23');
    const number = await declareProject(bot, 'ou_mdScjGao', 'mudan-2023');
    const [project] = await bot.database.db.select().from(projects).where(eq(projects.number, number));
    for (let guard = 0; guard < 20; guard++) {
      const tasks = await bot.database.db
        .select()
        .from(approvalTasks)
        .where(and(eq(approvalTasks.projectId, project!.id), eq(approvalTasks.status, 'pending')));
      if (tasks.length === 0) break;
      const seen = new Set<number>();
      for (const t of tasks) {
        if (seen.has(t.officeId)) continue;
        seen.add(t.officeId);
        const message = bot.fake.messages.find(
          (m) => m.receive_id === t.assignee && JSON.stringify(m.content).includes(t.token),
        )!;
        const card = message.content as object;
        const finance = JSON.stringify(card).includes('"approval.finance"');
        const button = buttonBy(card, (b) =>
          finance
            ? b.value.action === 'approval.finance'
            : b.value.action === 'approval.decide' && b.value.decision === 'approve',
        );
        await bot.tap({
          openId: t.assignee,
          value: button.value,
          formValue: formValue(card, { amount_wan: '80', fund_channel: '本级财政预算资金', comment: '同意' }),
        });
      }
    }
    const [done] = await bot.database.db.select().from(projects).where(eq(projects.id, project!.id));
    expect(done!.status).toBe('approved');
    expect(done!.stage).toBe('responsibility_letter');
    const events = await bot.database.db.select().from(projectEvents).where(eq(projectEvents.projectId, project!.id));
    expect(events.map((e) => [e.event, e.date])).toEqual([['approved', '2026-11-23']]);
    expect((await rowsBy(project!.id))('quarterly_progress_report').map((r) => r.due)).toEqual([
      '2026-12-31',
      '2027-03-31',
    ]);
  });
});

describe('every card the bot sent', () => {
  it('is valid Card JSON 2.0', () => {
    const bad = bot.fake.messages
      .filter((m) => m.msg_type === 'interactive')
      .map((m) => validateCardV2(m.content))
      .filter((e) => e.length > 0);
    expect(bad).toEqual([]);
  });
});
