import { describe, expect, it } from 'vitest';
import { financeCard } from '../../../cards/approval/index.js';
import { project, nasty, longProject, expectValid, all, values, text } from './fixtures.js';

describe('financeCard', () => {
  it('amount in 万元, a fund channel select and 确认安排资金; 退回 and 不同意 as on the approval card', () => {
    const c = financeCard({
      project,
      task: 'tok',
      step: { name: '县财政局安排、拨付资金', article: 4 },
      suggestedAmountWan: 180.5,
    });
    expectValid(c);
    expect(all(c, (o) => o.tag === 'input' && o.name === 'amount_wan')[0]).toMatchObject({ default_value: '180.5' });
    const select = all(c, (o) => o.tag === 'select_static')[0]!;
    expect(select.name).toBe('fund_channel');
    expect((select.options as unknown[]).length).toBeGreaterThan(1);
    expect(values(c)).toEqual([
      { action: 'approval.finance', task: 'tok' },
      { action: 'approval.decide', decision: 'return', task: 'tok' },
      { action: 'approval.decide', decision: 'reject', task: 'tok' },
      { action: 'approval.details', task: 'tok' },
    ]);
    expect(text(c)).toContain('第四条');
  });

  it('long inputs stay under 30 KB', () => {
    expectValid(
      financeCard({
        project: longProject,
        task: 'tok',
        channels: Array.from({ length: 200 }, (_, i) => `${i}${nasty(100)}`),
      }),
    );
  });
});
