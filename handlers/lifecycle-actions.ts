import { z } from 'zod';
import { openProgressForm, submitProgressForm } from '../src/services/lifecycle.js';
import { submitAdjustmentForm } from '../src/services/lifecycle-adjust.js';
import { cardAction } from './card-input.js';

/** Card actions after approval: the 报告进展 form and the adjustment form. */

const ProjectRef = z.object({ projectId: z.coerce.number().int().positive() });

/** 报告进展 on the project choice card: the report form of that project. */
export const onLifecycleForm = cardAction(ProjectRef, openProgressForm);

/** The report form submitted: checked against the pack and recorded; the answer replaces the form. */
export const onLifecycleReport = cardAction(ProjectRef, submitProgressForm);

/** The adjustment form (调整内容涉及资金数额, 采购前 or not) submitted: classified and recorded. */
export const onAdjustmentSubmit = cardAction(
  ProjectRef.extend({
    adjustedYuan: z.coerce.number().min(0),
    reason: z.string().catch(''),
    needs: z.array(z.unknown()).catch([]),
  }),
  submitAdjustmentForm,
);

export const LIFECYCLE_CARD_ACTIONS = {
  'lifecycle.form': onLifecycleForm,
  'lifecycle.report': onLifecycleReport,
  'lifecycle.adjust': onAdjustmentSubmit,
} as const;
