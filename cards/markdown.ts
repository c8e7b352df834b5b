/**
 * Escapes user text for a card's markdown component, so a project name like `**紧急**` or
 * `[点我](http://…)` shows as typed and cannot fake formatting, links or mentions.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_~[\]()#+\-!|{}])/g, '\\$1');
}
