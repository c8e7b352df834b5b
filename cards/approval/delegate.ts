/**
 * 转交: the approver picks a colleague and writes a note; 确认转交 sends `approval.delegate.confirm`.
 */
import { APPROVAL_ACTIONS, APPROVAL_FIELDS, NOTE_MAX_CHARS } from '../../src/approval/forms.js';
import type { ProjectSummary, Who } from './inputs.js';
import { OPEN_ID, callbackButton, card, clip, fit, header, markdown, md } from './kit.js';
import { projectBlock } from './sections.js';

export interface DelegateCardInput {
  task: string;
  colleagues: readonly Who[];
  project?: ProjectSummary;
  step?: { name: string };
}

/** Choose a colleague and write a note; 确认转交 sends `approval.delegate.confirm`. */
export function delegateCard(o: DelegateCardInput): object {
  return fit((scale) => {
    const elements: object[] = [];
    if (o.project) elements.push(markdown(projectBlock(o.project, scale, false)));
    if (o.step) elements.push(markdown(`**环节**：${md(o.step.name, 80)}`));
    const colleagues = o.colleagues
      .filter((c) => OPEN_ID.test(c.openId))
      .slice(0, Math.max(10, Math.floor(100 * scale)));
    if (colleagues.length === 0) {
      elements.push(markdown('没有可转交的同事。请联系管理员在组织架构中添加。'));
    } else {
      const named = colleagues.every((c) => c.name && c.name.trim());
      const select = named
        ? {
            tag: 'select_static',
            name: APPROVAL_FIELDS.delegateTo,
            required: true,
            placeholder: { tag: 'plain_text', content: '选择转交给谁' },
            options: colleagues.map((c) => ({
              text: { tag: 'plain_text', content: clip(c.name!, 30) },
              value: c.openId,
            })),
          }
        : {
            tag: 'select_person',
            name: APPROVAL_FIELDS.delegateTo,
            required: true,
            placeholder: { tag: 'plain_text', content: '选择转交给谁' },
            options: colleagues.map((c) => ({ value: c.openId })),
          };
      elements.push({
        tag: 'form',
        name: 'delegate_form',
        elements: [
          select,
          {
            tag: 'input',
            name: APPROVAL_FIELDS.delegateNote,
            input_type: 'multiline_text',
            rows: 2,
            max_length: NOTE_MAX_CHARS,
            placeholder: { tag: 'plain_text', content: '转交说明（选填）' },
          },
          callbackButton(
            '确认转交',
            { action: APPROVAL_ACTIONS.delegateConfirm, task: o.task },
            { type: 'primary_filled', name: 'delegate_submit', submit: true },
          ),
        ],
      });
    }
    return card(
      header('转交审批', 'blue', o.project ? `${o.project.number} · ${o.project.name}` : undefined),
      elements,
    );
  });
}
