import { describe, expect, it } from 'vitest';
import { approvalCard } from '../../../cards/approval/index.js';
import {
  project,
  step,
  li,
  nasty,
  longProject,
  expectValid,
  all,
  buttons,
  values,
  text,
  type Obj,
} from './fixtures.js';

describe('approvalCard', () => {
  it('a notify step (金寨 审核意见反馈至建设单位) is confirmed with one button: no 退回修改, no 不同意', () => {
    const c = approvalCard({
      project,
      step: { ...step, kind: 'notify', name: '县智慧办将审核意见反馈至建设单位' },
      findings: [],
      materials: [],
      taskToken: 'tok-n',
    });
    expectValid(c);
    const labels = buttons(c).map((b) => (b.text as Obj).content);
    expect(labels).toContain('已反馈建设单位');
    expect(labels).not.toContain('不同意');
    expect(labels).not.toContain('退回修改');
  });

  it('missing materials are a warning, and 退回修改 comes pre-filled asking for them', () => {
    const c = approvalCard({
      project,
      step,
      findings: [],
      materials: [
        { name: '申报表', attached: true, generated: true },
        { name: '项目建设方案', attached: false },
      ],
      taskToken: 'tok-m',
    });
    const s = JSON.stringify(c);
    expect(s).not.toContain('未发现问题');
    expect(s).toContain('已附 1/2');
    expect(s).toContain('请补充申报材料：“项目建设方案”');
  });

  const card = approvalCard({
    project,
    step,
    findings: [{ level: 'warning', message: '项目投资额100万元以上的，应当委托工程监理', article: 12 }],
    materials: [
      { name: '项目建设方案', attached: true },
      { name: '现有资源情况', attached: false },
    ],
    taskToken: 'tok-1',
  });

  it('is valid Card JSON 2.0', () => expectValid(card));

  it('has a comment box and 同意 / 退回修改 / 不同意 as form submits, then 详情 and 转交', () => {
    const form = all(card, (o) => o.tag === 'form')[0]!;
    const input = all(form, (o) => o.tag === 'input')[0]!;
    expect(input).toMatchObject({ name: 'comment', input_type: 'multiline_text' });
    const submits = buttons(form).filter((b) => b.form_action_type === 'submit');
    expect(submits.map((b) => (b.text as { content: string }).content)).toEqual(['同意', '退回修改', '不同意']);
    expect(values(card)).toEqual([
      { action: 'approval.decide', decision: 'approve', task: 'tok-1' },
      { action: 'approval.decide', decision: 'return', task: 'tok-1' },
      { action: 'approval.decide', decision: 'reject', task: 'tok-1' },
      { action: 'approval.details', task: 'tok-1' },
      { action: 'approval.delegate', task: 'tok-1' },
    ]);
  });

  it('shows the summary, step, 会签, article, warnings and materials, with user text escaped', () => {
    const s = text(card);
    expect(s).toContain('&#42;&#42;紧急&#42;&#42; 智慧教育平台'); // escaped in markdown, then in JSON
    expect(s).toContain('第1步/共5步');
    expect(s).toContain('会签（县智慧办、县委网信办均须同意）');
    expect(s).toContain('第九条');
    expect(s).toContain('应当委托工程监理（第十二条）');
    expect(s).toContain('✅ 项目建设方案');
    expect(s).toContain('❌ 现有资源情况（未附）');
    expect(s).toContain('已附 1/2');
    expect(s).toContain('2025年6月6日前');
    expect(s).toContain('180.5 万元');
  });

  it('tells a deputy whom they act for', () => {
    const c = approvalCard({
      project,
      step,
      findings: [],
      materials: [],
      taskToken: 't',
      onBehalfOf: li,
      transferNote: '出差，请代审',
    });
    expectValid(c);
    expect(text(c)).toContain('您代李明办理此项审批，说明：出差，请代审');
    expect(text(c)).toContain('未发现问题');
  });

  it('stays valid and under 30 KB with very long inputs', () => {
    const c = approvalCard({
      project: longProject,
      step: {
        ...step,
        name: nasty(2000),
        produces: nasty(2000),
        quote: nasty(3000),
        offices: Array.from({ length: 50 }, () => nasty(100)),
      },
      findings: Array.from(
        { length: 300 },
        (_, i) => ({ level: i % 2 ? 'warning' : 'blocker', message: nasty(1000), article: 10 }) as const,
      ),
      materials: Array.from({ length: 500 }, (_, i) => ({ name: nasty(300), attached: i % 3 === 0 })),
      taskToken: 'x'.repeat(300),
      onBehalfOf: { openId: 'ou_x', name: nasty(500) },
      transferNote: nasty(3000),
    });
    expectValid(c);
    expect(text(c)).toContain('另有');
  });
});
