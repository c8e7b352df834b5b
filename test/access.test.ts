/**
 * Who may do what: every card action (the keys of CARD_ACTIONS) and every text command (COMMANDS)
 * walked against every role, through the webhook, each against real objects of a 金寨 project. The
 * table below is written from the product's rules, not read off the code:
 *
 *   - a declaration draft is its owner's alone; a file is filed by whoever sent it;
 *   - only the person an approval step is assigned to acts on it; not the other offices, not an
 *     admin (the server checks the operator's open_id against the step);
 *   - who may see a project: its unit's people, the offices of its region, the admins (进度, 导出);
 *   - the unit (members and leaders) reports progress, marks its deadlines done, asks for an
 *     extension, answers a 整改; only the region's reviewer office (主管部门) grants extensions,
 *     issues and reviews 整改 and confirms rungs;
 *   - 催办 is the applicant unit's; 设置代理 an official's, naming a colleague of the same office;
 *     绑定单位 an admin's or the unit leader's;
 *   - help, answers about the regulations and 👍/👎 are for everyone.
 *
 * Authority as the directory changes (someone removed, a region dropped, a forged 转交, an applicant
 * who also sits in the reviewing office) is walked in test/access-directory.test.ts.
 *
 * "Refused" means: an error (or warning) toast or a refusal in the reply, and no state changed.
 * "Allowed" means: the effect the person asked for happened.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvalRoutes,
  approvalTasks,
  auditLog,
  changeRequests,
  deadlines,
  delegations,
  drafts,
  extensionRequests,
  projectEvents,
  projects,
  rectifications,
  regions,
  units,
} from '../db/schema/index.js';
import type { RoutePlan } from '../src/approval/plan.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { COMMANDS } from '../src/commands.js';
import { HELP_ONLY_ENTRIES } from '../src/services/help.js';
import { declarationForm } from '../src/declaration/index.js';
import { rowsOf } from '../db/client.js';
import { CARD_ACTIONS } from '../src/registry.js';
import { packById } from '../src/rules/packs/index.js';
import { decideTask } from '../src/services/approval/index.js';
import { issueRectificationFromCard } from '../src/services/rectification/issue.js';
import { rectificationReport } from '../src/services/rectification/report.js';
import { buttonBy, cardText, formValue } from './support/card-driver.js';
import { answerCard, submitForm, validAnswer } from './support/declare.js';
import { testDbKind } from './support/db.js';
import type { DeliveredMessage } from './support/fake-lark.js';
import { jinzhaiProjectInReview } from './support/approval.js';
import { startTestBot, TEST_APP, type TapAnswer, type TestBot } from './support/harness.js';
import { messageReceiveEvent, newMessageId } from './support/lark-events.js';
import { approvedProject } from './support/lifecycle.js';

const ROLES = [
  'unit',
  'unitLeader',
  'otherUnit',
  'reviewer',
  'approver',
  'finance',
  'otherRegion',
  'admin',
  'stranger',
] as const;
type Role = (typeof ROLES)[number];

/** The people of docs/org.example.json in each role, for a project of 金寨县's 县教育局 declared by 周. */
const PERSON: Record<Role, string> = {
  unit: 'ou_jzEduZhou', // member of the unit, the declarant and owner of the drafts
  unitLeader: 'ou_jzEduZheng', // leader of the same unit (not the drafts' owner)
  otherUnit: 'ou_jzWjwFeng', // member of 县卫健委, another unit of the region
  reviewer: 'ou_jzZhbLi', // 县智慧办 (reviewer office), assigned the first approval step
  approver: 'ou_jzGovChen', // 县政府
  finance: 'ou_jzCzjSun', // 县财政局
  otherRegion: 'ou_mdDsjLv', // 牡丹区大数据局: a reviewer, of another region
  admin: 'ou_adminZhang',
  stranger: 'ou_nobody000000',
};

const ALL: Role[] = [...ROLES];
const UNIT: Role[] = ['unit', 'unitLeader'];
const IN_A_UNIT: Role[] = ['unit', 'unitLeader', 'otherUnit'];
const MAY_SEE: Role[] = ['unit', 'unitLeader', 'reviewer', 'approver', 'finance', 'admin'];

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
const pack = packById('jinzhai-2022')!;
let seq = 0;
const nextNumber = () => `JZ-2026-${String(900 + ++seq).padStart(4, '0')}`;

let bot: TestBot;
const ctx = () => bot.runtime.ctx;
const db = () => bot.database.db;

// ---------------------------------------------------------------------------------------------
// Fixtures: real objects, made through the services or the webhook

async function approved() {
  return approvedProject(bot, {
    number: nextNumber(),
    regionId: 'jinzhai',
    unitName: '县教育局',
    kind: 'new_build',
    name: '智慧校园平台',
    investmentWan: 150,
    createdBy: PERSON.unit,
    approvedOn: '2026-11-20',
  });
}

