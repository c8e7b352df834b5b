import { describe, expect, it } from 'vitest';
import { helpCard } from '../cards/help.js';
import { COMMANDS, findCommand } from '../src/commands.js';
import { HELP_ONLY_ENTRIES, helpEntries } from '../src/services/help.js';

describe('the help card’s entries', () => {
  it('COMMANDS holds only commands a person can type, each with a pattern or words', () => {
    for (const c of COMMANDS) expect(c.match instanceof RegExp || c.match.length > 0, c.command).toBe(true);
    expect(COMMANDS.map((c) => c.command)).not.toContain('直接提问');
  });

  it('the card lists every command in table order, with 直接提问 (help only) after 帮助', () => {
    const entries = helpEntries(COMMANDS);
    expect(entries.map((e) => e.command)).toEqual([
      COMMANDS[0]!.command,
      '直接提问',
      ...COMMANDS.slice(1).map((c) => c.command),
    ]);
    for (const h of HELP_ONLY_ENTRIES) expect(COMMANDS.map((c) => c.command)).toContain(h.after);
    const card = JSON.stringify(helpCard({ entries }));
    expect(card).toContain('**直接提问**：如“终验需要什么材料”');
    expect(card).toContain('"action":"declare.start"');
  });

  it('a question is no command: “直接提问” and questions match nothing', () => {
    expect(findCommand('直接提问')).toBeNull();
    expect(findCommand('终验需要什么材料')).toBeNull();
    expect(findCommand('帮助')?.command.command).toBe('帮助');
  });
});
