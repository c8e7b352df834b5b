import { and, desc, eq, inArray } from 'drizzle-orm';
import { attachments, projects, qaAnswers, qaFeedback, units } from '../../db/schema/index.js';
import { answerCard, regionChoiceCard } from '../../cards/answer.js';
import { answerQuestion, phraseWithLlm, type Answer, type ProjectSnapshot } from '../answer/index.js';
import { todayInShanghai } from '../calendar.js';
import { toast, type CardActionResponse, type IncomingText } from '../lark/messages.js';
import type { AppContext } from '../context.js';
import { lookupPerson, type Person } from '../org/store.js';
import { packById } from '../rules/packs/index.js';
import { replyCard, replyPrivately } from './reply.js';

type Project = typeof projects.$inferSelect;

/**
 * Where the lifecycle feature plugs in what it knows of a project (events, stage, deadlines,
 * rectifications). Without it a snapshot has what approval knows.
 */
export type SnapshotEnricher = (ctx: AppContext, project: Project, snapshot: ProjectSnapshot) => Promise<ProjectSnapshot>;
let enrich: SnapshotEnricher | null = null;
export function enrichProjectSnapshots(fn: SnapshotEnricher): void {
  enrich = fn;
}

const PROJECT_NUMBER = /\b([A-Z]{2}-\d{4}-\d{4})\b/i;
const ABOUT_OWN_PROJECT = /(我的项目|我们的项目|本项目|我单位的项目|我们单位的项目|这个项目)/;

/** The project a question is about: a number it names, or "我们的项目" → the unit's latest. */
async function projectOfQuestion(ctx: AppContext, person: Person, question: string): Promise<Project | null> {
  const unitIds = person.units.map((u) => u.unitId);
  const number = PROJECT_NUMBER.exec(question)?.[1]?.toUpperCase();
  if (number) {
    const [p] = await ctx.db.select().from(projects).where(eq(projects.number, number));
    if (p && (person.isAdmin || unitIds.includes(p.unitId) || person.offices.some((o) => o.regionId === p.regionId))) return p;
    return null;
  }
  if (!ABOUT_OWN_PROJECT.test(question) || unitIds.length === 0) return null;
  const [latest] = await ctx.db.select().from(projects).where(inArray(projects.unitId, unitIds)).orderBy(desc(projects.submittedAt)).limit(1);
  return latest ?? null;
}

export async function projectSnapshot(ctx: AppContext, p: Project): Promise<ProjectSnapshot> {
  const files = await ctx.db.select({ materialId: attachments.materialId }).from(attachments).where(eq(attachments.projectId, p.id));
  const events: Record<string, string> = { declared: todayInShanghai(p.submittedAt) };
  if (p.approvedAt) events.approved = todayInShanghai(p.approvedAt);
  const base: ProjectSnapshot = {
    number: p.number,
    name: p.name,
    packId: p.policy,
    kind: p.kind,
    stage: p.stage,
    events,
    attachedMaterialIds: files.map((f) => f.materialId).filter((m): m is string => Boolean(m)),
    facts: p.facts,
    openDeadlines: [],
    rectifications: [],
  };
  return enrich ? enrich(ctx, p, base) : base;
}

/** The asker's region: their unit's, else the region of their office. */
function askerPack(person: Person): string | undefined {
  return person.units[0]?.policy ?? person.offices[0]?.policy;
}

async function llmPhrasing(ctx: AppContext, answer: Answer): Promise<Answer> {
  const llm = ctx.config.llm;
  return llm ? phraseWithLlm(answer, llm) : answer;
}

/** Records the answer (for 👍/👎) and returns its card. */
async function answerCardFor(ctx: AppContext, askerOpenId: string, question: string, answer: Answer): Promise<object> {
  if (answer.kind === 'ask_region') return regionChoiceCard(question, answer.choices ?? []);
  const token = crypto.randomUUID().replace(/-/g, '');
  await ctx.db.insert(qaAnswers).values({
    token,
    askerOpenId,
    question: question.slice(0, 500),
    packId: answer.packId ?? null,
    kind: answer.kind,
    title: answer.title.slice(0, 200),
    citations: answer.citations.map((c) => ({ packId: c.packId, article: c.article, label: c.label })),
    askedAt: ctx.clock(),
  });
  return answerCard(answer, { feedbackToken: token });
}

