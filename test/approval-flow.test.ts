import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalRoutes, approvalTasks, auditLog, delegations, projects } from '../db/schema/index.js';
import type { RouteState } from '../src/approval/machine.js';
import type { RoutePlan } from '../src/approval/plan.js';
import { runScheduledWork } from '../src/scheduler.js';
import { buttonBy, cardText, formValue } from './support/card-driver.js';
import { answerCard, declareProject, submitForm } from './support/declare.js';
import { startTestBot, type TapAnswer, type TestBot } from './support/harness.js';
import { testDbKind } from './support/db.js';

type Task = typeof approvalTasks.$inferSelect;

/** A clock the test moves: Monday 2026-11-23 10:00 in Shanghai to start. */
function movableClock(start = '2026-11-23T02:00:00Z') {
  let now = new Date(start);
  return { clock: () => now, set: (iso: string) => (now = new Date(iso)) };
}

async function projectByNumber(bot: TestBot, number: string) {
  const [p] = await bot.database.db.select().from(projects).where(eq(projects.number, number));
  return p!;
}

async function pendingTasks(bot: TestBot, projectId: number): Promise<Task[]> {
  return bot.database.db
    .select()
    .from(approvalTasks)
    .where(and(eq(approvalTasks.projectId, projectId), eq(approvalTasks.status, 'pending')));
}

/** The card the fake Lark delivered to the task's assignee (the latest version if patched). */
function cardOf(bot: TestBot, task: Task): object {
  const message = bot.fake.messages.find(
    (m) => m.receive_id === task.assignee && JSON.stringify(m.content).includes(task.token),
  );
  expect(message, `card for ${task.assignee}`).toBeDefined();
  return message!.content as object;
}

/** The assignee taps a decision on their card (the finance card records an amount first). */
async function act(
  bot: TestBot,
  task: Task,
  decision: 'approve' | 'return' | 'reject',
  comment = '',
  operator = task.assignee,
): Promise<TapAnswer> {
  const card = cardOf(bot, task);
  const finance = JSON.stringify(card).includes('"approval.finance"');
  if (finance && decision === 'approve') {
    const submit = buttonBy(card, (b) => b.value.action === 'approval.finance');
    return bot.tap({
      openId: operator,
      value: submit.value,
      formValue: formValue(card, { amount_wan: '150', fund_channel: '本级财政预算资金', comment }),
    });
  }
  const button = buttonBy(card, (b) => b.value.action === 'approval.decide' && b.value.decision === decision);
  return bot.tap({ openId: operator, value: button.value, formValue: formValue(card, { comment }) });
}

/** Approves every pending office until the route ends; returns the step names in order. */
async function approveAll(bot: TestBot, projectId: number): Promise<string[]> {
  const names: string[] = [];
  for (let guard = 0; guard < 20; guard++) {
    const tasks = await pendingTasks(bot, projectId);
    if (!tasks.length) break;
    const [route] = await bot.database.db.select().from(approvalRoutes).where(eq(approvalRoutes.projectId, projectId));
    names.push((route!.plan as RoutePlan).steps[tasks[0]!.stepIndex]!.name);
    const byOffice = new Map<number, Task>();
    for (const t of tasks) if (!byOffice.has(t.officeId)) byOffice.set(t.officeId, t);
    for (const t of byOffice.values()) {
      const answer = await act(bot, t, 'approve', '同意');
      expect(answer.toast?.type, JSON.stringify(answer.toast)).toBe('success');
    }
  }
  return names;
}

