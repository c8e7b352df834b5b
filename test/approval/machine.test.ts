import { describe, expect, it } from 'vitest';
import {
  decide,
  resumeAfterResubmit,
  startRoute,
  type Decision,
  type RouteEvent,
  type RouteState,
} from '../../src/approval/machine.js';
import { isPlanError, planRoute, type RoutePlan } from '../../src/approval/plan.js';
import { applicantNext, routeOutput, timelineSteps } from '../../src/approval/progress.js';
import { PACKS, packById } from '../../src/rules/packs/index.js';
import type { RulePack } from '../../src/rules/types.js';
import { EXTRA_OFFICES, officesFor } from './fake-directory.js';

const FACTS = { investmentWan: 300, fiscalFundsWan: 300, text: '重大项目 新设立部门' };
const T0 = new Date('2025-06-02T02:00:00Z');
const at = (n: number) => new Date(T0.getTime() + n * 60_000);

function planFor(pack: RulePack, kind: string, p: RulePack = pack): RoutePlan {
  const plan = planRoute(p, kind, FACTS, officesFor(pack.id, EXTRA_OFFICES[pack.id]));
  if (isPlanError(plan)) throw new Error(plan.error);
  return plan;
}

/** One decision by the first member of the office; throws when refused. */
function act(
  plan: RoutePlan,
  state: RouteState,
  stepIndex: number,
  officeId: number,
  decision: Decision,
  n = 0,
  comment?: string,
) {
  const office = plan.steps[stepIndex]!.offices.find((o) => o.officeId === officeId)!;
  const r = decide(state, {
    stepIndex,
    officeId,
    actor: office.members[0]!,
    decision,
    comment: comment ?? (decision === 'approve' ? undefined : '请补充材料'),
    at: at(n),
  });
  if (!r.ok) throw new Error(`${r.reason}: ${r.message}`);
  return r;
}

/** Approves every office of every step in order, collecting the events. */
function approveAll(plan: RoutePlan, state: RouteState, from = 0) {
  const events: RouteEvent[] = [];
  let s = state;
  let n = 0;
  for (let i = from; i < plan.steps.length; i++) {
    expect(s.current).toBe(i);
    for (const o of plan.steps[i]!.offices) {
      const r = act(plan, s, i, o.officeId, 'approve', n++);
      s = r.state;
      events.push(...r.events);
    }
  }
  return { state: s, events };
}

const ROUTES = PACKS.flatMap((pack) =>
  pack.routes.map((route) => {
    const kind = pack.projectKinds.find((k) => k.route === route.id)!;
    return { pack, route, kind: kind.id, name: `${pack.region.name} ${route.name} (${kind.label})` };
  }),
);

