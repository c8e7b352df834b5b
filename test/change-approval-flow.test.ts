import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalTasks, auditLog, changeApprovalRoutes, changeRequests, projects } from '../db/schema/index.js';
import type { RoutePlan } from '../src/approval/plan.js';
import { runScheduledWork } from '../src/scheduler.js';
import { validateCardV2 } from './support/card-schema.js';
import { buttonBy, cardText, formValue } from './support/card-driver.js';
import { p2pChat, startTestBot, type TapAnswer, type TestBot } from './support/harness.js';
import { approvedProject, cards, mutableClock, shanghai } from './support/lifecycle.js';

// Budget changes (调整/变更) the pack says need approval are routed like a declaration: the pack's
// change route, the same approval cards, taps, 转交, 催办 and escalation. Everything goes through the
// real webhook against the fake Lark; the business clock is set by the test.

type Task = typeof approvalTasks.$inferSelect;

const time = mutableClock(shanghai('2026-03-02'));
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({ clock: time.clock });
});
afterAll(async () => bot.close());

const db = () => bot.database.db;

async function pendingTasks(projectId: number): Promise<Task[]> {
  return db()
    .select()
    .from(approvalTasks)
    .where(
      and(
        eq(approvalTasks.projectId, projectId),
        like(approvalTasks.subject, 'change:%'),
        eq(approvalTasks.status, 'pending'),
      ),
    );
}

/** The approval card the fake Lark delivered for the task. */
function cardOf(task: Task): object {
  const message = bot.fake.messages.find(
    (m) => m.receive_id === task.assignee && JSON.stringify(m.content).includes(task.token),
  );
  expect(message, `card for ${task.assignee}`).toBeDefined();
  return message!.content as object;
}

async function tap(
  task: Task,
  decision: 'approve' | 'reject' | 'return',
  comment: string,
  operator = task.assignee,
): Promise<TapAnswer> {
  const card = cardOf(task);
  const button = buttonBy(card, (b) => b.value.action === 'approval.decide' && b.value.decision === decision);
  return bot.tap({ openId: operator, value: button.value, formValue: formValue(card, { comment }) });
}

async function project(id: number) {
  return (await db().select().from(projects).where(eq(projects.id, id)))[0]!;
}

async function requestsOf(projectId: number) {
  return db().select().from(changeRequests).where(eq(changeRequests.projectId, projectId)).orderBy(changeRequests.id);
}

/** Cards delivered since `from` to a person (p2p) or a chat, with their text. */
function delivered(from: number, o: { to?: string; chat?: string }) {
  return cards(bot.fake.messages.slice(from)).filter(
    (c) => (o.to ? c.to === o.to : true) && (o.chat ? c.chat === o.chat : true),
  );
}

