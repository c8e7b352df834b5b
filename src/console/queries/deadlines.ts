/**
 * The deadlines board's reads (the `deadlines` table): open deadlines counted per last day and unit
 * for the chart, and the rows themselves for the board's lists and a project's page.
 */
import { asc, count, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { deadlines, regions, units } from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import type { Viewer } from '../scope.js';
import { PROJECT_NAMES, visibleDeadlines } from './scoped.js';

export interface DeadlineItem {
  id: number;
  projectId: number | null;
  projectNumber: string | null;
  projectName: string | null;
  regionId: string;
  regionName: string;
  unitId: number | null;
  unitName: string | null;
  limitId: string;
  obligation: string;
  type: string;
  /** The last day that counts: an extension's new date, a window's end, else the due date. */
  lastDay: string;
  due: string;
  article: number;
  articleQuote: string;
  /** The role the pack makes responsible (unit, reviewer …). */
  responsible: string;
  state: string;
  provisional: boolean;
}

/**
 * Open deadlines of the viewer's projects and regions (the one query the deadlines board, the
 * project page and the chart share). `from`/`to` bound the last day; `projectId` narrows to one
 * project (then closed rows come too).
 */
/** The last day that counts: an extension's new date, a window's end, else the due date. */
const deadlineLastDay = sql<string>`coalesce(${deadlines.extendedTo}, case when ${deadlines.type} = 'window' then coalesce(${deadlines.until}, ${deadlines.due}) else ${deadlines.due} end)`;

/** The rows the board counts: open, with a last day to keep (not a "not before" or a minimum). */
const OPEN_DEADLINES = [eq(deadlines.state, 'open'), inArray(deadlines.type, ['deadline', 'window'])];

export interface DeadlineCount {
  lastDay: string;
  unitName: string | null;
  regionName: string;
  n: number;
}

/** Open deadlines counted per last day and unit, up to `to`: the board's chart and per-unit table. */
export async function deadlineCounts(ctx: AppContext, v: Viewer, to: string): Promise<DeadlineCount[]> {
  const rows = await visibleDeadlines(
    ctx,
    v,
    { lastDay: deadlineLastDay, unitName: units.name, regionName: regions.name, n: count() },
    ...OPEN_DEADLINES,
    lte(deadlineLastDay, to),
  ).groupBy(deadlineLastDay, units.name, regions.name);
  return rows.map((r) => ({ ...r, lastDay: String(r.lastDay).slice(0, 10) }));
}

export async function loadDeadlines(
  ctx: AppContext,
  v: Viewer,
  o: { from?: string; to?: string; projectId?: number; limit?: number } = {},
): Promise<DeadlineItem[]> {
  const lastDay = deadlineLastDay;
  const conds: (SQL | undefined)[] =
    o.projectId !== undefined ? [eq(deadlines.projectId, o.projectId)] : [...OPEN_DEADLINES];
  if (o.from) conds.push(gte(lastDay, o.from));
  if (o.to) conds.push(lte(lastDay, o.to));
  const rows = await visibleDeadlines(
    ctx,
    v,
    {
      id: deadlines.id,
      projectId: deadlines.projectId,
      ...PROJECT_NAMES,
      regionId: deadlines.regionId,
      unitId: deadlines.unitId,
      limitId: deadlines.limitId,
      obligation: deadlines.obligation,
      type: deadlines.type,
      lastDay,
      due: deadlines.due,
      article: deadlines.article,
      articleQuote: deadlines.quote,
      responsible: deadlines.responsible,
      state: deadlines.state,
      provisional: deadlines.provisional,
    },
    ...conds,
  )
    .orderBy(asc(lastDay), asc(deadlines.id))
    .limit(o.limit ?? 2000);
  return rows.map((r) => ({ ...r, lastDay: String(r.lastDay).slice(0, 10), due: String(r.due).slice(0, 10) }));
}
