/**
 * Group digests: once a working day, each bound unit group gets its projects' overdue items and
 * those due soon.
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { deadlines, projects, remindersSent, units } from '../../../db/schema/index.js';
import { digestCard, type DigestProject } from '../../../cards/reminder.js';
import { addDuration, todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { digestEntries, digestKey } from '../../lifecycle/reminders.js';
import { targetOf } from '../deadline-rows.js';
import { cardProject } from '../lifecycle-store.js';
import { sendToUnitGroup } from '../unit-notices.js';

/** The ledger key of a unit group's digest of a day. */
export function unitDigestKey(now: Date, unitId: number): string {
  return `${digestKey(now)}:unit:${unitId}`;
}

/**
 * One digest per bound unit group and working day: its own projects' overdue items, those due
 * today and those due within 7 working days. A day with nothing to list is recorded and not sent.
 */
export async function sendDigests(ctx: AppContext, now: Date): Promise<number> {
  const today = todayInShanghai(now);
  const prefix = `${digestKey(now)}:unit:`;
  const pending = await ctx.db
    .select({ id: units.id, name: units.name, chatId: units.chatId })
    .from(units)
    .where(
      and(
        isNotNull(units.chatId),
        sql`not exists (select 1 from ${remindersSent} r where r.key = ${prefix} || ${units.id}::text)`,
      ),
    );
  const horizon = addDuration(today, { amount: 40, unit: 'days' }).date;
  let sent = 0;
  for (const unit of pending) {
    const rows = await ctx.db
      .select({ d: deadlines, p: { id: projects.id, name: projects.name, number: projects.number } })
      .from(deadlines)
      .innerJoin(projects, eq(projects.id, deadlines.projectId))
      .where(
        and(
          eq(deadlines.unitId, unit.id),
          eq(deadlines.state, 'open'),
          eq(projects.status, 'approved'),
          inArray(deadlines.type, ['deadline', 'window']),
          sql`coalesce(${deadlines.extendedTo}, ${deadlines.until}, ${deadlines.due}) <= ${horizon}::date`,
        ),
      );
    const entries = digestEntries(
      rows.map(({ d, p }) => ({
        ...targetOf(d),
        state: d.state,
        obligation: d.obligation,
        article: d.article,
        project: p,
      })),
      today,
    );
    const byProject = new Map<number, DigestProject<(typeof entries)[number]['row']>>();
    for (const e of entries) {
      const p = e.row.project;
      const entry = byProject.get(p.id) ?? { project: cardProject(p), entries: [] };
      (entry.entries as (typeof e)[]).push(e);
      byProject.set(p.id, entry);
    }
    const key = `${prefix}${unit.id}`;
    const delivered = await ctx.db.transaction(async (tx) => {
      const ledger = await tx
        .insert(remindersSent)
        .values({ key, kind: 'digest', date: today, recipients: entries.length > 0 ? 1 : 0, sentAt: now })
        .onConflictDoNothing()
        .returning({ key: remindersSent.key });
      if (ledger.length === 0 || entries.length === 0 || !unit.chatId) return false;
      const card = digestCard({ unitName: unit.name, date: today, projects: [...byProject.values()] });
      await sendToUnitGroup(tx, unit.chatId, card, key);
      return true;
    });
    if (delivered) sent++;
  }
  return sent;
}
