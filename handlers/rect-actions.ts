import { z } from 'zod';
import { issueRectificationFromCard } from '../src/services/rectification/issue.js';
import { decideRung } from '../src/services/rectification/ladder.js';
import { rectificationReport } from '../src/services/rectification/report.js';
import { reviewRectification } from '../src/services/rectification/review.js';
import { cardAction } from './card-input.js';

/** Card actions of 整改: issue, the unit's report, the reviewer's review, the ladder's proposals. */

const ProjectRef = z.object({ projectId: z.coerce.number().int().positive() });
const RectRef = z.object({ rectificationId: z.coerce.number().int().positive() });
const RungRef = RectRef.extend({ rung: z.coerce.number().int() });
/** The reference with the action's own decision (the card's value does not choose it). */
const decided = <T extends object, D extends string>(ref: z.ZodType<T>, decision: D) =>
  ref.transform((v) => ({ ...v, decision }));

export const RECT_CARD_ACTIONS = {
  'rect.issue': cardAction(ProjectRef, issueRectificationFromCard),
  'rect.report': cardAction(RectRef.extend({ mode: z.string().optional() }), rectificationReport),
  'rect.accept': cardAction(decided(RectRef, 'accept'), reviewRectification),
  'rect.return': cardAction(decided(RectRef, 'return'), reviewRectification),
  'rung.confirm': cardAction(decided(RungRef, 'confirm'), decideRung),
  'rung.cancel': cardAction(decided(RungRef, 'cancel'), decideRung),
} as const;
