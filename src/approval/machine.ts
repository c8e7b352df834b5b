/**
 * Approval routing, step 2: the route's state as plain JSON data and the transitions on it.
 *
 * Steps run one after another. A step with several offices runs them in parallel: mode `all`
 * (会签) needs every office to approve, and completes as rejected/returned as soon as one office
 * refuses/returns; mode `any` (或签) completes on the first approval. Within an office any member
 * may act, once. Every transition returns the events the service must act on (send cards, update
 * cards, notify the applicant, record the outcome). Nothing here reads the clock: `at` is passed in
 * and stored as an ISO string so the state survives a JSON column unchanged.
 */
import type { RoutePlan } from './plan.js';

export type Decision = 'approve' | 'return' | 'reject';
export type OfficeStatus = 'pending' | 'approved' | 'returned' | 'rejected';
export type StepStatus = 'waiting' | 'pending' | 'approved' | 'returned' | 'rejected' | 'skipped';
export type RouteOutcome = 'pending' | 'approved' | 'rejected' | 'returned';

export interface OfficeState {
  officeId: number;
  status: OfficeStatus;
  /** open_id of who acted. */
  decidedBy?: string;
  /** open_id of the member a deputy or transferee acted for. */
  onBehalfOf?: string;
  /** ISO instant. */
  at?: string;
  comment?: string;
}

export interface StepState {
  index: number;
  stepId: string;
  mode: 'all' | 'any';
  /** `skipped`: never ran because the route was rejected before it. */
  status: StepStatus;
  offices: OfficeState[];
}

export interface RouteState {
  steps: StepState[];
  current: number | null;
  outcome: RouteOutcome;
  /** 1 at the start, +1 at every resubmission: task tokens can carry it to refuse stale cards. */
  round: number;
}

export type RouteEvent =
  | {
      type: 'office_decided';
      stepIndex: number;
      officeId: number;
      decision: Decision;
      decidedBy: string;
      onBehalfOf?: string;
      comment?: string;
      at: string;
    }
  | {
      type: 'step_completed';
      stepIndex: number;
      status: 'approved' | 'returned' | 'rejected';
      /** Offices of the step that had not acted and no longer need to (或签, or one office refused). */
      closedOffices: number[];
    }
  /** Send the approval cards of this step to its offices. */
  | { type: 'step_started'; stepIndex: number }
  | { type: 'route_approved' }
  | { type: 'route_rejected'; stepIndex: number }
  | { type: 'route_returned'; fromStep: number };

export type DecideRefusal = 'not_current_step' | 'office_already_decided' | 'comment_required' | 'route_finished';

export type DecideResult =
  | { ok: true; state: RouteState; events: RouteEvent[] }
  | { ok: false; reason: DecideRefusal; message: string };

export interface DecideInput {
  stepIndex: number;
  officeId: number;
  /** open_id of who pressed the button (after `authorise`). */
  actor: string;
  onBehalfOf?: string;
  decision: Decision;
  comment?: string;
  at: Date;
  /** The round the card was sent in; a card from an earlier round is refused as not current. */
  round?: number;
}

export const DECISION_LABELS: Record<Decision, string> = { approve: '同意', return: '退回修改', reject: '不同意' };
export const OUTCOME_LABELS: Record<RouteOutcome, string> = {
  pending: '审批中',
  approved: '已批复',
  rejected: '未通过',
  returned: '退回修改',
};
const STATUS_OF: Record<Decision, Exclude<OfficeStatus, 'pending'>> = {
  approve: 'approved',
  return: 'returned',
  reject: 'rejected',
};

function clone(state: RouteState): RouteState {
  return {
    ...state,
    steps: state.steps.map((s) => ({ ...s, offices: s.offices.map((o) => ({ ...o })) })),
  };
}

function freshSteps(plan: RoutePlan): StepState[] {
  return plan.steps.map((s) => ({
    index: s.index,
    stepId: s.stepId,
    mode: s.mode,
    status: 'waiting' as StepStatus,
    offices: s.offices.map((o) => ({ officeId: o.officeId, status: 'pending' as OfficeStatus })),
  }));
}

