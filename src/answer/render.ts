/** The answer as plain text, for a text message or a log line. */
import type { Answer } from './types.js';

/**
 * An answer as plain text (for a text message or a log): title, lines, the quoted articles and the
 * validity note. The quotes always come after the answer's own words.
 */
export function answerText(answer: Answer): string {
  const parts = [answer.title, ...answer.lines];
  if (answer.choices?.length) parts.push(answer.choices.map((c) => c.name).join('、'));
  if (answer.citations.length) {
    parts.push('依据：');
    for (const c of answer.citations) parts.push(c.text);
  }
  if (answer.validityNote) parts.push(`注意：${answer.validityNote}`);
  return parts.join('\n');
}
