/**
 * Who may act on a pending approval: a member of the office, someone a member (or an earlier
 * transferee) handed the task to (转交), or the named deputy of a member who is away. The audit
 * trail records the member acted for in `onBehalfOf`. Pure: the caller passes the delegations that
 * concern this project/step and the current instant.
 */
import type { RoutePlan } from './plan.js';

/** 转交: `from` hands the pending task of one office on one step to `to`. */
export interface TransferDelegation {
  kind: 'transfer';
  stepIndex: number;
  officeId: number;
  from: string;
  to: string;
  note?: string;
  at: Date | string;
  /** The route round it was made in; a transfer from an earlier round no longer applies. */
  round?: number;
}

/** 请假/外出: while away (from ≤ now < until) the deputy may act for the principal everywhere. */
export interface AwayDelegation {
  kind: 'away';
  principal: string;
  deputy: string;
  from: Date | string;
  until: Date | string;
  note?: string;
}

export type Delegation = TransferDelegation | AwayDelegation;

export type Authorisation =
  | { ok: true; actor: string; onBehalfOf?: string; via: 'member' | 'transfer' | 'deputy' }
  | { ok: false; reason: 'not_authorised'; message: string };

const time = (d: Date | string) => (d instanceof Date ? d.getTime() : Date.parse(d));

export function isAwayActive(d: AwayDelegation, now: Date): boolean {
  const t = now.getTime();
  return time(d.from) <= t && t < time(d.until);
}

/**
 * Whether `operator` may act for office `officeId` on step `stepIndex`, and for whom. A member acts
 * for themselves (even while they have a deputy, and even after transferring). A deputy acts on
 * behalf of the away member; a transferee on behalf of the member at the start of the transfer
 * chain (A→B→C: C acts for A; a transfer counts only if its `from` may act).
 */
export function authorise(
  plan: RoutePlan,
  stepIndex: number,
  officeId: number,
  operator: string,
  delegations: readonly Delegation[],
  now: Date,
  round?: number,
): Authorisation {
  const office = plan.steps[stepIndex]?.offices.find((o) => o.officeId === officeId);
  const refuse = (): Authorisation => ({
    ok: false,
    reason: 'not_authorised',
    message: office ? `您不是${office.officeName}的审批人员，也未受托办理此项审批` : '您无权办理此项审批',
  });
  if (!office) return refuse();
  const found = resolve(office.members, stepIndex, officeId, operator, delegations, now, round, new Set());
  return found ?? refuse();
}

function resolve(
  members: readonly string[],
  stepIndex: number,
  officeId: number,
  who: string,
  delegations: readonly Delegation[],
  now: Date,
  round: number | undefined,
  visiting: Set<string>,
): Extract<Authorisation, { ok: true }> | null {
  if (members.includes(who)) return { ok: true, actor: who, via: 'member' };
  if (visiting.has(who)) return null;
  visiting.add(who);
  const deputyFor = delegations.find(
    (d): d is AwayDelegation =>
      d.kind === 'away' && d.deputy === who && members.includes(d.principal) && isAwayActive(d, now),
  );
  if (deputyFor) return { ok: true, actor: who, onBehalfOf: deputyFor.principal, via: 'deputy' };
  for (const d of delegations) {
    if (d.kind !== 'transfer' || d.to !== who || d.stepIndex !== stepIndex || d.officeId !== officeId) continue;
    if (round !== undefined && d.round !== undefined && d.round !== round) continue;
    const from = resolve(members, stepIndex, officeId, d.from, delegations, now, round, visiting);
    if (from) return { ok: true, actor: who, onBehalfOf: from.onBehalfOf ?? from.actor, via: 'transfer' };
  }
  return null;
}

export interface CardRecipient {
  openId: string;
  officeId: number;
  /** Set for deputies and transferees: the member they receive the card for. */
  onBehalfOf?: string;
}

/**
 * Everyone who should get the approval card of a step: each office's members, plus the active
 * deputies of away members and the transferees of this step, each once per office.
 */
export function cardRecipients(
  plan: RoutePlan,
  stepIndex: number,
  delegations: readonly Delegation[],
  now: Date,
  round?: number,
): CardRecipient[] {
  const step = plan.steps[stepIndex];
  if (!step) return [];
  const out: CardRecipient[] = [];
  for (const office of step.offices) {
    const seen = new Set<string>();
    const add = (openId: string) => {
      if (seen.has(openId)) return;
      const a = authorise(plan, stepIndex, office.officeId, openId, delegations, now, round);
      if (!a.ok) return;
      seen.add(openId);
      out.push({ openId, officeId: office.officeId, ...(a.onBehalfOf ? { onBehalfOf: a.onBehalfOf } : {}) });
    };
    office.members.forEach(add);
    for (const d of delegations) add(d.kind === 'away' ? d.deputy : d.to);
  }
  return out;
}
