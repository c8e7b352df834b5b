/** A short notice: a title, a few lines of user data (escaped) and a grey note. Card JSON 2.0. */
import { cardHeader, cardShell } from './card-shell.js';
import { escapeMarkdown } from './markdown.js';

export function projectNoticeCard(o: {
  title: string;
  lines: readonly string[];
  note?: string;
  template?: 'blue' | 'green' | 'orange' | 'red' | 'grey';
}): object {
  const elements: object[] = [{ tag: 'markdown', content: o.lines.map((l) => escapeMarkdown(l)).join('\n') }];
  if (o.note) elements.push({ tag: 'markdown', content: escapeMarkdown(o.note), text_size: 'notation' });
  return cardShell(cardHeader(o.title, o.template ?? 'blue'), elements);
}
