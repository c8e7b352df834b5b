/**
 * The envelope every card shares: Card JSON 2.0 with `update_multi` (so the bot can update the card
 * for everyone who sees it), a header with a title, a one-line subtitle and a colour template.
 */
import { subtitleLine } from './markdown.js';

export interface CardHeader<T extends string = string> {
  title: { tag: 'plain_text'; content: string };
  subtitle?: { tag: 'plain_text'; content: string };
  template: T;
}

export interface Card<T extends string = string> {
  schema: '2.0';
  config: { update_multi: true };
  header: CardHeader<T>;
  body: { elements: object[] };
}

/** A header; the subtitle is cut to one phone line (Feishu shows one line and hides the rest). */
export function cardHeader<T extends string>(title: string, template: T, subtitle?: string): CardHeader<T> {
  return {
    title: { tag: 'plain_text', content: title },
    ...(subtitle ? { subtitle: { tag: 'plain_text', content: subtitleLine(subtitle) } } : {}),
    template,
  };
}

export function cardShell<T extends string>(header: CardHeader<T>, elements: object[]): Card<T> {
  return { schema: '2.0', config: { update_multi: true }, header, body: { elements } };
}

/** Buttons side by side, as wide as their text, wrapping on a narrow screen. */
export function buttonRow(buttons: object[], horizontalSpacing = '8px'): object {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: horizontalSpacing,
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}