describe('every region’s route, from its real pack', () => {
  it('covers the four regions', () => {
    expect(new Set(ROUTES.map((r) => r.pack.id))).toEqual(
      new Set(['jinzhai-2022', 'mudan-2023', 'huaian-draft', 'gaoping-2020']),
    );
  });

  for (const { pack, kind, name, route } of ROUTES) {
    describe(name, () => {
      it('approves all the way: each step starts after the previous completes, the route records every step’s output', () => {
        const plan = planFor(pack, kind);
        const started = startRoute(plan);
        expect(started.events).toEqual([{ type: 'step_started', stepIndex: 0 }]);
        expect(started.state.steps.map((s) => s.status)).toEqual(
          plan.steps.map((_, i) => (i === 0 ? 'pending' : 'waiting')),
        );
        const { state, events } = approveAll(plan, started.state);
        expect(state.outcome).toBe('approved');
        expect(state.current).toBeNull();
        expect(events.at(-1)).toEqual({ type: 'route_approved' });
        expect(
          events.filter((e) => e.type === 'step_started').map((e) => (e as { stepIndex: number }).stepIndex),
        ).toEqual(plan.steps.slice(1).map((s) => s.index));
        expect(events.filter((e) => e.type === 'office_decided')).toHaveLength(
          plan.steps.reduce((n, s) => n + s.offices.length, 0),
        );
        expect(routeOutput(plan, state).map((o) => o.produces)).toEqual(plan.steps.map((s) => s.produces));
        expect(applicantNext(plan, state)).toEqual({ kind: 'approved', outputs: plan.steps.map((s) => s.produces) });
        // a further decision is refused
        const again = decide(state, {
          stepIndex: 0,
          officeId: plan.steps[0]!.offices[0]!.officeId,
          actor: 'x',
          decision: 'approve',
          at: at(999),
        });
        expect(again).toMatchObject({ ok: false, reason: 'route_finished' });
      });

      it('rejection at the last step ends the route', () => {
        const plan = planFor(pack, kind);
        let { state } = startRoute(plan);
        const last = plan.steps.length - 1;
        for (let i = 0; i < last; i++)
          for (const o of plan.steps[i]!.offices) state = act(plan, state, i, o.officeId, 'approve').state;
        const r = act(plan, state, last, plan.steps[last]!.offices[0]!.officeId, 'reject', 50, '不符合规划');
        expect(r.state.outcome).toBe('rejected');
        expect(r.events.slice(-1)).toEqual([{ type: 'route_rejected', stepIndex: last }]);
        expect(r.state.steps[last]!.offices[0]).toMatchObject({
          status: 'rejected',
          comment: '不符合规划',
          at: at(50).toISOString(),
        });
        expect(applicantNext(plan, r.state)).toEqual({ kind: 'rejected', stepName: plan.steps[last]!.name });
      });

      it(`return then resubmit resumes ${route.resubmitFrom === 'start' ? 'from the start' : 'at the returning step'} (pack: ${route.resubmitFrom})`, () => {
        const plan = planFor(pack, kind);
        let { state } = startRoute(plan);
        const ret = plan.steps.length > 1 ? 1 : 0;
        for (let i = 0; i < ret; i++)
          for (const o of plan.steps[i]!.offices) state = act(plan, state, i, o.officeId, 'approve').state;
        const r = act(plan, state, ret, plan.steps[ret]!.offices[0]!.officeId, 'return', 10, '请补充可行性研究报告');
        expect(r.state.outcome).toBe('returned');
        expect(r.events.slice(-1)).toEqual([{ type: 'route_returned', fromStep: ret }]);
        const next = applicantNext(plan, r.state);
        expect(next).toMatchObject({
          kind: 'returned',
          stepName: plan.steps[ret]!.name,
          resubmitFrom: route.resubmitFrom,
        });

        const resumed = resumeAfterResubmit(r.state, plan.route.resubmitFrom);
        if (!resumed.ok) throw new Error(resumed.message);
        const from = plan.route.resubmitFrom === 'start' ? 0 : ret;
        expect(resumed.state).toMatchObject({ current: from, outcome: 'pending', round: 2 });
        expect(resumed.events).toEqual([{ type: 'step_started', stepIndex: from }]);
        expect(resumed.state.steps.slice(0, from).every((s) => s.status === 'approved')).toBe(true);
        expect(resumed.state.steps[from]!.offices.every((o) => o.status === 'pending')).toBe(true);
        // a card from round 1 is stale
        const stale = decide(resumed.state, {
          stepIndex: from,
          officeId: plan.steps[from]!.offices[0]!.officeId,
          actor: 'x',
          decision: 'approve',
          at: at(60),
          round: 1,
        });
        expect(stale).toMatchObject({ ok: false, reason: 'not_current_step' });
        expect(approveAll(plan, resumed.state, from).state.outcome).toBe('approved');
      });

      const joint = planFor(pack, kind).steps.find((s) => s.offices.length > 1);
      if (joint) {
        it(`会签 “${joint.name}”: one office approves, another refuses → rejected; the rest are closed`, () => {
          const plan = planFor(pack, kind);
          let { state } = startRoute(plan);
          for (let i = 0; i < joint.index; i++)
            for (const o of plan.steps[i]!.offices) state = act(plan, state, i, o.officeId, 'approve').state;
          const [a, b, ...rest] = joint.offices;
          const first = act(plan, state, joint.index, a!.officeId, 'approve');
          expect(first.events.map((e) => e.type)).toEqual(['office_decided']); // still waiting for the others
          expect(first.state.current).toBe(joint.index);
          expect(applicantNext(plan, first.state)).toMatchObject({
            kind: 'pending',
            offices: joint.offices.slice(1).map((o) => o.officeName),
          });
          const second = act(plan, first.state, joint.index, b!.officeId, 'reject', 1, '安全方案不足');
          expect(second.state.outcome).toBe('rejected');
          expect(second.events).toContainEqual({
            type: 'step_completed',
            stepIndex: joint.index,
            status: 'rejected',
            closedOffices: rest.map((o) => o.officeId),
          });
          expect(second.state.steps.slice(joint.index + 1).every((s) => s.status === 'skipped')).toBe(true);
        });
      }
    });
  }

  it('the packs with joint steps (会同) give a 会签 step', () => {
    const withJoint = ROUTES.filter(({ pack, kind }) =>
      planFor(pack, kind).steps.some((s) => s.offices.length > 1),
    ).map((r) => r.pack.id);
    expect(new Set(withJoint)).toEqual(new Set(['jinzhai-2022', 'mudan-2023', 'huaian-draft']));
  });
});

