import { describe, expect, it } from 'vitest';
import { closedCard, decidedCard, handledByOtherCard } from '../../../cards/approval/index.js';
import { project, step, at, li, nasty, longProject, expectValid, buttons, values, text } from './fixtures.js';

describe('decidedCard / handledByOtherCard / closedCard', () => {
  it('shows who, when, the decision and the comment; 代 when on behalf', () => {
    const c = decidedCard({
      project,
      step,
      decision: 'return',
      by: { openId: 'ou_deputy' },
      onBehalfOf: li,
      at,
      comment: '请补充\n可行性研究报告',
      taskToken: 't',
    });
    expectValid(c);
    const s = text(c);
    expect(s).toContain('退回修改');
    expect(s).toContain('<at id=ou_deputy></at>（代李明）');
    expect(s).toContain('2025-06-03 14:05');
    expect(s).toContain('> 请补充\\n> 可行性研究报告');
    expect((c as { header: { template: string } }).header.template).toBe('orange');
    expect(values(c)).toEqual([{ action: 'approval.details', task: 't' }]);
  });

  it('the other members see 已由某某处理 and no buttons', () => {
    const c = handledByOtherCard({ project, step, by: li, decision: 'approve', at, officeName: '县智慧办' });
    expectValid(c);
    expect(text(c)).toContain('本环节已由县智慧办 李明 于 2025-06-03 14:05 处理（同意），无需您再操作');
    expect(buttons(c)).toEqual([]);
  });

  it('a closed card says why', () => {
    const c = closedCard({ project, step, reason: '县委网信办已不同意，审批流程已结束' });
    expectValid(c);
    expect(text(c)).toContain('县委网信办已不同意');
  });

  it('long inputs stay under 30 KB', () => {
    expectValid(
      decidedCard({
        project: longProject,
        step: { name: nasty(3000) },
        decision: 'reject',
        by: { openId: 'ou_a', name: nasty(400) },
        at,
        comment: nasty(20000),
      }),
    );
    expectValid(
      handledByOtherCard({
        project: longProject,
        step: { name: nasty(3000) },
        decision: 'reject',
        by: { openId: 'not an id <b>' },
        officeName: nasty(500),
      }),
    );
    expectValid(closedCard({ project: longProject, step: { name: nasty(3000) }, reason: nasty(5000) }));
  });
});
