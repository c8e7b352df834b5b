/** The Q&A feedback page's read: answers people marked 👎, for the regions whose pack the viewer answers for. */
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { qaAnswers, qaFeedback, regions } from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import type { Viewer } from '../scope.js';

export interface FeedbackItem {
  answerId: number;
  question: string;
  title: string;
  packId: string | null;
  citations: string[];
  downVotes: number;
  lastAt: Date;
}

/** Answers people marked 👎, most disliked first: admins see all, an office its region's pack. */
export async function qaDownVotes(ctx: AppContext, v: Viewer, limit = 200): Promise<FeedbackItem[] | null> {
  if (!v.isAdmin && v.regionIds.length === 0) return null;
  let packCond: SQL | undefined;
  if (!v.isAdmin) {
    const policies = (
      await ctx.db.select({ policy: regions.policy }).from(regions).where(inArray(regions.id, v.regionIds))
    ).map((r) => r.policy);
    packCond = policies.length ? inArray(qaAnswers.packId, policies) : sql`false`;
  }
  const rows = await ctx.db
    .select({
      answerId: qaAnswers.id,
      question: qaAnswers.question,
      title: qaAnswers.title,
      packId: qaAnswers.packId,
      citations: qaAnswers.citations,
      downVotes: count(),
      lastAt: sql<Date>`max(${qaFeedback.at})`.mapWith((x) => new Date(x)),
    })
    .from(qaFeedback)
    .innerJoin(qaAnswers, eq(qaAnswers.id, qaFeedback.answerId))
    .where(and(eq(qaFeedback.vote, 'down'), packCond))
    .groupBy(qaAnswers.id)
    .orderBy(desc(count()), desc(sql`max(${qaFeedback.at})`))
    .limit(limit);
  return rows.map((r) => ({ ...r, citations: (r.citations ?? []).map((c) => c.label) }));
}
