/** Small builders shared by the declaration cards (Card JSON 2.0). */
import type { Card as CardShell } from './card-shell.js';
import { escapeMarkdown, subtitleLine } from './markdown.js';

export type Template = 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'wathet';

export type Card = CardShell<Template>;

export function card(o: { title: string; subtitle?: string; template?: Template; elements: object[] }): Card {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: {
      title: plain(o.title),
      ...(o.subtitle ? { subtitle: plain(subtitleLine(o.subtitle)) } : {}),
      template: o.template ?? 'blue',
    },
    body: { elements: o.elements },
  };
}

export function plain(content: string): { tag: 'plain_text'; content: string } {
  return { tag: 'plain_text', content };
}

export function md(content: string, opts: { notation?: boolean } = {}): object {
  return { tag: 'markdown', content, ...(opts.notation ? { text_size: 'notation' } : {}) };
}

/** User or pack text, escaped, in a colour. */
export function colored(text: string, color: 'red' | 'orange' | 'green' | 'grey'): string {
  return `<font color='${color}'>${escapeMarkdown(text)}</font>`;
}

/** Cuts a string to `max` characters (code points), with an ellipsis. */
export function clip(s: string, max: number): string {
  const cps = Array.from(s);
  return cps.length <= max ? s : `${cps.slice(0, max - 1).join('')}…`;
}

export interface ButtonOpts {
  type?: 'default' | 'primary' | 'danger' | 'primary_filled' | 'danger_filled' | 'text';
  /** Submits the form it sits in (the value comes with `form_value`). */
  submit?: boolean;
  name?: string;
  disabled?: boolean;
  disabledTips?: string;
  confirm?: { title: string; text: string };
  width?: 'default' | 'fill';
}

export function button(text: string, value: Record<string, unknown>, o: ButtonOpts = {}): object {
  return {
    tag: 'button',
    text: plain(clip(text, 100)),
    type: o.type ?? 'default',
    ...(o.width ? { width: o.width } : {}),
    // name and form_action_type are documented for a form's buttons only (2.0 refuses the rest).
    ...(o.name && o.submit ? { name: o.name } : {}),
    ...(o.submit ? { form_action_type: 'submit' } : {}),
    ...(o.disabled ? { disabled: true } : {}),
    ...(o.disabled && o.disabledTips ? { disabled_tips: plain(o.disabledTips) } : {}),
    ...(o.confirm ? { confirm: { title: plain(o.confirm.title), text: plain(o.confirm.text) } } : {}),
    behaviors: [{ type: 'callback', value }],
  };
}

export { buttonRow } from './card-shell.js';

/** A Lark mention when `openId` looks like one, else nothing (never raw user text in a tag). */
export function mention(openId: string): string {
  return /^ou_[A-Za-z0-9_-]{1,64}$/.test(openId) ? `<at id=${openId}></at>` : '';
}

/** ISO instant → `2026-03-15 14:30` in Asia/Shanghai (UTC+8, no DST). */
export function shanghaiDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 8 * 3600 * 1000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}
