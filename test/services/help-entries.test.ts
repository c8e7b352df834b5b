import { describe, expect, it } from 'vitest';
import { helpCard } from '../../cards/help.js';
import { COMMANDS, findCommand } from '../../src/commands.js';
import { HELP_ONLY_ENTRIES, helpEntries } from '../../src/services/help.js';
import type { Person, PersonOffice, PersonUnit } from '../../src/org/store.js';

const UNIT: PersonUnit = {
  unitId: 1,
  unitName: '县教育局',
  regionId: 'jinzhai',
  regionName: '金寨县',
  policy: 'jinzhai-2022',
  chatId: null,
  position: 'member',
};
const OFFICE: PersonOffice = {
  officeId: 1,
  officeName: '县智慧办',
  role: 'reviewer',
  regionId: 'jinzhai',
  regionName: '金寨县',
  policy: 'jinzhai-2022',
  position: 'member',
};
const person = (o: Partial<Person>): Person => ({ openId: 'ou_x', isAdmin: false, units: [], offices: [], ...o });
const commandsFor = (p: Person) => helpEntries(COMMANDS, p).map((e) => e.command.split(' ')[0]);

describe('the help card’s entries', () => {
  it('COMMANDS holds only commands a person can type, each with a pattern, words or a first word to type', () => {
    for (const c of COMMANDS)
      expect(
        c.match === undefined ? c.command.split(' ')[0]!.length > 0 : c.match instanceof RegExp || c.match.length > 0,
        c.command,
      ).toBe(true);
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

  it('shows each person the commands of their roles', () => {
    const unit = commandsFor(person({ units: [UNIT] }));
    expect(unit).toEqual(
      expect.arrayContaining(['帮助', '直接提问', '申报', '我的草稿', '我的项目', '进度', '报告进展', '催办']),
    );
    expect(unit).not.toContain('整改');
    expect(unit).not.toContain('整改不到位');
    expect(unit).not.toContain('设置代理');
    expect(unit).not.toContain('绑定单位');

    const reviewer = commandsFor(person({ offices: [OFFICE] }));
    expect(reviewer).toEqual(
      expect.arrayContaining(['帮助', '直接提问', '进度', '导出申报表', '设置代理', '整改', '整改不到位']),
    );
    for (const c of ['申报', '我的草稿', '我的项目', '催办', '报告进展', '调整', '合同已签订'])
      expect(reviewer).not.toContain(c);

    // An approver is an official but not the 主管部门: no 整改.
    const approver = commandsFor(person({ offices: [{ ...OFFICE, officeName: '县政府', role: 'approver' }] }));
    expect(approver).toContain('设置代理');
    expect(approver).not.toContain('整改');

    expect(commandsFor(person({ units: [{ ...UNIT, position: 'leader' }] }))).toContain('绑定单位');
    expect(commandsFor(person({ isAdmin: true }))).toEqual(['帮助', '直接提问', '导出申报表', '进度', '绑定单位']);
    // Someone the directory does not list: 申报 tells them whom to ask.
    expect(commandsFor(person({}))).toEqual(['帮助', '直接提问', '申报']);
    const stranger = JSON.stringify(helpCard({ entries: helpEntries(COMMANDS, person({})) }));
    expect(stranger).toContain('"action":"declare.start"');
    const official = JSON.stringify(helpCard({ entries: helpEntries(COMMANDS, person({ offices: [OFFICE] })) }));
    expect(official).not.toContain('declare.start');
  });
});
