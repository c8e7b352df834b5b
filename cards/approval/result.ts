/**
 * The approval card once nobody needs to act on it any more: after its approver decided, when
 * another member of the office did, or when the step closed for another reason.
 */
import type { Decision } from '../../src/approval/machine.js';
import { DECISION_LABELS } from '../../src/approval/machine.js';
import { APPROVAL_ACTIONS } from '../../src/approval/forms.js';
import type { FundingRecord, ProjectSummary, Who } from './inputs.js';
import { byLine, buttonRow, callbackButton, card, fit, formatShanghaiTime, md, projectHeader } from './kit.js';
import { DECISION_TEMPLATES, decisionBlock, projectThen, stepLine } from './sections.js';

export interface DecidedCardInput {
  project: ProjectSummary;
  step: { name: string };
  decision: Decision;
  by: Who;
  at: Date | string;
  comment?: string;
  onBehalfOf?: Who;
  /** Keeps a 查看详情 button when given. */
  taskToken?: string;
  funding?: FundingRecord;
}

/** The project, then what happened at its step (`text`), and the buttons if any. */
function stepResultCard(o: {
  project: ProjectSummary;
  stepName: string;
  title: string;
  template: string;
  text: (scale: number) => string;
  buttons?: object[];
}): object {
  return fit((scale) =>
    card(projectHeader(o.title, o.template, o.project), [
      ...projectThen(o.project, scale, stepLine(o.stepName, o.text(scale))),
      ...(o.buttons ? [buttonRow(o.buttons)] : []),
    ]),
  );
}

/** The approver's card after they acted: who, when, decision, comment. */
export function decidedCard(o: DecidedCardInput): object {
  return stepResultCard({
    project: o.project,
    stepName: o.step.name,
    title: `${DECISION_LABELS[o.decision]}：${o.project.name}`,
    template: DECISION_TEMPLATES[o.decision],
    text: (scale) => decisionBlock(o, scale),
    buttons: o.taskToken
      ? [callbackButton('查看详情', { action: APPROVAL_ACTIONS.details, task: o.taskToken })]
      : undefined,
  });
}

export interface HandledByOtherCardInput {
  project: ProjectSummary;
  step: { name: string };
  by: Who;
  decision: Decision;
  at?: Date | string;
  onBehalfOf?: Who;
  officeName?: string;
}

/** The card of the other members of the office: 已由某某处理. */
export function handledByOtherCard(o: HandledByOtherCardInput): object {
  const when = o.at ? `于 ${formatShanghaiTime(o.at)} ` : '';
  const office = o.officeName ? `${md(o.officeName, 30)} ` : '';
  return stepResultCard({
    project: o.project,
    stepName: o.step.name,
    title: `已由他人处理：${o.project.name}`,
    template: 'grey',
    text: () =>
      `本环节已由${office}${byLine(o.by, o.onBehalfOf)} ${when}处理（${DECISION_LABELS[o.decision]}），无需您再操作。`,
  });
}

/**
 * A card that no longer needs action for another reason: the other office of a 或签 step approved,
 * another office of a 会签 step refused or returned, or the project was resubmitted.
 */
export function closedCard(o: { project: ProjectSummary; step: { name: string }; reason: string }): object {
  return stepResultCard({
    project: o.project,
    stepName: o.step.name,
    title: `无需处理：${o.project.name}`,
    template: 'grey',
    text: () => `${md(o.reason, 200)}，无需您再操作。`,
  });
}