/** A project submitted and in review: its route started, the first step's cards delivered. */
async function inReview() {
  return jinzhaiProjectInReview(bot, { number: nextNumber(), createdBy: PERSON.unit, now: NOW });
}

async function pendingTask(projectId: number, assignee: string) {
  const [t] = await db()
    .select()
    .from(approvalTasks)
    .where(
      and(
        eq(approvalTasks.projectId, projectId),
        eq(approvalTasks.assignee, assignee),
        eq(approvalTasks.status, 'pending'),
      ),
    );
  if (!t) throw new Error(`no pending task of ${assignee}`);
  return t;
}

/** Approves step after step until the finance step (财政局 安排资金) is pending; returns its task. */
async function atFinanceStep() {
  const p = await inReview();
  for (let guard = 0; guard < 10; guard++) {
    const [route] = await db().select().from(approvalRoutes).where(eq(approvalRoutes.projectId, p.id));
    const plan = route!.plan as RoutePlan;
    const tasks = await db()
      .select()
      .from(approvalTasks)
      .where(and(eq(approvalTasks.projectId, p.id), eq(approvalTasks.status, 'pending')));
    const finance = tasks.find((t) => plan.steps[t.stepIndex]!.recordsFunding);
    if (finance) return finance;
    const byOffice = new Map(tasks.map((t) => [t.officeId, t]));
    if (byOffice.size === 0) throw new Error('the route ended before a finance step');
    for (const t of byOffice.values()) {
      const r = await decideTask(ctx(), { operator: t.assignee, token: t.token, decision: 'approve', comment: '同意' });
      if (!r.ok) throw new Error(r.message);
    }
  }
  throw new Error('no finance step');
}

