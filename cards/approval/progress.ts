/**
 * 进度 <number>: the project's route with each step's status and who acted, and its history,
 * newest last, with a 催办 button for the applicant while the route is pending.
 */
import type { OfficeStatus, RouteOutcome, StepStatus } from '../../src/approval/machine.js';
import { OUTCOME_LABELS } from '../../src/approval/machine.js';
import { APPROVAL_ACTIONS } from '../../src/approval/forms.js';
import type { TimelineStepView } from '../../src/approval/progress.js';
import type { ProjectSummary, Who } from './inputs.js';
import {
  byLine,
  buttonRow,
  callbackButton,
  card,
  fit,
  formatShanghaiTime,
  lines,
  markdown,
  md,
  projectHeader,
  who,
} from './kit.js';
import { contentElements, projectBlock } from './sections.js';

export interface TimelineEntry {
  at: Date | string;
  /** null for the system (e.g. 自动提醒). */
  actor: Who | null;
  /** 提交申报 / 同意 / 转交 / 催办 … */
  action: string;
  detail?: string;
}

export interface TimelineCardInput {
  project: ProjectSummary;
  outcome: RouteOutcome;
  steps: readonly TimelineStepView[];
  entries: readonly TimelineEntry[];
  /** Show a 催办 button (the viewer is the applicant and the route is pending). */
  canUrge?: boolean;
}

const STEP_ICONS: Record<StepStatus, string> = {
  waiting: '⚪ 待办',
  pending: '🟡 办理中',
  approved: '✅ 已通过',
  returned: '↩️ 退回修改',
  rejected: '❌ 未通过',
  skipped: '➖ 未进行',
};
const OFFICE_STATUS: Record<OfficeStatus, string> = {
  pending: '待处理',
  approved: '同意',
  returned: '退回修改',
  rejected: '不同意',
};

/** The project's route with each step's status, and its history, newest last. */
export function timelineCard(o: TimelineCardInput): object {
  return fit((scale) => {
    const stepLines = o.steps.map((s, i) => {
      const offices = s.offices
        .map((f) => {
          const by = f.by ? ` ${byLine(f.by, f.onBehalfOf)}` : '';
          const at = f.at ? ` ${formatShanghaiTime(f.at)}` : '';
          return `${md(f.officeName, 30)}：${OFFICE_STATUS[f.status]}${f.status === 'pending' ? '' : `${by}${at}`}`;
        })
        .join('；');
      const mode = s.offices.length > 1 ? (s.mode === 'any' ? '（或签）' : '（会签）') : '';
      return `${i + 1}. ${STEP_ICONS[s.status]} ${md(s.name, 60 * Math.max(scale, 0.5))}${mode}${offices ? `\n　${offices}` : ''}`;
    });
    const maxEntries = Math.max(3, Math.floor(40 * scale));
    const shown = o.entries.slice(-maxEntries);
    const entryLines = shown.map((e) => {
      const actor = e.actor ? `${who(e.actor)} ` : '';
      const detail = e.detail && e.detail.trim() ? `：${md(e.detail, 120 * scale)}` : '';
      return `- ${formatShanghaiTime(e.at)} ${actor}${md(e.action, 30)}${detail}`;
    });
    if (shown.length < o.entries.length) entryLines.unshift(`…更早的 ${o.entries.length - shown.length} 条记录未显示`);
    const elements: object[] = [
      markdown(projectBlock(o.project, scale, true)),
      ...contentElements(o.project, scale),
      markdown(`**审批状态**：${OUTCOME_LABELS[o.outcome]}`),
      { tag: 'hr' },
      markdown(['**审批环节**', ...lines(stepLines, 30, 4000 * scale)].join('\n')),
      { tag: 'hr' },
      markdown(['**办理记录**', ...(entryLines.length ? entryLines : ['暂无记录'])].join('\n')),
    ];
    if (o.canUrge && o.outcome === 'pending')
      elements.push(buttonRow([callbackButton('催办', { action: APPROVAL_ACTIONS.urge, project: o.project.number })]));
    const template =
      o.outcome === 'approved'
        ? 'green'
        : o.outcome === 'rejected'
          ? 'red'
          : o.outcome === 'returned'
            ? 'orange'
            : 'blue';
    return card(projectHeader(`审批进度：${o.project.name}`, template, o.project), elements);
  });
}
