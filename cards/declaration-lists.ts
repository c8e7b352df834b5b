/**
 * The declaration's list and notice cards (Card JSON 2.0): submitted, 我的草稿, 我的项目, the card
 * that files a received document as a material, and the card for someone in no unit.
 *
 * Callback values: `{action:'draft.resume', draftId}`, `{action:'draft.delete', draftId}`,
 * `{action:'approval.timeline', project}`, `{action:'lifecycle.form', projectId}`,
 * `{action:'project.export', number}`,
 * `{action:'material.assign', fileMessageId}` with `form_value.target` = `draft:<id>` |
 * `project:<id>` and `form_value.material` = the material id.
 */
import { APPROVAL_ACTIONS } from '../src/approval/forms.js';
import { chineseDate } from '../src/calendar.js';
import { articleLabel } from '../src/rules/articles.js';
import type { LocalDate } from '../src/rules/types.js';
import { button, buttonRow, card, clip, colored, md, mention, plain, shanghaiDateTime } from './declaration-kit.js';
import { escapeMarkdown } from './markdown.js';

export function submittedCard(o: {
  number: string;
  name: string;
  regionName: string;
  status: string;
  nextStep: string;
}): object {
  const lines = [
    `**项目编号**：${escapeMarkdown(o.number)}`,
    `**项目名称**：${escapeMarkdown(clip(o.name, 200))}`,
    `**所属地区**：${escapeMarkdown(o.regionName)}`,
    `**状态**：${escapeMarkdown(o.status)}`,
    `**下一步**：${escapeMarkdown(o.nextStep)}`,
  ];
  return card({
    title: '申报已提交',
    subtitle: o.number,
    template: 'green',
    elements: [
      md(lines.join('\n')),
      md(colored('审核进展会通知你；发送“我的项目”可随时查看。', 'grey'), { notation: true }),
    ],
  });
}

export interface DraftEntry {
  id: number | string;
  title: string;
  kindLabel: string;
  /** ISO instant. */
  updatedAt: string;
  /** 0-based step the draft is on; `stepCount` or more means it is ready for review. */
  step: number;
  stepCount: number;
}

/** 10 components per draft: 15 stay well under the 200 a card may hold. */
const MAX_LISTED = 15;

export function draftsListCard(drafts: readonly DraftEntry[]): object {
  const elements: object[] = [];
  if (drafts.length === 0) {
    elements.push(md('暂无未完成的申报草稿。发送“申报”开始新的申报。'));
  }
  for (const d of drafts.slice(0, MAX_LISTED)) {
    const progress =
      d.stepCount === 0
        ? '未选择类型'
        : d.step >= d.stepCount
          ? '已填完，待核对提交'
          : `第${d.step + 1}步/共${d.stepCount}步`;
    elements.push(
      md(
        `**${escapeMarkdown(clip(d.title || '（未命名项目）', 80))}**\n${escapeMarkdown(d.kindLabel)} · ${progress} · 更新于${shanghaiDateTime(d.updatedAt)}`,
      ),
    );
    elements.push(
      buttonRow([
        button('继续填写', { action: 'draft.resume', draftId: d.id }, { type: 'primary' }),
        button(
          '删除',
          { action: 'draft.delete', draftId: d.id },
          {
            type: 'danger',
            confirm: {
              title: '删除草稿',
              text: `确定删除“${clip(d.title || '未命名项目', 40)}”的草稿？删除后不能恢复。`,
            },
          },
        ),
      ]),
    );
  }
  if (drafts.length > MAX_LISTED)
    elements.push(md(`另有 ${drafts.length - MAX_LISTED} 份草稿未列出。`, { notation: true }));
  return card({ title: '我的草稿', subtitle: `${drafts.length}份未提交`, elements });
}

export interface ProjectEntry {
  /** The project's id: the 报告进展 button opens its report form. */
  id?: number;
  number: string;
  name: string;
  stageLabel: string;
  /** The most pressing open deadline (reminders' order: overdue, due today, then by last day). */
  nextDeadline?: { obligation: string; due: LocalDate; article: number; overdue?: boolean };
  /** Approved (or halted after approval): the unit reports its progress. */
  reportable?: boolean;
}

/** A text line and 3 buttons per project (8 components): 15 stay well under the 200 a card may hold. */
const MAX_PROJECTS = 15;

