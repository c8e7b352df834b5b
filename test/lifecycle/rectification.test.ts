import { describe, expect, it } from 'vitest';
import {
  applyRectificationAction,
  applyRung,
  escalationDue,
  isRectificationOverdue,
  issueRectification,
  ladder,
  proposeNextRung,
  type Rectification,
} from '../../src/lifecycle/rectification.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { gaoping2020 } from '../../src/rules/packs/gaoping-2020.js';

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error((r as unknown as { error: string }).error);
  return r as Extract<T, { ok: true }>;
}

describe('the ladder', () => {
  it('leaves out consequences that follow directly from a finding', () => {
    // 牡丹区 has no general ladder: 第二十五条's 整改或暂停建设 answers 严重逾期、重大损失 only
    expect(ladder(mudan2023)).toEqual([]);
    expect(ladder(jinzhai2022).map((r) => r.rung)).toEqual([1, 2, 3, 4]);
    expect(proposeNextRung(mudan2023, 1)).toBeNull();
    expect(proposeNextRung(gaoping2020, 1)?.name).toBe('暂停拨付项目建设和运维资金');
  });
});

describe('issueRectification', () => {
  it('counts N working days across 国庆 2025: Fri 09-26 + 6 → the 调休 Saturday 10-11', () => {
    // Sun 09-28 works (1), 09-29 (2), 09-30 (3), 10-01..10-08 off, 10-09 (4), 10-10 (5), Sat 10-11 works (6)
    const r = ok(
      issueRectification(jinzhai2022, {
        id: 'r1',
        issuedOn: '2025-09-26',
        problems: '未按批复内容建设',
        deadline: { workingDays: 6 },
      }),
    );
    expect(r.rect.deadline).toBe('2025-10-11');
    expect(r.rect.rung).toBe(1);
    expect(r.rect.state).toBe('issued');
    // default legal basis: the first rung (限期整改, 第二十条)
    expect(r.rect.basis).toEqual([{ article: 20, quote: '要求项目建设单位限期整改' }]);
  });

  it('takes failed checks with their articles, and a date deadline', () => {
    const r = ok(
      issueRectification(jinzhai2022, {
        id: 'r2',
        issuedOn: '2025-09-26',
        failedCheckIds: ['no_own_hardware'],
        deadline: { date: '2025-10-31' },
      }),
    );
    expect(r.rect.problems[0]).toMatchObject({ checkId: 'no_own_hardware', article: 8 });
    expect(r.rect.basis.map((b) => b.article)).toEqual([20, 8]);
    expect(r.rect.deadline).toBe('2025-10-31');
  });

  it('refuses a notice without problems, an unknown check, a deadline not after the day of issue', () => {
    expect(
      issueRectification(jinzhai2022, { id: 'x', issuedOn: '2025-09-26', problems: '  ', deadline: { workingDays: 5 } })
        .ok,
    ).toBe(false);
    expect(
      issueRectification(jinzhai2022, {
        id: 'x',
        issuedOn: '2025-09-26',
        failedCheckIds: ['nope'],
        deadline: { workingDays: 5 },
      }).ok,
    ).toBe(false);
    expect(
      issueRectification(jinzhai2022, {
        id: 'x',
        issuedOn: '2025-09-26',
        problems: 'p',
        deadline: { date: '2025-09-26' },
      }).ok,
    ).toBe(false);
    expect(
      issueRectification(jinzhai2022, { id: 'x', issuedOn: '2025-09-26', problems: 'p', deadline: { workingDays: 0 } })
        .ok,
    ).toBe(false);
  });
});