describe.each([
  ['jinzhai-2022', 'ou_jzEduZhou'],
  ['mudan-2023', 'ou_mdScjGao'],
  ['huaian-draft', 'ou_haGajDeng'],
  ['gaoping-2020', 'ou_gpZrjDong'],
])('%s: the full route from the phone', (packId, applicant) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: movableClock().clock });
  });
  afterAll(async () => bot.close());

  it('approved all the way: every step’s offices get cards, the project ends 已立项 with the route’s outputs', async () => {
    const number = await declareProject(bot, applicant, packId);
    const project = await projectByNumber(bot, number);
    expect(project.status).toBe('in_review');
    const steps = await approveAll(bot, project.id);
    expect(steps.length).toBeGreaterThan(0);
    const done = await projectByNumber(bot, number);
    expect(done.status).toBe('approved');
    const [route] = await bot.database.db.select().from(approvalRoutes).where(eq(approvalRoutes.projectId, project.id));
    expect((route!.state as RouteState).outcome).toBe('approved');
    // The applicant heard about every decision and the final approval.
    const toApplicant = bot.fake.messages
      .filter((m) => m.receive_id === applicant)
      .map((m) => cardText(m.content as object))
      .join('\n');
    expect(toApplicant).toMatch(/批复|立项|审批通过|已通过/);
    const decisions = await bot.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, project.id), eq(auditLog.action, 'decision:approve')));
    expect(decisions.length).toBeGreaterThanOrEqual(steps.length);
    // A finance step (财政局 安排、拨付资金) records the amount and the fund channel.
    const plan = (
      await bot.database.db.select().from(approvalRoutes).where(eq(approvalRoutes.projectId, project.id))
    )[0]!.plan as RoutePlan;
    if (plan.steps.some((s) => s.recordsFunding)) {
      expect(decisions.some((d) => JSON.stringify(d.detail).includes('本级财政预算资金'))).toBe(true);
    }
    // 进度 shows the timeline.
    const timeline = await bot.say({ openId: applicant, text: `进度 ${number}` });
    expect(cardText(timeline.find((m) => m.msg_type === 'interactive')!.content as object)).toContain(number);
  });

  it('退回修改 then resubmission resumes where the pack says; 不同意 ends it', async () => {
    const number = await declareProject(bot, applicant, packId);
    const project = await projectByNumber(bot, number);
    const [first] = await pendingTasks(bot, project.id);
    // A comment is required to return or reject.
    const noComment = await act(bot, first!, 'return', '');
    expect(noComment.toast?.type).toBe('error');
    expect((await projectByNumber(bot, number)).status).toBe('in_review');
    const returned = await act(bot, first!, 'return', '请补充建设内容');
    expect(returned.toast?.type).toBe('success');
    expect((await projectByNumber(bot, number)).status).toBe('returned');
    // The applicant gets the project back as a draft with what was submitted, and resubmits it.
    const update = bot.fake.messages
      .filter((m) => m.receive_id === applicant && JSON.stringify(m.content).includes('draft.resume'))
      .at(-1)!;
    const editButton = buttonBy(update.content as object, (b) => b.value.action === 'draft.resume');
    let card = answerCard(await bot.tap({ openId: applicant, value: editButton.value }));
    for (let i = 0; i < 5 && !JSON.stringify(card).includes('declare.submit'); i++) {
      card = answerCard(
        await submitForm(bot, applicant, card, {}, (v) => v.action === 'declare.step' && v.nav === 'next'),
      );
    }
    const resubmitted = await bot.tap({
      openId: applicant,
      value: buttonBy(card, (b) => b.value.action === 'declare.submit').value,
    });
    expect(resubmitted.toast?.content).toContain(number);
    expect((await projectByNumber(bot, number)).status).toBe('in_review');
    const [route] = await bot.database.db.select().from(approvalRoutes).where(eq(approvalRoutes.projectId, project.id));
    const state = route!.state as RouteState;
    const plan = route!.plan as RoutePlan;
    expect(state.round).toBe(2);
    expect(state.current).toBe(plan.route.resubmitFrom === 'start' ? 0 : first!.stepIndex);
    // The round-1 card is stale now.
    const stale = await act(bot, first!, 'approve', '');
    expect(stale.toast?.type).not.toBe('success');
    // Rejected at the next decision: the route ends and nothing more can be decided.
    const [next] = await pendingTasks(bot, project.id);
    expect((await act(bot, next!, 'reject', '不符合规划')).toast?.type).toBe('success');
    expect((await projectByNumber(bot, number)).status).toBe('rejected');
    expect(await pendingTasks(bot, project.id)).toEqual([]);
  });
});

