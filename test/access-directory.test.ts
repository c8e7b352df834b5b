/**
 * Who may act on an approval as the directory changes, through the webhook and the fake Lark
 * (the companion of test/access.test.ts, which walks every action against a fixed directory):
 *
 *   - an official removed from ORG_CONFIG, or moved to another office, who still has an approval
 *     card is refused at 同意, 转交 and as a deputy; the tasks he held go to the office's remaining
 *     members and leaders;
 *   - a directory re-imported without a whole region takes that region's people's rights away;
 *   - 转交 goes only to a colleague of the same office: never to the applicant, nor to another office;
 *   - someone in both the declaring unit and the reviewing office decides nothing of the unit's
 *     projects, neither himself nor as a deputy.
 */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approvalRoutes, approvalTasks, delegations } from '../db/schema/index.js';
import { hasAccess, viewerOf } from '../src/console/scope.js';
import { parseOrgDirectory, type OrgDirectory } from '../src/org/directory.js';
import { importDirectory, lookupPerson } from '../src/org/store.js';
import { packById } from '../src/rules/packs/index.js';
import { runScheduledWork } from '../src/scheduler.js';
import { testDbKind } from './support/db.js';
import { jinzhaiProjectInReview } from './support/approval.js';
import { EXAMPLE_ORG, startTestBot, type TapAnswer, type TestBot } from './support/harness.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const _pack = packById('jinzhai-2022')!;
const APPLICANT = 'ou_jzEduZhou'; // 县教育局, declares the projects
const LI = 'ou_jzZhbLi'; // 县智慧办 member
const WANG = 'ou_jzZhbWang'; // 县智慧办 member
const ZHAO = 'ou_jzZhbZhao'; // 县智慧办 leader
const SUN = 'ou_jzCzjSun'; // 县财政局

let bot: TestBot;
let seq = 0;
const db = () => bot.database.db;

beforeAll(async () => {
  bot = await startTestBot({ clock: () => NOW });
}, 120_000);
afterAll(async () => bot?.close());
afterEach(async () =>
  importDirectory(
    db(),
    orgWith(() => {}),
  ),
);

/** docs/org.example.json with a change applied, parsed as ORG_CONFIG would be. */
function orgWith(change: (org: OrgDirectory) => void): OrgDirectory {
  const org = JSON.parse(EXAMPLE_ORG) as OrgDirectory;
  change(org);
  return parseOrgDirectory(JSON.stringify(org), 'org.json', [
    'jinzhai-2022',
    'mudan-2023',
    'huaian-draft',
    'gaoping-2020',
  ]);
}
const office = (org: OrgDirectory, name: string) =>
  org.regions.find((r) => r.id === 'jinzhai')!.offices.find((o) => o.name === name)!;

async function inReview() {
  return jinzhaiProjectInReview(bot, {
    number: `JZ-2026-${String(700 + ++seq).padStart(4, '0')}`,
    createdBy: APPLICANT,
    now: NOW,
  });
}

const tasksOf = (projectId: number) => db().select().from(approvalTasks).where(eq(approvalTasks.projectId, projectId));
async function taskOf(projectId: number, assignee: string) {
  const t = (await tasksOf(projectId)).find((x) => x.assignee === assignee && x.status === 'pending');
  if (!t) throw new Error(`no pending task of ${assignee}`);
  return t;
}
const routeVersion = async (projectId: number) =>
  (await db().select().from(approvalRoutes).where(eq(approvalRoutes.projectId, projectId)))[0]!.version;
const approve = (openId: string, task: string) =>
  bot.tap({ openId, value: { action: 'approval.decide', decision: 'approve', task }, formValue: { comment: '同意' } });
const transfer = (openId: string, task: string, to: string) =>
  bot.tap({
    openId,
    value: { action: 'approval.delegate.confirm', task },
    formValue: { delegate_to: to, delegate_note: '请办理' },
  });
const refused = (a: TapAnswer) => a.toast?.type === 'error';

