import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, deadlines, projects, rectifications } from '../db/schema/index.js';
import type { Rectification } from '../src/lifecycle/rectification.js';
import { runScheduledWork } from '../src/scheduler.js';
import { validateCardV2 } from './support/card-schema.js';
import { buttonBy, cardText, formValue } from './support/card-driver.js';
import type { DeliveredMessage } from './support/fake-lark.js';
import { startTestBot, type TestBot } from './support/harness.js';
import { approvedProject, mutableClock, shanghai } from './support/lifecycle.js';

// 金寨县 第二十条: 限期整改 → 暂缓安排投资计划 → 暂停项目建设 → 终止项目. A notice with a 5 working
// day deadline goes unanswered, climbs two rungs (each proposed, then confirmed by the reviewer),
// the unit reports, the reviewer sends it back once, then accepts it.

const REVIEWER = 'ou_jzZhbLi';
const OTHER_REVIEWER = 'ou_jzZhbWang';
const UNIT = 'ou_jzEduZhou';
const time = mutableClock(shanghai('2026-03-02'));
let bot: TestBot;
let project: typeof projects.$inferSelect;

beforeAll(async () => {
  bot = await startTestBot({ clock: time.clock });
  project = await approvedProject(bot, {
    number: 'JZ-2026-0801',
    regionId: 'jinzhai',
    unitName: '县教育局',
    kind: 'new_build',
    name: '智慧校园',
    investmentWan: 150,
    createdBy: UNIT,
    approvedOn: '2026-03-02',
  });
});
afterAll(async () => bot.close());

const cardOf = (m: DeliveredMessage) => m.content as object;
const titleOf = (m: DeliveredMessage) =>
  (m.content as { header?: { title?: { content?: string } } }).header?.title?.content ?? '';
const to = (messages: DeliveredMessage[], who: string) =>
  messages.filter((m) => m.receive_id === who || m.chat_id === who);

async function run(date: string, at = '09:30') {
  time.set(date, at);
  const before = bot.fake.messages.length;
  await runScheduledWork(bot.runtime.ctx);
  await bot.deliver();
  return bot.fake.messages.slice(before);
}

async function rect() {
  const [row] = await bot.database.db.select().from(rectifications).where(eq(rectifications.projectId, project.id));
  return { row: row!, data: row!.data as Rectification };
}

let notice: object;

