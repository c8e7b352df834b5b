/** @jsxImportSource hono/jsx */
/**
 * The subset of Feishu card markdown the bot writes, rendered to HTML nodes the way the Feishu client
 * shows it: **bold**, *italic*, ~~strike~~, `code`, <font color='…'>, <at id=…></at>, [links](https://…),
 * `- ` / `1. ` lists, line breaks, and HTML character references (`&#42;`, `&lt;` …) shown as the
 * character they stand for — so an escaped `**` in a project name shows as two asterisks, not bold.
 *
 * Markup is recognised on the raw text and only the text between markup is unescaped, exactly as
 * Feishu does; every string goes out through hono/jsx, which escapes it for HTML.
 */
import type { Child } from 'hono/jsx';
import { unescapeMarkdown } from '../../cards/markdown.js';

/** Feishu's named colours (卡片 JSON 2.0 颜色枚举), as the client paints them. */
export const FEISHU_COLORS: Record<string, string> = {
  red: '#f54a45',
  green: '#2ea121',
  orange: '#ff8800',
  grey: '#8f959e',
  gray: '#8f959e',
  blue: '#3370ff',
  wathet: '#14c0ff',
  turquoise: '#04b49c',
  yellow: '#dc9b04',
  carmine: '#e22e6b',
  violet: '#c23edb',
  purple: '#7f3bf5',
  indigo: '#4954e6',
  lime: '#8fb600',
  default: 'inherit',
};

export function cssColor(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  if (FEISHU_COLORS[n]) return FEISHU_COLORS[n];
  const base = n.replace(/-\d+$/, '');
  if (FEISHU_COLORS[base]) return FEISHU_COLORS[base];
  if (/^#[0-9a-f]{3,8}$/.test(n)) return n;
  return undefined;
}

export interface MarkdownOptions {
  /** How to show a mentioned person: open_id → name. */
  personName?: (openId: string) => string;
}

const FONT_OPEN = /^<font\s+color\s*=\s*['"]?([#A-Za-z0-9_-]+)['"]?\s*>/i;
const AT = /^<at\s+(?:id|user_id|open_id|email)\s*=\s*['"]?([^'">\s]+)['"]?\s*>([^<]*)<\/at>/i;
const LINK = /^\[([^\]\n]*)\]\(([^)\s]+)\)/;
const BR = /^<br\s*\/?>/i;

/** The index of the `</font>` closing the one opened before `from`, counting nested ones. */
function closingFont(src: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < src.length) {
    const open = src.slice(i).search(/<font\b/i);
    const close = src.slice(i).search(/<\/font>/i);
    if (close < 0) return -1;
    if (open >= 0 && open < close) {
      depth += 1;
      i += open + 5;
      continue;
    }
    depth -= 1;
    if (depth === 0) return i + close;
    i += close + 7;
  }
  return -1;
}

/** Marks that wrap text between two of them: `**bold**`, `~~struck~~`, `*italic*` (not before a space). */
const PAIRED: readonly {
  mark: string;
  wrap: (inner: Child[]) => Child;
  opens?: (next: string | undefined) => boolean;
}[] = [
  { mark: '**', wrap: (inner) => <b>{inner}</b> },
  { mark: '~~', wrap: (inner) => <s>{inner}</s> },
  { mark: '*', wrap: (inner) => <i>{inner}</i>, opens: (next) => next !== ' ' },
];

/** Inline markup of one line. */
export function inline(src: string, o: MarkdownOptions = {}): Child[] {
  const out: Child[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push(unescapeMarkdown(text));
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const ch = src[i]!;
    const pair = PAIRED.find((p) => rest.startsWith(p.mark));
    if (pair) {
      const n = pair.mark.length;
      const end = src.indexOf(pair.mark, i + n);
      if (end > i + n && (pair.opens?.(src[i + n]) ?? true)) {
        flush();
        out.push(pair.wrap(inline(src.slice(i + n, end), o)));
        i = end + n;
        continue;
      }
    } else if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push(<code>{unescapeMarkdown(src.slice(i + 1, end))}</code>);
        i = end + 1;
        continue;
      }
    } else if (ch === '[') {
      const m = LINK.exec(rest);
      if (m && /^https?:\/\//i.test(m[2]!)) {
        flush();
        out.push(
          <a href={unescapeMarkdown(m[2]!)} target="_blank" rel="noopener noreferrer">
            {inline(m[1]!, o)}
          </a>,
        );
        i += m[0].length;
        continue;
      }
    } else if (ch === '<') {
      const font = FONT_OPEN.exec(rest);
      if (font) {
        const close = closingFont(src, i + font[0].length);
        if (close >= 0) {
          flush();
          const color = cssColor(font[1]!);
          out.push(
            <span style={color ? `color:${color}` : undefined}>{inline(src.slice(i + font[0].length, close), o)}</span>,
          );
          i = close + '</font>'.length;
          continue;
        }
      }
      const at = AT.exec(rest);
      if (at) {
        flush();
        const id = at[1]!;
        const name = id === 'all' ? '所有人' : at[2] || (o.personName ? o.personName(id) : id);
        out.push(<span class="lk-at">@{name}</span>);
        i += at[0].length;
        continue;
      }
      const br = BR.exec(rest);
      if (br) {
        flush();
        out.push(<br />);
        i += br[0].length;
        continue;
      }
    }
    text += ch;
    i += 1;
  }
  flush();
  return out;
}