describe('或签', () => {
  it('no shipped pack has an 或签 step today (the test below uses a variant)', () => {
    expect(PACKS.flatMap((p) => p.routes.flatMap((r) => r.steps)).filter((s) => s.mode === 'any')).toEqual([]);
  });

  it('the first approval completes the step; the other offices are closed and cannot act', () => {
    const real = packById('huaian-draft')!;
    const variant: RulePack = {
      ...real,
      routes: real.routes.map((r) => ({
        ...r,
        steps: r.steps.map((s) => (s.id === 'joint_review' ? { ...s, mode: 'any' as const } : s)),
      })),
    };
    const plan = planFor(real, 'new_build', variant);
    const step = plan.steps.find((s) => s.stepId === 'joint_review')!;
    expect(step.mode).toBe('any');
    let { state } = startRoute(plan);
    for (let i = 0; i < step.index; i++)
      for (const o of plan.steps[i]!.offices) state = act(plan, state, i, o.officeId, 'approve').state;
    const r = act(plan, state, step.index, step.offices[2]!.officeId, 'approve');
    expect(r.events).toEqual([
      expect.objectContaining({ type: 'office_decided', officeId: step.offices[2]!.officeId }),
      {
        type: 'step_completed',
        stepIndex: step.index,
        status: 'approved',
        closedOffices: [step.offices[0]!.officeId, step.offices[1]!.officeId, step.offices[3]!.officeId],
      },
      { type: 'step_started', stepIndex: step.index + 1 },
    ]);
    const late = decide(r.state, {
      stepIndex: step.index,
      officeId: step.offices[0]!.officeId,
      actor: step.offices[0]!.members[0]!,
      decision: 'approve',
      at: at(5),
    });
    expect(late).toMatchObject({ ok: false, reason: 'not_current_step', message: '该环节已经办结，无需再处理' });
  });
});