describe('report → return → report → accept', () => {
  it('goes through the states and refuses actions out of turn', () => {
    let rect = ok(
      issueRectification(jinzhai2022, {
        id: 'r3',
        issuedOn: '2025-09-26',
        problems: ['问题一', '问题二'],
        deadline: { workingDays: 5 },
      }),
    ).rect;
    expect(applyRectificationAction(rect, { type: 'accept', at: '2025-09-29' }).ok).toBe(false);
    expect(applyRectificationAction(rect, { type: 'report', at: '2025-09-29', text: ' ' }).ok).toBe(false);
    rect = ok(
      applyRectificationAction(rect, { type: 'report', at: '2025-09-29', text: '已整改', materialIds: ['m1'] }),
    ).rect;
    expect(rect.state).toBe('reported');
    expect(applyRectificationAction(rect, { type: 'return', at: '2025-09-30', reason: '' }).ok).toBe(false);
    rect = ok(
      applyRectificationAction(rect, {
        type: 'return',
        at: '2025-09-30',
        reason: '材料不全',
        deadline: { workingDays: 3 },
      }),
    ).rect;
    // 09-30 + 3 working days: 10-09, 10-10, Sat 10-11
    expect([rect.state, rect.deadline]).toEqual(['returned', '2025-10-11']);
    rect = ok(applyRectificationAction(rect, { type: 'report', at: '2025-10-13', text: '补充完毕' })).rect;
    expect(rect.history.at(-1)).toMatchObject({ action: 'report', late: true });
    rect = ok(applyRectificationAction(rect, { type: 'accept', at: '2025-10-14' })).rect;
    expect(rect.state).toBe('accepted');
    expect(escalationDue(jinzhai2022, rect, '2025-12-01')).toBeNull();
    expect(rect.history.map((s) => s.action)).toEqual(['issue', 'report', 'return', 'report', 'accept']);
  });
});

describe('escalation', () => {
  it('an overdue notice climbs the ladder twice, each rung proposed once and applied on confirm', () => {
    // deadline Sat 10-11 (6 working days, see above)
    let rect: Rectification = ok(
      issueRectification(jinzhai2022, {
        id: 'r4',
        issuedOn: '2025-09-26',
        problems: '未按批复内容建设',
        deadline: { workingDays: 6 },
      }),
    ).rect;
    expect(escalationDue(jinzhai2022, rect, '2025-10-11')).toBeNull(); // the last day is still on time
    expect(isRectificationOverdue(rect, '2025-10-13')).toBe(true);

    const first = escalationDue(jinzhai2022, rect, '2025-10-13')!;
    expect(first).toMatchObject({
      key: 'r4:rung:2',
      reason: 'overdue',
      rung: { rung: 2, name: '暂缓安排投资计划', article: 20 },
    });
    // not confirmed yet: nothing changes, the same proposal (same key) the next day
    expect(escalationDue(jinzhai2022, rect, '2025-10-14')!.key).toBe('r4:rung:2');
    expect(applyRung(jinzhai2022, rect, 3, '2025-10-14').ok).toBe(false); // rungs are not skipped
    rect = ok(applyRung(jinzhai2022, rect, 2, '2025-10-14', { deadline: { date: '2025-10-31' } })).rect;
    expect([rect.rung, rect.state, rect.deadline]).toEqual([2, 'issued', '2025-10-31']);
    expect(escalationDue(jinzhai2022, rect, '2025-10-31')).toBeNull();

    const second = escalationDue(jinzhai2022, rect, '2025-11-03')!;
    expect(second).toMatchObject({ key: 'r4:rung:3', rung: { name: '暂停项目建设' } });
    rect = ok(applyRung(jinzhai2022, rect, 3, '2025-11-03')).rect;
    expect([rect.rung, rect.state]).toEqual([3, 'issued']);
    expect(escalationDue(jinzhai2022, rect, '2025-11-04')).toMatchObject({
      key: 'r4:rung:4',
      rung: { name: '终止项目' },
    });
    expect(rect.history.filter((s) => s.action === 'rung').map((s) => (s as { name: string }).name)).toEqual([
      '暂缓安排投资计划',
      '暂停项目建设',
    ]);
  });

  it('a refusal escalates at once; the last rung closes the notice', () => {
    let rect = ok(
      issueRectification(gaoping2020, {
        id: 'g1',
        issuedOn: '2026-03-02',
        problems: '擅自调整建设内容',
        deadline: { workingDays: 10 },
      }),
    ).rect;
    rect = ok(applyRectificationAction(rect, { type: 'refuse', at: '2026-03-03', reason: '拒不整改' })).rect;
    expect(escalationDue(gaoping2020, rect, '2026-03-03')).toMatchObject({ reason: 'refused', rung: { rung: 2 } });
    rect = ok(applyRung(gaoping2020, rect, 2, '2026-03-04')).rect;
    expect(rect.state).toBe('refused');
    rect = ok(applyRung(gaoping2020, rect, 3, '2026-03-05')).rect;
    expect([rect.rung, rect.state]).toEqual([3, 'closed']);
    expect(escalationDue(gaoping2020, rect, '2026-03-06')).toBeNull();
    expect(applyRung(gaoping2020, rect, 4, '2026-03-06').ok).toBe(false);
  });
});
