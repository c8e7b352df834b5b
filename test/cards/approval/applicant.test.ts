import { describe, expect, it } from 'vitest';
import { applicantUpdateCard } from '../../../cards/approval/index.js';
import type { ApplicantNext } from '../../../src/approval/progress.js';
import { project, step, at, li, nasty, longProject, expectValid, values, text } from './fixtures.js';

describe('applicantUpdateCard', () => {
  const decided = { stepName: step.name, officeName: '县智慧办', decision: 'approve' as const, by: li, at };

  it('pending: the next step and its offices, with 查看进度 and 催办', () => {
    const c = applicantUpdateCard({
      project,
      decided,
      next: {
        kind: 'pending',
        stepName: '县智慧办形成书面审核意见',
        offices: ['县智慧办'],
        position: { index: 1, total: 5 },
      },
    });
    expectValid(c);
    expect(text(c)).toContain('第2步/共5步“县智慧办形成书面审核意见”，待县智慧办办理');
    expect(values(c)).toEqual([
      { action: 'approval.timeline', project: 'JZ-2025-0007' },
      { action: 'approval.urge', project: 'JZ-2025-0007' },
    ]);
  });

  it('returned: where resubmission resumes, and the edit button when given', () => {
    const next: ApplicantNext = {
      kind: 'returned',
      stepName: '市数据局联合评审',
      resubmitFrom: 'returning_step',
      resumeStepName: '市数据局联合评审',
    };
    const c = applicantUpdateCard({
      project,
      decided: { ...decided, decision: 'return', comment: '补充密评方案' },
      next,
      editAction: { action: 'project.edit', project: 'JZ-2025-0007' },
    });
    expectValid(c);
    expect(text(c)).toContain('重新提交后将从“市数据局联合评审”环节继续审批');
    expect(text(c)).toContain('补充密评方案');
    expect(values(c)[0]).toEqual({ action: 'project.edit', project: 'JZ-2025-0007' });
    const fromStart = applicantUpdateCard({ project, next: { ...next, resubmitFrom: 'start' } });
    expect(text(fromStart)).toContain('重新提交后将从第一个环节重新审批');
  });

  it('approved and rejected; submitted without a decision', () => {
    const ok = applicantUpdateCard({
      project,
      decided,
      next: { kind: 'approved', outputs: ['审核意见', '县政府批准'] },
    });
    expectValid(ok);
    expect(text(ok)).toContain('审核意见；县政府批准');
    expect((ok as { header: { template: string } }).header.template).toBe('green');
    const no = applicantUpdateCard({
      project,
      decided: { ...decided, decision: 'reject', comment: '不符合规划' },
      next: { kind: 'rejected', stepName: '报县政府批准' },
    });
    expectValid(no);
    expect(text(no)).toContain('审批流程已终止');
    const submitted = applicantUpdateCard({
      project,
      next: {
        kind: 'pending',
        stepName: step.name,
        offices: ['县智慧办', '县委网信办'],
        position: { index: 0, total: 5 },
      },
    });
    expect(text(submitted)).toContain('项目已提交，进入审批流程');
  });

  it('long inputs stay under 30 KB', () => {
    expectValid(
      applicantUpdateCard({
        project: longProject,
        decided: {
          stepName: nasty(2000),
          officeName: nasty(500),
          decision: 'return',
          by: { openId: 'ou_a', name: nasty(300) },
          at,
          comment: nasty(20000),
        },
        next: {
          kind: 'pending',
          stepName: nasty(2000),
          offices: Array.from({ length: 100 }, () => nasty(100)),
          position: { index: 0, total: 1 },
        },
      }),
    );
    expectValid(
      applicantUpdateCard({
        project: longProject,
        next: { kind: 'approved', outputs: Array.from({ length: 100 }, () => nasty(300)) },
      }),
    );
  });
});