type Block =
  | { kind: 'ul' | 'ol' | 'quote'; items: string[]; start?: number }
  | { kind: 'line'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'blank' };

function blocks(src: string): Block[] {
  const out: Block[] = [];
  for (const raw of src.replace(/\r\n?/g, '\n').split('\n')) {
    const ul = /^\s*[-*+]\s+(.*)$/.exec(raw);
    const ol = /^\s*(\d+)[.)]\s+(.*)$/.exec(raw);
    const h = /^\s*#{1,6}\s+(.*)$/.exec(raw);
    const quote = /^\s*>\s?(.*)$/.exec(raw);
    const last = out[out.length - 1];
    // An indented line under a list item continues that item (Feishu keeps the item's number).
    const continues = !ul && !ol && /^\s+\S/.test(raw) && last && (last.kind === 'ul' || last.kind === 'ol');
    if (continues) {
      last.items[last.items.length - 1] += `\n${raw.trim()}`;
    } else if (quote) {
      if (last && last.kind === 'quote') last.items.push(quote[1]!);
      else out.push({ kind: 'quote', items: [quote[1]!] });
    } else if (ul) {
      if (last && last.kind === 'ul') last.items.push(ul[1]!);
      else out.push({ kind: 'ul', items: [ul[1]!] });
    } else if (ol) {
      if (last && last.kind === 'ol') last.items.push(ol[2]!);
      else out.push({ kind: 'ol', items: [ol[2]!], start: Number(ol[1]) });
    } else if (h) out.push({ kind: 'heading', text: h[1]! });
    else if (raw.trim() === '') out.push({ kind: 'blank' });
    else out.push({ kind: 'line', text: raw });
  }
  return out;
}

/** A list item's own line and the indented lines that continue it. */
function itemLines(item: string, o?: MarkdownOptions): Child[] {
  return item.split('\n').flatMap((line, i) => (i === 0 ? inline(line, o) : [<br />, ...inline(line, o)]));
}

/** A markdown component's content as the Feishu client shows it. */
export function Markdown(props: { content: string; notation?: boolean; options?: MarkdownOptions }) {
  const bs = blocks(props.content);
  const nodes: Child[] = [];
  bs.forEach((b, idx) => {
    const prev = bs[idx - 1];
    switch (b.kind) {
      case 'ul':
      case 'ol': {
        const items = b.items.map((it) => <li>{itemLines(it, props.options)}</li>);
        nodes.push(
          b.kind === 'ul' ? (
            <ul>{items}</ul>
          ) : (
            <ol start={b.start !== undefined && b.start !== 1 ? b.start : undefined}>{items}</ol>
          ),
        );
        break;
      }
      case 'quote':
        nodes.push(
          <blockquote class="lk-quote">
            {b.items.map((it, i) => (
              <>
                {i > 0 ? <br /> : null}
                {inline(it, props.options)}
              </>
            ))}
          </blockquote>,
        );
        break;
      case 'heading':
        nodes.push(<div class="lk-md-h">{inline(b.text, props.options)}</div>);
        break;
      case 'blank':
        nodes.push(<div class="lk-md-gap" />);
        break;
      case 'line':
        if (prev && prev.kind === 'line') nodes.push(<br />);
        nodes.push(...inline(b.text, props.options));
        break;
    }
  });
  return <div class={props.notation ? 'lk-md lk-notation' : 'lk-md'}>{nodes}</div>;
}
