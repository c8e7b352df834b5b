import { describe, expect, it } from 'vitest';
import { escalationMessage } from '../../../cards/approval/index.js';
import { project, step, at, nasty, longProject, expectValid, buttons, values, text } from './fixtures.js';

describe('escalationMessage', () => {
  const base = {
    project,
    step,
    officeName: '县政府',
    since: at,
    pendingWorkingDays: 4,
    limitWorkingDays: 3,
    dueOn: '2025-06-06',
  };

  it('urge, urgent (加急) and leader messages', () => {
    const urge = escalationMessage({
      ...base,
      level: 'urge',
      urgedBy: { openId: 'ou_jzEduZhou', name: '周老师' },
      task: 'tok',
    });
    expectValid(urge);
    expect(text(urge)).toContain('周老师 催办');
    expect(values(urge)).toEqual([{ action: 'approval.details', task: 'tok' }]);
    const urgent = escalationMessage({ ...base, level: 'urgent', task: 'tok' });
    expectValid(urgent);
    expect(text(urgent)).toContain('【加急】');
    expect(text(urgent)).toContain('应于2025年6月6日前办结');
    const leader = escalationMessage({
      ...base,
      level: 'leader',
      approvers: [{ openId: 'ou_jzGovChen' }],
      task: 'tok',
    });
    expectValid(leader);
    expect(text(leader)).toContain('请督促<at id=ou_jzGovChen></at>尽快处理');
    expect(buttons(leader)).toEqual([]);
  });

  it('long inputs stay under 30 KB', () => {
    expectValid(
      escalationMessage({
        ...base,
        project: longProject,
        step: { name: nasty(3000) },
        officeName: nasty(1000),
        level: 'leader',
        approvers: Array.from({ length: 300 }, (_, i) => ({ openId: `ou_${i}`, name: nasty(200) })),
      }),
    );
  });
});
