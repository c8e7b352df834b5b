/** Small builders shared by the lifecycle, reminder and rectification cards (Card JSON 2.0). */
import { chineseDate } from '../src/calendar.js';
import { cite } from '../src/lifecycle/common.js';
import type { ArticleNo, LocalDate, RulePack } from '../src/rules/types.js';
import { escapeMarkdown, subtitleLine } from './markdown.js';

export type Template =
  | 'blue'
  | 'wathet'
  | 'turquoise'
  | 'green'
  | 'yellow'
  | 'orange'
  | 'red'
  | 'carmine'
  | 'violet'
  | 'purple'
  | 'indigo'
  | 'grey';

/** The project a card is about. `id` goes into button values (for finding, never for authorising). */
export interface CardProject {
  id: string | number;
  name: string;
  /** Readable number, e.g. JZ-2026-0007. */
  number?: string;
}

export function card(title: string, template: Template, elements: object[], subtitle?: string): object {
  const header: Record<string, unknown> = { title: { tag: 'plain_text', content: title }, template };
  if (subtitle) header.subtitle = { tag: 'plain_text', content: subtitleLine(subtitle) };
  return { schema: '2.0', config: { update_multi: true }, header, body: { elements } };
}

export function md(content: string, small = false): object {
  return small ? { tag: 'markdown', content, text_size: 'notation' } : { tag: 'markdown', content };
}

export function hr(): object {
  return { tag: 'hr' };
}

export function button(
  text: string,
  value: Record<string, unknown>,
  type: 'primary' | 'default' | 'danger' = 'default',
  extra: Record<string, unknown> = {},
): object {
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: text },
    type,
    ...extra,
    behaviors: [{ type: 'callback', value }],
  };
}

/** A text field of a form; `lines` makes it a box of that many lines. */
export function textInput(o: {
  name: string;
  label?: string;
  placeholder: string;
  maxLength: number;
  lines?: number;
  value?: string | undefined;
}): object {
  return {
    tag: 'input',
    name: o.name,
    ...(o.lines ? { input_type: 'multiline_text', rows: o.lines } : {}),
    max_length: o.maxLength,
    placeholder: { tag: 'plain_text', content: o.placeholder },
    ...(o.label ? { label: { tag: 'plain_text', content: o.label } } : {}),
    ...(o.value ? { default_value: o.value } : {}),
  };
}

/** Buttons side by side. */
export function buttonRow(buttons: object[]): object {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: 'small',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

/** `**项目名**（JZ-2026-0007）`, escaped. */
export function projectLine(p: CardProject): string {
  return `**${escapeMarkdown(p.name)}**${p.number ? `（${escapeMarkdown(p.number)}）` : ''}`;
}

/** A citation line in small print: `依据：《…》第十七条：“…”`. Empty when there is no article. */
export function basisLine(pack: RulePack, article: ArticleNo | null, quote: string, today?: LocalDate): string {
  const c = cite(pack, article, quote, today);
  return c ? `依据：${escapeMarkdown(c)}` : '';
}

export function dateText(d: LocalDate): string {
  return chineseDate(d);
}

/** Keeps the first `max` items and says how many were left out. */
export function capped<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}
