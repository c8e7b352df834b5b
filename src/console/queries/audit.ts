/** How the console words an audit row: the action's label, whether it is part of the approval trail, its detail. */

const AUDIT_LABELS: Record<string, string> = {
  submit: '提交申报',
  resubmit: '修改后重新提交',
  'decision:approve': '同意',
  'decision:return': '退回修改',
  'decision:reject': '不同意',
  transfer: '转交',
  urge: '催办',
  approved: '批复/立项',
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

export function auditLabel(action: string): string {
  if (action.startsWith('escalate:')) return action.endsWith('urgent') ? '超时加急' : '超时督办';
  if (action.startsWith('event:') || action.startsWith('lifecycle'))
    return `报告进展（${action.replace(/^[a-z]+[:.]/, '')}）`;
  return AUDIT_LABELS[action] ?? action;
}

/** Is this audit row part of the approval trail (as opposed to lifecycle and other events)? */
export function isApprovalAction(action: string): boolean {
  return (
    ['submit', 'resubmit', 'transfer', 'urge', 'approved'].includes(action) ||
    action.startsWith('decision:') ||
    action.startsWith('escalate:')
  );
}

/**
 * A short description of an audit row's detail (comment, step, reason …); `name` names the person a
 * task was transferred to (`to`).
 */
export function auditDetail(detail: Record<string, unknown>, name: (openId: string) => string = (id) => id): string {
  const parts: string[] = [];
  const funding = detail.funding as { amountWan?: unknown; fundChannel?: unknown } | undefined;
  if (funding && typeof funding.amountWan === 'number')
    parts.push(`安排资金 ${+funding.amountWan.toFixed(4)} 万元（${String(funding.fundChannel ?? '')}）`);
  for (const k of ['step', 'comment', 'note', 'reason', 'obligation', 'until', 'deadline', 'to']) {
    const val = detail[k];
    if (typeof val === 'string' && val.trim()) parts.push(k === 'to' ? `转交给 ${name(val.trim())}` : val.trim());
  }
  if (Array.isArray(detail.problems)) parts.push(detail.problems.map(String).join('；'));
  return parts.join(' · ');
}
