/**
 * The approval cards' callback names and form fields, and pure parsers for what comes back in a
 * card callback (`action.value`, `action.form_value`). The ids in `value` (the task token) only find
 * the task: the service still authorises the operator with `authorise`.
 */
import { z } from 'zod';
import type { Decision } from './machine.js';

export const APPROVAL_ACTIONS = {
  decide: 'approval.decide',
  details: 'approval.details',
  delegate: 'approval.delegate',
  delegateConfirm: 'approval.delegate.confirm',
  finance: 'approval.finance',
  urge: 'approval.urge',
  timeline: 'approval.timeline',
} as const;

/** `name`s of the form fields, i.e. the keys of `form_value`. */
export const APPROVAL_FIELDS = {
  comment: 'comment',
  delegateTo: 'delegate_to',
  delegateNote: 'delegate_note',
  amountWan: 'amount_wan',
  fundChannel: 'fund_channel',
} as const;

export const COMMENT_MAX_CHARS = 1000;
export const NOTE_MAX_CHARS = 500;

/**
 * Fund channels offered on the finance card unless the deployment passes its own list. These are
 * the usual budget sources, not a rule of any regulation.
 */
export const DEFAULT_FUND_CHANNELS: readonly string[] = [
  '本级财政预算资金',
  '上级专项资金',
  '政府专项债券资金',
  '单位自筹资金',
  '其他资金',
];

type Parsed<T> = ({ ok: true } & T) | { ok: false; message: string };

const Task = z.string().min(1).max(512);
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

const DecideValue = z.object({
  action: z.literal(APPROVAL_ACTIONS.decide),
  decision: z.enum(['approve', 'return', 'reject']),
  task: Task,
});

/** 同意 / 退回修改 / 不同意 (from the approval card or the finance card). */
export function parseDecide(
  value: unknown,
  formValue: Record<string, unknown> | undefined,
): Parsed<{ task: string; decision: Decision; comment?: string }> {
  const v = DecideValue.safeParse(value);
  if (!v.success) return { ok: false, message: '卡片数据无效，请刷新后重试' };
  const comment = text(formValue?.[APPROVAL_FIELDS.comment]);
  if (comment.length > COMMENT_MAX_CHARS) return { ok: false, message: `意见不能超过${COMMENT_MAX_CHARS}字` };
  return { ok: true, task: v.data.task, decision: v.data.decision, ...(comment ? { comment } : {}) };
}

const TaskValue = (action: string) => z.object({ action: z.literal(action), task: Task });

/** 确认转交: the colleague chosen and the note. */
export function parseDelegate(
  value: unknown,
  formValue: Record<string, unknown> | undefined,
): Parsed<{ task: string; to: string; note?: string }> {
  const v = TaskValue(APPROVAL_ACTIONS.delegateConfirm).safeParse(value);
  if (!v.success) return { ok: false, message: '卡片数据无效，请刷新后重试' };
  const raw = formValue?.[APPROVAL_FIELDS.delegateTo];
  const to = text(Array.isArray(raw) ? raw[0] : raw);
  if (!/^ou_[0-9A-Za-z]+$/.test(to)) return { ok: false, message: '请选择要转交的同事' };
  const note = text(formValue?.[APPROVAL_FIELDS.delegateNote]);
  if (note.length > NOTE_MAX_CHARS) return { ok: false, message: `转交说明不能超过${NOTE_MAX_CHARS}字` };
  return { ok: true, task: v.data.task, to, ...(note ? { note } : {}) };
}

/** `120`, `120.5`, `1,200万元`, full-width digits → 万元; null when it is not a positive amount. */
export function parseAmountWan(input: string): number | null {
  const s = input
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s]/g, '')
    .replace(/万元?$/, '');
  if (!/^\d+(\.\d{1,4})?$/.test(s)) return null;
  const n = Number(s);
  return n > 0 && Number.isFinite(n) ? n : null;
}

/** 确认安排资金: amount in 万元 and fund channel (one of `channels`). */
export function parseFinance(
  value: unknown,
  formValue: Record<string, unknown> | undefined,
  channels: readonly string[] = DEFAULT_FUND_CHANNELS,
): Parsed<{ task: string; amountWan: number; fundChannel: string; comment?: string }> {
  const v = TaskValue(APPROVAL_ACTIONS.finance).safeParse(value);
  if (!v.success) return { ok: false, message: '卡片数据无效，请刷新后重试' };
  const amountWan = parseAmountWan(text(formValue?.[APPROVAL_FIELDS.amountWan]));
  if (amountWan === null) return { ok: false, message: '请填写安排金额（万元，大于0，最多4位小数）' };
  const fundChannel = text(formValue?.[APPROVAL_FIELDS.fundChannel]);
  if (!channels.includes(fundChannel)) return { ok: false, message: '请选择资金渠道' };
  const comment = text(formValue?.[APPROVAL_FIELDS.comment]);
  if (comment.length > COMMENT_MAX_CHARS) return { ok: false, message: `意见不能超过${COMMENT_MAX_CHARS}字` };
  return { ok: true, task: v.data.task, amountWan, fundChannel, ...(comment ? { comment } : {}) };
}