describe('decide', () => {
  const pack = packById('jinzhai-2022')!;
  const plan = planFor(pack, 'new_build');
  const { state } = startRoute(plan);
  const zhb = plan.steps[0]!.offices[0]!;

  it('退回修改 and 不同意 need a comment; 同意 does not', () => {
    for (const decision of ['return', 'reject'] as const) {
      for (const comment of [undefined, '', '   ']) {
        const r = decide(state, {
          stepIndex: 0,
          officeId: zhb.officeId,
          actor: zhb.members[0]!,
          decision,
          comment,
          at: T0,
        });
        expect(r).toMatchObject({ ok: false, reason: 'comment_required' });
      }
    }
    const r = decide(state, {
      stepIndex: 0,
      officeId: zhb.officeId,
      actor: zhb.members[0]!,
      decision: 'return',
      comment: '  补充  ',
      at: T0,
    });
    expect(r.ok && r.state.steps[0]!.offices[0]!.comment).toBe('补充');
  });

  it('an office acts once: the second member of the same office is refused', () => {
    const first = act(plan, state, 0, zhb.officeId, 'approve');
    const r = decide(first.state, {
      stepIndex: 0,
      officeId: zhb.officeId,
      actor: zhb.members[1]!,
      decision: 'approve',
      at: at(1),
    });
    expect(r).toMatchObject({ ok: false, reason: 'office_already_decided' });
    expect(first.events).toEqual([
      {
        type: 'office_decided',
        stepIndex: 0,
        officeId: zhb.officeId,
        decision: 'approve',
        decidedBy: zhb.members[0],
        at: at(0).toISOString(),
      },
    ]);
  });

  it('a later step is not current yet', () => {
    const r = decide(state, {
      stepIndex: 1,
      officeId: zhb.officeId,
      actor: zhb.members[0]!,
      decision: 'approve',
      at: T0,
    });
    expect(r).toMatchObject({ ok: false, reason: 'not_current_step', message: '该环节尚未开始，请等待前序环节办结' });
  });

  it('records who acted on whose behalf', () => {
    const r = decide(state, {
      stepIndex: 0,
      officeId: zhb.officeId,
      actor: 'ou_deputy',
      onBehalfOf: zhb.members[0],
      decision: 'approve',
      at: T0,
    });
    expect(r.ok && r.state.steps[0]!.offices[0]).toMatchObject({ decidedBy: 'ou_deputy', onBehalfOf: zhb.members[0] });
    expect(timelineSteps(plan, r.ok ? r.state : state)[0]!.offices[0]).toMatchObject({
      by: { openId: 'ou_deputy' },
      onBehalfOf: { openId: zhb.members[0] },
    });
  });

  it('does not change the state it was given and keeps it JSON-safe', () => {
    const before = JSON.stringify(state);
    const r = act(plan, state, 0, zhb.officeId, 'approve');
    expect(JSON.stringify(state)).toBe(before);
    expect(JSON.parse(JSON.stringify(r.state))).toEqual(r.state);
  });

  it('a plan without steps is approved at once', () => {
    const r = startRoute({ ...plan, steps: [] });
    expect(r).toEqual({
      state: { steps: [], current: null, outcome: 'approved', round: 1 },
      events: [{ type: 'route_approved' }],
    });
  });
});

describe('resumeAfterResubmit', () => {
  const pack = packById('huaian-draft')!;
  const plan = planFor(pack, 'new_build');

  function returnedAt(step: number): RouteState {
    let { state } = startRoute(plan);
    for (let i = 0; i < step; i++)
      for (const o of plan.steps[i]!.offices) state = act(plan, state, i, o.officeId, 'approve').state;
    return act(plan, state, step, plan.steps[step]!.offices[0]!.officeId, 'return').state;
  }

  it('refuses a route that is not returned', () => {
    expect(resumeAfterResubmit(startRoute(plan).state, 'start')).toMatchObject({ ok: false, reason: 'not_returned' });
  });

  it('with a new plan (facts changed), keeps the approved steps before the returning one and resumes there', () => {
    const state = returnedAt(3); // 立项审批
    const newPlan = planRoute(pack, 'new_build', { ...FACTS, investmentWan: 500 }, officesFor(pack.id));
    if (isPlanError(newPlan)) throw new Error(newPlan.error);
    const r = resumeAfterResubmit(state, 'returning_step', newPlan);
    expect(r.ok && r.state.current).toBe(3);
    expect(r.ok && r.state.steps.map((s) => s.status)).toEqual(['approved', 'approved', 'approved', 'pending']);
  });

  it('when the new plan no longer has the returning step, resumes at the first step not approved', () => {
    const state = returnedAt(3);
    // the resubmitted plan lost its last step (the one that returned it), as when a skip condition now holds
    const shorter = { ...plan, steps: plan.steps.slice(0, 3) };
    const r = resumeAfterResubmit(state, 'returning_step', shorter);
    expect(r).toMatchObject({
      ok: true,
      state: { outcome: 'approved', current: null },
      events: [{ type: 'route_approved' }],
    });
  });
});
