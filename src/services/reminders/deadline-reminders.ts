/**
 * Deadline reminders: the sweep over open rows whose next reminder day has come, each row in its
 * own transaction, sending the reminders the pure core says are due to the people responsible.
 */
import { and, asc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.js';
import { deadlines, projects, remindersSent } from '../../../db/schema/index.js';
import { reminderCard } from '../../../cards/reminder.js';
import { todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { missingMaterials, type DeadlineRow } from '../../lifecycle/deadlines.js';
import { remindersDue, type Audience, type Reminder } from '../../lifecycle/reminders.js';
import type { LocalDate, Role } from '../../rules/types.js';
import {
  nextReminderDate,
  recordedReminderKeys,
  reminderSettings,
  targetOf,
  type ReminderSettings,
} from '../deadline-rows.js';
import {
  attachedMaterialIds,
  cardProject,
  dayOf,
  officePeople,
  packOf,
  responsiblePeople,
  unitPeople,
  type Project,
  type StoredDeadline,
} from '../lifecycle-store.js';
import { sendCardTo } from '../reply.js';

const BATCH = 500;
/** A sweep stops taking new batches after this long; the next run goes on where it stopped. */
const SWEEP_BUDGET_MS = 20_000;

/** The pure core's row from a stored one (for the cards). */
export function deadlineRowOf(r: StoredDeadline): DeadlineRow & { extendedTo?: LocalDate } {
  const row: DeadlineRow & { extendedTo?: LocalDate } = {
    key: r.key,
    limitId: r.limitId,
    obligation: r.obligation,
    triggerKind: r.triggerKind,
    from: r.from,
    due: r.due,
    provisional: r.provisional,
    article: r.article,
    quote: r.quote,
    responsible: r.responsible as Role,
    type: r.type,
    fulfilled: null,
  };
  if (r.until) row.until = r.until;
  if (r.extensionArticle !== null) row.extensionArticle = r.extensionArticle;
  if (r.extendedTo) row.extendedTo = r.extendedTo;
  return row;
}

/** The people a reminder goes to, by audience (the group hears through its daily digest). */
async function peopleFor(
  q: DbOrTx,
  project: Project,
  row: StoredDeadline,
  audience: readonly Audience[],
): Promise<string[]> {
  const out = new Set<string>();
  for (const a of audience) {
    switch (a) {
      case 'responsible':
        for (const p of await responsiblePeople(q, project, row.responsible)) out.add(p);
        break;
      case 'unit_leaders':
        for (const p of (await unitPeople(q, project.unitId)).leaders) out.add(p);
        break;
      case 'reviewer_office': {
        const o = await officePeople(q, project.regionId, 'reviewer');
        for (const p of [...o.members, ...o.leaders]) out.add(p);
        break;
      }
      case 'unit_group':
        break;
    }
  }
  return [...out];
}

/**
 * Handles one due row in its own transaction: locks it (another scheduler skips it), records every
 * reminder the core says is due and not yet recorded, sends the ones not superseded, and sets the
 * row's next reminder day. Reminders dated before the row existed are recorded as superseded.
 */
async function remindOne(
  ctx: AppContext,
  id: number,
  now: Date,
  s: ReminderSettings,
): Promise<{ sent: number; superseded: number }> {
  const today = todayInShanghai(now);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(deadlines)
      .where(and(eq(deadlines.id, id), eq(deadlines.state, 'open'), lte(deadlines.nextReminderOn, today)))
      .for('update', { skipLocked: true });
    if (!row) return { sent: 0, superseded: 0 };
    const [project] =
      row.projectId !== null ? await tx.select().from(projects).where(eq(projects.id, row.projectId)) : [];
    if (!project || project.status !== 'approved') {
      // Region rows are announced by notices; a suspended project's rows wait until it resumes.
      await tx.update(deadlines).set({ nextReminderOn: null, updatedAt: now }).where(eq(deadlines.id, row.id));
      return { sent: 0, superseded: 0 };
    }
    const pack = packOf(ctx, project.policy);
    const target = targetOf(row);
    const recorded = await recordedReminderKeys(tx, row.id);
    const createdOn = dayOf(row.createdAt);
    const due = remindersDue(target, {
      today,
      state: 'open',
      leadDays: s.leadDays,
      graceWorkingDays: s.graceWorkingDays,
    }).filter((r) => !recorded.has(r.key));
    let sent = 0;
    let superseded = 0;
    let attached: string[] | null = null;
    for (const r of due) {
      recorded.add(r.key);
      const stale = r.superseded || (r.kind !== 'escalate' && r.date < createdOn);
      const people = stale ? [] : await peopleFor(tx, project, row, r.audience);
      const ledger = await tx
        .insert(remindersSent)
        .values({
          key: `d${row.id}:${r.key}`,
          kind: r.kind,
          deadlineId: row.id,
          superseded: stale,
          date: r.date,
          recipients: people.length,
          sentAt: now,
        })
        .onConflictDoNothing()
        .returning({ key: remindersSent.key });
      if (ledger.length === 0) continue;
      if (stale) {
        superseded++;
        continue;
      }
      attached ??= await attachedMaterialIds(tx, project.id);
      const card = reminderCard({
        pack,
        project: cardProject(project),
        deadlineId: row.id,
        deadline: deadlineRowOf(row),
        reminder: r,
        missing: missingMaterials(pack, row, {
          kind: project.kind,
          facts: project.facts,
          attachedMaterialIds: attached,
        }),
        today,
      });
      for (const openId of people)
        await sendCardTo(tx, openId, card, { dedupeKey: reminderDedupeKey(row.id, r, openId) });
      sent++;
    }
    await tx
      .update(deadlines)
      .set({ nextReminderOn: nextReminderDate(target, recorded, today, s), updatedAt: now })
      .where(eq(deadlines.id, row.id));
    return { sent, superseded };
  });
}

