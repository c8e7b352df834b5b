/**
 * What an approval route approves: the project's declaration, or a change request (调整/变更) the
 * pack says needs approval. Both go through the same plan, state machine, cards, taps, 转交,
 * deputies, 催办 and escalation; the subject only decides where the route is kept, who applied
 * and what the outcome does. Stored on tasks and 转交 as text: `declaration` or `change:<id>`.
 */

export type ApprovalSubject = { kind: 'declaration' } | { kind: 'change'; changeRequestId: number };

export const DECLARATION_SUBJECT = 'declaration';

export const declarationSubject: ApprovalSubject = { kind: 'declaration' };

export function changeSubject(changeRequestId: number): ApprovalSubject {
  if (!Number.isInteger(changeRequestId) || changeRequestId <= 0)
    throw new Error(`not a change request id: ${changeRequestId}`);
  return { kind: 'change', changeRequestId };
}

/** The stored form: `declaration` or `change:<id>`. */
export function subjectKey(s: ApprovalSubject): string {
  return s.kind === 'declaration' ? DECLARATION_SUBJECT : `change:${s.changeRequestId}`;
}

/** Reads a stored subject; anything else is an error (the column is written only by `subjectKey`). */
export function parseSubject(key: string): ApprovalSubject {
  if (key === DECLARATION_SUBJECT) return declarationSubject;
  const m = /^change:(\d+)$/.exec(key);
  if (m) return changeSubject(Number(m[1]));
  throw new Error(`unknown approval subject "${key}"`);
}
