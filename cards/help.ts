/** The help card: the commands of the person's roles, each with what it does, and the buttons of those that have one. */
import { escapeMarkdown } from './markdown.js';

/**
 * Whom a command is for: a declaring unit's people (`unit`) or its leaders, anyone in an office of a
 * region (`official`), the region's reviewer office (主管部门), the bot's admins, someone the
 * directory does not list yet (`newcomer`: 申报 tells them whom to ask), or everyone.
 */
export type HelpAudience = 'everyone' | 'newcomer' | 'unit' | 'unit_leader' | 'official' | 'reviewer' | 'admin';

export interface HelpEntry {
  /** What the user types, e.g. `申报`. */
  command: string;
  summary: string;
  /** Who sees it on the help card and among the chips. */
  for: readonly HelpAudience[];
  /** A button for it on the help card (the card action it triggers). */
  button?: { text: string; action: string };
}

/** The help card: what the bot can do, with a button for each thing that has one. Card JSON 2.0. */
export function helpCard(o: { entries: readonly Omit<HelpEntry, 'for'>[]; unrecognised?: string }): object {
  const lines = o.entries.map((e) => `- **${escapeMarkdown(e.command)}**：${escapeMarkdown(e.summary)}`);
  const elements: object[] = [];
  if (o.unrecognised !== undefined) {
    elements.push({
      tag: 'markdown',
      content: `没有看懂“${escapeMarkdown(o.unrecognised.slice(0, 100))}”。我目前能做这些：`,
    });
  }
  elements.push({ tag: 'markdown', content: lines.join('\n') });
  const buttons = o.entries.filter((e) => e.button);
  if (buttons.length) {
    elements.push({
      tag: 'column_set',
      flex_mode: 'flow',
      horizontal_spacing: '8px',
      columns: buttons.map((e) => ({
        tag: 'column',
        width: 'auto',
        elements: [
          {
            tag: 'button',
            text: { tag: 'plain_text', content: e.button!.text },
            type: 'primary',
            behaviors: [{ type: 'callback', value: { action: e.button!.action } }],
          },
        ],
      })),
    });
  }
  elements.push({ tag: 'hr' });
  elements.push({
    tag: 'markdown',
    content: '依据本地区政务信息化项目管理办法办理，回答均注明条款。',
    text_size: 'notation',
  });
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: '政务信息化项目助手' }, template: 'blue' },
    body: { elements },
  };
}
