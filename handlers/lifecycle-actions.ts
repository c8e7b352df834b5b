/**
 * Card actions after approval: the 报告进展 form and the adjustment form. Each service says what
 * came of the press (a refusal, the form again, or the outcome); the card and toast are built here.
 */
import { z } from 'zod';
import { lifecycleReplyCard } from '../cards/lifecycle.js';
import { adjustmentQuestionCard, adjustmentResultCard, lifecycleReportFormCard } from '../cards/lifecycle-forms.js';
import type { CardActionResponse } from '../src/lark/messages.js';
import {
  openProgressForm,
  submitProgressForm,
  type ProgressFormOpened,
  type ProgressReported,
} from '../src/services/lifecycle.js';
import { submitAdjustmentForm, type AdjustmentSubmitted } from '../src/services/lifecycle-adjust.js';
import { isRefusal } from '../src/services/project-access.js';
import { cardAction, rawCard, refusalToast } from './card-input.js';

const ProjectRef = z.object({ projectId: z.coerce.number().int().positive() });

function progressAnswer(r: ProgressFormOpened | ProgressReported): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  if ('form' in r) return { card: rawCard(lifecycleReportFormCard(r.form)) };
  const { ok, reply, label } = r.reported;
  return {
    card: rawCard(lifecycleReplyCard(reply)),
    toast: ok
      ? { type: 'success', content: `已记录“${label}”。` }
      : { type: 'error', content: '未能记录，原因见卡片。' },
  };
}

function adjustmentAnswer(r: AdjustmentSubmitted): CardActionResponse {
  if (isRefusal(r)) return refusalToast(r);
  if ('form' in r) return { card: rawCard(adjustmentQuestionCard(r.form)) };
  const reply = r.adjusted;
  return {
    card: rawCard('ask' in reply ? adjustmentQuestionCard(reply.ask) : adjustmentResultCard(reply.result)),
    toast: { type: 'success', content: '已登记调整。' },
  };
}

/** 报告进展 on the project choice card: the report form of that project. */
export const onLifecycleForm = cardAction(ProjectRef, async (ctx, input) =>
  progressAnswer(await openProgressForm(ctx, input)),
);

/** The report form submitted: checked against the pack and recorded; the answer replaces the form. */
export const onLifecycleReport = cardAction(ProjectRef, async (ctx, input) =>
  progressAnswer(await submitProgressForm(ctx, input)),
);

/** The adjustment form (调整内容涉及资金数额, 采购前 or not) submitted: classified and recorded. */
export const onAdjustmentSubmit = cardAction(
  ProjectRef.extend({
    adjustedYuan: z.coerce.number().min(0),
    reason: z.string().catch(''),
    needs: z.array(z.unknown()).catch([]),
  }),
  async (ctx, input) => adjustmentAnswer(await submitAdjustmentForm(ctx, input)),
);

export const LIFECYCLE_CARD_ACTIONS = {
  'lifecycle.form': onLifecycleForm,
  'lifecycle.report': onLifecycleReport,
  'lifecycle.adjust': onAdjustmentSubmit,
} as const;
