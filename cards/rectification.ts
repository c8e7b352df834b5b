/** 整改: the notice, the unit's report form, the reviewer's review, the proposal of the next rung (Card JSON 2.0). */
import {
  rectificationStateName,
  type EscalationProposal,
  type Rectification,
  type RectificationStep,
} from '../src/lifecycle/rectification.js';
import type { LocalDate, RulePack } from '../src/rules/types.js';
import { escapeMarkdown } from './markdown.js';
import { basisLine, button, buttonRow, card, dateText, hr, md, projectLine, textInput } from './lifecycle-common.js';
import type { CardProject } from './lifecycle-common.js';

function problemElements(pack: RulePack, rect: Rectification, today: LocalDate): object[] {
  const out: object[] = [md('**存在的问题**')];
  rect.problems.forEach((p, i) => {
    out.push(md(`${i + 1}. ${escapeMarkdown(p.message)}`));
  });
  return out.concat(basisElements(pack, rect, today));
}

function basisElements(pack: RulePack, rect: Rectification, today: LocalDate): object[] {
  return rect.basis
    .map((b) => md(basisLine(pack, b.article, b.quote, today), true))
    .filter((e) => (e as { content: string }).content !== '');
}

function deadlineText(rect: Rectification): string {
  return `${dateText(rect.deadline)}${rect.provisional ? '（该年度节假日安排尚未公布，日期为暂估）' : ''}`;
}

/** The notice to the unit: the problems, the legal basis, the deadline; a button to answer with a 整改报告. */
export function rectificationNoticeCard(o: {
  pack: RulePack;
  project: CardProject;
  rect: Rectification;
  /** How the reviewer office signs, e.g. 县智慧办 (default: the pack's name for the reviewer). */
  issuer?: string;
  today: LocalDate;
}): object {
  const { pack, project, rect, today } = o;
  const issuer = o.issuer ?? pack.roleNames.reviewer ?? '主管部门';
  const elements: object[] = [
    md(`${projectLine(project)}\n**整改期限**：${deadlineText(rect)}\n**状态**：${rectificationStateName(rect.state)}`),
    ...problemElements(pack, rect, today),
  ];
  if (rect.state === 'issued' || rect.state === 'returned') {
    elements.push(
      hr(),
      buttonRow([
        button(
          '提交整改报告',
          { action: 'rect.report', mode: 'open', rectificationId: rect.id, projectId: project.id },
          'primary',
        ),
      ]),
    );
  }
  return card(`整改通知（${issuer}）`, 'red', elements);
}

/**
 * The unit's form: what was done (text) and 上传材料 (the files sent next are the report's
 * materials). The form's values come back as `form_value.report_text`.
 */
export function rectificationReportCard(o: {
  project: CardProject;
  rect: Rectification;
  /** Names of the materials already uploaded for this report. */
  uploaded?: readonly string[];
  /** A message from a rejected submission. */
  error?: string;
  draftText?: string;
}): object {
  const { project, rect } = o;
  const elements: object[] = [md(`${projectLine(project)}\n**整改期限**：${deadlineText(rect)}`)];
  const lastReturn = [...rect.history]
    .reverse()
    .find((s): s is Extract<RectificationStep, { action: 'return' }> => s.action === 'return');
  if (rect.state === 'returned' && lastReturn) elements.push(md(`**退回意见**：${escapeMarkdown(lastReturn.reason)}`));
  if (o.error) elements.push(md(`<font color='red'>${escapeMarkdown(o.error)}</font>`));
  if (o.uploaded && o.uploaded.length > 0) {
    elements.push(md(`**已上传材料**：\n${o.uploaded.map((n) => `- ${escapeMarkdown(n)}`).join('\n')}`));
  }
  const input = textInput({
    name: 'report_text',
    lines: 5,
    maxLength: 1000,
    placeholder: '逐条说明整改措施和结果',
    label: '整改情况',
    value: o.draftText,
  });
  elements.push({
    tag: 'form',
    name: 'rect_report_form',
    elements: [
      input,
      button(
        '提交整改报告',
        { action: 'rect.report', mode: 'submit', rectificationId: rect.id, projectId: project.id },
        'primary',
        {
          name: 'rect_report_submit',
          form_action_type: 'submit',
        },
      ),
    ],
  });
  elements.push(
    buttonRow([
      button('上传材料', { action: 'rect.report', mode: 'upload', rectificationId: rect.id, projectId: project.id }),
    ]),
    md('点“上传材料”后，把整改材料以文件发给我即可；文字和材料可以分开提交。', true),
  );
  return card('整改报告', 'orange', elements);
}

/** The reviewer's view of a report: accept, or return with a reason. */
export function rectificationReviewCard(o: {
  pack: RulePack;
  project: CardProject;
  rect: Rectification;
  /** Names of the materials of the report. */
  materials?: readonly string[];
  today: LocalDate;
}): object {
  const { pack, project, rect, today } = o;
  const report = [...rect.history]
    .reverse()
    .find((s): s is Extract<RectificationStep, { action: 'report' }> => s.action === 'report');
  const elements: object[] = [
    md(`${projectLine(project)}\n**整改期限**：${deadlineText(rect)}\n**状态**：${rectificationStateName(rect.state)}`),
    ...problemElements(pack, rect, today),
    hr(),
  ];
  if (report) {
    elements.push(
      md(
        `**整改报告**（${dateText(report.at)}${report.late ? '，逾期提交' : ''}）\n${report.text ? escapeMarkdown(report.text) : '（未填写文字说明）'}`,
      ),
    );
  }
  if (o.materials && o.materials.length > 0) {
    elements.push(md(`**整改材料**：\n${o.materials.map((n) => `- ${escapeMarkdown(n)}`).join('\n')}`));
  }
  if (rect.state === 'reported') {
    const value = (action: string) => ({ action, rectificationId: rect.id, projectId: project.id });
    elements.push({
      tag: 'form',
      name: 'rect_review_form',
      elements: [
        textInput({
          name: 'review_reason',
          lines: 3,
          maxLength: 500,
          placeholder: '退回时写明理由和需要补充的内容',
          label: '审核意见',
        }),
        buttonRow([
          button('通过', value('rect.accept'), 'primary', { name: 'rect_accept', form_action_type: 'submit' }),
          button('退回', value('rect.return'), 'danger', { name: 'rect_return', form_action_type: 'submit' }),
        ]),
      ],
    });
  }
  return card('整改报告审核', 'orange', elements);
}

/** Proposes the next rung of the ladder to the reviewer; applied only on 确认. */
export function rungProposalCard(o: {
  pack: RulePack;
  project: CardProject;
  rect: Rectification;
  proposal: EscalationProposal;
  today: LocalDate;
}): object {
  const { pack, project, rect, proposal, today } = o;
  const why =
    proposal.reason === 'overdue'
      ? `整改期限${dateText(rect.deadline)}已过，尚未提交整改报告或整改未通过。`
      : '项目建设单位拒不整改或整改后仍不符合要求。';
  const value = (action: string) => ({
    action,
    rectificationId: rect.id,
    projectId: project.id,
    rung: proposal.rung.rung,
  });
  return card(`建议处理：${proposal.rung.name}`, 'carmine', [
    md(`${projectLine(project)}\n${why}\n**建议措施**：${escapeMarkdown(proposal.rung.name)}`),
    md(basisLine(pack, proposal.rung.article, proposal.rung.quote, today), true),
    hr(),
    buttonRow([button('确认', value('rung.confirm'), 'danger'), button('取消', value('rung.cancel'))]),
    md('确认后方执行该措施，并通知项目建设单位。', true),
  ]);
}
