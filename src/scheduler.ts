import type { AppContext } from './context.js';
import { recoverInbound } from './inbound.js';
import { escalateOverdueApprovals } from './services/approval.js';
import { runLifecycleWork, type LifecycleSweepReport } from './services/reminders.js';

/**
 * Periodic work, the same function under the Node loop and the Workers cron trigger: events
 * stored but never handled (a crash after the ack) are handled now; approvals pending past their
 * limit escalate. Later features add reminders here.
 */
export async function runScheduledWork(ctx: AppContext): Promise<{ recovered: number; escalated: number; lifecycle: LifecycleSweepReport }> {
  const recovered = await recoverInbound(ctx);
  const escalated = await escalateOverdueApprovals(ctx);
  // Deadline reminders, group digests, region notices and 整改 escalations (services/reminders.ts).
  const lifecycle = await runLifecycleWork(ctx);
  return { recovered, escalated, lifecycle };
}
