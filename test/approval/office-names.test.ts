import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPlanError, planRoute, type OfficesByRole } from '../../src/approval/plan.js';
import { parseOrgDirectory } from '../../src/org/directory.js';
import { PACKS, packById } from '../../src/rules/packs/index.js';
import type { Role } from '../../src/rules/types.js';

/** The example directory, as the approval planner sees it (ids by position). */
function officesOf(regionId: string): OfficesByRole {
  const dir = parseOrgDirectory(
    readFileSync(new URL('../../docs/org.example.json', import.meta.url), 'utf8'),
    'org.json',
    PACKS.map((p) => p.id),
  );
  const region = dir.regions.find((r) => r.id === regionId)!;
  const out: OfficesByRole = {};
  region.offices.forEach((o, i) => {
    out[o.role as Role] ??= [] as never[];
    (out[o.role as Role] as { officeId: number; officeName: string; members: string[]; leaders: string[] }[]).push({
      officeId: i + 1,
      officeName: o.name,
      members: o.members,
      leaders: o.leaders,
    });
  });
  return out;
}

describe('a role that covers different bodies acts through the office the step names', () => {
  it('淮安 第八条: 市政府 consents to the annual plan; 第十四条: 市发改委 approves the project', () => {
    const plan = planRoute(packById('huaian-draft')!, 'new_build', {}, officesOf('huaian'));
    if (isPlanError(plan)) throw new Error(plan.error);
    const offices = (id: string) =>
      plan.steps
        .find((s) => s.stepId === id)!
        .offices.filter((o) => o.role === 'approver')
        .map((o) => o.officeName);
    expect(offices('annual_plan_consent')).toEqual(['市人民政府']);
    expect(offices('project_approval')).toEqual(['市发展改革委']);
    expect(offices('annual_plan_consultation')).toEqual(['市发展改革委']);
  });

  it('牡丹区 第四条: 区发改局 for government investment, 区行政审批服务局 for social investment', () => {
    const pack = packById('mudan-2023')!;
    const kind = pack.projectKinds.find((k) =>
      pack.routes.find((r) => r.id === k.route)!.steps.some((s) => s.id === 'social_investment_approval'),
    )!;
    const plan = planRoute(pack, kind.id, { fiscalFundsWan: 50 }, officesOf('mudan'));
    if (isPlanError(plan)) throw new Error(plan.error);
    const offices = (id: string) => plan.steps.find((s) => s.stepId === id)?.offices.map((o) => o.officeName);
    expect(offices('social_investment_approval')).toEqual(['区行政审批服务局']);
    expect(offices('investment_approval')).toEqual(['区发展和改革局']);
  });

  it('with no office matching the names, every office of the role acts (a directory that has only one)', () => {
    const offices = officesOf('huaian');
    offices.approver = offices.approver!.filter((o) => o.officeName === '市发展改革委');
    const plan = planRoute(packById('huaian-draft')!, 'new_build', {}, offices);
    if (isPlanError(plan)) throw new Error(plan.error);
    expect(plan.steps.find((s) => s.stepId === 'annual_plan_consent')!.offices.map((o) => o.officeName)).toEqual([
      '市发展改革委',
    ]);
  });
});