describe('牡丹区 (第二十一条): a change over 15 % is routed through 项目主管部门 and 区发改局, approved from the cards', () => {
  const UNIT = 'ou_mdScjGao';
  const GROUP = 'oc_mdScjGroup';
  const REVIEWER = 'ou_mdDsjLv';
  const NDRC = 'ou_mdFgjTang';
  let p: typeof projects.$inferSelect;

  it('调整 80 → 100 万元 (25 %): a change request pending approval, its first card to 区大数据局', async () => {
    p = await approvedProject(bot, {
      number: 'MD-2026-0501',
      regionId: 'mudan',
      unitName: '区市场监管局',
      kind: 'government_build',
      name: '企业信用监管平台',
      investmentWan: 80,
      createdBy: UNIT,
      approvedOn: '2026-01-05',
    });
    const out = cards(await bot.say({ openId: UNIT, text: `调整 ${p.number} 100 因省厅要求增加数据接口` }));
    for (const c of out) expect(validateCardV2(c.card)).toEqual([]);

    const mine = out.find((c) => c.chat === p2pChat(UNIT))!;
    expect(mine.text).toContain('须履行项目变更');
    expect(mine.text).toContain('第二十一条');
    expect(mine.text).toContain('**调整理由**：因省厅要求增加数据接口');
    expect(mine.text).toContain('已提交变更审批：第1步/共2步“项目主管部门审核项目变更”，待区大数据局办理');

    const [req] = await requestsOf(p.id);
    expect(req).toMatchObject({
      mode: 'approval',
      state: 'pending_approval',
      approvedYuan: 800_000,
      adjustedYuan: 1_000_000,
      reason: '因省厅要求增加数据接口',
      requestedBy: UNIT,
    });
    const [route] = await db()
      .select()
      .from(changeApprovalRoutes)
      .where(eq(changeApprovalRoutes.changeRequestId, req!.id));
    expect((route!.plan as RoutePlan).steps.map((s) => s.name)).toEqual([
      '项目主管部门审核项目变更',
      '区发展和改革局审批项目变更（涉及政府投资）',
    ]);

    const tasks = await pendingTasks(p.id);
    expect(tasks.map((t) => [t.assignee, t.subject])).toEqual([[REVIEWER, `change:${req!.id}`]]);
    // the reviewer gets the approval card (not a second, informational one)
    const toReviewer = out.filter((c) => c.to === REVIEWER);
    expect(toReviewer).toHaveLength(1);
    const text = cardText(cardOf(tasks[0]!));
    expect(text).toContain('待审批（项目变更）：企业信用监管平台');
    expect(text).toContain('总投资由 80 万元调整为 100 万元（调整幅度 25%）');
    expect(text).toContain('**调整理由**：因省厅要求增加数据接口');
    expect(text).toContain('第二十一条');
    expect(text).toContain('第十六条：“各部门（单位）所有政务信息化项目，均应当在区项目主管部门报批或者备案”');
    expect(text).not.toContain('申报材料'); // the declaration's material list is not what is decided here
    // nothing changed yet
    expect((await project(p.id)).investmentYuan).toBe(800_000);
  });

  it('a second change while this one waits is refused and recorded nowhere', async () => {
    const out = await bot.say({ openId: UNIT, text: `调整 ${p.number} 90` });
    expect(JSON.stringify(out.map((m) => m.content))).toContain('已有一项待审批的变更申请（调整为 100 万元）');
    expect(await requestsOf(p.id)).toHaveLength(1);
  });

  it('区大数据局 approves from its card: the unit and its group hear the next step, 区发改局 gets its card', async () => {
    time.set('2026-03-03');
    const [task] = await pendingTasks(p.id);
    // someone of the unit cannot decide on the office's card
    expect((await tap(task!, 'approve', '同意', UNIT)).toast?.type).toBe('error');
    const before = bot.fake.messages.length;
    const answer = await tap(task!, 'approve', '变更理由充分，同意');
    expect(answer.toast?.type).toBe('success');
    expect(cardText(answer.card!.data)).toContain('同意');
    for (const c of [...delivered(before, { to: UNIT }), ...delivered(before, { chat: GROUP })]) {
      expect(c.text).toContain('第2步/共2步“区发展和改革局审批项目变更（涉及政府投资）”，待区发展和改革局办理');
    }
    expect(delivered(before, { chat: GROUP })).toHaveLength(1);
    const [next] = await pendingTasks(p.id);
    expect(next!.assignee).toBe(NDRC);
    expect(cardText(cardOf(next!))).toContain(
      '第二十一条：“项目建设单位应严格按照项目审批部门批复的建设方案和投资预算实施项目建设”',
    );
    expect((await project(p.id)).investmentYuan).toBe(800_000);
  });

  it('区发改局 approves: the amount is applied (project, fact, form field), audit logged, the unit told with the article', async () => {
    time.set('2026-03-04');
    const [task] = await pendingTasks(p.id);
    const before = bot.fake.messages.length;
    expect((await tap(task!, 'approve', '同意调整')).toast?.type).toBe('success');

    const after = await project(p.id);
    expect(after.investmentYuan).toBe(1_000_000);
    expect(after.facts).toMatchObject({ investmentWan: 100 });
    expect(Object.values(after.fields)).toContain('100');
    expect(after.status).toBe('approved');
    const [req] = await requestsOf(p.id);
    expect(req).toMatchObject({ state: 'approved', decidedAt: shanghai('2026-03-04') });
    const [applied] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'adjustment.approved')));
    expect(applied!.detail).toMatchObject({ changeRequestId: req!.id, previousYuan: 800_000, adjustedYuan: 1_000_000 });

    const told = [...delivered(before, { to: UNIT }), ...delivered(before, { chat: GROUP })];
    expect(told).toHaveLength(2);
    for (const c of told) {
      expect(c.text).toContain('变更已批准');
      expect(c.text).toContain('项目总投资已调整为 100 万元');
      expect(c.text).toContain('第二十一条');
    }
    expect(await pendingTasks(p.id)).toEqual([]);
  });

  it('a rejected change (100 → 130 万元) leaves the amount as it was; 区发改局 is never asked', async () => {
    time.set('2026-03-05');
    await bot.say({ openId: UNIT, text: `调整 ${p.number} 130 追加视频汇聚功能` });
    const [task] = await pendingTasks(p.id);
    expect(task!.assignee).toBe(REVIEWER);
    const before = bot.fake.messages.length;
    expect((await tap(task!, 'reject', '超出年度预算，不同意')).toast?.type).toBe('success');

    expect((await project(p.id)).investmentYuan).toBe(1_000_000);
    const reqs = await requestsOf(p.id);
    expect(reqs.map((r) => [r.adjustedYuan, r.state])).toEqual([
      [1_000_000, 'approved'],
      [1_300_000, 'rejected'],
    ]);
    const ndrcTasks = await db()
      .select()
      .from(approvalTasks)
      .where(and(eq(approvalTasks.assignee, NDRC), eq(approvalTasks.subject, `change:${reqs[1]!.id}`)));
    expect(ndrcTasks).toEqual([]);
    const told = delivered(before, { to: UNIT });
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('变更未获批准');
    expect(told[0]!.text).toContain('仍按原批复（100 万元）执行');
    expect(told[0]!.text).toContain('超出年度预算，不同意');
    expect(told[0]!.text).toContain('第二十一条');
    expect(
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'adjustment.rejected'))),
    ).toHaveLength(1);
  });

  it('within 15 % of content, the total down (100 → 95 万元), before procurement (第二十一条): the card asks, then it is only filed; the reviewer told', async () => {
    time.set('2026-03-06');
    const ask = cards(await bot.say({ openId: UNIT, text: `调整 ${p.number} 95` })).find(
      (c) => c.chat === p2pChat(UNIT),
    )!;
    expect(ask.text).toContain('调整内容涉及资金数额');
    const submit = buttonBy(ask.card, (b) => b.value.action === 'lifecycle.adjust');
    const before = bot.fake.messages.length;
    const answer = await bot.tap({
      openId: UNIT,
      value: submit.value,
      formValue: formValue(ask.card, { content_wan: '10', procurement: 'before' }),
    });
    expect(cardText(answer.card!.data as object)).toContain('可由项目建设单位调整');
    const reqs = await requestsOf(p.id);
    expect(reqs[2]).toMatchObject({ mode: 'file', state: 'filed' });
    expect(
      await db().select().from(changeApprovalRoutes).where(eq(changeApprovalRoutes.changeRequestId, reqs[2]!.id)),
    ).toEqual([]);
    expect(await pendingTasks(p.id)).toEqual([]);
    expect(cards(bot.fake.messages.slice(before)).find((c) => c.to === REVIEWER)!.text).toContain(
      '项目建设单位已报备本次调整',
    );
  });

  it('a change waiting past its limit is urged by the unit, then escalated like a declaration, each once', async () => {
    time.set('2026-03-09'); // Monday
    await bot.say({ openId: UNIT, text: `调整 ${p.number} 140 新增两个区县节点` });
    const urged = await bot.say({ openId: UNIT, text: `催办 ${p.number}` });
    expect(JSON.stringify(urged.map((m) => m.content))).toContain('已向区大数据局催办');
    const again = await bot.say({ openId: UNIT, text: `催办 ${p.number}` });
    expect(JSON.stringify(again.map((m) => m.content))).not.toContain('已向');

    // 3 working days (the deployment's limit) from Monday 3-09: on time through Thursday, 加急 on
    // Friday, the office's leader on the next working day (Monday).
    const urgentsBefore = bot.fake.urgents.length;
    time.set('2026-03-12');
    await runScheduledWork(bot.runtime.ctx);
    await bot.deliver();
    expect(bot.fake.urgents.length).toBe(urgentsBefore);
    time.set('2026-03-13');
    const before = bot.fake.messages.length;
    await runScheduledWork(bot.runtime.ctx);
    await runScheduledWork(bot.runtime.ctx);
    await bot.deliver();
    expect(bot.fake.urgents.slice(urgentsBefore).flatMap((u) => u.user_id_list)).toEqual([REVIEWER]);
    const urgent = delivered(before, { to: REVIEWER });
    expect(urgent).toHaveLength(1);
    expect(urgent[0]!.text).toContain('【加急】');
    expect(urgent[0]!.text).toContain('总投资由 100 万元调整为 140 万元'); // the filed one did not change the approved amount
    // a working day later the office's leader, once
    time.set('2026-03-16');
    const beforeLeader = bot.fake.messages.length;
    await runScheduledWork(bot.runtime.ctx);
    await runScheduledWork(bot.runtime.ctx);
    await bot.deliver();
    const toLeader = delivered(beforeLeader, { to: 'ou_mdDsjShi' });
    expect(toLeader).toHaveLength(1);
    expect(toLeader[0]!.text).toContain('督办提醒');
  });

  it('退回修改 closes the request; the unit may then send a new one', async () => {
    time.set('2026-03-18');
    const [task] = await pendingTasks(p.id);
    const before = bot.fake.messages.length;
    expect((await tap(task!, 'return', '请补充节点清单')).toast?.type).toBe('success');
    const told = delivered(before, { to: UNIT });
    expect(told[0]!.text).toContain('变更退回修改');
    expect(told[0]!.text).toContain(`调整 ${p.number}`);
    expect((await requestsOf(p.id)).at(-1)!.state).toBe('returned');
    expect((await project(p.id)).investmentYuan).toBe(1_000_000);
    await bot.say({ openId: UNIT, text: `调整 ${p.number} 140 新增两个区县节点（附节点清单）` });
    expect((await requestsOf(p.id)).at(-1)!.state).toBe('pending_approval');
  });
});

