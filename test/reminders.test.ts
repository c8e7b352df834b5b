import { and, count, eq, isNull, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlines, extensionRequests, remindersSent, units } from '../db/schema/index.js';
import { ConfigError, loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { runScheduledWork } from '../src/scheduler.js';
import { lifecycleReplyCard } from '../cards/lifecycle.js';
import { recordReport } from '../src/services/lifecycle.js';
import { sweepDeadlineReminders } from '../src/services/reminders/deadline-reminders.js';
import { validateCardV2 } from './support/card-schema.js';
import { buttonBy, buttons, cardText, formValue } from './support/card-driver.js';
import { openSecondConnection, openTestDatabase, testDbKind } from './support/db.js';
import type { DeliveredMessage } from './support/fake-lark.js';
import { TEST_APP, startTestBot, type TestBot } from './support/harness.js';
import { botAddedEvent, botRemovedEvent } from './support/lark-events.js';
import { approvedProject, attach, dedupeKeysOf, mutableClock, shanghai } from './support/lifecycle.js';

// Holidays used below (State Council arrangements): 2024 国庆 10-01..10-07 off, Sun 09-29 and Sat
// 10-12 work; 2026 春节 02-15..02-23 off, Sat 02-14 and Sat 02-28 work; 2026 元旦 01-01..01-03
// off, Sun 01-04 works; 2026 国庆 10-01..10-07 off.

const JZ_FINAL = [
  'construction_summary',
  'trial_run_report',
  'initial_acceptance_report',
  'resource_sharing_status',
  'third_party_test_report',
  'security_risk_assessment',
  'crypto_assessment_report',
];

type Clock = ReturnType<typeof mutableClock>;

async function reportOn(bot: TestBot, time: Clock, openId: string, projectId: number, event: string, date: string) {
  time.set(date);
  const r = await recordReport(bot.runtime.ctx, { operator: openId, projectId, event, date, label: event });
  if (!r.ok) throw new Error(`${event} ${date}: ${cardText(lifecycleReplyCard(r.reply))}`);
}

/** A 金寨 project with 终验 on `finalOn`, running since 试运行: its 绩效自评价 is due 6 months after 终验 (第十八条, the later event). */
async function jinzhaiAfterFinal(
  bot: TestBot,
  time: Clock,
  o: { number: string; unitName: string; user: string; finalOn: string },
) {
  const p = await approvedProject(bot, {
    number: o.number,
    regionId: 'jinzhai',
    unitName: o.unitName,
    kind: 'new_build',
    name: `平台${o.number.slice(-2)}`,
    investmentWan: 120,
    createdBy: o.user,
    approvedOn: '2025-01-10',
  });
  await reportOn(bot, time, o.user, p.id, 'initial_acceptance', '2025-05-20');
  await reportOn(bot, time, o.user, p.id, 'trial_run_started', '2025-05-23');
  await reportOn(bot, time, o.user, p.id, 'operation_started', '2025-05-23');
  await attach(bot, p.id, ...JZ_FINAL);
  await reportOn(bot, time, o.user, p.id, 'final_acceptance', o.finalOn);
  return p;
}

/** Runs the scheduler at a Shanghai time and delivers; returns what Lark received. */
async function runAt(
  bot: TestBot,
  time: Clock,
  date: string,
  at = '09:30',
  ctx: AppContext = bot.runtime.ctx,
): Promise<DeliveredMessage[]> {
  time.set(date, at);
  const before = bot.fake.messages.length;
  await runScheduledWork(ctx);
  await bot.deliver();
  return bot.fake.messages.slice(before);
}

/** The messages whose outbox dedupe key starts with `prefix` (rem: reminders, digest: digests, notice: notices). */
async function keyed(bot: TestBot, messages: DeliveredMessage[], prefix: string): Promise<DeliveredMessage[]> {
  const keys = await dedupeKeysOf(bot, messages);
  return messages.filter((_, i) => keys[i]?.startsWith(prefix));
}

const titleOf = (m: DeliveredMessage) =>
  (m.content as { header?: { title?: { content?: string } } }).header?.title?.content ?? '';

describe('reminders of one deadline across 春节 2026, escalation, 已完成', () => {
  const time = mutableClock(shanghai('2025-01-10'));
  let bot: TestBot;
  let projectId: number;
  beforeAll(async () => {
    bot = await startTestBot({ clock: time.clock });
    const p = await jinzhaiAfterFinal(bot, time, {
      number: 'JZ-2025-0501',
      unitName: '县教育局',
      user: 'ou_jzEduZhou',
      finalOn: '2025-08-25',
    });
    projectId = p.id;
  });
  afterAll(async () => bot.close());

  it('a daily scheduler sends each reminder once, on the working day it is for, to the right people', async () => {
    const byDay: Record<string, string[]> = {};
    for (
      let d = new Date('2026-02-06T00:00:00Z');
      d <= new Date('2026-03-02T00:00:00Z');
      d.setUTCDate(d.getUTCDate() + 1)
    ) {
      const day = d.toISOString().slice(0, 10);
      const out = [...(await runAt(bot, time, day)), ...(await runAt(bot, time, day, '16:00'))];
      const personal = await keyed(bot, out, 'rem:');
      for (const m of personal) expect(validateCardV2(m.content)).toEqual([]);
      if (personal.length) byDay[day] = personal.map((m) => `${m.receive_id} ${titleOf(m)}`).sort();
    }
    const unit = (title: string) => [`ou_jzEduWu ${title}`, `ou_jzEduZhou ${title}`];
    const office = (title: string) =>
      ['ou_jzEduZheng', 'ou_jzZhbLi', 'ou_jzZhbWang', 'ou_jzZhbZhao'].map((p) => `${p} ${title}`);
    // back from Wed 02-25: 02-24 (1), 02-23..02-15 off, Sat 02-14 (2), 02-13 (3), …, 02-09 (7)
    expect(byDay).toEqual({
      '2026-02-09': unit('还有7个工作日到期'),
      '2026-02-13': unit('还有3个工作日到期'),
      '2026-02-24': unit('还有1个工作日到期'),
      '2026-02-25': unit('今天到期'),
      '2026-02-26': unit('已逾期1个工作日'),
      '2026-02-27': unit('已逾期2个工作日'),
      // the 调休 Saturday is the third working day after the due date: overdue and the escalation
      '2026-02-28': [...unit('已逾期3个工作日'), ...office('逾期督办：已逾期3个工作日')].sort(),
      '2026-03-02': unit('已逾期4个工作日'),
    });
    const ledger = await bot.database.db.select().from(remindersSent).where(eq(remindersSent.superseded, false));
    expect(ledger.filter((r) => r.deadlineId !== null)).toHaveLength(9);
  });

  it('the card says what is due, what is missing, the article; no 申请延期 where the pack has none', async () => {
    const last = bot.fake.messages
      .filter((m) => m.receive_id === 'ou_jzEduZhou' && titleOf(m) === '已逾期4个工作日')
      .at(-1)!;
    const text = cardText(last.content as object);
    expect(text).toContain('开展绩效自评价');
    expect(text).toContain('2026年2月25日');
    expect(text).toContain('项目绩效自评价报告');
    expect(text).toContain('第十八条');
    expect(buttons(last.content as object).map((b) => b.text)).toEqual(['已完成', '上传材料']);
  });

  it('已完成: only the responsible unit may tap it; then the reminders stop', async () => {
    const last = bot.fake.messages
      .filter((m) => m.receive_id === 'ou_jzEduZhou' && titleOf(m) === '已逾期4个工作日')
      .at(-1)!;
    const done = buttonBy(last.content as object, (b) => b.text === '已完成');
    time.set('2026-03-02', '10:00');
    expect((await bot.tap({ openId: 'ou_jzWjwFeng', value: done.value })).toast?.type).toBe('error');
    const upload = await bot.tap({
      openId: 'ou_jzEduZhou',
      value: buttonBy(last.content as object, (b) => b.text === '上传材料').value,
    });
    expect(upload.toast?.content).toContain('项目绩效自评价报告');
    const answer = await bot.tap({ openId: 'ou_jzEduZhou', value: done.value });
    expect(answer.toast?.type).toBe('success');
    const [row] = await bot.database.db
      .select()
      .from(deadlines)
      .where(and(eq(deadlines.projectId, projectId), eq(deadlines.limitId, 'performance_self_evaluation')));
    expect(row).toMatchObject({ state: 'done', doneBy: 'ou_jzEduZhou', nextReminderOn: null });
    const out = await runAt(bot, time, '2026-03-03');
    expect(out.filter((m) => m.receive_id_type === 'open_id')).toEqual([]);
  });
});

describe('group digests: content, timing, one per group and working day, own unit only', () => {
  const time = mutableClock(shanghai('2025-01-10'));
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: time.clock });
    await jinzhaiAfterFinal(bot, time, {
      number: 'JZ-2025-0601',
      unitName: '县教育局',
      user: 'ou_jzEduZhou',
      finalOn: '2025-08-25',
    });
    await jinzhaiAfterFinal(bot, time, {
      number: 'JZ-2025-0602',
      unitName: '县卫健委',
      user: 'ou_jzWjwFeng',
      finalOn: '2025-08-27',
    });
  });
  afterAll(async () => bot.close());

  const post = async (body: object) => {
    const res = await bot.post(body);
    expect(res.status).toBe(200);
    await bot.deliver();
  };

  it('the bot added to a group says how to bind it; only an admin or the unit’s leader binds it', async () => {
    time.set('2026-02-24', '11:00');
    const before = bot.fake.messages.length;
    await post(
      botAddedEvent({
        token: TEST_APP.verificationToken,
        appId: TEST_APP.appId,
        chatId: 'oc_jzWjwGroup',
        operatorOpenId: 'ou_jzWjwHe',
      }),
    );
    const welcome = bot.fake.messages.slice(before);
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.chat_id).toBe('oc_jzWjwGroup');
    expect(JSON.stringify(welcome[0]!.content)).toContain('绑定单位');

    const byMember = await bot.say({
      openId: 'ou_jzWjwFeng',
      text: '绑定单位 县卫健委',
      chatType: 'group',
      chatId: 'oc_jzWjwGroup',
    });
    expect(JSON.stringify(byMember[0]!.content)).toContain('只有管理员或县卫健委的负责人');
    const otherLeader = await bot.say({
      openId: 'ou_jzEduZheng',
      text: '绑定单位 县卫健委',
      chatType: 'group',
      chatId: 'oc_jzWjwGroup',
    });
    expect(JSON.stringify(otherLeader[0]!.content)).toContain('只有管理员');
    const ok = await bot.say({
      openId: 'ou_jzWjwHe',
      text: '绑定单位 县卫健委',
      chatType: 'group',
      chatId: 'oc_jzWjwGroup',
    });
    expect(JSON.stringify(ok[0]!.content)).toContain('已将本群绑定到金寨县县卫健委');
    const [unit] = await bot.database.db.select().from(units).where(eq(units.name, '县卫健委'));
    expect(unit!.chatId).toBe('oc_jzWjwGroup');
  });

  it('nothing before 09:00; at 09:00 one digest per group listing only its own unit’s projects', async () => {
    expect(await runAt(bot, time, '2026-02-26', '08:59')).toEqual([]);
    const out = await keyed(bot, await runAt(bot, time, '2026-02-26', '09:00'), 'digest:');
    expect(out.map((m) => m.receive_id).sort()).toEqual(['oc_jzEduGroup', 'oc_jzWjwGroup']);
    for (const m of out) expect(validateCardV2(m.content)).toEqual([]);
    const edu = cardText(out.find((m) => m.receive_id === 'oc_jzEduGroup')!.content as object);
    const wjw = cardText(out.find((m) => m.receive_id === 'oc_jzWjwGroup')!.content as object);
    expect(edu).toContain('县教育局 今日事项（2026年2月26日）');
    expect(edu).toContain('JZ-2025-0601');
    expect(edu).not.toContain('JZ-2025-0602');
    expect(edu).toContain('已逾期1个工作日：开展绩效自评价');
    expect(edu).toContain('截止2026年2月25日，第十八条');
    expect(wjw).toContain('JZ-2025-0602');
    expect(wjw).not.toContain('JZ-2025-0601');
    expect(wjw).toContain('1个工作日后到期');
    // later the same day: nothing more
    expect(await keyed(bot, await runAt(bot, time, '2026-02-26', '15:00'), 'digest:')).toEqual([]);
  });

  it('nothing on a Sunday; the 调休 Saturday and Monday get theirs', async () => {
    const group = async (ms: DeliveredMessage[]) => (await keyed(bot, ms, 'digest:')).map((m) => m.receive_id).sort();
    expect(await group(await runAt(bot, time, '2026-02-28', '09:05'))).toEqual(['oc_jzEduGroup', 'oc_jzWjwGroup']);
    expect(await runAt(bot, time, '2026-03-01', '09:05')).toEqual([]);
    expect(await group(await runAt(bot, time, '2026-03-02', '09:05'))).toEqual(['oc_jzEduGroup', 'oc_jzWjwGroup']);
  });

  it('removed from a group, the bot stops sending there', async () => {
    time.set('2026-03-02', '18:00');
    await post(
      botRemovedEvent({
        token: TEST_APP.verificationToken,
        appId: TEST_APP.appId,
        chatId: 'oc_jzWjwGroup',
        operatorOpenId: 'ou_jzWjwHe',
      }),
    );
    const [unit] = await bot.database.db.select().from(units).where(eq(units.name, '县卫健委'));
    expect(unit!.chatId).toBeNull();
    const out = await runAt(bot, time, '2026-03-03', '09:05');
    expect((await keyed(bot, out, 'digest:')).map((m) => m.receive_id)).toEqual(['oc_jzEduGroup']);
  });
});

