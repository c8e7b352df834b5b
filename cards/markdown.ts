/**
 * Escapes user text for a card's markdown component, so a project name like `**紧急**`,
 * `[点我](http://…)` or `<at id=all></at>` shows as typed and cannot fake formatting, links or
 * mentions. Feishu's card markdown takes HTML character references for special characters, so
 * each markdown-significant character becomes `&#N;` (a backslash would show up literally).
 */
import { SUBTITLE_MAX_COLUMNS, textColumns } from './card-schema.js';

/** A header subtitle cut to one phone line (Feishu shows one line and hides the rest). */
export function subtitleLine(text: string, maxColumns = SUBTITLE_MAX_COLUMNS): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (textColumns(s) <= maxColumns) return s;
  let out = '';
  for (const ch of s) {
    if (textColumns(`${out}${ch}…`) > maxColumns) break;
    out += ch;
  }
  return `${out}…`;
}

const SPECIAL = /[&<>*_~[\]()#+\-!|{}`\\]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `&#${ch.charCodeAt(0)};`,
  );
}

/** What a person reads for escaped text (tests, the sandbox renderer). */
export function unescapeMarkdown(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