describe('金寨县 (第十五条): a change goes to 县政府; 县智慧办 is told at the same time (备案)', () => {
  const UNIT = 'ou_jzEduZhou';
  const GOV = 'ou_jzGovChen';

  it('县政府 approves from its card and the amount is applied', async () => {
    time.set('2026-04-01');
    const p = await approvedProject(bot, {
      number: 'JZ-2026-0601',
      regionId: 'jinzhai',
      unitName: '县教育局',
      kind: 'new_build',
      name: '智慧校园平台',
      investmentWan: 120,
      createdBy: UNIT,
      approvedOn: '2026-02-02',
    });
    const out = cards(await bot.say({ openId: UNIT, text: `调整 ${p.number} 125 增加录播教室` }));
    expect(out.find((c) => c.chat === p2pChat(UNIT))!.text).toContain(
      '已提交变更审批，并同时向县智慧办备案：第1步/共1步“县政府审批调整申请”，待县政府办理',
    );
    for (const reviewer of ['ou_jzZhbLi', 'ou_jzZhbWang']) {
      const filed = out.filter((c) => c.to === reviewer);
      expect(filed).toHaveLength(1);
      expect(filed[0]!.text).toContain('现向你部门备案');
      expect(JSON.stringify(filed[0]!.card)).not.toContain('approval.decide');
    }
    const [task] = await pendingTasks(p.id);
    expect(task!.assignee).toBe(GOV);
    expect(cardText(cardOf(task!))).toContain('第十五条：“可由项目建设单位向县政府申请调整，同时向县智慧办备案”');
    time.set('2026-04-02');
    expect((await tap(task!, 'approve', '同意')).toast?.type).toBe('success');
    expect((await project(p.id)).investmentYuan).toBe(1_250_000);
    expect((await requestsOf(p.id))[0]!.state).toBe('approved');
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