describe('淮安 joint review (会签)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: movableClock().clock });
  });
  afterAll(async () => bot.close());

  it('needs every office; one office refusing ends the step and closes the others’ cards', async () => {
    const number = await declareProject(bot, 'ou_haGajDeng', 'huaian-draft');
    const project = await projectByNumber(bot, number);
    // Approve until the step with the 网信办/密码管理局/档案局.
    let tasks = await pendingTasks(bot, project.id);
    for (let guard = 0; guard < 10; guard++) {
      const offices = new Set(tasks.map((t) => t.officeId));
      if (offices.size >= 3) break;
      for (const t of [...new Map(tasks.map((x) => [x.officeId, x])).values()]) await act(bot, t, 'approve', '同意');
      tasks = await pendingTasks(bot, project.id);
    }
    const joint = [...new Map(tasks.map((t) => [t.officeId, t])).values()];
    expect(joint.length).toBeGreaterThanOrEqual(3);
    await act(bot, joint[0]!, 'approve', '同意');
    expect((await projectByNumber(bot, number)).status).toBe('in_review');
    const refused = await act(bot, joint[1]!, 'reject', '密码应用方案不符合要求');
    expect(refused.toast?.type).toBe('success');
    expect((await projectByNumber(bot, number)).status).toBe('rejected');
    // The office that had not acted sees its card closed.
    const closedFor = joint[2]!;
    await bot.deliver();
    expect(bot.fake.patches.some((p) => JSON.stringify(p.content).includes('无需再办理') && p.message_id)).toBe(true);
    expect((await act(bot, closedFor, 'approve', '')).toast?.type).not.toBe('success');
  });
});

describe('who may act, delegation, urging and escalation (金寨)', () => {
  let bot: TestBot;
  const time = movableClock();
  beforeAll(async () => {
    bot = await startTestBot({ clock: time.clock });
  });
  afterAll(async () => bot.close());

  it('only the assigned official can act: a forged operator gets a toast and changes nothing', async () => {
    time.set('2026-11-23T02:00:00Z');
    const number = await declareProject(bot, 'ou_jzEduZhou', 'jinzhai-2022');
    const project = await projectByNumber(bot, number);
    const [task] = await pendingTasks(bot, project.id);
    const forged = await act(bot, task!, 'approve', '', 'ou_jzEduZhou');
    expect(forged.toast?.type).toBe('error');
    const [route] = await bot.database.db.select().from(approvalRoutes).where(eq(approvalRoutes.projectId, project.id));
    expect(route!.version).toBe(0);
  });

  it('转交: the transferee acts on the transferor’s behalf, and the audit says so', async () => {
    const number = await declareProject(bot, 'ou_jzEduZhou', 'jinzhai-2022');
    const project = await projectByNumber(bot, number);
    const task = (await pendingTasks(bot, project.id)).find((t) => t.assignee === 'ou_jzZhbLi')!;
    const card = cardOf(bot, task);
    const delegateForm = answerCard(
      await bot.tap({
        openId: 'ou_jzZhbLi',
        value: buttonBy(card, (b) => b.value.action === 'approval.delegate').value,
      }),
    );
    const confirm = buttonBy(delegateForm, (b) => b.value.action === 'approval.delegate.confirm');
    const moved = await bot.tap({
      openId: 'ou_jzZhbLi',
      value: confirm.value,
      formValue: formValue(delegateForm, { delegate_to: 'ou_jzZhbZhao', delegate_note: '请代为审核' }),
    });
    expect(moved.toast?.type, JSON.stringify(moved.toast)).toBe('success');
    const deputyTask = (await pendingTasks(bot, project.id)).find((t) => t.assignee === 'ou_jzZhbZhao')!;
    expect(deputyTask.onBehalfOf).toBe('ou_jzZhbLi');
    expect((await act(bot, deputyTask, 'approve', '同意')).toast?.type).toBe('success');
    const [entry] = await bot.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, project.id), eq(auditLog.action, 'decision:approve')));
    expect(entry).toMatchObject({ actorOpenId: 'ou_jzZhbZhao', onBehalfOf: 'ou_jzZhbLi' });
    // The other member's card now says who handled it.
    await bot.deliver();
    const wangTask = (
      await bot.database.db
        .select()
        .from(approvalTasks)
        .where(and(eq(approvalTasks.projectId, project.id), eq(approvalTasks.assignee, 'ou_jzZhbWang')))
    )[0]!;
    expect(wangTask.status).toBe('closed');
  });

  it('设置代理: while away, the deputy receives the cards and acts on the principal’s behalf', async () => {
    time.set('2026-11-23T02:00:00Z');
    const { setAway } = await import('../src/services/approval/index.js');
    const away = {
      principal: 'ou_jzZhbWang',
      from: new Date('2026-11-22T16:00:00Z'),
      until: new Date('2026-11-27T16:00:00Z'),
    };
    // The deputy is a colleague of the same office (its leader); someone of another office is refused.
    expect(await setAway(bot.runtime.ctx, { ...away, deputy: 'ou_jzCzjSun' })).toMatchObject({ ok: false });
    expect(await setAway(bot.runtime.ctx, { ...away, deputy: 'ou_jzZhbZhao' })).toEqual({ ok: true });
    const number = await declareProject(bot, 'ou_jzEduZhou', 'jinzhai-2022');
    const project = await projectByNumber(bot, number);
    const deputyTask = (await pendingTasks(bot, project.id)).find((t) => t.assignee === 'ou_jzZhbZhao');
    expect(deputyTask?.onBehalfOf).toBe('ou_jzZhbWang');
    expect((await act(bot, deputyTask!, 'approve', '代为同意')).toast?.type).toBe('success');
    const [entry] = await bot.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, project.id), eq(auditLog.action, 'decision:approve')));
    expect(entry).toMatchObject({ actorOpenId: 'ou_jzZhbZhao', onBehalfOf: 'ou_jzZhbWang' });
    // 赵 is the office's leader too: the tests below count what reaches him as a leader only.
    await bot.database.db.delete(delegations).where(eq(delegations.kind, 'away'));
  });

  it('催办 once a working day per step; past the limit, 加急 to the approvers, then the office leader, each once', async () => {
    time.set('2026-11-23T02:00:00Z'); // Monday
    const number = await declareProject(bot, 'ou_jzEduZhou', 'jinzhai-2022');
    const project = await projectByNumber(bot, number);
    const first = await bot.say({ openId: 'ou_jzEduZhou', text: `催办 ${number}` });
    expect(JSON.stringify(first.map((m) => m.content))).toContain('已向');
    const second = await bot.say({ openId: 'ou_jzEduZhou', text: `催办 ${number}` });
    expect(JSON.stringify(second.map((m) => m.content))).not.toContain('已向');
    time.set('2026-11-24T02:00:00Z'); // Tuesday: allowed again
    const third = await bot.say({ openId: 'ou_jzEduZhou', text: `催办 ${number}` });
    expect(JSON.stringify(third.map((m) => m.content))).toContain('已向');

    // 3 working days pass (limit): nothing yet on Thursday; 加急 on the next working day.
    const urgentsBefore = bot.fake.urgents.length;
    time.set('2026-11-26T08:00:00Z');
    await runScheduledWork(bot.runtime.ctx);
    await bot.deliver();
    expect(bot.fake.urgents.length).toBe(urgentsBefore);
    time.set('2026-11-30T02:00:00Z'); // Monday after the weekend
    await runScheduledWork(bot.runtime.ctx);
    await runScheduledWork(bot.runtime.ctx);
    await bot.deliver();
    const buzzed = bot.fake.urgents.slice(urgentsBefore).flatMap((u) => u.user_id_list);
    expect(buzzed).toEqual(expect.arrayContaining(['ou_jzZhbLi', 'ou_jzZhbWang']));
    expect(new Set(buzzed).size).toBe(buzzed.length);
    // A working day later the office's leader is told, once.
    time.set('2026-12-01T02:00:00Z');
    await runScheduledWork(bot.runtime.ctx);
    await runScheduledWork(bot.runtime.ctx);
    await bot.deliver();
    const toLeader = bot.fake.messages.filter(
      (m) => m.receive_id === 'ou_jzZhbZhao' && cardText(m.content as object).includes(number),
    );
    expect(toLeader.length).toBe(1);
    void project;
  });
});

