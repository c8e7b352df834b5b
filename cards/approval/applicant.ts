/**
 * The message to the applicant and the unit group: a decision on their project (or its submission)
 * and what comes next — the next step, approval, rejection, or a return to edit and resubmit.
 */
import type { Decision } from '../../src/approval/machine.js';
import { APPROVAL_ACTIONS } from '../../src/approval/forms.js';
import type { ApplicantNext } from '../../src/approval/progress.js';
import type { ChangeSummary, FundingRecord, ProjectSummary, Who } from './inputs.js';
import { buttonRow, callbackButton, card, fit, markdown, md, money, projectHeader } from './kit.js';
import { basisText, decisionBlock, projectThen, stepLine } from './sections.js';

export interface ApplicantUpdateInput {
  project: ProjectSummary;
  /** The decision this message reports; leave out for "submitted / resubmitted". */
  decided?: {
    stepName: string;
    officeName: string;
    decision: Decision;
    by: Who;
    onBehalfOf?: Who;
    at: Date | string;
    comment?: string;
    funding?: FundingRecord;
  };
  next: ApplicantNext;
  /** Callback value of a 修改后重新提交 button, shown when the project was returned. */
  editAction?: Record<string, unknown>;
}

function changeNextBlock(
  next: ApplicantNext,
  c: ChangeSummary,
  number: string,
  scale: number,
): { text: string; template: string; title: string } {
  const basis = basisText(c.basis, scale);
  const cite = basis ? `\n**依据**：${basis}` : '';
  switch (next.kind) {
    case 'pending':
      return nextBlock(next);
    case 'approved':
      return {
        title: '变更已批准',
        template: 'green',
        text: `🎉 **变更审批已全部完成，项目总投资已调整为 ${money(c.adjustedWan)}。**${next.outputs.length ? `\n**审批结果**：${next.outputs.map((o) => md(o, 60)).join('；')}` : ''}${cite}`,
      };
    case 'rejected':
      return {
        title: '变更未获批准',
        template: 'red',
        text: `变更申请在“${md(next.stepName, 80)}”环节未获同意，项目仍按原批复（${money(c.approvedWan)}）执行。${cite}`,
      };
    case 'returned':
      return {
        title: '变更退回修改',
        template: 'orange',
        text: `变更申请在“${md(next.stepName, 80)}”环节被退回修改，项目仍按原批复执行。请按意见修改后重新发送“调整 ${md(number, 40)} 调整后总投资（万元） 理由”。${cite}`,
      };
  }
}

function nextBlock(next: ApplicantNext): { text: string; template: string; title: string } {
  switch (next.kind) {
    case 'pending': {
      const offices = next.offices.map((o) => md(o, 30)).join('、');
      return {
        title: '审批进展',
        template: 'blue',
        text: `**下一步**：第${next.position.index + 1}步/共${next.position.total}步“${md(next.stepName, 80)}”，待${offices}办理`,
      };
    }
    case 'approved': {
      const outputs = next.outputs.map((o) => md(o, 60)).join('；');
      return {
        title: '审批通过',
        template: 'green',
        text: `🎉 **审批流程已全部完成，项目已批复立项。**${outputs ? `\n**审批结果**：${outputs}` : ''}`,
      };
    }
    case 'rejected':
      return {
        title: '审批未通过',
        template: 'red',
        text: `项目在“${md(next.stepName, 80)}”环节未获同意，审批流程已终止。`,
      };
    case 'returned':
      return {
        title: '退回修改',
        template: 'orange',
        text:
          `项目在“${md(next.stepName, 80)}”环节被退回修改。请按意见修改后重新提交，` +
          (next.resubmitFrom === 'start'
            ? '重新提交后将从第一个环节重新审批。'
            : `重新提交后将从“${md(next.resumeStepName, 80)}”环节继续审批。`),
      };
  }
}

/** The message to the applicant and the unit group about a decision and what comes next. */
export function applicantUpdateCard(o: ApplicantUpdateInput): object {
  return fit((scale) => {
    const next = o.project.change
      ? changeNextBlock(o.next, o.project.change, o.project.number, scale)
      : nextBlock(o.next);
    const what = o.decided
      ? stepLine(o.decided.stepName, decisionBlock(o.decided, scale))
      : o.project.change
        ? '变更申请已提交，进入变更审批流程。'
        : '项目已提交，进入审批流程。';
    const elements = projectThen(o.project, scale, what);
    elements.push(markdown(next.text));
    const number = o.project.number;
    const buttons = [callbackButton('查看进度', { action: APPROVAL_ACTIONS.timeline, project: number })];
    if (o.next.kind === 'pending')
      buttons.push(callbackButton('催办', { action: APPROVAL_ACTIONS.urge, project: number }));
    if (o.next.kind === 'returned' && o.editAction)
      buttons.unshift(callbackButton('修改后重新提交', o.editAction, { type: 'primary_filled' }));
    elements.push(buttonRow(buttons));
    return card(projectHeader(`${next.title}：${o.project.name}`, next.template, o.project), elements);
  });
}
