/**
 * The finance office's card on the route's 财政 step: the amount to arrange and its fund channel,
 * or the same 退回修改 / 不同意 as on the approval card.
 */
import {
  APPROVAL_ACTIONS,
  APPROVAL_FIELDS,
  COMMENT_MAX_CHARS,
  DEFAULT_FUND_CHANNELS,
} from '../../src/approval/forms.js';
import { articleLabel } from '../../src/rules/articles.js';
import type { ProjectSummary } from './inputs.js';
import { buttonRow, callbackButton, card, clip, fit, markdown, md, projectHeader } from './kit.js';
import { projectBlock, rejectWarning } from './sections.js';

export interface FinanceCardInput {
  project: ProjectSummary;
  task: string;
  step?: { name: string; article: number };
  /** The fund channels to offer (DEFAULT_FUND_CHANNELS unless the deployment has its own). */
  channels?: readonly string[];
  /** Prefills the amount (e.g. the approved investment). */
  suggestedAmountWan?: number;
}

/**
 * The finance office's card on the route's finance step: amount in 万元 and fund channel, then
 * 确认安排资金 (`approval.finance`); 退回修改 / 不同意 are the same decisions as on the approval card.
 */
export function financeCard(o: FinanceCardInput): object {
  const task = o.task;
  return fit((scale) => {
    // channel names are the option values (parseFinance matches them), so they are not cut: only their number is
    const channels = (o.channels ?? DEFAULT_FUND_CHANNELS).slice(0, Math.max(3, Math.floor(50 * scale)));
    const elements: object[] = [markdown(projectBlock(o.project, scale, true))];
    if (o.step)
      elements.push(markdown(`**当前环节**：${md(o.step.name, 80)}\n**依据**：${articleLabel(o.step.article)}`));
    elements.push({
      tag: 'form',
      name: 'finance_form',
      elements: [
        {
          tag: 'input',
          name: APPROVAL_FIELDS.amountWan,
          input_type: 'text',
          max_length: 20,
          label: { tag: 'plain_text', content: '安排金额（万元）' },
          placeholder: { tag: 'plain_text', content: '如 120.5' },
          ...(o.suggestedAmountWan !== undefined && Number.isFinite(o.suggestedAmountWan)
            ? { default_value: String(+o.suggestedAmountWan.toFixed(4)) }
            : {}),
        },
        {
          tag: 'select_static',
          name: APPROVAL_FIELDS.fundChannel,
          placeholder: { tag: 'plain_text', content: '资金渠道' },
          options: channels.map((c) => ({ text: { tag: 'plain_text', content: clip(c, 40) }, value: c })),
        },
        {
          tag: 'input',
          name: APPROVAL_FIELDS.comment,
          input_type: 'multiline_text',
          rows: 2,
          max_length: COMMENT_MAX_CHARS,
          placeholder: { tag: 'plain_text', content: '意见（退回修改、不同意时必填）' },
        },
        buttonRow([
          callbackButton(
            '确认安排资金',
            { action: APPROVAL_ACTIONS.finance, task },
            { type: 'primary_filled', name: 'finance_submit', submit: true },
          ),
          callbackButton(
            '退回修改',
            { action: APPROVAL_ACTIONS.decide, decision: 'return', task },
            { name: 'return', submit: true },
          ),
          callbackButton(
            '不同意',
            { action: APPROVAL_ACTIONS.decide, decision: 'reject', task },
            {
              type: 'danger',
              name: 'reject',
              submit: true,
              confirm: { title: '确认不同意？', text: rejectWarning(o.project) },
            },
          ),
        ]),
      ],
    });
    elements.push(buttonRow([callbackButton('查看详情', { action: APPROVAL_ACTIONS.details, task })]));
    return card(projectHeader(`资金安排：${o.project.name}`, 'blue', o.project), elements);
  });
}