/** The unit's draft: `申报` by its owner, the kind chosen; its step card. */
async function draftWithKind() {
  const out = await bot.say({ openId: PERSON.unit, text: '申报' });
  const kindCard = out.find((m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes('declare.kind'))!
    .content as object;
  const kind = buttonBy(kindCard, (b) => b.value.action === 'declare.kind' && b.value.kind === 'new_build');
  const card = answerCard(await bot.tap({ openId: PERSON.unit, value: kind.value }));
  const [draft] = await db()
    .select()
    .from(drafts)
    .where(eq(drafts.id, Number(kind.value.draftId)));
  return { draft: draft!, card, kindValue: kind.value };
}

async function draftWithoutKind() {
  const out = await bot.say({ openId: PERSON.unit, text: '申报' });
  const kindCard = out.find((m) => m.msg_type === 'interactive' && JSON.stringify(m.content).includes('declare.kind'))!
    .content as object;
  return buttonBy(kindCard, (b) => b.value.action === 'declare.kind' && b.value.kind === 'new_build').value;
}

/** A draft filled in to its review card, every precondition material filed: ready to submit. */
async function readyDraft() {
  const { draft, card: first } = await draftWithKind();
  const form = declarationForm(pack, 'new_build');
  let card = first;
  for (const step of form.steps) {
    const typed: Record<string, string> = {};
    for (const f of step.fields) if (!f.readonly && !f.computed) typed[f.id] = validAnswer(f, '150');
    card = answerCard(
      await submitForm(bot, PERSON.unit, card, typed, (v) => v.action === 'declare.step' && v.nav === 'next'),
    );
  }
  for (const m of pack.projectKinds.find((k) => k.id === 'new_build')!.materials.filter((x) => x.precondition)) {
    const file = (
      await bot.sendFile({ openId: PERSON.unit, fileKey: `file_${m.id}_${++seq}`, fileName: `${m.name}.pdf` })
    ).find((x) => x.msg_type === 'interactive')!.content as object;
    const ok = await submitForm(
      bot,
      PERSON.unit,
      file,
      { target: `draft:${draft.id}`, material: m.id },
      (v) => v.action === 'material.assign',
    );
    expect(ok.toast?.type).toBe('success');
  }
  const review = answerCard(
    await bot.tap({ openId: PERSON.unit, value: { action: 'draft.resume', draftId: draft.id } }),
  );
  return { draft, review };
}

/**
 * An open deadline of the project that its unit answers for. The row is written here rather than
 * reached through a lifecycle report: who may act on it depends only on its `responsible`, not on
 * which limit of the pack made it. 金寨's measures allow no extension; the access rule for 申请延期
 * is the same wherever one is allowed, so `extension` gives the row one.
 */
async function unitDeadline(o: { extension?: boolean } = {}) {
  const p = await approved();
  const [row] = await db()
    .insert(deadlines)
    .values({
      projectId: p.id,
      regionId: p.regionId,
      unitId: p.unitId,
      key: `acceptance_filing:${++seq}`,
      limitId: 'acceptance_filing',
      obligation: '验收报告备案',
      type: 'deadline',
      triggerKind: 'event',
      from: '2026-11-20',
      due: '2026-12-18',
      article: 20,
      quote: '',
      responsible: 'unit',
      extensionArticle: o.extension ? 30 : null,
      state: 'open',
      nextReminderOn: '2026-12-09',
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning();
  return { project: p, deadline: row! };
}

async function extensionRequest() {
  const { project, deadline } = await unitDeadline({ extension: true });
  const [req] = await db()
    .insert(extensionRequests)
    .values({
      deadlineId: deadline.id,
      projectId: project.id,
      requestedBy: PERSON.unit,
      requestedUntil: '2027-06-30',
      reason: '设备到货延迟',
      createdAt: NOW,
    })
    .returning();
  return req!;
}

async function issuedRect() {
  const p = await approved();
  const r = await issueRectificationFromCard(ctx(), {
    operator: PERSON.reviewer,
    projectId: p.id,
    form: { problems: '未按期报送进度', deadline_days: '10' },
  });
  expect('issued' in r, JSON.stringify(r)).toBe(true);
  const [row] = await db().select().from(rectifications).where(eq(rectifications.projectId, p.id));
  await bot.deliver();
  return { project: p, rect: row! };
}

async function reportedRect() {
  const f = await issuedRect();
  const r = await rectificationReport(ctx(), {
    operator: PERSON.unit,
    rectificationId: f.rect.id,
    mode: 'submit',
    form: { report_text: '已完成整改，进度已报送。' },
  });
  expect('reported' in r, JSON.stringify(r)).toBe(true);
  await bot.deliver();
  return f;
}

async function proposedRung() {
  const f = await issuedRect();
  const out = await bot.say({ openId: PERSON.reviewer, text: `整改不到位 ${f.project.number} 逾期未提交整改报告` });
  expect(JSON.stringify(out.map((m) => m.content))).toContain('下一级');
  const [row] = await db().select().from(rectifications).where(eq(rectifications.id, f.rect.id));
  expect(row!.proposedRung).not.toBeNull();
  return row!;
}

async function answerToken() {
  await bot.say({ openId: PERSON.unit, text: '金寨县 合同签订后多少个工作日内备案' });
  const [row] = rowsOf(await db().execute(sql`select token from qa_answers order by id desc limit 1`));
  return String(row!.token);
}

// ---------------------------------------------------------------------------------------------
// State, and what a refusal looks like

/** Every row a tap or a command could change (inbound events excepted: every callback is stored). */
async function fingerprint(o: { outbox?: boolean } = {}): Promise<string> {
  const q = async (text: string) => JSON.stringify(rowsOf(await db().execute(sql.raw(text))));
  return [
    await q('select id, status, version, stage from projects order by id'),
    await q('select id, status, owner_open_id, version, step, kind from drafts order by id'),
    await q('select id, status, assignee from approval_tasks order by id'),
    await q('select project_id, version from approval_routes order by project_id'),
    await q('select id, state, extended_to from deadlines order by id'),
    await q('select id, state from extension_requests order by id'),
    await q('select id, state, version, proposed_rung from rectifications order by id'),
    await q('select id, material_id, draft_id, project_id from attachments order by id'),
    await q('select count(*) from audit_log'),
    await q('select count(*) from project_events'),
    await q('select count(*) from change_requests'),
    await q('select count(*) from delegations'),
    await q('select id, chat_id from units order by id'),
    await q('select count(*) from qa_feedback'),
    o.outbox === false ? '' : await q('select count(*) from outbox'),
  ].join('|');
}

const refusedToast = (a: TapAnswer) => a.toast?.type === 'error' || a.toast?.type === 'warning';

const textOf = (messages: DeliveredMessage[]) => messages.map((m) => JSON.stringify(m.content)).join('\n');

const filesTo = (openId: string) =>
  bot.fake.messages.filter((m) => m.receive_id === openId && m.msg_type === 'file').length;

// ---------------------------------------------------------------------------------------------
// The card actions

interface Tap {
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
  /** Did the allowed effect happen (called after the tap)? */
  effect: (answer: TapAnswer, operator: string) => Promise<boolean>;
}

interface ActionCase {
  action: string;
  allowed: Role[];
  /** Roles the rule refuses but the code lets through today: reported, pinned with it.fails until fixed. */
  knownGaps?: Role[];
  /** The effect alone decides (the answer is the same toast whoever taps). */
  byEffect?: boolean;
  make: () => Promise<Tap>;
}

const shows = (a: TapAnswer) => Boolean(a.card) && !refusedToast(a);

const ACTIONS: ActionCase[] = [
  {
    action: 'help.show',
    allowed: ALL,
    make: async () => ({ value: { action: 'help.show' }, effect: async (a) => shows(a) }),
  },
  {
    action: 'declare.start',
    allowed: IN_A_UNIT,
    // A refusal is an error toast plus a private card saying whom to ask (so the outbox grows): whether a draft was made decides.
    byEffect: true,
    make: async () => {
      const before = await db().select({ id: drafts.id, owner: drafts.ownerOpenId }).from(drafts);
      return {
        value: { action: 'declare.start' },
        effect: async (_a, op) =>
          (await db().select().from(drafts).where(eq(drafts.ownerOpenId, op))).length >
          before.filter((d) => d.owner === op).length,
      };
    },
  },
  {
    action: 'declare.kind',
    allowed: ['unit'],
    make: async () => {
      const value = await draftWithoutKind();
      return {
        value,
        effect: async () =>
          (
            await db()
              .select()
              .from(drafts)
              .where(eq(drafts.id, Number(value.draftId)))
          )[0]!.kind === 'new_build',
      };
    },
  },
  {
    action: 'declare.step',
    allowed: ['unit'],
    make: async () => {
      const { draft, card } = await draftWithKind();
      const form = declarationForm(pack, 'new_build');
      const typed: Record<string, string> = {};
      for (const f of form.steps[0]!.fields) if (!f.readonly && !f.computed) typed[f.id] = validAnswer(f, '150');
      const next = buttonBy(card, (b) => b.submitsForm && b.value.action === 'declare.step' && b.value.nav === 'next');
      return {
        value: next.value,
        formValue: formValue(card, typed),
        effect: async () => (await db().select().from(drafts).where(eq(drafts.id, draft.id)))[0]!.step === 1,
      };
    },
  },
  {
    action: 'declare.submit',
    allowed: ['unit'],
    make: async () => {
      const { draft, review } = await readyDraft();
      const submit = buttonBy(review, (b) => b.value.action === 'declare.submit');
      return {
        value: submit.value,
        effect: async () => (await db().select().from(drafts).where(eq(drafts.id, draft.id)))[0]!.status !== 'open',
      };
    },
  },
  {
    action: 'declare.edit',
    allowed: ['unit'],
    make: async () => {
      const { draft } = await draftWithKind();
      return {
        value: { action: 'declare.edit', draftId: draft.id, version: draft.version, step: 0 },
        effect: async (a) => shows(a),
      };
    },
  },
  {
    action: 'declare.save',
    allowed: ['unit'],
    make: async () => {
      const { draft } = await draftWithKind();
      return {
        value: { action: 'declare.save', draftId: draft.id, version: draft.version, step: 0 },
        effect: async (a) => a.toast?.type === 'success',
      };
    },
  },
  {
    action: 'draft.resume',
    allowed: ['unit'],
    make: async () => {
      const { draft } = await draftWithKind();
      return { value: { action: 'draft.resume', draftId: draft.id }, effect: async (a) => shows(a) };
    },
  },
  {
    action: 'draft.delete',
    allowed: ['unit'],
    make: async () => {
      const { draft } = await draftWithKind();
      return {
        value: { action: 'draft.delete', draftId: draft.id },
        effect: async () => (await db().select().from(drafts).where(eq(drafts.id, draft.id)))[0]?.status !== 'open',
      };
    },
  },
  {
    action: 'material.assign',
    allowed: ['unit'],
    make: async () => {
      const { draft } = await draftWithKind();
      const material = pack.projectKinds.find((k) => k.id === 'new_build')!.materials[0]!.id;
      const out = await bot.sendFile({ openId: PERSON.unit, fileKey: `file_acc_${++seq}`, fileName: '依据.pdf' });
      const card = out.find((m) => m.msg_type === 'interactive')!.content as object;
      const button = buttonBy(card, (b) => b.value.action === 'material.assign');
      return {
        value: button.value,
        formValue: formValue(card, { target: `draft:${draft.id}`, material }),
        effect: async () =>
          rowsOf(
            await db().execute(
              sql`select 1 from attachments where draft_id = ${draft.id} and material_id = ${material}`,
            ),
          ).length === 1,
      };
    },
  },
  {
    action: 'project.export',
    allowed: MAY_SEE,
    byEffect: true,
    make: async () => {
      const p = await approved();
      const before = new Map(ROLES.map((r) => [PERSON[r], filesTo(PERSON[r])]));
      return {
        value: { action: 'project.export', number: p.number },
        effect: async (_a, op) => filesTo(op) > before.get(op)!,
      };
    },
  },
  {
    action: 'approval.decide',
    allowed: ['reviewer'],
    make: async () => {
      const p = await inReview();
      const t = await pendingTask(p.id, PERSON.reviewer);
      return {
        value: { action: 'approval.decide', decision: 'approve', task: t.token },
        formValue: { comment: '同意' },
        effect: async () =>
          (await db().select().from(approvalTasks).where(eq(approvalTasks.id, t.id)))[0]!.status === 'done',
      };
    },
  },
  {
    action: 'approval.finance',
    allowed: ['finance'],
    make: async () => {
      const t = await atFinanceStep();
      expect(t.assignee).toBe(PERSON.finance);
      return {
        value: { action: 'approval.finance', task: t.token },
        formValue: { amount_wan: '150', fund_channel: '本级财政预算资金', comment: '' },
        effect: async () =>
          (await db().select().from(approvalTasks).where(eq(approvalTasks.id, t.id)))[0]!.status === 'done',
      };
    },
  },
  {
    action: 'approval.details',
    allowed: ['reviewer'],
    make: async () => {
      const p = await inReview();
      const t = await pendingTask(p.id, PERSON.reviewer);
      return { value: { action: 'approval.details', task: t.token }, effect: async (a) => a.toast?.type === 'info' };
    },
  },
  {
    action: 'approval.delegate',
    allowed: ['reviewer'],
    make: async () => {
      const p = await inReview();
      const t = await pendingTask(p.id, PERSON.reviewer);
      return { value: { action: 'approval.delegate', task: t.token }, effect: async (a) => shows(a) };
    },
  },
  {
    action: 'approval.delegate.confirm',
    allowed: ['reviewer'],
    make: async () => {
      const p = await inReview();
      const t = await pendingTask(p.id, PERSON.reviewer);
      return {
        value: { action: 'approval.delegate.confirm', task: t.token },
        formValue: { delegate_to: 'ou_jzZhbZhao', delegate_note: '请代为审核' },
        effect: async () => (await db().select().from(delegations).where(eq(delegations.projectId, p.id))).length === 1,
      };
    },
  },
  {
    action: 'qa.feedback',
    allowed: ALL,
    make: async () => {
      const token = await answerToken();
      return {
        value: { action: 'qa.feedback', vote: 'down', token },
        effect: async (_a, op) =>
          rowsOf(await db().execute(sql`select 1 from qa_feedback where voter_open_id = ${op}`)).length > 0,
      };
    },
  },
  {
    action: 'qa.region',
    allowed: ALL,
    make: async () => ({
      value: { action: 'qa.region', packId: 'jinzhai-2022', question: '合同签订后多少个工作日内备案' },
      effect: async (a) => shows(a),
    }),
  },
  {
    action: 'qa.project',
    allowed: MAY_SEE,
    make: async () => {
      const p = await approved();
      return {
        value: { action: 'qa.project', number: p.number, question: '我们项目还差什么' },
        effect: async (a) => shows(a) && cardText(a.card!.data as object).includes(p.number),
      };
    },
  },
  {
    action: 'lifecycle.form',
    allowed: UNIT,
    make: async () => {
      const p = await approved();
      return { value: { action: 'lifecycle.form', projectId: p.id }, effect: async (a) => shows(a) };
    },
  },
  {
    action: 'lifecycle.report',
    allowed: UNIT,
    make: async () => {
      const p = await approved();
      return {
        value: { action: 'lifecycle.report', projectId: p.id },
        formValue: { event: 'contract_signed', date: '2026-11-20' },
        effect: async () =>
          (
            await db()
              .select()
              .from(projectEvents)
              .where(and(eq(projectEvents.projectId, p.id), eq(projectEvents.event, 'contract_signed')))
          ).length === 1,
      };
    },
  },
  {
    // The adjustment card's answers (调整内容涉及资金数额, 采购前): only the project's unit adjusts its budget.
    action: 'lifecycle.adjust',
    allowed: UNIT,
    make: async () => {
      const p = await approved();
      return {
        value: {
          action: 'lifecycle.adjust',
          projectId: p.id,
          adjustedYuan: 1_400_000,
          needs: ['procurement'],
          reason: '压缩硬件采购',
        },
        formValue: { procurement: 'before' },
        effect: async () =>
          (await db().select().from(changeRequests).where(eq(changeRequests.projectId, p.id))).length === 1,
      };
    },
  },
  {
    // 查看进度 on the applicant's cards: the progress card goes privately to whoever may see the project.
    action: 'approval.timeline',
    allowed: MAY_SEE,
    make: async () => {
      const p = await inReview();
      return {
        value: { action: 'approval.timeline', project: p.number },
        effect: async (a) => a.toast?.type === 'info',
      };
    },
  },
  {
    // 催办 on the applicant's cards is the applicant unit's, as the 催办 command is.
    action: 'approval.urge',
    allowed: UNIT,
    make: async () => {
      const p = await inReview();
      return {
        value: { action: 'approval.urge', project: p.number },
        effect: async () =>
          (
            await db()
              .select()
              .from(auditLog)
              .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'urge')))
          ).length === 1,
      };
    },
  },
  {
    action: 'deadline.done',
    allowed: UNIT,
    make: async () => {
      const { deadline } = await unitDeadline();
      return {
        value: { action: 'deadline.done', deadlineId: deadline.id },
        effect: async () =>
          (await db().select().from(deadlines).where(eq(deadlines.id, deadline.id)))[0]!.state === 'done',
      };
    },
  },
  {
    action: 'deadline.upload',
    // The responsible unit's, and the reviewer office's (its escalation card carries the same
    // buttons); nobody else learns the project's missing materials.
    allowed: [...UNIT, 'reviewer'],
    make: async () => {
      const { deadline } = await unitDeadline();
      return {
        value: { action: 'deadline.upload', deadlineId: deadline.id },
        effect: async (a) => a.toast?.type === 'info',
      };
    },
  },
  {
    action: 'deadline.extend',
    allowed: UNIT,
    make: async () => {
      const { deadline } = await unitDeadline({ extension: true });
      return {
        value: { action: 'deadline.extend', mode: 'submit', deadlineId: deadline.id },
        formValue: { until: '2027-12-31', reason: '设备到货延迟' },
        effect: async () =>
          (await db().select().from(extensionRequests).where(eq(extensionRequests.deadlineId, deadline.id))).length ===
          1,
      };
    },
  },
  {
    action: 'extension.decide',
    allowed: ['reviewer'],
    make: async () => {
      const req = await extensionRequest();
      return {
        value: { action: 'extension.decide', requestId: req.id, decision: 'grant' },
        effect: async () =>
          (await db().select().from(extensionRequests).where(eq(extensionRequests.id, req.id)))[0]!.state === 'granted',
      };
    },
  },
  {
    action: 'rect.issue',
    allowed: ['reviewer'],
    make: async () => {
      const p = await approved();
      return {
        value: { action: 'rect.issue', projectId: p.id },
        formValue: { problems: '未按期报送进度', deadline_days: '10' },
        effect: async () =>
          (await db().select().from(rectifications).where(eq(rectifications.projectId, p.id))).length === 1,
      };
    },
  },
  {
    action: 'rect.report',
    allowed: UNIT,
    make: async () => {
      const { project, rect } = await issuedRect();
      return {
        value: { action: 'rect.report', mode: 'submit', rectificationId: rect.id, projectId: project.id },
        formValue: { report_text: '已完成整改。' },
        effect: async () =>
          (await db().select().from(rectifications).where(eq(rectifications.id, rect.id)))[0]!.state === 'reported',
      };
    },
  },
  {
    action: 'rect.accept',
    allowed: ['reviewer'],
    make: async () => {
      const { rect } = await reportedRect();
      return {
        value: { action: 'rect.accept', rectificationId: rect.id },
        formValue: { review_reason: '' },
        effect: async () =>
          (await db().select().from(rectifications).where(eq(rectifications.id, rect.id)))[0]!.state === 'accepted',
      };
    },
  },
  {
    action: 'rect.return',
    allowed: ['reviewer'],
    make: async () => {
      const { rect } = await reportedRect();
      return {
        value: { action: 'rect.return', rectificationId: rect.id },
        formValue: { review_reason: '整改材料不完整' },
        effect: async () =>
          (await db().select().from(rectifications).where(eq(rectifications.id, rect.id)))[0]!.state === 'returned',
      };
    },
  },
  {
    action: 'rung.confirm',
    allowed: ['reviewer'],
    make: async () => {
      const row = await proposedRung();
      return {
        value: { action: 'rung.confirm', rectificationId: row.id, rung: row.proposedRung },
        effect: async () =>
          (await db().select().from(rectifications).where(eq(rectifications.id, row.id)))[0]!.proposedRung === null,
      };
    },
  },
  {
    action: 'rung.cancel',
    allowed: ['reviewer'],
    make: async () => {
      const row = await proposedRung();
      return {
        value: { action: 'rung.cancel', rectificationId: row.id, rung: row.proposedRung },
        effect: async () =>
          (await db().select().from(rectifications).where(eq(rectifications.id, row.id)))[0]!.proposedRung === null,
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The commands

interface Say {
  text: string;
  chat?: 'p2p' | 'group';
  mention?: string;
  effect: (reply: DeliveredMessage[], operator: string) => Promise<boolean>;
}

interface CommandCase {
  command: string;
  allowed: Role[];
  make: () => Promise<Say>;
}

const REFUSAL = /没有找到|只有|不在任何|无权|不能|须为/;

const COMMAND_CASES: CommandCase[] = [
  {
    command: '帮助',
    allowed: ALL,
    make: async () => ({ text: '帮助', effect: async (r) => textOf(r).includes('查看我能做什么') }),
  },
  {
    command: '直接提问',
    allowed: MAY_SEE,
    // Everyone gets an answer; only who may see the project gets one about it.
    make: async () => {
      const p = await approved();
      return { text: `${p.number} 还差什么材料`, effect: async (r) => textOf(r).includes(p.name) };
    },
  },
  {
    command: '申报',
    allowed: IN_A_UNIT,
    make: async () => ({
      text: '申报',
      effect: async (r, op) =>
        (await db().select().from(drafts).where(eq(drafts.ownerOpenId, op))).length > 0 &&
        textOf(r).includes('declare.'),
    }),
  },
  {
    command: '我的草稿',
    allowed: ALL,
    // Everyone may list their own drafts; nobody sees another's.
    make: async () => {
      const { draft } = await draftWithKind();
      // The most recently edited draft (the list shows the latest ones).
      await db()
        .update(drafts)
        .set({ updatedAt: new Date(NOW.getTime() + 3_600_000 + seq) })
        .where(eq(drafts.id, draft.id));
      return {
        text: '我的草稿',
        effect: async (r, op) => r.length > 0 && (op === PERSON.unit) === textOf(r).includes(`"draftId":${draft.id}`),
      };
    },
  },
  {
    command: '我的项目',
    allowed: UNIT,
    make: async () => {
      const p = await approved();
      // The newest project of the unit (the list shows the latest 30).
      await db()
        .update(projects)
        .set({ submittedAt: new Date(NOW.getTime() + 3_600_000 + seq) })
        .where(eq(projects.id, p.id));
      return { text: '我的项目', effect: async (r) => textOf(r).includes(escapeMarkdown(p.number)) };
    },
  },
  {
    command: '导出申报表 <项目编号>',
    allowed: MAY_SEE,
    make: async () => {
      const p = await approved();
      const before = new Map(ROLES.map((r) => [PERSON[r], filesTo(PERSON[r])]));
      return {
        text: `导出申报表 ${p.number}`,
        effect: async (_r, op) => {
          await bot.deliver();
          return filesTo(op) > before.get(op)!;
        },
      };
    },
  },
  {
    command: '进度 <项目编号>',
    allowed: MAY_SEE,
    make: async () => {
      const p = await inReview();
      return {
        text: `进度 ${p.number}`,
        effect: async (r) => textOf(r).includes(p.number) && !REFUSAL.test(textOf(r)),
      };
    },
  },
  {
    command: '催办 <项目编号>',
    allowed: UNIT,
    make: async () => {
      const p = await inReview();
      return {
        text: `催办 ${p.number}`,
        effect: async () =>
          (
            await db()
              .select()
              .from(auditLog)
              .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'urge')))
          ).length === 1,
      };
    },
  },
  {
    command: '设置代理 @同事 <开始日期> 至 <结束日期>',
    // The deputy must be a colleague in one of the official's offices: 赵 leads 县智慧办, so only its member may name him.
    allowed: ['reviewer'],
    make: async () => ({
      text: '设置代理 @ou_jzZhbZhao 2026-12-01 至 2026-12-05',
      mention: 'ou_jzZhbZhao',
      effect: async (_r, op) =>
        (
          await db()
            .select()
            .from(delegations)
            .where(and(eq(delegations.principal, op), eq(delegations.kind, 'away')))
        ).length > 0,
    }),
  },
  {
    command: '报告进展 <项目编号>',
    allowed: UNIT,
    make: async () => {
      const p = await approved();
      return { text: `报告进展 ${p.number}`, effect: async (r) => textOf(r).includes('lifecycle.report') };
    },
  },
  {
    command: '调整 <项目编号> <调整后总投资（万元）>',
    allowed: UNIT,
    make: async () => {
      const p = await approved();
      return {
        text: `调整 ${p.number} 160`,
        effect: async () =>
          (await db().select().from(changeRequests).where(eq(changeRequests.projectId, p.id))).length === 1,
      };
    },
  },
  {
    command: '整改不到位 <项目编号> <理由>',
    allowed: ['reviewer'],
    make: async () => {
      const { project, rect } = await issuedRect();
      return {
        text: `整改不到位 ${project.number} 逾期未提交整改报告`,
        effect: async () =>
          (await db().select().from(rectifications).where(eq(rectifications.id, rect.id)))[0]!.state === 'refused',
      };
    },
  },
  {
    command: '整改 <项目编号>',
    allowed: ['reviewer'],
    make: async () => {
      const p = await approved();
      return { text: `整改 ${p.number}`, effect: async (r) => textOf(r).includes('rect.issue') };
    },
  },
  {
    command: '绑定单位 <单位名>',
    allowed: ['unitLeader', 'admin'],
    make: async () => {
      const chat = `oc_bind${++seq}`;
      return {
        text: '绑定单位 县教育局',
        chat: 'group',
        effect: async () => (await db().select().from(units).where(eq(units.chatId, chat))).length === 1,
        chatId: chat,
      } as Say & { chatId: string };
    },
  },
  {
    command: '合同已签订 2026-03-02',
    allowed: UNIT,
    make: async () => {
      const p = await approved();
      return {
        text: `${p.number} 合同已签订 2026-11-20`,
        effect: async () =>
          (
            await db()
              .select()
              .from(projectEvents)
              .where(and(eq(projectEvents.projectId, p.id), eq(projectEvents.event, 'contract_signed')))
          ).length === 1,
      };
    },
  },
];

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  bot = await startTestBot({ clock: () => NOW });
  // The regions are the directory's; the rule for a project comes from its region's pack.
  expect((await db().select().from(regions)).map((r) => r.id)).toContain('jinzhai');
}, 120_000);
afterAll(async () => bot?.close());

