/**
 * The funding the finance offices arranged (安排金额, 资金渠道 of their step), per region and channel:
 * the latest funding decision of each visible project, read from the decisions' audit rows.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { auditLog, projects } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';
import { scopeWhere, type Viewer } from './scope.js';

export interface ArrangedChannel {
  label: string;
  yuan: number;
}

export async function arrangedFunding(ctx: Pick<AppContext, 'db'>, v: Viewer): Promise<Map<string, ArrangedChannel[]>> {
  const rows = await ctx.db
    .select({ regionId: projects.regionId, projectId: auditLog.projectId, detail: auditLog.detail })
    .from(auditLog)
    .innerJoin(projects, eq(projects.id, auditLog.projectId))
    .where(
      and(
        eq(auditLog.action, 'decision:approve'),
        sql`${auditLog.detail} ? 'funding'`,
        scopeWhere(v, { regionId: projects.regionId, unitId: projects.unitId }),
      ),
    )
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  const latest = new Map<number, { regionId: string; amountWan: number; channel: string }>();
  for (const r of rows) {
    const f = r.detail.funding as { amountWan?: unknown; fundChannel?: unknown } | undefined;
    if (r.projectId === null || !f || typeof f.amountWan !== 'number' || typeof f.fundChannel !== 'string') continue;
    latest.set(r.projectId, { regionId: r.regionId, amountWan: f.amountWan, channel: f.fundChannel });
  }
  const out = new Map<string, ArrangedChannel[]>();
  for (const a of latest.values()) {
    const list = out.get(a.regionId) ?? [];
    const ch = list.find((c) => c.label === a.channel);
    const yuan = Math.round(a.amountWan * 10_000);
    if (ch) ch.yuan += yuan;
    else list.push({ label: a.channel, yuan });
    out.set(a.regionId, list);
  }
  for (const list of out.values()) list.sort((a, b) => b.yuan - a.yuan);
  return out;
}