describe('整改 from notice to acceptance, escalating twice', () => {
  it('only a reviewer of the region gets the form', async () => {
    time.set('2026-03-09');
    const refused = await bot.say({ openId: UNIT, text: '整改 JZ-2026-0801' });
    expect(JSON.stringify(refused[0]!.content)).toContain('没有找到你可以下达整改通知的项目');
    const other = await bot.say({ openId: 'ou_mdDsjLv', text: '整改 JZ-2026-0801' });
    expect(JSON.stringify(other[0]!.content)).toContain('没有找到');
  });

  it('the reviewer issues it: problems, a failed check, 5 working days → Mon 03-16; the unit’s people and group get it', async () => {
    time.set('2026-03-09');
    const [formMsg] = await bot.say({ openId: REVIEWER, text: '整改 JZ-2026-0801' });
    const form = cardOf(formMsg!);
    expect(validateCardV2(form)).toEqual([]);
    const submit = buttonBy(form, (b) => b.submitsForm);
    const empty = await bot.tap({
      openId: REVIEWER,
      value: submit.value,
      formValue: formValue(form, { deadline_days: '5' }),
    });
    expect(cardText(empty.card!.data)).toContain('请写明需要整改的问题');
    expect(
      (
        await bot.tap({
          openId: UNIT,
          value: submit.value,
          formValue: formValue(form, { problems: 'x', deadline_days: '5' }),
        })
      ).toast?.type,
    ).toBe('error');

    const before = bot.fake.messages.length;
    const issued = await bot.tap({
      openId: REVIEWER,
      value: submit.value,
      formValue: formValue(form, {
        problems: '未按批复的建设内容实施\n初验问题未整改',
        failed_checks: ['no_duplicate_network'],
        deadline_days: '5',
      }),
    });
    expect(issued.toast?.type).toBe('success');
    const out = bot.fake.messages.slice(before);
    expect(out.map((m) => m.receive_id).sort()).toEqual([
      'oc_jzEduGroup',
      'ou_jzEduWu',
      'ou_jzEduZheng',
      'ou_jzEduZhou',
    ]);
    notice = cardOf(to(out, UNIT)[0]!);
    expect(validateCardV2(notice)).toEqual([]);
    const text = cardText(notice);
    expect(text).toContain('整改通知（县智慧办）');
    expect(text).toContain('2026年3月16日'); // 03-10 (1) … 03-13 (4), Mon 03-16 (5)
    expect(text).toContain('未按批复的建设内容实施');
    expect(text).toContain('原则上不再重复建设应用类数据中心和专网');
    expect(text).toContain('第二十条');
    expect(text).toContain('第十四条');
    const { row } = await rect();
    expect(row).toMatchObject({ state: 'issued', deadline: '2026-03-16', rung: 1, issuedBy: REVIEWER });
  });

  it('not yet overdue on the deadline day: nothing is proposed', async () => {
    const out = await run('2026-03-16');
    expect(out.filter((m) => titleOf(m).startsWith('建议处理'))).toEqual([]);
  });

  it('overdue on 03-17: the next rung (暂缓安排投资计划) is proposed to the reviewers, once', async () => {
    const out = await run('2026-03-17');
    const proposals = out.filter((m) => titleOf(m).startsWith('建议处理'));
    expect(proposals.map((m) => m.receive_id).sort()).toEqual([REVIEWER, OTHER_REVIEWER]);
    expect(titleOf(proposals[0]!)).toBe('建议处理：暂缓安排投资计划');
    expect(cardText(cardOf(proposals[0]!))).toContain('第二十条');
    expect((await run('2026-03-17', '11:00')).filter((m) => titleOf(m).startsWith('建议处理'))).toEqual([]);

    // the unit cannot confirm; the reviewer confirms; the other reviewer's copy is then stale
    const confirm = buttonBy(cardOf(to(proposals, REVIEWER)[0]!), (b) => b.text === '确认');
    expect((await bot.tap({ openId: UNIT, value: confirm.value })).toast?.type).toBe('error');
    const before = bot.fake.messages.length;
    const done = await bot.tap({ openId: REVIEWER, value: confirm.value });
    expect(done.toast?.content).toBe('已执行：暂缓安排投资计划');
    const told = bot.fake.messages.slice(before);
    expect(told.map((m) => m.receive_id).sort()).toEqual([
      'oc_jzEduGroup',
      'ou_jzEduWu',
      'ou_jzEduZheng',
      'ou_jzEduZhou',
    ]);
    const t = cardText(cardOf(told[0]!));
    expect(t).toContain('**处理措施**：暂缓安排投资计划');
    expect(t).toContain('第二十条');
    expect(t).toContain('相关部门可对其暂缓安排投资计划');
    const stale = await bot.tap({
      openId: OTHER_REVIEWER,
      value: buttonBy(cardOf(to(proposals, OTHER_REVIEWER)[0]!), (b) => b.text === '确认').value,
    });
    expect(stale.toast?.content).toContain('已处理');
    expect((await rect()).row).toMatchObject({ rung: 2, state: 'issued', proposedRung: null });
  });

  it('one rung a day: nothing more on 03-17; on 03-18 暂停项目建设 is proposed and confirmed — the project is suspended', async () => {
    expect((await run('2026-03-17', '15:00')).filter((m) => titleOf(m).startsWith('建议处理'))).toEqual([]);
    const out = await run('2026-03-18');
    const proposal = to(out, REVIEWER).find((m) => titleOf(m).startsWith('建议处理'))!;
    expect(titleOf(proposal)).toBe('建议处理：暂停项目建设');
    await bot.tap({ openId: REVIEWER, value: buttonBy(cardOf(proposal), (b) => b.text === '确认').value });
    const [p] = await bot.database.db.select().from(projects).where(eq(projects.id, project.id));
    expect(p!.status).toBe('suspended');
    // while suspended, progress cannot be reported (第二十条) and reminders wait
    time.set('2026-03-18', '10:30');
    const refused = await bot.say({ openId: UNIT, text: '合同已签订 2026-03-18' });
    const text = cardText(cardOf(refused[0]!));
    expect(text).toContain('项目已被“暂停项目建设”');
    expect(text).toContain('第二十条');
    const open = await bot.database.db.select().from(deadlines).where(eq(deadlines.projectId, project.id));
    expect(open.every((d) => d.nextReminderOn === null)).toBe(true);
  });

  it('the unit reports (text and a file sent through the usual path); the reviewer sends it back with a reason', async () => {
    time.set('2026-03-18', '14:00');
    expect(
      (await bot.tap({ openId: 'ou_mdScjGao', value: buttonBy(notice, (b) => b.text === '提交整改报告').value })).toast
        ?.type,
    ).toBe('error');
    await bot.sendFile({ openId: UNIT, fileKey: 'file_v2_rect001', fileName: '整改情况说明.pdf' });
    const opened = await bot.tap({ openId: UNIT, value: buttonBy(notice, (b) => b.text === '提交整改报告').value });
    const form = opened.card!.data;
    expect(validateCardV2(form)).toEqual([]);
    expect(cardText(form)).toContain('整改情况说明.pdf');
    // 上传材料 shows the form again and says how to send files; nothing is reported yet
    const upload = await bot.tap({ openId: UNIT, value: buttonBy(form, (b) => b.text === '上传材料').value });
    expect(upload.toast).toEqual({
      type: 'info',
      content: '请把整改材料以文件发给我（可多份），再回到本卡片提交整改报告。',
    });
    expect(cardText(upload.card!.data)).toContain('整改情况说明.pdf');
    expect((await rect()).row.state).toBe('issued');
    const before = bot.fake.messages.length;
    const sent = await bot.tap({
      openId: UNIT,
      value: buttonBy(form, (b) => b.submitsForm).value,
      formValue: formValue(form, { report_text: '已按批复调整建设内容，取消自建专网。' }),
    });
    expect(sent.toast?.type).toBe('success');
    const review = to(bot.fake.messages.slice(before), REVIEWER).find((m) => titleOf(m) === '整改报告审核')!;
    expect(cardText(cardOf(review))).toContain('已按批复调整建设内容');
    expect(cardText(cardOf(review))).toContain('整改情况说明.pdf');
    expect(cardText(cardOf(review))).toContain('逾期提交');

    // the reviewer returns it: a new deadline of 5 working days from today (03-25), the unit hears why
    const ret = buttonBy(cardOf(review), (b) => b.text === '退回');
    expect(
      (await bot.tap({ openId: UNIT, value: ret.value, formValue: formValue(cardOf(review), { review_reason: 'x' }) }))
        .toast?.type,
    ).toBe('error');
    const b2 = bot.fake.messages.length;
    const returned = await bot.tap({
      openId: REVIEWER,
      value: ret.value,
      formValue: formValue(cardOf(review), { review_reason: '缺少专网拆除的证明材料' }),
    });
    expect(returned.toast?.content).toBe('已退回重新整改。');
    const back = to(bot.fake.messages.slice(b2), UNIT)
      .map((m) => cardText(cardOf(m)))
      .join('\n');
    expect(back).toContain('缺少专网拆除的证明材料');
    expect((await rect()).row).toMatchObject({ state: 'returned', deadline: '2026-03-25' });
    notice = cardOf(to(bot.fake.messages.slice(b2), UNIT).find((m) => titleOf(m).startsWith('整改通知'))!);
  });

  it('the second report is accepted: the unit is told, the suspension is lifted, nothing more is proposed', async () => {
    time.set('2026-03-20', '10:00');
    const opened = await bot.tap({ openId: UNIT, value: buttonBy(notice, (b) => b.text === '提交整改报告').value });
    const form = opened.card!.data;
    expect(cardText(form)).toContain('缺少专网拆除的证明材料');
    expect(cardText(form)).not.toContain('整改情况说明.pdf'); // used by the first report
    const before = bot.fake.messages.length;
    await bot.tap({
      openId: UNIT,
      value: buttonBy(form, (b) => b.submitsForm).value,
      formValue: formValue(form, { report_text: '专网已拆除，附拆除验收单。' }),
    });
    const review = to(bot.fake.messages.slice(before), REVIEWER).find((m) => titleOf(m) === '整改报告审核')!;
    expect(cardText(cardOf(review))).not.toContain('逾期提交');
    const b2 = bot.fake.messages.length;
    const accepted = await bot.tap({
      openId: REVIEWER,
      value: buttonBy(cardOf(review), (b) => b.text === '通过').value,
      formValue: formValue(cardOf(review), {}),
    });
    expect(accepted.toast?.content).toBe('整改已通过。');
    expect(to(bot.fake.messages.slice(b2), 'oc_jzEduGroup').map((m) => titleOf(m))).toEqual(['整改已通过']);
    const [p] = await bot.database.db.select().from(projects).where(eq(projects.id, project.id));
    expect(p!.status).toBe('approved');
    const { row, data } = await rect();
    expect(row).toMatchObject({ state: 'accepted', rung: 3 });
    expect(data.history.map((s) => s.action)).toEqual([
      'issue',
      'rung',
      'rung',
      'report',
      'return',
      'report',
      'accept',
    ]);
    expect((await run('2026-03-30')).filter((m) => titleOf(m).startsWith('建议处理'))).toEqual([]);
    const actions = (await bot.database.db.select().from(auditLog).where(eq(auditLog.projectId, project.id))).map(
      (a) => a.action,
    );
    expect(actions).toEqual([
      'rectification.issued',
      'rectification.rung_applied',
      'rectification.rung_applied',
      'rectification.reported',
      'rectification.returned',
      'rectification.reported',
      'rectification.accepted',
    ]);
  });

  it('整改不到位 <编号> <理由> marks a new notice refused and proposes the next rung at once', async () => {
    time.set('2026-03-30', '10:00');
    const [formMsg] = await bot.say({ openId: REVIEWER, text: '整改 JZ-2026-0801' });
    const form = cardOf(formMsg!);
    await bot.tap({
      openId: REVIEWER,
      value: buttonBy(form, (b) => b.submitsForm).value,
      formValue: formValue(form, { problems: '未按期报送季度进度', deadline_date: '2026-04-10 +0800' }),
    });
    const before = bot.fake.messages.length;
    const out = await bot.say({ openId: REVIEWER, text: '整改不到位 JZ-2026-0801 拒不整改' });
    expect(JSON.stringify(out.find((m) => m.msg_type === 'text')!.content)).toContain('暂缓安排投资计划');
    const proposal = to(bot.fake.messages.slice(before), REVIEWER).find(
      (m) => titleOf(m) === '建议处理：暂缓安排投资计划',
    )!;
    // 取消 drops the proposal: the card says what was not done
    const cancelled = await bot.tap({
      openId: REVIEWER,
      value: buttonBy(cardOf(proposal), (b) => b.text === '取消').value,
    });
    expect(cancelled.toast).toEqual({ type: 'info', content: '已取消。' });
    expect(cardText(cancelled.card!.data)).toContain('未执行处理措施（第2级）');
  });

  it('every card is valid Card JSON 2.0', () => {
    const bad = bot.fake.messages
      .filter((m) => m.msg_type === 'interactive')
      .map((m) => validateCardV2(m.content))
      .filter((e) => e.length > 0);
    expect(bad).toEqual([]);
  });
});
