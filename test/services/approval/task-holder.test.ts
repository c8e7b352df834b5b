/**
 * The approval service's answers to the card actions whose handlers only parse and answer: it finds
 * the task (or the project) itself and checks who asks, and returns a domain result, not a toast.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalTasks, type projects } from '../../../db/schema/index.js';
import { packById } from '../../../src/rules/packs/index.js';
import { sendProgress, sendTaskDetails, transferChoices, urgeProject } from '../../../src/services/approval/index.js';
import { testDbKind } from '../../support/db.js';
import { jinzhaiProjectInReview } from '../../support/approval.js';
import { startTestBot, type TestBot } from '../../support/harness.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const _pack = packById('jinzhai-2022')!;
const APPLICANT = 'ou_jzEduZhou'; // 县教育局, declares the project
const LI = 'ou_jzZhbLi'; // 县智慧办 member
const WANG = 'ou_jzZhbWang'; // 县智慧办 member
const ZHAO = 'ou_jzZhbZhao'; // 县智慧办 leader
const STRANGER = 'ou_nobody000000';

let bot: TestBot;
let project: typeof projects.$inferSelect;
let liToken: string;
const ctx = () => bot.runtime.ctx;
const db = () => bot.database.db;
const sentTo = (openId: string) => bot.fake.messages.filter((m) => m.receive_id === openId).length;

beforeAll(async () => {
  bot = await startTestBot({ clock: () => NOW });
  project = await jinzhaiProjectInReview(bot, { number: 'JZ-2026-0801', createdBy: APPLICANT, now: NOW });
  const tasks = await db().select().from(approvalTasks).where(eq(approvalTasks.projectId, project.id));
  liToken = tasks.find((t) => t.assignee === LI)!.token;
}, 120_000);
afterAll(async () => bot?.close());

describe(`the approval service finds the task and checks who asks (${testDbKind})`, () => {
  it('转交 choices: the office’s members of today but the holder, only for the holder of a pending task', async () => {
    expect(await transferChoices(ctx(), { operator: LI, token: liToken })).toEqual({ ok: true, colleagues: [WANG] });
    expect(await transferChoices(ctx(), { operator: ZHAO, token: liToken })).toEqual({ ok: false });
    expect(await transferChoices(ctx(), { operator: LI, token: 'no-such-token' })).toEqual({ ok: false });
  });

  it('查看详情 sends the timeline to the task’s holder only', async () => {
    const before = sentTo(LI);
    expect(await sendTaskDetails(ctx(), { operator: WANG, token: liToken })).toBe(false);
    expect(await sendTaskDetails(ctx(), { operator: LI, token: liToken })).toBe(true);
    await bot.deliver();
    expect(sentTo(LI)).toBe(before + 1);
  });

  it('查看进度 only for who may see the project', async () => {
    expect(await sendProgress(ctx(), { viewer: STRANGER, number: project.number })).toBe(false);
    expect(await sendProgress(ctx(), { viewer: APPLICANT, number: 'JZ-2026-9999' })).toBe(false);
    expect(await sendProgress(ctx(), { viewer: APPLICANT, number: project.number })).toBe(true);
  });

  it('催办: not visible, not the declaring unit, urged, then not again the same working day', async () => {
    expect(await urgeProject(ctx(), { operator: STRANGER, number: project.number })).toEqual({ kind: 'not_visible' });
    expect(await urgeProject(ctx(), { operator: LI, number: project.number })).toMatchObject({ kind: 'not_applicant' });
    const urged = await urgeProject(ctx(), { operator: APPLICANT, number: project.number });
    expect(urged).toEqual({ kind: 'urged', message: '已向县智慧办催办。' });
    expect(await urgeProject(ctx(), { operator: APPLICANT, number: project.number })).toMatchObject({
      kind: 'not_now',
    });
  });
});
