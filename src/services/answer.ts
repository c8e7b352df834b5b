/** Answering questions: the asker's region and project are found, the engine answers, the answer is recorded for feedback and sent as a card. */
import { and, desc, eq } from 'drizzle-orm';
import { projects, qaAnswers, qaFeedback, units } from '../../db/schema/index.js';
import { type AnswerReply, answerReplyCard } from '../../cards/answer.js';
import { answerQuestion, phraseWithLlm, type Answer } from '../answer/index.js';
import { todayInShanghai } from '../calendar.js';
import type { AppContext } from '../context.js';
import type { IncomingText } from '../lark/messages.js';
import { lookupPerson, type Person } from '../org/store.js';
import { packById } from '../rules/packs/index.js';
import { refuse, type Refusal } from './project-access.js';
import { mayAskAbout, type Project, projectOfQuestion, projectSnapshot } from './answer-project.js';
import { replyCard, replyPrivately } from './reply.js';

/** The asker's region: their unit's, else the region of their office. */
function askerPack(person: Person): string | undefined {
  return person.units[0]?.policy ?? person.offices[0]?.policy;
}

async function llmPhrasing(ctx: AppContext, answer: Answer): Promise<Answer> {
  const llm = ctx.config.llm;
  return llm ? phraseWithLlm(answer, llm) : answer;
}

/** Records the answer (for 👍/👎) and returns it with its feedback token; one asking for the region is not recorded. */
async function recorded(ctx: AppContext, askerOpenId: string, question: string, answer: Answer): Promise<AnswerReply> {
  if (answer.kind === 'ask_region') return { question, answer, feedbackToken: null };
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
  return { question, answer, feedbackToken: token };
}

/** The answer to a question, or the unit's projects to choose from when "我们项目" could be any of them. */
type Reply = { answer: Answer; project: Project | null } | { choose: Project[] };

async function answerWith(
  ctx: AppContext,
  person: Person,
  question: string,
  project: Project | null,
  regionPackId?: string,
): Promise<Answer> {
  const answer = answerQuestion({
    packs: ctx.packs,
    question,
    regionPackId: regionPackId ?? askerPack(person),
    today: todayInShanghai(ctx.clock()),
    ...(project ? { project: await projectSnapshot(ctx, project) } : {}),
  });
  return llmPhrasing(ctx, answer);
}

async function replyFor(ctx: AppContext, openId: string, question: string, regionPackId?: string): Promise<Reply> {
  const person = await lookupPerson(ctx.db, openId);
  const about = await projectOfQuestion(ctx, person, question);
  if (about && 'choose' in about) return { choose: about.choose };
  const project = about?.project ?? null;
  return { answer: await answerWith(ctx, person, question, project, regionPackId), project };
}

async function shownReply(ctx: AppContext, openId: string, question: string, reply: Reply): Promise<AnswerReply> {
  if ('choose' in reply) return { question, choose: reply.choose.map((p) => ({ number: p.number, name: p.name })) };
  return recorded(ctx, openId, question, reply.answer);
}

async function isUnitGroup(ctx: AppContext, unitId: number, chatId: string): Promise<boolean> {
  const [unit] = await ctx.db.select({ chatId: units.chatId }).from(units).where(eq(units.id, unitId));
  return unit?.chatId === chatId;
}

/** Any text that is not a command is a question: answered from the asker's region's rule pack. */
export async function answerMessage(ctx: AppContext, msg: IncomingText): Promise<void> {
  const reply = await replyFor(ctx, msg.senderOpenId, msg.text);
  const card = answerReplyCard(await shownReply(ctx, msg.senderOpenId, msg.text, reply));
  const about = 'choose' in reply ? reply.choose[0] : reply.project;
  // A project's details are for the asker, and for its unit's own group: any other group gets one line.
  if (about && msg.chatType !== 'p2p' && !(await isUnitGroup(ctx, about.unitId, msg.chatId))) {
    const what = 'choose' in reply ? '你单位的项目' : about.number;
    await replyPrivately(ctx.db, msg, card, `关于 ${what} 的回答已私信发给你。`);
  } else await replyCard(ctx.db, msg, card);
  ctx.notifyOutbox();
}

/** The region chosen on the "which region?" card: the reply in that region, or a refusal for an unknown region. */
export async function answerForRegion(
  ctx: AppContext,
  { operator, packId, question }: { operator: string; packId: string; question: string },
): Promise<AnswerReply | Refusal> {
  if (!packById(packId, ctx.packs)) return refuse('请重新提问。');
  return shownReply(ctx, operator, question, await replyFor(ctx, operator, question, packId));
}

/** The project chosen on the "which project?" card: the answer about it, when the operator may ask about it. */
export async function answerForProject(
  ctx: AppContext,
  { operator, number, question }: { operator: string; number: string; question: string },
): Promise<AnswerReply | Refusal> {
  const person = await lookupPerson(ctx.db, operator);
  const [project] = await ctx.db.select().from(projects).where(eq(projects.number, number));
  if (!project || !mayAskAbout(person, project)) return refuse(`没有找到你可以查看的项目 ${number}。`);
  return recorded(ctx, operator, question, await answerWith(ctx, person, question, project));
}

/** 👍/👎 on an answer: one vote per person, a second tap changes it. */
export async function recordFeedback(
  ctx: AppContext,
  { operator, vote, token }: { operator: string; vote: 'up' | 'down'; token: string },
): Promise<{ voted: 'up' | 'down' } | Refusal> {
  const [answer] = await ctx.db.select({ id: qaAnswers.id }).from(qaAnswers).where(eq(qaAnswers.token, token));
  if (!answer) return refuse('找不到这条回答。');
  await ctx.db
    .insert(qaFeedback)
    .values({ answerId: answer.id, voterOpenId: operator, vote, at: ctx.clock() })
    .onConflictDoUpdate({ target: [qaFeedback.answerId, qaFeedback.voterOpenId], set: { vote, at: ctx.clock() } });
  return { voted: vote };
}

/** Feedback for the admins: the 👎 answers, newest first. */
export async function downvotedAnswers(ctx: AppContext, limit = 100) {
  return ctx.db
    .select({
      question: qaAnswers.question,
      packId: qaAnswers.packId,
      title: qaAnswers.title,
      citations: qaAnswers.citations,
      at: qaFeedback.at,
      voter: qaFeedback.voterOpenId,
    })
    .from(qaFeedback)
    .innerJoin(qaAnswers, eq(qaFeedback.answerId, qaAnswers.id))
    .where(and(eq(qaFeedback.vote, 'down')))
    .orderBy(desc(qaFeedback.at))
    .limit(limit);
}
