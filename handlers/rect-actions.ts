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

export const RECT_CARD_ACTIONS = {
  'rect.issue': cardAction(ProjectRef, issueRectificationFromCard),
  'rect.report': cardAction(RectRef.extend({ mode: z.string().optional() }), rectificationReport),
  'rect.accept': cardAction(
    RectRef.transform((v) => ({ ...v, decision: 'accept' as const })),
    reviewRectification,
  ),
  'rect.return': cardAction(
    RectRef.transform((v) => ({ ...v, decision: 'return' as const })),
    reviewRectification,
  ),
  'rung.confirm': cardAction(
    RungRef.transform((v) => ({ ...v, decision: 'confirm' as const })),
    decideRung,
  ),
  'rung.cancel': cardAction(
    RungRef.transform((v) => ({ ...v, decision: 'cancel' as const })),
    decideRung,
  ),
} as const;