describe('region notices and annual rows', () => {
  const time = mutableClock(shanghai('2026-09-02'));
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: time.clock });
  });
  afterAll(async () => bot.close());

  it('4 weeks before 金寨’s 申报表 deadline (09-30) every unit hears: the group, or the members of a unit without one', async () => {
    const out = await runAt(bot, time, '2026-09-02');
    const jz = out.filter((m) => cardText(m.content as object).includes('金寨县政务信息化项目申报表'));
    expect(jz.map((m) => m.receive_id).sort()).toEqual(['oc_jzEduGroup', 'ou_jzWjwFeng']);
    const text = cardText(jz[0]!.content as object);
    expect(text).toContain('距截止还有4周');
    expect(text).toContain('2026年9月30日');
    expect(text).toContain('第五条');
    // 淮安's 年度计划 is the 市数据局's own: the office hears, not the units
    const ha = out.filter((m) => cardText(m.content as object).includes('场景建设计划'));
    expect(ha.map((m) => m.receive_id)).toEqual(['ou_haSjjLuo']);
    // the annual rows of this year and the next, per region
    const rows = await bot.database.db.select().from(deadlines).where(isNull(deadlines.projectId));
    expect(rows.filter((r) => r.regionId === 'jinzhai').map((r) => [r.limitId, r.due, r.year])).toEqual([
      ['annual_declaration', '2026-09-30', 2026],
      ['annual_declaration', '2027-09-30', 2027],
    ]);
  });

  it('again the same day: nothing; a week before the close: the last notice', async () => {
    expect(await runAt(bot, time, '2026-09-02', '17:00')).toEqual([]);
    const out = await runAt(bot, time, '2026-09-23');
    const jz = out.filter((m) => cardText(m.content as object).includes('金寨县政务信息化项目申报表'));
    expect(jz).toHaveLength(2);
    for (const m of jz) expect(titleOf(m)).toMatch(/^距截止还有1周/);
    const annual = await bot.database.db.select({ n: count() }).from(deadlines).where(isNull(deadlines.projectId));
    expect(annual[0]!.n).toBe(6); // 金寨, 牡丹区, 淮安 × 2 years (高平 has no annual limit), not duplicated
  });
});