function deadlineLine(d: NonNullable<ProjectEntry['nextDeadline']>): string {
  const due = /^\d{4}-\d{2}-\d{2}$/.test(d.due) ? chineseDate(d.due) : escapeMarkdown(d.due);
  const text = `${escapeMarkdown(clip(d.obligation, 80))}，${due}前（${articleLabel(d.article)}）`;
  return d.overdue ? `${colored('已逾期', 'red')}：${text}` : `下一期限：${text}`;
}

/**
 * 我的项目: each project with its stage, its next deadline and the buttons 进度 (the approval trail,
 * sent privately), 报告进展 (once approved: the report form in place) and 导出申报表 (the .docx).
 */
export function myProjectsCard(projects: readonly ProjectEntry[]): object {
  const elements: object[] = [];
  if (projects.length === 0) elements.push(md('本单位暂无已提交的项目。发送“申报”开始申报。'));
  for (const p of projects.slice(0, MAX_PROJECTS)) {
    const head = `**${escapeMarkdown(p.number)}** ${escapeMarkdown(clip(p.name, 80))}`;
    const due = p.nextDeadline ? deadlineLine(p.nextDeadline) : '下一期限：暂无';
    elements.push(md(`${head}\n当前阶段：${escapeMarkdown(p.stageLabel)}\n${due}`));
    const buttons = [button('进度', { action: APPROVAL_ACTIONS.timeline, project: p.number })];
    if (p.reportable && p.id !== undefined)
      buttons.push(button('报告进展', { action: 'lifecycle.form', projectId: p.id }, { type: 'primary' }));
    buttons.push(button('导出申报表', { action: 'project.export', number: p.number }));
    elements.push(buttonRow(buttons));
  }
  if (projects.length > MAX_PROJECTS)
    elements.push(md(`另有 ${projects.length - MAX_PROJECTS} 个项目未列出。`, { notation: true }));
  return card({ title: '我的项目', subtitle: `${projects.length}个项目`, elements });
}

export function materialAssignCard(o: {
  fileName: string;
  fileMessageId: string;
  targets: readonly { kind: 'draft' | 'project'; id: number | string; label: string }[];
  materials: readonly { id: string; name: string }[];
}): object {
  const seenT = new Set<string>();
  const targetOptions = o.targets
    .map((t) => ({ text: plain(clip(t.label, 60)), value: `${t.kind}:${t.id}` }))
    .filter((op) => !seenT.has(op.value) && seenT.add(op.value));
  const seenM = new Set<string>();
  const materialOptions = o.materials
    .map((m) => ({ text: plain(clip(m.name, 60)), value: m.id }))
    .filter((op) => !seenM.has(op.value) && seenM.add(op.value))
    .slice(0, 100);
  const form = {
    tag: 'form',
    name: 'material_form',
    elements: [
      md('**属于哪个项目**'),
      {
        tag: 'select_static',
        name: 'target',
        width: 'fill',
        placeholder: plain('选择申报草稿或项目'),
        options: targetOptions,
        ...(targetOptions.length === 1 ? { initial_index: 1 } : {}),
      },
      md('**是哪项材料**'),
      {
        tag: 'select_static',
        name: 'material',
        width: 'fill',
        placeholder: plain('选择材料'),
        options: materialOptions,
      },
      button(
        '归档',
        { action: 'material.assign', fileMessageId: o.fileMessageId },
        { submit: true, type: 'primary_filled', name: 'btn__assign' },
      ),
    ],
  };
  return card({
    title: '归档申报材料',
    subtitle: clip(o.fileName, 60),
    elements: [md(`收到文件“${escapeMarkdown(clip(o.fileName, 100))}”。请选择它属于哪个项目的哪项材料：`), form],
  });
}

/** For someone the directory lists in no unit: who can add them. `admins` are open_ids, mentioned. */
export function notInUnitCard(o: { contacts: readonly string[]; admins?: readonly string[] }): object {
  const lines = o.contacts.slice(0, 30).map((c) => `- ${escapeMarkdown(c)}`);
  const ats = (o.admins ?? []).map(mention).filter((s) => s !== '');
  const elements: object[] = [md('你还不在任何申报单位的名单中，暂时不能申报项目。')];
  if (lines.length > 0) elements.push(md(`请联系以下部门把你加入所在单位：\n${lines.join('\n')}`));
  if (ats.length > 0) elements.push(md(`或联系管理员：${ats.join(' ')}`));
  if (lines.length === 0 && ats.length === 0) elements.push(md('请联系本地区的政务信息化主管部门或机器人管理员。'));
  return card({ title: '无法申报', template: 'orange', elements });
}
