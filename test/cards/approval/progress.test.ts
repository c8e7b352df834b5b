import { describe, expect, it } from 'vitest';
import { timelineCard } from '../../../cards/approval/index.js';
import { project, step, at, li, nasty, longProject, expectValid, buttons, values, text } from './fixtures.js';

describe('timelineCard', () => {
  const steps = [
    {
      name: step.name,
      status: 'approved' as const,
      mode: 'all' as const,
      offices: [
        { officeName: '县智慧办', status: 'approved' as const, by: { openId: 'ou_jzZhbLi' }, at: at.toISOString() },
        {
          officeName: '县委网信办',
          status: 'approved' as const,
          by: { openId: 'ou_b' },
          onBehalfOf: { openId: 'ou_c' },
          at: at.toISOString(),
        },
      ],
    },
    {
      name: '报县政府批准',
      status: 'pending' as const,
      mode: 'all' as const,
      offices: [{ officeName: '县政府', status: 'pending' as const }],
    },
    {
      name: '县财政局安排、拨付资金',
      status: 'waiting' as const,
      mode: 'all' as const,
      offices: [{ officeName: '县财政局', status: 'pending' as const }],
    },
  ];

  it('shows each step’s status and the history', () => {
    const c = timelineCard({
      project,
      outcome: 'pending',
      steps,
      entries: [
        { at, actor: li, action: '提交申报' },
        { at, actor: null, action: '超期提醒', detail: '已加急通知县政府' },
      ],
      canUrge: true,
    });
    expectValid(c);
    const s = text(c);
    expect(s).toContain('1. ✅ 已通过 县智慧办会同有关部门审核项目方案（会签）');
    expect(s).toContain('县委网信办：同意 <at id=ou_b></at>（代<at id=ou_c></at>）');
    expect(s).toContain('2. 🟡 办理中 报县政府批准');
    expect(s).toContain('3. ⚪ 待办');
    expect(s).toContain('2025-06-03 14:05 李明 提交申报');
    expect(s).toContain('超期提醒：已加急通知县政府');
    expect(values(c)).toEqual([{ action: 'approval.urge', project: 'JZ-2025-0007' }]);
    expect(buttons(timelineCard({ project, outcome: 'approved', steps, entries: [], canUrge: true }))).toEqual([]);
  });

  it('a long history is cut to the latest entries and stays under 30 KB', () => {
    const c = timelineCard({
      project: longProject,
      outcome: 'pending',
      steps: Array.from({ length: 30 }, () => ({
        ...steps[0]!,
        name: nasty(500),
        offices: Array.from({ length: 10 }, () => ({ ...steps[0]!.offices[1]!, officeName: nasty(200) })),
      })),
      entries: Array.from({ length: 2000 }, (_, i) => ({
        at,
        actor: { openId: 'ou_a', name: nasty(100) },
        action: nasty(100),
        detail: `${i} ${nasty(1000)}`,
      })),
    });
    expectValid(c);
    expect(text(c)).toContain('条记录未显示');
  });
});
