import { escapeMarkdown } from './markdown.js';

/** A short notice: a title, a few lines of user data (escaped) and a grey note. Card JSON 2.0. */
export function projectNoticeCard(o: {
  title: string;
  lines: readonly string[];
  note?: string;
  template?: 'blue' | 'green' | 'orange' | 'red' | 'grey';
}): object {
  const elements: object[] = [{ tag: 'markdown', content: o.lines.map((l) => escapeMarkdown(l)).join('\n') }];
  if (o.note) elements.push({ tag: 'markdown', content: escapeMarkdown(o.note), text_size: 'notation' });
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: o.title }, template: o.template ?? 'blue' },
    body: { elements },
  };
}
