/**
 * The sections approval cards share: the project block (with a change request or the reviewer's
 * summary), its content panels, a decision with who made it and when, the 会签/或签 wording.
 */
import type { Decision } from '../../src/approval/machine.js';
import { DECISION_LABELS } from '../../src/approval/machine.js';
import { COMMENT_MAX_CHARS } from '../../src/approval/forms.js';
import { articleLabel } from '../../src/rules/articles.js';
import { escapeMarkdown } from '../markdown.js';
import type { ChangeSummary, FundingRecord, ProjectSummary, StepInfo, Who } from './inputs.js';
import {
  byLine,
  clip,
  clipKeepLines,
  formatShanghaiTime,
  lines,
  markdown,
  md,
  mdBlock,
  money,
  percent,
} from './kit.js';

export function basisText(b: { article: number | null; quote: string }, scale: number): string {
  if (b.article === null) return '';
  return b.quote ? `${articleLabel(b.article)}：“${md(b.quote, 160 * scale)}”` : articleLabel(b.article);
}

function changeBlock(c: ChangeSummary, scale: number): string {
  const rows = [
    `**变更申请**：总投资由 ${money(c.approvedWan)}调整为 ${money(c.adjustedWan)}（调整幅度 ${percent(c.ratio)}）`,
  ];
  if (c.reason && c.reason.trim()) rows.push(`**调整理由**：${md(c.reason, 300 * scale)}`);
  const basis = basisText(c.basis, scale);
  rows.push(`**须审批的原因**：${md(c.basis.message, 200 * scale)}${basis ? `（${basis}）` : ''}`);
  return rows.join('\n');
}

/** `财政资金 50万元、单位自筹 30万元`: the amount by source, when the declaration names them. */
function fundingSplit(p: ProjectSummary): string {
  const parts = (p.review?.funding ?? []).slice(0, 8).map((f) => `${md(f.label, 20)} ${md(f.value, 20)}`);
  return parts.length ? `（${parts.join('、')}）` : '';
}

export function projectBlock(p: ProjectSummary, scale: number, withSummary: boolean): string {
  const rows = [
    `**项目编号**：${md(p.number, 40)}　**项目类型**：${md(p.kindLabel, 30)}`,
    `**项目名称**：${md(p.name, 100)}`,
    `**建设单位**：${md(p.unitName, 50)}　**地区**：${md(p.regionName, 20)}`,
    `**总投资**：${money(p.investmentWan)}${fundingSplit(p)}`,
  ];
  if (p.change) rows.push(changeBlock(p.change, scale));
  if (withSummary && !p.change && p.review) {
    for (const r of p.review.period.slice(0, 3)) rows.push(`**${md(r.label, 20)}**：${md(r.value, 60)}`);
    if (p.review.answers.length)
      rows.push(
        `**单位填报的合规问答**：`,
        ...lines(
          p.review.answers.map((a) => `- ${md(a.label, 60)}：${md(a.value, 20)}`),
          12 * scale,
          1200 * scale,
        ),
      );
    if (p.review.items.length)
      rows.push(
        `**采购清单**：`,
        ...lines(
          p.review.items.map((i) => `- ${md(i, 120)}`),
          15 * scale,
          1500 * scale,
        ),
      );
  }
  return rows.join('\n');
}

/** Content shorter than this shows in full; longer content is folded into a panel. */
const CONTENT_FOLD_CHARS = 80;

/** 项目实施依据及主要内容 / 建设内容: in full when short, else its opening and a panel to unfold. */
export function contentElements(p: ProjectSummary, scale: number): object[] {
  if (p.change || !p.review) return [];
  return p.review.content.slice(0, Math.max(1, Math.floor(4 * scale))).map((c) => {
    const text = clipKeepLines(c.text, 3000 * scale);
    if ([...text].length <= CONTENT_FOLD_CHARS) return markdown(`**${md(c.label, 40)}**：${escapeMarkdown(text)}`);
    return {
      tag: 'collapsible_panel',
      expanded: false,
      header: { title: { tag: 'plain_text', content: `${clip(c.label, 20)}：${clip(text, 14)}（展开）` } },
      elements: [markdown(text.split(/\r?\n/).map(escapeMarkdown).join('\n'))],
    };
  });
}

export const DECISION_TEMPLATES: Record<Decision, string> = { approve: 'green', return: 'orange', reject: 'red' };
const DECISION_ICONS: Record<Decision, string> = { approve: '✅', return: '↩️', reject: '❌' };

export function fundingText(f: FundingRecord): string {
  return `${money(f.amountWan)}（${md(f.fundChannel, 40)}）`;
}

export function decisionBlock(
  d: {
    decision: Decision;
    by: Who;
    onBehalfOf?: Who;
    at: Date | string;
    comment?: string;
    officeName?: string;
    funding?: FundingRecord;
  },
  scale: number,
): string {
  const rows = [
    `**处理结果**：${DECISION_ICONS[d.decision]} ${DECISION_LABELS[d.decision]}`,
    ...(d.funding ? [`**安排资金**：${fundingText(d.funding)}`] : []),
    `**处理人**：${d.officeName ? `${md(d.officeName, 30)} ` : ''}${byLine(d.by, d.onBehalfOf)}`,
    `**处理时间**：${formatShanghaiTime(d.at)}`,
  ];
  if (d.comment && d.comment.trim()) rows.push(`**意见**：\n${mdBlock(d.comment, COMMENT_MAX_CHARS * scale)}`);
  return rows.join('\n');
}

export function modeText(step: StepInfo): string | null {
  const offices = step.offices ?? [];
  if (offices.length < 2) return null;
  const names = offices.map((o) => md(o, 30)).join('、');
  return step.mode === 'any' ? `或签（${names}任一部门同意即可）` : `会签（${names}均须同意）`;
}

export function rejectWarning(p: ProjectSummary): string {
  return p.change ? '不同意将终止该变更申请，项目按原批复执行。' : '不同意将终止该项目的审批流程。';
}

/** The project, a rule, then `text`: the body of a card that tells what happened to the project. */
export function projectThen(p: ProjectSummary, scale: number, text: string): object[] {
  return [markdown(projectBlock(p, scale, false)), { tag: 'hr' }, markdown(text)];
}

/** `**环节**：<step>` and what happened there, the line every card about one step opens with. */
export function stepLine(stepName: string, text: string): string {
  return `**环节**：${md(stepName, 80)}\n${text}`;
}
