/**
 * Synthetic projects for the console's benchmark and tests: many projects across the directory's
 * regions and units, in every stage, with declared fields the region's form understands, some
 * pending approvals, deadlines (overdue, this week, later), 整改 notices and 👎 answers. Written in
 * bulk, straight to the tables (not through the bot), deterministic for a given seed.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  approvalTasks,
  deadlines,
  memberships,
  offices,
  projects,
  qaAnswers,
  qaFeedback,
  rectifications,
  regions,
  units,
} from '../../db/schema/index.js';
import { allFields, declarationForm } from '../declaration/form.js';
import type { FieldSpec } from '../declaration/types.js';
import { packById } from '../rules/packs/index.js';
import type { RulePack } from '../rules/types.js';
import { prng } from '../prng.js';

const addDays = (d: string, n: number) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, day + n)).toISOString().slice(0, 10);
};

function fieldValue(f: FieldSpec, name: string, wan: number, fiscalWan: number): string {
  if (f.role === 'project_name') return name;
  if (f.role === 'investment') return String(wan);
  if (f.role === 'fiscal_fund') return String(fiscalWan);
  if (f.role === 'fund') return String(wan - fiscalWan);
  switch (f.type) {
    case 'money_wan':
      return '0';
    case 'money_yuan':
      return '0';
    case 'phone':
      return '13800138000';
    case 'email':
      return 'xinxi@example.gov.cn';
    case 'month_range':
      return '2027年01月至2027年12月';
    case 'date':
      return '2026-11-02';
    case 'boolean':
    case 'select':
      return f.options?.[0]?.value ?? '';
    case 'long_text':
      return '依据本单位信息化规划，建设业务协同系统，部署在政务云。';
    default:
      return '李四';
  }
}

export interface SeedOptions {
  count: number;
  /** "Today" of the data (deadlines are spread around it), Asia/Shanghai 'YYYY-MM-DD'. */
  today: string;
  now: Date;
  seed?: number;
}

export interface SeedResult {
  projects: number;
  deadlines: number;
  pendingTasks: number;
  rectifications: number;
}

