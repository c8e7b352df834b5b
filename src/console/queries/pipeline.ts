/**
 * The pipeline page's reads: projects per stage per region with their investment and the amounts
 * declared by fund channel, and the stage labels a region's projects can have (its filter and chart).
 */
import { count, sql } from 'drizzle-orm';
import { projects, regions } from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import { allFields, declarationForm } from '../../declaration/form.js';
import type { FieldSpec } from '../../declaration/types.js';
import { packById } from '../../rules/packs/index.js';
import type { RulePack } from '../../rules/types.js';
import { STATUS_LABELS, stageLabel } from '../../services/projects.js';
import { seesRegion, type Viewer } from '../scope.js';
import { projectScope, type Project } from './scoped.js';

const BEFORE = ['submitted', 'in_review', 'returned'] as const;
const AFTER = ['rejected', 'suspended', 'terminated'] as const;

/** Where a stage label sorts in the pack's pipeline: approval first, then the lifecycle, then the ends. */
export function stageOrder(pack: RulePack | undefined, status: Project['status'], stage: string | null): number {
  if (stage && pack) {
    const i = pack.stages.findIndex((s) => s.id === stage);
    if (i >= 0) return 100 + i;
  }
  const b = (BEFORE as readonly string[]).indexOf(status);
  if (b >= 0) return b;
  if (status === 'approved') return 50;
  return 1000 + (AFTER as readonly string[]).indexOf(status);
}

/** Every stage label a region's projects can have, in pipeline order (for filters and charts). */
export function stageLabels(pack: RulePack | undefined): string[] {
  return [
    ...BEFORE.map((s) => STATUS_LABELS[s]),
    STATUS_LABELS.approved,
    ...(pack?.stages.map((s) => s.name) ?? []),
    ...AFTER.map((s) => STATUS_LABELS[s]),
  ].filter((x, i, all) => all.indexOf(x) === i);
}

// ---------------------------------------------------------------------------------------------
// Fund channels

export interface ChannelField {
  key: string;
  label: string;
  /** 元 per unit typed: 10000 for 万元 fields, 1 for 元 fields. */
  yuanPer: number;
}

/** A channel's name for people: 财政资金 for the fiscal channel, else the field's label without its unit. */
export function channelLabel(f: Pick<FieldSpec, 'label' | 'role'>): string {
  if (f.role === 'fiscal_fund') return '财政资金';
  return f.label.replace(/[（(][^）)]*[元][^）)]*[）)]\s*$/, '').trim() || f.label;
}

/** The fund-channel fields of each (pack, kind) form. */
export function channelFields(packs: readonly RulePack[]): Map<string, ChannelField[]> {
  const out = new Map<string, ChannelField[]>();
  for (const pack of packs) {
    for (const kind of pack.projectKinds) {
      let fields: FieldSpec[];
      try {
        fields = allFields(declarationForm(pack, kind.id));
      } catch {
        continue;
      }
      out.set(
        `${pack.id}/${kind.id}`,
        fields
          .filter(
            (f) =>
              (f.role === 'fund' || f.role === 'fiscal_fund') && (f.type === 'money_wan' || f.type === 'money_yuan'),
          )
          .map((f) => ({ key: f.id, label: channelLabel(f), yuanPer: f.type === 'money_wan' ? 10000 : 1 })),
      );
    }
  }
  return out;
}

/** The sum of one `fields` key as a number: 0 when blank or not a plain amount like 12 or 12.5. */
const amountOf = (key: string) =>
  sql`coalesce(sum(case when ${projects.fields}->>${key} ~ '^[0-9]+(\.[0-9]+)?$' then (${projects.fields}->>${key})::numeric end), 0)`;

// ---------------------------------------------------------------------------------------------
// Pipeline

export interface StageCount {
  label: string;
  order: number;
  count: number;
  investmentYuan: number;
}

export interface PipelineRegion {
  regionId: string;
  regionName: string;
  policy: string;
  count: number;
  investmentYuan: number;
  stages: StageCount[];
  channels: { label: string; yuan: number }[];
  /** What the finance office arranged (安排金额 by 资金渠道), when known. */
  arranged?: { label: string; yuan: number }[];
}

/** Projects per stage per region, with counts, investment and amounts by fund channel. */
export async function pipeline(ctx: AppContext, v: Viewer): Promise<PipelineRegion[]> {
  const fieldsByForm = channelFields(ctx.packs);
  const keys = [...new Set([...fieldsByForm.values()].flat().map((f) => f.key))].sort();
  const sums = Object.fromEntries(keys.map((k, i) => [`c${i}`, amountOf(k).mapWith(Number)]));
  const rows = await ctx.db
    .select({
      regionId: projects.regionId,
      policy: projects.policy,
      kind: projects.kind,
      status: projects.status,
      stage: projects.stage,
      n: count(),
      investment: sql`coalesce(sum(${projects.investmentYuan}), 0)`.mapWith(Number),
      ...sums,
    })
    .from(projects)
    .where(projectScope(v))
    .groupBy(projects.regionId, projects.policy, projects.kind, projects.status, projects.stage);
  const regionRows = await ctx.db.select().from(regions).orderBy(regions.id);

  const out = new Map<string, PipelineRegion>();
  for (const r of regionRows) {
    if (!seesRegion(v, r.id) && !rows.some((x) => x.regionId === r.id)) continue;
    out.set(r.id, {
      regionId: r.id,
      regionName: r.name,
      policy: r.policy,
      count: 0,
      investmentYuan: 0,
      stages: [],
      channels: [],
    });
  }
  for (const row of rows) {
    const region = out.get(row.regionId);
    if (!region) continue;
    const pack = packById(row.policy, ctx.packs);
    const label = stageLabel(pack, { status: row.status, stage: row.stage });
    let stage = region.stages.find((s) => s.label === label);
    if (!stage) {
      stage = { label, order: stageOrder(pack, row.status, row.stage), count: 0, investmentYuan: 0 };
      region.stages.push(stage);
    }
    stage.count += row.n;
    stage.investmentYuan += row.investment;
    region.count += row.n;
    region.investmentYuan += row.investment;
    const record = row as unknown as Record<string, number>;
    for (const f of fieldsByForm.get(`${row.policy}/${row.kind}`) ?? []) {
      const amount = (record[`c${keys.indexOf(f.key)}`] ?? 0) * f.yuanPer;
      if (!amount) continue;
      const ch = region.channels.find((c) => c.label === f.label);
      if (ch) ch.yuan += amount;
      else region.channels.push({ label: f.label, yuan: amount });
    }
  }
  for (const r of out.values()) {
    r.stages.sort((a, b) => a.order - b.order);
    r.channels.sort((a, b) => b.yuan - a.yuan);
  }
  return [...out.values()];
}