/** Starts at `from`: that step becomes pending; with no step left the route is approved at once. */
function begin(state: RouteState, from: number): { state: RouteState; events: RouteEvent[] } {
  const step = state.steps[from];
  if (!step) return { state: { ...state, current: null, outcome: 'approved' }, events: [{ type: 'route_approved' }] };
  step.status = 'pending';
  return {
    state: { ...state, current: from, outcome: 'pending' },
    events: [{ type: 'step_started', stepIndex: from }],
  };
}

/**
 * The state of a route that has just been submitted: the first step pending, the others waiting.
 * A plan without steps (everything skipped) is approved at once (`route_approved`).
 */
export function startRoute(plan: RoutePlan): { state: RouteState; events: RouteEvent[] } {
  return begin({ steps: freshSteps(plan), current: null, outcome: 'pending', round: 1 }, 0);
}

const FINISHED_MESSAGES: Record<Exclude<RouteOutcome, 'pending'>, string> = {
  approved: '该项目的审批流程已经结束（已批复），无需再处理',
  rejected: '该项目的审批流程已经结束（未通过），无需再处理',
  returned: '该项目已退回建设单位修改，待重新提交后再处理',
};

/** One office's decision on the current step. */
export function decide(state: RouteState, input: DecideInput): DecideResult {
  if (state.outcome !== 'pending')
    return { ok: false, reason: 'route_finished', message: FINISHED_MESSAGES[state.outcome] };
  if (input.round !== undefined && input.round !== state.round) {
    return { ok: false, reason: 'not_current_step', message: '该项目已重新提交，此卡片已失效，请处理新发送的审批卡片' };
  }
  const step = state.steps[input.stepIndex];
  if (!step || state.current !== input.stepIndex) {
    const message =
      step && (step.status === 'approved' || step.status === 'returned' || step.status === 'rejected')
        ? '该环节已经办结，无需再处理'
        : '该环节尚未开始，请等待前序环节办结';
    return { ok: false, reason: 'not_current_step', message };
  }
  const officeAt = step.offices.findIndex((o) => o.officeId === input.officeId);
  if (officeAt < 0) return { ok: false, reason: 'not_current_step', message: '您所在部门不参与该环节的审批' };
  const office = step.offices[officeAt]!;
  if (office.status !== 'pending') {
    return {
      ok: false,
      reason: 'office_already_decided',
      message: `本部门已处理该环节（${DECISION_LABELS[decisionOf(office.status)]}），不能重复处理`,
    };
  }
  const comment = input.comment?.trim() ? input.comment.trim() : undefined;
  if (input.decision !== 'approve' && !comment) {
    return {
      ok: false,
      reason: 'comment_required',
      message: input.decision === 'return' ? '退回修改时请填写修改意见' : '不同意时请填写理由',
    };
  }

  const next = clone(state);
  const s = next.steps[input.stepIndex]!;
  const at = input.at.toISOString();
  const decided: OfficeState = {
    officeId: input.officeId,
    status: STATUS_OF[input.decision],
    decidedBy: input.actor,
    at,
    ...(input.onBehalfOf && input.onBehalfOf !== input.actor ? { onBehalfOf: input.onBehalfOf } : {}),
    ...(comment ? { comment } : {}),
  };
  s.offices[officeAt] = decided;
  const events: RouteEvent[] = [
    {
      type: 'office_decided',
      stepIndex: s.index,
      officeId: input.officeId,
      decision: input.decision,
      decidedBy: input.actor,
      ...(decided.onBehalfOf ? { onBehalfOf: decided.onBehalfOf } : {}),
      ...(comment ? { comment } : {}),
      at,
    },
  ];
  const stillPending = () => s.offices.filter((o) => o.status === 'pending').map((o) => o.officeId);

  if (input.decision === 'reject') {
    s.status = 'rejected';
    for (const later of next.steps.slice(s.index + 1)) later.status = 'skipped';
    events.push({ type: 'step_completed', stepIndex: s.index, status: 'rejected', closedOffices: stillPending() });
    events.push({ type: 'route_rejected', stepIndex: s.index });
    return { ok: true, state: { ...next, current: null, outcome: 'rejected' }, events };
  }
  if (input.decision === 'return') {
    s.status = 'returned';
    events.push({ type: 'step_completed', stepIndex: s.index, status: 'returned', closedOffices: stillPending() });
    events.push({ type: 'route_returned', fromStep: s.index });
    return { ok: true, state: { ...next, current: null, outcome: 'returned' }, events };
  }
  const complete = s.mode === 'any' || s.offices.every((o) => o.status === 'approved');
  if (!complete) return { ok: true, state: next, events };
  s.status = 'approved';
  events.push({ type: 'step_completed', stepIndex: s.index, status: 'approved', closedOffices: stillPending() });
  const started = begin(next, s.index + 1);
  return { ok: true, state: started.state, events: [...events, ...started.events] };
}