/** Writes `count` projects (and what hangs off them) for the regions and units already in the directory. */
export async function seedDemoProjects(db: Db, packs: readonly RulePack[], o: SeedOptions): Promise<SeedResult> {
  const rand = prng(o.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const regionRows = await db.select().from(regions);
  const unitRows = await db.select().from(units);
  const reviewerOffices = await db.select().from(offices).where(eq(offices.role, 'reviewer'));
  // Waiting cards go to a real member of the office, so pages name them as they would a real one.
  const officeMembers = await db
    .select({ openId: memberships.openId, orgId: memberships.orgId })
    .from(memberships)
    .where(eq(memberships.orgType, 'office'));
  const plans = regionRows
    .map((r) => {
      const pack = packById(r.policy, packs);
      const us = unitRows.filter((u) => u.regionId === r.id);
      const kinds = (pack?.projectKinds ?? []).filter((k) => {
        try {
          return allFields(declarationForm(pack!, k.id)).length > 0;
        } catch {
          return false;
        }
      });
      return { region: r, pack: pack!, units: us, kinds, reviewer: reviewerOffices.find((x) => x.regionId === r.id) };
    })
    .filter((p) => p.pack && p.units.length && p.kinds.length);
  if (plans.length === 0) throw new Error('seed: the directory has no region with units and a known pack');

  const [{ maxId }] = (await db
    .select({ maxId: sql<number>`coalesce(max(${projects.id}), 0)::int`.mapWith(Number) })
    .from(projects)) as [{ maxId: number }];

  const statuses = [
    'submitted',
    'in_review',
    'in_review',
    'returned',
    'approved',
    'approved',
    'approved',
    'approved',
    'rejected',
    'suspended',
  ] as const;
  const rows: (typeof projects.$inferInsert)[] = [];
  for (let i = 0; i < o.count; i++) {
    const plan = pick(plans);
    const unit = pick(plan.units);
    const kind = pick(plan.kinds);
    const status = pick(statuses);
    const wan = 10 + Math.floor(rand() * 490);
    const fiscal = Math.floor(wan * (0.5 + rand() * 0.5));
    const name = `${unit.name}业务系统${maxId + i + 1}`;
    const form = declarationForm(plan.pack, kind.id);
    const fields: Record<string, string> = {};
    for (const f of allFields(form)) if (!f.computed) fields[f.id] = fieldValue(f, name, wan, fiscal);
    const prefix = plan.pack.region.code ?? plan.region.id.slice(0, 2).toUpperCase();
    const submittedAt = new Date(o.now.getTime() - Math.floor(rand() * 300) * 86400_000);
    rows.push({
      number: `${prefix}-D${String(maxId + i + 1).padStart(7, '0')}`,
      regionId: plan.region.id,
      policy: plan.pack.id,
      unitId: unit.id,
      kind: kind.id,
      name,
      investmentYuan: wan * 10000,
      fields,
      facts: {},
      status,
      stage: status === 'approved' ? (rand() < 0.8 ? pick(plan.pack.stages).id : null) : null,
      createdBy: 'ou_seed',
      submittedAt,
      approvedAt: status === 'approved' ? new Date(submittedAt.getTime() + 20 * 86400_000) : null,
      updatedAt: submittedAt,
    });
  }
  const inserted: { id: number; regionId: string; unitId: number; status: string }[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    inserted.push(
      ...(await db
        .insert(projects)
        .values(rows.slice(i, i + 500))
        .returning({ id: projects.id, regionId: projects.regionId, unitId: projects.unitId, status: projects.status })),
    );
  }

  const deadlineRows: (typeof deadlines.$inferInsert)[] = [];
  const taskRows: (typeof approvalTasks.$inferInsert)[] = [];
  const rectRows: (typeof rectifications.$inferInsert)[] = [];
  for (const p of inserted) {
    const plan = plans.find((x) => x.region.id === p.regionId)!;
    if (p.status === 'approved') {
      for (let k = 0; k < 2; k++) {
        const due = addDays(o.today, Math.floor(rand() * 90) - 30);
        deadlineRows.push({
          projectId: p.id,
          regionId: p.regionId,
          unitId: p.unitId,
          key: `seed${k}:${due}`,
          limitId: `seed${k}`,
          obligation: k === 0 ? '签订合同后报送备案' : '按季度报送建设进度',
          type: 'deadline',
          triggerKind: k === 0 ? 'event' : 'quarterly',
          from: addDays(due, -15),
          due,
          article: 20 + k,
          quote: '项目建设单位应当按规定报送。',
          responsible: 'unit',
          state: rand() < 0.85 ? 'open' : 'done',
          createdAt: o.now,
          updatedAt: o.now,
        });
      }
      if (rand() < 0.05) {
        const deadline = addDays(o.today, Math.floor(rand() * 30) - 10);
        rectRows.push({
          projectId: p.id,
          issuedBy: 'ou_seed',
          state: pick(['issued', 'reported', 'returned', 'accepted'] as const),
          deadline,
          rung: 1,
          data: { problems: [{ message: '未按期报送建设进度', article: 21, quote: '' }] },
          openedAt: o.now,
          createdAt: o.now,
          updatedAt: o.now,
        });
      }
    }
    if (p.status === 'in_review' && plan.reviewer) {
      taskRows.push({
        token: `seed-${p.id}`,
        projectId: p.id,
        round: 1,
        stepIndex: 0,
        officeId: plan.reviewer.id,
        assignee: officeMembers.find((m) => m.orgId === plan.reviewer!.id)?.openId ?? 'ou_seedReviewer',
        status: 'pending',
        createdAt: new Date(o.now.getTime() - Math.floor(rand() * 10 * 86400_000)),
      });
    }
  }
  for (let i = 0; i < deadlineRows.length; i += 500) await db.insert(deadlines).values(deadlineRows.slice(i, i + 500));
  for (let i = 0; i < taskRows.length; i += 500) await db.insert(approvalTasks).values(taskRows.slice(i, i + 500));
  for (let i = 0; i < rectRows.length; i += 500) await db.insert(rectifications).values(rectRows.slice(i, i + 500));

  const [answer] = await db
    .insert(qaAnswers)
    .values({
      token: `seed-${maxId}`,
      askerOpenId: 'ou_seed',
      question: '终验需要什么材料？',
      packId: plans[0]!.pack.id,
      kind: 'materials',
      title: '终验需要的材料',
      citations: [],
      askedAt: o.now,
    })
    .returning({ id: qaAnswers.id });
  await db.insert(qaFeedback).values({ answerId: answer!.id, voterOpenId: 'ou_seed', vote: 'down', at: o.now });

  return {
    projects: inserted.length,
    deadlines: deadlineRows.length,
    pendingTasks: taskRows.length,
    rectifications: rectRows.length,
  };
}
