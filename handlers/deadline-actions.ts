import { z } from 'zod';
import { decideExtension, requestExtension } from '../src/services/reminders/extensions.js';
import { markDeadlineDone, uploadForDeadline } from '../src/services/reminders/deadline-actions.js';
import { cardAction } from './card-input.js';

/** Buttons of a reminder card (已完成 / 上传材料 / 申请延期) and the reviewer's extension decision. */

const DeadlineRef = z.object({ deadlineId: z.coerce.number().int().positive() });

export const onDeadlineDone = cardAction(DeadlineRef, markDeadlineDone);

export const onDeadlineUpload = cardAction(DeadlineRef, uploadForDeadline);

/** The first press opens the form (mode open); the form's own button submits it (mode submit). */
export const onDeadlineExtend = cardAction(
  DeadlineRef.extend({ mode: z.string().optional() }).transform((v) => ({ ...v, submit: v.mode === 'submit' })),
  requestExtension,
);

export const onExtensionDecide = cardAction(
  z.object({ requestId: z.coerce.number().int().positive(), decision: z.enum(['grant', 'refuse']) }),
  decideExtension,
);

export const DEADLINE_CARD_ACTIONS = {
  'deadline.done': onDeadlineDone,
  'deadline.upload': onDeadlineUpload,
  'deadline.extend': onDeadlineExtend,
  'extension.decide': onExtensionDecide,
} as const;
