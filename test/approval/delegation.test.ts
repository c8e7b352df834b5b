import { describe, expect, it } from 'vitest';
import { authorise, cardRecipients, type Delegation } from '../../src/approval/delegation.js';
import { decide, startRoute } from '../../src/approval/machine.js';
import { isPlanError, planRoute, type RoutePlan } from '../../src/approval/plan.js';
import { packById } from '../../src/rules/packs/index.js';
import { EXTRA_OFFICES, officesFor } from './fake-directory.js';

const p = planRoute(
  packById('jinzhai-2022')!,
  'new_build',
  { investmentWan: 300, fiscalFundsWan: 300 },
  officesFor('jinzhai-2022', EXTRA_OFFICES['jinzhai-2022']),
);
if (isPlanError(p)) throw new Error(p.error);
const plan: RoutePlan = p;
const ZHB = plan.steps[0]!.offices[0]!; // 县智慧办: ou_jzZhbLi, ou_jzZhbWang
const WXB = plan.steps[0]!.offices[1]!; // 县委网信办
const NOW = new Date('2025-06-03T03:00:00Z');
const away: Delegation = {
  kind: 'away',
  principal: 'ou_jzZhbLi',
  deputy: 'ou_jzDeputy',
  from: '2025-06-01T00:00:00Z',
  until: '2025-06-05T00:00:00Z',
  note: '出差',
};

describe('authorise', () => {
  it('a member of the office acts for themselves', () => {
    expect(authorise(plan, 0, ZHB.officeId, 'ou_jzZhbWang', [], NOW)).toEqual({
      ok: true,
      actor: 'ou_jzZhbWang',
      via: 'member',
    });
  });

  it('a non-member is refused, and a member of another office cannot act for this one', () => {
    const r = authorise(plan, 0, ZHB.officeId, 'ou_stranger', [], NOW);
    expect(r).toMatchObject({ ok: false, reason: 'not_authorised' });
    expect(!r.ok && r.message).toContain('县智慧办');
    expect(authorise(plan, 0, ZHB.officeId, WXB.members[0]!, [], NOW).ok).toBe(false);
    expect(authorise(plan, 0, 999, 'ou_jzZhbWang', [], NOW).ok).toBe(false);
    expect(authorise(plan, 99, ZHB.officeId, 'ou_jzZhbWang', [], NOW).ok).toBe(false);
  });

  it('a deputy acts on behalf of the away member, only during the away period', () => {
    expect(authorise(plan, 0, ZHB.officeId, 'ou_jzDeputy', [away], NOW)).toEqual({
      ok: true,
      actor: 'ou_jzDeputy',
      onBehalfOf: 'ou_jzZhbLi',
      via: 'deputy',
    });
    expect(authorise(plan, 0, ZHB.officeId, 'ou_jzDeputy', [away], new Date('2025-06-05T00:00:00Z')).ok).toBe(false);
    expect(authorise(plan, 0, ZHB.officeId, 'ou_jzDeputy', [away], new Date('2025-05-31T23:59:59Z')).ok).toBe(false);
    // not for an office the principal is not in
    expect(authorise(plan, 0, WXB.officeId, 'ou_jzDeputy', [away], NOW).ok).toBe(false);
  });

  it('a transferred task: the transferee acts on behalf of the member, for that step and office only', () => {
    const t: Delegation = {
      kind: 'transfer',
      stepIndex: 0,
      officeId: ZHB.officeId,
      from: 'ou_jzZhbWang',
      to: 'ou_colleague',
      note: '请代为审核',
      at: NOW,
    };
    expect(authorise(plan, 0, ZHB.officeId, 'ou_colleague', [t], NOW)).toEqual({
      ok: true,
      actor: 'ou_colleague',
      onBehalfOf: 'ou_jzZhbWang',
      via: 'transfer',
    });
    expect(authorise(plan, 1, ZHB.officeId, 'ou_colleague', [t], NOW).ok).toBe(false);
    // the member who transferred may still act
    expect(authorise(plan, 0, ZHB.officeId, 'ou_jzZhbWang', [t], NOW)).toMatchObject({ ok: true, via: 'member' });
    // a transfer made by someone who may not act counts for nothing
    const bogus: Delegation = { ...t, from: 'ou_stranger', to: 'ou_friend' };
    expect(authorise(plan, 0, ZHB.officeId, 'ou_friend', [bogus], NOW).ok).toBe(false);
    // a transfer from an earlier round no longer applies
    expect(authorise(plan, 0, ZHB.officeId, 'ou_colleague', [{ ...t, round: 1 }], NOW, 2).ok).toBe(false);
  });

  it('chains resolve to the member at the start; cycles do not loop', () => {
    const chain: Delegation[] = [
      { kind: 'transfer', stepIndex: 0, officeId: ZHB.officeId, from: 'ou_jzDeputy', to: 'ou_b', at: NOW },
      { kind: 'transfer', stepIndex: 0, officeId: ZHB.officeId, from: 'ou_b', to: 'ou_c', at: NOW },
      away,
    ];
    expect(authorise(plan, 0, ZHB.officeId, 'ou_c', chain, NOW)).toEqual({
      ok: true,
      actor: 'ou_c',
      onBehalfOf: 'ou_jzZhbLi',
      via: 'transfer',
    });
    const cycle: Delegation[] = [
      { kind: 'transfer', stepIndex: 0, officeId: ZHB.officeId, from: 'ou_x', to: 'ou_y', at: NOW },
      { kind: 'transfer', stepIndex: 0, officeId: ZHB.officeId, from: 'ou_y', to: 'ou_x', at: NOW },
    ];
    expect(authorise(plan, 0, ZHB.officeId, 'ou_x', cycle, NOW).ok).toBe(false);
  });

  it('the deputy’s decision is recorded on behalf of the member', () => {
    const a = authorise(plan, 0, ZHB.officeId, 'ou_jzDeputy', [away], NOW);
    if (!a.ok) throw new Error(a.message);
    const r = decide(startRoute(plan).state, {
      stepIndex: 0,
      officeId: ZHB.officeId,
      actor: a.actor,
      onBehalfOf: a.onBehalfOf,
      decision: 'approve',
      at: NOW,
    });
    expect(r.ok && r.events[0]).toMatchObject({
      type: 'office_decided',
      decidedBy: 'ou_jzDeputy',
      onBehalfOf: 'ou_jzZhbLi',
    });
  });
});

describe('cardRecipients', () => {
  it('members of every office, plus active deputies and transferees, once each', () => {
    const t: Delegation = {
      kind: 'transfer',
      stepIndex: 0,
      officeId: WXB.officeId,
      from: WXB.members[0]!,
      to: 'ou_colleague',
      at: NOW,
    };
    const expired: Delegation = { ...away, deputy: 'ou_old', until: '2025-06-02T00:00:00Z' } as Delegation;
    expect(cardRecipients(plan, 0, [away, t, expired, { ...away }], NOW)).toEqual([
      { openId: 'ou_jzZhbLi', officeId: ZHB.officeId },
      { openId: 'ou_jzZhbWang', officeId: ZHB.officeId },
      { openId: 'ou_jzDeputy', officeId: ZHB.officeId, onBehalfOf: 'ou_jzZhbLi' },
      { openId: WXB.members[0], officeId: WXB.officeId },
      { openId: 'ou_colleague', officeId: WXB.officeId, onBehalfOf: WXB.members[0] },
    ]);
  });
});
