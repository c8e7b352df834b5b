import { z } from 'zod';
import type { AppContext } from '../src/context.js';
import type { CardAction } from '../src/lark/envelope.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import { answerForProject, answerForRegion, recordFeedback } from '../src/services/answer.js';

/** Card actions of the answer cards: each parses its value and calls the answer service. */

/** The question a choice card carries, cut to what is stored. */
const question = z
  .string()
  .min(1)
  .transform((q) => q.slice(0, 500));
const RegionChoice = z.object({ packId: z.string(), question });
const ProjectChoice = z.object({
  number: z
    .string()
    .transform((n) => n.trim().toUpperCase())
    .pipe(z.string().min(1)),
  question,
});
const Vote = z.object({ vote: z.enum(['up', 'down']), token: z.string().min(1) });
const askAgain = toast('error', '请重新提问。');

/** What `run` answers for the action's value parsed with `schema`; `bad` when the value does not fit. */
async function withValue<T extends z.ZodType>(
  action: CardAction,
  schema: T,
  bad: CardActionResponse,
  run: (value: z.infer<T>) => Promise<CardActionResponse>,
): Promise<CardActionResponse> {
  const parsed = schema.safeParse(action.action.value);
  return parsed.success ? run(parsed.data) : bad;
}

/** 👍/👎 under an answer. */
export function onQaFeedback(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return withValue(action, Vote, toast('error', '无效的反馈。'), (v) =>
    recordFeedback(ctx, action.operator.open_id, v),
  );
}

/** A region chosen on the "which region?" card. */
export function onQaRegion(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return withValue(action, RegionChoice, askAgain, (v) => answerForRegion(ctx, action.operator.open_id, v));
}

/** A project chosen on the "which project?" card. */
export function onQaProject(ctx: AppContext, action: CardAction): Promise<CardActionResponse> {
  return withValue(action, ProjectChoice, askAgain, (v) => answerForProject(ctx, action.operator.open_id, v));
}