describe('a fresh install after this year’s 申报 date', () => {
  const time = mutableClock(shanghai('2026-11-23'));
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: time.clock });
  });
  afterAll(async () => bot.close());

  it('tracks the next year’s 申报表 (2027-09-30), never this year’s as overdue', async () => {
    await runAt(bot, time, '2026-11-23');
    const rows = await bot.database.db.select().from(deadlines).where(isNull(deadlines.projectId));
    expect(rows.filter((r) => r.regionId === 'jinzhai').map((r) => [r.limitId, r.due])).toEqual([
      ['annual_declaration', '2027-09-30'],
    ]);
    expect(rows.filter((r) => r.due < '2026-11-23')).toEqual([]);
  });
});

describe('an extension where the pack allows it (牡丹区 第三十条)', () => {
  const time = mutableClock(shanghai('2024-06-03'));
  let bot: TestBot;
  let projectId: number;
  beforeAll(async () => {
    bot = await startTestBot({ clock: time.clock });
    const p = await approvedProject(bot, {
      number: 'MD-2024-0701',
      regionId: 'mudan',
      unitName: '区市场监管局',
      kind: 'government_build',
      name: '监管平台',
      investmentWan: 80,
      facts: { isSoftwareDevelopment: false },
      createdBy: 'ou_mdScjGao',
      approvedOn: '2024-06-03',
    });
    projectId = p.id;
    await attach(bot, p.id, 'responsibility_letter', 'procurement_contract', 'electronic_archive');
    await reportOn(bot, time, 'ou_mdScjGao', p.id, 'responsibility_letter_signed', '2024-06-05');
    await reportOn(bot, time, 'ou_mdScjGao', p.id, 'contract_signed', '2024-07-01');
    await reportOn(bot, time, 'ou_mdScjGao', p.id, 'construction_completed', '2025-01-10');
    // Only the acceptance deadline matters here: the other rows are settled.
    await bot.database.db
      .update(deadlines)
      .set({ state: 'done' })
      .where(and(eq(deadlines.projectId, p.id), ne(deadlines.limitId, 'final_acceptance')));
  });
  afterAll(async () => bot.close());

  it('申请延期 on the reminder → form → the reviewer office confirms → reminders count to the new date', async () => {
    // 竣工验收 due Thu 2025-07-10; the day before: before:1
    const out = (await runAt(bot, time, '2025-07-09')).filter(
      (m) => m.receive_id === 'ou_mdScjGao' && titleOf(m) === '还有1个工作日到期',
    );
    expect(out).toHaveLength(1);
    const reminder = out[0]!.content as object;
    expect(cardText(reminder)).toContain('第三十条');
    const form = await bot.tap({
      openId: 'ou_mdScjGao',
      value: buttonBy(reminder, (b) => b.text === '申请延期').value,
    });
    expect(validateCardV2(form.card!.data)).toEqual([]);
    const submit = buttonBy(form.card!.data, (b) => b.submitsForm);
    const tooEarly = await bot.tap({
      openId: 'ou_mdScjGao',
      value: submit.value,
      formValue: formValue(form.card!.data, { until: '2025-07-01 +0800', reason: '第三方测评未完成' }),
    });
    expect(cardText(tooEarly.card!.data)).toContain('须晚于现截止日期');
    const before = bot.fake.messages.length;
    const sent = await bot.tap({
      openId: 'ou_mdScjGao',
      value: submit.value,
      formValue: formValue(form.card!.data, { until: '2025-08-29 +0800', reason: '第三方测评未完成' }),
    });
    expect(sent.toast?.type).toBe('success');
    const decision = bot.fake.messages.slice(before).find((m) => m.receive_id === 'ou_mdDsjLv')!;
    expect(cardText(decision.content as object)).toContain('第三方测评未完成');

    const grant = buttonBy(decision.content as object, (b) => b.text === '同意延期');
    expect((await bot.tap({ openId: 'ou_mdScjGao', value: grant.value })).toast?.type).toBe('error');
    const granted = await bot.tap({ openId: 'ou_mdDsjLv', value: grant.value });
    expect(granted.toast?.type).toBe('success');
    expect((await bot.tap({ openId: 'ou_mdDsjLv', value: grant.value })).toast?.content).toContain('已处理');
    const [row] = await bot.database.db
      .select()
      .from(deadlines)
      .where(and(eq(deadlines.projectId, projectId), eq(deadlines.limitId, 'final_acceptance')));
    expect(row!.extendedTo).toBe('2025-08-29');
    const [req] = await bot.database.db.select().from(extensionRequests);
    expect(req).toMatchObject({ state: 'granted', decidedBy: 'ou_mdDsjLv' });
    expect(
      bot.fake.messages.some(
        (m) => m.receive_id === 'ou_mdScjGao' && cardText(m.content as object).includes('延至2025年8月29日'),
      ),
    ).toBe(true);

    // the old due day passes quietly; the day before the new one: before:1 under the new key
    expect(
      (await runAt(bot, time, '2025-07-10')).filter(
        (m) => m.receive_id === 'ou_mdScjGao' && titleOf(m).includes('到期'),
      ),
    ).toEqual([]);
    const later = (await runAt(bot, time, '2025-08-28')).filter(
      (m) => m.receive_id === 'ou_mdScjGao' && titleOf(m) === '还有1个工作日到期',
    );
    expect(later).toHaveLength(1);
    expect(cardText(later[0]!.content as object)).toContain('（已延期）');
    const keys = await bot.database.db.select().from(remindersSent).where(eq(remindersSent.deadlineId, row!.id));
    expect(keys.map((k) => k.key)).toContain(`d${row!.id}:final_acceptance:2025-01-10@2025-08-29:before:1`);
  });
});

