/**
 * Read-only views of a route for the service and the cards: what the route produced, what the
 * applicant waits for next, and each step's status for the 进度 card. Pure.
 */
import type { OfficeStatus, RouteState, StepStatus } from './machine.js';
import type { RoutePlan } from './plan.js';

export interface RouteOutputEntry {
  stepId: string;
  name: string;
  produces: string;
  article: number;
  offices: {
    officeId: number;
    officeName: string;
    decidedBy?: string;
    onBehalfOf?: string;
    at?: string;
    comment?: string;
  }[];
}

/**
 * What the route produced (each approved step's `produces`, with who approved and their comment),
 * in route order: recorded with the project on final approval (审核意见, 批复 …).
 */
export function routeOutput(plan: RoutePlan, state: RouteState): RouteOutputEntry[] {
  return state.steps
    .filter((s) => s.status === 'approved')
    .map((s) => {
      const p = plan.steps[s.index]!;
      return {
        stepId: p.stepId,
        name: p.name,
        produces: p.produces,
        article: p.article,
        offices: s.offices
          .filter((o) => o.status === 'approved')
          .map((o) => ({
            officeId: o.officeId,
            officeName: p.offices.find((x) => x.officeId === o.officeId)?.officeName ?? String(o.officeId),
            ...(o.decidedBy ? { decidedBy: o.decidedBy } : {}),
            ...(o.onBehalfOf ? { onBehalfOf: o.onBehalfOf } : {}),
            ...(o.at ? { at: o.at } : {}),
            ...(o.comment ? { comment: o.comment } : {}),
          })),
      };
    });
}

/** What the applicant is told comes next. */
export type ApplicantNext =
  /** The current step waits for these offices. */
  | { kind: 'pending'; stepName: string; offices: string[]; position: { index: number; total: number } }
  /** Final approval; `outputs` are the approved steps' `produces`. */
  | { kind: 'approved'; outputs: string[] }
  | { kind: 'rejected'; stepName: string }
  /** Back to the unit to edit; the resubmission resumes at the start or at `stepName`. */
  | { kind: 'returned'; stepName: string; resubmitFrom: 'start' | 'returning_step'; resumeStepName: string };

export function applicantNext(plan: RoutePlan, state: RouteState): ApplicantNext {
  switch (state.outcome) {
    case 'approved':
      return { kind: 'approved', outputs: routeOutput(plan, state).map((o) => o.produces) };
    case 'rejected': {
      const s = state.steps.find((x) => x.status === 'rejected');
      return { kind: 'rejected', stepName: s ? plan.steps[s.index]!.name : '' };
    }
    case 'returned': {
      const s = state.steps.find((x) => x.status === 'returned');
      const stepName = s ? plan.steps[s.index]!.name : '';
      const from = plan.route.resubmitFrom;
      return {
        kind: 'returned',
        stepName,
        resubmitFrom: from,
        resumeStepName: from === 'start' ? (plan.steps[0]?.name ?? '') : stepName,
      };
    }
    case 'pending': {
      const s = state.steps[state.current ?? 0]!;
      const p = plan.steps[s.index]!;
      return {
        kind: 'pending',
        stepName: p.name,
        offices: s.offices
          .filter((o) => o.status === 'pending')
          .map((o) => p.offices.find((x) => x.officeId === o.officeId)?.officeName ?? String(o.officeId)),
        position: { index: s.index, total: plan.steps.length },
      };
    }
  }
}

export interface TimelineStepView {
  name: string;
  status: StepStatus;
  mode: 'all' | 'any';
  offices: {
    officeName: string;
    status: OfficeStatus;
    by?: { openId: string };
    onBehalfOf?: { openId: string };
    at?: string;
    comment?: string;
  }[];
}

/** Each step with its offices' status, for `timelineCard`. */
export function timelineSteps(plan: RoutePlan, state: RouteState): TimelineStepView[] {
  return state.steps.map((s) => {
    const p = plan.steps[s.index]!;
    return {
      name: p.name,
      status: s.status,
      mode: s.mode,
      offices: s.offices.map((o) => ({
        officeName: p.offices.find((x) => x.officeId === o.officeId)?.officeName ?? String(o.officeId),
        status: o.status,
        ...(o.decidedBy ? { by: { openId: o.decidedBy } } : {}),
        ...(o.onBehalfOf ? { onBehalfOf: { openId: o.onBehalfOf } } : {}),
        ...(o.at ? { at: o.at } : {}),
        ...(o.comment ? { comment: o.comment } : {}),
      })),
    };
  });
}