describe(`authority from the directory as it is now (${testDbKind})`, () => {
  it('an official removed from ORG_CONFIG who still has his card taps 同意: refused; his task goes to the remaining members and the leader', async () => {
    const p = await inReview();
    const held = await taskOf(p.id, LI);
    await importDirectory(
      db(),
      orgWith((org) => (office(org, '县智慧办').members = [WANG])),
    );
    const answer = await approve(LI, held.token);
    expect(refused(answer), JSON.stringify(answer)).toBe(true);
    expect(answer.toast?.content).toContain('县智慧办');
    expect(await routeVersion(p.id)).toBe(0);
    expect(refused(await transfer(LI, held.token, WANG))).toBe(true);
    expect(await db().select().from(delegations).where(eq(delegations.projectId, p.id))).toEqual([]);

    const before = bot.fake.messages.length;
    const { reassigned } = await runScheduledWork(bot.runtime.ctx);
    expect(reassigned).toBe(1);
    await bot.deliver();
    expect((await tasksOf(p.id)).find((t) => t.id === held.id)!.status).toBe('closed');
    expect(bot.fake.patches.some((x) => JSON.stringify(x.content).includes('不在该审批部门'))).toBe(true);
    // 王 had his card already; 赵 (the leader) gets one now, and may act on it.
    const zhao = await taskOf(p.id, ZHAO);
    expect(bot.fake.messages.slice(before).some((m) => m.receive_id === ZHAO && m.msg_type === 'interactive')).toBe(
      true,
    );
    expect(refused(await approve(ZHAO, zhao.token))).toBe(false);
    expect(await routeVersion(p.id)).toBe(1);
    // A second sweep has nothing left to hand on.
    expect((await runScheduledWork(bot.runtime.ctx)).reassigned).toBe(0);
  });

  it('an official moved to another office keeps no right in the old one', async () => {
    const p = await inReview();
    const held = await taskOf(p.id, LI);
    await importDirectory(
      db(),
      orgWith((org) => {
        office(org, '县智慧办').members = [WANG];
        office(org, '县财政局').members.push(LI);
      }),
    );
    expect(refused(await approve(LI, held.token))).toBe(true);
    expect(await routeVersion(p.id)).toBe(0);
  });

  it('a directory re-imported without a whole region takes away its people’s memberships, taps and console access', async () => {
    const p = await inReview();
    const held = await taskOf(p.id, LI);
    expect((await lookupPerson(db(), LI)).offices).toHaveLength(1);
    await importDirectory(
      db(),
      orgWith((org) => (org.regions = org.regions.filter((r) => r.id !== 'jinzhai'))),
    );
    expect((await lookupPerson(db(), LI)).offices).toEqual([]);
    expect((await lookupPerson(db(), APPLICANT)).units).toEqual([]);
    // The console signs people in by the same memberships: no page for either any more.
    expect(hasAccess(viewerOf(await lookupPerson(db(), LI), '李'))).toBe(false);
    expect(hasAccess(viewerOf(await lookupPerson(db(), APPLICANT), '周'))).toBe(false);
    expect(refused(await approve(LI, held.token))).toBe(true);
    expect(await routeVersion(p.id)).toBe(0);
    // Another region is untouched.
    expect((await lookupPerson(db(), 'ou_mdDsjLv')).offices).toHaveLength(1);
  });

  it('转交 to the applicant (an ou_ id the card never offered) is refused; the applicant cannot approve his own project', async () => {
    const p = await inReview();
    const held = await taskOf(p.id, LI);
    const forged = await transfer(LI, held.token, APPLICANT);
    expect(refused(forged), JSON.stringify(forged)).toBe(true);
    expect(refused(await transfer(LI, held.token, SUN))).toBe(true);
    expect(refused(await transfer(LI, held.token, 'ou_nobody000000'))).toBe(true);
    expect(await db().select().from(delegations).where(eq(delegations.projectId, p.id))).toEqual([]);
    expect(refused(await approve(APPLICANT, held.token))).toBe(true);
    expect(await routeVersion(p.id)).toBe(0);
    // A colleague of the same office is fine.
    expect(refused(await transfer(LI, held.token, ZHAO))).toBe(false);
  });

  it('someone in both the declaring unit and the reviewing office gets no card, cannot decide, and cannot be the deputy for it', async () => {
    await importDirectory(
      db(),
      orgWith((org) => office(org, '县智慧办').members.push(APPLICANT)),
    );
    const p = await inReview();
    expect((await tasksOf(p.id)).map((t) => t.assignee)).not.toContain(APPLICANT);
    const held = await taskOf(p.id, LI);
    expect(refused(await approve(APPLICANT, held.token))).toBe(true);
    expect(refused(await transfer(LI, held.token, APPLICANT))).toBe(true);
    // 李 had named him his deputy: it gives him nothing on what his unit declared.
    await db()
      .insert(delegations)
      .values({
        kind: 'away',
        principal: LI,
        deputy: APPLICANT,
        from: new Date('2026-11-22T00:00:00Z'),
        until: new Date('2026-12-01T00:00:00Z'),
        createdAt: NOW,
      });
    expect((await tasksOf(p.id)).filter((t) => t.assignee === APPLICANT)).toEqual([]);
    expect(refused(await approve(APPLICANT, held.token))).toBe(true);
    expect(await routeVersion(p.id)).toBe(0);
  });
});