/** The outbox key of one reminder to one person. */
export function reminderDedupeKey(deadlineId: number, r: Pick<Reminder, 'key'>, openId: string): string {
  return `rem:d${deadlineId}:${r.key}:${openId}`;
}

/**
 * Every open row whose next reminder day has come, in (day, id) order by keyset pages of the
 * partial index `deadlines_sweep_idx`, each handled by `remindOne`.
 */
export async function sweepDeadlineReminders(
  ctx: AppContext,
  now: Date,
): Promise<{ rows: number; sent: number; superseded: number }> {
  const today = todayInShanghai(now);
  const s = reminderSettings(ctx);
  const started = Date.now();
  const total = { rows: 0, sent: 0, superseded: 0 };
  let cursor: { day: LocalDate; id: number } | null = null;
  for (;;) {
    const page: { id: number; day: LocalDate | null }[] = await findDueDeadlines(ctx, today, cursor);
    if (page.length === 0) break;
    for (const { id } of page) {
      // One row's failure (rolled back whole) must not hold up the others; it is retried next run.
      try {
        const r = await remindOne(ctx, id, now, s);
        total.rows++;
        total.sent += r.sent;
        total.superseded += r.superseded;
      } catch (e) {
        ctx.log(`reminders: deadline ${id} failed, will retry: ${(e as Error).message.slice(0, 300)}`);
      }
    }
    const last = page[page.length - 1]!;
    cursor = { day: last.day!, id: last.id };
    if (page.length < BATCH || Date.now() - started > SWEEP_BUDGET_MS) break;
  }
  return total;
}

/** One page of due rows after `cursor` (the sweep's query; what the benchmark times). */
export function findDueDeadlines(
  ctx: Pick<AppContext, 'db'>,
  today: LocalDate,
  cursor: { day: LocalDate; id: number } | null,
  limit = BATCH,
) {
  return ctx.db
    .select({ id: deadlines.id, day: deadlines.nextReminderOn })
    .from(deadlines)
    .where(
      and(
        eq(deadlines.state, 'open'),
        isNotNull(deadlines.nextReminderOn),
        lte(deadlines.nextReminderOn, today),
        cursor ? sql`(${deadlines.nextReminderOn}, ${deadlines.id}) > (${cursor.day}::date, ${cursor.id})` : undefined,
      ),
    )
    .orderBy(asc(deadlines.nextReminderOn), asc(deadlines.id))
    .limit(limit);
}
