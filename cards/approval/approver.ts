/**
 * The card an approver acts on: the project, the step and its basis, compliance warnings, the
 * materials, a comment box and 同意 / 退回修改 / 不同意 (or 已反馈建设单位 on a notify step).
 */
import type { Decision } from '../../src/approval/machine.js';
import { APPROVAL_ACTIONS, APPROVAL_FIELDS, COMMENT_MAX_CHARS, NOTE_MAX_CHARS } from '../../src/approval/forms.js';
import { chineseDate } from '../../src/calendar.js';
import { articleLabel } from '../../src/rules/articles.js';
import type { FindingLine, MaterialLine, ProjectSummary, StepInfo, Who } from './inputs.js';
import { buttonRow, callbackButton, card, clipKeepLines, fit, lines, markdown, md, projectHeader, who } from './kit.js';
import { contentElements, modeText, projectBlock, rejectWarning } from './sections.js';

export interface ApprovalCardInput {
  project: ProjectSummary;
  step: StepInfo;
  findings: readonly FindingLine[];
  materials: readonly MaterialLine[];
  taskToken: string;
  /** Set on a card sent to a deputy or transferee: whom they act for. */
  onBehalfOf?: Who;
  /** The note of a 转交, shown to the transferee. */
  transferNote?: string;
}

function stepBlock(step: StepInfo, scale: number): string {
  const pos = step.position ? `（第${step.position.index + 1}步/共${step.position.total}步）` : '';
  const rows = [`**当前环节**${pos}：${md(step.name, 80)}`, `**需出具**：${md(step.produces, 80)}`];
  const mode = modeText(step);
  if (mode) rows.push(`**办理方式**：${mode}`);
  if (step.dueOn) rows.push(`**办理时限**：${chineseDate(step.dueOn)}前`);
  const basis = step.quote
    ? `${articleLabel(step.article)}：“${md(step.quote, 160 * scale)}”`
    : articleLabel(step.article);
  rows.push(`**依据**：${basis}`);
  return rows.join('\n');
}

function findingsBlock(findings: readonly FindingLine[], missing: readonly MaterialLine[], scale: number): string {
  if (findings.length === 0 && missing.length === 0) return '**合规提示**：未发现问题';
  if (findings.length === 0) return `**合规提示**：⚠️ 缺少 ${missing.length} 项申报材料，见下`;
  const items = findings.map(
    (f) => `${f.level === 'blocker' ? '⛔' : '⚠️'} ${md(f.message, 200 * scale)}（${articleLabel(f.article)}）`,
  );
  return [`**合规提示**（${findings.length}项）`, ...lines(items, 15 * scale, 2000 * scale)].join('\n');
}

function materialsBlock(materials: readonly MaterialLine[], scale: number): string {
  if (materials.length === 0) return '**申报材料**：无';
  const attached = materials.filter((m) => m.attached).length;
  const items = materials.map((m) =>
    m.attached
      ? `✅ ${md(m.name, 80 * scale)}${m.generated ? '（由申报表生成）' : ''}`
      : `<font color='red'>❌ ${md(m.name, 80 * scale)}（未附）</font>`,
  );
  const head = `**申报材料**（已附 ${attached}/${materials.length}）`;
  const warn =
    attached < materials.length
      ? `\n<font color='red'>⚠️ 缺少 ${materials.length - attached} 项必备材料，可退回修改要求补充</font>`
      : '';
  return [head + warn, ...lines(items, 25 * scale, 1500 * scale)].join('\n');
}

/** The comment a 退回修改 for missing materials needs, typed in for the reviewer. */
export function missingMaterialsComment(materials: readonly MaterialLine[]): string {
  const missing = materials.filter((m) => !m.attached).map((m) => `“${m.name}”`);
  return missing.length ? `请补充申报材料：${missing.join('、')}。` : '';
}

/**
 * The card an approver acts on: project summary, step, compliance warnings, materials, a comment
 * box and 同意 / 退回修改 / 不同意 (a form: the comment comes back in form_value.comment), then
 * 查看详情 and 转交. Buttons carry `{action, decision?, task}`.
 */
export function approvalCard(o: ApprovalCardInput): object {
  const task = o.taskToken;
  return fit((scale) => {
    const elements: object[] = [];
    if (o.onBehalfOf) {
      const note =
        o.transferNote && o.transferNote.trim() ? `，说明：${md(o.transferNote, NOTE_MAX_CHARS * scale)}` : '';
      elements.push(markdown(`📌 您代${who(o.onBehalfOf)}办理此项审批${note}`));
    }
    elements.push(markdown(projectBlock(o.project, scale, true)));
    elements.push(...contentElements(o.project, scale));
    elements.push({ tag: 'hr' });
    elements.push(markdown(stepBlock(o.step, scale)));
    const notify = o.step.kind === 'notify';
    if (!o.project.change && !notify) {
      const missing = o.materials.filter((m) => !m.attached);
      elements.push(markdown(findingsBlock(o.findings, missing, scale)));
      elements.push(markdown(materialsBlock(o.materials, scale)));
    }
    const prefill =
      notify || o.project.change ? '' : clipKeepLines(missingMaterialsComment(o.materials), COMMENT_MAX_CHARS * scale);
    const comment = {
      tag: 'input',
      name: APPROVAL_FIELDS.comment,
      input_type: 'multiline_text',
      rows: 3,
      auto_resize: true,
      max_length: COMMENT_MAX_CHARS,
      placeholder: { tag: 'plain_text', content: notify ? '反馈说明（选填）' : '审批意见（退回修改、不同意时必填）' },
      ...(prefill ? { default_value: prefill } : {}),
    };
    const decide = (decision: Decision) => ({ action: APPROVAL_ACTIONS.decide, decision, task });
    const buttons = notify
      ? [callbackButton('已反馈建设单位', decide('approve'), { type: 'primary_filled', name: 'approve', submit: true })]
      : [
          callbackButton('同意', decide('approve'), { type: 'primary_filled', name: 'approve', submit: true }),
          callbackButton('退回修改', decide('return'), { name: 'return', submit: true }),
          callbackButton('不同意', decide('reject'), {
            type: 'danger',
            name: 'reject',
            submit: true,
            confirm: { title: '确认不同意？', text: rejectWarning(o.project) },
          }),
        ];
    if (notify)
      elements.push(
        markdown(
          '本环节为告知环节：把审核意见反馈给建设单位后点“已反馈建设单位”。审核意见书已随审批结果发给建设单位。',
        ),
      );
    elements.push({ tag: 'form', name: 'approval_form', elements: [comment, buttonRow(buttons)] });
    elements.push(
      buttonRow([
        callbackButton('查看详情', { action: APPROVAL_ACTIONS.details, task }),
        callbackButton('转交', { action: APPROVAL_ACTIONS.delegate, task }),
      ]),
    );
    return card(
      projectHeader(`${o.project.change ? '待审批（项目变更）' : '待审批'}：${o.project.name}`, 'blue', o.project),
      elements,
    );
  });
}