async function answerFor(ctx: AppContext, openId: string, question: string, regionPackId?: string): Promise<{ answer: Answer; project: Project | null }> {
  const person = await lookupPerson(ctx.db, openId);
  const project = await projectOfQuestion(ctx, person, question);
  const answer = answerQuestion({
    packs: ctx.packs,
    question,
    regionPackId: regionPackId ?? askerPack(person),
    today: todayInShanghai(ctx.clock()),
    ...(project ? { project: await projectSnapshot(ctx, project) } : {}),
  });
  return { answer: await llmPhrasing(ctx, answer), project };
}

async function isUnitGroup(ctx: AppContext, unitId: number, chatId: string): Promise<boolean> {
  const [unit] = await ctx.db.select({ chatId: units.chatId }).from(units).where(eq(units.id, unitId));
  return unit?.chatId === chatId;
}

/** Any text that is not a command is a question: answered from the asker's region's rule pack. */
export async function answerMessage(ctx: AppContext, msg: IncomingText): Promise<void> {
  const { answer, project } = await answerFor(ctx, msg.senderOpenId, msg.text);
  const card = await answerCardFor(ctx, msg.senderOpenId, msg.text, answer);
  // A project's details are for the asker, and for its unit's own group: any other group gets one line.
  if (project && msg.chatType !== 'p2p' && !(await isUnitGroup(ctx, project.unitId, msg.chatId))) {
    await replyPrivately(ctx.db, msg, card, `关于 ${project.number} 的回答已私信发给你。`);
  } else await replyCard(ctx.db, msg, card);
  ctx.notifyOutbox();
}

/** The region chosen on the "which region?" card: the answer replaces the card. */
export async function answerForRegion(ctx: AppContext, operator: string, value: Record<string, unknown>): Promise<CardActionResponse> {
  const packId = typeof value.packId === 'string' ? value.packId : '';
  const question = typeof value.question === 'string' ? value.question.slice(0, 500) : '';
  if (!packById(packId, ctx.packs) || !question) return toast('error', '请重新提问。');
  const { answer } = await answerFor(ctx, operator, question, packId);
  return { card: { type: 'raw', data: await answerCardFor(ctx, operator, question, answer) } };
}

/** 👍/👎 on an answer: one vote per person, a second tap changes it. */
export async function recordFeedback(ctx: AppContext, operator: string, value: Record<string, unknown>): Promise<CardActionResponse> {
  const vote = value.vote === 'up' || value.vote === 'down' ? value.vote : null;
  const token = typeof value.token === 'string' ? value.token : '';
  if (!vote || !token) return toast('error', '无效的反馈。');
  const [answer] = await ctx.db.select({ id: qaAnswers.id }).from(qaAnswers).where(eq(qaAnswers.token, token));
  if (!answer) return toast('error', '找不到这条回答。');
  await ctx.db
    .insert(qaFeedback)
    .values({ answerId: answer.id, voterOpenId: operator, vote, at: ctx.clock() })
    .onConflictDoUpdate({ target: [qaFeedback.answerId, qaFeedback.voterOpenId], set: { vote, at: ctx.clock() } });
  return toast('success', vote === 'up' ? '感谢反馈！' : '感谢反馈，我们会改进这条回答。');
}

/** Feedback for the admins: the 👎 answers, newest first. */
export async function downvotedAnswers(ctx: AppContext, limit = 100) {
  return ctx.db
    .select({ question: qaAnswers.question, packId: qaAnswers.packId, title: qaAnswers.title, citations: qaAnswers.citations, at: qaFeedback.at, voter: qaFeedback.voterOpenId })
    .from(qaFeedback)
    .innerJoin(qaAnswers, eq(qaFeedback.answerId, qaAnswers.id))
    .where(and(eq(qaFeedback.vote, 'down')))
    .orderBy(desc(qaFeedback.at))
    .limit(limit);
}
