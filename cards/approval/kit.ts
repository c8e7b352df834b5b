/**
 * The small builders every approval card uses: fitting a card into Lark's 30 KB, cutting and escaping
 * user text, showing people, times and money, markdown blocks and callback buttons.
 */
import { type Card, type CardHeader, cardHeader, cardShell } from '../card-shell.js';
import { escapeMarkdown } from '../markdown.js';
import type { ProjectSummary, Who } from './inputs.js';

export { buttonRow } from '../card-shell.js';

const CARD_BUDGET_BYTES = 28 * 1024;
const encoder = new TextEncoder();

/** Builds with budget scale 1, and again with smaller scales while the card is too large. */
export function fit(build: (scale: number) => Card): Card {
  let card = build(1);
  for (const scale of [0.5, 0.25, 0.1, 0.03]) {
    if (encoder.encode(JSON.stringify(card)).length <= CARD_BUDGET_BYTES) break;
    card = build(scale);
  }
  return card;
}

export function clip(s: string, max: number): string {
  const chars = [...s.replace(/\s+/g, ' ').trim()];
  const n = Math.max(1, Math.floor(max));
  return chars.length <= n ? chars.join('') : `${chars.slice(0, n - 1).join('')}…`;
}

/** Keeps line breaks (for comments), but caps the length. */
export function clipKeepLines(s: string, max: number): string {
  const chars = [...s.trim()];
  const n = Math.max(1, Math.floor(max));
  return chars.length <= n ? chars.join('') : `${chars.slice(0, n - 1).join('')}…`;
}

/** Escaped user text, cut to `max` characters first. */
export function md(s: string, max: number): string {
  return escapeMarkdown(clip(s, max));
}

/** Escaped multi-line user text (a comment) shown as a quote block. */
export function mdBlock(s: string, max: number): string {
  return clipKeepLines(s, max)
    .split(/\r?\n/)
    .map((line) => `> ${escapeMarkdown(line)}`)
    .join('\n');
}

export const OPEN_ID = /^ou_[0-9A-Za-z]+$/;

export function who(p: Who): string {
  if (p.name && p.name.trim()) return md(p.name, 30);
  return OPEN_ID.test(p.openId) ? `<at id=${p.openId}></at>` : md(p.openId, 40);
}

export function byLine(by: Who, onBehalfOf?: Who): string {
  return onBehalfOf && onBehalfOf.openId !== by.openId ? `${who(by)}（代${who(onBehalfOf)}）` : who(by);
}

const pad2 = (n: string) => n.padStart(2, '0');

/** `2025-05-08 14:03`, Asia/Shanghai. */
export function formatShanghaiTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${pad2(get('hour'))}:${pad2(get('minute'))}`;
}

export function money(wan: number | null): string {
  if (wan === null || !Number.isFinite(wan)) return '未填写';
  return `${+wan.toFixed(4)} 万元`;
}

/** `items` as lines, at most `maxItems` and about `maxChars` characters, with 另有 N 项. */
export function lines(items: readonly string[], maxItems: number, maxChars: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const item of items) {
    if (out.length >= Math.max(1, Math.floor(maxItems)) || (out.length > 0 && used + item.length > maxChars)) break;
    out.push(item);
    used += item.length;
  }
  if (out.length < items.length) out.push(`…另有 ${items.length - out.length} 项`);
  return out;
}

export function header(title: string, template: string, subtitle?: string): CardHeader {
  return cardHeader(clip(title, 60), template, subtitle);
}

/** The header of a card about one project: its number and unit under the title. */
export function projectHeader(title: string, template: string, p: ProjectSummary): CardHeader {
  return header(title, template, `${p.number} · ${p.unitName}`);
}

export const card = cardShell;

export function markdown(content: string, size?: 'notation'): object {
  return { tag: 'markdown', content, ...(size ? { text_size: size } : {}) };
}

export function callbackButton(
  text: string,
  value: Record<string, unknown>,
  opts: { type?: string; name?: string; submit?: boolean; confirm?: { title: string; text: string } } = {},
): object {
  return {
    tag: 'button',
    ...(opts.name ? { name: opts.name } : {}),
    text: { tag: 'plain_text', content: text },
    type: opts.type ?? 'default',
    ...(opts.submit ? { form_action_type: 'submit' } : {}),
    ...(opts.confirm
      ? {
          confirm: {
            title: { tag: 'plain_text', content: opts.confirm.title },
            text: { tag: 'plain_text', content: opts.confirm.text },
          },
        }
      : {}),
    behaviors: [{ type: 'callback', value }],
  };
}

export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}