describe(`who may tap what: every card action × role (${testDbKind})`, () => {
  it('the table covers every card action', () => {
    expect(ACTIONS.map((a) => a.action).sort()).toEqual(Object.keys(CARD_ACTIONS).sort());
  });

  describe.each(ACTIONS)('$action', (c) => {
    let shared: Promise<Tap> | null = null;
    for (const role of ROLES) {
      const allowed = c.allowed.includes(role);
      const gap = c.knownGaps?.includes(role) ?? false;
      const name = gap
        ? `${role} (${PERSON[role]}) should be refused — KNOWN GAP, answered today (flip to refused when fixed)`
        : `${role} (${PERSON[role]}) is ${allowed ? 'allowed' : 'refused'}`;
      it(name, { timeout: 60_000 }, async () => {
        // Refusals share one fixture (a refusal changes nothing); each allowed tap gets its own.
        const tap = allowed ? await c.make() : await (shared ??= c.make());
        const operator = PERSON[role];
        // What the fixture set going (opinions written after a decision's reply) finishes before the count.
        await bot.runtime.settle();
        await bot.deliver();
        const before = await fingerprint({ outbox: !c.byEffect });
        const answer = await bot.tap({
          openId: operator,
          value: tap.value,
          ...(tap.formValue ? { formValue: tap.formValue } : {}),
        });
        await bot.runtime.settle();
        await bot.deliver();
        const happened = await tap.effect(answer, operator);
        if (gap) {
          // Pinned so that fixing it fails here and the table gets updated: today the answer comes.
          expect(refusedToast(answer)).toBe(false);
          expect(happened).toBe(true);
          return;
        }
        if (allowed) {
          if (!c.byEffect) expect(refusedToast(answer), JSON.stringify(answer.toast)).toBe(false);
          expect(happened, JSON.stringify(answer.toast ?? answer.card)?.slice(0, 300)).toBe(true);
        } else {
          expect(happened).toBe(false);
          if (!c.byEffect) expect(refusedToast(answer), JSON.stringify(answer).slice(0, 300)).toBe(true);
          // Nothing changed (a refused 申报 button tells the person privately who to ask: outbox only).
          expect(await fingerprint({ outbox: !c.byEffect })).toBe(before);
        }
      });
    }
  });
});