describe('20+ officials tapping one step at the same moment', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ clock: movableClock().clock });
  });
  afterAll(async () => bot.close());

  it(`make exactly one decision (${testDbKind})`, async () => {
    const number = await declareProject(bot, 'ou_jzEduZhou', 'jinzhai-2022');
    const project = await projectByNumber(bot, number);
    const tasks = await pendingTasks(bot, project.id);
    const taps = Array.from({ length: 24 }, (_, i) => tasks[i % tasks.length]!).map((t) => {
      const card = cardOf(bot, t);
      const button = buttonBy(card, (b) => b.value.action === 'approval.decide' && b.value.decision === 'approve');
      return bot.tap({ openId: t.assignee, value: button.value, formValue: formValue(card, { comment: '' }) });
    });
    const answers = await Promise.all(taps);
    expect(answers.filter((a) => a.toast?.type === 'success')).toHaveLength(1);
    const decisions = await bot.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, project.id), eq(auditLog.action, 'decision:approve')));
    expect(decisions).toHaveLength(1);
    const [route] = await bot.database.db.select().from(approvalRoutes).where(eq(approvalRoutes.projectId, project.id));
    expect((route!.state as RouteState).steps[0]!.status).toBe('approved');
    expect(route!.version).toBe(1);
  });
});
