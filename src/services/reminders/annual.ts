/**
 * The deadline rows the scheduler keeps ahead of time, once a day: the region-wide annual rows
 * (申报 windows) and the quarterly rows of projects under construction.
 */
import { and, eq, sql } from 'drizzle-orm';
import { deadlines, projectEvents, projects, regions } from '../../../db/schema/index.js';
import type { AppContext } from '../../context.js';
import { CONSTRUCTION_END_EVENTS, regionAnnualDeadlines } from '../../lifecycle/deadlines.js';
import { packInForce } from '../../rules/versions.js';
import type { LocalDate } from '../../rules/types.js';
import { reminderSettings, ruleColumns, syncDeadlines } from '../deadline-rows.js';
import { loadLifecycleProject, packOf } from '../lifecycle-store.js';

/**
 * The region-wide annual rows of this year and the next, idempotently (per region and year). A
 * year's row already past due when it is first written is left out: the duty fell before the bot
 * was there to track it, so a fresh install shows the next 申报 date, not an overdue one.
 */
export async function ensureAnnualDeadlines(ctx: AppContext, today: LocalDate, now: Date): Promise<number> {
  const year = Number(today.slice(0, 4));
  const rows: (typeof deadlines.$inferInsert)[] = [];
  for (const region of await ctx.db.select().from(regions)) {
    const pack = packInForce(ctx.packs, region.policy, today);
    if (!pack) continue;
    for (const y of [year, year + 1]) {
      for (const r of regionAnnualDeadlines(pack, y)) {
        if (r.due < today) continue;
        rows.push({
          projectId: null,
          regionId: region.id,
          unitId: null,
          ...ruleColumns(r),
          year: y,
          // Announced to the region by the notices (opening, 4 weeks and 1 week before the close).
          nextReminderOn: null,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
  }
  if (rows.length === 0) return 0;
  const inserted = await ctx.db.insert(deadlines).values(rows).onConflictDoNothing().returning({ id: deadlines.id });
  return inserted.length;
}

function quarterEndAfterNext(today: LocalDate): LocalDate {
  const y = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3);
  const nextQ = q + 1;
  const year = y + Math.floor(nextQ / 4);
  const endMonth = (nextQ % 4) * 3 + 3;
  const endDay = endMonth === 6 || endMonth === 9 ? 30 : 31;
  return `${year}-${String(endMonth).padStart(2, '0')}-${endDay}`;
}

/**
 * Quarterly rows exist for the current and the next quarter: a project under construction whose
 * latest quarterly row ends before the next quarter's end is recomputed (once a day).
 */
export async function refreshQuarters(ctx: AppContext, today: LocalDate, now: Date): Promise<number> {
  const nextEnd = quarterEndAfterNext(today);
  const ids = await ctx.db
    .select({ projectId: deadlines.projectId })
    .from(deadlines)
    .innerJoin(projects, eq(projects.id, deadlines.projectId))
    .where(
      and(
        eq(deadlines.triggerKind, 'quarterly'),
        eq(projects.status, 'approved'),
        sql`not exists (select 1 from ${projectEvents} e where e.project_id = ${deadlines.projectId} and e.event in (${sql.join(
          CONSTRUCTION_END_EVENTS.map((e) => sql`${e}`),
          sql`, `,
        )}))`,
      ),
    )
    .groupBy(deadlines.projectId)
    .having(sql`max(${deadlines.due}) < ${nextEnd}::date`);
  const s = reminderSettings(ctx);
  for (const { projectId } of ids) {
    await ctx.db.transaction(async (tx) => {
      const [project] = await tx.select().from(projects).where(eq(projects.id, projectId!)).for('update');
      if (!project) return;
      const pack = packOf(ctx, project.policy);
      await syncDeadlines(tx, pack, project, await loadLifecycleProject(tx, pack, project), today, now, s);
    });
  }
  return ids.length;
}