describe(`who may say what: every command × role (${testDbKind})`, () => {
  it('the table covers every command (and the help card’s 直接提问)', () => {
    expect(COMMAND_CASES.map((c) => c.command).sort()).toEqual(
      [...COMMANDS, ...HELP_ONLY_ENTRIES].map((c) => c.command).sort(),
    );
  });

  describe.each(COMMAND_CASES)('$command', (c) => {
    let shared: Promise<Say> | null = null;
    for (const role of ROLES) {
      const allowed = c.allowed.includes(role);
      it(`${role} (${PERSON[role]}) is ${allowed ? 'allowed' : 'refused'}`, { timeout: 60_000 }, async () => {
        const s = allowed ? await c.make() : await (shared ??= c.make());
        const operator = PERSON[role];
        const before = await fingerprint({ outbox: false });
        let reply: DeliveredMessage[];
        if (s.chat === 'group' || s.mention) {
          const chatId = (s as Say & { chatId?: string }).chatId ?? `oc_p2p${operator.slice(3)}`;
          const messageId = newMessageId();
          bot.fake.addUserMessage(messageId, chatId);
          const from = bot.fake.messages.length;
          const res = await bot.post(
            messageReceiveEvent({
              token: TEST_APP.verificationToken,
              appId: TEST_APP.appId,
              openId: operator,
              chatId,
              chatType: s.chat === 'group' ? 'group' : 'p2p',
              messageId,
              text: s.text,
              mentionBot: s.chat === 'group',
              people: s.mention ? [{ openId: s.mention, name: '同事' }] : undefined,
            }),
          );
          expect(res.status).toBe(200);
          await bot.deliver();
          reply = bot.fake.messages.slice(from);
        } else {
          reply = await bot.say({ openId: operator, text: s.text });
        }
        expect(reply.length, 'every message gets an answer').toBeGreaterThan(0);
        const happened = await s.effect(reply, operator);
        if (allowed) expect(happened, textOf(reply).slice(0, 400)).toBe(true);
        else {
          expect(happened, textOf(reply).slice(0, 400)).toBe(false);
          // A refused command changes nothing but the answer it gets (and the 申报 of someone in no unit: no draft).
          if (c.command !== '申报') expect(await fingerprint({ outbox: false })).toBe(before);
        }
      });
    }
  });
});
