/**
 * The scheduler's lifecycle work, in one call: on working days from the configured hour
 * (Asia/Shanghai), the daily upkeep of annual and quarterly rows, then reminders, region notices,
 * group digests and rung proposals.
 *
 * Every promised message has a key in `reminders_sent`, inserted in the same transaction as its
 * outbox rows (which carry a dedupe key of their own): a key is sent at most once, whether two
 * schedulers run at the same time or one dies mid-sweep (each deadline is its own transaction, so
 * what was not committed is simply done by the next run).
 */
import { remindersSent } from '../../../db/schema/index.js';
import { todayInShanghai } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { isDigestTime } from '../../lifecycle/reminders.js';
import { sweepRectifications } from '../rectification/ladder.js';
import { ensureAnnualDeadlines, refreshQuarters } from './annual.js';
import { sweepDeadlineReminders } from './deadline-reminders.js';
import { sendDigests } from './digests.js';
import { sendRegionNotices } from './notices.js';

export interface LifecycleSweepReport {
  reminders: number;
  superseded: number;
  digests: number;
  notices: number;
  proposals: number;
}

/** The scheduler's lifecycle work, in one call (Node loop and Workers cron alike). */
export async function runLifecycleWork(ctx: AppContext): Promise<LifecycleSweepReport> {
  const now = ctx.clock();
  const report: LifecycleSweepReport = { reminders: 0, superseded: 0, digests: 0, notices: 0, proposals: 0 };
  const hour = ctx.config.reminders?.digestHour ?? 9;
  if (!isDigestTime(now, { hour })) return report;
  const today = todayInShanghai(now);
  if (await onceToday(ctx, `daily:${today}`, now)) {
    await ensureAnnualDeadlines(ctx, today, now);
    await refreshQuarters(ctx, today, now);
  }
  const r = await sweepDeadlineReminders(ctx, now);
  report.reminders = r.sent;
  report.superseded = r.superseded;
  report.notices = await sendRegionNotices(ctx, now);
  report.digests = await sendDigests(ctx, now);
  report.proposals = await sweepRectifications(ctx, now);
  if (report.reminders + report.digests + report.notices + report.proposals > 0) ctx.notifyOutbox();
  return report;
}

/** True for the first caller of the day with this key (any instance). */
async function onceToday(ctx: AppContext, key: string, now: Date): Promise<boolean> {
  const inserted = await ctx.db
    .insert(remindersSent)
    .values({ key, kind: 'daily', date: todayInShanghai(now), sentAt: now })
    .onConflictDoNothing()
    .returning({ key: remindersSent.key });
  return inserted.length > 0;
}
