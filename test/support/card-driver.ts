import { unescapeMarkdown } from '../../cards/markdown.js';
/**
 * Reads cards the way a person's Feishu client does: finds buttons and form inputs, and builds the
 * callback Lark would send for a tap (`action.value`, and for a form submit `form_value` with every
 * input of the form: what the user typed, else the input's initial value).
 */

export interface CardButton {
  text: string;
  name?: string;
  value: Record<string, unknown>;
  submitsForm: boolean;
}

function walk(node: unknown, visit: (n: Record<string, unknown>, inForm: boolean) => void, inForm = false): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit, inForm));
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  visit(n, inForm);
  const nowInForm = inForm || n.tag === 'form';
  for (const [k, v] of Object.entries(n)) if (k !== 'behaviors' && typeof v === 'object') walk(v, visit, nowInForm);
}

export function buttons(card: object): CardButton[] {
  const out: CardButton[] = [];
  walk(card, (n) => {
    if (n.tag !== 'button') return;
    const behaviors = (n.behaviors as { type: string; value?: Record<string, unknown> }[] | undefined) ?? [];
    const callback = behaviors.find((b) => b.type === 'callback');
    if (!callback?.value) return;
    out.push({
      text: (n.text as { content: string }).content,
      name: n.name as string | undefined,
      value: callback.value,
      submitsForm: n.form_action_type === 'submit',
    });
  });
  return out;
}

export function buttonBy(card: object, pred: (b: CardButton) => boolean): CardButton {
  const b = buttons(card).find(pred);
  if (!b)
    throw new Error(
      `no such button among: ${buttons(card)
        .map((x) => `${x.text}(${String(x.value.action)})`)
        .join(', ')}`,
    );
  return b;
}

export interface CardInput {
  tag: string;
  name: string;
  initial: unknown;
}

/** Inputs inside the card's form container. */
export function formInputs(card: object): CardInput[] {
  const out: CardInput[] = [];
  walk(card, (n, inForm) => {
    if (!inForm || typeof n.name !== 'string') return;
    switch (n.tag) {
      case 'input':
        out.push({ tag: 'input', name: n.name, initial: n.default_value ?? '' });
        break;
      case 'date_picker':
        out.push({ tag: 'date_picker', name: n.name, initial: n.initial_date ?? '' });
        break;
      case 'select_static':
      case 'select_person':
        {
          // initial_index counts from 1; initial_option names an option by its text
          const opts = (Array.isArray(n.options) ? n.options : []) as { value?: string; text?: { content?: string } }[];
          const chosen =
            typeof n.initial_index === 'number'
              ? opts[n.initial_index - 1]
              : opts.find((o) => o.text?.content === n.initial_option);
          out.push({ tag: n.tag, name: n.name, initial: chosen?.value ?? '' });
        }
        break;
      case 'multi_select_static':
        out.push({ tag: n.tag, name: n.name, initial: n.initial_options ?? [] });
        break;
      case 'checker':
        out.push({ tag: 'checker', name: n.name, initial: n.checked ?? false });
        break;
    }
  });
  return out;
}

/** The form_value Lark sends: every input of the form, typed or initial. */
export function formValue(card: object, typed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const input of formInputs(card)) out[input.name] = input.name in typed ? typed[input.name] : input.initial;
  return out;
}

/** All visible text of a card (markdown escapes resolved), for assertions on what a person reads. */
export function cardText(card: object): string {
  const parts: string[] = [];
  walk(card, (n) => {
    if (typeof n.content === 'string') parts.push(n.tag === 'markdown' ? unescapeMarkdown(n.content) : n.content);
    if (typeof n.default_value === 'string') parts.push(n.default_value);
  });
  return parts.join('\n');
}
