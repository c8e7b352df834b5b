/** How the console words an audit row: the action's label, whether it is part of the approval trail, its detail. */

export { auditLabel } from '../../audit-labels.js';

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
