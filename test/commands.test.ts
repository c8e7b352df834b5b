/** How a message finds its text command: exact words, a start pattern, or the command's first word. */
import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand } from '../src/commands.js';

const found = (text: string) => {
  const hit = findCommand(text);
  return hit && { command: hit.command.command, args: hit.args };
};

describe('findCommand', () => {
  it('takes the first word of a command as its start when no words are given, with or without a space', () => {
    expect(found('催办 JZ-2026-0001')).toEqual({ command: '催办 <项目编号>', args: 'JZ-2026-0001' });
    expect(found('催办JZ-2026-0001')).toEqual({ command: '催办 <项目编号>', args: 'JZ-2026-0001' });
    expect(found('绑定单位 县数据资源局')).toEqual({ command: '绑定单位 <单位名>', args: '县数据资源局' });
  });

  it('finds the longer command before the shorter one that starts it', () => {
    expect(found('整改不到位 JZ-2026-0001 未按期整改')).toEqual({
      command: '整改不到位 <项目编号> <理由>',
      args: 'JZ-2026-0001 未按期整改',
    });
    expect(found('整改 JZ-2026-0001')?.command).toBe('整改 <项目编号>');
  });

  it('matches exact words whole, in any case, and not as the start of a question', () => {
    expect(found('HELP')?.command).toBe('帮助');
    expect(found('草稿')?.command).toBe('我的草稿');
    expect(found('申报需要哪些材料')).toBeNull();
  });

  it('leaves a question that only mentions a command word inside it to the answers', () => {
    expect(found('什么情况下可以催办')).toBeNull();
    expect(found('整改期限是多久')).toBeNull();
  });

  it('has one entry per command text', () => {
    const texts = COMMANDS.map((c) => c.command);
    expect(new Set(texts).size).toBe(texts.length);
  });
});
