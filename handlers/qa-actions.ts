/**
 * Card actions of the answer cards (feedback, region and project choices): the value parsed with zod,
 * the answer service says what came of the press, and the toast or the replacing card is built here.
 */
import { z } from 'zod';
import { type AnswerReply, answerReplyCard } from '../cards/answer.js';
import { toast, type CardActionResponse } from '../src/lark/messages.js';
import { answerForProject, answerForRegion, recordFeedback } from '../src/services/answer.js';
import { isRefusal, type Refusal } from '../src/services/project-access.js';
import { cardAction, refusalToast } from './card-input.js';

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
const askAgain = '请重新提问。';

/** The reply replaces the choice card. */
function replyAnswer(r: AnswerReply | Refusal): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  return { card: { type: 'raw', data: answerReplyCard(r) } };
}

/** 👍/👎 under an answer. */
export const onQaFeedback = cardAction(
  Vote,
  async (ctx, input) => {
    const r = await recordFeedback(ctx, input);
    if (isRefusal(r)) return refusalToast(r);
    return toast('success', r.voted === 'up' ? '感谢反馈！' : '感谢反馈，我们会改进这条回答。');
  },
  '无效的反馈。',
);

/** A region chosen on the "which region?" card. */
export const onQaRegion = cardAction(
  RegionChoice,
  async (ctx, input) => replyAnswer(await answerForRegion(ctx, input)),
  askAgain,
);

/** A project chosen on the "which project?" card. */
export const onQaProject = cardAction(
  ProjectChoice,
  async (ctx, input) => replyAnswer(await answerForProject(ctx, input)),
  askAgain,
);