describe('no reminder is ever sent twice: two schedulers at once, and a crash mid-sweep', () => {
  const time = mutableClock(shanghai('2024-06-03'));
  const N = 12;
  let bot: TestBot;
  let second: Awaited<ReturnType<typeof openSecondConnection>> = null;
  beforeAll(async () => {
    const database = await openTestDatabase();
    bot = await startTestBot({ clock: time.clock, database });
    for (let i = 1; i <= N; i++) {
      await approvedProject(bot, {
        number: `MD-2024-${String(900 + i)}`,
        regionId: 'mudan',
        unitName: '区市场监管局',
        kind: 'government_build',
        name: `项目${i}`,
        investmentWan: 50,
        createdBy: 'ou_mdScjGao',
        approvedOn: '2024-06-03',
      });
    }
    second = await openSecondConnection(database);
  });
  afterAll(async () => {
    await second?.close();
    await bot.close();
    await bot.database.close();
  });

  async function deliveriesPerKey(messages: DeliveredMessage[]) {
    const keys = await dedupeKeysOf(bot, messages);
    const perKey = new Map<string, number>();
    keys.forEach((k) => k && perKey.set(k, (perKey.get(k) ?? 0) + 1));
    const perContent = new Map<string, number>();
    for (const m of messages)
      perContent.set(
        `${m.receive_id}|${JSON.stringify(m.content)}`,
        (perContent.get(`${m.receive_id}|${JSON.stringify(m.content)}`) ?? 0) + 1,
      );
    return { keys, perKey, perContent };
  }

  it(`two runScheduledWork at once (${testDbKind === 'postgres' ? 'two connection pools' : 'one PGlite'}): each of ${N} quarterly reminders once, one digest`, async () => {
    // Q2 2024 report due Sun 06-30 → reminded on Fri 06-28 ("on"); before:7/3/1 are caught up as superseded
    time.set('2024-06-28', '09:30');
    const ctxB: AppContext = second ? { ...bot.runtime.ctx, db: second.db } : bot.runtime.ctx;
    const before = bot.fake.messages.length;
    await Promise.all([runScheduledWork(bot.runtime.ctx), runScheduledWork(ctxB), runScheduledWork(bot.runtime.ctx)]);
    await bot.deliver();
    const out = bot.fake.messages.slice(before);
    const { keys, perKey, perContent } = await deliveriesPerKey(out);
    const reminders = keys.filter((k) => k?.startsWith('rem:'));
    expect(reminders).toHaveLength(N);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect([...perContent.values()].every((n) => n === 1)).toBe(true);
    expect((await keyed(bot, out, 'digest:')).map((m) => m.receive_id)).toEqual(['oc_mdScjGroup']);
    const ledger = await bot.database.db.select().from(remindersSent);
    const perDeadline = ledger.filter((r) => r.deadlineId !== null);
    expect(perDeadline.filter((r) => !r.superseded)).toHaveLength(N);
    expect(perDeadline.filter((r) => r.superseded)).toHaveLength(3 * N);
  });

  it('a crash mid-sweep (the fifth reminder’s transaction and every one after it die): the next run sends the rest, nothing twice', async () => {
    time.set('2024-07-01', '09:30'); // Mon: the Q2 report is overdue
    let calls = 0;
    const db = bot.runtime.ctx.db;
    const crashing = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
        return (fn: (tx: unknown) => Promise<unknown>) =>
          target.transaction(async (tx) => {
            const result = await fn(tx);
            if (++calls >= 5) throw new Error('process killed');
            return result;
          });
      },
    });
    const before = bot.fake.messages.length;
    const dead = await sweepDeadlineReminders({ ...bot.runtime.ctx, db: crashing }, time.now);
    expect(dead.rows).toBe(4);
    await bot.deliver();
    expect(bot.fake.messages.length - before).toBe(4);
    await runScheduledWork(bot.runtime.ctx);
    await runScheduledWork(bot.runtime.ctx);
    await bot.deliver();
    const out = bot.fake.messages.slice(before);
    const { keys, perKey } = await deliveriesPerKey(out);
    const overdue = keys.filter((k) => k?.includes(':overdue:2024-07-01:'));
    expect(overdue).toHaveLength(N);
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    const [n] = await bot.database.db
      .select({ n: count() })
      .from(remindersSent)
      .where(eq(remindersSent.kind, 'overdue'));
    expect(n!.n).toBe(N);
  });
});

describe('configuration', () => {
  it('DIGEST_HOUR, ESCALATION_GRACE_DAYS and REMINDER_LEAD_DAYS with defaults; a bad value names the variable', () => {
    expect(loadConfig({}).reminders).toEqual({ digestHour: 9, graceWorkingDays: 3, leadDays: [7, 3, 1] });
    expect(
      loadConfig({ DIGEST_HOUR: '8', ESCALATION_GRACE_DAYS: '5', REMINDER_LEAD_DAYS: '10, 5,1' }).reminders,
    ).toEqual({ digestHour: 8, graceWorkingDays: 5, leadDays: [10, 5, 1] });
    expect(() => loadConfig({ DIGEST_HOUR: '25' })).toThrow(ConfigError);
    expect(() => loadConfig({ DIGEST_HOUR: '25' })).toThrow(/DIGEST_HOUR/);
    expect(() => loadConfig({ REMINDER_LEAD_DAYS: 'soon' })).toThrow(/REMINDER_LEAD_DAYS/);
  });
});