function decisionOf(status: Exclude<OfficeStatus, 'pending'>): Decision {
  return status === 'approved' ? 'approve' : status === 'returned' ? 'return' : 'reject';
}

export type ResumeResult =
  | { ok: true; state: RouteState; events: RouteEvent[] }
  | { ok: false; reason: 'not_returned'; message: string };

/**
 * Resumes a returned route after the unit resubmits. `start`: every step again from the first;
 * `returning_step`: the steps approved before the one that returned stay approved, and the
 * returning step runs again with all its offices (the project has changed, so every office of that
 * step reviews it again).
 *
 * Pass `plan` when the resubmission changed the facts (the steps can differ, e.g. 投资额 crossing a
 * skipWhen threshold): the state is rebuilt on the new plan, keeping (for `returning_step`) the
 * approved steps before the returning one that the new plan still has, by step id, and resuming at
 * the returning step — or, if the new plan no longer has it, at the first step not yet approved.
 * The round goes up by one either way.
 */
export function resumeAfterResubmit(
  state: RouteState,
  resubmitFrom: 'start' | 'returning_step',
  plan?: RoutePlan,
): ResumeResult {
  if (state.outcome !== 'returned') {
    return { ok: false, reason: 'not_returned', message: '该项目不处于退回修改状态，不能重新提交' };
  }
  const returnedAt = state.steps.findIndex((s) => s.status === 'returned');
  const round = state.round + 1;
  const steps: StepState[] = plan
    ? freshSteps(plan)
    : state.steps.map((s) => ({
        ...s,
        status: 'waiting',
        offices: s.offices.map((o) => ({ officeId: o.officeId, status: 'pending' })),
      }));
  if (resubmitFrom === 'start' || returnedAt < 0)
    return { ok: true, ...begin({ steps, current: null, outcome: 'pending', round }, 0) };

  const returnedId = state.steps[returnedAt]!.stepId;
  const approvedBefore = new Map(
    state.steps
      .slice(0, returnedAt)
      .filter((s) => s.status === 'approved')
      .map((s) => [s.stepId, s]),
  );
  const returning = steps.findIndex((s) => s.stepId === returnedId);
  const keepBefore = returning >= 0 ? returning : steps.length;
  for (const [i, s] of steps.entries()) {
    if (i >= keepBefore) break;
    const old = approvedBefore.get(s.stepId);
    const sameOffices =
      old !== undefined &&
      old.offices.length === s.offices.length &&
      old.offices.every((o) => s.offices.some((x) => x.officeId === o.officeId));
    if (sameOffices) steps[i] = { ...s, status: 'approved', offices: old.offices.map((o) => ({ ...o })) };
  }
  const from = steps.findIndex((s) => s.status !== 'approved');
  return { ok: true, ...begin({ steps, current: null, outcome: 'pending', round }, from < 0 ? steps.length : from) };
}

export { authorise, cardRecipients } from './delegation.js';
export type { Authorisation, AwayDelegation, CardRecipient, Delegation, TransferDelegation } from './delegation.js';
