import { describe, expect, it } from 'vitest';
import { addDuration } from '../../src/calendar.js';
import { projectDeadlines, type DeadlineRow } from '../../src/lifecycle/deadlines.js';
import { digestEntries, digestKey, isDigestTime, regionNotices, remindersDue } from '../../src/lifecycle/reminders.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';

// 金寨 绩效自评价: 终验 and 投入运行 2025-08-25 → due Wed 2026-02-25 (6 months), just after 春节
// 2026 (02-15..02-23 off, Sat 02-14 and Sat 02-28 work).
const selfEvaluation: DeadlineRow = projectDeadlines(
  jinzhai2022,
  {
    kind: 'new_build',
    facts: {},
    attachedMaterialIds: [],
    events: { approved: '2025-01-10', final_acceptance: '2025-08-25', operation_started: '2025-08-25' },
  },
  '2025-08-25',
).find((r) => r.limitId === 'performance_self_evaluation')!;

const days = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) => addDuration(from, { amount: i, unit: 'days' }).date);

describe('remindersDue', () => {
  it('a scheduler run every day for 60 days yields every key exactly once, and the complete set', () => {
    const seen: string[] = [];
    const sent = new Set<string>();
    for (const today of days('2026-01-21', 60)) {
      // 2026-01-21 .. 2026-03-21
      for (const r of remindersDue(selfEvaluation, { today, state: 'open', graceWorkingDays: 3 })) {
        if (sent.has(r.key)) continue;
        sent.add(r.key);
        seen.push(r.key);
        expect(r.date).toBe(today); // run daily, nothing arrives late
      }
    }
    const k = selfEvaluation.key;
    expect(k).toBe('performance_self_evaluation:2025-08-25');
    // overdue on every working day from Thu 02-26 to Fri 03-20 (Sat 02-28 works, Sat 03-21 does not)
    const overdue = [
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-16',
      '2026-03-17',
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
    ];
    expect(seen).toEqual([
      `${k}:before:7`, // 02-09
      `${k}:before:3`, // 02-13
      `${k}:before:1`, // 02-24
      `${k}:on`, // 02-25
      `${k}:overdue:2026-02-26`,
      `${k}:overdue:2026-02-27`,
      `${k}:overdue:2026-02-28`,
      `${k}:escalate`, // third working day after the due date: the 调休 Saturday 02-28
      ...overdue.slice(3).map((d) => `${k}:overdue:${d}`),
    ]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('catches up after missed runs without duplicates, marking the stale ones superseded', () => {
    const sent = new Set<string>();
    const runs = ['2026-02-10', '2026-02-26', '2026-02-26', '2026-03-02'].map((today) =>
      remindersDue(selfEvaluation, { today, state: 'open', graceWorkingDays: 3 }).filter((r) => {
        const fresh = !sent.has(r.key);
        sent.add(r.key);
        return fresh;
      }),
    );
    expect(runs[0]!.map((r) => [r.kind, r.superseded])).toEqual([['before', false]]);
    expect(runs[1]!.map((r) => [r.key.split(':').slice(2).join(':'), r.superseded])).toEqual([
      ['before:3', true],
      ['before:1', true],
      ['on', true],
      ['overdue:2026-02-26', false],
    ]);
    expect(runs[2]).toEqual([]);
    expect(runs[3]!.map((r) => [r.kind, r.date, r.superseded])).toEqual([
      ['overdue', '2026-02-27', true],
      ['overdue', '2026-02-28', true],
      ['escalate', '2026-02-28', false],
      ['overdue', '2026-03-02', false],
    ]);
  });

  it('stops when the row is done; an extension counts to the new date under new keys', () => {
    expect(remindersDue(selfEvaluation, { today: '2026-03-02', state: 'done', graceWorkingDays: 3 })).toEqual([]);
    const extended = { ...selfEvaluation, extendedTo: '2026-03-13' };
    const r = remindersDue(extended, { today: '2026-03-13', state: 'open', graceWorkingDays: 3 });
    expect(r.map((x) => x.key)).toEqual([
      `${selfEvaluation.key}@2026-03-13:before:7`, // 03-04
      `${selfEvaluation.key}@2026-03-13:before:3`, // 03-10
      `${selfEvaluation.key}@2026-03-13:before:1`, // 03-12
      `${selfEvaluation.key}@2026-03-13:on`,
    ]);
    expect(r.map((x) => x.date)).toEqual(['2026-03-04', '2026-03-10', '2026-03-12', '2026-03-13']);
  });

  it('sends nothing on a weekend or holiday; what fell due comes on the next working day', () => {
    // 2026-02-22 is inside 春节; 02-24 is the next working day and brings before:3 and before:1
    expect(remindersDue(selfEvaluation, { today: '2026-02-22', state: 'open', graceWorkingDays: 3 })).toEqual([]);
    expect(regionNotices(jinzhai2022, '2026-09-26')).toEqual([]); // 中秋 2026
    const r = remindersDue(selfEvaluation, { today: '2026-02-24', state: 'open', graceWorkingDays: 3 });
    expect(r.map((x) => [x.key.split(':').slice(2).join(':'), x.superseded])).toEqual([
      ['before:7', true],
      ['before:3', true],
      ['before:1', false],
    ]);
  });

  it('audiences: the responsible side, the group on the day, leaders and the reviewer office on escalation', () => {
    const r = remindersDue(selfEvaluation, { today: '2026-03-02', state: 'open', graceWorkingDays: 3 });
    expect(r.find((x) => x.kind === 'before')!.audience).toEqual(['responsible']);
    expect(r.find((x) => x.kind === 'on')!.audience).toEqual(['responsible', 'unit_group']);
    expect(r.find((x) => x.kind === 'escalate')!.audience).toEqual(['unit_leaders', 'reviewer_office']);
  });

  it('a not_before row gets one notice on the first working day it allows (金寨 终验 after 3 months)', () => {
    const nb = projectDeadlines(
      jinzhai2022,
      {
        kind: 'new_build',
        facts: {},
        attachedMaterialIds: [],
        events: { approved: '2025-01-10', trial_run_started: '2025-05-23' },
      },
      '2025-05-23',
    )[0]!;
    expect([nb.type, nb.due]).toEqual(['not_before', '2025-08-24']); // the day after the 3 months, a Sunday
    expect(
      remindersDue(nb, { today: '2025-09-30', state: 'open', graceWorkingDays: 3 }).map((x) => [x.key, x.date]),
    ).toEqual([[`${nb.key}:on`, '2025-08-25']]);
  });

  it('金寨 第十八条 “通过终验并投入运行后6个月内”: 终验 2025-08-25, 投入运行 2025-10-15 — nothing overdue or escalated in February 2026', () => {
    const project = {
      kind: 'new_build',
      facts: {},
      attachedMaterialIds: [],
      events: { approved: '2025-01-10', final_acceptance: '2025-08-25' },
    };
    // 终验 alone starts no clock
    expect(
      projectDeadlines(jinzhai2022, project, '2026-03-02').find((r) => r.limitId === 'performance_self_evaluation'),
    ).toBeUndefined();
    const row = projectDeadlines(
      jinzhai2022,
      { ...project, events: { ...project.events, operation_started: '2025-10-15' } },
      '2026-03-02',
    ).find((r) => r.limitId === 'performance_self_evaluation')!;
    expect([row.from, row.due]).toEqual(['2025-10-15', '2026-04-15']);
    const due = days('2026-02-01', 45).flatMap((today) =>
      remindersDue(row, { today, state: 'open', graceWorkingDays: 3 }),
    );
    expect(due.filter((r) => r.kind === 'overdue' || r.kind === 'escalate')).toEqual([]);
  });

  it('a window opens, then is reminded before it closes (牡丹区 自评价 12–24 months)', () => {
    const w = projectDeadlines(
      mudan2023,
      {
        kind: 'government_build',
        facts: {},
        attachedMaterialIds: [],
        events: { approved: '2024-01-10', final_acceptance: '2024-05-06', operation_started: '2024-05-06' },
      },
      '2024-05-06',
    ).find((r) => r.limitId === 'self_evaluation')!;
    expect([w.due, w.until]).toEqual(['2025-05-07', '2026-05-06']);
    const r = remindersDue(w, { today: '2025-06-03', state: 'open', graceWorkingDays: 3 });
    expect(r.map((x) => [x.kind, x.date])).toEqual([['opens', '2025-05-07']]);
  });
});

describe('isDigestTime (09:00 Asia/Shanghai on working days)', () => {
  it('yes at 09:00 on a working day, not at 08:59', () => {
    expect(isDigestTime(new Date('2025-10-09T01:00:00Z'))).toBe(true); // Thu 09:00 Shanghai
    expect(isDigestTime(new Date('2025-10-09T00:59:00Z'))).toBe(false);
  });
  it('not on 2025-10-01 (国庆)', () => {
    expect(isDigestTime(new Date('2025-10-01T01:30:00Z'))).toBe(false);
  });
  it('yes on Saturday 2025-10-11 (调休 working day), not on Sunday 2025-10-12', () => {
    expect(isDigestTime(new Date('2025-10-11T01:00:00Z'))).toBe(true);
    expect(isDigestTime(new Date('2025-10-12T01:00:00Z'))).toBe(false);
  });
  it('uses the Shanghai date, not UTC: 2025-10-10 23:30 UTC is Sat 07:30 in Shanghai', () => {
    expect(isDigestTime(new Date('2025-10-10T23:30:00Z'))).toBe(false);
    expect(isDigestTime(new Date('2025-10-11T00:30:00Z'), { hour: 8, minute: 30 })).toBe(true);
  });
  it('the key is the Shanghai date', () => {
    expect(digestKey(new Date('2025-10-10T17:00:00Z'))).toBe('digest:2025-10-11');
  });
});

describe('digestEntries', () => {
  it('overdue first, then today, then within the horizon; done rows left out', () => {
    const rows = [
      { ...selfEvaluation, state: 'open' as const },
      { ...selfEvaluation, key: 'a', due: '2026-03-02', state: 'open' as const },
      { ...selfEvaluation, key: 'b', due: '2026-03-20', state: 'open' as const },
      { ...selfEvaluation, key: 'c', due: '2026-02-27', state: 'done' as const },
    ];
    const e = digestEntries(rows, '2026-03-02');
    expect(e.map((x) => [x.row.key, x.status, x.workingDays])).toEqual([
      [selfEvaluation.key, 'overdue', 4], // 02-26, 02-27, 02-28, 03-02
      ['a', 'today', 0],
    ]);
    // 03-20 is 14 working days away: beyond the default horizon of 7, within one of 15
    expect(
      digestEntries(rows, '2026-03-02', { horizonWorkingDays: 15 }).map((x) => [x.row.key, x.workingDays]),
    ).toContainEqual(['b', 14]);
  });
});

describe('regionNotices', () => {
  it('金寨 申报表 window: opens after the last close, 4 weeks and 1 week before 2026-09-30', () => {
    // opens 2025-10-01 → first working day 10-09 (10-01..10-08 off); 09-02 and 09-23 are Wednesdays
    const n = regionNotices(jinzhai2022, '2026-09-23');
    expect(n.map((x) => [x.key, x.date, x.superseded])).toEqual([
      ['jinzhai:annual_declaration:2026-09-30:open', '2025-10-09', true],
      ['jinzhai:annual_declaration:2026-09-30:close-4w', '2026-09-02', true],
      ['jinzhai:annual_declaration:2026-09-30:close-1w', '2026-09-23', false],
    ]);
    expect(n[0]!.audience).toBe('units');
  });
  it('after the close, the next window opens on the first working day after 国庆 2026', () => {
    expect(regionNotices(jinzhai2022, '2026-10-01')).toEqual([]);
    expect(regionNotices(jinzhai2022, '2026-10-08').map((x) => x.key)).toEqual([
      'jinzhai:annual_declaration:2027-09-30:open',
    ]);
  });
  it('牡丹区 项目库: opens on the 调休 Sunday 2026-01-04 after 元旦', () => {
    expect(regionNotices(mudan2023, '2026-01-04').map((x) => [x.kind, x.date])).toEqual([
      ['window_open', '2026-01-04'],
    ]);
  });
  it('淮安 年度计划 is the reviewer office’s own limit', () => {
    const n = regionNotices(huaianDraft, '2026-09-08');
    expect(n.map((x) => [x.kind, x.date, x.audience])).toEqual([
      ['window_open', '2025-09-16', 'reviewer_office'],
      ['closing_4w', '2026-08-18', 'reviewer_office'],
      ['closing_1w', '2026-09-08', 'reviewer_office'],
    ]);
  });
  it('a deployment may set when a window opens', () => {
    const n = regionNotices(jinzhai2022, '2026-06-01', { opensOn: { annual_declaration: { month: 6, day: 1 } } });
    expect(n.map((x) => [x.kind, x.opens, x.date])).toEqual([['window_open', '2026-06-01', '2026-06-01']]);
  });
});
