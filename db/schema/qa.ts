/**
 * Questions about the regulations: every answer given, and the 👍/👎 feedback on it.
 */
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Every answer the bot gave (what was asked, for which region, which articles), for feedback. */
export const qaAnswers = pgTable(
  'qa_answers',
  {
    id: serial('id').primaryKey(),
    /** What the 👍/👎 buttons carry. */
    token: text('token').notNull(),
    askerOpenId: text('asker_open_id').notNull(),
    question: text('question').notNull(),
    packId: text('pack_id'),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    citations: jsonb('citations').$type<{ packId: string; article: number; label: string }[]>().notNull().default([]),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('qa_answers_token_uq').on(t.token), index('qa_answers_asked_idx').on(t.askedAt)],
);

/** One vote per person per answer (a second tap changes it). */
export const qaFeedback = pgTable(
  'qa_feedback',
  {
    id: serial('id').primaryKey(),
    answerId: integer('answer_id').notNull(),
    voterOpenId: text('voter_open_id').notNull(),
    vote: text('vote', { enum: ['up', 'down'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('qa_feedback_answer_voter_uq').on(t.answerId, t.voterOpenId)],
);
