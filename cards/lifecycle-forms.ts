/**
 * The forms and notices of the lifecycle services beside the pure core's cards: reporting progress
 * from a card, budget adjustments, extension requests and decisions, issuing a 整改 notice, the
 * consequence told to the unit. Card JSON 2.0; user text escaped.
 */
import type { AdjustmentClassification, AdjustmentQuestion } from '../src/lifecycle/adjustment.js';
import type { Rectification } from '../src/lifecycle/rectification.js';
import { formatWan } from '../src/money.js';
import type { Check, ConsequenceRung, LifecycleEvent, LocalDate, RulePack } from '../src/rules/types.js';
import { escapeMarkdown } from './markdown.js';
import { basisLine, button, buttonRow, card, dateText, hr, md, projectLine, textInput } from './lifecycle-common.js';
import type { CardProject } from './lifecycle-common.js';

const plain = (content: string) => ({ tag: 'plain_text', content });
const cut = (s: string, n: number) => ([...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : s);

function errorLine(error?: string): object[] {
  return error ? [md(`<font color='red'>${escapeMarkdown(error)}</font>`)] : [];
}

/** Which project to report for, when the person's units have several. */
export function lifecycleProjectChoiceCard(o: { projects: readonly (CardProject & { stageLabel: string })[] }): object {
  const shown = o.projects.slice(0, 20);
  const elements: object[] = [md('请选择要报告进展的项目：')];
  for (const p of shown) {
    elements.push(md(`${projectLine(p)}　当前阶段：${escapeMarkdown(p.stageLabel)}`));
    elements.push(buttonRow([button('报告进展', { action: 'lifecycle.form', projectId: p.id }, 'primary')]));
  }
  if (o.projects.length > shown.length)
    elements.push(
      md(`另有${o.projects.length - shown.length}个项目，可直接发送“<项目编号> 合同已签订 2026-03-02”。`, true),
    );
  return card('报告项目进展', 'blue', elements);
}

/** The report form: what happened and when. */
export function lifecycleReportFormCard(o: {
  project: CardProject;
  stageLabel: string;
  events: readonly LifecycleEvent[];
  today: LocalDate;
  error?: string;
  chosen?: { event?: string; date?: string };
}): object {
  const options = o.events.map((e) => ({ text: plain(cut(e.label, 40)), value: e.id }));
  const select: Record<string, unknown> = {
    tag: 'select_static',
    name: 'event',
    width: 'fill',
    placeholder: plain('选择发生的事项'),
    options,
  };
  const chosen = options.findIndex((x) => x.value === o.chosen?.event);
  if (chosen >= 0) select.initial_index = chosen + 1;
  return card('报告项目进展', 'blue', [
    md(`${projectLine(o.project)}\n**当前阶段**：${escapeMarkdown(o.stageLabel)}`),
    ...errorLine(o.error),
    {
      tag: 'form',
      name: 'lifecycle_report_form',
      elements: [
        select,
        {
          tag: 'date_picker',
          name: 'date',
          width: 'fill',
          placeholder: plain('发生日期'),
          initial_date: o.chosen?.date ?? o.today,
        },
        button('报告', { action: 'lifecycle.report', projectId: o.project.id }, 'primary', {
          name: 'lifecycle_report_submit',
          form_action_type: 'submit',
        }),
      ],
    },
    md('也可以直接发送文字，例如“合同已签订 2026-03-02”“初验完成”。', true),
  ]);
}

/** The answer to `调整 <编号> <金额>`: filed, or a change approval is needed; the article and the conditions. */
export function adjustmentResultCard(o: {
  pack: RulePack;
  project: CardProject;
  approvedYuan: number;
  adjustedYuan: number;
  result: AdjustmentClassification;
  /** Who was told and what happens next. */
  next: string;
  today: LocalDate;
  /** The unit's reason for the adjustment. */
  reason?: string;
}): object {
  const { pack, result } = o;
  const pct = `${(result.ratio * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
  const lines = [
    projectLine(o.project),
    `**批复投资**：${formatWan(o.approvedYuan)}万元　**调整后**：${formatWan(o.adjustedYuan)}万元（调整幅度${pct}）`,
    ...(o.reason ? [`**调整理由**：${escapeMarkdown(cut(o.reason, 300))}`] : []),
    result.mode === 'file' ? '**结论**：可由项目建设单位调整，同时备案' : '**结论**：须履行项目变更（调整）审批手续',
  ];
  const elements: object[] = [md(lines.join('\n')), md(escapeMarkdown(result.message))];
  if (result.conditions.length > 0) {
    elements.push(md(`**须同时满足**：\n${result.conditions.map((c) => `- ${escapeMarkdown(c)}`).join('\n')}`));
  }
  const b = basisLine(pack, result.article, result.quote, o.today);
  if (b) elements.push(md(b, true));
  elements.push(hr(), md(escapeMarkdown(o.next), true));
  return card(
    result.mode === 'file' ? '预算调整：备案' : '预算调整：须变更审批',
    result.mode === 'file' ? 'green' : 'orange',
    elements,
  );
}

/**
 * What the pack needs before it can classify an adjustment (牡丹区 第二十一条: 调整内容涉及资金数额,
 * 采购前 or not): a form whose answers go back with the amount and reason already given.
 */
export function adjustmentQuestionCard(o: {
  pack: RulePack;
  project: CardProject;
  approvedYuan: number;
  adjustedYuan: number;
  needs: readonly AdjustmentQuestion[];
  article: number | null;
  quote: string;
  today: LocalDate;
  reason?: string;
  error?: string;
}): object {
  const fields: object[] = [];
  if (o.needs.includes('content')) {
    fields.push(
      textInput({
        name: 'content_wan',
        maxLength: 20,
        label: '调整内容涉及资金数额（万元）',
        placeholder: '调整、增加或减少的建设内容所涉及的金额，例如 30',
      }),
    );
  }
  if (o.needs.includes('procurement')) {
    fields.push({
      tag: 'select_static',
      name: 'procurement',
      width: 'fill',
      placeholder: plain('调整时是否已开始采购'),
      options: [
        { text: plain('采购前（尚未开始采购）'), value: 'before' },
        { text: plain('已开始采购或已签订采购合同'), value: 'after' },
      ],
    });
  }
  const value = {
    action: 'lifecycle.adjust',
    projectId: o.project.id,
    adjustedYuan: o.adjustedYuan,
    needs: [...o.needs],
    ...(o.reason ? { reason: o.reason } : {}),
  };
  const basis = o.article !== null ? basisLine(o.pack, o.article, o.quote, o.today) : '';
  return card('预算调整：请补充情况', 'blue', [
    md(
      [
        projectLine(o.project),
        `**批复投资**：${formatWan(o.approvedYuan)}万元　**调整后**：${formatWan(o.adjustedYuan)}万元`,
        ...(o.reason ? [`**调整理由**：${escapeMarkdown(cut(o.reason, 300))}`] : []),
      ].join('\n'),
    ),
    md(
      '能否由项目建设单位自行调整并备案，取决于调整内容涉及的资金数额（不是总投资的增减）和调整是否在采购前，请补充：',
    ),
    ...(basis ? [md(basis, true)] : []),
    ...errorLine(o.error),
    {
      tag: 'form',
      name: 'adjustment_form',
      elements: [
        ...fields,
        button('提交调整', value, 'primary', { name: 'adjustment_submit', form_action_type: 'submit' }),
      ],
    },
  ]);
}

/** The unit's extension request: until when and why. */
export function extensionFormCard(o: {
  pack: RulePack;
  project: CardProject;
  deadlineId: number;
  obligation: string;
  end: LocalDate;
  extensionArticle: number;
  today: LocalDate;
  error?: string;
}): object {
  return card('申请延期', 'orange', [
    md(`${projectLine(o.project)}\n**事项**：${escapeMarkdown(o.obligation)}\n**现截止日期**：${dateText(o.end)}`),
    md(basisLine(o.pack, o.extensionArticle, '', o.today), true),
    ...errorLine(o.error),
    {
      tag: 'form',
      name: 'extension_form',
      elements: [
        { tag: 'date_picker', name: 'until', width: 'fill', placeholder: plain('申请延期至') },
        textInput({
          name: 'reason',
          lines: 3,
          maxLength: 500,
          placeholder: '说明未能按期完成的原因',
          label: '延期理由',
        }),
        button('提交延期申请', { action: 'deadline.extend', mode: 'submit', deadlineId: o.deadlineId }, 'primary', {
          name: 'extension_submit',
          form_action_type: 'submit',
        }),
      ],
    },
    md('延期申请提交主管部门确认后生效。', true),
  ]);
}

/** The reviewer office's card for an extension request; `decided` shows the outcome instead of buttons. */
export function extensionDecisionCard(o: {
  pack: RulePack;
  project: CardProject;
  requestId: number;
  obligation: string;
  end: LocalDate;
  until: LocalDate;
  reason: string;
  extensionArticle: number;
  today: LocalDate;
  decided?: { granted: boolean; by: string };
}): object {
  const elements: object[] = [
    md(
      `${projectLine(o.project)}\n**事项**：${escapeMarkdown(o.obligation)}\n**现截止日期**：${dateText(o.end)}\n**申请延期至**：${dateText(o.until)}\n**理由**：${escapeMarkdown(o.reason)}`,
    ),
    md(basisLine(o.pack, o.extensionArticle, '', o.today), true),
  ];
  if (o.decided) {
    elements.push(hr(), md(o.decided.granted ? '已同意延期。' : '未同意延期。'));
  } else {
    const value = (decision: string) => ({ action: 'extension.decide', requestId: o.requestId, decision });
    elements.push(
      hr(),
      buttonRow([button('同意延期', value('grant'), 'primary'), button('不同意', value('refuse'), 'danger')]),
    );
  }
  return card('延期申请', o.decided ? (o.decided.granted ? 'green' : 'grey') : 'orange', elements);
}

/** The reviewer's form for a 整改通知: problems, failed checks of the pack, a deadline. */
export function rectificationIssueFormCard(o: {
  pack: RulePack;
  project: CardProject;
  checks: readonly Check[];
  today: LocalDate;
  error?: string;
  typed?: { problems?: string; days?: string };
}): object {
  const first = o.pack.consequences.find((c) => c.directFrom === undefined);
  const problems = textInput({
    name: 'problems',
    lines: 4,
    maxLength: 1000,
    placeholder: '每行写一个问题',
    label: '存在的问题',
    value: o.typed?.problems,
  });
  const days = textInput({
    name: 'deadline_days',
    maxLength: 3,
    placeholder: '例如 10（个工作日），或选择下方日期',
    label: '整改期限（工作日）',
    value: o.typed?.days,
  });
  const formElements: object[] = [problems];
  if (o.checks.length > 0) {
    formElements.push({
      tag: 'multi_select_static',
      name: 'failed_checks',
      width: 'fill',
      placeholder: plain('未通过的检查项（可多选）'),
      options: o.checks.slice(0, 60).map((c) => ({ text: plain(cut(c.message, 60)), value: c.id })),
    });
  }
  formElements.push(
    days,
    { tag: 'date_picker', name: 'deadline_date', width: 'fill', placeholder: plain('或选择整改截止日期') },
    button('发出整改通知', { action: 'rect.issue', projectId: o.project.id }, 'danger', {
      name: 'rect_issue_submit',
      form_action_type: 'submit',
    }),
  );
  const elements: object[] = [
    md(projectLine(o.project)),
    ...errorLine(o.error),
    { tag: 'form', name: 'rect_issue_form', elements: formElements },
  ];
  if (first) elements.push(md(basisLine(o.pack, first.article, first.quote, o.today), true));
  return card('下达整改通知', 'red', elements);
}

/** The unit is told of a consequence the reviewer confirmed, with its article. */
export function consequenceNoticeCard(o: {
  pack: RulePack;
  project: CardProject;
  rung: ConsequenceRung;
  rect: Rectification;
  today: LocalDate;
}): object {
  const lines = [projectLine(o.project), `**处理措施**：${escapeMarkdown(o.rung.name)}`];
  if (o.rect.state === 'issued') lines.push(`**整改期限**：${dateText(o.rect.deadline)}`);
  return card(`处理措施：${o.rung.name}`, 'carmine', [
    md(lines.join('\n')),
    md(basisLine(o.pack, o.rung.article, o.rung.quote, o.today), true),
    hr(),
    md('请尽快完成整改并提交整改报告。', true),
  ]);
}

/** A one-line outcome card (replaces a form after it was submitted). */
export function outcomeCard(
  title: string,
  template: 'green' | 'blue' | 'orange' | 'red' | 'grey',
  lines: readonly string[],
  note?: string,
): object {
  const elements: object[] = [md(lines.join('\n'))];
  if (note) elements.push(md(escapeMarkdown(note), true));
  return card(title, template, elements);
}
