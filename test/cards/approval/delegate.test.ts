import { describe, expect, it } from 'vitest';
import { delegateCard } from '../../../cards/approval/index.js';
import { project, step, li, nasty, longProject, expectValid, all, buttons, values, text } from './fixtures.js';

describe('delegateCard', () => {
  it('a select of colleagues, a note and 确认转交', () => {
    const c = delegateCard({ task: 'tok', colleagues: [li, { openId: 'ou_jzZhbWang', name: '王芳' }], project, step });
    expectValid(c);
    const select = all(c, (o) => o.tag === 'select_static')[0]!;
    expect(select).toMatchObject({ name: 'delegate_to' });
    expect((select.options as { value: string }[]).map((o) => o.value)).toEqual(['ou_jzZhbLi', 'ou_jzZhbWang']);
    expect(all(c, (o) => o.tag === 'input')[0]).toMatchObject({ name: 'delegate_note' });
    expect(values(c)).toEqual([{ action: 'approval.delegate.confirm', task: 'tok' }]);
  });

  it('without names it lets Lark show the people (select_person); with nobody it says so', () => {
    const c = delegateCard({ task: 'tok', colleagues: [{ openId: 'ou_a' }, { openId: 'ou_b', name: 'B' }] });
    expectValid(c);
    expect(all(c, (o) => o.tag === 'select_person')[0]).toMatchObject({
      options: [{ value: 'ou_a' }, { value: 'ou_b' }],
    });
    const none = delegateCard({ task: 'tok', colleagues: [] });
    expectValid(none);
    expect(buttons(none)).toEqual([]);
    expect(text(none)).toContain('没有可转交的同事');
  });

  it('many colleagues with long names stay under 30 KB', () => {
    expectValid(
      delegateCard({
        task: 'tok',
        project: longProject,
        step: { name: nasty(2000) },
        colleagues: Array.from({ length: 500 }, (_, i) => ({ openId: `ou_${i}`, name: nasty(200) })),
      }),
    );
  });
});
