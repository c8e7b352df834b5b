/**
 * How an audit row's action reads in Chinese: one table for every place that shows the trail (the
 * approval progress card and the console), so the same action never gets two names.
 */

const AUDIT_LABELS: Record<string, string> = {
  submit: '提交申报',
  resubmit: '修改后重新提交',
  'decision:approve': '同意',
  'decision:return': '退回修改',
  'decision:reject': '不同意',
  transfer: '转交',
  urge: '催办',
  approved: '批复/立项',
  'adjustment.filed': '调整备案',
  'adjustment.pending_approval': '申请项目变更',
  'adjustment.approved': '变更已批准并生效',
  'adjustment.rejected': '变更未获批准',
  'adjustment.returned': '变更退回修改',
  'deadline.done': '期限事项已完成',
  'deadline.extension_requested': '申请延期',
  'deadline.extension_granted': '同意延期',
  'deadline.extension_refused': '不同意延期',
  'rectification.issued': '下发整改通知',
  'rectification.reported': '提交整改报告',
  'rectification.accepted': '整改通过',
  'rectification.returned': '整改退回',
  'rectification.refused': '拒不整改',
  'rectification.rung_applied': '升级处理',
  'rectification.rung_cancelled': '取消升级',
};

/** The label of an audit action; an action without one is shown as it is stored. */
export function auditLabel(action: string): string {
  if (action.startsWith('escalate:')) return action.endsWith('urgent') ? '超时加急' : '超时督办';
  if (action.startsWith('event:') || action.startsWith('lifecycle'))
    return `报告进展（${action.replace(/^[a-z]+[:.]/, '')}）`;
  return AUDIT_LABELS[action] ?? action;
}
