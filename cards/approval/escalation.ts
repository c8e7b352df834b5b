/**
 * 催办 / 加急 / 督办: the applicant urging a step, a step past its limit (to the approvers), and a
 * step still waiting after that (to the office's leaders).
 */
import { APPROVAL_ACTIONS } from '../../src/approval/forms.js';
import { chineseDate } from '../../src/calendar.js';
import type { LocalDate } from '../../src/rules/types.js';
import type { ProjectSummary, Who } from './inputs.js';
import { buttonRow, callbackButton, card, fit, formatShanghaiTime, md, projectHeader, who } from './kit.js';
import { projectThen } from './sections.js';

export interface EscalationMessageInput {
  /** urge: the applicant urged; urgent: past the limit (加急, to the approvers); leader: to the office's leaders. */
  level: 'urge' | 'urgent' | 'leader';
  project: ProjectSummary;
  step: { name: string };
  officeName: string;
  /** When the step started waiting for this office. */
  since: Date | string;
  pendingWorkingDays: number;
  limitWorkingDays: number;
  dueOn?: LocalDate;
  /** Who urged (level urge). */
  urgedBy?: Who;
  /** The office's approvers (named to the leader). */
  approvers?: readonly Who[];
  /** Task token of the recipient's approval card, for a 查看详情 button (approvers only). */
  task?: string;
}

/** 催办 / 加急 / 督办 message. */
export function escalationMessage(o: EscalationMessageInput): object {
  return fit((scale) => {
    const stepText = `“${md(o.step.name, 80)}”`;
    const waited = `已于 ${formatShanghaiTime(o.since)} 送达${md(o.officeName, 30)}，已等待 ${o.pendingWorkingDays} 个工作日`;
    const due = o.dueOn
      ? `（办理时限 ${o.limitWorkingDays} 个工作日，应于${chineseDate(o.dueOn)}前办结）`
      : `（办理时限 ${o.limitWorkingDays} 个工作日）`;
    let title: string;
    let template: string;
    let text: string;
    switch (o.level) {
      case 'urge':
        title = `催办：${o.project.name}`;
        template = 'orange';
        text = `${o.urgedBy ? `${who(o.urgedBy)} ` : '建设单位'}催办：项目${stepText}环节${waited}，请尽快处理。`;
        break;
      case 'urgent':
        title = `【加急】待审批已超期：${o.project.name}`;
        template = 'red';
        text = `项目${stepText}环节${waited}，已超过办理时限${due}，请立即处理。`;
        break;
      case 'leader': {
        title = `督办提醒：${o.project.name}`;
        template = 'red';
        const approvers = (o.approvers ?? [])
          .slice(0, Math.max(5, Math.floor(30 * scale)))
          .map(who)
          .join('、');
        text = `贵部门的项目${stepText}环节${waited}，已超过办理时限${due}，经加急提醒后仍未办理。${approvers ? `请督促${approvers}尽快处理。` : '请督促尽快处理。'}`;
        break;
      }
    }
    const elements = projectThen(o.project, scale, text);
    if (o.task && o.level !== 'leader')
      elements.push(buttonRow([callbackButton('查看详情', { action: APPROVAL_ACTIONS.details, task: o.task })]));
    return card(projectHeader(title, template, o.project), elements);
  });
}
