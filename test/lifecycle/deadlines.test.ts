import { describe, expect, it } from 'vitest';
import {
  missingMaterials,
  projectDeadlines,
  reconcileDeadlines,
  regionAnnualDeadlines,
} from '../../src/lifecycle/deadlines.js';
import { checkReport } from '../../src/lifecycle/report.js';
import { jinzhai2022 } from '../../src/rules/packs/jinzhai-2022.js';
import { mudan2023 } from '../../src/rules/packs/mudan-2023.js';
import { huaianDraft } from '../../src/rules/packs/huaian-draft.js';
import { gaoping2020 } from '../../src/rules/packs/gaoping-2020.js';

describe('regionAnnualDeadlines', () => {
  it('金寨: the 申报表 before October → 09-30 (第五条)', () => {
    expect(regionAnnualDeadlines(jinzhai2022, 2026).map((r) => [r.key, r.due, r.article, r.responsible])).toEqual([
      ['annual_declaration:2026-09-30', '2026-09-30', 5, 'unit'],
    ]);
  });
  it('淮安: the 年度计划 by mid-September, the 市数据局’s own limit (第六条)', () => {
    expect(regionAnnualDeadlines(huaianDraft, 2026).map((r) => [r.limitId, r.due, r.responsible])).toEqual([
      ['annual_plan', '2026-09-15', 'reviewer'],
    ]);
  });
  it('牡丹区: 项目库 before the budget year (第十二条)', () => {
    expect(regionAnnualDeadlines(mudan2023, 2025).map((r) => [r.limitId, r.due, r.article])).toEqual([
      ['project_library_listing', '2025-12-31', 12],
    ]);
  });
  it('高平 has no annual limit', () => {
    expect(regionAnnualDeadlines(gaoping2020, 2026)).toEqual([]);
  });
});

describe('projectDeadlines', () => {
  const mudan = { kind: 'government_build', facts: {}, attachedMaterialIds: [] as string[] };

  it('no quarterly rows before approval or after construction; both quarters in between', () => {
    expect(projectDeadlines(mudan2023, { ...mudan, events: {} }, '2025-02-10')).toEqual([]);
    const under = projectDeadlines(mudan2023, { ...mudan, events: { approved: '2025-01-06' } }, '2025-02-10');
    expect(under.map((r) => [r.key, r.due])).toEqual([
      ['quarterly_progress_report:2025-03-31', '2025-03-31'],
      ['quarterly_progress_report:2025-06-30', '2025-06-30'],
    ]);
    const done = projectDeadlines(
      mudan2023,
      {
        ...mudan,
        events: { approved: '2025-01-06', construction_completed: '2024-12-20', final_acceptance: '2025-01-05' },
      },
      '2025-02-10',
    );
    expect(done.filter((r) => r.triggerKind === 'quarterly')).toEqual([]);
  });

  it('leaves out limits whose condition does not hold (淮安 free maintenance only for 建设类)', () => {
    const events = { approved: '2025-01-06', final_acceptance: '2025-09-01' };
    const build = projectDeadlines(
      huaianDraft,
      { kind: 'new_build', facts: {}, events, attachedMaterialIds: [] },
      '2025-09-01',
    );
    const ops = projectDeadlines(
      huaianDraft,
      { kind: 'operation', facts: {}, events, attachedMaterialIds: [] },
      '2025-09-01',
    );
    expect(build.map((r) => r.limitId)).toEqual(['acceptance_report_filing', 'free_maintenance']);
    expect(ops.map((r) => r.limitId)).toEqual(['acceptance_report_filing']);
  });

  it('recomputes on a corrected date: the old row is cancelled, the new one added', () => {
    const project = {
      kind: 'new_build',
      facts: {},
      attachedMaterialIds: [] as string[],
      events: { approved: '2026-01-05', contract_signed: '2026-02-11' },
    };
    const before = projectDeadlines(gaoping2020, project, '2026-02-12');
    expect(before.map((r) => [r.key, r.due])).toEqual([['contract_filing:2026-02-11', '2026-02-25']]);
    const stored = before.map((r) => ({ key: r.key, limitId: r.limitId, due: r.due, state: 'open' as const }));

    const fix = checkReport(gaoping2020, project, { event: 'contract_signed', date: '2026-02-10' }, '2026-02-12');
    expect(fix.ok).toBe(true);
    if (!fix.ok) return;
    // Tue 02-10 + 5 working days: 02-11, 02-12, 02-13, Sat 02-14 works, (春节) 02-24
    const after = projectDeadlines(gaoping2020, { ...project, events: fix.events }, '2026-02-12');
    expect(after.map((r) => [r.key, r.due])).toEqual([['contract_filing:2026-02-10', '2026-02-24']]);
    const diff = reconcileDeadlines(gaoping2020, stored, after, '2026-02-12');
    expect(diff.cancel).toEqual(['contract_filing:2026-02-11']);
    expect(diff.add.map((r) => r.key)).toEqual(['contract_filing:2026-02-10']);
  });

  it('keeps a past quarterly row that is no longer computed, cancels a future one', () => {
    const stored = [
      {
        key: 'quarterly_progress_report:2025-03-31',
        limitId: 'quarterly_progress_report',
        due: '2025-03-31',
        state: 'open' as const,
      },
      {
        key: 'quarterly_progress_report:2025-06-30',
        limitId: 'quarterly_progress_report',
        due: '2025-06-30',
        state: 'open' as const,
      },
      {
        key: 'quarterly_progress_report:2024-12-31',
        limitId: 'quarterly_progress_report',
        due: '2024-12-31',
        state: 'done' as const,
      },
    ];
    const computed = projectDeadlines(
      mudan2023,
      { ...mudan, events: { approved: '2025-01-06', construction_completed: '2025-03-20' } },
      '2025-04-02',
    );
    expect(computed.filter((r) => r.triggerKind === 'quarterly')).toEqual([]);
    expect(reconcileDeadlines(mudan2023, stored, computed, '2025-04-02').cancel).toEqual([
      'quarterly_progress_report:2025-06-30',
    ]);
  });

  it('marks a row provisional when it counts working days through a year without holiday data', () => {
    const rows = projectDeadlines(
      gaoping2020,
      {
        kind: 'new_build',
        facts: {},
        attachedMaterialIds: [],
        events: { approved: '2099-01-05', contract_signed: '2099-03-02' },
      },
      '2099-03-02',
    );
    expect(rows[0]!.provisional).toBe(true);
  });
});

describe('missingMaterials', () => {
  it('lists the materials of the stages on the limit’s article that are not attached', () => {
    const project = {
      kind: 'government_build',
      facts: { investmentWan: 150 },
      attachedMaterialIds: [] as string[],
      events: { approved: '2024-06-03', contract_signed: '2024-09-27' },
    };
    const filing = projectDeadlines(mudan2023, project, '2024-09-27').find((r) => r.limitId === 'contract_filing')!;
    expect(missingMaterials(mudan2023, filing, project).map((m) => m.id)).toEqual(['procurement_contract']);
    expect(missingMaterials(mudan2023, filing, { ...project, attachedMaterialIds: ['procurement_contract'] })).toEqual(
      [],
    );
    const self = projectDeadlines(
      jinzhai2022,
      {
        kind: 'new_build',
        facts: {},
        attachedMaterialIds: [],
        events: { final_acceptance: '2025-08-25', operation_started: '2025-08-25' },
      },
      '2025-08-25',
    )[0]!;
    expect(
      missingMaterials(jinzhai2022, self, { kind: 'new_build', attachedMaterialIds: [] }).map((m) => m.id),
    ).toEqual(['self_evaluation_report']);
  });
});
